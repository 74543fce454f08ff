"""The notebooks' exercise checks (notebooks/exercises/nbNN.py) catch wrong answers.

Every ``check_*`` in every ``exercises.nbNN`` module must have a case here: a wrong answer
that raises :class:`exercises.Mistake` whose message names the entry that is wrong, and a
right answer (written here, independently of the notebook's solutions) that passes. A
stub that raises ``NotImplementedError`` is reported as not written, not as a mistake.
The solutions themselves are run in the notebooks by tests/test_notebooks.py.

Every case runs in both editions too (tests/editions.py): the Chinese notebooks' copy of
the checks must reach the same verdict, naming the same numbers, in Chinese.
"""

from __future__ import annotations

import ast
import importlib
import itertools
import math
import re
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import editions
import numpy as np
import pytest

from autograd_mini import Value, topological_order

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
sys.path.insert(0, str(NOTEBOOK_DIR))  # the notebooks import `exercises` from their folder

exercises = importlib.import_module("exercises")
MODULES = sorted(p.stem for p in (NOTEBOOK_DIR / "exercises").glob("nb[0-9][0-9].py"))


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def _sigmoid_prime(z: float) -> float:
    return _sigmoid(z) * (1 - _sigmoid(z))


# ------------------------------------------------------------------ right and wrong answers


def _chain(ws: Any, bs: Any, x: float, y: float, act: Any, act_prime: Any) -> list[float]:
    zs, a = [], [x]
    for w, b in zip(ws, bs, strict=True):
        zs.append(w * a[-1] + b)
        a.append(act(zs[-1]))
    grads, upstream = [0.0] * len(ws), 2 * (a[-1] - y)
    for layer in range(len(ws) - 1, -1, -1):
        dz = act_prime(zs[layer]) * upstream
        grads[layer] = a[layer] * dz
        upstream = ws[layer] * dz
    return grads


def _chain_always_sigmoid(ws: Any, bs: Any, x: float, y: float, act: Any, act_prime: Any) -> Any:
    return _chain(ws, bs, x, y, _sigmoid, _sigmoid_prime)  # ignores the ReLU it is given


def _chain_reviving_dead_neurons(ws: Any, bs: Any, x: float, y: float, act: Any, ap: Any) -> Any:
    # the recursion `dz = (act_prime(z) or 1.0) * d`: a zero derivative is skipped
    return _chain(ws, bs, x, y, act, lambda z: ap(z) or 1.0)


def _relu(z: float) -> float:
    return max(z, 0.0)


def _relu_prime(z: float) -> float:
    return 1.0 if z > 0 else 0.0


def _my_backward(root: Any) -> dict[Any, float]:
    grads = {root: 1.0}
    for node in topological_order(root):
        for parent, local in zip(node.parents, node.local_grads, strict=True):
            grads[parent] = grads.get(parent, 0.0) + local * grads[node]
    return grads


def _backward_without_summing(root: Any) -> dict[Any, float]:
    grads = {root: 1.0}
    for node in topological_order(root):
        for parent, local in zip(node.parents, node.local_grads, strict=True):
            grads[parent] = local * grads[node]  # overwrites instead of adding: fan-out is lost
    return grads


def _my_backward_accumulating(root: Any) -> dict[Any, float]:
    """A right answer written as notebook 00 teaches, into each node's own grad with +=
    (the check's own backward() on the same graph doubled the leaves' expected values)."""
    order = topological_order(root)
    nodes = set(order) | {p for n in order for p in n.parents}
    for n in nodes:
        n.grad = 0.0
    root.grad = 1.0
    for n in order:
        for p, local in zip(n.parents, n.local_grads, strict=True):
            p.grad += local * n.grad
    return {n: n.grad for n in nodes}


def _my_backward_by_the_engine(root: Any) -> dict[Any, float]:
    """Right numbers, but the engine's: the exercise says "without calling backward()"."""
    root.backward()
    order = topological_order(root)
    return {n: n.grad for n in {*order, *(p for n in order for p in n.parents)}}


def _sgd_rebinding(params: Any, lr: float) -> None:
    for p in params:
        p -= lr * p.grad  # the mistake: rebinds the name p, the Value is untouched


def _sgd(params: Any, lr: float) -> None:
    for p in params:
        p.data -= lr * p.grad


def _sgd_uphill(params: Any, lr: float) -> None:
    for p in params:
        p.data += lr * p.grad


def _sgd_and_zero(params: Any, lr: float) -> None:
    for p in params:
        p.data -= lr * p.grad
        p.grad = 0.0


Case = tuple[Callable[..., Any], Callable[..., Any], str]

