# ---
# jupyter:
#   jupytext:
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
# # 2 · 每层一个神经元
#
# 本笔记本沿用 3Blue1Brown《深度学习》系列第 4 集 *Backpropagation calculus*（B 站中文版《深度学习之反向传播算法 下》）的思路和记号。最简单、却仍然需要反向传播的网络，是每层只有一个神经元的网络。把输出层记作第 $L$ 层，最后一步是
#
# $$z^{(L)} = w^{(L)} a^{(L-1)} + b^{(L)}, \qquad a^{(L)} = \sigma\big(z^{(L)}\big),
# \qquad C_0 = \big(a^{(L)} - y\big)^2 .$$
#
# 上标 $(L)$ 表示第几层，不是乘方。$y$ 是网络输出的目标值，$C_0$ 是一个训练样本的代价。
#
# 这些量的依赖关系连成一条链：$w^{(L)}$、$b^{(L)}$ 和 $a^{(L-1)}$ 决定 $z^{(L)}$，$z^{(L)}$ 决定 $a^{(L)}$，$a^{(L)}$ 再和 $y$ 一起决定 $C_0$。所以由链式法则，$C_0$ 对 $w^{(L)}$、$b^{(L)}$、$a^{(L-1)}$ 的导数都能拆成三个简单导数的乘积。

# %%
import math

import matplotlib.pyplot as plt
import numpy as np

from autograd_mini import Value, vsum


def sigma(z):
    return 1 / (1 + math.exp(-z))


def sigma_prime(z):
    s = sigma(z)
    return s * (1 - s)


# %% tags=["zh-only"]
# 图中的中文用 Noto Sans SC：随 notebooks 依赖从 PyPI 安装，不需要系统字体
from cjk_font import use_chinese_font

use_chinese_font()

# %% [markdown]
# ## 1. 四层的链：先手算前向，再用引擎算
#
# 输入 $a^{(0)} = x$，后面接四个神经元，每个神经元只有一个权重和一个偏置。

# %%
L = 4
w_init = {1: 0.9, 2: -1.2, 3: 1.5, 4: 0.8}
b_init = {1: 0.1, 2: 0.3, 3: -0.4, 4: 0.2}
x, y = 0.6, 1.0

# 手算，用普通的浮点数。
a_h, z_h = {0: x}, {}
for layer in range(1, L + 1):
    z_h[layer] = w_init[layer] * a_h[layer - 1] + b_init[layer]
    a_h[layer] = sigma(z_h[layer])
C0_h = (a_h[L] - y) ** 2

# 用引擎：同样的计算，但记录成一张计算图。
w = {layer: Value(w_init[layer], f"w{layer}") for layer in w_init}
b = {layer: Value(b_init[layer], f"b{layer}") for layer in b_init}
a = {0: Value(x, "a0")}
z = {}
for layer in range(1, L + 1):
    z[layer] = w[layer] * a[layer - 1] + b[layer]
    a[layer] = z[layer].sigmoid()
C0 = (a[L] - y) ** 2
C0.backward()

print(f"a^(L) = {a[L].data:.6f}   C0 = {C0.data:.6f}")
assert math.isclose(C0.data, C0_h, rel_tol=1e-12)

# %% [markdown]
# ## 2. 输出层：三个导数
#
# 把链上的三个因子（三个环节）乘起来：
#
# $$\frac{\partial C_0}{\partial w^{(L)}}
#   = \frac{\partial z^{(L)}}{\partial w^{(L)}}\,
#     \frac{\partial a^{(L)}}{\partial z^{(L)}}\,
#     \frac{\partial C_0}{\partial a^{(L)}}
#   = a^{(L-1)}\;\sigma'\big(z^{(L)}\big)\;2\big(a^{(L)} - y\big).$$
#
# 对偏置，第一个因子换成 $\partial z^{(L)}/\partial b^{(L)} = 1$；对前一层的激活值，第一个因子换成 $\partial z^{(L)}/\partial a^{(L-1)} = w^{(L)}$：
#
# $$\begin{gathered}
# \frac{\partial C_0}{\partial b^{(L)}}
#   = \sigma'\big(z^{(L)}\big)\,2\big(a^{(L)} - y\big),
# \\
# \frac{\partial C_0}{\partial a^{(L-1)}}
#   = w^{(L)}\,\sigma'\big(z^{(L)}\big)\,2\big(a^{(L)} - y\big).
# \end{gathered}$$

