"""What a teacher making slides found wrong with the pictures, each checked against a
hand computation (or the engine's own backward where the picture, not the gradient, is
under test)."""

from __future__ import annotations

import pytest

from autograd_mini import StaleGraph, Value, draw_graph


def test_the_forward_picture_of_a_graph_changed_after_its_forward_pass_is_refused() -> None:
    """a = 2, b = −3, L = a·b; after a step a = 2.3 the forward view drew "a 2.300"
    into "L −6.000" (2.3 × −3 is −6.9) and the edge from b read ∂L/∂b = 2.000 (a's
    old number), without a word. The backward view refuses: so does the forward one."""
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    L = a * b
    L.backward()
    assert a.grad == -3.0  # ∂(a·b)/∂a = b
    a.data -= 0.1 * a.grad  # 2 + 0.3
    for view in ("forward", "backward"):
        with pytest.raises(StaleGraph, match=r"^draw_graph: node 'a' \(leaf\) .*again") as info:
            draw_graph(L, view=view)
        assert info.value.node is a
    again = a * b  # the forward pass computed again: drawn, with the new numbers
    source = draw_graph(again, show_grad=False).source
    assert "2.300" in source and "-6.900" in source  # 2.3 × −3 by hand
