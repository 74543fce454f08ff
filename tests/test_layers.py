"""Neuron, Layer, MLP: forward values against numpy, gradients against oracles."""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys

import numpy as np
import pytest
from micrograd import nn as mg_nn

import nn
from autograd_mini import Value, gradcheck, no_grad


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def _numpy_forward(model: nn.MLP, x: list[float]) -> np.ndarray:
    """The same network evaluated with numpy matrices: a = f(W a + b) per layer."""
    act = {
        "sigmoid": _sigmoid,
        "tanh": np.tanh,
        "relu": lambda z: np.maximum(z, 0.0),
        "linear": lambda z: z,
        "softplus": lambda z: np.logaddexp(0.0, z),  # ln(1 + eᶻ)
        "leaky_relu": lambda z: np.where(z > 0, z, 0.01 * z),
    }
    a = np.array(x)
    for layer in model.layers:
        W = np.array([[w.data for w in n.w] for n in layer.neurons])
        b = np.array([n.b.data for n in layer.neurons])
        a = act[layer.activation](W @ a + b)
    return a


def test_neuron_is_one_dot_node_then_the_activation() -> None:
    n = nn.Neuron(3, "sigmoid", seed=0)
    out = n([1.0, 2.0, -1.0])
    assert isinstance(out, Value)
    assert out.op == "sigmoid"
    (z,) = out.parents
    assert z.op == "dot"
    # plain-float inputs are constants: only the 3 weights and the bias are parents
    assert set(map(id, z.parents)) == {id(p) for p in n.parameters()}
    w = np.array([p.data for p in n.w])
    assert out.data == pytest.approx(_sigmoid(w @ np.array([1.0, 2.0, -1.0]) + n.b.data))
    assert nn.Neuron(2, "linear", seed=0)([1.0, 1.0]).op == "dot"


@pytest.mark.parametrize(
    "activation", ["sigmoid", "tanh", "relu", "linear", "softplus", "leaky_relu"]
)
def test_mlp_forward_matches_numpy(activation: str) -> None:
    model = nn.MLP(4, [5, 3], activation=activation, output_activation=activation, seed=3)
    x = [0.5, -1.5, 2.0, 0.1]
    out = model(x)
    assert isinstance(out, list)
    np.testing.assert_allclose([v.data for v in out], _numpy_forward(model, x), rtol=1e-12)


def test_an_op_marked_activation_is_one_of_nns() -> None:
    """nn's activations are the op rows marked activation=True: softplus (drawn as an
    activation, unknown to MLP before), and an op registered with the mark at once —
    whose neuron the picture draws inside its box under collapse='neuron'. Oracle:
    0.5·max(z, 0) from the neuron's weights in numpy."""
    from autograd_mini import draw_graph
    from autograd_mini.ops import Op, register, unregister

    assert "softplus" in nn.layers.ACTIVATIONS and "exp" not in nn.layers.ACTIVATIONS
    register(Op("halfrelu", "½ReLU", 1, lambda m, a: 0.5 * m.relu(a),
                (lambda m, a, y: 0.5 * m.step(a),), activation=True))  # fmt: skip
    try:
        assert "halfrelu" in nn.layers.ACTIVATIONS
        n = nn.Neuron(2, "halfrelu", seed=1)
        n.b.data = 0.25
        x = [1.0, -2.0]
        out = n(x)
        assert out.op == "halfrelu"
        z = float(np.dot([w.data for w in n.w], x)) + 0.25
        assert out.data == pytest.approx(0.5 * max(z, 0.0), rel=1e-15)
        source = draw_graph(out, collapse="neuron").source
        cluster = source[source.index("subgraph cluster") :]
        assert "½ReLU" in cluster[: cluster.index("}")]  # inside the neuron's box
    finally:
        unregister("halfrelu")
    assert "halfrelu" not in nn.layers.ACTIVATIONS
    with pytest.raises(ValueError, match="unknown activation 'exp'"):
        nn.MLP(2, [1], activation="exp")


