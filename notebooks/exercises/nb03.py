"""Checks for notebook 03's exercises: g_j, e_h, and one step of the δ recursion.

g_j and e_h are named as 周志华 names them, the gradient terms (梯度项) of the output and the
hidden layer; the error term (误差项) is UFLDL's δ = ∂E/∂z, which is −g_j and −e_h.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import numpy as np

from autograd_mini import Value, dot, vsum

from . import Verdict, call, check, expect_close_all, msg

__all__ = ["check_delta_step", "check_e_h", "check_g_j"]

Array = Any  # a numpy array (numpy's own types are not needed by a student)


# (seed, target y): a one-hot target as in notebook 03, and one that is not 0 or 1, on
# which y² ≠ y (a one-hot y let g_j written with y**2 pass)
CASES = [(0, (1.0, 0.0)), (1, (0.3, 0.8))]


def _network(seed: int, target: tuple[float, float]) -> dict[str, Any]:
    """A 3-4-2 sigmoid network on one example, as Values: E = ½ Σⱼ (ŷⱼ − yⱼ)²."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, size=3)
    y = np.array(target)
    V = rng.normal(0, 0.8, size=(3, 4))
    gamma = rng.normal(0, 0.5, size=4)
    W = rng.normal(0, 0.8, size=(4, 2))
    theta = rng.normal(0, 0.5, size=2)
    V_ = [[Value(float(V[i, h])) for h in range(4)] for i in range(3)]
    alpha = [dot([V_[i][h] for i in range(3)], [float(t) for t in x]) for h in range(4)]
    b = [(alpha[h] - float(gamma[h])).sigmoid() for h in range(4)]
    beta = [dot([Value(float(W[h, j])) for h in range(4)], b) for j in range(2)]
    y_hat = [(beta[j] - float(theta[j])).sigmoid() for j in range(2)]
    E = 0.5 * vsum([(y_hat[j] - float(y[j])) ** 2 for j in range(2)])
    E.backward()
    return {
        "y": y,
        "W": W,
        "b": np.array([v.data for v in b]),
        "y_hat": np.array([v.data for v in y_hat]),
        "g": -np.array([v.grad for v in beta]),  # g_j = −∂E/∂β_j
        "e": -np.array([v.grad for v in alpha]),  # e_h = −∂E/∂α_h
    }


def _shown(a: Array) -> str:
    """An array's numbers as a student can read them off the message (6 digits)."""
    if np.ndim(a) == 0:
        return f"{float(a):.6g}"
    return "[" + ", ".join(_shown(row) for row in a) + "]"


def check_g_j(g_of: Callable[[Array, Array], Array]) -> Verdict:
    """``g_of(y_hat, y)`` must be g_j = −∂E/∂β_j = ŷ_j(1 − ŷ_j)(y_j − ŷ_j), for every j.

    Every message names the call with its inputs: the networks are the check's own.
    """

    def attempt() -> None:
        for seed, target in CASES:
            net = _network(seed, target)
            what = f"g_of(y_hat={_shown(net['y_hat'])}, y={_shown(net['y'])})"
            got = call(what, g_of, net["y_hat"], net["y"])
            expect_close_all(what, got, net["g"], rel=1e-9, abs_tol=1e-15)

    return check(msg(en="g_j, the output layer's gradient term", zh="g_j，输出层的梯度项"), attempt)


def check_e_h(e_of: Callable[[Array, Array, Array], Array]) -> Verdict:
    """``e_of(b, W, g)`` must be e_h = −∂E/∂α_h = b_h(1 − b_h) Σ_j w_hj g_j, for every h.

    Every message names the call with its inputs, as check_g_j does.
    """

    def attempt() -> None:
        for seed, target in CASES:
            net = _network(seed, target)
            what = f"e_of(b={_shown(net['b'])}, W={_shown(net['W'])}, g={_shown(net['g'])})"
            got = call(what, e_of, net["b"], net["W"], net["g"])
            expect_close_all(what, got, net["e"], rel=1e-9, abs_tol=1e-15)

    return check(msg(en="e_h, the hidden layer's gradient term", zh="e_h，隐层的梯度项"), attempt)


def check_delta_step(delta_step: Callable[[Array, Array, Array], Array]) -> Verdict:
    """``delta_step(W, z, delta_next)`` must be δ^(l) = (W^(l)ᵀ δ^(l+1)) ⊙ f′(z^(l)).

    W^(l) has shape (S_{l+1}, S_l), z^(l) and the result have S_l entries, f is the
    sigmoid. The oracle: the gradients the engine leaves on the z nodes of a 4-5-3-2
    network with J = ½‖a − y‖², one example.
    """

    def attempt() -> None:
        rng = np.random.default_rng(11)
        sizes = [4, 5, 3, 2]
        Ws = [rng.normal(0, 0.7, size=(m, n)) for n, m in itertools.pairwise(sizes)]
        bs = [rng.normal(0, 0.3, size=m) for m in sizes[1:]]
        act: list[Any] = [float(t) for t in rng.uniform(-1, 1, size=sizes[0])]
        y = rng.uniform(0, 1, size=sizes[-1])
        zs = []  # zs[k] = the z nodes of layer k + 2
        for W, b in zip(Ws, bs, strict=True):
            z = [
                dot([Value(float(w)) for w in row], act, float(bi))
                for row, bi in zip(W, b, strict=True)
            ]
            zs.append(z)
            act = [node.sigmoid() for node in z]
        (0.5 * vsum([(a - float(t)) ** 2 for a, t in zip(act, y, strict=True)])).backward()
        for k in (1, 0):  # δ^(3) from δ^(4), then δ^(2) from δ^(3)
            layer = k + 2
            z_values = np.array([node.data for node in zs[k]])
            delta_next = np.array([node.grad for node in zs[k + 1]])
            expected = [node.grad for node in zs[k]]
            what = f"delta_step(W^({layer}), z^({layer}), δ^({layer + 1}))"
            got = call(what, delta_step, Ws[k + 1], z_values, delta_next)
            expect_close_all(f"δ^({layer})", got, expected, rel=1e-9, abs_tol=1e-15)

    return check(msg(en="one step of the δ recursion", zh="δ 递推的一步"), attempt)
