# ---
# jupyter:
#   jupytext:
#     cell_metadata_filter: tags,-all
#     notebook_metadata_filter: -jupytext.text_representation.jupytext_version
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 7 · 前向模式还是反向模式？
#
# 链式法则可以按两种顺序来用。把计算图的节点按计算的先后记作 $v_1, v_2, \dots$（这是下面列出的 Baydin 等人综述的记法）。**前向模式**（forward mode）从输入出发：先选定输入变化的方向（叫作*种子*），再把每个节点的变化率（叫作*切向量*，tangent）从左到右一个节点一个节点地传下去：由前面的节点 $v_i$ 算出的节点 $v_j$，切向量是 $\dot v_j = \sum_i \frac{\partial v_j}{\partial v_i}\,\dot v_i$。**反向模式**（reverse mode）从输出 $C$ 出发：把 $\bar v_i = \partial C/\partial v_i$（叫作*伴随值*，adjoint，也就是 `.grad` 里存的量）从右到左传回来。反向传播就是反向模式的自动微分。
#
# 两种模式用的是完全相同的局部导数 $\partial v_j/\partial v_i$——在 `autograd_mini` 里它们只写一次，就写在运算表里。不同的是**要遍历几遍**：一遍前向遍历给出*所有输出*沿*一个*输入方向的导数；一遍反向遍历给出*一个输出*对*所有输入*的导数。一个网络的代价 $C(w)$ 有 13,002 个输入、一个输出。这个笔记本就来实测一下这意味着什么。
#
# **出处。** C. Olah，*Calculus on Computational Graphs: Backpropagation*（2015，<https://colah.github.io/posts/2015-08-Backprop/>）；A. G. Baydin、B. Pearlmutter、A. Radul、J. Siskind，*Automatic Differentiation in Machine Learning: a Survey*，JMLR 18（2018）；A. Griewank、A. Walther，*Evaluating Derivatives*（2008）；周志华《机器学习》§3.3（对数几率回归的牛顿法）；3Blue1Brown《深度学习》系列第 4 集 *Backpropagation calculus*（B 站中文版《深度学习之反向传播算法 下》）。下面的每个结论要么由 `assert` 检验，要么以实测的数字给出。

# %% tags=["zh-only"]
# 图中的中文用 Noto Sans SC：随 notebooks 依赖从 PyPI 安装，不需要系统字体。
from cjk_font import use_chinese_font

# %%
import gc
import itertools
import math
import random
import re
import statistics
import time
import unicodedata

import matplotlib.pyplot as plt
import numpy as np
from exercises import nb07

from autograd_mini import (
    Value,
    dot,
    draw_graph,
    grad,
    hessian,
    hvp,
    jacobian,
    jvp,
    no_grad,
    vjp,
    vsum,
)
from autograd_mini.forward import tangent_pass


def sigma(t):
    return 1.0 / (1.0 + math.exp(-t))


def median_time(call, repeats=3):
    """一次 ``call()`` 耗时多少秒：取 ``repeats`` 个样本的中位数。

    计的是本进程占用处理器的时间（``time.process_time``），不是墙上时钟的时间：同时运行的
    其他程序会拉长墙上时钟的读数，却不会拉长它。每个样本反复调用 ``call()``，直到这个
    时间过去 0.05 秒，再除以调用次数：有些系统（Windows）上这个时钟每 16 毫秒才走一格。
    计时期间关掉垃圾回收，和 ``timeit`` 的做法一样：回收造成的停顿会落在恰好越过其阈值的
    那一次调用上。
    """
    samples, collecting = [], gc.isenabled()
    gc.disable()
    try:
        for _ in range(repeats):
            start, calls = time.process_time(), 0
            while time.process_time() - start < 0.05:
                call()
                calls += 1
            samples.append((time.process_time() - start) / calls)
    finally:
        if collecting:
            gc.enable()
    return statistics.median(samples)


# %% tags=["zh-only"]
# 本库画的图（draw_graph）里的文字也用中文：说明、标注、悬停时的公式；数字的写法不变
from autograd_mini import picture_language

picture_language("zh")

# %% tags=["zh-only"]
use_chinese_font()  # 第 4 节的图有中文标签

# %% [markdown]
# ## 1. 一个小计算图，两个方向，先手算
#
# 一个神经元及其平方误差：$z = wx + b$，$a = \sigma(z)$，$C = (a - y)^2$，输入 $x = 1.5$ 和目标 $y = 1$ 固定不变。我们要对 $w$ 和 $b$ 求导。
#
# **前向**，种子取 $\dot w = 1$，$\dot b = 0$（“动 $w$，不动 $b$”）：每个节点的切向量由它的输入节点的切向量算出，从左到右，
#
# $$\dot z = x\,\dot w + \dot b, \qquad \dot a = \sigma(z)\,\sigma(-z)\,\dot z, \qquad
# \dot C = 2(a - y)\,\dot a,$$
#
# 其中 $\sigma(z)\,\sigma(-z)$ 就是 $\sigma'(z)$，这是引擎的写法：笔记本 2–5 写的是 $\sigma'(z) = \sigma(z)\big(1 - \sigma(z)\big) = a(1 - a)$，两者相等，因为 $1 - \sigma(z) = \sigma(-z)$。引擎这样写是为了避开舍入误差：$z$ 很大时，$\sigma(z)$ 非常接近 1，$1 - \sigma(z)$ 只剩下 1 与 $\sigma(z)$ 不相同的那几位有效数字；从 $z \approx 37$ 起 $\sigma(z)$ 干脆舍入成 1，$a(1 - a)$ 也就成了 0。$\sigma(-z)$ 是直接算出来的，每一位都保留着。在 $z = 40$ 处，$a(1 - a) = 0$，而 $\sigma(z)\,\sigma(-z) = e^{-40}/(1 + e^{-40})^2 \approx 4.2\times10^{-18}$，正是引擎的 sigmoid 给出的斜率。最后的 $\dot C$ 就是 $\partial C/\partial w$；要得到 $\partial C/\partial b$，还得**再做一遍**前向遍历，种子取 $\dot w = 0$，$\dot b = 1$。
#
# **反向**，种子取 $\bar C = 1$：每个节点的伴随值由使用它的那些节点的伴随值算出，从右到左，
#
# $$\bar a = 2(a - y)\,\bar C, \qquad \bar z = \sigma(z)\,\sigma(-z)\,\bar a, \qquad
# \bar w = x\,\bar z, \qquad \bar b = \bar z.$$
#
# **一遍**就得到了两个导数。

