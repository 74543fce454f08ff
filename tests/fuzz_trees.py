"""Random expression trees over every row of the op table, built side by side on the
engine and in sympy, at magnitudes from 1e-300 to 1e300 (``test_fuzz_trees.py``).

A tree is grown bottom-up at ONE point: every candidate node is first evaluated
exactly (mpmath, 60 digits) and kept only if its inputs are in the op's domain, away
from its kinks by a clear margin, and its value a float. Kinked ops (relu, abs, step,
sign, leaky ReLU, min(a, 0), leaky′) enter sympy as the branch taken at that point,
so sympy differentiates smooth expressions only. Every node of the sympy expression
is multiplied by (1 + eᵢ), eᵢ a symbol set to 0 for the oracle and to random numbers
of size 2⁻⁵³ for the tolerance: the spread of an oracle under perturbations of each
op's result by a rounding error is how far a float evaluation may honestly be off.
"""

from __future__ import annotations

import itertools
import operator
import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import mpmath
import sympy as sp

from autograd_mini import Value, apply, dot, vsum

mp = mpmath.mp
NV = 3
X = sp.symbols(f"x0:{NV}")
BIG = 1.7976931348623157e308
TINY = 2.2250738585072014e-308


def mpv(x: float) -> mpmath.mpf:
    return mpmath.mpf(x)


@dataclass
class Node:
    build: Callable[[list[Value]], Any]  # engine: from the leaves to this node's Value
    expr: sp.Expr  # sympy, each node times (1 + e_i)
    value: Any  # exact value, mpmath
    text: str  # how to write it (Python, for a reproducer)
    ops: frozenset[str] = field(default_factory=frozenset)


@dataclass
class Grower:
    rng: random.Random
    xs: tuple[float, ...]
    nodes: list[Node] = field(default_factory=list)
    eps: list[sp.Symbol] = field(default_factory=list)

    def perturb(self, e: sp.Expr) -> sp.Expr:
        s = sp.Symbol(f"e{len(self.eps)}")
        self.eps.append(s)
        return e * (1 + s)


def magnitude(rng: random.Random) -> float | int:
    """A float whose size is drawn log-uniformly over most of the range, or a small one;
    now and then −0.0 or a Python int (the engine takes ints as arguments too)."""
    r = rng.random()
    if r < 0.04:
        return -0.0
    if r < 0.1:
        return rng.choice((-3, -1, 2, 5, 10**15))
    if r < 0.5:
        x = rng.uniform(-3.0, 3.0)
    elif r < 0.8:
        x = 10.0 ** rng.uniform(-300.0, 300.0)
    else:
        x = 10.0 ** rng.uniform(-20.0, 20.0)
    x = float(x)
    return -x if rng.random() < 0.4 else x


CONSTS = (2.0, -1.5, 0.5, 3.0, 0.25, -2.0, 1e-3, 1e3, 7.0)
POW_EXPONENTS = (2, 3, -1, -2, 0.5, 1.5, -0.5, 1 / 3, 2.5, -3, 4, 0.1, 10)


#: The four operators, for Values, sympy and mpmath alike.
ARITH: dict[str, Callable[[Any, Any], Any]] = {
    "add": operator.add,
    "sub": operator.sub,
    "mul": operator.mul,
    "div": operator.truediv,
}


def in_float(v: Any) -> bool:
    return v == 0 or (TINY <= abs(v) <= BIG)


def smooth_sym(name: str, a: sp.Expr, b: sp.Expr | None) -> sp.Expr:
    return {
        "exp": lambda: sp.exp(a),
        "log": lambda: sp.log(a),
        "sqrt": lambda: sp.sqrt(a),
        "tanh": lambda: sp.tanh(a),
        "sigmoid": lambda: 1 / (1 + sp.exp(-a)),
        "sigmoid_slope": lambda: sp.exp(-a) / (1 + sp.exp(-a)) ** 2,
        "softplus": lambda: sp.log(1 + sp.exp(a)),
        "sin": lambda: sp.sin(a),
        "cos": lambda: sp.cos(a),
        "neg": lambda: -a,
        "logaddexp": lambda: sp.log(sp.exp(a) + sp.exp(b)),
        "pow_log": lambda: a**b * sp.log(a),
        **{k: lambda f=f: f(a, b) for k, f in ARITH.items()},
        "pow": lambda: a**b,
    }[name]()


