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
# # 6 · 梯度检验与二阶导数
#
# 反向传播算错了，算出的数字也可能看起来正常：梯度略有偏差的训练循环照样能让代价下降，只是效果更差。标准的防线是**梯度检验**：把解析梯度与只用前向计算得到的数值梯度作比较。本笔记本用 `autograd_mini` 的 `gradcheck` 来做这件事：相对误差、步长 $h$ 怎么选、错误的导数长什么样。然后让二阶导数派上用场：用 `grad(grad(f))` 实现牛顿法，并画出 $\frac{d^2}{dx^2}\tanh x$ 的计算图。
#
# **出处。** Stanford CS231n，*Neural Networks Part 3: Learning and Evaluation*，“Gradient checks”一节（<https://cs231n.github.io/neural-networks-3/#gradcheck>）：中心差分公式、相对误差及其阈值、不可导的折点。UFLDL（Andrew Ng 等），*Gradient checking and advanced optimization*（<http://ufldl.stanford.edu/wiki/index.php/Gradient_checking_and_advanced_optimization>）：步长取 $10^{-4}$ 的双侧差分（UFLDL 把步长记作 $\varepsilon$，本笔记本记作 $h$），以及两个梯度至少应有四位有效数字一致的经验法则。

# %%
import html
import math
import re
import unicodedata

import matplotlib.pyplot as plt
import numpy as np
from exercises import nb06
from IPython.display import display

from autograd_mini import (
    GradcheckError,
    Value,
    draw_graph,
    grad,
    gradcheck,
    gradients,
    numerical_gradient,
)

# %% tags=["zh-only"]
# 图中的中文用 Noto Sans SC：随 notebooks 依赖从 PyPI 安装，不需要系统字体
from cjk_font import use_chinese_font

use_chinese_font()

# %% tags=["zh-only"]
# 本库画的图（draw_graph）里的文字也用中文：说明、标注、悬停时的公式；数字的写法不变
from autograd_mini import picture_language

picture_language("zh")

# %% [markdown]
# ## 1. 梯度检验：先手算，再用 `gradcheck`
#
# 我们的检验对象：一个带平方误差代价的 sigmoid 神经元（笔记本 2），看作它三个参数的函数，输入 $x_1, x_2$ 和目标 $y$ 固定不变：
#
# $$C(w_1, w_2, b) = \big(\sigma(z) - y\big)^2, \qquad z = w_1 x_1 + w_2 x_2 + b .$$
#
# 手算（链式法则，$\sigma' = \sigma(1-\sigma)$）：$\dfrac{\partial C}{\partial w_i} = 2(a - y)\,\sigma'(z)\,x_i$，$\dfrac{\partial C}{\partial b} = 2(a - y)\,\sigma'(z)$，其中 $a = \sigma(z)$。
#
# 数值梯度每次只把一个参数移动一个小步长 $\pm h$，取**中心差分**（误差 $O(h^2)$，单侧差分是 $O(h)$）。把三个参数写成一个向量 $p = (p_1, p_2, p_3) = (w_1, w_2, b)$，再记 $u_i$ 为第 $i$ 个分量是 1、其余分量是 0 的单位向量，于是 $p \pm h\,u_i$ 只移动 $p_i$ 这一个分量：
#
# $$\frac{\partial C}{\partial p_i} \approx
# \frac{C(p + h\,u_i) - C(p - h\,u_i)}{2h}.$$
#
# （UFLDL 把参数记作 $\theta$，把单位向量记作 $e_i$（CS231n 的“Gradient checks”一节一次只动一个数，写作 $x$ 和 $h$）；这里不用这两个字母，因为笔记本 3 按周志华的记法已经给了它们别的意思：$\theta_j$ 是输出层神经元的阈值，$e_h$ 是隐层的梯度项。）

# %%
X1, X2, Y = 1.5, -0.7, 1.0


def cost(w1, w2, b):
    a = (w1 * X1 + w2 * X2 + b).sigmoid()
    return (a - Y) ** 2


p = [0.3, -1.2, 0.1]  # p = (w1, w2, b)

# 手算。
z = p[0] * X1 + p[1] * X2 + p[2]
a = 1 / (1 + math.exp(-z))
common = 2 * (a - Y) * a * (1 - a)
by_hand = [common * X1, common * X2, common]

# 引擎的解析梯度。
params = [Value(t, label=name) for t, name in zip(p, ["w1", "w2", "b"], strict=True)]
engine = gradients(cost(*params), params)
for name, eng, hnd in zip(["w1", "w2", "b"], engine, by_hand, strict=True):
    print(f"∂C/∂{name:<2}  引擎 {eng:+.12f}   手算 {hnd:+.12f}")
    assert math.isclose(eng, hnd, rel_tol=1e-12)

# 数值梯度：把 C(p ± h u_i) 的中心差分逐项写出……
h = 1e-6
central = []
for i in range(3):
    u = [1.0 if k == i else 0.0 for k in range(3)]  # 单位向量 u_i
    up = [pk + h * uk for pk, uk in zip(p, u, strict=True)]
    down = [pk - h * uk for pk, uk in zip(p, u, strict=True)]
    step = up[i] - down[i]  # 2h，差一个舍入误差
    central.append((cost(*map(Value, up)).data - cost(*map(Value, down)).data) / step)
# ……以及本库的版本，做的是同一件事。（它除以实际用到的两点之间的距离：pᵢ ± h 会被舍入成
# 浮点数，所以这段距离只在舍入误差内等于 2h。）
assert np.allclose(central, numerical_gradient(cost, *p, eps=h), rtol=1e-12, atol=0)
print("中心差分", np.round(central, 12))

# gradcheck = 引擎的梯度对照中心差分，带容差。
assert gradcheck(cost, *p)

