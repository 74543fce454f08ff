"""Graduate to PyTorch: the same network as a ``torch.nn.Sequential``, and back.

A scalar engine is for seeing every chain-rule step; a bigger model wants tensors. The
step is mechanical, because an :class:`~nn.layers.MLP` is exactly a stack of affine maps
and activations: layer ℓ with neurons j = 1…n_out is ``torch.nn.Linear(n_in, n_out)``
whose ``weight[j]`` holds neuron j's weights wⱼ and ``bias[j]`` its threshold bⱼ,
followed by the layer's activation module. So

* :func:`to_torch` builds that ``Sequential`` with the same numbers (float64 by
  default, so the two compute the same values to rounding), and
* :func:`from_torch` reads such a stack back into an ``nn.MLP`` — and refuses, with a
  message, anything that is not one (convolutions, dropout, a Linear without bias, a
  LeakyReLU with another slope, hidden layers with different activations, …).

PyTorch is an optional extra (``pip install "autograd-mini[torch]"``): it is imported
only when one of these functions is called (:func:`nn.optional.optional_import`).
"""

from __future__ import annotations

from typing import Any

from nn.layers import MLP, Layer, Neuron, require_plain
from nn.module import Module, tied_pairs
from nn.optional import optional_import
from nn.train import forget_loss

__all__ = ["TORCH_ACTIVATIONS", "TORCH_LACKS", "from_torch", "to_torch"]

#: our activation name → the name of the torch.nn module that computes the same function
#: ("linear" has none: a Linear followed directly by the next Linear, or by nothing)
TORCH_ACTIVATIONS: dict[str, str] = {
    "sigmoid": "Sigmoid",
    "tanh": "Tanh",
    "relu": "ReLU",
    "leaky_relu": "LeakyReLU",
}
#: nn's activations (the op rows marked ``activation=True``) to_torch has no module for:
#: torch.nn.Softplus returns x itself above its threshold (20: off by up to 2e-9) and
#: from_torch would have to refuse its other betas — not mapped, named by to_torch
TORCH_LACKS = frozenset({"softplus"})

#: the slope of our leaky_relu (Value.leaky_relu's default), which is also torch's default
_LEAKY_SLOPE = 0.01


def _torch(caller: str) -> Any:
    return optional_import("torch", f"nn.{caller}", "torch", "PyTorch", has="nn")


def _plain_type(model: Module) -> MLP | Layer | Neuron:
    """``model`` if it is an nn.MLP, Layer or Neuron (a subclass too), else a TypeError."""
    if not isinstance(model, (MLP, Layer, Neuron)):
        raise TypeError(
            f"to_torch: expected an nn.MLP, nn.Layer or nn.Neuron, got {type(model).__name__}"
        )
    return model


def _layers_of(model: Module) -> list[tuple[int, list[Neuron], str]]:
    """(inputs, neurons, activation) of each layer, first to last, read once the model's
    :meth:`~nn.layers.MLP.architecture` has checked they chain, have one activation each
    and are nn's classes (a ValueError naming the part): a Linear has one in-size and an
    activation module follows all its outputs, so a Sequential can state no more."""
    plain = _plain_type(model)
    try:
        plain.architecture()
    except ValueError as exc:
        raise ValueError(f"to_torch: {exc}") from None
    if isinstance(plain, MLP):
        return [(layer.nin, layer.neurons, layer.activation) for layer in plain.layers]
    if isinstance(plain, Layer):
        return [(plain.nin, plain.neurons, plain.activation)]
    return [(plain.nin, [plain], plain.activation)]


