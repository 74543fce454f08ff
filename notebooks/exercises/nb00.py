"""Checks for notebook 00 (build your own ``Value``).

Each check takes the student's ``Value`` class, builds small expressions with the method
the exercise asks for, runs the student's ``backward()``, and compares data and gradients
with the closed form. ``autograd_mini`` computes the same derivative as a second witness
(if it disagrees with the closed form, the library is wrong, not the student).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from typing import Any

import autograd_mini as am

from . import Mistake, Verdict, call, call_method, check, expect_close, msg
from .reading import read_number, real_number
from .shown import short

__all__ = ["check_exp", "check_pow"]

EPS = sys.float_info.epsilon  # the spacing of floats near 1, ε ≈ 2.2e-16


def rounding(exponent: float = 0.0) -> float:
    """The relative tolerance of the derivatives these checks compare: rounding's, bounded.

    First order, each operation's rounding taken as ε (twice the unit roundoff): a right
    answer computes each case's derivative with a handful of operations — +, ·, /, exp
    and ** on floats, each within ε of its exact result — multiplying at most four factors
    (the local derivative, out.grad, the other factor of a product, a constant) and adding
    terms of one sign where x is used twice, so it is within 8ε of the exact value,
    whatever order it multiplies them in; eᵗ written ``math.e ** t`` adds |t|·ε/2 (e
    itself is rounded). The closed form the check computes is within the same bound:
    twice it. tests/test_exercises_nb00_nb06.py measures right answers written several
    ways against mpmath. A central difference with h = 1e-5 is about 1e-11 off, a
    thousand times more, and is told so.
    """
    return 2 * (8 + abs(exponent) / 2) * EPS


def _by_differences(rule: str) -> str:
    """What a derivative right to 3 digits, not to rounding, means: a difference quotient."""
    return msg(
        en=f" (close, but not to rounding: a finite difference? The local derivative "
        f"{rule} is exact to rounding; a difference quotient is a few digits short)",
        zh=f"（很接近，但差距超出了舍入误差：是不是用了有限差分？局部导数 {rule} "
        "只差舍入误差，差商则要少几位有效数字）",
    )


def _node(what: str, out: Any, value_class: type) -> Any:
    """``out`` if it is a node of the student's class; else a Mistake saying what it is."""
    if isinstance(out, value_class):
        return out
    name = value_class.__name__
    if out is None:
        raise Mistake(
            msg(
                en=f"{what}: expected a {name}, got None: does the method end with 'return out'?",
                zh=f"{what}：应当返回一个 {name}，得到的是 None："
                "方法末尾是不是忘了写 'return out'？",
            )
        )
    if isinstance(out, am.Value):  # two classes called Value: say which is which
        raise Mistake(
            msg(
                en=f"{what}: expected a node of this notebook's own {name} class, got "
                f"autograd_mini's Value (.data = {out.data:.10g}): the two classes are both "
                "called Value, and a node of autograd_mini's starts a graph of its own, "
                "which backward() cannot follow back to 'self'; build the result with the "
                f"notebook's class, '{name}(..., (self,), ...)'",
                zh=f"{what}：应当返回本笔记本自己定义的 {name} 类的节点，得到的却是 "
                f"autograd_mini 的 Value（.data = {out.data:.10g}）：两个类都叫 Value，"
                "而 autograd_mini 的节点另起了一张计算图，backward() 沿着它走不回 'self'；"
                f"请用本笔记本的类构造结果，'{name}(..., (self,), ...)'",
            )
        )
    if type(out).__name__ == name:  # "expected a Value, got <Value object>": two classes
        raise Mistake(  # told by their names alone: reading the node would run its code
            msg(
                en=f"{what}: expected a node of the {name} class given to the check, got a "
                f"node of another class that is also called {name}: a class defined again "
                f"(its cell run again, or a second 'class {name}') is a new class, and a node "
                "of one is not a node of the other; run the cell that defines "
                f"{name} and the cells after it again, then this check",
                zh=f"{what}：应当返回交给检验的那个 {name} 类的节点，得到的却是另一个同样叫 "
                f"{name} 的类的节点：类每定义一次（重新运行了定义它的单元格，或者另写了一个 "
                f"'class {name}'）就是一个新类，一个类的节点不算另一个类的节点；请重新运行定义 "
                f"{name} 的单元格及其后的单元格，再运行本检验",
            )
        )
    # a number as a check reads one (np.float32, np.int64, a 0-d array too; 10**400 and
    # a Fraction as well), not a bool: read as Python's int and float alone, a numpy
    # number was told "expected a Value, got np.float32(2.25)" without what to return
    if real_number(out) is not None or read_number(out) is not None:
        raise Mistake(
            msg(
                en=f"{what}: expected a {name}, got the number {short(out)}: return the node "
                "'out', not its number",
                zh=f"{what}：应当返回一个 {name}，得到的却是数 {short(out)}：请返回节点 'out'，"
                "而不是它的数值",
            )
        )
    raise Mistake(
        msg(
            en=f"{what}: expected a {name}, got {short(out)}",
            zh=f"{what}：应当返回一个 {name}，得到的是 {short(out)}",
        )
    )


