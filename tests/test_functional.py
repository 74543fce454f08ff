"""``grad``: first and higher derivatives of Python functions, against closed forms."""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd_mini import (
    Value,
    dot,
    grad,
    gradients,
    hessian,
    hvp,
    jacobian,
    jvp,
    no_grad,
    vjp,
    vsum,
)

EXAMPLES = settings(max_examples=25, deadline=None)
near = st.floats(-3.0, 3.0, allow_nan=False)
positive = st.floats(0.2, 3.0, allow_nan=False)


def close(got: float, want: float, rel: float = 1e-9, abs_: float = 1e-9) -> bool:
    return math.isclose(got, want, rel_tol=rel, abs_tol=abs_)


def test_grad_returns_floats() -> None:
    d = grad(lambda x: x * x * x)
    out = d(2.0)
    assert type(out) is float and out == 12.0
    assert d.__name__ == "grad_<lambda>"


@given(near)
@EXAMPLES
def test_second_derivative_of_tanh(x: float) -> None:
    """d²/dx² tanh x = −2 tanh x · sech² x."""
    t = math.tanh(x)
    want = -2 * t * (1 - t * t)
    assert close(grad(grad(lambda v: v.tanh()))(x), want)
    # the same through backward(create_graph=True) and the leaf's grad_graph
    v = Value(x)
    v.tanh().backward(create_graph=True)
    assert close(v.grad, 1 - t * t)
    first = v.grad_graph
    assert first is not None
    (second,) = gradients(first, [v])
    assert close(second, want)


@given(near)
@EXAMPLES
def test_third_derivative_of_x_to_the_fifth(x: float) -> None:
    """d/dx x⁵ = 5x⁴, d² = 20x³, d³ = 60x², d⁴ = 120x, d⁵ = 120, d⁶ = 0."""

    def f(v: Value) -> Value:
        return v**5

    d1, d2, d3 = grad(f), grad(grad(f)), grad(grad(grad(f)))
    assert close(d1(x), 5 * x**4)
    assert close(d2(x), 20 * x**3)
    assert close(d3(x), 60 * x**2)
    d5 = grad(grad(d3))
    assert close(grad(d3)(x), 120 * x)
    assert close(d5(x), 120.0)
    assert grad(d5)(x) == 0.0


def test_third_derivative_via_repeated_backward_create_graph() -> None:
    x0 = 1.3
    x = Value(x0)
    (x**5).backward(create_graph=True)
    g1 = x.grad_graph
    assert g1 is not None and close(g1.data, 5 * x0**4)
    x.zero_grad()
    g1.backward(create_graph=True)
    g2 = x.grad_graph
    assert g2 is not None and close(g2.data, 20 * x0**3)
    x.zero_grad()
    g2.backward()
    assert close(x.grad, 60 * x0**2)


@given(near, near)
@EXAMPLES
def test_mixed_partials_with_argnums(x: float, y: float) -> None:
    """f = x²y³ + sin(xy):  ∂²f/∂x∂y = 6xy² + cos(xy) − xy·sin(xy), either order."""

    def f(a: Value, b: Value) -> Value:
        return a * a * b**3 + (a * b).sin()

    want = 6 * x * y * y + math.cos(x * y) - x * y * math.sin(x * y)
    assert close(grad(grad(f, 0), 1)(x, y), want, rel=1e-8, abs_=1e-8)
    assert close(grad(grad(f, 1), 0)(x, y), want, rel=1e-8, abs_=1e-8)
    fx, fy = grad(f, argnums=(0, 1))(x, y)
    assert close(fx, 2 * x * y**3 + y * math.cos(x * y))
    assert close(fy, 3 * x * x * y * y + x * math.cos(x * y))
    # ∂²f/∂x² = 2y³ − y² sin(xy)
    assert close(grad(grad(f, 0), 0)(x, y), 2 * y**3 - y * y * math.sin(x * y), 1e-8, 1e-8)
    assert close(grad(f, -1)(x, y), fy)


@given(near)
@EXAMPLES
def test_higher_order_through_dot_and_vsum(x: float) -> None:
    def f(v: Value) -> Value:
        # dot: x·x² + 3x + 2x + x = x³ + 6x;  vsum adds sin x + 2 + x²
        return vsum([dot([v, v, 2.0], [v**2, 3.0, v], v), v.sin(), 2.0, v * v])

    assert close(grad(f)(x), 3 * x * x + 6 + math.cos(x) + 2 * x)
    assert close(grad(grad(f))(x), 6 * x - math.sin(x) + 2)
    assert close(grad(grad(grad(f)))(x), 6 - math.cos(x))