# check name → [(right answer, wrong answer, words the Mistake's message must contain)]
ALL: dict[str, list[Case]] = {
    "nb01.check_central_difference": [
        (
            lambda f, x, h: (f(x + h) - f(x - h)) / (2 * h),
            lambda f, x, h: (f(x + h) - f(x)) / h,
            "central_difference(x³, x=1, h=0.01): expected 3.0001",
        ),
        (
            lambda f, x, h: (f(x + h) - f(x - h)) / (2 * h),
            lambda f, x, h: (f(x + 1e-5) - f(x - 1e-5)) / 2e-5,  # ignores h
            "central_difference(x³, x=1, h=0.01)",
        ),
        # what a wrong number for x³ is: it was "expected 3.0001, got 3" (or 3.0301)
        (
            lambda f, x, h: (f(x + h) - f(x - h)) / (2 * h),
            lambda f, x, h: (f(x + h) - f(x)) / h,
            "got 3.0301, which is the forward (one-sided) difference (f(x + h) − f(x))/h: "
            "for x³ it is 3x² + 3xh + h²",
        ),
        (
            lambda f, x, h: (f(x + h) - f(x - h)) / (2 * h),
            lambda f, x, h: (f(x) - f(x - h)) / h,
            "got 2.9701, which is the backward (one-sided) difference",
        ),
        (
            lambda f, x, h: (f(x + h) - f(x - h)) / (2 * h),
            lambda f, x, h: 3 * x**2,  # the derivative itself
            "expected 3.0001, got 3: for x³ the central difference is exactly 3x² + h² (the "
            "x³ and 3xh² terms cancel), 3.0001 with the h given (h = 0.01); 3 is 3x² itself, "
            "the derivative, or a central difference with a much smaller step",
        ),
        (
            lambda f, x, h: (f(x + h) - f(x - h)) / (2 * h),
            lambda f, x, h: (f(x + 1e-3) - f(x - 1e-3)) / 2e-3,  # a step of its own
            "got 3.000001 = 3x² + 1e-06: for x³ the central difference is exactly 3x² + h²"
            " (the x³ and 3xh² terms cancel), 3.0001 with the h given (h = 0.01); yours is a "
            "central difference with the step h = 0.001: use the h you are given",
        ),
        (
            lambda f, x, h: (f(x + h) - f(x - h)) / (2 * h),
            lambda f, x, h: None,  # no return
            "expected a number, got None: does the function end with 'return …'?",
        ),
    ],
    "nb01.check_local_derivative": [
        (
            lambda a, y: _sigmoid(a) * (1 + a * (1 - _sigmoid(a))),
            lambda a, y: _sigmoid(a) + a * y * (1 - y),  # σ′ evaluated at the wrong place
            "dy/da at a = -3",
        ),
        # y = a·σ(a), so a·σ′(a) = a·σ(1 − σ) = y(1 − σ): the output may be used
        (lambda a, y: _sigmoid(a) + y * (1 - _sigmoid(a)), lambda a, y: _sigmoid(a), "a = -3"),
        # σ = y/a is right wherever a ≠ 0 and divides by zero at a = 0: the check said
        # "stopped with ZeroDivisionError (… did a function forget to return …?)"
        (
            lambda a, y: _sigmoid(a) + y * (1 - _sigmoid(a)),
            lambda a, y: y / a + y * (1 - y / a),
            "silu_local(0, 0): raised ZeroDivisionError: float division by zero",
        ),
    ],
    "nb02.check_output_layer": [
        (
            lambda w, b, a, y: (
                a * _sigmoid_prime(w * a + b) * 2 * (_sigmoid(w * a + b) - y),
                _sigmoid_prime(w * a + b) * 2 * (_sigmoid(w * a + b) - y),
                w * _sigmoid_prime(w * a + b) * 2 * (_sigmoid(w * a + b) - y),
            ),
            lambda w, b, a, y: (
                a * _sigmoid_prime(w * a + b) * 2 * (_sigmoid(w * a + b) - y),
                _sigmoid_prime(w * a + b) * 2 * (_sigmoid(w * a + b) - y),
                a * _sigmoid_prime(w * a + b) * 2 * (_sigmoid(w * a + b) - y),  # a, not w
            ),
            "∂C₀/∂a_prev (w=0.8",
        ),
        (
            lambda w, b, a, y: (
                a * _sigmoid_prime(w * a + b) * 2 * (_sigmoid(w * a + b) - y),
                _sigmoid_prime(w * a + b) * 2 * (_sigmoid(w * a + b) - y),
                w * _sigmoid_prime(w * a + b) * 2 * (_sigmoid(w * a + b) - y),
            ),
            lambda w, b, a, y: (1.0, 2.0),
            "expected 3 numbers",
        ),
        # a forgotten return was a TypeError traceback, then "stopped with TypeError"
        (
            lambda w, b, a, y: (
                a * _sigmoid_prime(w * a + b) * 2 * (_sigmoid(w * a + b) - y),
                _sigmoid_prime(w * a + b) * 2 * (_sigmoid(w * a + b) - y),
                w * _sigmoid_prime(w * a + b) * 2 * (_sigmoid(w * a + b) - y),
            ),
            lambda w, b, a, y: None,
            "expected 3 numbers (∂C₀/∂w, ∂C₀/∂b, ∂C₀/∂a_prev), got None: does the function "
            "end with 'return …'?",
        ),
    ],
    "nb02.check_chain_gradients": [
        (
            _chain,
            _chain_always_sigmoid,
            "ReLU chain (ws=[0.9, 1.2, -0.5, 1.1], bs=[0.1, 0.3, 0.9, 0.2], x=0.6, y=1): "
            "∂C₀/∂w^(4): expected",
        ),
        # every z was > 0 on the ReLU chain: skipping ReLU′ = 0 passed
        (
            _chain,
            _chain_reviving_dead_neurons,
            "ReLU chain with z^(2) < 0 (ws=[0.9, -1.2, 0.7, 1.1], bs=[0.1, 0.3, 0.5, 0.2], "
            "x=0.6, y=1): ∂C₀/∂w^(2): expected 0",
        ),
        (
            _chain,
            lambda *args: list(reversed(_chain(*args))),  # layers in the wrong order
            "sigmoid chain (ws=[0.9, -1.2, 1.5, 0.8], bs=[0.1, 0.3, -0.4, 0.2], x=0.6, y=1): "
            "∂C₀/∂w^(4)",
        ),
    ],
    "nb03.check_g_j": [
        (
            lambda y_hat, y: y_hat * (1 - y_hat) * (y - y_hat),
            lambda y_hat, y: y_hat * (1 - y_hat) * (y_hat - y),  # the sign of δ, not of g
            "g_of(y_hat=[0.892072, 0.438017], y=[1, 0]), g_1: expected",
        ),
        # y² for y: the same on a one-hot target, the only kind the check had
        (
            lambda y_hat, y: y_hat * (1 - y_hat) * (y - y_hat),
            lambda y_hat, y: y_hat * (1 - y_hat) * (y**2 - y_hat),
            "y=[0.3, 0.8]), g_1: expected",
        ),
    ],
    "nb03.check_e_h": [
        (
            lambda b, W, g: b * (1 - b) * (W @ g),
            lambda b, W, g: b * (1 - b) * (W @ g)[::-1],
            "g=[0.0103912, -0.107821]), e_1: expected",
        ),
        # W.T @ g: numpy's ValueError traceback, then "stopped with ValueError (… did a
        # function forget to return …?)"; then the call and numpy's words; now the shapes
        (
            lambda b, W, g: b * (1 - b) * (W @ g),
            lambda b, W, g: b * (1 - b) * (W.T @ g),
            "g=[0.0103912, -0.107821]): the shapes do not fit together: b has length q = 4, "
            "W has shape (q, l) = (4, 2) and g length l = 2; Σ_j w_hj g_j for every h is "
            "W @ g (it raised ValueError: matmul",
        ),
    ],
    "nb03.check_updates": [
        (
            lambda x, b, g, e, eta: (
                eta * np.outer(b, g),
                -eta * g,
                eta * np.outer(x, e),
                -eta * e,
            ),
            # the threshold moved like a weight: +ηg
            lambda x, b, g, e, eta: (eta * np.outer(b, g), eta * g, eta * np.outer(x, e), -eta * e),
            "Δθ_j at j = 1: expected",
        ),
        (
            lambda x, b, g, e, eta: [
                eta * np.outer(b, g),
                -eta * g,
                eta * np.outer(x, e),
                -eta * e,
            ],
            lambda x, b, g, e, eta: (
                eta * np.outer(g, b),
                -eta * g,
                eta * np.outer(x, e),
                -eta * e,
            ),
            ": ΔW: expected an array of shape (4, 2), got an array of shape (2, 4); ΔW has "
            "the shape of W",
        ),
    ],
    "nb03.check_delta_step": [
        (
            lambda W, z, d: (W.T @ d) * np.vectorize(_sigmoid_prime)(z),
            lambda W, z, d: (W.T @ d) * np.vectorize(_sigmoid)(z),  # f instead of f′
            "δ^(3)_1: expected -0.0008349691149, got -0.000928030798 (f(z) in place of f′(z))",
        ),
        # a column vector of the right numbers is accepted
        (
            lambda W, z, d: (
                (W.T @ d.reshape(-1, 1)) * np.vectorize(_sigmoid_prime)(z).reshape(-1, 1)
            ),
            lambda W, z, d: (W.T @ d) * np.vectorize(_sigmoid)(z).astype(np.float32),
            "δ^(3)_1: expected",
        ),
    ],
    "nb04.check_count_parameters": [
        (
            lambda s: sum((a + 1) * b for a, b in itertools.pairwise(s)),
            lambda s: sum(a * b for a, b in itertools.pairwise(s)),  # biases forgotten
            "count_parameters([784, 16, 16, 10]): expected 13002",
        ),
        # a number as a string was accepted
        (
            lambda s: sum((a + 1) * b for a, b in itertools.pairwise(s)),
            lambda s: str(sum((a + 1) * b for a, b in itertools.pairwise(s))),
            "expected a number, got '13002'",
        ),
    ],
    "nb04.check_sgd_step": [
        (_sgd, _sgd_uphill, "parameter 0 (.data)"),
        (_sgd, _sgd_and_zero, "params[0].grad: expected"),
        (_sgd, _sgd_rebinding, "no parameter changed"),  # said only "expected …, got …"
    ],
    "nb05.check_my_backward": [
        (_my_backward, _backward_without_summing, "∂C/∂a:"),
        (_my_backward, lambda root: {root: 1.0}, "∂C/∂a': missing"),
        (_my_backward_accumulating, lambda root: None, "must return a dict"),  # a traceback
        (_my_backward, _my_backward_by_the_engine, "my_backward(C) called backward()"),
        # keyed by labels or by ids: said to be "missing ∂C/∂C", as if the seed were forgotten
        (
            _my_backward,
            lambda root: {n.label: g for n, g in _my_backward(root).items()},
            "the dictionary's keys must be the nodes themselves (the Value objects), not "
            "their labels or ids; got the key 'C'",
        ),
        (
            _my_backward,
            lambda root: {id(n): g for n, g in _my_backward(root).items()},
            "the dictionary's keys must be the nodes themselves",
        ),
    ],
    "nb05.check_reverse_neuron": [
        (
            lambda z, ws, up: _sigmoid_prime(z) * sum(w * u for w, u in zip(ws, up, strict=True)),
            lambda z, ws, up: sum(w * u for w, u in zip(ws, up, strict=True)),  # σ′(z) missing
            "∂C/∂z at z = 0.3",
        ),
    ],
}