def test_micrograd_network_gives_micrograd_outputs_and_gradients() -> None:
    """Same weights in micrograd's MLP(2, [16, 16, 1]): same score and same gradients."""
    ours = nn.MLP(2, [16, 16, 1], seed=5)
    theirs = mg_nn.MLP(2, [16, 16, 1])
    assert len(theirs.parameters()) == len(ours.parameters())
    for p, q in zip(ours.parameters(), theirs.parameters(), strict=True):
        q.data = p.data
    x, y = [0.7, -0.3], -1.0
    s = ours(x)
    t = theirs(x)
    assert isinstance(s, Value)
    assert s.data == pytest.approx(t.data, rel=1e-12)
    loss = nn.hinge([s], [y]) + nn.l2_penalty(ours.parameters(), 2e-4)
    mg_loss = (1 + -y * t).relu() + 1e-4 * sum(q * q for q in theirs.parameters())
    loss.backward()
    mg_loss.backward()
    assert loss.data == pytest.approx(mg_loss.data, rel=1e-12)
    for p, q in zip(ours.parameters(), theirs.parameters(), strict=True):
        assert p.grad == pytest.approx(q.grad, rel=1e-9, abs=1e-15)


def test_one_neuron_per_layer_chain_rule_closed_form() -> None:
    """Seed 001: for a chain of single sigmoid neurons and C = (a_L − y)²,
    ∂C/∂w_L = a_{L−1}·σ′(z_L)·2(a_L − y) and ∂C/∂b_L = σ′(z_L)·2(a_L − y);
    one layer further back the factor w_L·σ′(z_{L−1}) joins the product."""
    model = nn.MLP(1, [1, 1, 1], activation="sigmoid", output_activation="sigmoid", seed=4)
    x, y = 0.8, 0.2
    cost = nn.squared_error([model([x])], [y])
    cost.backward()
    (n1,), (n2,), (n3,) = (layer.neurons for layer in model.layers)

    def sig(z: float) -> float:
        return 1 / (1 + math.exp(-z))

    z1 = n1.w[0].data * x + n1.b.data
    a1 = sig(z1)
    z2 = n2.w[0].data * a1 + n2.b.data
    a2 = sig(z2)
    z3 = n3.w[0].data * a2 + n3.b.data
    a3 = sig(z3)
    delta3 = a3 * (1 - a3) * 2 * (a3 - y)  # σ′(z) = σ(z)(1 − σ(z))
    delta2 = delta3 * n3.w[0].data * a2 * (1 - a2)
    delta1 = delta2 * n2.w[0].data * a1 * (1 - a1)
    assert cost.data == pytest.approx((a3 - y) ** 2, rel=1e-12)
    assert n3.w[0].grad == pytest.approx(a2 * delta3, rel=1e-10)
    assert n3.b.grad == pytest.approx(delta3, rel=1e-10)
    assert n2.w[0].grad == pytest.approx(a1 * delta2, rel=1e-10)
    assert n1.w[0].grad == pytest.approx(x * delta1, rel=1e-10)
    assert n1.b.grad == pytest.approx(delta1, rel=1e-10)


def test_gradients_wrt_inputs_pass_gradcheck() -> None:
    model = nn.MLP(3, [4, 2], activation="tanh", output_activation="sigmoid", seed=2)

    def f(a: Value, b: Value, c: Value) -> Value:
        out = model([a, b, c])
        assert isinstance(out, list)
        return out[0] * 2.0 + out[1]

    assert gradcheck(f, 0.4, -0.9, 1.3)


def test_parameter_gradients_match_central_differences() -> None:
    model = nn.MLP(2, [3, 2], activation="tanh", output_activation="linear", seed=6)
    X = [[0.5, -1.0], [1.5, 0.25]]
    targets = [[1.0, 0.0], [0.0, 1.0]]

    def loss() -> Value:
        return nn.squared_error(model(X), targets)

    model.zero_grad()
    loss().backward()
    eps = 1e-6
    for p in model.parameters():
        old = p.data
        with no_grad():
            p.data = old + eps
            up = loss().data
            p.data = old - eps
            down = loss().data
        p.data = old
        assert p.grad == pytest.approx((up - down) / (2 * eps), rel=1e-5, abs=1e-8)


def test_batches_numpy_and_value_inputs() -> None:
    model = nn.MLP(2, [3, 1], seed=0)
    X = np.array([[0.1, 0.2], [0.3, -0.4], [1.0, 2.0]])
    batch = model(X)
    assert isinstance(batch, list) and len(batch) == 3
    singles = [model(row) for row in X]
    assert [float(v) for v in batch] == [float(v) for v in singles]
    assert [float(v) for v in model(X.tolist())] == [float(v) for v in singles]
    xs = [Value(0.1), Value(0.2)]
    out = model(xs)
    assert isinstance(out, Value)
    assert out.data == float(model([0.1, 0.2]))
    layer = nn.Layer(2, 3, "tanh", seed=0)
    assert len(layer([1.0, 2.0])) == 3  # type: ignore[arg-type]  # a list for nout > 1


