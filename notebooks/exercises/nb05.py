"""Checks for notebook 05's exercises: a backward pass of your own, and the reverse network."""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Mapping, Sequence

import autograd_mini
from autograd_mini import Value, dot
from autograd_mini.backward import backward, gradients
from autograd_mini.steps import backward_steps

from . import Mistake, Verdict, call, check, expect_close, fit, msg
from .reading import is_close
from .shown import short
from .slips import negated_everywhere
from .watch import LIBRARY, first_call

__all__ = ["check_my_backward", "check_reverse_neuron"]

Grads = dict[Value, float]

#: The library's own reverse passes: a my_backward that runs one is refused, naming what
#: it called (Value.backward and grad() run backward and gradients inside).
ENGINE_PASSES = {f.__code__ for f in (backward, gradients, backward_steps)}


def _fan_out() -> tuple[Value, list[Value]]:
    """A hidden neuron feeding two outputs (notebook 05's fan-out graph), labelled."""
    w1, w2, b = Value(0.8, "w1"), Value(-0.6, "w2"), Value(0.1, "b")
    w3, w4 = Value(1.2, "w3"), Value(-0.9, "w4")
    z = dot([w1, w2], [1.5, -0.5], b)
    z.label = "z"
    a = z.sigmoid()
    a.label = "a"
    z1, z2 = dot([w3], [a], -0.3), dot([w4], [a], 0.2)
    z1.label, z2.label = "z'", "z''"
    a1, a2 = z1.sigmoid(), z2.sigmoid()
    a1.label, a2.label = "a'", "a''"
    C = (a1 - 1.0) ** 2 + (a2 - 0.0) ** 2
    C.label = "C"
    return C, [C, a1, a2, z1, z2, a, z, w1, w2, w3, w4, b]


def _unequal_paths() -> tuple[Value, list[Value]]:
    """C = h + tanh(2h), h = tanh(x): two paths from C into h, of one and of three edges.

    In the fan-out graph both paths into a have the same length, so a breadth-first pass,
    which passes a node's gradient on as soon as a first part of it arrives, was right."""
    x = Value(0.7, "x")
    h = x.tanh()
    h.label = "h"
    u = h * 2.0
    u.label = "u"
    v = u.tanh()
    v.label = "v"
    C = h + v
    C.label = "C"
    return C, [C, v, u, h, x]


def _one_parent_twice() -> tuple[Value, list[Value]]:
    """C = x·x: one node whose parents are x and x, a local derivative for each."""
    x = Value(0.7, "x")
    C = x * x
    C.label = "C"
    return C, [C, x]


def _where(build: Callable[[], tuple[Value, list[Value]]]) -> str:
    """How a message names a graph (in this copy's language); "" for the notebook's own."""
    if build is _unequal_paths:
        return msg(
            en=" in C = h + tanh(u), u = 2h, h = tanh(x)",
            zh="（C = h + tanh(u)，u = 2h，h = tanh(x)）",
        )
    if build is _one_parent_twice:
        return msg(en=" in C = x·x", zh="（C = x·x）")
    return ""


GRAPHS = [_fan_out, _unequal_paths, _one_parent_twice]


def _edges(node: Value) -> list[tuple[Value, float]]:
    return list(zip(node.parents, node.local_grads, strict=True))


def _hand_pass(root: Value, terms: Callable[[Value], list[tuple[Value, float]]]) -> Grads:
    grads: Grads = {root: 1.0}
    for node in autograd_mini.topological_order(root):
        for parent, local in terms(node):
            grads[parent] = grads.get(parent, 0.0) + local * grads.get(node, 0.0)
    return grads


def _distinct_parents(root: Value) -> Grads:
    """``dict(zip(node.parents, node.local_grads))``: a parent used twice counts once."""
    return _hand_pass(root, lambda node: list(dict(_edges(node)).items()))


def _overwriting(root: Value) -> Grads:
    """``grads[parent] = local * grads[node]``: the last path into a node wins."""
    grads: Grads = {root: 1.0}
    for node in autograd_mini.topological_order(root):
        for parent, local in _edges(node):
            grads[parent] = local * grads.get(node, 0.0)
    return grads


def _breadth_first(root: Value) -> Grads:
    """Nodes in the order a queue meets them: a node's gradient is passed on before the
    parts that come by a longer path have arrived."""
    grads: Grads = {root: 1.0}
    seen, queue = {root}, deque([root])
    while queue:
        node = queue.popleft()
        for parent, local in _edges(node):
            grads[parent] = grads.get(parent, 0.0) + local * grads[node]
            if parent not in seen:
                seen.add(parent)
                queue.append(parent)
    return grads


