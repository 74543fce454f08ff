"""Checks for notebook 02's exercises: the output layer's three links, then the whole chain."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from autograd_mini import Value

from . import Mistake, Verdict, call, check, expect_close, msg

__all__ = ["check_chain_gradients", "check_output_layer"]


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def check_output_layer(
    output_layer_gradients: Callable[[float, float, float, float], Sequence[float]],
) -> Verdict:
    """``output_layer_gradients(w, b, a_prev, y)`` → (∂C₀/∂w, ∂C₀/∂b, ∂C₀/∂a_prev).

    The last layer of a one-neuron-per-layer chain: z = w·a_prev + b, a = σ(z),
    C₀ = (a − y)². The oracle is the engine.
    """

    def attempt() -> None:
        for w, b, a_prev, y in [(0.8, 0.2, 0.6, 1.0), (-1.3, 0.5, 0.9, 0.0)]:
            wv, bv, av = Value(w), Value(b), Value(a_prev)
            (((wv * av + bv).sigmoid() - y) ** 2).backward()
            case = f"(w={w:g}, b={b:g}, a_prev={a_prev:g}, y={y:g})"
            what = f"output_layer_gradients{case}"
            got = list(call(what, output_layer_gradients, w, b, a_prev, y))
            if len(got) != 3:
                raise Mistake(
                    msg(
                        en=f"{case}: expected 3 numbers (∂w, ∂b, ∂a_prev), got {len(got)}",
                        zh=f"{case}：应返回 3 个数（∂w, ∂b, ∂a_prev），实际返回了 {len(got)} 个",
                    )
                )
            for what, value, engine in zip(
                ("∂C₀/∂w", "∂C₀/∂b", "∂C₀/∂a^(L−1)"), got, (wv.grad, bv.grad, av.grad), strict=True
            ):
                expect_close(f"{what} {case}", value, engine, rel=1e-9)

    return check(msg(en="the output layer's three derivatives", zh="输出层的三个偏导数"), attempt)


Activation = Callable[[float], float]


def check_chain_gradients(
    chain_gradients: Callable[
        [Sequence[float], Sequence[float], float, float, Activation, Activation], Sequence[float]
    ],
) -> Verdict:
    """``chain_gradients(ws, bs, x, y, act, act_prime)`` → [∂C₀/∂w^(1), …, ∂C₀/∂w^(L)].

    One neuron per layer, a^(l) = act(w^(l)·a^(l−1) + b^(l)), C₀ = (a^(L) − y)²; checked
    with the sigmoid and with ReLU (σ may be either), against the engine. One ReLU chain
    has z^(2) < 0, a neuron that passes nothing back (ReLU′ = 0 there): a recursion that
    skips a zero derivative, ``(act_prime(z) or 1.0) * d``, passed every other case.
    """

    def relu(z: float) -> float:
        return z if z > 0 else 0.0

    def relu_prime(z: float) -> float:
        return 1.0 if z > 0 else 0.0

    def sigmoid_prime(z: float) -> float:
        return _sigmoid(z) * (1.0 - _sigmoid(z))

    def attempt() -> None:
        ws, bs, x, y = [0.9, -1.2, 1.5, 0.8], [0.1, 0.3, -0.4, 0.2], 0.6, 1.0
        relu_ws, relu_bs = [0.9, 1.2, -0.5, 1.1], [0.1, 0.3, 0.9, 0.2]
        # z^(2) = −1.2·0.64 + 0.3 < 0: ReLU′ = 0 there, so ∂C₀/∂w^(1..3) = 0
        dead_ws, dead_bs = [0.9, -1.2, 0.7, 1.1], [0.1, 0.3, 0.5, 0.2]
        activations = [
            ("sigmoid", msg(en="sigmoid chain", zh="sigmoid 链"), ws, bs, None),
            ("relu", msg(en="ReLU chain", zh="ReLU 链"), relu_ws, relu_bs, None),
            (
                "relu",
                msg(en="ReLU chain with z^(2) < 0", zh="z^(2) < 0 的 ReLU 链"),
                dead_ws,
                dead_bs,
                2,
            ),
        ]
        functions = {"sigmoid": (_sigmoid, sigmoid_prime), "relu": (relu, relu_prime)}
        for method, chain, w_list, b_list, dead in activations:
            act, act_prime = functions[method]
            w_nodes = [Value(w) for w in w_list]
            a: Value | float = x
            zs = []
            for w_node, b in zip(w_nodes, b_list, strict=True):
                zs.append(w_node * a + b)
                a = getattr(zs[-1], method)()
            assert isinstance(a, Value)
            if method == "relu":  # each ReLU case is what it says: z < 0 in layer `dead` only
                negative = [layer for layer, z in enumerate(zs, start=1) if z.data < 0]
                assert negative == ([dead] if dead else []), (chain, [z.data for z in zs])
            ((a - y) ** 2).backward()
            what = f"chain_gradients({w_list}, {b_list}, {x:g}, {y:g}, {method}, {method}_prime)"
            got = list(call(what, chain_gradients, w_list, b_list, x, y, act, act_prime))
            if len(got) != len(w_list):
                raise Mistake(
                    msg(
                        en=f"{chain}: expected {len(w_list)} gradients, got {len(got)}",
                        zh=f"{chain}：应返回 {len(w_list)} 个梯度，实际返回了 {len(got)} 个",
                    )
                )
            for layer, (value, w_node) in enumerate(zip(got, w_nodes, strict=True), start=1):
                where = msg(en=f"{chain}: ∂C₀/∂w^({layer})", zh=f"{chain}上的 ∂C₀/∂w^({layer})")
                expect_close(where, value, w_node.grad, rel=1e-9)

    return check(
        msg(
            en="the chain rule through every layer (sigmoid and ReLU)",
            zh="逐层应用链式法则（sigmoid 与 ReLU）",
        ),
        attempt,
    )
