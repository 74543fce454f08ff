"""A function transform's f may not hand on its inputs' numbers as plain floats.

Oracles are closed forms: d/dx tanh x = 1 − tanh² x, d/dx (x³)′·x = 9x², d/dy y = 1.
Each refused case returned a silently wrong number before (0.0, 12.0, 0.0)."""

from __future__ import annotations

import copy
import math
import threading
from typing import Any

import numpy as np
import pytest

from autograd_mini import (
    NumberRead,
    Value,
    grad,
    hessian,
    hvp,
    jacobian,
    jvp,
    vjp,
)


def tanh_by_math(x: Any) -> Any:
    return math.tanh(x)  # float(x) inside: a number with no graph behind it


TRANSFORMS = {
    "grad": lambda f: grad(f)(0.5),
    "jvp": lambda f: jvp(f, (0.5,), (1.0,)),
    "vjp": lambda f: vjp(f, 0.5)[1](1.0),
    "jacobian": lambda f: jacobian(lambda x: [f(x)])(0.5),
    "jacobian forward": lambda f: jacobian(lambda x: [f(x)], mode="forward")(0.5),
    "hessian": lambda f: hessian(f)(0.5),
    "hvp": lambda f: hvp(f, (0.5,), (1.0,)),
}


@pytest.mark.parametrize("name", TRANSFORMS)
def test_math_of_an_input_is_refused_in_every_transform(name: str) -> None:
    """grad(lambda x: math.tanh(x))(0.5) was 0.0; 1 − tanh²(0.5) = 0.7864 is right."""
    with pytest.raises(NumberRead, match=r"as a plain number \(float\(\), as math\.exp\(v\)"):
        TRANSFORMS[name](tanh_by_math)
    # and the message says what to write; the Value's own op gives the closed form
    assert grad(lambda x: x.tanh())(0.5) == pytest.approx(1 - math.tanh(0.5) ** 2, rel=1e-15)


def test_numpy_float_of_an_input_is_refused() -> None:
    with pytest.raises(NumberRead, match=r"^grad: f reads grad's input itself as a plain"):
        grad(lambda x: x * np.float64(x))(3.0)  # d/dx x² = 6, was 3
    with pytest.raises(NumberRead, match=r"^grad: f reads a Value computed from grad's input"):
        grad(lambda x: x * np.float64(2 * x))(3.0)  # d/dx 2x² = 12, was 6


def test_a_copy_of_the_input_itself_is_called_the_input() -> None:
    """The refusal called the input itself "a Value computed from grad's input"; now it
    says it is the input, and keeps the old words for a Value computed from it."""
    with pytest.raises(
        NumberRead, match=r"^grad: f copies node 'argument 0', grad's input itself \("
    ):
        grad(lambda x: x * copy.deepcopy(x))(0.5)  # d/dx x² = 1, was 0.5
    with pytest.raises(
        NumberRead, match=r"^grad: f copies an unlabelled 'mul' node, a Value computed"
    ):
        grad(lambda x: x * copy.copy(2 * x))(0.5)


def test_grad_read_after_a_create_graph_pass_is_refused() -> None:
    """x.grad after backward(create_graph=True) is a float: grad of x.grad·x gave 12 (the
    float 3x² times 1), where d/dx 3x²·x = 9x² = 36; grad_graph is the way, and gives 36."""

    def by_grad(x: Value) -> Any:
        (x**3).backward(create_graph=True)
        return x.grad * x

    with pytest.raises(NumberRead, match=r"the \.grad of node 'argument 0' after backward"):
        grad(by_grad)(2.0)

    def by_graph(x: Value) -> Any:
        (x**3).backward(create_graph=True)
        assert x.grad_graph is not None
        return x.grad_graph * x

    assert grad(by_graph)(2.0) == 9 * 2.0**2


def test_an_outer_transform_s_input_is_watched_inside_an_inner_one() -> None:
    """float(y) inside the inner grad: y is no input of the inner grad but of the outer one,
    which took the number for a constant — d/dy y = 1 came out 0.0."""
    with pytest.raises(NumberRead, match=r"^grad: "):
        grad(lambda y: grad(lambda x: x * float(y))(1.0))(2.0)


