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
# # 1 · 导数与链式法则
#
# 训练一个网络，就是一点一点地调整成千上万个数（权重 $w$ 和偏置 $b$），让代价下降。要知道每个数该*往哪边*调，就需要代价对它的偏导数。反向传播说到底就是高效运用**链式法则**的一种办法：一次就把所有这些导数都算出来。
#
# 本笔记本把这些零件一个一个搭起来，每个公式都检验两遍：一遍手工敲进去，一遍由 `autograd_mini` 计算。两者由 `assert` 比较，所以引擎要是算错了，这个笔记本就会报错停下。

# %%
import itertools
import math

import matplotlib.pyplot as plt
import numpy as np
import sympy as sp

from autograd_mini import Value, dot, grad

# %% tags=["zh-only"]
# 图中的中文用 Noto Sans SC：随 notebooks 依赖从 PyPI 安装，不需要系统字体
from cjk_font import use_chinese_font

use_chinese_font()

# %% tags=["zh-only"]
# 本库画的图（draw_graph）里的文字也用中文：说明、标注、悬停时的公式；数字的写法不变
from autograd_mini import picture_language

picture_language("zh")

# %% [markdown]
# ## 1. 导数是一个极限
#
# 对一元函数来说，$x_0$ 处的导数就是曲线在这一点的斜率：
#
# $$f'(x_0) = \lim_{h \to 0} \frac{f(x_0 + h) - f(x_0)}{h}.$$
#
# 取 $f(x) = x^3 - 2x + \dfrac{1}{1 + x^2}$。由幂函数的求导法则和商的求导法则得到 $f'(x) = 3x^2 - 2 - \dfrac{2x}{(1 + x^2)^2}$。随着 $h$ 变小，差商一点点逼近 $f'(x_0)$。


# %%
def f(x):
    # 只用 + - * / ** 写成，所以既能接受 float，也能接受 Value。
    return x**3 - 2 * x + 1 / (1 + x * x)


def f_prime(x):
    # 手算：x³ 和 2x 用幂函数的求导法则，1/(1 + x²) 用商的求导法则。
    return 3 * x**2 - 2 - 2 * x / (1 + x * x) ** 2


x0 = 0.7
distances = []  # |quotient − f'(x0)|
for h in [1e-1, 1e-2, 1e-3, 1e-4, 1e-5]:
    quotient = (f(x0 + h) - f(x0)) / h
    distances.append(abs(quotient - f_prime(x0)))
    print(f"h = {h:.0e}   (f(x0 + h) - f(x0)) / h = {quotient:.10f}")
print(f"解析式                       f'(x0) = {f_prime(x0):.10f}")

engine = grad(f)(x0)  # autograd_mini 对同一个 Python 函数求导
print(f"引擎                    grad(f)(x0) = {engine:.10f}")
assert math.isclose(engine, f_prime(x0), rel_tol=1e-12)
# h 每缩小十倍，差商离 f'(x0) 也近了大约十倍
assert all(0.05 < b / a < 0.2 for a, b in itertools.pairwise(distances))