def test_no_grad_forward_builds_no_graph() -> None:
    model = nn.MLP(2, [3, 1], seed=0)
    with no_grad():
        out = model([1.0, 2.0])
    assert isinstance(out, Value)
    assert out.parents == ()


def test_bad_inputs_name_the_problem() -> None:
    model = nn.MLP(3, [2, 1], seed=0)
    with pytest.raises(ValueError, match="MLP: expected 3 inputs, got 2"):
        model([1.0, 2.0])
    with pytest.raises(ValueError, match="input 1 is str"):
        model([1.0, "2", 3.0])  # type: ignore[list-item]  # wrong type on purpose
    with pytest.raises(ValueError, match="unknown activation 'swish'"):
        nn.MLP(2, [2], activation="swish")
    with pytest.raises(ValueError, match="nin must be a positive integer"):
        nn.Neuron(0)
    with pytest.raises(ValueError, match="nouts must be a non-empty list"):
        nn.MLP(2, [])
    with pytest.raises(ValueError, match="every layer size"):
        nn.MLP(2, [3, 0])
    with pytest.raises(ValueError, match="shape"):
        model(np.zeros((2, 2, 3)))


@pytest.mark.parametrize("sizes", [np.array([4, 3]), np.array([4, 3], dtype=np.uint8)], ids=repr)
def test_layer_sizes_in_a_1d_array_build_the_network_of_their_list(sizes: np.ndarray) -> None:
    """nouts=np.array([4, 3]) (sizes computed with numpy) was refused: "nouts must be a
    non-empty list of layer sizes, got array([4, 3])", though it is one. It builds the
    2-4-3 network, of (2 + 1)·4 + (4 + 1)·3 = 27 parameters, as [4, 3] does; a float or
    2-D array is still refused, naming it."""
    model = nn.MLP(2, sizes, seed=0)
    assert [len(layer.neurons) for layer in model.layers] == [4, 3]
    assert len(model.parameters()) == (2 + 1) * 4 + (4 + 1) * 3
    with pytest.raises(
        ValueError, match=r"^MLP: every layer size must be a positive integer, got 4\.0$"
    ):
        nn.MLP(2, sizes.astype(float))
    with pytest.raises(
        ValueError,
        match=r"^MLP: nouts must be a non-empty list of layer sizes, got array\(\[\[4, 3\]\]",
    ):
        nn.MLP(2, sizes.astype(int)[None])


_BY_NAME = {
    "sigmoid": _sigmoid,
    "tanh": np.tanh,
    "relu": lambda z: np.maximum(z, 0.0),
    "linear": lambda z: z,
}


def _by_hand(model: nn.MLP, x: list[float], activations: list[str]) -> np.ndarray:
    """The network's outputs with numpy, the activations given by the test, not read
    from the model (whose description is what is under test)."""
    a = np.array(x)
    for layer, name in zip(model.layers, activations, strict=True):
        W = np.array([[w.data for w in n.w] for n in layer.neurons])
        b = np.array([n.b.data for n in layer.neurons])
        a = _BY_NAME[name](W @ a + b)
    return a


def _outputs(model: nn.MLP, x: list[float]) -> list[float]:
    out = model(x)
    return [v.data for v in out] if isinstance(out, list) else [out.data]


def test_setting_an_activation_changes_what_is_computed() -> None:
    """`n.activation = "sigmoid"` on a relu neuron printed sigmoid and computed relu (the
    forward pass used the function fixed when built); `m.output_activation = "linear"`
    changed repr and the saved file but not the outputs."""
    n = nn.Neuron(2, "relu", seed=0)
    x = [-3.0, -3.0] if sum(w.data for w in n.w) > 0 else [3.0, 3.0]  # z < 0: relu gives 0
    z = sum(w.data * xi for w, xi in zip(n.w, x, strict=True)) + n.b.data
    assert z < 0
    n.activation = "sigmoid"
    assert n.activation == "sigmoid"
    assert float(n(x)) == pytest.approx(1 / (1 + math.exp(-z)), rel=1e-12)

    m = nn.MLP(3, [4, 2], activation="tanh", output_activation="sigmoid", seed=1)
    x3 = [0.5, -1.0, 2.0]
    m.output_activation = "linear"
    np.testing.assert_allclose(_outputs(m, x3), _by_hand(m, x3, ["tanh", "linear"]), rtol=1e-12)
    m.activation = "relu"
    np.testing.assert_allclose(_outputs(m, x3), _by_hand(m, x3, ["relu", "linear"]), rtol=1e-12)
    m.layers[1].activation = "sigmoid"
    np.testing.assert_allclose(_outputs(m, x3), _by_hand(m, x3, ["relu", "sigmoid"]), rtol=1e-12)
    assert (m.activation, m.output_activation) == ("relu", "sigmoid")
    assert repr(m).startswith("MLP(3-4-2, relu → sigmoid)")


