"""``gradcheck``: the engine's gradients against central differences.

The central difference (f(x + ε) − f(x − ε)) / 2ε has error O(ε²), against O(ε) for
the one-sided one, which is why it is the standard independent check of a backward
pass: it uses only forward evaluations of ``f``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, cast

from autograd_mini.arg_checks import real_number, shown
from autograd_mini.arguments import tangent_number
from autograd_mini.backward import RUNNING, gradients, refuse_float_gradients
from autograd_mini.errors import DomainError, NonFiniteGradient
from autograd_mini.grad_mode import is_grad_enabled, no_grad
from autograd_mini.reals import beyond_words, is_beyond_a_float, not_real_hint, scalar_of
from autograd_mini.value import NoGraph, Number, Value

__all__ = ["GradcheckError", "gradcheck", "numerical_gradient"]


class GradcheckError(AssertionError):
    """The analytical and numerical gradients disagree."""


def _positive(value: object, name: str, who: str, allow_zero: bool = False) -> float:
    """``value`` as a float when it is a finite real number above 0 (or 0, with
    ``allow_zero``), read as a picture's column is (:func:`real_number`: np.array(1e-6)
    and a Decimal were "must be a real number", 10**400 Python's OverflowError naming
    nothing); else a TypeError (no number) or a ValueError naming ``name`` and ``who``."""
    x = real_number(value)
    if x is None:
        raise TypeError(
            f"{who}: {name} must be a real number, got {type(value).__name__}"
            + not_real_hint(scalar_of(value))
        )
    bound = "≥ 0" if allow_zero else "> 0"
    if x == 0 and not allow_zero and cast(Any, value) > 0:
        # Decimal('1E-400'), Fraction(1, 10**400): positive, but 0.0 as a float
        raise ValueError(
            f"{who}: {name} must be a finite number {bound}, got {shown(value)}, which "
            "rounds to 0 as a float"
        )
    if not math.isfinite(x) or x < 0 or (x == 0 and not allow_zero):
        number = scalar_of(value)  # np.longdouble('1e400') is finite: float() made it inf
        beyond = f", {beyond_words(number)}" if is_beyond_a_float(number) else ""
        raise ValueError(
            f"{who}: {name} must be a finite number {bound}, got {shown(value)}{beyond}"
        )
    return x


def numerical_gradient(
    f: Callable[..., Any], *inputs: Value | Number, eps: float = 1e-6
) -> list[float]:
    """∂f/∂xᵢ ≈ (f(…, xᵢ + ε, …) − f(…, xᵢ − ε, …)) / 2ε for each input, forward only.
    The divisor is the distance between the two points as floats: xᵢ ± ε are rounded, so
    it is 2ε only to rounding (at x = 1e10, 1.907 × 2ε for the default ε).

    ``eps`` must be positive, and large enough that xᵢ ± ε differ from xᵢ as floats
    (at x = 1e10 the spacing of floats is 2e-6): otherwise the quotient would be 0/0 or
    plain 0 — a wrong number, so a ValueError instead; so is an ``eps`` whose 2ε is
    beyond a float, and a nan or infinite value of f at a probe point (a quotient of
    them is nan, inf or 0, which would read as a slope). A difference f₊ − f₋ that
    overflows where the slope does not is divided before it is taken.

    ``f`` is evaluated inside ``no_grad()`` to save time, unless it needs a graph of its
    own: a derivative such as ``grad(g)`` (its numerical derivative is g's second).
    """
    slopes = _numerical(f, inputs, eps, refuse=True)
    for i, (slope, x) in enumerate(zip(slopes, inputs, strict=True)):
        if math.isinf(slope):  # gradcheck reports it as a MISMATCH instead
            at = x.data if isinstance(x, Value) else x
            raise ValueError(
                f"numerical_gradient: the difference quotient of input {i} is {slope!r}, "
                f"beyond a float (x = {at!r}, eps = {eps!r}): f changes by more than a "
                f"float holds per unit there"
            )
    return slopes


def _numerical(
    f: Callable[..., Any], inputs: tuple[Value | Number, ...], eps: float, refuse: bool
) -> list[float]:
    """:func:`numerical_gradient`; ``refuse``: refuse inside a transform what depends on
    its input (gradcheck, whose floats nothing differentiates, does not)."""
    who = "numerical_gradient" if refuse else "gradcheck"
    eps = _positive(eps, "eps", who)
    base = _points(inputs, who)
    for i, v in enumerate(base):
        if v + eps == v or v - eps == v:
            raise ValueError(
                f"{who}: eps={eps!r} is below the spacing of floats at input {i} "
                f"(x = {v!r}): x ± eps rounds to x; use eps ≥ {math.ulp(v) * 2:.3g}"
            )
        if not math.isfinite((v + eps) - (v - eps)):  # a probe point, or their distance
            raise ValueError(
                f"{who}: eps={eps!r} is too large at input {i} (x = {v!r}): x ± eps or "
                f"the distance 2·eps between them is beyond a float"
            )
    if refuse and RUNNING.get():
        # inside a transform (grad of a function calling this) the floats returned are
        # constants to it: if the point or f's value depends on the transform's input,
        # every derivative taken through them would silently be 0. f runs recording,
        # so that its first result can tell (under no_grad nothing is recorded)
        for x in inputs:
            if isinstance(x, Value):
                _refuse_floats(x)
        return _differences(f, base, eps, who, _refuse_floats)
    try:
        with no_grad():  # only to save time: the numbers f computes are the same
            return _differences(f, base, eps, who)
    except NoGraph:
        if not is_grad_enabled():  # the caller's own no_grad: f refused it
            raise
        # f needs a graph of its own — a derivative (grad(g), jvp, hessian) or gradients()
        # inside it — and refused the no_grad the caller never entered: evaluate it as
        # the caller would, recording
        return _differences(f, base, eps, who)


def _points(inputs: tuple[Value | Number, ...], who: str) -> list[float]:
    """The inputs as floats, each finite: a nan, an infinity or 10**400 is refused naming
    ``who`` and the input, in the transforms' words (``Value(nan)`` said only "Value: got
    nan", and 10**400 "gradcheck: int too large for a float")."""
    return [
        x.data if isinstance(x, Value) else tangent_number(x, who, f"input {i}")
        for i, x in enumerate(inputs)
    ]


def _refuse_floats(v: Value) -> None:
    refuse_float_gradients(
        v,
        "numerical_gradient",
        "differentiate the engine's gradient (grad, gradients with create_graph=True)",
        how="gives plain floats",
    )


def _differences(
    f: Callable[..., Any],
    base: list[float],
    eps: float,
    who: str,
    check: Callable[[Value], None] | None = None,
) -> list[float]:
    """The central difference of ``f`` in each input, at the numbers ``base``;
    ``check`` is shown f's first result, if a Value. ``who`` names the caller in the
    error of a probe point outside f's domain (:func:`_probe`)."""
    result = []
    for i in range(len(base)):
        up = [Value(v) for v in base]
        down = [Value(v) for v in base]
        # divide by the step actually taken: x ± eps is rounded to a float, and at
        # x = 1e10 the default eps makes it 1.907 × 2·eps apart, not 2·eps
        hi, lo = base[i] + eps, base[i] - eps
        up[i] = Value(hi)
        down[i] = Value(lo)
        out = _probe(f, up, i, base, eps, who)
        if check is not None and isinstance(out, Value):
            check(out)
            check = None
        f_up = _result(out, who, "+", hi, i)
        f_down = _result(_probe(f, down, i, base, eps, who), who, "−", lo, i)
        step = hi - lo
        slope = (f_up - f_down) / step
        if math.isinf(slope):  # f_up − f_down overflowed; the quotient may not have
            slope = f_up / step - f_down / step
        result.append(slope)
    return result


def _result(out: Any, who: str, sign: str, probe: float, i: int) -> float:
    """f's value at the probe point x ± eps of input ``i`` as a float; a nan or an
    infinity is refused there (a Value never holds one) — a difference quotient made of
    it is nan, inf or 0, a number that looks like a slope (gradcheck then blamed the
    engine: "MISMATCH")."""
    if isinstance(out, Value):
        return out.data
    return tangent_number(
        out, who, f"f's value at the probe point x {sign} eps = {probe!r} of input {i}"
    )


def _probe(
    f: Callable[..., Any], args: list[Value], i: int, base: list[float], eps: float, who: str
) -> Any:
    """``f(*args)`` at a probe point, input ``i`` moved from ``base[i]`` by ±eps.

    An engine error about the numbers there (a :class:`DomainError` — √ of a negative,
    log of 0, an overflow — or a :class:`NonFiniteGradient` inside an ``f`` that takes a
    derivative) is raised again as its own class, saying it happened at the probe point
    and not at the input: ``gradcheck(sqrt, 1e-7)`` said "sqrt of -9e-07", a number the
    user never gave. If ``f`` fails at the input itself too, that error is the input's
    own and is raised instead."""
    try:
        return f(*args)
    except (DomainError, NonFiniteGradient) as error:
        f(*[Value(v) for v in base])  # at the input itself: an error there is its own
        x, probe = base[i], args[i].data
        sign = "+" if probe > x else "−"
        raised = type(error)(
            f"{who}: f failed at the probe point x {sign} eps = {probe!r} of input {i} "
            f"(x = {x!r}, eps = {eps!r}), not at the input itself: {error}. The central "
            f"difference evaluates f at x − eps and x + eps: give an eps smaller than the "
            f"distance from x to the edge of f's domain"
        )
        raised.__dict__.update(error.__dict__)  # the node an engine error names
        raise raised from error


def gradcheck(
    f: Callable[..., Any],
    *inputs: Value | Number,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
) -> bool:
    """Check the engine's ∂f/∂xᵢ against central differences at ``inputs``.

    Passes when |analytical − numerical| ≤ atol + rtol·|numerical| for every input and
    returns True; otherwise raises :class:`GradcheckError` with a table of every input,
    its numerical and analytical derivative, and whether it matched.
    """
    if not inputs:
        raise ValueError("gradcheck: give at least one input")
    eps = _positive(eps, "eps", "gradcheck")
    atol = _positive(atol, "atol", "gradcheck", allow_zero=True)
    rtol = _positive(rtol, "rtol", "gradcheck", allow_zero=True)
    leaves = [Value(v, label=f"x{i}") for i, v in enumerate(_points(inputs, "gradcheck"))]
    out = f(*leaves)
    if not isinstance(out, Value):
        raise TypeError(f"gradcheck: f must return a Value, got {type(out).__name__}")
    # a check answers True or raises: nothing differentiates through its floats, so a
    # transform running around it (grad of a function that checks a closure) has no
    # derivative to lose. Inside one, gradients() gives Values (floats are refused
    # there), and the differences skip numerical_gradient's refusal
    if RUNNING.get():
        analytical = [g.data for g in gradients(out, leaves, create_graph=True, who="gradcheck")]
    else:
        analytical = gradients(out, leaves, who="gradcheck")
    numerical = _numerical(f, inputs, eps, refuse=False)
    rows = []
    kinks = []
    ok = True
    for i, (leaf, a, n) in enumerate(zip(leaves, analytical, numerical, strict=True)):
        # a nan or infinite difference quotient checks nothing (its tolerance would be inf)
        good = math.isfinite(n) and abs(a - n) <= atol + rtol * abs(n)
        ok = ok and good
        rows.append(
            f"  input {i}: x = {leaf.data!r:<24} numerical {n!r:<24} "
            f"analytical {a!r:<24} {'ok' if good else 'MISMATCH'}"
        )
        if not good:
            kinks += _kink(f, leaves, i, out.data, eps, atol, rtol)
    if not ok:
        name = getattr(f, "__name__", "f")
        raise GradcheckError(
            f"gradcheck failed for {name} (eps={eps}, atol={atol}, rtol={rtol}):\n"
            + "\n".join(rows + kinks)
        )
    return True


def _kink(
    f: Callable[..., Any],
    leaves: list[Value],
    i: int,
    at: float,
    eps: float,
    atol: float,
    rtol: float,
) -> list[str]:
    """The note under a MISMATCH of input ``i`` when f is not smooth within x ± eps: its
    forward and backward differences disagree (relu at x = 1e-9 with eps = 1e-6: 1.0 and
    0.001). The central difference is their mean there (0.5005), no derivative of f, and
    the engine's value is the derivative at x itself — it was reported with no hint."""
    base = [v.data for v in leaves]
    x = base[i]
    hi, lo = x + eps, x - eps
    sides = []
    for probe, sign in ((hi, "+"), (lo, "−")):
        args = [Value(v) for v in base]
        args[i] = Value(probe)
        sides.append(
            _result(_probe(f, args, i, base, eps, "gradcheck"), "gradcheck", sign, probe, i)
        )
    forward, backward = (sides[0] - at) / (hi - x), (at - sides[1]) / (x - lo)
    if not math.isfinite(forward - backward):
        return []
    if abs(forward - backward) <= atol + rtol * max(abs(forward), abs(backward)):
        return []  # smooth there: the mismatch is the analytical value's
    return [
        f"  input {i}: f is not smooth within [x − eps, x + eps] = [{lo!r}, {hi!r}]: its "
        f"one-sided differences disagree (forward {forward!r}, backward {backward!r}), "
        f"so the central difference, their mean, is no derivative there — a kink (relu, "
        f"abs at 0) or a jump within eps of x. The analytical value is the derivative "
        f"at x itself: check at a point farther than eps from the kink, or with an eps "
        f"smaller than x's distance to it"
    ]
