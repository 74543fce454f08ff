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
# # 5 · 看着反向传播一步步进行
#
# `backward()` 看起来像魔法：调用一次，所有的 `grad` 就都填好了。这个笔记本把它放慢。我们搭一个带平方误差代价的 sigmoid 神经元，然后按链式法则一步一步重放反向传播：每一步把一个*局部导数*（前向计算时就存在计算图上）乘以从上面传下来的梯度，再把乘积加到一个父节点上。
#
# 我们做两遍：先用十几行自己写的代码，再用本库的工具——`draw_graph`（边上标着局部导数的计算图）、`backward_steps`（把每一步作为数据给出）、`draw_step`（把一步画成一张图）和 `step_player`（拖动滑块逐步播放所有步骤，直接在笔记本里运行，不需要服务器）。
#
# 最后的“扇出”一节对应李宏毅（Hung-yi Lee）《机器学习》课程“反向传播（Backpropagation）”一讲（台湾大学 2016 年秋季的课程；YouTube 上的录像题为 *ML Lecture 7: Backpropagation*，B 站有转载）的后半部分：把“反向过程”（backward pass）画成一个反着运行的网络。

# %%
import html
import inspect
import math
import re
import unicodedata

from autograd_mini import (
    Value,
    backward_steps,
    dot,
    draw_graph,
    draw_step,
    step_player,
    topological_order,
)

# %% tags=["zh-only"]
# 图中的中文用 Noto Sans SC：随 notebooks 依赖从 PyPI 安装，不需要系统字体
from cjk_font import use_chinese_font

use_chinese_font()

# %% tags=["zh-only"]
# 本库画的图（draw_graph、draw_step、step_player）里的文字也用中文：说明、标注、按钮；数字的写法不变
from autograd_mini import picture_language

picture_language("zh")

# %% [markdown]
# ## 1. 一个神经元，一个代价
#
# $$z = w_1x_1 + w_2x_2 + b,\qquad a = \sigma(z),\qquad C = (a - y)^2 .$$
#
# 加权求和是一个 `dot` 节点，正好对应公式里的 $z = \sum w\,x + b$。每个节点都记得它的父节点，以及前向计算时算好的局部导数 $\partial(\text{node})/\partial(\text{parent})$。

# %%
x1, x2, y = 2.0, -1.0, 1.0
w1, w2, b = Value(-0.5, "w1"), Value(0.75, "w2"), Value(0.25, "b")
z = dot([w1, w2], [x1, x2], b)
z.label = "z"
a = z.sigmoid()
a.label = "a"
r = a - y  # 残差，记号同笔记本 0
r.label = "a-y"
C = r**2
C.label = "C"


# 带运算符的标签加上括号：∂(a-y)/∂a
def bracketed(v):
    return f"({v.label})" if "-" in v.label else v.label


for node in (z, a, r, C):
    locals_ = ", ".join(
        f"∂{bracketed(node)}/∂{bracketed(p)} = {g:+.4f}"
        for p, g in zip(node.parents, node.local_grads, strict=True)
    )
    print(f"{node.label:>3} = {node.data:+.4f}   ({node.op}: {locals_})")

# 这些局部导数就是教科书上的那几个。
s = a.data
assert math.isclose(a.local_grads[0], s * (1 - s))  # σ'(z) = σ(z)(1 - σ(z))
assert math.isclose(C.local_grads[0], 2 * r.data)  # d(u²)/du = 2u
assert [round(g, 12) for g in z.local_grads] == [x1, x2, 1.0]  # ∂z/∂w = x，∂z/∂b = 1

# %% [markdown]
# `draw_graph` 画出同一个计算图：每个值一个方框（标签和 `data`），每个运算一个小节点，每条“父节点 → 运算”的边上标着局部导数 $\partial(\text{node})/\partial(\text{parent})$。这些数光靠前向计算就已经放上去了：$z$ 的方框里 $w_1$ 那一行写着 $\times\, x_1$（以及 $w_1x_1$），从 $z$ 出发的边上是 $\sigma'(z)$，从 $a - y$ 出发的边上是 $2(a - y)$。梯度此时还不存在，所以图里不显示。方框的第一行照 3Blue1Brown 的写法写出神经元的公式 $z = \sum_k w_k a_k + b$，其中 $a_k$ 是神经元的第 $k$ 个输入（上一层的一个激活值；这里就是输入 $x_1 = 2$ 和 $x_2 = -1$），而不是画在它下面的、这个神经元自己的输出 $a$。