def test_an_unknown_activation_is_refused_when_assigned() -> None:
    """A misspelt name was stored and printed, and the neuron went on computing relu."""
    n = nn.Neuron(2, "relu", seed=0)
    with pytest.raises(ValueError, match=r"Neuron\.activation: unknown activation 'sigmiod'"):
        n.activation = "sigmiod"
    layer = nn.Layer(2, 3, "tanh", seed=0)
    with pytest.raises(ValueError, match=r"Layer\.activation: unknown activation 'Tanh'"):
        layer.activation = "Tanh"
    m = nn.MLP(2, [3, 1], seed=0)
    with pytest.raises(ValueError, match=r"MLP\.output_activation: unknown activation 'soft'"):
        m.output_activation = "soft"
    with pytest.raises(ValueError, match=r"MLP\.activation: unknown activation None"):
        m.activation = None  # type: ignore[assignment]  # wrong type on purpose


def test_the_description_is_read_from_the_layers() -> None:
    """A head replaced by `m.layers[1] = nn.Layer(4, 1, "linear")` was still described
    (repr, architecture, hence a saved file) as the sigmoid head built first; a neuron
    appended to a layer left `nout` and `nouts` as built."""
    m = nn.MLP(2, [4, 1], output_activation="sigmoid", seed=0)
    m.layers[1] = nn.Layer(4, 1, "linear", seed=1)
    assert m.output_activation == "linear"
    assert m.architecture()["output_activation"] == "linear"
    assert repr(m).startswith("MLP(2-4-1, relu → linear)")
    m.layers[1].neurons.append(nn.Neuron(4, "linear", seed=2))
    assert m.layers[1].nout == 2
    assert m.nouts == [4, 2]
    assert m.architecture()["nouts"] == [4, 2]
    m.layers.append(nn.Layer(2, 3, "relu", seed=3))
    assert m.nouts == [4, 2, 3]
    x = [0.3, -0.7]
    np.testing.assert_allclose(_outputs(m, x), _by_hand(m, x, ["relu", "linear", "relu"]))
    with pytest.raises(ValueError, match=r"layers\.1 computes linear, but layers\.0 computes relu"):
        m.architecture()


def test_neurons_with_different_activations_are_refused_naming_one() -> None:
    """A layer's neurons computing different functions have no one activation: the getters
    answered for some of them (the value given when built), architecture() and to_torch
    described the model as what it no longer was."""
    m = nn.MLP(2, [3, 2], activation="tanh", output_activation="sigmoid", seed=0)
    m.layers[1].neurons[1].activation = "linear"
    mixed = r"layers\.1\.neurons\.1 computes linear, but layers\.1\.neurons\.0 computes sigmoid"
    with pytest.raises(ValueError, match=rf"^MLP\.output_activation: {mixed}"):
        _ = m.output_activation
    with pytest.raises(ValueError, match=rf"^MLP\.architecture: {mixed}"):
        m.architecture()
    with pytest.raises(ValueError, match=rf"^to_torch: MLP\.architecture: {mixed}"):
        nn.to_torch(m)  # refused before torch is needed: runs without it
    with pytest.raises(ValueError, match=r"^Layer\.activation: neurons\.1 computes linear"):
        _ = m.layers[1].activation
    assert repr(m).startswith("MLP(2-3-2, tanh → ?)")
    m.layers[0].neurons[2].activation = "relu"
    with pytest.raises(ValueError, match=r"^MLP\.activation: layers\.0\.neurons\.2 computes relu"):
        _ = m.activation
    m.output_activation = "linear"  # gives all the output neurons one activation
    m.activation = "tanh"
    x = [0.25, 1.5]
    np.testing.assert_allclose(_outputs(m, x), _by_hand(m, x, ["tanh", "linear"]), rtol=1e-12)
    assert m.architecture()["output_activation"] == "linear"


