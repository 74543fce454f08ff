"""nn.to_torch / nn.from_torch against PyTorch itself (skipped when it is not installed).

PyTorch is the independent oracle here: the converted module's outputs, the loss and
every parameter's gradient must equal ours to 1e-12 for each activation and each loss
the two libraries share; a round trip must give back exactly the same numbers.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from import_only import import_only_from

import nn
from autograd_mini import Value
from nn.losses import get_loss

try:
    import torch
    import torch.nn.functional as F
except ImportError:  # optional: every test that compares with it is skipped, saying why
    torch = None

needs_torch = pytest.mark.skipif(
    torch is None,
    reason='PyTorch is not installed (it is optional: pip install "autograd-mini[torch]"), '
    "so the bridge to it cannot be compared with it",
)

ACTIVATIONS = ["sigmoid", "tanh", "relu", "leaky_relu", "linear"]
TOL = 1e-12


def _torch_loss(name: str, out: Any, y: np.ndarray) -> Any:
    """Each loss the way a PyTorch user writes it, with our conventions: a sample's
    terms are summed over its outputs, the batch is averaged."""
    n = len(y)
    if name == "squared_error":  # C = (1/n) Σᵢ Σⱼ (aⱼ − yⱼ)², targets one-hot
        target = F.one_hot(torch.tensor(y), out.shape[1]).to(out.dtype)
        return F.mse_loss(out, target, reduction="sum") / n
    if name == "cross_entropy":
        return F.cross_entropy(out, torch.tensor(y))
    if name == "bce_with_logits":
        return F.binary_cross_entropy_with_logits(out[:, 0], torch.tensor(y, dtype=out.dtype))
    # hinge: PyTorch has no binary hinge loss class; max(0, 1 − y·s) in its ops
    return torch.relu(1 - torch.tensor(y, dtype=out.dtype) * out[:, 0]).mean()


#: loss → (number of outputs, output activation, targets for a batch of n)
CASES: dict[str, tuple[int, str | None, Any]] = {
    "squared_error": (4, None, lambda rng, n: rng.integers(0, 4, n)),  # the seeds' cost
    "cross_entropy": (4, "linear", lambda rng, n: rng.integers(0, 4, n)),
    "bce_with_logits": (1, "linear", lambda rng, n: rng.integers(0, 2, n)),
    "hinge": (1, "linear", lambda rng, n: 2 * rng.integers(0, 2, n) - 1),
}


def _grads(model: nn.MLP) -> list[tuple[np.ndarray, np.ndarray]]:
    return [
        (
            np.array([[w.grad for w in neuron.w] for neuron in layer.neurons]),
            np.array([neuron.b.grad for neuron in layer.neurons]),
        )
        for layer in model.layers
    ]


@needs_torch
@pytest.mark.parametrize("loss", sorted(CASES))
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_outputs_losses_and_every_gradient_equal_pytorchs(activation: str, loss: str) -> None:
    k, output_activation, targets = CASES[loss]
    rng = np.random.default_rng(ACTIVATIONS.index(activation) * 10 + len(loss))
    # squared error: the seeds' sigmoid output, and every activation in the output place
    out_act = output_activation or activation
    model = nn.MLP(3, [5, 4, k], activation, out_act, init="normal", bias_init=0.3, seed=1)
    X = rng.normal(size=(6, 3))
    y = targets(rng, 6)

    outputs = model(X.tolist())
    cost = get_loss(loss)(outputs, y.tolist())
    model.zero_grad()
    cost.backward()

    tm = nn.to_torch(model)
    out = tm(torch.tensor(X))
    t_cost = _torch_loss(loss, out, y)
    t_cost.backward()

    ours = np.array([[v.data for v in (o if isinstance(o, list) else [o])] for o in outputs])
    np.testing.assert_allclose(ours, out.detach().numpy(), rtol=TOL, atol=TOL)
    assert cost.data == pytest.approx(t_cost.item(), rel=TOL, abs=TOL)
    linears = [m for m in tm if isinstance(m, torch.nn.Linear)]
    for (gw, gb), linear in zip(_grads(model), linears, strict=True):
        np.testing.assert_allclose(gw, linear.weight.grad.numpy(), rtol=TOL, atol=TOL)
        np.testing.assert_allclose(gb, linear.bias.grad.numpy(), rtol=TOL, atol=TOL)
        assert np.abs(gw).max() > 0  # a gradient that exists is compared, not 0 = 0


@needs_torch
def test_the_module_is_linear_plus_activation_per_layer_in_float64() -> None:
    model = nn.MLP(784, [16, 16, 10], "sigmoid", output_activation="sigmoid", seed=0)
    tm = nn.to_torch(model)
    assert [type(m).__name__ for m in tm] == ["Linear", "Sigmoid"] * 3
    assert all(p.dtype == torch.float64 for p in tm.parameters())
    assert sum(p.numel() for p in tm.parameters()) == 13_002 == model.num_parameters()
    assert [type(m).__name__ for m in nn.to_torch(nn.MLP(2, [3, 1]))] == [
        "Linear",
        "ReLU",
        "Linear",
    ]
    small = nn.to_torch(model, dtype=torch.float32)
    assert all(p.dtype == torch.float32 for p in small.parameters())
    # a Layer and a Neuron convert too
    layer = nn.Layer(3, 2, "tanh", seed=0)
    tl = nn.to_torch(layer)
    x = [0.1, -0.2, 0.3]
    expected = [v.data for v in layer(x)]
    np.testing.assert_allclose(tl(torch.tensor(x, dtype=torch.float64)).tolist(), expected)
    neuron = nn.Neuron(3, "leaky_relu", seed=0)
    assert nn.to_torch(neuron)[0].weight.shape == (1, 3)


@needs_torch
def test_the_round_trip_is_exact() -> None:
    for activation in ACTIVATIONS:
        model = nn.MLP(4, [6, 5, 3], activation, "sigmoid", init="normal", bias_init=0.1, seed=2)
        back = nn.from_torch(nn.to_torch(model))
        assert back.architecture() == model.architecture()
        assert back.state_dict() == model.state_dict()  # == on floats: exact
    # and from PyTorch's side, float32 weights included (float32 → float64 is exact)
    torch.manual_seed(0)
    tm = torch.nn.Sequential(
        torch.nn.Linear(3, 8), torch.nn.Tanh(), torch.nn.Linear(8, 8), torch.nn.Tanh(),
        torch.nn.Linear(8, 2),
    )  # fmt: skip
    model = nn.from_torch(tm)
    assert model.architecture()["activation"] == "tanh"
    assert model.architecture()["output_activation"] == "linear"
    again = nn.to_torch(model, dtype=torch.float32)
    for p, q in zip(tm.parameters(), again.parameters(), strict=True):
        assert torch.equal(p, q)
    x = torch.randn(5, 3, dtype=torch.float64)
    expected = nn.predict(model, x.numpy())
    np.testing.assert_allclose(nn.to_torch(model)(x).detach().numpy(), expected, rtol=TOL)


OPTIMIZERS = {
    "SGD": {"lr": 0.5},
    "SGD with momentum and weight decay": {"lr": 0.5, "momentum": 0.9, "weight_decay": 0.01},
    "Adam with weight decay": {"lr": 0.05, "weight_decay": 0.01},
}


@needs_torch
def test_a_model_from_torch_is_trained_only_with_a_loss_given() -> None:
    """PyTorch's module keeps no loss: fit without loss= trained a network brought back
    from a cross-entropy run with squared error, fit's default for a new model, without
    a word. It is asked for loss=, as nn.load's model is, and trains with the loss given;
    oracle for "trained with it": PyTorch's own cross-entropy of the module's outputs,
    which a step at lr = 0 leaves as they were, recorded in the history."""
    torch.manual_seed(0)
    tm = torch.nn.Sequential(torch.nn.Linear(2, 4), torch.nn.Tanh(), torch.nn.Linear(4, 3))
    model = nn.from_torch(tm)
    X = np.array([[0.5, -1.0], [1.5, 0.25], [-0.75, 2.0]])
    y = [0, 2, 1]
    before = model.state_dict()
    with pytest.raises(ValueError, match=r"fit: no loss= given.*give loss="):
        nn.fit(model, X, y, epochs=1, progress=False)
    assert model.state_dict() == before
    with pytest.raises(ValueError, match=r"loss="):
        nn.evaluate(model, X, y)
    history = nn.fit(
        model, X, y, loss="cross_entropy", optimizer=nn.SGD(model.parameters(), lr=0.0),
        epochs=1, batch_size=None, shuffle=False, progress=False,
    )  # fmt: skip
    logits = tm.double()(torch.tensor(X))  # its float32 weights, exactly, in float64
    torch_loss = torch.nn.functional.cross_entropy(logits, torch.tensor(y)).item()
    assert history.loss[0] == pytest.approx(torch_loss, rel=TOL)


@needs_torch
@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_training_steps_are_the_same_steps(name: str) -> None:
    """Three full-batch steps of nn.SGD / nn.Adam and of torch.optim's, from the same
    start: the same weights after each (their update rules are the same formulas)."""
    kwargs = OPTIMIZERS[name]
    model = nn.MLP(4, [8, 3], "sigmoid", output_activation="sigmoid", seed=3)
    tm = nn.to_torch(model)
    ours = (nn.Adam if name.startswith("Adam") else nn.SGD)(model.parameters(), **kwargs)
    theirs = getattr(torch.optim, name.split()[0])(tm.parameters(), **kwargs)
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(10, 4)), rng.integers(0, 3, 10)
    for _ in range(3):
        model.zero_grad()
        nn.squared_error(model(X.tolist()), y.tolist()).backward()
        ours.step()
        theirs.zero_grad()
        _torch_loss("squared_error", tm(torch.tensor(X)), y).backward()
        theirs.step()
        for p, q in zip(nn.to_torch(model).parameters(), tm.parameters(), strict=True):
            np.testing.assert_allclose(p.detach().numpy(), q.detach().numpy(), rtol=TOL, atol=TOL)


@needs_torch
def test_fit_l2_is_weight_decay_on_the_weights_only() -> None:
    """nn.fit(l2=λ) adds λ/2·ΣW² over the weights, not the biases: torch.optim.SGD with
    weight_decay=λ on a parameter group of the Linear weights takes the same step."""
    model = nn.MLP(4, [8, 3], "tanh", output_activation="sigmoid", bias_init=0.3, seed=5)
    tm = nn.to_torch(model)
    rng = np.random.default_rng(1)
    X, y = rng.normal(size=(10, 4)), rng.integers(0, 3, 10)
    nn.fit(model, X, y, "squared_error", nn.SGD(model.parameters(), lr=0.5), epochs=1,
           batch_size=None, shuffle=False, progress=False, l2=0.1)  # fmt: skip
    linears = [m for m in tm if isinstance(m, torch.nn.Linear)]
    opt = torch.optim.SGD(
        [
            {"params": [m.weight for m in linears], "weight_decay": 0.1},
            {"params": [m.bias for m in linears], "weight_decay": 0.0},
        ],
        lr=0.5,
    )
    _torch_loss("squared_error", tm(torch.tensor(X)), y).backward()
    opt.step()
    for p, q in zip(nn.to_torch(model).parameters(), tm.parameters(), strict=True):
        np.testing.assert_allclose(p.detach().numpy(), q.detach().numpy(), rtol=TOL, atol=TOL)


@needs_torch
@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: torch.nn.Linear(2, 2), "expected a torch.nn.Sequential"),
        (lambda: torch.nn.Sequential(), "no Linear layer"),
        (lambda: torch.nn.Sequential(torch.nn.ReLU(), torch.nn.Linear(2, 2)), "before any"),
        (
            lambda: torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Linear(4, 1)),
            "module 1 takes 4 inputs but the layer before gives 3",
        ),
        (lambda: torch.nn.Sequential(torch.nn.Linear(2, 2, bias=False)), "without bias"),
        (
            lambda: torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.LeakyReLU(0.2)),
            r"LeakyReLU\(0.2\); nn's leaky_relu has slope 0.01",
        ),
        (
            lambda: torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Dropout(0.5)),
            "module 1 is Dropout, which nn.MLP has no counterpart for",
        ),
        (
            lambda: torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Softmax(dim=1)),
            "module 1 is Softmax",
        ),
        (
            lambda: torch.nn.Sequential(torch.nn.Conv1d(1, 1, 2)),
            "module 0 is Conv1d",
        ),
        (
            lambda: torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Sigmoid(), torch.nn.Tanh()),
            "module 2 \\(Tanh\\) follows another activation",
        ),
        (
            lambda: torch.nn.Sequential(
                torch.nn.Linear(2, 2),
                torch.nn.ReLU(),
                torch.nn.Linear(2, 2),
                torch.nn.Tanh(),
                torch.nn.Linear(2, 1),
            ),
            r"different activations \(relu, tanh\)",
        ),
    ],
)
def test_anything_else_is_refused_with_a_message(build: Any, message: str) -> None:
    with pytest.raises((TypeError, ValueError), match=message):
        nn.from_torch(build())


@needs_torch
def test_a_non_finite_weight_is_refused() -> None:
    linear = torch.nn.Linear(2, 1)
    with torch.no_grad():
        linear.weight[0, 1] = float("nan")
    # named as torch has it (it named nn's layers.0.neurons.0.w.1, not in front of the user)
    with pytest.raises(
        ValueError, match=r"from_torch: module 0 \(Linear\) has weight\[0, 1\] = nan"
    ):
        nn.from_torch(torch.nn.Sequential(linear))
    relu, last = torch.nn.ReLU(), torch.nn.Linear(1, 1)
    with torch.no_grad():
        last.bias[0] = float("inf")
    with pytest.raises(ValueError, match=r"module 2 \(Linear\) has bias\[0\] = inf"):
        nn.from_torch(torch.nn.Sequential(torch.nn.Linear(2, 1), relu, last))


@needs_torch
def test_to_torch_refuses_what_it_cannot_convert() -> None:
    with pytest.raises(TypeError, match=r"expected an nn\.MLP, nn\.Layer or nn\.Neuron"):
        nn.to_torch(nn.Module())


def test_to_torch_refuses_a_subclass_by_name() -> None:
    """A subclass's forward is not in the Sequential's weights: converting gave a model
    computing something else, without a word (from_torch already refused subclasses).
    Refused before torch is needed, so this runs without it."""

    class Res(nn.MLP):
        def forward(self, x: Any) -> list[Value]:
            return [super().forward(x)[0] + x[0]]

    with pytest.raises(TypeError, match=r"^to_torch: the model is Res, a subclass of nn\.MLP"):
        nn.to_torch(Res(2, [3, 1], seed=0))

    class Odd(nn.Neuron):
        def fire(self, x: list[Any]) -> Value:
            return super().fire(x) * 2

    model = nn.MLP(2, [3, 1], seed=0)
    model.layers[0].neurons[2] = Odd(2, seed=0)
    with pytest.raises(TypeError, match=r"module layers\.0\.neurons\.2 is Odd, a subclass of"):
        nn.to_torch(model)
    with pytest.raises(TypeError, match=r"^to_torch: expected an nn\.MLP, nn\.Layer or nn\.Neuron"):
        nn.to_torch({})  # type: ignore[arg-type]

    class Net(nn.MLP):  # builds itself its own way only: converted as the MLP it is
        def __init__(self) -> None:
            super().__init__(2, [3, 1], seed=0)

    layers = nn.torch_bridge._layers_of(Net())
    nn.layers.require_plain(Net(), "to_torch", "")  # refuses nothing
    assert [(nin, len(ns)) for nin, ns, _ in layers] == [(2, 3), (3, 1)]


def test_without_torch_the_bridge_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each public function names itself and the install command, quoted: unquoted,
    zsh reads autograd-mini[torch] as a file pattern ("no matches found")."""
    monkeypatch.setitem(sys.modules, "torch", None)  # import torch fails, as if not installed
    install = "PyTorch, which autograd-mini does not install by itself: "
    install += 'pip install "autograd-mini[torch]"'
    calls = {
        "to_torch": lambda: nn.to_torch(nn.MLP(2, [1])),
        "from_torch": lambda: nn.from_torch(object()),
    }
    assert sorted(calls) == sorted(name for name in nn.torch_bridge.__all__ if name.islower())
    for name, call in calls.items():
        with pytest.raises(ImportError) as info:
            call()
        assert str(info.value) == f"nn.{name} needs {install}"


