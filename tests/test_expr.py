"""The whitelisted expression language: results checked against sympy, refusals by kind."""

from __future__ import annotations

import math
import re

import pytest
import sympy

from autograd_mini import Value, picture_language
from autograd_mini.backward import walk
from autograd_mini.expr import (
    MAX_DEPTH,
    MAX_LENGTH,
    ExpressionError,
    evaluate,
    parse_expression,
    variable_names,
)

POINT = {"x": 0.7, "y": -1.3, "w": 2.1}

# sympy spells the same functions with its own names; the text is trusted test input here.
SYMPY = {
    "sigmoid": lambda t: 1 / (1 + sympy.exp(-t)),
    "softplus": lambda t: sympy.log(1 + sympy.exp(t)),
    "relu": lambda t: sympy.Max(t, 0),
    "abs": sympy.Abs,
}


@pytest.mark.parametrize(
    "text",
    [
        "x*w + y",
        "tanh(x*w + y)",
        "sigmoid(x) * sigmoid(-y)",
        "softplus(x * w) - softplus(-y)",
        "exp(x) / (1 + x**2) - log(w)",
        "sqrt(w) * sin(x) + cos(y) ** 3",
        "-x + +y - 2.5 * w / 4",
        "relu(x) + abs(y) * 3",
        "2 ** x + x ** w",
        "(x - y) ** 2 / 2",
    ],
)
def test_values_and_gradients_match_sympy(text: str) -> None:
    out = evaluate(text, POINT)
    out.backward()
    symbols = {name: sympy.Symbol(name, real=True) for name in POINT}
    expr = sympy.sympify(text, locals={**symbols, **SYMPY})
    subs = {symbols[n]: v for n, v in POINT.items()}
    assert out.data == pytest.approx(float(expr.evalf(subs=subs)), rel=1e-12, abs=1e-12)
    leaves = {v.label: v for v in _leaves(out)}
    for name in variable_names(text):
        want = float(sympy.diff(expr, symbols[name]).evalf(subs=subs))
        assert leaves[name].grad == pytest.approx(want, rel=1e-10, abs=1e-12), name


def _leaves(root: Value) -> list[Value]:
    seen, stack, found = {root}, [root], []
    while stack:
        v = stack.pop()
        if not v.parents:
            found.append(v)
        for p in v.parents:
            if p not in seen:
                seen.add(p)
                stack.append(p)
    return found


def test_neuron_from_the_issue() -> None:
    values = {"x1": 2.0, "x2": 0.0, "w1": -3.0, "w2": 1.0, "b": 6.8813735870195432}
    out = evaluate("tanh(x1*w1 + x2*w2 + b)", values)
    out.backward()
    n = 2.0 * -3.0 + 0.0 * 1.0 + 6.8813735870195432
    assert out.data == pytest.approx(math.tanh(n))
    leaves = {v.label: v.grad for v in _leaves(out)}
    dn = 1 - math.tanh(n) ** 2  # ≈ 0.5
    assert leaves == pytest.approx({"x1": -3 * dn, "w1": 2 * dn, "x2": dn, "w2": 0.0, "b": dn})


def test_leaky_relu_takes_an_optional_slope() -> None:
    assert evaluate("leaky_relu(x)", {"x": -2.0}).data == pytest.approx(-0.02)
    assert evaluate("leaky_relu(x, 0.5)", {"x": -2.0}).data == pytest.approx(-1.0)


def test_values_are_used_as_given_and_constants_become_leaves() -> None:
    x = Value(3.0, label="mine")
    out = evaluate("x * tanh(0)", {"x": x})
    assert out.data == 0.0
    assert x in out.parents or any(x in p.parents for p in out.parents)
    assert evaluate("1 + 2", {}).data == 3.0