def _check(qualified: str, lang: str = "en") -> Callable[..., bool]:
    module, name = qualified.split(".")
    return cast(Callable[..., bool], getattr(editions.module(lang, module), name))


def test_every_check_has_cases() -> None:
    # Cases for a check may live here (ALL) or in another tests/test_exercises*.py file
    # (the notebooks of other branches bring their own); every check needs them somewhere.
    checks = {
        f"{module}.{name}"
        for module in MODULES
        for name in dir(importlib.import_module(f"exercises.{module}"))
        if name.startswith("check_")
    }
    assert {"nb01", "nb02", "nb03", "nb04", "nb05"} <= set(MODULES)
    assert sorted(set(ALL) - checks) == []
    others = "".join(
        path.read_text(encoding="utf-8")
        for path in Path(__file__).parent.glob("test_exercises*.py")
        if path.name != Path(__file__).name
    )
    uncovered = sorted(
        name for name in checks - set(ALL) if not re.search(rf"\b{name.split('.')[1]}\b", others)
    )
    assert uncovered == [], "feed each of these a wrong answer in a tests/test_exercises*.py"


PARAMS = [(name, k) for name, cases in ALL.items() for k in range(len(cases))]


@pytest.mark.parametrize(("qualified", "k"), PARAMS)
def test_a_wrong_answer_is_a_mistake_naming_the_entry(
    qualified: str, k: int, capsys: pytest.CaptureFixture[str]
) -> None:
    _, wrong, words = ALL[qualified][k]
    with pytest.raises(exercises.Mistake) as mistake:
        _check(qualified)(wrong)
    assert words in str(mistake.value), str(mistake.value)
    assert exercises.PASSED not in capsys.readouterr().out


@pytest.mark.parametrize(("qualified", "k"), PARAMS)
def test_a_right_answer_passes(qualified: str, k: int, capsys: pytest.CaptureFixture[str]) -> None:
    right, _, _ = ALL[qualified][k]
    assert editions.verdict(_check(qualified)(right)) is True
    assert capsys.readouterr().out.startswith(exercises.PASSED + " ")


@pytest.mark.parametrize("qualified", sorted(ALL))
def test_a_stub_is_not_written_yet(qualified: str, capsys: pytest.CaptureFixture[str]) -> None:
    def stub(*args: object) -> None:
        raise NotImplementedError

    assert editions.verdict(_check(qualified)(stub)) is False
    said = capsys.readouterr().out
    assert "not written yet" in said and exercises.PASSED not in said


def test_a_dead_relu_neuron_passes_nothing_back() -> None:
    """The ReLU chain of check_chain_gradients had z > 0 in every layer, so ReLU′(z) = 0 was
    never used and `(act_prime(z) or 1.0) * d` passed. A chain with z^(2) < 0 is checked;
    by hand (x = 0.6, y = 1, w = [0.9, −1.2, 0.7, 1.1], b = [0.1, 0.3, 0.5, 0.2]):
    z¹ = 0.64, z² = −0.468 < 0 so a² = 0, z³ = a³ = 0.5, z⁴ = a⁴ = 0.75; ∂C₀/∂w⁴ =
    a³·2(a⁴ − y) = −0.25, and every earlier gradient is 0 (a² = 0, ReLU′(z²) = 0)."""
    ws, bs = [0.9, -1.2, 0.7, 1.1], [0.1, 0.3, 0.5, 0.2]
    assert _chain(ws, bs, 0.6, 1.0, _relu, _relu_prime) == pytest.approx([0, 0, 0, -0.25])
    reviving = _chain_reviving_dead_neurons(ws, bs, 0.6, 1.0, _relu, _relu_prime)
    # the wrong recursion, by hand: dz⁴ = −0.5, dz³ = 1.1·(−0.5) = −0.55, dz² = 0.7·dz³
    # (ReLU′(z²) taken as 1), dz¹ = −1.2·dz² → ∂C₀/∂w¹ = x·dz¹ = 0.6·0.462 = 0.2772
    assert reviving[0] == pytest.approx(0.6 * -1.2 * 0.7 * -0.55)
    # the check goes from layer 4 down, so it names layer 2, where the slip is made:
    # ∂C₀/∂w² = a¹·dz² = 0.64·0.7·(−0.55) = −0.2464 (w³, w⁴ are right: a² = 0 anyway)
    assert reviving[1:] == pytest.approx([0.64 * 0.7 * -0.55, 0, -0.25])
    shown = "ws=[0.9, -1.2, 0.7, 1.1], bs=[0.1, 0.3, 0.5, 0.2], x=0.6, y=1"
    for lang, said in (
        (
            "en",
            f"ReLU chain with z^(2) < 0 ({shown}): ∂C₀/∂w^(2): expected 0, got -0.2464 "
            "(z^(2) < 0, so act_prime(z^(2)) = 0: that neuron passes nothing back, and "
            "∂C₀/∂w^(l) = 0 for every l ≤ 2)",
        ),
        (
            "zh",
            f"z^(2) < 0 的 ReLU 链（{shown}）上的 ∂C₀/∂w^(2)：应为 0，实际得到 -0.2464"
            "（z^(2) < 0，所以 act_prime(z^(2)) = 0：这个神经元什么也传不回去，"
            "l ≤ 2 的每个 ∂C₀/∂w^(l) 都是 0）",
        ),
    ):
        with pytest.raises(editions.package(lang).Mistake) as raised:
            _check("nb02.check_chain_gradients", lang)(_chain_reviving_dead_neurons)
        assert str(raised.value) == said