# %%
dC_dwL = a_h[L - 1] * sigma_prime(z_h[L]) * 2 * (a_h[L] - y)
dC_dbL = sigma_prime(z_h[L]) * 2 * (a_h[L] - y)
dC_daLm1 = w_init[L] * sigma_prime(z_h[L]) * 2 * (a_h[L] - y)

checks = [
    ("∂C0/∂w^(L)  ", w[L].grad, dC_dwL),
    ("∂C0/∂b^(L)  ", b[L].grad, dC_dbL),
    ("∂C0/∂a^(L-1)", a[L - 1].grad, dC_daLm1),
]
for name, engine, by_hand in checks:
    print(f"{name}  引擎 {engine:+.10f}   公式 {by_hand:+.10f}")
    assert math.isclose(engine, by_hand, rel_tol=1e-12)

# %% [markdown]
# ## 3. 继续往回：同样的三个因子，一层又一层
#
# $a^{(L-1)}$ 本身就是 $\sigma(w^{(L-1)} a^{(L-2)} + b^{(L-1)})$，所以一旦知道了 $\partial C_0/\partial a^{(L-1)}$，同样的模式就给出第 $L-1$ 层的导数，如此一直推到输入。对每一层 $l$：
#
# $$\begin{gathered}
# \frac{\partial C_0}{\partial z^{(l)}}
#   = \sigma'\big(z^{(l)}\big)\frac{\partial C_0}{\partial a^{(l)}},\quad
# \frac{\partial C_0}{\partial w^{(l)}} = a^{(l-1)}\frac{\partial C_0}{\partial z^{(l)}},\\
# \frac{\partial C_0}{\partial b^{(l)}} = \frac{\partial C_0}{\partial z^{(l)}},\quad
# \frac{\partial C_0}{\partial a^{(l-1)}} = w^{(l)}\frac{\partial C_0}{\partial z^{(l)}}.
# \end{gathered}$$
#
# 往回传的只有一个数，$\partial C_0/\partial a^{(l)}$：这就是“反向传播”名字的由来。

# %%
dC_da = 2 * (a_h[L] - y)  # 从代价出发
grads_w, grads_b = {}, {}
print(" l   ∂C0/∂w（公式）    ∂C0/∂w（引擎）    ∂C0/∂b（公式）    ∂C0/∂b（引擎）")
for layer in range(L, 0, -1):
    dC_dz = sigma_prime(z_h[layer]) * dC_da
    grads_w[layer] = a_h[layer - 1] * dC_dz
    grads_b[layer] = dC_dz
    row = [grads_w[layer], w[layer].grad, grads_b[layer], b[layer].grad]
    print(f" {layer}   " + "   ".join(f"{v:+.12f}" for v in row))
    assert math.isclose(w[layer].grad, grads_w[layer], rel_tol=1e-12)
    assert math.isclose(b[layer].grad, grads_b[layer], rel_tol=1e-12)
    assert math.isclose(z[layer].grad, dC_dz, rel_tol=1e-12)
    dC_da = w_init[layer] * dC_dz  # 再往回传一层
    assert math.isclose(a[layer - 1].grad, dC_da, rel_tol=1e-12)

# %% [markdown]
# 把第一个权重的导数完整写出来，乘积里每一层贡献一个因子：
#
# $$\frac{\partial C_0}{\partial w^{(1)}} = a^{(0)}\,\sigma'(z^{(1)})\;
#   w^{(2)}\sigma'(z^{(2)})\; w^{(3)}\sigma'(z^{(3)})\; w^{(4)}\sigma'(z^{(4)})\;
#   2\big(a^{(4)} - y\big).$$
#
# 每往回一层，$\partial C_0/\partial a$ 就要乘上 $w^{(l)}\sigma'(z^{(l)})$。因为 $\sigma' \le \tfrac14$，只要 $|w^{(l)}| < 4$，这个因子的绝对值就小于 1（本例的值打印在下面）：很深的 sigmoid 链里，靠前的几层学得很慢（*梯度消失*）。

# %%
product = a_h[0] * sigma_prime(z_h[1])
for layer in range(2, L + 1):
    product *= w_init[layer] * sigma_prime(z_h[layer])
