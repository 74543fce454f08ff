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
# # 0 · 亲手写一个 `Value`
#
# 在使用 `autograd_mini` 之前，我们先自己写一个小的：大约六十行代码，会做加法、乘法和 `tanh`，然后只调用一次 `backward()` 就算出结果对每个量的导数。读完这一本，后面的笔记本里就再没有什么“魔法”。
#
# **出处。** 这个练习的结构——每个运算带 `_prev`、`_op` 和一个 `_backward` 闭包的 `Value` 类、拓扑排序，以及途中发现的那个该写 `+=` 却写成了 `=` 的错误——参照 Andrej Karpathy 的讲座 *The spelled-out intro to neural networks and backpropagation: building micrograd*（YouTube，2022）和他的 [micrograd](https://github.com/karpathy/micrograd) 仓库。这里的文字、数字和检验都是我们自己的。
#
# 这套笔记本的规矩：每个导数都先**手算**，再由**我们的引擎**计算，用 `assert` 比较两者。这里再加上第三重检验：同一个表达式交给 `autograd_mini` 计算，并用 `draw_graph` 画出它的计算图。

# %%
import inspect
import math
import re
import sys

from exercises import nb00  # 末尾“轮到你了”各练习的检验
from IPython.display import display

import autograd_mini as am

# %% tags=["zh-only"]
# 本库画的图（draw_graph）里的文字也用中文；数字的写法不变
am.picture_language("zh")

# %% [markdown]
# ## 1. 会记住自己来历的数
#
# 一个 `Value` 保存一个数（`data`）、最终输出对它的导数（`grad`，算出来之前是 0）、生成它的那些值（`_prev`）、生成它的运算（`_op`），以及一个函数 `_backward`：它负责把梯度从这个节点传给它的输入。叶子节点（我们直接输入的数）没有 `_prev`，它们的 `_backward` 什么也不做。这些名字沿用 micrograd 的，构造函数的参数 `_children` 也是：micrograd 把一个节点的输入（算出它的那些节点）叫作它的“子节点”（children），而 `autograd_mini` 以及笔记本 1、2、5 把它们叫作这个节点的“父节点”（`parents`）。
#
# 我们一次给这个类添加一个方法，一个方法占一个单元格，用一个小装饰器把函数挂到类上（d2l.ai 跨单元格写类的技巧）。


# %%
class Value:
    """计算图里的一个标量（我们自己写的 micrograd 式 Value）。"""

    def __init__(self, data, _children=(), _op="", label=""):
        self.data = float(data)
        self.grad = 0.0  # ∂(输出)/∂(这个值)；由 backward() 填入
        self._backward = lambda: None  # 把 self.grad 传给 _prev；由各运算设置
        self._prev = tuple(_children)
        self._op = _op
        self.label = label

    def __repr__(self):
        return f"Value({self.label or '?'}: data={self.data:.4f}, grad={self.grad:.4f})"


def add_to_class(cls):
    """装饰器：把下面的函数以同名方法挂到 ``cls`` 上。"""

    def attach(function):
        setattr(cls, function.__name__, function)
        return function

    return attach


# %% [markdown]
# ## 2. 局部导数，以及手算链式法则
#
# 每个运算只需要知道一件关于导数的事：它的输出随每个输入怎样变化——**局部导数**。
#
# | 运算 | 前向 | 局部导数 |
# |---|---|---|
# | add | $o = p + q$ | $\partial o/\partial p = 1,\ \partial o/\partial q = 1$ |
# | mul | $o = p \cdot q$ | $\partial o/\partial p = q,\ \partial o/\partial q = p$ |
# | tanh | $o = \tanh n$ | $\partial o/\partial n = 1 - \tanh^2 n = 1 - o^2$ |
#
# **链式法则**沿着从输出回到某个输入的路径，把这些局部导数乘起来。取一个有两个输入的神经元：
#
# $$n = x_1 w_1 + x_2 w_2 + b, \qquad o = \tanh(n).$$
#
# 于是 $\dfrac{\partial o}{\partial n} = 1 - o^2$；加法把它原样传下去，$\dfrac{\partial o}{\partial b} = 1 - o^2$；乘法再乘上*另一个*因子：$\dfrac{\partial o}{\partial w_1} = (1 - o^2)\,x_1$，$\dfrac{\partial o}{\partial x_1} = (1 - o^2)\,w_1$，下标 2 同理。下面先把这些式子手工敲进去，再用中心差分 $\big(f(t + h) - f(t - h)\big)/(2h)$ 检验——这种检验不需要任何求导法则。这里的 $f$ 是把输出 $o$ 看作 $x_1, w_1, x_2, w_2, b$ 中某一个量（记作 $t$）的函数，其余四个量固定不动；这个公式以及步长 $h$ 带来的误差在笔记本 1 第 2 节推导。