def test_variable_names_in_order_of_appearance() -> None:
    assert variable_names("b + tanh(a * b) - c") == ["b", "a", "c"]


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os').system('echo hacked')",
        "x.real",
        "x[0]",
        "lambda: 1",
        "'text'",
        "b'bytes'",
        "f'{x}'",
        "True + x",
        "None",
        "1j * x",
        "[x for x in y]",
        "{x}",
        "(x, y)",
        "x if y else w",
        "x < y",
        "x and y",
        "tanh(x=1)",
        "tanh(*x)",
        "tanh(x)(y)",
        "(lambda: x)()",
        "open('f')",
        "eval('1')",
        "x // y",
        "x % y",
        "x @ y",
        "~x",
        "not x",
        "(y := 2)",
        "tanh(x, y)",
        "",
        "x +",
        "...",
    ],
)
def test_refuses_everything_off_the_whitelist(text: str) -> None:
    with pytest.raises(ExpressionError) as info:
        evaluate(text, POINT)
    message = str(info.value)
    assert message and "\n" not in message


def test_unknown_name_is_named() -> None:
    with pytest.raises(ExpressionError, match="unknown name 'q'"):
        evaluate("x + q", POINT)


def test_unknown_function_is_named() -> None:
    with pytest.raises(ExpressionError, match="unknown function 'system'"):
        evaluate("system(x)", POINT)


def test_length_limit() -> None:
    with pytest.raises(ExpressionError, match="characters long"):
        parse_expression("x+" * MAX_LENGTH + "x")


@pytest.mark.parametrize(
    "text",
    [
        "-" * (MAX_DEPTH + 5) + "x",
        "tanh(" * (MAX_DEPTH + 5) + "x" + ")" * (MAX_DEPTH + 5),
        "**".join(["x"] * (MAX_DEPTH + 5)),  # x**(x**(…)): a power chain nests to the right
        "(" * 1000 + "x" + ")" * 1000,
        "-" * 1999 + "x",
    ],
)
def test_deep_nesting_is_refused_not_crashing(text: str) -> None:
    with pytest.raises(ExpressionError, match=r"nested|characters long"):
        parse_expression(text)


def test_nesting_just_under_the_limit_is_fine() -> None:
    text = "-" * (MAX_DEPTH - 1) + "x"
    assert evaluate(text, {"x": 1.0}).data == -1.0


@pytest.mark.parametrize("op", ["+", "-", "*", "/"])
def test_a_long_flat_chain_is_not_nesting(op: str) -> None:
    """x + x + … + x is ((x + x) + x) + … to Python's parser: typed flat, it was refused
    as "nested too deeply" past 200 terms. Any length up to MAX_LENGTH is evaluated (the
    chain is walked in a loop), and its gradient is the closed form's."""
    n = (MAX_LENGTH + 1) // 4  # "x*1.1" … terms of five characters with the operator
    text = op.join(["x"] + ["y"] * (n - 1))
    x, y = Value(1.5, label="x"), Value(1.25, label="y")
    out = evaluate(text, {"x": x, "y": y})
    out.backward()
    k = n - 1  # how many y's follow x
    want = {  # value, ∂/∂x, ∂/∂y in closed form
        "+": (1.5 + k * 1.25, 1.0, float(k)),
        "-": (1.5 - k * 1.25, 1.0, -float(k)),
        "*": (1.5 * 1.25**k, 1.25**k, 1.5 * k * 1.25 ** (k - 1)),
        "/": (1.5 / 1.25**k, 1.25**-k, -1.5 * k * 1.25 ** (-k - 1)),
    }[op]
    assert (out.data, x.grad, y.grad) == pytest.approx(want, rel=1e-12, abs=1e-300)


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("log(x - 5)", "log"),
        ("1 / (x - x)", "division by zero"),
        ("1e999 * x", "the constant 1e999 at column 1 is too large for a float"),
        ("x + 1" + "0" * 400, "the constant 1" + "0" * 38 + "… at column 5 is too large"),
        ("2 ** 5000.0 * x", "pow of 2.0 to the power 5000.0 overflows"),
        ("exp(x * 1000)", "exp"),
    ],
)
def test_engine_errors_become_expression_errors(text: str, match: str) -> None:
    with pytest.raises(ExpressionError, match=match):
        evaluate(text, {"x": 1.0})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # Python's float arithmetic gives inf without a word: it was blamed on the
        # next op with a variable ("mul of inf and 1.0 … (node 'x')")
        ("1e300*1e300*x", "cannot evaluate 1e300*1e300 at column 1: 1e+300 * 1e+300 overflows"),
        ("x + 1e308*10", "cannot evaluate 1e308*10 at column 5: 1e+308 * 10.0 overflows"),
        ("x + 2/0", "cannot evaluate 2/0 at column 5: float division by zero"),
        ("(x+1)/(x-1) + log(x-1)", "cannot evaluate (x+1)/(x-1) at column 1: division by zero"),
        ("x/2 + log(x-1)", "cannot evaluate log(x-1) at column 7: log of 0.0"),
        ("x * (-8)**0.5", "cannot evaluate (-8)**0.5 at column 5: pow of -8.0 to the non-integer"),
        ("x * 10**400", "cannot evaluate 10**400 at column 5: pow of 10.0 to the power 400.0 over"),
        (" exp(1000) + x", "cannot evaluate exp(1000) at column 2: exp of 1000.0 overflows"),
        ("x + " + "1+" * 30 + "1/0", "cannot evaluate 1/0 at column 65: float division by zero"),
        # a long sub-expression is shortened to 40 characters
        (
            "x + log(" + "1+" * 30 + "-31)",
            f"cannot evaluate log({'1+' * 17}1… at column 5: log of -1.0",
        ),
    ],
)
def test_an_arithmetic_error_names_its_sub_expression_and_where(text: str, message: str) -> None:
    with pytest.raises(ExpressionError, match=re.escape(message)):
        evaluate(text, {"x": 1.0})


