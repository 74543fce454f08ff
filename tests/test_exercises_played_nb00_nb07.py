"""A student's wrong answers to notebooks 00, 01, 04, 06 and 07, each once told badly.

Played as a student, both editions: each answer below is a cell a student writes, run in
the notebook's own namespace (its code cells up to the first exercise), with one slip
the checks gave as a bare "expected …, got …" or named wrongly. And a student's function
that fails in a way the checks had not met: its own ``assert`` (shown as the checker's
traceback, as if an oracle had failed), a loop that never stops (the cell ran forever; an
interrupt showed the checker's frames), ``h^2`` for h² (numpy's words alone), a
ZeroDivisionError in pow's backward at x = 1.5 (told "x = 0 here").
"""

from __future__ import annotations

import linecache
import sys
from collections.abc import Iterator
from typing import Any

import editions
import pytest
from exercise_cases import mistake, prelude

NOTEBOOK = {
    "nb00": "00_build_your_own_value",
    "nb01": "01_derivatives_and_chain_rule",
    "nb04": "04_training_an_mlp",
    "nb06": "06_gradient_checking_and_second_derivatives",
    "nb07": "07_forward_or_reverse",
}
# the name a notebook cell's code has in IPython: the checks quote the student's line
CELL = "<ipython-input-9-0123456789ab>"


@pytest.fixture(scope="module")
def spaces() -> Iterator[dict[str, dict[str, Any]]]:
    """Each notebook's namespace, run once for the module; the cell's lines leave
    linecache with it."""
    yield {}
    linecache.cache.pop(CELL, None)


def _told(
    spaces: dict[str, dict[str, Any]], qualified: str, source: str, name: str, *extra: str
) -> dict[str, str]:
    """Each edition's message for the cell ``source`` (defining ``name``) given to the
    check ``qualified`` (with the notebook's objects named ``extra`` after it)."""
    module = qualified.split(".")[0]
    if module not in spaces:
        spaces[module] = prelude(NOTEBOOK[module])
    namespace = spaces[module]
    linecache.cache[CELL] = (len(source), None, source.splitlines(True), CELL)
    exec(compile(source, CELL, "exec"), namespace)
    answer = namespace[name]
    args = [namespace[e] for e in extra]
    said = {lang: mistake(lang, qualified, answer, *args) for lang in ["en", "zh"]}
    editions.assert_english(said["en"])
    editions.assert_chinese(said["zh"])
    return said


ADD = "@add_to_class(Value)\n"
EXP = ADD + (
    "def exp(self):\n"
    "    out = Value(math.exp(self.data), (self,), 'exp')\n"
    "    def _backward():\n"
    "        self.grad += {local} * out.grad\n"
    "    out._backward = _backward\n"
    "    return out\n"
)
POW = ADD + (
    "def __pow__(self, k):\n"
    "    out = Value(self.data**k, (self,), f'**{{k}}')\n"
    "    def _backward():\n"
    "        self.grad += {local}\n"
    "    out._backward = _backward\n"
    "    return out\n"
)
SILU = "def silu_local(a, y):\n    s = 1 / (1 + math.exp(-a))\n    return {body}\n"
COUNT = "def count_parameters(sizes):\n    return sum({term} for a, b in zip(sizes, sizes[1:]))\n"
SGD = "def sgd_step(params, lr):\n    for p in params:\n        p.data -= {step}\n"
TANGENT = (
    "def neuron_tangent(w, b, x, y, w_dot, b_dot):\n"
    "    z = w * x + b\n"
    "    s = 1 / (1 + math.exp(-z))\n"
    "    return {body}\n"
)
MODE = "def cheaper_mode(n_in, n_out):\n    {body}\n"

