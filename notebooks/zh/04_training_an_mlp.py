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
# # 4 · 训练一个多层感知机（MLP）
#
# 3Blue1Brown 的《深度学习》系列（从第 1 集“But what is a neural network?”，B 站中文版《深度学习之神经网络的结构》，到第 4 集“Backpropagation calculus”，《深度学习之反向传播算法 下》）搭了一个手写数字识别器：输入是 784 个像素，两个隐层各有 16 个 sigmoid 神经元，输出 10 个，每个数字一个。它的权重和偏置一共是 13,002 个数。把它们看成 13,002 维空间里一个点的坐标，把代价 $C$ 看成这一点处地面的高度：训练就是往山下走。负梯度 $-\nabla C$ 指出哪个方向下坡最陡，而反向传播（笔记本 1 到 3）只用一次反向遍历就算出它全部 13,002 个分量。
#
# 本笔记本就来走这段下山路。我们在两个数据集上比较**全批量梯度下降**（每一步都看全部训练样本）和**小批量随机梯度下降**（每一步只看随机抽出的一小批样本）：一个是二维的“双月”（moons）数据，另一个是真实的 8×8 手写数字，用 64-16-16-10 的网络来识别；最后再看看代价函数这片“地形”本身的一个切片。和其他笔记本一样，每个公式都用 `assert` 与引擎的结果对照。

# %%
import itertools
import math

import matplotlib.pyplot as plt
import numpy as np

import nn

# %% tags=["zh-only"]
# 图中的中文用 Noto Sans SC：随 notebooks 依赖从 PyPI 安装，不需要系统字体
from cjk_font import use_chinese_font

use_chinese_font()

# %% [markdown]
# ## 1. 数一数参数：13,002 是怎么来的
#
# （3Blue1Brown，第 1 集。）
#
# 一层有 $n_\text{in}$ 个输入和 $n_\text{out}$ 个神经元，每个神经元有 $n_\text{in}$ 个权重和一个偏置，所以这一层有 $(n_\text{in} + 1)\,n_\text{out}$ 个参数。对所有层 $l$ 求和，参数个数为
#
# $$P = \sum_{l} (n_\text{in} + 1)\, n_\text{out},
# \qquad 785\cdot16 + 17\cdot16 + 17\cdot10 = 13{,}002 .$$
#
# scikit-learn 自带的 8×8 数字图像只有 64 个像素，而不是 784 个，所以同样形状的网络 64-16-16-10 要小得多：$65\cdot16 + 17\cdot16 + 17\cdot10 = 1{,}482$。


# %%
def count_by_formula(sizes):
    # 对每一对相邻的层大小求和：Σ (n_in + 1)·n_out。
    return sum((n_in + 1) * n_out for n_in, n_out in itertools.pairwise(sizes))


for sizes in ([784, 16, 16, 10], [64, 16, 16, 10]):
    net = nn.MLP(sizes[0], sizes[1:], activation="sigmoid", output_activation="sigmoid")
    terms = " + ".join(f"{n_in + 1}·{n_out}" for n_in, n_out in itertools.pairwise(sizes))
    name = "-".join(map(str, sizes))
    by_formula, by_engine = count_by_formula(sizes), net.num_parameters()
    print(f"{name:>14}: {terms} = {by_formula:,}   引擎：{by_engine:,}")
    assert by_engine == by_formula

assert count_by_formula([784, 16, 16, 10]) == 13_002
assert count_by_formula([64, 16, 16, 10]) == 1_482

# %% [markdown]
# ## 2. 每个参数对应梯度的一个分量
#
# （3Blue1Brown，第 4 集“Backpropagation calculus”，B 站中文版《深度学习之反向传播算法 下》。）
#
# $\nabla C$ 列出了每个权重和偏置 $p$ 的 $\partial C/\partial p$。对一个样本、有多个输出神经元 $j$ 时，代价是 $C_0 = \sum_j \big(a^{(L)}_j - y_j\big)^2$；输出层的各个分量就是笔记本 2 里那三个因子的乘积，只是多了一个下标：
#
# $$\frac{\partial C_0}{\partial b^{(L)}_j}
#   = \sigma'\big(z^{(L)}_j\big)\,2\big(a^{(L)}_j - y_j\big),
# \qquad
# \frac{\partial C_0}{\partial w^{(L)}_{jk}}
#   = a^{(L-1)}_k\,\sigma'\big(z^{(L)}_j\big)\,2\big(a^{(L)}_j - y_j\big),$$
#
# 其中 $\sigma'(z) = \sigma(z)(1-\sigma(z)) = a(1-a)$。下面让完整的 784-16-16-10 网络看一张随机的“图像”，它应当让输出 3 亮起来；一次 `backward()` 就填好 13,002 个偏导数，再拿输出层的 170 个与公式对照。

# %%
big = nn.MLP(784, [16, 16, 10], activation="sigmoid", output_activation="sigmoid", seed=0)
image = np.random.default_rng(0).uniform(0, 1, size=784)  # 代替 28×28 个像素
digit = 3  # 目标 y 是 e₃：输出 3 为 1，其余九个为 0

C0 = nn.squared_error([big(image)], [digit])  # 这一个样本的 Σⱼ (aⱼ − yⱼ)²
big.zero_grad()
C0.backward()
gradient = np.array([p.grad for p in big.parameters()])
print(f"C0 = {C0.data:.4f}；∇C0 有 {gradient.size:,} 个分量")
assert gradient.size == 13_002

# 再逐层做一遍前向计算，把 a^(L-1) 和 a^(L) 存成普通的浮点数。
a1 = [v.data for v in big.layers[0](image.tolist())]
a2 = [v.data for v in big.layers[1](a1)]
aL = np.array([v.data for v in big.layers[2](a2)])
y = np.eye(10)[digit]
assert math.isclose(C0.data, np.sum((aL - y) ** 2), rel_tol=1e-12)  # C0 = Σⱼ (aⱼ − yⱼ)²，手算

dC_dz = aL * (1 - aL) * 2 * (aL - y)  # σ'(z_j)·2(a_j − y_j)
dC_db = dC_dz
dC_dw = np.outer(dC_dz, a2)  # 第 j 行第 k 列：a_k^(L-1)·σ'(z_j)·2(a_j − y_j)

output = big.layers[2].neurons
assert np.allclose([neuron.b.grad for neuron in output], dC_db, rtol=1e-12, atol=1e-15)
assert np.allclose([[w.grad for w in neuron.w] for neuron in output], dC_dw, rtol=1e-12, atol=1e-15)
# 上面对照的是输出层的 170 个参数：10 个偏置和 10 × 16 个权重
assert len(big.layers[2].parameters()) == dC_db.size + dC_dw.size == 10 * (16 + 1) == 170
print("按公式算出的 ∂C0/∂b^(L) =", np.round(dC_db, 4))

# %% [markdown]
# 再往前一层，第 $L-1$ 层的神经元 $k$ 通过*每一个*输出 $j$ 影响代价，所以它的导数要对所有输出求和（3Blue1Brown 第 4 集正是以这个公式收尾）：
#
# $$\frac{\partial C_0}{\partial a^{(L-1)}_k}
#   = \sum_{j=0}^{9} w^{(L)}_{jk}\,\sigma'\big(z^{(L)}_j\big)\,2\big(a^{(L)}_j - y_j\big).$$
#
# 写成向量形式，记输出层的*误差项*为 $\delta^{(L)}$（笔记本 3 也这样叫它；代码里的 `dC_dz`）：
#
# $$\delta^{(L)} = \frac{\partial C_0}{\partial z^{(L)}}
#   = \sigma'\big(z^{(L)}\big)\odot 2\big(a^{(L)} - y\big),$$
#
# 于是
#
# $$\frac{\partial C_0}{\partial W^{(L)}} = \delta^{(L)}\big(a^{(L-1)}\big)^\top,\qquad
#   \frac{\partial C_0}{\partial a^{(L-1)}} = \big(W^{(L)}\big)^\top\delta^{(L)}:$$
#
# 前一个式子就是上面的外积，后一个就是对 $j$ 的求和，也是 $\delta$ 递推的第一步。这里和 3Blue1Brown 一样，$w^{(L)}_{jk}$ 是*进入*第 $L$ 层的权重。笔记本 3（第 6 节）沿用 UFLDL 的记号，那里的 $W^{(l)}$ 是*离开*第 $l$ 层的权重——但 UFLDL 把输入层记作第 1 层而不是第 0 层，每一层的编号都大 1，两处差别正好抵消：同一个矩阵在两边的上标相同（这里的 $W^{(L)}$ 在那里也是 $W^{(L)}$，它离开 UFLDL 的第 $L$ 层，即最后一个隐层）。权重和偏置的编号不变；激活值、$z$ 和 $\delta$ 的编号都加 1：这里的 $a^{(L-1)}$ 在那里是 $a^{(N-1)}$，输出层是第 $N = L + 1$ 层。但有一处差别不会因为换编号而消失：笔记本 3 的代价带 ½，$J_k = \tfrac12\lVert a^{(N)} - y\rVert^2$，这里的 $C_0$ 不带，所以对同一个网络、同一个样本，这里的 $\delta^{(L)} = \sigma'(z^{(L)})\odot 2(a^{(L)} - y)$ 是笔记本 3 的 $\delta^{(N)} = (a^{(N)} - y)\odot f'(z^{(N)})$ 的*两倍*。
#
# 把前向计算逐层拆开、留住那 16 个中间节点 $a^{(L-1)}_k$；反向传播之后，引擎就把 $\partial C_0/\partial a^{(L-1)}_k$ 存在它们的 `.grad` 里。接着，这个单元格再把笔记本 3 带 ½ 的代价交给引擎，从输出层的 $z$ 节点上读出 $\delta^{(N)}$：正好是 `dC_dz` 的一半。