@given(positive)
@EXAMPLES
def test_higher_order_through_pow(x: float) -> None:
    """xˣ: (xˣ)″ = xˣ((ln x + 1)² + 1/x);  2ˣ: (2ˣ)″ = 2ˣ ln²2;  x^2.5: ″ = 3.75 x^0.5."""
    lx = math.log(x)
    assert close(grad(grad(lambda v: v**v))(x), x**x * ((lx + 1) ** 2 + 1 / x))
    assert close(grad(grad(lambda v: 2**v))(x), 2**x * math.log(2) ** 2)
    assert close(grad(grad(lambda v: v**2.5))(x), 3.75 * x**0.5)
    assert close(grad(grad(lambda v: 1 / v))(x), 2 / x**3)
    assert close(grad(grad(lambda v: v.sqrt().log()))(x), -0.5 / x**2)


@given(near)
@EXAMPLES
def test_fourth_derivative_of_sin_and_exp(x: float) -> None:
    d4 = grad(grad(grad(grad(lambda v: v.sin()))))
    assert close(d4(x), math.sin(x))
    d3 = grad(grad(grad(lambda v: (2 * v).exp())))
    assert close(d3(x), 8 * math.exp(2 * x))


@given(st.floats(-3.0, -0.1), st.floats(0.0, 1.0))
@EXAMPLES
def test_higher_order_through_leaky_relu(x: float, s: float) -> None:
    """For x < 0, leaky_relu(x³, s) = s·x³:  ∂²/∂x² = 6sx,  ∂²/∂x∂s = 3x²."""

    def f(a: Value, slope: Value) -> Value:
        return (a * a * a).leaky_relu(slope)

    assert close(grad(grad(f, 0), 0)(x, s), 6 * s * x)
    assert close(grad(grad(f, 0), 1)(x, s), 3 * x * x)
    assert close(grad(grad(lambda a: (a * a * a).leaky_relu(0.2)))(x), 1.2 * x)
    # on the positive side the slope has no effect
    assert close(grad(grad(f, 0), 1)(-x, s), 0.0)


def test_non_differentiated_arguments_pass_through() -> None:
    def f(v: Value, n: int, name: str) -> Value:
        assert isinstance(n, int) and name == "label"
        return v**n

    assert grad(f)(2.0, 3, "label") == 12.0


def test_constant_function_has_zero_derivative() -> None:
    assert grad(lambda v: 3.0)(1.0) == 0.0
    assert grad(grad(lambda v: v * 2))(1.0) == 0.0
    assert grad(lambda a, b: a * 0 + 1.0, argnums=(0, 1))(1.0, 2.0) == (0.0, 0.0)


def test_argnums_out_of_range() -> None:
    with pytest.raises(IndexError, match="grad: argnums 2"):
        grad(lambda a, b: a * b, argnums=2)(1.0, 2.0)


def test_grad_does_not_touch_leaf_grad() -> None:
    x = Value(2.0)
    assert grad(lambda v: v * v)(x).data == 4.0  # a Value in, a Value out
    assert x.grad == 0.0


# --------------------------------------------------------------------------- review of 2026-12-03


def test_an_inner_transform_keeps_a_closed_over_outer_value() -> None:
    """inner(t) = ∂/∂a (a²·t) at a = 2 = 4t, with t reaching the inner f only through a
    closure: d inner/dt = 4 (it came out 0, the inner result a plain float)."""

    def inner(t: Any) -> Any:
        return grad(lambda a: a * a * t)(2.0)

    assert inner(3.0) == 12.0
    assert grad(inner)(3.0) == 4.0
    assert jacobian(inner)(3.0) == [[4.0]]
    assert grad(lambda t: jacobian(lambda a: a * a * t)(2.0)[0][0])(3.0) == 4.0


def test_grad_keeps_an_argument_apart_from_the_same_value_elsewhere() -> None:
    """∂(a·b)/∂a = b = 3 when a and b are the same Value v = 3 (it gave 6, the whole
    derivative in v); d/dt ∂(a·t)/∂a at a = t is dt/dt = 1."""
    v = Value(3.0)
    assert grad(lambda a, b: a * b, 0)(v, v).data == 3.0
    assert [g.data for g in grad(lambda a, b: a * b, (0, 1))(v, v)] == [3.0, 3.0]
    assert grad(lambda t: grad(lambda a: a * t)(t))(3.0) == 1.0