product *= 2 * (a_h[L] - y)
assert math.isclose(product, w[1].grad, rel_tol=1e-12)
assert all(sigma_prime(z_h[layer]) <= 0.25 for layer in z_h)
# 从代价往回，第 l 层把 ∂C0/∂a^(l) 乘上 w^(l)·σ′(z^(l))，得到 ∂C0/∂a^(l-1)。
factors = {layer: w_init[layer] * sigma_prime(z_h[layer]) for layer in range(L, 1, -1)}
assert list(factors) == [4, 3, 2]  # 按反向传播经过它们的顺序打印
shown = "，".join(f"第 {layer} 层 {f:+.2f}" for layer, f in factors.items())
print(f"往回走，∂C0/∂a 依次乘上各层的 w·σ′(z)：{shown}")
assert all(abs(f) < 1 for f in factors.values())
assert all(abs(w_init[layer]) < 4 for layer in factors)  # 这里每个 |w| 都小于 4
# 图的标题：往回走，|∂C0/∂w^(l)| 一层比一层小
assert all(abs(w[layer - 1].grad) < abs(w[layer].grad) for layer in range(L, 1, -1))

layers = list(range(1, L + 1))
fig, ax = plt.subplots(figsize=(6, 3.5), layout="constrained")
sizes = [abs(w[layer].grad) for layer in layers]
ax.bar(layers, sizes)
ax.set_yscale("log")
# 纵轴从最矮的柱子下方的 10 的整数次幂到最高的柱子上方的：每根柱子都能对着带数字的刻度读
ax.set_ylim(10 ** math.floor(math.log10(min(sizes))), 10 ** math.ceil(math.log10(max(sizes))))
ax.set_xticks(layers)
ax.set_xlabel(r"第 $l$ 层")
ax.set_ylabel(r"$|\partial C_0/\partial w^{(l)}|$")
ax.set_title("从第 4 层往回到第 1 层，梯度越来越小")
plt.show()


# %% [markdown]
# ## 4. 导数的含义：代价曲线的斜率
#
# 只让 $w^{(L)}$ 变化、其余量都固定，$C_0$ 就成了 $w^{(L)}$ 的一元函数，可以画成一条曲线。第 2 节的公式正是这条曲线在当前权重处切线的斜率；中心差分给出同样的结果。


# %%
def cost_of_wL(wL):
    z_L = wL * a_h[L - 1] + b_init[L]
    return (sigma(z_L) - y) ** 2


eps = 1e-6
central = (cost_of_wL(w_init[L] + eps) - cost_of_wL(w_init[L] - eps)) / (2 * eps)
assert math.isclose(central, dC_dwL, rel_tol=1e-6)
print(f"斜率：公式 {dC_dwL:.10f}，中心差分 {central:.10f}")

grid = np.linspace(-4, 6, 200)
fig, ax = plt.subplots(figsize=(6, 3.5), layout="constrained")
ax.plot(grid, [cost_of_wL(g) for g in grid], label=r"$C_0$ 作为 $w^{(L)}$ 的函数")
tangent = cost_of_wL(w_init[L]) + dC_dwL * (grid - w_init[L])
ax.plot(grid, tangent, "--", label=f"切线，斜率 {dC_dwL:.4f}")
ax.plot([w_init[L]], [cost_of_wL(w_init[L])], "o", color="C3")
ax.set_ylim(-0.05, 1.05)
ax.set_xlabel(r"$w^{(L)}$")
ax.set_ylabel(r"$C_0$")
ax.legend()
plt.show()


# %% [markdown]
# ## 5. 多个训练样本：把梯度取平均
#
# 有 $m$ 个训练样本时，代价是各样本代价的平均值 $C = \frac1m\sum_{k=0}^{m-1} C_k$；求导是线性运算，所以
#
# $$\frac{\partial C}{\partial w^{(L)}}
#   = \frac1m \sum_{k=0}^{m-1}\frac{\partial C_k}{\partial w^{(L)}} .$$
#
# 这里以及之后所有笔记本里，$m$ 都表示训练样本数，与周志华《机器学习》和 UFLDL 的记法相同（3Blue1Brown 的视频里写作 $n$）。样本从 0 开始编号，即 $C_0 \dots C_{m-1}$，因为 3Blue1Brown 的 $C_0$ 就是第一个样本的代价；下面李宏毅的求和从 1 编号到 $m$，项数同样是 $m$。下面把第 3 节的逐样本公式算出来取平均，再与引擎的结果对照：引擎对整个平均代价只做一次反向传播。