@pytest.fixture
def fake_torch(tmp_path: Path) -> Iterator[Path]:
    """A folder for a test's own ``torch``, the only place Python looks for one (an
    installed PyTorch is hidden: a folder without __init__.py is otherwise never taken
    before it); afterwards every ``torch`` module imported from it is forgotten. Left in
    ``sys.modules``, scipy (which scikit-learn imports) took it for PyTorch and failed on
    its missing ``torch.Tensor`` in a later test of ``nn.data.digits``."""
    with import_only_from("torch", tmp_path):
        yield tmp_path


def test_a_folder_named_torch_without_pytorch_says_to_install_it(fake_torch: Path) -> None:
    """A folder ``torch`` (no __init__.py) is imported as an empty namespace package only
    when no PyTorch is installed (one installed is hidden here, so that the test runs
    in both worlds: it was skipped where PyTorch is, CI's one skip): to_torch failed
    with "AttributeError: module 'torch' has no attribute 'float64'", from_torch with
    one about 'nn'; then the message said the folder "hides the installed one", which
    there is not."""
    tmp_path = fake_torch
    (tmp_path / "torch").mkdir()
    calls = {
        "to_torch": lambda: nn.to_torch(nn.MLP(2, [1])),
        "from_torch": lambda: nn.from_torch(object()),
    }
    for name, call in calls.items():
        with pytest.raises(ImportError) as info:
            call()
        assert str(info.value) == (
            f"nn.{name} needs PyTorch, which is not installed: what Python found as "
            f"'torch' is a folder without __init__.py ({tmp_path / 'torch'}), not the "
            f'package: pip install "autograd-mini[torch]"'
        )


