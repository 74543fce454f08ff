"""Optimizers: updates computed by hand, schedules, convergence, bad arguments."""

from __future__ import annotations

import contextlib
import itertools
import math
import re
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hand_steps import HandRule
from interrupts import interrupted

import nn
from autograd_mini import Value


def _params(*data: float, grads: tuple[float, ...] = ()) -> list[Value]:
    ps = [Value(d) for d in data]
    for p, g in zip(ps, grads, strict=False):
        p.grad = g
    return ps


def test_sgd_step_is_w_minus_lr_grad() -> None:
    ps = _params(1.0, -2.0, grads=(0.5, -4.0))
    opt = nn.SGD(ps, lr=0.1)
    opt.step()
    assert [p.data for p in ps] == pytest.approx([1.0 - 0.05, -2.0 + 0.4])
    opt.zero_grad()
    assert [p.grad for p in ps] == [0.0, 0.0]
    assert opt.steps == 1


def test_sgd_momentum_and_weight_decay_by_hand() -> None:
    (p,) = _params(2.0)
    opt = nn.SGD([p], lr=0.5, momentum=0.9, weight_decay=0.1)
    p.grad = 1.0
    opt.step()  # g = 1 + 0.1·2 = 1.2, v = 1.2, w = 2 − 0.6
    assert p.data == pytest.approx(1.4)
    p.grad = 1.0
    opt.step()  # g = 1 + 0.14 = 1.14, v = 0.9·1.2 + 1.14 = 2.22, w = 1.4 − 1.11
    assert p.data == pytest.approx(0.29)


def test_adam_first_steps_follow_the_formulas() -> None:
    (p,) = _params(1.0)
    opt = nn.Adam([p], lr=0.01)
    p.grad = 3.0
    opt.step()
    # t = 1: m̂ = g and v̂ = g², so the step is lr·g/(|g| + ε) ≈ lr
    assert p.data == pytest.approx(1.0 - 0.01 * 3.0 / (3.0 + 1e-8), rel=1e-12)
    p.grad = -1.0
    opt.step()
    m = 0.9 * (0.1 * 3.0) + 0.1 * -1.0
    v = 0.999 * (0.001 * 9.0) + 0.001 * 1.0
    m_hat, v_hat = m / (1 - 0.9**2), v / (1 - 0.999**2)
    expected = 1.0 - 0.01 * 3.0 / (3.0 + 1e-8) - 0.01 * m_hat / (math.sqrt(v_hat) + 1e-8)
    assert p.data == pytest.approx(expected, rel=1e-12)


def test_adam_weight_decay_is_the_l2_gradient_fed_to_the_moments() -> None:
    """Adam's ``weight_decay`` λ is the L2 term's gradient λ·W added to g before the
    moments (Kingma & Ba's Algorithm 1 on f(W) + λ/2·ΣW², PyTorch's ``Adam``), not
    AdamW's decoupled W ← W − η·λ·W, and it reaches every parameter given, a bias too.
    The reference is Algorithm 1 in numpy over six steps of three parameters; AdamW's
    rule ends elsewhere (checked, so the two are told apart)."""
    rng = np.random.default_rng(7)
    grads = rng.normal(size=(6, 3)) * np.array([1e-3, 1.0, 30.0])
    w0 = np.array([0.8, -1.5, 0.3])
    lr, (b1, b2), eps, lam = 0.05, (0.9, 0.999), 1e-8, 0.2

    def by_the_paper(decoupled: bool) -> np.ndarray:
        w, m, v = w0.copy(), np.zeros(3), np.zeros(3)
        for t, g in enumerate(grads, 1):
            g = g if decoupled else g + lam * w
            m = b1 * m + (1 - b1) * g
            v = b2 * v + (1 - b2) * g * g
            step = lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)
            w = w - step - (lr * lam * w if decoupled else 0.0)
        return w

    ps = _params(*w0)
    opt = nn.Adam(ps, lr=lr, betas=(b1, b2), eps=eps, weight_decay=lam)
    for g in grads:
        for p, gi in zip(ps, g, strict=True):
            p.grad = float(gi)
        opt.step()
    got = np.array([p.data for p in ps])
    np.testing.assert_allclose(got, by_the_paper(decoupled=False), rtol=1e-13, atol=1e-15)
    assert np.max(np.abs(got - by_the_paper(decoupled=True))) > 1e-3


@pytest.mark.parametrize("kind", ["sgd", "adam"])
def test_optimizers_minimise_a_quadratic(kind: str) -> None:
    x = Value(0.0)
    opt = nn.SGD([x], 0.1, momentum=0.5) if kind == "sgd" else nn.Adam([x], lr=0.1)
    for _ in range(300):
        opt.zero_grad()
        ((x - 3.0) * (x - 3.0)).backward()
        opt.step()
    assert x.data == pytest.approx(3.0, abs=1e-2)


@pytest.mark.parametrize("k", [-1, -0.5, None, True, "3", math.nan, math.inf, np.array([2])])
def test_linear_decay_refuses_a_step_count_below_0_or_not_a_number(k: Any) -> None:
    """linear_decay(1.0, 0.1, 10)(-1) gave 1.09, above the start (the line extended
    back), True the rate of step 1, None a TypeError of '>='; a step count is a finite
    number ≥ 0 (a fractional one, for a plot, lies on the line: 2.5 gives 1 − 0.9·0.25),
    checked as linear_decay's own arguments are."""
    schedule = nn.linear_decay(1.0, 0.1, 10)
    said = (
        rf"^linear_decay: k, the step count, must be a finite number ≥ 0, got {re.escape(repr(k))}$"
    )
    with pytest.raises(ValueError, match=said):
        schedule(k)
    assert schedule(2.5) == pytest.approx(1.0 - 0.9 * 0.25, rel=1e-15)


def test_a_decimal_or_a_0d_array_is_a_number_to_the_schedule() -> None:
    """k = Decimal(2) was a bare TypeError ("unsupported operand type(s) for *: 'float'
    and 'decimal.Decimal'"); start=Decimal(1) or np.array(1.0) was refused as "must be a
    finite number ≥ 0, got Decimal('1')", though it is one (nn.data takes both). Each is
    the number it holds: the rate of the closed form 1 − 0.9·k/10."""
    for start, end, k in [
        (Decimal(1), np.array(0.1), Decimal(2)),
        (np.array(1.0), 0.1, np.array(2)),
    ]:
        assert nn.linear_decay(start, end, 10)(k) == pytest.approx(1.0 - 0.9 * 0.2, rel=1e-15)