def _depth_first(root: Value) -> Grads:
    """A recursive walk that passes a node's gradient on when it first reaches the node,
    before the parts that come by another path have arrived."""
    grads: Grads = {root: 1.0}
    seen: set[Value] = set()

    def visit(node: Value) -> None:
        seen.add(node)
        for parent, local in _edges(node):
            grads[parent] = grads.get(parent, 0.0) + local * grads[node]
            if parent not in seen:
                visit(parent)

    visit(root)
    return grads


def _largest_term(root: Value) -> Grads:
    """``grads[parent] = max(grads[parent], term)``: of the terms that reach a node by its
    paths, the largest, where their sum is due."""
    grads: Grads = {root: 1.0}
    for node in autograd_mini.topological_order(root):
        for parent, local in _edges(node):
            term = local * grads.get(node, 0.0)
            grads[parent] = max(grads[parent], term) if parent in grads else term
    return grads


def _largest_or_zero(root: Value) -> Grads:
    """``grads[parent] = max(grads.get(parent, 0.0), term)``: the largest term, or 0 where
    every term is negative."""
    grads: Grads = {root: 1.0}
    for node in autograd_mini.topological_order(root):
        for parent, local in _edges(node):
            grads[parent] = max(grads.get(parent, 0.0), local * grads.get(node, 0.0))
    return grads


def _reversed_order(root: Value) -> Grads:
    grads: Grads = {root: 1.0}
    for node in reversed(autograd_mini.topological_order(root)):
        for parent, local in _edges(node):
            grads[parent] = grads.get(parent, 0.0) + local * grads.get(node, 0.0)
    return grads


def _without_local(root: Value) -> Grads:
    return _hand_pass(root, lambda node: [(parent, 1.0) for parent in node.parents])


def _without_upstream(root: Value) -> Grads:
    """``grads[parent] += local``: the local derivative alone, without the gradient that
    reached the node."""
    grads: Grads = {root: 1.0}
    for node in autograd_mini.topological_order(root):
        for parent, local in _edges(node):
            grads[parent] = grads.get(parent, 0.0) + local
    return grads


def _data_for_gradient(root: Value) -> Grads:
    """``local * node.data``: the node's value where the gradient that reached it is due."""
    grads: Grads = {root: 1.0}
    for node in autograd_mini.topological_order(root):
        for parent, local in _edges(node):
            grads[parent] = grads.get(parent, 0.0) + local * node.data
    return grads


