"""Neurons, layers and multi-layer perceptrons built from engine Values.

A neuron computes a = f(z) with z = Σᵢ wᵢ·aᵢ + b. The weighted sum is ONE fused
``dot`` node, so a drawn graph shows z exactly as the formula reads and the backward
pass handles all of a neuron's inputs in one loop. The activation f is an op whose
row in the op table says ``activation=True`` (sigmoid, tanh, relu, leaky_relu,
softplus) or nothing ("linear").
"""

from __future__ import annotations

import functools
import itertools
import math
import numbers
import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, cast, overload

import numpy as np

from autograd_mini import OPS, Value, apply, dot
from autograd_mini.arg_checks import shown
from autograd_mini.reals import (
    as_lists,
    beyond_a_float,
    beyond_words,
    is_integer,
    is_real,
    not_real_hint,
)
from autograd_mini.value import integer_size, unheld_int, unheld_int_words
from nn.checks import boolean_named
from nn.init import Initializer, draw, get_initializer, make_rng
from nn.module import Module
from nn.tensors import is_tensor, read_tensors

__all__ = ["ACTIVATIONS", "MLP", "BrokenModel", "Layer", "Neuron", "Output", "WrongInput"]


class BrokenModel(ValueError):
    """A model whose parts do not fit together — an MLP whose layers do not chain, a
    neuron with another number of weights than its layer's inputs (edited by hand: a
    neuron popped, one appended): the model is what is wrong, not its input."""


class WrongInput(ValueError):
    """What a module was given is not one sample of its ``nin`` numbers (another count,
    a cell that is no number): the input is what is wrong."""


Sample = Sequence[float | int | Value]
#: One sample's output: a Value for a one-output model (like micrograd), else a list.
Output = Value | list[Value]


def _identity(z: Value) -> Value:
    return z


def _by_table(name: str, z: Value) -> Value:
    """The op ``name`` applied to z (a two-input one with its default second input)."""
    op = OPS[name]
    return apply(op, z) if op.arity == 1 else apply(op, z, cast(float, op.default))


class _Activations(Mapping[str, Callable[[Value], Value]]):
    """activation name → the function applied to z: every op whose row in the op table
    says ``activation=True`` (read at each look-up, so a registered one counts), and
    ``linear``, which leaves z alone. A Value method where the op has one (the same
    call as ``z.sigmoid()``), else the op by name."""

    def __getitem__(self, name: str) -> Callable[[Value], Value]:
        if name == "linear":
            return _identity
        op = OPS.get(name)
        if op is None or not op.activation:
            raise KeyError(name)
        method = getattr(Value, name, None)
        return method if callable(method) else functools.partial(_by_table, name)

    def _names(self) -> list[str]:
        return [*(name for name, op in list(OPS.items()) if op.activation), "linear"]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __len__(self) -> int:
        return len(self._names())


#: activation name → the function applied to z (``linear`` leaves z alone)
ACTIVATIONS: Mapping[str, Callable[[Value], Value]] = _Activations()


def _activation(name: str, where: str) -> Callable[[Value], Value]:
    if not isinstance(name, str) or name not in ACTIVATIONS:
        raise ValueError(
            f"{where}: unknown activation {name!r}; expected one of {sorted(ACTIVATIONS)}"
        )
    return ACTIVATIONS[name]


def _positive_int(n: object, what: str, where: str) -> int:
    if not is_integer(n) or n < 1:
        raise ValueError(f"{where}: {what} must be a positive integer, got {n!r}")
    return int(n)


#: A container's memory limit: cgroup v2's file, then v1's (Linux).
CGROUP_LIMITS = (
    "/sys/fs/cgroup/memory.max",
    "/sys/fs/cgroup/memory/memory.limit_in_bytes",
)


def _read_text(path: str) -> str | None:
    """The text of a small system file, or None where there is none (or it cannot be
    read)."""
    try:
        with open(path, encoding="ascii") as f:
            return f.read(64)
    except (OSError, ValueError):
        return None