# %%
a1_nodes = big.layers[0](image.tolist())
a2_nodes = big.layers[1](a1_nodes)  # a^(L-1)，每个神经元 k 一个 Value
C0_again = nn.squared_error([big.layers[2](a2_nodes)], [digit])
big.zero_grad()
C0_again.backward()

W_L = np.array([[w.data for w in neuron.w] for neuron in output])  # w_jk，形状 (10, 16)
n_out, n_prev = W_L.shape  # 10 个输出 j，第 L-1 层 16 个神经元 k
assert len(a2_nodes) == n_prev == 16 and n_out == len(dC_dz) == 10  # 正文说的 16 个节点
dC_da_prev = [sum(W_L[j, k] * dC_dz[j] for j in range(n_out)) for k in range(n_prev)]
assert np.allclose([a.grad for a in a2_nodes], dC_da_prev, rtol=1e-12, atol=1e-15)
# (W^(L))ᵀδ^(L)
assert np.allclose([a.grad for a in a2_nodes], W_L.T @ dC_dz, rtol=1e-12, atol=1e-15)
print("按公式算出的 ∂C0/∂a^(L-1) =", np.round(dC_da_prev[:4], 5), "…")

# 在同一个输出层上用笔记本 3 的 J_k = ½ Σⱼ (aⱼ − yⱼ)²：它的 δ^(N) 是 δ^(L) 的一半。
from autograd_mini import Value, vsum

# z^(L) = W^(L) a^(L-1) + b
z_out = W_L @ np.array(a2) + np.array([neuron.b.data for neuron in output])
assert np.allclose(1 / (1 + np.exp(-z_out)), aL, rtol=1e-12)
z_nodes = [Value(float(t)) for t in z_out]
(0.5 * vsum([(z.sigmoid() - float(t)) ** 2 for z, t in zip(z_nodes, y, strict=True)])).backward()
delta_N = (aL - y) * aL * (1 - aL)  # 笔记本 3 的 δ^(N) = (a − y) ⊙ f′(z)，手算
assert np.allclose([z.grad for z in z_nodes], delta_N, rtol=1e-12, atol=1e-15)
assert np.allclose(dC_dz, 2 * delta_N, rtol=1e-12, atol=1e-15)  # 这里的 δ^(L) = 那里的 2 δ^(N)

# %% [markdown]
# ### 为什么要反向传播：没有它，一个梯度要花多少力气
#
# 李宏毅《机器学习》课程“反向传播（Backpropagation）”一讲（台湾大学 2016 年秋季的课程；YouTube 上的录像题为 *ML Lecture 7: Backpropagation*，B 站有转载）开门见山就提出这个问题：一个网络有上百万个参数，而梯度下降需要其中每一个的 $\partial C/\partial p$。不用链式法则，最直接的办法是对每个参数做一次中心差分——把 $p$ 加减 $h$，让网络前向运行两次：一个梯度就要 $2 \times 13{,}002 = 26{,}004$ 次前向计算。反向传播只用**一次**前向、**一次**反向就得到全部 13,002 个分量。把 13,002 个有限差分全部算一遍要等上好一阵子，所以下面这个单元格只给其中一部分计时（每隔 325 个参数取一个，每个前向计算两次），再外推到全部参数；这一部分算出的数值也必须与引擎的梯度一致。

# %%
import time

from autograd_mini import no_grad

params_big = big.parameters()


def forward_cost():
    with no_grad():  # 普通的前向计算，不记录计算图
        return nn.squared_error([big(image)], [digit]).data


def median_seconds(work, repeat=3):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        work()
        times.append(time.perf_counter() - t0)
    return float(np.median(times))


def one_backward_pass():
    big.zero_grad()
    nn.squared_error([big(image)], [digit]).backward()  # 前向 + 反向


t_backprop = median_seconds(one_backward_pass)
engine_gradient = np.array([p.grad for p in params_big])

h = 1e-5
sample = params_big[::325]  # 13,002 个参数中的 41 个
t0 = time.perf_counter()
central = []
for p in sample:
    original = p.data
    p.data = original + h
    up = forward_cost()
    p.data = original - h
    down = forward_cost()
    p.data = original
    central.append((up - down) / (2 * h))
t_per_pass = (time.perf_counter() - t0) / (2 * len(sample))
assert np.allclose(central, engine_gradient[::325], rtol=1e-4, atol=1e-9)

n_passes = 2 * len(params_big)  # 每个参数两次前向计算
assert n_passes == 2 * 13_002 == 26_004 and len(sample) == 41  # 2 × 13,002；每隔 325 个取一个
t_finite = t_per_pass * n_passes  # 外推到全部参数
per_pass = f"{t_per_pass * 1e3:.2f} ms"
print(f"有限差分：{n_passes:,} 次前向计算 × {per_pass} ≈ {t_finite:.0f} s")
print(f"反向传播：一次前向 + 一次反向 = {t_backprop * 1e3:.1f} ms")
print(f"反向传播便宜约 {t_finite / t_backprop:,.0f} 倍")
# 实际是几千倍到上万倍，因机器而异；机器忙时也要成立，所以界放得宽一些
assert t_finite > 100 * t_backprop

# %% [markdown]
# ## 3. 手算一步小批量 SGD
#
# （3Blue1Brown，第 3 集“What is backpropagation really doing?”，B 站中文版《深度学习之反向传播算法 上》，讲小批量的部分。）
#
# 对 $m$ 个训练样本，代价取平均 $C = \frac1m\sum_{i} C_i$；求导是线性运算，所以它的梯度就是各个样本梯度的平均。从这里起，$i$ 是样本的编号：$C_i$ 是第 $i$ 个样本的代价，属于第 $i$ 个样本的量在后面带 $[i]$（即笔记本 3 的 $[k]$），例如 $y[i]$ 是它的目标；第 2 节的下标 $j, k$ 编号的是神经元。全批量**梯度下降**要对全部 $m$ 个样本各做完一次前向和反向计算，才迈出一步
#
# $$W \leftarrow W - \eta\,\frac{\partial C}{\partial W}$$
#
# （$\eta$ 为学习率。）**小批量 SGD**（随机梯度下降）先把样本打乱，切成每批 $B$ 个（$B$ 是批大小：另用一个字母，因为 $m$ 仍表示训练样本数），每处理完一批就用这一批的代价走一步：
#
# $$C_\text{batch} = \frac1B\sum_{i=1}^{B} C_i,\qquad
#   \frac{\partial C_\text{batch}}{\partial W}
#   = \frac1B\sum_{i=1}^{B}\frac{\partial C_i}{\partial W}.$$
#
# 它的梯度是完整梯度的一个带噪声的估计，但只需计算 $B$ 个样本，而不是 $m$ 个。（李宏毅的课上把各样本的代价相加而不是取平均：$L = \sum_i C_i$（他把第 $i$ 个样本的代价 $C_i$ 写作 $C^n$；本笔记本的 $n_\text{in}$、$n_\text{out}$ 则是第 1 节的层宽，所以这里写 $C_i$）；这只是把梯度乘上样本数，相当于换了一个 $\eta$——笔记本 2 验证过总损失的梯度就是各样本梯度之和。和那里一样，这里的 $L$ 是总损失，与输出层的层号 $L$ 无关。）
#
# 下面在一个 2-16-16-1 网络和 $B = 8$ 个点的一批上检验这几点：这一批的梯度 $g = \partial C_\text{batch}/\partial W$（代码里的 `g`）等于八个单样本梯度的平均；求和代价的梯度是 $B\,g$；`nn.SGD` 把每个参数恰好移动 $-\eta\,g$。