def _slips() -> list[tuple[Callable[[Value], Grads], str]]:
    """The passes a student writes with one slip, and what the slip is (in this copy's
    language), most particular first: only to name a slip; the oracle is the engine."""
    largest = msg(
        en="the largest path's term only (max where a sum is due): a node used by "
        "several nodes collects a term from each use, and its gradient is their sum, "
        "grads[p] = grads.get(p, 0.0) + …",
        zh="只取了最大的那条路径的贡献（该求和的地方用了 max()）：一个节点被几个节点使用时，"
        "每次使用都送来一份贡献，它的梯度是这些贡献之和，grads[p] = grads.get(p, 0.0) + …",
    )
    return [
        (
            _distinct_parents,
            msg(
                en="x·x lists x twice in node.parents, with a local derivative for each: go "
                "through zip(node.parents, node.local_grads) as it is; a dict or a set of "
                "the parents keeps one of the two",
                zh="x·x 的 node.parents 里 x 出现了两次，各有一个局部导数：直接遍历 "
                "zip(node.parents, node.local_grads)；把父节点放进字典或集合，两份就只剩一份",
            ),
        ),
        (
            _breadth_first,
            msg(
                en="a node's gradient was passed on before all of it had arrived (a "
                "breadth-first walk): go through topological_order(C), which comes to a "
                "node only after every node that uses it",
                zh="一个节点的梯度还没收齐就往下传了（按广度优先遍历）：按 topological_order(C) "
                "的顺序走，它保证先走完使用某个节点的所有节点，才轮到这个节点",
            ),
        ),
        (
            _depth_first,
            msg(
                en="a node's gradient was passed on before all of it had arrived (a "
                "depth-first walk): go through topological_order(C), which comes to a "
                "node only after every node that uses it",
                zh="一个节点的梯度还没收齐就往下传了（按深度优先遍历）：按 topological_order(C) "
                "的顺序走，它保证先走完使用某个节点的所有节点，才轮到这个节点",
            ),
        ),
        (_largest_term, largest),
        (_largest_or_zero, largest),
        (
            _overwriting,
            msg(
                en="one path's term only: a node used by several nodes collects a term from "
                "each use; add them (grads[p] = grads.get(p, 0.0) + …), never overwrite",
                zh="只有一条路径的贡献：一个节点被几个节点使用时，每次使用都送来一份贡献；"
                "要把它们加起来（grads[p] = grads.get(p, 0.0) + …），不要覆盖",
            ),
        ),
        (
            _reversed_order,
            msg(
                en="the order is reversed: topological_order(C) already lists C first, "
                "each node before its parents; go through it as it is",
                zh="顺序反了：topological_order(C) 本来就把 C 排在最前，"
                "每个节点都在它的父节点之前；照原样遍历即可",
            ),
        ),
        (
            _without_local,
            msg(
                en="the local derivative is missing: each term is "
                "local × ∂C/∂node, with local from node.local_grads",
                zh="少了局部导数：每一份贡献都是 局部导数 × ∂C/∂节点，"
                "局部导数取自 node.local_grads",
            ),
        ),
        (
            _without_upstream,
            msg(
                en="the gradient that reached the node is missing: each term is "
                "local × ∂C/∂node, the local derivative times what has reached the node; "
                "the local derivative alone is ∂node/∂parent, one link of the chain",
                zh="少了传到这个节点的梯度：每一份贡献都是 局部导数 × ∂C/∂节点，即局部导数乘以"
                "已经传到这个节点的梯度；只用局部导数，得到的只是 ∂节点/∂父节点，链式法则中的一环",
            ),
        ),
        (
            _data_for_gradient,
            msg(
                en="node.data in place of ∂C/∂node: each term is the local derivative "
                "times the gradient that reached the node, not its value",
                zh="把 node.data 当成了 ∂C/∂节点：每一份贡献是局部导数乘以传到这个节点的梯度，"
                "而不是乘以它的值",
            ),
        ),
    ]


def _name(node: Value) -> str:
    return node.label or msg(en=f"an unlabelled {node.op} node", zh=f"一个未标注的 {node.op} 节点")


def check_my_backward(my_backward: Callable[[Value], Mapping[Value, float]]) -> Verdict:
    """``my_backward(root)`` must return {node: ∂root/∂node} for every node of the graph.

    It may use ``topological_order``, ``node.parents`` and ``node.local_grads`` only; a
    pass that runs the library's own (``backward()``, ``gradients()``,
    ``backward_steps()``, …) is refused, naming what it called. The oracle is the engine's
    ``backward()`` on the same graph: the notebook's fan-out graph, one with two paths of
    unequal length into a node (a breadth-first pass gets it wrong), and x·x (a node with
    one parent twice). A miss a known slip explains is told which. Then it is asked of
    the fan-out graph after that graph's own ``backward()``, as the notebook calls it: the
    gradients, whatever ``.grad`` held (:func:`_after_backward`).
    """

    def attempt() -> None:
        for build in GRAPHS:
            where = _where(build)
            C, nodes = build()

            def seeded(root: Value, where: str = where) -> object:
                """The student's pass; a KeyError on a node is told as the seed or the order."""
                try:
                    return my_backward(root)
                except KeyError as error:
                    key = error.args[0] if error.args else None
                    if key is root:
                        raise Mistake(
                            msg(
                                en=f"my_backward(C){where} raised KeyError on C itself: "
                                "∂C/∂C = 1 is missing, the seed the pass starts from; start "
                                "the dictionary with {root: 1.0}",
                                zh=f"my_backward(C){where} 在 C 本身上抛出了 KeyError："
                                "少了 ∂C/∂C = 1，反向传播要从这个起点出发；字典一开始"
                                "就要有 C 自己这一项，值为 1.0",
                            )
                        ) from None
                    if isinstance(key, Value):
                        # a label is Latin, set off by spaces in Chinese: 在 z 上
                        on = f" {key.label} " if key.label else _name(key)
                        raise Mistake(
                            msg(
                                en=f"my_backward(C){where} raised KeyError on "
                                f"{_name(key)}: its gradient was read before any had been "
                                "passed to it; go through topological_order(C), which "
                                "comes to a node only after every node that uses it",
                                zh=f"my_backward(C){where} 在{on}上抛出了 KeyError："
                                "还没有任何梯度传到它，就读取了它的梯度；应按 "
                                "topological_order(C) 的顺序走，它保证先走完使用某个节点的"
                                "所有节点，才轮到这个节点",
                            )
                        ) from None
                    raise

            # called through first_call and seeded(): call() sees neither as the student's
            fit(f"my_backward(C){where}", my_backward, C)
            got, called = call(
                f"my_backward(C){where}",
                first_call,
                ENGINE_PASSES,
                LIBRARY,
                seeded,
                C,
                known=[(_micrograd_name, _micrograd_said())],
            )
            got = _as_dict(f"my_backward(C){where}", got)
            if called is not None:
                # Its values would be the engine's, right whatever the student's own pass does.
                raise Mistake(
                    msg(
                        en=f"my_backward(C) called {called}: the exercise asks for the pass "
                        "written by hand, from topological_order, node.parents and "
                        f"node.local_grads; {called} is the library's own pass and computes "
                        "the answer for you, so the check could not tell whether your own "
                        "pass is right",
                        zh=f"my_backward(C) 调用了 {called}：这道练习要你亲手写出这一遍反向传播，"
                        "只用 topological_order、node.parents 和 node.local_grads；"
                        f"{called} 是库自己的反向传播，替你算出了答案，"
                        "检验就无从判断你自己写的那一遍对不对",
                    )
                )
            # the oracle on a graph of its own: a backward() on the student's graph would add
            # to leaf gradients the student's pass may have left there (doubling them)
            reference, expected = build()
            reference.backward()
            _compare(got, nodes, expected, where, build)
        _after_backward(my_backward)

    return check(msg(en="a backward pass of your own", zh="自己写一遍反向传播"), attempt)