# %% [markdown]
# ## 2. 相对误差
#
# 多接近才算接近？绝对差本身说明不了什么：大小为 $10^{4}$ 的梯度差 $10^{-4}$ 是极好的，大小为 $10^{-6}$ 的梯度差 $10^{-4}$ 则毫无意义。CS231n 用**相对误差**来比较
#
# $$\text{rel} = \frac{|g_a - g_n|}{\max(|g_a|,\ |g_n|)}$$
#
# （$g_a$ 为解析梯度，$g_n$ 为数值梯度；两者都为 0 时取 0），并这样解读：高于 $10^{-2}$，梯度多半错了；$10^{-2}$ 到 $10^{-4}$，值得警惕；$10^{-4}$ 到 $10^{-7}$，对有折点的函数（ReLU）可以接受，否则偏高；低于 $10^{-7}$，很好。UFLDL 的“四位有效数字”大约对应 $10^{-4}$ 的相对误差。`gradcheck` 的判据 $|g_a - g_n| \le \text{atol} + \text{rtol}\,|g_n|$（判据的形式同 `numpy.isclose`；默认容差 `rtol=1e-3`、`atol=1e-5` 与 PyTorch `gradcheck` 相同）是同一个思路，只是为恰好为 0 的导数加了一个绝对下限 `atol`。第 4 节会说明这个下限什么时候太宽松。
#
# 把代价乘以 $10^6$（比如对一百万个样本求和），每个梯度乘以 $10^6$，每个绝对差也大约乘以 $10^6$，相对误差却基本不变：解析梯度精确地放大 $10^6$ 倍；数值梯度的舍入噪声约为 $\varepsilon|C|/h$，也随 $C$ 大约放大 $10^6$ 倍，只是不严格成比例（下面打印的每个相对误差保留两位有效数字，数量级不变，第二位数字会略有变动）。这里的 $\varepsilon \approx 2.2\times 10^{-16}$ 是机器精度（见第 3 节），不是 UFLDL 记作 $\varepsilon$ 的步长——那个步长本笔记本记作 $h$。


# %%
def relative_error(analytical, numerical):
    scale = max(abs(analytical), abs(numerical))
    return 0.0 if scale == 0 else abs(analytical - numerical) / scale


def scaled_cost(w1, w2, b):
    return 1e6 * cost(w1, w2, b)


scaled = gradients(scaled_cost(*params), params)
scaled_numerical = numerical_gradient(scaled_cost, *p, eps=h)
for name, ga, gn, sa, sn in zip(
    ["w1", "w2", "b"], engine, central, scaled, scaled_numerical, strict=True
):
    print(
        f"{name:<2}  |ga - gn| {abs(ga - gn):.1e}  相对误差 {relative_error(ga, gn):.1e}    "
        f"×1e6：|ga - gn| {abs(sa - sn):.1e}  相对误差 {relative_error(sa, sn):.1e}"
    )
    assert math.isclose(sa, 1e6 * ga, rel_tol=1e-12)  # 手算：d(10⁶C) = 10⁶ dC
    assert relative_error(ga, gn) < 1e-7 and relative_error(sa, sn) < 1e-7  # CS231n：好
    assert 0.5 < relative_error(sa, sn) / relative_error(ga, gn) < 2  # 基本不变
    # 正文所说：打印成两位有效数字时，相对误差的数量级不变
    assert f"{relative_error(ga, gn):.1e}"[-3:] == f"{relative_error(sa, sn):.1e}"[-3:]
assert relative_error(0.0, 0.0) == 0.0
assert math.isclose(relative_error(1.0, 1.1), 0.1 / 1.1, rel_tol=1e-12)
# 正文里两个差 1e-4 的梯度：大小为 1e4 的很好（< 1e-7），大小为 1e-6 的是错的（> 1e-2）。
assert relative_error(1e4, 1e4 + 1e-4) < 1e-7 and relative_error(1e-6, 1e-6 + 1e-4) > 1e-2
assert gradcheck(scaled_cost, *p)

# %% [markdown]
# ## 3. 步长 $h$ 的选择
#
# 两种误差随 $h$ 变化的趋势相反（笔记本 1 对 $f'$ 画过同样的 V 形）：
#
# * **截断误差**：记 $\varphi(w_1) = C(w_1, w_2, b)$ 为沿 $w_1$ 方向的代价；由泰勒定理，$\varphi'$ 的中心差分大约偏差 $\dfrac{h^2}{6}\,|\varphi'''|$，随 $h \to 0$ 而减小；
# * **舍入误差**：$C(p \pm h\,u_i)$ 的计算有约 $\varepsilon \approx 2.2\times 10^{-16}$ 的相对误差，$\varepsilon$ 是 1 附近相邻两个浮点数的间距（`np.finfo(float).eps`）；两者之差除以 $2h$，误差约为 $\varepsilon\,|C|/h$，随 $h \to 0$ 而增大。
#
# 两者之和在 $h^\star = \big(3\varepsilon|C|/|\varphi'''|\big)^{1/3}$ 附近最小。下面在双对数坐标上画出 49 个步长下 $\partial C/\partial w_1$ 的误差，并与这个模型对照；三阶导数 $\varphi''' = \partial^3 C/\partial w_1^3$ 来自引擎本身：`grad(grad(grad(·)))`。


# %%
def cost_of_w1(w1):
    return cost(w1, p[1], p[2])


exact = engine[0]
phi3 = grad(grad(grad(cost_of_w1)))(p[0])
C0 = cost(*map(Value, p)).data
eps = np.finfo(float).eps

hs = np.logspace(-13, -1, 49)
errors = np.array([abs(numerical_gradient(cost_of_w1, p[0], eps=s)[0] - exact) for s in hs])
truncation = hs**2 / 6 * abs(phi3)
rounding = eps * C0 / hs
h_star = (3 * eps * C0 / abs(phi3)) ** (1 / 3)
best = hs[np.argmin(errors)]
# 两个误差模型之和在 h* 处最小：它的斜率 h|φ'''|/3 − ε|C|/h² 在那里为 0
near = h_star * np.array([0.99, 1.0, 1.01])
assert np.argmin(near**2 / 6 * abs(phi3) + eps * C0 / near) == 1
print(f"φ''' = {phi3:.6f}，模型给出的最佳 h* = {h_star:.1e}，实测最佳 h = {best:.1e}")

