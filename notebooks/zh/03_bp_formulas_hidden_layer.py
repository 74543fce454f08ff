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
# # 3 · 隐层的 BP 公式
#
# 现在让每一层都有多个神经元。第 1–5 节沿用周志华《机器学习》§5.3“误差逆传播算法”的记号，讨论只有一个隐层的网络：
#
# * 输入为 $x_i$（$i = 1\dots d$）；
# * 第 $h$ 个隐层神经元（$h = 1\dots q$）接收的输入为 $\alpha_h = \sum_i v_{ih} x_i$，阈值为 $\gamma_h$，输出为 $b_h = f(\alpha_h - \gamma_h)$；
# * 第 $j$ 个输出神经元（$j = 1\dots l$）接收的输入为 $\beta_j = \sum_h w_{hj} b_h$，阈值为 $\theta_j$，输出为 $\hat y_j = f(\beta_j - \theta_j)$；
# * 网络在一个样本上的均方误差为 $E = \tfrac12 \sum_j (\hat y_j - y_j)^2$。周志华对第 $k$ 个训练样例写作 $E_k = \tfrac12\sum_{j=1}^{l}(\hat y_j^k - y_j^k)^2$，其中 $j$ 数的是输出神经元，$k$ 数的是样本：求和是对同一个样本 $k$ 的各个输出 $j$ 进行的。下面每次只看一个样本，所以省去上标 $k$。
#
# *为什么有 ½。* 周志华（以及第 6 节的 UFLDL）在平方误差前面乘上 $\tfrac12$，就是为了抵消对平方求导时落下来的 2：$\partial E/\partial\hat y_j = \hat y_j - y_j$。所以本笔记本的公式里没有因子 2。笔记本 2 则不同：它用的是 3Blue1Brown 的代价 $C_0 = (a^{(L)} - y)^2$，前面没有 ½，导数是 $\partial C_0/\partial a^{(L)} = 2(a^{(L)} - y)$。两种代价只差一个常数因子，极小值点相同，多出来的 2 可以并入学习率。下面第一个代码单元格用引擎把这两个导数都验算一遍。
#
# 在第 1–5 节里，字母 $b$ 只有一个意思：$b_h$ 是第 $h$ 个隐层神经元的*输出*。这里没有单独的偏置，阈值起到偏置的作用，只是符号相反（$f(\beta_j - \theta_j)$ 就是偏置为 $-\theta_j$ 的神经元）。第 6 节改用 UFLDL 教程的记号，那里的 $b^{(l)}$ 才是偏置向量。激活函数取 sigmoid 函数 $f(t) = 1/(1 + e^{-t})$。

# %%
import itertools
import math

import matplotlib.pyplot as plt
import numpy as np

from autograd_mini import Value, dot, vsum


def f(t):
    return 1 / (1 + np.exp(-t))


# E = ½ Σⱼ (ŷⱼ − yⱼ)² 给出 ∂E/∂ŷⱼ = ŷⱼ − yⱼ。不带 ½ 时（就像笔记本 2 的代价 C₀ = (a⁽ᴸ⁾ − y)²，
# 它只有一个输出），每个导数都是它的两倍（这里用两个输出来验算）。
y_probe, t_probe = np.array([0.7, 0.2]), np.array([1.0, 0.0])
for half, factor in ((0.5, 1.0), (1.0, 2.0)):
    nodes = [Value(float(v)) for v in y_probe]
    (half * vsum([(v - float(t)) ** 2 for v, t in zip(nodes, t_probe, strict=True)])).backward()
    assert np.allclose([v.grad for v in nodes], factor * (y_probe - t_probe), rtol=1e-12)


# %% tags=["zh-only"]
# 图中的中文用 Noto Sans SC：随 notebooks 依赖从 PyPI 安装，不需要系统字体
from cjk_font import use_chinese_font

use_chinese_font()

# %% [markdown]
# ## 1. sigmoid 的导数是 $f(1 - f)$
#
# $$f'(t) = \frac{e^{-t}}{(1 + e^{-t})^2}
#         = \frac{1}{1 + e^{-t}}\cdot\frac{(1 + e^{-t}) - 1}{1 + e^{-t}}
#         = f(t)\,\big(1 - f(t)\big).$$
#
# 这就是下面的公式里出现 $\hat y_j(1 - \hat y_j)$ 这类因子的原因：导数只用输出就能算出来，不必再算一次指数。

# %%
ts = np.linspace(-6, 6, 25)
engine = []
for t in ts:
    node = Value(float(t))
    node.sigmoid().backward()
    engine.append(node.grad)
quotient_rule = np.exp(-ts) / (1 + np.exp(-ts)) ** 2
# 推导的中间一步：1/(1 + e^(−t)) · ((1 + e^(−t)) − 1)/(1 + e^(−t))
middle_step = 1 / (1 + np.exp(-ts)) * ((1 + np.exp(-ts)) - 1) / (1 + np.exp(-ts))
assert np.allclose(engine, f(ts) * (1 - f(ts)), rtol=1e-12, atol=0)
assert np.allclose(engine, quotient_rule, rtol=1e-12, atol=0)
assert np.allclose(engine, middle_step, rtol=1e-12, atol=0)
print(f"f'(t) 的最大值 = {max(engine)}（在 t = 0 处）")
assert max(engine) == 0.25 and ts[np.argmax(engine)] == 0  # 1/4，在 t = 0 处

# %% [markdown]
# ## 2. 一个样本：亲手做前向计算（numpy）

# %%
rng = np.random.default_rng(3)
d, q, n_out = 3, 4, 2  # d 个输入，q 个隐层神经元，l 个输出（n_out）
x = rng.uniform(-1, 1, size=d)
y = np.array([1.0, 0.0])
V = rng.normal(0, 0.8, size=(d, q))  # v_ih：输入 i → 隐层神经元 h
gamma = rng.normal(0, 0.5, size=q)  # 隐层阈值 γ_h
W = rng.normal(0, 0.8, size=(q, n_out))  # w_hj：隐层神经元 h → 输出神经元 j
theta = rng.normal(0, 0.5, size=n_out)  # 输出层阈值 θ_j
eta = 0.5  # 学习率 η

