"""Derivative sums that pass ±1.8e308 only on the way.

A gradient (or tangent) is a sum over the uses of a node, added in whatever order a pass
meets them: 1e308 + 1e308 − 1e308 overflows, 1e308 − 1e308 + 1e308 does not, and the
passes refused the first although both are 1e308. Every value that exists is computed
now, in every order — ``backward()``, ``gradients()`` (floats and Values), ``grad``,
``jvp``, the second-order paths — and a sum whose true value is beyond the largest float
is still refused, naming the node. Oracles: closed forms, and mpmath at 2,000 digits.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable, Sequence
from fractions import Fraction

import mpmath
import pytest

from autograd_mini import Value, dot, grad, gradients, hessian, hvp, jvp, vsum
from autograd_mini.value import InfiniteDerivative, NonFiniteGradient

BIG = (1e308, 1e308, -1e308)  # Σ = 1e308 exactly (the float 1e308 is v: v + v − v = v)
ORDERS = sorted(set(itertools.permutations(BIG)))


def _exactly(terms: Sequence[float]) -> float:
    """Σ terms in 2,000-digit arithmetic, rounded to a float (±inf beyond the range)."""
    with mpmath.workdps(2000):
        return float(mpmath.fsum(mpmath.mpf(t) for t in terms))


def _every_first_derivative(
    f: Callable[[Value], Value], x0: float, forward: bool = True
) -> list[float]:
    """f'(x0) by every first-order path: backward(), gradients() with floats and with
    Values, grad, and (``forward``) jvp. Forward mode carries other sums than reverse
    mode: the tangent of each node. Where one of those is itself beyond a float (the
    partial sum x·1e308 + x·1e308 as its own add node: tangent 2e308) forward mode
    refuses it, rightly — that number does not exist — so such graphs ask reverse only."""
    x = Value(x0, label="x")
    f(x).backward()
    x1 = Value(x0, label="x")
    x2 = Value(x0, label="x")
    (as_value,) = gradients(f(x2), [x2], create_graph=True)
    found = [x.grad, gradients(f(x1), [x1])[0], as_value.data, grad(f)(x0)]
    return [*found, jvp(f, (x0,), (1.0,))[1]] if forward else [*found, found[0]]


@pytest.mark.parametrize("cs", ORDERS)
def test_a_derivative_sum_that_overflows_only_on_the_way_is_computed_in_every_order(
    cs: tuple[float, ...],
) -> None:
    """f(x) = Σ cᵢ·x, f′ = Σ cᵢ = 1e308: as three uses of x summed by vsum, by a chain
    of additions, through an inner node, and as a dot whose partials all reach x."""
    want = 1e308
    assert _exactly(cs) == want
    fs: list[Callable[[Value], Value]] = [
        lambda x: vsum([x * c for c in cs]),
        lambda x: (x * cs[0] + x * cs[1]) + x * cs[2],  # separate uses, added two at a time
        lambda x: dot([x, x, x], list(cs)),  # one node whose partials all flow to x
        lambda x: vsum([(x * 1.0) * c for c in cs]),  # the sum is an inner node's: x·1
    ]
    for i, f in enumerate(fs):
        assert _every_first_derivative(f, 1e-300, forward=i != 1) == [want] * 5
    with pytest.raises(
        NonFiniteGradient, match=r"tangent of an unlabelled 'add' node"
    ):  # when it passes 2e308
        jvp(lambda x: (x * 1e308 + x * 1e308) + x * -1e308, (1e-300,), (1.0,))


@pytest.mark.parametrize("cs", ORDERS)
def test_an_inner_node_with_two_inputs_whose_gradient_overflowed_on_the_way(
    cs: tuple[float, ...],
) -> None:
    """h = x·w with ∂y/∂h = Σ cᵢ: both inputs get it times the other's value."""
    x, w = Value(1e-300, label="x"), Value(0.5, label="w")
    h = x * w
    vsum([h * c for c in cs]).backward()
    assert (x.grad, w.grad) == (0.5e308, 1e-300 * 1e308)
    x2, w2 = Value(1e-300), Value(0.5)
    h2 = x2 * w2
    assert gradients(vsum([h2 * c for c in cs]), [x2, w2]) == [0.5e308, 1e-300 * 1e308]