# %%
point = {"x1": 2.0, "w1": -0.4, "x2": 0.5, "w2": 1.2, "b": 0.9}


def neuron_output(x1, w1, x2, w2, b):
    return math.tanh(x1 * w1 + x2 * w2 + b)


o_value = neuron_output(**point)
do_dn = 1 - o_value**2
by_hand = {
    "x1": do_dn * point["w1"],
    "w1": do_dn * point["x1"],
    "x2": do_dn * point["w2"],
    "w2": do_dn * point["x2"],
    "b": do_dn,
}

h = 1e-6
for name, derivative in by_hand.items():
    up = {**point, name: point[name] + h}
    down = {**point, name: point[name] - h}
    central = (neuron_output(**up) - neuron_output(**down)) / (2 * h)
    print(f"∂o/∂{name:<2} 手算 {derivative:+.10f}   中心差分 {central:+.10f}")
    assert math.isclose(derivative, central, rel_tol=1e-8)


# %% [markdown]
# ## 3. 每个运算记下自己的反向一步
#
# 现在写引擎。每个运算生成自己的输出节点，并给它一个 `_backward` 闭包：“等我的梯度 `out.grad` 知道了，就把 `局部导数 × out.grad` 送给每个输入”。这就是链式法则，每次处理一条边。任意一边是普通数字时，先包成 `Value`，这样 `2 * x` 和 `x + 1` 也能用。
#
# 这是最自然的第一版。注意标着 `← =` 的那几行；第 5 节会再回头看它们。


# %%
@add_to_class(Value)
def __add__(self, other):
    other = other if isinstance(other, Value) else Value(other)
    out = Value(self.data + other.data, (self, other), "+")

    def _backward():
        self.grad = 1.0 * out.grad  # ← =
        other.grad = 1.0 * out.grad  # ← =

    out._backward = _backward
    return out


@add_to_class(Value)
def __mul__(self, other):
    other = other if isinstance(other, Value) else Value(other)
    out = Value(self.data * other.data, (self, other), "*")

    def _backward():
        self.grad = other.data * out.grad  # ← =
        other.grad = self.data * out.grad  # ← =

    out._backward = _backward
    return out


@add_to_class(Value)
def tanh(self):
    t = math.tanh(self.data)
    out = Value(t, (self,), "tanh")

    def _backward():
        self.grad = (1 - t**2) * out.grad  # ← =

    out._backward = _backward
    return out


@add_to_class(Value)
def __radd__(self, other):  # other + self，other 是普通数字时
    return self + other


@add_to_class(Value)
def __rmul__(self, other):  # other * self
    return self * other


# %% [markdown]
# ## 4. `backward()`：按拓扑排序遍历节点
#
# 一个节点的 `_backward` 只能在它自己的 `grad` 完整之后运行，也就是在所有*用到*它的节点都运行之后。**拓扑排序**把每个节点排在它所有输入之后；倒着走一遍，就能保证每个节点在它所有使用者之后被访问。最简单的构造方法是深度优先搜索：一个节点的输入全部加入之后，再把它自己加入。函数名说明它排出的是哪种顺序：`inputs_first_order_recursive`（“输入在前”）列出所有节点，叶子节点也在内，输入在前，根节点在最后。


# %%
def inputs_first_order_recursive(root):
    order, visited = [], set()

    def visit(v):
        if v not in visited:
            visited.add(v)
            for parent in v._prev:
                visit(parent)
            order.append(v)  # 排在它所有输入之后

    visit(root)
    return order


@add_to_class(Value)
def backward(self):
    order = inputs_first_order_recursive(self)
    self.grad = 1.0  # ∂(输出)/∂(输出)
    for v in reversed(order):
        v._backward()


