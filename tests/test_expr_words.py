"""The expression parser in Chinese: under `graph --lang zh` (or a thread whose picture
language is Chinese) its refusals and hints are Chinese, naming the same column, the same
character and the same fix as the English, which stays as it was.

Oracles: the messages written out here by hand in both languages, and Python's own syntax error
messages read from ast.parse. (Both languages have the same keys and fields: checked with
the command's table, in tests/test_cli_words.py.)"""

from __future__ import annotations

import ast
import re
import threading

import pytest

from autograd_mini.cli import main
from autograd_mini.expr import ExpressionError, evaluate
from autograd_mini.expr_words import (
    MESSAGES,
    PYTHON_ARITHMETIC,
    PYTHON_SYNTAX,
    describe_node,
    engine_says,
    python_says,
)
from autograd_mini.words import picture_language

CJK = re.compile(r"[\u4e00-\u9fff]")
#: Latin words a Chinese phrase may spell: code, names and what a student types
CODE_WORDS = {
    "Python",
    "SyntaxError",
    "shell",
    "str",
    "lambda",
    "await",
    "set",
    "sqrt",
    "leaky_relu",
}


def test_every_chinese_message_is_in_chinese() -> None:
    """A Chinese phrase with words has Chinese ones, and no English word but code's."""
    for key, zh in MESSAGES["zh"].items():
        text = re.sub(r"\{[^}]*\}|「[^」]*」", " ", zh)
        if re.search(r"[^\W\d_]", text):
            assert CJK.search(text), key
        left = set(re.findall(r"[A-Za-z_]{3,}", text)) - CODE_WORDS
        assert not left, (key, left)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("x+", "invalid syntax"),
        ("f(a b)", "invalid syntax. Perhaps you forgot a comma?"),
        ("（x", "invalid character '（' (U+FF08)"),
        ("x\u00a0+1", "invalid non-printable character U+00A0"),
        ("2x", "invalid decimal literal"),
        ("(x", "'(' was never closed"),
        ("x)", "unmatched ')'"),
        ("x[1)", "closing parenthesis ')' does not match opening parenthesis '['"),
        ("x[1\n)", "closing parenthesis ')' does not match opening parenthesis '[' on line 1"),
        (
            "01",
            "leading zeros in decimal integer literals are not permitted; use an 0o prefix "
            "for octal integers",
        ),
        ("'a", "unterminated string literal (detected at line 1)"),
        ("(" * 201 + "x" + ")" * 201, "too many nested parentheses"),
    ],
)
def test_each_translated_python_message_is_read_whole(typed: str, message: str) -> None:
    """Python's own message (as this Python says it) is read by exactly one pattern, and
    its English phrase, filled with what was read, is Python's message again."""
    with pytest.raises(SyntaxError) as raised:
        ast.parse(typed, mode="eval")
    assert raised.value.msg == message
    found = [(p.fullmatch(message), key) for p, key in PYTHON_SYNTAX if p.fullmatch(message)]
    assert len(found) == 1, found
    read, key = found[0]
    assert read is not None
    assert MESSAGES["en"][key].format(**read.groupdict()) == message


def test_a_division_of_constants_by_zero_is_said_as_python_says_it() -> None:
    """`1/0` was told 引擎说「float division by zero」: Python's words, said as the engine's.
    The pattern reads Python's own message whole; another wording is quoted as Python's."""
    with pytest.raises(ZeroDivisionError) as raised:
        1.0 / 0.0  # noqa: B018 (the message this Python gives)
    message = str(raised.value)
    found = [key for p, key in PYTHON_ARITHMETIC if p.fullmatch(message)]
    if found:  # (3.10-3.13: "float division by zero")
        assert MESSAGES["en"][found[0]] == message
    with picture_language("zh"):
        said = python_says("division by zero", PYTHON_ARITHMETIC, "python_arithmetic")
        assert said == "Python 说「division by zero」"
        with pytest.raises(ExpressionError) as told:
            evaluate("x + 2/(1-1)", {"x": 1.0})
    want = "除数是 0" if found else f"Python 说「{message}」"
    assert str(told.value) == f"无法计算 2/(1-1)（第 5 列）：{want}"
    with pytest.raises(ExpressionError) as told:
        evaluate("x + 2/(1-1)", {"x": 1.0})
    assert str(told.value) == f"cannot evaluate 2/(1-1) at column 5: {message}"