def test_bad_variable_name() -> None:
    with pytest.raises(ExpressionError, match="identifier"):
        evaluate("x", {"x y": 1.0})


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("x+", "at the end (column 3)"),  # Python itself gives no column here
        ("  x*", "at the end (column 5)"),
        (" x)", "at column 3"),  # counted in the text as typed, spaces included
        ("x +* y", "at column 4"),
        ("sin(", "at column 4"),
        ("\n\nx +* y\n1", "at line 3, column 4"),  # the stripped lines are counted
        ("   x +* \ny", "at line 1, column 7"),
        ("\t(x +* y\n)", "at line 1, column 6"),
        ("\nx)", "at line 2, column 2"),
        ("x +\n", "at the end (column 4)"),
    ],
)
def test_a_syntax_error_says_where(text: str, where: str) -> None:
    with pytest.raises(ExpressionError, match=re.escape(f"syntax error {where}:")):
        evaluate(text, {"x": 1.0, "y": 2.0})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (" ()", "a Tuple expression at column 2 is not allowed"),
        # an operator is refused where it is typed, not where its operation starts
        ("a + b % c", "the operator % at column 7 is not allowed"),
        ("  (a)  @ b", "the operator @ at column 8 is not allowed"),
        ("x ** 2 // 3", "the operator // at column 8 is not allowed"),
        ("~a", "the unary operator ~ at column 1 is not allowed"),  # was "Invert"
        ("1 + (not a)", "the unary operator not at column 6 is not allowed"),  # was "Not"
        (" é + []", "a list at column 6 is not allowed"),  # characters, not bytes
        ("  foo(x)", "unknown function 'foo' at column 3"),
        ("\n x.real", "attribute access at line 2, column 2 is not allowed"),
        ("x\x00", "a null character at column 2"),
    ],
)
def test_a_refused_construct_says_where_in_the_text_as_typed(text: str, message: str) -> None:
    with pytest.raises(ExpressionError, match=re.escape(message)):
        evaluate(text, {"x": 1.0})


def test_a_function_of_constants_is_a_constant() -> None:
    """exp(2)·x: exp(2) is a number, as 2·3 is. It was drawn as a leaf "2" with a
    gradient of its own (grad 14.78 at x = 2), against the rule that a constant never
    gets a derivative."""
    x = Value(2.0, label="x")
    y = evaluate("exp(2) * x + leaky_relu(-2, 0.5)", {"x": x})
    y.backward()
    leaves = [v for v in walk(y) if not v.parents]
    assert leaves == [x]
    assert y.data == pytest.approx(math.exp(2) * 2.0 - 1.0, rel=1e-15)
    assert x.grad == pytest.approx(math.exp(2), rel=1e-15)
    with pytest.raises(ExpressionError, match=r"cannot evaluate log\(-1\) at column 1: log"):
        evaluate("log(-1) * x", {"x": x})


