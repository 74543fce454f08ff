"""Teaching is proof: what a notebook states, a cell computes by hand and asserts.

An audit of notebooks 04–07 (both editions) found statements that no ``assert`` checked:
04 said 李宏毅's summed cost only multiplies the gradient by the number of examples, that
SGD with B = 10 takes twenty times as many steps on the moons and 144 a digits epoch (576
in four); 06 that at h = 10⁻³ the relative error is already near 10⁻⁶, and that at
t = 10⁻¹² the first form of σ″ keeps four digits where the engine's keeps all; 07 stated
its cost C = Σⱼ (aⱼ − yⱼ)² and the brightness Jacobian's column with nothing computed by
hand (the two modes were only compared with each other). Each claim now has an assert in
the code cell that goes with it, the same in both editions (tests/test_zh_notebooks.py
compares the code); running the notebooks (tests/test_notebooks.py) runs the asserts.
A second audit added 06's one-sided O(h), its rounding model ε|C|/h (and "rounding at
least 10⁵ times smaller than truncation") and its stationary points; 07's "the same numbers
in both drawings" and its Newton picture: step 1 overshoots the minimum and step 2 comes
back to within 0.03 of it (the text said gradient descent "creeps along the valley").
A third audit, of notebooks 00–03: the pictures' "the edge from w1 into its product reads x1"
was checked as "some edge reads x1" (a drawing with each product's two labels swapped
passed), now on w1's own edge, into a ×; 01's difference quotient creeping towards f'(x0);
02's "|w| < 4" and its bar chart's title, the weights' gradients shrinking layer by layer
back (a chain where they do not passed); 03's partial derivatives ∂β_j/∂w_hj = b_h,
∂ŷ_j/∂θ_j = −f′ (and α_h's, γ_h's), and standard BP ahead after every pass, not only the
last; 00's quotation of backward()'s docstring, and 03's six standard-BP steps per pass,
240 in all (printed as a typed literal).
A fourth audit, of the round numbers the text quotes: 01's ε ≈ 2.2×10⁻¹⁶, √ε ≈ 10⁻⁸ and
ε^(1/3) ≈ 6×10⁻⁶ (only the best-h formulas were checked), 04's 2 × 13,002 = 26,004 forward
passes (printed as a typed literal) and the moons network's 337 parameters, 06's kink
quotient 0.55, the box tanh x's 0.4621 (the box was compared with tanh 0.5, not with the
number the text gives) and section 2's two gradients off by 10⁻⁴, one good, one wrong.
A fifth audit, of what 04 and 06 say about their pictures and reports: 04's landscape
(the arrow −∇C almost straight up, two valleys top right and bottom left, a saddle point
between them on v = 0) and 06's report header (gradcheck's defaults are PyTorch's).
A sixth, a student's read: 00's "about sixty lines" (the engine's lines, counted from its
source), and two counts the code typed instead of checking against the text: 04's 16 nodes
a^(L-1)_k (range(16)) and 07's m = 8 points; 05's picture (w1's row reads × x1, the edge
from z σ'(z), the edge from a − y 2(a − y)) was checked as "the labels, sorted, are the
stored local derivatives" (a drawing with two edges' labels swapped passed); 06's boxes 2x
and ½·2x "read 1.000 and 0.5000" (only their values were compared, not the picture), and
its h* = (3ε|C|/|φ'''|)^(1/3), where truncation plus rounding "is smallest" (h* was
computed, never compared with the sum); 01's two best steps likewise (h* = 2√(ε|f|/|f''|)
and (3ε|f|/|f'''|)^(1/3)); 05's "a dozen lines of our own" (replay_backward's 11, counted
from its source); 01's s = 0.5·w1 + 0.49 (0.49 was typed into the code, not computed from
the frozen weights and inputs).
A seventh: 05's colours (the step's edge red, the edges used before it black, the step
into a weight a red-tinted cell, the nodes not reached grey and dashed: read from the DOT
text, red and grey by their RGB) and 07's timings, printed but never asserted (reverse
mode in a handful of evaluations, the brightness Jacobian's ratio below 10 with forward
ahead, an hvp several gradients' worth), each with room for a loaded machine; and 04's
SGD on the slice, "two examples' cost" a step, labelled with the last batch's size.
An eighth, a first-year student's read: 05 defined a topological order as "every node before
the nodes it was computed from", the reverse of notebook 0's definition (each node after
its inputs; the Chinese edition already said "the forward order reversed"), and nothing
checked the library's order against either; 01's exercise 2 said "the sigmoid's row says
y(1 − y)" of an op table the notebook never showed (the engine's row computes σ(z)σ(−z)),
nothing read the σ node's stored local derivative, and a student took y(1 − y) for SiLU's
row too (the checker gives that slip no hint): the row is now section 6's σ node, checked,
and y(1 − y) shown not to be SiLU's;
04 said the stale-graph error names a weight, and it prints "unlabelled node (leaf, value
…)": the text says it gives the weight's new value, and an assert reads that value; 03's
section 5 trained on "a few examples" under a plot whose axis read "epoch", a word the
notebook defines only in the next section: the text now says six examples, 40 epochs, and
what an epoch is.
A ninth, a Chinese first-year student's read: 01's exercise 2 says the engine computes the
sigmoid's slope as σ(z)σ(−z), "notebook 7 says why", and 07 only said the two forms are
equal: it now says why (σ(z) rounds to 1 from z ≈ 37 on, and a(1 − a) is 0 there, where
σ(z)σ(−z) keeps e⁻⁴⁰/(1 + e⁻⁴⁰)² ≈ 4.2×10⁻¹⁸), by hand and by the engine.
A tenth, a Chinese-speaking student's read of 02–04: 02's "a neuron with z ≤ 0 passes no
gradient back" was checked at z < 0 only (now at z = 0 exactly too); 03's "many" updates
that raised standard BP's error and λ = 0.001 "still felt" were asserted as "> 0" and
"smaller" (now more than a quarter, less than half); 04 said an epoch's training accuracy
is the average over its batches, and fit counts the examples scored right (the two differ
when the last batch is smaller): the text says so, and a learning-rate-0 epoch in
unequal batches equals nn.evaluate's accuracy; its "per update, full batch is lower" was
asserted at the 40th update only (now at the 20th too, the other point both runs share).
Its review: 07's "a forward pass costs more than the two plain evaluations of a finite
difference" was printed (≈ 60 ms against 13 ms) but asserted nowhere.
An eleventh, a Chinese-speaking student's read of 00–01: 00's "p and q each have two
outgoing edges" in the picture (the picture's grads were compared, never its edges) and
"topological_order lists the root first, and only the inner nodes"; 01 called
f = x³ − 2x + 1/(1 + x²) "a cubic" (it is not a polynomial: its x³ term takes over as
x → −∞, now asserted), and its slip "loss" (output minus target) was said to be negative
with a slope that drives the output away from 1, asserted only as a formula.
A twelfth, a Chinese-speaking student's read of 00–04: 04 stated one example's cost
C0 = Σⱼ (aⱼ − yⱼ)² and section 8's batch cost C = (1/B) Σᵢ Σⱼ (aⱼ[i] − yⱼ[i])² with neither
computed by hand (section 8's only hand check was the step, and its PyTorch check runs only
where PyTorch is installed); 03's derivation of f′ = f(1 − f) checked its two ends, not the
middle form it writes; 01 put the best steps "near √ε" and "near ε^(1/3)" with no word on
where they come from, and printed h* values 0.5–0.6 times those: the text now derives them
(the two errors equal) and says the exact h* carries a factor, asserted between 0.1 and 10.
Its review: a window of a hundredfold pinned nothing a student could check, and "the cell
computes it" printed no factor; the text now gives the factors (about 0.6 and 0.5, set by
the constants the derivation drops), the cell prints them and asserts them to one decimal.
A thirteenth, a Chinese-speaking student's read of 05–07: 06 wrote the centred difference of
sin as cos x · sin h / h (of exp, eˣ · sinh h / h) and asserted only its Taylor model, wrote
f′(x) = 4x(x² − 1) and gradient descent's factor |1 − η f″(1)| = 0.6 with the factor typed as
0.6 (f″ never entered it); 07 said Newton's step 2 comes back "along the same line" (the
orange line "runs back over itself"), and it turns back 9.4° off that line, checked nowhere
(now "less than 10° off", asserted), and its summary's one pass giving J·ẋ (forward) and
ȳᵀJ (reverse) was never computed: the brightness Jacobian's column by hand now checks a
jvp and a vjp's pullback.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import jupytext
import numpy as np
import pytest

import nn

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"

# (notebook, words of the claim in the English markdown, the Chinese markdown's, an
# assert that checks it, as ast.unparse writes it)
CLAIMS = [
    (
        "04_training_an_mlp",
        "only multiplies the gradient by the\nnumber of examples",
        "这只是把梯度乘上样本数",
        "assert np.allclose(g_summed, B * g, rtol=1e-12, atol=1e-15)",
    ),
    (
        "04_training_an_mlp",
        "twenty times as many steps",
        "它走的步数是全批量的二十倍",
        "assert steps_per_epoch[",
    ),
    (
        "04_training_an_mlp",
        "(144 steps per\nepoch)",
        "每轮 144 步",
        "assert len(y_train) == 1438 and math.ceil(len(y_train) / 10) == 144",
    ),
    (
        "06_gradient_checking_and_second_derivatives",
        "it is already near $10^{-6}$",
        "到 $10^{-3}$ 时已接近 $10^{-6}$",
        "assert 1e-07 < errors[at_1e3] / abs(exact) < 1e-05",
    ),
    (
        "06_gradient_checking_and_second_derivatives",
        "at $t = 10^{-12}$ it keeps four",
        "在 $t = 10^{-12}$ 处只剩四位",
        "assert 1e-05 < abs(first_form - second_form) / abs(second_form) < 0.001",
    ),
    (
        "07_forward_or_reverse",
        "$C = \\sum_j (a_j - y_j)^2$",
        "$C = \\sum_j (a_j - y_j)^2$",
        "assert math.isclose(cost_by_hand(params0), cost_number(params0), rel_tol=1e-12)",
    ),
    (
        "06_gradient_checking_and_second_derivatives",
        "against $O(h)$ for the one-sided one",
        "单侧差分是 $O(h)$",
        "assert abs(slope_one_sided - 1) < 0.05",
    ),
    (
        "06_gradient_checking_and_second_derivatives",
        "is at least $10^5$ times smaller",
        "比截断误差至少小 $10^5$ 倍",
        "assert 100000.0 * 4 * eps * abs(f(x0)) / h_s ** 2 <= abs(h_s ** 2 / 12 * d4)",
    ),
    (
        "07_forward_or_reverse",
        "step 1 overshoots, to the far side of the minimum",
        "第 1 步冲过了头",
        "assert from_start[0] * after_one[0] + from_start[1] * after_one[1] < 0",
    ),
    (
        "07_forward_or_reverse",
        "to within 0.03 of it",
        "离极小值不到 0.03",
        "assert math.dist(newton_path[2], w_min) < 0.03",
    ),
    (
        "07_forward_or_reverse",
        "from $z \\approx 37$ on $\\sigma(z)$ rounds to 1",
        "从 $z \\approx 37$ 起 $\\sigma(z)$ 干脆舍入成 1",
        "assert sigma(36.0) < 1.0 and sigma(37.0) == 1.0",
    ),
    (
        "07_forward_or_reverse",
        "the\nslope the engine's sigmoid gives",
        "正是引擎的 sigmoid 给出的斜率",
        "assert math.isclose(grad(lambda t: t.sigmoid())(40.0), slope_40, rel_tol=1e-12)",
    ),
    (
        "06_gradient_checking_and_second_derivatives",
        "divided by $2h$, carries an error of about",
        "误差约为 $\\varepsilon\\,|C|/h$",
        "assert 1 / 3 < np.median(errors[hs <= 1e-08] / rounding[hs <= 1e-08]) < 3",
    ),
    (
        "06_gradient_checking_and_second_derivatives",
        "The stationary points are $x = 0$",
        "驻点是 $x = 0$",
        "assert df(0.0) == f1(0.0) == 0.0 and df(1.0) == df(-1.0) == 0.0",
    ),
    (
        "07_forward_or_reverse",
        "the same numbers in both drawings",
        "两幅图里的这些数字完全一样",
        "assert re.findall(edge_label, reverse_picture.source) == on_edges",
    ),
    (
        "07_forward_or_reverse",
        "Forward mode fills its one column",
        "前向模式**一**遍就填满它仅有的一列",
        "assert np.allclose([row[0] for row in J_forward], act_dot, rtol=1e-10, atol=1e-15)",
    ),
    (
        "00_build_your_own_value",
        "The edge from `w1` into its product, drawn ×, reads $x_1 = 2$",
        "的边上写着 $x_1 = 2$",
        "assert drawn_edges(graph, 'w1') == [('×', f\"{point['x1']:#.4g}\")]",
    ),
    (
        "00_build_your_own_value",
        "`n` into `tanh` reads $1 - o^2$",
        "从 `n` 进入 `tanh` 的边上写着 $1 - o^2$",
        "assert drawn_edges(graph, 'n') == [('tanh', f'{do_dn:#.4g}')]",
    ),
    (
        "01_derivatives_and_chain_rule",
        "into the product reads $x_1$ (section 4)",
        "从 $w_1$ 进入乘法的边上写着 $x_1$",
        "assert drawn_edges(graph, 'w1') == [('×', f'{x1.data:#.4g}')]",
    ),
    (
        "01_derivatives_and_chain_rule",
        "the edge from $z$ into $\\sigma$ reads",
        "从 $z$ 进入 $\\sigma$ 的边上写着 $\\sigma'(z)$",
        "assert drawn_edges(graph, 'z') == [('σ', f'{s * (1 - s):#.4g}')]",
    ),
    (
        "01_derivatives_and_chain_rule",
        "quotient creeps towards that number",
        "差商一点点逼近 $f'(x_0)$",
        "assert all((0.05 < b / a < 0.2 for a, b in itertools.pairwise(distances)))",
    ),
    (
        "02_one_neuron_per_layer",
        "whenever $|w^{(l)}| < 4$",
        "只要 $|w^{(l)}| < 4$",
        "assert all((abs(w_init[layer]) < 4 for layer in factors))",
    ),
    (
        "00_build_your_own_value",
        "as its docstring says",
        "它的文档字符串里写明了",
        "assert 'Leaves accumulate; inner nodes are overwritten' in am.Value.backward.__doc__",
    ),
    (
        "02_one_neuron_per_layer",
        "the early layers of a deep sigmoid chain learn slowly",
        "靠前的几层学得很慢",
        "assert all((abs(w[layer - 1].grad) < abs(w[layer].grad) for layer in range(L, 1, -1)))",
    ),
    (
        "03_bp_formulas_hidden_layer",
        "$\\partial \\beta_j / \\partial w_{hj} = b_h$",
        "$\\partial \\beta_j / \\partial w_{hj} = b_h$",
        "assert np.allclose(beta_[j].local_grads[:q], b_out, rtol=1e-12)",
    ),
    (
        "03_bp_formulas_hidden_layer",
        "$\\partial \\hat y_j/\\partial\\theta_j = -f'(\\beta_j - \\theta_j)$",
        "$\\partial \\hat y_j/\\partial\\theta_j = -f'(\\beta_j - \\theta_j)$",
        "assert math.isclose(theta_j.grad, -out * (1 - out), rel_tol=1e-12)",
    ),
    (
        "03_bp_formulas_hidden_layer",
        "$\\partial \\alpha_h/\\partial v_{ih} = x_i$",
        "$\\partial \\alpha_h/\\partial v_{ih} = x_i$",
        "assert np.allclose(alpha_[h].local_grads, x, rtol=1e-12)",
    ),
    (
        "03_bp_formulas_hidden_layer",
        "$\\partial b_h/\\partial\\gamma_h = -f'(\\alpha_h - \\gamma_h)$",
        "$\\partial b_h/\\partial\\gamma_h = -f'(\\alpha_h - \\gamma_h)$",
        "assert math.isclose(gamma_h.grad, -out * (1 - out), rel_tol=1e-12)",
    ),
    (
        "03_bp_formulas_hidden_layer",
        "Per pass, standard BP is ahead",
        "标准 BP 领先",
        "assert all((s < a for s, a in zip(history_formula, history_acc, strict=True)))",
    ),
    (
        "03_bp_formulas_hidden_layer",
        "it has taken six steps for each one",
        "它已经走了六步",
        "assert len(per_update) == 6 * len(history_acc) == 240",
    ),
    (
        "01_derivatives_and_chain_rule",
        "$\\varepsilon \\approx 2.2\\times10^{-16}$",
        "$\\varepsilon \\approx 2.2\\times10^{-16}$",
        "assert round(eps, 17) == 2.2e-16",
    ),
    (
        "01_derivatives_and_chain_rule",
        "$\\sqrt{\\varepsilon} \\approx 10^{-8}$",
        "$\\sqrt{\\varepsilon} \\approx 10^{-8}$",
        "assert round(math.log10(math.sqrt(eps))) == -8",
    ),
    (
        "01_derivatives_and_chain_rule",
        "$\\varepsilon^{1/3} \\approx 6\\times10^{-6}$",
        "$\\varepsilon^{1/3} \\approx 6\\times10^{-6}$",
        "assert round(eps ** (1 / 3), 6) == 6e-06",
    ),
    (
        "04_training_an_mlp",
        "$2 \\times 13{,}002 = 26{,}004$ forward passes",
        "$2 \\times 13{,}002 = 26{,}004$ 次前向计算",
        "assert n_passes == 2 * 13002 == 26004 and len(sample) == 41",
    ),
    (
        "04_training_an_mlp",
        "(or here 337)",
        "这里是 337 个",
        "assert start.num_parameters() == count_by_formula([2, 16, 16, 1]) == 337",
    ),
    (
        "06_gradient_checking_and_second_derivatives",
        "$\\dfrac{(x + h) - 0}{2h} = 0.55$",
        "$\\dfrac{(x + h) - 0}{2h} = 0.55$",
        "assert round((x_near_kink + 1e-06 - 0) / (2 * 1e-06), 12) == 0.55",
    ),
    (
        "06_gradient_checking_and_second_derivatives",
        "It holds $y$'s value, 0.4621.",
        "是 0.4621",
        "assert round(tanh_x.data, 4) == round(math.tanh(0.5), 4) == 0.4621",
    ),
    (
        "06_gradient_checking_and_second_derivatives",
        "$10^{4}$ off by $10^{-4}$ is excellent",
        "大小为 $10^{4}$ 的梯度差 $10^{-4}$ 是极好的",
        "assert relative_error(10000.0, 10000.0 + 0.0001) < 1e-07 and relative_error(1e-06",
    ),
    (
        "04_training_an_mlp",
        "pointing almost straight up",
        "几乎竖直向上",
        "assert abs(math.degrees(downhill) - 90) < 5",
    ),
    (
        "04_training_an_mlp",
        "there are two valleys (top right and bottom\nleft)",
        "它有两个山谷",
        "assert u_top > u0 and v_top > v0 and (u_bottom < u0) and (v_bottom < v0)",
    ),
    (
        "04_training_an_mlp",
        "with a saddle point between them",
        "中间隔着一个鞍点",
        "assert abs(mixed) > 0.001",
    ),
    (
        "06_gradient_checking_and_second_derivatives",
        "PyTorch's `gradcheck` defaults: `rtol=1e-3`,\n`atol=1e-5`",
        "默认容差 `rtol=1e-3`、`atol=1e-5` 与 PyTorch `gradcheck` 相同",
        "assert '(eps=1e-06, atol=1e-05, rtol=0.001)' in report.splitlines()[0]",
    ),
    (
        "04_training_an_mlp",
        "the 170 of the output layer are checked",
        "再拿输出层的 170 个与公式对照",
        "assert len(big.layers[2].parameters()) == dC_db.size + dC_dw.size == 10 * (16 + 1) == 170",
    ),
    (
        "00_build_your_own_value",
        "about sixty lines",
        "大约六十行代码",
        "assert 55 <= n_lines <= 65",
    ),
    (
        "04_training_an_mlp",
        "keeping the 16 nodes $a^{(L-1)}_k$",
        "留住那 16 个中间节点 $a^{(L-1)}_k$",
        "assert len(a2_nodes) == n_prev == 16",
    ),
    (
        "07_forward_or_reverse",
        "logistic regression on $m = 8$ points",
        "在 $m = 8$ 个点",
        "assert len(POINTS) == len(LABELS) == 8",
    ),
    (
        "05_watching_backpropagation",
        "the row of $w_1$ reads $\\times\\, x_1$",
        "$w_1$ 那一行写着 $\\times\\, x_1$",
        "assert float(row_w1[1]) == x1",
    ),
    (
        "05_watching_backpropagation",
        "the edge from $z$ reads $\\sigma'(z)$",
        "从 $z$ 出发的边上是 $\\sigma'(z)$",
        "assert drawn_edges(graph, 'z') == [('σ', f'{s * (1 - s):#.4g}')]",
    ),
    (
        "05_watching_backpropagation",
        "the edge from $a - y$ reads $2(a - y)$",
        "从 $a - y$ 出发的边上是 $2(a - y)$",
        "assert drawn_edges(graph, 'a-y') == [('^', f'{2 * r.data:#.4g}')]",
    ),
    (
        "06_gradient_checking_and_second_derivatives",
        "$2x$ reads 1.000 and $\\tfrac12\\cdot 2x$ reads 0.5000",
        "$\\tfrac12\\cdot 2x$ 和 $x$ 一样显示 0.5000",
        "assert reads == {'2x': '1.000', '½·2x': '0.5000'}",
    ),
    (
        "06_gradient_checking_and_second_derivatives",
        "Their sum is smallest near $h^\\star",
        "两者之和在 $h^\\star",
        "assert np.argmin(near ** 2 / 6 * abs(phi3) + eps * C0 / near) == 1",
    ),
    (
        "01_derivatives_and_chain_rule",
        "The total error is a V shape",
        "总误差呈 V 形",
        "assert np.argmin(h_c ** 2 / 6 * abs(f_third) + eps * abs(f(x0)) / h_c) == 1",
    ),
    (
        "01_derivatives_and_chain_rule",
        "a best $h$\nnear $\\sqrt{\\varepsilon}",
        "前向差分的最佳 $h$ 在 $\\sqrt{\\varepsilon}",
        "assert np.argmin(h_f / 2 * abs(f_second(x0)) + 2 * eps * abs(f(x0)) / h_f) == 1",
    ),
    (
        "05_watching_backpropagation",
        "first with a dozen lines of our own",
        "先用十几行自己写的代码",
        "assert 10 < n_lines < 15",
    ),
    (
        "03_bp_formulas_hidden_layer",
        "trained for 300 steps",
        "出发训练 300 步",
        "assert STEPS == 300",
    ),
    (
        "01_derivatives_and_chain_rule",
        "With $s = 0.5\\,w_1 + 0.49$",
        "记 $s = 0.5\\,w_1 + 0.49$",
        "assert round(frozen, 12) == 0.49",
    ),
    # a seventh: 05's colours and 07's timings, stated and printed, never asserted
    (
        "05_watching_backpropagation",
        "The step's edge is red",
        "这一步的边是红色的",
        "assert reddish(edge_colour(along, 'a', 'z'))",
    ),
    (
        "05_watching_backpropagation",
        "(those are black)",
        "已经用过的边",
        "assert edge_colour(along, 'C', 'a-y') == edge_colour(along, 'a-y', 'a') == 'black'",
    ),
    (
        "05_watching_backpropagation",
        "its cell in the box is tinted red",
        "方框里它那一格涂成红色",
        "assert reddish(tint) and reddish(ink)",
    ),
    (
        "05_watching_backpropagation",
        "are grey and dashed",
        "梯度还没到达的节点是灰色的、虚线框",
        "assert 'STYLE=\"dashed\"' in line and grey(",
    ),
    (
        "07_forward_or_reverse",
        "for the price of a handful of evaluations",
        "反向模式只花几次求值的时间",
        "assert t_reverse < 50 * t_eval",
    ),
    (
        "07_forward_or_reverse",
        "that is why\nthe ratio is below 10",
        "所以比值小于 10",
        "assert t_fwd < t_rev < 10 * t_fwd",
    ),
    (
        "07_forward_or_reverse",
        "costs several gradients' worth",
        "要花好几次梯度的工夫",
        "assert t_reverse < t_hvp < 100 * t_reverse",
    ),
    (
        "04_training_an_mlp",
        "two examples' cost, so it wobbles",
        "每一步只沿两个样本的代价的梯度走",
        "assert {len(batch) for batch in batches} == {2}",
    ),
    (
        "05_watching_backpropagation",
        "notebook 0's topological order read backwards",
        "按笔记本 0 的拓扑排序的逆序",
        "assert all(position[node] < position[p]"
        " for node in position for p in node.parents if p in position)",
    ),
    (
        "01_derivatives_and_chain_rule",
        "can say $y(1-y)$: section 6's $\\sigma'(z) = a(1 - a)$, written with",
        "就是第 6 节的 $\\sigma'(z) = a(1 - a)$",
        "assert math.isclose(a.local_grads[0], a.data * (1 - a.data), rel_tol=1e-12)",
    ),
    (
        "01_derivatives_and_chain_rule",
        "and $y(1-y)$ is not its derivative",
        "$y(1-y)$ 也不是它的导数",
        "assert not math.isclose(a_silu.grad, y_silu.data * (1 - y_silu.data), rel_tol=0.001)",
    ),
    (
        "04_training_an_mlp",
        "points at a weight that changed since, by\nits new value",
        "所以报错给出的是它的新值",
        "assert error.node.label == '' and f'value {error.node.data!r}' in str(error)",
    ),
    (
        "03_bp_formulas_hidden_layer",
        "Repeat the update on six examples, one at a time, and go over the six 40 times",
        "把这 6 个样本反复过 40 遍",
        "assert len(X_train) == 6 and len(history_formula) == 40",
    ),
    (
        "02_one_neuron_per_layer",
        "with $z \\le 0$ passes no gradient back at all",
        "而 $z \\le 0$ 的神经元根本不往回传梯度",
        "assert w_edge.grad == 0.0 == relu_prime(z_edge.data)",
    ),
    (
        "03_bp_formulas_hidden_layer",
        "went up after many of its updates",
        "标准 BP 有不少次更新反而让误差上升",
        "assert 4 * rises > updates",
    ),
    (
        "03_bp_formulas_hidden_layer",
        "and still felt",
        "效果依然明显",
        "assert penalised < plain / 2",
    ),
    (
        "04_training_an_mlp",
        "the fraction of its examples scored right, each by its own batch",
        "一轮的数字是这一轮里打对的样本占全部样本的比例",
        "assert math.isclose(still.accuracy[0], nn.evaluate(gd_net, X_moons, y_moons,",
    ),
    (
        "04_training_an_mlp",
        "(right), full-batch descent is the better walker",
        "全批量梯度下降的代价更低——它每一步都沿着真实的梯度",
        "assert gd_loss[twentieth - 1] < sgd_loss[0]",
    ),
    (
        "07_forward_or_reverse",
        "so a pass costs more than the two plain evaluations of a finite difference",
        "所以一遍的开销比有限差分的两次普通求值还大",
        "assert t_fwd_each > t_fd_each",
    ),
    (
        "00_build_your_own_value",
        "$p$ and $q$ each have **two** outgoing edges",
        "$p$ 和 $q$ 各有**两条**出边",
        "assert sorted(drawn_edges(graph, 'p')) == sorted([('×', f'{q:#.4g}'), ('+', ",
    ),
    (
        "00_build_your_own_value",
        "is another list: the root first,\nand only the inner nodes",
        "根节点在最前，而且只有内部节点",  # noqa: RUF001
        "assert library[0] == 'f' and sorted(library) == ['d', 'e', 'f']",
    ),
    (
        "01_derivatives_and_chain_rule",
        "Only local: $f$ has no lowest point (its $x^3$\nterm takes over",
        "时 $x^3$ 这一项起主导作用",
        "assert math.isclose(f(-1000.0) / (-1000.0) ** 3, 1, rel_tol=1e-05)",
    ),
    (
        "01_derivatives_and_chain_rule",
        "negative, and making it smaller drives the output *away* from 1",
        "把它变小反而让输出*远离* 1",
        "assert sig - 1 < 0 < w1.grad",
    ),
    (
        "00_build_your_own_value",
        "the number is a\nnode's `seq`; a leaf you make has 0",
        "运算创建的每个节点都按创建先后得到一个编号，就是节点的 `seq`（你自己创建的叶子节点是 0）",  # noqa: RUF001
        "assert made['p'].seq == made['q'].seq == 0 < made['d'].seq < made['e'].seq",
    ),
    (
        "00_build_your_own_value",
        "so sorting by that number is already a topological order",
        "所以按编号排序本身就是拓扑排序",
        "assert library == sorted('def', key=lambda name: made[name].seq, reverse=True)",
    ),
    (
        "04_training_an_mlp",
        "scored on the forward pass that computes its gradient, *before* the update",
        "每一批在计算梯度的那次前向计算里打分，也就是在更新*之前*",  # noqa: RUF001
        "assert math.isclose(one_step.accuracy[0], accuracy_by_hand(at_start), rel_tol=1e-12)",
    ),
    (
        "04_training_an_mlp",
        "score every point\nafter the last update",
        "在最后一次更新之后给每个点打分",
        "assert accuracy_by_hand(at_start) != accuracy_by_hand(fresh)",
    ),
    (
        "05_watching_backpropagation",
        "a step that leaves the box is marked ◄ beside the cell it computes",
        "离开方框的那一步，在它算出的那一格旁边标着 ◄",  # noqa: RUF001
        "assert reddish(a_tint) and reddish(a_ink)",
    ),
    (
        "05_watching_backpropagation",
        "so its cell there, $a$'s, is tinted red and marked ◄",
        "所以方框里 $a$ 那一格涂成红色，旁边标着 ◄",  # noqa: RUF001
        "assert arrival.source.count('◄') == 1",
    ),
    (
        "06_gradient_checking_and_second_derivatives",
        "and still exact where $\\tanh x$ rounds to $\\pm 1$",
        "并且在 $\\tanh x$ 舍入成 $\\pm 1$ 的地方仍然精确",
        "assert math.isclose(tanh_slope(far), 1 / math.cosh(far) ** 2, rel_tol=1e-12)",
    ),
    (
        "06_gradient_checking_and_second_derivatives",
        "`gradients` does not fill the nodes' `grad`",
        "`gradients` 不填写节点的 `grad`",
        "assert x.grad == y.grad == dy.grad == d2y.grad == 0.0",
    ),
    (
        "04_training_an_mlp",
        "$C_0 = \\sum_j \\big(a^{(L)}_j - y_j\\big)^2$, and the output layer's entries",
        "代价是 $C_0 = \\sum_j \\big(a^{(L)}_j - y_j\\big)^2$",
        "assert math.isclose(C0.data, np.sum((aL - y) ** 2), rel_tol=1e-12)",
    ),
    (
        "04_training_an_mlp",
        "$C = \\frac1B \\sum_{i=1}^{B} \\sum_j \\big(a_j[i] - y_j[i]\\big)^2$",
        "$C = \\frac1B \\sum_{i=1}^{B} \\sum_j \\big(a_j[i] - y_j[i]\\big)^2$",
        "assert math.isclose(C.data, C_by_hand, rel_tol=1e-12)",
    ),
    (
        "03_bp_formulas_hidden_layer",
        "\\frac{1}{1 + e^{-t}}\\cdot\\frac{(1 + e^{-t}) - 1}{1 + e^{-t}}",
        "\\frac{1}{1 + e^{-t}}\\cdot\\frac{(1 + e^{-t}) - 1}{1 + e^{-t}}",
        "assert np.allclose(engine, middle_step, rtol=1e-12, atol=0)",
    ),
    (
        "01_derivatives_and_chain_rule",
        "the factor is about 0.6 for the forward difference",
        "前向差分约为 0.6",
        "assert round(factor_forward, 1) == 0.6 and round(factor_central, 1) == 0.5",
    ),
    (
        "03_bp_formulas_hidden_layer",
        "(The plots show\n$\\sum_k E_k = mE$",
        "\uff08图中画的是 $\\sum_k E_k = mE$",  # a full-width parenthesis
        "assert math.isclose(total_error(start), len(X_train) * E_mean.data, rel_tol=1e-12)",
    ),
    (
        "06_gradient_checking_and_second_derivatives",
        "\\cos x\\,\\dfrac{\\sin h}{h}",
        "\\cos x\\,\\dfrac{\\sin h}{h}",
        "assert math.isclose(centred, centred_by_hand(h_c), rel_tol=1e-10)",
    ),
    (
        "06_gradient_checking_and_second_derivatives",
        "$|1 - \\eta f''(1)| = 0.6$",
        "$|1 - \\eta f''(1)| = 0.6$",
        "assert math.isclose(rate, abs(1 - eta * f2(1.0)), rel_tol=1e-12)",
    ),
    (
        "06_gradient_checking_and_second_derivatives",
        "$f'(x) = 4x^3 - 4x = 4x(x^2 - 1)$",
        "$f'(x) = 4x^3 - 4x = 4x(x^2 - 1)$",
        "assert math.isclose(df(point), 4 * point * (point ** 2 - 1), rel_tol=1e-12)",
    ),
    (
        "07_forward_or_reverse",
        "less than 10° off the line of step 1",
        "与第 1 步的直线相差不到 10°",
        "assert math.degrees(math.acos(cosine)) < 10",
    ),
    (
        "07_forward_or_reverse",
        "$\\bar y^\\top J$, a row",
        "$\\bar y^\\top J$\uff0c一行",  # a full-width comma
        "assert math.isclose(y_bar_J, float(np.dot(y_bar, act_dot))",
    ),
]


def _asserts(path: Path) -> list[str]:
    code = "\n".join(c.source for c in jupytext.read(path).cells if c.cell_type == "code")
    return [ast.unparse(node) for node in ast.walk(ast.parse(code)) if isinstance(node, ast.Assert)]


def _markdown(path: Path) -> str:
    return "\n".join(c.source for c in jupytext.read(path).cells if c.cell_type == "markdown")


@pytest.mark.parametrize(("stem", "english", "chinese", "check"), CLAIMS)
@pytest.mark.parametrize("edition", ["en", "zh"])
def test_a_stated_formula_is_asserted(
    stem: str, english: str, chinese: str, check: str, edition: str
) -> None:
    path = NOTEBOOKS / f"{stem}.py" if edition == "en" else NOTEBOOKS / "zh" / f"{stem}.py"
    said = english if edition == "en" else chinese
    assert said in _markdown(path), f"{path.name}: the claim {said!r} is gone; update CLAIMS"
    asserts = _asserts(path)
    check = _as_unparsed(check)
    assert any(a.startswith(check) for a in asserts), f"{path.name}: nothing asserts {said!r}"


def test_notebook_3_s_k_numbers_only_the_examples_in_section_6() -> None:
    """Section 6 of notebook 3 says "in this section k always numbers the examples"; its
    code counted gradient-descent steps with k too (`for k in (1, 5, 20)`). A student's
    read (session 31): k is bound in the section's code only as the name of a loop over
    the m examples — not by an assignment, a tuple target (`for k, x in …`) or a
    parameter either (its review)."""
    for path in (
        NOTEBOOKS / "03_bp_formulas_hidden_layer.py",
        NOTEBOOKS / "zh" / "03_bp_formulas_hidden_layer.py",
    ):
        cells = jupytext.read(path).cells
        start = next(i for i, c in enumerate(cells) if c.source.startswith("## 6."))
        end = next(i for i, c in enumerate(cells) if c.source.startswith("## 7."))
        code = "\n".join(c.source for c in cells[start:end] if c.cell_type == "code")
        tree = ast.parse(code)
        loops = [
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.For | ast.comprehension)
            and isinstance(node.target, ast.Name)
            and node.target.id == "k"
        ]
        assert loops, f"{path.name}: section 6 has no loop over the examples k"
        for loop in loops:
            assert ast.unparse(loop.iter) == "range(m)", (path.name, ast.unparse(loop.iter))
        as_loop_names = {id(loop.target) for loop in loops}
        stored = [
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.Name) and node.id == "k" and isinstance(node.ctx, ast.Store)
        ]
        other = [ast.unparse(node) for node in stored if id(node) not in as_loop_names]
        other += [
            node.arg for node in ast.walk(tree) if isinstance(node, ast.arg) and node.arg == "k"
        ]
        assert not other, f"{path.name}: section 6 binds k otherwise: {other}"


def _as_unparsed(check: str) -> str:
    """``check`` as this Python's ast.unparse writes it, where it is a whole statement:
    the notebook's asserts are read back through ast.unparse, which quotes an f-string
    holding a quote differently from Python 3.12 (f'{point['x1']:#.4g}' where 3.11
    writes f"{point['x1']:#.4g}"), and the claim was not found there. A prefix of an
    assert is compared as written. (CI runs 3.11 only.)"""
    try:
        return ast.unparse(ast.parse(check))
    except SyntaxError:
        return check


def _graph_built_by(path: Path, marker: str, root: str) -> Any:
    """``root`` as the first code cell of ``path`` holding ``marker`` builds it, run on its
    own (up to its drawing) with the names it takes from math and the library."""
    import math

    import autograd_mini

    cell = next(c.source for c in jupytext.read(path).cells if marker in c.source)
    built = {"math": math, **vars(autograd_mini)}
    exec(cell.split("\ngraph = ")[0], built)
    return built[root]


def _leaves_and_ops(root: Any) -> tuple[list[float], set[str]]:
    from autograd_mini import topological_order

    inner = topological_order(root)
    leaves = {id(p): p.data for node in inner for p in node.parents if not p.parents}
    return sorted(leaves.values()), {node.op for node in inner}


@pytest.mark.parametrize(
    ("edition", "like", "same"),
    [
        ("en", "replays a graph like this one", "replays this picture"),
        ("zh", "一张类似的图", "重放这张图"),
    ],
)
def test_notebook_1_s_neuron_is_only_like_the_one_notebook_5_replays(
    edition: str, like: str, same: str
) -> None:
    """01's section 6 said notebook 5 "replays this picture" (「重放这张图」): a student
    looked there for its numbers, x₁ = 2, x₂ = −1.5, and found another neuron, its sum one
    dot node, with a cost on top. Oracle: the two graphs, each built by its own cell."""
    folder = NOTEBOOKS if edition == "en" else NOTEBOOKS / "zh"
    ours = _leaves_and_ops(
        _graph_built_by(folder / "01_derivatives_and_chain_rule.py", "a = z.sigmoid()", "a")
    )
    replayed = _leaves_and_ops(
        _graph_built_by(folder / "05_watching_backpropagation.py", "C = r**2", "C")
    )
    assert ours != replayed and "dot" in replayed[1] and "dot" not in ours[1]
    text = _markdown(folder / "01_derivatives_and_chain_rule.py")
    assert like in " ".join(text.split()) and same not in text


def test_notebook_7_s_k_numbers_only_newton_steps() -> None:
    """Notebook 7's text writes w_k for the weights after Newton step k; its code used k
    for the two components of a vector as well (the conjugate-gradient rounds'
    `delta[k] + tau * d[k] for k in range(2)`, the gradient's `for k, xik in …`). A
    session-32 read: in both editions, no loop binds k over two components (i and j do,
    as in the Hessian's and H·v's loops; the rounds of conjugate gradients are _)."""
    for path in (
        NOTEBOOKS / "07_forward_or_reverse.py",
        NOTEBOOKS / "zh" / "07_forward_or_reverse.py",
    ):
        code = "\n".join(c.source for c in jupytext.read(path).cells if c.cell_type == "code")
        components = {"range(2)", "enumerate((xi1, xi2))"}
        over_components: list[str] = []
        for node in ast.walk(ast.parse(code)):
            if isinstance(node, ast.For | ast.comprehension) and (
                ast.unparse(node.iter) in components
            ):
                over_components.append(ast.unparse(node.target).split(",")[0].strip("( "))
        assert "i" in over_components, f"{path.name}: no loop of i over two components"
        assert "k" not in over_components, (path.name, over_components)


def test_the_drawn_edges_helper_is_one_helper() -> None:
    """Notebooks 01 and 05 read a picture's edges with `drawn_edge` (one edge, a tuple),
    notebook 00 with `drawn_edges` (every edge, a list): two names and two shapes for one
    idea. A session-32 read: every notebook that reads edges defines `drawn_edges`, the same
    function (its docstring aside, which each edition words in its own language)."""
    bodies = {}
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.py")) + sorted(
        (NOTEBOOKS / "zh").glob("[0-9][0-9]_*.py")
    ):
        code = "\n".join(c.source for c in jupytext.read(path).cells if c.cell_type == "code")
        for node in ast.walk(ast.parse(code)):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("drawn_edge"):
                assert node.name == "drawn_edges", f"{path.name}: {node.name}"
                body = node.body[1:] if isinstance(node.body[0], ast.Expr) else node.body
                bodies[f"{path.parent.name}/{path.name}"] = ast.dump(ast.Module(body, []))
    assert len(bodies) == 6, sorted(bodies)  # 00, 01 and 05, in both editions
    assert len(set(bodies.values())) == 1, sorted(bodies)


def test_a_notebook_s_f_string_doubles_no_brace() -> None:
    """Notebook 6 printed its ratios with `f"|x_{{k+1}} − 1| / … {[f'{r:.4f}' for r in
    ratios]}"`: doubled braces and an f-string inside an f-string, a line a first-year
    student has to decode before reading what it prints (a list of quoted strings).
    A session-32 review: no course notebook's code writes a brace that an f-string
    has to escape (a brace that is text is written in a plain string)."""
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.py")) + sorted(
        (NOTEBOOKS / "zh").glob("[0-9][0-9]_*.py")
    ):
        code = "\n".join(c.source for c in jupytext.read(path).cells if c.cell_type == "code")
        for node in ast.walk(ast.parse(code)):
            if isinstance(node, ast.JoinedStr):
                text = [str(v.value) for v in node.values if isinstance(v, ast.Constant)]
                assert not any("{" in t or "}" in t for t in text), (path.name, ast.unparse(node))


def test_notebook_7_s_separability_comment_says_why_the_angles_prove_it() -> None:
    """Notebook 7 proves its eight points not separable by a line through the origin: the
    vectors yᵢxᵢ, sorted by angle, leave no gap of π. Its comment went from "all yᵢxᵢ in
    one open half-plane" to "no gap of π" with nothing between (a session-32 review, as a
    student): it now says why — such vectors fit in an arc shorter than π, which leaves a
    gap of more than π — and what yᵢxᵢ has to do with a line (yᵢ w·xᵢ > 0), in both
    editions."""
    said = {
        "en": ("yᵢ w·xᵢ > 0", "an arc shorter than π", "a gap of more than π"),
        "zh": ("yᵢ w·xᵢ > 0", "小于 π 的圆弧", "夹角大于 π"),
    }
    for edition, path in (
        ("en", NOTEBOOKS / "07_forward_or_reverse.py"),
        ("zh", NOTEBOOKS / "zh" / "07_forward_or_reverse.py"),
    ):
        lines = path.read_text(encoding="utf-8").splitlines()
        start = next(i for i, line in enumerate(lines) if line.startswith("angles = sorted("))
        comment: list[str] = []
        for line in reversed(lines[:start]):
            if not line.startswith("# "):
                break
            comment.insert(0, line[2:])
        text = " ".join(comment)
        for words in said[edition]:
            assert words in text, (path.name, words, text)


def test_notebook_4_prints_the_two_accuracies_its_scored_before_cell_compares() -> None:
    """Notebook 4's "scored before the update" cell asserts that a full-batch epoch's
    accuracy is that of the weights the step started from, not of those it left, and
    printed neither number (a session-32 read): a student saw an empty output under a
    sentence about two accuracies. The cell prints the epoch's accuracy and both scored
    by hand, in both editions."""
    wanted = {
        "one_step.accuracy[0]",
        "accuracy_by_hand(at_start)",
        "accuracy_by_hand(fresh)",
    }
    for path in (
        NOTEBOOKS / "04_training_an_mlp.py",
        NOTEBOOKS / "zh" / "04_training_an_mlp.py",
    ):
        cell = next(
            c.source
            for c in jupytext.read(path).cells
            if c.cell_type == "code" and "accuracy_by_hand(at_start) !=" in c.source
        )
        printed = {
            ast.unparse(value.value)
            for node in ast.walk(ast.parse(cell))
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "print"
            for value in ast.walk(node)
            if isinstance(value, ast.FormattedValue)
        }
        assert wanted <= printed, (path.name, sorted(wanted - printed))


@pytest.mark.parametrize("edition", ["en", "zh"])
def test_notebook_1_says_what_sigma_is_before_its_worked_example_uses_it(edition: str) -> None:
    """Notebook 1's worked example ("one weight at a time") wrote σ(s) and its derivative
    σ(s)(1 − σ(s)) right after a loss spelled out with 1/(1 + e^(−…)), and nothing in the
    notebook said that σ is that sigmoid or where its derivative comes from (notebook 0
    section 7 states it; notebook 3 derives it). A student reading notebook 1 first met
    σ undefined. The text now defines it where it first uses it."""
    stem = "01_derivatives_and_chain_rule"
    path = NOTEBOOKS / f"{stem}.py" if edition == "en" else NOTEBOOKS / "zh" / f"{stem}.py"
    text = _markdown(path)
    first_use = text.index("\\sigma(s)")
    definition = "\\sigma(s) = 1/(1 + e^{-s})"
    assert text.find(definition) == first_use, f"{path.name}: σ(s) is used before it is defined"
    assert "\\sigma(s)\\big(1 - \\sigma(s)\\big)$ (notebook 0, section 7)" in text or (
        "\\sigma(s)\\big(1 - \\sigma(s)\\big)$（笔记本 0 第 7 节）" in text  # noqa: RUF001
    ), f"{path.name}: the derivative σ(1 − σ) is not sourced"


def test_notebook_4_calls_delta_what_notebook_3_calls_it() -> None:
    """Notebook 3 names δ = ∂J_k/∂z the *error term* (UFLDL's name; Nielsen's *error* is
    quoted as his); the English notebook 4 introduced its δ^(L) as the output layer's
    *error*, a second name for the same thing (the Chinese edition says 误差项 in both)."""
    three = _markdown(NOTEBOOKS / "03_bp_formulas_hidden_layer.py")
    four = _markdown(NOTEBOOKS / "04_training_an_mlp.py")
    assert "the **error term** of layer $l$" in three
    assert "*error term*" in four and "*error* (" not in four
    # and both editions say whose name it is, apart from the code's name: the English read
    # "(`dC_dz` in the code; notebook 3's name)", as if `dC_dz` were notebook 3's name, and
    # the Chinese did not name notebook 3 (its review)
    zh_four = _markdown(NOTEBOOKS / "zh" / "04_training_an_mlp.py")
    assert "*error term* (notebook 3's name for it; `dC_dz` in\nthe code)" in four
    assert "*误差项*为 $\\delta^{(L)}$（笔记本 3 也这样叫它；代码里的 `dC_dz`）" in zh_four  # noqa: RUF001


@pytest.mark.parametrize("edition", ["en", "zh"])
def test_notebook_4_s_numpy_cost_pass_refuses_a_layer_that_is_not_a_sigmoid(
    edition: str,
) -> None:
    """Section 8 checks the batch cost by a numpy forward pass that applies a sigmoid at
    every layer, as its comment says the net has; it read the weights from the net but
    took the activation on trust, so a student who set the net's activation to relu saw
    the cost assert fail as if the cost formula were wrong. The pass now asserts each
    layer's activation first: run on a net with relu hidden layers it names relu."""
    stem = "04_training_an_mlp"
    path = NOTEBOOKS / f"{stem}.py" if edition == "en" else NOTEBOOKS / "zh" / f"{stem}.py"
    cell = next(
        c.source
        for c in jupytext.read(path).cells
        if c.cell_type == "code" and "C_by_hand" in c.source
    )
    loop = next(
        node
        for node in ast.walk(ast.parse(cell))
        if isinstance(node, ast.For) and ast.unparse(node.iter) == "net.layers"
    )
    relu_net = nn.MLP(64, [16, 16, 10], activation="relu", output_activation="sigmoid", seed=0)
    rng = np.random.default_rng(0)
    namespace = {"np": np, "net": relu_net, "a_batch": rng.uniform(0, 1, size=(10, 64))}
    with pytest.raises(AssertionError, match="relu"):
        exec(compile(ast.Module(body=[loop], type_ignores=[]), path.name, "exec"), namespace)


