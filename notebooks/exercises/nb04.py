"""Checks for notebook 04's exercises: counting parameters, and one SGD step by hand."""

from __future__ import annotations

import itertools
import math
import types
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

import autograd_mini.value
import nn
from autograd_mini import Value

from . import Mistake, Verdict, call, check, expect_close, fit, msg
from .reading import entries, read_number
from .shown import short
from .watch import first_call

__all__ = ["check_count_parameters", "check_sgd_step"]

#: An optimizer's step (every optimizer's: a subclass may not define its own): an sgd_step
#: that takes one is refused, naming it.
OPTIMIZER_STEPS = {nn.Optimizer.step.__code__, nn.Optimizer.step_arrays.__code__}
NN = Path(nn.__file__).resolve().parent
#: The learning rate the check steps with: not 0.5, where lr² = lr/2 and a squared learning
#: rate could not be told from half a step.
LR = 0.3


def check_count_parameters(count_parameters: Callable[[Sequence[int]], int]) -> Verdict:
    """``count_parameters(sizes)`` must count weights and biases, Σ (n_in + 1)·n_out.

    The oracle is the library: ``nn.MLP(...).num_parameters()``.
    """

    def attempt() -> None:
        for sizes in ([784, 16, 16, 10], [64, 16, 16, 10], [2, 16, 16, 1], [3, 1]):
            net = nn.MLP(sizes[0], list(sizes[1:]), seed=0)
            what = f"count_parameters({sizes})"
            got = call(what, count_parameters, list(sizes), known=[(IndexError, _past(sizes))])
            expected = net.num_parameters()
            # a right count as a float (13002.0, from a / or numpy's floats) is right: the
            # exercise counts parameters, it does not ask for Python's int
            expect_close(what, got, expected, abs_tol=0, slips=_count_slips(sizes))

    return check(msg(en="counting a network's parameters", zh="统计网络的参数个数"), attempt)


def _past(sizes: Sequence[int]) -> str:
    """What an IndexError in a count of ``sizes`` is: a loop one past the end, where
    ``sizes[i + 1]`` is read for every i of ``range(len(sizes))``."""
    n = len(sizes)
    return msg(
        en=f"an index past the end of sizes: its {n} layer sizes have {n - 1} pairs of "
        f"neighbours, sizes[i] and sizes[i + 1] for i in range({n - 1}), 'range(len(sizes) - 1)'; "
        "'zip(sizes, sizes[1:])' gives them",
        zh=f"下标超出了列表 'sizes' 的末尾：{n} 个层的大小只组成 {n - 1} 对相邻的层，即 "
        f"i 取 range({n - 1})，也就是 'range(len(sizes) - 1)' 时的 sizes[i] 和 sizes[i + 1]；"
        "'zip(sizes, sizes[1:])' 正好给出它们",
    )