def mp_eval(name: str, a: Any, b: Any = None) -> Any:
    """The exact op, mpmath; None outside its domain."""
    try:
        if name == "exp":
            return mpmath.exp(a)
        if name == "log":
            return mpmath.log(a) if a > 0 else None
        if name == "sqrt":
            return mpmath.sqrt(a) if a > 0 else None
        if name == "tanh":
            return mpmath.tanh(a)
        if name == "sigmoid":
            return 1 / (1 + mpmath.exp(-a))
        if name == "sigmoid_slope":
            return 1 / (2 + 2 * mpmath.cosh(a))
        if name == "softplus":
            return mpmath.log(1 + mpmath.exp(a))
        if name == "sin":
            return mpmath.sin(a)
        if name == "cos":
            return mpmath.cos(a)
        if name == "neg":
            return -a
        if name == "logaddexp":
            return mpmath.log(mpmath.exp(a) + mpmath.exp(b))
        if name == "pow_log":
            return a**b * mpmath.log(a) if a > 0 else None
        if name in ARITH:
            return None if name == "div" and b == 0 else ARITH[name](a, b)
        if name == "pow":
            if a > 0:
                return a**b
            if a < 0 and b == int(b) and abs(b) < 1e6:
                return a ** int(b)
            return None
    except (ZeroDivisionError, ValueError, OverflowError):
        return None
    raise KeyError(name)


SMOOTH1 = ("exp", "log", "sqrt", "tanh", "sigmoid", "sigmoid_slope", "softplus", "sin", "cos")
SMOOTH1 += ("neg",)
KINK1 = ("relu", "abs", "step", "sign", "min_zero")
KINDS = (
    *SMOOTH1,
    *KINK1,
    "add",
    "sub",
    "mul",
    "div",
    "powc",
    "powv",
    "rpow",
    "pow_log",
    "logaddexp",
    "leaky",
    "leakyv",
    "leaky_slope",
    "bin_const",
    "vsum",
    "dot",
)


def grow(rng: random.Random, xs: tuple[float, ...], steps: int) -> tuple[Node, Grower]:
    mp.dps = 400  # the exact values the tree is grown by: the same whatever ran before
    g = Grower(rng, xs)
    for i, x in enumerate(xs):
        g.nodes.append(Node(lambda L, i=i: L[i], X[i], mpv(x), f"x{i}"))
    tries = 0
    while len(g.nodes) < NV + steps and tries < 200:
        tries += 1
        node = propose(g)
        if node is not None:
            g.nodes.append(node)
    # the root: the deepest node made
    root = max(g.nodes[NV:] or g.nodes, key=lambda n: len(n.text))
    return root, g


def pick(g: Grower) -> Node:
    """A node to read: later ones likelier (deep trees), earlier ones reused (fan-out).
    Each read gets its own perturbation symbol: two reads of one node that cancel
    (t/(s·t) with t read twice) cancel in sympy's algebra but not in the engine's
    floats, and the spread is to see that."""
    n = len(g.nodes)
    if n > NV and g.rng.random() < 0.6:
        node = g.nodes[g.rng.randrange(max(NV, n - 2), n)]
    else:
        node = g.nodes[g.rng.randrange(n)]
    return node if node.expr.is_Number else replace(node, expr=g.perturb(node.expr))


def floats_agree(a: Node, g: Grower) -> bool:
    """The engine's float for ``a`` is on the same side of a kink as the exact value: a
    kinked op enters sympy as one branch, with no spread to see a float on the other
    (cos(x1 + 1000.0) at x1 = −8.9e248, where the float sum is x1: the cosine of
    another number)."""
    try:
        got = a.build([Value(x) for x in g.xs]).data
    except ValueError:  # OpOverflow, DomainError…: the engine's own verdict, later
        return False
    return bool(abs(got - a.value) < abs(a.value) / 2)