alpha = x @ V
b_out = f(alpha - gamma)  # b_h
beta = b_out @ W
y_hat = f(beta - theta)
E = 0.5 * np.sum((y_hat - y) ** 2)
print("ŷ =", y_hat, "  E =", E)

# %% [markdown]
# ## 3. BP 公式
#
# 下面两个量，周志华分别称为输出层神经元和隐层神经元的**梯度项**。对输出层定义
#
# $$g_j = -\frac{\partial E}{\partial \hat y_j}\,\frac{\partial \hat y_j}{\partial \beta_j}
#       = \hat y_j (1 - \hat y_j)(y_j - \hat y_j),$$
#
# 对隐层，把每个输出 $j$ 传回到 $b_h$ 的量都收集起来，定义
#
# $$e_h = -\frac{\partial E}{\partial b_h}\,\frac{\partial b_h}{\partial \alpha_h}
#       = b_h (1 - b_h) \sum_{j} w_{hj}\, g_j .$$
#
# 两者都是 $E$ 对神经元输入的偏导再取*负号*：$g_j = -\partial E/\partial\beta_j$，$e_h = -\partial E/\partial\alpha_h$（第 4 节会从引擎里把它们读出来）。第 6 节还会遇到同一种偏导，只是不带负号：那就是 UFLDL 的*误差项* $\delta$。
#
# 梯度下降让每个参数沿负梯度方向移动，步长为导数的 $\eta$ 倍（$\eta$ 为学习率）。由于 $\partial \beta_j / \partial w_{hj} = b_h$，$\partial \hat y_j/\partial\theta_j = -f'(\beta_j - \theta_j)$，$\partial \alpha_h/\partial v_{ih} = x_i$，$\partial b_h/\partial\gamma_h = -f'(\alpha_h - \gamma_h)$，得到
#
# $$\Delta w_{hj} = \eta\, g_j\, b_h,\qquad \Delta\theta_j = -\eta\, g_j,\qquad
#   \Delta v_{ih} = \eta\, e_h\, x_i,\qquad \Delta\gamma_h = -\eta\, e_h .$$
#
# *注意 $e_h$ 的求和下标：* 它对输出层的 $l$ 个神经元求和，下标是 $j$，即 $\;e_h = -\sum_{j=1}^{l}\frac{\partial E}{\partial\beta_j}\frac{\partial\beta_j}{\partial b_h} f'(\alpha_h - \gamma_h)$，不要误写成*输入*的下标 $i$。下面这个单元格把 $e_h$ 算两遍——向量形式，以及对 $j$ 逐项求和的显式循环——两者结果一致。

# %%
g = y_hat * (1 - y_hat) * (y - y_hat)
e = b_out * (1 - b_out) * (W @ g)

dW_formula = eta * np.outer(b_out, g)  # Δw_hj，形状 (q, l)
dtheta_formula = -eta * g  # Δθ_j
dV_formula = eta * np.outer(x, e)  # Δv_ih，形状 (d, q)
dgamma_formula = -eta * e  # Δγ_h
print("g =", g)
print("e =", e)

# 把 e_h 中对输出 j 的求和逐项写出来。
e_loop = np.array(
    [b_out[h] * (1 - b_out[h]) * sum(W[h, j] * g[j] for j in range(n_out)) for h in range(q)]
)
assert np.allclose(e_loop, e, rtol=1e-12, atol=0)


# %% [markdown]
# ## 4. 由引擎得到同样的更新
#
# 用 `Value` 搭出这个网络（每个加权和是一个 `dot` 节点），对 $E$ 调用 `backward()`，再对每个参数取 $\Delta p = -\eta\,\partial E/\partial p$。这里完全没有用到第 3 节的公式。


# %%
def build(V, gamma, W, theta):
    # 把参数做成 Value，引擎才能求 E 对它们的导数。
    V_ = [[Value(V[i, h], f"v{i}{h}") for h in range(q)] for i in range(d)]
    gamma_ = [Value(gamma[h], f"γ{h}") for h in range(q)]
    W_ = [[Value(W[h, j], f"w{h}{j}") for j in range(n_out)] for h in range(q)]
    theta_ = [Value(theta[j], f"θ{j}") for j in range(n_out)]
    return V_, gamma_, W_, theta_


def forward(V_, gamma_, W_, theta_, x, y):
    xs = [float(t) for t in x]
    alpha_ = [dot([V_[i][h] for i in range(d)], xs) for h in range(q)]
    b_ = [(alpha_[h] - gamma_[h]).sigmoid() for h in range(q)]
    beta_ = [dot([W_[h][j] for h in range(q)], b_) for j in range(n_out)]
    y_hat_ = [(beta_[j] - theta_[j]).sigmoid() for j in range(n_out)]
    E_ = 0.5 * vsum([(y_hat_[j] - y[j]) ** 2 for j in range(n_out)])
    return E_, alpha_, beta_


V_, gamma_, W_, theta_ = build(V, gamma, W, theta)
E_, alpha_, beta_ = forward(V_, gamma_, W_, theta_, x, y)
E_.backward()
assert math.isclose(E_.data, E, rel_tol=1e-12)


def grads(rows):
    return np.array([[p.grad for p in row] for row in rows])


dW_engine = -eta * grads(W_)
dtheta_engine = -eta * np.array([p.grad for p in theta_])
dV_engine = -eta * grads(V_)
dgamma_engine = -eta * np.array([p.grad for p in gamma_])

assert np.allclose(dW_engine, dW_formula, rtol=1e-12, atol=1e-15)
assert np.allclose(dtheta_engine, dtheta_formula, rtol=1e-12, atol=1e-15)
assert np.allclose(dV_engine, dV_formula, rtol=1e-12, atol=1e-15)
assert np.allclose(dgamma_engine, dgamma_formula, rtol=1e-12, atol=1e-15)