def _recorded(what: str, out: Any, x: Any, op: str) -> None:
    """``out`` must lead back to ``x`` through ``_prev``: a node made without ``(self,)``
    (its inputs) is a leaf, backward() never reaches x, and the first derivative checked
    was 0, blamed on the chain rule.

    ``out`` must not be ``x`` itself: ``self.data = …; return self`` overwrote the input
    and was told "was 'out._backward = _backward' left out?" (the input's closure is the
    default one)."""
    if out is x:
        raise Mistake(
            msg(
                en=f"{what}: the result is the input node itself ('self'), not a new node: "
                "backward() has no node to go back from to the input, and a self.data "
                "overwritten loses the input's number; make a new node, "
                f"'out = Value(..., (self,), \"{op}\")', and return that",
                zh=f"{what}：结果就是输入节点本身（'self'），而不是一个新节点：backward() "
                "没有新节点可以往回走到输入，改写了 self.data 还会丢掉输入原来的数；"
                f"请新建一个节点 'out = Value(..., (self,), \"{op}\")'，并返回它",
            )
        )
    if not hasattr(out, "_prev"):
        return  # not a class of the notebook's kind: nothing recorded to look at
    seen: set[int] = set()
    stack = [out]
    while stack:
        node = stack.pop()
        if node is x:
            return
        if id(node) in seen:
            continue
        seen.add(id(node))
        try:
            stack.extend(getattr(node, "_prev", ()))
        except TypeError:
            return  # a _prev of some other shape: do not guess
    raise Mistake(
        msg(
            en=f"{what}: the result does not record its input: its _prev is "
            f"{short(out._prev)}, without the node it was computed from, so backward() never "
            f"reaches that input; create the node with it, 'Value(..., (self,), \"{op}\")'",
            zh=f"{what}：结果没有记下它的输入：它的 _prev 是 {short(out._prev)}，"
            "里面没有算出它的那个节点，所以 backward() 走不到这个输入；"
            f"创建节点时请带上它，'Value(..., (self,), \"{op}\")'",
        )
    )


def _closure_kept(what: str, out: Any) -> None:
    """``out._backward`` must be the closure: ``out._backward = _backward()`` calls it once,
    with out.grad still 0, and keeps its None, which backward() then tried to call."""
    if hasattr(out, "_backward") and out._backward is None:
        raise Mistake(
            msg(
                en=f"{what}: the result's _backward is None: was it set to '_backward()', "
                "the closure called (it returns None), rather than to '_backward' itself?",
                zh=f"{what}：结果的 _backward 是 None：是不是写成了 '_backward()'，"
                "把闭包调用了一次（它返回 None），而不是把 '_backward' 本身赋给它？",
            )
        )


