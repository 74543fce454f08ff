"""The expression parser's words: its refusals and its hints, one table per language.

``autograd-mini graph --lang zh`` (and a Chinese notebook, which calls
``picture_language("zh")``) gives its own messages in Chinese (:mod:`autograd_mini.cli_words`);
the expression's refusals — the ones a student meets most, a full-width bracket or ``2x`` —
follow the same language: the thread's picture language (:func:`autograd_mini.words.current`).

Python's own words for a syntax error (``exc.msg``) are translated where they are the
common ones (:data:`PYTHON_SYNTAX`: each read whole, its parts named, so the Chinese says
the same character and column); any other is quoted as Python said it,
``SyntaxError「…」``, as the notebooks' checks quote an exception. The engine's own
complaint about a value (``log of 0.0: …``, raised by the op table for every caller) is
said by the error's ``reason``, set where the op table knows it (:data:`ENGINE_WORDS`);
one without a phrase is quoted as the engine said it.
"""

from __future__ import annotations

import math
import re

from autograd_mini.ops import OPS
from autograd_mini.value import Value, nearest_labels, transform_input
from autograd_mini.words import current

__all__ = [
    "ENGINE_WORDS",
    "MESSAGES",
    "PYTHON_ARITHMETIC",
    "PYTHON_SYNTAX",
    "describe_node",
    "engine_says",
    "python_says",
    "say",
]