# g_j 和 e_h 就是引擎存在 β 节点和 α 节点上的梯度取负号。
assert np.allclose([-node.grad for node in beta_], g, rtol=1e-12, atol=1e-15)
assert np.allclose([-node.grad for node in alpha_], e, rtol=1e-12, atol=1e-15)
# 第 3 节的几个偏导数，从引擎的节点上读出：β_j 的 dot 节点对 w_hj 的局部导数是 b_h，
# α_h 的对 v_ih 是 x_i；ŷ_j、b_h 随 θ_j、γ_h 变化的速率是 −f′。
for j in range(n_out):
    assert np.allclose(beta_[j].local_grads[:q], b_out, rtol=1e-12)  # ∂β_j/∂w_hj = b_h
    theta_j = Value(float(theta[j]))
    (Value(float(beta[j])) - theta_j).sigmoid().backward()
    out = f(beta[j] - theta[j])
    assert math.isclose(theta_j.grad, -out * (1 - out), rel_tol=1e-12)  # ∂ŷ_j/∂θ_j
for h in range(q):
    assert np.allclose(alpha_[h].local_grads, x, rtol=1e-12)  # ∂α_h/∂v_ih = x_i
    gamma_h = Value(float(gamma[h]))
    (Value(float(alpha[h])) - gamma_h).sigmoid().backward()
    out = f(alpha[h] - gamma[h])
    assert math.isclose(gamma_h.grad, -out * (1 - out), rel_tol=1e-12)  # ∂b_h/∂γ_h
print("Δw_hj =\n", dW_engine)
print("Δv_ih =\n", dV_engine)

# %% [markdown]
# ## 5. 用公式训练，用引擎训练
#
# 在 6 个样本上一个一个地做这种更新，把这 6 个样本反复过 40 遍：把所有训练样本过一遍叫做一**轮**（epoch），也就是图中横轴的单位。图上画的是每一轮之后 6 个样本的误差之和 $\sum_k E_k$。让手推公式和引擎并排运行，两条误差曲线完全重合。

# %%
X_train = rng.uniform(-1, 1, size=(6, d))
positive = X_train.sum(axis=1) > 0
Y_train = np.stack([positive, ~positive], axis=1).astype(float)  # 独热（one-hot）目标


def formula_step(params, x, y):
    V, gamma, W, theta = params
    b_h = f(x @ V - gamma)
    y_hat = f(b_h @ W - theta)
    g = y_hat * (1 - y_hat) * (y - y_hat)
    e = b_h * (1 - b_h) * (W @ g)
    # Δv = ηe x，Δγ = −ηe，Δw = ηg b，Δθ = −ηg
    V, gamma = V + eta * np.outer(x, e), gamma - eta * e
    W, theta = W + eta * np.outer(b_h, g), theta - eta * g
    return V, gamma, W, theta


def engine_step(params, x, y):
    V, gamma, W, theta = params
    V_, gamma_, W_, theta_ = build(V, gamma, W, theta)
    forward(V_, gamma_, W_, theta_, x, y)[0].backward()
    return (
        V - eta * grads(V_),
        gamma - eta * np.array([p.grad for p in gamma_]),
        W - eta * grads(W_),
        theta - eta * np.array([p.grad for p in theta_]),
    )


def total_error(params):
    V, gamma, W, theta = params
    out = f(f(X_train @ V - gamma) @ W - theta)
    return 0.5 * np.sum((out - Y_train) ** 2)


E_start = total_error((V, gamma, W, theta))
by_formula = by_engine = (V, gamma, W, theta)
history_formula, history_engine, per_update = [], [], []
for _epoch in range(40):
    for xk, yk in zip(X_train, Y_train, strict=True):  # 标准 BP：每次一个样本
        by_formula = formula_step(by_formula, xk, yk)
        by_engine = engine_step(by_engine, xk, yk)
        per_update.append(total_error(by_formula))
    history_formula.append(total_error(by_formula))
    history_engine.append(total_error(by_engine))

assert len(X_train) == 6 and len(history_formula) == 40  # 6 个样本，40 轮
assert np.allclose(history_formula, history_engine, rtol=1e-9)
assert history_formula[-1] < 0.5 * history_formula[0]

fig, ax = plt.subplots(figsize=(6, 3.5))
ax.plot(range(41), [E_start, *history_formula], lw=4, alpha=0.4, label="手推公式")
ax.plot(range(41), [E_start, *history_engine], "k--", label="引擎")
ax.set_xlabel("轮数（epoch）")
ax.set_ylabel("各样本误差之和 Σₖ Eₖ")
ax.legend()
plt.show()

# %% [markdown]
# ### 标准 BP 与累积 BP
#
# 上面的循环是**标准 BP**：每读入*一个*样本就更新一次，只用这个样本的 $E_k$。周志华 §5.3 还介绍了**累积 BP**（累积误差逆传播）：最小化整个训练集（$m$ 个样本）上的累积误差 $E = \frac1m\sum_{k=1}^{m} E_k$，每读完一遍训练集（一“轮”，epoch）才按它的梯度更新一次，更新量就是各样本更新量之和除以 $m$。把两者当作一次对照实验来看：同样的起点，同样的 $\eta$，同样在数据上走 40 轮。（图中画的是 $\sum_k E_k = mE$，它和 $E$ 同升同降。）


# %%
def accumulated_step(params, X, Y):
    # 累积 BP：把各个样本的更新量取平均，只更新一次。
    steps = [
        [new - old for new, old in zip(formula_step(params, x, y), params, strict=True)]
        for x, y in zip(X, Y, strict=True)
    ]
    mean = [sum(parts) / len(steps) for parts in zip(*steps, strict=True)]
    return tuple(p + dp for p, dp in zip(params, mean, strict=True))