def _closure_set(what: str, out: Any, value_class: type) -> None:
    """``out._backward`` must not be the one ``__init__`` gives every node: with
    ``out._backward = _backward`` left out, backward() calls that default, which does
    nothing, and the first derivative checked was 0 ("expected 2.2255, got 0")."""
    try:
        fresh = value_class(1.0)
    except TypeError:  # a class built with other arguments: nothing to compare with
        return
    default = getattr(getattr(fresh, "_backward", None), "__code__", None)
    if default is None or getattr(getattr(out, "_backward", None), "__code__", None) is not default:
        return
    raise Mistake(
        msg(
            en=f"{what}: the result's _backward is still the one __init__ gives every node, "
            "which does nothing: was 'out._backward = _backward' left out? Without it "
            "backward() never calls the closure, and x.grad stays 0",
            zh=f"{what}：结果的 _backward 仍是 __init__ 给每个节点的那个默认函数，它什么也不做："
            "是不是漏写了 'out._backward = _backward'？少了这一行，backward() 永远不会调用"
            "这个闭包，x.grad 就一直是 0",
        )
    )


def _without_out_grad(local: str, out_grad: float, value: float) -> list[tuple[float, str]]:
    """The slip of a local derivative not multiplied by out.grad, where out.grad ≠ 1 (the
    case ``out_grad · f(x)``): the derivative it gives is the local one, ``value``. Told
    as that, not as the factor it happens to be off by ("exactly half: … a ½ too many"
    for 2·eˣ)."""
    said = msg(
        en=f"that is the local derivative {local} alone: it is not multiplied by out.grad, "
        f"which is {out_grad:g} here",
        zh=f"这正是局部导数 {local} 本身：没有乘上 out.grad，这里 out.grad = {out_grad:g}",
    )
    return [(value, said)]


def _exp_rule_slips(x: float) -> list[tuple[float, str]]:
    """What d/dx eˣ gives at ``x`` (out.grad = 1) with a slip in its local derivative, and
    the slip (in this copy's language): each was a bare "expected 2.225540928, got 1"."""
    rule = msg(
        en="d/dx eˣ = eˣ, the output itself: self.grad += out.data * out.grad",
        zh="d/dx eˣ = eˣ，也就是输出本身：self.grad += out.data * out.grad",
    )
    return [
        (
            1.0,
            msg(
                en=f"out.grad alone: the local derivative eˣ is missing; {rule}",
                zh=f"只有 out.grad：少了局部导数 eˣ；{rule}",
            ),
        ),
        (
            x,
            msg(
                en=f"x (self.data) as the local derivative; {rule}",
                zh=f"把 x（self.data）当成了局部导数；{rule}",
            ),
        ),
        (
            x * math.exp(x - 1),
            msg(
                en=f"x·e^(x−1), the power rule applied to eˣ: there x is the exponent, not "
                f"the base; {rule}",
                zh=f"x·e^(x−1)，把幂法则用在了 eˣ 上：这里 x 是指数，不是底数；{rule}",
            ),
        ),
    ]