# %%
X_moons, y_moons = nn.data.moons(200, noise=0.15, seed=0)


def moons_net():
    # 隐层用 tanh；输出用 sigmoid，读作“属于类别 1 的概率”
    return nn.MLP(2, [16, 16, 1], activation="tanh", output_activation="sigmoid", seed=0)


net = moons_net()
params = net.parameters()
B = 8
X_batch, y_batch = X_moons[:B], y_moons[:B].tolist()


def gradient_of(cost):
    net.zero_grad()
    cost.backward()
    return np.array([p.grad for p in params])


def batch_cost():
    return nn.squared_error([net(x) for x in X_batch], y_batch)  # (1/B) Σᵢ Cᵢ


per_example = [
    gradient_of(nn.squared_error([net(x)], [t])) for x, t in zip(X_batch, y_batch, strict=True)
]
summed = vsum([nn.squared_error([net(x)], [t]) for x, t in zip(X_batch, y_batch, strict=True)])
g_summed = gradient_of(summed)
C_before = batch_cost()
g = gradient_of(C_before)
assert np.allclose(g, np.mean(per_example, axis=0), rtol=1e-12, atol=1e-15)
# 李宏毅的求和代价 Σᵢ Cᵢ：它的梯度是平均代价梯度的 B 倍，手算即 B·g。
assert np.allclose(g_summed, B * g, rtol=1e-12, atol=1e-15)

eta = 0.5
W = np.array([p.data for p in params])
nn.SGD(params, lr=eta).step()  # 库的更新……
W_new = np.array([p.data for p in params])
assert np.allclose(W_new, W - eta * g, rtol=1e-15, atol=0)  # ……正是 W − η·∂C/∂W
C_after = batch_cost().data
print(f"{len(params)} 个参数；走一步后，这一批的代价 {C_before.data:.5f} → {C_after:.5f}")
assert C_after < C_before.data

# %% [markdown]
# 训练循环里常见的一个失误：对更新*之前*算出的代价调用 `backward()`。`C_before` 的计算图里存的是旧权重处的局部导数，所以它给出的是 $W$ 处的梯度，而不是 $W - \eta\,g$ 处的——于是一次次朝同一个方向走。引擎会拒绝，并指出一个此后被改过的权重：`nn` 的权重没有标签，所以报错给出的是它的新值（报错里写作“unlabelled node”，即“没有标签的节点”）；解决办法是重新做一遍前向计算。下面打印的报错是英文的，大意是：“某个叶子节点在结果算出之后被赋了新值（手动改的，或优化器的一步改的），图里存的导数属于它的旧值；请用新值重新计算结果（重新做一遍前向计算——包括循环之前就算好的项，比如惩罚项），再调用 `backward()`。”

# %%
import textwrap

from autograd_mini import StaleGraph

try:
    C_before.backward()
    raise AssertionError("对更新之前算出的代价求了导")
except StaleGraph as error:
    print(textwrap.fill(str(error), 78))
    assert error.node in params  # 报出的叶子正是刚更新过的某个权重
    # 它没有标签，所以报错给出的是它的新值
    assert error.node.label == "" and f"value {error.node.data!r}" in str(error)
net.zero_grad()
batch_cost().backward()  # 在新的权重处重新计算：没问题


# %% [markdown]
# 为什么逆着梯度走一步会有用：学习率 $\eta$ 很小时，在一阶近似下，$C(W - \eta\, g) \approx C(W) - \eta\, g\cdot g = C(W) - \eta\,\lVert g\rVert^2$。步子很小时，实测的下降量与这个预测非常接近——这也说明引擎算出的 $g$ 就是真正的斜率，而不只是随便某个下坡方向。


# %%
def set_params(values):
    for p, v in zip(params, values, strict=True):
        p.data = float(v)


for small_eta in (1e-3, 1e-5):
    set_params(W - small_eta * g)
    drop = C_before.data - batch_cost().data
    predicted = small_eta * g @ g
    print(f"η = {small_eta:.0e}：代价下降 {drop:.6e}，一阶预测 {predicted:.6e}")
assert math.isclose(drop, predicted, rel_tol=1e-3)
set_params(W)

# %% [markdown]
# ### 加上 L2 项：权重衰减
#
# 笔记本 3（第 6 节）在代价里加上了对各权重求和的 $\frac{\lambda}{2}\sum W^2$。它的梯度是 $\lambda W$，所以一步更新变成
#
# $$W \leftarrow W - \eta\Big(\frac{\partial C}{\partial W} + \lambda W\Big)
#   = (1 - \eta\lambda)\,W - \eta\,\frac{\partial C}{\partial W}:$$
#
# 每一步先把每个权重缩小为原来的 $1 - \eta\lambda$ 倍——“权重衰减”的名字就是这么来的——再像原来那样移动。偏置不受惩罚。下面由引擎对“这一批的代价 + `nn.l2_penalty`”求导，由 `nn.SGD` 走一步，再与只用代价本身的梯度 $g$（上面那个 $g$）手算出的 $(1 - \eta\lambda)W - \eta g$ 对照。`nn.fit(..., l2=λ)` 就是这样训练的。

# %%
lam = 0.01
weight_ids = {id(w) for w in net.weights()}
is_weight = np.array([id(p) in weight_ids for p in params])
C_l2 = batch_cost() + nn.l2_penalty(net.weights(), lam)  # C + λ/2·ΣW²
net.zero_grad()
C_l2.backward()
nn.SGD(params, lr=eta).step()
by_hand = np.where(is_weight, (1 - eta * lam) * W - eta * g, W - eta * g)
assert np.allclose([p.data for p in params], by_hand, rtol=1e-14, atol=1e-15)
print(f"{is_weight.sum()} 个权重乘上了 1 − ηλ = {1 - eta * lam:g}，{(~is_weight).sum()} 个偏置没有")
set_params(W)

# %% [markdown]
# ## 4. 双月数据：全批量梯度下降与小批量 SGD
#
# 同一个网络的两个副本（随机种子相同，所以初始权重也相同）训练同样多的轮数——一轮（epoch）就是把 200 个点过一遍，所以两者的计算量相同。全批量梯度下降每轮走**一**步；$B = 10$ 的 SGD 每轮走**二十**步，每一步依据的梯度估计都更粗糙。
#
# 为了让笔记本跑得快，`nn.fit(..., compiled=True)` 把一个样本的计算图记录一次，再用 numpy 在每一批上重放：算的是与逐个样本建图同样的算式，只是更快。第 7 节会说明两者在舍入误差范围内一致。

# %%
epochs = 40
gd_net, sgd_net = moons_net(), moons_net()
histories = {}
for name, model, batch_size in [("全批量", gd_net, None), ("小批量 B = 10", sgd_net, 10)]:
    histories[name] = nn.fit(
        model,
        X_moons,
        y_moons,
        loss="squared_error",
        optimizer=nn.SGD(model.parameters(), lr=1.0),
        epochs=epochs,
        batch_size=batch_size,
        seed=0,
        progress=False,
        compiled=True,
    )
    h = histories[name]
    print(f"{name:>17}：最终代价 {h.loss[-1]:.4f}（{h.seconds * 1000:,.0f} ms）")

steps_per_epoch = {"全批量": 1, "小批量 B = 10": math.ceil(len(y_moons) / 10)}
assert steps_per_epoch["小批量 B = 10"] == 200 // 10  # 步数是二十倍
# 100 dpi 下宽 7.2 英寸：在 1,000 px 的窗口里，图放得进正文栏而不被缩小，字就按画出来的
# 大小显示（原来 11 英寸宽的图被缩小，字只有 8–10 px）。
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(7.2, 3.4), layout="constrained")
for name, h in histories.items():
    ax1.plot(range(1, epochs + 1), h.loss, label=name)
    steps = np.arange(1, epochs + 1) * steps_per_epoch[name]
    ax2.plot(steps, h.loss, label=name)