# %% [markdown]
# ## 2. 数值导数与步长带来的误差
#
# 计算机没法取极限，所以*数值*导数只能停在某个有限的 $h$ 上。两种经典的取法：
#
# * 前向差分 $\;\dfrac{f(x+h) - f(x)}{h}$，误差 $\approx \tfrac{h}{2}|f''(x)|$，随 $h$ 线性减小（一阶）；
# * 中心差分 $\;\dfrac{f(x+h) - f(x-h)}{2h}$，误差 $\approx \tfrac{h^2}{6}|f'''(x)|$，随 $h^2$ 减小（二阶）。
#
# 这两个误差估计都来自泰勒展开 $f(x+h) = f(x) + h f'(x) + \tfrac{h^2}{2} f''(x) + \tfrac{h^3}{6} f'''(x) + \dots$。差商只保留了这个级数的前几项，被截掉的那些项造成的误差叫作**截断误差**（truncation error）。对前向差分，$\frac{f(x+h) - f(x)}{h} = f'(x) + \tfrac{h}{2} f''(x) + \dots$；在中心差分里，$f(x+h)$ 和 $f(x-h)$ 的 $f(x)$ 项和 $h^2$ 项相互抵消，剩下 $\frac{f(x+h) - f(x-h)}{2h} = f'(x) + \tfrac{h^2}{6} f'''(x) + \dots$。$h$ 越小，截断误差越小。但在浮点运算里 $h$ 不能一直趋于零：$f(x+h)$ 和 $f(x)$ 前面相同的位数越来越多，一相减，这些位就全被消掉了。这种*舍入*误差按 $\varepsilon/h$ 增长，其中 $\varepsilon \approx 2.2\times10^{-16}$。总误差呈 V 形：前向差分的最佳 $h$ 在 $\sqrt{\varepsilon} \approx 10^{-8}$ 附近，中心差分的在 $\varepsilon^{1/3} \approx 6\times10^{-6}$ 附近。（这两个数来自让两种误差相等，并略去其中的常数：前向差分 $h \approx \varepsilon/h$，得 $h \approx \sqrt{\varepsilon}$；中心差分 $h^2 \approx \varepsilon/h$，得 $h \approx \varepsilon^{1/3}$。这些常数由 $f$ 和它的导数决定，它们让准确的最佳 $h$ 与上面两个数差一个因子。下面的单元格把这个因子算出来：对这里的 $f$、在 $x_0 = 0.7$ 处，前向差分约为 0.6，中心差分约为 0.5。）在 V 的底部，舍入误差是*杂乱*的，并不平滑：某个碰巧的 $h$ 可能比其他点低得多，所以下面打印出的、前向差分单点误差最小的那个 $h$ 可能离 $10^{-8}$ 差上一两个数量级（也可能有几个 $h$ 的误差恰好一样小，下面把它们都列出来）。理论预测的是误差在哪里*稳定地*小；下面这个单元格检验的正是这一点。
#
# 引擎根本没有步长——它用的是精确的求导法则——所以它待在图的最底部。


# %%
def f_second(x):
    # 对 f'(x) 再手工求一次导。
    return 6 * x - (2 - 6 * x**2) / (1 + x * x) ** 3


def f_third_by_hand(x):
    # 再求一次导：三阶导数，下面的中心差分要用到。
    return 6 + 24 * x * (1 - x * x) / (1 + x * x) ** 4


# 引擎也能给出二阶导数：grad 套 grad。
assert math.isclose(grad(grad(f))(x0), f_second(x0), rel_tol=1e-12)

hs = np.logspace(-15, -1, 57)
exact = f_prime(x0)
forward_err = np.array([abs((f(x0 + h) - f(x0)) / h - exact) for h in hs])
central_err = np.array([abs((f(x0 + h) - f(x0 - h)) / (2 * h) - exact) for h in hs])
engine_err = abs(grad(f)(x0) - exact)

# 在截断误差占主导的区域，误差与泰勒展开的估计相符。
h = 1e-3
at_h = forward_err[np.argmin(abs(hs - h))]
assert math.isclose(at_h, h / 2 * abs(f_second(x0)), rel_tol=0.05)
# 在截断误差占主导的区域，拟合 log(误差) 对 log(h) 的斜率。
big = hs >= 1e-4
slope_forward = np.polyfit(np.log10(hs[big]), np.log10(forward_err[big]), 1)[0]
slope_central = np.polyfit(np.log10(hs[big]), np.log10(central_err[big]), 1)[0]
print(f"前向差分的误差 ~ h^{slope_forward:.2f}，中心差分的误差 ~ h^{slope_central:.2f}")
assert abs(slope_forward - 1) < 0.1 and abs(slope_central - 2) < 0.1