def test_a_structure_the_format_cannot_state_is_refused_naming_the_part() -> None:
    """Sizes that do not chain, a neuron with another weight count than its layer's
    inputs, a child that is not nn's class: architecture() described them as the MLP
    built first, and a file of it loaded as another network or not at all."""
    m = nn.MLP(2, [4, 1], seed=0)
    m.layers[0].neurons.append(nn.Neuron(2, "relu", seed=1))  # 5 outputs into 4 inputs
    with pytest.raises(ValueError, match=r"layers\.1 takes 4 inputs, but layers\.0 gives 5"):
        m.architecture()
    m = nn.MLP(2, [4, 1], seed=0)
    m.layers[0] = nn.Layer(3, 4, seed=1)
    with pytest.raises(ValueError, match=r"layers\.0 takes 3 inputs, but the MLP's nin is 2"):
        m.architecture()
    m = nn.MLP(2, [4, 1], seed=0)
    m.layers[1].neurons[0] = nn.Neuron(5, "linear", seed=1)
    with pytest.raises(
        ValueError, match=r"layers\.1\.neurons\.0 has 5 weights, but layers\.1 takes 4 inputs"
    ):
        m.architecture()
    m = nn.MLP(2, [4, 1], seed=0)
    m.layers[0] = nn.Neuron(2, seed=1)  # type: ignore[call-overload]  # not a Layer
    with pytest.raises(ValueError, match=r"layers\.0 is Neuron, not an nn\.Layer"):
        m.architecture()
    layer = nn.Layer(2, 2, seed=0)
    layer.neurons[1] = nn.Layer(2, 1, seed=0)  # type: ignore[call-overload]  # not a Neuron
    with pytest.raises(ValueError, match=r"^Layer\.architecture: neurons\.1 is Layer, not an"):
        layer.architecture()
    n = nn.Neuron(2, seed=0)
    n.w.append(Value(0.5))
    with pytest.raises(ValueError, match=r"the neuron has 3 weights but nin = 2"):
        n.architecture()


def test_fits_warning_reads_the_activation_that_computes() -> None:
    """A sigmoid head put in place of a linear one squashes the logits of
    bce_with_logits, and fit said nothing (it read the description built first); the
    other way round it warned about a sigmoid that was no longer there. One sigmoid
    output among linear ones is warned about too: the layer has no one activation to
    ask, and fit must not stop on that."""
    import warnings

    X = np.array([[0.0, 1.0], [1.0, 0.0], [0.5, 0.5], [1.0, 1.0]])
    y = np.array([0.0, 1.0, 1.0, 0.0])
    m = nn.MLP(2, [3, 1], output_activation="linear", seed=0)
    m.layers[1] = nn.Layer(3, 1, "sigmoid", seed=1)
    with pytest.warns(UserWarning, match="output activation is sigmoid, and"):
        nn.fit(m, X, y, "bce_with_logits", epochs=1, progress=False)
    m = nn.MLP(2, [3, 2], output_activation="linear", seed=0)
    m.layers[1].neurons[1] = nn.Neuron(3, "sigmoid", seed=1)
    with pytest.warns(UserWarning, match="output activation is sigmoid, and"):
        nn.fit(m, X, y.astype(int), "cross_entropy", epochs=1, progress=False)
    m = nn.MLP(2, [3, 1], output_activation="sigmoid", seed=0)
    m.layers[1].neurons[0].activation = "linear"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        nn.fit(m, X, y, "bce_with_logits", epochs=1, progress=False)