# %%
x, y = 1.5, 1.0
w0, b0 = 0.8, -0.3

z = w0 * x + b0
a = sigma(z)
C = (a - y) ** 2
assert math.isclose(sigma(z) * sigma(-z), a * (1 - a), rel_tol=1e-12)  # σ′(z) 的两种写法
# 引擎为什么写成 σ(z)σ(−z)：从 z ≈ 37 起 σ(z) 舍入成 1，a(1 − a) 也随之为 0
assert sigma(36.0) < 1.0 and sigma(37.0) == 1.0
a_40 = sigma(40.0)
assert a_40 * (1 - a_40) == 0.0
slope_40 = math.exp(-40.0) / (1 + math.exp(-40.0)) ** 2  # 手算 σ′(40)：没有相减，不会相消
assert math.isclose(sigma(40.0) * sigma(-40.0), slope_40, rel_tol=1e-12)
assert math.isclose(grad(lambda t: t.sigmoid())(40.0), slope_40, rel_tol=1e-12)
assert round(slope_40, 19) == 4.2e-18  # 正文的 ≈ 4.2×10⁻¹⁸


def forward_by_hand(w_dot, b_dot):
    z_dot = x * w_dot + b_dot
    a_dot = sigma(z) * sigma(-z) * z_dot
    C_dot = 2 * (a - y) * a_dot
    return z_dot, a_dot, C_dot


tangents_w = forward_by_hand(1.0, 0.0)  # 第 1 遍：∂/∂w
tangents_b = forward_by_hand(0.0, 1.0)  # 第 2 遍：∂/∂b

C_bar = 1.0  # 一遍反向遍历
a_bar = 2 * (a - y) * C_bar
z_bar = sigma(z) * sigma(-z) * a_bar
w_bar, b_bar = x * z_bar, z_bar

print(f"前向，2 遍：∂C/∂w = {tangents_w[2]:.6f}   ∂C/∂b = {tangents_b[2]:.6f}")
print(f"反向，1 遍：∂C/∂w = {w_bar:.6f}   ∂C/∂b = {b_bar:.6f}")
assert math.isclose(tangents_w[2], w_bar, rel_tol=1e-15)
assert math.isclose(tangents_b[2], b_bar, rel_tol=1e-15)

# %% [markdown]
# 引擎做的是同一件事：`jvp` 就是一遍前向遍历（返回 $C$ 和 $\dot C$）；`vjp` 记录计算图，并返回一个*拉回*函数（pullback），调用它就做一遍反向遍历。


# %%
def neuron_cost(w, b):
    return ((w * x + b).sigmoid() - y) ** 2


C_engine, C_dot_w = jvp(neuron_cost, (w0, b0), (1.0, 0.0))
_, C_dot_b = jvp(neuron_cost, (w0, b0), (0.0, 1.0))
_, pullback = vjp(neuron_cost, w0, b0)
dC_dw, dC_db = pullback(1.0)

assert math.isclose(C_engine, C, rel_tol=1e-15)
assert math.isclose(C_dot_w, tangents_w[2], rel_tol=1e-12)
assert math.isclose(C_dot_b, tangents_b[2], rel_tol=1e-12)
assert math.isclose(dC_dw, w_bar, rel_tol=1e-12) and math.isclose(dC_db, b_bar, rel_tol=1e-12)
print(f"jvp（两遍）：{C_dot_w} {C_dot_b}")
print(f"vjp（一遍）：{dC_dw} {dC_db}")

# %% [markdown]
# 下面把这个计算图画两次，输入在上，$C$ 在下。边上的数字是局部导数，即箭头终点对箭头起点的偏导：两幅图里的这些数字完全一样。第一幅图里，每个方框的标签写着它在种子 $\dot w = 1$ 下的切向量（tangent，自上而下算出）；第二幅图里，`grad` 一栏是它的伴随值（由 `backward()` 自下而上算出）。

# %%
w_node, b_node = Value(w0, label="w"), Value(b0, label="b")
wx = w_node * x
z_node = wx + b_node
a_node = z_node.sigmoid()
diff = a_node - y
C_node = diff**2
nodes = {"w·x": wx, "z": z_node, "a": a_node, "a − y": diff, "C": C_node}

tangent_of = dict(
    zip(nodes, tangent_pass(list(nodes.values()), {w_node: 1.0, b_node: 0.0}), strict=True)
)
assert math.isclose(tangent_of["z"], tangents_w[0], rel_tol=1e-15)
assert math.isclose(tangent_of["a"], tangents_w[1], rel_tol=1e-15)
assert math.isclose(tangent_of["C"], tangents_w[2], rel_tol=1e-15)

# 每个节点的标签写出它的切向量
for name, node in nodes.items():
    node.label = f"{name}: 切向量 {tangent_of[name]:.4f}"
w_node.label, b_node.label = "w: 切向量 ẇ = 1", "b: 切向量 ḃ = 0"
forward_picture = draw_graph(
    C_node, rankdir="TB", show_grad=False, title="前向模式：切向量，自上而下（种子 ẇ = 1）"
)
forward_picture

# %%
for name, node in nodes.items():
    node.label = name