# (check, the cell, what it defines, the message's end in English, in Chinese)
NAMED: list[tuple[str, str, str, str, str]] = [
    (
        "nb00.check_exp",
        EXP.format(local="1"),
        "Value",
        "(out.grad alone: the local derivative eˣ is missing; d/dx eˣ = eˣ, the output "
        "itself: self.grad += out.data * out.grad)",
        "（只有 out.grad：少了局部导数 eˣ；d/dx eˣ = eˣ，也就是输出本身："
        "self.grad += out.data * out.grad）",
    ),
    (
        "nb00.check_exp",
        EXP.format(local="self.data"),
        "Value",
        "(x (self.data) as the local derivative; d/dx eˣ = eˣ, the output itself: "
        "self.grad += out.data * out.grad)",
        "（把 x（self.data）当成了局部导数；d/dx eˣ = eˣ，也就是输出本身："
        "self.grad += out.data * out.grad）",
    ),
    (
        "nb00.check_exp",
        EXP.format(local="self.data * math.exp(self.data - 1)"),
        "Value",
        "(x·e^(x−1), the power rule applied to eˣ: there x is the exponent, not the base; "
        "d/dx eˣ = eˣ, the output itself: self.grad += out.data * out.grad)",
        "（x·e^(x−1)，把幂法则用在了 eˣ 上：这里 x 是指数，不是底数；d/dx eˣ = eˣ，也就是输出本身："
        "self.grad += out.data * out.grad）",
    ),
    (
        "nb00.check_pow",
        POW.format(local="k * out.data ** (k - 1) * out.grad"),
        "Value",
        "(k·(out.data)^(k−1): the rule is taken at the input x = self.data, not at the "
        "output x^k; the power rule is k·x^(k−1))",
        "（k·(out.data)^(k−1)：法则要在输入 x = self.data 处取，不是在输出 x^k 处；"
        "幂法则是 k·x^(k−1)）",
    ),
    (
        "nb00.check_pow",
        POW.format(local="(k * self.data ** k - 1) * out.grad"),
        "Value",
        "(k·x^k − 1: 'k * x ** k - 1' subtracts 1 from the product, ** binds before -; "
        "write x ** (k - 1); the power rule is k·x^(k−1))",
        "（k·x^k − 1：'k * x ** k - 1' 是从乘积里减去 1，** 比 - 先算；请写成 x ** (k - 1)；"
        "幂法则是 k·x^(k−1)）",
    ),
    (
        "nb00.check_pow",  # right for x**3 at 1.5, so told at x**-1
        POW.format(local="(k - 1) * self.data ** k * out.grad"),
        "Value",
        "(k−1)·x^k: the factor and the exponent swapped places; the power rule is k·x^(k−1))",
        "（(k−1)·x^k：因子和指数的位置对调了；幂法则是 k·x^(k−1)）",
    ),
    (
        "nb01.check_central_difference",
        "def central_difference(f, x, h):\n    return (f(x + h / 2) - f(x - h / 2)) / (2 * h)\n",
        "central_difference",
        "(the points x ± h/2 are h apart, not 2h: the central difference takes x ± h, "
        "(f(x + h) − f(x − h))/2h)",
        "（x ± h/2 这两个点相距 h，不是 2h：中心差分取的是 x ± h，(f(x + h) − f(x − h))/2h）",
    ),
    (
        "nb01.check_local_derivative",
        SILU.format(body="s * (1 - s)"),
        "silu_local",
        "(σ′(a) = σ(a)(1 − σ(a)) alone, the sigmoid's derivative: y = a·σ(a) is a product; "
        "the product rule gives dy/da = σ(a) + a·σ′(a), σ′(a) = σ(a)(1 − σ(a)))",
        "（只有 σ′(a) = σ(a)(1 − σ(a))，这是 sigmoid 的导数：y = a·σ(a) 是一个乘积；"
        "乘积法则给出 dy/da = σ(a) + a·σ′(a)，其中 σ′(a) = σ(a)(1 − σ(a))）",
    ),
    (
        "nb01.check_local_derivative",
        SILU.format(body="s + a * s"),
        "silu_local",
        "(σ(a) + a·σ(a): the second term has σ′(a), not σ(a); the product rule gives "
        "dy/da = σ(a) + a·σ′(a), σ′(a) = σ(a)(1 − σ(a)))",
        "（σ(a) + a·σ(a)：第二项里是 σ′(a)，不是 σ(a)；乘积法则给出 dy/da = σ(a) + a·σ′(a)，"
        "其中 σ′(a) = σ(a)(1 − σ(a))）",
    ),
    (
        "nb01.check_local_derivative",
        SILU.format(body="s + a * s * (1 + s)"),
        "silu_local",
        "(σ(a)(1 + σ(a)) for σ′(a): its second factor is 1 − σ(a); the product rule gives "
        "dy/da = σ(a) + a·σ′(a), σ′(a) = σ(a)(1 − σ(a)))",
        "（把 σ′(a) 写成了 σ(a)(1 + σ(a))：第二个因子是 1 − σ(a)；乘积法则给出 "
        "dy/da = σ(a) + a·σ′(a)，其中 σ′(a) = σ(a)(1 − σ(a))）",
    ),
    (
        "nb04.check_count_parameters",
        COUNT.format(term="(a + 1) * (b + 1)"),
        "count_parameters",
        "((n_in + 1)·(n_out + 1): the + 1 on n_out counts a neuron that is not there; each "
        "neuron of a layer has n_in weights and 1 bias, Σ (n_in + 1)·n_out over "
        "'zip(sizes, sizes[1:])')",
        "（(n_in + 1)·(n_out + 1)：n_out 上的 + 1 多数了一个并不存在的神经元；每层的每个神经元有 "
        "n_in 个权重和 1 个偏置，对 'zip(sizes, sizes[1:])' 求和 Σ (n_in + 1)·n_out）",
    ),
    (
        "nb04.check_sgd_step",
        SGD.format(step="lr * p.grad ** 2"),
        "sgd_step",
        "(the gradient squared: the step is lr times the gradient itself, p.data -= lr * p.grad)",
        "（梯度被平方了：这一步是学习率乘以梯度本身，p.data -= lr * p.grad）",
    ),
    (
        "nb04.check_sgd_step",
        SGD.format(step="lr / p.grad"),
        "sgd_step",
        "(divided by the gradient: the step is lr times it, p.data -= lr * p.grad)",
        "（除以了梯度：这一步是学习率乘以梯度，p.data -= lr * p.grad）",
    ),
    (
        "nb04.check_sgd_step",
        SGD.format(step="lr * p.grad / len(params)"),
        "sgd_step",
        "(the step divided by the number of parameters, 17: each parameter takes the whole "
        "step, p.data -= lr * p.grad)",
        "（这一步除以了参数的个数 17：每个参数都要走完整的一步，p.data -= lr * p.grad）",
    ),
    (
        "nb06.check_second_difference",
        "def second_difference(f, x, h):\n    return (f(x + h) - 2 * f(x) + f(x - h)) / 2 * h**2\n",
        "second_difference",
        "(…/ 2 * h**2 divides by 2, then multiplies by h²: the second difference divides by "
        "h² alone, (f(x + h) − 2f(x) + f(x − h))/h²)",
        "（…/ 2 * h**2 是先除以 2、再乘以 h²：二阶差分只除以 h²，"
        "即 (f(x + h) − 2f(x) + f(x − h))/h²）",
    ),
    (
        "nb06.check_second_difference",  # was told "divided by (h/2)²", a slip not made
        "def second_difference(f, x, h):\n"
        "    return (f(x + 2 * h) - 2 * f(x) + f(x - 2 * h)) / h**2\n",
        "second_difference",
        "either divided by (h/2)² where the points x ± h call for h², or the points x ± 2h "
        "over h² (here the two give one number); take the points x ± h and divide by h², "
        "(f(x + h) − 2f(x) + f(x − h))/h²)",
        "要么点取的是 x ± h 却除以了 (h/2)²，要么点取的是 x ± 2h 却除以了 h²"
        "（这里两者给出同一个数）；"
        "请取 x ± h 这两个点并除以 h²，即 (f(x + h) − 2f(x) + f(x − h))/h²）",
    ),
    (
        "nb06.check_newton",
        "def newton(f, x0, steps):\n"
        "    xs = [x0]\n"
        "    for _ in range(steps):\n"
        "        xs.append(xs[0] - grad(f)(xs[0]) / grad(grad(f))(xs[0]))\n"
        "    return xs\n",
        "newton",
        "(that is x1 again, the step from x0: each step starts from the last iterate, "
        "x_k = x_(k−1) − f′(x_(k−1))/f″(x_(k−1)), xs[-1] and not xs[0])",
        "（这又是 x1，即从 x0 出发的那一步：每一步都从上一个迭代值出发，"
        "x_k = x_(k−1) − f′(x_(k−1))/f″(x_(k−1))，用 xs[-1] 而不是 xs[0]）",
    ),
    (
        "nb07.check_neuron_tangent",
        TANGENT.format(body="2 * (s - y) * z * (1 - z) * (x * w_dot + b_dot)"),
        "neuron_tangent",
        "(z(1 − z) is not σ′(z): σ′(z) = σ(z)(1 − σ(z)) = a(1 − a); ż = x·ẇ + ḃ, "
        "ȧ = σ′(z)·ż, Ċ = 2(a − y)·ȧ)",
        "（z(1 − z) 不是 σ′(z)：σ′(z) = σ(z)(1 − σ(z)) = a(1 − a)；ż = x·ẇ + ḃ，"
        "ȧ = σ′(z)·ż，Ċ = 2(a − y)·ȧ）",
    ),
    (
        "nb07.check_neuron_tangent",
        TANGENT.format(body="2 * (s - y) * s * (1 - s) * x, 2 * (s - y) * s * (1 - s)"),
        "neuron_tangent",
        "the gradient (∂C/∂w, ∂C/∂b), which reverse mode gives: forward mode carries the one "
        "direction (ẇ, ḃ) it is given, ż, then ȧ, then Ċ",
        "即梯度 (∂C/∂w, ∂C/∂b)，那是反向模式给出的：前向模式只沿给定的一个方向 (ẇ, ḃ) 往前算，"
        "依次算出 ż、ȧ、Ċ",
    ),
    (
        "nb07.check_cheaper_mode",
        MODE.format(body="return ('reverse', n_out) if n_in <= n_out else ('forward', n_in)"),
        "cheaper_mode",
        "(the other mode: forward mode makes one pass per input, reverse mode one per output, "
        "so the cheaper one is the mode of the fewer, here the outputs: n_in = 13002, n_out = 1)",
        "（选成了另一种模式：前向模式每个输入一遍，反向模式每个输出一遍，所以开销更小的是数目较少"
        "的那一边，这里是输出：n_in = 13002，n_out = 1）",
    ),
    (
        "nb07.check_cheaper_mode",
        MODE.format(body="return ('Forward', n_in) if n_in <= n_out else ('Reverse', n_out)"),
        "cheaper_mode",
        "(the modes are named in lower case, without spaces: 'reverse')",
        "（模式的名字用小写、不带空格：'reverse'）",
    ),
    (
        "nb07.check_cheaper_mode",
        MODE.format(body="return ('forward', n_in) if n_in <= n_out else ('backward', n_out)"),
        "cheaper_mode",
        "(the mode is called 'reverse': backward() is the engine's reverse pass)",
        "（这种模式叫作 'reverse'：backward() 是引擎的反向传播）",
    ),
    (
        "nb07.check_cheaper_mode",
        MODE.format(
            body="if n_in < n_out:\n        return ('forward', n_in)\n"
            "    elif n_in > n_out:\n        return ('reverse', n_out)"
        ),
        "cheaper_mode",
        "got None (at n_in = n_out = 7 no branch returned: there both modes make 7 passes, "
        "and either is an answer)",
        "得到的是 None（n_in = n_out = 7 时没有一个分支返回：这时两种模式都需要 7 遍，"
        "返回哪一种都可以）",
    ),
]