def test_an_empty_folder_never_hides_an_installed_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Why the folder's message says "not installed": Python imports a package (here
    one of the test's own) before any folder without __init__.py, wherever each is."""
    (tmp_path / "first" / "agm_probe").mkdir(parents=True)
    (tmp_path / "later" / "agm_probe").mkdir(parents=True)
    (tmp_path / "later" / "agm_probe" / "__init__.py").write_text("nn = 'the package'\n")
    monkeypatch.syspath_prepend(str(tmp_path / "later"))
    monkeypatch.syspath_prepend(str(tmp_path / "first"))
    monkeypatch.delitem(sys.modules, "agm_probe", raising=False)  # forgotten afterwards
    module = nn.optional.optional_import("agm_probe", "nn.probe", "torch", "Probe", has="nn")
    assert module.nn == "the package"


def test_a_file_named_torch_where_python_looks_first_is_named(fake_torch: Path) -> None:
    """A ``torch.py`` (a script of the user's, say) is imported instead of PyTorch,
    installed or not: named with where it was found."""
    (fake_torch / "torch.py").write_text("print = None\n")
    with pytest.raises(ImportError) as info:
        nn.from_torch(object())
    assert str(info.value) == (
        f"nn.from_torch needs PyTorch, but the module 'torch' that Python found "
        f"({fake_torch / 'torch.py'}) is not it: it has no 'nn'. A file or folder of that "
        f"name where Python looks first (the current directory, say) is imported instead"
    )


