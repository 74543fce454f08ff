"""Weight initialisation: where gradient descent starts from.

All schemes draw from a :class:`numpy.random.Generator`, so a whole network is
reproducible from one ``seed``. ``fan_in`` is the neuron's number of inputs and
``fan_out`` the layer's number of neurons.

* ``Uniform(-1, 1)`` — micrograd's choice.
* ``Normal(std)`` — seed 004 starts every parameter from N(0, 0.01²).
* ``Xavier()`` — U(−r, r), r = √(6 / (fan_in + fan_out)): keeps the variance of
  tanh/sigmoid activations roughly equal from layer to layer (Glorot & Bengio, 2010).
* ``He()`` — N(0, 2 / fan_in): the same idea for ReLU, which zeroes half its inputs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from autograd_mini.reals import is_integer
from nn.checks import check_number, is_argument_number, shown

__all__ = [
    "Constant",
    "He",
    "Initializer",
    "Normal",
    "Uniform",
    "Xavier",
    "draw",
    "get_initializer",
    "make_rng",
]


def make_rng(seed: int | np.random.Generator | None, where: str = "") -> np.random.Generator:
    """A numpy Generator from an int seed ≥ 0 (reproducible), a Generator, or None (fresh).

    ``where`` names the caller in the error message (``"MLP"`` → ``MLP: seed must be …``).
    """
    if isinstance(seed, np.random.Generator):
        return seed
    prefix = f"{where}: " if where else ""
    if seed is not None and not is_integer(seed):
        raise TypeError(f"{prefix}seed must be an int ≥ 0, a numpy Generator or None, got {seed!r}")
    if seed is not None and seed < 0:
        raise ValueError(
            f"{prefix}seed must be an int ≥ 0 (numpy refuses negative seeds), got {seed}"
        )
    return np.random.default_rng(seed if seed is None else int(seed))


class Initializer:
    """Draws ``n`` starting values for a neuron with the given fan-in and fan-out."""

    def sample(self, rng: np.random.Generator, n: int, fan_in: int, fan_out: int) -> list[float]:
        raise NotImplementedError


def _unarrayed(initializer: Initializer, **checked: float) -> None:
    """Each setting given as a 0-d array (``np.array(0.25)``, which check_number reads as
    its number) kept as that number: the array made the frozen initializer unhashable
    ("unhashable type: 'numpy.ndarray'") and writable after its check (``a[()] = nan``)."""
    for name, number in checked.items():
        if isinstance(getattr(initializer, name), np.ndarray):
            object.__setattr__(initializer, name, number)


@dataclass(frozen=True)
class Constant(Initializer):
    """Every value equal to ``value`` (biases start at 0 by default)."""

    value: float = 0.0

    def __post_init__(self) -> None:
        value = check_number(self.value, "value", "Constant", low=-math.inf)  # not nan, inf
        _unarrayed(self, value=value)

    def sample(self, rng: np.random.Generator, n: int, fan_in: int, fan_out: int) -> list[float]:
        return [float(self.value)] * n


@dataclass(frozen=True)
class Uniform(Initializer):
    """U(low, high); micrograd uses U(−1, 1)."""

    low: float = -1.0
    high: float = 1.0

    def __post_init__(self) -> None:
        low = check_number(self.low, "low", "Uniform", low=-math.inf)
        high = check_number(self.high, "high", "Uniform", low=-math.inf)
        _unarrayed(self, low=low, high=high)
        if not low < high:
            raise ValueError(f"Uniform: need low < high, got {self.low!r}, {self.high!r}")
        if high - low == math.inf:  # numpy's "high - low range exceeds valid bounds"
            raise ValueError(
                f"Uniform: high − low is beyond the largest float (1.8e308), a range numpy "
                f"cannot draw from; got low={self.low!r}, high={self.high!r}"
            )

    def sample(self, rng: np.random.Generator, n: int, fan_in: int, fan_out: int) -> list[float]:
        return [float(v) for v in rng.uniform(self.low, self.high, size=n)]


@dataclass(frozen=True)
class Normal(Initializer):
    """N(mean, std²); seed 004 uses std = 0.01."""

    std: float = 0.01
    mean: float = 0.0

    def __post_init__(self) -> None:
        try:  # a finite real > 0, not a bool: one rule, one message (≥ 0 let 0 seem valid)
            std = check_number(self.std, "std", "Normal")
        except ValueError:
            std = 0.0
        if not std > 0.0:
            raise ValueError(f"Normal: std must be a finite number > 0, got {shown(self.std)}")
        _unarrayed(self, std=std, mean=check_number(self.mean, "mean", "Normal", low=-math.inf))

    def sample(self, rng: np.random.Generator, n: int, fan_in: int, fan_out: int) -> list[float]:
        return [float(v) for v in rng.normal(self.mean, self.std, size=n)]


@dataclass(frozen=True)
class Xavier(Initializer):
    """Glorot uniform: U(−r, r) with r = √(6 / (fan_in + fan_out)), so Var = 2/(fan_in+fan_out)."""

    def sample(self, rng: np.random.Generator, n: int, fan_in: int, fan_out: int) -> list[float]:
        r = math.sqrt(6.0 / (fan_in + fan_out))
        return [float(v) for v in rng.uniform(-r, r, size=n)]


@dataclass(frozen=True)
class He(Initializer):
    """He normal: N(0, 2/fan_in), compensating for ReLU switching off half its inputs."""

    def sample(self, rng: np.random.Generator, n: int, fan_in: int, fan_out: int) -> list[float]:
        return [float(v) for v in rng.normal(0.0, math.sqrt(2.0 / fan_in), size=n)]


_BY_NAME: dict[str, Initializer] = {
    "uniform": Uniform(),
    "normal": Normal(),
    "xavier": Xavier(),
    "he": He(),
    "zeros": Constant(0.0),
}


def get_initializer(
    spec: object, where: str = "", name: str = "init", number: bool = False
) -> Initializer:
    """An Initializer from itself or a name: uniform, normal, xavier, he, zeros.

    ``number=True`` (a ``bias_init``) takes a finite number too, as ``Constant(number)``;
    a bool is refused (``bias_init=True`` is a slip, never a bias of 1). ``where`` and
    ``name`` say whose argument it is in the error: ``MLP: bias_init: …``.
    """
    if isinstance(spec, Initializer):
        return spec
    if isinstance(spec, str) and spec in _BY_NAME:
        return _BY_NAME[spec]
    prefix = f"{where}: " if where else ""
    if number and is_argument_number(spec):  # np.array(0.1) and Decimal('0.1') too
        return Constant(check_number(spec, name, where or "get_initializer", low=-math.inf))
    expected = (
        f"{'a number, ' if number else ''}one of {sorted(_BY_NAME)} or an nn.init.Initializer"
    )
    if isinstance(spec, str):
        raise ValueError(f"{prefix}{name}: unknown initializer {spec!r}; expected {expected}")
    if isinstance(spec, bool):
        hint = " (a bool, not a number)"
    elif isinstance(spec, type) and issubclass(spec, Initializer):
        hint = f" (a class: call it, {spec.__name__}())"
    else:
        hint = ""
    raise ValueError(f"{prefix}{name} must be {expected}, got {spec!r}{hint}")


def draw(
    init: Initializer,
    rng: np.random.Generator,
    n: int,
    fan_in: int,
    fan_out: int,
    where: str,
    name: str = "init",
) -> list[float]:
    """``init.sample(rng, n, fan_in, fan_out)`` as ``n`` floats, checked: a draw that is
    nan or infinite (``Normal(std=1e308, mean=1e308)`` overflows; an Initializer of one's
    own may return anything), or a wrong count, is a ValueError naming ``where``, the
    argument ``name`` and the initializer — not the Value it would have become."""
    values = list(init.sample(rng, n, fan_in, fan_out))
    if len(values) != n:
        raise ValueError(
            f"{where}: {name}={init!r} gave {len(values)} numbers, asked for {n} "
            f"({type(init).__name__}.sample must return n numbers)"
        )
    if set(map(type, values)) <= {float} and math.isfinite(sum(values)):
        return values  # the usual case: floats, none nan or infinite (else their sum is)
    for i, v in enumerate(values):
        if type(v) is not float or v - v != 0.0:  # not a finite float: convert or refuse
            values[i] = check_number(v, f"draw {i} of {name}={init!r}", where, low=-math.inf)
    return values
