"""``gradcheck`` and ``numerical_gradient``: pass on right gradients, fail loudly on wrong."""

from __future__ import annotations

import dataclasses
import math
import re
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from op_cases import CASE_IDS, CASES, Case

import autograd_mini.value as value_module
from autograd_mini import (
    OPS,
    DomainError,
    GradcheckError,
    InfiniteDerivative,
    NoGraph,
    NonFiniteGradient,
    OpOverflow,
    Value,
    grad,
    gradcheck,
    numerical_gradient,
)


def test_numerical_gradient_matches_closed_forms() -> None:
    g = numerical_gradient(lambda x, y: x**3 * y + y.exp(), 2.0, 0.5)
    assert g[0] == pytest.approx(3 * 4.0 * 0.5, rel=1e-8)
    assert g[1] == pytest.approx(8.0 + math.exp(0.5), rel=1e-8)
    # O(ε²) error: with ε = 0.1, (x+ε)³ − (x−ε)³ over 2ε is 3x² + ε² exactly
    (coarse,) = numerical_gradient(lambda x: x**3, 2.0, eps=0.1)
    assert coarse == pytest.approx(12.0 + 0.01, rel=1e-10)


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_gradcheck_passes_on_every_op(case: Case) -> None:
    @settings(max_examples=5, deadline=None)
    @given(case.inputs())
    def check(xs: tuple[float, ...]) -> None:
        assert gradcheck(case.fn, *xs) is True

    check()


def test_gradcheck_accepts_values_and_leaves_them_alone() -> None:
    x = Value(0.3)
    assert gradcheck(lambda a, b: (a * b).tanh() + a.sigmoid(), x, -1.2)
    assert x.grad == 0.0


@pytest.fixture
def wrong_sin(monkeypatch: pytest.MonkeyPatch) -> None:
    """Value.sin with a backward rule off by 10 % (undone after the test)."""
    bad = dataclasses.replace(OPS["sin"], derivs=(lambda m, a, y: 1.1 * m.cos(a),))
    monkeypatch.setattr(value_module, "_SIN", bad)


def test_gradcheck_reports_every_input_on_mismatch(wrong_sin: None) -> None:
    def f(a: Value, b: Value) -> Value:
        return a.sin() * b

    with pytest.raises(GradcheckError) as info:
        gradcheck(f, 0.5, 2.0)
    text = str(info.value)
    assert "gradcheck failed for f" in text
    lines = [line for line in text.splitlines() if "input" in line]
    assert len(lines) == 2
    number = r"(-?[\d.e+-]+)"
    pattern = rf"input (\d): x = {number}\s+numerical {number}\s+analytical {number}\s+(\S+)"
    rows = [re.search(pattern, line) for line in lines]
    assert all(rows)
    (i0, x0, n0, a0, s0), (i1, x1, n1, a1, s1) = (r.groups() for r in rows if r)
    assert (i0, float(x0), s0) == ("0", 0.5, "MISMATCH")
    assert float(n0) == pytest.approx(2 * math.cos(0.5), rel=1e-6)  # the truth
    assert float(a0) == pytest.approx(2.2 * math.cos(0.5), rel=1e-12)  # the bad rule
    assert (i1, float(x1), s1) == ("1", 2.0, "ok")
    assert float(n1) == pytest.approx(math.sin(0.5), rel=1e-6)
    assert float(a1) == pytest.approx(math.sin(0.5), rel=1e-12)


def test_the_fixture_is_undone() -> None:
    assert gradcheck(lambda a: a.sin(), 0.5)


def test_gradcheck_tolerances_are_applied() -> None:
    # central difference with ε = 0.1 is off by ε² = 0.01 for x³
    with pytest.raises(GradcheckError, match="MISMATCH"):
        gradcheck(lambda x: x**3, 2.0, eps=0.1, atol=1e-6, rtol=1e-6)
    assert gradcheck(lambda x: x**3, 2.0, eps=0.1, atol=0.02, rtol=0.0)