@pytest.mark.parametrize(
    ("body", "cause"),
    [
        ("raise ImportError('libtorch_cpu.so: cannot open shared object file')", "ImportError"),
        ("raise OSError('[WinError 126] error loading c10.dll')", "OSError"),
        ("import torch._C_missing_part", "ModuleNotFoundError"),
    ],
)
def test_a_torch_that_fails_to_import_is_not_called_missing(
    body: str, cause: str, fake_torch: Path
) -> None:
    """An installed torch whose own import fails (a missing shared library, a broken
    install) was told "need PyTorch … pip install autograd-mini[torch]", sending the
    user to install what is there; now its failure is said, named as it was raised."""
    package = fake_torch / "torch"
    package.mkdir()
    (package / "__init__.py").write_text(body + "\n")
    with pytest.raises(ImportError) as info:
        nn.from_torch(object())
    text = str(info.value)
    assert text.startswith(
        "nn.from_torch needs PyTorch, which is installed but could not be imported: "
    )
    assert f"{cause}: " in text and "pip install" not in text
    assert isinstance(info.value.__cause__, ImportError if cause != "OSError" else OSError)


@needs_torch
@pytest.mark.parametrize(("dtype", "big"), [("float32", 1e39), ("float16", 70000.0)])
def test_to_torch_refuses_a_number_beyond_the_dtype(dtype: str, big: float) -> None:
    """The copy into a narrower dtype would make it inf without a word."""
    model = nn.MLP(2, [3, 1], seed=0)
    model.parameters()[4].data = big  # neuron 1 of layer 0: w.0, w.1, then b
    with pytest.raises(ValueError, match=r"parameter layers\.0\.neurons\.1\.w\.1 is .*beyond"):
        nn.to_torch(model, getattr(torch, dtype))
    nn.to_torch(model)  # float64 holds it