def to_torch(model: Module, dtype: Any = None) -> Any:
    """An equivalent ``torch.nn.Sequential``: ``Linear`` + activation module per layer.

    The weights and biases are copied (the two models share nothing afterwards).
    ``dtype`` defaults to ``torch.float64``, in which every number of ours is exact and
    the two models agree to rounding; pass ``torch.float32`` for PyTorch's usual speed.

    The model must be an ``nn.MLP``, ``nn.Layer`` or ``nn.Neuron``, and so must everything
    in it, or a subclass that overrides none of their methods but ``__init__`` (a
    TypeError names one that does): the Sequential copies the numbers and activations,
    not an overridden ``forward`` (see :func:`nn.layers.require_plain`).
    """
    _plain_type(model)
    require_plain(
        model,
        "to_torch",
        "the Sequential would copy only its weights and activations, and may compute "
        "something else (an overridden forward, say)",
    )
    layers = _layers_of(model)
    named = model.named_parameters()
    tied = tied_pairs(named)
    if tied:
        i, j = tied[0]
        raise ValueError(
            f"to_torch: parameters {named[i][0]} and {named[j][0]} are one Value (tied); "
            f"a torch Linear keeps each weight apart, so the copy would train them apart"
        )
    lacking = [a for _, _, a in layers if a != "linear" and a not in TORCH_ACTIVATIONS]
    if lacking:  # before torch is imported: said the same with PyTorch or without it
        raise ValueError(_no_module(lacking[0]))
    torch = _torch("to_torch")
    dtype = torch.float64 if dtype is None else dtype
    if not (isinstance(dtype, torch.dtype) and dtype.is_floating_point):
        raise TypeError(  # torch's own error pointed to torch.iinfo
            f"to_torch: dtype must be a floating-point torch dtype (torch.float64, "
            f"torch.float32, …), got {dtype!r}"
        )
    largest = torch.finfo(dtype).max  # a number beyond it would become inf in the copy
    big = [(name, p.data) for name, p in model.named_parameters() if not abs(p.data) <= largest]
    if big:
        name, v = big[0]
        raise ValueError(
            f"to_torch: parameter {name} is {v!r}, beyond {dtype}'s range (±{largest:.3g}); "
            f"use a wider dtype"
        )
    modules: list[Any] = []
    for nin, neurons, activation in layers:
        linear = torch.nn.Linear(nin, len(neurons), dtype=dtype)
        weight = [[w.data for w in n.w] for n in neurons]  # row j: neuron j's weights
        with torch.no_grad():
            linear.weight.copy_(torch.tensor(weight, dtype=torch.float64))
            linear.bias.copy_(torch.tensor([n.b.data for n in neurons], dtype=torch.float64))
        modules.append(linear)
        if activation == "leaky_relu":
            modules.append(torch.nn.LeakyReLU(_LEAKY_SLOPE))
        elif activation in TORCH_ACTIVATIONS:
            modules.append(getattr(torch.nn, TORCH_ACTIVATIONS[activation])())
    return torch.nn.Sequential(*modules)


def _no_module(activation: str) -> str:
    """Why to_torch refuses ``activation`` (an op marked ``activation=True`` the map
    lacks), and what to do. It said "has no torch.nn module here (TORCH_ACTIVATIONS maps
    …)", naming a table inside this module and no reason a student could act on."""
    mapped = ", ".join(TORCH_ACTIVATIONS) + " or linear"
    if activation == "softplus":
        why = (
            "torch.nn.Softplus returns x itself above its threshold (x > 20), where "
            "softplus(x) = x + log(1 + e⁻ˣ) is larger by up to 2.1e-9, and to_torch makes "
            "only copies that compute what the model computes, to rounding"
        )
        instead = (
            "or write the torch.nn.Sequential yourself, torch.nn.Softplus() where the model "
            "has softplus, if that difference does not matter to you"
        )
    else:  # an activation registered later (autograd_mini.ops.register)
        why = "it is an op registered as an activation, and to_torch knows no module for it"
        instead = "or write the torch.nn.Sequential yourself with a module that computes it"
    return (
        f"to_torch: activation {activation!r} has no torch.nn module that computes it "
        f"exactly: {why}. To move the model to PyTorch, train it with {mapped}; {instead}"
    )


def _activation_name(module: Any, index: int, torch: Any) -> str:
    """Our name for a torch activation module, or a ValueError saying why there is none."""
    if type(module) is torch.nn.Identity:
        return "linear"
    if type(module) is torch.nn.LeakyReLU:
        if module.negative_slope != _LEAKY_SLOPE:
            raise ValueError(
                f"from_torch: module {index} is LeakyReLU({module.negative_slope}); "
                f"nn's leaky_relu has slope {_LEAKY_SLOPE}"
            )
        return "leaky_relu"
    for ours, theirs in TORCH_ACTIVATIONS.items():
        if type(module) is getattr(torch.nn, theirs):
            return ours
    supported = ", ".join(["Linear", *TORCH_ACTIVATIONS.values(), "Identity"])
    raise ValueError(
        f"from_torch: module {index} is {type(module).__name__}, which nn.MLP has no "
        f"counterpart for; a Sequential of {supported} is supported"
    )