# %% [markdown]
# 同一个 Python 函数既可以用*我们的* `Value`，也可以用 `autograd_mini.Value` 搭出这个神经元（两者都接受 `V(数字, label=...)`、`+`、`*` 和 `.tanh()`），所以一个辅助函数就能同时运行两个引擎，并逐个比较每个带标签节点的 data 和 grad。


# %%
def neuron(V):
    """用 Value 类 V 搭出第 2 节的神经元；最后一项是输出。"""
    x1, w1 = V(point["x1"], label="x1"), V(point["w1"], label="w1")
    x2, w2 = V(point["x2"], label="x2"), V(point["w2"], label="w2")
    b = V(point["b"], label="b")
    x1w1 = x1 * w1
    x2w2 = x2 * w2
    n = x1w1 + x2w2 + b
    o = n.tanh()
    x1w1.label, x2w2.label, n.label, o.label = "x1w1", "x2w2", "n", "o"
    return {"x1": x1, "w1": w1, "x2": x2, "w2": w2, "b": b, "n": n, "o": o}


def run_both(build):
    """分别用我们的 Value 和 autograd_mini 的 Value 搭图，各自对输出调用 backward()。"""
    ours, theirs = build(Value), build(am.Value)
    list(ours.values())[-1].backward()
    list(theirs.values())[-1].backward()
    return ours, theirs


def agree(ours, theirs):
    """两个引擎里每个节点的 data 和 grad 是否都相同？（同时打印一张表）"""
    same = True
    for name in ours:
        a, b = ours[name], theirs[name]
        row_ok = math.isclose(a.data, b.data, rel_tol=1e-12, abs_tol=1e-15) and math.isclose(
            a.grad, b.grad, rel_tol=1e-12, abs_tol=1e-15
        )
        print(
            f"{name:>4}  data {a.data:+.6f}  我们的 grad {a.grad:+.6f}  autograd_mini {b.grad:+.6f}"
        )
        same = same and row_ok
    return same


ours, theirs = run_both(neuron)
assert agree(ours, theirs)
for name, derivative in by_hand.items():  # 两者也都与第 2 节的手算公式一致
    assert math.isclose(ours[name].grad, derivative, rel_tol=1e-12)
assert math.isclose(ours["n"].grad, do_dn, rel_tol=1e-12)

# %% [markdown]
# `draw_graph` 画出 `autograd_mini` 的计算图：每个值一个方框（标签、data、grad），每个运算一个节点，每条边标着它的局部导数。从图上读出我们的梯度：每个方框里印的 grad（4 位有效数字）就是我们的引擎算出的值。从 `w1` 进入乘法节点（画作 ×）的边上写着 $x_1 = 2$，从 `n` 进入 `tanh` 的边上写着 $1 - o^2$。


# %%
def drawn_grads(graph):
    """draw_graph 图里每个带标签方框中印出的 grad，按标签取出。"""
    boxes = re.findall(r"<B>([^<]+)</B></TD><TD>data [^<]+</TD><TD>grad ([^<]+)</TD>", graph.source)
    return {label: float(grad) for label, grad in boxes}


def matches_drawing(ours, graph):
    """我们的每个梯度是否都与图上的一致（到图上的 4 位有效数字）？"""
    shown = drawn_grads(graph)
    return all(shown[name] == float(f"{v.grad:#.4g}") for name, v in ours.items())


def drawn_edges(graph, name):
    """从标签为 name 的方框引出的每一条边：（它进入的运算，边上写的数）。"""
    node = re.search(rf"(\w+) \[label=<<TABLE[^\n]*<B>{name}</B>", graph.source)[1]
    edges = re.findall(rf'\b{node} -> (\w+) \[label="?([-+.\w]+)', graph.source)
    return [
        (re.search(rf'\b{op} \[label="?([^" ]+)', graph.source)[1], label) for op, label in edges
    ]


graph = am.draw_graph(theirs["o"])
assert matches_drawing(ours, graph)
assert drawn_edges(graph, "w1") == [("×", f"{point['x1']:#.4g}")]  # 写着 x1 = 2
assert drawn_edges(graph, "n") == [("tanh", f"{do_dn:#.4g}")]  # 写着 1 − o²
assert "<svg" in graph.svg()  # 真的渲染成了图，而不只是 DOT 文本
assert "×" in graph.source  # 乘法画作 ×，与正文一致
display(graph)

