"""A PyTorch tensor given to a model's own call (``model(x)``) or to nn.accuracy, read as
fit and predict read it (skipped when PyTorch is not installed). ``m(torch.ones(2))``
said "expected a sequence of 2 numbers or Values, got Tensor" where predict reads the
same tensor, and of one requiring grad told neither why nor the mend; accuracy took a
tensor of targets fit accepts (``torch.tensor([1, 0])``) sample by sample, and refused
each as "tensor(1), expected a number"."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from torch_given import needs_torch, torch

import nn
from autograd_mini import Value


def _refused() -> dict[str, Callable[[tuple[int, ...]], Any]]:
    """Tensors numpy cannot read, of a given shape: each kind fit and predict refuse."""
    return {
        "requires grad": lambda shape: torch.ones(shape, requires_grad=True),
        "bfloat16": lambda shape: torch.ones(shape, dtype=torch.bfloat16),
        "meta": lambda shape: torch.ones(shape, device="meta"),
        "complex, requires grad": lambda shape: torch.complex(
            torch.ones(shape), torch.ones(shape)
        ).requires_grad_(),
    }


def _words(call: Callable[[], Any], error: type[ValueError]) -> str:
    with pytest.raises(error) as caught:
        call()
    return str(caught.value)


@needs_torch
def test_a_model_reads_a_plain_tensor_as_predict_does() -> None:
    """A plain CPU float tensor, one sample or a batch (or a list of row tensors), gives
    what the same numbers give as a list; predict takes the batch too."""
    model = nn.MLP(2, [3, 1], seed=0)
    rows = [[0.5, -1.0], [2.0, 0.25], [-0.75, 1.5]]
    listed = [out.data for out in model(rows)]
    assert model(torch.tensor(rows[0])).data == listed[0]
    assert [out.data for out in model(torch.tensor(rows))] == listed
    assert [out.data for out in model([torch.tensor(r) for r in rows])] == listed
    assert model([torch.tensor(0.5), torch.tensor(-1.0)]).data == listed[0]
    assert nn.predict(model, torch.tensor(rows))[:, 0].tolist() == pytest.approx(listed, abs=0)


@needs_torch
@pytest.mark.parametrize("kind", list(_refused()))
@pytest.mark.parametrize("module", ["MLP", "Layer", "Neuron"])
def test_a_model_refuses_a_tensor_in_predicts_words_naming_x(module: str, kind: str) -> None:
    """A tensor numpy cannot read, given to a model (or to its forward), is refused with
    predict's words for it, naming the model and its argument x."""
    model = {
        "MLP": nn.MLP(2, [1], seed=0),
        "Layer": nn.Layer(2, 2, seed=0),
        "Neuron": nn.Neuron(2, seed=0),
    }[module]
    make = _refused()[kind]
    said = _words(lambda: nn.predict(nn.MLP(2, [1], seed=0), make((3, 2))), nn.WrongInput)
    expected = re.sub(r"\bX\b", "x", said.replace("predict: X", f"{module}: x"))
    for x in (make((2,)), make((3, 2))):
        assert _words(lambda x=x: model(x), nn.WrongInput) == expected
    assert _words(lambda: model.forward(make((2,))), nn.WrongInput) == expected


@needs_torch
def test_accuracy_reads_tensors_of_targets_and_outputs_as_fit_does() -> None:
    """Class indices as an int tensor (torch.tensor([0, 1, 1]): fit accepts them), and
    outputs as a tensor: scored as the same numbers in lists are, by hand 2 of 3 right
    (argmax 0, 1, 0 against 0, 1, 1)."""
    outputs = [[0.9, 0.1], [0.2, 0.8], [0.6, 0.4]]
    targets = torch.tensor([0, 1, 1])
    assert nn.accuracy(outputs, targets) == 2 / 3
    assert nn.accuracy(torch.tensor(outputs), targets) == 2 / 3
    assert nn.accuracy(outputs, [torch.tensor(0), torch.tensor(1), torch.tensor(1)]) == 2 / 3
    assert nn.accuracy([[0.7], [0.1]], torch.tensor([1.0, 0.0]), threshold=0.5) == 1.0
    model = nn.MLP(2, [2], seed=0)
    nn.fit(model, np.ones((3, 2)), targets, loss="cross_entropy", epochs=1, progress=False)