# %%
def drawn_edges(graph, name):
    """从标签为 name 的方框引出的每一条边：（它进入的运算，边上写的数）。"""
    node = re.search(rf"(\w+) \[label=<<TABLE[^\n]*<B>{name}</B>", graph.source)[1]
    edges = re.findall(rf'\b{node} -> (\w+) \[label="?([-+.\w]+)', graph.source)
    return [
        (re.search(rf'\b{op} \[label="?([^" ]+)', graph.source)[1], label) for op, label in edges
    ]


graph = draw_graph(C, show_grad=False, rankdir="TB")

# 图上边的标签正是存下来的局部导数（4 位有效数字）；
# 神经元 z = w1·x1 + w2·x2 + b 照公式的样子画出，每一项一行。
edge_labels = re.findall(r'-> \w+ \[label="?([-+.\w]+)', graph.source)
stored = [g for node in (a, r, C) for g in node.local_grads]
assert sorted(edge_labels) == sorted(f"{g:#.4g}" for g in stored)
assert f"{2 * r.data:#.4g}" in edge_labels
assert f"= {w1.data * x1:#.4g}" in graph.source  # w1 × x1 这一行
row_w1 = re.search(r"<TD COLSPAN=\"2\">([^<]+)</TD><TD>×</TD><TD>w1</TD>", graph.source)
assert float(row_w1[1]) == x1  # w1 那一行写着 × x1 = 2，然后是 w1x1
assert drawn_edges(graph, "z") == [("σ", f"{s * (1 - s):#.4g}")]  # 从 z 出发：σ'(z)
assert drawn_edges(graph, "a-y") == [("^", f"{2 * r.data:#.4g}")]  # 从 a − y 出发：2(a − y)
assert "z = Σₖ wₖ·aₖ + b" in graph.source  # 方框的第一行：输入写作 aₖ
assert "<svg" in graph.svg()  # 渲染成了图片，而不只是 DOT 文本
graph


# %% [markdown]
# ## 2. 反向传播，一次一步
#
# 从代价开始往下访问各个节点：按笔记本 0 的拓扑排序的逆序，每个节点都排在用来算出它的那些节点之前（笔记本 0 的拓扑排序把每个节点排在它的输入*之后*）。本库的 `topological_order(root)` 给出的就是这个逆序；它与笔记本 0 的 `inputs_first_order` 不同：后者列出所有节点，输入在前；前者根节点在最前，而且只列内部节点（叶子节点没有父节点，不必再往下传梯度）。访问到一个节点时，它的梯度已经完整了——所有用到它的节点都已经访问过——所以可以继续往下传：
#
# $$\text{parent.grad} \mathrel{+}=
#   \underbrace{\frac{\partial\,\text{node}}{\partial\,\text{parent}}}_{\text{local}}
#   \times \underbrace{\frac{\partial C}{\partial\,\text{node}}}_{\text{upstream}} .$$
#
# 公式里的 local 是局部导数，upstream 是上游梯度。下面把这个循环亲手写出来，每一步（“一帧”）打印一行：局部导数、上游梯度、贡献（两者之积）、梯度（父节点加上这份贡献之后的梯度）。


# %%
def replay_backward(root):
    # 手算链式法则：返回 ({node: ∂root/∂node}, [每一步一个元组])。
    grads = {root: 1.0}  # 从 ∂root/∂root = 1 开始
    frames = []
    for node in topological_order(root):
        upstream = grads[node]
        for parent, local in zip(node.parents, node.local_grads, strict=True):
            contribution = local * upstream
            grads[parent] = grads.get(parent, 0.0) + contribution
            frames.append((node, parent, local, upstream, contribution, grads[parent]))
    return grads, frames


def pad(text, width, align=">"):
    """把 text 用空格补足 width 列，align 为 "<" 时左对齐，为 ">" 时右对齐。

    按列数而不是字符数计算：一个汉字占两列（Unicode 的东亚宽度为 W 或 F），
    用 f"{h:>9}" 补齐的中文表头会比数字宽出一截。
    """
    columns = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    room = " " * max(0, width - columns)
    return text + room if align == "<" else room + text


def show(frames):
    head = ["局部导数", "上游梯度", "贡献", "梯度"]
    print(f"{pad('节点', 5)} → {pad('父节点', 6, '<')} " + " ".join(pad(h, 9) for h in head))
    for node, parent, *numbers in frames:
        print(f"{node.label:>5} → {parent.label:<6} " + " ".join(f"{v:+9.5f}" for v in numbers))