# %% [markdown]
# ## 5. 该写 `+=` 却写成了 `=`：一个值被用了两次（梯度要累加）
#
# 刚才的神经元里每个值只用了一次。现在让一个值用两次。对 $s = p + p$，导数显然是 $\partial s/\partial p = 2$；对
#
# $$f = d \cdot e, \quad d = p \cdot q, \quad e = p + q \qquad\Big(f = p^2 q + p q^2\Big)$$
#
# 导数是 $\partial f/\partial p = 2pq + q^2$：经过 $d$ 的路径贡献一项（$e \cdot q$），经过 $e$ 的路径贡献一项（$d \cdot 1$），两项相加。这个和就是多元链式法则：**一个值如果流向好几个节点，它收到的梯度是这些节点传回来的梯度之和。** 我们的引擎两个都算错了：


# %%
def twice(V):
    p = V(3.0, label="p")
    s = p + p
    s.label = "s"
    return {"p": p, "s": s}


def two_paths(V):
    p, q = V(1.5, label="p"), V(-2.0, label="q")
    d = p * q
    e = p + q
    f = d * e
    d.label, e.label, f.label = "d", "e", "f"
    return {"p": p, "q": q, "d": d, "e": e, "f": f}


ours, theirs = run_both(twice)
print(f"s = p + p：我们的 ∂s/∂p = {ours['p'].grad}，autograd_mini {theirs['p'].grad}，手算 2")
assert ours["p"].grad == 1.0 and theirs["p"].grad == 2.0  # 我们的错了
assert not agree(ours, theirs)

ours, theirs = run_both(two_paths)
p, q = 1.5, -2.0
through_d, through_e = (p + q) * q, p * q  # e·∂d/∂p 与 d·∂e/∂p
# f = d·e = p²q + pq²，手算为 1.5，两个引擎都是
assert math.isclose(theirs["f"].data, p**2 * q + p * q**2, rel_tol=1e-12)
assert ours["f"].data == theirs["f"].data
print(
    f"经过 d 的路径 {through_d}，经过 e 的路径 {through_e}，合计 {2 * p * q + q**2}；"
    f"我们的引擎给出 {ours['p'].grad}"
)
assert math.isclose(theirs["p"].grad, 2 * p * q + q**2, rel_tol=1e-12)
assert math.isclose(through_d + through_e, 2 * p * q + q**2, rel_tol=1e-12)
# 我们的只留下了一条路径的项：最后运行的 _backward 里的 `=` 覆盖了另一项。
assert ours["p"].grad in (through_d, through_e) and ours["p"].grad != theirs["p"].grad

# %% [markdown]
# 每个 `_backward` 都是*赋值* `self.grad = ...`；第二个使用者运行时，会把第一个的贡献覆盖掉。修正只需每行改一个字符：用 `+=` **累加**。我们把三个运算重写一遍，这次是最终版。


# %%
@add_to_class(Value)
def __add__(self, other):  # noqa: F811 （修正版取代第 3 节的版本）
    other = other if isinstance(other, Value) else Value(other)
    out = Value(self.data + other.data, (self, other), "+")

    def _backward():
        self.grad += 1.0 * out.grad
        other.grad += 1.0 * out.grad

    out._backward = _backward
    return out


@add_to_class(Value)
def __mul__(self, other):  # noqa: F811
    other = other if isinstance(other, Value) else Value(other)
    out = Value(self.data * other.data, (self, other), "*")

    def _backward():
        self.grad += other.data * out.grad
        other.grad += self.data * out.grad

    out._backward = _backward
    return out


@add_to_class(Value)
def tanh(self):  # noqa: F811
    t = math.tanh(self.data)
    out = Value(t, (self,), "tanh")

    def _backward():
        self.grad += (1 - t**2) * out.grad

    out._backward = _backward
    return out


for build in (twice, two_paths, neuron):
    ours, theirs = run_both(build)
    assert agree(ours, theirs)
for name, derivative in by_hand.items():  # 神经元（最后搭的）对照第 2 节
    assert math.isclose(ours[name].grad, derivative, rel_tol=1e-12)