@pytest.mark.parametrize(
    ("qualified", "source", "name", "en", "zh"),
    NAMED,
    ids=[f"{row[0]}-{k}" for k, row in enumerate(NAMED)],
)
def test_a_students_slip_is_named(
    spaces: dict[str, dict[str, Any]], qualified: str, source: str, name: str, en: str, zh: str
) -> None:
    said = _told(spaces, qualified, source, name)
    assert said["en"].endswith(en), said["en"]
    assert said["zh"].endswith(zh), said["zh"]


def test_a_zero_division_in_pow_away_from_zero_is_not_called_a_division_by_x(
    spaces: dict[str, dict[str, Any]],
) -> None:
    """A ZeroDivisionError in backward() at x = 1.5 was told "the local derivative divides
    by x …, and x = 0 here": it is told as the error it is, at the student's line."""
    source = POW.format(local="k * self.data ** (k - 1) * out.grad / (k - k)")
    said = _told(spaces, "nb00.check_pow", source, "Value")
    assert "x = 0 here" not in said["en"], said["en"]
    assert said["en"].startswith("∂/∂x x**3 at x = 1.5 (3x²): raised ZeroDivisionError"), said
    assert said["en"].endswith(
        "line 5: 'self.grad += k * self.data ** (k - 1) * out.grad / (k - k)'"
    ), said["en"]