def test_branches_constants_and_plain_code_are_let_through() -> None:
    """A branch reads the number only to choose (f runs again at every point); a Value of
    constants alone has one number; outside a transform float() is the number."""
    assert grad(lambda x: x * x if x > 0 else -x)(0.5) == 1.0
    assert grad(lambda x: x * x if x else x)(-3.0) == -6.0
    c = Value(3.0) * 2.0
    assert grad(lambda x: x * float(c))(0.5) == 6.0
    assert math.tanh(Value(0.5)) == math.tanh(0.5)
    x = Value(2.0)
    (x**3).backward(create_graph=True)
    assert x.grad == 12.0  # no transform: the number, as always


def test_no_grad_is_its_own_kind_of_read() -> None:
    """Entering no_grad() was reported to the read watch as a "branch" with no Value, so
    a watcher told it from a branch by the missing Value. It is a "stop" now; a transform
    lets it through (a constant on purpose: d/dx x·c = c, with c = 2x = 1 computed under
    no_grad at x = 0.5), a recording trace refuses it, each in its own words."""
    from autograd_mini import UntraceableRead, no_grad, trace
    from autograd_mini.value import READ_WATCH

    seen: list[tuple[Value | None, str, str]] = []
    token = READ_WATCH.set(lambda v, how, kind: seen.append((v, how, kind)))
    try:
        with no_grad():
            pass
    finally:
        READ_WATCH.reset(token)
    assert seen == [(None, "no_grad()", "stop")]

    def stopped(x: Value) -> Value:
        with no_grad():
            c = x * 2.0
        return x * c

    assert grad(stopped)(0.5) == 1.0
    with pytest.raises(UntraceableRead, match=r"turns gradient recording off \(no_grad\(\)\)"):
        trace(lambda x: stopped(x[0]), [0.5])


def test_the_watch_ends_with_f_even_when_f_raises() -> None:
    def fails(x: Value) -> Value:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        grad(fails)(1.0)
    leaf = Value(1.5)
    assert float(leaf * 2.0) == 3.0


def test_another_thread_is_not_watched() -> None:
    """The watch is per thread (a context variable): a transform running in one thread
    does not refuse another thread's float()."""
    seen: list[float] = []
    started, release = threading.Event(), threading.Event()

    def slow(x: Value) -> Value:
        started.set()
        release.wait(5)
        return x * x

    worker = threading.Thread(target=lambda: seen.append(grad(slow)(3.0)))
    worker.start()
    started.wait(5)
    assert float(Value(2.0) * 2.0) == 4.0  # while the worker's f runs
    release.set()
    worker.join()
    assert seen == [6.0]


def test_a_grad_reset_since_the_create_graph_pass_is_the_number_set() -> None:
    """x.grad = 0.0 after backward(create_graph=True) (micrograd's reset) leaves a stale
    grad_graph behind; reading x.grad was refused quoting the old 12.0, where it is 0.0,
    a constant, as backward itself takes it."""

    def reset(x: Value) -> Any:
        (x**3).backward(create_graph=True)
        x.grad = 0.0
        return x * x + x.grad

    assert grad(reset)(3.0) == 6.0  # d/dx x² = 2x


def test_the_refusal_says_how_to_branch_print_or_read_on_purpose() -> None:
    """float() cannot tell a branch or a print from a number handed on, so it is refused
    for those too: the message names the ways that read without handing the number on."""
    with pytest.raises(NumberRead) as refused:
        grad(lambda x: x * x if float(x) > 0 else -x)(3.0)
    text = str(refused.value)
    assert "compare the Value (v > 0, if v:)" in text and 'f"{v:.3f}"' in text, text
    assert "v.data" in text, text
    assert grad(lambda x: x * x if x > 0 else -x)(3.0) == 6.0  # what it says to write