# 累积 BP 的更新量就是 −η·∂E/∂(参数)，其中 E = (1/m) Σ_k E_k：用引擎核对。
start = (V, gamma, W, theta)
V_, gamma_, W_, theta_ = build(*start)
examples = zip(X_train, Y_train, strict=True)
E_all = vsum([forward(V_, gamma_, W_, theta_, x, y)[0] for x, y in examples])
E_mean = E_all / len(X_train)
E_mean.backward()
# 图中画的 Σₖ Eₖ 就是 mE：numpy 算的 total_error 是引擎算的 E 的 m 倍
assert math.isclose(total_error(start), len(X_train) * E_mean.data, rel_tol=1e-12)
accumulated = accumulated_step(start, X_train, Y_train)
assert np.allclose(accumulated[0] - V, -eta * grads(V_), rtol=1e-10, atol=1e-15)
assert np.allclose(
    accumulated[1] - gamma, -eta * np.array([p.grad for p in gamma_]), rtol=1e-10, atol=1e-15
)
assert np.allclose(accumulated[2] - W, -eta * grads(W_), rtol=1e-10, atol=1e-15)
assert np.allclose(
    accumulated[3] - theta, -eta * np.array([p.grad for p in theta_]), rtol=1e-10, atol=1e-15
)

params_acc, history_acc = start, []
for _epoch in range(40):
    params_acc = accumulated_step(params_acc, X_train, Y_train)
    history_acc.append(total_error(params_acc))

passes, updates = len(history_acc), len(per_update)
print(
    f"从 Σₖ Eₖ = {E_start:.4f} 出发，{passes} 轮之后：标准 BP 为 "
    f"{history_formula[-1]:.4f}（更新 {updates} 次），累积 BP 为 {history_acc[-1]:.4f}"
    f"（更新 {passes} 次）"
)
rises = sum(b > a for a, b in itertools.pairwise([E_start, *per_update]))
print(
    f"标准 BP 的更新让 Σₖ Eₖ 上升了 {rises} 次（共 {updates} 次更新）；"
    f"累积 BP 的 {passes} 次更新一次也没有让它上升"
)
# 累积 BP 每一步都沿 E 的真实梯度走，步长足够小时（这里 η = 0.5 恰好满足）E 每一次都下降；
# 标准 BP 的一步只顺着一个样本的 Eₖ 走，可能让其他样本的误差变大——但它每轮更新六次，走得更远。
assert all(b < a for a, b in itertools.pairwise(history_acc))
assert rises > 0
assert 4 * rises > updates  # 不少：超过全部更新的四分之一
# 每轮更新六次（每个样本一次），40 轮共 240 次
assert len(per_update) == 6 * len(history_acc) == 240
assert history_formula[-1] < history_acc[-1]
# 每一轮过后标准 BP 都领先，不只是最后一轮。
assert all(s < a for s, a in zip(history_formula, history_acc, strict=True))

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(7.2, 3.6), layout="constrained")
ax1.plot(range(41), [E_start, *history_formula], label="标准 BP（每个样本更新一次）")
ax1.plot(range(41), [E_start, *history_acc], label="累积 BP（每轮更新一次）")
ax1.set_xlabel("遍历训练集的轮数（epoch）")
ax2.plot(range(241), [E_start, *per_update], lw=0.8, label="标准 BP")
ax2.plot(range(41), [E_start, *history_acc], label="累积 BP")
ax2.set_xlabel("更新次数")
for ax in (ax1, ax2):
    ax.set_ylabel("各样本误差之和 Σₖ Eₖ")
# 两幅图共用一个图例（颜色相同），放在上方：放在图里会盖住曲线
fig.legend(*ax1.get_legend_handles_labels(), loc="outside upper center", ncols=2)
plt.show()

# %% [markdown]
# 按轮数比，标准 BP 领先：累积 BP 每走一步，它已经走了六步。按*更新次数*比，累积 BP 走得更稳：每一步都让 $E$ 下降；而标准 BP 有不少次更新反而让误差上升（次数见上面的输出），因为它的每一步只顺着一个样本的 $E_k$ 走。这正是周志华书中的观察：累积 BP 参数更新的频率低得多，但累积误差下降到一定程度之后，进一步下降可能非常缓慢；训练集很大时，标准 BP 往往能更快得到较好的解。（笔记本 4 的小批量随机梯度下降介于两者之间。）

