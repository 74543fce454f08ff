"""A PyTorch tensor given as data (fit's, predict's, evaluate's X or y, a model's x,
accuracy's outputs and targets), where numpy cannot read it.

numpy reads a plain CPU tensor (a float32 batch from a DataLoader) through the tensor's
own ``__array__``; some it cannot, and torch's own error named neither X nor y: a
tensor that requires grad ("Can't call numpy() on Tensor that requires grad"), one of a
type numpy has none of ("Got unsupported ScalarType BFloat16"), one on another device
("can't convert meta device type tensor to numpy"), a sparse or a quantized one, and one
with torch's lazy conjugate or negative bit set. :func:`tensor_trouble` finds
such a tensor (X itself, a row of it or a cell of a row) after numpy has failed, and
says how to make it one numpy reads (or, on the meta device, that it has no numbers);
:func:`read_tensors` reads data holding tensors as fit does, for a model's call and
accuracy. torch is never imported here: a tensor is known by its class's module.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from itertools import chain
from typing import Any

import numpy as np

from autograd_mini.holders import torch_made

__all__ = ["is_tensor", "read_tensors", "tensor_trouble", "torch_made"]


#: What :func:`is_tensor` found of each type it was asked about (a fact of the type, the
#: same in every thread; cleared when it grows past 1,000 types, made on the fly).
_KINDS: dict[type, bool] = {}


def is_tensor(x: object) -> bool:
    """Whether ``x`` is a PyTorch tensor (a Parameter too), without importing torch.
    Asked of ``x``'s type, never of ``x``: ``hasattr(x, "detach")`` ran the object's own
    ``__getattr__``, whose error (other than AttributeError) came out of a model's call
    in place of its "input 0 is …, expected a number"; the answer is kept per type (a
    model's call asks it of every cell beside a Value)."""
    kind = type(x)
    known = _KINDS.get(kind)
    if known is None:
        if len(_KINDS) > 1000:
            _KINDS.clear()
        known = _KINDS[kind] = torch_made(kind) and callable(getattr(kind, "detach", None))
    return known


def _tensors(data: Any) -> Iterator[Any]:
    """The tensors in ``data``: itself, or those among its rows and their cells (a list
    of rows, each a tensor or a list of them)."""
    if is_tensor(data):
        yield data
        return
    if not isinstance(data, (list, tuple)):
        return
    for row in data:
        if is_tensor(row):
            yield row
        elif isinstance(row, (list, tuple)):
            yield from (cell for cell in row if is_tensor(cell))


def _may_hold_tensor(data: Any) -> bool:
    """Whether ``data`` is a tensor or a list holding tensors among its rows or their
    cells, asked of the types present (a model's call asks it of every sample: a walk
    of :func:`_tensors` over 784 floats took about a tenth of the call's time)."""
    if is_tensor(data):
        return True
    if not isinstance(data, (list, tuple)):
        return False
    kinds = set(map(type, data))
    if any(map(torch_made, kinds)):
        return True
    if not any(issubclass(k, (list, tuple)) for k in kinds):
        return False
    return any(map(torch_made, _cell_types(data)))


def _cell_types(data: list[Any] | tuple[Any, ...]) -> set[type]:
    """The types of the cells of ``data``'s rows (those that are lists or tuples), in one
    set: a set a row made accuracy of 200 rows of one Value 60 % slower (1.2 µs a row)."""
    rows = (row for row in data if isinstance(row, (list, tuple)))
    return set(map(type, chain.from_iterable(rows)))


def _booleans_beside(data: Any, a: np.ndarray) -> bool:
    """Whether numpy read booleans in ``data`` (a list holding tensors) as numbers in
    ``a``: ``[tensor(True), 1.0]`` is [1.0, 1.0] to numpy, and ``[tensor(1.), True]``
    too; the caller's own cell checks name the boolean."""
    if a.dtype.kind == "b" or not isinstance(data, (list, tuple)):
        return False
    kinds = set(map(type, data)) | _cell_types(data)
    if bool in kinds or np.bool_ in kinds:
        return True
    return any(str(t.dtype) == "torch.bool" for t in _tensors(data))


def _fixes(t: Any) -> tuple[list[str], str]:
    """What keeps numpy from reading tensor ``t`` (words) and the calls that mend it
    (".detach()", ".cpu()", ".to_dense()", ".float()", …), in the order they are to be
    made. Its storage (sparse, quantized, torch's lazy negative bit) is told
    before its type: a sparse float32 tensor was told "holds torch.float32 numbers …:
    pass X.float()", untrue and no mend, and a conjugate's ".float()" dropped its
    imaginary parts. A complex tensor's conjugate bit (torch sets it on complex tensors
    only) is not told: "pass X.resolve_conj()" led to the next refusal, as complex; nn
    wants real parts, and ``.real`` reads them through the bit (:func:`tensor_trouble`
    tells that)."""
    said, calls = [], ""
    if t.requires_grad:
        said.append("requires grad (it is part of torch's graph)")
        calls += ".detach()"
    if t.device.type != "cpu":  # (its dtype is told, if need be, once it is on the CPU)
        said.append(f"lives on the {t.device.type} device")
        return said, calls + ".cpu()"
    if str(t.layout) != "torch.strided":  # sparse (COO, CSR, …): its type told once dense
        said.append(f"is stored as {t.layout}, not as a dense array")
        return said, calls + ".to_dense()"
    if t.is_quantized:
        said.append(f"holds quantized {t.dtype} numbers")
        return said, calls + ".dequantize()"
    if t.is_neg():
        said.append("has its negative bit set (a lazy negation: .conj().imag)")
        calls += ".resolve_neg()"
    if t.is_complex():  # complex32 too: .real (told by the caller) gives float16
        return said, calls
    try:  # the type alone, on no numbers (torch is imported: a tensor of it is here)
        sys.modules["torch"].empty(0, dtype=t.dtype).numpy()
    except (TypeError, RuntimeError):  # a dtype numpy has no type for: bfloat16, float8, …
        said.append(f"holds {t.dtype} numbers")
        calls += ".float()"
    return said, calls


def tensor_trouble(data: Any, where: str) -> str | None:
    """Why numpy could not read ``data``, when a PyTorch tensor in it is the cause: the
    message, naming ``where`` ("fit: X") and the calls that give numpy a tensor it reads;
    None when no tensor in it is one numpy cannot read.

    A tensor on torch's meta device holds no numbers (a shape and a dtype only): it was
    told ``.cpu()``, which torch refuses ("Cannot copy out of meta tensor; no data!").
    A complex one is told so with its other trouble, in one message: one that required
    grad was told ``.detach()``, and once detached, refused as complex (nn computes
    with reals)."""
    name = where.rpartition(" ")[2] or where  # "X", "y": the argument, as the fix writes it
    for t in _tensors(data):
        whole = t is data
        it = "is a PyTorch tensor" if whole else "holds a PyTorch tensor"
        if t.device.type == "meta":
            made = name if whole else "each tensor"
            return (
                f"{where} {it} on the meta device, which holds no numbers (a shape and a "
                f"dtype only): numpy has none to read and .cpu() none to copy; make {made} "
                f"again with its numbers, on a real device (device='cpu')"
            )
        said, calls = _fixes(t)
        complex_ = t.is_complex()
        if said or complex_:
            how = f"{name}{calls}" if whole else f"each tensor as t{calls}"
            text = f"{where} {it}" + (f" that {' and '.join(said)}" if said else "")
            if not complex_:
                return f"{text}, which numpy cannot read: pass {how}"
            return (
                text
                + (", which numpy cannot read, and" if said else "")
                + f" whose numbers are complex ({t.dtype}), where nn computes with reals: "
                f"pass {how}.real, the real parts, if the imaginary parts may go"
            )
    return None


def read_tensors(data: Any, where: str, error: type[ValueError] = ValueError) -> Any:
    """``data`` holding PyTorch tensors (a tensor, or a list of rows or cells of them) as
    numpy reads it, as fit and predict read X and y; else ``error`` with
    :func:`tensor_trouble`'s words, naming ``where`` ("MLP: x", "accuracy: targets"), for
    a tensor numpy cannot read. ``data`` itself when it holds no tensor, or when numpy
    holds it only as objects or as text, or fails for another reason (ragged rows): the
    caller's own checks name that (numpy wrote a tensor beside a string as the string
    'tensor(1.)', named so as the cell)."""
    if not _may_hold_tensor(data):
        return data
    try:
        a = np.asarray(data)
    except (TypeError, ValueError, RuntimeError):
        trouble = tensor_trouble(data, where)
        if trouble is None:
            return data
        raise error(trouble) from None
    return a if a.dtype.kind in "biufc" and not _booleans_beside(data, a) else data