# 截断误差占主导的地方，误差就是泰勒余项（在双对数图上斜率为 2）；
# 舍入误差占主导的地方，h 越小，误差越大。
big = hs >= 1e-3
slope = np.polyfit(np.log10(hs[big]), np.log10(errors[big]), 1)[0]
# 单侧差分 (C(w₁ + h) − C(w₁))/h，对应第 1 节说的 O(h)：斜率为 1。
one_sided = [abs((cost_of_w1(Value(p[0] + s)).data - C0) / s - exact) for s in hs[big]]
slope_one_sided = np.polyfit(np.log10(hs[big]), np.log10(one_sided), 1)[0]
print(f"h ≥ 1e-3 部分的斜率：{slope:.3f}（单侧差分：{slope_one_sided:.3f}）")
assert abs(slope - 2) < 0.05
assert abs(slope_one_sided - 1) < 0.05  # O(h)，而中心差分是 O(h²)
at = np.argmin(abs(hs - 1e-2))
assert math.isclose(errors[at], truncation[at], rel_tol=0.02)
assert 1e-7 <= best <= 1e-3 and h_star / 100 <= best <= h_star * 100
# 舍入误差占主导时（h ≤ 1e-8），实测误差约为 ε|C|/h：中位数在 3 倍以内
assert 1 / 3 < np.median(errors[hs <= 1e-8] / rounding[hs <= 1e-8]) < 3
assert errors[0] > 100 * errors.min()  # h = 1e-13：舍入误差已占上风
fine = (hs >= 1e-7) & (hs <= 1e-4)
assert np.all(errors[fine] / abs(exact) < 1e-7)  # 按第 2 节的解读属于“好”
at_1e3 = np.argmin(abs(hs - 1e-3))
assert 1e-7 < errors[at_1e3] / abs(exact) < 1e-5  # h = 1e-3 时已接近 1e-6

fig, ax = plt.subplots(figsize=(7.2, 5.4), layout="constrained")
ax.loglog(hs, errors, "o-", ms=3, label="实测 |中心差分 − 引擎|")
ax.loglog(hs, truncation, "--", label="截断误差模型  h²|φ'''|/6")
ax.loglog(hs, rounding, ":", label="舍入误差模型  ε|C|/h")
ax.axvline(1e-4, color="C3", lw=1, label="UFLDL 的步长 h = 1e-4")
ax.axvline(1e-6, color="C4", lw=1, label="gradcheck 的默认 eps = 1e-6")
# 纵轴从 10⁻¹⁸ 开始：舍入模型的最低点（h = 0.1 处）之下也有一个标了数的刻度
ax.set_ylim(1e-18, 1e-2)
ax.set_xlabel("步长 h")
ax.set_ylabel(r"$\partial C/\partial w_1$ 的绝对误差")
ax.set_title("中心差分：舍入误差（左）与截断误差（右）")
fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncols=2)
plt.show()

# %% [markdown]
# 步长在 $10^{-7}$ 到 $10^{-4}$ 之间时，相对误差都低于 $10^{-7}$——按第 2 节的解读属于“好”——所以 UFLDL 的 $10^{-4}$ 和本库的 $10^{-6}$ 都能用（到 $10^{-3}$ 时已接近 $10^{-6}$）。步长小得多反而*更差*，而不是更好。
#
# 截断误差的模型本身也可以单独检验：换成各阶导数都能手算的函数。对 $f = \sin$，中心差分恰好是 $\dfrac{\sin(x+h) - \sin(x-h)}{2h} = \cos x\,\dfrac{\sin h}{h} = \cos x\,\big(1 - \tfrac{h^2}{6} + \dots\big)$：偏差为 $\tfrac{h^2}{6}\,f'''(x)$，因为 $f''' = -\cos$。对 $f = \exp$，中心差分是 $e^x\,\dfrac{\sinh h}{h}$，偏差为 $\tfrac{h^2}{6}\,e^x$，而 $f''' = \exp$。第 6 节用到的二阶差分 $\big(f(x+h) - 2f(x) + f(x-h)\big)/h^2$ 偏差为 $\tfrac{h^2}{12}\,f''''(x)$。中心差分取 $h = 10^{-3}$，二阶差分取 $10^{-2}$，这时舍入误差（约为 $\varepsilon|f|/h$ 和 $4\varepsilon|f|/h^2$）比截断误差至少小 $10^5$ 倍，所以实测的误差必须就是模型给出的值，连符号在内——精确到 1 %，这足以分辨 $h^2/6$ 和 $h^2/12$（只要求误差在 2 倍以内的检验分辨不出）。$f'''$ 和 $f''''$ 是手写的，引擎用 `grad` 求三次、四次导数，结果必须与之一致。