# 最佳的 h 在哪里？让截断误差与舍入误差平衡（ε 是机器精度）：
#   前向：h/2·|f''| + 2ε|f|/h   在  h* = 2·sqrt(ε|f| / |f''|)  处最小
#   中心：h²/6·|f'''| + ε|f|/h  在  h* = (3ε|f| / |f'''|)^(1/3) 处最小
# 舍入误差那一项从哪里来：算出的每个 f 值最多差约 ε|f|，两个值相减最多差 2ε|f|；
# 前向差分再除以 h，得 2ε|f|/h，中心差分除以 2h，得 ε|f|/h。
eps = np.finfo(float).eps
f_third = grad(grad(grad(f)))(x0)  # 引擎连续求三次导
assert math.isclose(f_third, f_third_by_hand(x0), rel_tol=1e-12)
assert math.isclose(central_err[np.argmin(abs(hs - h))], h**2 / 6 * abs(f_third), rel_tol=0.05)
h_forward = 2 * math.sqrt(eps * abs(f(x0)) / abs(f_second(x0)))
h_central = (3 * eps * abs(f(x0)) / abs(f_third)) ** (1 / 3)
# 正文给出的因子：准确的 h* 与 √ε 之比（约 0.6）、与 ε^(1/3) 之比（约 0.5）
factor_forward, factor_central = h_forward / math.sqrt(eps), h_central / eps ** (1 / 3)
assert round(factor_forward, 1) == 0.6 and round(factor_central, 1) == 0.5
# 每个 h* 都是对应的两项误差之和最小的地方：向左或向右偏 1 %，和都会变大
around = np.array([0.99, 1.0, 1.01])
h_f, h_c = around * h_forward, around * h_central
assert np.argmin(h_f / 2 * abs(f_second(x0)) + 2 * eps * abs(f(x0)) / h_f) == 1
assert np.argmin(h_c**2 / 6 * abs(f_third) + eps * abs(f(x0)) / h_c) == 1
# 正文里的约数，手算：ε ≈ 2.2e-16，√ε ≈ 1e-8（前向），ε^(1/3) ≈ 6e-6（中心）。
assert round(eps, 17) == 2.2e-16
assert round(math.log10(math.sqrt(eps))) == -8
assert round(eps ** (1 / 3), 6) == 6e-6
print(f"预测的最佳 h：前向 {h_forward:.1e}，中心 {h_central:.1e}")
print(f"  即 {factor_forward:.2f}·√ε 和 {factor_central:.2f}·ε^(1/3)")
# 最小误差可能在好几个 h 上同时取到（误差相等，h 可能相差很远）：全部列出
best_forward = ", ".join(f"{t:.1e}" for t in hs[forward_err == forward_err.min()])
best_central = ", ".join(f"{t:.1e}" for t in hs[central_err == central_err.min()])
print(f"实测单点误差最小的 h：前向 {best_forward}；中心 {best_central}")


# 舍入误差没有规律：在某些 h 上舍入碰巧相互抵消，那一点会比邻近的点低得多
# （编写本笔记本时，前向差分的误差在相差一个数量级的两个 h 上都达到了它的最小值；
# 具体是哪几个 h、有几个，取决于机器的舍入，以上面打印的那一行为准）。预测说的是
# *典型*的误差：在哪个数量级区间里最坏的误差最小，这个区间就包含 h*。
def best_decade(errors):
    decades = np.floor(np.log10(hs) + 1e-9)
    worst = {d: errors[decades == d].max() for d in np.unique(decades)}
    return 10 ** min(worst, key=worst.get)


for name, errors, predicted in [
    ("前向", forward_err, h_forward),
    ("中心", central_err, h_central),
]:
    low = best_decade(errors)
    print(f"{name}：各数量级区间中，[{low:.0e}, {10 * low:.0e}) 的最坏误差最小")
    assert low <= predicted < 10 * low

fig, ax = plt.subplots(figsize=(7, 4.6), layout="constrained")
ax.loglog(hs, forward_err, "o-", ms=3, label="前向差分  (f(x+h) - f(x)) / h")
ax.loglog(hs, central_err, "s-", ms=3, label="中心差分  (f(x+h) - f(x-h)) / (2h)")
engine_label = f"引擎（精确的求导法则）：与解析式之差 {engine_err:.0e}（为 0 时画在 1e-17 处）"
ax.axhline(max(engine_err, 1e-17), color="k", ls="--", label=engine_label)
ax.set_ylim(bottom=1e-19)  # 在引擎那条线下面留出空间，否则它就压在坐标轴上
ax.set_xlabel("步长 h")
ax.set_ylabel("f'(x0) 的 |误差|")
ax.set_title("截断误差随 h 减小而下降，舍入误差则上升")
fig.legend(loc="outside lower center")  # 放在坐标区下方：放在里面会挡住引擎那条线
plt.show()