def from_torch(module: Any) -> MLP:
    """An ``nn.MLP`` with the weights of a ``torch.nn.Sequential`` of ``Linear`` layers
    (with bias), each followed by at most one of ``Sigmoid``, ``Tanh``, ``ReLU``,
    ``LeakyReLU(0.01)`` or ``Identity``.

    All hidden layers must share one activation (an ``nn.MLP`` has one for its hidden
    layers and one for its output layer). Anything else is refused with a ``ValueError``
    that names the module; a non-``Sequential`` is a ``TypeError``.

    The module keeps no loss: the model given back is one whose weights came without the
    loss they were trained with, as :func:`nn.load`'s, so :func:`~nn.train.fit` and
    :func:`~nn.train.evaluate` without ``loss=`` ask for it (a network trained with
    cross-entropy in PyTorch went on with squared error, fit's default for a new model).
    """
    torch = _torch("from_torch")
    # exact types: a subclass may override forward(), and then the weights alone would
    # not say what the module computes
    if type(module) is not torch.nn.Sequential:
        raise TypeError(
            f"from_torch: expected a torch.nn.Sequential of Linear layers and activations, "
            f"got {type(module).__name__}"
        )
    children = list(module)
    # a hook changes what a module computes as much as an overridden forward() does
    for where, m in [
        ("the Sequential", module),
        *((f"module {i}", c) for i, c in enumerate(children)),
    ]:
        if m._forward_hooks or m._forward_pre_hooks:
            raise ValueError(
                f"from_torch: {where} has a forward hook, which may change what it computes; "
                f"remove the hook before converting"
            )
    # (Linear, activation name) per layer, checked one module at a time
    layers: list[tuple[Any, str]] = []
    for i, child in enumerate(children):
        if type(child) is torch.nn.Linear:
            if not child.weight.is_floating_point():
                raise ValueError(f"from_torch: module {i} has {child.weight.dtype} weights")
            if child.bias is None:
                raise ValueError(
                    f"from_torch: module {i} is a Linear without bias; every nn neuron has one"
                )
            if layers and layers[-1][0].out_features != child.in_features:
                raise ValueError(
                    f"from_torch: module {i} takes {child.in_features} inputs but the layer "
                    f"before gives {layers[-1][0].out_features}"
                )
            layers.append((child, "linear"))
            continue
        name = _activation_name(child, i, torch)
        if not layers:
            raise ValueError(
                f"from_torch: module {i} ({type(child).__name__}) comes before any Linear"
            )
        if type(children[i - 1]) is not torch.nn.Linear:
            raise ValueError(
                f"from_torch: module {i} ({type(child).__name__}) follows another activation; "
                f"nn layers have one activation each"
            )
        layers[-1] = (layers[-1][0], name)
    if not layers:
        raise ValueError("from_torch: the Sequential has no Linear layer")
    hidden = {name for _, name in layers[:-1]}
    if len(hidden) > 1:
        raise ValueError(
            f"from_torch: the hidden layers use different activations "
            f"({', '.join(sorted(hidden))}); nn.MLP has one for all its hidden layers"
        )
    output = layers[-1][1]
    activation = hidden.pop() if hidden else "relu"  # one layer: MLP's default, unused
    sizes = [linear.out_features for linear, _ in layers]
    model = MLP(layers[0][0].in_features, sizes, activation, output, seed=0)
    state: dict[str, float] = {}
    for i, (linear, _) in enumerate(layers):
        # float32 → float64 is exact, so the numbers are the module's own
        weight = linear.weight.detach().to(torch.float64)
        bias = linear.bias.detach().to(torch.float64)
        for what, numbers in (("weight", weight), ("bias", bias)):
            bad = (~torch.isfinite(numbers)).nonzero()
            if len(bad):  # named as the torch module has it, not as nn would name it
                at = ", ".join(map(str, bad[0].tolist()))
                index = next(m for m, child in enumerate(children) if child is linear)
                raise ValueError(
                    f"from_torch: module {index} (Linear) has {what}[{at}] = "
                    f"{numbers[tuple(bad[0].tolist())].item()!r}; nn's parameters are finite"
                )
        weight, bias = weight.tolist(), bias.tolist()
        for j, (row, b) in enumerate(zip(weight, bias, strict=True)):
            for k, w in enumerate(row):
                state[f"layers.{i}.neurons.{j}.w.{k}"] = w
            state[f"layers.{i}.neurons.{j}.b"] = b
    try:
        model.load_state_dict(state)  # checks every number is finite
    except ValueError as exc:
        raise ValueError(f"from_torch: {exc}") from None
    forget_loss(model)  # the module keeps no loss: fit and evaluate ask for loss=
    return model
