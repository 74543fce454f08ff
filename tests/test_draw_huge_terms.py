"""Pictures of graphs whose gradients are floats but whose edge terms (local derivative ×
gradient) are not, or whose partial sums are not: the drawing adds them as backward does.

draw_graph checked each leaf's grad against math.fsum of its edge terms, which raised
'intermediate overflow' on 1e308 + 1e308 − 1e308 and 'inf − inf' on terms that overflow
alone (a traceback from ``autograd-mini graph``); collapse='expr' summed a folded
expression's chain rule in floats and drew ∂(√x/√x)/∂x at 1e-320 "undefined" (inf − inf),
where it is 0. The oracles: the chain rule over the graph in Fractions (exact, from the
stored local derivatives), and the engine's own ``.grad``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from fractions import Fraction

import mpmath
import pytest

from autograd_mini import Value, draw_graph

NOTE = "note:"


def huge_fan_in() -> Value:
    """x's three terms are 1e308 each: their float running sum passes 1.8e308."""
    x, y = Value(1e-10, label="x"), Value(1e308, label="y")
    return x * y + x * y - x * y


def subnormal_ratio() -> Value:
    """√x/√x at x = 1e-320: x's two terms, 5e159 × ±1e160, overflow alone and cancel."""
    x = Value(1e-320, label="x")
    return x.sqrt() / x.sqrt()


def cancelling_fan_out() -> Value:
    """a feeds two products whose terms 1e300 × ±1e10 overflow alone; ∂/∂a = 1."""
    a, b, c = Value(1e-300, label="a"), Value(1e300, label="b"), Value(1e10, label="c")
    return (a * b) * c - (a * b) * c + a


def subnormal_times_huge() -> Value:
    """x = 5e-324 (the smallest subnormal) reached through y² = 1e600 twice, cancelling."""
    x, y = Value(5e-324, label="x"), Value(1e300, label="y")
    return (x * y) * y - (x * y) * y + x


def infinite_slope_unused() -> Value:
    """√x at 0 has an infinite slope, multiplied by a gradient of 0: it sends nothing."""
    x = Value(0.0, label="x")
    return x.sqrt() * 0.0 + x


GRAPHS: dict[str, Callable[[], Value]] = {
    "huge_fan_in": huge_fan_in,
    "subnormal_ratio": subnormal_ratio,
    "cancelling_fan_out": cancelling_fan_out,
    "subnormal_times_huge": subnormal_times_huge,
    "infinite_slope_unused": infinite_slope_unused,
}
COLLAPSES = [None, "inputs", "neuron", "layer", "expr"]


def exact_grads(
    root: Value, inside: Callable[[Value], bool] = lambda v: True
) -> dict[Value, Fraction]:
    """∂root/∂v in Fractions, from the stored local derivatives, through the nodes
    ``inside`` says (a zero gradient sends nothing, through an infinite slope too)."""
    order: list[Value] = []
    seen: set[Value] = set()

    def visit(v: Value) -> None:
        if v in seen:
            return
        seen.add(v)
        if inside(v):
            for p in v.parents:
                visit(p)
        order.append(v)

    visit(root)
    adjoint: dict[Value, Fraction] = {root: Fraction(1)}
    for v in reversed(order):
        g = adjoint.get(v, Fraction(0))
        if g == 0 or not inside(v):
            continue
        for p, local in zip(v.parents, v.local_grads, strict=True):
            adjoint[p] = adjoint.get(p, Fraction(0)) + Fraction(local) * g
    return adjoint


def leaves(root: Value) -> list[Value]:
    return [v for v in exact_grads(root) if not v.parents]


@pytest.mark.parametrize("name", GRAPHS)
def test_the_engine_grads_are_the_exact_sums(name: str) -> None:
    """The premise: backward's gradients are the exact sums, rounded once."""
    root = GRAPHS[name]()
    root.backward()
    exact = exact_grads(root)
    for leaf in leaves(root):
        assert leaf.grad == float(exact[leaf]), leaf.label


