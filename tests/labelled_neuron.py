"""o = tanh(x·w + b) at x = 2, w = −0.5, b = 0.25, every value labelled, after backward:
the picture whose words tests/test_alt.py (the site's alt text) and tests/test_browser.py
(what a screen reader hears) read back."""

from __future__ import annotations

from autograd_mini import Value


def neuron() -> Value:
    """o = tanh(x·w + b): five values, labelled, and three operations: ×, +, tanh."""
    x, w, b = Value(2.0, label="x"), Value(-0.5, label="w"), Value(0.25, label="b")
    xw = x * w
    xw.label = "xw"
    n = xw + b
    n.label = "n"
    o = n.tanh()
    o.label = "o"
    o.backward()
    return o