#: (expression, --set values, the English error, the Chinese error), each written out by
#: hand: the same column, character and hint in both
CASES = [
    (
        "（x+1）*2",
        ["x=1"],
        "syntax error at column 1: invalid character '（' (U+FF08) (type ( for （, ) for ）: "
        "an expression is typed with an English keyboard's signs)",
        "语法错误，在第 1 列：无效的字符 '（'（U+FF08）（把 （ 换成 (；把 ） 换成 )："
        "表达式要用英文键盘的符号输入）",
    ),
    (  # a Chinese input method's Shift+6 and Shift+- (^ and _ on an English keyboard)
        "leaky——relu(x)……2",
        ["x=1"],
        "syntax error at column 6: invalid character '—' (U+2014) (type _ for ——, ** for "
        "……: an expression is typed with an English keyboard's signs)",
        "语法错误，在第 6 列：无效的字符 '—'（U+2014）（把 —— 换成 _；把 …… 换成 **："
        "表达式要用英文键盘的符号输入）",
    ),
    (
        "x×2÷y",
        ["x=1", "y=2"],
        "syntax error at column 2: invalid character '×' (U+00D7) (type * for ×, / for ÷: "
        "an expression is typed with an English keyboard's signs)",
        "语法错误，在第 2 列：无效的字符 '×'（U+00D7）（把 × 换成 *；把 ÷ 换成 /："
        "表达式要用英文键盘的符号输入）",
    ),
    (
        "x−√y",
        ["x=1", "y=2"],
        "syntax error at column 2: invalid character '−' (U+2212) (type - for −, sqrt(…) "
        "for √: an expression is typed with an English keyboard's signs)",
        "语法错误，在第 2 列：无效的字符 '−'（U+2212）（把 − 换成 -；把 √ 换成 sqrt(…)："
        "表达式要用英文键盘的符号输入）",
    ),
    (
        "leaky_relu(x，０.1)",
        ["x=1"],
        "syntax error at column 13: invalid character '，' (U+FF0C) (type , for ，, 0 for ０: "
        "an expression is typed with an English keyboard's signs)",
        "语法错误，在第 13 列：无效的字符 '，'（U+FF0C）（把 ， 换成 ,；把 ０ 换成 0："
        "表达式要用英文键盘的符号输入）",
    ),
    (
        "\u201cx+1\u201d",
        ["x=1"],
        "syntax error at column 1: invalid character '\u201c' (U+201C) (curly quotes are "
        "text to the shell, not quotes: put the expression in straight quotes, \" or ')",
        "语法错误，在第 1 列：无效的字符 '\u201c'（U+201C）（弯引号对 shell 来说只是文字，"
        "不是引号：请把表达式放在直引号 \" 或 ' 里）",
    ),
    (
        "3 + 2x",
        ["x=1"],
        "syntax error at column 5: invalid decimal literal (a product is written with *: "
        "2*x for 2x)",
        "语法错误，在第 5 列：无效的数字写法（乘法要写出 *：2x 请写作 2*x）",
    ),
    (
        "x² + 1",
        ["x=1"],
        "syntax error at column 2: invalid character '²' (U+00B2) (a power is written **: "
        "x**2 for x²)",
        "语法错误，在第 2 列：无效的字符 '²'（U+00B2）（乘方写作 **：x² 请写作 x**2）",
    ),
    (
        "w₁*x",
        ["x=1"],
        "syntax error at column 2: invalid character '₁' (U+2081) (a subscript cannot be "
        "part of a name: write w1 for w₁)",
        "语法错误，在第 2 列：无效的字符 '₁'（U+2081）（下标不能是名字的一部分：w₁ 请写作 w1）",
    ),
    (
        "ln(x)",
        ["x=1"],
        "unknown function 'ln' at column 1: the engine names it log (known: {en})",
        "未知的函数 'ln'（第 1 列）：引擎里它叫 log；已知的函数：{zh}",
    ),
    (
        "2*σ(x)",
        ["x=1"],
        "unknown function 'σ' at column 3: the engine names it sigmoid (known: {en})",
        "未知的函数 'σ'（第 3 列）：引擎里它叫 sigmoid；已知的函数：{zh}",
    ),
    (
        "1,5*x",
        ["x=1"],
        "a comma at column 2 is not allowed: a decimal point is written ., as in 1.5, and a "
        "function's arguments go in its brackets, as in leaky_relu(x, 0.1)",
        "不允许逗号（第 2 列）：小数点写作 .，如 1.5；函数的参数写在它的括号里，"
        "如 leaky_relu(x, 0.1)",
    ),
    (
        "x +",
        ["x=1"],
        "syntax error at the end (column 4): invalid syntax",
        "语法错误，在末尾（第 4 列）：无效的语法",
    ),
    (
        "(x+1",
        ["x=1"],
        "syntax error at column 1: '(' was never closed",
        "语法错误，在第 1 列：'(' 没有配对的右括号",
    ),
    (
        "x+1)",
        ["x=1"],
        "syntax error at column 4: unmatched ')'",
        "语法错误，在第 4 列：')' 没有配对的左括号",
    ),
    (
        "x ^ 2",
        ["x=1"],
        "the operator ^ (a power is written **, as in x**2) at column 3 is not allowed",
        "运算符 ^（乘方写作 **，如 x**2）（第 3 列）是不允许的",
    ),
    (
        "x.y",
        ["x=1"],
        "attribute access at column 1 is not allowed",
        "属性访问（第 1 列）是不允许的",
    ),
    (
        "lambda: x",
        ["x=1"],
        "a lambda at column 1 is not allowed",
        "lambda 表达式（第 1 列）是不允许的",
    ),
    (
        "sin(x, x)",
        ["x=1"],
        "sin() takes 1 argument(s), got 2 at column 1",
        "sin() 接受 1 个参数，这里给了 2 个（第 1 列）",
    ),
    (
        "x + if",
        ["x=1"],
        "syntax error at column 5: invalid syntax ('if' is a Python keyword, so it cannot be "
        "a name: write if_, say)",
        "语法错误，在第 5 列：无效的语法（'if' 是 Python 的关键字，不能用作名字：可以写成 if_）",
    ),
    ("   ", [], "expression is empty", "表达式是空的"),
    (
        "x*1e999",
        ["x=1"],
        "the constant 1e999 at column 3 is too large for a float (largest: 1.798e+308)",
        "常量 1e999（第 3 列）超出了浮点数的范围（最大：1.798e+308）",
    ),
    (
        "x + 1e300*1e300",
        ["x=1"],
        "cannot evaluate 1e300*1e300 at column 5: 1e+300 * 1e+300 overflows (largest float: "
        "1.798e+308)",
        "无法计算 1e300*1e300（第 5 列）：1e+300 * 1e+300 溢出了（最大的浮点数：1.798e+308）",
    ),
    (
        "x + 1/0",
        ["x=1"],
        "cannot evaluate 1/0 at column 5: float division by zero",
        "无法计算 1/0（第 5 列）：除数是 0",  # Python's words, not the engine's
    ),
    (  # 1e: an exponent left out, or 1·e (it was told "1*e for 1e" only)
        "1e",
        [],
        "syntax error at column 1: invalid decimal literal (a power of ten's exponent goes "
        "after e, as in 1e5; a product is written with *: 1*e)",
        "语法错误，在第 1 列：无效的数字写法（科学记数法的指数写在 e 后面，如 1e5；"
        "乘法要写出 *：1*e）",
    ),
    (  # it was told "2*e for 2e": 2*e+ is no expression either
        "x*2e+",
        ["x=1"],
        "syntax error at column 5: invalid decimal literal (the exponent after 2e+ has no "
        "digits: write them, as in 2e+3)",
        "语法错误，在第 5 列：无效的数字写法（2e+ 后面缺少指数的数字：要写出来，如 2e+3）",
    ),
    (
        "x/(x-x)",
        ["x=1"],
        "cannot evaluate x/(x-x) at column 1: division by zero: 1.0 / 0.0 (node 'x', "
        "unlabelled node (op 'sub', value 0.0) computed from node 'x')",
        "无法计算 x/(x-x)（第 1 列）：除数是 0：1.0 / 0.0",
    ),
    (
        "log(x - 1)",
        ["x=1"],
        "cannot evaluate log(x - 1) at column 1: log of 0.0: log needs a positive argument "
        "(unlabelled node (op 'sub', value 0.0) computed from node 'x')",
        "无法计算 log(x - 1)（第 1 列）：log 的参数必须大于 0，这里是 0.0",
    ),
    (
        "x * sqrt(y)",
        ["x=1", "y=-2"],
        "cannot evaluate sqrt(y) at column 5: sqrt of -2.0: sqrt needs a non-negative "
        "argument (node 'y')",
        "无法计算 sqrt(y)（第 5 列）：sqrt 的参数不能是负数，这里是 -2.0",
    ),
    (
        "exp(x)",
        ["x=800"],
        "cannot evaluate exp(x) at column 1: exp of 800.0 overflows (largest finite: "
        "709.7827) (node 'x')",
        "无法计算 exp(x)（第 1 列）：exp 的参数 800.0 太大，结果超出了浮点数的范围（参数最大为 "
        "709.7827）",
    ),
    (
        "x**0.5",
        ["x=-4"],
        "cannot evaluate x**0.5 at column 1: pow of -4.0 to the non-integer power 0.5 is "
        "not a real number (node 'x')",
        "无法计算 x**0.5（第 1 列）：-4.0 的非整数次方 0.5 不是实数",
    ),
    (  # a constant power, checked by the engine's rule in the parser
        "x + (-8)**0.5",
        ["x=1"],
        "cannot evaluate (-8)**0.5 at column 5: pow of -8.0 to the non-integer power 0.5 "
        "is not a real number",
        "无法计算 (-8)**0.5（第 5 列）：-8.0 的非整数次方 0.5 不是实数",
    ),
    (
        "x**-2",
        ["x=0"],
        "cannot evaluate x**-2 at column 1: pow of 0.0 to the power -2.0: division by zero "
        "(node 'x')",
        "无法计算 x**-2（第 1 列）：0.0 的 -2.0 次方：负数次方的底数不能是 0（除数是 0）",
    ),
    (
        "x**y",
        ["x=10", "y=400"],
        "cannot evaluate x**y at column 1: pow of 10.0 to the power 400.0 overflows "
        "(node 'x', node 'y')",
        "无法计算 x**y（第 1 列）：幂运算（10.0 和 400.0）的结果超出了浮点数的范围",
    ),
    (
        "x*y",
        ["x=1e308", "y=10"],
        "cannot evaluate x*y at column 1: mul of 1e+308 and 10.0 gives inf: the result "
        "overflows a float (node 'x', node 'y')",
        "无法计算 x*y（第 1 列）：乘法（1e+308 和 10.0）的结果超出了浮点数的范围",
    ),
    (
        "(x +\n y.z)",
        ["x=1"],
        "attribute access at line 2, column 2 is not allowed",
        "属性访问（第 2 行第 2 列）是不允许的",
    ),
]
KNOWN = ["abs", "cos", "exp", "leaky_relu", "log", "logaddexp", "relu", "sigmoid"]
KNOWN += ["sigmoid_slope", "sin", "softplus", "sqrt", "tanh"]