w_node.label, b_node.label = "w", "b"
C_node.backward()
assert math.isclose(w_node.grad, w_bar, rel_tol=1e-12)
assert math.isclose(b_node.grad, b_bar, rel_tol=1e-12)
assert math.isclose(a_node.grad, a_bar, rel_tol=1e-12)
reverse_picture = draw_graph(
    C_node, rankdir="TB", title="反向模式：伴随值（grad），自下而上，两个输入一次算完"
)
# 两幅图的边上是同样的数：各个局部导数
edge_label = r'-> \w+ \[label="?([-+.\w]+)'
on_edges = re.findall(edge_label, forward_picture.source)
assert re.findall(edge_label, reverse_picture.source) == on_edges
local = [g for node in nodes.values() for g in node.local_grads]
assert sorted(on_edges) == sorted(f"{g:#.4g}" for g in local)
reverse_picture

# %% [markdown]
# ## 2. 一个真实代价的梯度：13,002 个输入，一个输出
#
# 还是前面几个笔记本里的网络：784 个输入（一张 $28\times 28$ 的图像），两个各有 16 个 sigmoid 神经元的隐层，10 个 sigmoid 输出，代价是对各个输出 $j$ 求和的平方误差 $C = \sum_j (a_j - y_j)^2$（即笔记本 4 的 $C_0$：$j$ 给输出神经元编号，$k$ 给前一层的神经元编号）。它的 $(784 + 1)\cdot 16 + (16 + 1)\cdot 16 + (16 + 1)\cdot 10 = 13{,}002$ 个权重和偏置（每个神经元的权重再加一个偏置）就是 $C$ 的输入，合起来记作 $w$。这里用随机像素代替一个手写数字：求导的开销与像素的值无关。

# %%
SIZES = [784, 16, 16, 10]
N_PARAMS = sum((n_in + 1) * n_out for n_in, n_out in itertools.pairwise(SIZES))
assert N_PARAMS == 13_002

rng = random.Random(7)
params0 = [rng.gauss(0.0, 0.1) for _ in range(N_PARAMS)]
image = [rng.random() for _ in range(784)]
target = [1.0 if j == 3 else 0.0 for j in range(10)]


def network(params, inputs):
    """10 个输出；``params`` 依次列出每个神经元的权重，后面跟着它的偏置。"""
    activations, k = inputs, 0
    for n_in, n_out in itertools.pairwise(SIZES):
        layer = []
        for _ in range(n_out):
            layer.append(dot(params[k : k + n_in], activations, params[k + n_in]).sigmoid())
            k += n_in + 1
        activations = layer
    return activations


def cost(params):
    return vsum([(o - t) ** 2 for o, t in zip(network(params, image), target, strict=True)])


def cost_number(params):
    """C 的值（普通的数），不记录计算图。"""
    with no_grad():
        return cost(params).data


def layers_by_hand(params):
    """numpy 中每一层的 (W, b)：W 的第 j 行是神经元 j 的权重，其后是它的偏置。"""
    p, k = np.array(params), 0
    for n_in, n_out in itertools.pairwise(SIZES):
        rows = p[k : k + (n_in + 1) * n_out].reshape(n_out, n_in + 1)
        yield rows[:, :n_in], rows[:, n_in]
        k += (n_in + 1) * n_out


def cost_by_hand(params):
    a = np.array(image)
    for W, b in layers_by_hand(params):
        a = 1 / (1 + np.exp(-(W @ a + b)))
    return float(np.sum((a - np.array(target)) ** 2))  # C = Σⱼ (aⱼ − yⱼ)²


assert math.isclose(cost_by_hand(params0), cost_number(params0), rel_tol=1e-12)


# %% [markdown]
# 求梯度 $\partial C/\partial w$ 的三种办法，都在这台机器上实测。记 $u_i$ 为第 $i$ 个权重处是 1、其余都是 0 的单位向量（$j$ 仍然给输出编号）：
#
# - **有限差分**：$\big(C(w + h\,u_i) - C(w - h\,u_i)\big)/(2h)$，每个权重要算两次代价——对 20 个权重计时，再按比例放大到 13,002 个；
# - **前向模式**：每个权重做一次 `jvp`，种子是单位向量 $u_i$——对 5 个权重计时，再按比例放大；
# - **反向模式**：一次 `vjp` 的拉回，13,002 个导数一次得到——整体计时。

# %%
t_eval = median_time(lambda: cost_number(params0), repeats=5)

_, pullback = vjp(cost, params0)
(gradient,) = pullback(1.0)
t_reverse = median_time(lambda: vjp(cost, params0)[1](1.0))

SLICE_FD = range(20)
h = 1e-5
start = time.process_time()
finite_differences = []
for j in SLICE_FD:
    plus, minus = list(params0), list(params0)
    plus[j] += h
    minus[j] -= h
    finite_differences.append((cost_number(plus) - cost_number(minus)) / (2 * h))
t_fd_each = (time.process_time() - start) / len(SLICE_FD)

SLICE_FWD = range(5)
start = time.process_time()
forward_columns = []
for j in SLICE_FWD:
    seed = [0.0] * N_PARAMS
    seed[j] = 1.0
    forward_columns.append(jvp(cost, (params0,), (seed,))[1])
t_fwd_each = (time.process_time() - start) / len(SLICE_FWD)

# 三种办法在共同算过的权重上结果一致
for j, dj in zip(SLICE_FWD, forward_columns, strict=True):
    assert math.isclose(dj, gradient[j], rel_tol=1e-10, abs_tol=1e-15), (j, dj, gradient[j])
fd_error = max(abs(dj - gradient[j]) for j, dj in zip(SLICE_FD, finite_differences, strict=True))
assert fd_error < 1e-8

rows = [
    ("有限差分", 2 * N_PARAMS, t_fd_each * N_PARAMS, f"{len(SLICE_FD)} 个权重"),
    ("前向模式 (jvp)", N_PARAMS, t_fwd_each * N_PARAMS, f"{len(SLICE_FWD)} 个权重"),
    ("反向模式 (vjp)", 1, t_reverse, "全部 13,002 个"),
]