@pytest.mark.parametrize("cs", ORDERS)
def test_second_derivatives_that_overflow_only_on_the_way(cs: tuple[float, ...]) -> None:
    """f(x) = Σ (cᵢ/2)·x², f″ = Σ cᵢ = 1e308: grad of grad, hessian, hvp, jvp of grad."""

    def f(x: Value) -> Value:
        return vsum([x * x * (c / 2) for c in cs])

    assert grad(grad(f))(1.0) == 1e308
    assert hessian(f)(1.0) == [[1e308]]
    assert hvp(f, (1.0,), (1.0,)) == (1e308,)
    assert jvp(grad(f), (1.0,), (1.0,)) == (1e308, 1e308)  # f′(1) = Σ cᵢ too


@pytest.mark.parametrize("cs", sorted(set(itertools.permutations((1e200, -1e200, 1.0)))))
def test_products_that_overflow_alone_and_cancel(cs: tuple[float, ...]) -> None:
    """Terms 1e200·1e200 − 1e200·1e200 + 1: two products beyond a float, sum 1 (reverse
    mode; forward mode's tangent of x·1e200·1e200 is 1e400 itself, and refused)."""

    def f(x: Value) -> Value:
        return vsum([(x * c) * (1e200 if abs(c) > 1 else 1.0) for c in cs])

    assert _every_first_derivative(f, 1e-300, forward=False) == [1.0] * 5


@pytest.mark.parametrize("cs", sorted(set(itertools.permutations((1e308, 1e308, -1e300)))))
def test_a_sum_beyond_the_largest_float_is_still_refused_naming_the_node(
    cs: tuple[float, ...],
) -> None:
    """Σ = 2e308 − 1e300: not a float, in every order and every mode; no nan is left."""
    assert math.isinf(_exactly(cs))

    def f(x: Value) -> Value:
        return vsum([x * c for c in cs])

    x = Value(1e-300, label="x")
    with pytest.raises(NonFiniteGradient, match=r"gradient of node 'x' \(leaf\) overflows") as e:
        f(x).backward()
    assert e.value.node is x and math.isfinite(x.grad)
    for create_graph in (False, True):
        x = Value(1e-300, label="x")
        with pytest.raises(NonFiniteGradient, match=r"gradient of node 'x' \(leaf\) overflows"):
            gradients(f(x), [x], create_graph=create_graph)
    with pytest.raises(NonFiniteGradient, match="gradient of node 'argument 0'"):
        grad(f)(1e-300)
    with pytest.raises(NonFiniteGradient, match=r"tangent of an unlabelled 'sum' node .* is inf"):
        jvp(f, (1e-300,), (1.0,))


def test_small_terms_after_a_sum_left_the_floats_are_kept_too() -> None:
    """x's terms arrive 1e308, 1e308 from one node (the sum leaves the floats), 0.25 three
    times from one fused node, then −1e308, −1e308: f′ = 0.75 (closed form). Once a sum has left the
    floats no term may take the untested fast path, however small: added to the pending
    sum there, the 0.75 was lost (f′ came out 0). Every pass keeps every later term as a
    term of its own: the Value pass (``create_graph=True``) started a new running sum
    after the first overflow, whose −1e308 + 0.75 rounded to −1e308, and gave 0.0."""

    def f(x: Value) -> Value:
        return vsum([x * -1e308, x * -1e308, dot([x, x, x], [0.25] * 3), dot([x, x], [1e308] * 2)])

    def g(x: Value) -> Value:  # the terms one by one: 1e308, 1e308, 0.75, −1e308, −1e308
        return vsum([x * 1e308, x * 1e308, x * 0.75, x * -1e308, x * -1e308])

    x, x1 = Value(1e-300), Value(1e-300)
    f(x).backward()
    assert [x.grad, gradients(f(x1), [x1])[0], grad(f)(1e-300)] == [0.75] * 3
    for h in (f, g):
        (dh,) = gradients(h(x1), [x1], create_graph=True)
        assert dh.data == 0.75, h
        (d2h,) = gradients(dh, [x1])  # h is linear: h″ = 0, through the kept sum too
        assert d2h == 0.0, h


