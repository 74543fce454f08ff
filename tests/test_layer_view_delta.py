"""The layer view's δ = ∂C/∂z and 周志华's gⱼ, eₕ (《机器学习》§5.3), which are −∂E/∂βⱼ and
−∂E/∂αₕ: the README ties them, gⱼ = −δⱼ, eₕ = −δₕ (a reader of §5.3 met δ with the
other sign and no word of it). Oracle: gⱼ = ŷ(1 − ŷ)(y − ŷ) and eₕ = bₕ(1 − bₕ)wₕgⱼ
computed by hand in floats, against the δ the picture draws."""

from __future__ import annotations

import html
import math
import re
from pathlib import Path

import pytest

from autograd_mini import Value, dot, draw_graph

ROOT = Path(__file__).resolve().parent.parent


def _sigmoid(t: float) -> float:
    return 1 / (1 + math.exp(-t))


def test_the_layer_views_delta_is_minus_g_and_e() -> None:
    xs, y = [1.0, 0.5], 1.0
    v = [[0.2, -0.4], [0.3, 0.1]]  # vᵢₕ, by hidden neuron h
    gamma, w, theta = [0.1, -0.2], [0.5, -0.3], 0.05
    x = [Value(t, label=f"x{i + 1}") for i, t in enumerate(xs)]
    b = [
        dot([Value(t) for t in v[h]], x, Value(-gamma[h])).sigmoid() for h in range(2)
    ]  # bₕ = f(αₕ − γₕ)
    y_hat = dot([Value(t) for t in w], b, Value(-theta)).sigmoid()
    error = 0.5 * (y_hat - y) ** 2  # Eₖ = ½(ŷ − y)²
    svg = draw_graph(error, view="backward", collapse="layer").svg()
    texts = [html.unescape(t) for t in re.findall(r"δ = ∂C/∂z ([^<]*)<", svg)]
    # by hand, 周志华's (5.10) and (5.15)
    bh = [_sigmoid(sum(v[h][i] * xs[i] for i in range(2)) - gamma[h]) for h in range(2)]
    yh = _sigmoid(sum(w[h] * bh[h] for h in range(2)) - theta)
    g = yh * (1 - yh) * (y - yh)
    e = [bh[h] * (1 - bh[h]) * w[h] * g for h in range(2)]
    hidden, output = sorted(texts, key=len, reverse=True)  # "[-0.01561, 0.008712]", "-0.1252"
    assert float(output) == pytest.approx(-g, rel=5e-4)  # gⱼ = −δⱼ
    low, high = (float(t) for t in hidden.strip("[]").split(", "))
    # eₕ = −δₕ, neuron by neuron (sorted, a picture with the two swapped passed)
    assert [low, high] == pytest.approx([-t for t in e], rel=5e-4)


@pytest.mark.parametrize("readme", ["README.md", "README.zh-CN.md"])
def test_the_readme_ties_delta_to_g_and_e(readme: str) -> None:
    text = (ROOT / readme).read_text(encoding="utf-8")
    assert "gⱼ = −δⱼ" in text and "eₕ = −δₕ" in text