@pytest.mark.parametrize(
    ("build", "words"),
    [
        (
            "nn.MLP(10**20, [1])",
            "MLP: nin=100000000000000000000 and nouts=[1] make 100,000,000,000,000,000,001 "
            "parameters",
        ),
        ("nn.Neuron(10**20)", "Neuron: nin=100000000000000000000 makes 100,000,"),
        (  # 3·10⁶ + 10⁶·(10⁶ + 1): 10¹² parameters
            "nn.MLP(2, [10**6, 10**6])",
            "MLP: nin=2 and nouts=[1000000, 1000000] make 1,000,004,000,000 parameters",
        ),
        (
            "nn.Layer(2, np.uint64(2**64 - 1))",
            f"Layer: nin=2 and nout={2**64 - 1} make {3 * (2**64 - 1):,} parameters",
        ),
    ],
    ids=["mlp-nin-1e20", "neuron-nin-1e20", "mlp-1e12", "layer-uint64-max"],
)
def test_sizes_whose_parameters_cannot_be_built_are_refused_naming_them(
    build: str, words: str
) -> None:
    """MLP(10**20, [1]) failed in numpy ("Maximum allowed dimension exceeded"), naming
    neither the class nor the argument; nn.Layer(2, np.uint64(2**64 - 1)) built neurons
    for ten minutes before the practitioner stopped it, as MLP(2, [10**6, 10**6]) would
    until memory ran out. Each parameter's Value alone is sys.getsizeof(Value(0.0))
    bytes, and 10¹² of them are more than any machine this runs on holds: refused before
    anything is allocated, with the count Σ (n_in + 1)·n_out worked out here. Each runs
    in a process of its own, limited to 4 GiB of memory and 60 seconds (what the
    building took before would otherwise take the machine's memory)."""
    code = (
        "import resource\n"
        "resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))\n"
        "import numpy as np, nn\n"
        "try:\n"
        f"    {build}\n"
        "except ValueError as exc:\n"
        "    print(exc)\n"
    )
    root = os.path.dirname(os.path.dirname(nn.__file__))
    env = {**os.environ, "PYTHONPATH": root, "OPENBLAS_NUM_THREADS": "1"}
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=root,  # python -c puts its folder first: the nn this test imported
    )
    message = done.stdout
    assert message.startswith(words), done.stderr[-500:]
    assert f"each a Value of at least {sys.getsizeof(Value(0.0))} bytes" in message
    assert "more than this machine's memory" in message


@pytest.mark.parametrize(
    ("sizes", "words"),
    [
        ({"nin": 10**20}, "nin=100000000000000000000 makes"),
        ({"nin": 2, "nout": 3}, "nin=2 and nout=3 make"),
        ({"n": "a and b"}, "n=a and b makes"),  # one size, whatever its text holds
        ({"nin": 2, "nouts": [3, 4], "k": 5}, "nin=2 and nouts=[3, 4] and k=5 make"),
    ],
    ids=["one", "two", "one-with-and", "three"],
)
def test_check_buildable_agrees_its_verb_with_the_number_of_sizes(
    monkeypatch: pytest.MonkeyPatch, sizes: dict[str, object], words: str
) -> None:
    """check_buildable took the sizes as text and chose "make" or "makes" by looking for
    " and " in it. It takes them as data (argument name → value) and counts them."""
    monkeypatch.setattr(nn.layers, "_memory", lambda: (1, "a memory"))
    with pytest.raises(ValueError, match=rf"^Here: {re.escape(words)} 7 parameters, each"):
        nn.layers.check_buildable(7, sizes, "Here")


def test_the_limit_is_the_machines_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    """With a memory of 10,000 bytes (set here) and Values of b bytes each, a layer of
    (2 + 1)·n parameters is built while 3·n·b ≤ 10,000 and refused past it."""
    b = sys.getsizeof(Value(0.0))
    monkeypatch.setattr(nn.layers, "_memory", lambda: (10_000, "a memory"))
    fits = 10_000 // (3 * b)
    assert nn.Layer(2, fits).num_parameters() == 3 * fits
    with pytest.raises(ValueError, match=rf"^Layer: nin=2 and nout={fits + 1} make"):
        nn.Layer(2, fits + 1)