def test_small_terms_after_a_one_input_node_s_sum_left_the_floats_are_kept_too() -> None:
    """As above, but x's sum leaves the floats at a one-input node (x·1e308, the passes'
    branch for unary ops and constant operands): terms 1e308, 1e308, then 0.25 three
    times from one fused node, then −1e308, −1e308 — f′ = 0.75 (closed form). A mutant
    whose one-input branch did not shut the untested fast path after its overflow added
    the 0.75 to the pending nan: backward() and gradients() gave 0, every test passed."""

    def f(x: Value) -> Value:
        return vsum([x * -1e308, x * -1e308, dot([x, x, x], [0.25] * 3), x * 1e308, x * 1e308])

    assert _every_first_derivative(f, 1e-300) == [0.75] * 5


@pytest.mark.parametrize("create_graph", [False, True])
def test_a_leaf_s_gradient_past_a_float_from_the_seed_has_no_later_terms(
    create_graph: bool,
) -> None:
    """x.grad = 1e308, then x.backward(1e308): 1e308 + 1.0 × 1e308 is beyond a float, one
    term from the seed and nothing after it — the refusal says so, and not that later
    terms failed to bring it back (reason gradient_overflows); x keeps its 1e308."""
    x = Value(1.0, label="x")
    x.grad = 1e308
    with pytest.raises(NonFiniteGradient) as caught:
        x.backward(1e308, create_graph=create_graph)
    said = str(caught.value)
    assert "1e+308 + 1.0 × 1e+308 (from the seed) is inf; gradients beyond" in said
    assert caught.value.reason == "gradient_overflows"
    assert x.grad == 1e308
    assert caught.value.source is None  # the seed's term comes from no node


@pytest.mark.parametrize("create_graph", [None, False, True])  # None: backward()
def test_a_refusal_names_the_node_its_overflowing_term_came_from(
    create_graph: bool | None,
) -> None:
    """y = m + m with m = x·1e308: x's one term is 1e308 × 2.0 (2e308 in exact fractions,
    beyond the largest float), sent by m. The refusal's ``source`` is m — the field the
    Chinese wording reads (``engine_says``: a None there says the term came from the
    seed). A mutant that never set it passed every test; the message said m, the
    field None."""
    assert Fraction(1e308) * 2 > _LARGEST
    x = Value(1e-300, label="x")
    m = x * 1e308
    m.label = "m"
    with pytest.raises(NonFiniteGradient, match=r"0\.0 \+ 1e\+308 × 2\.0 \(from node 'm'") as e:
        if create_graph is None:
            (m + m).backward()
        else:
            gradients(m + m, [x], create_graph=create_graph)
    assert e.value.node is x
    assert e.value.source is m


def test_a_fused_node_s_small_slopes_times_a_huge_gradient_are_tested() -> None:
    """f = (x + x − x)·1e308 as one dot by constants (slopes 1, 1, −1) times 1e308: f′ =
    1e308 (closed form), its terms 1e308, 1e308, −1e308 overflow on the way only. The
    fused node's slopes are small but its gradient 1e308 is not, so the no-test fast path
    (for terms that cannot overflow) must not take it: every pass gives 1e308."""
    assert (
        _every_first_derivative(lambda x: dot([x, x, x], [1.0, 1.0, -1.0]) * 1e308, 1.0)
        == [1e308] * 5
    )