def test_a_students_own_assert_is_their_codes_error_not_the_checkers(
    spaces: dict[str, dict[str, Any]],
) -> None:
    """An ``assert`` in the student's function failing was re-raised as the checker's
    own oracle failing, a traceback through the checker: it is the student's code's."""
    source = SILU.format(body="s + y * (1 - s)").replace("    s = 1", "    assert a > 0\n    s = 1")
    said = _told(spaces, "nb01.check_local_derivative", source, "silu_local")
    assert said["en"].startswith(
        "silu_local(-3, -0.142278): raised AssertionError\nYour code, Cell In[9], line 2: "
        "'assert a > 0'"
    ), said["en"]
    assert said["zh"].startswith("silu_local(-3, -0.142278)：抛出了 AssertionError\n"), said


def test_xor_for_a_power_is_told_as_such(spaces: dict[str, dict[str, Any]]) -> None:
    """``h^2`` raises TypeError for a float h: numpy's words alone left a student to guess;
    the message says what ^ is."""
    source = "def second_difference(f, x, h):\n    return (f(x + h) - 2 * f(x) + f(x - h)) / h^2\n"
    said = _told(spaces, "nb06.check_second_difference", source, "second_difference")
    assert (
        "(^ is Python's exclusive or of two integers, not a power: write h**2 for h²)" in said["en"]
    )
    assert "（^ 是两个整数的按位异或运算，不是乘方：h² 要写成 h**2）" in said["zh"]