ax1.set_xlabel("轮数（epoch，两者计算量相同）")
ax2.set_xlabel("参数更新次数")
ax2.set_xscale("log")
costs = np.concatenate([h.loss for h in histories.values()])
# 纵轴两端取 10 的整数次幂：最低的代价之下、最高的代价之上各有一个标了数的刻度
decades = [10.0 ** math.floor(math.log10(costs.min())), 10.0 ** math.ceil(math.log10(costs.max()))]
for ax in (ax1, ax2):
    ax.set_ylabel("训练代价 C")
    ax.set_yscale("log")
    ax.set_ylim(*decades)
fig.legend(*ax1.get_legend_handles_labels(), loc="outside upper center", ncols=2)
plt.show()

# 用这些随机种子：SGD 的最终代价不到全批量的五分之一（两条曲线的最后一点；
# 下面的 assert 保证这句话属实）。
assert histories["小批量 B = 10"].loss[-1] < histories["全批量"].loss[-1] / 5
# 按更新次数算则反过来：到各自的第 40 步，全批量（第 40 轮）的代价
# 低于 SGD（第 2 轮：它第 21–40 步的平均代价）。
sgd_epoch = epochs // steps_per_epoch["小批量 B = 10"]  # SGD 走完第 40 步的那一轮
assert histories["全批量"].loss[-1] < histories["小批量 B = 10"].loss[sgd_epoch - 1]
# 到各自的第 20 步也一样：全批量的第 20 轮低于 SGD 的第 1 轮（第 1–20 步）。
twentieth = steps_per_epoch["小批量 B = 10"]  # SGD 第 1 轮的 20 步
gd_loss, sgd_loss = (h.loss for h in histories.values())  # 先全批量，后 SGD
assert gd_loss[twentieth - 1] < sgd_loss[0]

# %% [markdown]
# 按轮数看，SGD 遥遥领先：它走的步数是全批量的二十倍。按*更新次数*看（右图），同样的更新次数下，全批量梯度下降的代价更低——它每一步都沿着真实的梯度——可它的每一步都要花二十倍的计算。3Blue1Brown 把 SGD 比作一个醉汉跌跌撞撞、却很快地走下山，而不是一个小心翼翼、慢慢挪步的人。
#
# **两种准确率。** `History.accuracy` 是在训练*过程中*打的分：每一批在计算梯度的那次前向计算里打分，也就是在更新*之前*；一轮的数字是这一轮里打对的样本占全部样本的比例，每个样本在它所在的那一批里打分（不是各批准确率的平均：最后一批较小时，两者可能不同）。训练好的网络的准确率是另一个数：在最后一次更新之后给每个点打分（用 `nn.evaluate`，或者用 `nn.predict` 再自己数）。下面这个单元格把两者都打印出来；图上显示的是后者。
#
# 决策边界就是网络输出穿过 ½ 的地方。`nn.predict` 在一片网格点上运行训练好的网络（不记录任何计算图）。

# %%
xx, yy = np.meshgrid(np.linspace(-1.6, 2.6, 56), np.linspace(-1.1, 1.6, 40))
grid = np.column_stack([xx.ravel(), yy.ravel()])

fig, axes = plt.subplots(1, 2, figsize=(7.2, 3.3), sharey=True, layout="constrained")
trained = [("全批量", gd_net), ("小批量 B = 10", sgd_net)]
for ax, (name, model) in zip(axes, trained, strict=True):
    prob = nn.predict(model, grid)[:, 0].reshape(xx.shape)
    ax.contourf(xx, yy, prob, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.35)
    ax.contour(xx, yy, prob, levels=[0.5], colors="k", linewidths=1.5)
    # 由 predict 算出的准确率（输出 > ½）与 nn.evaluate 报告的是同一个数。
    predicted = nn.predict(model, X_moons)[:, 0] > 0.5
    acc = np.mean(predicted == (y_moons == 1))
    assert acc == nn.evaluate(model, X_moons, y_moons, "squared_error")[1]
    during = histories[name].accuracy[-1]
    print(f"{name:>17}：最后一轮训练中的准确率 {during:.1%}，训练后 {acc:.1%}")

    for label, colour, marker in [(0, "tab:blue", "o"), (1, "tab:orange", "^")]:
        mine = y_moons == label
        ax.scatter(
            *X_moons[mine].T,
            c=colour,
            marker=marker,
            edgecolors="k",
            linewidths=0.4,
            s=16,
            label=f"类别 {label}",
        )
    wrong = predicted != (y_moons == 1)
    ax.scatter(
        *X_moons[wrong].T,
        s=80,
        facecolors="none",
        edgecolors="red",
        linewidths=1.3,
        label="分错的点",
    )
    ax.plot([], [], "k-", label="边界：输出 = ½")  # 给等高线配一个图例条目
    ax.set_title(f"{name}：分错 {wrong.sum()} 个点\n训练后准确率 {acc:.1%}")
    ax.set_xlabel("x₁")
    ax.set_aspect("equal")
axes[0].set_ylabel("x₂")
# 两幅图共用一个图例，放在下方：放在图里会压住决策边界。
fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncols=4)
plt.show()

# 下限定得比这些随机种子的实测值低（实测值见上面两幅图的标题）。
assert nn.evaluate(gd_net, X_moons, y_moons, "squared_error")[1] >= 0.90
assert nn.evaluate(sgd_net, X_moons, y_moons, "squared_error")[1] >= 0.95


def one_epoch(model, lr, batch_size):
    """在“双月”数据上用 nn.fit 训练一轮（学习率为 lr 的 SGD），返回它的 History。"""
    return nn.fit(
        model,
        X_moons,
        y_moons,
        loss="squared_error",
        optimizer=nn.SGD(model.parameters(), lr=lr),
        epochs=1,
        batch_size=batch_size,
        seed=0,
        progress=False,
        compiled=True,
    )


# 一轮的训练准确率是这一轮打对的样本占全部样本的比例，各批大小不同时也是（B = 30：六批 30 个，
# 一批 20 个）：学习率为 0 时权重不动，它就是 nn.evaluate 在这些权重上给出的准确率。
assert len(y_moons) == 6 * 30 + 20  # 所以 B = 30 时最后一批确实较小
still = one_epoch(gd_net, lr=0.0, batch_size=30)
assert math.isclose(
    still.accuracy[0], nn.evaluate(gd_net, X_moons, y_moons, "squared_error")[1], rel_tol=1e-12
)


# 在更新之前打分：全批量的一轮只走一步，这一轮的准确率属于这一步出发时的权重（用 state_dict
# 存下，再自己打分），而不属于走完这一步后的权重（这个随机种子下这一步改变了准确率，两者不同）。
def accuracy_by_hand(model):
    """以 ½ 为界，模型在“双月”数据上分对的点所占的比例。"""
    return np.mean((nn.predict(model, X_moons)[:, 0] > 0.5) == (y_moons == 1))


fresh = moons_net()
saved = fresh.state_dict()
one_step = one_epoch(fresh, lr=1.0, batch_size=None)
at_start = moons_net()
at_start.load_state_dict(saved)
print(f"one_step.accuracy[0] = {one_step.accuracy[0]:.1%}")
print(f"这一步之前 {accuracy_by_hand(at_start):.1%}，之后 {accuracy_by_hand(fresh):.1%}")
assert math.isclose(one_step.accuracy[0], accuracy_by_hand(at_start), rel_tol=1e-12)
assert accuracy_by_hand(at_start) != accuracy_by_hand(fresh)

# %% [markdown]
# ## 5. 用 64-16-16-10 网络识别手写数字
#
# 这回用真实数据，只是缩小了：1,797 张 8×8 像素的手写数字（scikit-learn 自带的那一份，像素值缩放到 $[0, 1]$），80 % 用来训练，留出 20 % 用来测试。网络照 3Blue1Brown 的设计——所有神经元都用 sigmoid，代价是与独热（one-hot）目标之间的平方误差 $C_0 = \sum_j (a^{(L)}_j - y_j)^2$，最亮的那个输出就是预测的数字。