@pytest.mark.parametrize("create_graph", [False, True])
@pytest.mark.parametrize(
    ("cs", "later"),
    [((1e308, 1e308), False), ((-1e300, 1e308, 1e308), True)],  # met last to first
)
def test_a_refusal_says_whether_terms_came_after_the_first_overflow(
    cs: tuple[float, ...], later: bool, create_graph: bool
) -> None:
    """x's terms arrive 1e308, 1e308 (the first overflow, 1e308 + 1e308·1.0), then −1e300
    or nothing: both sums are beyond a float (2e308 − 1e300, by mpmath). The refusal names
    that first term with x's sum before it, and says the later terms did not bring it back
    (reason gradient_overflows_later) only where there were any — in the float pass and
    in the Value pass alike. A mutant that always, or never, said so passed."""
    assert math.isinf(_exactly(cs))
    x = Value(1e-300, label="x")
    with pytest.raises(NonFiniteGradient) as caught:
        gradients(vsum([x * c for c in cs]), [x], create_graph=create_graph)
    said = str(caught.value)
    assert "1e+308 + 1e+308 × 1.0" in said
    assert ("with the terms added after it (exactly) still beyond" in said) is later
    assert caught.value.reason == ("gradient_overflows_later" if later else "gradient_overflows")
    assert caught.value.numbers == (1e308, 1e308, 1.0)


def test_an_overflow_that_comes_back_does_not_hide_a_later_infinite_slope() -> None:
    """A kept sum is still the sum of what flows: an infinite local derivative met by a
    non-zero gradient is refused as before (√t at t = x − x = 0), and the leaf whose sum
    was being kept gets its last finite gradient back, not a nan."""
    x = Value(1e-300, label="x")
    r = (x - x).sqrt()
    r.label = "r"
    y = vsum([x * -1e308, x * 1e308, x * 1e308, r])  # the pass meets the newest first
    with pytest.raises(
        InfiniteDerivative, match=r"sqrt of 0\.0: the local derivative dy/da is inf"
    ):
        y.backward()
    assert x.grad == 1e308


@pytest.mark.parametrize(
    ("held", "cs"),
    [(1e308, cs) for cs in sorted(set(itertools.permutations((1e308, -1e308, -1e308))))]
    + [(-1e308, cs) for cs in ORDERS],
)
def test_a_leaf_s_earlier_gradient_is_one_of_the_terms(held: float, cs: tuple[float, ...]) -> None:
    """backward() adds to what a leaf's grad holds: 1e308 + (1e308 − 1e308 − 1e308) = 0
    and −1e308 + (1e308 + 1e308 − 1e308) = 0, whichever term overflowed on the way."""
    x = Value(1e-300, label="x")
    x.grad = held
    vsum([x * c for c in cs]).backward()
    assert x.grad == 0.0


def test_a_deterministic_set_against_mpmath() -> None:
    """Seeded random sums of huge terms (some beyond the range, most not), every order
    of each: every pass gives the sum (within rounding of the exact one: an order that
    never overflows is the float sum as before), or refuses it when the exact sum is
    beyond the largest float."""
    rng = random.Random(20261205)
    checked = refused = 0
    for _ in range(12):
        n = rng.randint(3, 4)
        cs = [rng.choice((1, -1)) * rng.uniform(0.3, 1.79) * 1e308 for _ in range(n)]
        want = _exactly(cs)
        for order in itertools.permutations(cs):

            def f(x: Value, order: Sequence[float] = order) -> Value:
                return vsum([x * c for c in order])

            if math.isfinite(want):
                # an order that does not overflow on the way is the float sum as before:
                # rounded at each step, within a few ulps of the exact one
                assert _every_first_derivative(f, 1e-300) == [pytest.approx(want, rel=1e-15)] * 5
                checked += 1
            else:
                with pytest.raises(NonFiniteGradient, match="node 'x'"):
                    f(Value(1e-300, label="x")).backward()
                with pytest.raises(NonFiniteGradient):
                    jvp(f, (1e-300,), (1.0,))
                refused += 1
    assert checked and refused  # both kinds were met