def test_a_difference_over_2h_is_written_with_its_parentheses() -> None:
    """Notebook 0 wrote the central difference $\\big(f(t + h) - f(t - h)\\big)/2h$ and
    notebook 7 two more like it: read as written, /2h divides by 2 and multiplies by h.
    Inline, the divisor is now (2h); a display formula writes \\frac{…}{2h}. The glossary
    and the READMEs, which students read beside them, too."""
    root = NOTEBOOKS.parent
    for path in (
        sorted(NOTEBOOKS.glob("[0-9][0-9]_*.py"))
        + sorted((NOTEBOOKS / "zh").glob("[0-9][0-9]_*.py"))
        + sorted((root / "docs").glob("*.md"))
        + sorted(root.glob("README*.md"))
    ):
        source = path.read_text(encoding="utf-8")
        assert ")/2h" not in source, f"{path.name}: a quotient over 2h without its parentheses"


def test_no_comment_is_left_hanging_after_a_closing_bracket() -> None:
    """Notebook 6's check of the text's 0.55 carried its comment at the end of a line that,
    made longer by /(2h), no longer fit: the formatter wrapped the assert in parentheses
    and left the comment after the closing one, ")  # ((x + h) − 0)/(2h), the text's 0.55"
    (English only: the Chinese line still fit), and notebook 4 had two like it. A
    student reads a comment above the line it explains."""
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.py")) + sorted(
        (NOTEBOOKS / "zh").glob("[0-9][0-9]_*.py")
    ):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert not line.lstrip().startswith((")  #", "]  #")), f"{path.name}:{number}: {line}"