# %% mystnb={"image": {"alt": "\u8bad\u7ec3\u96c6\u7684\u524d\u5341\u5f20\u56fe\u50cf\uff1a8\u00d78 \u50cf\u7d20\u7684\u7070\u5ea6\u624b\u5199\u6570\u5b57\uff0c\u4e0a\u65b9\u662f\u5404\u81ea\u7684\u6807\u7b7e\u3002"}}
X_digits, y_digits = nn.data.digits()
X_train, X_test, y_train, y_test = nn.data.train_test_split(
    X_digits, y_digits, test_size=0.2, seed=0
)
print(f"训练图像 {len(y_train)} 张，测试图像 {len(y_test)} 张，每张 {X_digits.shape[1]} 个像素")
assert X_digits.shape == (1797, 64)
assert X_digits.min() >= 0 and X_digits.max() <= 1

fig, axes = plt.subplots(1, 10, figsize=(10, 1.4))
for ax, pixels, label in zip(axes, X_train[:10], y_train[:10], strict=True):
    ax.imshow(pixels.reshape(8, 8), cmap="gray_r")
    ax.set_title(str(label))
    ax.axis("off")
plt.show()


# %% [markdown]
# 又是两个一模一样的网络，同样训练四轮：一个每轮只走一步全批量梯度下降，另一个用 $B = 10$ 的小批量（每轮 144 步）。学习率 $\eta = 3$ 取得很大，因为 sigmoid 输出配上平方误差，梯度很小。两者都用 `compiled=True` 训练（第 7 节会验证它与逐个样本建图算出的数相同）。


# %%
def digits_net():
    return nn.MLP(64, [16, 16, 10], activation="sigmoid", output_activation="sigmoid", seed=0)


digit_epochs = 4
runs = {}
for name, batch_size in [("全批量", None), ("小批量 B = 10", 10)]:
    model = digits_net()
    history = nn.fit(
        model,
        X_train,
        y_train,
        loss="squared_error",
        optimizer=nn.SGD(model.parameters(), lr=3.0),
        epochs=digit_epochs,
        batch_size=batch_size,
        seed=0,
        progress=False,
        validation=(X_test, y_test),
        compiled=True,
    )
    runs[name] = (model, history)
    print(
        f"{name:>17}：代价 {history.loss[-1]:.3f}，"
        f"测试准确率 {history.val_accuracy[-1]:.1%}（{history.seconds * 1000:,.0f} ms）"
    )

# B = 10 把 1,438 张训练图像分成 144 批：每轮 144 步，共 576 步。
assert len(y_train) == 1438 and math.ceil(len(y_train) / 10) == 144
assert digit_epochs * 144 == 576

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(7.2, 3.4), layout="constrained")
for name, (_, history) in runs.items():
    ax1.plot(range(1, digit_epochs + 1), history.loss, "o-", label=name)
    ax2.plot(range(1, digit_epochs + 1), history.val_accuracy, "o-", label=name)
ax1.set_ylabel("训练代价 C")
ax2.set_ylabel("测试准确率")
ax2.axhline(0.1, color="grey", ls=":", label="瞎猜（10 %）")
for ax in (ax1, ax2):
    ax.set_xlabel("轮数（epoch）")
    ax.set_xticks(range(1, digit_epochs + 1))
fig.legend(*ax2.get_legend_handles_labels(), loc="outside upper center", ncols=3)
plt.show()

# %% [markdown]
# 四步全批量梯度下降之后，网络仍然和瞎猜差不多；576 步小批量 SGD 之后，它已经能认出大部分测试数字。下面从原始输出重新计算准确率（先 `nn.predict`，再取十个输出中最亮的那个），结果必须与 `nn.evaluate` 报告的一致。

# %%
sgd_digits, sgd_history = runs["小批量 B = 10"]
outputs = nn.predict(sgd_digits, X_test)  # 形状 (359, 10)
predicted = outputs.argmax(axis=1)
test_accuracy = np.mean(predicted == y_test)
n_wrong = np.sum(predicted != y_test)
print(f"测试准确率 {test_accuracy:.1%}（错了 {n_wrong} 张，共 {len(y_test)} 张）")
assert test_accuracy == nn.evaluate(sgd_digits, X_test, y_test, "squared_error")[1]
assert test_accuracy == sgd_history.val_accuracy[-1]
# 用这些随机种子：高于 90 %（见上面打印的结果）；全批量的那一份停在瞎猜的 10 % 附近。
assert test_accuracy >= 0.90
assert runs["全批量"][1].val_accuracy[-1] < 0.2

wrong = np.flatnonzero(predicted != y_test)[:8]
rows = math.ceil(len(wrong) / 4)
fig, axes = plt.subplots(rows, 4, figsize=(6, 2 * rows), layout="constrained", squeeze=False)
for ax in axes.flat:
    ax.axis("off")
for ax, k in zip(axes.flat[: len(wrong)], wrong, strict=True):
    ax.imshow(X_test[k].reshape(8, 8), cmap="gray_r")
    ax.set_title(f"{y_test[k]} → {predicted[k]}")
fig.suptitle("几个认错的例子：真实 → 预测")
plt.show()

# %% [markdown]
# ## 6. 代价函数是一片地形
#
# （3Blue1Brown，第 2 集“Gradient descent, how neural networks learn”，B 站中文版《深度学习之梯度下降法》。）
#
# 有 13,002 个坐标（这里是 337 个）的地形画不出来，但可以画它的一个切片：除两个参数外，其余全部固定，把 $C$ 画成这两个权重的函数。我们取未经训练的双月网络——训练正是从这里出发——变化的是 $u$（两个隐层之间的一个权重）和 $v$（进入输出神经元的一个权重）。
#
# 切片用另写的一段纯 numpy 前向计算来算（足够快，能在 41×41 的网格上求值）；首先，它在起点处算出的代价必须与引擎的一致。

# %%
start = moons_net()  # 与上面两次双月训练相同的初始权重
assert start.num_parameters() == count_by_formula([2, 16, 16, 1]) == 337  # 正文说的 337 个
Ws = [np.array([[w.data for w in neuron.w] for neuron in layer.neurons]) for layer in start.layers]
bs = [np.array([neuron.b.data for neuron in layer.neurons]) for layer in start.layers]
U = (1, 0, 0)  # start.layers[1]（列表下标，从 0 数起）：第二个隐层，即第 L−1 层
V = (2, 0, 0)  # start.layers[2]：输出层，即第 L 层；两者都取神经元 0、输入 0


def cost_numpy(u, v):
    # C = (1/m) Σᵢ (a^(L)[i] − y[i])²，其中权重 U 取 u、权重 V 取 v。
    W_ = [W.copy() for W in Ws]
    W_[U[0]][U[1], U[2]] = u
    W_[V[0]][V[1], V[2]] = v
    a = X_moons
    for layer, (W, b) in enumerate(zip(W_, bs, strict=True)):
        z = a @ W.T + b
        a = np.tanh(z) if layer < len(W_) - 1 else 1 / (1 + np.exp(-z))
    return np.mean((a[:, 0] - y_moons) ** 2)


u_param = start.layers[U[0]].neurons[U[1]].w[U[2]]
v_param = start.layers[V[0]].neurons[V[1]].w[V[2]]
u0, v0 = u_param.data, v_param.data

C = nn.squared_error([start(x) for x in X_moons], y_moons.tolist())
start.zero_grad()
C.backward()
grad_engine = np.array([u_param.grad, v_param.grad])
assert math.isclose(cost_numpy(u0, v0), C.data, rel_tol=1e-12)
print(f"起点处 C = {C.data:.6f}（引擎与 numpy 一致）")

# %% [markdown]
# 偏导数就是地形沿两条坐标轴方向的斜率，所以对 *numpy* 切片做中心差分，必须重现引擎算出的 $\big(\partial C/\partial u,\ \partial C/\partial v\big)$：
#
# $$\frac{\partial C}{\partial u} \approx \frac{C(u_0 + h, v_0) - C(u_0 - h, v_0)}{2h}.$$
#
# 还不止这些：沿*任意*方向 $d = (\cos\varphi, \sin\varphi)$ 的斜率是点积 $\nabla C\cdot d$。当 $d$ 指向 $-\nabla C$ 时，它最负，等于 $-\lVert\nabla C\rVert$——负梯度就是下坡最陡的方向。

# %%
h = 1e-5


def slope(phi):
    # 沿单位方向 d = (cos φ, sin φ) 的中心差分。
    du, dv = h * math.cos(phi), h * math.sin(phi)
    return (cost_numpy(u0 + du, v0 + dv) - cost_numpy(u0 - du, v0 - dv)) / (2 * h)