# %% [markdown]
# ## 6. 任意深度的矩阵形式：带 L2 项的 δ 递推
#
# 把各层编号为 $1\dots N$，$a^{(1)} = x$（$N$ 是层数，UFLDL 写作 $n_l$），记 $S_l$ 为第 $l$ 层的神经元个数（UFLDL 写作 $s_l$），并由 $W^{(l)}$（形状为 $S_{l+1}\times S_l$）和 $b^{(l)}$ 把第 $l$ 层连到第 $l+1$ 层：
#
# $$z^{(l+1)} = W^{(l)} a^{(l)} + b^{(l)},\qquad a^{(l+1)} = f\big(z^{(l+1)}\big).$$
#
# *注意层的编号。* 笔记本 2（沿用 3Blue1Brown）把输入层记作第 0 层、输出层记作第 $L$ 层；UFLDL 和本节把输入层记作第 1 层，并把它算进层数 $N$，所以输出层是第 $N$ 层。权重的编号不变——笔记本 2 的 $w^{(l)}$ 就是这里的 $W^{(l)}$，共 $N - 1$ 个——但每个激活值的编号都加 1：那里的链 $a^{(0)}\dots a^{(4)}$ 在这里是 $a^{(1)}\dots a^{(5)}$，$N = 5$。
#
# 本节参照 UFLDL 教程（Stanford 的 *Unsupervised Feature Learning and Deep Learning*（无监督特征学习与深度学习），“Backpropagation Algorithm”一节，中文版题为“反向传导算法”）。这里有一个字母换了意思：$l$ 表示层号（第 1–5 节里它是输出的个数）；$m$ 仍表示样本数，与第 5 节和 UFLDL 相同。对 $m$ 个样本，再加上一个让权重保持较小的 L2 惩罚项（权重衰减项），代价函数为
#
# $$J = \frac1m \sum_{k=1}^{m} \tfrac12 \big\lVert a^{(N)}[k] - y[k] \big\rVert_2^{\,2}
#       + \frac{\lambda}{2}\sum_{l}\sum_{i,j}\big(W^{(l)}_{ij}\big)^2 .$$
#
# *哪个下标表示什么。* 本节里 $k$ 总是样本的编号，$i, j$ 是神经元的编号。属于第 $k$ 个样本的量后面带 $[k]$：$a^{(N)}[k]$ 是第 $k$ 个样本的输出，$y[k]$ 是它的目标（即代码里数组的第 $k$ 列），下文的 $\delta^{(l)}[k]$ 是它的误差项。向量或矩阵的下标，如 $\delta^{(l)}_i$、$W^{(l)}_{ij}$，总是在挑选神经元。只有 $J_k$（每个样本一个数）仍把 $k$ 写在下标上，和周志华的 $E_k$ 一样。
#
# *注意这个平方。* 有些 UFLDL 的中文转述把单个样本的代价印成了 $\tfrac12\lVert h_{W,b}(x) - y\rVert_2$，也就是范数本身；它的导数是 $\tfrac12(a - y)/\lVert a - y\rVert$，而不是下面用到的 $(a - y)$。后面的代码会用引擎把这个差别算给你看。
#
# 记 $\delta^{(l)} = \partial J_k / \partial z^{(l)}$ 为单个样本在第 $l$ 层的**误差项**（这是 UFLDL 的叫法，UFLDL 中文版译作“残差”；Michael Nielsen 的在线书 *Neural Networks and Deep Learning*（中译本《神经网络与深度学习》）称之为“误差”（error）；这里 $J_k = \tfrac12\lVert a^{(N)}[k] - y[k]\rVert_2^{\,2}$ 是这个样本的平方误差项，$J$ 就是各样本 $J_k$ 的平均再加上惩罚项）。链式法则给出一个从后往前的递推：
#
# $$\delta^{(N)} = \big(a^{(N)} - y\big)\odot f'\big(z^{(N)}\big),\qquad
#   \delta^{(l)} = \big(W^{(l)\top}\delta^{(l+1)}\big)\odot f'\big(z^{(l)}\big),$$
#
# 其中 $\odot$ 表示逐元素相乘（Hadamard 积）：$(u\odot v)_i = u_i\,v_i$，也就是 numpy 里两个数组之间的 `*`。然后梯度为
#
# $$\frac{\partial J}{\partial W^{(l)}}
#   = \frac1m\sum_{k=1}^{m} \delta^{(l+1)}[k]\; a^{(l)}[k]^{\top} + \lambda W^{(l)},\qquad
#   \frac{\partial J}{\partial b^{(l)}} = \frac1m\sum_{k=1}^{m} \delta^{(l+1)}[k] .$$
#
# 逐个元素写出来，递推式是
#
# $$\delta_i^{(l)} = \Big(\sum_{j=1}^{S_{l+1}} \delta_j^{(l+1)}\, W^{(l)}_{ji}\Big)\,
#   f'\big(z_i^{(l)}\big),$$
#
# 即对神经元 $i$ 连向的每个神经元 $j$ 求和；矩阵形式就是对所有的 $i$ 同时做这个求和。
#
# 惩罚项只给权重的梯度加上 $\lambda W$，偏置的梯度和各个 $\delta$ 都不受影响。
#
# *关于符号。* 这里 $\delta = \partial J_k/\partial z$，所以 $\delta^{(N)} = (a - y)\odot f'(z)$，梯度下降时*减去* $\eta\,\partial J/\partial W$。有些 UFLDL 的转述仍把 $\delta$ 定义为 $\partial J_k/\partial z$，却写成 $\delta^{(N)} = (y - a)\odot f'(z)$：这其实是 $-\partial J_k/\partial z$，减去它反而会让损失*上升*（见下文）。采用 $y - a$ 的写法时，$\delta$ 就是 $-\partial J_k/\partial z$，更新时必须*加上* $\eta\,\delta a^\top$。周志华的梯度项正是这样做的：$g_j$ 和 $e_h$ 就是 $y - a$ 写法下的 $+\delta$，也就是本节误差项的相反数。第 2 节的网络有三层，$z^{(3)}_j = \beta_j - \theta_j$，$z^{(2)}_h = \alpha_h - \gamma_h$，于是 $g_j = -\delta^{(3)}_j$，$e_h = -\delta^{(2)}_h$；下一个代码单元格的末尾会核对这一点。

# %%
sizes = [4, 5, 3, 2]  # S_1 ... S_N
N = len(sizes)
m, lam = 6, 0.01
rng = np.random.default_rng(7)
Wm = {layer: rng.normal(0, 0.7, size=(sizes[layer], sizes[layer - 1])) for layer in range(1, N)}
bm = {layer: rng.normal(0, 0.3, size=sizes[layer]) for layer in range(1, N)}
# 输入层是第 1 层，也算进 N：N = 4 层，N − 1 = 3 个权重矩阵。
assert list(Wm) == list(range(1, N)) and len(Wm) == N - 1 == 3
X = rng.uniform(-1, 1, size=(sizes[0], m))  # 每列一个样本
Y = rng.uniform(0, 1, size=(sizes[-1], m))

# 前向计算，所有样本一起算（按列排开）。
a_m, z_m = {1: X}, {}
for layer in range(1, N):
    z_m[layer + 1] = Wm[layer] @ a_m[layer] + bm[layer][:, None]
    a_m[layer + 1] = f(z_m[layer + 1])
J = np.sum(0.5 * np.sum((a_m[N] - Y) ** 2, axis=0)) / m
J += lam / 2 * sum(np.sum(Wm[layer] ** 2) for layer in Wm)


def f_prime(zz):
    return f(zz) * (1 - f(zz))


# 反向：δ 递推。
delta = {N: (a_m[N] - Y) * f_prime(z_m[N])}
for layer in range(N - 1, 1, -1):
    delta[layer] = (Wm[layer].T @ delta[layer + 1]) * f_prime(z_m[layer])
dW = {layer: delta[layer + 1] @ a_m[layer].T / m + lam * Wm[layer] for layer in Wm}
db = {layer: delta[layer + 1].mean(axis=1) for layer in bm}
print("J =", J)

# 逐元素的递推 δ_i^(l) = (Σ_j δ_j^(l+1) W_ji) f′(z_i)，用普通的循环写出来。
for layer in range(N - 1, 1, -1):
    for k in range(m):
        for i in range(sizes[layer - 1]):
            total = sum(delta[layer + 1][j, k] * Wm[layer][j, i] for j in range(sizes[layer]))
            assert math.isclose(
                total * f_prime(z_m[layer][i, k]), delta[layer][i, k], rel_tol=1e-12, abs_tol=1e-15
            )