# 循环走的顺序：根节点在最前，只有内部节点。笔记本 0 的 inputs_first_order
# 在这个图上的顺序（手写出来）方向相反，而且包括叶子节点 w1、w2、b。
order = [node.label for node in topological_order(C)]
inputs_first = ["w1", "w2", "b", "z", "a", "a-y", "C"]
assert order == ["C", "a-y", "a", "z"]
assert order == [label for label in reversed(inputs_first) if label not in ("w1", "w2", "b")]
position = {node: i for i, node in enumerate(topological_order(C))}
# 笔记本 0 的拓扑排序的逆序：每个节点都排在用来算出它的每个内部节点之前
assert all(position[node] < position[p] for node in position for p in node.parents if p in position)

grads, frames = replay_backward(C)
show(frames)
# 开头说的“十几行自己写的代码”：数一数 replay_backward
n_lines = sum(1 for line in inspect.getsource(replay_backward).splitlines() if line.strip())
assert 10 < n_lines < 15

# %% [markdown]
# 用笔记本 2 的闭式公式算出的是同样的数，引擎自己的 `backward()` 也一样：
#
# $$\frac{\partial C}{\partial z} = \sigma'(z)\,2(a - y),\qquad
#   \frac{\partial C}{\partial w_i} = x_i\,\frac{\partial C}{\partial z},\qquad
#   \frac{\partial C}{\partial b} = \frac{\partial C}{\partial z}.$$

# %%
dC_dz = s * (1 - s) * 2 * (a.data - y)
by_hand = {"w1": x1 * dC_dz, "w2": x2 * dC_dz, "b": dC_dz, "z": dC_dz}

C.backward()
for node in (w1, w2, b, z):
    print(
        f"∂C/∂{node.label:<2}  逐步重放 {grads[node]:+.10f}  "
        f"引擎 {node.grad:+.10f}  手算 {by_hand[node.label]:+.10f}"
    )
    assert math.isclose(grads[node], by_hand[node.label], rel_tol=1e-12)
    assert math.isclose(node.grad, by_hand[node.label], rel_tol=1e-12)

# %% [markdown]
# ## 3. 本库的重放：`backward_steps`
#
# `backward_steps(root)` 把同样的每一步作为数据逐个给出，顺序与 `backward()` 的执行顺序完全相同。每个 `Step` 带着：节点、父节点、局部导数、上游梯度 $\partial C/\partial\,\text{node}$、两者的乘积（贡献），以及父节点加上这份贡献之后的梯度（表中的“累加后的梯度”）。它不碰任何 `.grad`，所以在 `backward()` 之前或之后运行都可以。

# %%
steps = list(backward_steps(C))


def table(steps):
    head = ["局部导数", "上游梯度", "贡献", "累加后的梯度"]
    print(
        f"{pad('步', 4)}  {pad('节点', 5)} → {pad('父节点', 6, '<')}"
        + "".join(pad(h, 14) for h in head)
    )
    for st in steps:
        numbers = [st.local_grad, st.upstream, st.contribution, st.parent_grad_after]
        print(
            f"{st.index + 1:>4}  {st.node.label:>5} → {st.parent.label:<6}"
            + "".join(f"{v:>+14.6f}" for v in numbers)
        )


table(steps)

# 与上面我们自己的 replay_backward 逐帧相同……
assert len(steps) == len(frames)
for st, (node, parent, *numbers) in zip(steps, frames, strict=True):
    assert st.node is node and st.parent is parent
    assert [st.local_grad, st.upstream, st.contribution, st.parent_grad_after] == numbers

# ……每一帧都是手算公式里的一个因子：局部导数 × 上游梯度……
by_edge = {(st.node.label, st.parent.label): st for st in steps}
assert math.isclose(by_edge["C", "a-y"].local_grad, 2 * (a.data - y), rel_tol=1e-12)
assert math.isclose(by_edge["a", "z"].local_grad, a.data * (1 - a.data), rel_tol=1e-12)
assert math.isclose(by_edge["a", "z"].contribution, dC_dz, rel_tol=1e-12)
for w, x in ((w1, x1), (w2, x2)):
    st = by_edge["z", w.label]
    assert math.isclose(st.local_grad, x, rel_tol=1e-12)  # ∂z/∂w = x
    assert st.upstream == by_edge["a", "z"].parent_grad_after  # ∂C/∂z，此时已经完整
    assert math.isclose(st.contribution, x * dC_dz, rel_tol=1e-12)

# ……而每个节点最后一次“累加后的梯度”，就是 backward() 存下的值。
final = {st.parent: st.parent_grad_after for st in steps}
for node in (w1, w2, b, z, a, r):
    assert final[node] == node.grad