# %%
x0 = 1.0
cases = [  # f、同一个 f 的 Value 版本，以及手算的 x₀ 处的 f′、f″、f‴、f⁗ 和中心差分
    (
        "sin",
        math.sin,
        Value.sin,
        [math.cos(x0), -math.sin(x0), -math.cos(x0), math.sin(x0)],
        lambda h: math.cos(x0) * math.sin(h) / h,  # cos x · sin h / h
    ),
    ("exp", math.exp, Value.exp, [math.exp(x0)] * 4, lambda h: math.exp(x0) * math.sinh(h) / h),
]
h_c, h_s = 1e-3, 1e-2  # 中心差分和二阶差分的步长
for name, f, f_value, (d1, d2, d3, d4), centred_by_hand in cases:
    # 引擎求出的三阶、四阶导数就是手算的那两个
    assert math.isclose(grad(grad(grad(f_value)))(x0), d3, rel_tol=1e-12)
    assert math.isclose(grad(grad(grad(grad(f_value))))(x0), d4, rel_tol=1e-12)
    centred = (f(x0 + h_c) - f(x0 - h_c)) / (2 * h_c)
    second = (f(x0 + h_s) - 2 * f(x0) + f(x0 - h_s)) / h_s**2
    # 正文的闭式是精确的：它与中心差分只差舍入误差
    assert math.isclose(centred, centred_by_hand(h_c), rel_tol=1e-10)
    print(
        f"{name}：中心差分 − f′ = {centred - d1:+.3e}，h²f‴/6 = {h_c**2 / 6 * d3:+.3e}；"
        f"二阶差分 − f″ = {second - d2:+.3e}，h²f⁗/12 = {h_s**2 / 12 * d4:+.3e}"
    )
    # 截断误差的模型
    assert math.isclose(centred - d1, h_c**2 / 6 * d3, rel_tol=0.01)
    assert math.isclose(second - d2, h_s**2 / 12 * d4, rel_tol=0.01)
    # 按舍入误差的模型，它比截断误差至少小 10⁵ 倍
    assert 1e5 * eps * abs(f(x0)) / h_c <= abs(h_c**2 / 6 * d3)
    assert 1e5 * 4 * eps * abs(f(x0)) / h_s**2 <= abs(h_s**2 / 12 * d4)

# %% [markdown]
# ## 4. 错误的导数长什么样
#
# 引擎的运算都经过测试；错误往往出在你自己写的梯度里。在 `autograd_mini` 中，节点把局部导数存在 `local_grads` 里（前向时算好），反向传播只是沿着计算图把它们相乘。所以一个“手写”的新运算就是它的前向值加上一行局部导数。我们做一个 sigmoid 运算，把求导规则作为参数传进去，试三条规则。第二条是经典笔误：周志华《机器学习》§5.3 把 sigmoid 的导数写成 $f'(x) = f(x)\big(1 - f(x)\big)$，用的是*输出*；如果误把 $f(x)$ 当成输入 $x$，写成 $x(1 - x)$，程序不会报错，只会训练得很差。


# %%
def sigmoid_op(derivative):
    """x ↦ σ(x)，反向传播时用 derivative(x, σ(x)) 这条规则，而不用引擎自带的。"""

    def op(x):
        out = x.sigmoid()
        if out.parents:  # 在 no_grad 下（算数值差分时）不建计算图
            out.local_grads = (derivative(x.data, out.data),)
        return out

    return op


rules = {
    "正确：σ(x)(1 − σ(x))": lambda x, s: s * (1 - s),
    "错误：x(1 − x)": lambda x, s: x * (1 - x),  # 把 f′ = f(1 − f) 误读成输入的函数
    "错误：偏大 1 %": lambda x, s: 1.01 * s * (1 - s),
}


def cost_with(rule):
    sigmoid = sigmoid_op(rules[rule])

    def c(w1, w2, b):
        return (sigmoid(w1 * X1 + w2 * X2 + b) - Y) ** 2

    c.__name__ = f"代价（规则：{rule}）"
    return c


def padded(text, width):
    """text 后面补上空格，一共占 width 列：一个汉字占两列（Unicode 的东亚宽度为 W 或 F），
    所以用 f"{text:<24}" 补齐的中文规则会对不齐。"""
    columns = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - columns)


worst = {}
for rule in rules:
    f = cost_with(rule)
    ga = gradients(f(*params), params)
    worst[rule] = max(map(relative_error, ga, numerical_gradient(f, *p)))
    try:
        gradcheck(f, *p)
        verdict = "通过"
    except GradcheckError:
        verdict = "未通过（GradcheckError）"
    print(f"{padded(rule, 24)} 最大相对误差 {worst[rule]:.1e}   gradcheck：{verdict}")

assert worst["正确：σ(x)(1 − σ(x))"] < 1e-7
assert worst["错误：x(1 − x)"] > 1e-2
# σ′ 偏大 1 %，每个梯度就都偏大 1 %：手算的相对误差是 0.01/1.01。
assert math.isclose(worst["错误：偏大 1 %"], 0.01 / 1.01, rel_tol=1e-5)

# %% [markdown]
# 报告会指出哪个输入没通过、差了多少——数值列和解析列并排显示。报告是英文的，下面一段逐列说明怎样读它：

# %%
try:
    gradcheck(cost_with("错误：x(1 − x)"), *p)
    raise AssertionError("gradcheck 没有发现错误的导数")
except GradcheckError as error:
    print(error)
    report = str(error)
    assert report.count("MISMATCH") == 3  # 三个参数都经过 σ
    # 第一行的设置就是 gradcheck 的默认值，与 PyTorch 的 gradcheck 相同：
    # 步长 h 即 eps = 1e-6，容差 atol = 1e-5、rtol = 1e-3
    assert "(eps=1e-06, atol=1e-05, rtol=0.001)" in report.splitlines()[0]

# %% [markdown]
# 怎样读这份报告：第一行 `gradcheck failed for …` 意为“`gradcheck` 没有通过”，后面是函数名和设置——`eps` 是中心差分的步长 $h$，`atol`、`rtol` 是两个容差。接下来 `f` 的每个输入占一行（这里是 $p_1, p_2, p_3 = w_1, w_2, b$）：`input i` 是这个输入在 `f` 的参数中的位置（从 0 数起）；`x` 是它的取值；`numerical` 是数值梯度 $g_n$（中心差分）；`analytical` 是引擎用 `backward()` 算出的解析梯度 $g_a$；最后一列在 $|g_a - g_n| \le \text{atol} + \text{rtol}\,|g_n|$ 时写 `ok`（通过），否则写 `MISMATCH`（不一致）。

# %%
# 逐列手算核对：这些数就是 numerical_gradient 和 gradients() 给出的数，而且每一行都不满足
# 默认容差 atol = 1e-5、rtol = 1e-3 下的 |g_a − g_n| ≤ atol + rtol·|g_n|。
wrong = cost_with("错误：x(1 − x)")
ga, gn = gradients(wrong(*params), params), numerical_gradient(wrong, *p)
for a_i, n_i in zip(ga, gn, strict=True):
    assert f"numerical {n_i!r}" in report and f"analytical {a_i!r}" in report
    assert abs(a_i - n_i) > 1e-5 + 1e-3 * abs(n_i)  # 不一致