# %%
# 引擎对 δ 一无所知：标量 Value，每个神经元一个 dot 节点。
W_v = {layer: [[Value(t) for t in row] for row in Wm[layer]] for layer in Wm}
b_v = {layer: [Value(t) for t in bm[layer]] for layer in bm}
z_nodes = []  # z_nodes[k][layer][i] = 第 k 个样本的 z^(l)_i
costs = []
for k in range(m):
    act = [float(t) for t in X[:, k]]
    zs = {}
    for layer in range(1, N):
        zs[layer + 1] = [dot(W_v[layer][i], act, b_v[layer][i]) for i in range(sizes[layer])]
        act = [zz.sigmoid() for zz in zs[layer + 1]]
    z_nodes.append(zs)
    costs.append(0.5 * vsum([(act[i] - Y[i, k]) ** 2 for i in range(sizes[-1])]))
penalty = lam / 2 * vsum([w**2 for layer in W_v for row in W_v[layer] for w in row])
J_engine = vsum(costs) / m + penalty
J_engine.backward()

assert math.isclose(J_engine.data, J, rel_tol=1e-12)
for layer in Wm:
    engine_dW = np.array([[w.grad for w in row] for row in W_v[layer]])
    engine_db = np.array([v.grad for v in b_v[layer]])
    assert np.allclose(engine_dW, dW[layer], rtol=1e-10, atol=1e-14), layer
    assert np.allclose(engine_db, db[layer], rtol=1e-10, atol=1e-14), layer

# δ 就是引擎存在每个 z 节点上的梯度（要乘以 m，因为 J 对样本取了平均）。
for layer in range(2, N + 1):
    engine_delta = np.array([[zz.grad for zz in z_nodes[k][layer]] for k in range(m)]).T
    assert np.allclose(engine_delta * m, delta[layer], rtol=1e-10, atol=1e-14), layer
print("每个 ∂J/∂W、∂J/∂b 和 δ 都与矩阵公式一致")

# 平方不能少：用 ½‖a − y‖（不取平方）时，∂/∂a 是 ½(a − y)/‖a − y‖，而不是 (a − y)。
a_out = [Value(t) for t in a_m[N][:, 0]]
norm = vsum([(ai - float(t)) ** 2 for ai, t in zip(a_out, Y[:, 0], strict=True)]) ** 0.5
(0.5 * norm).backward()
residual = a_m[N][:, 0] - Y[:, 0]
unsquared = 0.5 * residual / np.linalg.norm(residual)
assert np.allclose([ai.grad for ai in a_out], unsquared, rtol=1e-12)
assert not np.allclose(unsquared, residual)  # 带平方的代价，梯度才正好是差值 a − y

# 符号不能错：(y − a)·f′(z) 是 −∂J_k/∂z。像梯度那样减去它，J 反而上升。
wrong_delta = {N: (Y - a_m[N]) * f_prime(z_m[N])}
for layer in range(N - 1, 1, -1):
    wrong_delta[layer] = (Wm[layer].T @ wrong_delta[layer + 1]) * f_prime(z_m[layer])
assert np.allclose(wrong_delta[2], -delta[2], rtol=1e-12)


def cost(W_, b_, lam=lam):
    act = X
    for layer in range(1, N):
        act = f(W_[layer] @ act + b_[layer][:, None])
    data_term = np.sum(0.5 * np.sum((act - Y) ** 2, axis=0)) / m
    return data_term + lam / 2 * sum(np.sum(W_[layer] ** 2) for layer in W_)


def walk(top, steps=20, step=2.0):
    # 对平方误差项（λ = 0）做梯度下降，每一步都由 δ^(N) = top(a) ⊙ f′(z^(N)) 重新算出各层的 δ；
    # 返回起点和每一步之后的 J。
    W_ = {layer: Wm[layer].copy() for layer in Wm}
    b_ = {layer: bm[layer].copy() for layer in bm}
    costs = [cost(W_, b_, lam=0.0)]
    for _ in range(steps):
        a_, z_ = {1: X}, {}
        for layer in range(1, N):
            z_[layer + 1] = W_[layer] @ a_[layer] + b_[layer][:, None]
            a_[layer + 1] = f(z_[layer + 1])
        d_ = {N: top(a_[N]) * f_prime(z_[N])}
        for layer in range(N - 1, 1, -1):
            d_[layer] = (W_[layer].T @ d_[layer + 1]) * f_prime(z_[layer])
        for layer in W_:
            W_[layer] -= step * d_[layer + 1] @ a_[layer].T / m
            b_[layer] -= step * d_[layer + 1].mean(axis=1)
        costs.append(cost(W_, b_, lam=0.0))
    return costs


right = walk(lambda a: a - Y)  # δ^(N) = (a − y) ⊙ f′(z) = ∂J_k/∂z^(N)
wrong = walk(lambda a: Y - a)  # (y − a) ⊙ f′(z)，却当作 ∂J_k/∂z^(N) 减去
J0 = right[0]
assert math.isclose(J0, cost(Wm, bm, lam=0.0)) and wrong[0] == J0
print(f"起点的平方误差 J = {J0:.6f}；以步长 2 做梯度下降，J 的变化 ΔJ：")
for taken in (1, 5, 20):
    print(
        f"  {taken:>2} 步后：用 δ = ∂J_k/∂z，ΔJ = {right[taken] - J0:+.2e}；"
        f"把 (y − a)f′ 当作 ∂J_k/∂z，ΔJ = {wrong[taken] - J0:+.2e}"
    )
assert all(b < a for a, b in itertools.pairwise(right))  # 每一步都下降
assert all(b > a for a, b in itertools.pairwise(wrong))  # 每一步都上升