@pytest.mark.parametrize("collapse", COLLAPSES)
@pytest.mark.parametrize("view", ["forward", "backward"])
@pytest.mark.parametrize("name", GRAPHS)
def test_drawn_in_every_view_and_collapse_without_a_note(
    name: str, view: str, collapse: str | None
) -> None:
    """Every leaf's grad is its edges' sum (one pass): drawn, with no note that it is not
    (the fsum of the terms raised OverflowError or ValueError), and with each leaf's
    engine grad in its box."""
    root = GRAPHS[name]()
    root.backward()
    src = draw_graph(root, view=view, collapse=collapse).source
    assert NOTE not in src
    assert "nan" not in src
    for leaf in leaves(root):
        box = re.search(rf"<B>{leaf.label}</B>.*?grad ([^<]*)</TD>", src)
        if box is not None and box.group(1).strip() in ("0", "1"):
            assert float(box.group(1)) == leaf.grad


@pytest.mark.parametrize("name", GRAPHS)
@pytest.mark.parametrize("view", ["forward", "backward"])
def test_a_folded_expression_s_derivative_is_the_exact_chain_rule(name: str, view: str) -> None:
    """collapse='expr' folds the whole expression into its root: each leaf's edge reads
    ∂root/∂leaf, the exact chain rule (Fractions) rounded once — √x/√x's 0, not
    "undefined" (inf − inf) or "× nan = nan"."""
    root = GRAPHS[name]()
    root.backward()
    src = draw_graph(root, view=view, collapse="expr").source
    exact = exact_grads(root)
    assert "undefined" not in src and "nan" not in src
    for leaf in leaves(root):
        node = re.search(rf"\t(v\d+) \[label=<.*?<B>{leaf.label}</B>", src)
        assert node is not None
        if view == "forward":
            edge = re.search(rf'\t{node.group(1)} -> v0op \[label="?([^\]"\xa0]*)', src)
        else:
            edge = re.search(rf'\tv0 -> {node.group(1)} \[label="× ([^ ]*) = ([^ "]*)', src)
        assert edge is not None
        for shown in edge.groups():
            assert float(shown) == pytest.approx(float(exact[leaf]), rel=5e-4, abs=0.0)


def test_more_passes_and_hand_set_grads_are_still_told() -> None:
    """The note is still said where it holds: two passes over huge cancelling terms
    ("2 backward passes"), and a grad set by hand ("not the sum")."""
    root = cancelling_fan_out()
    root.backward()
    root.backward()
    assert "2 × the sum of local derivative × grad" in draw_graph(root).svg()
    root = huge_fan_in()
    root.backward()
    x = next(v for v in leaves(root) if v.label == "x")
    assert x.grad == 1e308
    x.grad = 0.9e308  # off by 10%: the allowance (1e-9 of 3e308) is far below it
    assert "some leaf grads are not the sum" in draw_graph(root).svg()
    x.grad = 1e308
    assert NOTE not in draw_graph(root).svg()