@pytest.mark.parametrize(("typed", "values", "en", "zh"), CASES, ids=[c[0] for c in CASES])
def test_a_bad_expression_is_told_in_the_language_asked(
    typed: str, values: list[str], en: str, zh: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`graph '（x+1）*2' --lang zh` said "语法错误…" nowhere: "syntax error at column 1:
    invalid character '（' (U+FF08) (type ( for （ …)" after "autograd-mini graph：错误："."""
    en = en.replace("{en}", ", ".join(KNOWN))
    zh = zh.replace("{zh}", "、".join(KNOWN))
    for lang, want in (
        ("en", f"autograd-mini graph: error: {en}"),
        ("zh", f"autograd-mini graph：错误：{zh}"),
    ):
        argv = ["graph", typed, *(["--set", *values] if values else []), "--lang", lang]
        assert main(argv) == 2
        said = capsys.readouterr().err.strip()
        assert said == " ".join(want.split()), said  # (_fail puts the lines on one)


def test_the_library_follows_the_thread_and_another_thread_stays_english() -> None:
    """evaluate() in a Chinese thread (a Chinese notebook) refuses in Chinese; an English
    thread meanwhile in English."""
    heard: list[str] = []
    inside = threading.Event()
    done = threading.Event()

    def english() -> None:
        inside.wait(10)
        try:
            evaluate("x²", {"x": 1.0})
        except ExpressionError as exc:
            heard.append(str(exc))
        done.set()

    other = threading.Thread(target=english)
    other.start()
    with picture_language("zh"), pytest.raises(ExpressionError) as mine:
        inside.set()
        done.wait(10)
        evaluate("x²", {"x": 1.0})
    other.join()
    assert str(mine.value) == (
        "语法错误，在第 2 列：无效的字符 '²'（U+00B2）（乘方写作 **：x² 请写作 x**2）"
    )
    assert heard == [
        "syntax error at column 2: invalid character '²' (U+00B2) (a power is written **: "
        "x**2 for x²)"
    ]


def test_a_subscript_in_a_set_name_is_told_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    """`--set x₁=3 --lang zh` put the parser's English hint inside the Chinese message:
    "'x₁' 不是 Python 能读的名字（a subscript cannot be part of a name: write x1 for x₁）"."""
    assert main(["graph", "x1", "--set", "x₁=3", "--lang", "zh"]) == 2
    assert capsys.readouterr().err.strip() == (
        "autograd-mini graph：错误：--set 'x₁=3'：'x₁' 不是 Python 能读的名字"
        "（下标不能是名字的一部分：x₁ 请写作 x1）"
    )


def test_each_engine_complaint_has_a_chinese_phrase_chosen_by_its_reason() -> None:
    """Every reason the op table gives its errors has a Chinese phrase (and no other
    phrase is there); the phrases are Chinese. The reason is set where the error is made:
    its English message and class are as before."""
    from autograd_mini.errors import (
        DivisionByZero,
        DomainError,
        InfiniteDerivative,
        NonFiniteGradient,
        OpOverflow,
    )
    from autograd_mini.expr_words import ENGINE_WORDS
    from autograd_mini.ops import OPS, domain_error, failed_forward

    made = [
        domain_error(OPS["log"], 0.0),
        domain_error(OPS["sqrt"], -1.0),
        domain_error(OPS["exp"], 1000.0),
        domain_error(OPS["div"], 1.0, 0.0),
        domain_error(OPS["pow"], 0.0, -1.0),
        domain_error(OPS["pow"], -1.0, 0.5),
        domain_error(OPS["pow"], float("nan"), 1.0),
        domain_error(OPS["pow"], 10.0, 400.0),
        domain_error(OPS["pow_log"], -1.0, 2.0),
        failed_forward(OPS["tanh"], (1.0,), None),
        failed_forward(OPS["tanh"], (1.0,), ValueError("math domain error")),
    ]
    with pytest.raises(InfiniteDerivative) as slope:  # backward's
        evaluate("sqrt(x)", {"x": 0.0}).backward()
    made.append(slope.value)
    with pytest.raises(NonFiniteGradient) as overflow:  # backward's: 1e308 + 1e308
        evaluate("x*y + x*y", {"x": 1e-10, "y": 1e308}).backward()
    made.append(overflow.value)
    with pytest.raises(NonFiniteGradient) as still:  # the terms after it do not bring it back
        evaluate("x*y + x*y + x*y", {"x": 1e-10, "y": 1e308}).backward()
    made.append(still.value)
    errors = [e for e in made if e is not None]
    assert len(errors) == len(made)
    assert str(errors[0]) == "log of 0.0: log needs a positive argument"
    assert type(errors[3]) is DivisionByZero and type(errors[7]) is OpOverflow
    assert all(isinstance(e, (DomainError, NonFiniteGradient)) and e.reason for e in errors)
    assert {e.reason for e in errors} == set(ENGINE_WORDS["zh"])
    for reason, zh in ENGINE_WORDS["zh"].items():
        text = re.sub(r"\{[^}]*\}", " ", zh)
        assert CJK.search(text), reason
        assert (
            not set(re.findall(r"[A-Za-z_]{3,}", text))
            - CODE_WORDS
            - {"pow_log", "nan", "log", "exp"}
        )


def test_a_forward_that_overflows_is_said_as_an_overflow() -> None:
    """An op whose float forward raised OverflowError is an OpOverflow whose English says
    "the result overflows a float"; its reason was forward_raised, said in Chinese as an
    input outside the op's domain."""
    from autograd_mini.errors import OpOverflow
    from autograd_mini.expr_words import engine_says
    from autograd_mini.ops import OPS, failed_forward

    error = failed_forward(OPS["tanh"], (3.0,), OverflowError("math range error"))
    assert type(error) is OpOverflow and "overflows a float" in str(error)
    with picture_language("zh"):
        said = engine_says(error)
    assert said == "tanh（3.0）的结果超出了浮点数的范围", said


def test_pow_log_is_said_as_the_other_ops_are() -> None:
    """pow_log's complaint read "pow_log 的 -1.0 和 2.0：…" where every other op's reads
    "{op}（{args}）": its Chinese name and its inputs in brackets."""
    from autograd_mini.ops import OPS

    error = OPS["pow_log"].check(-1.0, 2.0)
    assert error is not None
    with picture_language("zh"):
        said = engine_says(error)
    assert said == "幂乘对数（-1.0 和 2.0）：aᵇ·ln a 需要 a > 0"


def test_a_node_is_described_in_chinese() -> None:
    """A backward refusal names its node and input in Chinese, as the English names them
    (label and op; else op, value and the nearest labelled nodes, at most three)."""
    from autograd_mini import Value

    a, b, c, d = (Value(float(i), label=n) for i, n in enumerate("abcd", 1))
    r = (a + b).sqrt()
    r.label = "r"
    many = (a * b) + (c * d)
    with picture_language("zh"):
        assert describe_node(a) == "节点 'a'（叶子）"
        assert describe_node(r) == "节点 'r'（运算 平方根）"
        assert describe_node(Value(2.0)) == "未命名的叶子节点（值 2.0）"
        assert describe_node(a * 2.0) == "未命名的节点（运算 乘法，值 2.0），由节点 'a' 算出"
        assert describe_node(many + 0.0) == (
            "未命名的节点（运算 加法，值 14.0），由节点 'a'、'b'、'c'、… 算出"
        )


def test_a_gradient_overflow_from_the_seed_says_so() -> None:
    """A gradient overflow names the node its term came from, as the English does
    ("from the seed" where no node sent it)."""
    from autograd_mini import NonFiniteGradient, Value
    from autograd_mini.errors import because

    x = Value(1.0, label="x")
    error = because(NonFiniteGradient("…", x), "gradient_overflows", "", 1e308, 1.0, 1e308)
    with picture_language("zh"):
        said = engine_says(error)
    assert "1e+308 + 1.0 × 1e+308（来自反向传播的起点）" in said, said
    assert said.startswith("反向传播：节点 'x'（叶子）的梯度溢出了"), said


def test_every_op_formula_in_chinese_has_no_english_words() -> None:
    """The infinite-slope refusal gives the op's formula, as the English does; where the
    formula has words ("0 if b = 0", "leaky ReLU's ∂/∂a") the Chinese has its own."""
    from autograd_mini.ops import OPS

    names = {"ln", "log", "tanh", "sign", "sin", "cos", "min", "max", "relu", "leaky_relu"}
    for name, op in OPS.items():
        words = set(re.findall(r"[A-Za-z_']{2,}", op.formula("zh"))) - names - {"dy", "da"}
        assert not words, (name, words)