def pad(text, width, align=">"):
    """把 text 用空格补足 width 列，align 为 "<" 时左对齐，为 ">" 时右对齐。

    按列数而不是字符数计算：一个汉字占两列（Unicode 的东亚宽度为 W 或 F），
    用 f"{'全部用时':>14}" 补齐的表头会比下面的数字宽出四列。
    """
    columns = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    room = " " * max(0, width - columns)
    return text + room if align == "<" else room + text


print(f"算一次 C（不记录计算图）：{t_eval * 1e3:.1f} ms")
print(
    pad("方法", 20, "<")
    + pad("遍数", 9)
    + pad("全部用时", 14)
    + pad("是反向的几倍", 14)
    + "   计时范围"
)
for name, passes, seconds, timed_on in rows:
    ratio = f"{seconds / t_reverse:,.0f}"
    print(f"{pad(name, 20, '<')}{passes:>9,}{seconds:>12.2f} s{ratio:>14}   {timed_on}")
print(f"有限差分在这些计时的权重上的最大误差：{fd_error:.1e}（前向模式是精确的）")
print(f"反向模式：整个梯度只用了 {t_reverse / t_eval:.1f} 次求值的时间")

# 两者相差数千倍；这里只断言 100 倍，远远超出计时的噪声。
assert t_fwd_each * N_PARAMS > 100 * t_reverse
assert t_fd_each * N_PARAMS > 100 * t_reverse
# “几次求值”：写这本笔记本的机器上约为 8；50 给负载高的机器留了余地，
# 和前向模式的 13,002 遍相比仍然微不足道。
assert t_reverse < 50 * t_eval
# 一遍前向遍历要重新记录计算图：比有限差分对同一个权重的两次求值还慢
# （写这本笔记本的机器上约为五倍）。
assert t_fwd_each > t_fd_each

# %% [markdown]
# 反向模式只花几次求值的时间就得到全部 13,002 个导数（见上面的实测）；前向模式要 13,002 遍，有限差分要 26,004 次求值（而且只是近似值）。在这个引擎里，一遍前向遍历还要重新记录计算图，所以一遍的开销比有限差分的两次普通求值还大——但即使一遍前向遍历只相当于一次求值，也还是要做 13,002 遍。训练时每一步都要重新求这个梯度：这就是神经网络用反向传播来训练的原因。
#
# ## 3. 前向模式占优的时候
#
# 把问题倒过来：输入少，输出多。把图像 $x$ 的亮度乘上一个数 $t$，问 10 个输出各自怎样变化：$t \mapsto \mathrm{network}(t\,x)$ 的雅可比矩阵是 $10 \times 1$ 的。前向模式**一**遍就填满它仅有的一列；反向模式需要 **10** 遍，每个输出（每一行）一遍。


# %%
def outputs_of_brightness(t):
    return network(params0, [t * p for p in image])


J_forward = jacobian(outputs_of_brightness, mode="forward")(1.0)
J_reverse = jacobian(outputs_of_brightness, mode="reverse")(1.0)
assert len(J_forward) == 10 and all(len(row) == 1 for row in J_forward)
for row_f, row_r in zip(J_forward, J_reverse, strict=True):
    assert math.isclose(row_f[0], row_r[0], rel_tol=1e-12, abs_tol=1e-15)
# 手算这一列：t 每变一个单位，输入 t·x 变化 x；然后每一层的切向量是
# ż = W ȧ（ȧ 取上一层的），ȧ = σ′(z) ż。
act, act_dot = np.array(image), np.array(image)
for W_l, b_l in layers_by_hand(params0):
    sig = 1 / (1 + np.exp(-(W_l @ act + b_l)))
    act, act_dot = sig, sig * (1 - sig) * (W_l @ act_dot)
assert np.allclose([row[0] for row in J_forward], act_dot, rtol=1e-10, atol=1e-15)
# 小结表里的“一遍得到”：一次 jvp 得到 J·ẋ（这一列 act_dot 乘以方向 ẋ）；
# 一次 vjp 的拉回得到 ȳᵀJ（它的一行：这里只有一个数，Σⱼ ȳⱼ · act_dot[j]）。
x_dot, y_bar = 0.5, [(-1.0) ** j * (j + 1) / 10 for j in range(10)]
J_x_dot = jvp(outputs_of_brightness, (1.0,), (x_dot,))[1]
assert np.allclose(J_x_dot, act_dot * x_dot, rtol=1e-10, atol=1e-15)
(y_bar_J,) = vjp(outputs_of_brightness, 1.0)[1](y_bar)
assert math.isclose(y_bar_J, float(np.dot(y_bar, act_dot)), rel_tol=1e-10, abs_tol=1e-15)

t_fwd = median_time(lambda: jacobian(outputs_of_brightness, mode="forward")(1.0), repeats=7)
t_rev = median_time(lambda: jacobian(outputs_of_brightness, mode="reverse")(1.0), repeats=7)
print(
    f"10 × 1 雅可比矩阵：前向（1 遍）{t_fwd * 1e3:.1f} ms，"
    f"反向（10 遍）{t_rev * 1e3:.1f} ms：反向/前向 = {t_rev / t_fwd:.1f}"
)
# 前向模式更快，但快不到 10 遍比 1 遍那么多（两者都记录一次计算图）：写这本笔记本的机器上约为 4；
# 取 7 次运行的中位数，本进程自己偶尔的停顿不会影响结果。
assert t_fwd < t_rev < 10 * t_fwd