# %%
def hand_gradients(x, y):
    # 对一个样本做第 3 节的递推；返回 {("w", l): ..., ("b", l): ...}。
    a_, z_ = {0: x}, {}
    for layer in range(1, L + 1):
        z_[layer] = w_init[layer] * a_[layer - 1] + b_init[layer]
        a_[layer] = sigma(z_[layer])
    out, dC_da = {}, 2 * (a_[L] - y)
    for layer in range(L, 0, -1):
        dC_dz = sigma_prime(z_[layer]) * dC_da
        out["w", layer], out["b", layer] = a_[layer - 1] * dC_dz, dC_dz
        dC_da = w_init[layer] * dC_dz
    return out


rng = np.random.default_rng(0)
xs = rng.uniform(-1, 1, size=8)
ys = (xs > 0).astype(float)
m = len(xs)

per_example = [hand_gradients(xk, yk) for xk, yk in zip(xs, ys, strict=True)]
averaged = {key: sum(g[key] for g in per_example) / m for key in per_example[0]}

w = {layer: Value(w_init[layer], f"w{layer}") for layer in w_init}  # 新的叶子节点，grad = 0
b = {layer: Value(b_init[layer], f"b{layer}") for layer in b_init}
costs = []
for xk, yk in zip(xs, ys, strict=True):
    act = xk
    for layer in range(1, L + 1):
        act = (w[layer] * act + b[layer]).sigmoid()
    costs.append((act - yk) ** 2)
# vsum：把 Σ 做成一个节点。它的输入（代码里的 `parents`，即父节点）是各个样本的代价，
# 每个样本一个，共 m 个，局部导数都是 1（Python 的 sum() 从 0 开始加，第一次加法是 0 加上第一个代价，一共会串起 m 次加法：数值一样，图更深）
C = vsum(costs) / m
assert len(C.parents[0].parents) == m and C.parents[0].data == sum(c.data for c in costs)
chained, additions = sum(costs), 0
while chained.op == "add":  # 沿着 Python 的 sum() 串起的加法一路往下数
    chained, additions = chained.parents[0], additions + 1
assert additions == m and chained is costs[0]
C.backward()

for layer in range(1, L + 1):
    formula, engine = averaged["w", layer], w[layer].grad
    print(f"第 {layer} 层：∂C/∂w 公式 {formula:+.10f}  引擎 {engine:+.10f}")
    assert math.isclose(w[layer].grad, averaged["w", layer], rel_tol=1e-12)
    assert math.isclose(b[layer].grad, averaged["b", layer], rel_tol=1e-12)

# %% [markdown]
# 李宏毅（Hung-yi Lee）在《机器学习》课程“反向传播（Backpropagation）”一讲里，把总损失写成各样本代价的**和**，而不是平均：
#
# $$L(\theta) = \sum_{n=1}^{m} C^n(\theta),\qquad
#   \frac{\partial L(\theta)}{\partial w} = \sum_{n=1}^{m}\frac{\partial C^n(\theta)}{\partial w}.$$
#
# （这里的 $L$ 是总损失，与层号 $L$ 无关；$n$ 是样本编号，$m$ 是样本数，与第 5 节相同（课上把样本数记作 $N$），$C^n$ 的上标也不是乘方。$\theta$ 代表网络的*全部*参数，即所有权重和偏置；笔记本 3 里照周志华写的 $\theta_j$ 则是另一回事，是一个输出神经元的阈值。）所以反向传播只需要会算一个样本的导数，剩下的只是相加。（求和与取平均只差一个因子 $m$，它可以并入学习率。）

# %%
for layer in w:
    w[layer].zero_grad()
    b[layer].zero_grad()
L_total = vsum(costs)  # 同样的逐样本代价，这次求和
L_total.backward()
summed = {key: sum(g[key] for g in per_example) for key in per_example[0]}
for layer in range(1, L + 1):
    assert math.isclose(w[layer].grad, summed["w", layer], rel_tol=1e-12)
    assert math.isclose(w[layer].grad, m * averaged["w", layer], rel_tol=1e-12)
print(f"∂L/∂w^(1) = Σₙ ∂Cⁿ/∂w^(1) = {summed['w', 1]:+.10f}（引擎 {w[1].grad:+.10f}）")

# %% [markdown]
# ## 6. σ 可以是 sigmoid，也可以是 ReLU
#
# 3Blue1Brown 的 σ 可以是 sigmoid，也可以是 ReLU：第 3 节递推的结构与选哪一个无关，变的只有局部导数——$\text{ReLU}(z) = \max(0, z)$ 的导数在 $z > 0$ 处是 $1$，其余地方是 $0$——而 $z \le 0$ 的神经元根本不往回传梯度。