def _cgroup_limit() -> int | None:
    """The memory limit of the container (cgroup) this process runs in, in bytes; None
    where there is none: no such file, v2's "max", or v1's "no limit", a number near
    2⁶³ (9223372036854771712: the largest, rounded to a page)."""
    for path in CGROUP_LIMITS:
        text = _read_text(path)
        if text is None:
            continue
        text = text.strip()
        if text.isdigit() and 0 < int(text) < 2**62:
            return int(text)
        return None  # "max", or no limit: the first file found says
    return None


def _memory() -> tuple[int, str]:
    """The memory this process may use, in bytes, and what it is: the machine's, or its
    container's limit (cgroup) when that is smaller — a container of 2 GB on a machine
    of 64 GB is stopped long before the machine's memory is reached; what a 64-bit
    process can address where the system does not say (sysconf is POSIX)."""
    try:
        machine = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        machine = int(np.iinfo(np.intp).max)
    limit = _cgroup_limit()
    if limit is not None and limit < machine:
        return limit, "this container's memory limit"
    return machine, "this machine's memory"


#: A parameter's least cost: its Value object alone (104 bytes on 64-bit CPython; its
#: float, its place in lists and, when training, its arrays come on top: 140 or more).
VALUE_BYTES = sys.getsizeof(Value(0.0))


def check_buildable(count: int, sizes: Mapping[str, object], where: str) -> None:
    """A ValueError naming ``where`` and the ``sizes`` given (argument name → value:
    ``{"nin": 2, "nout": 3}``, shown as "nin=2 and nout=3 make …") when ``count``
    parameters cannot be built: their Values alone would take more bytes than the
    machine's memory, or the container's limit when smaller. Checked before anything is
    allocated: Layer(2, np.uint64(2**64 − 1)) built neurons for ten minutes, and
    MLP(10**20, [1]) failed in numpy ("Maximum allowed dimension exceeded") naming
    neither."""
    need, (memory, whose) = count * VALUE_BYTES, _memory()
    if need > memory:
        named = " and ".join(f"{name}={_size_shown(value)}" for name, value in sizes.items())
        make = "make" if len(sizes) > 1 else "makes"
        # nin=10**400: a count no float holds (need / 1e9 was Python's bare "int too
        # large to convert to float"), told by its size, as nin is
        many = f"{count:,}" if count < 10**30 else f"about 10^{int(math.log10(count))}"
        gb = f"{need / 1e9:.3g}" if need < 10**300 else f"about 10^{int(math.log10(need)) - 9}"
        raise ValueError(
            f"{where}: {named} {make} {many} parameters, each a Value of at least "
            f"{VALUE_BYTES} bytes: {gb} GB, more than {whose} "
            f"({memory / 1e9:.3g} GB); give smaller sizes"
        )


def _size_shown(value: object) -> str:
    """A size argument as a refusal shows it: an integer by :func:`shown` (10**400 by its
    number of digits), a list of sizes (MLP's nouts) entry by entry — ``str([10**5000])``
    is Python's "Exceeds the limit (4300 digits) for integer string conversion", which
    stopped MLP(2, [10**5000]) while its refusal was being written."""
    if isinstance(value, list):
        return f"[{', '.join(_size_shown(v) for v in value)}]"
    return shown(value) if is_integer(value) else str(value)


_FAST = frozenset({float, Value})