# %% [markdown]
# 1 % 的误差最危险：训练照样能进行，只是效果差一些，宽松的容差就会放它过去。用 `rtol=1e-3`（默认值）`gradcheck` 能抓住它；用 `rtol=0.05` 就抓不住。而当梯度本身很小时，绝对下限 `atol` 可能把错误完全掩盖——这时要看相对误差，或者传入 `atol=0`。
#
# **折点。** 梯度正确时检验也可能失败。ReLU 在 0 处有折点；在 $x = 10^{-7}$ 处它的导数是 1，但 $h = 10^{-6}$ 的中心差分跨过了折点：$\dfrac{(x + h) - 0}{2h} = 0.55$。CS231n（“Kinks in the objective”一节）用前向计算来判断是否跨过了折点：记下每个 $\max$（ReLU 就是 $\max(0, x)$）在 $x + h$ 和 $x - h$ 处各是哪个输入胜出；只要有一个胜者变了，就是跨过了折点，数值梯度不再准确。它还建议用更少的数据点做检验，这样要跨过的折点也更少。下面这条是我们自己的建议，针对位置已知的折点：取比到折点的距离更小的步长，让 $x \pm h$ 都落在折点同一侧（下面离折点 $10^{-7}$，取 $h = 10^{-8}$）；但不要比这更小，因为差分的舍入误差随 $\varepsilon/h$ 增长。

# %%
assert gradcheck(cost_with("错误：偏大 1 %"), *p, rtol=0.05)  # 太宽松：漏掉了
try:
    gradcheck(cost_with("错误：偏大 1 %"), *p)
    raise AssertionError("默认的容差应当能发现 1 % 的误差")
except GradcheckError:
    print("偏差 1 %：默认的 rtol=1e-3 就能发现")


# 绝对下限 atol = 1e-5 会淹没比它还小的梯度：把带 x(1 − x) 错误的代价缩小到 1e-5 倍，
# 每个差值都小于 atol，默认的判据就通过了，尽管相对误差仍然大于 1。梯度很小时要用 atol=0。
tiny_wrong = cost_with("错误：x(1 − x)")


def tiny_cost(w1, w2, b):
    return 1e-5 * tiny_wrong(w1, w2, b)


ga, gn = gradients(tiny_cost(*params), params), numerical_gradient(tiny_cost, *p)
largest = max(abs(a_i - n_i) for a_i, n_i in zip(ga, gn, strict=True))
print(f"×1e-5：最大的 |ga − gn| 为 {largest:.1e} < atol，最大相对误差", end=" ")
print(f"{max(map(relative_error, ga, gn)):.2f}")
assert largest < 1e-5
assert max(map(relative_error, ga, gn)) > 1
assert gradcheck(tiny_cost, *p)  # 默认的 atol 下漏掉了……
try:
    gradcheck(tiny_cost, *p, atol=0.0)
    raise AssertionError("atol=0 时应当能发现它")
except GradcheckError:
    print("atol=0 时被发现")


def relu(x):
    return x.relu()


x_near_kink = 1e-7
print(f"h = 1e-6 时 relu 在 1e-7 处的数值导数：{numerical_gradient(relu, x_near_kink)[0]}")
assert math.isclose(numerical_gradient(relu, x_near_kink)[0], (1e-7 + 1e-6) / 2e-6)
# ((x + h) − 0)/(2h)，正文说的 0.55
assert round((x_near_kink + 1e-6 - 0) / (2 * 1e-6), 12) == 0.55
try:
    gradcheck(relu, x_near_kink)
    raise AssertionError("在折点处本应误报")
except GradcheckError:
    print("h = 1e-6 跨过了折点：误报")
assert gradcheck(relu, x_near_kink, eps=1e-8)  # h 小于到 0 的距离
assert grad(relu)(x_near_kink) == 1.0  # 手算：x > 0 时 relu′(x) = 1

# %% [markdown]
# ## 5. 二阶导数的用武之地：牛顿法
#
# 梯度下降只用斜率，还需要一个步长（学习率 $\eta$）。**牛顿法**还利用曲率。对一元函数 $f$ 的自变量 $x$（从这里起 $x$ 就是这个自变量，不再是第 1 节的输入 $x_i$），在 $x$ 附近用二阶泰勒多项式 $f(x) + f'(x)\,t + \tfrac12 f''(x)\,t^2$ 近似 $f$，然后直接跳到这条抛物线的顶点，
#
# $$x \leftarrow x - \frac{f'(x)}{f''(x)} .$$
#
# 取 $f(x) = x^4 - 2x^2$：手算 $f'(x) = 4x^3 - 4x = 4x(x^2 - 1)$，$f''(x) = 12x^2 - 4$。驻点是 $x = 0$（$f''(0) = -4$，极大值）和 $x = \pm 1$（$f''(\pm1) = 8$，极小值）。引擎用 `grad(grad(f))` 给出 $f''$——导数的导数，不用手写任何导数公式。（多元时 $f''$ 换成海森矩阵 $H$，一步为 $x \leftarrow x - H^{-1}\nabla f$；笔记本 7 会讲到。）


# %%
def f(x):
    return x**4 - 2 * x**2


def f1(x):  # 手算
    return 4 * x**3 - 4 * x


def f2(x):  # 手算
    return 12 * x**2 - 4


df, d2f = grad(f), grad(grad(f))

x = 2.0
iterates = [x]
for step in range(1, 8):
    slope, curvature = df(x), d2f(x)
    assert math.isclose(slope, f1(x), rel_tol=1e-12)
    assert math.isclose(curvature, f2(x), rel_tol=1e-12)
    x = x - slope / curvature
    iterates.append(x)
    print(f"第 {step} 步：x = {x:.15f}   |x − 1| = {abs(x - 1):.1e}")