def test_grad_inside_no_grad_is_refused_like_the_other_transforms() -> None:
    with no_grad(), pytest.raises(RuntimeError, match=r"grad: grad mode is off"):
        grad(lambda x: x * x)(3.0)


def test_a_graph_asked_for_is_recorded_inside_no_grad() -> None:
    """create_graph=True inside no_grad: d²(x³)/dx² = 6x = 18 at x = 3 (it gave 0)."""
    x = Value(3.0)
    y = x**3
    with no_grad():
        (g,) = gradients(y, [x], create_graph=True)
    assert g.data == 27.0
    assert gradients(g, [x]) == [18.0]
    x = Value(3.0)
    y = x**3
    with no_grad():
        y.backward(create_graph=True)
    assert x.grad_graph is not None
    assert gradients(x.grad_graph, [x]) == [18.0]


def test_a_graph_pass_inside_no_grad_adds_to_a_held_gradient_as_a_graph() -> None:
    """x = 3 holding a gradient, then (x³).backward(create_graph=True) inside no_grad: the
    sum of the held gradient and 3x² was added unrecorded, so grad_graph was a constant
    (its derivative refused as computed inside no_grad, and taken as 0 inside a larger
    graph: 33 for d(grad_graph·x)/dx). Held from a plain pass, 2x = 6: grad 6 + 27 =
    33, d/dx = 6x = 18; held from a graph pass, 2x as a graph: d/dx (2x + 3x²) = 2 + 6x
    = 20 (closed forms)."""
    for first_graph, slope in ((False, 18.0), (True, 20.0)):
        x = Value(3.0)
        (x * x).backward(create_graph=first_graph)
        y = x**3
        with no_grad():
            y.backward(create_graph=True)
        assert x.grad == 33.0
        assert x.grad_graph is not None and x.grad_graph.data == 33.0
        assert gradients(x.grad_graph, [x]) == [slope]
        assert gradients(x.grad_graph * x, [x]) == [33.0 + 3.0 * slope]  # product rule


def test_a_zero_gradient_through_a_node_with_an_undefined_slope_keeps_its_other_slopes() -> None:
    """f = (x − 1)·aⁿ at x = 1, a = −2, n = 3: ∂(aⁿ)/∂n = aⁿ·ln a does not exist (a < 0),
    and the gradient reaching aⁿ is x − 1 = 0. The finite slope ∂(aⁿ)/∂a = n·aⁿ⁻¹ = 12
    still carries the second derivative: ∂²f/∂x∂a = n·aⁿ⁻¹ = 12 both ways round (the
    whole node was skipped, and the Hessian came out [[0, 12], [0, 0]])."""
    from autograd_mini import hessian

    n = Value(3.0, label="n")  # a learned exponent, say

    def f(x: Any, a: Any) -> Any:
        return (x - 1.0) * a**n

    assert hessian(f, argnums=(0, 1))(1.0, -2.0) == [[0.0, 12.0], [12.0, 0.0]]
    x, a = Value(1.0), Value(-2.0)
    _, df_da = gradients(f(x, a), [x, a], create_graph=True)
    assert gradients(df_da, [x]) == [12.0]


@pytest.mark.parametrize("x", [20.0, 30.0, 40.0])
def test_the_second_derivative_of_logaddexp_keeps_its_tail(x: float) -> None:
    """d²/dx² log(eˣ + 1) = σ(x)σ(−x) (closed form, mpmath-free: e⁻ˣ/(1 + e⁻ˣ)²); at x = 40
    it is 4.25e-18, which the rule eᵃ⁻ʸ cancelled to 0."""
    want = math.exp(-x) / (1.0 + math.exp(-x)) ** 2
    got = grad(grad(lambda t: t.logaddexp(0.0)))(x)
    assert got == pytest.approx(want, rel=1e-12, abs=0.0)


@pytest.mark.parametrize(
    ("result", "message"),
    [
        (float("nan"), "f's result is nan"),
        (float("inf"), "f's result is inf"),
        (10**400, "f's result is an integer of 401 digits"),
    ],
)
def test_a_plain_result_that_is_not_finite_is_refused(result: float, message: str) -> None:
    """f returning a plain nan (np.log(-1.0) instead of x.log()) got the derivative 0.0
    from grad, where jvp, vjp and jacobian refuse it."""
    with pytest.raises(ValueError, match=re.escape(message)):
        grad(lambda x: result)(1.0)
    assert grad(lambda x: 3.0)(1.0) == 0.0  # a finite constant: derivative 0


