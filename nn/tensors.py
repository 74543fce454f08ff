"""A PyTorch tensor given as data (fit's, predict's, evaluate's X or y), where numpy
cannot read it.

numpy reads a plain CPU tensor (a float32 batch from a DataLoader) through the tensor's
own ``__array__``; some it cannot, and torch's own error named neither X nor y: a
tensor that requires grad ("Can't call numpy() on Tensor that requires grad"), one of a
type numpy has none of ("Got unsupported ScalarType BFloat16"), one on another device
("can't convert meta device type tensor to numpy"), a sparse or a quantized one, and one
with torch's lazy conjugate or negative bit set. :func:`tensor_trouble` finds
such a tensor (X itself, a row of it or a cell of a row) after numpy has failed, and
says how to make it one numpy reads. torch is never imported here: a tensor is known by
its class's module.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

__all__ = ["tensor_trouble"]


def _is_tensor(x: object) -> bool:
    """Whether ``x`` is a PyTorch tensor (a Parameter too), without importing torch."""
    return type(x).__module__.partition(".")[0] == "torch" and hasattr(x, "detach")


def _tensors(data: Any) -> Iterator[Any]:
    """The tensors in ``data``: itself, or those among its rows and their cells (a list
    of rows, each a tensor or a list of them)."""
    if _is_tensor(data):
        yield data
        return
    if not isinstance(data, (list, tuple)):
        return
    for row in data:
        if _is_tensor(row):
            yield row
        elif isinstance(row, (list, tuple)):
            yield from (cell for cell in row if _is_tensor(cell))


def _fixes(t: Any) -> tuple[list[str], str]:
    """What keeps numpy from reading tensor ``t`` (words) and the calls that mend it
    (".detach()", ".cpu()", ".to_dense()", ".float()", …), in the order they are to be
    made. Its storage (sparse, quantized, torch's lazy conjugate or negative bit) is told
    before its type: a sparse float32 tensor was told "holds torch.float32 numbers …:
    pass X.float()", untrue and no mend, and a conjugate's ".float()" dropped its
    imaginary parts."""
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
    if t.is_conj():
        said.append("has its conjugate bit set (a lazy .conj())")
        calls += ".resolve_conj()"
    if t.is_neg():
        said.append("has its negative bit set (a lazy negation: .conj().imag)")
        calls += ".resolve_neg()"
    try:  # the type alone, on no numbers (torch is imported: a tensor of it is here)
        sys.modules["torch"].empty(0, dtype=t.dtype).numpy()
    except (TypeError, RuntimeError):  # a dtype numpy has no type for: bfloat16, float8, …
        said.append(f"holds {t.dtype} numbers")
        calls += ".float()"
    return said, calls


def tensor_trouble(data: Any, where: str) -> str | None:
    """Why numpy could not read ``data``, when a PyTorch tensor in it is the cause: the
    message, naming ``where`` ("fit: X") and the calls that give numpy a tensor it reads;
    None when no tensor in it is one numpy cannot read."""
    name = where.rpartition(" ")[2] or where  # "X", "y": the argument, as the fix writes it
    for t in _tensors(data):
        said, calls = _fixes(t)
        if said:
            whole = t is data
            which = "is a PyTorch tensor that" if whole else "holds a PyTorch tensor that"
            how = f"{name}{calls}" if whole else f"each tensor as t{calls}"
            return f"{where} {which} {' and '.join(said)}, which numpy cannot read: pass {how}"
    return None