#: The parser's phrases by key; a field is filled with text already written (a repr, a
#: number, a piece of the expression). Both languages have the same keys and fields
#: (tests/test_expr_words.py checks it).
MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "list": ", ",
        "or": " or ",
        # where, in the text as typed
        "column": "column {column}",
        "line_column": "line {line}, column {column}",
        "end": "the end ({place})",
        "at": " at {place}",
        # before parsing
        "not_str": "expression must be a str, got {kind}",
        "too_long": "expression is {n} characters long (limit {limit})",
        "empty": "expression is empty",
        "null": "a null character at column {column}",
        "too_deep": "expression is nested too deeply (limit {limit})",
        # a syntax error, and its hints
        "syntax": "syntax error at {place}: {why}{hint}",
        "python_says": "{said}",
        "keyword": " ({word!r} is a Python keyword, so it cannot be a name: write {word}_, say)",
        "wide_space": (
            " (U+3000 is a full-width space, an input method's: type spaces with an English "
            "keyboard)"
        ),
        "equals": (
            " (an expression has no =: it is what is drawn, as x*y, and its names are given "
            "their values with --set, as --set x=1)"
        ),
        "hint": " ({hint})",
        "subscript": "a subscript cannot be part of a name: write {name} for {typed}",
        "power": " (a power is written **)",
        "power_for": " (a power is written **: {base}**{power} for {typed})",
        "curly_quotes": (
            " (curly quotes are text to the shell, not quotes: put the expression in "
            "straight quotes, \" or ')"
        ),
        "signs": " (type {said}: an expression is typed with an English keyboard's signs)",
        "sign_for": "{typed} for {sign}",
        "signs_list": ", ",
        "product": " (a product is written with *: {number}*{name} for {typed})",
        "call": " (a function is called with parentheses: {call} for {typed})",
        "exponent_digits": (
            " (the exponent after {typed} has no digits: write them, as in {typed}3)"
        ),
        "exponent_or_product": (
            " (a power of ten's exponent goes after {e}, as in {number}{e}5; a product is "
            "written with *: {number}*{e})"
        ),
        # Python's common syntax errors (see PYTHON_SYNTAX)
        "invalid_syntax": "invalid syntax",
        "forgot_comma": "invalid syntax. Perhaps you forgot a comma?",
        "invalid_character": "invalid character '{char}' ({code})",
        "non_printable": "invalid non-printable character {code}",
        "decimal_literal": "invalid decimal literal",
        "never_closed": "'{bracket}' was never closed",
        "unmatched": "unmatched '{bracket}'",
        "mismatched": (
            "closing parenthesis '{closing}' does not match opening parenthesis '{opening}'"
        ),
        "mismatched_line": (
            "closing parenthesis '{closing}' does not match opening parenthesis "
            "'{opening}' on line {line}"
        ),
        "leading_zeros": (
            "leading zeros in decimal integer literals are not permitted; use an 0o prefix "
            "for octal integers"
        ),
        "unterminated": "unterminated string literal (detected at line {line})",
        "too_many_parentheses": "too many nested parentheses",
        # what the language leaves out
        "not_allowed": "{what}{where} is not allowed",
        "constant": "the constant {value}",
        "operator": "the operator {operator}",
        "caret": "^ (a power is written **, as in x**2)",
        "unary_operator": "the unary operator {operator}",
        "call_of_other": "calling anything but a plain function name",
        "keyword_argument": "a keyword argument to {name}()",
        "starred_argument": "a starred argument to {name}()",
        "attribute": "attribute access",
        "subscripting": "subscripting",
        "lambda": "a lambda",
        "f_string": "an f-string",
        "comparison": "a comparison",
        "boolean": "a boolean operator",
        "conditional": "a conditional expression",
        "assignment": "an assignment expression",
        "starred": "a starred expression",
        "list_display": "a list",
        "set_display": "a set",
        "dict_display": "a dict",
        "comprehension": "a comprehension",
        "await": "an await",
        "other_node": "a {kind} expression",
        "unknown_function": "unknown function {name!r}{where}{also} (known: {known})",
        "engine_name": ": the engine names it {name}",
        "arguments": "{name}() takes {counts} argument(s), got {n}{where}",
        "comma": (
            "a comma{where} is not allowed: a decimal point is written ., as in 1.5, and a "
            "function's arguments go in its brackets, as in leaky_relu(x, 0.1)"
        ),
        # evaluating
        "not_identifier": "variable name {name!r} is not an identifier",
        "keyword_name": (
            "variable name {name!r} is a Python keyword, which an expression cannot use as "
            "a name: write {name}_, say"
        ),
        "one_name": "variable names {first!r} and {second!r} are one name to Python ({same!r})",
        "unknown_name": "unknown name {name!r}{where} (give it a value: --set {name}=…)",
        "constant_too_large": (
            "the constant {typed}{where} is too large for a float (largest: {largest})"
        ),
        "constant_too_small": (
            "the constant {typed}{where} is too small for a float, which would make it 0 "
            "(smallest above 0: {smallest})"
        ),
        "cannot_evaluate": "cannot evaluate{what}: {why}",
        "evaluated": " {typed}{where}",
        "engine_says": "{said}",
        "and": " and ",
        "a_node": "a node",
        "the_seed": "the seed",
        "formula": " ({math})",
        "node_labelled": "node {label!r} ({what})",
        "node_op": "op {op!r}",
        "node_leaf": "leaf",
        "node_transform_input": "a function transform's input",
        "node_unlabelled_leaf": "unlabelled node (leaf, value {value!r})",
        "node_unlabelled": "unlabelled node (op {op!r}, value {value!r}){origin}",
        "node_origin": " computed from {names}",
        "node_origin_one": "node {name!r}",
        "node_origin_many": "nodes {names}",
        "node_more": ", …",
        "slope_is": "is {local!r}",
        "slope_nan": "does not exist ({local!r})",
        "division_by_zero": "float division by zero",
        "python_arithmetic": "{said}",
        "float_overflow": "a number is too large for a float",
        "overflows": "{a!r} {operator} {b!r} overflows (largest float: {largest})",
    },
    "zh": {
        "list": "、",
        "or": " 或 ",
        "column": "第 {column} 列",
        "line_column": "第 {line} 行第 {column} 列",
        "end": "末尾（{place}）",
        "at": "（{place}）",
        "not_str": "表达式必须是 str，得到的是 {kind}",
        "too_long": "表达式有 {n} 个字符，太长了（上限 {limit}）",
        "empty": "表达式是空的",
        "null": "第 {column} 列有一个空字符（U+0000）",
        "too_deep": "表达式嵌套得太深（上限 {limit} 层）",
        "syntax": "语法错误，在{place}：{why}{hint}",
        "python_says": "Python 说 SyntaxError「{said}」",
        "keyword": "（{word!r} 是 Python 的关键字，不能用作名字：可以写成 {word}_）",
        "wide_space": "（U+3000 是输入法打出的全角空格：空格要用英文键盘输入）",
        "equals": (
            "（表达式里没有 =：表达式是要画的式子，如 x*y，名字的值用 --set 给出，如 --set x=1）"
        ),
        "hint": "（{hint}）",
        "subscript": "下标不能是名字的一部分：{typed} 请写作 {name}",
        "power": "（乘方写作 **）",
        "power_for": "（乘方写作 **：{typed} 请写作 {base}**{power}）",
        "curly_quotes": (
            "（弯引号对 shell 来说只是文字，不是引号：请把表达式放在直引号 \" 或 ' 里）"
        ),
        "signs": "（{said}：表达式要用英文键盘的符号输入）",
        "sign_for": "把 {sign} 换成 {typed}",
        "signs_list": "；",  # (、 may be one of the signs)
        "product": "（乘法要写出 *：{typed} 请写作 {number}*{name}）",
        "call": "（调用函数要加括号：{typed} 请写作 {call}）",
        "exponent_digits": "（{typed} 后面缺少指数的数字：要写出来，如 {typed}3）",
        "exponent_or_product": (
            "（科学记数法的指数写在 {e} 后面，如 {number}{e}5；乘法要写出 *：{number}*{e}）"
        ),
        "invalid_syntax": "无效的语法",
        "forgot_comma": "无效的语法：是不是漏了一个逗号？",
        "invalid_character": "无效的字符 '{char}'（{code}）",
        "non_printable": "无效的不可见字符 {code}",
        "decimal_literal": "无效的数字写法",
        "never_closed": "'{bracket}' 没有配对的右括号",
        "unmatched": "'{bracket}' 没有配对的左括号",
        "mismatched": "右括号 '{closing}' 和左括号 '{opening}' 不配对",
        "mismatched_line": "右括号 '{closing}' 和第 {line} 行的左括号 '{opening}' 不配对",
        "leading_zeros": "十进制整数不能以 0 开头（八进制数要加前缀 0o）",
        "unterminated": "字符串没有结束的引号（在第 {line} 行发现）",
        "too_many_parentheses": "嵌套的括号太多了",
        "not_allowed": "{what}{where}是不允许的",
        "constant": "常量 {value}",
        "operator": "运算符 {operator}",
        "caret": "^（乘方写作 **，如 x**2）",
        "unary_operator": "一元运算符 {operator}",
        "call_of_other": "调用函数名以外的东西",
        "keyword_argument": "给 {name}() 的关键字参数",
        "starred_argument": "给 {name}() 的带星号的参数",
        "attribute": "属性访问",
        "subscripting": "下标取值",
        "lambda": "lambda 表达式",
        "f_string": "f 字符串",
        "comparison": "比较",
        "boolean": "布尔运算符",
        "conditional": "条件表达式",
        "assignment": "赋值表达式",
        "starred": "带星号的表达式",
        "list_display": "列表",
        "set_display": "集合",
        "dict_display": "字典",
        "comprehension": "推导式",
        "await": "await 表达式",
        "other_node": "{kind} 表达式",
        "unknown_function": "未知的函数 {name!r}{where}{also}；已知的函数：{known}",
        "engine_name": "：引擎里它叫 {name}",
        "arguments": "{name}() 接受 {counts} 个参数，这里给了 {n} 个{where}",
        "comma": (
            "不允许逗号{where}：小数点写作 .，如 1.5；函数的参数写在它的括号里，"
            "如 leaky_relu(x, 0.1)"
        ),
        "not_identifier": "变量名 {name!r} 不是 Python 的标识符",
        "keyword_name": (
            "变量名 {name!r} 是 Python 的关键字，表达式不能用它作名字：可以写成 {name}_"
        ),
        "one_name": "变量名 {first!r} 和 {second!r} 在 Python 看来是同一个名字（{same!r}）",
        "unknown_name": "未知的名字 {name!r}{where}，请用 --set {name}=… 给它一个值",
        "constant_too_large": "常量 {typed}{where}超出了浮点数的范围（最大：{largest}）",
        "constant_too_small": (
            "常量 {typed}{where}太小，浮点数会把它变成 0（大于 0 的最小值：{smallest}）"
        ),
        "cannot_evaluate": "无法计算{what}：{why}",
        "evaluated": " {typed}{where}",
        "engine_says": "引擎说「{said}」",
        "and": " 和 ",
        "a_node": "一个节点",
        "the_seed": "反向传播的起点",
        "formula": "（{math}）",
        "node_labelled": "节点 {label!r}（{what}）",
        "node_op": "运算 {op}",
        "node_leaf": "叶子",
        "node_transform_input": "函数变换的输入",
        "node_unlabelled_leaf": "未命名的叶子节点（值 {value!r}）",
        "node_unlabelled": "未命名的节点（运算 {op}，值 {value!r}）{origin}",
        "node_origin": "，由{names} 算出",
        "node_origin_one": "节点 {name!r}",
        "node_origin_many": "节点 {names}",
        "node_more": "、…",
        "slope_is": "是 {local!r}",
        "slope_nan": "不存在（{local!r}）",
        "division_by_zero": "除数是 0",
        "python_arithmetic": "Python 说「{said}」",
        "float_overflow": "有一个数超出了浮点数的范围",
        "overflows": "{a!r} {operator} {b!r} 溢出了（最大的浮点数：{largest}）",
    },
}