def test_the_steps_add_a_sum_that_overflows_on_the_way_as_backward_does() -> None:
    """backward() gives 1e308; the step-by-step pass refused it at its partial sum 2e308
    ("summed so far passes ±1.8e308"). Each step's running sum is now the exact sum
    (mpmath) — a Fraction where no float holds it — the last one backward's gradient,
    and the frame of that step draws it ("grad 2.000e+308"), as every frame after it
    draws the sum so far."""
    from autograd_mini import draw_graph, draw_step
    from autograd_mini.steps import backward_steps

    x = Value(1e-300, label="x")
    y = vsum([x * -1e308, x * 1e308, x * 1e308])  # the pass meets the newest first
    steps = [s for s in backward_steps(y) if s.parent is x]
    assert len(steps) == 3
    for n, step in enumerate(steps, 1):
        want = _exactly([-1e308 if k == 2 else 1e308 for k in range(n)])
        shown = step.parent_grad_after
        if math.isfinite(want):
            assert shown == want
        else:  # 2e308: exact
            with mpmath.workdps(2000):
                assert mpmath.mpf(shown.numerator) / shown.denominator == 2 * mpmath.mpf(1e308)
    assert str(steps[1]).endswith("grad of x is now 2e+308")  # six digits, as %g
    assert "<B>x</B></TD><TD>grad 1.000e+308<" in draw_graph(y, view="backward").source
    y.backward()
    assert x.grad == steps[-1].parent_grad_after == 1e308
    frame = draw_step(y, steps[1].index).source
    assert "grad 2.000e+308<" in frame and "inf" not in frame
    # a sum beyond a float once all its terms are in: refused, as backward() refuses it
    x = Value(1e-300, label="x")
    y = vsum([x * 1e308, x * 1e308])
    with pytest.raises(NonFiniteGradient, match="node 'x'"):
        y.backward()
    with pytest.raises(NonFiniteGradient, match="node 'x'"):
        list(backward_steps(y))


def _x_steps(y: Value, x: Value, skip_zero: bool = True) -> list[float | Fraction]:
    """The sums so far of ``x`` the steps of ``y``'s pass show, in order."""
    from autograd_mini.steps import backward_steps

    return [s.parent_grad_after for s in backward_steps(y, skip_zero=skip_zero) if s.parent is x]


def test_a_step_s_sum_out_of_the_floats_adds_each_term_exactly() -> None:
    """1.5e308 + 1e308 + a·b − 1.5e308 − 1e308 − fl(a·b), a·b = 1.1e154 × 1.3e154: the sum
    leaves the floats at its second term and is a·b − fl(a·b) (mpmath), which backward()
    gives. The steps added the float fl(a·b) to their exact sum and ended at 0."""
    a, b = 1.1e154, 1.3e154
    x = Value(1.0, label="x")
    y = vsum([x * -(a * b), x * -1e308, x * -1.5e308, (x * a) * b, x * 1e308, x * 1.5e308])
    with mpmath.workdps(2000):
        want = float(mpmath.mpf(a) * mpmath.mpf(b) - mpmath.mpf(a * b))
    assert want != 0.0
    sums = _x_steps(y, x)
    y.backward()
    assert sums[-1] == x.grad == want


def test_a_zero_step_through_an_infinite_slope_into_a_sum_out_of_the_floats() -> None:
    """√x·0 at x = 0 sends x 0 through the slope ∞ (backward skips it); with
    ``skip_zero=False`` the step is shown, and where x's sum had left the floats
    (1e308 + 1e308 − 1e308) it was refused: "a gradient of 0.0 has to flow through it".
    It adds nothing: x's sum stays 1e308, backward's gradient, as a float."""
    x = Value(0.0, label="x")
    y = vsum([x.sqrt() * 0.0, x * -1e308, x * 1e308, x * 1e308])
    sums = _x_steps(y, x, skip_zero=False)
    assert len(sums) == 4
    assert sums[-1] == sums[-2] == 1e308 and type(sums[-1]) is float
    y.backward()
    assert x.grad == 1e308