def test_an_integer_beyond_python_s_own_printing_limit_is_named() -> None:
    """str() of an integer over 4,300 digits is itself a ValueError in Python: the message
    naming the integer by its digits raised that instead."""
    with pytest.raises(ValueError, match=r"f's result is an integer of about 5000 digits"):
        grad(lambda x: 10**5000)(1.0)


# ----------------------------------------------------------------- floats inside a transform

FLOATS_REFUSED = r"create_graph=False inside {} .* would silently be 0; pass create_graph=True"


def test_gradients_handing_back_floats_inside_a_transform_is_refused() -> None:
    """Inside grad, ∂(2y²)/∂y = 4y came back as the float 20.0: a constant to grad, which
    answered d/dy 4y = 0 (it is 4). The same float cut every transform's derivative off:
    d/dy of ∂(y³)/∂y = 3y² is 6y = 12 at y = 2, d²/dy² is 6 (hessian gave [[0.0]])."""
    with pytest.raises(RuntimeError, match=FLOATS_REFUSED.format("grad")):
        grad(lambda y: gradients(y * y * 2.0, [y])[0])(5.0)

    def dcube(y: Any) -> Any:
        return gradients(y * y * y, [y])[0]

    with pytest.raises(RuntimeError, match=FLOATS_REFUSED.format("hessian")):
        hessian(dcube)(2.0)
    with pytest.raises(RuntimeError, match=FLOATS_REFUSED.format("jvp")):
        jvp(dcube, (2.0,), (1.0,))
    with pytest.raises(RuntimeError, match=FLOATS_REFUSED.format("vjp")):
        vjp(dcube, 2.0)
    for mode in ("reverse", "forward"):
        with pytest.raises(RuntimeError, match=FLOATS_REFUSED.format("jacobian")):
            jacobian(dcube, mode=mode)(2.0)
    with pytest.raises(RuntimeError, match=FLOATS_REFUSED.format("hvp")):
        hvp(lambda y: dcube(y) * y, (2.0,), (1.0,))
    # as the message says: with create_graph=True each is the closed form
    assert grad(lambda y: gradients(y * y * 2.0, [y], create_graph=True)[0])(5.0) == 4.0

    def dcube_graph(y: Any) -> Any:
        return gradients(y * y * y, [y], create_graph=True)[0]

    assert hessian(dcube_graph)(2.0) == [[6.0]]
    assert jvp(dcube_graph, (2.0,), (1.0,)) == (12.0, 12.0)
    # a root that does not depend on the transform's inputs: its floats are right,
    # d/dy (y · ∂c²/∂c) = 2c = 6 at c = 3
    c = Value(3.0)
    assert grad(lambda y: y * gradients(c * c, [c])[0])(5.0) == 6.0


def test_gradients_of_an_outer_transform_s_input_inside_an_inner_one_is_refused() -> None:
    """∂(x²)/∂x = 2x taken inside a grad over y nested in a grad over x: the inner grad is
    2x, whose derivative in x is 2 (the float 2x made it 0). The root depends on the
    outer transform's input only, and is refused all the same."""

    def outer(x: Any, create_graph: bool) -> Any:
        return grad(lambda y: y * gradients(x * x, [x], create_graph=create_graph)[0])(1.0)

    with pytest.raises(RuntimeError, match=FLOATS_REFUSED.format("grad")):
        grad(lambda x: outer(x, False))(3.0)
    assert grad(lambda x: outer(x, True))(3.0) == 2.0


def test_grad_of_a_list_argument_says_grad_takes_numbers_and_names_jacobian() -> None:
    """grad(f)([1.0, 2.0]) failed inside Value() ("Value: expected a real number or a
    Value, got list"), naming neither grad nor the argument."""
    with pytest.raises(
        TypeError,
        match=r"grad: argument 0 is list \(\[1\.0, 2\.0\]\); grad takes one number .* per "
        r"differentiated argument — for a list of numbers use jacobian\(f, argnums=0\)",
    ):
        grad(lambda v: v[0] * v[1])([1.0, 2.0])
    # a negative argnums is named by its position
    with pytest.raises(TypeError, match=r"grad: argument 1 is tuple .* jacobian\(f, argnums=1\)"):
        grad(lambda a, v: a * v[0], argnums=(0, -1))(1.0, (2.0,))
    with pytest.raises(TypeError, match=r"grad: argument 0 is str \('2'\); grad takes one number"):
        grad(lambda v: v * v)("2")
    # what the message points to: ∂(v₀v₁)/∂v = (v₁, v₀)
    assert jacobian(lambda v: v[0] * v[1])([1.0, 2.0]) == [[2.0, 1.0]]