# %% [markdown]
# ## 4. 看着它进行：`draw_step` 和 `step_player`
#
# `draw_step(root, i)` 画出 `Step.index` 为 $i$ 的那一步之后的反向计算图（`Step.index` 从 0 数起，所以这是上表的第 $i + 1$ 步）——边从 $C$ 指向输入，也就是梯度流动的方向：这一步的边是红色的，标注的写法和已经用过的边（黑色）一样：“× 局部导数 = 贡献”。与局部导数相乘的上游梯度，就是这条边出发的那个节点里写的 `grad`；完整的算式“局部导数 × 上游梯度 = 贡献”在鼠标悬停于这条边时显示，下面这张图的标题也把它写了出来。进入神经元方框里某个权重的那一步没有单独的边：方框里它那一格涂成红色，写着 × 局部导数 = 贡献；离开方框的那一步，在它算出的那一格旁边标着 ◄。梯度还没到达的节点是灰色的、虚线框（`view="forward"` 改画前向计算图，这一步的箭头仍然指向梯度流动的方向）。下面是进入 $w_1$ 的那一步——正是应用公式 $\partial C/\partial w_1 = x_1\cdot\partial C/\partial z$ 的时刻。

# %%
into_w1 = by_edge["z", "w1"]
assert steps[into_w1.index] is into_w1  # Step.index 从 0 数起：上表的第 index + 1 步
title = (
    f"第 {into_w1.index + 1} 步：z → w1，局部导数 {into_w1.local_grad:#.4g} × 上游梯度 "
    f"{into_w1.upstream:#.4g} = {into_w1.contribution:#.4g}"
)
picture = draw_step(C, into_w1.index, rankdir="TB", title=title)
print(into_w1)
# z 方框里 w1 那一行写着 × x1 = 贡献；鼠标悬停时显示这一步的算式。
assert f"= {into_w1.contribution:#.4g}" in picture.source
label = f"{into_w1.local_grad:#.4g} × {into_w1.upstream:#.4g} = {into_w1.contribution:#.4g}"
assert label in picture.source

# 沿一条边走的一步，a → z：和之前用过的边一样标着 × 局部导数 = 贡献；
# 上游梯度就是 a 方框里的 grad，完整的乘式在鼠标悬停时显示。
into_z = by_edge["a", "z"]
along = draw_step(C, into_z.index, rankdir="TB").source
local, up, contribution = (
    f"{v:#.4g}" for v in (into_z.local_grad, into_z.upstream, into_z.contribution)
)
assert f'label="× {local} = {contribution}' in along and f"grad {up}" in along
assert f'tooltip="{local} × {up} = {contribution}"' in along


# 正文说到的颜色，从图里读出来：这一步的边是红色，之前用过的边是黑色（没有设颜色），
# 进入 w1 的那一步是浅红底、红字的格子；第 1 步时梯度还没到达的节点 a 和 z 是灰色虚线。
def rgb(colour):
    """颜色 "#rrggbb" 的红、绿、蓝三个分量，各为 0 到 255。"""
    return [int(colour[i : i + 2], 16) for i in (1, 3, 5)]


def reddish(colour):
    r, g, b = rgb(colour)
    return r > max(g, b) + 20


def grey(colour):
    r, g, b = rgb(colour)
    return r == g == b and 0 < r < 200


def node_line(source, label):
    return next(line for line in source.splitlines() if f"<B>{label}</B>" in line)


def edge_colour(source, child, parent):
    """DOT 文本里 child -> parent 这条边的颜色；没有设颜色时为 "black"（Graphviz 的默认值）。"""
    ids = [re.match(r"\s*(\w+) ", node_line(source, n))[1] for n in (child, parent)]
    line = next(line for line in source.splitlines() if f"{ids[0]} -> {ids[1]} " in line)
    found = re.search(r' color="(#\w{6})"', line)
    return found[1] if found else "black"


assert reddish(edge_colour(along, "a", "z"))
assert edge_colour(along, "C", "a-y") == edge_colour(along, "a-y", "a") == "black"
tint, ink = re.search(
    r'BGCOLOR="(#\w{6})"[^>]*><FONT COLOR="(#\w{6})">w1:', picture.source
).groups()
assert reddish(tint) and reddish(ink)
first = draw_step(C, 0, rankdir="TB").source
for label in ("a", "z"):
    line = node_line(first, label)
    assert 'STYLE="dashed"' in line and grey(re.search(r'COLOR="(#\w{6})"', line)[1])
assert 'STYLE="dashed"' not in node_line(first, "a-y")
picture