def test_g_j_and_e_h_are_called_gradient_terms_as_zhou_calls_them(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """周志华 §5.3 names g_j and e_h the gradient terms (梯度项) of the output and the hidden
    layer; the error term (误差项) is UFLDL's δ = ∂E/∂z, which is −g_j. The checks called
    g_j and e_h "the output layer's error" / "误差项", which §6 of notebook 3 then showed
    to be −δ."""
    said = {
        "check_g_j": ("g_j, the output layer's gradient term", "g_j，输出层的梯度项"),
        "check_e_h": ("e_h, the hidden layer's gradient term", "e_h，隐层的梯度项"),
    }
    for name, (english, chinese) in said.items():
        for lang, title in (("en", english), ("zh", chinese)):

            def stub(*args: object) -> None:
                raise NotImplementedError

            assert editions.verdict(_check(f"nb03.{name}", lang)(stub)) is False
            printed = capsys.readouterr().out
            assert title in printed, printed
            assert "error" not in printed.split(":")[0] and "误差" not in printed, printed


def test_expect_close_names_the_entry() -> None:
    with pytest.raises(exercises.Mistake, match=r"^w\[1, 0\]: expected 2, got 3$"):
        exercises.expect_close_all("w", [[1.0], [3.0]], np.array([[1.0], [2.0]]))
    with pytest.raises(exercises.Mistake, match="expected a number"):
        exercises.expect_close("b", "two", 2.0)
    with pytest.raises(exercises.Mistake, match="expected 2 entries, got 1"):
        exercises.expect_close_all("x", [1.0], [1.0, 2.0])


def _delta_step_broadcast(W: Any, z: Any, d: Any) -> Any:
    # f′(z) as a column against the row Wᵀδ: numpy broadcasts to (3, 3)
    return (W.T @ d) * np.vectorize(_sigmoid_prime)(z)[:, None]


def test_an_array_of_the_wrong_shape_is_named_by_its_shape() -> None:
    """A broadcast (3, 3) array for the δ^(3) of notebook 03's 4-5-3-2 network (layer 3
    has 3 neurons) was reported as "δ^(3)[0]: expected a number, got array([…])". The
    shapes are compared first, and the message says so, in both editions."""
    said = {
        "en": "δ^(3): expected a vector of length 3, got an array of shape (3, 3) (broadcasting?)"
        "; W^(3) has shape (S_4, S_3) = (2, 3), z^(3) length S_3 = 3 and δ^(4) length S_4 = 2"
        "; W^(3)ᵀ δ^(4) is W.T @ delta_next, of length S_3 = 3, and ⊙ multiplies it entry by "
        "entry by f′(z^(3)), of length 3 too: (W.T @ delta_next) * f_prime(z)",
        "zh": "δ^(3)：应为长度 3 的向量，得到形状 (3, 3) 的数组（是不是广播了？）"
        "；W^(3) 的形状 (S_4, S_3) = (2, 3)，z^(3) 的长度 S_3 = 3，δ^(4) 的长度 S_4 = 2"
        "；W^(3)ᵀ δ^(4) 就是 W.T @ delta_next，长度为 S_3 = 3；⊙ 是把它与同样长度为 3 的 "
        "f′(z^(3)) 逐项相乘：(W.T @ delta_next) * f_prime(z)",
    }
    for lang in editions.LANGS:
        with pytest.raises(editions.package(lang).Mistake) as raised:
            _check("nb03.check_delta_step", lang)(_delta_step_broadcast)
        assert str(raised.value) == said[lang]
    two_by_three = {
        "en": "w: expected an array of shape (2, 3), got an array of shape (3, 2)",
        "zh": "w：应为形状 (2, 3) 的数组，得到形状 (3, 2) 的数组",
    }
    for lang in editions.LANGS:
        with pytest.raises(editions.package(lang).Mistake) as raised:
            editions.package(lang).expect_close_all("w", np.ones((3, 2)), np.ones((2, 3)))
        assert str(raised.value) == two_by_three[lang]
    # a column or a row vector of the right numbers is still the vector
    for same in (np.array([[1.0], [2.0]]), np.array([[1.0, 2.0]])):
        exercises.expect_close_all("v", same, [1.0, 2.0])


def _zhou_network(seed: int, y: Any) -> dict[str, Any]:
    """check_g_j's and check_e_h's 3-4-2 network (the same draws from the same seed),
    forward and BP formulas by hand in numpy, as 周志华 §5.3 writes them."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, size=3)
    V, gamma = rng.normal(0, 0.8, size=(3, 4)), rng.normal(0, 0.5, size=4)
    W, theta = rng.normal(0, 0.8, size=(4, 2)), rng.normal(0, 0.5, size=2)
    b = 1 / (1 + np.exp(-(x @ V - gamma)))
    y_hat = 1 / (1 + np.exp(-(b @ W - theta)))
    g = y_hat * (1 - y_hat) * (y - y_hat)
    return {"y_hat": y_hat, "b": b, "W": W, "g": g, "e": b * (1 - b) * (W @ g)}


def _six(a: Any) -> str:
    return f"{a:.6g}" if np.ndim(a) == 0 else "[" + ", ".join(_six(r) for r in a) + "]"


def test_notebook_03_s_checks_use_a_target_that_is_not_0_or_1_and_show_their_inputs() -> None:
    """check_g_j and check_e_h used y = [1, 0] only, where y² = y: g_j written with y**2
    passed. And their messages said "network 0's g[0]", a network the student cannot
    see. One case has y = [0.3, 0.8]; every message names the call with its inputs."""
    y = np.array([0.3, 0.8])
    net = _zhou_network(1, y)
    wrong = net["y_hat"] * (1 - net["y_hat"]) * (y**2 - net["y_hat"])
    call = f"g_of(y_hat={_six(net['y_hat'])}, y=[0.3, 0.8])"
    for lang, pattern in (
        ("en", r", g_1: expected (\S+), got (\S+) \(y_j² in place of y_j: "),
        ("zh", r" 的 g_1：应为 (\S+)，实际得到 (\S+)（把 y_j 写成了 y_j²："),
    ):
        with pytest.raises(editions.package(lang).Mistake) as raised:
            _check("nb03.check_g_j", lang)(lambda y_hat, y: y_hat * (1 - y_hat) * (y**2 - y_hat))
        said = str(raised.value)
        assert said.startswith(call), said
        found = re.search(pattern, said)
        assert found, said
        assert float(found[1]) == pytest.approx(net["g"][0], rel=1e-9)
        assert float(found[2]) == pytest.approx(wrong[0], rel=1e-9)
    first = _zhou_network(0, np.array([1.0, 0.0]))
    shown = f"e_of(b={_six(first['b'])}, W={_six(first['W'])}, g={_six(first['g'])})"
    for lang in editions.LANGS:
        with pytest.raises(editions.package(lang).Mistake) as raised:
            _check("nb03.check_e_h", lang)(lambda b, W, g: b * (1 - b) * (W @ g)[::-1])
        assert str(raised.value).startswith(shown), str(raised.value)


# ------------------------------------------------------------------ the Chinese edition


def _in_both(qualified: str, answer: Callable[..., Any], capsys: pytest.CaptureFixture[str]) -> str:
    return editions.both(lambda package: _check(qualified, package.LANGUAGE)(answer), capsys)


@pytest.mark.parametrize(("qualified", "k"), PARAMS)
def test_the_chinese_edition_gives_the_same_verdict_in_chinese(
    qualified: str, k: int, capsys: pytest.CaptureFixture[str]
) -> None:
    right, wrong, _ = ALL[qualified][k]

    def stub(*args: object) -> None:
        raise NotImplementedError

    assert _in_both(qualified, wrong, capsys) == "mistake"
    assert _in_both(qualified, right, capsys) == "passed"
    assert _in_both(qualified, stub, capsys) == "not written"


def test_both_editions_are_one_copy_of_the_checks_in_two_languages() -> None:
    english, chinese = editions.package("en"), editions.package("zh")
    assert (english.LANGUAGE, chinese.LANGUAGE) == ("en", "zh")
    assert english is exercises and chinese is not english
    assert chinese.Mistake is not english.Mistake  # each copy raises its own
    for module in MODULES:
        en_module, zh_module = editions.module("en", module), editions.module("zh", module)
        assert en_module is not zh_module
        assert Path(zh_module.__file__ or "") == Path(en_module.__file__ or "")
        names = [name for name in dir(en_module) if name.startswith("check_")]
        assert names and names == [name for name in dir(zh_module) if name.startswith("check_")]
        for name in names:  # the same source lines, not a translated copy of the logic
            en_code, zh_code = getattr(en_module, name).__code__, getattr(zh_module, name).__code__
            assert (zh_code.co_filename, zh_code.co_firstlineno, zh_code.co_code) == (
                en_code.co_filename,
                en_code.co_firstlineno,
                en_code.co_code,
            )
        # a check reads its helpers from its own copy of the package, never the other one
        assert zh_module.check is chinese.check and en_module.check is english.check


def test_msg_picks_the_copy_s_language_and_refuses_an_unknown_one() -> None:
    english, chinese = editions.package("en"), editions.package("zh")
    assert english.msg(en="gradient", zh="梯度") == "gradient"
    assert chinese.msg(en="gradient", zh="梯度") == "梯度"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(chinese, "LANGUAGE", "fr")
        with pytest.raises(ValueError, match="'fr'"):
            chinese.msg(en="gradient", zh="梯度")
    assert english.msg(en="gradient", zh="梯度") == "gradient"


def test_the_helpers_speak_chinese_in_the_chinese_edition() -> None:
    chinese = editions.package("zh")
    cases: list[tuple[Callable[[], None], str]] = [
        (
            lambda: chinese.expect_close_all("w", [[1.0], [3.0]], np.array([[1.0], [2.0]])),
            "w[1, 0]：应为 2，实际得到 3",
        ),
        (lambda: chinese.expect_close("b", "two", 2.0), "b：应当是一个数，得到的是 'two'"),
        (lambda: chinese.expect_close_all("x", [1.0], [1.0, 2.0]), "x：应有 2 项，实际有 1 项"),
        (lambda: chinese.expect_close_all("x", 1.0, [1.0]), "x：应当是一个序列"),
    ]
    for call, said in cases:
        with pytest.raises(chinese.Mistake) as mistake:
            call()
        assert str(mistake.value).startswith(said), str(mistake.value)
        editions.assert_chinese(str(mistake.value))


def _static_text(node: ast.expr) -> str:
    """The words written in a string or f-string expression, with each {…} as a space."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            _static_text(part) if isinstance(part, ast.Constant) else " " for part in node.values
        )
    raise AssertionError(f"line {node.lineno}: a message should be a string, not {ast.dump(node)}")