def as_sample(x: Any, nin: int, where: str) -> list[Any]:
    """One input vector as a list of floats/Values of length ``nin`` (numpy → floats; a
    PyTorch tensor as numpy reads it, as predict's X, else refused with predict's words,
    naming x: "got Tensor" said neither why nor the mend)."""
    if is_tensor(x):
        x = read_tensors(x, f"{where}: x", WrongInput)
    if isinstance(x, np.ndarray):
        if x.ndim != 1:
            raise WrongInput(f"{where}: expected one sample of {nin} numbers, got shape {x.shape}")
        x = as_lists(x)  # (a duration's cells kept as such: tolist() made them ints)
    elif isinstance(x, (Value, numbers.Number)) or not isinstance(x, Sequence):
        raise WrongInput(
            f"{where}: expected a sequence of {nin} numbers or Values, got {type(x).__name__}"
        )
    if len(x) != nin:
        raise WrongInput(f"{where}: expected {nin} inputs, got {len(x)}")
    if set(map(type, x)) <= _FAST:
        return list(x)
    out: list[Any] = []
    for i, v in enumerate(x):
        if isinstance(v, Value):
            out.append(v)
            continue
        given = v
        if is_tensor(v) and v.ndim == 0:  # its number, as a numpy scalar's (beside a Value)
            v = read_tensors(v, f"{where}: x[{i}]", WrongInput)[()]
        if is_real(v):
            out.append(_input_number(v, i, where))
        elif isinstance(v, (bool, np.bool_)):  # the engine's words (it said "bool (True)")
            raise WrongInput(f"{where}: input {i} is {boolean_named(given)}")
        else:
            raise WrongInput(
                f"{where}: input {i} is {type(v).__name__} ({shown(v)}), expected a number"
                + not_real_hint(v)
            )
    return out


def _input_number(v: numbers.Real, i: int, where: str) -> float:
    """Input ``i``, a real number, as a float; an integer no float holds, or a number beyond
    a float (10**400, a numpy longdouble 1e400), is :class:`WrongInput` naming it (float()
    rounded 2**53 + 1 without a word and met 10**400 with Python's bare "int too large to
    convert to float"; a longdouble's inf met "dot: a constant is inf")."""
    try:
        value = float(v)
    except OverflowError:
        raise WrongInput(
            f"{where}: input {i} is {integer_size(int(cast(Any, v)))}, beyond a float"
        ) from None
    if unheld_int(v):
        raise WrongInput(f"{where}: input {i} {unheld_int_words(int(cast(Any, v)))}")
    if beyond_a_float(v, value):  # np.longdouble('1e400'): "dot: a constant is inf" read
        raise WrongInput(f"{where}: input {i} is {shown(v)}, {beyond_words(v)}")  # as given
    return value


def is_batch(x: Any) -> bool:
    """True for a list of samples (or a 2-D array) rather than a single sample."""
    if isinstance(x, np.ndarray):
        return x.ndim == 2
    return (
        isinstance(x, Sequence)
        and len(x) > 0
        and (isinstance(x[0], (Sequence, np.ndarray)) or (is_tensor(x[0]) and x[0].ndim > 0))
        and not isinstance(x[0], str)
    )


def _initializers(init: object, bias_init: object, where: str) -> tuple[Initializer, Initializer]:
    """``init`` and ``bias_init`` as Initializers, checked where the user gave them: a
    bias's may also be a number (a constant bias); names are init's
    (:func:`~nn.init.get_initializer`)."""
    return get_initializer(init, where), get_initializer(bias_init, where, "bias_init", True)


class _Callable(Module):
    """Shared call protocol: a sample gives an Output, a batch a list of Outputs."""

    nin: int

    def forward(self, x: Sample | np.ndarray) -> list[Value]:
        """The outputs for one sample, always as a list."""
        raise NotImplementedError

    @overload
    def __call__(self, x: Sequence[Sample]) -> list[Output]: ...
    @overload
    def __call__(self, x: Sample) -> Output: ...
    @overload
    def __call__(self, x: np.ndarray) -> Any: ...

    def __call__(self, x: Any) -> Any:
        # a tensor (a batch too, read whole: a row's refusal would say "x"), or a list of
        # rows or cells of tensors, as predict reads X
        x = read_tensors(x, f"{type(self).__name__}: x", WrongInput)
        if is_batch(x):
            return [_unwrap(self.forward(s)) for s in x]
        return _unwrap(self.forward(x))


def _unwrap(out: list[Value]) -> Output:
    return out[0] if len(out) == 1 else out


