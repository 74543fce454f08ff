"""A made-up op registered as one table row at test time gets everything for free.

``cube`` (y = a³, dy/da = 3a²) is registered with :func:`autograd_mini.ops.register`
and applied through the generic entry point :func:`autograd_mini.apply`; the backward
pass, the second-order pass (``create_graph``), the float, Value and numpy backends, the
expression parser, the drawing and the batched replay must all know it without a line
of their own. Oracle: sympy (the row of test cases below, in the format of op_cases).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import numpy as np
import pytest
from op_cases import ANY, A, Case

from autograd_mini import (
    OPS,
    DivisionByZero,
    DomainError,
    InfiniteDerivative,
    OpOverflow,
    Value,
    apply,
    draw_graph,
    gradients,
    jvp,
    trace,
)
from autograd_mini.expr import FUNCTIONS, evaluate
from autograd_mini.numpy_backend import NUMPY
from autograd_mini.ops import FLOAT, FloatBackend, Kernels, Op, register, unregister
from autograd_mini.value_backend import VALUE
from autograd_mini.views import op_label

CUBE = Op(
    "cube", "³", 1,
    lambda m, a: m.cube(a),
    (lambda m, a, y: 3.0 * a * a,),
    kernels=Kernels(lambda x: x * x * x, lambda x: np.power(x, 3)),
    named=True, math="y = a³;  dy/da = 3a²",
)  # fmt: skip

#: The op's one row of test cases (as in tests/op_cases.py): engine, sympy, domain.
CASE = Case("cube", lambda a: apply("cube", a), A**3, (ANY,))

POINTS = [-2.5, -0.3, 0.0, 0.7, 1.9]


@pytest.fixture
def cube() -> Iterator[Op]:
    register(CUBE)
    try:
        yield CUBE
    finally:
        unregister("cube")
    assert "cube" not in OPS and not hasattr(FLOAT, "cube") and not hasattr(VALUE, "cube")


@pytest.mark.usefixtures("cube")
@pytest.mark.parametrize("x0", POINTS)
def test_value_and_backward(x0: float) -> None:
    want_y, want_d = CASE.oracle(x0)
    x = Value(x0, label="x")
    y = CASE.fn(x)
    assert y.op == "cube"
    assert y.data == pytest.approx(float(want_y), rel=1e-12, abs=1e-15)
    y.backward()
    assert x.grad == pytest.approx(float(want_d), rel=1e-12, abs=1e-15)


@pytest.mark.usefixtures("cube")
@pytest.mark.parametrize("x0", POINTS)
def test_second_order(x0: float) -> None:
    ((want,),) = CASE.hessian(x0)
    x = Value(x0, label="x")
    (g,) = gradients(CASE.fn(x), [x], create_graph=True)
    assert isinstance(g, Value)
    (h,) = gradients(g, [x])
    assert h == pytest.approx(float(want), rel=1e-12, abs=1e-15)
    # and through backward(create_graph=True), which fills grad_graph: the second
    # pass adds the second derivative to the first pass's gradient
    _, first = CASE.oracle(x0)
    x2 = Value(x0)
    CASE.fn(x2).backward(create_graph=True)
    assert x2.grad_graph is not None
    x2.grad_graph.backward()
    assert x2.grad == pytest.approx(float(first) + float(want), rel=1e-12, abs=1e-15)


@pytest.mark.usefixtures("cube")
@pytest.mark.parametrize("x0", POINTS)
def test_forward_mode(x0: float) -> None:
    """jvp carries a tangent through the row's derivative: ẏ = 3a²·ẋ (sympy's), and
    inside an outer jvp, the second derivative 6a."""
    want_y, want_d = CASE.oracle(x0)
    y, ydot = jvp(CASE.fn, (x0,), (2.0,))
    assert y == pytest.approx(float(want_y), rel=1e-12, abs=1e-15)
    assert ydot == pytest.approx(2.0 * float(want_d), rel=1e-12, abs=1e-15)
    ((want_h,),) = CASE.hessian(x0)
    _, h = jvp(lambda x: jvp(CASE.fn, (x,), (1.0,))[1], (x0,), (1.0,))
    assert h == pytest.approx(float(want_h), rel=1e-12, abs=1e-15)


@pytest.mark.usefixtures("cube")
def test_every_backend_has_the_kernel() -> None:
    assert FLOAT.cube(2.0) == 8.0
    np.testing.assert_array_equal(NUMPY.cube(np.array([1.0, -2.0])), [1.0, -8.0])
    assert VALUE.cube(2.0) == 8.0
    node = VALUE.cube(Value(2.0))
    assert isinstance(node, Value) and node.op == "cube" and node.data == 8.0


@pytest.mark.usefixtures("cube")
def test_parser_knows_the_name() -> None:
    assert "cube" in FUNCTIONS
    y = evaluate("cube(x) + 1", {"x": 2.0})
    assert y.data == 9.0
    y.backward()
    (x,) = [v for v in _leaves(y) if v.label == "x"]
    assert x.grad == 12.0


@pytest.mark.usefixtures("cube")
def test_drawing_shows_the_symbol_and_the_maths() -> None:
    x = Value(1.5, label="x")
    y = apply("cube", x)
    assert op_label(y) == "³"
    source = draw_graph(y).source
    assert "³" in source
    assert "y = a³;  dy/da = 3a²" in source


@pytest.mark.usefixtures("cube")
def test_traced_replay() -> None:
    w = Value(0.5, label="w")

    def per_sample(x: list[Value]) -> Value:
        return apply("cube", x[0] * w)

    traced = trace(per_sample, [1.0], params=[w])
    X = np.array([[-1.5], [0.2], [2.0]])
    losses, grad = traced.backward(X)
    np.testing.assert_allclose(losses, (X[:, 0] * 0.5) ** 3, rtol=1e-12)
    # d/dw Σ (x·w)³ = Σ 3x³w²
    np.testing.assert_allclose(grad, [np.sum(3 * X[:, 0] ** 3 * 0.25)], rtol=1e-12)


def test_register_refuses_a_duplicate_or_a_malformed_row() -> None:
    with pytest.raises(ValueError, match="already an op named 'sin'"):
        register(OPS["sin"])
    with pytest.raises(ValueError, match="one derivative per input"):
        register(Op("bad", "?", 2, lambda m, a, b: a, (lambda m, a, b, y: 1.0,)))
    assert "bad" not in OPS


@pytest.mark.parametrize(
    ("name", "message"),
    [("pow_slope", "already the name of Backend.pow_slope"),  # a backend's helper
     ("install", "already the name of Backend.install"),  # a backend's machinery
     ("my op", "must be a Python identifier"),
     ("", "must be a Python identifier"),
     ("_twice", "not starting with '_'"),
     ("lambda", "must be a Python identifier")],
)  # fmt: skip
def test_register_refuses_a_name_a_backend_cannot_carry(name: str, message: str) -> None:
    """An op's name becomes ``m.<name>`` on every backend. Before this was refused,
    ``install`` replaced the backends' own install (the next register failed with a
    TypeError from inside the table), and ``step`` (then a helper, now an op) was
    shadowed by the backend's step helper: the op's forward computed the helper, 1.0,
    for 3.0 instead of 6.0."""
    twice = Kernels(lambda x: 2.0 * x, lambda x: 2.0 * x)
    op = Op(name, "2·", 1, lambda m, a: getattr(m, name)(a), (lambda m, a, y: 2.0,),
            kernels=twice)  # fmt: skip
    with pytest.raises(ValueError, match=re.escape(message)):
        register(op)
    assert name not in OPS
    assert FloatBackend.pow_slope(3.0, 2.0) == 6.0 and FloatBackend.install.__name__ == "install"


def test_apply_is_the_methods() -> None:
    x = Value(0.8)
    assert apply("sin", x).data == x.sin().data
    assert apply("pow", x, 3).data == (x**3).data
    assert apply("pow", 2.0, x).data == (2.0**x).data
    with pytest.raises(ValueError, match="no op named 'nope'"):
        apply("nope", x)
    with pytest.raises(TypeError, match="takes 1 input"):
        apply("sin", x, x)


def _leaves(root: Value) -> list[Value]:
    from autograd_mini.backward import walk

    return [v for v in walk(root) if not v.parents]


def test_a_domain_check_chooses_the_exception_class() -> None:
    """The class the check returns is the class raised, whatever its message says."""

    def check(a: float) -> DomainError | None:
        if a == 0.0:
            return DivisionByZero("inv of 0.0 has no value")  # no 'division by zero' words
        if a < 0.0:
            return DomainError("inv of a negative: this message says overflow")
        return None

    register(Op("inv", "1/·", 1, lambda m, a: 1.0 / a, (lambda m, a, y: -y * y,), check=check))
    try:
        with pytest.raises(DivisionByZero, match=r"inv of 0.0 has no value \(node 'x'\)"):
            apply("inv", Value(0.0, label="x"))
        with pytest.raises(DomainError) as info:
            apply("inv", Value(-1.0))
        assert type(info.value) is DomainError
        assert apply("inv", Value(4.0)).data == 0.25
    finally:
        unregister("inv")


def test_an_infinite_slope_of_an_input_given_twice_is_named_by_its_own_partial() -> None:
    """y = a + √b has ∂y/∂a = 1 and ∂y/∂b = 1/(2√b), infinite at b = 0 (by hand). Called
    as f(x, x) at x = 0 the node's two slopes both go to x; the refusal names the one
    that is infinite, ∂y/∂b, not the first slope into x."""

    def root_slope(m: Any, a: float, b: float, y: float) -> float:
        return math.inf if b == 0.0 else 0.5 / math.sqrt(b)

    register(Op("a_plus_root", "a+√b", 2, lambda m, a, b: a + math.sqrt(b),
                (lambda m, a, b, y: 1.0, root_slope)))  # fmt: skip
    try:
        x = Value(0.0, label="x")
        with pytest.raises(InfiniteDerivative) as caught:
            apply("a_plus_root", x, x).backward()
        assert caught.value.partial == "∂y/∂b" and caught.value.local == math.inf
        assert "the local derivative ∂y/∂b is inf" in str(caught.value)
    finally:
        unregister("a_plus_root")


def test_an_op_a_backend_writes_itself_can_be_registered_again() -> None:
    """The Value backend writes leaky_relu itself (a constant input and a Value slope give
    s·a, not a node): that name belongs to the op, and taking the op out and putting it
    back in works (a check for any backend attribute refused it)."""
    op = OPS["leaky_relu"]
    unregister("leaky_relu")
    try:
        register(op)
    finally:
        if "leaky_relu" not in OPS:
            register(op)
    assert OPS["leaky_relu"] is op and Value(-2.0).leaky_relu(0.5).data == -1.0


def test_registering_while_another_thread_parses_expressions() -> None:
    """The parser read the table through a Python loop over it: a register() in another
    thread raised "dictionary changed size during iteration" in the parsing thread
    (about one registration in three, with switches forced; this test caught the old
    code in three runs of four). Two threads registering one name: one of them is
    refused."""
    import sys
    import threading

    errors: list[BaseException] = []
    stop = threading.Event()

    def parse() -> None:
        try:
            while not stop.is_set():
                assert "tanh" in FUNCTIONS  # what parsing asks of the table, each name
                evaluate("tanh(x)", {"x": Value(0.3)})
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)

    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    parser = threading.Thread(target=parse)
    parser.start()
    try:
        for i in range(100):
            op = Op(f"cube_t{i}", "cube", 1, lambda m, a: a * a * a, (lambda m, a, y: 3.0 * a * a,))
            register(op)
            unregister(op.name)
        refused = []
        barrier = threading.Barrier(2)
        op = Op("cube_twice", "cube", 1, lambda m, a: a * a * a, (lambda m, a, y: 3.0 * a * a,))

        def twice() -> None:
            barrier.wait()
            try:
                register(op)
            except ValueError:
                refused.append(1)

        pair = [threading.Thread(target=twice) for _ in range(2)]
        for t in pair:
            t.start()
        for t in pair:
            t.join()
        unregister("cube_twice")
    finally:
        stop.set()
        parser.join()
        sys.setswitchinterval(old)
    assert errors == []
    assert refused == [1]


@pytest.mark.parametrize(
    ("forward", "slope", "value", "derivative"),
    [(lambda m, a: np.float32(2.0) * np.float32(a), lambda m, a, y: np.float32(2.0),
      float(np.float32(2.0) * np.float32(1.1)), 2.0),
     (lambda m, a: 1, lambda m, a, y: 0, 1.0, 0.0),
     (lambda m, a: np.float64(a) * 3, lambda m, a, y: 3, 3.3000000000000003, 3.0)],
)  # fmt: skip
def test_a_registered_op_returning_other_numbers_makes_floats(
    forward: Any, slope: Any, value: float, derivative: float
) -> None:
    """An op whose rules return a numpy float32 (or an int) made a node holding it: every
    node computed from it, and the gradient through it, came out float32 (x.grad was
    np.float32(4410.5728)). The node holds the float each number equals."""
    register(Op("odd", "o", 1, forward, (slope,)))
    try:
        x = Value(1.1)
        y = apply("odd", x)
        assert type(y.data) is float and y.data == value
        assert [type(d) for d in y.local_grads] == [float] and y.local_grads == (derivative,)
        z = (y * 3.0).exp()
        z.backward()
        assert type(x.grad) is float
        assert x.grad == math.exp(3.0 * value) * 3.0 * derivative  # the float64 chain rule
    finally:
        unregister("odd")


def test_a_registered_row_is_made_to_give_floats_once_not_at_every_call(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """apply copied a registered row (its forward made to give a float) at every call:
    dataclasses.replace, ≈ 7 µs, a node of the op 6× the time it took before. The copy
    is made once a row; a row registered again under the name gets its own, computing
    with its own forward (oracles: 2a, then a + 10, by hand)."""
    import dataclasses

    copies = 0
    replace = dataclasses.replace

    def counted(obj: Any, **changes: Any) -> Any:
        nonlocal copies
        copies += 1
        return replace(obj, **changes)

    monkeypatch.setattr(dataclasses, "replace", counted)
    register(Op("twice", "t", 1, lambda m, a: 2 * a, (lambda m, a, y: 2,)))
    try:
        assert [apply("twice", Value(x)).data for x in (1.5, -0.25, 3.0)] == [3.0, -0.5, 6.0]
        assert copies == 1
    finally:
        unregister("twice")
    register(Op("twice", "t", 1, lambda m, a: a + 10, (lambda m, a, y: 1,)))
    try:
        y = apply("twice", Value(1.5))
        assert y.data == 11.5 and y.local_grads == (1.0,)
        assert copies == 2
    finally:
        unregister("twice")


def test_a_registered_op_returning_what_is_not_a_number_is_named() -> None:
    register(Op("cplx", "c", 1, lambda m, a: complex(a, 1.0), (lambda m, a, y: 1.0,)))
    try:
        with pytest.raises(TypeError, match=r"^cplx: its value is complex \(\(2\+1j\)\)"):
            apply("cplx", Value(2.0))
    finally:
        unregister("cplx")


@pytest.mark.parametrize(
    "returned", [complex(2.0, 1.0), np.complex128(2.0), np.array(2.0 + 1j)], ids=str
)
def test_a_registered_ops_complex_derivative_is_told_as_one(returned: Any) -> None:
    """An op's rule that returned a complex number was refused as "not a real number"
    without the words every other reader of a real number adds for a complex one."""
    register(Op("cplx", "c", 1, lambda m, a: a, (lambda m, a, y: returned,)))
    try:
        with pytest.raises(TypeError, match=r"^cplx: its derivative is .*, not a real number") as e:
            apply("cplx", Value(2.0))
        assert "a complex number is not taken for a real one" in str(e.value)
    finally:
        unregister("cplx")


def test_a_registered_op_may_return_a_bool_a_0d_array_or_a_decimal() -> None:
    """A step's derivative ``a > 0``, a kernel written with np.where (a 0-d array), a
    Decimal: each converts exactly with float(), and a first version refused them."""
    register(Op("ramp", "r", 1, lambda m, a: np.where(a > 0, a, 0.0), (lambda m, a, y: a > 0,)))
    try:
        x = Value(2.0)
        y = apply("ramp", x)
        assert type(y.data) is float and y.data == 2.0 and y.local_grads == (1.0,)
        y.backward()
        assert x.grad == 1.0
    finally:
        unregister("ramp")


@pytest.mark.parametrize(
    ("forward", "shown"),
    [(lambda m, a: "s", r"str \('s'\)"), (lambda m, a: np.array([a, a]), r"ndarray")],
)
@pytest.mark.parametrize("arity", [1, 2])
def test_a_registered_forward_returning_a_str_or_an_array_is_named(
    forward: Any, shown: str, arity: int
) -> None:
    # the inline nan check (y - y) ran first: "unsupported operand type(s) for -: 'str'
    # and 'str'", and numpy's "truth value of an array ... is ambiguous"
    rule = forward if arity == 1 else (lambda m, a, b: forward(m, a))
    slope = (lambda m, a, y: 1.0) if arity == 1 else (lambda m, a, b, y: 1.0)
    register(Op("oddout", "o", arity, rule, (slope,) * arity))
    try:
        with pytest.raises(TypeError, match=rf"^oddout: its value is {shown}"):
            apply("oddout", *[Value(2.0)] * arity)
    finally:
        unregister("oddout")


@pytest.mark.parametrize(
    ("op", "message"),
    [
        ("x", r"^register: expected an Op .* got str \('x'\)"),
        (
            Op("nc", "n", 1, lambda m, a: a, (1.0,)),  # type: ignore[arg-type]
            r"^register: nc's derivs\[0\] must be a function \(m, \*inputs, y\) -> number, "
            r"got float \(1\.0\)",
        ),
        (
            Op("nf", "n", 1, 3.0, (lambda m, a, y: 1.0,)),  # type: ignore[arg-type]
            r"^register: nf's forward must be a function",
        ),
        (
            Op("nk", "n", 1, lambda m, a: a, (lambda m, a, y: 1.0,), check="a > 0"),  # type: ignore[arg-type]
            r"^register: nk's check must be a function",
        ),
    ],
)
def test_register_refuses_a_row_that_is_no_op_or_whose_rules_are_no_functions(
    op: Any, message: str
) -> None:
    # a derivative 1.0 was taken, and failed at the op's first use as Python's "'float'
    # object is not callable"; register("x") raised AttributeError
    with pytest.raises(TypeError, match=message):
        register(op)
    assert getattr(op, "name", None) not in OPS


def test_an_op_registered_without_math_ends_no_message_with_empty_brackets() -> None:
    register(Op("nanslope", "n", 1, lambda m, a: a, (lambda m, a, y: math.nan,)))
    try:
        x = Value(1.0, label="q")
        with pytest.raises(ValueError, match="has to flow through it — at") as caught:
            apply("nanslope", x).backward()
        assert "()" not in str(caught.value)
    finally:
        unregister("nanslope")


ATAN2 = Op(
    "atan2", "atan2", 2,
    lambda m, a, b: m.atan2(a, b),
    (lambda m, a, b, y: b / (a * a + b * b), lambda m, a, b, y: -a / (a * a + b * b)),
    kernels=Kernels(math.atan2, np.arctan2), named=True, absorbs=True,
    math="y = atan2(a, b);  ∂y/∂a = b/(a² + b²),  ∂y/∂b = −a/(a² + b²)",
)  # fmt: skip


@pytest.fixture
def atan2() -> Iterator[Op]:
    register(ATAN2)
    try:
        yield ATAN2
    finally:
        unregister("atan2")


@pytest.mark.usefixtures("atan2")
def test_a_binary_rule_dividing_by_zero_keeps_the_value() -> None:
    """atan2(0, 0) = 0 (closed form: the angle of the point (1, 0)), but both of its
    derivatives, ±a/(a² + b²) there, divide 0 by 0: a binary op did not catch the
    ZeroDivisionError as a unary one did, so the plain forward crashed (while the
    traced replay computed the value and refused only a gradient through it). The
    limit at the origin does not exist: an error only if a gradient needs it."""
    from autograd_mini import InfiniteDerivative

    x, y = Value(0.0, label="x"), Value(0.0, label="y")
    z = apply("atan2", x, y)
    assert z.data == 0.0 and all(d != d for d in z.local_grads)  # nan: no limit
    with pytest.raises(InfiniteDerivative, match=r"∂y/∂a does not exist \(nan\)"):
        z.backward()
    assert apply("atan2", x, 0.0).data == 0.0  # a constant operand: one rule evaluated
    # away from the origin, the rules are the closed forms b/(a² + b²), −a/(a² + b²)
    a, b = Value(0.6), Value(-0.8)
    apply("atan2", a, b).backward()
    assert (a.grad, b.grad) == pytest.approx((-0.8, -0.6), rel=1e-15)
    w = Value(1.0)
    traced = trace(lambda r: apply("atan2", r[0] * w, r[1]), [0.5, 1.0], params=[w])
    with pytest.raises(InfiniteDerivative):  # the replay agrees
        traced.backward(np.array([[0.5, 1.0], [0.0, 0.0]]))


def test_a_rule_dividing_by_zero_keeps_the_sign_of_its_limit() -> None:
    """y = −√a: dy/da = −1/(2√a) → −∞ as a → 0⁺ (closed form). A ZeroDivisionError
    says no sign, and the engine stored +inf for every such slope: an error about it
    said "is inf". The rule evaluated in IEEE arithmetic (as the replay does) gives −inf."""
    from autograd_mini import InfiniteDerivative

    register(Op("negsqrt", "−√", 1, lambda m, a: -m.sqrt(a), (lambda m, a, y: -0.5 / m.sqrt(a),)))
    try:
        x = Value(0.0, label="x")
        y = apply("negsqrt", x)
        assert y.data == 0.0 and y.local_grads == (-math.inf,)
        with pytest.raises(InfiniteDerivative, match=r"dy/da is -inf"):
            y.backward()
    finally:
        unregister("negsqrt")


def _log1p_without_check(quiet_float: bool) -> Op:
    """log1p as a contributor might register it, with no ``check=``: math.log1p refuses
    −2 ("math domain error"); a float kernel written with numpy gives nan there."""

    def quiet(x: float) -> float:
        with np.errstate(invalid="ignore"):
            return float(np.log1p(x))

    kernel = quiet if quiet_float else math.log1p
    return Op("log1p", "log1p", 1, lambda m, a: m.log1p(a), (lambda m, a, y: 1.0 / (1.0 + a),),
              kernels=Kernels(kernel, np.log1p), named=True)  # fmt: skip


@pytest.mark.parametrize("quiet_float", [False, True])
def test_an_op_without_a_check_is_named_where_its_kernel_fails(quiet_float: bool) -> None:
    """log1p(−2) has no real value. Without a check the eager engine let math.log1p's
    bare "ValueError: math domain error" out (no op, no node), or, for a kernel giving
    nan, called it an overflow; the replay said OpOverflow "the result overflows a float
    (a partial sum ... meets its opposite)". Each now says the op gave no value at that
    input: a DomainError naming the op, the input and the node."""
    register(_log1p_without_check(quiet_float))
    try:
        with pytest.raises(DomainError) as info:
            apply("log1p", Value(-2.0, label="x"))
        assert not isinstance(info.value, OverflowError)
        assert re.search(r"^log1p of -2\.0\b.*domain.*\(node 'x'\)$", str(info.value))
        assert apply("log1p", Value(1.5)).data == pytest.approx(math.log(2.5), rel=1e-15)
        w = Value(1.0)
        traced = trace(lambda r: apply("log1p", r[0] * w), [0.5], params=[w])
        with pytest.raises(DomainError) as info:
            traced.backward(np.array([[0.5], [-2.0]]))
        assert not isinstance(info.value, OverflowError)
        assert re.search(r"log1p of -2\.0\b.*domain.*sample 1", str(info.value)), info.value
    finally:
        unregister("log1p")


# A forward returning a numpy number that is inf or nan: converted to a float, and then
# checked as any op's value is (the merge of two fixes converted it and checked nothing:
# `apply("npinf", x)` gave a Value of inf without a word). Oracle: the number itself.
# The error is all the user sees: numpy's own inf − inf printed a RuntimeWarning
# ("invalid value encountered in scalar subtract") before it (warnings are errors here).
@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize(
    ("value", "error"),
    [(np.float64(math.inf), OpOverflow), (np.float32(math.inf), OpOverflow),
     (np.float64(-math.inf), OpOverflow), (np.array(math.inf), OpOverflow),
     (np.float64(math.nan), DomainError)],
)  # fmt: skip
@pytest.mark.parametrize("arity", [1, 2])
def test_a_numpy_inf_or_nan_from_a_registered_forward_is_refused_there(
    value: Any, error: type[Exception], arity: int
) -> None:
    forward = (lambda m, a: value) if arity == 1 else (lambda m, a, b: value)
    derivs = (lambda m, *_: 1.0,) * arity
    register(Op("npodd", "npodd", arity, forward, derivs))
    try:
        inputs = [Value(2.0, label="x")] * arity
        with pytest.raises(error, match=r"npodd of 2\.0.*'x'"):
            apply("npodd", *inputs)
    finally:
        unregister("npodd")


# What no arithmetic may touch before it is a float: numpy's inf − inf warned for an
# array of inf too (then the TypeError), a complex inf as well, and a Decimal('Infinity')
# raised decimal's bare InvalidOperation ("[<class 'decimal.InvalidOperation'>]"),
# naming neither the op nor the node. Oracle: the number itself (an array or a complex
# is no real number; Decimal('Infinity') is a float's inf, 10**400 beyond a float).
@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize(
    ("value", "error", "said"),
    [(np.array([math.inf]), TypeError, r"^npodd: its value is ndarray \(array\(\[inf\]\)\)"),
     (np.complex128(complex(math.inf, 0.0)), TypeError, r"^npodd: its value is complex128"),
     (Decimal("Infinity"), OpOverflow, r"^npodd of 2\.0.* gives inf: .*'x'"),
     (Decimal("-Infinity"), OpOverflow, r"^npodd of 2\.0.* gives -inf: .*'x'"),
     # past a float: the op's overflow, naming the node (a bare OverflowError named none)
     (10**400, OpOverflow, r"^npodd of 2\.0.* gives inf: the result overflows a float.*'x'")],
)  # fmt: skip
@pytest.mark.parametrize("arity", [1, 2])
def test_a_forwards_odd_number_is_one_error_naming_the_op(
    value: Any, error: type[Exception], said: str, arity: int
) -> None:
    forward = (lambda m, a: value) if arity == 1 else (lambda m, a, b: value)
    register(Op("npodd", "npodd", arity, forward, (lambda m, *_: 1.0,) * arity))
    try:
        with pytest.raises(error, match=said):
            apply("npodd", *[Value(2.0, label="x")] * arity)
    finally:
        unregister("npodd")


@pytest.mark.parametrize(
    ("value", "said"),
    [(np.timedelta64(5), r"timedelta64 \(np\.timedelta64\(5\)\).*a duration, not a number"),
     (np.timedelta64(5, "s"), r"timedelta64 .*a duration, not a number"),
     (np.array(np.timedelta64(5)), r"ndarray .*a duration, not a number"),
     (np.datetime64(5, "D"), r"datetime64 .*a date, not a number")],
)  # fmt: skip
def test_a_forward_returning_a_numpy_time_is_named(value: Any, said: str) -> None:
    """numpy counts a timedelta64 as an integer: an op whose forward returned
    np.timedelta64(5) had the value 5.0 (float() reads its count), one of (5, 's') a bare
    TypeError of float() naming no op."""
    register(Op("npodd", "npodd", 1, lambda m, a: value, (lambda m, a, y: 1.0,)))
    try:
        with pytest.raises(TypeError, match=rf"^npodd: its value is {said}"):
            apply("npodd", Value(2.0, label="x"))
    finally:
        unregister("npodd")


def test_a_nan_from_a_check_less_op_names_an_overflow_inside_it_as_possible() -> None:
    """A forward whose formula overflows part-way, a·10³⁰⁹ − a·10³⁰⁹ (inf − inf = nan at
    a = 1, where the op's value is 0): the input is inside its domain, and the message
    may not say it is outside alone."""
    row = Op(
        "cancel", "cancel", 1,
        lambda m, a: (a * 1e308) * 10.0 - (a * 1e308) * 10.0,
        (lambda m, a, y: 0.0,),
    )  # fmt: skip
    register(row)
    try:
        with pytest.raises(DomainError) as caught:
            apply("cancel", Value(1.0, label="x"))
        assert "overflow" in str(caught.value), caught.value
    finally:
        unregister("cancel")


def test_a_kernel_error_of_an_op_with_a_check_does_not_say_it_has_none() -> None:
    """A row with a check= that let the input through, whose kernel then raised, was told
    "its row has no check= to say why"."""
    row = Op(
        "mylog", "mylog", 1, lambda m, a: m.mylog(a), (lambda m, a, y: 1.0 / a,),
        kernels=Kernels(math.log, np.log), check=lambda a: None,
    )  # fmt: skip
    register(row)
    try:
        with pytest.raises(DomainError) as caught:
            apply("mylog", Value(-1.0, label="x"))
        assert "no check=" not in str(caught.value), caught.value
        assert "mylog of -1.0" in str(caught.value)
    finally:
        unregister("mylog")


def test_a_numpy_function_refused_while_another_thread_registers_an_op(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``np.log1p(v)``'s refusal lists the numpy functions a Value goes through, read
    from the table in a Python loop: an op registered by another thread while that loop
    ran raised "dictionary changed size during iteration" in place of the refusal. The
    switch is forced: the loop's first look at numpy for an op's name waits until the
    other thread has registered."""
    import threading

    import autograd_mini.ufuncs as ufuncs

    names = set(OPS)
    looking, registered = threading.Event(), threading.Event()

    class Numpy:  # numpy, which tells when the loop over the table has begun
        def __getattr__(self, name: str) -> Any:
            if name in names and not looking.is_set():
                looking.set()
                registered.wait(10)
            return getattr(np, name)

    op = Op("cube_meanwhile", "cube", 1, lambda m, a: a * a * a, (lambda m, a, y: 3.0 * a * a,))

    def other() -> None:
        looking.wait(10)
        register(op)
        registered.set()

    thread = threading.Thread(target=other)
    thread.start()
    monkeypatch.setattr(ufuncs, "np", Numpy())
    try:
        with pytest.raises(TypeError, match=r"^np\.log1p: the engine has no op 'log1p'"):
            np.log1p(Value(0.5))
    finally:
        monkeypatch.undo()
        looking.set()  # the other thread goes on whatever happened here
        thread.join()
        if op.name in OPS:
            unregister(op.name)
    assert registered.is_set()