@pytest.mark.parametrize(
    ("expression", "values"),
    [
        ("x*y + x*y - x*y", ["x=1e-10", "y=1e308"]),
        ("sqrt(x)/sqrt(x)", ["x=1e-320"]),
        ("(a*b)*c - (a*b)*c + a", ["a=1e-300", "b=1e300", "c=1e10"]),
    ],
)
@pytest.mark.parametrize("options", [[], ["--view", "backward"], ["--collapse", "expr"]])
def test_the_command_line_draws_them(
    expression: str, values: list[str], options: list[str]
) -> None:
    """``autograd-mini graph`` printed a traceback (or 'error: -inf + inf in fsum')."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "autograd_mini",
            "graph",
            expression,
            "--set",
            *values,
            *options,
            "--format",
            "dot",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "digraph" in done.stdout and NOTE not in done.stdout


@pytest.mark.parametrize("x", [sys.float_info.max, 1.7975e308, -sys.float_info.max])
@pytest.mark.parametrize("view", ["forward", "backward"])
def test_a_sum_beside_the_largest_float_is_drawn(x: float, view: str) -> None:
    """x + 1 at x = 1.7976931348623157e308: the check for a cancelling sum took the
    power of ten of x rounded to the picture's digits as log10 of 1.798e+308 read back
    as a float, which is inf: OverflowError from draw_graph and the command line."""
    root = Value(x, label="x") + 1.0
    root.backward()
    src = draw_graph(root, view=view).source
    # the forward view writes x's data, the backward view its grad (∂(x + 1)/∂x = 1)
    assert (f"{x:.3e}" if view == "forward" else "<B>x</B></TD><TD>grad 1.000<") in src


@pytest.mark.parametrize("digits", [1, 2, 4, 7, 17])
def test_the_power_of_ten_of_a_rounded_number(digits: int) -> None:
    """The exponent the cancellation check reads, against Decimal's rounding (exact):
    at the top of the floats and among the subnormals, where log10 of the rounded
    number read back as a float overflowed or fell below the power (1e-315 is stored
    as 9.99999...e-316)."""
    from decimal import ROUND_HALF_EVEN, Context, Decimal

    from autograd_mini.draw import _exponent

    numbers = [sys.float_info.max, 1.7975e308, 9.9996e307, 1.493582917e-315, 1.30704e-318]
    numbers += [5e-324, 9.5, 0.00099996, 123456.0]
    for x in numbers + [-x for x in numbers]:
        rounded = Context(prec=digits, rounding=ROUND_HALF_EVEN).plus(Decimal(x))
        assert _exponent(x, digits) == rounded.adjusted(), (x, digits)


def test_terms_whose_float_size_rounds_below_an_overflow_are_told() -> None:
    """x's terms 1.8e308, 9.9e291 and 9.9e291 (inner grads set by hand): their float
    size rounds to 1.8e308 (each small one is below half an ulp of it), but their
    exact sum is beyond a float, and math.fsum raised 'intermediate overflow' from
    draw_graph. Added as backward adds (floats while finite) they give 1.8e308 in this
    order: drawn, with x's grad as stored."""
    x = Value(1.0, label="x")
    small, other, big = x * 1.0, x * 1.0, x * sys.float_info.max
    root = small + other + big
    root.backward()
    assert x.grad == sys.float_info.max
    small.grad = other.grad = 9.9e291
    # beyond max + half its ulp (2¹⁰²⁴ − 2⁹⁷⁰), where the rounding goes to inf
    assert Fraction(sys.float_info.max) + 2 * Fraction(9.9e291) >= 2**1024 - 2**970
    for view in ("forward", "backward"):
        src = draw_graph(root, view=view).source
        assert "<B>x</B>" in src and "grad 1.798e+308<" in src and "nan" not in src


@pytest.mark.parametrize(
    "build",
    [
        lambda x: ((x * 0.0) * 1e300) * 1e10,  # ∂/∂x = 0: drawn "undefined: … slope inside"
        lambda x: ((x * 1e-300) * 1e300) * 1e10,  # ∂/∂x = 1e10: drawn inf
        lambda x: (x * 1e-300 + x * 1e-300) * 1e300 * 1e10,  # 2e10, two paths
    ],
)
@pytest.mark.parametrize("at", [0.0, 1e-320, 3.0])
def test_a_folded_derivative_through_an_overflowing_inner_adjoint(
    build: Callable[[Value], Value], at: float
) -> None:
    """collapse='expr' carried each inner node's ∂root/∂node as a float: x·0's is 1e310,
    inf, so x's edge read 0 × inf ("undefined: an infinite slope inside", where there is
    none and the derivative is 0) or 1e-300 × inf (inf for 1e10). The derivative drawn is
    the exact chain rule (Fractions) rounded once."""
    x = Value(at, label="x")
    root = build(x)
    src = draw_graph(root, collapse="expr").source
    edge = re.search(r'-> v0op \[label="?([^\]"\xa0]*)', src)
    assert edge is not None
    assert float(edge.group(1)) == pytest.approx(float(exact_grads(root)[x]), rel=5e-4, abs=0.0)


def _edge_numbers(src: str, pattern: str) -> list[mpmath.mpf]:
    """The numbers of the first edge label matching ``pattern`` (its groups), read by
    mpmath: a number beyond a float (1.000e+600) is no float."""
    edge = re.search(pattern, src)
    assert edge is not None, pattern
    return [mpmath.mpf(shown) for shown in edge.groups()]


def _near(shown: mpmath.mpf, exact: Fraction) -> bool:
    """``shown`` (4 digits) is ``exact``, computed by mpmath from the Fraction."""
    with mpmath.workdps(50):
        want = mpmath.mpf(exact.numerator) / exact.denominator
        return bool(abs(shown - want) <= 5e-4 * abs(want))