# %% [markdown]
# ## 3. 沿着导数走下坡
#
# $f'(x_0)$ 的符号告诉我们哪边是上坡。逆着它迈一步，
#
# $$x \leftarrow x - \eta\, f'(x),$$
#
# 只要步长因子 $\eta$（*学习率*）足够小，每一步都会让 $f$ 下降，直到在一个*局部*极小值处斜率为零。只是局部的：$f$ 没有最低点（$x \to -\infty$ 时 $x^3$ 这一项起主导作用）；在下图的左端，$f(-1.6) \approx -0.615$ 就已经比梯度下降停下来的地方 $f(0.920) \approx -0.520$ 更低。梯度下降只会走到出发点所在那个山谷的谷底。这里每一步用到的 $f'$ 都由引擎提供。

# %%
eta = 0.05
x = 2.0
path = [x]
for _ in range(150):
    x = x - eta * grad(f)(x)
    path.append(x)

print(f"停在 x = {x:.8f}，手算的 f'(x) = {f_prime(x):.2e}")
assert abs(f_prime(x)) < 1e-8  # 是驻点……
assert f_second(x) > 0  # ……而且是局部极小值
assert all(f(p) >= f(q) - 1e-14 for p, q in itertools.pairwise(path))  # 从没往上坡走
assert round(x, 3) == 0.920 and round(f(x), 3) == -0.520  # 正文给出的数
assert round(f(-1.6), 3) == -0.615 and f(-1.6) < f(x)  # 图的左端更低
assert f(-10.0) < -900  # 再往左还要低：没有最低点
assert math.isclose(f(-1e3) / (-1e3) ** 3, 1, rel_tol=1e-5)  # x³ 这一项起主导作用

grid = np.linspace(-1.6, 2.1, 300)
fig, ax = plt.subplots(figsize=(7, 4))
ax.plot(grid, f(grid), label="f(x)")
ax.plot(path[:12], [f(p) for p in path[:12]], "o-", color="C3", label="梯度下降的前几步")
ax.set_xlabel("x")
ax.set_ylabel("f(x)")
ax.legend()
plt.show()

# %% [markdown]
# ### 一次只看一个权重：一个算例
#
# 如何求某个参数的偏导？把整个损失（loss）连同数字全部写出来，只留*一个*权重当自变量，其余的权重和输入全部固定，它就成了一个普通的一元函数。取单个 sigmoid 神经元，输入为 0.5、0.7、0.35，权重为 $w_1$、0.3、0.8，目标为 1，并像初次尝试时常见的那样，把误差写成输出减去目标：
#
# $$\text{loss}(w_1) = \frac{1}{1 + e^{-(0.5\,w_1 + 0.3\cdot0.7 + 0.8\cdot0.35)}} - 1 .$$
#
# 记 $s = 0.5\,w_1 + 0.49$。sigmoid 函数 $\sigma(s) = 1/(1 + e^{-s})$ 的导数是 $\sigma(s)\big(1 - \sigma(s)\big)$（笔记本 0 第 7 节），由链式法则得 $\dfrac{d\,\text{loss}}{dw_1} = \sigma(s)\big(1-\sigma(s)\big)\cdot 0.5$。
#
# *一个常见的失误*：这样写出的 $\text{loss}$ 是输出减去目标，并不是损失：它是负数，把它变小反而让输出*远离* 1。通常的损失要取平方，即 $(\sigma(s) - 1)^2$，导数为 $2(\sigma(s) - 1)\,\sigma(s)(1 - \sigma(s))\cdot 0.5$——在这里始终为负，所以梯度下降会增大 $w_1$，输出向 1 上升。下面在 $w_1 = 0.4$ 处把两者都检验一遍。


# %%
def neuron_output(w1):
    return 1 / (1 + (-(w1 * 0.5 + 0.3 * 0.7 + 0.8 * 0.35)).exp())


w1 = Value(0.4, "w1")
(neuron_output(w1) - 1).backward()
frozen = 0.3 * 0.7 + 0.8 * 0.35
assert round(frozen, 12) == 0.49  # 正文的 s = 0.5·w1 + 0.49：固定下来的两项 0.3·0.7 + 0.8·0.35
s_ = 0.5 * 0.4 + frozen
sig = 1 / (1 + math.exp(-s_))
assert math.isclose(w1.grad, sig * (1 - sig) * 0.5, rel_tol=1e-12)
# 那个失误：“loss”是负数，它的斜率为正，所以 w ← w − η·grad 会减小 w1，
# 输出也随之变小（σ 随 w1 增大而增大）：离 1 越来越远
assert sig - 1 < 0 < w1.grad