@needs_torch
def test_to_torch_names_a_dtype_that_is_not_a_float() -> None:
    """torch.int64 got torch's own advice, to use torch.iinfo. (A nan parameter, refused
    here once, can no longer be written into a Value.)"""
    model = nn.MLP(2, [3, 1], seed=0)
    with pytest.raises(TypeError, match=r"dtype must be a floating-point torch dtype .*int64"):
        nn.to_torch(model, torch.int64)


@needs_torch
@pytest.mark.parametrize("where", ["module 0", "the Sequential"])
def test_from_torch_refuses_a_module_with_a_forward_hook(where: str) -> None:
    """A hook changes what the module computes (here: the output divided by 10), which
    the weights alone do not say."""
    seq = torch.nn.Sequential(torch.nn.Linear(2, 1))
    hooked = seq[0] if where == "module 0" else seq
    hooked.register_forward_hook(lambda module, args, out: out / 10)
    with pytest.raises(ValueError, match=rf"from_torch: {where} has a forward hook"):
        nn.from_torch(seq)


def test_a_tied_model_is_not_copied_untied() -> None:
    """A torch Linear keeps each weight apart: the copy would train a shared weight as
    two (refused before torch is imported, so it holds without PyTorch too)."""
    model = nn.MLP(2, [2, 1], seed=0)
    model.layers[0].neurons[1].w[0] = model.layers[0].neurons[0].w[0]
    with pytest.raises(ValueError, match=r"are one Value \(tied\)"):
        nn.to_torch(model)