def test_names_are_read_as_python_reads_them() -> None:
    """Python turns µ (the micro sign, U+00B5) into μ (U+03BC) when it parses µ*x: a
    variable given as µ was "unknown". Two names that are one to Python are refused
    (x and the full-width x, U+FF58: one of them was silently ignored)."""
    micro, mu = "\u00b5", "\u03bc"
    y = evaluate(f"{micro}*x", {micro: 2.0, "x": 3.0})
    assert y.data == 6.0
    assert evaluate(f"{mu}*x", {micro: 2.0, "x": 3.0}).data == 6.0
    with pytest.raises(ExpressionError, match="are one name to Python"):
        evaluate("x*2", {"x": 1.0, "\uff58": 5.0})


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("x^2", r"the operator \^ \(a power is written \*\*, as in x\*\*2\)"),
        ("x % 2", "the operator %"),
        ("lambda*w**2", r"'lambda' is a Python keyword, so it cannot be a name"),
    ],
)
def test_what_the_language_leaves_out_is_named_as_typed(text: str, says: str) -> None:
    with pytest.raises(ExpressionError, match=says):
        evaluate(text, {"x": 1.0, "w": 1.0})


def test_a_full_width_spelling_of_a_keyword_is_a_name_as_python_takes_it() -> None:
    """Python takes a full-width "if" (U+FF49 U+FF46) as the name "if": evaluate did too,
    until a check of the normalised name refused it (and a variable never used)."""
    fw_if = "\uff49\uff46"
    assert evaluate(f"{fw_if}+1", {fw_if: 2.0}).data == 3.0
    assert evaluate("x", {"\uff2e\uff4f\uff4e\uff45": 1.0, "x": 1.0}).data == 1.0


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        # a Chinese input method's signs, every one in one message
        ("\uff08x+1\uff09*2", "type ( for \uff08, ) for \uff09: an expression is typed with"),
        ("x\uff0cy", "type , for \uff0c:"),
        ("x*\uff12", "type 2 for \uff12:"),
        ("x^2\u00d7y", "type * for \u00d7:"),  # not ^'s: Python reads ^ (told below)
        ("x\u00f7y", "type / for \u00f7:"),
        ("x\u22121", "type - for \u2212:"),  # the minus sign
        ("\u221ax", "type sqrt(\u2026) for \u221a:"),
        ("x\uff3e2", "type ** for \uff3e:"),  # a full-width ^ is a power
        # a subscript keeps its own hint, and the other signs are told beside it
        ("x\u2081\u00d72", "write x1 for x\u2081) (type * for \u00d7:"),
        # quotes a word processor curled reach the expression
        ("\u201cx*y\u201d", "curly quotes are text to the shell"),
        # a product as algebra writes it
        ("2x", "a product is written with *: 2*x for 2x"),
        ("1+2.5y", "2.5*y for 2.5y"),
        # the number read whole: a correct 1e5 was named ("1*e5 for 1e5"), 2e3x "2*e3x"
        ("1e5 + 2x", "2*x for 2x)"),
        ("2e3x", "2e3*x for 2e3x)"),
        ("1.5e-3x", "1.5e-3*x for 1.5e-3x)"),
        ("1_000x", "1_000*x for 1_000x)"),
    ],
)
def test_a_sign_python_refuses_is_told_what_to_type(typed: str, said: str) -> None:
    """(x+1)*2 in full-width brackets said "invalid character ... (U+FF08)" and no more,
    then, once that was fixed, the same of the other; x×y, x÷y, x−1 and √x alike; 2x
    "invalid decimal literal"."""
    with pytest.raises(ExpressionError) as refused:
        evaluate(typed, {"x": 1.0, "y": 2.0})
    assert said in str(refused.value), str(refused.value)