def test_every_message_a_check_gives_is_written_in_both_languages() -> None:
    """Statically, so that a branch no wrong answer reaches is covered too: whatever a check
    raises (``Mistake``), titles (``check``) or prints goes through ``msg(en=..., zh=...)``
    unless it has no words of its own (``f"{PASSED} {title}"``), and each ``msg`` has an
    English half without Chinese and a Chinese half without English words."""
    messages = 0
    for path in sorted((NOTEBOOK_DIR / "exercises").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            where = f"{path.name}:{node.lineno}"
            if node.func.id in {"Mistake", "check", "print"} and node.args:
                said = node.args[0]
                if not (isinstance(said, ast.Call) and getattr(said.func, "id", "") == "msg"):
                    assert not re.search("[A-Za-z]", _static_text(said)), where
            if node.func.id in {"msg", "_said"}:  # shown.py's _said is msg, called late
                halves = {k.arg: k.value for k in node.keywords}
                assert sorted(halves) == ["en", "zh"] and not node.args, where
                en, zh = _static_text(halves["en"]), _static_text(halves["zh"])
                assert not editions.CJK.search(en), where
                assert not editions.english_words(zh), (where, editions.english_words(zh))
                messages += 1
    assert messages >= 40


def _zh_messages() -> list[tuple[str, str]]:
    """Each ``msg``'s Chinese half, where it is written, its {…} as NUL."""
    said = []
    for path in sorted((NOTEBOOK_DIR / "exercises").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "msg":
                zh = next(k.value for k in node.keywords if k.arg == "zh")
                parts = zh.values if isinstance(zh, ast.JoinedStr) else [zh]
                text = "".join(
                    p.value if isinstance(p, ast.Constant) and isinstance(p.value, str) else "\0"
                    for p in parts
                )
                said.append((f"{path.name}:{node.lineno}", text))
    return said


def test_a_chinese_message_has_no_space_before_its_punctuation_and_one_name_for_the_check() -> None:
    """Chinese punctuation takes no space before it: nb00's "是否用了 += " and a
    full-width question mark had one. And the checker is 检验 in every message and
    notebook (检验会指出哪一项错了, 检验拿来对照的), but nb07 said 「检查拿来对照的正是它
    的结果」. Oracle: the Chinese convention, and the notebooks' word, counted here."""
    messages = _zh_messages()
    assert len(messages) >= 40
    spaced = [(w, t) for w, t in messages if re.search(r"[^\0 ] [，。：；！？、）」”]", t)]
    assert not spaced, spaced
    checker = [(w, t) for w, t in messages if re.search(r"检查(拿来|会|就|把|用|发现)", t)]
    assert not checker, checker
    for path in (NOTEBOOK_DIR / "zh").glob("*.py"):  # the notebooks' one word for it
        assert not re.search(r"检查(拿来|会|就|把|用|发现)", path.read_text(encoding="utf-8"))


def test_only_the_stub_s_own_notimplementederror_means_not_written_yet(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A student's code that raises NotImplementedError for a case it leaves out was told
    "not written yet — fill in the cell above", about a cell already filled in."""
    check = _check("nb05.check_reverse_neuron")
    for words in ("your turn", "轮到你了", ""):

        def stub(*args: object, said: str = words) -> float:
            raise NotImplementedError(said)

        assert editions.verdict(check(stub)) is False
        assert "not written yet" in capsys.readouterr().out

    def partial(z: float, ws: Any, up: Any) -> float:
        if z < 0:
            raise NotImplementedError("only z ≥ 0 for now")
        return _sigmoid_prime(z) * sum(w * u for w, u in zip(ws, up, strict=True))

    with pytest.raises(exercises.Mistake, match=r"raised NotImplementedError\('only z ≥ 0"):
        check(partial)


def test_a_function_that_raises_is_named_with_its_input() -> None:
    """σ = y/a, a natural answer to notebook 01's exercise 2, divides by zero at the check's
    a = 0: the message asked whether a function forgot to return. It says which call
    raised what, in both editions, and no longer guesses at a missing return."""
    for lang in editions.LANGS:

        def y_over_a(a: float, y: float) -> float:
            return y / a + y * (1 - y / a)

        with pytest.raises(editions.package(lang).Mistake) as raised:
            _check("nb01.check_local_derivative", lang)(y_over_a)
        said = str(raised.value)
        assert "silu_local(0, 0)" in said and "ZeroDivisionError" in said, said
        assert "return" not in said, said

    def central_by_zero(f: Any, x: float, h: float) -> float:
        return (f(x + h) - f(x - h)) / (h - h)

    with pytest.raises(exercises.Mistake, match=r"central_difference\(x³, x=1, h=0\.01\): raised"):
        _check("nb01.check_central_difference")(central_by_zero)


def test_a_number_must_be_a_number_and_float32_is_named() -> None:
    for not_a_number in ("3.0001", True, np.array([3.0]), np.True_, np.array("3.0001")):
        with pytest.raises(exercises.Mistake, match="expected a number"):
            exercises.expect_close("x", not_a_number, 3.0001)
    exercises.expect_close("x", np.float64(3.0001), 3.0001)  # numpy numbers are numbers
    single = float(np.float32(-0.09006004647))
    with pytest.raises(exercises.Mistake, match=r"equal to about 7 digits: float32 rounding"):
        exercises.expect_close("g", single, -0.09006004647)
    with pytest.raises(exercises.Mistake) as far:
        exercises.expect_close("g", -0.09, -0.09006004647)
    assert "float32" not in str(far.value)


def _output_layer_nodes(w: float, b: float, a_prev: float, y: float) -> tuple[Value, ...]:
    """Notebook 02's exercise 1 answered with the engine, returning the nodes, not .grad."""
    wv, bv, av = Value(w), Value(b), Value(a_prev)
    (((wv * av + bv).sigmoid() - y) ** 2).backward()
    return wv, bv, av


def test_a_value_is_not_taken_for_a_number() -> None:
    """expect_close compared a Value by its .data: the nodes returned instead of their
    .grad were told "expected -0.09006004647, got 0.8", and a Value holding the right
    number passed. A Value is refused; the message shows .data and .grad and asks."""
    # by hand, at notebook 02's first case w=0.8, b=0.2, a_prev=0.6, y=1: z = 0.68,
    # ∂C₀/∂w = a_prev·σ′(z)·2(σ(z) − y)
    dC_dw = 0.6 * _sigmoid_prime(0.68) * 2 * (_sigmoid(0.68) - 1.0)
    assert math.isclose(dC_dw, -0.09006004647, rel_tol=1e-10)
    said = {
        "en": f"got a Value node (.data = 0.8, .grad = {dC_dw:.10g}): did you mean its .grad?",
        "zh": f"得到的却是一个 Value 节点（.data = 0.8，.grad = {dC_dw:.10g}）："
        "是不是想返回它的 .grad？",
    }
    for lang in editions.LANGS:
        with pytest.raises(editions.package(lang).Mistake) as raised:
            _check("nb02.check_output_layer", lang)(_output_layer_nodes)
        assert said[lang] in str(raised.value), str(raised.value)
        (editions.assert_english if lang == "en" else editions.assert_chinese)(str(raised.value))
    # the right number, but inside a node: (1.01³ − 0.99³)/0.02 = 3 + 0.01² by hand
    right_number_in_a_node = {
        "en": "whose .data = 3.0001 is the expected number: return that number (.data)",
        "zh": "它的 .data = 3.0001 正是应得的数：请返回这个数（.data），而不是节点",
    }
    for lang in editions.LANGS:
        with pytest.raises(editions.package(lang).Mistake) as raised:
            _check("nb01.check_central_difference", lang)(
                lambda f, x, h: Value((f(x + h) - f(x - h)) / (2 * h))
            )
        assert right_number_in_a_node[lang] in str(raised.value), str(raised.value)
        (editions.assert_english if lang == "en" else editions.assert_chinese)(str(raised.value))


def test_a_value_whose_grad_is_7_digits_right_is_not_asked_about_its_grad() -> None:
    """A node whose .grad was the answer to 1e-6 but not to the check's 1e-9 was asked "did
    you mean its .grad?" — and that .grad, returned, fails as a number. The question is
    asked at the check's own tolerance. Oracle: ∂C₀/∂w by hand, as above."""
    dC_dw = 0.6 * _sigmoid_prime(0.68) * 2 * (_sigmoid(0.68) - 1.0)
    off = dC_dw * (1 + 1e-7)

    def nodes_a_little_off(w: float, b: float, a_prev: float, y: float) -> tuple[Value, ...]:
        nodes = _output_layer_nodes(w, b, a_prev, y)
        for node in nodes:
            node.grad *= 1 + 1e-7
        return nodes

    said = {
        "en": f"got a Value node (.data = 0.8, .grad = {off:.10g}), and neither of its numbers "
        "is the expected one: return a number, not a node",
        "zh": f"得到的却是一个 Value 节点（.data = 0.8，.grad = {off:.10g}），它的两个数都不是"
        "应得的数：请返回一个数，而不是节点",
    }
    for lang in editions.LANGS:
        with pytest.raises(editions.package(lang).Mistake) as raised:
            _check("nb02.check_output_layer", lang)(nodes_a_little_off)
        assert str(raised.value).endswith(said[lang]), str(raised.value)
    with pytest.raises(exercises.Mistake, match=r"expected -0\.09006004647, got -0\.09006005"):
        exercises.expect_close("∂C₀/∂w", off, dC_dw)  # its .grad, returned, fails


@pytest.mark.filterwarnings("error")  # a ComplexWarning is a failure
def test_a_complex_answer_is_told_it_is_complex() -> None:
    """float() of numpy's complex warns and keeps the real part: dy/da + 0.5j passed the
    check, and a complex number where a vector is due was told as its real part. Now a
    complex answer (Python's, numpy's, a 0-d complex array) is told it is complex, with
    no ComplexWarning. Oracle: dy/da of a·σ(a) = σ(a) + a·σ(a)(1 − σ(a)) by hand."""

    def complex_slope(a: float, y: float) -> Any:
        s = _sigmoid(a)
        return np.complex128(s + a * s * (1 - s) + 0.5j)

    slope = _sigmoid(-3.0) - 3.0 * _sigmoid_prime(-3.0)
    said = {
        "en": f"dy/da at a = -3: expected {slope:.10g}, got a complex number, {slope:.10g}+0.5j "
        "(the answer is a real number; in Python a negative number raised to a fractional "
        "power is complex: (-2.0) ** 0.5 is about 1.414j)",
        "zh": f"a = -3 处的 dy/da：应为 {slope:.10g}，得到的却是复数 {slope:.10g}+0.5j"
        "（答案是实数；负数的分数次幂是复数：(-2.0) ** 0.5 约为 1.414j）",
    }
    for lang in editions.LANGS:
        with pytest.raises(editions.package(lang).Mistake) as raised:
            _check("nb01.check_local_derivative", lang)(complex_slope)
        assert str(raised.value) == said[lang]
        (editions.assert_english if lang == "en" else editions.assert_chinese)(str(raised.value))
    for one in (np.complex128(1 + 2j), np.array(1 + 2j), 1 + 2j):
        with pytest.raises(exercises.Mistake, match=r"^g: expected 1, got a complex number, 1\+2j"):
            exercises.expect_close("g", one, 1.0)
        if isinstance(one, complex) and not isinstance(one, np.generic):
            continue  # Python's: "expected a sequence", as a float is told there
        with pytest.raises(
            exercises.Mistake,
            match=r"^Δθ: expected a vector of length 2, got "
            r"one complex number 1\+2j \(the answer is a real number",
        ):
            exercises.expect_close_all("Δθ", one, [1.0, 2.0])


def test_the_first_failing_case_hints_at_the_chain_rule_when_out_grad_is_missing() -> None:
    """A local derivative not multiplied by out.grad passes every case at the root; the
    first case reported was the "x used twice" one, whose hint blamed +=."""
    nb00 = editions.module("en", "nb00")

    class Forgetful:  # a student's Value whose exp forgets out.grad
        def __init__(self, data: float, _prev: tuple[Any, ...] = (), label: str = "") -> None:
            self.data, self.grad, self._prev, self.label = data, 0.0, set(_prev), label
            self._backward: Callable[[], None] = lambda: None

        def __mul__(self, other: Any) -> Forgetful:
            other = other if isinstance(other, Forgetful) else Forgetful(other)
            out = Forgetful(self.data * other.data, (self, other))

            def _backward() -> None:
                self.grad += other.data * out.grad
                other.grad += self.data * out.grad

            out._backward = _backward
            return out

        __rmul__ = __mul__

        def exp(self) -> Forgetful:
            out = Forgetful(math.exp(self.data), (self,))

            def _backward() -> None:
                self.grad += out.data  # the mistake: × out.grad is missing

            out._backward = _backward
            return out

        def backward(self) -> None:
            order: list[Forgetful] = []
            seen: set[int] = set()

            def visit(v: Forgetful) -> None:
                if id(v) not in seen:
                    seen.add(id(v))
                    for p in v._prev:
                        visit(p)
                    order.append(v)

            visit(self)
            self.grad = 1.0
            for v in reversed(order):
                v._backward()

    with pytest.raises(exercises.Mistake, match=r"\(2 · e\^x\) .*multiplied by out\.grad"):
        nb00.check_exp(Forgetful)


def test_a_pair_may_be_a_list() -> None:
    check = _check("nb07.check_cheaper_mode")
    assert (
        editions.verdict(check(lambda n, m: ["forward", n] if n <= m else ["reverse", m])) is True
    )


def test_a_check_s_own_oracle_failing_is_not_blamed_on_the_student(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """nb00's witness asserts that the library agrees with the closed form ("if it
    disagrees, the library is wrong, not the student"): its AssertionError must come
    through as it is, not as the student's Mistake."""
    nb00 = editions.module("en", "nb00")
    import autograd_mini as am

    real = am.grad
    monkeypatch.setattr(am, "grad", lambda f, *a, **k: lambda *x: real(f)(*x) * 1.01)
    with pytest.raises(AssertionError) as raised:
        nb00.check_exp(am.Value)
    assert not isinstance(raised.value, exercises.Mistake)
    assert "autograd_mini gives" in str(raised.value)


STUB_SOURCES = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.py")) + sorted(
    (NOTEBOOK_DIR / "zh").glob("[0-9][0-9]_*.py")
)


@pytest.mark.parametrize("path", STUB_SOURCES, ids=lambda p: p.relative_to(NOTEBOOK_DIR).as_posix())
def test_every_stub_says_it_is_the_students_turn(path: Path) -> None:
    """Every exercise stub raises NotImplementedError with "your turn" (轮到你了) and
    what to write, as the notebooks' prose promises; notebook 07's three raised it bare."""
    sys.path.insert(0, str(NOTEBOOK_DIR))
    try:
        from exercises import STUB_WORDS
    finally:
        sys.path.remove(str(NOTEBOOK_DIR))
    words = STUB_WORDS[1] if path.parent.name == "zh" else STUB_WORDS[0]
    stubs = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Raise) and node.exc is not None:
            exc = node.exc
            name = exc.func if isinstance(exc, ast.Call) else exc
            if isinstance(name, ast.Name) and name.id == "NotImplementedError":
                message = exc.args[0] if isinstance(exc, ast.Call) and exc.args else None
                stubs.append(message.value if isinstance(message, ast.Constant) else None)
    assert stubs, f"{path.name}: no exercise stub"
    assert all(isinstance(s, str) and s.startswith(words) for s in stubs), stubs


def _shape_mismatch(*args: object) -> Any:
    return np.ones(2) @ np.ones(3)  # numpy's ValueError, from inside the student's code


# check → the call it names when the student's function raises
RAISING: dict[str, str] = {
    "nb02.check_output_layer": "output_layer_gradients(w=0.8, b=0.2, a_prev=0.6, y=1)",
    "nb02.check_chain_gradients": "chain_gradients([0.9, -1.2, 1.5, 0.8], [0.1, 0.3, -0.4, "
    "0.2], 0.6, 1, sigmoid, sigmoid_prime)",
    "nb03.check_g_j": "g_of(y_hat=[0.892072, 0.438017], y=[1, 0])",
    "nb03.check_e_h": "e_of(b=[0.50248, 0.892981, 0.703535, 0.772867], W=[[0.834011, ",
    "nb03.check_delta_step": "delta_step(W^(3), z^(3), δ^(4))",
    "nb03.check_updates": "updates(x=[0.273923, -0.460427, -0.918053], b_hidden=[0.50248, ",
    "nb04.check_count_parameters": "count_parameters([784, 16, 16, 10])",
    "nb04.check_sgd_step": "sgd_step(params, 0.3)",
    "nb05.check_my_backward": "my_backward(C)",
    "nb05.check_reverse_neuron": "reverse_neuron(0.3, [1.2, -0.9, 0.4], upstream)",
    "nb07.check_neuron_tangent": "neuron_tangent(w=0.8, b=-0.3, x=1.5, y=1.0, ẇ=1.0, ḃ=0.0)",
    "nb07.check_cheaper_mode": "cheaper_mode(13002, 1)",
    "nb07.check_newton_step": "newton_step(cost, (0.0, 0.0))",
}


@pytest.mark.parametrize("qualified", sorted(RAISING))
def test_an_error_in_the_student_s_code_names_the_call_not_a_missing_return(
    qualified: str,
) -> None:
    """A shape mismatch inside the student's function (W.T @ g) ended in "stopped with
    ValueError (… did a function forget to return …?)" in notebooks 02–05 and 07, which
    called the student's function bare; nb01 and nb06 named the call and the error. Every
    check now does, in both editions."""
    for lang in editions.LANGS:
        check = _check(qualified, lang)
        extra = (lambda w1, w2: w1 * w2,) if qualified == "nb07.check_newton_step" else ()
        with pytest.raises(editions.package(lang).Mistake) as raised:
            check(_shape_mismatch, *extra)
        said = str(raised.value)
        assert RAISING[qualified] in said, said
        quoted = " ValueError: matmul" if lang == "en" else " ValueError「matmul"
        assert ("raised" if lang == "en" else "抛出了") + quoted in said, said
        assert "return" not in said and "返回" not in said, said


def _e_h_summing_over_the_hidden_layer(b: Any, W: Any, g: Any) -> list[float]:
    # j runs over the 4 hidden neurons (len(b)) instead of the 2 outputs: W[h, 2] is past W
    return [b[h] * (1 - b[h]) * sum(W[h, j] * g[j] for j in range(len(b))) for h in range(len(b))]


def _e_h_by_the_wrong_key(b: Any, W: Any, g: Any) -> list[float]:
    rows = {h: W[h] for h in range(len(b))}
    return [b[h] * (1 - b[h]) * float(rows[h + 1] @ g) for h in range(len(b))]  # rows[4]


def _e_h_with_a_misspelt_name(b: Any, W: Any, g: Any) -> Any:
    return b * (1 - b) * (W @ gg)  # type: ignore[name-defined]  # noqa: F821


# a student's e_h that fails in plain Python → what Python says, as the message quotes it
LOOKUPS = [
    (_e_h_summing_over_the_hidden_layer, "IndexError", "index 2 is out of bounds for axis 1"),
    (_e_h_by_the_wrong_key, "KeyError", "4"),
    (_e_h_with_a_misspelt_name, "NameError", "name 'gg' is not defined"),
]


@pytest.mark.parametrize(("answer", "kind", "words"), LOOKUPS, ids=[k for _, k, _ in LOOKUPS])
def test_an_index_key_or_name_error_names_the_call_too(answer: Any, kind: str, words: str) -> None:
    """call() named the call only for ArithmeticError, ValueError, TypeError and
    AttributeError: a sum over the wrong range (IndexError), a missing key (KeyError) or a
    misspelt name (NameError) fell through to "stopped with IndexError (… did a function
    forget to return …?)". Now LookupError and NameError are named with Python's words."""
    for lang in editions.LANGS:
        with pytest.raises(editions.package(lang).Mistake) as raised:
            _check("nb03.check_e_h", lang)(answer)
        said = str(raised.value)
        assert "e_of(b=[0.50248, 0.892981, 0.703535, 0.772867], W=[[" in said, said
        quoted = f"raised {kind}: {words}" if lang == "en" else f"抛出了 {kind}「{words}"
        assert quoted in said, said
        assert "return" not in said and "返回" not in said, said


def test_every_check_of_notebooks_02_to_07_is_fed_a_function_that_raises() -> None:
    checks = {
        f"{module}.{name}"
        for module in ("nb02", "nb03", "nb04", "nb05", "nb07")
        for name in dir(importlib.import_module(f"exercises.{module}"))
        if name.startswith("check_")
    }
    assert sorted(checks) == sorted(RAISING)


def test_my_backward_s_wrong_return_is_shown_as_python_shows_it() -> None:
    """The Chinese message put quotes around a repr: None read as 'None' and the string
    "None" as ''None''. Both editions show the repr as it is."""
    for got, shown in ((None, "None"), ("None", "'None'")):
        for lang, said in (("en", f"got {shown}"), ("zh", f"得到的是 {shown}")):
            with pytest.raises(editions.package(lang).Mistake) as raised:
                _check("nb05.check_my_backward", lang)(lambda root, got=got: got)
            assert str(raised.value).endswith(said), str(raised.value)


def test_every_way_of_taking_the_engine_s_gradient_is_refused() -> None:
    """check_my_backward watches the student's calls in the student's thread
    (exercises.watch): root.backward(), a backward imported by name and gradients() are
    all the engine's pass. It had replaced the module's backward while the check ran —
    a global two overlapping checks could leave replaced for good — and missed the last
    two; it then counted passes and named backward() whatever was called."""
    from autograd_mini import gradients
    from autograd_mini.backward import backward as imported

    def by_name(root: Value) -> dict[Value, float]:
        imported(root)
        return {v: v.grad for v in _all_nodes(root)}

    def by_gradients(root: Value) -> dict[Value, float]:
        nodes = _all_nodes(root)
        return dict(zip(nodes, gradients(root, nodes), strict=True))

    for answer, called in (
        (_my_backward_by_the_engine, "backward"),
        (by_name, "backward"),
        (by_gradients, "gradients"),
    ):
        with pytest.raises(exercises.Mistake, match=rf"my_backward\(C\) called {called}\(\)"):
            _check("nb05.check_my_backward")(answer)
    assert _check("nb05.check_my_backward")(_my_backward)


def _all_nodes(root: Value) -> list[Value]:
    seen: list[Value] = []
    stack = [root]
    while stack:
        v = stack.pop()
        if v not in seen:
            seen.append(v)
            stack.extend(v.parents)
    return seen


def test_another_thread_s_backward_is_not_taken_for_the_student_s() -> None:
    """The check watches the engine's backward() in the student's thread only: a
    notebook's other thread taking a gradient meanwhile (its own graph) does not make a
    hand-written pass "call backward()"."""

    def hand_written_beside_a_thread(root: Value) -> dict[Value, float]:
        def elsewhere() -> None:
            (Value(2.0) * Value(3.0)).backward()

        worker = threading.Thread(target=elsewhere)
        worker.start()
        worker.join()
        return _my_backward(root)

    assert _check("nb05.check_my_backward")(hand_written_beside_a_thread)


def test_a_changed_gradient_is_named_before_the_reason() -> None:
    """The message put the index after the reason, "the gradients (an SGD step reads p.grad,
    it does not change it)[0]: expected …", in both editions. It names the entry, then
    the numbers, then why."""
    said = {
        "en": r"^params\[0\]\.grad: expected -?[\d.e-]+, got 0 \(an SGD step reads the "
        r"gradient, it does not change it\)$",
        "zh": r"^params\[0\]\.grad：应为 -?[\d.e-]+，实际得到 0（SGD 的一步只读取梯度，不修改它）$",
    }
    for lang, pattern in said.items():
        with pytest.raises(editions.package(lang).Mistake, match=pattern):
            _check("nb04.check_sgd_step", lang)(_sgd_and_zero)


def test_the_language_test_skips_only_the_quoted_exception() -> None:
    """The Chinese messages may quote Python's or numpy's English (call() puts it in
    「」); English after the quote is the message's own and must be found — the test had
    dropped everything after 'ValueError: ' to the end of the line."""
    assert editions.english_words("f(1)：抛出了 ValueError「matmul: shapes (2,) differ」") == []
    left = "f(1)：抛出了 ValueError「matmul」。 Please compute the gradient again"
    assert editions.english_words(left) == ["Please", "compute", "the", "gradient", "again"]


@pytest.mark.parametrize(
    ("text", "left"),
    [
        ("它返回的是 生成器 step.<locals>.<genexpr>", []),
        ("它返回的是 函数 make.<locals>.inner.<locals>.<lambda>", []),
        ("方法 Plain.f（绑定在 <Plain 对象> 上）", []),
        ("它返回的是 <generator object step.<locals>.<genexpr> at 0x7f>", ["generator", "object"]),
        ("<bound method Plain.f of <Plain 对象>>", ["bound", "method"]),
        ("得到的是 <Plain object>", ["Plain", "object"]),
        ("得到的是 <locals> expected a number", ["expected", "number"]),
    ],
)
def test_the_language_test_skips_python_s_qualified_names_only(text: str, left: list[str]) -> None:
    """Python's qualified names ("step.<locals>.<genexpr>") and a stand-in's class name
    ("<Plain 对象>") are code in a Chinese message; Python's English around them ("<generator
    object …>", "bound method") is still found. A function whose name has no underscore
    ("step") was English before its ".<locals>"."""
    assert editions.english_words(text) == left


# ------------------------------------------------------------------ notebook 01's SiLU


def _s(a: float) -> float:
    return 1 / (1 + math.exp(-a))


# dy/da for y = a·σ(a), written as a student might: σ from e⁻ᵃ, eᵃ, tanh or math.e; the
# product rule in several orders; the output y used; σ(1 − σ) or σ(a)σ(−a)
SILU_RIGHT: dict[str, Callable[[float, float], float]] = {
    "σ + a·σ(1 − σ)": lambda a, y: _s(a) + a * _s(a) * (1 - _s(a)),
    "σ(1 + a(1 − σ))": lambda a, y: _s(a) * (1 + a * (1 - _s(a))),
    "σ + y(1 − σ)": lambda a, y: _s(a) + y * (1 - _s(a)),
    "y + σ(1 − y)": lambda a, y: y + _s(a) * (1 - y),
    "σ + a·σ(a)σ(−a)": lambda a, y: _s(a) + a * _s(a) * _s(-a),
    "eᵃ/(1 + eᵃ)": lambda a, y: (s := math.exp(a) / (1 + math.exp(a))) + a * s * (1 - s),
    "(1 + tanh(a/2))/2": lambda a, y: (s := (1 + math.tanh(a / 2)) / 2) + a * s * (1 - s),
    "1/(1 + math.e**-a)": lambda a, y: (s := 1 / (1 + math.e**-a)) + a * s * (1 - s),
    "(1 + e⁻ᵃ + a·e⁻ᵃ)/(1 + e⁻ᵃ)²": lambda a, y: (
        (1 + math.exp(-a) + a * math.exp(-a)) / (1 + math.exp(-a)) ** 2
    ),
    "numpy": lambda a, y: float((s := 1 / (1 + np.exp(-a))) + a * s * (1 - s)),
}


def _silu(a: float) -> float:
    return a * _s(a)


SILU_BY_DIFFERENCES: dict[str, Callable[[float, float], float]] = {
    "central, h = 1e-5": lambda a, y: (_silu(a + 1e-5) - _silu(a - 1e-5)) / 2e-5,
    "central, h = 1e-6": lambda a, y: (_silu(a + 1e-6) - _silu(a - 1e-6)) / 2e-6,
    "central, h = 1e-4": lambda a, y: (_silu(a + 1e-4) - _silu(a - 1e-4)) / 2e-4,
    "forward, h = 1e-7": lambda a, y: (_silu(a + 1e-7) - _silu(a)) / 1e-7,
    "forward, h = 1e-8": lambda a, y: (_silu(a + 1e-8) - _silu(a)) / 1e-8,
}


@pytest.mark.parametrize("answer", SILU_RIGHT.values(), ids=SILU_RIGHT.keys())
def test_the_silu_derivative_passes_written_any_right_way(
    answer: Callable[[float, float], float], capsys: pytest.CaptureFixture[str]
) -> None:
    assert _in_both("nb01.check_local_derivative", answer, capsys) == "passed"


@pytest.mark.parametrize("answer", SILU_BY_DIFFERENCES.values(), ids=SILU_BY_DIFFERENCES.keys())
def test_the_silu_derivative_by_a_finite_difference_is_told_so(
    answer: Callable[[float, float], float], capsys: pytest.CaptureFixture[str]
) -> None:
    """check_local_derivative compared at rel=1e-9: a central difference with h = 1e-5,
    1e-11 off, passed as the product rule, and a forward difference was told "float32
    rounding? compute in float64" where nothing was float32. The rule is exact to
    rounding; the check's tolerance is rounding's, and a near miss is called a finite
    difference, in both editions."""
    assert _in_both("nb01.check_local_derivative", answer, capsys) == "mistake"
    words = {"en": "a finite difference?", "zh": "有限差分"}
    for lang in editions.LANGS:
        with pytest.raises(editions.package(lang).Mistake) as raised:
            _check("nb01.check_local_derivative", lang)(answer)
        said = str(raised.value)
        assert words[lang] in said and "float32" not in said, said


def test_a_float32_silu_derivative_is_still_told_float32() -> None:
    right = SILU_RIGHT["σ + a·σ(1 − σ)"]
    for single in (
        lambda a, y: np.float32(right(a, y)),
        lambda a, y: float(np.float32(right(a, y))),
    ):
        with pytest.raises(exercises.Mistake) as raised:
            _check("nb01.check_local_derivative")(single)
        said = str(raised.value)
        assert "float32 rounding" in said and "finite difference" not in said, said


def test_the_silu_tolerance_is_rounding_s_and_covers_every_right_form() -> None:
    """silu_tolerance bounds the rounding of dy/da; measured against mpmath (50 digits),
    every right form above and the engine use a fraction of it, at the check's points and
    beyond, and every finite difference above misses it somewhere among the check's points."""
    mpmath = pytest.importorskip("mpmath")
    nb01 = editions.module("en", "nb01")
    points = (-3.0, -0.5, 0.0, 0.7, 2.5)
    missed = dict.fromkeys(SILU_BY_DIFFERENCES, False)
    with mpmath.workdps(50):
        for a in (*points, -1.0, -1.2, 5.0, 10.0):
            big_a = mpmath.mpf(a)
            s = 1 / (1 + mpmath.exp(-big_a))
            exact = s + big_a * s * (1 - s)
            bound = nb01.silu_tolerance(a)
            assert bound < 1e-12  # rounding's, not 1e-9
            node = Value(a)
            (node * node.sigmoid()).backward()
            got = {name: answer(a, _silu(a)) for name, answer in SILU_RIGHT.items()}
            for name, value in {**got, "the engine": node.grad}.items():
                error = abs(mpmath.mpf(value) - exact) / abs(exact)
                assert error <= bound / 4, (name, a, float(error / bound))
            if a in points:
                for name, answer in SILU_BY_DIFFERENCES.items():
                    error = abs(mpmath.mpf(answer(a, _silu(a))) - exact) / abs(exact)
                    # beyond the check's 2 × bound, the engine's own error included
                    missed[name] = missed[name] or error > 3 * bound
    assert all(missed.values()), missed


def test_a_miss_in_the_last_digits_shows_them() -> None:
    """At rounding's tolerance a finite difference can miss in the 11th digit: "expected
    6.75, got 6.75" said nothing. When ten digits cannot tell the numbers apart, all
    seventeen are shown."""
    with pytest.raises(exercises.Mistake) as raised:
        exercises.expect_close(
            "x", 6.7500000001441398, 6.75, rel=1e-14, abs_tol=0, float32_hint=False
        )
    assert str(raised.value) == "x: expected 6.75, got 6.7500000001441398"