def _as_dict(what: str, got: object) -> object:
    """The student's answer as a plain dict where it is a mapping, read without their
    code: a dict (a defaultdict, a class(dict) of theirs) by dict's own items, any other
    mapping through :func:`call` (its ``items`` and ``__getitem__`` are their code, timed
    and told as theirs); anything else as it is, for :func:`_compare` to tell. The check
    read a mapping's ``len``, keys, ``values()`` and ``get`` itself, so a class(dict)
    whose own methods raised stopped the check with its error as the checker's."""
    if isinstance(got, dict):
        return dict(dict.items(got))
    if isinstance(got, Mapping):
        mapping = got
        return call(what, lambda: dict(mapping.items()))
    return got


def _after_backward(my_backward: Callable[[Value], object]) -> None:
    """The exercise's contract, {node: ∂C/∂node} whatever ``.grad`` held before: the
    notebook calls ``my_backward(C)`` on its own C after ``C.backward()``. A pass that adds
    into ``node.grad`` without setting it to 0 first was right on the check's new graphs
    and gave ∂C/∂w1 = −0.553 for −0.0691 there (each earlier gradient counted again, and
    passed on). Asked after the new graphs passed, so a wrong answer here is one that
    depends on the graph's earlier ``.grad``; that it adds into it is said only where
    such a pass gives the answer at every node. So is a pass that sets to 0 the nodes
    ``topological_order(C)`` lists, the inner ones only: every leaf's gradient came back
    twice, and "exactly twice: a factor 2 too many" was said of a pass right on new
    graphs."""
    C, nodes = _fan_out()
    C.backward()
    order = autograd_mini.topological_order(C)
    before = {node: node.grad for node in [*order, *(p for n in order for p in n.parents)]}
    reference, expected = _fan_out()
    reference.backward()
    what = msg(en="my_backward(C) after C.backward()", zh="先 C.backward() 再 my_backward(C)")
    got = _as_dict(what, call(what, my_backward, C))
    if not isinstance(got, Mapping):
        _compare(got, nodes, expected, "", _fan_out)  # says what came back
        return
    adds = msg(
        en="your pass adds into node.grad without setting it to 0 first, so the gradients "
        "C.backward() left there are counted again and passed on: set each node's .grad to 0 "
        "before adding, or add into a dictionary of your own that starts empty",
        zh="你的反向传播直接往 node.grad 上累加，没有先把它清零，C.backward() 留下的梯度"
        "又被算了一遍并继续往下传：累加前先把每个节点的 .grad 设为 0，或者改为累加到"
        "你自己新建的一个空字典里",
    )
    depends = msg(
        en="on a new graph of the same shape your pass was right, so its answer depends on "
        "what node.grad held before it ran; the notebook calls it on its C after "
        "C.backward(): does it read or add to node.grad? start from 0, or from a "
        "dictionary of your own",
        zh="在一张形状相同的新图上你的结果是对的，所以它取决于运行前 node.grad 里已有的值；"
        "笔记本是在 C.backward() 之后才对它的 C 调用你的函数的：你的函数是不是读取了 "
        "node.grad，或者往上面累加了？请从 0 开始累加，或者改用你自己新建的字典",
    )
    leaves = msg(
        en="your pass sets .grad to 0 for the nodes topological_order(C) lists, and that list "
        "holds the inner nodes only, not the leaves (w1, w2, b, …): their .grad still holds "
        "what C.backward() left, and your pass adds to it; set every node's .grad to 0, the "
        "parents' too, or add into a dictionary of your own that starts empty",
        zh="你的反向传播只把 topological_order(C) 列出的节点的 .grad 设为 0，而这个列表里只有"
        "内部节点，没有叶子节点（w1、w2、b 等）：它们的 .grad 里还留着 C.backward() 算出的值，"
        "你的反向传播又在上面累加；请把每个节点（包括各节点的父节点）的 .grad 都设为 0，"
        "或者改为累加到你自己新建的一个空字典里",
    )
    inner = set(order)
    leaves_kept = {node: 0.0 if node in inner else grad for node, grad in before.items()}
    confirmed = [
        (made, said)
        for start, seed, said in (
            (before, 0.0, adds),  # root.grad = 1.0
            (before, 1.0, adds),  # root.grad += 1.0
            (leaves_kept, 0.0, leaves),  # the inner nodes' .grad set to 0 first
        )
        if _is_the_slip(got, nodes, made := _adding_into_grad(C, nodes, start, seed))
    ]
    for k, (node, want) in enumerate(zip(nodes, expected, strict=True)):
        value = got.get(node)
        if is_close(value, want.grad, rel=1e-12, abs_tol=1e-15):
            continue
        named = msg(en=f"∂C/∂{node.label} ({what})", zh=f"∂C/∂{node.label}（{what}）")
        slips = [(made[k], said) for made, said in confirmed[:1]]
        if not confirmed:  # right on new graphs: twice, half or the negative is no formula's
            slips = [(factor * want.grad, depends) for factor in (2.0, 0.5, -1.0)]
        try:
            expect_close(named, value, want.grad, rel=1e-12, abs_tol=1e-15, slips=slips)
        except Mistake as mistake:
            if confirmed or depends in str(mistake):
                raise
            raise Mistake(msg(en=f"{mistake}; {depends}", zh=f"{mistake}；{depends}")) from None