class Neuron(_Callable):
    """a = f(Σᵢ wᵢ·xᵢ + b): ``nin`` weights, one bias, one activation f."""

    def __init__(
        self,
        nin: int,
        activation: str = "relu",
        init: str | Initializer = "uniform",
        bias_init: float | str | Initializer = 0.0,
        seed: int | np.random.Generator | None = None,
        *,
        fan_out: int = 1,
        _where: str = "Neuron",
    ) -> None:
        # _where: who a draw's refusal names — "MLP (layers.0.neurons.3)" for one of an
        # MLP's neurons, which the user never built by name
        self.nin = _positive_int(nin, "nin", "Neuron")
        check_buildable(self.nin + 1, {"nin": self.nin}, "Neuron")
        self._act = _activation(activation, "Neuron")
        self._activation = activation
        w_init, b_init = _initializers(init, bias_init, "Neuron")
        rng = make_rng(seed, "Neuron")
        weights = draw(w_init, rng, self.nin, self.nin, fan_out, _where)
        (bias,) = draw(b_init, rng, 1, self.nin, fan_out, _where, "bias_init")
        self.w = [Value(v) for v in weights]
        self.b = Value(bias)

    def own_parameters(self) -> list[tuple[str, Value]]:
        return [*((f"w.{i}", w) for i, w in enumerate(self.w)), ("b", self.b)]

    def own_values(self) -> list[Value]:
        if type(self).own_parameters is not Neuron.own_parameters:  # a subclass's own list
            return super().own_values()
        return [*self.w, self.b]

    @property
    def activation(self) -> str:
        """The name of f. Setting it changes what the neuron computes, not only what it
        says: a name kept apart from the function applied would let a model print, and
        save, one activation while computing another."""
        return self._activation

    @activation.setter
    def activation(self, name: str) -> None:
        self._act = _activation(name, "Neuron.activation")
        self._activation = name

    def fire(self, x: list[Any]) -> Value:
        """f(z) for an input list already checked by the caller (the hot path)."""
        return self._act(dot(self.w, x, self.b))

    def forward(self, x: Sample | np.ndarray) -> list[Value]:
        return [self.fire(as_sample(x, self.nin, "Neuron"))]

    def architecture(self) -> dict[str, Any]:
        """Raises ValueError when the weights are not ``nin`` (``w`` replaced by a list of
        another length): the description would give a parameter count of another model."""
        if len(self.w) != self.nin:
            raise ValueError(
                f"{type(self).__name__}.architecture: the neuron has {len(self.w)} weights "
                f"but nin = {self.nin}; give it {self.nin} weights or build a Neuron of "
                f"{len(self.w)} inputs"
            )
        return {"type": "Neuron", "nin": self.nin, "activation": self.activation}

    def _extra_repr(self) -> str:
        return f"{self.nin}, {self.activation}"


class Layer(_Callable):
    """``nout`` neurons that all read the same ``nin`` inputs."""

    def __init__(
        self,
        nin: int,
        nout: int,
        activation: str = "relu",
        init: str | Initializer = "uniform",
        bias_init: float | str | Initializer = 0.0,
        seed: int | np.random.Generator | None = None,
        *,
        _where: tuple[str, str] = ("Layer", ""),
    ) -> None:
        # _where: (the class the user built, this layer's place in it: "layers.1.")
        self.nin = _positive_int(nin, "nin", "Layer")
        nout = _positive_int(nout, "nout", "Layer")
        check_buildable((self.nin + 1) * nout, {"nin": self.nin, "nout": nout}, "Layer")
        _activation(activation, "Layer")
        w_init, b_init = _initializers(init, bias_init, "Layer")
        rng = make_rng(seed, "Layer")
        owner, prefix = _where
        self.neurons = [
            Neuron(
                self.nin,
                activation,
                w_init,
                b_init,
                rng,
                fan_out=nout,
                _where=f"{owner} ({prefix}neurons.{j})",
            )
            for j in range(nout)
        ]

    @property
    def nout(self) -> int:
        """How many neurons the layer has: read from the list, which is what computes."""
        return len(self.neurons)

    @property
    def activation(self) -> str:
        """Its neurons' activation; a ValueError naming the neuron when they differ."""
        return _layer_activation(self, "", f"{type(self).__name__}.activation")

    @activation.setter
    def activation(self, name: str) -> None:
        """Every neuron's: the layer computes what it says."""
        where = f"{type(self).__name__}.activation"
        _activation(name, where)
        for neuron in _neurons(self, "", where):  # all checked before any is changed
            neuron.activation = name

    def named_children(self) -> list[tuple[str, Module]]:
        return [(f"neurons.{i}", n) for i, n in enumerate(self.neurons)]

    def fire(self, x: list[Any]) -> list[Value]:
        """Every neuron's output for an already-checked input list."""
        return [n.fire(x) for n in self.neurons]

    def forward(self, x: Sample | np.ndarray) -> list[Value]:
        return self.fire(as_sample(x, self.nin, "Layer"))

    def architecture(self) -> dict[str, Any]:
        """Raises ValueError naming the neuron the description would not fit: another
        class, another weight count than ``nin``, another activation than the others."""
        return {
            "type": "Layer",
            "nin": self.nin,
            "nout": self.nout,
            "activation": _checked_layer(self, "", f"{type(self).__name__}.architecture"),
        }

    def _extra_repr(self) -> str:
        return f"{self.nin} → {self.nout}, {_or_unknown(lambda: self.activation)}"