@pytest.mark.parametrize(
    ("flag", "shown"),
    [(True, "True"), (np.True_, "np.True_"), (np.array(True), "np.True_")],
    ids=["bool", "np.bool_", "0-d"],
)
def test_grad_of_a_boolean_says_boolean(flag: object, shown: str) -> None:
    """grad(f)(np.array(True)) read "argument 0 is bool (np.True_)", a type name and a
    note where the other refusals say "the boolean True"."""
    with pytest.raises(TypeError) as caught:
        grad(lambda v: v * v)(flag)
    assert str(caught.value) == (
        f"grad: argument 0 is the boolean {shown}; grad takes one number "
        "(or Value) per differentiated argument — a boolean is no number here: pass 1.0 or 0.0"
    )


@pytest.mark.parametrize(
    ("flag", "shown"),
    [(True, "True"), (np.True_, "np.True_"), (np.array(True), "np.True_")],
    ids=["bool", "np.bool_", "0-d"],
)
@pytest.mark.parametrize(
    ("call", "where"),
    [
        (lambda b: jacobian(lambda v: v * v)(b), "jacobian: argument 0"),
        (lambda b: hessian(lambda v: v * v)(b), "hessian: argument 0"),
        (lambda b: jvp(lambda v: v * v, (b,), (1.0,)), "jvp: primals[0]"),
        (lambda b: jvp(lambda v: v * v, (1.0,), (b,)), "jvp: tangents[0]"),
    ],
    ids=["jacobian", "hessian", "jvp primal", "jvp tangent"],
)
def test_the_other_transforms_say_boolean_as_grad_does(
    call: Any, where: str, flag: object, shown: str
) -> None:
    """grad's refusal of a boolean was mended to "the boolean np.True_"; jacobian,
    hessian and jvp still read "argument 0 is bool (np.True_)", a type and a note."""
    with pytest.raises(TypeError) as caught:
        call(flag)
    assert str(caught.value) == (
        f"{where} is the boolean {shown}; expected a number, a Value, or a list/tuple of "
        "them — a boolean is no number here: pass 1.0 or 0.0"
    )


def test_a_second_derivatives_refusal_names_the_function_called_and_no_add() -> None:
    """grad(grad(log))(1e-308): ∂(1/x)/∂x = −1/x² is −inf. The refusal began with
    "gradients:", a function the user never called, and named the input 'argument 0'
    "(op 'add')", the transform's own + 0; the node it failed at, 1/x, was named by op
    and value only, now by the input it was computed from too."""
    from autograd_mini import InfiniteDerivative, grad, jacobian

    with pytest.raises(InfiniteDerivative) as caught:
        grad(grad(lambda x: x.log()))(1e-308)
    message = str(caught.value)
    assert message.startswith("grad: div of 1.0 and 1e-308: ")
    assert "'add'" not in message and "gradients" not in message
    assert "(op 'div', value 1e+308) computed from node 'argument 0'," in message
    assert "input node 'argument 0' (a function transform's input)" in message
    with pytest.raises(InfiniteDerivative, match=r"^jacobian: div of 1\.0 and 1e-308: "):
        jacobian(grad(lambda x: x.log()))(1e-308)