ours, _ = run_both(twice)
assert ours["p"].grad == 2.0  # 手算：∂(p + p)/∂p = 2
ours, theirs = run_both(two_paths)
assert math.isclose(ours["p"].grad, 2 * p * q + q**2, rel_tol=1e-12)
assert math.isclose(ours["q"].grad, p**2 + 2 * p * q, rel_tol=1e-12)  # 手算 ∂f/∂q

# %% [markdown]
# 在图上，$p$ 和 $q$ 各有**两条**出边（进入 $d$ 的 × 和 $e$ 的 +）；它们方框里的 grad 是两条路径之和。

# %%
graph = am.draw_graph(theirs["f"])
assert matches_drawing(ours, graph)
# p 和 q 各有两条出边：进入 d 的 ×（边上是另一个因子）和进入 e 的 +（边上是 1）
assert sorted(drawn_edges(graph, "p")) == sorted([("×", f"{q:#.4g}"), ("+", f"{1:#.4g}")])
assert sorted(drawn_edges(graph, "q")) == sorted([("×", f"{p:#.4g}"), ("+", f"{1:#.4g}")])
display(graph)

# %% [markdown]
# 因为用了 `+=`，梯度会越堆越多：在同一个图上不清零就再调用一次 `backward()`，得到的 $\partial f/\partial p$ 是真值的**三**倍——叶子 $p$ 保留了旧梯度（1 倍），内部节点 $d, e$ 也保留了它们的梯度，于是往下传的是两倍的份额（2 倍）。所以每一轮都要先把所有 `grad` 置 0：这就是每个训练循环里的 `zero_grad()`。


# %%
@add_to_class(Value)
def zero_grad(self):
    for v in inputs_first_order_recursive(self):
        v.grad = 0.0


ours = two_paths(Value)
ours["f"].backward()
first = ours["p"].grad
ours["f"].backward()
print(f"∂f/∂p：调用一次 backward() 后为 {first}，再调用一次后为 {ours['p'].grad}")
assert ours["p"].grad == 3 * first
ours["f"].zero_grad()
ours["f"].backward()
assert ours["p"].grad == first and math.isclose(first, 2 * p * q + q**2, rel_tol=1e-12)

# %% [markdown]
# `autograd_mini` 的累加分两种情形。**在同一遍反向传播之内**，每个节点——不论内部节点还是叶子——都用 `+=` 把各条路径的贡献加起来，正如本节所要求的。**在多次调用 `backward()` 之间**，只有叶子继续累加，它的文档字符串里写明了：“Leaves accumulate; inner nodes are overwritten”（叶子累加，内部节点被覆盖）。每次调用 `backward()`，它先把每个内部节点的 `grad` 置 0（根节点的置为 1，即 ∂f/∂f），再应用链式法则。所以不清零就再做一遍反向传播，叶子得到的是它导数的**两**倍而不是三倍——旧的 1 倍加上这一遍的 1 倍；而内部节点显示的只是这一遍的梯度：不论做了一遍还是两遍，都是 $\partial f/\partial d = e$、$\partial f/\partial e = d$。被用了不止一次的内部节点在每一遍里都把各条路径加起来，下一遍又从 0 开始：取 $u = 3x$、$g = u \cdot u + u$，每一遍之后都是 $\partial g/\partial u = 2u + 1$，而叶子上的 $\partial g/\partial x = 3(2u + 1)$ 变成两倍。训练循环读取的是叶子（也就是参数）上的梯度，所以清零仍然需要。

# %%
theirs = two_paths(am.Value)
theirs["f"].backward()
theirs["f"].backward()  # 第二遍反向传播，中间没有 zero_grad()
d_hand, e_hand = p * q, p + q  # 手算内部节点的数值
df_dp, df_dq = 2 * p * q + q**2, p**2 + 2 * p * q
print(
    f"两次 backward() 之后：∂f/∂p = {theirs['p'].grad}（手算 2 × {df_dp}），"
    f"∂f/∂d = {theirs['d'].grad}（手算 e = {e_hand}）"
)
# 叶子累加：手算导数的两倍
assert math.isclose(theirs["p"].grad, 2 * df_dp, rel_tol=1e-12)
assert math.isclose(theirs["q"].grad, 2 * df_dq, rel_tol=1e-12)
# 内部节点被覆盖：是这一遍的 ∂f/∂d = e、∂f/∂e = d，不是两倍
assert theirs["d"].grad == e_hand and theirs["e"].grad == d_hand and theirs["f"].grad == 1.0
# 上文引用的文档字符串原文
assert "Leaves accumulate; inner nodes are overwritten" in am.Value.backward.__doc__
theirs["f"].zero_grad()
theirs["f"].backward()  # 清零之后只做一遍：就是导数本身
assert math.isclose(theirs["p"].grad, df_dp, rel_tol=1e-12)
assert theirs["d"].grad == e_hand and theirs["e"].grad == d_hand