#: A pointer from one notebook to a section of another: "notebook 0, section 7",
#: "Notebook 3 (§6)", and the Chinese forms of both (a line break may fall inside).
SECTION_POINTERS = re.compile(
    r"[Nn]otebook\s+(\d),\s+section\s+(\d)|[Nn]otebook\s+(\d)\s+\(§(\d)\)"
    r"|笔记本\s*(\d)\s*（?第\s*(\d)\s*节"  # noqa: RUF001
)


def _sections(path: Path) -> dict[int, str]:
    """A notebook's numbered sections ("## 2. …"), each its markdown up to the next."""
    text = _markdown(path)
    heads = list(re.finditer(r"^## (\d+)\. ", text, re.M))
    ends = [h.start() for h in heads[1:]] + [len(text)]
    return {int(h[1]): text[h.start() : end] for h, end in zip(heads, ends, strict=True)}


@pytest.mark.parametrize("edition", ["en", "zh"])
def test_a_pointer_to_another_notebook_s_section_finds_it(edition: str) -> None:
    """Every "notebook N, section M" (and its other forms) names a notebook that has a
    section M, in the same edition."""
    folder = NOTEBOOKS if edition == "en" else NOTEBOOKS / "zh"
    notebooks = {int(p.name[:2]): p for p in folder.glob("[0-9][0-9]_*.py")}
    pointers = 0
    for path in notebooks.values():
        for found in SECTION_POINTERS.finditer(_markdown(path)):
            number, section = (int(g) for g in found.groups() if g is not None)
            pointers += 1
            assert section in _sections(notebooks[number]), (path.name, found[0])
    assert pointers >= 3, pointers  # the pattern reads the pointers there are


