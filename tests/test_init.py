"""nn.init: the starting distributions, bounds and reproducibility."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

import numpy as np
import pytest

import nn
from nn.init import Constant, He, Normal, Uniform, Xavier, get_initializer, make_rng


def test_uniform_is_bounded_and_spread() -> None:
    vals = Uniform(-1, 1).sample(make_rng(0), 20_000, 5, 5)
    assert min(vals) >= -1 and max(vals) < 1
    assert np.mean(vals) == pytest.approx(0.0, abs=0.03)
    assert np.var(vals) == pytest.approx(1 / 3, rel=0.05)  # Var U(−1,1) = (b−a)²/12


def test_normal_matches_seed_004_std() -> None:
    vals = Normal(0.01).sample(make_rng(1), 20_000, 784, 16)
    assert np.std(vals) == pytest.approx(0.01, rel=0.05)
    assert np.mean(vals) == pytest.approx(0.0, abs=5e-4)


def test_xavier_and_he_scale_with_fan() -> None:
    r = math.sqrt(6 / (64 + 16))
    x = Xavier().sample(make_rng(2), 20_000, 64, 16)
    assert max(abs(v) for v in x) <= r
    assert np.var(x) == pytest.approx(2 / (64 + 16), rel=0.05)
    h = He().sample(make_rng(3), 20_000, 50, 10)
    assert np.std(h) == pytest.approx(math.sqrt(2 / 50), rel=0.05)


def test_same_seed_same_network_different_seed_different_network() -> None:
    a = nn.MLP(3, [4, 2], init="xavier", seed=7).state_dict()
    b = nn.MLP(3, [4, 2], init="xavier", seed=7).state_dict()
    c = nn.MLP(3, [4, 2], init="xavier", seed=8).state_dict()
    assert a == b
    assert a != c


def test_biases_default_to_zero_and_can_be_drawn() -> None:
    model = nn.MLP(3, [4, 2], init=Normal(0.01), bias_init=Normal(0.01), seed=0)
    biases = [n.b.data for layer in model.layers for n in layer.neurons]
    assert all(b != 0.0 for b in biases) and all(abs(b) < 0.1 for b in biases)
    plain = nn.MLP(3, [4, 2], seed=0)
    assert all(n.b.data == 0.0 for layer in plain.layers for n in layer.neurons)
    assert Constant(0.5).sample(make_rng(0), 3, 1, 1) == [0.5, 0.5, 0.5]


def test_bad_specs_are_named() -> None:
    with pytest.raises(ValueError, match="unknown initializer 'glorot'"):
        get_initializer("glorot")
    with pytest.raises(ValueError, match="std must be a finite number > 0"):
        Normal(0.0)
    with pytest.raises(ValueError, match="low < high"):
        Uniform(1.0, -1.0)
    with pytest.raises(TypeError, match="seed"):
        make_rng("zero")  # type: ignore[arg-type]  # wrong type on purpose


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Normal(std=1, mean=math.inf), r"^Normal: mean must be a finite number, got inf$"),
        (lambda: Normal(std=1, mean="0"), r"^Normal: mean must be a finite number, got '0'$"),
        (lambda: Normal(std=True), r"^Normal: std must be a finite number > 0, got True$"),
        (lambda: Normal(std="0.1"), r"^Normal: std must be a finite number > 0, got '0.1'$"),
        (lambda: Uniform(-1e308, 1e308), r"^Uniform: high − low is beyond the largest float"),
        (lambda: Uniform(0, math.inf), r"^Uniform: high must be a finite number, got inf$"),
        (lambda: Uniform(math.nan, 1), r"^Uniform: low must be a finite number, got nan$"),
        (lambda: Uniform(False, True), r"^Uniform: low must be a finite number, got False$"),
        (lambda: Constant(math.nan), r"^Constant: value must be a finite number, got nan$"),
        (lambda: Constant(True), r"^Constant: value must be a finite number, got True$"),
    ],
    ids=[
        "mean-inf",
        "mean-str",
        "std-bool",
        "std-str",
        "range-overflows",
        "high-inf",
        "low-nan",
        "bools",
        "constant-nan",
        "constant-bool",
    ],
)
def test_an_initializer_refuses_a_setting_it_cannot_draw_from(make: Any, message: str) -> None:
    """Normal's mean was never checked (mean=inf failed later as "Value: got inf"),
    Uniform(-1e308, 1e308) as numpy's "high - low range exceeds valid bounds", and a
    bool was taken as 0 or 1: each is refused where it is given, naming the setting."""
    with pytest.raises(ValueError, match=message):
        make()


@pytest.mark.parametrize("where", ["Neuron", "Layer", "MLP"])
def test_bias_init_takes_a_number_a_name_or_an_initializer_and_nothing_else(where: str) -> None:
    """bias_init=True gave a bias of 1.0 (a bool is refused everywhere else), 'zeros'
    "could not convert string to float", None Python's raw float() error, and nan
    "Value: got nan" naming neither the argument nor its owner."""

    def make(bias_init: Any, init: Any = "uniform") -> nn.Module:
        if where == "Neuron":
            return nn.Neuron(2, init=init, bias_init=bias_init, seed=0)
        if where == "Layer":
            return nn.Layer(2, 3, init=init, bias_init=bias_init, seed=0)
        return nn.MLP(2, [3, 1], init=init, bias_init=bias_init, seed=0)

    def biases(model: nn.Module) -> list[float]:
        return [v.data for name, v in model.named_parameters() if name.endswith("b")]

    assert set(biases(make("zeros"))) == {0.0}  # init's names, as for init
    assert biases(make("normal")) == biases(make(Normal()))
    assert set(biases(make(0.25))) == {0.25}
    # a 0-d array and a Decimal were refused, "must be a number, …, got array(0.25)",
    # as optimizers' settings were: they are the number they hold
    assert set(biases(make(np.array(0.25)))) == set(biases(make(Decimal("0.25")))) == {0.25}
    listing = (
        rf"^{where}: bias_init must be a number, one of \['he', 'normal', 'uniform', "
        r"'xavier', 'zeros'\] or an nn.init.Initializer, got "
    )
    with pytest.raises(ValueError, match=listing + r"True \(a bool, not a number\)$"):
        make(True)
    with pytest.raises(ValueError, match=listing + "None$"):
        make(None)
    with pytest.raises(ValueError, match=listing + r"array\(True\)$"):
        make(np.array(True))
    with pytest.raises(ValueError, match=rf"^{where}: bias_init: unknown initializer 'zero';"):
        make("zero")
    for bad in (math.nan, -math.inf):
        with pytest.raises(ValueError, match=rf"^{where}: bias_init must be a finite number, got"):
            make(bad)
    with pytest.raises(ValueError, match=rf"^{where}: init: unknown initializer 'glorot'"):
        make(0.0, init="glorot")


class _Drawn(nn.init.Initializer):
    """An initializer of one's own that hands back whatever it was given."""

    def __init__(self, values: list[float]) -> None:
        self.values = values

    def sample(self, rng: np.random.Generator, n: int, fan_in: int, fan_out: int) -> list[float]:
        return self.values

    def __repr__(self) -> str:
        return f"_Drawn({self.values})"