def _adding_into_grad(
    root: Value, nodes: list[Value], before: Mapping[Value, float], seed: float
) -> list[float]:
    """What a pass adding into ``.grad`` gives at ``nodes``, starting from ``before`` (the
    grads an earlier backward() left) with the root's set to 1 (``seed`` 0) or 1 added to
    it (``seed`` 1)."""
    grads = dict(before)
    grads[root] = seed * grads[root] + 1.0
    for node in autograd_mini.topological_order(root):
        for parent, local in _edges(node):
            grads[parent] = grads.get(parent, 0.0) + local * grads.get(node, 0.0)
    return [grads.get(node, 0.0) for node in nodes]


def _compare(
    got: object,
    nodes: list[Value],
    expected: list[Value],
    where: str,
    build: Callable[[], tuple[Value, list[Value]]],
) -> None:
    """The student's dictionary against the engine's gradients, node by node from C."""
    into_grad = _into_grad(nodes)
    if not isinstance(got, Mapping):
        raise Mistake(
            msg(
                en=f"my_backward(C) must return a dict {{node: ∂C/∂node}}, got {short(got)}"
                f"{into_grad}",
                zh=f"my_backward(C) 应返回字典 {{节点: ∂C/∂节点}}，得到的是 {short(got)}"
                f"{into_grad}",
            )
        )
    if not got:
        raise Mistake(
            msg(
                en=f"my_backward(C){where} returned an empty dictionary: the check reads each "
                "∂C/∂node from the dictionary returned, {node: ∂C/∂node} for every node, "
                f"starting with {{C: 1.0}}{into_grad}",
                zh=f"my_backward(C){where} 返回了一个空字典：检验从返回的字典里读取每个 "
                "∂C/∂节点，所以每个节点都要有一项 {节点: ∂C/∂节点}，第一项是 C 自己的 {C: 1.0}"
                f"{into_grad}",
            )
        )
    # keyed by labels or ids ({node.label: …}): every node would read "missing", the
    # root's first, as if ∂C/∂C = 1 had been forgotten
    others = [key for key in got if not isinstance(key, Value)]
    if others:
        key = others[0]
        # an id() is not shown: it differs from run to run
        if isinstance(key, int) and not isinstance(key, bool):
            shown = msg(en="a number as a key (an id?)", zh="键是一个数（是 id 吗？）")
        else:
            shown = msg(en=f"the key {short(key)}", zh=f"键是 {short(key)}")
        raise Mistake(
            msg(
                en="my_backward(C): the dictionary's keys must be the nodes themselves "
                f"(the Value objects), not their labels or ids; got {shown}",
                zh="my_backward(C)：字典的键必须是节点本身（Value 对象），"
                f"而不是节点的标签或 id；得到的{shown}",
            )
        )
    # {n: n.grad for n in grads}: a right pass's keys, every value the 0 that .grad holds
    # on the check's graph (no backward() ran on it), ∂C/∂C's too, which any pass sets to 1
    values = list(got.values())
    if (
        len(got) > 1
        and all(type(v) in (int, float) and v == 0 for v in values)
        and all(key.grad == 0.0 for key in got)
    ):
        raise Mistake(
            msg(
                en=f"∂C/∂C{where}: expected 1, got 0, and every entry of the dictionary is 0, "
                "what node.grad holds on a graph no backward() ran on: the dictionary was "
                "filled from node.grad, not from the gradients your pass computed; return "
                "the dictionary your pass filled",
                zh=f"∂C/∂C{where}：应为 1，实际得到 0，而且字典里每一项都是 0，正是没有运行过 "
                "backward() 的图上 node.grad 的值：字典是从 node.grad 里取的数，而不是你的"
                "反向传播算出的梯度；请返回你的反向传播填好的那个字典",
            )
        )
    # what each slip gives on a graph of the same shape, node by node; a slip is named
    # only if the answer is that slip at every node: at one node a slip's number can be
    # another's (node.data at a' − y₁ is exactly half of ∂C/∂a', as any halving pass is)
    slipped = []
    for slip, said in _slips():
        root, same = build()
        numbers = slip(root)
        made = [numbers.get(node, 0.0) for node in same]
        if _is_the_slip(got, nodes, made):
            slipped.append((made, said))
    for k, (node, want) in enumerate(zip(nodes, expected, strict=True)):
        if node not in got:
            seed = (
                msg(
                    en=" (the seed ∂C/∂C = 1 the pass starts from)",
                    zh="（即反向传播的起点 ∂C/∂C = 1）",
                )
                if k == 0
                else ""
            )
            raise Mistake(
                msg(
                    en=f"∂C/∂{node.label}{where}: missing from the dictionary returned{seed}"
                    f"{into_grad}",
                    zh=f"∂C/∂{node.label}{where}：返回的字典里没有这一项{seed}{into_grad}",
                )
            )
        slips = [(numbers[k], said) for numbers, said in slipped]
        expect_close(
            f"∂C/∂{node.label}{where}", got[node], want.grad, rel=1e-12, abs_tol=1e-15, slips=slips
        )