# 只要几步：6 步就到 1e-11 以内，第 7 步恰好等于 1，连最后一位都不差。
assert abs(iterates[6] - 1) < 1e-11 and iterates[7] == 1.0
# 驻点：f′ 在 0 和 ±1 处为 0
assert df(0.0) == f1(0.0) == 0.0 and df(1.0) == df(-1.0) == 0.0
# 引擎算出的 f′（df = grad(f)）等于因式分解后的 4x(x² − 1)：看得出它的零点就是驻点 0 和 ±1
for point in (-2.0, -0.5, 0.3, 2.0):
    assert math.isclose(df(point), 4 * point * (point**2 - 1), rel_tol=1e-12)
assert d2f(0.0) == f2(0.0) == -4.0 and d2f(-1.0) == f2(-1.0) == 8.0
assert math.isclose(d2f(iterates[-1]), 8.0, rel_tol=1e-12)  # f''(1) = 12 − 4 = 8 > 0：极小值

# %% [markdown]
# 正确的位数大约每步翻一番：**二次收敛**。记 $x_k$ 为第 $k$ 次迭代的结果，由泰勒展开，$|x_{k+1} - 1| \approx \dfrac{f'''(1)}{2f''(1)}\,|x_k - 1|^2$；由 $f'''(x) = 24x$ 得常数 $24/16 = 1.5$（`grad(grad(grad(f)))` 算出的也是它）。而学习率固定为 $\eta = 0.05$ 的梯度下降，每步只把到 1 的距离乘以一个常数因子 $|1 - \eta f''(1)| = 0.6$：**线性**收敛。

# %%
distance = [abs(v - 1) for v in iterates]  # |x_k − 1|
ratios = [distance[k + 1] / distance[k] ** 2 for k in range(1, 5)]
ratios_shown = ", ".join(f"{r:.4f}" for r in ratios)
print("|x_{k+1} − 1| / |x_k − 1|²：" + ratios_shown)
assert math.isclose(grad(grad(grad(f)))(1.0), 24.0, rel_tol=1e-12)
assert math.isclose(ratios[-1], 24 / (2 * 8), rel_tol=0.01)

eta, x, descent = 0.05, 2.0, [2.0]
while abs(x - 1) > 1e-12:
    x = x - eta * df(x)
    descent.append(x)
newton_steps = next(k for k, v in enumerate(iterates) if abs(v - 1) < 1e-12)
print(f"要达到 |x − 1| < 1e-12，梯度下降需要 {len(descent) - 1} 步，牛顿法只要 {newton_steps} 步")
assert newton_steps == 7
assert len(descent) - 1 > 5 * newton_steps
# 因子 |1 − η f''(1)|，f'' 用引擎的，也用手算的：|1 − 0.05 · 8| = 0.6
rate = abs(1 - eta * d2f(1.0))
assert math.isclose(rate, abs(1 - eta * f2(1.0)), rel_tol=1e-12)
assert math.isclose(rate, 0.6, rel_tol=1e-12)
assert math.isclose(abs(descent[-1] - 1) / abs(descent[-2] - 1), rate, rel_tol=0.01)

# 牛顿法找的是 f' = 0，不是极小值：从 0.3 出发它落在极大值上。
x = 0.3
for _ in range(8):
    x = x - df(x) / d2f(x)
print(f"从 0.3 出发，牛顿法停在 x = {x:.1e}，那里 f'' = {d2f(x):.1f} < 0：是极大值点")
assert abs(x) < 1e-12 and d2f(x) < 0

grid = np.linspace(-1.6, 2.1, 300)
fig, (left, right) = plt.subplots(1, 2, figsize=(7.2, 3.8), layout="constrained")
left.plot(grid, grid**4 - 2 * grid**2, label="f(x) = x⁴ − 2x²")
left.plot(iterates, [f(v) for v in iterates], "o-", color="C3", label="牛顿法，从 x = 2 出发")
left.set_xlabel("x")
left.set_ylabel("f(x)")
left.set_ylim(-1.5, 9)
left.set_title("牛顿法在 f 上的迭代")
left.legend()
right.semilogy(distance[:7], "o-", color="C3", label="牛顿法（第 7 步：恰好为 1）")
right.semilogy([abs(v - 1) for v in descent], ".-", color="C0", label="梯度下降，学习率 η = 0.05")
right.set_xlabel("迭代步 k")
right.set_ylabel("$|x_k - 1|$")
right.set_title("二次收敛与线性收敛")
# 纵轴从 10⁻¹⁴ 开始：最低的点（梯度下降的最后一步）之下有一个标了数的刻度
right.set_ylim(1e-14, 10)
right.legend()
plt.show()

# %% [markdown]
# ## 6. 二阶导数的计算图
#
# 引擎怎样求两次导？用 `create_graph=True` 时，`gradients` 用 **Value** 搭出导数——一个可以再次求导的普通计算图。对 $y = \tanh x$（$x$ 和第 5 节一样是一元函数的自变量，$y$ 是函数值，不再是第 1 节的目标 $y$）：
#
# $$\frac{dy}{dx} = 1 - \tanh^2 x, \qquad
# \frac{d^2y}{dx^2} = -2\tanh x\,\big(1 - \tanh^2 x\big).$$
#
# 这张图比公式大，值得细读。本库把 tanh 的局部导数写成 $4\,\sigma'(2x)$——等于 $1 - \tanh^2 x$（因为 $\tanh x = 2\sigma(2x) - 1$），并且在 $\tanh x$ 舍入成 $\pm 1$ 的地方仍然精确——其中 sigmoid 的斜率 $\sigma'(t) = \sigma(t)\,\sigma(-t)$ 自成一个运算（`sigmoid_slope`，图里画作 σ′），有自己的求导规则：
#
# $$\sigma''(t) = \sigma'(t)\,\big(1 - 2\sigma(t)\big) = -\sigma'(t)\,\tanh(t/2).$$
#
# 两种写法相等（$1 - 2\sigma(t) = -\tanh(t/2)$），但在 $t = 0$ 附近，前一种要把两个接近 ½ 的数相减，有效数字会丢掉——在 $t = 10^{-12}$ 处只剩四位——后一种没有什么会相消。所以 $dy/dx$ 是 $4\sigma'(2x)$ 乘以种子，第二遍反向传播沿着这一条链往回走，把遇到的局部导数相乘：先是 σ′ 在 $t = 2x$ 处的规则（这里 $\tanh(t/2) = \tanh x$），再是 $2x$ 里的那个 2：
#
# $$\frac{d^2y}{dx^2} = 2\cdot\sigma''(2x)\cdot 4 = -8\,\sigma'(2x)\tanh x
# = -2\tanh x\,\big(1 - \tanh^2 x\big).$$