grad_numeric = np.array([slope(0.0), slope(math.pi / 2)])  # 沿 u、沿 v
print("引擎     ∇C =", grad_engine)
print("中心差分 ∇C =", grad_numeric)
assert np.allclose(grad_engine, grad_numeric, rtol=1e-6, atol=1e-10)

phis = np.radians(np.arange(0, 360, 1))
slopes = np.array([slope(phi) for phi in phis])
directions = np.array([np.cos(phis), np.sin(phis)])
assert np.allclose(slopes, grad_engine @ directions, rtol=1e-5, atol=1e-9)  # ∇C·d
steepest = phis[np.argmin(slopes)]  # 网格上下降最快的方向
downhill = math.atan2(-grad_engine[1], -grad_engine[0]) % (2 * math.pi)
gap = abs((steepest - downhill + math.pi) % (2 * math.pi) - math.pi)
print(
    f"下坡最陡的方向 φ = {math.degrees(steepest):.0f}°，−∇C 的方向：{math.degrees(downhill):.1f}°"
)
assert gap <= math.radians(0.5) + 1e-9  # 1° 网格的分辨率
assert math.isclose(slopes.min(), -np.linalg.norm(grad_engine), rel_tol=1e-4)

# %%
us = np.linspace(u0 - 4, u0 + 4, 41)
vs = np.linspace(v0 - 4, v0 + 4, 41)
landscape = np.array([[cost_numpy(u, v) for u in us] for v in vs])


def cost_and_gradient(u, v, rows):
    # 只改动 u 和 v 时，引擎算出的这一批的代价和 (∂C/∂u, ∂C/∂v)。
    u_param.data, v_param.data = u, v
    cost = nn.squared_error([start(x) for x in X_moons[rows]], y_moons[rows].tolist())
    start.zero_grad()
    cost.backward()
    return cost.data, np.array([u_param.grad, v_param.grad])


# 在切片上行走：只对 u 和 v 做全批量梯度下降和小批量 SGD（B = 2）。
everyone = np.arange(len(y_moons))
gd_path = [np.array([u0, v0])]
for _ in range(15):
    _, g_uv = cost_and_gradient(*gd_path[-1], everyone)
    gd_path.append(gd_path[-1] - 3.0 * g_uv)
sgd_path, order = [np.array([u0, v0])], np.random.default_rng(1).permutation(everyone)
batches = np.array_split(order[:160], 80)  # 80 步，每批 2 个样本
assert {len(batch) for batch in batches} == {2}  # 正文说的每步两个样本
for batch in batches:
    _, g_uv = cost_and_gradient(*sgd_path[-1], batch)
    sgd_path.append(sgd_path[-1] - 3.0 * g_uv)
gd_path, sgd_path = np.array(gd_path), np.array(sgd_path)
u_param.data, v_param.data = u0, v0  # 恢复初始权重

gd_costs = [cost_numpy(u, v) for u, v in gd_path]
gd_steps, sgd_steps = len(gd_path) - 1, len(sgd_path) - 1
print(
    f"全批量：C {gd_costs[0]:.4f} → {gd_costs[-1]:.4f}，用了 {gd_steps} 步；"
    f"SGD：→ {cost_numpy(*sgd_path[-1]):.4f}，用了 {sgd_steps} 步，每步 {len(batches[0])} 个样本"
)
assert all(b < a for a, b in itertools.pairwise(gd_costs))  # 步子小、梯度准：一路下降
assert cost_numpy(*sgd_path[-1]) < gd_costs[0]  # 带噪声的行走也能下山

fig, ax = plt.subplots(figsize=(7, 6.6), layout="constrained")
filled = ax.contourf(us, vs, landscape, levels=24, cmap="viridis")
ax.contour(us, vs, landscape, levels=24, colors="white", linewidths=0.3)
fig.colorbar(filled, label="代价 C")
arrow = -1.5 * grad_engine / np.linalg.norm(grad_engine)  # 只表示方向，不表示长度
ax.annotate(
    "",
    xy=(u0 + arrow[0], v0 + arrow[1]),
    xytext=(u0, v0),
    zorder=5,
    arrowprops=dict(arrowstyle="-|>", color="red", lw=2),
)
ax.plot(*gd_path.T, "o-", color="white", ms=3, lw=1.5, label=f"全批量梯度下降，{gd_steps} 步")
ax.plot(
    *sgd_path.T,
    ".-",
    color="orange",
    ms=3,
    lw=1,
    label=f"小批量 SGD（B = {len(batches[0])}），{sgd_steps} 步",
)
ax.plot([u0], [v0], "r*", ms=12, label=r"初始权重；箭头：$-\nabla C$")
ax.set_xlabel("u：进入第二个隐层的一个权重")
ax.set_ylabel("v：进入输出神经元的一个权重")
ax.set_aspect("equal")  # 两轴比例相同，直角看起来才是直角
ax.set_title(f"C 作为两个权重的函数（其余 {start.num_parameters() - 2} 个参数固定）")
# 图例放在切片下方，那里没有等高线；底色和切片一样深，白色路径才看得见。
legend_colours = dict(facecolor=plt.cm.viridis(0.0), framealpha=1, labelcolor="white")
fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", **legend_colours)
plt.show()

# %% [markdown]
# 箭头与等高线垂直相交（两轴比例相同，所以看到的角度就是真实的角度），几乎竖直向上，朝着右上方的那个山谷。白色路径是全批量梯度下降：每一步都沿着真实的 $-\nabla C$ 穿过等高线。橙色路径是小批量 SGD：每一步只沿两个样本的代价的梯度走，所以摇摇晃晃——但它也走下了山，又是 3Blue1Brown 的那个醉汉。不过这个切片并不是一只碗：它有两个山谷（右上和左下），中间隔着一个鞍点。穿过鞍点的那条水平线是 $v = 0$。这里 $u$ 进入一个隐层神经元 $a^{(L-1)}_0 = \tanh\big(z^{(L-1)}_0\big)$，其中 $z^{(L-1)}_0 = u\,a^{(L-2)}_0 + \dots$；这个神经元的输出只经由 $z^{(L)} = v\,a^{(L-1)}_0 + \dots$ 影响代价。所以对每个样本，链式法则给出
#
# $$\frac{\partial C_i}{\partial u} = \frac{\partial C_i}{\partial z^{(L)}}\; v\;
#   \tanh'\big(z^{(L-1)}_0\big)\; a^{(L-2)}_0 ,$$
#
# 它在 $v = 0$ 时为零：沿着这条线，代价根本不随 $u$ 变化。即使是这么小的网络，代价也不是只有一个底的碗，所以梯度下降最后落进哪个山谷，取决于它从哪里出发。

# %%
along_v0 = [cost_numpy(u, 0.0) for u in us]
assert max(along_v0) - min(along_v0) <= 1e-15  # 平的：u 所在的神经元被乘以 0

v_param.data = 0.0  # 引擎也这么说：在这条线上 ∂C/∂u 恰好为 0
C = nn.squared_error([start(x) for x in X_moons], y_moons.tolist())
start.zero_grad()
C.backward()
print(f"v = 0 处：∂C/∂u = {u_param.grad}，∂C/∂v = {v_param.grad:+.6f}")
assert u_param.grad == 0.0 and v_param.grad != 0.0
v_param.data = v0

# 正文对这张图的描述，在画图所用的网格上核对。箭头 −∇C 几乎竖直向上：
assert abs(math.degrees(downhill) - 90) < 5
# 两个山谷：网格在直线 v = 0 上方的最低点位于起点的右上方，下方的最低点位于左下方，
# 两者都比这条直线低；
valleys = []
for side in (vs > 0, vs < 0):
    row, col = np.unravel_index(
        np.argmin(np.where(side[:, None], landscape, np.inf)), landscape.shape
    )
    valleys.append((us[col], vs[row], landscape[row, col]))
(u_top, v_top, C_top), (u_bottom, v_bottom, C_bottom) = valleys
assert u_top > u0 and v_top > v0 and u_bottom < u0 and v_bottom < v0
assert max(C_top, C_bottom) < min(along_v0)
# 两者之间、v = 0 上有一个鞍点。这条直线上处处 ∂C/∂u = 0，而 ∂C/∂v（手算：对 numpy 切片做中心
# 差分）在两个山谷之间变号一次；在变号处两侧，引擎给出的值与之一致。
across = np.array([(cost_numpy(u, h) - cost_numpy(u, -h)) / (2 * h) for u in us])
(k,) = np.flatnonzero(np.diff(np.sign(across)))
assert u_bottom < us[k] < us[k + 1] < u_top
engine_dv = []
for u in (us[k], us[k + 1]):
    _, (du, dv) = cost_and_gradient(u, 0.0, everyone)
    assert du == 0.0 and math.isclose(dv, across[us == u][0], rel_tol=1e-6)
    engine_dv.append(dv)