@pytest.mark.parametrize("inside", [False, True], ids=["alone", "inside_grad"])
def test_gradcheck_names_itself_where_the_engine_refuses(inside: bool) -> None:
    """√ at 0 (slope 1/(2√0) = ∞) and (x·1e300)·1e300 at 1e-300 (gradient 1e600): the
    refusal began "gradients:", a function the user never called."""

    def check(f: Any, x: float) -> Any:
        if inside:
            return grad(lambda y: y * float(gradcheck(f, x)))(1.0)
        return gradcheck(f, x)

    with pytest.raises(InfiniteDerivative, match=r"^gradcheck: sqrt of 0\.0"):
        check(lambda x: x.sqrt(), 0.0)
    with pytest.raises(NonFiniteGradient, match=r"^gradcheck: the gradient of node 'x0'"):
        check(lambda x: (x * 1e300) * 1e300, 1e-300)


def test_gradcheck_bad_calls() -> None:
    with pytest.raises(ValueError, match="gradcheck: give at least one input"):
        gradcheck(lambda: Value(1.0))
    with pytest.raises(TypeError, match="gradcheck: f must return a Value, got float"):
        gradcheck(lambda x: 1.0, 2.0)
    with pytest.raises(TypeError, match="gradcheck"):
        gradcheck(lambda x: x, "2.0")


# --------------------------------------------------------------------------- review of 2026-12-03


@pytest.mark.parametrize("x", [1e10, 3.0e9, -1.2e10])
def test_the_difference_quotient_divides_by_the_step_taken(x: float) -> None:
    """d/dx x = 1 exactly: x ± eps rounds to floats farther apart than 2·eps at x = 1e10
    (1.907 × 2·eps there), so dividing by 2·eps gave 1.907 and failed gradcheck."""
    assert numerical_gradient(lambda t: t, x) == [1.0]
    assert gradcheck(lambda t: t * 2.0, x)


def test_an_infinite_difference_quotient_fails_gradcheck() -> None:
    """A jump of 3e308 at 0: (1.5e308 + 1.5e308)/(2·eps) overflows to inf, whose
    tolerance atol + rtol·inf passed any analytical value."""

    def jump(t: Value) -> Value:
        return t + (1.5e308 if t.data > 0 else -1.5e308)

    with pytest.raises(GradcheckError, match=r"numerical inf .* MISMATCH"):
        gradcheck(jump, 0.0)


def test_gradcheck_checks_a_derivative_made_by_a_transform() -> None:
    """numerical_gradient ran f inside no_grad(), which grad, jvp and hessian refuse: a
    derivative could not be checked ("call grad outside no_grad()", though the caller
    never entered no_grad). Closed forms: (x³)′ = 3x² has derivative 6x; (sin)′ = cos
    has −sin; (x⁴)″ = 12x² has 24x; ∂(a²b)/∂a = 2ab has ∂/∂a = 2b, ∂/∂b = 2a."""
    from autograd_mini import grad, gradients, hessian, jvp, no_grad

    def cube(x: Value) -> Value:
        return x * x * x

    assert gradcheck(grad(cube), 2.0)
    (n,) = numerical_gradient(grad(cube), 2.0)
    assert n == pytest.approx(12.0, rel=1e-8)

    def sine_slope(x: Value) -> Value:
        return jvp(lambda v: v.sin(), (x,), (1.0,))[1]

    assert gradcheck(sine_slope, 0.7)
    assert numerical_gradient(sine_slope, 0.7)[0] == pytest.approx(-math.sin(0.7), rel=1e-8)

    def fourth_curvature(x: Value) -> Value:
        return hessian(lambda v: v**4)(x)[0][0]

    assert gradcheck(fourth_curvature, 1.5)
    assert numerical_gradient(fourth_curvature, 1.5)[0] == pytest.approx(36.0, rel=1e-8)

    def d_cube(x: Value) -> Value:
        return gradients(x**3, [x], create_graph=True)[0]

    assert numerical_gradient(d_cube, 2.0)[0] == pytest.approx(12.0, rel=1e-8)
    partials = numerical_gradient(grad(lambda a, b: a * a * b), 1.5, -0.5)
    assert partials == pytest.approx([2 * -0.5, 2 * 1.5], rel=1e-8)
    # inside the caller's own no_grad the transform's refusal stands
    with no_grad(), pytest.raises(NoGraph, match=r"grad: grad mode is off"):
        numerical_gradient(grad(cube), 2.0)
    # f's own RuntimeError is f's: raised at once, f not evaluated a second time
    calls = []

    def broken(x: Value) -> Value:
        calls.append(x)
        raise RuntimeError("f's own")

    with pytest.raises(RuntimeError, match="f's own"):
        gradcheck(broken, 1.0)
    assert len(calls) == 1