class MLP(_Callable):
    """A multi-layer perceptron: layers of sizes ``nouts`` on ``nin`` inputs.

    ``MLP(2, [16, 16, 1])`` is micrograd's network (ReLU hidden layers, linear output);
    ``MLP(784, [16, 16, 10], activation="sigmoid", output_activation="sigmoid")`` is
    the seeds' digit network with 784·16+16 + 16·16+16 + 16·10+10 = 13,002 parameters.
    """

    def __init__(
        self,
        nin: int,
        nouts: Sequence[int] | np.ndarray[Any, Any],
        activation: str = "relu",
        output_activation: str = "linear",
        init: str | Initializer = "uniform",
        bias_init: float | str | Initializer = 0.0,
        seed: int | np.random.Generator | None = None,
    ) -> None:
        self.nin = _positive_int(nin, "nin", "MLP")
        # np.array([16, 10]) was refused as "must be a non-empty list of layer sizes", as
        # though it were none: a 1-D array is its list (its sizes checked as a list's)
        sized = nouts.tolist() if isinstance(nouts, np.ndarray) and nouts.ndim == 1 else nouts
        if isinstance(sized, (str, bytes)) or not isinstance(sized, Sequence) or not sized:
            raise ValueError(f"MLP: nouts must be a non-empty list of layer sizes, got {nouts!r}")
        sizes = [self.nin, *(_positive_int(n, "every layer size", "MLP") for n in sized)]
        count = sum((a + 1) * b for a, b in itertools.pairwise(sizes))
        check_buildable(count, {"nin": self.nin, "nouts": sizes[1:]}, "MLP")
        _activation(activation, "MLP")
        _activation(output_activation, "MLP")
        #: the hidden activation of an MLP with no hidden layer (``MLP(2, [1])``): it
        #: computes nothing, but the description keeps it (see :attr:`activation`)
        self._hidden_activation = activation
        w_init, b_init = _initializers(init, bias_init, "MLP")
        rng = make_rng(seed, "MLP")
        last = len(sizes) - 2
        self.layers = [
            Layer(
                sizes[i],
                sizes[i + 1],
                output_activation if i == last else activation,
                w_init,
                b_init,
                rng,
                _where=("MLP", f"layers.{i}."),
            )
            for i in range(last + 1)
        ]

    @property
    def nouts(self) -> list[int]:
        """Each layer's size, read from the layers (a new list each time)."""
        return [layer.nout for layer in _layers(self, f"{type(self).__name__}.nouts")]

    @property
    def activation(self) -> str:
        """The hidden layers' activation, read from their neurons; a ValueError naming
        the layer or neuron when they differ. With no hidden layer, the name given (it
        computes nothing)."""
        where = f"{type(self).__name__}.activation"
        hidden = _layers(self, where)[:-1]
        names = [_layer_activation(layer, f"layers.{i}.", where) for i, layer in enumerate(hidden)]
        return _one_hidden(names, where) if names else self._hidden_activation

    @activation.setter
    def activation(self, name: str) -> None:
        """Every hidden neuron's: the model computes what it says."""
        where = f"{type(self).__name__}.activation"
        _activation(name, where)
        hidden = _layers(self, where)[:-1]
        for i, layer in enumerate(hidden):
            _neurons(layer, f"layers.{i}.", where)  # all checked before any is changed
        for layer in hidden:
            layer.activation = name
        self._hidden_activation = name

    @property
    def output_activation(self) -> str:
        """The last layer's activation, read from its neurons (ValueError when they differ)."""
        where = f"{type(self).__name__}.output_activation"
        layers = _layers(self, where)
        return _layer_activation(layers[-1], f"layers.{len(layers) - 1}.", where)

    @output_activation.setter
    def output_activation(self, name: str) -> None:
        """Every output neuron's: the model computes what it says."""
        where = f"{type(self).__name__}.output_activation"
        _activation(name, where)
        layers = _layers(self, where)
        for neuron in _neurons(layers[-1], f"layers.{len(layers) - 1}.", where):
            neuron.activation = name

    def named_children(self) -> list[tuple[str, Module]]:
        return [(f"layers.{i}", layer) for i, layer in enumerate(self.layers)]

    def forward(self, x: Sample | np.ndarray) -> list[Value]:
        a = as_sample(x, self.nin, "MLP")
        for i, layer in enumerate(self.layers):
            try:
                a = layer.fire(a)
            except ValueError as exc:  # dot's "lengths differ": say which part of the model
                broken = _unchained(self, i, len(a))
                if broken is None:
                    raise
                raise BrokenModel(f"{type(self).__name__}.forward: {broken}") from exc
        return a

    def architecture(self) -> dict[str, Any]:
        """Read from the layers, which compute. Raises ValueError naming the part the
        format cannot state (a layer or neuron of another class, sizes that do not
        chain, a neuron with another weight count or activation than its layer's, hidden
        layers with different activations): a file would load as another network."""
        where = f"{type(self).__name__}.architecture"
        layers = _layers(self, where)
        names = []
        for i, layer in enumerate(layers):
            nin = self.nin if i == 0 else layers[i - 1].nout
            if layer.nin != nin:
                raise ValueError(f"{where}: {_chain_broken(i, layer.nin, nin)}")
            names.append(_checked_layer(layer, f"layers.{i}.", where))
        return {
            "type": "MLP",
            "nin": self.nin,
            "nouts": [layer.nout for layer in layers],
            "activation": _one_hidden(names[:-1], where) if names[1:] else self._hidden_activation,
            "output_activation": names[-1],
        }

    def _extra_repr(self) -> str:
        sizes = "-".join(map(str, [self.nin, *(getattr(n, "nout", "?") for n in self.layers)]))
        hidden = _or_unknown(lambda: self.activation)
        return f"{sizes}, {hidden} → {_or_unknown(lambda: self.output_activation)}"