# %% [markdown]
# `step_player` 为每一步各画一张图（第一步之前再加一张），打包成一段带滑块和 ◀ ▶ 按钮的 HTML。它是笔记本输出里的普通 JavaScript：在 Jupyter 里、在另存的 HTML 文件里都能用，不需要内核，也不需要服务器。拖动滑块，看梯度从 $C$ 一路流回到权重。

# %%
player = step_player(C, rankdir="TB")
assert len(player) == len(steps) + 1  # 先是“反向传播之前”，然后每一步一帧
# 说明文字就是普通的字符串：这里逐条写出来，每条说的是一步的算式。
player.captions = ["反向传播之前：C 的梯度是种子 1"] + [
    f"第 {st.index + 1} 步：{st.node.label} → {st.parent.label}：局部导数 {st.local_grad:#.4g} "
    f"× 上游梯度 {st.upstream:#.4g} = {st.contribution:#.4g}；"
    f"{st.parent.label} 的梯度现在是 {st.parent_grad_after:#.4g}"
    for st in steps
]
# 每条说明文字里的数就是它那一帧画出来的数（4 位有效数字，写 1.000 而不是 1）：
# 局部导数、上游梯度和它们的乘积。
for st, caption, svg in zip(steps, player.captions[1:], player.svgs[1:], strict=True):
    for number in (st.local_grad, st.upstream, st.contribution):
        assert f"{number:#.4g}" in caption and f"{number:#.4g}" in html.unescape(svg)
page = player.html()
assert page.count("<svg") == len(player) and "<script src" not in page
player

# %% [markdown]
# ## 扇出：一个激活值，两个使用者
#
# （李宏毅，“反向传播”一讲（*ML Lecture 7: Backpropagation*）的“反向过程”（backward pass）部分。）真实的网络里，每个神经元都连到下一层的*好几个*神经元。取一个隐层神经元 $a = \sigma(z)$，$z = x_1w_1 + x_2w_2 + b$，它输出给两个输出层神经元：
#
# $$z' = a\,w_3 + b_3,\quad z'' = a\,w_4 + b_4,\qquad
#   C = \big(\sigma(z') - y_1\big)^2 + \big(\sigma(z'') - y_2\big)^2 .$$
#
# 这里的一撇只是名字，和李宏毅的幻灯片一样：$z'$ 和 $z''$ 分别是下一层第一个、第二个神经元的加权输入，不表示求导。$\sigma'(z')$ 里只有 $\sigma$ 上的那一撇表示求导（导数 $\sigma'$ 在 $z'$ 处的值）。笔记本 1 把这些加权输入写作 $z^{(l+1)}_j$，$j$ 编号的是下一层的神经元（与笔记本 4 一致，那里用 $k$ 编号上一层的神经元）；下面的练习 2 也这样写。
#
# $a$ 沿两条路径影响 $C$，所以它的梯度是两条路径之和：
#
# $$\begin{gathered}
# \frac{\partial C}{\partial a}
#   = \frac{\partial z'}{\partial a}\frac{\partial C}{\partial z'}
#   + \frac{\partial z''}{\partial a}\frac{\partial C}{\partial z''}
#   = w_3\frac{\partial C}{\partial z'} + w_4\frac{\partial C}{\partial z''},
# \\
# \frac{\partial C}{\partial z} = \sigma'(z)\Big[w_3\frac{\partial C}{\partial z'}
#   + w_4\frac{\partial C}{\partial z''}\Big].
# \end{gathered}$$
#
# 从右往左读，这就是一个*反着*运行的网络：输出层的误差 $\partial C/\partial z'$ 和 $\partial C/\partial z''$ 是输入，$w_3, w_4$ 是权重，乘以 $\sigma'(z)$ 起到激活函数的作用。

# %%
x1, x2 = 1.5, -0.5
w1, w2, b = Value(0.8, "w1"), Value(-0.6, "w2"), Value(0.1, "b")
w3, b3 = Value(1.2, "w3"), Value(-0.3, "b3")
w4, b4 = Value(-0.9, "w4"), Value(0.2, "b4")
y1, y2 = 1.0, 0.0

z = dot([w1, w2], [x1, x2], b)
z.label = "z"
a = z.sigmoid()
a.label = "a"
z1 = dot([w3], [a], b3)
z1.label = "z'"
z2 = dot([w4], [a], b4)
z2.label = "z''"
a1, a2 = z1.sigmoid(), z2.sigmoid()
a1.label, a2.label = "a'", "a''"
d1, d2 = a1 - y1, a2 - y2
d1.label, d2.label = "a'-y1", "a''-y2"
sq1, sq2 = d1**2, d2**2
sq1.label, sq2.label = "(a'-y1)²", "(a''-y2)²"
C = sq1 + sq2
C.label = "C"
C.backward()