def test_a_recording_trace_keeps_its_own_advice() -> None:
    """Under trace the read is refused by the trace, whose advice is its own (a branch on
    the Value is no way out there): not the transform's."""
    from autograd_mini import UntraceableRead, trace

    w = Value(2.0, label="w")
    with pytest.raises(UntraceableRead) as refused:
        trace(lambda x: x[0] * float(w), [1.5], params=[w])
    text = str(refused.value)
    assert "instead of Python's if, <, float() and max()" in text and "v > 0" not in text


def test_only_a_negative_base_is_refused_an_odd_exponent_beyond_two_to_53() -> None:
    """Beyond 2⁵³ every float is even: only a negative base's sign depends on the parity.
    0.5 ** (2**53 + 1) underflows to 0.0 and 1.0 ** n is 1.0, whatever the parity."""
    from autograd_mini import DomainError

    n = 2**53 + 1
    assert (Value(0.5) ** n).data == 0.0
    assert (Value(1.0) ** n).data == 1.0
    with pytest.raises(DomainError, match="odd int beyond 2⁵³"):
        Value(-1.0) ** n


_STEPS = {
    "round()": round,
    "int()": int,
    "math.trunc()": math.trunc,
    "math.floor()": math.floor,
    "math.ceil()": math.ceil,
}


@pytest.mark.parametrize("how", _STEPS)
def test_round_int_trunc_floor_and_ceil_read_the_number_alike(how: str) -> None:
    """math.floor(v) worked (through float()), round(v), int(v) and math.trunc(v) raised
    Python's bare "type Value doesn't define __round__": all five now read the number, as
    Python gives it for the float, and inside a transform all five are refused by name.
    The refusal said every derivative "would silently be 0" — floor's derivative is 0 at
    1.5, so that was not why: it now says the input no longer reaches the result through
    the number, which is wrong for float(v) used as v, and how to write a step (v.data)."""
    step = _STEPS[how]
    for x in (1.5, -1.5, 2.7, -0.2):
        assert step(Value(x)) == step(x)
    assert round(Value(1.256), 2) == round(1.256, 2)
    with pytest.raises(NumberRead) as caught:
        grad(lambda x: step(x) * x)(1.5)
    message = str(caught.value)
    assert f"as a plain number ({how}, data 1.5)" in message
    assert "silently" not in message and "every derivative" not in message
    assert "would no longer depend on the input through it" in message
    assert "a step such as math.floor or round of v.data" in message
    # the step of v.data, read on purpose: d/dx ⌊x⌋·x = ⌊x⌋ away from the integers
    assert grad(lambda x: step(x.data) * x)(1.5) == float(step(1.5))


_NUMPY_STEPS = {"np.round": np.round, "np.around": np.around, "np.rint": np.rint}


@pytest.mark.parametrize("name", _NUMPY_STEPS)
def test_numpy_rounding_reads_the_number_as_round_does(name: str) -> None:
    """np.round(v) and np.around(v) met numpy's bare "loop of ufunc does not support
    argument 0 of type Value which has no callable rint method" (np.rint(v) "no op
    'rint'") where np.floor(v) reads the number, as math.floor does: all three read it
    now — numpy's answer for the float, an array of Values and a number of decimals too —
    and inside a transform they are refused as round() is."""
    step = _NUMPY_STEPS[name]
    for x in (1.5, 2.5, -1.5, 2.7, -0.2):
        assert str(step(Value(x))) == str(step(x))  # (−0.0 for −0.2, as numpy's)
    assert list(np.round(np.array([Value(1.26), Value(-2.5)]), 1)) == [1.3, -2.5]
    with pytest.raises(NumberRead, match=r"as a plain number \(np\.round\(\) or np\.rint\(\)"):
        grad(lambda x: step(x) * x)(1.5)


def test_numpy_rounding_to_decimals_says_which_number_it_read() -> None:
    """np.round(x, 2) was refused as reading "a Value computed from grad's input … (np.round()
    or np.rint(), data 150.0)": numpy rounds x·10² and divides after, so the number read
    is not x's, and the refusal now says so."""
    with pytest.raises(NumberRead) as caught:
        grad(lambda x: np.round(x, 2) * x)(1.5)
    message = str(caught.value)
    assert "np.round(v, d) reads the Value v·10ᵈ" in message and "data 150.0" in message