# 周志华的梯度项是误差项的相反数：把第 2 节的网络写成本节的记号，
# 其中 W^(2)（隐层 → 输出层）是他的 W 的转置，所以 W^(2)ᵀ δ^(3) 就是 W @ δ^(3)。
delta_3 = (y_hat - y) * f_prime(beta - theta)  # δ^(3) = (a^(3) − y) ⊙ f′(z^(3))
delta_2 = (W @ delta_3) * f_prime(alpha - gamma)  # δ^(2) = (W^(2)ᵀ δ^(3)) ⊙ f′(z^(2))
assert np.allclose(delta_3, -g, rtol=1e-12, atol=1e-15)
assert np.allclose(delta_2, -e, rtol=1e-12, atol=1e-15)
E_, alpha_, beta_ = forward(*build(V, gamma, W, theta), x, y)
E_.backward()  # 引擎：δ 就是 z 节点（这里是 β 和 α）上的梯度
assert np.allclose([node.grad for node in beta_], delta_3, rtol=1e-12, atol=1e-15)
assert np.allclose([node.grad for node in alpha_], delta_2, rtol=1e-12, atol=1e-15)
print("δ^(3) =", delta_3, "= −g；δ^(2) =", delta_2, "= −e")

# %% [markdown]
# 最后看看 λ 的作用：加上惩罚项后（这里 $\lambda = 0.001$，即 `lam_small`，只有上面 $\lambda = 0.01$ 的十分之一，效果依然明显），同样的梯度下降循环结束时权重更小。引擎算出的惩罚项本身的梯度恰好是 $\lambda W$；下面这个单元格就用这个 $\lambda = 0.001$ 来检验。

# %%
lam_small = lam / 10
assert math.isclose(lam_small, 0.001)  # 上面 λ 的十分之一
W_probe = [Value(t) for t in Wm[1].ravel()]
(lam_small / 2 * vsum([w**2 for w in W_probe])).backward()
assert np.allclose([w.grad for w in W_probe], lam_small * Wm[1].ravel(), rtol=1e-12)


STEPS = 300  # 梯度下降的步数，下面的 descend 用它
assert STEPS == 300  # 正文说的“训练 300 步”


def descend(W_start, b_start, lam=0.0, steps=STEPS, lr=2.0):
    # 从这些权重出发，对 J（含 λ/2·ΣW²）做全批量梯度下降；返回最后的权重。
    W_ = {layer: W_start[layer].copy() for layer in W_start}
    b_ = {layer: b_start[layer].copy() for layer in b_start}
    for _ in range(steps):
        a_, z_ = {1: X}, {}
        for layer in range(1, N):
            z_[layer + 1] = W_[layer] @ a_[layer] + b_[layer][:, None]
            a_[layer + 1] = f(z_[layer + 1])
        dl = {N: (a_[N] - Y) * f_prime(z_[N])}
        for layer in range(N - 1, 1, -1):
            dl[layer] = (W_[layer].T @ dl[layer + 1]) * f_prime(z_[layer])
        for layer in W_:
            W_[layer] -= lr * (dl[layer + 1] @ a_[layer].T / m + lam * W_[layer])
            b_[layer] -= lr * dl[layer + 1].mean(axis=1)
    return W_, b_


def squared_weights(lam):
    W_end, _ = descend(Wm, bm, lam)
    return sum(np.sum(W_end[layer] ** 2) for layer in W_end)


plain, penalised = squared_weights(0.0), squared_weights(lam_small)
print(f"训练后的 ΣW²：λ = 0 → {plain:.3f}，λ = {lam_small:g} → {penalised:.3f}")
assert penalised < plain / 2  # 效果依然明显：ΣW² 不到不加惩罚时的一半

# %% [markdown]
# ## 7. 权重为什么要随机初始化：打破对称
#
# UFLDL 把每个权重（和偏置）初始化为一个很小的随机数：从均值为 0、标准差为 0.01 的正态分布中抽取，记作 $\mathcal N(0, 0.01^2)$（第二个数是方差，即标准差的平方）。为什么不干脆全都取 0？如果进入某一层的权重和偏置初始值都相等（这一层的每个神经元拿到 $W$ 的同一行和同一个 $b$），离开这一层的权重也都相等（全取 0 正是这样），这一层的每个神经元算出的 $z$ 都一样，得到的 $\delta$ 也一样（递推 $\delta_i = f'(z_i)\sum_j W_{ji}\delta_j$ 对它们一视同仁），于是收到的更新也一样：它们从此永远一模一样，整层只抵得上一个神经元。
#
# 下面把同一个 4-5-3-2 网络分别从全零和从这样的随机值出发训练 300 步。对每次训练，这个单元格打印训练前后的代价（平方误差，$\lambda = 0$，也就是循环要最小化的那个），以及训练前后五个隐层神经元的输入权重之间相差多少；再用引擎计算这些权重的梯度：各行相同，就说明这些神经元是相同的。目标 $Y$ 是随机数，没有多少规律可学：两次训练都只让代价下降了一点，从约 0.088 降到同样的 0.081。差别在神经元上。从全零出发，它们在训练前、训练后以及梯度上都完全相同。从随机值出发，它们从一开始就各不相同（相差约 0.025），训练 300 步之后相差的仍然差不多这么多：随机初始化在起点就打破了对称，训练一直保持着这种不对称。


# %%
def engine_gradients(W_, b_):
    # 由引擎计算 ∂J/∂W（λ = 0），确认对称的状态不是 numpy 造成的假象。
    Wv = {layer: [[Value(float(t)) for t in row] for row in W_[layer]] for layer in W_}
    bv = {layer: [Value(float(t)) for t in b_[layer]] for layer in b_}
    costs = []
    for k in range(m):
        act = [float(t) for t in X[:, k]]
        for layer in range(1, N):
            act = [dot(Wv[layer][i], act, bv[layer][i]).sigmoid() for i in range(sizes[layer])]
        costs.append(0.5 * vsum([(act[i] - Y[i, k]) ** 2 for i in range(sizes[-1])]))
    (vsum(costs) / m).backward()
    return {layer: np.array([[w.grad for w in row] for row in Wv[layer]]) for layer in Wv}