# %%
x = Value(0.5, label="x")
y = x.tanh()
y.label = "y"
(dy,) = gradients(y, [x], create_graph=True)
dy.label = "dy/dx"
(d2y,) = gradients(dy, [x], create_graph=True)
d2y.label = "d²y/dx²"

# gradients 不填写节点的 grad（所以下面的图里省去了它）。
assert x.grad == y.grad == dy.grad == d2y.grad == 0.0
t = math.tanh(0.5)
print(f"dy/dx   引擎 {dy.data:.12f}   手算 {1 - t**2:.12f}")
print(f"d²y/dx² 引擎 {d2y.data:.12f}   手算 {-2 * t * (1 - t**2):.12f}")
assert math.isclose(dy.data, 1 - t**2, rel_tol=1e-12)
assert math.isclose(d2y.data, -2 * t * (1 - t**2), rel_tol=1e-12)
assert math.isclose(grad(grad(lambda v: v.tanh()))(0.5), -2 * t * (1 - t**2), rel_tol=1e-12)
# 第三种独立验证，完全不用求导规则：二阶差分。
h2 = 1e-4
by_differences = (math.tanh(0.5 + h2) - 2 * t + math.tanh(0.5 - h2)) / h2**2
assert math.isclose(by_differences, d2y.data, rel_tol=1e-6)

# 手算闭式，经由 σ(2x) 和 σ(−2x)。
s2, s_2 = 1 / (1 + math.exp(-1.0)), 1 / (1 + math.exp(1.0))  # x = 0.5 处的 σ(2x)、σ(−2x)
ds2 = s2 * s_2  # σ′(2x)
assert math.isclose(s_2, 1 - s2, rel_tol=1e-12)  # 1 − σ(t) = σ(−t)：σ′ = σ(1 − σ) = σ(t)σ(−t)
assert math.isclose(2 * s2 - 1, t, rel_tol=1e-12)  # tanh x = 2σ(2x) − 1
assert math.isclose(4 * ds2, 1 - t**2, rel_tol=1e-12)  # tanh′ = 4σ′(2x)
# 在 tanh x 舍入成 ±1 的地方仍然精确：x = ±20 时 1 − tanh²x 算出来是 0，而引擎给出的斜率
# 与 1/cosh²(20) ≈ 1.7e-17 一致到 12 位有效数字。
tanh_slope = grad(lambda v: v.tanh())
for far in (20.0, -20.0):
    assert abs(math.tanh(far)) == 1.0 and 1 - math.tanh(far) ** 2 == 0.0
    assert math.isclose(tanh_slope(far), 1 / math.cosh(far) ** 2, rel_tol=1e-12)
assert math.isclose(1 - 2 * s2, -t, rel_tol=1e-12)  # 1 − 2σ(t) = −tanh(t/2)，取 t = 2x
assert math.isclose(2 * (-ds2 * t) * 4, d2y.data, rel_tol=1e-12)  # 2·σ″(2x)·4
# 手算 t = 1e-12 处 σ″ 的两种写法：前一种相消，只剩四位有效数字；后一种（引擎的规则）
# 一位不丢。那里 σ″(t) ≈ −t/8，因为 σ′(0) = 1/4。
t_tiny = 1e-12
s_tiny = 1 / (1 + math.exp(-t_tiny))
slope_tiny = s_tiny * (1 / (1 + math.exp(t_tiny)))  # σ′(t)
first_form = slope_tiny * (1 - 2 * s_tiny)
second_form = -slope_tiny * math.tanh(t_tiny / 2)
assert math.isclose(second_form, -t_tiny / 8, rel_tol=1e-12)
assert 1e-5 < abs(first_form - second_form) / abs(second_form) < 1e-3  # 四位有效数字
assert math.isclose(grad(grad(lambda v: v.sigmoid()))(t_tiny), second_form, rel_tol=1e-12)

# %% [markdown]
# **怎样读这张图。** 下面这个单元格按公式给每个方框起名字，起名之前先用手算的同一个量核对方框里的值。从下往上读：$d^2y/dx^2$ 是 $2\cdot\big[\sigma''(2x)\cdot 4\cdot(1\cdot 1)\big]$，第二遍经过的每个局部导数各贡献一个乘积。顺着它往上看：方框 $\sigma''(2x)$ 就是 σ′ 的规则 $-\sigma'(2x)\cdot\tanh(\tfrac12\cdot 2x)$，由第一遍的方框 $\sigma'(2x)$ 和 $2x$ 算出。有三处乍看奇怪：
#
# * 方框 $\tanh x$ 不是 $y$：σ′ 的规则对它上面的 tanh 一无所知，它从自己的输入 $t = 2x$ 算出 $\tanh(t/2)$，中间的方框 $\tfrac12\cdot 2x$ 是重新算出来的 $x$。它的值和 $y$ 一样，是 0.4621。
# * *种子 1* 是 $\partial y/\partial y = 1$，第一遍从这里开始；*种子 2* 是 $\partial(dy/dx)/\partial(dy/dx) = 1$，第二遍从这里开始。它们的乘积 $1\cdot 1$ 是第二遍送进第一遍里因子 $4\sigma'(2x)$ 的梯度，不是这个因子的值（$dy/dx$ 是这个因子乘以种子 1；图里没有画这个因子：$d^2y/dx^2$ 不依赖它的值）；$4\cdot 1\cdot 1$ 是它再乘上 4，也就是到达方框 $\sigma'(2x)$ 的梯度。
# * 在 $x = 0.5$ 处，$2x$ 显示 1.000，$\tfrac12\cdot 2x$ 和 $x$ 一样显示 0.5000。
#
# `gradients` 不填写节点的 `grad`，所以图里省去了它。

