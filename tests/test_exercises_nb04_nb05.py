"""Notebooks 04 and 05's checks refuse the library's own work and tell *which* slip was made.

A student review (both editions) found: ``check_my_backward`` took the steps of
``backward_steps`` (taught in §3 of the notebook) for a pass of one's own, and told a
student who had called ``gradients()`` that they had called ``backward()``;
``check_sgd_step`` took ``nn.SGD(params, lr).step()``, its own oracle, for a step written
by hand. The right numbers here are written from closed forms, independently of the
checks, whose oracle is the engine.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

import editions
import pytest

import nn
from autograd_mini import Value, backward_steps, gradients, topological_order
from autograd_mini.backward import backward as imported_backward


def _mistake(lang: str, qualified: str, answer: Callable[..., Any]) -> str:
    module, name = qualified.split(".")
    check = getattr(editions.module(lang, module), name)
    with pytest.raises(editions.package(lang).Mistake) as raised:
        check(answer)
    return str(raised.value)


def _passes(lang: str, qualified: str, answer: Callable[..., Any]) -> bool:
    module, name = qualified.split(".")
    return editions.verdict(getattr(editions.module(lang, module), name)(answer))


def _nodes(root: Value) -> list[Value]:
    order = topological_order(root)
    return list(
        {root: None, **{n: None for n in order}, **{p: None for n in order for p in n.parents}}
    )


def _my_backward(root: Value) -> dict[Value, float]:
    grads = {root: 1.0}
    for node in topological_order(root):
        for parent, local in zip(node.parents, node.local_grads, strict=True):
            grads[parent] = grads.get(parent, 0.0) + local * grads[node]
    return grads


def _sgd(params: Any, lr: float) -> None:
    for p in params:
        p.data -= lr * p.grad


# ------------------------------------------------------------- the library's own work


def _by_steps(root: Value) -> dict[Value, float]:
    """§3's replay: every step's parent_grad_after is the engine's sum so far."""
    return {root: 1.0, **{st.parent: st.parent_grad_after for st in backward_steps(root)}}


def _by_value_backward(root: Value) -> dict[Value, float]:
    root.backward()
    return {n: n.grad for n in _nodes(root)}


def _by_imported_backward(root: Value) -> dict[Value, float]:
    imported_backward(root)
    return {n: n.grad for n in _nodes(root)}


def _by_gradients(root: Value) -> dict[Value, float]:
    nodes = _nodes(root)
    return dict(zip(nodes, gradients(root, nodes), strict=True))


@pytest.mark.parametrize(
    ("answer", "called"),
    [
        (_by_steps, "backward_steps()"),
        (_by_value_backward, "backward()"),
        (_by_imported_backward, "backward()"),
        (_by_gradients, "gradients()"),
    ],
    ids=["backward_steps", "C.backward", "imported-backward", "gradients"],
)
def test_the_library_s_own_pass_is_refused_naming_what_was_called(
    answer: Callable[[Value], dict[Value, float]], called: str
) -> None:
    """backward_steps' numbers were taken for the student's own; gradients() was told
    "called backward()", a function the student had not called."""
    for lang, start in (
        ("en", f"my_backward(C) called {called}: the exercise asks for the pass written by hand"),
        ("zh", f"my_backward(C) 调用了 {called}：这道练习要你亲手写出这一遍反向传播"),
    ):
        said = _mistake(lang, "nb05.check_my_backward", answer)
        assert said.startswith(start), said


def test_the_library_s_optimizer_is_refused_as_an_sgd_step() -> None:
    def by_the_library(params: Any, lr: float) -> None:
        nn.SGD(params, lr=lr).step()

    for lang, start in (
        (
            "en",
            "sgd_step(params, 0.5) called SGD.step(), the library's optimizer: the exercise "
            "asks for the update written by hand",
        ),
        (
            "zh",
            "sgd_step(params, 0.5) 调用了库里现成的优化器 SGD.step()："
            "这道练习要你亲手写出这一步更新",
        ),
    ):
        said = _mistake(lang, "nb04.check_sgd_step", by_the_library)
        assert said.startswith(start), said
        assert _passes(lang, "nb04.check_sgd_step", _sgd)


def test_the_watch_leaves_a_profiler_set_before_it_in_place_and_running() -> None:
    """The checks watch the student's calls with a profile hook in this thread; one the
    notebook had set (%prun) is called on meanwhile, and is in place again after."""
    seen: list[str] = []

    def profiler(frame: FrameType, event: str, arg: Any) -> None:
        if event == "call":
            seen.append(frame.f_code.co_name)

    sys.setprofile(profiler)
    try:
        assert _passes("en", "nb05.check_my_backward", _my_backward)
        assert sys.getprofile() is profiler
    finally:
        sys.setprofile(None)
    assert "_my_backward" in seen