def _count_slips(sizes: Sequence[int]) -> list[tuple[float, str]]:
    """What a count of ``sizes``' parameters gives with one slip, and the slip (in this
    copy's language): each was told as a bare "expected 13002, got 12960"."""
    pairs = list(itertools.pairwise(sizes))
    rule = msg(
        en="each neuron of a layer has n_in weights and 1 bias, Σ (n_in + 1)·n_out over "
        "'zip(sizes, sizes[1:])'",
        zh="每层的每个神经元有 n_in 个权重和 1 个偏置，对 'zip(sizes, sizes[1:])' 求和 "
        "Σ (n_in + 1)·n_out",
    )
    right = sum((n_in + 1) * n_out for n_in, n_out in pairs)
    product = "·".join(map(str, sizes))
    return [
        (
            sum(n_in * n_out for n_in, n_out in pairs),
            msg(en=f"the weights only, no biases: {rule}", zh=f"只数了权重，没数偏置：{rule}"),
        ),
        (
            sum(n_in * n_out + 1 for n_in, n_out in pairs),
            msg(
                en="one bias a layer: notebook 2's layers had one neuron each, but here a "
                f"layer has n_out neurons and each has its own bias; {rule}",
                zh="每层只数了一个偏置：笔记本 2 的每层只有一个神经元，这里一层有 n_out 个"
                f"神经元，各有自己的偏置；{rule}",
            ),
        ),
        (
            sum(n_in * (n_out + 1) for n_in, n_out in pairs),
            msg(
                en=f"a bias per input, n_in·(n_out + 1): the bias is one per neuron; {rule}",
                zh=f"每个输入一个偏置，n_in·(n_out + 1)：偏置是每个神经元一个；{rule}",
            ),
        ),
        (
            sum((n_in + 1) * (n_out + 1) for n_in, n_out in pairs),
            msg(
                en=f"(n_in + 1)·(n_out + 1): the + 1 on n_out counts a neuron that is not "
                f"there; {rule}",
                zh=f"(n_in + 1)·(n_out + 1)：n_out 上的 + 1 多数了一个并不存在的神经元；{rule}",
            ),
        ),
        (
            right + sum(sizes[1:]),
            msg(
                en=f"each bias counted twice: the + 1 of (n_in + 1)·n_out is already the "
                f"neuron's bias; {rule}",
                zh=f"每个偏置数了两次：(n_in + 1)·n_out 里的 + 1 就是神经元的偏置；{rule}",
            ),
        ),
        (
            right + sizes[0],
            msg(
                en=f"biases for the inputs too: the input layer has no neurons; {rule}",
                zh=f"输入也算了偏置：输入层没有神经元；{rule}",
            ),
        ),
        (
            right - (sizes[-2] + 1) * sizes[-1],
            msg(
                en=f"the last layer is left out (a loop one short?); {rule}",
                zh=f"漏了最后一层（循环少走了一次？）；{rule}",
            ),
        ),
        (
            right - (sizes[0] + 1) * sizes[1],
            msg(
                en=f"the first layer is left out (a loop starting one late?); {rule}",
                zh=f"漏了第一层（循环晚开始了一次？）；{rule}",
            ),
        ),
        (
            right - sizes[-1],
            msg(
                en=f"the output layer's biases are missing: its neurons have one each too; {rule}",
                zh=f"漏了输出层的偏置：输出层的每个神经元也各有一个偏置；{rule}",
            ),
        ),
        (
            sum(sizes),
            msg(
                en=f"the sizes added up: that counts neurons and inputs, not parameters; {rule}",
                zh=f"把各层大小加了起来：那是神经元和输入的个数，不是参数个数；{rule}",
            ),
        ),
        (  # after "weights only": for two sizes, the product is the weights' count
            math.prod(sizes),
            msg(
                en=f"the layer sizes multiplied together, {product}: weights are counted layer "
                "by layer — n_in·n_out between each pair of neighbouring layers, added up, "
                "Σ n_in·n_out — plus one bias per neuron: Σ (n_in + 1)·n_out over "
                "'zip(sizes, sizes[1:])'",
                zh=f"把各层大小乘了起来，{product}：权重要逐层数——每对相邻层之间有 "
                "n_in·n_out 个，再加起来，Σ n_in·n_out——另外每个神经元还有 1 个偏置：对 "
                "'zip(sizes, sizes[1:])' 求和 Σ (n_in + 1)·n_out",
            ),
        ),
    ]