# %% [markdown]
# 两个时间都包括记录一次计算图，这一部分两种模式都一样，所以比值小于 10。一般地，有 $n_\text{in}$ 个输入、$n_\text{out}$ 个输出的函数 $f: \mathbb{R}^{n_\text{in}} \to \mathbb{R}^{n_\text{out}}$，其雅可比矩阵要 $n_\text{in}$ 遍前向遍历或者 $n_\text{out}$ 遍反向遍历：$n_\text{in} < n_\text{out}$ 时前向模式占优（例如一次仿真对某一个参数的敏感度，或者一条曲线上的点作为某一个角度的函数），$n_\text{out} < n_\text{in}$ 时反向模式占优——每个训练代价都属于这种情况，那里 $n_\text{out} = 1$。`benchmarks/jacobian.py` 对 10、100、1000 个输入或输出实测了两种模式。
#
# ## 4. 二阶导数：海森矩阵与牛顿步
#
# 两种模式还可以组合起来。海森矩阵 $H$ 的元素是 $H_{ij} = \partial^2 C/\partial w_i\,\partial w_j$，它就是梯度的雅可比矩阵：一遍反向遍历把 $\nabla C$ 搭成一个计算图，再沿*这个*图做一遍前向遍历，种子取方向 $v$，就得到 $Hv$——这就是**海森矩阵-向量积** `hvp`：一遍反向加一遍前向即可，从头到尾都不用构造 $H$。
#
# 一个有两个权重 $w = (w_1, w_2)$ 的代价曲面：在 $m = 8$ 个点 $x_i$（标记 $y_i = \pm 1$）上做带 L2 项（$\lambda = 0.1$）的对数几率回归（逻辑回归），
#
# $$C(w) = \frac{1}{m} \sum_{i=1}^{m} \ln\big(1 + e^{-y_i w^\top x_i}\big)
# + \frac{\lambda}{2}\lVert w\rVert^2,$$
#
# 记 $z_i = y_i w^\top x_i$，它的梯度和海森矩阵手算如下：
#
# $$\nabla C = \frac{1}{m} \sum_{i=1}^{m} -y_i\,\sigma(-z_i)\,x_i + \lambda w, \qquad
# H = \frac{1}{m} \sum_{i=1}^{m} \sigma(z_i)\,\sigma(-z_i)\,x_i x_i^\top + \lambda I.$$
#
# 这个海森矩阵就是周志华《机器学习》式 (3.31) 换一种写法。书中的标记取 $y_i \in \{0, 1\}$，参数 $\beta = (w; b)$ 含偏置，各样本的损失直接相加、不除以 $m$；书中的权重 $p_1(1 - p_1)$（$p_1 = \sigma(w^\top x_i)$）不论标记取哪个符号，都等于 $\sigma(z_i)\,\sigma(-z_i)$。这里没有偏置，因子 $1/m$ 和 $\lambda I$ 是我们加上的。

# %%
POINTS = [
    (0.5, 1.0),
    (1.5, -0.5),
    (-1.0, 0.8),
    (2.0, 1.5),
    (-0.5, -1.2),
    (1.0, 0.3),
    (-1.5, -0.4),
    (0.2, -1.0),
]
LABELS = [1, 1, -1, 1, -1, -1, 1, -1]  # 没有一条过原点的直线能把两类分开（见下面的 assert）
LAM = 0.1
assert len(POINTS) == len(LABELS) == 8  # 正文的 m = 8 个点，每个点一个标记
# 线性不可分：C 没有偏置，能分开两类的直线必须过原点，即有一个 w 使每个 i 都满足
# yᵢ w·xᵢ > 0，也就是所有向量 yᵢxᵢ 都落在同一个开半平面里。落在同一个开半平面里的向量
# 挤在一段小于 π 的圆弧内，所以其中必有相邻两个之间的夹角大于 π；把这八个向量按角度排序
# （最后一个夹角从最大的角度绕回最小的角度），相邻两个之间的夹角没有一个达到 π。
angles = sorted(
    math.atan2(label * xi2, label * xi1) for (xi1, xi2), label in zip(POINTS, LABELS, strict=True)
)
gaps = [b - a for a, b in itertools.pairwise(angles)] + [angles[0] + 2 * math.pi - angles[-1]]
assert max(gaps) < math.pi


def C2(w1, w2):
    pairs = zip(POINTS, LABELS, strict=True)
    losses = [(-label * (w1 * xi1 + w2 * xi2)).softplus() for (xi1, xi2), label in pairs]
    return vsum(losses) / len(POINTS) + LAM / 2 * (w1 * w1 + w2 * w2)


def hand_gradient(w):
    g = [LAM * w[0], LAM * w[1]]
    for (xi1, xi2), label in zip(POINTS, LABELS, strict=True):
        zi = label * (w[0] * xi1 + w[1] * xi2)
        for i, xii in enumerate((xi1, xi2)):
            g[i] += -label * sigma(-zi) * xii / len(POINTS)
    return g


def hand_hessian(w):
    H = [[LAM, 0.0], [0.0, LAM]]
    for (xi1, xi2), label in zip(POINTS, LABELS, strict=True):
        zi = label * (w[0] * xi1 + w[1] * xi2)
        weight = sigma(zi) * sigma(-zi)
        for i, xii in enumerate((xi1, xi2)):
            for j, xij in enumerate((xi1, xi2)):
                H[i][j] += weight * xii * xij / len(POINTS)
    return H


w_start = (1.5, -1.0)
H_engine = hessian(C2, argnums=(0, 1))(*w_start)
H_hand = hand_hessian(w_start)
g_engine = grad(C2, argnums=(0, 1))(*w_start)
for i in range(2):
    assert math.isclose(g_engine[i], hand_gradient(w_start)[i], rel_tol=1e-12), i
for i in range(2):
    for j in range(2):
        assert math.isclose(H_engine[i][j], H_hand[i][j], rel_tol=1e-12), (i, j)