zeros_W = {layer: np.zeros_like(Wm[layer]) for layer in Wm}
zeros_b = {layer: np.zeros_like(bm[layer]) for layer in bm}
init_rng = np.random.default_rng(0)
small_W = {
    layer: init_rng.normal(0, 0.01, size=Wm[layer].shape) for layer in Wm
}  # 均值 0，标准差 0.01
small_b = {layer: init_rng.normal(0, 0.01, size=bm[layer].shape) for layer in bm}

finals = {}
for name, (W0, b0) in {"全零": (zeros_W, zeros_b), "随机": (small_W, small_b)}.items():
    W_end, b_end = descend(W0, b0)
    # W^(1) 的第 i 行：进入第 2 层第 i 个隐层神经元的权重。各行相差多少？
    spread_start = np.ptp(W0[1], axis=0).max()
    spread = np.ptp(W_end[1], axis=0).max()
    start, final = cost(W0, b0, lam=0.0), cost(W_end, b_end, lam=0.0)  # descend 最小化的 J
    finals[name] = final
    print(f"从{name}起点出发：")
    print(f"  代价 {start:.5f} → {final:.5f}（训练 {STEPS} 步后）")
    print(f"  隐层神经元之间最多相差 {spread_start:.2e} → {spread:.2e}")
    g_engine = engine_gradients(W_end, b_end)
    g_spread = np.ptp(g_engine[1], axis=0).max()  # 它们的梯度相差多少
    print(f"  它们的梯度（由引擎算出）最多相差 {g_spread:.2e}")
    assert abs(start - 0.088) < 1e-3 and abs(final - 0.081) < 1e-3  # 可学的东西不多
    if name == "全零":
        assert spread_start == spread == 0.0  # 五个隐层神经元始终只有一个样子
        assert np.ptp(b_end[1]) == 0.0  # 偏置也只有一个：进入这一层的偏置一直相等
        assert g_spread <= 1e-15  # 梯度相同，更新就相同，永远如此
    else:
        assert abs(spread_start - 0.025) < 1e-3 and g_spread > 1e-6  # 一开始就各不相同
        assert abs(spread / spread_start - 1) < 0.05  # 训练之后相差的仍然差不多
assert abs(finals["全零"] - finals["随机"]) < 1e-4  # 两次训练停在同样的代价

# %% [markdown]
# ## 轮到你了
#
# 把每个占位函数换成你自己的实现并运行，再运行它下面的检验：检验会指出哪一项错了（期望值与你的值），或者打印 ✓。数组都是 numpy 数组。练习 1–3 是第 1–5 节的网络，重新用回周志华的字母：$l$ 是输出的个数，$b_h$ 是隐层神经元的输出；练习 4 是第 6 节的，那里 $l$ 表示层号。
#
# **练习 1 —— $g_j$。** 给定输出 $\hat y$ 和目标 $y$（长度都是 $l$），返回输出层的梯度项，即向量 $g_j = \hat y_j(1 - \hat y_j)(y_j - \hat y_j)$。检验会在两个小网络上把它与引擎算出的 $-\partial E/\partial\beta_j$ 比较，其中一个网络的目标值既不是 0 也不是 1。


# %% tags=["exercise:g-j"]
def g_of(y_hat, y):
    """每个输出 j 的 g_j = −∂E/∂β_j。"""
    raise NotImplementedError("轮到你了")


# %%
from exercises.nb03 import check_delta_step, check_e_h, check_g_j, check_updates

check_g_j(g_of)

# %% [markdown]
# **练习 2 —— $e_h$。** 给定隐层输出 $b_h$（长度为 $q$）、权重 $W$（形状为 $q\times l$，$W_{hj} = w_{hj}$）和 $g$，对每个 $h$ 返回隐层的梯度项 $e_h = b_h(1 - b_h)\sum_j w_{hj}\,g_j$。


# %% tags=["exercise:e-h"]
def e_of(b_hidden, W, g):
    """每个隐层神经元 h 的 e_h = −∂E/∂α_h。"""
    raise NotImplementedError("轮到你了")


# %%
check_e_h(e_of)

# %% [markdown]
# **练习 3 —— 四个更新量。** 给定一个样本的输入 $x$（长度为 $d$）、隐层输出 $b_h$、梯度项 $g$ 和 $e$ 以及学习率 $\eta$，返回标准 BP 的元组 $(\Delta W, \Delta\theta, \Delta V, \Delta\gamma)$，也就是第 3 节的
#
# $$\Delta w_{hj} = \eta\, g_j\, b_h,\qquad \Delta\theta_j = -\eta\, g_j,\qquad
#   \Delta v_{ih} = \eta\, e_h\, x_i,\qquad \Delta\gamma_h = -\eta\, e_h ,$$
#
# 每个更新量的形状与它的参数相同：$\Delta W$ 和 $W$ 一样是 $q\times l$，$\Delta V$ 和 $V$ 一样是 $d\times q$（这样的表可以用 `np.outer` 得到）。检验会对每个参数 $p$ 用引擎算出 $-\eta\,\partial E/\partial p$，再与你的结果比较。


# %% tags=["exercise:updates"]
def updates(x, b_hidden, g, e, eta):
    """(ΔW, Δθ, ΔV, Δγ)：标准 BP 对一个样本的更新量。"""
    raise NotImplementedError("轮到你了")


# %%
check_updates(updates)

# %% [markdown]
# **练习 4 —— δ 递推的一步。** 给定 $W^{(l)}$（形状为 $S_{l+1}\times S_l$）、加权输入 $z^{(l)}$ 和 $\delta^{(l+1)}$，返回 $\delta^{(l)} = \big(W^{(l)\top}\delta^{(l+1)}\big)\odot f'\big(z^{(l)}\big)$，其中 $f$ 是 sigmoid（上面的 `f_prime` 可以直接用）。检验会把它与引擎在一个 4-5-3-2 网络的 $z$ 节点上留下的梯度比较。


# %% tags=["exercise:delta-step"]
def delta_step(W, z, delta_next):
    """由 δ^(l+1) 求 δ^(l)：(Wᵀ δ^(l+1)) ⊙ f′(z^(l))。"""
    raise NotImplementedError("轮到你了")


# %%
check_delta_step(delta_step)