#: Python's common syntax errors, read whole: the key of the phrase that says each (its
#: English phrase is Python's own text, its fields the parts read here). Another message
#: is quoted as Python said it ("python_says").
PYTHON_SYNTAX: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), key)
    for pattern, key in (
        (r"invalid syntax", "invalid_syntax"),
        (r"invalid syntax\. Perhaps you forgot a comma\?", "forgot_comma"),
        (r"invalid character '(?P<char>.)' \((?P<code>U\+[0-9A-F]{4,6})\)", "invalid_character"),
        (r"invalid non-printable character (?P<code>U\+[0-9A-F]{4,6})", "non_printable"),
        (r"invalid decimal literal", "decimal_literal"),
        (r"'(?P<bracket>[(\[{])' was never closed", "never_closed"),
        (r"unmatched '(?P<bracket>[)\]}])'", "unmatched"),
        (
            r"closing parenthesis '(?P<closing>[)\]}])' does not match opening "
            r"parenthesis '(?P<opening>[(\[{])'",
            "mismatched",
        ),
        (
            r"closing parenthesis '(?P<closing>[)\]}])' does not match opening "
            r"parenthesis '(?P<opening>[(\[{])' on line (?P<line>\d+)",
            "mismatched_line",
        ),
        (
            r"leading zeros in decimal integer literals are not permitted; use an 0o "
            r"prefix for octal integers",
            "leading_zeros",
        ),
        (r"unterminated string literal \(detected at line (?P<line>\d+)\)", "unterminated"),
        (r"too many nested parentheses", "too_many_parentheses"),
    )
)