def test_a_type_error_without_xor_gets_no_xor_words(spaces: dict[str, dict[str, Any]]) -> None:
    source = "def second_difference(f, x, h):\n    return (f(x + h) - 2 * f + f(x - h)) / h**2\n"
    said = _told(spaces, "nb06.check_second_difference", source, "second_difference")
    assert "exclusive or" not in said["en"] and "raised TypeError" in said["en"], said


def test_a_loop_that_never_stops_is_stopped_and_told(
    spaces: dict[str, dict[str, Any]], short_limit: float
) -> None:
    """A ``while`` whose stopping rule is never met ran the cell forever: it is stopped
    after the time limit and told, at the line the loop was on."""
    source = (
        "def count_parameters(sizes):\n"
        "    n, i = 0, 0\n"
        "    while i < len(sizes) - 1:\n"
        "        n += (sizes[i] + 1) * sizes[i + 1]\n"
        "    return n\n"
    )
    said = _told(spaces, "nb04.check_count_parameters", source, "count_parameters")
    assert said["en"].startswith(
        "count_parameters([784, 16, 16, 10]): still running after 0.3 s, so the check stopped "
        "it: a loop whose stopping rule is never met?"
    ), said["en"]
    assert "\nYour code, Cell In[9], line " in said["en"], said["en"]
    assert said["zh"].startswith(
        "count_parameters([784, 16, 16, 10])：运行了 0.3 秒还没有结束，检验把它停了下来"
    ), said["zh"]


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(
            "h = h / 2",
            marks=pytest.mark.skipif(
                sys.version_info < (3, 11),
                reason="Python 3.10 checks for signals in this loop only where its try: "
                "starts, where it skips the check: nothing stops it, not even Ctrl-C",
            ),
        ),
        "h = (f(x + h) - f(x - h)) / (2 * h)",  # a call: 3.10 checks after it
    ],
)
def test_a_loop_that_swallows_exceptions_is_stopped_too(
    spaces: dict[str, dict[str, Any]], short_limit: float, body: str
) -> None:
    """The limit is not an Exception: ``except Exception: pass`` in the loop does not keep
    it running."""
    source = (
        "def central_difference(f, x, h):\n"
        "    while True:\n"
        "        try:\n"
        f"            {body}\n"
        "        except Exception:\n"
        "            pass\n"
    )
    said = _told(spaces, "nb01.check_central_difference", source, "central_difference")
    assert "still running after 0.3 s" in said["en"], said["en"]