# 是鞍点，不是谷底：沿这条直线 C 是平的（∂²C/∂u² = 0），而混合偏导 ∂²C/∂u∂v——∂C/∂v
# 沿这条直线变化的快慢——在 ∂C/∂v 变号处不为 0：对上面引擎给出的两个值求差商，手算则
# 用 `across` 里对应的两个值。所以海森矩阵的行列式 −(∂²C/∂u∂v)² 为负。
mixed = (engine_dv[1] - engine_dv[0]) / (us[k + 1] - us[k])
assert math.isclose(mixed, (across[k + 1] - across[k]) / (us[k + 1] - us[k]), rel_tol=1e-5)
assert abs(mixed) > 1e-3
u_param.data, v_param.data = u0, v0
print(
    f"两个山谷：C = {C_top:.4f}（右上）、{C_bottom:.4f}（左下）；"
    f"直线 v = 0 上：C = {along_v0[0]:.4f}"
)
print(f"v = 0 上的鞍点在 u = {us[k]:.2f} 与 {us[k + 1]:.2f} 之间；那里 ∂²C/∂u∂v = {mixed:+.4f}")

# %% [markdown]
# 在这条线上，公式两边都是 0，用它检验公式说明不了多少。在起点权重 $(u_0, v_0)$ 处，没有哪个因子是 0：用 numpy 的前向计算逐个手算出这些因子——$\partial C_i/\partial z^{(L)} = 2\big(a^{(L)}[i] - y[i]\big)\,\sigma'\big(z^{(L)}[i]\big)$，其中 $\sigma' = a^{(L)}[i]\big(1 - a^{(L)}[i]\big)$，以及 $\tanh' = 1 - \tanh^2$——再把它们的乘积与引擎算出的 `u_param.grad` 比较：先对一个样本的代价 $C_i$，再对平均代价 $C = \frac1m\sum_i C_i$，它的 $\partial C/\partial u$ 就是各个 $\partial C_i/\partial u$ 的平均。

# %%
# 在起点权重 (u₀, v₀) 处手算公式里的各个因子。
a_prev2 = np.tanh(X_moons @ Ws[0].T + bs[0])  # a^(L-2)，每个样本一行
z_prev = a_prev2 @ Ws[1].T + bs[1]  # z^(L-1)
a_prev = np.tanh(z_prev)  # a^(L-1) = tanh(z^(L-1))
a_out = 1 / (1 + np.exp(-(a_prev @ Ws[2].T + bs[2])[:, 0]))  # a^(L) = σ(z^(L))
dCi_dz = 2 * (a_out - y_moons) * a_out * (1 - a_out)  # ∂Cᵢ/∂z^(L) = 2(a − y)·σ′
dCi_du = dCi_dz * v0 * (1 - a_prev[:, U[1]] ** 2) * a_prev2[:, U[2]]  # ∂Cᵢ/∂u，每个样本一个

i = 0  # 一个样本：Cᵢ = (a^(L)[i] − y[i])²
C_i = nn.squared_error([start(X_moons[i])], [y_moons[i]])
start.zero_grad()
C_i.backward()
print(f"样本 {i}：∂Cᵢ/∂u 手算 {dCi_du[i]:+.12f}，引擎 {u_param.grad:+.12f}")
assert dCi_du[i] != 0.0 and math.isclose(u_param.grad, dCi_du[i], rel_tol=1e-9)

# 全部 m 个样本：∂C/∂u 是各个 ∂Cᵢ/∂u 的平均
C = nn.squared_error([start(x) for x in X_moons], y_moons.tolist())
start.zero_grad()
C.backward()
print(f"平均：∂C/∂u 手算 {dCi_du.mean():+.12f}，引擎 {u_param.grad:+.12f}")
assert math.isclose(u_param.grad, dCi_du.mean(), rel_tol=1e-9)
assert math.isclose(u_param.grad, grad_engine[0], rel_tol=1e-12)  # 就是上面画出的斜率

# %% [markdown]
# ## 7. 更快：计算图只记录一次，在各批上重放
#
# *即时*（eager）训练为每个样本都新建一张由标量 `Value` 节点组成的计算图——每次都是同一张图，只是里面的数不同。`autograd_mini.trace` 把这张图记录一次，然后用 numpy 在一整批上重放（每个节点算出一列数；一层里的 `dot` 节点合并成一次矩阵乘法）。`nn.fit(..., compiled=True)` 就是这样训练的，第 4、5 节用的都是它。随机种子相同、初始权重相同、打乱的顺序也相同：两次运行的结果必须在舍入误差范围内一致，不同的只有耗时。

# %%
eager_net, compiled_net = digits_net(), digits_net()
assert [p.data for p in eager_net.parameters()] == [p.data for p in compiled_net.parameters()]

common = dict(loss="squared_error", epochs=1, batch_size=10, seed=0, progress=False)
eager = nn.fit(
    eager_net, X_train, y_train, optimizer=nn.SGD(eager_net.parameters(), lr=3.0), **common
)
compiled = nn.fit(
    compiled_net,
    X_train,
    y_train,
    optimizer=nn.SGD(compiled_net.parameters(), lr=3.0),
    compiled=True,
    **common,
)

print(
    f"在 {len(y_train)} 张图像上训练一轮：即时 {eager.seconds:.2f} s，"
    f"编译 {compiled.seconds:.3f} s（×{eager.seconds / compiled.seconds:.0f}）"
)
print(f"这一轮的代价：即时 {eager.loss[0]:.10f}，编译 {compiled.loss[0]:.10f}")
assert len(compiled.loss) == len(eager.loss) == 1
assert np.allclose(compiled.loss, eager.loss, rtol=1e-10, atol=0)
# 同样走了 144 步 SGD 之后，权重也一致。
assert np.allclose(
    [p.data for p in compiled_net.parameters()],
    [p.data for p in eager_net.parameters()],
    rtol=1e-10,
    atol=1e-12,
)

# %% [markdown]
# ## 8. 标量引擎不够用的时候：在 PyTorch 里走同样的一步
#
# 标量引擎的用处是把链式法则的每一步摆在你眼前；大型网络并不是这样训练的。它们在张量上训练，而从这里走到 PyTorch 只是机械的一步，因为 MLP 正好就是一层层仿射变换加激活函数的堆叠：第 $l$ 层是 `torch.nn.Linear(n_in, n_out)`，它的 `weight[j]` 存着神经元 $j$ 的权重 $w_j$，`bias[j]` 存着它的偏置 $b_j$，后面再接这一层的激活函数。`nn.to_torch(net)` 用同样的数搭出这个 `torch.nn.Sequential`，用 float64 精度，所以两个库算出的值在舍入误差范围内相同。
#
# 下面在训练集的前 $B = 10$ 张数字图像上，用这一批的代价 $C = \frac1B \sum_{i=1}^{B} \sum_j \big(a_j[i] - y_j[i]\big)^2$，从同一个起点出发，在两个库里各走一步小批量 SGD $W \leftarrow W - \eta\,\partial C/\partial W$，再手算一遍（代价和这一步都手算）。和 PyTorch 对照需要 PyTorch：它是可选的，不会自动为你安装；请按 README 里说的安装，先装只支持 CPU 的版本（在 Linux 上，pip 找到的是 CUDA 版，有好几 GB；这里用 CPU 版就够了）：`.venv/bin/pip install torch --index-url https://download.pytorch.org/whl/cpu`，然后 `.venv/bin/pip install "autograd-mini[torch]"`。没有安装时，这一步只和手算对照，下面每个单元格都会说明这一点。装了 PyTorch 时，下面先打印出 PyTorch 网络的结构，那是 PyTorch 自己的英文原文：`Sequential` 是一层接一层的堆叠，`Linear(in_features=64, out_features=16, bias=True)` 是一个 64 进 16 出、带偏置的仿射层，`Sigmoid()` 是它后面的激活函数。

# %%
import importlib.util