@pytest.mark.parametrize("rate", [np.array(0.5), Decimal("0.5"), np.float32(0.5)], ids=repr)
def test_a_hyperparameter_held_in_a_0d_array_or_a_decimal_is_its_number(rate: Any) -> None:
    """lr=np.array(0.5) (what np.asarray of a computed rate is) or Decimal('0.5') was
    refused, "SGD: lr must be a finite number ≥ 0, got array(0.5)", of a number that is
    one; so were betas, eps and momentum. Each is now its number: SGD's step is −η·g,
    with momentum μ the second is −η·(μ·g + g); Adam's first is −η·g/(|g| + ε)."""
    (p,) = _params(0.0)
    opt = nn.SGD([p], lr=rate, momentum=rate)
    for _ in range(2):
        p.grad = 2.0
        opt.step()
    assert p.data == -0.5 * 2.0 - 0.5 * (0.5 * 2.0 + 2.0)
    (q,) = _params(0.0)
    adam = nn.Adam([q], lr=rate, betas=(rate, rate), eps=rate)
    q.grad = 2.0
    adam.step()
    assert q.data == pytest.approx(-0.5 * 2.0 / (2.0 + 0.5), rel=1e-15)
    assert opt.current_lr == adam.current_lr == 0.5


@pytest.mark.parametrize(
    "rate", [np.array(True), np.array([0.5]), np.array(1 + 0j), Decimal("sNaN")], ids=repr
)
def test_a_0d_array_of_no_real_number_is_still_refused(rate: Any) -> None:
    with pytest.raises(
        ValueError, match=rf"^SGD: lr must be a finite number ≥ 0, got {re.escape(repr(rate))}$"
    ):
        nn.SGD(_params(0.0), lr=rate)


def test_a_linear_decay_built_directly_is_checked_as_linear_decay_checks() -> None:
    """LinearDecay(Decimal(1), 0.1, 10), built without linear_decay, was taken and gave a
    bare TypeError ("unsupported operand type(s) for -: 'decimal.Decimal' and 'float'")
    at its first call; a nan end was taken too (a nan rate from step 10 on). Its fields
    are checked as it is built, as linear_decay's arguments are.
    Oracle: the closed form 1 − 0.9·k/10."""
    built = nn.optim.LinearDecay(Decimal(1), np.array(0.1), np.int64(10))
    assert built(2) == pytest.approx(1.0 - 0.9 * 0.2, rel=1e-15)
    assert (type(built.start), type(built.end), type(built.steps)) == (float, float, int)
    with pytest.raises(
        ValueError, match=r"^linear_decay: end must be a finite number ≥ 0, got nan$"
    ):
        nn.optim.LinearDecay(1.0, math.nan, 10)
    with pytest.raises(ValueError, match=r"^linear_decay: steps must be an integer ≥ 1, got 0$"):
        nn.optim.LinearDecay(1.0, 0.1, 0)


@pytest.mark.parametrize("k", [10**400, 2**1024, -(2**60), 1e308, -0.0, 2**53 - 1, 2.0**53])
def test_the_schedule_refuses_or_takes_a_plain_step_count_as_check_number_does(k: float) -> None:
    """The schedule reads a plain int or float k without check_number (it was 1.7×
    slower through it): every k it took or refused there, it takes or refuses alike.
    Oracle: the closed form, min(k, 10)/10 of the way from 1 to 0.1, in exact
    fractions; an int beyond a float is refused by its size."""
    schedule = nn.linear_decay(1.0, 0.1, 10)
    if k < 0:
        with pytest.raises(ValueError, match="must be a finite number ≥ 0, got -"):
            schedule(k)
    elif k >= 2**1024:
        with pytest.raises(ValueError, match="too large for a float"):
            schedule(k)
    else:
        exact = Fraction(1) - (Fraction(1) - Fraction(0.1)) * min(Fraction(k), 10) / 10
        assert schedule(k) == float(exact)


def test_micrograd_linear_schedule() -> None:
    sched = nn.linear_decay(1.0, 0.1, 100)
    for k in range(100):
        assert sched(k) == pytest.approx(1.0 - 0.9 * k / 100, rel=1e-15)
    assert sched(100) == sched(500) == 0.1  # end exactly, as the docstring says
    assert nn.linear_decay(0.1, 0.01, 7)(7) == 0.01  # the formula gives 0.009999999999999995
    # the optimizer uses lr(k) at its k-th step: with grad 1 the moves add up to Σ lr(k)
    (p,) = _params(0.0)
    opt = nn.SGD([p], lr=sched)
    for _ in range(10):
        p.grad = 1.0
        opt.step()
    assert p.data == pytest.approx(-sum(1.0 - 0.9 * k / 100 for k in range(10)))
    assert opt.current_lr == pytest.approx(1.0 - 0.9 * 10 / 100)


def test_any_callable_schedule_works() -> None:
    (p,) = _params(0.0)
    opt = nn.Adam([p], lr=lambda k: 0.01 * 0.5**k)
    assert opt.current_lr == 0.01
    p.grad = 1.0
    opt.step()
    assert opt.current_lr == 0.005


def test_bad_arguments_are_named() -> None:
    ps = _params(1.0)
    with pytest.raises(ValueError, match="SGD: lr must be"):
        nn.SGD(ps, lr=-0.1)
    with pytest.raises(ValueError, match="no parameters"):
        nn.SGD([], lr=0.1)
    with pytest.raises(ValueError, match="momentum must be < 1"):
        nn.SGD(ps, lr=0.1, momentum=1.0)
    with pytest.raises(ValueError, match="beta2 must be < 1"):
        nn.Adam(ps, betas=(0.9, 1.0))
    with pytest.raises(ValueError, match=r"params\[0\] is float \(1.0\), not a Value"):
        nn.SGD([1.0], lr=0.1)  # type: ignore[list-item]  # wrong type on purpose
    # two models' parameters joined as a list of lists, None, an array: each said so
    for given, said in [
        ([Value(1.0), [Value(2.0)]], "params[1] is a list of 1, not a Value: join lists of"),
        ([Value(1.0), None], "params[1] is None, not a Value"),
        (
            [Value(1.0), np.zeros(12)],
            "params[1] is ndarray (array([0., 0., 0., 0., 0., 0., 0., 0., …)",
        ),
    ]:
        with pytest.raises(ValueError) as caught:
            nn.SGD(given, lr=0.1)  # type: ignore[arg-type]  # wrong type on purpose
        assert said in str(caught.value), caught.value
    with pytest.raises(ValueError, match=r"lr\(0\)"):
        nn.SGD(ps, lr=lambda k: math.nan).step()
    with pytest.raises(ValueError, match="steps must be"):
        nn.linear_decay(1.0, 0.1, 0)
    assert np.isfinite(ps[0].data)


class _Plain(nn.Optimizer):
    """The base class with the simplest rule: its constructor is the base's own."""

    def update(self, data: Any, grad: Any, lr: float) -> None:
        data -= lr * grad