def _power_rule_slips(k: int, x: float) -> list[tuple[float, str]]:
    """What d/dx x**k gives at ``x`` with a slip in the power rule k·x^(k−1), and the slip
    (in this copy's language): each was told as a bare "expected 6.75, got 10.125", and
    x^k alone as "exactly half"."""
    rule = msg(en="the power rule is k·x^(k−1)", zh="幂法则是 k·x^(k−1)")
    # where x = k/2 (1.5 for x**3), x^k is exactly half of k·x^(k−1): a ½ too many gives
    # it too, and was told "exactly half" before x^k was named; both are said
    half = (
        msg(
            en=f", or a ½ too many: at x = {x:g}, x^{k} is exactly half of {k}·x^{k - 1}",
            zh=f"，或者多了一个 ½：在 x = {x:g} 处，x^{k} 正好是 {k}·x^{k - 1} 的一半",
        )
        if math.isclose(x**k, k * x ** (k - 1) / 2)
        else ""
    )
    return [
        (
            k * x**k,
            msg(
                en=f"k·x^k: the exponent is not lowered by one; {rule}",
                zh=f"k·x^k：指数没有减 1；{rule}",
            ),
        ),
        (
            k * x ** (k + 1),
            msg(
                en=f"k·x^(k+1): the exponent went up by one, not down; {rule}",
                zh=f"k·x^(k+1)：指数加了 1，应当减 1；{rule}",
            ),
        ),
        (
            x ** (k - 1),
            msg(en=f"x^(k−1): the factor k is missing; {rule}", zh=f"x^(k−1)：少了因子 k；{rule}"),
        ),
        (
            (k - 1) * x ** (k - 1),
            msg(
                en=f"(k−1)·x^(k−1): the factor is k, the exponent before it is lowered; {rule}",
                zh=f"(k−1)·x^(k−1)：前面的因子是原来的指数 k，不是 k − 1；{rule}",
            ),
        ),
        (
            k * (x**k) ** (k - 1),
            msg(
                en=f"k·(out.data)^(k−1): the rule is taken at the input x = self.data, not at "
                f"the output x^k; {rule}",
                zh=f"k·(out.data)^(k−1)：法则要在输入 x = self.data 处取，不是在输出 x^k 处；"
                f"{rule}",
            ),
        ),
        (
            (k - 1) * x**k,
            msg(
                en=f"(k−1)·x^k: the factor and the exponent swapped places; {rule}",
                zh=f"(k−1)·x^k：因子和指数的位置对调了；{rule}",
            ),
        ),
        (
            k * x**k - 1,
            msg(
                en=f"k·x^k − 1: 'k * x ** k - 1' subtracts 1 from the product, ** binds "
                f"before -; write x ** (k - 1); {rule}",
                zh=f"k·x^k − 1：'k * x ** k - 1' 是从乘积里减去 1，** 比 - 先算；"
                f"请写成 x ** (k - 1)；{rule}",
            ),
        ),
        (
            x**k,
            msg(
                en=f"x^k, the output itself (out.data): that is e^x's rule, not x^k's{half}; "
                f"{rule}",
                zh=f"x^k，也就是输出本身（out.data）：那是 e^x 的规则，不是 x^k 的{half}；{rule}",
            ),
        ),
    ]


def _whole_exponent() -> list[tuple[float, str]]:
    """x.grad of 0 for x**0.5, after the whole exponents passed: k made a whole number
    (int(k) or k // 1 is 0 for k = 0.5), told as x.grad staying 0, a closure adding
    nothing, which the cases before had ruled out."""
    said = msg(
        en="0, where the whole exponents before passed: is k made a whole number on the way "
        "(int(k), k // 1, round(k))? For k = 0.5 that is 0; k is any number here, "
        "k·x^(k−1) = 0.5·x^(−0.5)",
        zh="得到 0，而前面整数指数的情形都通过了：是不是中途把 k 变成了整数（int(k)、k // 1、"
        "round(k)）？k = 0.5 时它就成了 0；这里的 k 可以是任意数，k·x^(k−1) = 0.5·x^(−0.5)",
    )
    return [(0.0, said)]


def _stayed_zero() -> list[tuple[float, str]]:
    """x.grad of 0 where the derivative is not: the closure ran (it is attached, see
    :func:`_closure_set`) and added nothing to the input's gradient — it wrote to
    out.grad, or multiplied self.grad, which starts at 0."""
    said = msg(
        en="x.grad stayed 0: does _backward add local derivative × out.grad to self.grad, "
        "the input's gradient? Not to out.grad, and not as a multiple of self.grad, which "
        "starts at 0",
        zh="x.grad 一直是 0：_backward 有没有把“局部导数 × out.grad”累加到 self.grad（输入的"
        "梯度）上？不是加到 out.grad 上，也不是乘上 self.grad（它的初值是 0）",
    )
    return [(0.0, said)]


def _witness(f: Callable[[Any], Any], x0: float, expected: float) -> None:
    """autograd_mini must agree with the closed form the check uses."""
    library = am.grad(f)(x0)
    assert math.isclose(library, expected, rel_tol=1e-12), (
        f"autograd_mini gives {library!r} where the closed form gives {expected!r}"
    )


class _DividedByZero(Exception):
    """backward() raised ZeroDivisionError where the caller knows what that means."""