x_leaf = am.Value(0.5, label="x")
u = x_leaf * 3
g = u * u + u  # u 是内部节点，到 g 有三条路径：u·u 的两边，以及 + u
u_hand = 3 * 0.5
for passes in (1, 2):  # 做两遍，中间没有 zero_grad()
    g.backward()
    print(f"{passes} 次 backward() 之后：∂g/∂u = {u.grad}，∂g/∂x = {x_leaf.grad}")
    # 在这一遍之内 u 把各条路径加起来（u + u + 1），每一遍都从 0 开始
    assert u.grad == 2 * u_hand + 1
    # 叶子继续累加：手算导数 3(2u + 1) 的 1 倍，然后 2 倍
    assert math.isclose(x_leaf.grad, passes * 3 * (2 * u_hand + 1), rel_tol=1e-12)

# %% [markdown]
# ## 6. 递归深度上限
#
# `inputs_first_order_recursive` 沿着一条路径每经过一个节点就调用自己一次。Python 在 `sys.getrecursionlimit()` 层（通常是 1000，用来保护 C 栈；Python 3.12 起只限制 Python 层的递归）时抛出 `RecursionError`（它的信息是 Python 的英文原文 `maximum recursion depth exceeded`：超过了最大递归深度），所以很长的一串运算——按时间展开很多步的循环网络，或一个迭代计算——会让它崩溃。构造
#
# $$c_0 = x, \qquad c_{i+1} = 0.999\,c_i + 0.001 \quad(i < K), \qquad
# \frac{\partial c_K}{\partial x} = 0.999^K,$$
#
# 共 $K$ 步，取 $K$ = 递归上限。每一步添一个 `*` 节点和一个 `+` 节点，所以图中最长的路径上有 $2K + 1$ 个节点（连 $x$ 在内），递归遍历也要深入这么多层（下面等遍历不再递归时再数一遍）。

# %%
K = sys.getrecursionlimit()


def chain(V):
    x = V(0.5, label="x")
    c = x
    for _ in range(K):
        c = c * 0.999 + 0.001
    c.label = "c"
    return {"x": x, "c": c}


ours = chain(Value)
try:
    ours["c"].backward()
    raised = False
except RecursionError as error:
    raised = True
    print(f"K = {K} 时出现 RecursionError：{error}")
assert raised

# %% [markdown]
# 解决办法是自己维护栈。压入 `(node, False)` 表示“去访问它的输入”，压入 `(node, True)` 表示“它的输入都处理完了：把它追加到 `order`”。顺序与递归版相同，却不占 Python 栈帧。（`autograd_mini` 更进一步：运算创建的每个节点都按创建先后得到一个编号，就是节点的 `seq`（你自己创建的叶子节点是 0）；而节点总是在它的输入之后创建，所以按编号排序本身就是拓扑排序。本库自己的 `topological_order`（笔记本 5 会用到）给出的是另一份列表：根节点在最前，而且只有内部节点。）


# %%
def inputs_first_order(root):
    """每个节点都排在它的所有输入之后；用显式的栈，不用递归。"""
    order, visited = [], set()
    stack = [(root, False)]
    while stack:
        v, inputs_done = stack.pop()
        if inputs_done:
            order.append(v)
        elif v not in visited:
            visited.add(v)
            stack.append((v, True))
            # 倒序压栈：第一个输入先弹出、先访问（与递归版相同）
            stack.extend((parent, False) for parent in reversed(v._prev))
    return order


@add_to_class(Value)
def zero_grad(self):  # noqa: F811 （zero_grad 也改用同样的遍历）
    for v in inputs_first_order(self):
        v.grad = 0.0


@add_to_class(Value)
def backward(self):  # noqa: F811 （迭代版取代第 4 节的版本）
    order = inputs_first_order(self)
    self.grad = 1.0
    for v in reversed(order):
        v._backward()