@pytest.mark.parametrize("edition", ["en", "zh"])
def test_notebook_0_points_to_where_the_central_difference_is_defined(edition: str) -> None:
    """Notebook 0's section 2 checks its hand formulas against central differences and
    said only "(notebook 1)": the section that derives the formula and its error went
    unnamed, and f and t in f(t ± h) were never said to be the output and one of the
    neuron's five numbers."""
    folder = NOTEBOOKS if edition == "en" else NOTEBOOKS / "zh"
    two = _sections(folder / "00_build_your_own_value.py")[2]
    assert "\\big(f(t + h) - f(t - h)\\big)/(2h)" in two
    found = list(SECTION_POINTERS.finditer(two))
    assert len(found) == 1, [m[0] for m in found]
    number, section = (int(g) for g in found[0].groups() if g is not None)
    assert number == 1, found[0][0]
    there = _sections(folder / "01_derivatives_and_chain_rule.py")[section]
    assert "\\dfrac{f(x+h) - f(x-h)}{2h}" in there, (edition, section)
    said = {
        "en": "the output $o$ as a function of one of $x_1, w_1, x_2, w_2, b$, called $t$",
        "zh": "$x_1, w_1, x_2, w_2, b$ 中某一个量（记作 $t$）的函数",  # noqa: RUF001
    }
    assert said[edition] in two