def test_every_activation_of_nn_has_a_torch_module_or_is_named() -> None:
    """nn's activations are the op rows marked activation=True (and linear); the bridge
    keeps its own map to torch.nn's modules: each one is mapped (and compared with
    PyTorch above, ACTIVATIONS) or listed as lacking one (softplus)."""
    ours = set(nn.layers.ACTIVATIONS)
    bridge = nn.torch_bridge
    assert (
        ours
        == {*bridge.TORCH_ACTIVATIONS, *bridge.TORCH_LACKS, "linear"}
        == {*ACTIVATIONS, *bridge.TORCH_LACKS}
    )
    assert not set(bridge.TORCH_ACTIVATIONS) & bridge.TORCH_LACKS


@pytest.mark.parametrize("activation", sorted(nn.torch_bridge.TORCH_LACKS))
def test_an_activation_torch_lacks_is_named(activation: str) -> None:
    """to_torch of a model whose activation the map lacks names it (a KeyError before),
    with PyTorch or without it (refused before torch is imported)."""
    model = nn.MLP(2, [3, 1], activation, seed=0)
    with pytest.raises(ValueError, match=rf"activation '{activation}' has no torch\.nn module"):
        nn.to_torch(model)


@pytest.mark.parametrize("installed", [True, False], ids=["torch", "no-torch"])
@pytest.mark.parametrize("where", ["hidden", "output"])
def test_softplus_is_refused_saying_why_and_what_to_do(
    installed: bool, where: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """to_torch of a softplus model said "activation 'softplus' has no torch.nn module
    here (TORCH_ACTIVATIONS maps sigmoid, tanh, relu, leaky_relu, and linear)": a table
    inside the bridge, and no reason a student could act on; without PyTorch it first
    asked for PyTorch to be installed, only to refuse the model afterwards. It is refused
    before torch is imported now, saying why (torch.nn.Softplus is x itself above 20) and
    what to do. Oracles: the sentences written out, and softplus(x) − x = log(1 + e⁻ˣ)
    at the threshold by math, the most the two functions differ above it."""
    import math

    if not installed:
        monkeypatch.setitem(sys.modules, "torch", None)  # import torch fails
    elif torch is None:
        pytest.skip("PyTorch is not installed")
    model = (
        nn.MLP(2, [3, 1], "softplus", seed=0)
        if where == "hidden"
        else nn.MLP(2, [3, 1], output_activation="softplus", seed=0)
    )
    with pytest.raises(ValueError) as info:
        nn.to_torch(model)
    assert str(info.value) == (
        "to_torch: activation 'softplus' has no torch.nn module that computes it exactly: "
        "torch.nn.Softplus returns x itself above its threshold (x > 20), where "
        "softplus(x) = x + log(1 + e⁻ˣ) is larger by up to 2.1e-9, and to_torch makes only "
        "copies that compute what the model computes, to rounding. To move the model to "
        "PyTorch, train it with sigmoid, tanh, relu, leaky_relu or linear; or write the "
        "torch.nn.Sequential yourself, torch.nn.Softplus() where the model has softplus, "
        "if that difference does not matter to you"
    )
    assert 2.0e-9 < math.log1p(math.exp(-20.0)) <= 2.1e-9  # the gap the message names
    if installed:  # torch.nn.Softplus is what the message says it is
        gone = torch.nn.Softplus()(torch.tensor([20.0 + 1e-9, 25.0], dtype=torch.float64))
        assert gone.tolist() == [20.0 + 1e-9, 25.0]