def propose(g: Grower) -> Node | None:
    rng = g.rng
    kind = rng.choice(KINDS)
    a = pick(g)
    b = pick(g)
    va, vb = a.value, b.value
    margin = mpmath.mpf(10) ** -9

    if kind in SMOOTH1:
        v = mp_eval(kind, va)
        if v is None or not in_float(v):
            return None
        return Node(
            lambda L, f=a.build, k=kind: _unary(k, f(L)),
            g.perturb(smooth_sym(kind, a.expr, None)),
            v,
            f"{kind}({a.text})",
        )
    if kind in KINK1:
        if abs(va) < margin * (1 + abs(va)) or abs(va) < 1e-6 or not floats_agree(a, g):
            return None
        pos = va > 0
        if kind == "relu":
            e, v = (a.expr, va) if pos else (sp.Integer(0), mpmath.mpf(0))
        elif kind == "abs":
            e, v = (a.expr, va) if pos else (-a.expr, -va)
        elif kind == "step":
            e, v = (sp.Integer(1), 1) if pos else (sp.Integer(0), 0)
        elif kind == "sign":
            e, v = (sp.Integer(1), 1) if pos else (sp.Integer(-1), -1)
        else:  # min_zero
            e, v = (sp.Integer(0), 0) if pos else (a.expr, va)
        return Node(
            lambda L, f=a.build, k=kind: apply(k, f(L)),
            e if e.is_Number else g.perturb(e),
            mpmath.mpf(v),
            f"{kind}({a.text})",
        )
    if kind in ("add", "sub", "mul", "div", "logaddexp"):
        v = mp_eval(kind, va, vb)
        if v is None or not in_float(v):
            return None
        if kind in ("add", "sub") and abs(v) <= 1e-12 * (abs(va) + abs(vb)):
            return None  # cancellation beyond what we want to judge
        return Node(
            lambda L, fa=a.build, fb=b.build, k=kind: _binary(k, fa(L), fb(L)),
            g.perturb(smooth_sym(kind, a.expr, b.expr)),
            v,
            f"{kind}({a.text}, {b.text})",
        )
    if kind == "bin_const":
        op = rng.choice(("add", "sub", "mul", "div"))
        c = rng.choice(CONSTS)
        left = rng.random() < 0.5
        cv = mpv(c)
        v = mp_eval(op, cv, va) if left else mp_eval(op, va, cv)
        if v is None or not in_float(v):
            return None
        cs = sp.Rational(c)
        e = smooth_sym(op, cs, a.expr) if left else smooth_sym(op, a.expr, cs)
        return Node(
            lambda L, f=a.build, k=op, c=c, left=left: (
                _binary(k, c, f(L)) if left else _binary(k, f(L), c)
            ),
            g.perturb(e),
            v,
            f"{op}({c!r}, {a.text})" if left else f"{op}({a.text}, {c!r})",
        )
    if kind == "powc":
        p = rng.choice(POW_EXPONENTS)
        if isinstance(p, int) and rng.random() < 0.3:
            p = float(p)  # 3.0, not 3: ints vs floats
        v = mp_eval("pow", va, mpv(p))
        if v is None or not in_float(v) or va == 0:
            return None
        ps = sp.Rational(p)  # exact: 1/3 is the float's own rational
        return Node(
            lambda L, f=a.build, p=p: f(L) ** p,
            g.perturb(a.expr**ps),
            v,
            f"({a.text})**{p!r}",
        )
    if kind == "rpow":
        c = rng.choice((2.0, 0.5, 10.0, 1.5, 3))
        v = mp_eval("pow", mpv(c), va)
        if v is None or not in_float(v):
            return None
        return Node(
            lambda L, f=a.build, c=c: c ** f(L),
            g.perturb(sp.Rational(c) ** a.expr),
            v,
            f"{c!r}**({a.text})",
        )
    if kind in ("powv", "pow_log"):
        name = "pow" if kind == "powv" else "pow_log"
        if va <= 0:  # a negative base with a Value exponent has no ∂/∂b
            return None
        v = mp_eval(name, va, vb)
        if v is None or not in_float(v) or v == 0:
            return None
        return Node(
            (lambda L, fa=a.build, fb=b.build: fa(L) ** fb(L))
            if name == "pow"
            else (lambda L, fa=a.build, fb=b.build: apply("pow_log", fa(L), fb(L))),
            g.perturb(smooth_sym(name, a.expr, b.expr)),
            v,
            f"{name}({a.text}, {b.text})",
        )
    if kind in ("leaky", "leakyv", "leaky_slope"):
        if abs(va) < 1e-6 or not floats_agree(a, g):
            return None
        pos = va > 0
        if kind == "leaky":
            s = rng.choice((None, 0.25, 0.01, 3.0))
            sv = mpv(0.01 if s is None else s)
            v = va if pos else sv * va
            e = a.expr if pos else sp.Rational(0.01 if s is None else s) * a.expr
            build = (
                (lambda L, f=a.build: f(L).leaky_relu())
                if s is None
                else (lambda L, f=a.build, s=s: f(L).leaky_relu(s))
            )
            text = f"leaky_relu({a.text}, {s!r})"
        elif kind == "leakyv":
            v = va if pos else vb * va
            e = a.expr if pos else b.expr * a.expr
            build = lambda L, fa=a.build, fb=b.build: fa(L).leaky_relu(fb(L))  # noqa: E731
            text = f"leaky_relu({a.text}, {b.text})"
        else:
            v = mpmath.mpf(1) if pos else vb
            e = sp.Integer(1) if pos else b.expr
            build = lambda L, fa=a.build, fb=b.build: apply("leaky_slope", fa(L), fb(L))  # noqa: E731
            text = f"leaky_slope({a.text}, {b.text})"
        if not in_float(v):
            return None
        return Node(build, e if e.is_Number else g.perturb(e), v, text)
    if kind == "vsum":
        parts = [pick(g) for _ in range(rng.randint(1, 4))]
        c = rng.choice((None, 1.5, -2.0))
        v = sum((p.value for p in parts), mpmath.mpf(0)) + (c or 0)
        total = sum(abs(p.value) for p in parts) + abs(c or 0)
        if not in_float(v) or abs(v) <= 1e-12 * total:
            return None
        e = sp.Add(*[p.expr for p in parts]) + sp.Rational(c or 0)
        return Node(
            lambda L, fs=[p.build for p in parts], c=c: vsum(
                [f(L) for f in fs] + ([c] if c else [])
            ),
            g.perturb(e),
            v,
            f"vsum([{', '.join(p.text for p in parts)}{', ' + repr(c) if c else ''}])",
        )
    # dot: some Value pairs, some constant weights, a bias
    k = rng.randint(1, 3)
    ws = [pick(g) if rng.random() < 0.7 else rng.choice(CONSTS) for _ in range(k)]
    xs_ = [pick(g) for _ in range(k)]
    bias = rng.choice((None, 0.5, pick(g)))

    def val(o: Any) -> Any:
        return o.value if isinstance(o, Node) else mpv(o)

    def ex(o: Any) -> Any:
        return o.expr if isinstance(o, Node) else sp.Rational(o)

    def bu(o: Any, L: list[Value]) -> Any:
        return o.build(L) if isinstance(o, Node) else o

    def tx(o: Any) -> str:
        return o.text if isinstance(o, Node) else repr(o)

    terms = [val(w) * val(x) for w, x in zip(ws, xs_, strict=True)]
    if bias is not None:
        terms.append(val(bias))
    v = sum(terms, mpmath.mpf(0))
    total = sum(abs(t) for t in terms)
    if not in_float(v) or any(not in_float(t) for t in terms) or abs(v) <= 1e-12 * total:
        return None
    e = sp.Add(*[ex(w) * ex(x) for w, x in zip(ws, xs_, strict=True)])
    if bias is not None:
        e = e + ex(bias)
    return Node(
        lambda L: dot(
            [bu(w, L) for w in ws], [bu(x, L) for x in xs_], None if bias is None else bu(bias, L)
        ),
        g.perturb(e),
        v,
        f"dot([{', '.join(map(tx, ws))}], [{', '.join(map(tx, xs_))}]"
        + ("" if bias is None else f", {tx(bias)}")
        + ")",
    )