w1 = Value(0.4, "w1")
((neuron_output(w1) - 1) ** 2).backward()
assert math.isclose(w1.grad, 2 * (sig - 1) * sig * (1 - sig) * 0.5, rel_tol=1e-12)
assert w1.grad < 0  # 所以 w ← w − η·grad 会增大 w1，输出向 1 靠近

W1 = sp.symbols("w1")
symbolic = sp.diff((1 / (1 + sp.exp(-(W1 * 0.5 + 0.3 * 0.7 + 0.8 * 0.35))) - 1) ** 2, W1)
assert math.isclose(float(symbolic.subs(W1, 0.4)), w1.grad, rel_tol=1e-12)
print(f"不取平方：d loss/dw1 = {sig * (1 - sig) * 0.5:.6f}；取平方：d (loss²)/dw1 = {w1.grad:.6f}")

# %% [markdown]
# ## 4. 神经元加权输入的偏导数
#
# 一个神经元有输入 $x_1, x_2$、权重 $w_1, w_2$ 和偏置 $b$，它先算出
#
# $$z = x_1 w_1 + x_2 w_2 + b .$$
#
# 其他量都不动时，$z$ 随 $w_1$ 变化的速率是 $x_1$：
#
# $$\frac{\partial z}{\partial w_1} = x_1,\qquad \frac{\partial z}{\partial w_2} = x_2,
# \qquad \frac{\partial z}{\partial b} = 1,\qquad \frac{\partial z}{\partial x_1} = w_1 .$$
#
# 所以，**$z$ 对某个权重的导数，就是这个权重所乘的那个输入**——前向计算一结束就知道了。（这是李宏毅《机器学习》课程“反向传播（Backpropagation）”一讲的前半部分，即求 $\partial z/\partial w$ 的前向过程（forward pass）。）

# %%
x1, x2 = Value(2.0, "x1"), Value(-1.5, "x2")
w1, w2, b = Value(0.4, "w1"), Value(-0.3, "w2"), Value(0.1, "b")

z = x1 * w1 + x2 * w2 + b
z.backward()

hand = {"w1": x1.data, "w2": x2.data, "b": 1.0, "x1": w1.data, "x2": w2.data}
for v in (w1, w2, b, x1, x2):
    print(f"∂z/∂{v.label:<2} 引擎 {v.grad:+.3f}   手算 {hand[v.label]:+.3f}")
    assert math.isclose(v.grad, hand[v.label])

# %% [markdown]
# 库里还有一个专门计算这种和的融合节点 `dot(ws, xs, bias)`。它只是*一个*节点，它的*局部导数*在前向计算时就存了下来，正是上面那些数：每个权重对应的那个输入、每个输入对应的那个权重，以及偏置的 1。

# %%
z_dot = dot([w1, w2], [x1, x2], b)
assert math.isclose(z_dot.data, z.data)
for parent, local in zip(z_dot.parents, z_dot.local_grads, strict=True):
    print(f"∂z/∂{parent.label:<2} = {local:+.3f}")
    assert math.isclose(local, hand[parent.label])

# %% [markdown]
# ## 5. 复合函数上的链式法则
#
# （李宏毅的这一讲也是从链式法则讲起的。）对 $y = e^{\sin(x^2)}$，把它拆成一串步骤：$u = x^2$，$v = \sin u$，$y = e^v$。每一步的局部导数都很简单，链式法则把它们乘起来：
#
# $$\frac{dy}{dx} = \frac{dy}{dv}\,\frac{dv}{du}\,\frac{du}{dx}
# = e^{v}\cdot\cos u\cdot 2x .$$
#
# 引擎做的正是这件事：从 $y$ 往回走，每个节点的梯度等于使用它的那个节点的梯度乘以局部导数（若有多个使用者，各份相加，见下文）。`backward()` 之后，每个中间节点都保存着 $y$ 对它的偏导数，也就是一路乘到它为止的乘积。

# %%
x = Value(0.9, "x")
u = x * x
v = u.sin()
y = v.exp()
y.backward()

dy_dv = math.exp(v.data)
dy_du = dy_dv * math.cos(u.data)
dy_dx = dy_du * 2 * x.data
for name, node, by_hand in [("v", v, dy_dv), ("u", u, dy_du), ("x", x, dy_dx)]:
    print(f"∂y/∂{name}：引擎 {node.grad:.10f}   手算 {by_hand:.10f}")
    assert math.isclose(node.grad, by_hand, rel_tol=1e-12)