#: Python's own words for an error of two constants' arithmetic (1/0: not the engine's,
#: whose DivisionByZero names the node), read as PYTHON_SYNTAX's are; another is quoted
#: ("python_arithmetic").
PYTHON_ARITHMETIC: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"float division by zero"), "division_by_zero"),
)


#: The engine's own complaints (:class:`~autograd_mini.errors.DomainError`, raised by the
#: op table for every caller) in a language other than the engine's English, by the
#: error's ``reason`` (set where the error is known, never read from its words). Fields:
#: ``op``, the numbers as ``a``, ``b`` and ``c`` and all of them as ``args`` (each its
#: repr, as the engine writes them), ``formula`` the op's formula in brackets; a
#: backward refusal's ``node`` (the error's node), ``input`` (an infinite slope's parent)
#: and ``source`` (where an overflowing gradient's term came from), each described as
#: :func:`describe_node` says; an infinite slope's ``partial`` (its name, dy/da),
#: ``slope`` (its value, in words) and ``gradient`` (the number that has to flow through).
#: English, and a reason not listed, is the engine's message as it stands (with the
#: nodes it names).
ENGINE_WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "log_not_positive": "log 的参数必须大于 0，这里是 {a!r}",
        "sqrt_negative": "sqrt 的参数不能是负数，这里是 {a!r}",
        "exp_overflows": "exp 的参数 {a!r} 太大，结果超出了浮点数的范围（参数最大为 {b:.4f}）",
        "division_by_zero": "除数是 0：{a!r} / {b!r}",
        "pow_zero_negative": "0.0 的 {b!r} 次方：负数次方的底数不能是 0（除数是 0）",
        "pow_not_real": "{a!r} 的非整数次方 {b!r} 不是实数",
        "pow_log_not_positive": "{op}（{args}）：aᵇ·ln a 需要 a > 0",
        "not_finite": "{op}（{args}）的操作数中有 nan 或无穷大",
        "overflows": "{op}（{args}）的结果超出了浮点数的范围",
        "forward_nan": (
            "{op}（{args}）得到 nan：输入不在这个运算的定义域内，或者公式的一部分溢出了"
        ),
        "infinite_slope": (
            "反向传播：{op}（{args}）的局部导数 {partial} {slope}，而梯度 {gradient!r} "
            "要流过它{formula}——在{node}，输入是{input}"
        ),
        "gradient_overflows": (
            "反向传播：{node}的梯度溢出了：{a!r} + {b!r} × {c!r}（来自{source}）超过了 "
            "±1.8e308，梯度存不下：请把损失或输入缩小"
        ),
        "gradient_overflows_later": (
            "反向传播：{node}的梯度溢出了：{a!r} + {b!r} × {c!r}（来自{source}）超过了 "
            "±1.8e308，再（精确地）加上后面的各项也还是超过，梯度存不下：请把损失或输入缩小"
        ),
        "forward_raised": "{op}（{args}）的计算失败：输入不在这个运算的定义域内",
    },
}