def _unary(k: str, a: Value) -> Value:
    if k == "neg":
        return -a
    return apply(k, a)


def _binary(k: str, a: Any, b: Any) -> Any:
    return ARITH[k](a, b) if k in ARITH else apply(k, a, b)


# --------------------------------------------------------------------------- the oracle


def terms(e: sp.Expr, env: dict[sp.Symbol, Any]) -> Any:
    """The sum of the absolute values of the terms of ``e`` (every Add taken as Σ|argᵢ|,
    every product as Π|factorᵢ|), at 60+ digits: how large the numbers a float
    evaluation of the formula adds are, so how much a cancellation may lose."""
    if e.is_Symbol:
        return abs(env[e])
    if e.is_Number:
        return abs(mpmath.mpf(sp.N(e, mp.dps)))
    if e.is_Add:
        return mpmath.fsum(terms(a, env) for a in e.args)
    if e.is_Mul:
        return mpmath.fprod(terms(a, env) for a in e.args)
    f = sp.lambdify(list(env), e, modules="mpmath")
    return abs(f(*env.values()))


@dataclass
class Oracle:
    value: Any
    grad: list[Any]
    hess: list[list[Any]] | None
    # how far each may be off: the spread under rounding-sized perturbations of every
    # node, and the size of the terms the exact formula adds
    value_tol: Any
    grad_tol: list[Any]
    hess_tol: list[list[Any]] | None