def test_inside_a_transform_numerical_gradient_refuses_and_gradcheck_answers() -> None:
    """grad of a ↦ a·N(a), N(a) = numerical ∂(a·x²)/∂x at x = 1 = 2a: closed form
    d(2a²)/da = 4a = 8 at a = 2, but N's floats were constants to grad, which answered
    2a = 4, silently; refused now. A difference that does not depend on a stays
    (d/da of a·3 = 3). gradcheck of a closure over grad's input was refused (its own
    gradients call); it answers True and grad goes on: d(a²)/da = 6 at a = 3."""
    from autograd_mini import grad

    with pytest.raises(RuntimeError, match="numerical_gradient: gives plain floats inside grad"):
        grad(lambda a: numerical_gradient(lambda x: a * x * x, 1.0)[0] * a)(2.0)
    assert grad(lambda a: numerical_gradient(lambda x: x * x * x, 1.0)[0] * a)(2.0) == (
        pytest.approx(3.0, rel=1e-8)
    )
    checked = []

    def f(a: Value) -> Value:
        checked.append(gradcheck(lambda x: a * x * x, 1.0))
        return a * a

    assert grad(f)(3.0) == 6.0 and checked == [True]


def test_inside_a_transform_the_point_itself_may_not_be_the_transform_s_input() -> None:
    """grad of a ↦ a·N(a), N(a) = numerical (x²)′ at x = a = 2a: d(2a²)/da = 8 at a = 2;
    grad answered 4 (N's floats were constants to it, though the point was its input),
    and jvp gave the same tangent. Both are refused now."""
    from autograd_mini import grad, jvp

    with pytest.raises(RuntimeError, match="numerical_gradient: gives plain floats inside grad"):
        grad(lambda a: numerical_gradient(lambda x: x * x, a)[0] * a)(2.0)
    with pytest.raises(RuntimeError, match="numerical_gradient: gives plain floats inside jvp"):
        jvp(lambda a: numerical_gradient(lambda x: x * x, a)[0] * a, (2.0,), (1.0,))


def test_inside_a_transform_f_is_only_called_at_the_two_points() -> None:
    """The check inside a transform evaluated f once more, at the point itself: sin(x)/x
    at x = 0 raised DivisionByZero where central differences never look (closed form
    (sin x / x)′ = 0 at 0, plus x′ = 1), and f ran three times. Now it runs twice and
    the answer is 1 inside grad as outside; gradcheck of a derivative made inside it
    (d/dt of x·t² at t = 1 is 2x, whose derivative is 2) answers True inside grad."""
    from autograd_mini import grad

    calls: list[float] = []

    def sinc_plus_x(x: Value) -> Value:
        calls.append(x.data)
        return x.sin() / x + x

    inside: list[float] = []

    def outer(a: Value) -> Value:
        inside.extend(numerical_gradient(sinc_plus_x, 0.0))
        return a * a

    assert grad(outer)(3.0) == 6.0
    assert inside == [pytest.approx(1.0, abs=1e-8)] and calls == [1e-6, -1e-6]
    checked: list[bool] = []

    def checks_a_derivative(a: Value) -> Value:
        checked.append(gradcheck(lambda x: grad(lambda t: x * t * t)(1.0), 2.0))
        return a * a

    assert grad(checks_a_derivative)(3.0) == 6.0 and checked == [True]

    def checks_too_fine_a_step(a: Value) -> Value:
        gradcheck(lambda x: a * x, 1e10, eps=1e-8)  # x ± eps rounds to x: 0/0
        return a

    with pytest.raises(ValueError, match="below the spacing of floats"):
        grad(checks_too_fine_a_step)(3.0)


