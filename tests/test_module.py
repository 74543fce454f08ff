"""nn.Module: parameter listing, counts, zero_grad, state dicts, repr."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

import nn
from autograd_mini import Value


def _count(nin: int, nouts: list[int]) -> int:
    """Σ (inputs + 1 bias) · neurons over the layers, by hand."""
    sizes = [nin, *nouts]
    return sum((sizes[i] + 1) * sizes[i + 1] for i in range(len(nouts)))


def test_seed_network_has_13002_parameters() -> None:
    model = nn.MLP(784, [16, 16, 10], activation="sigmoid", output_activation="sigmoid", seed=0)
    assert model.num_parameters() == 13_002
    assert len(model.parameters()) == 784 * 16 + 16 + 16 * 16 + 16 + 16 * 10 + 10
    assert len(model.weights()) == 784 * 16 + 16 * 16 + 16 * 10
    assert "13,002 parameters" in repr(model)


@pytest.mark.parametrize(("nin", "nouts"), [(2, [16, 16, 1]), (3, [4]), (64, [16, 16, 10])])
def test_parameter_counts(nin: int, nouts: list[int]) -> None:
    model = nn.MLP(nin, nouts, seed=1)
    assert model.num_parameters() == _count(nin, nouts)
    assert len({id(p) for p in model.parameters()}) == _count(nin, nouts)  # no duplicates


def test_names_follow_the_structure() -> None:
    model = nn.MLP(2, [3, 1], seed=0)
    names = [n for n, _ in model.named_parameters()]
    assert names[:3] == ["layers.0.neurons.0.w.0", "layers.0.neurons.0.w.1", "layers.0.neurons.0.b"]
    assert names[-1] == "layers.1.neurons.0.b"
    assert len(names) == len(set(names)) == 13
    # parameters() is the same list in the same order
    assert [p for _, p in model.named_parameters()] == model.parameters()
    neuron = model.layers[0].neurons[2]
    assert model.state_dict()["layers.0.neurons.2.w.1"] == neuron.w[1].data


def test_parameters_follow_a_subclass_that_lists_its_own() -> None:
    """A Neuron subclass with one more parameter: parameters() is still named_parameters()'s
    list (a Neuron's own shortcut must not hide the extra one)."""

    class Gated(nn.Neuron):
        def __init__(self) -> None:
            super().__init__(2, seed=0)
            self.gate = Value(0.5)

        def own_parameters(self) -> list[tuple[str, Value]]:
            return [*super().own_parameters(), ("gate", self.gate)]

    neuron = Gated()
    assert neuron.parameters() == [p for _, p in neuron.named_parameters()]
    assert neuron.parameters()[-1] is neuron.gate and len(neuron.parameters()) == 4


def test_parameters_leave_a_kept_own_values_list_alone() -> None:
    """own_values may return a list the module keeps: parameters() must not extend it."""

    class Holder(nn.Module):
        def __init__(self) -> None:
            self.vals = [Value(1.0), Value(2.0)]
            self.child = nn.Neuron(2, seed=0)

        def own_parameters(self) -> list[tuple[str, Value]]:
            return [(f"v{i}", v) for i, v in enumerate(self.vals)]

        def own_values(self) -> list[Value]:
            return self.vals

        def named_children(self) -> list[tuple[str, nn.Module]]:
            return [("child", self.child)]

    holder = Holder()
    for _ in range(2):
        assert holder.parameters() == [p for _, p in holder.named_parameters()]
    assert len(holder.vals) == 2 and len(holder.parameters()) == 5


def test_weights_exclude_biases() -> None:
    model = nn.MLP(3, [2, 2], seed=0)
    biases = {id(n.b) for layer in model.layers for n in layer.neurons}
    assert all(id(w) not in biases for w in model.weights())
    assert len(model.weights()) == 3 * 2 + 2 * 2
    neuron = nn.Neuron(4, seed=0)
    assert neuron.weights() == neuron.w  # same objects, bias left out


def test_zero_grad_resets_every_parameter() -> None:
    model = nn.MLP(2, [3, 1], seed=0)
    out = model([0.5, -1.0])
    assert isinstance(out, Value)
    out.backward()
    assert any(p.grad != 0.0 for p in model.parameters())
    model.zero_grad()
    assert all(p.grad == 0.0 for p in model.parameters())


def test_state_dict_round_trip_gives_the_same_function() -> None:
    a = nn.MLP(2, [4, 1], seed=0)
    b = nn.MLP(2, [4, 1], seed=99)
    x = [0.3, -0.7]
    assert float(a(x)) != float(b(x))
    b.load_state_dict(a.state_dict())
    assert float(a(x)) == float(b(x))
    assert all(isinstance(v, float) for v in a.state_dict().values())


def test_load_state_dict_rejects_mismatches_without_partial_loading() -> None:
    model = nn.MLP(2, [2, 1], seed=0)
    before = model.state_dict()
    state = dict(before)
    del state["layers.1.neurons.0.b"]
    with pytest.raises(ValueError, match="missing 1"):
        model.load_state_dict(state)
    with pytest.raises(ValueError, match="unexpected 1"):
        model.load_state_dict({**before, "extra": 1.0})
    bad = {k: 0.0 for k in before}
    bad["layers.1.neurons.0.b"] = math.nan
    with pytest.raises(ValueError, match="not finite"):
        model.load_state_dict(bad)
    assert model.state_dict() == before  # the zeros written first were not applied
    bad["layers.1.neurons.0.b"] = True  # the engine's words ("is bool (True)" was)
    with pytest.raises(ValueError, match="is the boolean True — a boolean is no number here"):
        model.load_state_dict(bad)
    with pytest.raises(ValueError, match="mapping"):
        model.load_state_dict([1.0, 2.0])  # type: ignore[arg-type]  # wrong type on purpose


def test_repr_names_layers_and_counts() -> None:
    text = repr(nn.MLP(2, [16, 16, 1]))
    assert text.splitlines()[0] == "MLP(2-16-16-1, relu → linear)  # 337 parameters"
    assert "(layers.1): Layer(16 → 16, relu)  # 272 parameters" in text
    assert repr(nn.Neuron(3, "tanh")) == "Neuron(3, tanh)  # 4 parameters"
    assert len(list(nn.MLP(2, [3, 1]).modules())) == 1 + 2 + 4


def test_load_state_dict_does_linear_work() -> None:
    """Every name is hashed a bounded number of times, however many there are (a set
    rebuilt per key hashed n² names and took seconds for the seeds' 13,002). The names
    count their own hashes; the oracle is a constant per name, not a timing."""
    hashes = 0

    class Name(str):
        __slots__ = ()

        def __hash__(self) -> int:
            nonlocal hashes
            hashes += 1
            return str.__hash__(self)

    class Wide(nn.Module):
        def __init__(self, n: int) -> None:
            self.values = [Value(float(i)) for i in range(n)]

        def named_parameters(self, prefix: str = "") -> list[tuple[str, Value]]:
            return [(Name(f"{prefix}p.{i}"), v) for i, v in enumerate(self.values)]

    for n in (50, 400):
        model = Wide(n)
        state = {Name(f"p.{i}"): -float(i) for i in range(n)}
        hashes = 0
        model.load_state_dict(state)
        assert [v.data for v in model.values] == [-float(i) for i in range(n)]
        assert model.parameters() == model.values  # from its own named_parameters
        assert hashes <= 8 * n, (n, hashes)


def test_load_state_dict_takes_numpy_numbers_and_0d_arrays() -> None:
    """What numpy (and torch) hand out is a number too: a numpy scalar, or a 0-d array or
    tensor such as ``weight[j, k]``; each was refused as "not a number". A bool or a
    complex number stays refused however it is held, and so does a 1-element 1-d array."""
    model = nn.MLP(2, [1], seed=0)  # w.0, w.1, b
    names = [n for n, _ in model.named_parameters()]
    held: list[Any] = [np.float32(0.5), np.float64(-1.25), np.int64(3)]
    model.load_state_dict(dict(zip(names, held, strict=True)))
    assert model.state_dict() == dict(zip(names, [0.5, -1.25, 3.0], strict=True))
    assert all(type(p.data) is float for p in model.parameters())
    model.load_state_dict(dict(zip(names, [np.array(0.25), np.array(2), 1], strict=True)))
    assert [p.data for p in model.parameters()] == [0.25, 2.0, 1.0]
    try:
        import torch
    except ImportError:  # optional; the numpy cases stand for it
        pass
    else:
        weight = torch.tensor([[0.75, -0.5]], dtype=torch.float64)
        model.load_state_dict({"layers.0.neurons.0.w.0": weight[0, 0],
                               "layers.0.neurons.0.w.1": weight[0, 1],
                               "layers.0.neurons.0.b": torch.tensor(4)})  # fmt: skip
        assert [p.data for p in model.parameters()] == [0.75, -0.5, 4.0]
        with pytest.raises(
            ValueError, match=r"'layers.0.neurons.0.b' is the boolean tensor\(True\) — "
        ):
            model.load_state_dict(
                {**model.state_dict(), "layers.0.neurons.0.b": torch.tensor(True)}
            )
    before = model.state_dict()
    for bad, message in [
        (np.bool_(True), "is the boolean np.True_ — a boolean is no number here: pass 1.0"),
        (np.array(True), "is the boolean np.True_ — a boolean is no number here: pass 1.0"),
        (np.complex128(1.0), "is complex128 .*expected a real number"),
        (np.array([1.0]), "is ndarray .*expected a real number"),
        (np.float64("nan"), r"is \S*nan\S*, not finite"),
        (np.array(np.inf), r"is array\(inf\), not finite"),
        (10**400, r"is an integer of 401 digits, beyond a float"),
    ]:
        with pytest.raises(ValueError, match=f"parameter 'layers.0.neurons.0.b' {message}"):
            model.load_state_dict({**before, "layers.0.neurons.0.b": bad})
    assert model.state_dict() == before


#: load_state_dict's words for the bias given as several numbers' holder (written out)
_B = "load_state_dict: parameter 'layers.0.neurons.0.b' is "
_REAL = "expected a real number"


@pytest.mark.parametrize(
    ("bad", "said"),
    [
        (np.array([0.5]), f"ndarray (array([0.5])), {_REAL}, not an array of shape (1,) "
         f"holding one: give its number, v.item()"),
        (np.array([[0.5]]), f"ndarray (array([[0.5]])), {_REAL}, not an array of shape "
         f"(1, 1) holding one: give its number, v.item()"),
        ([0.5], f"list ([0.5]), {_REAL}, not a list holding one: give its number, v[0]"),
        ((0.5,), f"tuple ((0.5,)), {_REAL}, not a tuple holding one: give its number, v[0]"),
        (np.array([0.5, 0.25]), f"ndarray (array([0.5 , 0.25])), {_REAL}, not an array of "
         f"shape (2,), which holds 2 entries: each name in state_dict() is one parameter, "
         f"one number"),
        (np.array([True]), f"ndarray (array([ True])), {_REAL}"),  # no number in it
        (["a"], f"list (['a']), {_REAL}"),
    ],
    ids=["array-1", "array-1x1", "list-1", "tuple-1", "array-2", "array-bool", "list-str"],
)  # fmt: skip
def test_load_state_dict_tells_a_holder_of_one_number_how_to_give_it(bad: Any, said: str) -> None:
    """A parameter given as np.array([0.5]) (a torch Linear(1, 1)'s weight[0], say) was
    told only "is ndarray (array([0.5])), expected a real number", of what looks like a
    number: which is why it is not one, and how to give it (v.item(); v[0] of a list),
    is now said, and an array of several that each name is one number. A holder whose
    one entry is no number is told as before. Nothing is loaded."""
    model = nn.MLP(2, [1], seed=0)
    before = model.state_dict()
    with pytest.raises(ValueError) as info:
        model.load_state_dict({**before, "layers.0.neurons.0.b": bad})
    assert str(info.value) == _B + said
    assert model.state_dict() == before
    if said.endswith("v.item()"):  # the advice works: its number loads
        model.load_state_dict({**before, "layers.0.neurons.0.b": bad.item()})
        assert model.state_dict()["layers.0.neurons.0.b"] == 0.5


def test_a_tied_parameter_is_counted_once_and_loaded_consistently() -> None:
    """One Value in two places: counted once (as PyTorch counts a shared tensor), and a
    state giving it two numbers is refused (the last one silently won)."""
    model = nn.MLP(2, [2, 1], activation="tanh", seed=0)
    model.layers[0].neurons[1].w[0] = model.layers[0].neurons[0].w[0]
    assert model.num_parameters() == 8 and len(model.named_parameters()) == 9
    assert "# 8 parameters" in repr(model)
    state = model.state_dict()
    model.load_state_dict(state)  # its own state: the two entries agree
    state["layers.0.neurons.1.w.0"] += 1.0
    with pytest.raises(
        ValueError, match=r"'layers.0.neurons.0.w.0' and 'layers.0.neurons.1.w.0' are one"
    ):
        model.load_state_dict(state)
    assert model.state_dict()["layers.0.neurons.1.w.0"] == state["layers.0.neurons.0.w.0"]


class _Affine(nn.Module):
    """A module of one's own, as Module's docstring allows: parameters named PyTorch's
    way (``weight.0.i``, ``bias.0``), which say nothing to the name rule."""

    def __init__(self, w: list[float], b: float) -> None:
        self.w_ = [Value(v) for v in w]
        self.b_ = Value(b)

    def own_parameters(self) -> list[tuple[str, Value]]:
        return [*((f"weight.0.{i}", w) for i, w in enumerate(self.w_)), ("bias.0", self.b_)]


class _Decaying(_Affine):
    """The same module, saying which of its parameters are weights."""

    def weights(self) -> list[Value]:
        return list(self.w_)


class _Holder(nn.Module):
    def __init__(self, children: list[tuple[str, nn.Module]], own: list[tuple[str, Value]]):
        self.children, self.own = children, own

    def named_children(self) -> list[tuple[str, nn.Module]]:
        return self.children

    def own_parameters(self) -> list[tuple[str, Value]]:
        return self.own


def test_weights_ask_a_child_that_says_which_are_its_weights() -> None:
    """A module that overrides weights() is asked for its weights by the module holding
    it (which asked only the names, and left them out); names of neither kind are
    listed by unknown_roles, unless the Value is a weight under another name (tied)."""
    inner, neuron = _Decaying([1.0, -2.0], 0.5), nn.Neuron(2, seed=0)
    holder = _Holder([("inner", inner), ("neuron", neuron)], [])
    assert [id(w) for w in holder.weights()] == [id(w) for w in [*inner.w_, *neuron.w]]
    assert nn.module.unknown_roles(holder) == []
    plain = _Holder([("inner", _Affine([1.0, -2.0], 0.5)), ("neuron", neuron)], [])
    assert [id(w) for w in plain.weights()] == [id(w) for w in neuron.w]
    assert nn.module.unknown_roles(plain) == [
        "inner.weight.0.0",
        "inner.weight.0.1",
        "inner.bias.0",
    ]
    gated = _Holder([("neuron", neuron)], [("shared", neuron.w[0]), ("gate", Value(0.5))])
    assert nn.module.unknown_roles(gated) == ["gate"]  # 'shared' is neuron.w.0
    assert nn.module.unknown_roles(nn.MLP(3, [2, 1], seed=0)) == []


class _Renaming(_Holder):
    """A holder that lists its parameters under names of its own (reordered)."""

    def named_parameters(self, prefix: str = "") -> list[tuple[str, Value]]:
        named = [(f"{prefix}{c}.{n}", p) for c, m in self.children for n, p in m.named_parameters()]
        return named[::-1]


def test_a_holder_with_its_own_names_still_asks_a_child_that_says_which_are_weights() -> None:
    """A holder overriding named_parameters was read by its names alone: a child's own
    weights() was not asked, so its weights left λ/2·ΣW² and fit(l2) refused the model
    though the child said which they are. By hand: the child's two weights and the
    neuron's two, the child's bias out."""
    inner, neuron = _Decaying([1.0, -2.0], 0.5), nn.Neuron(2, seed=0)
    holder = _Renaming([("inner", inner), ("neuron", neuron)], [])
    want = {id(w) for w in [*inner.w_, *neuron.w]}
    assert {id(w) for w in holder.weights()} == want and len(holder.weights()) == 4
    assert nn.module.unknown_roles(holder) == []
    plain = _Renaming([("inner", _Affine([1.0, -2.0], 0.5)), ("neuron", neuron)], [])
    assert nn.module.unknown_roles(plain) == [
        "inner.bias.0",
        "inner.weight.0.1",
        "inner.weight.0.0",
    ]


def test_a_renaming_holder_counts_a_tied_value_as_the_plain_holder_does() -> None:
    """One Value is a bias of a module that lists its weights itself (so not a weight
    there) and w.0 of an nn.Neuron (a weight): the plain holder counts it a weight (any
    role that says so wins). The renaming holder, same names in the same order, took
    the first sub-module's "not a weight" and left it out: 3 weights, not 4."""
    inner, neuron = _Decaying([1.0, -2.0], 0.5), nn.Neuron(2, seed=0)
    neuron.w[0] = inner.b_  # tied
    children: list[tuple[str, nn.Module]] = [("inner", inner), ("neuron", neuron)]
    plain, renaming = _Holder(children, []), _Renaming(children, [])
    want = {id(w) for w in [*inner.w_, inner.b_, neuron.w[1]]}  # by hand: 4 Values
    assert {id(w) for w in plain.weights()} == want
    assert {id(w) for w in renaming.weights()} == want


def test_a_module_of_ones_own_is_called_like_nns() -> None:
    """``net(x)`` raised "'Affine' object is not callable" while ``nn.MLP`` is callable
    (PyTorch users write net(x)): Module's call is its forward. Oracle: 2·x + 3 by hand;
    a module without forward says so."""

    class Affine(nn.Module):
        def __init__(self) -> None:
            self.w, self.b = Value(2.0), Value(3.0)

        def own_parameters(self) -> list[tuple[str, Value]]:
            return [("w.0", self.w), ("b", self.b)]

        def forward(self, x: list[Any]) -> list[Value]:
            return [self.w * x[0] + self.b]

    net = Affine()
    (out,) = net([5.0])
    assert out.data == 13.0
    out.backward()
    assert (net.w.grad, net.b.grad) == (5.0, 1.0)

    class NoForward(nn.Module):
        pass

    with pytest.raises(TypeError, match=r"^NoForward has no forward\(x\) method"):
        NoForward()([1.0])