@pytest.mark.parametrize(
    ("at", "scale", "back"),
    [(1e-300, 1e300, 1e-300), (1.0, 1e-200, 1e300)],  # ∂c/∂x = 1e600, then 1e-400
)
def test_a_folded_derivative_no_float_holds_times_its_gradient(
    at: float, scale: float, back: float
) -> None:
    """collapse='expr': c = (x·s)·s is used twice, so x's edge reads ∂c/∂x, s² — 1e600
    (drawn "inf", and "× inf = inf" in the backward view, though the contribution
    1e600 × 2e-300 is 2e300, x's grad) or 1e-400 (drawn "0" and "× 0 = 0", where x's
    grad is 2e-100). Both are drawn as the exact numbers they are, the contribution as
    the exact product rounded once: x's grad."""
    x = Value(at, label="x")
    c = (x * scale) * scale
    root = c * back + c * back
    root.backward()
    exact = exact_grads(root)
    local = Fraction(scale) * Fraction(scale)  # ∂c/∂x, exactly
    upstream = exact[c]
    # (the engine rounds each inner adjoint: the same to an ulp)
    assert float(local * upstream) == float(exact[x]) == pytest.approx(x.grad, rel=1e-15)
    src = draw_graph(root, view="backward", collapse="expr").source
    assert "inf" not in src and "× 0 =" not in src
    name = re.search(r"\t(v\d+) \[label=<.*?<B>x</B>", src)
    assert name is not None
    shown_local, shown_sent = _edge_numbers(
        src, rf'-> {name.group(1)} \[label="× ([^ ]*) = ([^ "\xa0]*)'
    )
    assert _near(shown_local, local) and _near(shown_sent, local * upstream)
    src = draw_graph(root, view="forward", collapse="expr").source
    name = re.search(r"\t(v\d+) \[label=<.*?<B>x</B>", src)
    assert name is not None
    (shown,) = _edge_numbers(src, rf'\t{name.group(1)} -> v\d+op \[label="?([^\]"\xa0]*)')
    assert _near(shown, local)


def test_a_neuron_s_row_whose_product_is_beyond_a_float() -> None:
    """w·x + b with rows 1e200·1e200 and −1e200·1e200: dot adds them exactly (its value
    is b), and the forward table read "= inf" and "= -inf", and wrote the weights in
    201 digits (its format was chosen without the table's numbers). Each row's product
    is drawn exactly; the same rows with a sum beyond a float the engine refuses."""
    from autograd_mini import dot
    from autograd_mini.errors import OpOverflow

    w = [Value(1e200, label="w1"), Value(-1e200, label="w2")]
    xs = [Value(1e200, label="x1"), Value(1e200, label="x2")]
    z = dot(w, xs, Value(0.5, label="b"))
    assert z.data == 0.5
    src = draw_graph(z).source
    assert "inf" not in src and "99999" not in src and "<TD>1.000e+200</TD>" in src
    rows = [mpmath.mpf(r) for r in re.findall(r"<TD>= ([^<]*)</TD>", src)]
    products = [Fraction(a.data) * Fraction(b.data) for a, b in zip(w, xs, strict=True)]
    assert len(rows) == 3 and rows[2] == 0.5
    assert all(_near(r, p) for r, p in zip(rows, products, strict=False))
    with pytest.raises(OpOverflow):
        dot([Value(1e200), Value(1e200)], [Value(1e200), Value(1e200)])


def test_a_neuron_s_backward_row_whose_term_is_beyond_a_float() -> None:
    """x read twice, by weights ±1e200, under a gradient 1e200: x's two terms are
    ±1e400 and its grad 0 (backward adds them exactly); the backward table read
    "x: × 1.000e+200 = inf". Drawn as the exact terms."""
    from autograd_mini import dot

    x = Value(1e100, label="x")
    z = dot([Value(1e200, label="w1"), Value(-1e200, label="w2")], [x, x], Value(1.0, label="b"))
    root = z * 1e200
    root.backward()
    assert x.grad == 0.0
    src = draw_graph(root, view="backward").source
    assert "inf" not in src
    cells = re.findall(r"x: × ([^ ]*) = ([^<\xa0]*)", src)
    assert len(cells) == 2
    for (local, term), w in zip(cells, (1e200, -1e200), strict=True):
        assert _near(mpmath.mpf(local), Fraction(w))
        assert _near(mpmath.mpf(term), Fraction(w) * Fraction(1e200))