def test_a_probe_point_outside_f_s_domain_is_named_not_the_input() -> None:
    """gradcheck(sqrt, 1e-7) raised "sqrt of -9e-07 …": a number the user never gave, as
    if the input were outside the domain. It was gradcheck's own x − eps: the error says
    so, is still a DomainError (an overflow still an OpOverflow), and chains the first."""
    probe = (
        r"^gradcheck: f failed at the probe point x − eps = -9e-07 of input 0 \(x = 1e-07, "
        r"eps = 1e-06\), not at the input itself: sqrt of -9e-07: .* give an eps smaller"
    )
    with pytest.raises(DomainError, match=probe) as info:
        gradcheck(lambda t: t.sqrt(), 1e-7)
    assert isinstance(info.value.__cause__, DomainError)
    assert gradcheck(lambda t: t.sqrt(), 1e-7, eps=1e-9)  # the advice works
    with pytest.raises(
        OpOverflow, match=r"^numerical_gradient: .* x \+ eps = 709\.78.* of input 1"
    ):
        numerical_gradient(lambda s, t: s + t.exp(), 1.0, 709.7827128)
    # an input outside the domain is the input's own error, named by its own number
    with pytest.raises(DomainError, match=r"^log of -1\.0: log needs a positive"):
        numerical_gradient(lambda t: t.log(), -1.0)


@pytest.mark.parametrize(
    ("f", "x", "says"),
    [
        # f computed on floats: e^x is inf past 709.78, at x + eps only
        (lambda t: math.exp(t.data) if t.data < 709.78 else math.inf, 709.78,
         r"f's value at the probe point x \+ eps = 709\.780001 of input 0 is inf"),
        (lambda t: math.nan, 1.0, r"f's value at the probe point x \+ eps = 1\.000001 .* nan"),
        (lambda t: float(np.float64("inf")), 1.0, r"f's value at the .* is inf, expected"),
        (lambda t: np.float64("-inf"), 1.0, r"f's value at the probe point .* is -inf, expected"),
        (lambda t: 10**400, 1.0, r"f's value at the probe .* an integer of 401 digits"),
    ],
    ids=["inf past the edge", "nan", "inf", "numpy -inf", "10**400"],
)  # fmt: skip
def test_a_nan_or_infinite_value_of_f_is_refused_not_made_a_slope(
    f: Any, x: float, says: str
) -> None:
    """A difference quotient of inf or nan values is nan, inf or 0, and was returned as
    the slope (gradcheck then reported the engine's right derivative as a MISMATCH)."""
    with pytest.raises(ValueError, match=rf"^numerical_gradient: {says}"):
        numerical_gradient(f, x)


def test_gradcheck_refuses_an_infinite_value_at_a_probe_point() -> None:
    """gradcheck's differences alike: e^x as a Value at x, inf at x + eps."""

    def edge(t: Value) -> Value | float:
        return t.exp() if t.data < 709.7800005 else math.inf

    with pytest.raises(
        ValueError, match=r"^gradcheck: f's value at the probe point x \+ eps = .* is inf"
    ):
        gradcheck(edge, 709.78)


@pytest.mark.parametrize("eps", [1e308, 9e307])
def test_a_step_whose_probe_points_or_distance_overflow_is_refused(eps: float) -> None:
    """x ± eps finite but 2·eps beyond a float: the quotient (f₊ − f₋)/inf was 0, a
    slope of 0 for f(x) = x/2 (the docstring promised an error for a plain 0)."""
    for call, who in ((numerical_gradient, "numerical_gradient"), (gradcheck, "gradcheck")):
        with pytest.raises(
            ValueError, match=rf"^{who}: {re.escape(f'eps={eps!r}')} is too large at input 0"
        ):
            call(lambda t: t * 0.5, 1.0, eps=eps)