def engine_says(error: BaseException) -> str:
    """The engine's complaint ``error`` in this thread's language: by its ``reason``
    (:data:`ENGINE_WORDS`) where the language has a phrase for it, else quoted as the
    engine said it ("engine_says"). A forward complaint's phrase leaves out the nodes
    the engine names (the caller says the sub-expression as typed, and where); backward's
    name them, as the English does (the graph is built: no sub-expression is at hand)."""
    table = ENGINE_WORDS.get(current().language, {})
    phrase = table.get(getattr(error, "reason", ""))
    if phrase is None:
        return say("engine_says", said=error)
    numbers = [float(n) for n in getattr(error, "numbers", ())]
    shown = [repr(n) for n in numbers]
    a, b, c = [*numbers, math.nan, math.nan, math.nan][:3]
    name = getattr(error, "op", "")
    local = getattr(error, "local", math.nan)  # an InfiniteDerivative's
    source = getattr(error, "source", None)  # a NonFiniteGradient's
    return phrase.format(
        op=_op_title(name),
        formula=_formula(name),
        a=a,
        b=b,
        c=c,
        args=say("and").join(shown),
        node=describe_node(getattr(error, "node", None)),
        input=describe_node(getattr(error, "input", None)),
        source=say("the_seed") if source is None else describe_node(source),
        partial=getattr(error, "partial", ""),
        slope=say("slope_is" if local == local else "slope_nan", local=local),
        gradient=getattr(error, "gradient", math.nan),
    )


def _op_title(name: str) -> str:
    """The op ``name`` in this thread's language (mul: 乘法)."""
    return OPS[name].title(current().language) if name in OPS else name


def _formula(name: str) -> str:
    """The op ``name``'s formula in this thread's language, in brackets ("" if none)."""
    formula = OPS[name].formula(current().language) if name in OPS else ""
    return say("formula", math=formula) if formula else ""


def describe_node(v: Value | None) -> str:
    """How a refusal names node ``v`` in this thread's language, as
    :func:`~autograd_mini.value.describe` does in English: its label, else its op,
    value and the nearest labelled nodes it was computed from."""
    if v is None:
        return say("a_node")
    if v.label:
        if transform_input(v):
            return say("node_labelled", label=v.label, what=say("node_transform_input"))
        what = say("node_op", op=_op_title(v.op)) if v.op else say("node_leaf")
        return say("node_labelled", label=v.label, what=what)
    if not v.op:
        return say("node_unlabelled_leaf", value=v.data)
    names = nearest_labels(v)
    if not names:
        origin = ""
    elif len(names) == 1:
        origin = say("node_origin", names=say("node_origin_one", name=names[0]))
    else:
        more = say("node_more") if len(names) > 3 else ""
        listed = say("list").join(map(repr, names[:3])) + more
        origin = say("node_origin", names=say("node_origin_many", names=listed))
    return say("node_unlabelled", op=_op_title(v.op), value=v.data, origin=origin)


def say(key: str, **values: object) -> str:
    """``key``'s phrase in this thread's picture language, its fields filled as given."""
    return MESSAGES[current().language][key].format(**values)


def python_says(
    msg: str,
    table: tuple[tuple[re.Pattern[str], str], ...] = PYTHON_SYNTAX,
    quoted: str = "python_says",
) -> str:
    """Python's syntax error message ``msg`` (or another of ``table``'s kind) in this
    thread's language: said by its phrase where it is a common one, else quoted by
    ``quoted`` (English: as Python said it)."""
    for pattern, key in table:
        found = pattern.fullmatch(msg)
        if found:
            return say(key, **found.groupdict())
    return say(quoted, said=msg)