@needs_torch
@pytest.mark.parametrize("kind", list(_refused()))
def test_accuracy_refuses_a_tensor_in_fits_words(kind: str) -> None:
    """Targets (or outputs) as a tensor numpy cannot read: fit's words for that y, naming
    accuracy's argument: a plain ValueError, as fit's for y."""
    make = _refused()[kind]
    model = nn.MLP(2, [1], seed=0)
    fits = _words(
        lambda: nn.fit(model, np.ones((3, 2)), make((3,)), epochs=1, progress=False), ValueError
    )
    cases = {
        "targets": ([[0.7], [0.1], [0.2]], make((3,))),
        "outputs": (make((3,)), [1.0, 0.0, 0.0]),
    }
    for name, (outputs, targets) in cases.items():
        expected = re.sub(r"\by\b", name, fits.replace("fit: y", f"accuracy: {name}"))
        told = _words(lambda o=outputs, t=targets: nn.accuracy(o, t, threshold=0.5), ValueError)
        assert told == expected


def _made_elsewhere() -> type:
    """A tensor subclass defined outside torch, as torchvision's ``tv_tensors.Image`` is
    (torchvision is not needed: only the class's module is what nn read)."""

    class Image(torch.Tensor):
        pass

    Image.__module__ = "torchvision.tv_tensors._image"
    return Image


@needs_torch
def test_a_tensor_subclass_made_outside_torch_is_a_tensor() -> None:
    """A subclass of torch.Tensor from another package was not known as a tensor (its
    class's module was read, not its bases'): a model called with it said "got Image"
    where predict reads it, accuracy refused each target as "Image(1.)", and one that
    requires grad met torch's own RuntimeError from predict. It is read as a tensor."""
    image = _made_elsewhere()
    rows = [[0.5, -1.0], [2.0, 0.25]]
    model = nn.MLP(2, [1], seed=0)
    listed = [out.data for out in model(rows)]
    x = torch.tensor(rows).as_subclass(image)
    assert [out.data for out in model(x)] == listed
    assert model(x[0]).data == listed[0]
    targets = torch.tensor([1.0, 0.0]).as_subclass(image)
    assert nn.accuracy([[0.7], [0.1]], targets, threshold=0.5) == 1.0
    with pytest.raises(nn.WrongInput, match=r"^predict: X is a PyTorch tensor that requires "):
        nn.predict(model, x.clone().requires_grad_())


@needs_torch
def test_a_0d_tensor_beside_a_value_is_its_number() -> None:
    """One sample whose cells are a 0-d tensor and a Value (a numpy scalar beside a Value
    is read): the list was taken for a batch of rows, its first row the 0-d tensor, and
    refused "expected one sample of 2 numbers, got shape ()"; beside None the same words
    hid the None. The tensor is its number, and None is named where it is."""
    model = nn.MLP(2, [1], seed=0)
    expected = model([0.5, -1.0]).data
    assert model([torch.tensor(0.5), Value(-1.0)]).data == expected
    assert model.forward([torch.tensor(0.5), Value(-1.0)])[0].data == expected
    with pytest.raises(nn.WrongInput, match=r"^MLP: input 1 is NoneType \(None\)"):
        model([torch.tensor(0.5), None])
    with pytest.raises(nn.WrongInput, match=r"^MLP: x\[0\] is a PyTorch tensor that requires "):
        model.forward([torch.tensor(0.5, requires_grad=True), Value(-1.0)])


@needs_torch
def test_a_tensor_beside_a_string_is_not_named_as_text() -> None:
    """numpy writes a tensor beside a string as the string 'tensor(0.5000)', which was then
    named as the faulty cell ("input 0 is str ('tensor(0.5000)')"); the string is named,
    as predict names it."""
    model = nn.MLP(2, [1], seed=0)
    with pytest.raises(nn.WrongInput, match=r"^MLP: input 1 is str \('a'\)"):
        model([[torch.tensor(0.5), "a"]])
    with pytest.raises(nn.WrongInput, match=r"^MLP: input 1 is str \('a'\)"):
        model([torch.tensor(0.5), "a"])


@needs_torch
def test_accuracy_names_a_0d_tensor_as_the_tensor_given() -> None:
    """A 0-d tensor as targets (one number, no samples) was refused as "got ndarray
    array(1)", the array nn read it as, not what was given: it is named as a Tensor."""
    with pytest.raises(ValueError) as caught:
        nn.accuracy([Value(0.9)], torch.tensor(1), threshold=0.5)
    assert str(caught.value) == (
        "accuracy: targets must be a list with one entry per sample, got Tensor tensor(1)"
    )