def _chain_broken(i: int, takes: object, given: int) -> str:
    """How an error says that layer ``i``, taking ``takes`` inputs, is given ``given``."""
    before = "the MLP's nin is" if i == 0 else f"layers.{i - 1} gives"
    return f"layers.{i} takes {takes} inputs, but {before} {given}; an MLP's layers must chain"


def _unchained(mlp: MLP, i: int, given: int) -> str | None:
    """Why layer ``i`` of ``mlp`` cannot take the ``given`` numbers the part before it
    gives (its ``nin`` is another number, or a neuron of it has another number of
    weights), in :meth:`MLP.architecture`'s words; None when it can (the layer's error
    was another: the engine's, say). Asked only once a layer has failed."""
    layer = mlp.layers[i]
    takes = getattr(layer, "nin", None)
    if takes != given:
        return _chain_broken(i, takes, given)
    for j, neuron in enumerate(getattr(layer, "neurons", [])):
        w = getattr(neuron, "w", None)
        if isinstance(w, list) and len(w) != given:
            return (
                f"layers.{i}.neurons.{j} has {len(w)} weights, but layers.{i} takes {given} inputs"
            )
    return None


def _part(prefix: str, whole: str) -> str:
    """``layers.1`` from the prefix ``layers.1.``; ``whole`` ("the layer") for none."""
    return prefix[:-1] or whole