def _into_grad(nodes: list[Value]) -> str:
    """What to add to a message on an answer missing from the dictionary when the
    student's pass wrote gradients into ``.grad`` of the graph's nodes (no backward() of
    the engine runs on that graph: the oracle has its own), or ""."""
    if all(node.grad == 0.0 for node in nodes):
        return ""
    return msg(
        en="; your pass wrote its gradients into node.grad: put each in the dictionary it "
        "returns, keyed by its node, not into .grad, which the check does not read",
        zh="；你的反向传播把梯度写进了 node.grad：请把每个梯度以它的节点为键放进函数返回的"
        "字典，而不是写进 .grad，检验不读 .grad",
    )


def _is_the_slip(got: Mapping[object, object], nodes: list[Value], made: list[float]) -> bool:
    """Whether the answer ``got`` gives, at every node, the number a slip gives there
    (``made``, node by node): to rounding, as a pass written that way would."""
    # a numpy number is a Real; a Value, a string or None is not the slip's number
    return all(
        is_close(got.get(node), number, abs_tol=1e-15)
        for node, number in zip(nodes, made, strict=True)
    )


#: Names of micrograd's Value a student may reach for: autograd_mini's has none of them.
MICROGRAD_NAMES = frozenset({"_prev", "_children", "_backward", "_op", "children", "prev"})