def test_a_transforms_inputs_are_named_in_errors_by_argument_or_own_label() -> None:
    """Inside nested transforms the input f sees is a node the transform made (an outer
    Value + 0): an error about ∂y/∂(that input) named "unlabelled node (op 'add')", a node
    the user never made. The inputs carry the user's label, or the argument's place."""
    from autograd_mini import InfiniteDerivative, grad, jvp

    def f(x: Value, y: Value) -> Value:
        return y * x.sqrt()  # ∂²f/∂y∂x = 1/(2√x): no value at x = 0

    inner = r"\(a function transform's input\)"  # not "(op 'add')": the user wrote no add
    with pytest.raises(InfiniteDerivative, match=rf"input node 'argument 0' ({inner}|\(leaf\))"):
        grad(grad(f, 0), 1)(0.0, 0.0)
    with pytest.raises(InfiniteDerivative, match=rf"input node 'argument 0' {inner}"):
        grad(lambda t: grad(grad(f, 0), 1)(t, 0.0))(0.0)
    with pytest.raises(InfiniteDerivative, match=rf"input node 'x' {inner}"):
        grad(grad(f, 0), 1)(Value(0.0, label="x"), 0.0)
    seen: list[str] = []

    def g(p: list[Value]) -> Value:
        seen.extend(v.label for v in p)
        return p[0] * p[1]

    jvp(g, ([1.0, 2.0],), ([1.0, 0.0],))
    assert seen == ["primals[0][0]", "primals[0][1]"]
    with pytest.raises(ValueError, match=r"^grad: argument 1 is nan, expected a finite number"):
        grad(f, (0, 1))(1.0, math.nan)


def test_a_users_own_labelled_x_plus_zero_is_described_as_an_add() -> None:
    """describe() took any labelled add of one Value and 0.0 for a transform's input (its
    shape): a user's own ``y = x + 0.0`` was "node 'y' (a function transform's input)",
    outside a transform too. The transform marks the inputs it makes; copies keep it."""
    import copy
    import pickle

    from autograd_mini.value import describe

    x = Value(2.0, label="x")
    y = x + 0.0
    y.label = "y"
    assert describe(y) == "node 'y' (op 'add')"
    seen: list[tuple[Value, str]] = []

    def f(t: Value) -> Value:
        u = t + 0.0
        u.label = "u"
        seen.append((t, describe(u)))
        return u * u

    assert grad(f)(3.0) == 6.0  # f's input: a leaf
    assert grad(grad(f))(3.0) == 2.0  # f's input: the outer input + 0, inside a transform
    (outer, said_u), (inner, said_inner_u) = seen
    assert said_u == said_inner_u == "node 'u' (op 'add')"
    assert inner.op == "add" and not outer.op
    made = "node 'argument 0' (a function transform's input)"
    assert describe(inner) == made
    assert describe(copy.deepcopy(inner)) == describe(pickle.loads(pickle.dumps(inner))) == made
    assert describe(outer) == "node 'argument 0' (leaf)"


def test_the_kink_convention_the_readme_states() -> None:
    """README: at a kink the derivative taken is 0 (PyTorch's torch.abs and torch.relu
    give 0 at 0 too), though |x|'s one-sided directional derivative at 0 along −1 is 1."""
    assert jvp(abs, (0.0,), (-1.0,)) == (0.0, 0.0)
    assert jvp(lambda x: x.relu(), (0.0,), (1.0,)) == (0.0, 0.0)
    assert grad(abs)(0.0) == 0.0
    assert grad(lambda x: x.relu())(0.0) == 0.0
    h = 1e-8  # the one-sided difference quotient, (|0 − h| − |0|)/h
    assert (abs(0.0 - h) - abs(0.0)) / h == 1.0


def test_numpy_ints_name_arguments_as_ints_do() -> None:
    # argnums=np.int64(1) was refused ("argnums must be an int ..., got np.int64(1)"),
    # by grad, jacobian and hessian alike, and so was a list from np.arange.
    # Oracle: f = a²·b by hand, ∂f/∂a = 2ab, ∂f/∂b = a², ∂²f/∂a² = 2b.
    def f(a: Any, b: Any) -> Any:
        return a * a * b

    a, b = 1.5, 2.0
    assert grad(f, argnums=np.int64(1))(a, b) == a * a  # one number, not a tuple
    assert grad(f, argnums=list(np.arange(2)))(a, b) == (2 * a * b, a * a)
    assert jacobian(lambda a, b: [f(a, b)], argnums=np.int64(0))(a, b) == [[2 * a * b]]
    assert jacobian(lambda a, b: [f(a, b)], argnums=list(np.arange(2)))(a, b) == [
        [2 * a * b, a * a]
    ]
    assert hessian(f, argnums=np.int32(0))(a, b) == [[2 * b]]
    for who, call in [
        ("grad", lambda n: grad(f, argnums=n)),
        ("jacobian", lambda n: jacobian(f, argnums=n)),
        ("hessian", lambda n: hessian(f, argnums=n)),
    ]:
        for slip in (np.True_, True, 1.0):  # a bool or a float is still no position
            with pytest.raises(TypeError, match=f"{who}: argnums must"):
                call(slip)