@pytest.mark.parametrize("typed", ["2_x", "0xfg", "2 x", "x+1e5"])
def test_no_product_hint_where_no_number_is_written_before_a_name(typed: str) -> None:
    """2_x is no product of 2 and _x (it was told "2*_x for 2_x")."""
    try:
        evaluate(typed, {"x": 1.0})
    except ExpressionError as refused:
        assert "a product is written" not in str(refused), str(refused)


@pytest.mark.parametrize(("typed", "name"), [("ln(x)", "log"), ("\u03c3(x)", "sigmoid")])
def test_a_textbook_function_name_is_told_the_engine_name(typed: str, name: str) -> None:
    """ln(x) was told "unknown function 'ln'" and the list, where log is ln."""
    with pytest.raises(ExpressionError, match=f"the engine names it {name} "):
        evaluate(typed, {"x": 1.0})


@pytest.mark.parametrize(
    ("text", "typed", "column"),
    [
        ("x * 1e-400j", "1e-400j", 5),  # Python reads it as 0j
        ("x + 2_0J", "2_0J", 5),  # as 20j
        ("x + 'ab'", "'ab'", 5),
        ('x + "a b"', '"a b"', 5),
    ],
)
def test_a_constant_not_allowed_is_quoted_as_typed(text: str, typed: str, column: int) -> None:
    """`1e-400j` was said "the constant 0j" (the value Python read, not what was typed);
    a string typed in double quotes was quoted in single ones."""
    message = f"the constant {typed} at column {column} is not allowed"
    with pytest.raises(ExpressionError, match=re.escape(message)):
        evaluate(text, {"x": 1.0})
    with (
        picture_language("zh"),
        pytest.raises(ExpressionError, match=re.escape(f"常量 {typed}\uff08第 {column} 列\uff09")),
    ):
        evaluate(text, {"x": 1.0})


@pytest.mark.parametrize(
    ("text", "typed", "column"),
    [
        ("1e-400 * x", "1e-400", 1),
        ("x + 1_000e-1000", "1_000e-1000", 5),
        ("x - .5e-330", ".5e-330", 5),
    ],
)
def test_a_constant_too_small_for_a_float_is_refused(text: str, typed: str, column: int) -> None:
    """1e-400 in an expression was drawn as 0, without a word (--set refused it): a float
    rounds it to 0, smaller than half the smallest float above 0, 2⁻¹⁰⁷⁴ ≈ 4.941e-324."""
    message = (
        f"the constant {typed} at column {column} is too small for a float, which would make it 0"
    )
    with pytest.raises(ExpressionError, match=re.escape(message)):
        evaluate(text, {"x": 1.0})
    with (
        picture_language("zh"),
        pytest.raises(ExpressionError, match=f"常量 {typed}\uff08第 {column} 列\uff09太小"),
    ):
        evaluate(text, {"x": 1.0})
    # zero written as zero, and the smallest float above 0, are numbers a float holds
    for fine in ("x + 0.0 + 0e5 + 0_0.0", "x + 5e-324", "x + 2.5e-324"):
        assert evaluate(fine, {"x": 1.0}).data == 1.0 + float(fine.rsplit("+ ", 1)[1])


@pytest.mark.parametrize(
    ("text", "column"), [("x=1", 2), ("y = x*2", 3), ("x*y=", 4), ("x*(y=2)", 4)]
)
def test_an_equals_sign_in_the_expression_is_told_where_values_go(text: str, column: int) -> None:
    """x=1 (or y = x*2, or an = left at the end) typed as the expression said "invalid
    syntax" only: the values go after --set."""
    with pytest.raises(ExpressionError) as refused:
        evaluate(text, {"x": 1.0, "y": 2.0})
    said = str(refused.value)
    assert said.startswith(f"syntax error at column {column}: invalid syntax"), said
    assert said.endswith(
        "(an expression has no =: it is what is drawn, as x*y, and its names are given "
        "their values with --set, as --set x=1)"
    ), said
    for other in ("x == 1", "x <= 1", "x != 1", "x := 1"):  # no = hint for these
        with pytest.raises(ExpressionError) as refused:
            evaluate(other, {"x": 1.0})
        assert "has no =" not in str(refused.value)