def _derivative(
    value_class: type,
    f: Callable[[Any], Any],
    x0: float,
    what: str,
    *,
    zero_division_named: bool = False,
) -> Any:
    """Build f(x) with the student's Value, call backward(), return x.grad as it is.

    x.grad is what the student's code left there, for :func:`expect_close` to read by its
    type, as it reads any answer: ``float(x.grad)`` stopped the check with the checker's
    own TypeError where the grad was a node (a local derivative written with ``out``
    where ``out.data`` is due) and dropped what a number says of itself (a numpy float32).
    A node is told here, in words that name x.grad.

    With ``zero_division_named`` a ZeroDivisionError in backward() is raised as
    :class:`_DividedByZero`, for the caller to say what it means.
    """
    x = value_class(x0, label="x")
    y = _node(what, call(what, f, x), value_class)
    divided: list[ZeroDivisionError] = []
    grads: list[Any] = []

    def backward() -> None:
        try:
            y.backward()
        except ZeroDivisionError as error:
            if not zero_division_named:
                raise  # call tells it, with the student's line
            divided.append(error)
            return
        grads.append(x.grad)  # inside call: a property of the student's is their code

    call(what, backward)
    if divided:  # raised past call, which tells any error of the student's code itself
        raise _DividedByZero from None
    got = grads[0]
    if isinstance(got, (value_class, am.Value)):
        name = value_class.__name__
        raise Mistake(
            msg(
                en=f"{what}: x.grad is a {name} node, not a number: _backward added a node "
                "to self.grad. The local derivative and out.grad are numbers: write them "
                "with out.data and self.data, not with the nodes 'out' and 'self'",
                zh=f"{what}：x.grad 是一个 {name} 节点，不是一个数：_backward 把一个节点累加"
                "到了 self.grad 上。局部导数和 out.grad 都是数：请用 out.data 和 self.data "
                "来写，而不是用节点 'out' 和 'self'",
            )
        )
    return got


def check_exp(value_class: type) -> Verdict:
    """Exercise 1: ``Value.exp`` with the local derivative eˣ, accumulated with ``+=``."""

    def attempt() -> None:
        x0 = 0.8
        what = "Value(0.8).exp()"
        x = value_class(x0)
        # called through a lambda: call cannot see the method
        y = _node(what, call_method(what, value_class, "exp", lambda: x.exp()), value_class)
        _recorded(what, y, x, "exp")
        _closure_kept(what, y)
        _closure_set(what, y, value_class)
        expect_close("Value(0.8).exp().data", y.data, math.exp(x0))

        # what, what with a hint (a wrong number's; None: the same), f, x, the derivative
        # by hand, the exponent t of the eᵗ it takes, the slips a wrong number is told by
        cases: list[
            tuple[
                str, str | None, Callable[[Any], Any], float, float, float, list[tuple[float, str]]
            ]
        ] = [
            (
                msg(en="∂/∂x e^x at x = 0.8", zh="x = 0.8 处的 ∂/∂x e^x"),
                None,
                lambda x: x.exp(),
                x0,
                math.exp(x0),
                x0,
                _exp_rule_slips(x0),
            ),
            (
                msg(
                    en="∂/∂x (2 · e^x) at x = 0.8 (2e^x)", zh="x = 0.8 处的 ∂/∂x (2 · e^x)（2e^x）"
                ),
                msg(
                    en="∂/∂x (2 · e^x) at x = 0.8 (2e^x: is the local derivative multiplied "
                    "by out.grad?)",
                    zh="x = 0.8 处的 ∂/∂x (2 · e^x)（2e^x：局部导数乘上 out.grad 了吗？）",
                ),
                lambda x: 2 * x.exp(),
                x0,
                2 * math.exp(x0),
                x0,
                _without_out_grad("e^x", 2, math.exp(x0)),
            ),
            (
                msg(
                    en="∂/∂x e^(x·x) at x = −0.6 (chain rule: 2x·e^(x²))",
                    zh="x = −0.6 处的 ∂/∂x e^(x·x)（链式法则：2x·e^(x²)）",
                ),
                None,
                lambda x: (x * x).exp(),
                -0.6,
                2 * -0.6 * math.exp(0.36),
                0.36,
                [],
            ),
            (
                msg(en="∂/∂x (e^x · x) at x = 0.8", zh="x = 0.8 处的 ∂/∂x (e^x · x)"),
                msg(
                    en="∂/∂x (e^x · x) at x = 0.8 (x is used twice: does exp add to x.grad "
                    "with +=?)",
                    zh="x = 0.8 处的 ∂/∂x (e^x · x)（x 用了两次：exp 是否用 += 累加到 x.grad？）",
                ),
                lambda x: x.exp() * x,
                x0,
                math.exp(x0) * (1 + x0),
                x0,
                [],
            ),
        ]
        for what, hinted, f, at, expected, exponent, slips in cases:
            _witness(f, at, expected)
            got = _derivative(value_class, f, at, what)  # an error is told without the hint
            near = _by_differences("e^x")
            expect_close(
                hinted or what,
                got,
                expected,
                rel=rounding(exponent),
                abs_tol=0,
                near_hint=near,
                slips=[*slips, *_stayed_zero()],
            )

    return check(msg(en="exp and its local derivative", zh="exp 及其局部导数"), attempt)