# 小图上与递归版顺序相同；长链上也是合法的拓扑排序。
small = two_paths(Value)["f"]
assert inputs_first_order(small) == inputs_first_order_recursive(small)
order = inputs_first_order(chain(Value)["c"])
position = {v: i for i, v in enumerate(order)}
assert all(position[parent] < position[v] for v in order for parent in v._prev)
longest = {}  # 节点 → 以它结尾的最长路径上的节点数
for v in order:
    longest[v] = 1 + max((longest[parent] for parent in v._prev), default=0)
assert longest[order[-1]] == 2 * K + 1  # x，再加每步一个 * 和一个 +
# 本库自己的 topological_order：根节点在最前，而且只有内部节点（没有 p、q）。
made = two_paths(am.Value)
library = [v.label for v in am.topological_order(made["f"])]
assert library[0] == "f" and sorted(library) == ["d", "e", "f"]
# 它的创建编号（seq）：叶子节点为 0，d、e、f 按创建先后递增；拓扑排序就是把内部节点
# 按这个编号从大到小排。
assert made["p"].seq == made["q"].seq == 0 < made["d"].seq < made["e"].seq < made["f"].seq
assert library == sorted("def", key=lambda name: made[name].seq, reverse=True)

ours, theirs = run_both(chain)
print(
    f"∂c/∂x：我们的 {ours['x'].grad:.12f}，autograd_mini {theirs['x'].grad:.12f}，"
    f"0.999^K {0.999**K:.12f}"
)
assert math.isclose(ours["x"].grad, 0.999**K, rel_tol=1e-9)
assert agree({"x": ours["x"]}, {"x": theirs["x"]})
ours["c"].zero_grad()  # zero_grad 也不再递归
assert ours["x"].grad == 0.0 and ours["c"].grad == 0.0

# %% [markdown]
# 整个引擎就是这些：带 `+`、`*`、`tanh` 的 `Value`（外加让 `1 + x` 和 `2 * x` 也能算的 `__radd__`、`__rmul__`），`backward()`、`zero_grad()`，以及它们遍历用的顺序。开头说过大约六十行。按写成一个类的样子来数——各个方法、`class Value:` 和它的文档字符串，再加 `inputs_first_order`；不算空行，不算只有注释的行（你自己加的笔记不算在内），也不算各单元格里的 `@add_to_class` 装饰器——一共是：

# %%
engine = [Value.__init__, Value.__repr__, Value.__add__, Value.__radd__, Value.__mul__]
engine += [Value.__rmul__, Value.tanh, Value.backward, Value.zero_grad, inputs_first_order]
lines = [
    line
    for function in engine
    for line in inspect.getsource(function).splitlines()
    if line.strip() and not line.lstrip().startswith(("#", "@add_to_class"))
]
n_lines = len(lines) + 2  # `class Value:` 和它的文档字符串
print(f"整个引擎：{n_lines} 行")
assert 55 <= n_lines <= 65  # 大约六十

# %% [markdown]
# ## 7. 新函数不用新代码：链式法则会自己组合
#
# 任何用这三个运算写成的函数，不用新代码就能求导。sigmoid 函数 $\sigma$ 就是经过缩放和平移的 tanh：
#
# $$\sigma(x) = \frac{1}{1 + e^{-x}} = \tfrac12\big(1 + \tanh(x/2)\big), \qquad
# \sigma'(x) = \sigma(x)\big(1 - \sigma(x)\big).$$
#
# 在我们的引擎里这样搭出来，它的梯度必须与手算公式一致，也必须与 `autograd_mini` 自带的 `sigmoid` 运算（它有自己的求导规则）一致。


# %%
def sigmoid(v):
    return 0.5 * (v * 0.5).tanh() + 0.5


for x0 in (-3.0, -0.2, 0.0, 1.7):
    mine = Value(x0, label="x")
    s = sigmoid(mine)
    s.backward()
    theirs = am.Value(x0, label="x")
    s_lib = theirs.sigmoid()
    s_lib.backward()
    sig = 1 / (1 + math.exp(-x0))
    print(
        f"x = {x0:+.1f}：σ'(x) 我们的 {mine.grad:.10f}  autograd_mini {theirs.grad:.10f}"
        f"  σ(1 − σ) {sig * (1 - sig):.10f}"
    )
    assert math.isclose(s.data, sig, rel_tol=1e-12)
    assert math.isclose(mine.grad, sig * (1 - sig), rel_tol=1e-9)
    assert math.isclose(theirs.grad, sig * (1 - sig), rel_tol=1e-9)