def check_sgd_step(sgd_step: Callable[[Sequence[Value], float], None]) -> Verdict:
    """``sgd_step(params, lr)`` must move every parameter by −lr·∂C/∂p, in place.

    The gradients are already in ``p.grad`` (``backward()`` ran); the oracle is the
    library's ``nn.SGD(params, lr).step()`` on an identical network, so a step that calls
    an optimizer's is refused, naming it. A miss a known slip explains (uphill, no
    learning rate, a parameter left out) is told which, ahead of expect_close's generic
    "exactly half".
    """

    def attempt() -> None:
        X, y = nn.data.moons(16, noise=0.1, seed=1)
        nets = [nn.MLP(2, [4, 1], output_activation="sigmoid", seed=3) for _ in range(2)]
        for net in nets:
            net.zero_grad()
            nn.squared_error([net(x) for x in X], y.tolist()).backward()
        yours, library = (net.parameters() for net in nets)
        nn.SGD(library, lr=LR).step()
        grads_before = [p.grad for p in yours]
        data_before = [p.data for p in yours]
        what = f"sgd_step(params, {LR})"
        fit(what, sgd_step, yours, LR)  # called through first_call: call() sees that only
        returned, called = call(
            what,
            first_call,
            OPTIMIZER_STEPS,
            NN,
            sgd_step,
            yours,
            LR,
            known=[
                (_a_value_for_data, _a_value_for_data_said()),
                (_a_gradient_read_as_a_tensor(grads_before), _a_gradient_read_as_a_tensor_said()),
            ],
        )
        if called is not None:
            # the library's step is the oracle: right whatever the student's own would be
            raise Mistake(
                msg(
                    en=f"{what} called {called}, the library's optimizer: the "
                    "exercise asks for the update written by hand, p.data -= lr * p.grad for "
                    "every p; the check compares with that very optimizer, so it could not "
                    "tell whether your own step is right",
                    zh=f"{what} 调用了库里现成的优化器 {called}：这道练习要你"
                    "亲手写出这一步更新，对每个 p 执行 p.data -= lr * p.grad；检验拿来对照的"
                    "正是这个优化器，就无从判断你自己写的那一步对不对",
                )
            )
        if [p.data for p in yours] == data_before:
            _nothing_moved(yours, grads_before, returned, [p.data for p in library])
        named = [name for name, _ in nets[0].named_parameters()]
        for k, (mine, theirs) in enumerate(zip(yours, library, strict=True)):
            slips = _step_slips(k, named[k], data_before[k], grads_before[k], LR, len(yours))
            where = msg(en=f"parameter {k} (.data)", zh=f"参数 {k} 的 .data")
            expect_close(where, mine.data, theirs.data, rel=1e-12, abs_tol=1e-15, slips=slips)
        for k, (p, before) in enumerate(zip(yours, grads_before, strict=True)):
            if p.grad != before:  # exactly: the step has no reason to touch it
                raise Mistake(
                    msg(
                        en=f"params[{k}].grad: expected {before:.10g}, got {p.grad:.10g} "
                        "(an SGD step reads the gradient, it does not change it)",
                        zh=f"params[{k}].grad：应为 {before:.10g}，实际得到 {p.grad:.10g}"
                        "（SGD 的一步只读取梯度，不修改它）",
                    )
                )

    return check(
        msg(en="one step of SGD, W ← W − η·∂C/∂W", zh="随机梯度下降（SGD）的一步，W ← W − η·∂C/∂W"),
        attempt,
    )


def _a_value_for_data(error: Exception) -> bool:
    """Was ``error`` the library refusing a Value written into a parameter's ``.data``
    (``p.data = p - lr * p.grad``)? Read from where it was raised, the library's check of
    a number written (its ``field`` and ``x``), not from its words."""
    tb = error.__traceback__
    if not isinstance(error, TypeError) or tb is None:
        return False
    while tb.tb_next is not None:
        tb = tb.tb_next
    frame: types.FrameType = tb.tb_frame
    return (
        frame.f_code is autograd_mini.value._written.__code__
        and frame.f_locals.get("field") == "data"
        and isinstance(frame.f_locals.get("x"), Value)
    )


def _a_value_for_data_said() -> str:
    """What :func:`_a_value_for_data`'s error means, in this copy's language."""
    return msg(
        en="p.data holds a number, and what was written into it is a Value, a node of the "
        "graph (p - lr * p.grad is one: p itself is a Value); take the step on the number, "
        "p.data -= lr * p.grad",
        zh="p.data 里放的是一个数，而写进去的却是一个 Value，即图上的一个节点（p - lr * p.grad "
        "就是一个 Value，因为 p 本身是 Value）；这一步要在数上走：写成 p.data -= lr * p.grad",
    )


def _a_gradient_read_as_a_tensor(grads: Sequence[float]) -> Callable[[Exception], bool]:
    """Does an error say ``.data`` or ``.item()`` was read off one of these gradients, a
    float (``p.grad.data``, ``p.grad.item()``: PyTorch's tensors have them)? Read from the
    AttributeError's own ``name`` and ``obj``, not from its words."""

    def read(error: Exception) -> bool:
        if not isinstance(error, AttributeError) or error.name not in ("data", "item"):
            return False
        obj = getattr(error, "obj", None)
        return isinstance(obj, float) and obj in grads

    return read