@pytest.mark.parametrize(
    ("files", "limit"),
    [
        ({"/sys/fs/cgroup/memory.max": "2147483648\n"}, 2147483648),  # v2: 2 GiB
        ({"/sys/fs/cgroup/memory.max": "max\n"}, None),  # v2: no limit
        ({"/sys/fs/cgroup/memory/memory.limit_in_bytes": "1073741824\n"}, 1073741824),  # v1
        ({"/sys/fs/cgroup/memory/memory.limit_in_bytes": "9223372036854771712\n"}, None),
        ({}, None),  # no cgroup files: not Linux, or no memory controller
        ({"/sys/fs/cgroup/memory.max": "garbage"}, None),
    ],
    ids=["v2-2GiB", "v2-max", "v1-1GiB", "v1-unlimited", "none", "unreadable"],
)
def test_the_limit_is_a_containers_memory_limit_when_smaller(
    monkeypatch: pytest.MonkeyPatch, files: dict[str, str], limit: int | None
) -> None:
    """The limit was the machine's physical memory (SC_PHYS_PAGES) alone: in a container
    of 2 GiB on a larger machine, a layer of 3 GB of Values was built until the
    container stopped the process. The cgroup's limit (v2's memory.max, v1's
    memory.limit_in_bytes; "max", or v1's 2⁶³ rounded to a page, is none) is used when
    smaller, and named. The files are given here by a stand-in reader."""
    monkeypatch.setattr(nn.layers, "_read_text", files.get)
    page = os.sysconf("SC_PAGE_SIZE")
    machine = os.sysconf("SC_PHYS_PAGES") * page
    bound, whose = nn.layers._memory()
    if limit is None or limit >= machine:
        assert (bound, whose) == (machine, "this machine's memory")
    else:
        assert (bound, whose) == (limit, "this container's memory limit")
    if limit is not None and limit < machine:
        b = sys.getsizeof(Value(0.0))
        fits = limit // (3 * b)  # (2 + 1)·n parameters of b bytes
        with pytest.raises(
            ValueError,
            match=rf"^Layer: nin=2 and nout={fits + 1} make .* more than this container's "
            rf"memory limit \({limit / 1e9:.3g} GB\)",
        ):
            nn.Layer(2, fits + 1)


def _pruned() -> nn.MLP:
    """MLP(2, [4, 1]) with a hidden neuron popped by hand: layers.1 still takes 4."""
    model = nn.MLP(2, [4, 1], seed=0)
    model.layers[0].neurons.pop()
    return model


CHAIN = r"layers\.1 takes 4 inputs, but layers\.0 gives 3; an MLP's layers must chain$"


def test_a_hand_edited_mlp_is_named_as_broken_where_it_is_called() -> None:
    """A hidden neuron popped by hand: m(x), fit, predict and evaluate all said "dot:
    lengths differ (4 weights, 3 inputs)" (fit as "fit: X: …", though X was fine).
    Each now says what nn.save says, of the model: its layers do not chain."""
    X, y = nn.data.moons(20, noise=0.1, seed=0)
    model = _pruned()
    with pytest.raises(nn.layers.BrokenModel, match=r"^MLP\.forward: " + CHAIN):
        model([0.1, 0.2])
    for compiled in (False, True):
        with pytest.raises(nn.layers.BrokenModel, match=r"^fit: MLP\.forward: " + CHAIN):
            nn.fit(model, X, y, loss="bce_with_logits", epochs=1, progress=False,
                   compiled=compiled)  # fmt: skip
    with pytest.raises(nn.layers.BrokenModel, match=r"^predict: MLP\.forward: " + CHAIN):
        nn.predict(model, X)
    with pytest.raises(nn.layers.BrokenModel, match=r"^evaluate: MLP\.forward: " + CHAIN):
        nn.evaluate(model, X, y, loss="bce_with_logits")
    with pytest.raises(ValueError, match=r"^MLP\.architecture: " + CHAIN):
        nn.save(model, os.devnull)
    # a neuron with a weight popped: named with its weight count
    model = nn.MLP(2, [3, 1], seed=0)
    model.layers[0].neurons[2].w.pop()
    with pytest.raises(
        nn.layers.BrokenModel,
        match=r"^MLP\.forward: layers\.0\.neurons\.2 has 1 weights, but layers\.0 takes 2 inputs$",
    ):
        model([0.1, 0.2])


@pytest.mark.parametrize("compiled", [False, True])
def test_a_callback_that_breaks_the_mlp_is_named_with_its_epoch(compiled: bool) -> None:
    """A callback appending a hidden neuron: the next epoch met "dot: lengths differ (4
    weights, 5 inputs)", naming neither the epoch nor the model. Now fit says after which
    epoch's callback the layers stopped chaining, eager and compiled alike."""
    X, y = nn.data.moons(40, noise=0.1, seed=0)
    model = nn.MLP(2, [4, 1], seed=0)

    def grow(h: nn.History) -> None:
        if len(h.loss) == 2:
            model.layers[0].neurons.append(nn.Neuron(2, seed=1))

    want = r"^fit: after epoch 2's callback: MLP\.forward: layers\.1 takes 4 inputs, but "
    with pytest.raises(nn.layers.BrokenModel, match=want + r"layers\.0 gives 5; "):
        nn.fit(model, X, y, loss="bce_with_logits", epochs=3, progress=False,
               compiled=compiled, callback=grow)  # fmt: skip