def check_pow(value_class: type) -> Verdict:
    """Exercise 2: ``Value.__pow__`` for a number exponent, with the power rule."""

    def attempt() -> None:
        x0 = 1.5
        what = "Value(1.5) ** 3"
        x = value_class(x0)
        y = _node(what, call_method(what, value_class, "__pow__", lambda: x**3, 3), value_class)
        _recorded(what, y, x, "**")
        _closure_kept(what, y)
        _closure_set(what, y, value_class)
        expect_close("(Value(1.5) ** 3).data", y.data, 3.375)

        # what, what with a hint (a wrong number's; None: the same), f, x, the derivative
        # by hand, the slips a wrong number is told by; an error the student's code raises
        # is told with `what`, without the hint
        cases: list[
            tuple[str, str | None, Callable[[Any], Any], float, float, list[tuple[float, str]]]
        ] = [
            (
                msg(en="∂/∂x x**3 at x = 1.5 (3x²)", zh="x = 1.5 处的 ∂/∂x x**3（3x²）"),
                None,
                lambda x: x**3,
                x0,
                3 * x0**2,
                _power_rule_slips(3, x0),
            ),
            (
                msg(en="∂/∂x x**-1 at x = 1.5 (−1/x²)", zh="x = 1.5 处的 ∂/∂x x**-1（−1/x²）"),
                None,
                lambda x: x**-1,
                x0,
                -1 / x0**2,
                # (k − 1)·x^k is right for x**3 at 1.5 (2·1.5³ = 3·1.5²), wrong here
                _power_rule_slips(-1, x0),
            ),
            (
                msg(
                    en="∂/∂x x**0.5 at x = 1.5 (1/(2√x))",
                    zh="x = 1.5 处的 ∂/∂x x**0.5（1/(2√x)）",
                ),
                None,
                lambda x: x**0.5,
                x0,
                0.5 / math.sqrt(x0),
                _whole_exponent(),
            ),
            (
                msg(
                    en="∂/∂x (3 · x**-2) at x = −0.5 (−6/x³)",
                    zh="x = −0.5 处的 ∂/∂x (3 · x**-2)（−6/x³）",
                ),
                msg(
                    en="∂/∂x (3 · x**-2) at x = −0.5 (−6/x³; is the local derivative "
                    "multiplied by out.grad?)",
                    zh="x = −0.5 处的 ∂/∂x (3 · x**-2)（−6/x³；局部导数乘上 out.grad 了吗？）",
                ),
                lambda x: 3 * x**-2,
                -0.5,
                -6 / (-0.5) ** 3,
                _without_out_grad("−2x⁻³", 3, -2 * (-0.5) ** -3),
            ),
            (
                msg(
                    en="∂/∂x (x**2 · x) at x = 1.5 (3x²)", zh="x = 1.5 处的 ∂/∂x (x**2 · x)（3x²）"
                ),
                msg(
                    en="∂/∂x (x**2 · x) at x = 1.5 (x is used twice: 3x²; is it += ?)",
                    zh="x = 1.5 处的 ∂/∂x (x**2 · x)（x 用了两次：3x²；是否用了 +=？）",
                ),
                lambda x: x**2 * x,
                x0,
                3 * x0**2,
                [],
            ),
            # x = 0, where k·out.data/self.data (right wherever x ≠ 0) divides by zero
            (
                msg(en="∂/∂x x**2 at x = 0 (2x = 0)", zh="x = 0 处的 ∂/∂x x**2（2x = 0）"),
                None,
                lambda x: x**2,
                0.0,
                0.0,
                [],
            ),
            # and where it is not 0: `k·out.data/self.data if self.data else 0` passed x**2
            (
                msg(en="∂/∂x x**1 at x = 0 (1)", zh="x = 0 处的 ∂/∂x x**1（1）"),
                None,
                lambda x: x**1,
                0.0,
                1.0,
                [],
            ),
            (
                msg(
                    en="∂/∂x (2 · x**3 + x**1) at x = 0 (6x² + 1 = 1)",
                    zh="x = 0 处的 ∂/∂x (2 · x**3 + x**1)（6x² + 1 = 1）",
                ),
                None,
                lambda x: 2 * x**3 + x**1,
                0.0,
                1.0,
                [],
            ),
        ]
        for what, hinted, f, at, expected, known in cases:
            _witness(f, at, expected)
            try:
                # a division by x is what a ZeroDivisionError means at x = 0 only
                got = _derivative(value_class, f, at, what, zero_division_named=at == 0)
            except _DividedByZero:
                raise Mistake(
                    msg(
                        en=f"{what}: backward() raised ZeroDivisionError: the local derivative "
                        "divides by x (k·out.data/self.data?), and x = 0 here: x^k/x equals "
                        "x^(k − 1) wherever x ≠ 0, but at x = 0 it is 0/0, so a rule that "
                        "recovers x^(k − 1) from the output by dividing fails there; write it "
                        "as k·x**(k − 1), from x itself, which holds at x = 0 too",
                        zh=f"{what}：backward() 抛出了 ZeroDivisionError：局部导数除以了 x"
                        "（写成了 k·out.data/self.data？），而这里 x = 0。"
                        "x ≠ 0 时 x^k/x 等于 x^(k − 1)，但 x = 0 时它是 0/0，"
                        "所以用输出除以 x 来求 x^(k − 1) 的写法在这里行不通；"
                        "请直接由 x 写成 k·x**(k − 1)，它在 x = 0 处也成立",
                    )
                ) from None
            number = real_number(got)  # read off its type: the student's __float__ never
            if at == 0 and number is not None and number != number:  # 0/0 in numpy: nan
                raise Mistake(
                    msg(
                        en=f"{what}: expected 0, got nan: does the local derivative divide by x "
                        "(0/0 at x = 0)? Write it as k·x**(k − 1)",
                        zh=f"{what}：应为 0，实际得到 nan：局部导数是不是除以了 x"
                        "（在 x = 0 处成了 0/0）？请写成 k·x**(k − 1)",
                    )
                )
            near = _by_differences("k·x^(k−1)")
            slips = list(known) + (_stayed_zero() if at != 0 else [])
            if at == 0 and expected != 0:  # 0 where x = 0: a division by x, guarded
                said = msg(
                    en="0 wherever x = 0: does the local derivative divide out.data by x, "
                    "and use 0 where x = 0? x**1 has slope 1 there; k·out.data/self.data "
                    "cannot be computed at x = 0: write the local derivative as k·x**(k − 1)",
                    zh="凡是 x = 0 处都得 0：局部导数是不是把 out.data 除以了 x，而在 x = 0 "
                    "处用 0 代替？x**1 在那里的斜率是 1；k·out.data/self.data 在 x = 0 处"
                    "算不出来：请把局部导数写成 k·x**(k − 1)",
                )
                slips.append((0.0, said))
            expect_close(
                hinted or what,
                got,
                expected,
                rel=rounding(),
                abs_tol=0,
                near_hint=near,
                slips=slips,
            )

    return check(msg(en="x ** k and the power rule", zh="x ** k 与幂法则"), attempt)