def _a_gradient_read_as_a_tensor_said() -> str:
    """What :func:`_a_gradient_read_as_a_tensor`'s error means, in this copy's language."""
    return msg(
        en="p.grad is already a number, a float, not a Value or a torch.Tensor, so it has "
        "no .data or .item(): use it as it is, p.data -= lr * p.grad",
        zh="p.grad 本身已经是一个数，属于类 float，不是 Value，也不是 torch.Tensor，所以它没有 "
        ".data 或 .item()：直接用它，p.data -= lr * p.grad",
    )


def _nothing_moved(
    params: Sequence[Value], grads_before: list[float], returned: object, stepped: list[float]
) -> None:
    """Why no parameter changed, told by what did: the gradients (zeroed before the step
    read them, or stepped in place of the parameters), or what the step returned — new
    numbers (``stepped`` holds the right ones), new Values, something else — or, when it
    returned nothing (or params themselves), a name rebound to a new Value."""
    grads = [p.grad for p in params]
    if all(g == 0.0 for g in grads) and any(g != 0.0 for g in grads_before):
        raise Mistake(
            msg(
                en="no parameter changed, and every p.grad is now 0: the gradient was set "
                "to 0 before the step read it; read p.grad first (p.data -= lr * p.grad), "
                "and leave it as it is",
                zh="没有一个参数改变，而每个 p.grad 现在都是 0：梯度在这一步读取它之前就被清零了；"
                "要先读取 p.grad（p.data -= lr * p.grad），并且不要改动它",
            )
        )
    if grads != grads_before:
        raise Mistake(
            msg(
                en="no parameter changed, but p.grad did: the step moved the gradient, not "
                "the parameter; it is p.data that moves, p.data -= lr * p.grad, and p.grad "
                "stays as it is",
                zh="没有一个参数改变，p.grad 却变了：这一步移动的是梯度而不是参数；"
                "要移动的是 p.data（p.data -= lr * p.grad），p.grad 保持不变",
            )
        )
    said = _what_it_returned(params, returned, stepped)  # in this copy's language
    raise Mistake(
        msg(
            en="no parameter changed: the step must change each p.data in place "
            f"(p.data -= lr * p.grad){said}",
            zh=f"没有一个参数改变：这一步要原地修改每个 p.data（p.data -= lr * p.grad）{said}",
        )
    )


def _what_it_returned(params: Sequence[Value], returned: object, stepped: list[float]) -> str:
    """The end of the message for a step that changed nothing, from what it returned."""
    # a list's or a tuple's entries (by list's and tuple's own iteration: a class of the
    # student's made from one runs no code of theirs here), a vector's numpy numbers
    items: list[object] | None = None
    if isinstance(returned, (list, tuple)) or (
        isinstance(returned, np.ndarray) and np.ndarray.ndim.__get__(returned) == 1
    ):
        items = entries(returned)
    if returned is None or (
        items is not None
        and len(items) == len(params)
        and all(item is p for item, p in zip(items, params, strict=True))
    ):  # nothing, or the parameters themselves, unchanged: p was rebound, not stepped
        return msg(
            en="; `p -= …` only gives the name p a new Value",
            zh="；`p -= …` 只是让名字 p 指向一个新的 Value",
        )
    if isinstance(returned, list):
        kind = msg(en="a list", zh="列表")
    elif isinstance(returned, tuple):
        kind = msg(en="a tuple", zh="元组")
    else:
        kind = msg(en="an array", zh="数组")
    # each entry read as the checks read a number (read_number: a 0-d array of one too,
    # as np.array(p.data - lr * p.grad) gives; not a bool, nor 10**400): a list of 0-d
    # arrays was shown as "[array(-0.82259431), …]", not told as the new numbers it is
    reals = [number for item in items or [] if (number := read_number(item)) is not None]
    if items and len(reals) == len(items):
        right = len(reals) == len(stepped) and all(
            math.isclose(item, want, rel_tol=1e-12, abs_tol=1e-15)
            for item, want in zip(reals, stepped, strict=True)
        )
        return msg(
            en=f"; it returned {kind} of {len(items)} new numbers"
            f"{' (the right ones)' if right else ''} instead, and nothing reads what the step "
            "returns: the model's parameters are the Values in params, so write each new "
            "number into its p.data",
            zh=f"；它返回的是由 {len(items)} 个新数值组成的{kind}"
            f"{'（数值是对的）' if right else ''}，而没有谁会读这一步的返回值："
            "模型的参数是传进来的那些 Value，要把每个新数值写进对应的 p.data",
        )
    if items and all(
        isinstance(item, Value) and all(item is not p for p in params) for item in items
    ):
        return msg(
            en=f"; it returned {kind} of {len(items)} new Values instead: they are not the "
            "model's parameters, the Values in params are, and it is their p.data the step "
            "changes",
            zh=f"；它返回的是由 {len(items)} 个新 Value 组成的{kind}：它们不是模型里的参数，"
            "模型的参数是传进来的那些 Value，这一步要修改的正是它们的 p.data",
        )
    shown = short(returned)
    return msg(
        en=f"; it returned {shown} instead, and nothing reads what the step returns",
        zh=f"；它返回的是 {shown}，而没有谁会读这一步的返回值",
    )