# %%
def relu(z):
    return max(z, 0.0)


def relu_prime(z):
    return 1.0 if z > 0 else 0.0


relu_w = {1: 0.9, 2: 1.2, 3: -0.5, 4: 1.1}
relu_b = {1: 0.1, 2: 0.3, 3: 0.9, 4: 0.2}
a_r, z_r = {0: x}, {}
for layer in range(1, L + 1):
    z_r[layer] = relu_w[layer] * a_r[layer - 1] + relu_b[layer]
    a_r[layer] = relu(z_r[layer])

w_r = {layer: Value(relu_w[layer], f"w{layer}") for layer in relu_w}
act = Value(x)
for layer in range(1, L + 1):
    act = (w_r[layer] * act + relu_b[layer]).relu()
((act - y) ** 2).backward()

dC_da = 2 * (a_r[L] - y)
for layer in range(L, 0, -1):
    dC_dz = relu_prime(z_r[layer]) * dC_da  # 与第 3 节唯一不同的一行
    print(
        f"ReLU 链，第 {layer} 层：∂C0/∂w 公式 {a_r[layer - 1] * dC_dz:+.10f}  "
        f"引擎 {w_r[layer].grad:+.10f}"
    )
    assert math.isclose(w_r[layer].grad, a_r[layer - 1] * dC_dz, rel_tol=1e-12)
    dC_da = relu_w[layer] * dC_dz

# z 为负的 ReLU 神经元什么也传不回去：它的权重得不到梯度。
w_dead = Value(0.5, "w")
(((w_dead * -2.0 + 0.3).relu() - y) ** 2).backward()
assert w_dead.grad == 0.0
# z = 0 也算在内：引擎在 0 处取 ReLU 的导数为 0，和 relu_prime 一样。
w_edge = Value(0.5, "w")
z_edge = w_edge * -0.6 + 0.3
assert z_edge.data == 0.0
((z_edge.relu() - y) ** 2).backward()
assert w_edge.grad == 0.0 == relu_prime(z_edge.data)

# %% [markdown]
# ## 7. 李宏毅用的代价：交叉熵
#
# 做分类时，李宏毅的课程（“逻辑回归（Logistic Regression）”一讲，那一讲也说明了为什么用平方误差学得慢）用**交叉熵**（cross-entropy）而不是平方误差来衡量输出与目标的差距。对一个 sigmoid 输出 $a = \sigma(z)$ 和目标 $y \in \{0, 1\}$：
#
# $$\begin{gathered}
#   C = -\big[y \ln a + (1 - y)\ln(1 - a)\big],\\
#   \frac{\partial C}{\partial a} = \frac{a - y}{a(1 - a)},\qquad
#   \frac{\partial C}{\partial z} = \frac{\partial C}{\partial a}\,\sigma'(z) = a - y .
# \end{gathered}$$
#
# sigmoid 的 $\sigma'(z) = a(1-a)$ 被约掉了。平方误差 $(a - y)^2$ 的 $\partial C/\partial z = 2(a - y)\,a(1 - a)$ 在输出错得很离谱、却又很“自信”时（$y = 1$ 而 $a \approx 0$）几乎为零；交叉熵的这个梯度却仍然很大。链的其余部分不变：$\partial C/\partial w^{(L)} = a^{(L-1)}(a^{(L)} - y)$。

# %%
import nn

# 两个目标都算一遍：y = 1 时每个公式里 (1 − y) 那一半为 0，y = 0 时另一半为 0。
for target in (1.0, 0.0):
    w = {layer: Value(w_init[layer], f"w{layer}") for layer in w_init}
    act = Value(x)
    for layer in range(1, L):
        act = (w[layer] * act + b_init[layer]).sigmoid()
    a_prev = act
    z_L = w[L] * a_prev + b_init[L]
    a_L = z_L.sigmoid()
    C_xent = -(target * a_L.log() + (1 - target) * (1 - a_L).log())
    C_xent.backward()

    a_out = a_L.data
    by_hand = -(target * math.log(a_out) + (1 - target) * math.log(1 - a_out))
    assert math.isclose(C_xent.data, by_hand, rel_tol=1e-12)  # C
    da = (a_out - target) / (a_out * (1 - a_out))
    assert math.isclose(a_L.grad, da, rel_tol=1e-12)  # ∂C/∂a
    assert math.isclose(z_L.grad, a_out - target, rel_tol=1e-12)  # ∂C/∂z = a − y
    assert math.isclose(w[L].grad, a_prev.data * (a_out - target), rel_tol=1e-12)
    print(
        f"y = {target:.0f}，a = {a_out:.4f}：C = {C_xent.data:.4f}，∂C/∂z = a − y = {z_L.grad:+.4f}"
    )
    # 本库的损失函数直接从 sigmoid 之前的 z（常称 logit）算出同一个代价（用的是不会溢出的写法）。
    logit = Value(z_L.data)
    library = nn.binary_cross_entropy_with_logits([[logit]], [target])
    library.backward()
    assert math.isclose(library.data, C_xent.data, rel_tol=1e-12)
    assert math.isclose(logit.grad, a_out - target, rel_tol=1e-12)