# 第三种独立的验证：sympy 的符号求导。
X = sp.symbols("x")
symbolic = sp.diff(sp.exp(sp.sin(X**2)), X)
print(f"sympy：{symbolic}")
assert math.isclose(float(symbolic.subs(X, 0.9)), x.grad, rel_tol=1e-12)

# %% [markdown]
# 一个变量如果被用了**两次**，它的影响就沿两条路径到达输出，两份贡献相加。对 $y = x \sin x$：经过左边因子的路径给出 $\sin x$，经过右边因子的路径给出 $x\cos x$，所以 $dy/dx = \sin x + x\cos x$——乘积的求导法则，就是对各条路径求和的链式法则。下面这个单元格先单独检验每条路径，再检验它们的和。

# %%
x = Value(1.3, "x")
y = x * x.sin()
y.backward()
by_hand = math.sin(1.3) + 1.3 * math.cos(1.3)
# 每条路径单独算：把另一个因子里的 x 当作常数（普通的数）。
left, right = Value(1.3), Value(1.3)
(left * math.sin(1.3)).backward()
(1.3 * right.sin()).backward()
assert math.isclose(left.grad, math.sin(1.3), rel_tol=1e-12)
assert math.isclose(right.grad, 1.3 * math.cos(1.3), rel_tol=1e-12)
assert math.isclose(left.grad + right.grad, x.grad, rel_tol=1e-12)
print(f"引擎 {x.grad:.10f}   手算 {by_hand:.10f}")
assert math.isclose(x.grad, by_hand, rel_tol=1e-12)

# %% [markdown]
# 网络里的每个隐层神经元都是这样的节点。设它在第 $l$ 层，输出为 $a$。$a$ 送往下一层（第 $l+1$ 层）的每个神经元 $j$——这里的 $j$ 编号的是下一层的神经元（字母与笔记本 4 一致：那里把 $a$ 写作 $a^{(L-1)}_k$，即它所在层的第 $k$ 个神经元，$w_{jk}$ 是从它连到神经元 $j$ 的权重）——神经元 $j$ 的加权输入是 $z^{(l+1)}_j = w_j a + \dots$（上标 $(l+1)$ 表示层号，不是乘方）：$w_j$ 是从 $a$ 连到神经元 $j$ 的那条连接的权重，省略号代表那个神经元其他输入的项和它的偏置。代价 $C$（训练要把它变小的那个数）只通过这些 $z^{(l+1)}_j$ 依赖于 $a$，所以每个神经元 $j$ 对应一条路径；由第 4 节，沿这条路径的局部导数就是权重：$\partial z^{(l+1)}_j/\partial a = w_j$。对各条路径求和，
#
# $$\frac{\partial C}{\partial a}
#   = \sum_j \frac{\partial z^{(l+1)}_j}{\partial a}\,\frac{\partial C}{\partial z^{(l+1)}_j}
#   = \sum_j w_j\,\frac{\partial C}{\partial z^{(l+1)}_j} .$$
#
# 下面这个单元格取三个这样的神经元，代价取对目标值 $t_j$ 的平方误差 $C = \sum_j \big(\sigma(z^{(l+1)}_j) - t_j\big)^2$，这时 $\partial C/\partial z^{(l+1)}_j = 2\big(\sigma(z^{(l+1)}_j) - t_j\big)\,\sigma'(z^{(l+1)}_j)$，其中 $\sigma' = \sigma(1 - \sigma)$：$\sigma$ 上的一撇表示求导，“下一层”只由上标表示。（笔记本 5 会一步步看引擎怎样把各条路径加起来。）

# %%
a = Value(0.6, "a")
weights = [0.5, -1.2, 0.8]  # w_j：从 a 连到神经元 j 的权重
biases = [0.1, -0.2, 0.3]
targets = [1.0, 0.0, 1.0]  # t_j
z_next = [w_j * a + b_j for w_j, b_j in zip(weights, biases, strict=True)]  # z_j^(l+1)
outputs = [z_j.sigmoid() for z_j in z_next]
C = sum((o - t_j) ** 2 for o, t_j in zip(outputs, targets, strict=True))
C.backward()