@pytest.mark.parametrize("make", [nn.SGD, nn.Adam, _Plain], ids=["SGD", "Adam", "Optimizer"])
def test_the_model_given_for_its_parameters_is_named(make: Any) -> None:
    """nn.SGD(model) said only "'MLP' object is not iterable"."""
    where = make.__name__
    with pytest.raises(
        TypeError, match=rf"^{where}: params is the model itself \(MLP\); pass its "
    ):
        make(nn.MLP(2, [3, 1], seed=0), 0.1)
    with pytest.raises(TypeError, match=rf"{where}\(model.parameters\(\), …\)$"):
        make(nn.Neuron(2, seed=0), 0.1)
    with pytest.raises(TypeError, match=rf"^{where}: params is one Value; pass a list of them"):
        make(Value(1.0), 0.1)
    with pytest.raises(
        TypeError, match=rf"^{where}: params must be .* or a list of Values; got int$"
    ):
        make(3, 0.1)


@pytest.mark.parametrize("kind", ["sgd", "adam"])
def test_step_arrays_is_the_same_update_as_step(kind: str) -> None:
    """The vector form used by compiled training against the Value form, step by step."""
    rng = np.random.default_rng(0)
    start, grads = rng.normal(size=5), rng.normal(size=(3, 5))
    ps = _params(*start.tolist())
    make = {
        "sgd": lambda q: nn.SGD(q, lr=0.1, momentum=0.8, weight_decay=0.01),
        "adam": lambda q: nn.Adam(q, lr=0.1, weight_decay=0.01),
    }[kind]
    by_values, by_arrays = make(ps), make(_params(*start.tolist()))
    vec = start.copy()
    for g in grads:
        for p, gi in zip(ps, g.tolist(), strict=True):
            p.grad = gi
        by_values.step()
        by_arrays.step_arrays(vec, g)
        assert vec.tolist() == [p.data for p in ps]
    assert by_arrays.steps == 3


def test_step_arrays_refuses_bad_shapes_and_non_finite_gradients() -> None:
    opt = nn.SGD([Value(1.0, label="w1"), Value(2.0, label="b")], lr=0.1)
    with pytest.raises(ValueError, match=r"SGD: expected arrays of shape \(2,\)"):
        opt.step_arrays(np.zeros(3), np.zeros(3))
    with pytest.raises(ValueError, match=r"gradient of parameter 1 \(b\) is nan"):
        opt.step_arrays(np.zeros(2), np.array([0.0, math.nan]))
    adam = nn.Adam([Value(1.0)], lr=0.1)
    with pytest.raises(ValueError, match="float64 numpy array"):
        adam.step_arrays(np.array([1]), np.array([0.5]))
    assert adam.m.tolist() == [0.0] and adam.steps == 0  # no state moved on