def test_a_draw_that_is_not_a_finite_number_names_the_initializer() -> None:
    """A draw of nan or inf failed as "Value: got inf, expected a finite number", naming
    neither the argument nor the initializer; a wrong count gave a neuron of another size
    or an unpacking error."""
    huge = Normal(std=1e308, mean=1e308)  # a finite setting whose draws overflow
    with pytest.raises(
        ValueError,
        match=r"^MLP \(layers\.0\.neurons\.0\): draw \d+ of init=Normal\(std=1e\+308, mean",
    ):
        nn.MLP(50, [1], init=huge, seed=0)
    with pytest.raises(ValueError, match=r"^Neuron: draw 0 of bias_init=_Drawn\(\[nan\]\) must"):
        nn.Neuron(1, bias_init=_Drawn([math.nan]))
    with pytest.raises(
        ValueError, match=r"^Neuron: init=_Drawn\(\[1.0\]\) gave 1 numbers, asked for 2"
    ):
        nn.Neuron(2, init=_Drawn([1.0]))


def test_an_initializer_class_given_uncalled_is_named() -> None:
    with pytest.raises(
        ValueError, match=r"^MLP: init must be .*, got <class .*\(a class: call it, He\(\)\)$"
    ):
        nn.MLP(2, [1], init=He)  # type: ignore[arg-type]  # the slip on purpose


@pytest.mark.parametrize("std", [-1, 0, 0.0, -0.0, -1e-300])
def test_normal_says_its_std_must_be_above_0(std: float) -> None:
    """Normal(std=-1) said "std must be a finite number ≥ 0", and Normal(std=0) is
    refused too (a spread of 0 draws one number): the rule said is the rule kept."""
    with pytest.raises(
        ValueError, match=rf"^Normal: std must be a finite number > 0, got {std!r}$"
    ):
        Normal(std=std)


def test_a_draw_that_overflows_names_the_model_and_the_neuron_built() -> None:
    """MLP(50, [1], init=Normal(1e308, 1e308)) said "Neuron: draw 6 of …" — a neuron the
    user never built by name. It names the MLP and the neuron's place in it (the layer
    and neuron where the draw is, as model.named_parameters() names them); a Layer's
    likewise. The draw that overflows is numpy's first normal(1e308, 1e308) beyond a
    float, from the seed, worked out here."""
    first = int(np.argmax(~np.isfinite(np.random.default_rng(0).normal(1e308, 1e308, 50))))
    huge = Normal(std=1e308, mean=1e308)
    with pytest.raises(ValueError, match=rf"^MLP \(layers\.0\.neurons\.0\): draw {first} of init"):
        nn.MLP(50, [1], init=huge, seed=0)
    with pytest.raises(ValueError, match=rf"^Layer \(neurons\.0\): draw {first} of init"):
        nn.Layer(50, 2, init=huge, seed=0)
    with pytest.raises(ValueError, match=rf"^Neuron: draw {first} of init"):
        nn.Neuron(50, init=huge, seed=0)


def test_an_initializer_given_0d_arrays_holds_their_numbers() -> None:
    """Constant(np.array(0.25)) (taken since check_number reads a 0-d array as its
    number) kept the array: the frozen initializer could not be hashed ("unhashable type:
    'numpy.ndarray'"), and writing into the array after the check (a[()] = nan) changed
    what it draws. Each setting is now the number the array held."""
    a = np.array(0.25)
    pairs = [
        (Constant(a), Constant(0.25)),
        (Uniform(np.array(-0.5), np.array(0.5)), Uniform(-0.5, 0.5)),
        (Normal(np.array(0.5), np.array(0.25)), Normal(0.5, 0.25)),
    ]
    a[()] = np.nan
    for given, plain in pairs:
        assert given == plain and hash(given) == hash(plain)
    assert pairs[0][0].sample(np.random.default_rng(0), 2, 1, 1) == [0.25, 0.25]