def test_a_step_s_sum_out_of_the_floats_that_ends_below_them_is_backward_s_grad() -> None:
    """x·1e308·2 − x·1e308·2 + (x·1e-200)·1e-200: backward adds the kept sum exactly and
    rounds it once, 1e-400 (mpmath) to the float 0.0. The last step said "grad of x is
    now 1e-400" (a Fraction) and its frame drew "grad 1.000e-400" where x.grad is 0."""
    from autograd_mini import draw_step
    from autograd_mini.steps import backward_steps

    x = Value(0.0, label="x")
    y = vsum([(x * 1e-200) * 1e-200, x * -1e308, x * -1e308, x * 1e308, x * 1e308])
    with mpmath.workdps(2000):
        want = float(mpmath.mpf(1e-200) * mpmath.mpf(1e-200))
    assert want == 0.0
    sums = _x_steps(y, x)
    assert sums[-1] == want and type(sums[-1]) is float
    last = [s for s in backward_steps(y) if s.parent is x][-1]
    assert str(last).endswith("grad of x is now 0")
    assert "<B>x</B></TD><TD>grad 0<" in draw_step(y, last.index).source
    y.backward()
    assert x.grad == want


def test_a_frame_of_a_sum_out_of_the_floats_above_an_infinite_slope() -> None:
    """√x at x = 0 used by ±1e308 twice: √x's sum passes 2e308 on its way to 0, so the pass
    never sends anything through the slope ∞ (x.grad = 0). The frames while √x's sum is
    2e308 raised OverflowError ("cannot convert Infinity to integer ratio") from
    draw_step and step_player: the edge √x → x is drawn not yet crossed, "× inf = ?"."""
    from autograd_mini import draw_step, step_player
    from autograd_mini.steps import backward_steps

    x = Value(0.0, label="x")
    s = x.sqrt()
    y = vsum([s * -1e308, s * -1e308, s * 1e308, s * 1e308])
    steps = list(backward_steps(y))
    at_top = next(
        st for st in steps if st.parent is s and isinstance(st.parent_grad_after, Fraction)
    )
    assert at_top.parent_grad_after == Fraction(1e308) * 2
    frame = draw_step(y, at_top.index).source
    assert "grad 2.000e+308<" in frame and '[label="× inf = ?"' in frame
    assert len(step_player(y)) == len(steps) + 1
    assert steps[-1].parent is s and steps[-1].parent_grad_after == _exactly(
        [1e308, 1e308, -1e308, -1e308]
    )
    y.backward()
    assert x.grad == 0.0


def _backward_sums(root: Value, skip_zero: bool) -> list[float | Fraction]:
    """Each step's sum so far, as backward() adds it, in Fractions: floats while the float
    sum is finite, then the last finite float plus every later term exactly; a node's
    gradient is that sum rounded once when the pass reaches it. Not rounded here."""
    from autograd_mini import topological_order

    sums: dict[Value, float | Fraction] = {root: 1.0}
    seen: list[float | Fraction] = []
    for node in topological_order(root):
        total = sums.get(node, 0.0)
        g = sums[node] = float(total)  # (a Fraction: rounded once; beyond a float: refused)
        if g == 0.0 and skip_zero:
            continue
        for p, local in zip(node.parents, node.local_grads, strict=True):
            before = sums.get(p, 0.0)
            if g == 0.0:
                after: float | Fraction = before
            elif isinstance(before, float) and math.isfinite(before + local * g):
                after = before + local * g
            else:
                after = Fraction(before) + Fraction(local) * Fraction(g)
            sums[p] = after
            seen.append(after)
    return seen