# 周志华的权重 p₁(1 − p₁)，p₁ = σ(wᵀxᵢ)（标记取 0/1），不论 yᵢ 的符号都等于 σ(zᵢ)σ(−zᵢ)
for point, label in zip(POINTS, LABELS, strict=True):
    wx = w_start[0] * point[0] + w_start[1] * point[1]
    p_one = sigma(wx)
    assert math.isclose(p_one * (1 - p_one), sigma(label * wx) * sigma(-label * wx), rel_tol=1e-12)

v = (0.3, -2.0)
Hv = hvp(C2, w_start, v)
for i in range(2):
    assert math.isclose(Hv[i], H_hand[i][0] * v[0] + H_hand[i][1] * v[1], rel_tol=1e-12)
det = H_hand[0][0] * H_hand[1][1] - H_hand[0][1] ** 2
assert H_hand[0][0] > 0 and det > 0  # 正定：代价曲面是一只碗
print("H（引擎）=", [[round(e, 6) for e in row] for row in H_engine])
print("hvp 给出的 H·v =", [round(e, 6) for e in Hv])

# %% [markdown]
# **牛顿步**直接走到一个二次函数的谷底，这个二次函数在 $w$ 处与 $C$ 的值、斜率和曲率都相同：解 $H\Delta = -\nabla C$，然后 $w \leftarrow w + \Delta$。*只*用 `hvp`、从不构造 $H$ 来解这个方程组，正是共轭梯度法的做法（$C$ 有 $n_\text{in}$ 个输入，就是 $n_\text{in}$ 维，至多做 $n_\text{in}$ 次乘积；这里是 2 次）。下面先把这个免海森矩阵（Hessian-free）的牛顿步与手写 $2\times 2$ 逆矩阵得到的一步作对照，再从同一个起点出发，比较六步牛顿法和六步梯度下降（$\eta = 1$）。
#
# 共轭梯度法怎样解 $H\Delta = -\nabla C$：从 $\Delta = 0$ 出发，**残量** $s = -\nabla C - H\Delta$ 表示方程组离成立还差多少，它也是第一个搜索方向 $d$。每一轮沿 $d$ 走到二次函数在这条直线上的最低点，步长 $\tau = s^\top s / d^\top H d$，令 $\Delta \leftarrow \Delta + \tau d$，求出新的残量 $s' = s - \tau Hd$，再把它修正成下一个搜索方向：$d \leftarrow s' + \mu d$，其中 $\mu = s'^\top s' / s^\top s$（然后 $s \leftarrow s'$）。这个 $\mu$ 让各方向两两**共轭**，即 $d_i^\top H d_j = 0$：后面的一轮不会抵消前面的成果，所以 $n_\text{in}$ 维的方程组 $n_\text{in}$ 轮就精确解出。
#
# 教科书通常把这几个量记作 $r$、$p$、$\alpha$、$\beta$；在本课程里这些字母已经有了别的意思。这里的残量 $s$ 属于线性方程组，既不是笔记本 0 和 5 里的残差 $r = a - y$，也不是笔记本 3 里的误差项 $\delta$（UFLDL 中文版把 $\delta$ 叫作“残差”）。在笔记本 3 里，$\alpha_h$ 和 $\beta_j$ 是周志华记法中的加权输入，上面的 $\beta = (w; b)$ 也是周志华的参数向量；上面的 $p_1$ 则是他的概率。下面这个单元格用手写的 $H$ 断言这两点：两个方向共轭，两轮之后残量为零。


# %%
def conjugate_gradients(w):
    """用共轭梯度法解 H·Δ = −∇C，只通过 hvp 用到 H。

    返回 Δ、各轮的搜索方向 d 和最后的残量 s。
    """
    g = grad(C2, argnums=(0, 1))(*w)
    delta = [0.0, 0.0]
    s = [-g[0], -g[1]]  # 残量 −∇C − H·Δ（方程还差多少）
    d = list(s)
    directions = []
    for _ in range(2):
        ss = s[0] ** 2 + s[1] ** 2
        if ss < 1e-30:
            break
        directions.append(d)
        Hd = hvp(C2, tuple(w), tuple(d))
        tau = ss / (d[0] * Hd[0] + d[1] * Hd[1])
        delta = [delta[i] + tau * d[i] for i in range(2)]
        s = [s[i] - tau * Hd[i] for i in range(2)]
        mu = (s[0] ** 2 + s[1] ** 2) / ss
        d = [s[i] + mu * d[i] for i in range(2)]
    return delta, directions, s


def newton_direction(w):
    return conjugate_gradients(w)[0]


g0 = hand_gradient(w_start)
inverse_step = [
    -(H_hand[1][1] * g0[0] - H_hand[0][1] * g0[1]) / det,
    -(H_hand[0][0] * g0[1] - H_hand[1][0] * g0[0]) / det,
]
cg_step, (d0, d1), s_last = conjugate_gradients(w_start)
Hd1 = [H_hand[i][0] * d1[0] + H_hand[i][1] * d1[1] for i in range(2)]  # 手写的 H
assert abs(d0[0] * Hd1[0] + d0[1] * Hd1[1]) < 1e-9 * math.hypot(*d0) * math.hypot(*Hd1)
assert math.hypot(*s_last) < 1e-9 * math.hypot(*g0)  # 二维方程组，两轮解出
assert all(math.isclose(cg_step[i], inverse_step[i], rel_tol=1e-9) for i in range(2))

newton_path, descent_path = [list(w_start)], [list(w_start)]
for _ in range(6):
    w = newton_path[-1]
    step = newton_direction(w)
    newton_path.append([w[0] + step[0], w[1] + step[1]])
    w = descent_path[-1]
    g = grad(C2, argnums=(0, 1))(*w)
    descent_path.append([w[0] - 1.0 * g[0], w[1] - 1.0 * g[1]])


def norm(g):
    return math.hypot(*g)


newton_norms = [norm(hand_gradient(w)) for w in newton_path]
descent_norms = [norm(hand_gradient(w)) for w in descent_path]

EPS = np.finfo(float).eps