# %% [markdown]
# 最后做一次综合检验：带平方误差的 sigmoid 神经元 $C = (\sigma(w_1 x_1 + w_2 x_2 + b) - y)^2$（笔记本 2 的代价函数）。差值 $r = a - y$（残差）在 $r \cdot r$ 里用了两次，所以这里也需要 `+=` 修正。手算：$\partial C/\partial w_1 = 2(a - y)\,\sigma'(z)\,x_1$。这里和笔记本 1 以后一样，加权输入记作 $z$，神经元的输出记作 $a$（即第 2 节的 $n$ 和 $o$，那是 micrograd 的叫法），$y$ 是目标值。


# %%
def sigmoid_neuron_cost(V):
    leaves = {name: V(value, label=name) for name, value in point.items()}
    x1, w1, x2, w2, b = leaves.values()
    z = x1 * w1 + x2 * w2 + b
    # 我们的：用 tanh 搭出的 σ（见上）；autograd_mini：它自带的 sigmoid 运算
    a = sigmoid(z) if V is Value else z.sigmoid()
    r = a + (-0.25)  # a − y，目标 y = 0.25
    C = r * r
    z.label, a.label, r.label, C.label = "z", "a", "r", "C"
    return {**leaves, "z": z, "a": a, "C": C}


ours, theirs = run_both(sigmoid_neuron_cost)
assert agree(ours, theirs)
a_, z_ = ours["a"].data, ours["z"].data
assert math.isclose(a_, 1 / (1 + math.exp(-z_)), rel_tol=1e-12)
assert math.isclose(ours["w1"].grad, 2 * (a_ - 0.25) * a_ * (1 - a_) * point["x1"], rel_tol=1e-9)
graph = am.draw_graph(theirs["C"], rankdir="TB")
assert matches_drawing(ours, graph)
display(graph)

# %% [markdown]
# 这就是反向模式自动微分的全部思想：前向时记下计算图，然后倒着走一遍，把局部导数相乘，并把从不同路径传来的梯度**相加**。`autograd_mini` 是同一个引擎，只是运算更多、会指出 `nan` 从哪里来、能求高阶导数，还能画图。
#
# ## 轮到你了
#
# 下面的每个练习单元格给我们的 `Value` 加上一个方法，方法体只是占位：运行这个单元格只是定义了它，调用这个方法才会抛出 `NotImplementedError`。它后面的单元格会调用你的方法。占位还在的时候，它只打印“还没有写”，笔记本照样往下运行；你填好之后，它拿你的答案与手算公式和 `autograd_mini` 比较，指出哪一项错了，或者打印 ✓。记得用 `+=`。
#
# **练习 1 —— `exp`。** 给我们的 `Value` 加上 $e^x$：前向 `math.exp(self.data)`，局部导数 $\dfrac{d}{dx}e^x = e^x$（就是输出本身）。


# %% tags=["exercise:exp"]
@add_to_class(Value)
def exp(self):
    raise NotImplementedError("轮到你了：e**x 及其局部导数")


# %%
nb00.check_exp(Value)

# %% [markdown]
# **练习 2 —— 幂。** 给我们的 `Value` 加上幂运算 `x ** k`，其中 `k` 是普通数字（`int` 或 `float`）：前向 `self.data ** k`，局部导数 $\dfrac{d}{dx}x^k = k\,x^{k-1}$——幂法则。有了它，$1/x$ 就是 `x ** -1`，$p/q$ 可以写成 `p * q**-1`（要直接写 `/` 还需再加 `__truediv__`）。请直接由 `self.data` 算出 $x^{k-1}$：`k * out.data / self.data` 在 $x \ne 0$ 时与它相等，但在 $x = 0$ 处会除以零，而 $x = 0$ 正是检验要试的点之一。


# %% tags=["exercise:pow"]
@add_to_class(Value)
def __pow__(self, k):
    raise NotImplementedError("轮到你了：x**k（k 是一个数）及其局部导数")


# %%
nb00.check_pow(Value)