have_torch = importlib.util.find_spec("torch") is not None
install_torch = (  # 和 README 里一样，先装只支持 CPU 的版本
    ".venv/bin/pip install torch --index-url https://download.pytorch.org/whl/cpu\n"
    '.venv/bin/pip install "autograd-mini[torch]"'
)
if not have_torch:
    print("没有安装 PyTorch：这一步只和手算对照。安装方法：")
    print(install_torch)

# %%
net = nn.MLP(64, [16, 16, 10], activation="sigmoid", output_activation="sigmoid", seed=0)
Xb, yb, eta = X_train[:10], y_train[:10], 3.0

# autograd-mini：代价、一次反向传播、更新
net.zero_grad()
C = nn.squared_error(net(Xb.tolist()), yb.tolist())
C.backward()
# 手算这一批的代价 C = (1/B) Σᵢ Σⱼ (aⱼ[i] − yⱼ[i])²：用 numpy 逐层做前向计算
# （每层都是 sigmoid：下面先检查这一点，因为这里的前向计算按 sigmoid 写），目标是独热向量
a_batch = Xb
for layer in net.layers:
    assert layer.activation == "sigmoid", layer.activation
    # 第 l 层的 W^(l)（第 j 行是神经元 j 的权重）和 b^(l)，代码里写作 W_l 和 b_l
    W_l = np.array([[w.data for w in neuron.w] for neuron in layer.neurons])
    b_l = np.array([neuron.b.data for neuron in layer.neurons])
    a_batch = 1 / (1 + np.exp(-(a_batch @ W_l.T + b_l)))
C_by_hand = np.sum((a_batch - np.eye(10)[yb]) ** 2) / len(yb)
assert math.isclose(C.data, C_by_hand, rel_tol=1e-12)
W_before = np.array([[w.data for w in neuron.w] for neuron in net.layers[0].neurons])
dC_dW = np.array([[w.grad for w in neuron.w] for neuron in net.layers[0].neurons])
nn.SGD(net.parameters(), lr=eta).step()

# 手算这一步，第一层的 16 × 64 个权重：W − η·∂C/∂W
W_by_hand = W_before - eta * dC_dW
W_ours = np.array([[w.data for w in neuron.w] for neuron in net.layers[0].neurons])
assert np.allclose(W_ours, W_by_hand, rtol=0, atol=1e-15)

if have_torch:
    import torch
    import torch.nn.functional as F

    # 同样的起点：同样的种子
    tnet = nn.to_torch(
        nn.MLP(64, [16, 16, 10], activation="sigmoid", output_activation="sigmoid", seed=0)
    )
    print(tnet)
    # PyTorch：同样的代价，用它自己的损失函数、自动微分和优化器来写
    opt = torch.optim.SGD(tnet.parameters(), lr=eta)
    opt.zero_grad()
    targets = F.one_hot(torch.tensor(yb), 10).double()
    C_torch = F.mse_loss(tnet(torch.tensor(Xb)), targets, reduction="sum") / len(yb)
    C_torch.backward()
    dC_dW_torch = tnet[0].weight.grad.numpy().copy()
    opt.step()

    print(f"C：autograd-mini {C.data:.15f}   PyTorch {C_torch.item():.15f}")
    assert abs(C.data - C_torch.item()) <= 1e-12
    assert np.allclose(dC_dW, dC_dW_torch, rtol=1e-12, atol=1e-15)

    assert np.allclose(tnet[0].weight.detach().numpy(), W_by_hand, rtol=0, atol=1e-14)
    # 以及这一步之后的每一个参数
    for ours, theirs in zip(nn.to_torch(net).parameters(), tnet.parameters(), strict=True):
        assert torch.allclose(ours, theirs, rtol=1e-12, atol=1e-12)
    print(f"走一步之后：两个库里的 {net.num_parameters():,} 个参数在舍入误差范围内相同")
else:
    print(
        "没有 PyTorch：本库的这一步只和手算对照过"
        f"（第一层的 {W_ours.size:,} 个权重等于 W − η·∂C/∂W）"
    )

# %% [markdown]
# 反方向用 `nn.from_torch`：一个由 `Linear` 层组成的 `Sequential`，每层后面接 `Sigmoid`、`Tanh`、`ReLU`、`LeakyReLU(0.01)` 或者什么也不接，就能变成数值完全相同的 `nn.MLP`——所以在 PyTorch 里训练好的网络可以拿到这里拆开来看，画出它的计算图。本库没有对应功能的部分（卷积、暂退法（dropout）、斜率不同的 `LeakyReLU`、各隐层用不同的激活函数）会被拒绝，报错信息会指出是哪个模块。下面这个单元格把两者都展示出来，它同样需要 PyTorch：没有安装时，它只说明这一点。（装了 PyTorch 时，下面打印出来的 PyTorch 和本库的结构说明，以及出错时的报错信息，都是英文的：`Linear(in_features=64, out_features=16)` 是一个 64 进 16 出的仿射层，`MLP(64-16-16-10, sigmoid → sigmoid)  # 1,482 parameters` 说的是各层大小、激活函数和参数总数。）
#
# | autograd-mini | PyTorch |
# |---|---|
# | `nn.MLP(64, [16, 16, 10], "sigmoid", "sigmoid")` | `Sequential(Linear(64, 16), …)` |
# | `nn.squared_error`（对各输出求和，对一批取平均） | `F.mse_loss(out, y, reduction="sum") / B` |
# | `nn.softmax_cross_entropy` | `F.cross_entropy` |
# | `nn.SGD(params, lr=η)` | `torch.optim.SGD(params, lr=η)` |

# %%
if have_torch:
    back = nn.from_torch(tnet)
    print(back)
    assert back.architecture() == net.architecture()
    again = nn.to_torch(back)
    assert all(
        torch.equal(p, q) for p, q in zip(again.parameters(), tnet.parameters(), strict=True)
    )
    try:
        nn.from_torch(torch.nn.Sequential(torch.nn.Linear(64, 10), torch.nn.Dropout(0.5)))
    except ValueError as refusal:
        print(f"被拒绝：{refusal}")
else:
    print("没有安装 PyTorch：没有往返转换可以展示（安装方法见上文）")

# %% [markdown]
# ## 小结
#
# * 网络的参数是 $\sum (n_\text{in}+1)\,n_\text{out}$ 个数——784-16-16-10 网络有 13,002 个——一次反向传播就给出代价沿其中每一个方向的斜率。
# * 梯度下降每步 $W \leftarrow W - \eta\,\partial C/\partial W$；代价取平均 $C = \frac1m\sum C_i$ 时，一批的梯度就是这一批各样本梯度的平均。
# * 计算量相同时，许多步廉价的小批量更新胜过寥寥几步精确的全批量更新。
# * 代价是参数空间上的一片地形；$-\nabla C$ 指向最陡的下坡，而引擎算出的梯度恰好就是这个斜率。
# * 同一个网络搬到 PyTorch 里（`nn.to_torch`），走出的一步在舍入误差范围内相同：在这里学到的东西可以直接用到张量上。

# %% [markdown]
# ## 轮到你了
#
# 把每个占位函数换成你的实现，运行它，再运行它下面的检验：检验会指出哪一项错了（期望值与你的值），或者打印 ✓。
#
# **练习 1 —— 数参数。** `count_parameters([784, 16, 16, 10])` 应当等于 13,002：每一层的权重和偏置。检验会在四种网络形状上把你的计数与 `nn.MLP(...).num_parameters()` 比较。


# %% tags=["exercise:count-parameters"]
def count_parameters(sizes):
    """各层大小为 sizes 的全连接网络一共有多少个权重和偏置。"""
    raise NotImplementedError("轮到你了")


# %%
from exercises.nb04 import check_count_parameters, check_sgd_step

check_count_parameters(count_parameters)

# %% [markdown]
# **练习 2 —— 手算一步 SGD。** 调用 `backward()` 之后，每个参数 `p` 的 `p.grad` 里存着 $\partial C/\partial p$。写出 `sgd_step(params, lr)`：把每个参数就地移动 $-\eta\,\partial C/\partial p$（不要改动 `p.grad`）。检验会在一个完全相同的网络上，把你的这一步与 `nn.SGD(params, lr).step()` 比较，所以调用优化器的 `step()` 会被拒绝：这一步更新要你自己写。


# %% tags=["exercise:sgd-step"]
def sgd_step(params, lr):
    """对每个参数就地执行 W ← W − η·∂C/∂W。"""
    raise NotImplementedError("轮到你了")


# %%
check_sgd_step(sgd_step)