def _step_slips(
    k: int, name: str, data: float, grad: float, lr: float, count: int
) -> list[tuple[float, str]]:
    """What parameter ``k`` (``name`` in ``named_parameters()``, one of ``count``) holds
    after a step with one slip, and the slip (in this copy's language): only to name it;
    the oracle is nn.SGD."""
    bias = name.rsplit(".", 1)[-1] == "b"
    kind = msg(en=", a bias", zh="，是一个偏置") if bias else ""
    also = msg(en=", biases included", zh="，偏置也不例外") if bias else ""
    return [
        (
            data + lr * grad,
            msg(
                en="uphill: the step went along the gradient; it goes against it, "
                "p.data -= lr * p.grad",
                zh="方向反了：这一步顺着梯度走，是上坡；应逆着梯度走，p.data -= lr * p.grad",
            ),
        ),
        (
            data - grad,
            msg(
                en="the learning rate is missing: the step is lr times the gradient, "
                "p.data -= lr * p.grad",
                zh="少了学习率：这一步是学习率乘以梯度，p.data -= lr * p.grad",
            ),
        ),
        (
            data - lr * lr * grad,
            msg(
                en="the learning rate is squared: the step is lr times the gradient, once, "
                "p.data -= lr * p.grad",
                zh="学习率被平方了：这一步是学习率乘以梯度，只乘一次，p.data -= lr * p.grad",
            ),
        ),
        (
            data - lr / 2 * grad,
            msg(
                en="half a step: the step is lr times the gradient, not lr/2 times it, "
                "p.data -= lr * p.grad",
                zh="只走了半步：这一步是学习率乘以梯度，不是 lr/2 乘以梯度，p.data -= lr * p.grad",
            ),
        ),
        (
            data,
            msg(
                en=f"parameter {k} ({name}{kind}) did not move: every parameter in params "
                f"takes the step{also}",
                zh=f"参数 {k}（{name}{kind}）没有移动：传进来的每个参数都要走这一步{also}",
            ),
        ),
        (
            -lr * grad,
            msg(
                en="p.data was replaced by −lr · p.grad: the step subtracts from it, "
                "p.data -= lr * p.grad (-=, not =)",
                zh="p.data 被换成了 −lr · p.grad：这一步是从它里面减去，"
                "p.data -= lr * p.grad（是 -=，不是 =）",
            ),
        ),
        (
            data - lr * data,
            msg(
                en="p.data in place of p.grad: the step is lr times the gradient",
                zh="把 p.data 当成了 p.grad：这一步是学习率乘以梯度",
            ),
        ),
        (
            data - lr * grad**2,
            msg(
                en="the gradient squared: the step is lr times the gradient itself, "
                "p.data -= lr * p.grad",
                zh="梯度被平方了：这一步是学习率乘以梯度本身，p.data -= lr * p.grad",
            ),
        ),
        *(
            [
                (
                    data - lr / grad,
                    msg(
                        en="divided by the gradient: the step is lr times it, "
                        "p.data -= lr * p.grad",
                        zh="除以了梯度：这一步是学习率乘以梯度，p.data -= lr * p.grad",
                    ),
                )
            ]
            if grad != 0
            else []
        ),
        (
            data - lr * grad / count,
            msg(
                en=f"the step divided by the number of parameters, {count}: each parameter "
                "takes the whole step, p.data -= lr * p.grad",
                zh=f"这一步除以了参数的个数 {count}：每个参数都要走完整的一步，"
                "p.data -= lr * p.grad",
            ),
        ),
    ]