def _neurons(layer: Layer, prefix: str, where: str) -> list[Neuron]:
    """The layer's neurons, each an nn.Neuron, or a ValueError naming the first that is
    not (its activation and weights are not a neuron's)."""
    if not layer.neurons:
        raise ValueError(f"{where}: {_part(prefix, 'the layer')} has no neurons")
    for i, neuron in enumerate(layer.neurons):
        if not isinstance(neuron, Neuron):
            raise ValueError(
                f"{where}: {prefix}neurons.{i} is {type(neuron).__name__}, not an nn.Neuron; "
                f"a layer is described by its sizes and one activation"
            )
    return layer.neurons


def _layer_activation(layer: Layer, prefix: str, where: str) -> str:
    """The one activation of the layer's neurons, or a ValueError naming one that differs:
    an answer for some of them would be wrong for the others."""
    neurons = _neurons(layer, prefix, where)
    first = neurons[0].activation
    for i, neuron in enumerate(neurons):
        if neuron.activation != first:
            raise ValueError(
                f"{where}: {prefix}neurons.{i} computes {neuron.activation}, but "
                f"{prefix}neurons.0 computes {first}; a layer has one activation (set "
                f"{_part(prefix, 'the layer')}'s activation to give all its neurons one)"
            )
    return first


def _checked_layer(layer: Layer, prefix: str, where: str) -> str:
    """The layer's activation, after checking every neuron has ``layer.nin`` weights: one
    that has not would make the description's parameter count another model's."""
    for i, neuron in enumerate(_neurons(layer, prefix, where)):
        if len(neuron.w) != layer.nin:
            raise ValueError(
                f"{where}: {prefix}neurons.{i} has {len(neuron.w)} weights, but "
                f"{_part(prefix, 'the layer')} takes {layer.nin} inputs"
            )
    return _layer_activation(layer, prefix, where)


def _layers(model: MLP, where: str) -> list[Layer]:
    """The MLP's layers, each an nn.Layer, or a ValueError naming the first that is not."""
    if not model.layers:
        raise ValueError(f"{where}: the MLP has no layers")
    for i, layer in enumerate(model.layers):
        if not isinstance(layer, Layer):
            raise ValueError(
                f"{where}: layers.{i} is {type(layer).__name__}, not an nn.Layer; an MLP is "
                f"described by its layer sizes and activations"
            )
    return model.layers


def _one_hidden(names: list[str], where: str) -> str:
    """The hidden layers' one activation, or a ValueError naming a layer that differs."""
    for i, name in enumerate(names):
        if name != names[0]:
            raise ValueError(
                f"{where}: layers.{i} computes {name}, but layers.0 computes {names[0]}; an "
                f"MLP has one activation for all its hidden layers (set the model's "
                f"activation to give them all one)"
            )
    return names[0]


def _or_unknown(name: Callable[[], str]) -> str:
    """An activation for a repr, which must print even a model that cannot be described
    (neurons of one layer computing different functions, say): ``?`` then."""
    try:
        return name()
    except ValueError:
        return "?"


_PLAIN: tuple[type[Module], ...] = (MLP, Layer, Neuron)

#: What a subclass may define without changing what the model computes: how it is built
#: (its constructor) and how it prints, and the class's own bookkeeping.
_HARMLESS = frozenset(
    {"__init__", "__repr__", "__str__", "__doc__", "__module__", "__qualname__", "__dict__",
     "__weakref__", "__annotations__", "__firstlineno__", "__static_attributes__",
     "__orig_bases__", "__parameters__", "__slots__"}
)  # fmt: skip