@pytest.mark.parametrize(
    ("text", "en", "zh"),
    [
        ("[x]", "a list", "列表"),
        ("{x}", "a set", "集合"),
        ("{x: 1}", "a dict", "字典"),
        ("[x for x in y]", "a comprehension", "推导式"),
        ("(x for x in y)", "a comprehension", "推导式"),
    ],
)
def test_a_display_or_comprehension_is_named_in_words(text: str, en: str, zh: str) -> None:
    """[x] was "a List expression", and in Chinese "List 表达式": Python's class name,
    an English word in a Chinese sentence."""
    with pytest.raises(ExpressionError, match=f"^{re.escape(en)} at column 1 is not allowed$"):
        evaluate(text, {"x": 1.0, "y": 2.0})
    with picture_language("zh"), pytest.raises(ExpressionError) as refused:
        evaluate(text, {"x": 1.0, "y": 2.0})
    assert str(refused.value).startswith(f"{zh}\uff08第 1 列\uff09"), str(refused.value)
    assert not re.search("[A-Za-z]{2,}", str(refused.value))


@pytest.mark.parametrize(
    ("text", "typed", "call"),
    [
        ("sin x", "sin x", "sin(x)"),
        ("tanh x + 1", "tanh x", "tanh(x)"),
        ("2*exp 3", "exp 3", "exp(3)"),
        # a number read whole: it was told "exp(1e) for exp 1e"
        ("exp 1e-5", "exp 1e-5", "exp(1e-5)"),
        ("2*exp 1.5E+3", "exp 1.5E+3", "exp(1.5E+3)"),
    ],
)
def test_a_function_written_without_parentheses_is_told_how_to_call_it(
    text: str, typed: str, call: str
) -> None:
    """`sin x`, as a textbook writes it, was "syntax error at column 5: invalid syntax"
    only. A name the parser does not call (x y) gets no such advice."""
    with pytest.raises(ExpressionError) as said:
        evaluate(text, {"x": 1.0})
    assert str(said.value).endswith(
        f"invalid syntax (a function is called with parentheses: {call} for {typed})"
    )
    with picture_language("zh"), pytest.raises(ExpressionError) as said:
        evaluate(text, {"x": 1.0})
    zh = f"无效的语法\uff08调用函数要加括号\uff1a{typed} 请写作 {call}\uff09"
    assert str(said.value).endswith(zh)
    with pytest.raises(ExpressionError) as said:
        evaluate("x y", {"x": 1.0, "y": 2.0})
    assert str(said.value).endswith("invalid syntax")


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("3.5²", "column 4: invalid character '²' (U+00B2) (a power is written **: 3.5**2 for"),
        ("x + 12²", "column 7: invalid character '²' (U+00B2) (a power is written **: 12**2 for"),
        ("2　+1", "column 2: invalid non-printable character U+3000 (U+3000 is a full-width"),
        ("3₁", "column 2: invalid character '₁' (U+2081) (a subscript cannot be part of a name"),
        ("2×3", "column 2: invalid character '×' (U+00D7) (type * for ×"),
        ("1 + 2π", "column 6: invalid syntax"),
        ("x +\n 3.5²", "line 2, column 5: invalid character '²' (U+00B2)"),
    ],
)
def test_a_number_then_a_character_python_refuses_is_told_alike_on_every_python(
    typed: str, said: str
) -> None:
    """Python 3.10 refuses a number followed by any non-ASCII character as "invalid
    decimal literal" at the number's last digit: `3.5²` was told "syntax error at column
    3: invalid decimal literal" there, with no word of the power, where 3.11 and later
    name the character, at its column. CI runs 3.11 only: there this checks the words
    and columns the parser's hints are written for; run on 3.10 it checks they are kept."""
    with pytest.raises(ExpressionError) as info:
        parse_expression(typed)
    assert said in str(info.value), str(info.value)
