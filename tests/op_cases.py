"""The one table every per-op test is generated from (MiniTorch style).

Each row: a name, an engine function of Values, the same function written in sympy
(the independent oracle), and the input domain of each argument. The tests in
``test_ops.py`` and ``test_value_backend.py`` loop over this table; adding a row adds
its checks everywhere.

Kinks (relu, abs, leaky_relu) and poles (1/x, x⁻²) are kept at least ``away`` from 0,
so central differences never straddle a corner.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sympy as sp
from hypothesis import strategies as st

from autograd_mini import Value, apply, dot, vsum

A, B, C, D = SYMBOLS = sp.symbols("a b c d", real=True)


@dataclass(frozen=True)
class Domain:
    """An interval [lo, hi]; with ``away`` > 0 the points with |x| < away are left out."""

    lo: float
    hi: float
    away: float = 0.0

    def strategy(self) -> st.SearchStrategy[float]:
        s = st.floats(self.lo, self.hi, allow_nan=False, allow_infinity=False)
        if self.away:
            s = s.filter(lambda v: abs(v) >= self.away)
        return s


ANY = Domain(-3.0, 3.0)
KINK = Domain(-3.0, 3.0, away=0.05)  # relu/abs/leaky_relu corners, poles at 0
POS = Domain(0.1, 4.0)
EXP = Domain(-5.0, 5.0)


def _relu(x: sp.Expr) -> sp.Expr:
    # Piecewise, not Max: its derivative is 0 at 0, the engine's convention.
    return sp.Piecewise((x, x > 0), (0, True))


def _leaky(x: sp.Expr, s: sp.Expr) -> sp.Expr:
    return sp.Piecewise((x, x > 0), (s * x, True))


@dataclass(frozen=True)
class Case:
    name: str
    fn: Callable[..., Value]
    expr: sp.Expr
    domains: tuple[Domain, ...]

    @property
    def symbols(self) -> tuple[sp.Symbol, ...]:
        return SYMBOLS[: len(self.domains)]

    def inputs(self) -> st.SearchStrategy[tuple[float, ...]]:
        return st.tuples(*(d.strategy() for d in self.domains))

    @functools.cached_property
    def oracle(self) -> Callable[..., Any]:
        """Value and every partial derivative, from sympy, as one mpmath function."""
        parts = [self.expr, *(sp.diff(self.expr, s) for s in self.symbols)]
        return sp.lambdify(self.symbols, parts, modules="mpmath")

    @functools.cached_property
    def hessian(self) -> Callable[..., Any]:
        """All second partial derivatives ∂²f/∂xᵢ∂xⱼ, row by row, from sympy."""
        rows = [[sp.diff(self.expr, s, t) for t in self.symbols] for s in self.symbols]
        return sp.lambdify(self.symbols, rows, modules="mpmath")


F = sp.Float
CASES: list[Case] = [
    # ---- add / sub (Value∘Value, Value∘const, const∘Value)
    Case("add", lambda a, b: a + b, A + B, (ANY, ANY)),
    Case("add_const", lambda a: a + 2.5, A + F(2.5), (ANY,)),
    Case("radd", lambda a: 2.5 + a, F(2.5) + A, (ANY,)),
    Case("sub", lambda a, b: a - b, A - B, (ANY, ANY)),
    Case("sub_const", lambda a: a - 1.5, A - F(1.5), (ANY,)),
    Case("rsub", lambda a: 1.5 - a, F(1.5) - A, (ANY,)),
    Case("sub_self", lambda a, b: (a - b) - a, -B, (ANY, ANY)),
    # ---- mul / neg / div
    Case("mul", lambda a, b: a * b, A * B, (ANY, ANY)),
    Case("mul_const", lambda a: a * -3.0, -3 * A, (ANY,)),
    Case("rmul_int", lambda a: 3 * a, 3 * A, (ANY,)),
    Case("mul_self", lambda a: a * a, A**2, (ANY,)),
    Case("neg", lambda a: -a, -A, (ANY,)),
    Case("div", lambda a, b: a / b, A / B, (ANY, KINK)),
    Case("div_const", lambda a: a / 4.0, A / 4, (ANY,)),
    Case("rtruediv", lambda a: 2.0 / a, 2 / A, (KINK,)),
    # ---- pow: constant exponent, Value exponent, constant base
    Case("pow_int", lambda a: a**3, A**3, (ANY,)),
    Case("pow_neg_int", lambda a: a**-2, A**-2, (Domain(-3.0, 3.0, away=0.3),)),
    Case("pow_frac", lambda a: a**2.5, A ** F(2.5), (POS,)),
    Case("pow_zero", lambda a: a**0, sp.Integer(1) + 0 * A, (ANY,)),
    Case("pow_value", lambda a, b: a**b, A**B, (POS, Domain(-2.0, 2.0))),
    Case("rpow", lambda a: 2.0**a, 2**A, (ANY,)),
    Case("rpow_half", lambda a: 0.5**a, F(0.5) ** A, (ANY,)),
    # pow's ∂y/∂b on Values (the node a second derivative in the exponent goes through)
    Case(
        "pow_log", lambda a, b: apply("pow_log", a, b), A**B * sp.log(A), (POS, Domain(-2.0, 2.0))
    ),
    Case("pow_log_const", lambda a: apply("pow_log", a, 1.5), A ** F(1.5) * sp.log(A), (POS,)),
    # ---- leaky ReLU: default slope, constant slope, Value slope
    Case("leaky_relu", lambda a: a.leaky_relu(), _leaky(A, F(0.01)), (KINK,)),
    Case("leaky_relu_const", lambda a: a.leaky_relu(0.25), _leaky(A, F(0.25)), (KINK,)),
    Case("leaky_relu_value", lambda a, s: a.leaky_relu(s), _leaky(A, B), (KINK, Domain(0, 1))),
    # its two slopes, ops of their own (a derivative graph's nodes)
    Case(
        "leaky_slope",
        lambda a, s: apply("leaky_slope", a, s),
        sp.Piecewise((1, A > 0), (B, True)),
        (KINK, ANY),
    ),
    Case("min_zero", lambda a: apply("min_zero", a), sp.Piecewise((0, A > 0), (A, True)), (KINK,)),
    # ---- log(eᵃ + eᵇ): two Values, a constant on either side; far apart (no overflow)
    Case("logaddexp", lambda a, b: a.logaddexp(b), sp.log(sp.exp(A) + sp.exp(B)), (ANY, ANY)),
    Case("logaddexp_const", lambda a: a.logaddexp(1.5), sp.log(sp.exp(A) + sp.exp(F(1.5))), (ANY,)),
    Case(
        "rlogaddexp", lambda a: apply("logaddexp", -2.0, a), sp.log(sp.exp(-2) + sp.exp(A)), (ANY,)
    ),
    Case(
        "logaddexp_far",
        lambda a, b: a.logaddexp(b),
        sp.log(sp.exp(A) + sp.exp(B)),
        (Domain(-30.0, -20.0), Domain(20.0, 30.0)),
    ),
    # ---- one input
    Case("exp", lambda a: a.exp(), sp.exp(A), (EXP,)),
    Case("log", lambda a: a.log(), sp.log(A), (POS,)),
    Case("sqrt", lambda a: a.sqrt(), sp.sqrt(A), (POS,)),
    Case("tanh", lambda a: a.tanh(), sp.tanh(A), (EXP,)),
    Case("sigmoid", lambda a: a.sigmoid(), 1 / (1 + sp.exp(-A)), (Domain(-10.0, 10.0),)),
    Case(
        "sigmoid_slope",
        lambda a: apply("sigmoid_slope", a),
        sp.exp(-A) / (1 + sp.exp(-A)) ** 2,
        (Domain(-10.0, 10.0),),
    ),
    Case("softplus", lambda a: a.softplus(), sp.log(1 + sp.exp(A)), (Domain(-30.0, 30.0),)),
    Case("relu", lambda a: a.relu(), _relu(A), (KINK,)),
    # |a| as a Piecewise: sympy's Abs would differentiate twice into a DiracDelta
    Case("abs", lambda a: abs(a), sp.Piecewise((A, A > 0), (-A, A < 0), (0, True)), (KINK,)),
    # relu's and abs's slopes, ops of their own (a derivative graph's nodes)
    Case("step", lambda a: apply("step", a), sp.Piecewise((1, A > 0), (0, True)), (KINK,)),
    Case(
        "sign",
        lambda a: apply("sign", a),
        sp.Piecewise((1, A > 0), (-1, A < 0), (0, True)),
        (KINK,),
    ),
    # np.clip's chosen bound c (ufuncs.py): c whatever a is, derivative 0 to a
    Case("clip", lambda a: apply("clip", a, 0.5), F(0.5) + 0 * A, (ANY,)),
    Case("clip_int", lambda a: apply("clip", a, -2), sp.Integer(-2) + 0 * A, (ANY,)),
    Case("sin", lambda a: a.sin(), sp.sin(A), (EXP,)),
    Case("cos", lambda a: a.cos(), sp.cos(A), (EXP,)),
    # ---- n-ary: vsum and every layout of dot
    Case("vsum", lambda a, b, c: vsum([a, b, c]), A + B + C, (ANY, ANY, ANY)),
    Case("vsum_consts_reuse", lambda a, b: vsum([a, 2.0, b, a]), 2 * A + B + 2, (ANY, ANY)),
    Case("dot_vv", lambda a, b, c, d: dot([a, b], [c, d]), A * C + B * D, (ANY,) * 4),
    Case("dot_vf", lambda a, b: dot([a, b], [2.0, -1.5]), 2 * A - F(1.5) * B, (ANY, ANY)),
    Case("dot_fv", lambda a, b: dot([2.0, -1.5], [a, b]), 2 * A - F(1.5) * B, (ANY, ANY)),
    Case(
        "dot_mixed",
        lambda a, b, c, d: dot([a, 2.0, b, 1.5], [c, d, 3.0, 0.5]),
        A * C + 2 * D + 3 * B + F(0.75),
        (ANY,) * 4,
    ),
    Case("dot_value_bias", lambda a, b, c: dot([a], [b], c), A * B + C, (ANY,) * 3),
    Case(
        "dot_float_bias",
        lambda a, b, c, d: dot([a, b], [c, d], 0.5),
        A * C + B * D + F(0.5),
        (ANY,) * 4,
    ),
    Case("dot_vf_value_bias", lambda a, b: dot([a], [3.0], b), 3 * A + B, (ANY, ANY)),
    Case("dot_shared", lambda a, b: dot([a, a], [a, b], a), A**2 + A * B + A, (ANY, ANY)),
]

CASE_IDS = [c.name for c in CASES]