# 错得很“自信”：y = 1，而 a ≈ 0.018。比较传到 z 的梯度。
z_bad = Value(-4.0)
a_bad = z_bad.sigmoid()
(-(a_bad.log())).backward()
xent_grad = z_bad.grad
z_bad2 = Value(-4.0)
((z_bad2.sigmoid() - 1) ** 2).backward()
print(f"y = 1，a = {a_bad.data:.3f}：∂C/∂z 交叉熵 {xent_grad:+.4f}，平方误差 {z_bad2.grad:+.4f}")
assert math.isclose(xent_grad, a_bad.data - 1, rel_tol=1e-12)
assert math.isclose(
    z_bad2.grad, 2 * (a_bad.data - 1) * a_bad.data * (1 - a_bad.data), rel_tol=1e-12
)
assert abs(xent_grad) > 10 * abs(z_bad2.grad)
assert round(a_bad.data, 3) == 0.018  # a ≈ 0.018，与上面的注释一致

# %% [markdown]
# ## 轮到你了
#
# 把每个练习单元格里的占位代码换成你的实现，运行它，再运行它下面的检验：检验会指出哪一项错了（期望值和你的结果），或者打印 ✓。
#
# **练习 1 —— 输出层的三个偏导数。** 只看最后一层：$z = w\,a_\text{prev} + b$，$a = \sigma(z)$，$C_0 = (a - y)^2$。以元组形式返回代价的三个偏导数 $\big(\partial C_0/\partial w,\ \partial C_0/\partial b,\ \partial C_0/\partial a_\text{prev}\big)$——不是第 2 节链条上的三个因子，而是因子相乘得到的三个乘积。请按第 2 节的公式计算（上面的函数 `sigma` 和 `sigma_prime` 可以直接用）；检验拿它们和引擎算出的梯度比较，所以它看不出你是怎么算的，只看结果对不对。


# %% tags=["exercise:output-layer"]
def output_layer_gradients(w, b, a_prev, y):
    """z = w·a_prev + b，a = σ(z)，C0 = (a − y)² 时的 (∂C0/∂w, ∂C0/∂b, ∂C0/∂a_prev)。"""
    raise NotImplementedError("轮到你了")


# %%
from exercises.nb02 import check_chain_gradients, check_output_layer

check_output_layer(output_layer_gradients)

# %% [markdown]
# **练习 2 —— 整条链，任意激活函数。** 3Blue1Brown 用 $\sigma$ 表示“sigmoid 或 ReLU”。写出 `chain_gradients(ws, bs, x, y, act, act_prime)`：从 $a^{(0)} = x$ 出发做前向计算 $a^{(l)} = \text{act}(w^{(l)}a^{(l-1)} + b^{(l)})$（`ws[0]` 是 $w^{(1)}$），再用 `act_prime` 代替 $\sigma'$，亲手做第 3 节的反向递推（检验会用引擎来对照）；返回列表 $[\partial C_0/\partial w^{(1)}, \dots, \partial C_0/\partial w^{(L)}]$。检验会分别用 sigmoid *和* ReLU 运行它，其中一条 ReLU 链上有一个神经元的 $z$ 为负，它什么也传不回去。


# %% tags=["exercise:chain-gradients"]
def chain_gradients(ws, bs, x, y, act, act_prime):
    """每层一个神经元的链，C0 = (a^(L) − y)² 时的 [∂C0/∂w^(1), …, ∂C0/∂w^(L)]。"""
    raise NotImplementedError("轮到你了")


# %%
check_chain_gradients(chain_gradients)