def sigma_prime(t):
    s = 1 / (1 + math.exp(-t))
    return s * (1 - s)


dC_dz1 = sigma_prime(z1.data) * 2 * (a1.data - y1)
dC_dz2 = sigma_prime(z2.data) * 2 * (a2.data - y2)
dC_da = w3.data * dC_dz1 + w4.data * dC_dz2  # 两条路径之和
dC_dz = sigma_prime(z.data) * dC_da

for name, node, by_hand in [
    ("∂C/∂z' ", z1, dC_dz1),
    ("∂C/∂z''", z2, dC_dz2),
    ("∂C/∂a  ", a, dC_da),
    ("∂C/∂z  ", z, dC_dz),
    ("∂C/∂w1 ", w1, x1 * dC_dz),
]:
    print(f"{name}  引擎 {node.grad:+.10f}   手算 {by_hand:+.10f}")
    assert math.isclose(node.grad, by_hand, rel_tol=1e-12)

# %% [markdown]
# 在逐步重放里，这两条路径是两个独立的帧，终点都是 $a$。本例中先到的是从 $z''$ 来的那一帧，带着 $w_4\,\partial C/\partial z''$；从 $z'$ 来的那一帧带着 $w_3\,\partial C/\partial z'$，后到，把自己的贡献*加*到前一帧留下的值上（顺序不影响和）。

# %%
grads, frames = replay_backward(C)
into_a = [frame for frame in frames if frame[1] is a]
show(into_a)

assert len(into_a) == 2
assert [frame[0] for frame in into_a] == [z2, z1]  # 先是来自 z'' 的一帧，然后是 z'
by_source = {frame[0].label: frame[4] for frame in into_a}
assert math.isclose(by_source["z'"], w3.data * dC_dz1, rel_tol=1e-12)
assert math.isclose(by_source["z''"], w4.data * dC_dz2, rel_tol=1e-12)
assert math.isclose(into_a[-1][5], dC_da, rel_tol=1e-12)  # 累加的结果最后等于 ∂C/∂a

# %% [markdown]
# 本库的 `backward_steps` 显示的是同一件事。进入 $a$ 的两步依次带着 $w_4\,\partial C/\partial z''$ 和 $w_3\,\partial C/\partial z'$；第二步的“累加后的梯度”就是扇出之和 $w_3\,\partial C/\partial z' + w_4\,\partial C/\partial z''$；在这之后才轮到 $a \to z$ 这一步，把这个和乘以 $\sigma'(z)$。下面的图是第二条路径（来自 $z'$ 的那一步）到达的那一刻：这一步沿着进入 $a$ 的边离开 $z'$ 的方框，所以方框里 $a$ 那一格涂成红色，旁边标着 ◄。

# %%
fan_steps = list(backward_steps(C))
into_a = [st for st in fan_steps if st.parent is a]
table(into_a)

first, second = into_a
assert (first.node, second.node) == (z2, z1)  # 和我们的重放一样：先 z''，后 z'
weight = {z1: w3.data, z2: w4.data}
upstream = {z1: dC_dz1, z2: dC_dz2}
for st in into_a:
    assert math.isclose(st.local_grad, weight[st.node], rel_tol=1e-12)  # ∂z'/∂a = w₃，∂z''/∂a = w₄
    assert math.isclose(st.upstream, upstream[st.node], rel_tol=1e-12)
assert math.isclose(first.parent_grad_after, first.contribution, rel_tol=1e-15)
assert math.isclose(second.parent_grad_after, dC_da, rel_tol=1e-12)  # w₃·∂C/∂z' + w₄·∂C/∂z''

(a_to_z,) = [st for st in fan_steps if st.node is a and st.parent is z]
assert a_to_z.index > second.index  # a 的梯度完整之后，它才往下传
assert math.isclose(a_to_z.upstream, dC_da, rel_tol=1e-12)
assert math.isclose(a_to_z.local_grad, sigma_prime(z.data), rel_tol=1e-12)
assert math.isclose(a_to_z.contribution, dC_dz, rel_tol=1e-12)

# 这一步沿着进入 a 的边离开 z′ 的方框：整幅图只有一个 ◄，就在 a 那一格的前一格；a 那一格
# （× w₃ = 贡献）底色淡红、字是红色。只有离开方框的一步才标 ◄（进入 w₃ 的那一步留在方框里）。
arrival = draw_step(C, second.index)
assert arrival.source.count("◄") == 1
a_tint, a_ink = re.search(
    r'◄</FONT></TD><TD BGCOLOR="(#\w+)"[^>]*><FONT COLOR="(#\w+)">'
    rf"a: × {w3.data:#.4g} = {second.contribution:#.4g}<",
    arrival.source,
).groups()
assert reddish(a_tint) and reddish(a_ink)
into_w3 = next(st for st in fan_steps if st.parent is w3)
assert "◄" not in draw_step(C, into_w3.index).source
arrival