def require_plain(model: Module, where: str, why: str) -> None:
    """Raise TypeError when ``model``, or a module inside it, is not nn's own
    :class:`MLP`, :class:`Layer` or :class:`Neuron` or a subclass that overrides nothing
    of theirs but the constructor (and ``repr``), naming the first one and what it
    overrides.

    For what keeps a model's architecture and numbers but not its code (a model file,
    ``to_torch``'s Sequential): what it gives back computes what these classes compute.
    A subclass that overrides ``forward`` — or ``fire``, ``__call__``,
    ``own_parameters``, anything of theirs: each can change the outputs — would come
    back computing something else; so would a module with ``forward`` (or any of them)
    set on the instance. One that only builds itself its own way
    (``class Net(nn.MLP)`` with an ``__init__`` calling ``super().__init__(2, [4, 1])``)
    or adds methods computes what its class computes: it is saved, and comes back as
    nn's class (or as itself, with ``load(path, into=Net())``). ``from_torch`` refuses a
    subclassed Sequential for the same reason.
    """

    def check(m: Module, name: str) -> None:
        what = f"the model's module {name}" if name else "the model"
        # a loop, not next() over a generator: one left suspended is closed later, and a
        # Ctrl-C landing then is "ignored" and printed (the interrupt tests met it)
        base: type | None = None
        for c in _PLAIN:
            if isinstance(m, c):
                base = c
                break
        if base is None:
            raise TypeError(
                f"{where}: {what} is {type(m).__name__}, not an nn.MLP, Layer or Neuron; {why}"
            )

        def overridden(owner: object) -> list[str]:
            return sorted(k for k in vars(owner) if k not in _HARMLESS and hasattr(base, k))

        for cls in type(m).__mro__:
            if cls is base:
                break
            changed = overridden(cls)
            if changed:
                raise TypeError(
                    f"{where}: {what} is {type(m).__name__}, a subclass of nn.{base.__name__} "
                    f"that overrides {', '.join(changed)}; {why}"
                )
        # set on the instance (m.forward = f): Module.__call__ finds it before the class's
        shadowed = overridden(m)
        if shadowed:
            raise TypeError(
                f"{where}: {what} has {', '.join(shadowed)} set on the instance "
                f"(m.{shadowed[0]} = …), in place of nn.{base.__name__}'s; {why}"
            )
        for child_name, child in m.named_children():
            check(child, f"{name}.{child_name}" if name else child_name)

    check(model, "")


def parameter_count(architecture: Any) -> int:
    """How many parameters :func:`build` would make, computed without building anything:
    Σ (n_in + 1)·n_out over the layers (a weight per input and a bias per neuron)."""
    if not isinstance(architecture, dict):
        raise ValueError(f"architecture: expected an object, got {type(architecture).__name__}")
    kind = architecture.get("type")
    sizes: list[Any]
    if kind == "Neuron":
        sizes = [architecture.get("nin"), 1]
    elif kind == "Layer":
        sizes = [architecture.get("nin"), architecture.get("nout")]
    elif kind == "MLP":
        nouts = architecture.get("nouts")
        if not isinstance(nouts, list) or not nouts:
            raise ValueError(f"architecture: nouts must be a non-empty list, got {nouts!r}")
        sizes = [architecture.get("nin"), *nouts]
    else:
        raise ValueError(f"architecture: unknown module type {kind!r}")
    for n in sizes:
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise ValueError(
                f"architecture: every layer size must be a positive integer, got {n!r}"
            )
    return sum((a + 1) * b for a, b in itertools.pairwise(sizes))


def build(architecture: Any) -> Module:
    """Rebuild an (untrained) module from :meth:`Module.architecture`'s description."""
    if not isinstance(architecture, dict):
        raise ValueError(f"architecture: expected an object, got {type(architecture).__name__}")
    kind = architecture.get("type")
    fields = {
        "Neuron": {"type", "nin", "activation"},
        "Layer": {"type", "nin", "nout", "activation"},
        "MLP": {"type", "nin", "nouts", "activation", "output_activation"},
    }
    if kind not in fields:
        raise ValueError(f"architecture: unknown module type {kind!r}")
    if set(architecture) != fields[kind]:
        raise ValueError(
            f"architecture: {kind} needs exactly the fields {sorted(fields[kind])}, "
            f"got {sorted(architecture)}"
        )
    a = architecture
    if kind == "Neuron":
        return Neuron(a["nin"], a["activation"], seed=0)
    if kind == "Layer":
        return Layer(a["nin"], a["nout"], a["activation"], seed=0)
    return MLP(a["nin"], a["nouts"], a["activation"], a["output_activation"], seed=0)