# 手算：先算 σ(z_j^(l+1))，再算 ∂C/∂z_j^(l+1) = 2(σ − t_j)σ(1 − σ)，最后对各条路径求和。
z_by_hand = [w_j * 0.6 + b_j for w_j, b_j in zip(weights, biases, strict=True)]
sig = [1 / (1 + math.exp(-z)) for z in z_by_hand]
dC_dz = [2 * (s - t_j) * s * (1 - s) for s, t_j in zip(sig, targets, strict=True)]
for z_j, by_hand in zip(z_next, dC_dz, strict=True):
    assert math.isclose(z_j.grad, by_hand, rel_tol=1e-12)
by_hand = sum(w_j * d for w_j, d in zip(weights, dC_dz, strict=True))
print(f"∂C/∂a：引擎 {a.grad:.10f}   手算 {by_hand:.10f}")
assert math.isclose(a.grad, by_hand, rel_tol=1e-12)

# %% [markdown]
# ### 梯度是一个向量，不是一个和
#
# 对多元函数 $z = f(x, y)$，梯度把各个偏导数排成一个**向量**，
#
# $$\nabla f = \Big(\frac{\partial z}{\partial x},\ \frac{\partial z}{\partial y}\Big),$$
#
# 它指向上升最陡的方向，它的长度就是这个最陡的斜率。（一个常见的错误是写成 $\nabla f = \frac{\partial z}{\partial x} + \frac{\partial z}{\partial y}$：这个和只是一个数，等于沿方向 $(1, 1)$ 的斜率乘以 $\sqrt2$，它没法告诉我们 $x$ 和 $y$ 各该往哪边移动。）下面用 $f(x, y) = x^2 y + \sin y$ 检验。


# %%
def g2(x, y):
    return x * x * y + (y.sin() if isinstance(y, Value) else math.sin(y))


x, y = Value(1.2, "x"), Value(-0.7, "y")
g2(x, y).backward()
nabla = np.array([x.grad, y.grad])
by_hand = np.array([2 * 1.2 * -0.7, 1.2**2 + math.cos(-0.7)])
assert np.allclose(nabla, by_hand, rtol=1e-12)


def slope_along(d, h=1e-6):
    d = np.asarray(d) / np.linalg.norm(d)
    return (g2(1.2 + h * d[0], -0.7 + h * d[1]) - g2(1.2 - h * d[0], -0.7 - h * d[1])) / (2 * h)


sum_of_partials = nabla.sum()
assert math.isclose(slope_along([1, 1]) * math.sqrt(2), sum_of_partials, rel_tol=1e-6)
assert math.isclose(slope_along(nabla), np.linalg.norm(nabla), rel_tol=1e-6)  # 最陡
angles = np.linspace(0, 2 * np.pi, 721)
assert max(slope_along([np.cos(t), np.sin(t)]) for t in angles) <= np.linalg.norm(nabla) + 1e-6
print(
    f"∇f = ({nabla[0]:.4f}, {nabla[1]:.4f})，|∇f| = {np.linalg.norm(nabla):.4f}，"
    f"∂z/∂x + ∂z/∂y = {sum_of_partials:.4f}"
)

# %% [markdown]
# ## 6. 计算图及其梯度
#
# 把这些零件拼起来：一个 sigmoid 神经元 $a = \sigma(x_1 w_1 + x_2 w_2 + b)$。`draw_graph` 画出每个值节点及其数值 `data` 和梯度 `grad`，并在每条边上标出反向传播时要乘上的局部导数：从 $w_1$ 进入乘法的边上写着 $x_1$（第 4 节），从 $z$ 进入 $\sigma$ 的边上写着 $\sigma'(z)$。笔记本 5 会一步一步地重放一张类似的图：换了一个神经元，它的加权求和是一个 `dot` 节点，输出后面还接上了代价 $C = (a - y)^2$。

# %%
import re

from autograd_mini import draw_graph


def drawn_edges(graph, name):
    """从标签为 name 的方框引出的每一条边：（它进入的运算，边上写的数）。"""
    node = re.search(rf"(\w+) \[label=<<TABLE[^\n]*<B>{name}</B>", graph.source)[1]
    edges = re.findall(rf'\b{node} -> (\w+) \[label="?([-+.\w]+)', graph.source)
    return [
        (re.search(rf'\b{op} \[label="?([^" ]+)', graph.source)[1], label) for op, label in edges
    ]