# %% [markdown]
# ### 把反向网络画出来
#
# 李宏毅把反向过程画成一个独立的网络，从代价往回一直运行到权重。它的输入是 $\partial C/\partial a' = 2(a' - y_1)$ 和 $\partial C/\partial a'' = 2(a'' - y_2)$；每个“神经元”乘以一个*常数* $\sigma'(z)$——说它是常数，是因为 $z$ 在前向计算时就已经定下来了；权重就是前向网络的权重，只是反过来用。图中的每个数都是引擎在对应节点上算出的梯度，这个单元格用 `assert` 核对了这一点。

# %%
import matplotlib.pyplot as plt
from matplotlib.patches import FancyArrowPatch

reverse_nodes = {  # 名字：(x, y, 标签（数学式）, 引擎在这个节点上的梯度)
    "a'": (6.0, 1.5, r"\partial C/\partial a'", a1.grad),
    "a''": (6.0, -1.5, r"\partial C/\partial a''", a2.grad),
    "z'": (4.5, 1.5, r"\partial C/\partial z'", z1.grad),
    "z''": (4.5, -1.5, r"\partial C/\partial z''", z2.grad),
    "a": (3.0, 0.0, r"\partial C/\partial a", a.grad),
    "z": (1.5, 0.0, r"\partial C/\partial z", z.grad),
    "w1": (0.0, 1.5, r"\partial C/\partial w_1", w1.grad),
    "w2": (0.0, 0.0, r"\partial C/\partial w_2", w2.grad),
    "b": (0.0, -1.5, r"\partial C/\partial b", b.grad),
}
reverse_edges = [  # (起点, 终点, 乘数（数学式）, 乘数, 标注写在箭头的哪一侧)
    ("a'", "z'", r"\sigma'(z')", sigma_prime(z1.data), "above"),
    ("a''", "z''", r"\sigma'(z'')", sigma_prime(z2.data), "below"),
    ("z'", "a", "w_3", w3.data, "above"),
    ("z''", "a", "w_4", w4.data, "below"),
    ("a", "z", r"\sigma'(z)", sigma_prime(z.data), "above"),
    ("z", "w1", "x_1", x1, "above"),
    ("z", "w2", "x_2", x2, "below"),
    ("z", "b", "1", 1.0, "below"),
]
# 这张图就是链式法则：每个节点等于所有进入它的边上（乘数 × 起点）之和，
# 而这正是引擎算出的梯度。
assert math.isclose(reverse_nodes["a'"][3], 2 * (a1.data - y1), rel_tol=1e-12)
assert math.isclose(reverse_nodes["a''"][3], 2 * (a2.data - y2), rel_tol=1e-12)
for target in ("z'", "z''", "a", "z", "w1", "w2", "b"):
    total = sum(m * reverse_nodes[src][3] for src, dst, _, m, _ in reverse_edges if dst == target)
    assert math.isclose(total, reverse_nodes[target][3], rel_tol=1e-12), target


def label_beside(ax, start, end, text, side, gap=4, **style):
    """把 text 写在箭头 start → end 的中点旁边：与箭头成直角、离开它 gap 点，在它的
    "above"（上方）或 "below"（下方）一侧；放置的是文字离箭头最近的那个角，
    所以文字不会伸过箭头。"""
    (x0, y0), (x1_, y1_) = ax.transData.transform([start, end])  # 屏幕上的位置，单位是像素
    length = math.hypot(x1_ - x0, y1_ - y0)
    nx, ny = (y0 - y1_) / length, (x1_ - x0) / length  # 箭头转 90°
    if (ny >= 0) != (side == "above"):
        nx, ny = -nx, -ny
    middle = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)
    ax.annotate(
        text,
        middle,
        xytext=(gap * nx, gap * ny),
        textcoords="offset points",
        ha="left" if nx > 0.3 else "right" if nx < -0.3 else "center",
        va="bottom" if ny > 0.3 else "top" if ny < -0.3 else "center",
        **style,
    )