def test_an_interrupt_inside_the_students_function_is_told_in_words(
    spaces: dict[str, dict[str, Any]],
) -> None:
    """Interrupting a long-running answer (the kernel's stop button) showed a
    KeyboardInterrupt traceback through the checker's frames."""
    source = "def cheaper_mode(n_in, n_out):\n    raise KeyboardInterrupt\n"
    said = _told(spaces, "nb07.check_cheaper_mode", source, "cheaper_mode")
    assert said["en"].startswith(
        "cheaper_mode(13002, 1): interrupted while running: a loop whose stopping rule is "
        "never met?"
    ), said["en"]
    assert said["zh"].startswith("cheaper_mode(13002, 1)：运行中被中断"), said["zh"]


def test_the_time_limit_leaves_the_timer_as_it_found_it(short_limit: float) -> None:
    """After a call, stopped or not, no timer runs and SIGALRM's handler is the default."""
    import signal

    limit = editions.package("en").limit
    with pytest.raises(limit.TooLong), limit.time_limit():
        while True:
            pass
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0
    assert signal.getsignal(signal.SIGALRM) == signal.SIG_DFL
    with limit.time_limit():
        pass
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0


def test_a_loop_the_checks_own_probes_meet_is_stopped_too(
    spaces: dict[str, dict[str, Any]], short_limit: float
) -> None:
    """nb06 calls a student's function outside call() too: second_difference at two large
    steps (does it use h?) and softplus_derivative at every point (which slip is it?).
    A loop that never stops there hung the check; the probe stops it after the limit and
    tells it as call() does, at the case the probe ran (it ran out the limit again at
    the case, or the answer was told without a slip's name)."""
    source = (
        "def second_difference(f, x, h):\n"
        "    while h > 0.3:\n"
        "        pass\n"
        "    return (f(x + h) - 2 * f(x) + f(x - h)) / h**2\n"
    )
    said = _told(spaces, "nb06.check_second_difference", source, "second_difference")
    assert said["en"].startswith(
        "second_difference(f, 0.3, 0.5) for f = eˣ at x = 0.3: still running after 0.3 s"
    ), said["en"]
    source = "def softplus_derivative(x, s):\n    while x > 4:\n        pass\n    return s\n"
    said = _told(spaces, "nb06.check_softplus_derivative", source, "softplus_derivative")
    assert said["en"].startswith("softplus_derivative(5.0, 5.00672): still running after 0.3 s")


NEWTON_STEP = (
    "def newton_step(cost, w):\n"
    "    from autograd_mini import grad, hessian\n"
    "    (h11, h12), (h21, h22) = hessian(cost, argnums=(0, 1))(*w)\n"
    "    g1, g2 = grad(cost, argnums=(0, 1))(*w)\n"
    "    det = h11 * h22 - h12 * h21\n"
    "{ending}"
)


def test_newton_step_storing_into_the_tuple_w_is_not_called_hessians_matrix(
    spaces: dict[str, dict[str, Any]],
) -> None:
    """``w[0] -= …`` on the tuple w raised TypeError after hessian() was called, and was
    told "if this comes from using hessian's matrix as a number: …", a matrix the line
    does not hold."""
    ending = "    w[0] -= (h22 * g1 - h12 * g2) / det\n    return w\n"
    said = _told(
        spaces, "nb07.check_newton_step", NEWTON_STEP.format(ending=ending), "newton_step", "C2"
    )
    assert "hessian" not in said["en"], said["en"]
    assert said["en"].startswith(
        "newton_step(cost, (0.0, 0.0)): raised TypeError: 'tuple' object does not support "
        "item assignment\nYour code, Cell In[9], line 6: 'w[0] -= (h22 * g1 - h12 * g2) / det'"
    ), said["en"]


def test_newton_step_returning_nothing_is_asked_about_its_return(
    spaces: dict[str, dict[str, Any]],
) -> None:
    ending = "    (w[0] - (h22 * g1 - h12 * g2) / det, w[1] - (h11 * g2 - h21 * g1) / det)\n"
    said = _told(
        spaces, "nb07.check_newton_step", NEWTON_STEP.format(ending=ending), "newton_step", "C2"
    )
    assert said["en"] == (
        "newton_step(cost, (0.0, 0.0)): expected a sequence, got None: does the function end "
        "with 'return …'?"
    ), said["en"]
    assert said["zh"].endswith("得到的是 None：函数末尾是不是忘了写 'return …'？"), said["zh"]