# %%
# 从 d²y/dx² 往回读这张图，每次拆开一个乘积。
assert d2y.op == "mul"
(inner,) = d2y.parents  # d²y/dx² = 2 · [σ″(2x) · 4·1·1]；2 是常数
sdd, four_ones = inner.parents
minus_ds, tanh_x = sdd.parents  # σ″(2x) = −σ′(2x) · tanh(½·2x)
(ds,) = minus_ds.parents
assert ds.op == "sigmoid_slope"  # σ′，自成一个运算
assert ds is dy.parents[0].parents[0]  # dy/dx = 4σ′(2x) · 种子 1
(two_x,) = ds.parents
(half_two_x,) = tanh_x.parents
assert half_two_x.parents[0] is two_x  # ½·(2x)，来自同一个方框 2x
(ones,) = four_ones.parents  # 4 · (1·1)
seed_1, seed_2 = ones.parents
assert seed_1 is dy.parents[1]

boxes = [  # （节点，它的名字，它的手算值）
    (inner, "σ″(2x)·4·1·1", (-ds2 * t) * 4),
    (sdd, "σ″(2x)", -ds2 * t),  # σ″(t) = −σ′(t)·tanh(t/2)
    (minus_ds, "−σ′(2x)", -ds2),
    (ds, "σ′(2x)", ds2),  # σ′(t) = σ(t)σ(−t)
    (tanh_x, "tanh x", t),
    (half_two_x, "½·2x", 0.5),
    (two_x, "2x", 1.0),
    (four_ones, "4·1·1", 4.0),
    (ones, "1·1", 1.0),
    (seed_1, "种子 1", 1.0),
    (seed_2, "种子 2", 1.0),
]
for node, name, by_hand in boxes:
    assert math.isclose(node.data, by_hand, rel_tol=1e-12), name
    node.label = name
assert math.isclose(2 * inner.data, d2y.data, rel_tol=1e-12)
assert round(tanh_x.data, 4) == round(math.tanh(0.5), 4) == 0.4621  # 与 y 的值相同，正文说的 0.4621

graph = draw_graph(
    d2y, rankdir="TB", show_grad=False, title="x = 0.5 处的 d²tanh/dx²（create_graph=True）"
)
# 画出的图里，每个名字都在存着它的值的那个方框里。
svg = html.unescape(graph.svg())
drawn = re.findall(r'<g id="node\d+" class="node">.*?</g>', svg, re.S)  # 每个方框一组
for name, node in [("σ″(2x)", sdd), ("σ′(2x)", ds), ("2x", two_x), ("½·2x", half_two_x)]:
    (box,) = [b for b in drawn if f">{name}</text>" in b]
    assert f">data {node.data:#.4g}</text>" in box
reads = {name: f"{node.data:#.4g}" for name, node in [("2x", two_x), ("½·2x", half_two_x)]}
assert reads == {"2x": "1.000", "½·2x": "0.5000"}  # 正文说它们显示的数
display(graph)

# %% [markdown]
# ## 轮到你了
#
# 每个练习单元格定义一个函数，函数体只是占位：运行这个单元格只是定义了它，调用这个函数才会抛出 `NotImplementedError`。它后面的单元格会调用你的函数。占位还在的时候，它只打印“还没有写”，笔记本照样往下运行；你填好之后，它指出哪一项错了、期望值与实际值各是多少，或者打印 ✓。
#
# **练习 1 —— 二阶差分。** 第 6 节用了 $f''(x) \approx \dfrac{f(x + h) - 2f(x) + f(x - h)}{h^2}$，这是二阶导数的梯度检验（截断误差为 $\tfrac{h^2}{12}|f''''|$）。为单个浮点数的函数 `f` 写出它。


# %% tags=["exercise:second_difference"]
def second_difference(f, x, h):
    raise NotImplementedError("轮到你了：(f(x + h) − 2 f(x) + f(x − h)) / h²")


# %%
nb06.check_second_difference(second_difference)

# %% [markdown]
# **练习 2 —— 用 `gradcheck` 验证一个局部导数。** Softplus，$\operatorname{softplus}(x) = \ln(1 + e^x)$，是光滑的 ReLU。手算它的导数，并写成输入 `x` 和输出 `s` 的函数。检验会把你的规则装进一个 softplus 运算（就像第 4 节的 `sigmoid_op`），并在几个点上运行 `gradcheck`。


# %% tags=["exercise:softplus_derivative"]
def softplus_derivative(x, s):
    raise NotImplementedError("轮到你了：求 ln(1 + eˣ) 对 x 的导数")


# %%
nb06.check_softplus_derivative(softplus_derivative)

# %% [markdown]
# **练习 3 —— 一般的牛顿法。** 写出 `newton(f, x0, steps)`，对用 `Value` 运算搭成的函数 `f`，返回牛顿迭代序列 $[x_0, x_1, \dots, x_{\text{steps}}]$，两个导数都用 `grad` 求。检验会在 $x^4 - 2x^2$ 和 $e^x - 2x$（极小值在 $x = \ln 2$）上运行它。


# %% tags=["exercise:newton"]
def newton(f, x0, steps):
    raise NotImplementedError("轮到你了：x ← x − f'(x)/f''(x)，做 steps 次")


# %%
nb06.check_newton(newton)