def rounding_floor(w):
    """ε 乘以求和得到 ∇C 的各项的大小（逐个分量）：算出的 ‖∇C‖ 小到这个量级时，
    就只剩舍入误差了，权重再怎么变也一样。"""
    sizes = [LAM * abs(w[0]), LAM * abs(w[1])]
    for (xi1, xi2), label in zip(POINTS, LABELS, strict=True):
        zi = label * (w[0] * xi1 + w[1] * xi2)
        for i, xii in enumerate((xi1, xi2)):
            sizes[i] += abs(label * sigma(-zi) * xii) / len(POINTS)
    return EPS * math.hypot(*sizes)


floors = [rounding_floor(w) for w in newton_path]
print("  步    ‖∇C‖ 牛顿法  ‖∇C‖ 梯度下降   舍入误差下限（牛顿法）")
for k, (gn, gd, fl) in enumerate(zip(newton_norms, descent_norms, floors, strict=True)):
    print(f"{k:>4}   {gn:12.3e}   {gd:12.3e}   {fl:12.1e}")
assert newton_norms[-1] < 1e-12 < 1e-3 < descent_norms[-1]
# 二次收敛，从第 0 步到第 4 步（k = 0 … 3）：每个 ‖∇C‖ 至多是上一个的平方的 10 倍
assert all(newton_norms[k + 1] <= 10 * newton_norms[k] ** 2 for k in range(4))
# k = 4 时这条规则要求 10 × (5.1e-11)² ≈ 2.6e-20，远低于舍入误差的下限（≈ 1.3e-16）：
# 从第 5 步起 ‖∇C‖ 落在这个下限之下，规则不再适用
assert math.isclose(newton_norms[4], 5.1e-11, rel_tol=0.01)
assert math.isclose(10 * newton_norms[4] ** 2, 2.6e-20, rel_tol=0.02)
assert all(math.isclose(fl, 1.3e-16, rel_tol=0.05) for fl in floors[2:])
assert newton_norms[4] > 1e4 * floors[4] and 10 * newton_norms[4] ** 2 < floors[5] / 1e3
assert all(newton_norms[k] <= floors[k] for k in (5, 6))
assert newton_path[6] == newton_path[5]  # 到了下限，这一步为零
# 牛顿法的第一步冲过了头：落在极小值 w_min（牛顿步停下的地方）的另一侧，与起点相对；
# 第二步又回到离它不到 0.03 的地方。
w_min = newton_path[-1]
from_start = [w_start[i] - w_min[i] for i in range(2)]
after_one = [newton_path[1][i] - w_min[i] for i in range(2)]
assert from_start[0] * after_one[0] + from_start[1] * after_one[1] < 0
assert math.dist(newton_path[2], w_min) < 0.03 and math.dist(descent_path[-1], w_min) > 0.1
# 第 2 步几乎沿第 1 步的直线折回：与第 1 步的反方向相差不到 10°。
back = [newton_path[0][i] - newton_path[1][i] for i in range(2)]
step_2 = [newton_path[2][i] - newton_path[1][i] for i in range(2)]
cosine = (back[0] * step_2[0] + back[1] * step_2[1]) / (math.hypot(*back) * math.hypot(*step_2))
assert math.degrees(math.acos(cosine)) < 10

# %%
w1_grid = np.linspace(-2.5, 2.5, 81)
w2_grid = np.linspace(-2.5, 2.5, 81)
W1, W2 = np.meshgrid(w1_grid, w2_grid)
surface = LAM / 2 * (W1**2 + W2**2)
for (xi1, xi2), label in zip(POINTS, LABELS, strict=True):
    surface = surface + np.logaddexp(0.0, -label * (W1 * xi1 + W2 * xi2)) / len(POINTS)
assert math.isclose(
    C2(*map(Value, w_start)).data,
    float(
        LAM / 2 * sum(c * c for c in w_start)
        + sum(
            np.logaddexp(0.0, -label * (w_start[0] * xi1 + w_start[1] * xi2))
            for (xi1, xi2), label in zip(POINTS, LABELS, strict=True)
        )
        / len(POINTS)
    ),
    rel_tol=1e-12,
)

fig, ax = plt.subplots(figsize=(6, 5.8), layout="constrained")
contours = ax.contour(W1, W2, surface, levels=20, cmap="viridis")
ax.clabel(contours, contours.levels[::3], fontsize=10)  # 每隔两条标一条：标得更密会互相重叠
for path, style, name in (
    (descent_path, "o--", "梯度下降，η = 1"),
    (newton_path, "s-", "牛顿步（hvp + 共轭梯度）"),
):
    xs, ys = zip(*path, strict=True)
    ax.plot(xs, ys, style, label=name)
ax.plot(*w_min, "*", color="k", ms=12, label=r"极小值，$\nabla C = 0$")
ax.annotate(
    "牛顿法第 1 步",
    newton_path[1],
    xytext=(8, 8),
    textcoords="offset points",
    color="C1",
    fontsize=11,
    # 白底，压在等高线上也看得清
    bbox=dict(boxstyle="square,pad=0.1", fc="white", ec="none"),
)
ax.set_xlabel("w₁")
ax.set_ylabel("w₂")
ax.set_title("C(w₁, w₂)：从同一个起点出发，各走六步")
fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncols=2)
plt.show()