def _micrograd_name(error: Exception) -> bool:
    """An AttributeError for one of micrograd's names, asked of a Value."""
    return (
        isinstance(error, AttributeError)
        and isinstance(getattr(error, "obj", None), Value)
        and getattr(error, "name", None) in MICROGRAD_NAMES
    )


def _micrograd_said() -> str:
    return msg(
        en="that is micrograd's name: here a node's inputs are node.parents and its local "
        "derivatives node.local_grads, in the same order",
        zh="这是 'micrograd' 里的名字：这里节点的输入是 node.parents，"
        "对应的局部导数是 node.local_grads，两者顺序一致",
    )


def check_reverse_neuron(
    reverse_neuron: Callable[[float, Sequence[float], Sequence[float]], float],
) -> Verdict:
    """``reverse_neuron(z, ws, upstream)`` must be ∂C/∂z = σ′(z)·Σⱼ wⱼ·∂C/∂zⱼ⁽ˡ⁺¹⁾.

    One node of the reverse network: the errors ∂C/∂zⱼ⁽ˡ⁺¹⁾ of the next layer's neurons j
    that a = σ(z) feeds (through weights wⱼ) come in, a weighted sum times σ′(z) goes
    out. The oracle is the engine on a neuron feeding three others; a miss a known slip
    explains (σ′(z) left out or taken at a, one neuron j only) is told which.
    """

    def attempt() -> None:
        ws = [1.2, -0.9, 0.4]
        cases = []  # (what, the arguments, ∂C/∂z by the engine)
        for z0 in (0.3, -1.7):
            z = Value(z0, "z")
            a = z.sigmoid()
            outs = [dot([Value(w)], [a], 0.1 * j) for j, w in enumerate(ws)]
            C = sum(
                ((o.sigmoid() - t) ** 2 for o, t in zip(outs, (1.0, 0.0, 1.0), strict=True)),
                start=Value(0.0),
            )
            C.backward()
            assert math.isfinite(z.grad)
            upstream = [o.grad for o in outs]
            cases.append((f"reverse_neuron({z0:g}, {ws}, upstream)", (z0, ws, upstream), z.grad))
        for what, (z0, _, upstream), want in cases:
            # fresh lists each call: a function that writes into ws or upstream (a right
            # formula computed in place) is asked the inputs the engine's number is of
            got = call(what, reverse_neuron, z0, list(ws), list(upstream))
            where = msg(en=f"∂C/∂z at z = {z0:g}", zh=f"z = {z0:g} 处的 ∂C/∂z")
            slips = _neuron_slips(z0, ws, upstream)
            if is_close(got, -want) and negated_everywhere(reverse_neuron, cases):
                slips.insert(0, (-want, _zhou_sign()))
            expect_close(where, got, want, rel=1e-12, abs_tol=1e-15, slips=slips)

    return check(msg(en="one node of the reverse network", zh="反向网络中的一个节点"), attempt)