class _Raising:
    """An input whose own ``__getattr__`` raises what is no AttributeError."""

    def __getattr__(self, name: str) -> Any:
        raise RuntimeError(f"__getattr__ ran for {name}")

    def __repr__(self) -> str:
        return "_Raising()"


@pytest.mark.parametrize(
    "call",
    [
        lambda m: m([_Raising(), 1.0]),
        lambda m: m.forward([_Raising(), Value(1.0)]),
        lambda m: m(_Raising()),
    ],
    ids=["call", "forward beside a Value", "whole"],
)
def test_looking_for_a_tensor_never_asks_the_object(call: Callable[[Any], Any]) -> None:
    """Whether an input is a tensor is asked of its type: asking the object ran its
    ``__getattr__``, whose RuntimeError came out of the call in place of nn's refusal
    (needs no torch: the object is no tensor)."""
    m = nn.MLP(2, [1], seed=0)
    with pytest.raises(nn.WrongInput, match=r"(input 0 is _Raising|got _Raising)"):
        call(m)


#: What the engine says after naming a boolean given for a number (reals.boolean_hint)
_NO_BOOLEAN = "a boolean is no number here: pass 1.0 or 0.0"


@needs_torch
def test_a_boolean_tensor_beside_numbers_is_refused_not_read_as_one() -> None:
    """numpy reads ``[tensor(True), 1.0]`` as [1.0, 1.0]: a model's call, fit's X and y and
    accuracy's targets took the boolean for 1.0 without a word. Each is refused where it
    is, in the engine's words."""
    model = nn.MLP(2, [1], seed=0)
    with pytest.raises(nn.WrongInput, match=r"^MLP: input 0 is the boolean tensor\(True\) — "):
        model([torch.tensor(True), 1.0])
    with pytest.raises(nn.WrongInput, match=rf"^MLP: input 1 is the boolean True — {_NO_BOOLEAN}$"):
        model([torch.tensor(1.0), True])
    with pytest.raises(nn.WrongInput, match=r"^fit: X row 1 column 0 is the boolean tensor\("):
        nn.fit(model, [[0.5, 1.0], [torch.tensor(False), 1.0]], [0.0, 1.0], epochs=1)
    with pytest.raises(ValueError, match=r"^fit: y target 1 is the boolean tensor\(True\) — "):
        nn.fit(model, [[0.5, 1.0], [0.0, 1.0]], [torch.tensor(0.0), torch.tensor(True)], epochs=1)
    with pytest.raises(ValueError, match=r"^accuracy: target 1 is the boolean tensor\(True\) — "):
        nn.accuracy([[0.3], [0.6]], [torch.tensor(0.0), torch.tensor(True)], threshold=0.5)


@needs_torch
def test_boolean_tensor_targets_are_told_as_fit_tells_them() -> None:
    """accuracy said "target 0 is True" of a boolean tensor of targets where fit says that
    y holds booleans: both say the same."""
    model = nn.MLP(2, [1], seed=0)
    y = torch.tensor([True, False])
    fit = _words(lambda: nn.fit(model, [[0.5, 1.0], [0.0, 1.0]], y, epochs=1), ValueError)
    acc = _words(lambda: nn.accuracy([[0.3], [0.6]], y, threshold=0.5), ValueError)
    assert fit.startswith("fit: y holds booleans; ")
    assert acc.startswith("accuracy: targets hold booleans; ")
    assert fit.partition("; ")[2] == acc.partition("; ")[2]


@needs_torch
def test_targets_mixing_a_tensor_and_a_string_name_the_string() -> None:
    """A list of 0-d tensors is read as targets; beside a string, the tensor was refused
    ("target 0 is tensor(1.)"), not the string that was the fault."""
    model = nn.MLP(2, [1], seed=0)
    with pytest.raises(ValueError, match=r"^fit: y: squared_error: target 1 is 'a', expected"):
        nn.fit(model, [[0.5, 1.0], [0.0, 1.0]], [torch.tensor(1.0), "a"], epochs=1)
    with pytest.raises(ValueError, match=r"^accuracy: target 1 is 'a', expected"):
        nn.accuracy([[0.3], [0.6]], [torch.tensor(1.0), "a"], threshold=0.5)
    assert nn.accuracy([[0.3], [0.6]], [torch.tensor(1.0), 1.0], threshold=0.5) == 0.5