@pytest.mark.parametrize(
    ("grad", "message"),
    [(["a", "b"], r"grad\[0\] is 'a', not a real number$"),
     ([0.5, "a"], r"grad\[1\] is 'a', not a real number$"),
     (["0.5", "1"], r"grad\[0\] is '0\.5', not a real number$"),
     ([1j, 1.0], r"grad\[0\] is 1j, not a real number: a complex number is not taken for "
                 r"a real one"),
     (np.array([1j, 1.0]), r"grad holds complex numbers"),
     ([True, False], r"grad\[0\] is True, not a real number \(a bool is not a gradient of 1\)"),
     ([0.5, True], r"grad\[1\] is True, not a real number"),
     (np.array([True, False]), r"grad holds booleans"),
     ([None, 1.0], r"grad\[0\] is None, not a real number$"),
     ([10**400, 1.0], r"grad\[0\] is an integer of 401 digits, beyond a float$")],
    ids=["strings", "a string among numbers", "numeric strings", "complex", "complex array",
         "booleans", "a boolean among numbers", "boolean array", "None", "10**400"],
)  # fmt: skip
@pytest.mark.parametrize("kind", ["SGD", "Adam"])
def test_step_arrays_names_a_gradient_that_is_not_real_numbers(
    kind: str, grad: Any, message: str
) -> None:
    """numpy's conversion said "could not convert string to float" (naming no argument),
    read "0.5" as 0.5, gave a bare TypeError for a complex gradient, and took [True, False]
    as the gradients 1 and 0: bools are refused everywhere else."""
    params = [Value(1.0), Value(2.0)]
    opt = nn.SGD(params, lr=0.1) if kind == "SGD" else nn.Adam(params, lr=0.1)
    data = np.array([1.0, 2.0])
    with pytest.raises(ValueError, match=rf"^{kind}: " + message):
        opt.step_arrays(data, grad)
    assert data.tolist() == [1.0, 2.0] and opt.steps == 0  # nothing moved
    # numbers numpy holds otherwise are read as the floats they equal: w − 0.1·g by hand
    sgd = nn.SGD([Value(1.0), Value(2.0)], lr=0.1)
    data = np.array([1.0, 2.0])
    sgd.step_arrays(data, [Fraction(1, 2), np.float32(1.0)])
    assert data.tolist() == [0.95, 1.9]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda ps: nn.SGD(ps, lr=math.nan), r"^SGD: lr must be a finite number ≥ 0, got nan"),
        (lambda ps: nn.SGD(ps, lr="0.1"), r"^SGD: lr must be a finite number"),
        (lambda ps: nn.SGD(ps, momentum=-0.5), r"^SGD: momentum must be a finite number ≥ 0"),
        (lambda ps: nn.SGD(ps, momentum=1.5), r"^SGD: momentum must be < 1, got 1\.5"),
        (lambda ps: nn.SGD(ps, weight_decay=math.inf), r"^SGD: weight_decay must be a finite"),
        (lambda ps: nn.Adam(ps, lr=-1e-3), r"^Adam: lr must be a finite number ≥ 0"),
        (lambda ps: nn.Adam(ps, betas=(0.9,)),
         r"^Adam: betas must be a pair \(beta1, beta2\) — a tuple, list or array of two "
         r"numbers — got \(0\.9,\)$"),
        (lambda ps: nn.Adam(ps, betas=(0.9, 0.99, 0.5)), r"^Adam: betas must be a pair"),
        (lambda ps: nn.Adam(ps, betas=0.9), r"^Adam: betas must be a pair"),
        (lambda ps: nn.Adam(ps, betas="ab"), r"^Adam: betas must be a pair"),
        (lambda ps: nn.Adam(ps, betas=(-0.1, 0.9)), r"^Adam: beta1 must be a finite number ≥ 0"),
        (lambda ps: nn.Adam(ps, betas=(0.9, 1.0)), r"^Adam: beta2 must be < 1, got 1\.0"),
        (lambda ps: nn.Adam(ps, betas=(math.nan, 0.9)), r"^Adam: beta1 must be a finite"),
        (lambda ps: nn.Adam(ps, eps=0.0), r"^Adam: eps must be > 0"),
        (lambda ps: nn.Adam(ps, eps=-1e-8), r"^Adam: eps must be a finite number ≥ 0"),
        (lambda ps: nn.Adam(ps, weight_decay=-0.1), r"^Adam: weight_decay must be a finite"),
    ],
)  # fmt: skip
def test_hyper_parameters_are_checked_and_named(make: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make(_params(1.0))


def test_adam_with_the_smallest_eps_stays_finite_on_a_zero_gradient() -> None:
    """Adam(eps=0) would compute m̂/√v̂ = 0/0 = nan for a gradient of 0 (the issue's
    example); any eps > 0 leaves the parameter where it is."""
    (p,) = _params(1.0, grads=(0.0,))
    nn.Adam([p], lr=0.1, eps=5e-324).step()
    assert p.data == 1.0


@pytest.mark.parametrize("kind", ["sgd", "adam"])
def test_a_step_that_would_overflow_changes_nothing(kind: str) -> None:
    """An update giving an infinite parameter is refused as a whole: parameters, momentum
    or moments and the step count stay as they were (compared with a twin that never
    saw the bad step), and the next good step continues exactly like the twin."""
    make = {
        "sgd": lambda q: nn.SGD(q, lr=lambda k: 1e308 if k == 1 else 0.1, momentum=0.9),
        "adam": lambda q: nn.Adam(q, lr=lambda k: 1e308 if k == 1 else 0.1),
    }[kind]
    ps, twin_ps = _params(1.0, -2.0), _params(1.0, -2.0)
    opt, twin = make(ps), make(twin_ps)
    for q, o in ((ps, opt), (twin_ps, twin)):
        q[0].grad, q[1].grad = 3.0, 0.5
        o.step()
    ps[0].grad, ps[1].grad = 1e10, 0.5  # 1e308·(huge) overflows for parameter 0
    with pytest.raises(nn.NonFiniteStep, match=r"the step would make parameter 0 \(unlabelled\)"):
        opt.step()
    assert [p.data for p in ps] == [p.data for p in twin_ps]
    assert opt.steps == twin.steps == 1
    for name in ("velocity", "m", "v"):
        if hasattr(twin, name):
            assert getattr(opt, name).tolist() == getattr(twin, name).tolist()
    # the learning rate schedule is at k = 1 for both; move both past it together
    opt.steps = twin.steps = 2
    for q, o in ((ps, opt), (twin_ps, twin)):
        q[0].grad, q[1].grad = -1.0, 2.0
        o.step()
    assert [p.data for p in ps] == [p.data for p in twin_ps]


def _adam_by_hand(gs: list[float], lr: float, eps: float, scale: float) -> float:
    """Adam's moves (β = 0.9, 0.999) for gradients ``g·scale``, from 0, by the formulas in
    Python floats of moderate size: m and √v are linear in the gradients' scale, so the
    moves for gs·scale are those for gs with ε/scale in place of ε."""
    w = m = v = 0.0
    for t, g in enumerate(gs, 1):
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        w -= lr * (m / (1 - 0.9**t)) / (math.sqrt(v / (1 - 0.999**t)) + eps / scale)
    return w


@pytest.mark.parametrize(
    ("scale", "eps"),
    [(1e-170, 1e-300), (1e200, 1e-8), (1e300, 1e-8), (1e-160, 5e-324), (1e200, 1e-300)],
    # the last: g² overflows where ε < SAFE_EPS, whose test looks for underflows too
    ids=["tiny-g-tiny-eps", "g-1e200", "g-1e300", "g-1e-160-smallest-eps", "g-1e200-tiny-eps"],
)
def test_adam_takes_the_formulas_steps_for_any_finite_gradient(scale: float, eps: float) -> None:
    """p = Value(0.0); Adam([p], lr=1e-3, eps=1e-300); p.grad = 1e-170; step() made p
    −1e127: (1−β₂)·g² underflowed to 0, so the step was η·g/ε. By the formula the first
    step is η·g/(|g| + ε) = −0.001 (m̂ = g, √v̂ = |g|). And g = 1e200 was refused ("the
    step would make v[0] inf"): g² overflows, though the step, −0.001 again, exists.
    Adam now keeps √v, which neither under- nor overflows; the moves are the formulas'
    (computed at scale 1, where nothing under- or overflows), eagerly and on vectors."""
    gs = [1.0, -3.0, 0.5, 2.0]
    expected = _adam_by_hand(gs, 1e-3, eps, scale)
    (p,) = _params(0.0)
    opt = nn.Adam([p], lr=1e-3, eps=eps)
    vector = nn.Adam([Value(0.0)], lr=1e-3, eps=eps)
    data = np.zeros(1)
    p.grad = gs[0] * scale
    opt.step()
    assert p.data == pytest.approx(-1e-3, rel=1e-12)  # η·g/(|g| + ε), ε/|g| ≤ 1e-130
    for g in gs[1:]:
        p.grad = g * scale
        opt.step()
    for g in gs:
        vector.step_arrays(data, np.array([g * scale]))
    assert p.data == pytest.approx(expected, rel=1e-12)
    assert data[0] == p.data  # the eager step and the vector rule: the same numbers


@pytest.mark.parametrize(("scale", "lr"), [(1e308, 32.0), (1.7e308, 1e3), (1e300, 1e10)])
def test_adam_steps_by_about_eta_however_large_the_finite_gradient(scale: float, lr: float) -> None:
    """g = 1e308, lr = 32: the update computed m·η/(1−β₁ᵗ) = 0.1·1e308·32/0.1 before
    dividing by √v̂ + ε, which overflowed, and the step was refused ("the step would make
    parameter 0 -inf") though by the formula it is η·m̂/√v̂ = η·g/|g| = 32. The moves
    are the formulas' (computed at scale 1), eagerly and on vectors."""
    gs = [1.0, -0.5, 1.0]
    expected = _adam_by_hand(gs, lr, 1e-8, scale)
    (p,) = _params(0.0)
    opt = nn.Adam([p], lr=lr)
    vector = nn.Adam([Value(0.0)], lr=lr)
    data = np.zeros(1)
    for g in gs:
        p.grad = g * scale
        opt.step()
        vector.step_arrays(data, np.array([g * scale]))
    assert abs(expected) > lr / 2  # (a step of about η, not 0)
    assert p.data == pytest.approx(expected, rel=1e-12)
    assert data[0] == p.data


def test_adam_with_the_usual_eps_moves_a_tiny_gradient_by_eta_g_over_eps() -> None:
    """g = 1e-200 with ε = 1e-8: g² underflows (to 0), and ε is all of the denominator
    either way: η·g/(|g| + ε) = 1e-3·1e-200/1e-8 = 1e-195 (to 1e-192 relative)."""
    (p,) = _params(0.0, grads=(1e-200,))
    nn.Adam([p], lr=1e-3).step()
    assert p.data == pytest.approx(-1e-195, rel=1e-12)


def test_adam_v_is_the_second_moment_it_keeps_the_root_of() -> None:
    """``v`` keeps its meaning, v = β₂v + (1−β₂)g² (read from rms = √v, which the rule
    keeps), and setting it sets rms to √v."""
    (p,) = _params(1.0, grads=(3.0,))
    opt = nn.Adam([p], lr=0.01)
    opt.step()
    p.grad = -1.0
    opt.step()
    v = 0.999 * (0.001 * 9.0) + 0.001 * 1.0
    assert opt.v.tolist() == [pytest.approx(v, rel=1e-15)]
    assert opt.rms.tolist() == [pytest.approx(math.sqrt(v), rel=1e-15)]
    opt.v = np.array([4.0])
    assert opt.rms.tolist() == [2.0]


def test_parameter_arrays_are_the_per_parameter_state() -> None:
    """What a refused step restores and compiled training reorders: the float arrays of
    one number per parameter, not the hyper-parameters nor an array of another length."""
    ps = _params(1.0, 2.0, 3.0)
    assert nn.SGD(ps, lr=0.1, momentum=0.9).parameter_arrays() == ["velocity"]
    assert nn.SGD(ps, lr=0.1).parameter_arrays() == []  # no momentum: no velocity to keep
    assert sorted(nn.Adam(ps).parameter_arrays()) == ["m", "rms"]

    class Odd(nn.SGD):
        def __init__(self, params: Any) -> None:
            super().__init__(params, lr=0.1)
            self.counts = np.zeros(3, dtype=np.int64)  # not floats
            self.pair = np.zeros(2)  # not one per parameter
            self.scale = np.ones(3)

    assert Odd(ps).parameter_arrays() == ["scale"]


def test_state_in_a_dict_is_checked_and_undone_like_an_attribute() -> None:
    """A second moment kept PyTorch's way, in a dict and changed in place: a step that
    makes it infinite (g² of 1e200) is refused by name — it would silently freeze the
    parameter, g/√∞ = 0 — and the refused step's change to it is undone (the undo had
    copied only arrays held as attributes, so a dict's array kept the refused step)."""

    class DictRMS(nn.Optimizer):
        def __init__(self, params: Any) -> None:
            super().__init__(params, lr=0.1)
            self.state = {"sq": np.zeros(len(self.params)), "calls": [np.zeros(1)]}

        def update(self, data: np.ndarray, grad: np.ndarray, lr: float) -> None:
            self.state["sq"] += grad * grad  # in place
            self.state["calls"][0] += 1
            data -= lr * grad / (np.sqrt(self.state["sq"]) + 1.0)

    ps = _params(1.0, 2.0)
    opt = DictRMS(ps)
    assert opt.parameter_arrays() == ["state['sq']"]
    ps[0].grad, ps[1].grad = 1.0, 2.0
    opt.step()
    assert opt.state["sq"].tolist() == [1.0, 4.0]
    assert [p.data for p in ps] == [1.0 - 0.1 / 2, 2.0 - 0.2 / 3]
    ps[0].grad, ps[1].grad = 1e200, 0.0
    with pytest.raises(nn.NonFiniteStep, match=r"would make state\['sq'\]\[0\] inf"):
        opt.step()
    assert opt.state["sq"].tolist() == [1.0, 4.0]
    assert opt.state["calls"][0].tolist() == [1.0]
    assert [p.data for p in ps] == [1.0 - 0.1 / 2, 2.0 - 0.2 / 3] and opt.steps == 1


def test_huge_finite_numbers_are_stepped_not_refused() -> None:
    """The finiteness test squares the vector first (one BLAS call); 1e200² overflows, so
    the exact test must decide — and a finite gradient of 1e200 is a legal step."""
    p = Value(1e200)
    opt = nn.SGD([p], lr=1e-3)
    data, grad = np.array([1e200]), np.array([1e200])
    opt.step_arrays(data, grad)
    assert data.tolist() == [1e200 - 1e-3 * 1e200]


def test_an_update_that_raises_changes_nothing() -> None:
    """step_arrays updates in place and undoes the step on any way out: an update that
    raises half-way leaves the parameters and the optimizer's state as they were."""

    class Broken(nn.Optimizer):
        def __init__(self, params: list[Value]) -> None:
            super().__init__(params, 0.1)
            self.velocity = np.zeros(len(self.params))

        def update(self, data: Any, grad: Any, lr: float) -> None:
            self.velocity += grad  # in place: must be undone too
            data -= lr * self.velocity
            raise RuntimeError("bug in the rule")

    opt = Broken([Value(1.0), Value(2.0)])
    data = np.array([1.0, 2.0])
    with pytest.raises(RuntimeError, match="bug in the rule"):
        opt.step_arrays(data, np.array([1.0, 1.0]))
    assert data.tolist() == [1.0, 2.0]
    assert opt.velocity.tolist() == [0.0, 0.0] and opt.steps == 0


@pytest.mark.parametrize("kind", ["momentum", "adam", "refused"])
def test_an_interrupt_anywhere_in_a_step_leaves_it_whole_or_undone(kind: str) -> None:
    """Ctrl-C at the 1st, 2nd, 3rd … point of step() where CPython checks for signals
    (see tests/interrupts.py), until a step gets through. Each time the Values and the
    optimizer agree: the step taken whole (k = 1, the new numbers, the new momentum or
    moments) or not at all (k = 0, the very objects the Values held, zero state). The
    oracle is one uninterrupted step of a twin optimizer, and the starting numbers.
    "refused": η = 1e308 overflows, so the step is refused and undone — and Ctrl-C
    landing while it is undone must not keep its momentum."""

    def build() -> tuple[list[Value], nn.Optimizer]:
        ps = [Value(float(i)) for i in range(5)]
        ps[0].data = 3  # an int (Value(3) would hold 3.0): a step undone leaves an int
        for i, p in enumerate(ps):
            p.grad = 0.5 - i
        opt: nn.Optimizer = (
            nn.Adam(ps, lr=0.5)
            if kind == "adam"
            else nn.SGD(ps, lr=1e308 if kind == "refused" else 0.5, momentum=0.9)
        )
        return ps, opt

    def step(opt: nn.Optimizer) -> None:
        with contextlib.suppress(nn.NonFiniteStep):
            opt.step()

    def state(ps: list[Value], opt: nn.Optimizer) -> tuple[Any, ...]:
        arrays = [getattr(opt, k).tolist() for k in sorted(opt.parameter_arrays())]
        return opt.steps, [(type(p.data), p.data) for p in ps], arrays

    start = state(*build())
    twin_ps, twin = build()
    step(twin)
    whole = state(twin_ps, twin)
    assert (whole == start) if kind == "refused" else (whole != start and whole[0] == 1)
    for n in itertools.count(1):
        ps, opt = build()
        hit = interrupted(lambda o=opt: step(o), n)
        if hit is None:
            assert state(ps, opt) == whole
            break
        assert state(ps, opt) in (start, whole), f"interrupted at point {n}"
        del hit
    assert n > 20  # the interrupts did reach into the step


@pytest.mark.parametrize("bad", [-0.5, float("nan"), float("inf")])
def test_a_learning_rate_changed_after_construction_is_checked_too(bad: float) -> None:
    """opt.lr set by hand between two fit calls: a negative one climbed the loss step after
    step without a word. The step refuses it, before anything changes."""
    w = Value(1.0)
    opt = nn.SGD([w], lr=0.1)
    opt.lr = bad
    (w * w).backward()
    with pytest.raises(ValueError, match=r"SGD: lr must be a finite number"):
        opt.step()
    assert w.data == 1.0 and opt.steps == 0
    model = nn.MLP(2, [1], seed=0)
    adam = nn.Adam(model.parameters(), lr=0.01)
    adam.lr = bad
    before = [p.data for p in model.parameters()]
    for compiled in (False, True):
        with pytest.raises(ValueError, match=r"Adam: lr must be a finite number"):
            nn.fit(model, [[0.1, 0.2], [0.3, -0.4]], [1.0, 0.0], optimizer=adam, epochs=1,
                   progress=False, compiled=compiled)  # fmt: skip
        assert [p.data for p in model.parameters()] == before


@pytest.mark.parametrize(
    ("make", "setting", "value", "message"),
    [(lambda ps: nn.SGD(ps, lr=0.1, momentum=0.9), "momentum", 1.5, "SGD: momentum must be < 1"),
     (lambda ps: nn.SGD(ps, lr=0.1), "weight_decay", -1.0, "SGD: weight_decay must be"),
     (lambda ps: nn.Adam(ps), "betas", (0.9, 1.2), "Adam: beta2 must be < 1"),
     (lambda ps: nn.Adam(ps), "eps", 0.0, "Adam: eps must be > 0")],
)  # fmt: skip
def test_a_setting_changed_after_construction_is_checked_at_the_step(
    make: Any, setting: str, value: Any, message: str
) -> None:
    """A hyper-parameter set by hand after construction (momentum 1.5 grows the velocity
    without bound; eps 0 makes 0/0) is refused by the next step, which changes nothing."""
    w = Value(1.0)
    opt = make([w])
    setattr(opt, setting, value)
    (w * w).backward()
    with pytest.raises(ValueError, match=message):
        opt.step()
    assert w.data == 1.0 and opt.steps == 0


def test_zero_grad_lets_the_last_steps_gradient_graph_go() -> None:
    """A hand loop of opt.zero_grad(); loss.backward(create_graph=True); opt.step():
    zero_grad set grad to 0 but kept grad_graph, and the next pass chained onto it —
    every step's graph stayed alive (5 MB a step in a reviewer's loop) and grad_graph
    drifted from grad. Each step's grad_graph now holds that step's graph alone: the
    same number of nodes at every step, its value the step's gradient."""
    from autograd_mini.backward import walk

    model = nn.MLP(2, [3, 1], activation="tanh", seed=0)
    opt = nn.SGD(model.parameters(), lr=0.01)
    w = model.parameters()[0]
    sizes = []
    for reset in ("optimizer", "optimizer", "by hand", "by hand"):
        if reset == "optimizer":
            opt.zero_grad()
        else:  # micrograd's way: grad_graph left as it was
            for p in model.parameters():
                p.grad = 0.0
        loss = (model([0.5, -1.0]) - 1.0) ** 2
        loss.backward(create_graph=True)
        assert w.grad_graph is not None and w.grad_graph.data == w.grad
        sizes.append(sum(1 for _ in walk(w.grad_graph)))
        opt.step()
    assert len(set(sizes)) == 1, sizes


@pytest.mark.parametrize("kind", [nn.SGD, nn.Adam])
def test_weight_decay_that_overflows_is_refused_as_such(kind: type[nn.Optimizer]) -> None:
    """g + λ·W with w = 1e308, λ = 10 is inf: refused naming the sum, λ and the numbers
    (it was "the step would make parameter 0 inf", which the learning rate seemed to
    make), and nothing changes."""
    (p,) = _params(1e308, grads=(0.0,))
    p.label = "big"
    opt = kind([p], lr=0.5, weight_decay=10.0)  # type: ignore[call-arg]
    with pytest.raises(nn.NonFiniteStep) as info:
        opt.step()
    assert info.value.what == "decayed gradient" and info.value.value == math.inf
    assert str(info.value) == (
        f"{kind.__name__}: the gradient plus weight decay, g + λ·W, of parameter 0 (big) is "
        f"inf (gradient 0.0, parameter 1e+308, weight_decay 10.0); nothing was changed"
    )
    assert p.data == 1e308 and opt.steps == 0


@pytest.mark.parametrize(
    "make",
    [
        lambda ps: nn.SGD(ps, lr=0.5, weight_decay=10.0),
        lambda ps: nn.SGD(ps, lr=0.0, weight_decay=10.0),  # the parameter comes out nan
        lambda ps: nn.SGD(ps, lr=0.5, momentum=0.9, weight_decay=10.0),  # the velocity inf
        lambda ps: nn.Adam(ps, lr=0.5, weight_decay=10.0),  # m inf, and the parameter nan
    ],
    ids=["SGD", "SGD lr=0", "SGD momentum", "Adam"],
)
@pytest.mark.parametrize("arrays", [False, True], ids=["step", "step_arrays"])
def test_weight_decay_that_overflows_is_named_before_what_it_made(make: Any, arrays: bool) -> None:
    """g + λ·W is asked about only when the step comes out non-finite (it was checked
    at every step, a pass over every parameter): it is still the number named, at the
    first parameter where it overflows (−1e308·10 = −inf at 1), before the velocity, m or
    parameter it made nan or infinite, and nothing changes, the optimizer's state too."""
    ps = _params(1.0, -1e308, 1e308, grads=(0.5, 0.0, 0.0))
    opt = make(ps)
    before = {k: v.copy() for k, v in vars(opt).items() if isinstance(v, np.ndarray)}
    with pytest.raises(nn.NonFiniteStep) as info:
        if arrays:
            opt.step_arrays(np.array([1.0, -1e308, 1e308]), np.array([0.5, 0.0, 0.0]))
        else:
            opt.step()
    assert info.value.what == "decayed gradient" and info.value.value == -math.inf
    assert info.value.index == 1
    assert str(info.value).startswith(
        f"{type(opt).__name__}: the gradient plus weight decay, g + λ·W, of parameter 1 "
        f"(unlabelled) is -inf (gradient 0.0, parameter -1e+308, weight_decay 10.0)"
    )
    assert [p.data for p in ps] == [1.0, -1e308, 1e308] and opt.steps == 0
    assert all(np.array_equal(getattr(opt, k), v) for k, v in before.items())


def test_a_step_with_weight_decay_makes_no_extra_pass_over_the_parameters(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A finite step with weight decay tests as many arrays for nan and infinity as one
    without: g + λ·W was tested at every step (one more pass over every parameter) only
    to name it in an error, which a refused step now works out."""
    calls: list[int] = []
    real = nn.optim.all_finite

    def counted(x: Any) -> bool:
        calls.append(len(x))
        return real(x)

    monkeypatch.setattr(nn.optim, "all_finite", counted)
    for make in (
        lambda ps, wd: nn.SGD(ps, lr=0.1, momentum=0.9, weight_decay=wd),
        lambda ps, wd: nn.Adam(ps, lr=0.1, weight_decay=wd),
    ):
        counts = []
        for wd in (0.0, 0.01):
            calls.clear()
            make(_params(1.0, -2.0, grads=(0.5, -4.0)), wd).step()
            counts.append(len(calls))
        assert counts[0] == counts[1] > 0


def test_an_overflowing_velocity_is_refused_as_the_velocity() -> None:
    """v = μ·v + g with g = −1e308 twice: −1.9e308 is beyond a float. The parameter comes
    out −inf… too (nan with lr = 0), but the velocity is the number that overflowed: it
    is named (it was "parameter")."""
    (p,) = _params(0.0)
    opt = nn.SGD([p], lr=0.0, momentum=0.9)
    p.grad = -1e308
    opt.step()
    with pytest.raises(nn.NonFiniteStep, match=r"^SGD: the step would make velocity\[0\] -inf"):
        opt.step()
    assert p.data == 0.0 and opt.steps == 1 and opt.velocity is not None
    assert opt.velocity.tolist() == [-1e308]


def test_adam_takes_betas_as_a_numpy_array_of_two() -> None:
    """Adam(…, betas=np.array([0.9, 0.999])) said "betas must be a pair" though it is one.
    It is taken as the pair: the first step is η·g/(|g| + ε) by the formula."""
    (p,) = _params(1.0, grads=(3.0,))
    opt = nn.Adam([p], lr=0.01, betas=np.array([0.9, 0.999]))  # type: ignore[arg-type]
    assert opt.betas == (0.9, 0.999)
    opt.step()
    assert p.data == pytest.approx(1.0 - 0.01 * 3.0 / (3.0 + 1e-8), rel=1e-12)
    with pytest.raises(ValueError, match=r"^Adam: betas must be a pair .* got array\(\[0\.9\]\)"):
        nn.Adam([p], betas=np.array([0.9]))  # type: ignore[arg-type]


def test_step_arrays_given_values_says_to_call_step() -> None:
    """opt.step_arrays(params, grads) with the parameters themselves said only "data must
    be a float64 numpy array"; a list of Values is what step() updates (it reads each
    p.data and p.grad), and the refusal says so. Nothing is changed."""
    ps = _params(1.0, 2.0, grads=(0.5, -1.0))
    opt = nn.SGD(ps, lr=0.1)
    values: Any = ps  # not the arrays step_arrays is typed for: the mistake tested
    calls = [
        (lambda: opt.step_arrays(values, np.array([0.5, -1.0])), "data"),
        (lambda: opt.step_arrays(np.array([1.0, 2.0]), values), "grad"),
    ]
    for call, name in calls:
        with pytest.raises(ValueError, match=rf"; {name} holds Values: .* call step\(\)"):
            call()
    assert [p.data for p in ps] == [1.0, 2.0] and opt.steps == 0
    opt.step()  # what it points to: W − η·g, by hand
    assert [p.data for p in ps] == [1.0 - 0.1 * 0.5, 2.0 + 0.1 * 1.0]


@pytest.mark.parametrize("kind", ["sgd", "adam"])
def test_weight_decay_on_the_weights_alone_is_fit_l2_not_an_optimizer_of_the_weights(
    kind: str,
) -> None:
    """The README said "pass model.weights() to leave the biases alone": an optimizer
    given only the weights never moves a bias (fit trains them not at all, without a
    word). What the docs now say: every parameter to the optimizer and fit(l2=λ) — the
    same λ·W, on the weights' gradients only (checked against weight_decay on an
    optimizer of the weights, where neither moves a bias), and the biases train."""
    X, y = nn.data.moons(40, noise=0.1, seed=0)
    lam = 0.05

    def run(
        params: Callable[[nn.MLP], list[Value]], decay: float, l2: float
    ) -> tuple[nn.MLP, dict[str, float]]:
        model = nn.MLP(2, [4, 1], seed=0)
        start = {name: p.data for name, p in model.named_parameters()}
        opt = (
            nn.SGD(params(model), lr=0.1, momentum=0.9, weight_decay=decay)
            if kind == "sgd"
            else nn.Adam(params(model), lr=0.02, weight_decay=decay)
        )
        nn.fit(model, X, y, "bce_with_logits", optimizer=opt, epochs=3, batch_size=8, l2=l2,
               progress=False)  # fmt: skip
        return model, start

    def biases_moved(model: nn.MLP, start: dict[str, float]) -> int:
        named = model.named_parameters()
        return sum(p.data != start[name] for name, p in named if name.endswith("b"))

    decayed, start = run(lambda m: m.weights(), lam, 0.0)
    assert biases_moved(decayed, start) == 0  # five biases, none trained
    penalised, _ = run(lambda m: m.weights(), 0.0, lam)
    np.testing.assert_allclose(
        [p.data for p in penalised.parameters()],
        [p.data for p in decayed.parameters()],
        rtol=1e-9,
        atol=1e-12,
    )
    advised, start = run(lambda m: m.parameters(), 0.0, lam)
    assert biases_moved(advised, start) == 5


@pytest.mark.parametrize("where", ["lr", "momentum"])
def test_a_masked_0d_array_is_no_number(where: str) -> None:
    """np.ma.masked_array(0.1, mask=True) holds no number (numpy's missing value): it was
    read as the 0.1 under its mask, and trained at that rate without a word; it is refused
    as a masked array is everywhere in nn, naming the argument. One with nothing masked
    is its number."""
    hidden = np.ma.masked_array(0.1, mask=True)
    given = {"lr": 0.5, "momentum": 0.0, where: hidden}
    with pytest.raises(ValueError, match=rf"^SGD: {where} is a numpy masked array with 1 masked"):
        nn.SGD(_params(0.0), **given)
    (p,) = _params(0.0)
    opt = nn.SGD([p], lr=np.ma.masked_array(0.25, mask=False))
    p.grad = 2.0
    opt.step()
    assert p.data == -0.25 * 2.0


def test_a_schedules_k_counts_the_optimizers_steps_over_every_fit_call() -> None:
    """The README's account of a schedule's k, which a PyTorch user reads against
    ``LambdaLR``'s count of its own calls: k is ``opt.steps``, one a batch (not an
    epoch), carried over ``fit`` calls; a schedule set later starts at the k reached, and
    ``k0 = opt.steps; opt.lr = lambda k: f(k - k0)`` starts it afresh. History.lr holds
    each epoch's last step's rate, so each is f at a k counted by hand below."""
    X = np.linspace(-1.0, 1.0, 10).reshape(10, 1)
    y = 0.5 * X[:, 0]
    model = nn.MLP(1, [1], seed=0)

    def f(k: int) -> float:
        return 0.1 / (k + 1)

    opt = nn.SGD(model.parameters(), lr=f)
    history = nn.fit(model, X, y, loss="mse", optimizer=opt, epochs=3, batch_size=5, progress=False)
    assert history.lr == [f(1), f(3), f(5)]  # two steps an epoch: k = 0..5
    assert opt.steps == 6
    opt.lr = f  # given again: goes on from k = 6
    assert nn.fit(
        model, X, y, loss="mse", optimizer=opt, epochs=1, batch_size=5, progress=False
    ).lr == [f(7)]
    k0 = opt.steps
    opt.lr = lambda k: f(k - k0)
    assert nn.fit(
        model, X, y, loss="mse", optimizer=opt, epochs=1, batch_size=5, progress=False
    ).lr == [f(1)]


@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_step_arrays_refuses_a_parameter_beyond_largest_naming_the_first(sign: float) -> None:
    """``largest`` (a float32 replay passes 3.4e38): a step making a parameter beyond
    ±largest is refused, a NonFiniteStep naming the first such parameter, and changes
    nothing; a parameter landing on ±largest exactly, or inside, is taken. SGD with η = 1
    moves each parameter by −g, so the new numbers are known exactly."""
    opt = nn.SGD([Value(0.0) for _ in range(3)], lr=1.0)
    data = np.zeros(3)
    with pytest.raises(nn.NonFiniteStep) as refused:  # to ±(10.25, 10.5, 11)
        opt.step_arrays(data, -sign * np.array([10.25, 10.5, 11.0]), largest=10.25)
    assert (refused.value.index, refused.value.what) == (1, "parameter")
    assert refused.value.value == sign * 10.5
    assert data.tolist() == [0.0, 0.0, 0.0] and opt.steps == 0
    opt.step_arrays(data, -sign * np.array([10.25, 1.0, -10.25]), largest=10.25)
    assert data.tolist() == [sign * 10.25, sign * 1.0, -sign * 10.25] and opt.steps == 1


# A tied weight: one Value listed twice by model.parameters(). Oracle: the model's loss
# written again in numpy over its distinct numbers, its gradient by central differences,
# and SGD's and Adam's rules applied to those numbers by hand.
_TX = np.array([[0.3, -0.7], [1.1, 0.4], [-0.5, 0.9], [0.8, 0.2]])
_TY = np.array([0.5, -0.2, 0.1, 0.9])


def _tied_model() -> nn.MLP:
    """2-2-1 tanh, the hidden neurons sharing their first weight (one Value)."""
    model = nn.MLP(2, [2, 1], activation="tanh", seed=3)
    model.layers[0].neurons[1].w[0] = model.layers[0].neurons[0].w[0]
    return model


def _tied_loss(t: np.ndarray) -> float:
    """Mean squared error of the tied model with numbers t = (w, a, b0, c, b1, u0, u1, d):
    h0 = tanh(w·x0 + a·x1 + b0), h1 = tanh(w·x0 + c·x1 + b1), out = u0·h0 + u1·h1 + d."""
    w, a, b0, c, b1, u0, u1, d = t
    h0 = np.tanh(w * _TX[:, 0] + a * _TX[:, 1] + b0)
    h1 = np.tanh(w * _TX[:, 0] + c * _TX[:, 1] + b1)
    return float(np.mean((u0 * h0 + u1 * h1 + d - _TY) ** 2))


def _tied_numbers(model: nn.MLP) -> list[Value]:
    """The model's distinct Values in _tied_loss's order."""
    (n0, n1), (out,) = model.layers[0].neurons, model.layers[1].neurons
    assert n1.w[0] is n0.w[0]
    return [n0.w[0], n0.w[1], n0.b, n1.w[1], n1.b, out.w[0], out.w[1], out.b]


def _central(t: np.ndarray, h: float = 1e-6) -> np.ndarray:
    e = np.eye(len(t)) * h
    return np.array(
        [(_tied_loss(t + e[i]) - _tied_loss(t - e[i])) / (2 * h) for i in range(len(t))]
    )


@pytest.mark.parametrize("how", ["step", "fit", "fit compiled"])
@pytest.mark.parametrize("kind", ["sgd", "momentum", "adam"])
def test_a_tied_weight_takes_one_step_per_step(kind: str, how: str) -> None:
    """An optimizer given model.parameters() holds the tied Value twice: each step must
    move it once, by its whole gradient (the sum over its two uses), as the untied
    numbers' rules say — not twice, and not by half. Three full-batch steps, by opt.step()
    after a loss written by hand and by fit, eager and compiled."""
    model = _tied_model()
    assert len(model.parameters()) == 9 and model.num_parameters() == 8
    make = {
        "sgd": lambda ps: nn.SGD(ps, lr=0.3),
        "momentum": lambda ps: nn.SGD(ps, lr=0.3, momentum=0.9),
        "adam": lambda ps: nn.Adam(ps, lr=0.05),
    }[kind]
    opt = make(model.parameters())
    t = np.array([v.data for v in _tied_numbers(model)])
    rule = HandRule(kind, 8)
    for _ in range(3):  # the oracle
        t = rule.step(t, _central(t))
    if how == "step":
        for _ in range(3):
            opt.zero_grad()
            outs = [model(list(x)) for x in _TX.tolist()]
            loss = sum(((o - y) ** 2 for o, y in zip(outs, _TY.tolist(), strict=True)), Value(0.0))
            (loss / len(_TX)).backward()
            opt.step()
    else:
        nn.fit(model, _TX, _TY, loss="squared_error", optimizer=opt, epochs=3,
               batch_size=None, progress=False, compiled=how == "fit compiled")  # fmt: skip
    got = np.array([p.data for p in _tied_numbers(model)])
    np.testing.assert_allclose(got, t, rtol=1e-7, atol=1e-9)