# %% [markdown]
# 牛顿步用上了曲率，但离极小值远的时候，它跳向的那个二次曲面只是 $C$ 的粗略近似：第 1 步冲过了头，落到极小值（★）的另一侧，第 2 步几乎沿原来的直线折回（与第 1 步的直线相差不到 10°），落在离极小值不到 0.03 的地方（橙色折线在这里几乎和自己重叠）。到了极小值附近，正确的位数大约每步翻一番；而梯度下降每步走 $\eta\,\nabla C$，坡越平步子越小，走了六步还没到极小值。记 $w_k$ 为第 $k$ 步之后的权重，打印表格的那个单元格里，`assert` 对 $k = 0, \dots, 3$（从第 0 步到第 4 步）检查 $\lVert\nabla C(w_{k+1})\rVert \le 10\,\lVert\nabla C(w_k)\rVert^2$。检查到此为止：到 $k = 4$，这条规则要求 $10\cdot(5.1\times 10^{-11})^2 \approx 2.6\times 10^{-20}$，而表中第 5 步显示的已经是舍入误差的下限。$\nabla C$ 是若干项之和，每一项都带着约 $\varepsilon \approx 2.2\times 10^{-16}$ 的相对舍入误差，所以算出的 $\lVert\nabla C\rVert$ 一旦小于这些项的大小乘以 $\varepsilon$（表中最后一列，在极小值附近约为 $1.3\times 10^{-16}$），剩下的就只是舍入误差，而不是收敛。第 4 步还比这个下限高出 $10^4$ 倍以上；从第 5 步起，$\lVert\nabla C\rVert$ 落在下限之下，牛顿步也不再改变权重。
#
# 对第 2 节那个有 13,002 个权重的代价，$H$ 有 $13{,}002^2$ 个元素——但一次 `hvp` 只是一遍保留计算图的反向遍历，再加一遍沿这个图的前向遍历。下面实测它，并与两个梯度的中心差分 $\big(\nabla C(w + hv) - \nabla C(w - hv)\big)/(2h)$ 对照：

# %%
v_big = [rng.gauss(0.0, 1.0) for _ in range(N_PARAMS)]
start = time.process_time()
(Hv_big,) = hvp(cost, (params0,), (v_big,))
t_hvp = time.process_time() - start

h = 1e-6
(g_plus,) = vjp(cost, [wj + h * vj for wj, vj in zip(params0, v_big, strict=True)])[1](1.0)
(g_minus,) = vjp(cost, [wj - h * vj for wj, vj in zip(params0, v_big, strict=True)])[1](1.0)
hvp_error = max(
    abs((gp - gm) / (2 * h) - e) for gp, gm, e in zip(g_plus, g_minus, Hv_big, strict=True)
)
assert hvp_error < 1e-7 * max(abs(e) for e in Hv_big)
print(
    f"H 有 {N_PARAMS**2:,} 个元素；一次 hvp：{t_hvp:.2f} s，相当于 {t_hvp / t_eval:.0f} 次求值的时间"
)
print(f"与梯度的中心差分相比，最大差值：{hvp_error:.1e}")
# “好几次梯度的工夫”：写这本笔记本的机器上约为 3 到 4；不止一次，但远远不到 H 的 13,002 列。
assert t_reverse < t_hvp < 100 * t_reverse

# %% [markdown]
# 把 $\nabla C$ 搭成计算图要花好几次梯度的工夫（上面打印了折合几次求值），但它不随 $H$ 的 $13{,}002^2$ 个元素增长。这就是免海森矩阵（Hessian-free，又称截断牛顿）方法都建立在 `hvp` 之上的原因。
#
# ## 小结
#
# 对函数 $y = f(x)$，记 $J$ 为它的雅可比矩阵，$\dot x$ 为输入 $x$ 的一个方向，$\bar y$ 为输出 $y$ 上的种子：
#
# | | 前向模式 | 反向模式 |
# |---|---|---|
# | 一遍得到 | $J\dot x$，一列：所有输出沿一个输入方向的导数 | $\bar y^\top J$，一行 |
# | $n_\text{out} \times n_\text{in}$ 的雅可比矩阵 | $n_\text{in}$ 遍 | $n_\text{out}$ 遍 |
# | $C(w)$ 的梯度，13,002 个权重 | 13,002 遍 | **1 遍**（反向传播） |
# | 在 `autograd_mini` 里 | `jvp`、`jacobian(mode="forward")` | `grad`、`vjp`、`jacobian()` |
#
# 两者组合起来，先反向再前向（forward over reverse）的 `hvp` 用一遍反向加一遍前向就给出 $Hv$。
#
# ## 轮到你了
#
# **练习 1。** 为第 1 节的神经元手写前向模式：给定 $w$、$b$、$x$、$y$ 和种子 $\dot w$、$\dot b$，返回 $\dot C$（依次算出 $\dot z$、$\dot a$、$\dot C$）。只用普通的数，不调用 `jvp` 或 `grad`。用链式法则算出的 $\dot C$ 只带舍入误差，检验也按这个精度比较：用 $C$ 的差商来近似会差几位有效数字，通不过检验。


# %% tags=["exercise:tangent"]
def neuron_tangent(w, b, x, y, w_dot, b_dot):
    raise NotImplementedError("轮到你了")


# %%
nb07.check_neuron_tangent(neuron_tangent)

# %% [markdown]
# **练习 2。** 对 $f: \mathbb{R}^{n_\text{in}} \to \mathbb{R}^{n_\text{out}}$ 的雅可比矩阵，返回开销更小的模式（字符串 `"forward"` 或 `"reverse"`）和它需要的遍数，例如对 $n_\text{in} = 13{,}002$、$n_\text{out} = 1$ 的代价返回 `("reverse", 1)`。（$n_\text{in} = n_\text{out}$ 时两种都算对。）


# %% tags=["exercise:cheaper"]
def cheaper_mode(n_in, n_out):
    raise NotImplementedError("轮到你了")


# %%
nb07.check_cheaper_mode(cheaper_mode)

# %% [markdown]
# **练习 3。** 对第 4 节 `C2` 这样有两个权重的代价走一步牛顿法：输入代价函数和 $w$（一对数），返回 $w - H^{-1}\nabla C$（也是一对数）；用引擎的 `hessian` 和 `grad`，$2\times 2$ 方程组用克拉默法则手解。


# %% tags=["exercise:newton"]
def newton_step(cost, w):
    raise NotImplementedError("轮到你了")


# %%
nb07.check_newton_step(newton_step, C2)