def oracle(root: Node, g: Grower, hess: bool, samples: int = 3, seed: int = 0) -> Oracle:
    """Value, gradient and (if ``hess``) Hessian of ``root`` at ``g.xs``, exactly, and for
    each the error a float evaluation may make: 64× the spread of the oracle when every
    node's result is moved by up to 2⁻⁵³ of itself, plus 2⁻⁴⁴ of the sum of the absolute
    terms of the formula (a derivative that is a small difference of large terms, the
    quotient rule's 1/b − a·b′/b², is known only to the size of the terms)."""
    mp.dps = 400  # 1e-300 next to 1: every digit of a cancellation kept
    e = root.expr
    grads = [sp.diff(e, x) for x in X]
    H = [[sp.diff(gi, x) for x in X] for gi in grads] if hess else None
    flat = [e, *grads, *(itertools.chain.from_iterable(H) if H else [])]
    f = sp.lambdify([*X, *g.eps], flat, modules="mpmath")
    xs = [mpv(x) for x in g.xs]
    zero = {**dict(zip(X, xs, strict=True)), **{s: mpmath.mpf(0) for s in g.eps}}
    exact = f(*xs, *([0] * len(g.eps)))
    rng = random.Random(seed)
    spread = [mpmath.mpf(0)] * len(flat)
    u = mpmath.mpf(2) ** -53
    for _ in range(samples):
        got = f(*xs, *[u * rng.uniform(-1, 1) for _ in g.eps])
        spread = [max(s, abs(a - b)) for s, a, b in zip(spread, got, exact, strict=True)]
    size = [terms(d.subs({s: 0 for s in g.eps}), zero) for d in flat]
    tol = [
        64 * s + mpmath.mpf(2) ** -44 * max(abs(w), t)
        for s, w, t in zip(spread, exact, size, strict=True)
    ]
    # a floor: 2⁻⁴⁴ of the largest entry of this order and of the one below (sympy's
    # algebra may cancel two reads of a node that the engine's floats only nearly cancel,
    # and then the formula has no terms left to measure: ∂/∂x0 of |tanh x0/(x2·tanh x0)|)
    n = NV
    big = [abs(exact[0]), max(map(abs, exact[1 : 1 + n])), max(map(abs, exact[1 + n :]), default=0)]
    floor = [2**-44 * max(big)] * len(flat)
    floor[0] = 0
    tol = [t + f for t, f in zip(tol, floor, strict=True)]
    hs = None if not H else [exact[1 + n + 3 * i : 1 + n + 3 * i + 3] for i in range(3)]
    ht = None if not H else [tol[1 + n + 3 * i : 1 + n + 3 * i + 3] for i in range(3)]
    return Oracle(exact[0], exact[1 : 1 + n], hs, tol[0], tol[1 : 1 + n], ht)