x1, x2 = Value(2.0, "x1"), Value(-1.5, "x2")
w1, w2, b = Value(0.4, "w1"), Value(-0.3, "w2"), Value(0.1, "b")
x1w1, x2w2 = x1 * w1, x2 * w2
x1w1.label, x2w2.label = "x1·w1", "x2·w2"
z = x1w1 + x2w2 + b
z.label = "z"
a = z.sigmoid()
a.label = "a"
a.backward()

# σ'(z) = σ(z)(1 - σ(z))，再乘一个链式法则的因子：∂z/∂w1 = x1。
s = 1 / (1 + math.exp(-z.data))
assert math.isclose(z.grad, s * (1 - s))
assert math.isclose(w1.grad, s * (1 - s) * x1.data)
# σ 节点存下的是 σ′(z)，用它的输出 a 来写就是 a(1 − a)，即练习 2 说的 sigmoid 那一行。
assert math.isclose(a.local_grads[0], a.data * (1 - a.data), rel_tol=1e-12)
# 这只是 sigmoid 的规则：对 SiLU，y = a·σ(a)，y(1 − y) 不是 dy/da。
a_silu = Value(z.data)
y_silu = a_silu * a_silu.sigmoid()
y_silu.backward()
assert not math.isclose(a_silu.grad, y_silu.data * (1 - y_silu.data), rel_tol=1e-3)

graph = draw_graph(a)
# 边上的标签就是局部导数（4 位有效数字）：w1 的边上是 x1，z 的边上是 σ'(z)。
assert drawn_edges(graph, "w1") == [("×", f"{x1.data:#.4g}")]
assert drawn_edges(graph, "z") == [("σ", f"{s * (1 - s):#.4g}")]
assert "<svg" in graph.svg()  # 真的渲染成了图，而不只是 DOT 文本
graph

# %% [markdown]
# ## 轮到你了
#
# 每个练习是一个单元格，里面的占位代码会抛出 `NotImplementedError`；把函数体换成你的答案，运行这个单元格，再运行它下面的检验。检验会指出*哪里*错了——哪一项、应得的值和你算出的值——全部一致时打印 ✓。
#
# **练习 1 —— 中心差分。** 对任意函数 `f`、点 `x` 和步长 `h`，写出 $\dfrac{f(x+h) - f(x-h)}{2h}$（用给你的那个 `h`）。


# %% tags=["exercise:central-difference"]
def central_difference(f, x, h):
    """用步长为 h 的中心差分估计 f'(x)。"""
    raise NotImplementedError("轮到你了")


# %%
from exercises.nb01 import check_central_difference, check_local_derivative

check_central_difference(central_difference)

# %% [markdown]
# **练习 2 —— 一个新运算和它的局部导数。** 引擎认识的每个运算都是一张表里的一行（就像笔记本 0 的那张表）：前向规则，以及紧挨着它的局部导数 $dy/da$，后者可以用到输入 $a$ 和输出 $y$。sigmoid 那一行（$y = \sigma(a)$）的局部导数可以写成 $y(1-y)$：这就是第 6 节的 $\sigma'(z) = a(1 - a)$，只是用输出来写（引擎用 $\sigma(z)\,\sigma(-z)$ 算出同一个数，原因见笔记本 7；$\sigma$ 节点存下的就是这个数）。这只是 sigmoid 自己的规则：SiLU 的输出不是 sigmoid 的输出，$y(1-y)$ 也不是它的导数。请为 $y = a\,\sigma(a)$（称为 SiLU 或 swish）写出这一行：`silu_local(a, y)` 返回 $dy/da$。提示：乘积的求导法则，以及 $\sigma'(a) = \sigma(a)(1 - \sigma(a))$。可以用 $y$，但不要用 $y/a$ 来求 $\sigma(a)$：在 $a = 0$ 处它要除以零，而检验恰好会试 $a = 0$；请直接由 $a$ 算出 $\sigma(a)$。检验会把你的公式与引擎对 `a * a.sigmoid()` 求出的导数作比较；如果你的函数抛出错误，检验会指出它是在哪个输入上出的错。


# %% tags=["exercise:local-derivative"]
def silu_local(a, y):
    """y = a·σ(a) 的 dy/da，已知输入 a 和输出 y。"""
    raise NotImplementedError("轮到你了")


# %%
check_local_derivative(silu_local)