def test_the_steps_sums_are_backward_s_for_random_passes_that_leave_the_floats() -> None:
    """Sums of x·c terms (c near ±1e308, or a·b with a, b near 1e154: inexact products)
    that pass ±1.8e308 and come back, √x·0 at x = 0 (an infinite slope under a gradient
    of 0), added by vsum, a dot or a chain of additions, each order shuffled. Every
    step's sum so far is the exact running sum rounded (a Fraction only beyond a float),
    and each node's last one is backward()'s grad, bit for bit."""
    from autograd_mini.steps import backward_steps

    rng = random.Random(2026)
    overflowed = 0
    for _ in range(300):
        xs = [Value(rng.choice([0.0, 1e-300, -1e-300, 5e-324])) for _ in range(2)]
        terms: list[Value] = []
        for _ in range(rng.randint(2, 4)):
            x = rng.choice(xs)
            if rng.random() < 0.5:
                c = rng.choice([1, -1]) * rng.uniform(0.5, 1.79) * 1e308
                terms += [x * c, x * -c] if rng.random() < 0.9 else [x * c]
            else:
                a, b = (
                    rng.uniform(0.5, 1.34) * 1e154,
                    rng.choice([1, -1]) * rng.uniform(0.5, 1.34) * 1e154,
                )
                terms += [(x * a) * b, x * -(a * b)] if rng.random() < 0.9 else [(x * a) * b]
            if rng.random() < 0.2 and x.data == 0.0:
                terms.append(x.sqrt() * 0.0)
        rng.shuffle(terms)
        kind = rng.randrange(3)
        try:
            if kind == 0:
                y = vsum(terms)
            elif kind == 1:
                y = dot([1.0] * len(terms), terms)
            else:
                y = terms[0]
                for t in terms[1:]:
                    y = y + t
            y.backward()
        except (NonFiniteGradient, ArithmeticError):
            continue  # a value or gradient beyond a float: refused by both
        skip_zero = rng.random() < 0.5
        steps = list(backward_steps(y, skip_zero=skip_zero))
        want = _backward_sums(y, skip_zero)
        assert len(steps) == len(want)
        last: dict[Value, float | Fraction] = {}
        for step, exact in zip(steps, want, strict=True):
            shown = step.parent_grad_after
            try:
                near = float(exact)
            except OverflowError:  # beyond a float: the Fraction itself
                assert shown == exact
                overflowed += 1
            else:
                assert type(shown) is float and shown == near
            last[step.parent] = shown
        assert all(v == p.grad for p, v in last.items())
    assert overflowed >= 10  # (16 sums beyond a float on the way)


def test_the_traced_replay_still_refuses_a_batch_sum_that_overflows_on_the_way() -> None:
    """The known limit, said as such: numpy sums a parameter's gradient over the batch's
    rows in its own order and keeps no terms to redo; a refusal says the order may be
    to blame, and that the eager engine computes it (Σ = 1e308 here)."""
    from autograd_mini import trace

    w = Value(1.0, label="w")
    traced = trace(lambda x: w * x[0], [1.0], params=[w])
    refused = 0
    for rows in ORDERS:
        batch = [[c] for c in rows]
        try:
            _, g = traced.backward(batch, reduction="sum")
        except NonFiniteGradient as e:
            assert "or only a partial sum of its terms is (1e308 + 1e308 − 1e308)" in str(e)
            refused += 1
        else:
            assert g.tolist() == [1e308]
        eager = [Value(c) * w for c in rows]
        assert gradients(vsum(eager), [w]) == [1e308]
    assert refused


_LARGEST = Fraction(1.7976931348623157e308)  # the largest float, written out


def test_a_one_sample_batch_s_overflowing_gradient_names_no_sum_over_the_batch() -> None:
    """A batch of one row whose parameter gradient overflows said "(summed over the
    batch) — the sum is beyond a float, or only a partial sum of its terms is": one
    sample has no sum over the batch. Chosen by the batch's size: one row says the one
    sample (and, for a parameter it uses more than once, its uses); two rows still say
    the batch's sum. Oracle: ∂(u·w·x)/∂w = u·x = 2·1e308 and Σ over two rows of
    w·x = 2·1e308, each beyond the largest float in exact fractions."""
    from autograd_mini import trace

    w, u = Value(1e-10, label="w"), Value(2.0, label="u")
    assert Fraction(2) * Fraction(1e308) > _LARGEST
    one = trace(lambda x: u * (w * x[0]), [1.0], params=[w, u])
    with pytest.raises(NonFiniteGradient) as caught:
        one.backward([[1e308]], reduction="sum")
    said = str(caught.value)
    assert said.startswith(
        "trace: the gradient of params[0] 'w' overflows to inf in the "
        "batch's one sample — the gradient is beyond a float, or, for a "
        "parameter the sample uses more than once, only a partial sum"
    )
    assert "summed over the batch" not in said
    two = trace(lambda x: w * x[0], [1.0], params=[w])
    with pytest.raises(NonFiniteGradient, match=r"overflows to inf \(summed over the batch\)"):
        two.backward([[1e308], [1e308]], reduction="sum")