fig, ax = plt.subplots(figsize=(10, 4.6))
ax.set_xlim(-0.6, 6.6)  # 先定坐标范围：label_beside 要在屏幕上量箭头
ax.set_ylim(-2.2, 2.2)
for src, dst, tex, m, side in reverse_edges:
    start, end = reverse_nodes[src][:2], reverse_nodes[dst][:2]
    arrow = FancyArrowPatch(
        start,
        end,
        arrowstyle="-|>",
        mutation_scale=14,
        color="tab:red",
        lw=1.5,
        shrinkA=34,
        shrinkB=34,  # 单位是点：箭头的起止都在方框之外
        gid=f"{src} → {dst}",  # 下面的标注带着同一个名字：它是这支箭头的标注
    )
    ax.add_patch(arrow)
    label = f"$\\times\\,{tex}$\n$= {m:.3g}$"
    label_beside(ax, start, end, label, side, fontsize=9, color="tab:red", gid=arrow.get_gid())
for x_, y_, tex, value in reverse_nodes.values():
    ax.text(
        x_,
        y_,
        f"${tex}$\n${value:+.4f}$",
        ha="center",
        va="center",
        fontsize=9,
        bbox=dict(boxstyle="round,pad=0.4", fc="white", ec="k"),
    )
ticks = ["权重", "隐层 z", "隐层 a", "输出层 z", "输出层 a"]
ax.set_xticks([0, 1.5, 3, 4.5, 6], ticks)
ax.set_yticks([])
ax.set_xlabel("反向传播从右往左进行：从代价走向权重")
ax.set_title("反向网络（李宏毅）：前向网络的权重，反过来用")
plt.show()

# %% [markdown]
# 本库直接从计算图画出同样的反向网络：`draw_graph(C, view="backward")` 让每条边都从代价指向输入，标上“× 局部导数 = 贡献”；$a$ 被用了两次（被 $z'$ 和 $z''$），两份贡献在一个 **Σ** 节点汇合——这就是画出来的 $\partial C/\partial a = w_3\,\partial C/\partial z' + w_4\,\partial C/\partial z''$。每个神经元是一个方框，每一项一行。

# %%
fan_graph = draw_graph(C, view="backward")
for node in (z1, z2, a, z):
    assert f"grad {node.grad:#.4g}" in fan_graph.source  # 图上的 grad 就是引擎算出的
assert f"= {w1.grad:#.4g}" in fan_graph.source  # w1 那一行：× x1 = ∂C/∂w1
assert "Σ" in fan_graph.source  # a 处的扇出画成一个求和
fan_graph

# %% [markdown]
# ## 轮到你了
#
# 把每个占位函数换成你的实现，运行它，再运行它下面的检验：检验会指出哪一项错了（期望值与你的值），或者打印 ✓。
#
# **练习 1 —— 自己写一遍反向传播。** 不调用库自己的反向传播（`backward()`、`gradients()` 或 `backward_steps()`），返回*一个*字典 `{node: ∂root/∂node}`：它的键是 `root` 之下计算图里的所有节点（包括叶子节点 `w1`、`b` 等），值是各节点的梯度。用 `topological_order(root)`、`node.parents` 和 `node.local_grads`；别忘了，一个被用了两次的节点，每次使用都会给它送来一份贡献。


# %% tags=["exercise:my-backward"]
def my_backward(root):
    """用链式法则求 root 的计算图中每个节点的 {node: ∂root/∂node}。"""
    raise NotImplementedError("轮到你了")


# %%
from exercises.nb05 import check_my_backward, check_reverse_neuron

check_my_backward(my_backward)

# %% [markdown]
# **练习 2 —— 反向网络的一个节点。** 第 $l$ 层的隐层神经元 $a = \sigma(z)$ 通过权重 $w_j$ 输出给第 $l+1$ 层的每个神经元 $j$，神经元 $j$ 的加权输入是 $z^{(l+1)}_j$（$j$ 编号的是下一层的神经元）。给定 $z$、这些权重和下一层的误差项 $\partial C/\partial z^{(l+1)}_j$（笔记本 3 第 6 节的 $\delta^{(l+1)}_j$，不像周志华的梯度项 $g_j$、$e_h$ 那样带负号），返回 $\partial C/\partial z = \sigma'(z)\sum_j w_j\,\partial C/\partial z^{(l+1)}_j$——这就是这个神经元在反着运行的网络里所做的计算，也是笔记本 3 的 $\delta$ 递推对一个神经元的那一步。上面“扇出”一节定义的 `sigma_prime` 可以直接用来算 $\sigma'$。


# %% tags=["exercise:reverse-neuron"]
def reverse_neuron(z, ws, upstream):
    """∂C/∂z = σ′(z)·Σ_j w_j·∂C/∂z_j^(l+1)，j 取遍下一层的神经元。"""
    raise NotImplementedError("轮到你了")


# %%
check_reverse_neuron(reverse_neuron)