def _zhou_sign() -> str:
    """The opposite sign at every z checked, named by its likely cause: 周志华's gradient
    terms g_j and e_h are −∂E/∂z (notebook 3), the exercise's ∂C/∂z is δ itself."""
    return msg(
        en="opposite sign at every z checked: −∂C/∂z is Zhou Zhihua's convention, whose "
        "gradient terms g_j and e_h carry a minus (e_h = −δ_h); the exercise asks for "
        "∂C/∂z itself, notebook 3's δ, σ′(z)·Σ_j w_j·∂C/∂z_j, with no minus sign",
        zh="在检验的每个 z 处符号都相反：−∂C/∂z 是周志华的约定，他的梯度项 g_j 和 e_h "
        "带着负号（e_h = −δ_h）；这里要的是 ∂C/∂z 本身，即笔记本 3 的 "
        "δ = σ′(z)·Σ_j w_j·∂C/∂z_j，不带负号",
    )


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def _neuron_slips(
    z: float, ws: Sequence[float], upstream: Sequence[float]
) -> list[tuple[float, str]]:
    """What ``reverse_neuron`` gives with one slip, and the slip (in this copy's language):
    only to name it; the oracle is the engine."""
    total = sum(w * u for w, u in zip(ws, upstream, strict=True))
    s = _sigmoid(z)
    prime = s * (1.0 - s)
    return [
        (
            total,
            msg(
                en="the factor σ′(z) is missing: the error goes back through a = σ(z), "
                "∂C/∂z = σ′(z)·Σ_j w_j·∂C/∂z_j",
                zh="少了因子 σ′(z)：误差要穿过 a = σ(z) 传回来，∂C/∂z = σ′(z)·Σ_j w_j·∂C/∂z_j",
            ),
        ),
        (
            prime * sum(ws) * sum(upstream),
            msg(
                en="Σ_j w_j times Σ_j ∂C/∂z_j: the sum is of products, each w_j times its own "
                "∂C/∂z_j, Σ_j w_j·∂C/∂z_j",
                zh="写成了 Σ_j w_j 乘以 Σ_j ∂C/∂z_j：求和的是乘积，每个 w_j 乘以它自己的 "
                "∂C/∂z_j，即 Σ_j w_j·∂C/∂z_j",
            ),
        ),
        (
            s * total,
            msg(
                en="σ(z) in place of σ′(z) = σ(z)(1 − σ(z))",
                zh="把 σ(z) 当成了 σ′(z) = σ(z)(1 − σ(z))",
            ),
        ),
        (
            _sigmoid(s) * (1.0 - _sigmoid(s)) * total,
            msg(
                en="σ′ was taken at a = σ(z); it is σ′(z), at z",
                zh="σ′ 是在 a = σ(z) 处求的；应在 z 处求 σ′(z)",
            ),
        ),
        (
            (1.0 - s * s) * total,
            msg(
                en="1 − σ(z)² is not σ′(z): that is tanh′'s form, 1 − tanh²; "
                "σ′(z) = σ(z)(1 − σ(z))",
                zh="1 − σ(z)² 不是 σ′(z)：那是双曲正切导数的形式 1 − tanh(z)²；"
                "σ′(z) = σ(z)(1 − σ(z))",
            ),
        ),
        (
            (1.0 - math.tanh(z) ** 2) * total,
            msg(
                en="tanh′(z) = 1 − tanh²(z) in place of σ′(z): the neuron is a = σ(z), "
                "σ′(z) = σ(z)(1 − σ(z))",
                zh="用了双曲正切的导数 1 − tanh(z)² 而不是 σ′(z)：这个神经元是 a = σ(z)，"
                "σ′(z) = σ(z)(1 − σ(z))",
            ),
        ),
        (
            z * (1.0 - z) * total,
            msg(
                en="z(1 − z) is not σ′(z): σ′(z) = σ(z)(1 − σ(z))",
                zh="z(1 − z) 不是 σ′(z)：σ′(z) = σ(z)(1 − σ(z))",
            ),
        ),
        (
            prime * max(w * u for w, u in zip(ws, upstream, strict=True)),
            msg(
                en="the largest term only (max over j, or one neuron j only): a feeds every "
                "neuron of the next layer, and ∂C/∂z sums w_j·∂C/∂z_j over every j",
                zh="只取了最大的一项（对 j 取了 max()，或者只算了一个神经元 j）：a 送往下一层的"
                "每一个神经元，∂C/∂z 要对每个 j 把 w_j·∂C/∂z_j 加起来",
            ),
        ),
        *(
            (
                prime * w * u,
                msg(
                    en="one of the next layer's neurons only: a feeds them all, and "
                    "∂C/∂z sums w_j·∂C/∂z_j over every j",
                    zh="只算了下一层的一个神经元：a 送往它们每一个，"
                    "∂C/∂z 要对每个 j 把 w_j·∂C/∂z_j 加起来",
                ),
            )
            for w, u in zip(ws, upstream, strict=True)
        ),
        (
            prime * total / len(ws),
            msg(
                en=f"a mean over j, the sum divided by {len(ws)}: ∂C/∂z sums "
                "w_j·∂C/∂z_j over every j, each neuron's error comes back whole",
                zh=f"对 j 取了平均，即总和除以 {len(ws)}：∂C/∂z 要对每个 j 把 "
                "w_j·∂C/∂z_j 加起来，每个神经元的误差都完整地传回来",
            ),
        ),
        (
            prime * sum(upstream),
            msg(
                en="the weights are missing: each error comes back through its weight, "
                "Σ_j w_j·∂C/∂z_j",
                zh="少了权重：每个误差都要经过它的权重传回来，Σ_j w_j·∂C/∂z_j",
            ),
        ),
    ]