def test_compiled_fit_on_a_batch_of_one_row_says_its_one_sample() -> None:
    """fit(compiled=True, batch_size=1) said "(summed over the batch)" of the one row
    whose gradient overflows. Oracle: ∂(w₂·w₁·x)/∂w₁ = w₂·x = 2·1e308, beyond the
    largest float in exact fractions; the loss's slope there is 1 (σ(z) of a huge z)."""
    import numpy as np

    import nn

    assert Fraction(2) * Fraction(1e308) > _LARGEST
    model = nn.MLP(1, [1, 1], activation="linear")
    w1, b1, w2, b2 = model.parameters()
    w1.data, b1.data, w2.data, b2.data = 1e-10, 0.0, 2.0, 0.0
    X = np.array([[1.0], [1.0], [1.0], [1e308]])  # the first batches go by (set-up checks)
    optimizer = nn.SGD(model.parameters(), lr=1e-30)  # the weights stay as set
    with pytest.raises(nn.TrainingDiverged) as caught:
        nn.fit(model, X, np.zeros(4), "bce_with_logits", optimizer, epochs=1, batch_size=1,
               shuffle=False, progress=False, compiled=True)  # fmt: skip
    said = str(caught.value)
    assert "batch 4 of 4" in said and "overflows to inf in the batch's one sample" in said
    assert "summed over the batch" not in said


def test_a_sum_that_stays_finite_after_a_settled_one_is_added_in_floats() -> None:
    """n's sum leaves the floats on the way (−1e308 − 1e308) and settles to c; x's sum
    (−1 and then a·c) never does, so it is added as every float pass adds: −1 + fl(a·c).
    Keeping x's sum exactly too (the mutation pass's survivor) gave fl(−1 + a·c exactly),
    one ulp higher: x's gradient then depended on whether an unrelated sum overflowed.
    Oracles: the same two terms in Python floats, and the exact sum (Fraction), which
    differs."""
    a, c = 1 + 2**-52, 1 + 3 * 2**-52
    floats = -1.0 + a * c
    assert floats != float(Fraction(-1) + Fraction(a) * Fraction(c))  # the test can tell
    for pass_ in ("backward", "gradients"):
        x = Value(1.0)
        n = x * a
        root = vsum([n * c, n * 1e308, n * 1e308, n * -1e308, n * -1e308, x * -1.0])
        if pass_ == "backward":
            root.backward()
            got = x.grad
        else:
            (got,) = gradients(root, [x])
        assert got == floats, pass_


def test_a_value_pass_s_lone_overflowing_term_is_told_from_a_sum_of_zero() -> None:
    """x's first and only term 1e200 × 1e200 overflows alone in a create_graph pass: the
    refusal shows x's sum before it, 0.0 (x had none). Showing 1.0 there (the mutation
    pass's survivor, _Kept._refuse's default for "no previous sum") passed, and so did
    counting its one term as a later one ("with the terms added after it"). Oracle: the
    term is 1e400 in exact fractions, beyond the largest float; no term came before."""
    assert Fraction(1e200) ** 2 > _LARGEST
    x = Value(1e-300)
    root = (x * 1e200) * 1e200
    with pytest.raises(NonFiniteGradient, match=r"overflows: 0\.0 \+ 1e\+200 × 1e\+200 \(") as e:
        gradients(root, [x], create_graph=True)
    assert "added after it" not in str(e.value)  # no later term: 0, not 1 (a miscount)