def test_a_slope_beyond_a_float_is_refused_not_returned() -> None:
    """A step of ±1e308 over 2e-6: the slope, about 1e314, is beyond a float, and the
    quotient was returned as inf (an infinite derivative, an error where it arises)."""
    for f in (lambda t: Value(math.copysign(1e308, t.data)), lambda t: (t * 1e10).tanh() * 1e308):
        with pytest.raises(ValueError, match=r"^numerical_gradient: the difference quotient of "
                           r"input 0 is inf, beyond a float"):  # fmt: skip
            numerical_gradient(f, 0.0)


def test_a_difference_that_overflows_still_gives_the_slope() -> None:
    """f(x) = 1.7e308·(x − 1): f(x + eps) − f(x − eps) at eps = 0.9 is 3.06e308, beyond a
    float, while the slope, 1.7e308 (closed form), is one: the quotient is taken apart."""
    (slope,) = numerical_gradient(lambda t: (t - 1.0) * 1.7e308, 1.0, eps=0.9)
    assert slope == pytest.approx(1.7e308, rel=1e-12)
    assert gradcheck(lambda t: (t - 1.0) * 1.7e308, 1.0, eps=0.9)


@pytest.mark.parametrize(
    ("x", "says"),
    [(math.nan, "is nan, expected a finite number"), (-math.inf, "is -inf, expected a finite"),
     (10**400, "is an integer of 401 digits, too large for a float")],
    ids=["nan", "-inf", "10**400"],
)  # fmt: skip
def test_an_input_that_is_not_a_finite_float_is_named(x: float, says: str) -> None:
    """'Value: got nan' named neither the function nor the input; 10**400 said
    'gradcheck: int too large for a float' from numerical_gradient."""
    with pytest.raises(ValueError, match=rf"^numerical_gradient: input 1 {says}"):
        numerical_gradient(lambda s, t: s * t, 2.0, x)
    with pytest.raises(ValueError, match=rf"^gradcheck: input 1 {says}"):
        gradcheck(lambda s, t: s * t, 2.0, x)


@pytest.mark.parametrize(
    ("f", "forward", "backward"),
    [
        # by hand, x = 1e-9, eps = 1e-6: relu(x + eps) = x + eps, relu(x - eps) = 0, so
        # the one-sided differences are 1 and x / eps = 1e-3; |x ± eps| gives 1 and
        # (x - (eps - x)) / eps = 2x/eps - 1 = -0.998
        (lambda x: x.relu(), 1.0, 1e-3),
        (lambda x: abs(x), 1.0, -0.998),
    ],
    ids=["relu", "abs"],
)
def test_a_mismatch_across_a_kink_says_f_is_not_smooth_there(
    f: Any, forward: float, backward: float
) -> None:
    # gradcheck(relu, 1e-9) reported numerical 0.5005 against analytical 1.0 with no hint
    with pytest.raises(GradcheckError) as caught:
        gradcheck(f, 1e-9)
    text = str(caught.value)
    assert "not smooth within [x − eps, x + eps]" in text
    assert "the derivative at x itself" in text
    found = re.search(r"forward (\S+), backward (\S+)\)", text)
    assert found is not None
    assert float(found[1]) == pytest.approx(forward, rel=1e-6)
    assert float(found[2]) == pytest.approx(backward, rel=1e-6)


def test_a_mismatch_where_f_is_smooth_has_no_kink_note() -> None:
    # x.data * x: the engine sees x.data as a constant (derivative 1.5, not 2x = 3)
    with pytest.raises(GradcheckError) as caught:
        gradcheck(lambda x: x.data * x, 1.5)
    assert "smooth" not in str(caught.value)


def test_a_number_read_inside_gradchecks_f_under_a_transform_is_refused() -> None:
    """A transform's input read as a number inside gradcheck's f is refused (NumberRead),
    not let through: a let-through (tried and reverted) gave a derivative that was
    silently wrong where f kept the number past the check — here d/dy (y · y) at 3 is 6
    (by hand), and the kept float made it 3."""
    from autograd_mini.errors import NumberRead

    kept: list[float] = []

    def outer(y: Any) -> Any:
        def f(x: Value) -> Value:
            kept.append(float(y))
            return x * x

        gradcheck(f, 1.5)
        return y * kept[0]

    with pytest.raises(NumberRead):
        grad(outer)(3.0)
