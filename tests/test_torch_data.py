"""A PyTorch tensor given to fit, predict or evaluate as X or y where numpy cannot read
it (skipped when PyTorch is not installed): one that requires grad met torch's own
RuntimeError ("Can't call numpy() on Tensor that requires grad"), one of bfloat16
"Got unsupported ScalarType BFloat16", neither naming X or y nor the way out."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from torch_given import needs_torch, torch

import nn

MODEL = nn.MLP(2, [1], seed=0)
X_OK = np.ones((3, 2))
Y_OK = np.zeros(3)

CALLS: dict[str, Callable[[Any, Any], Any]] = {
    "fit": lambda X, y: nn.fit(MODEL, X, y, epochs=1, progress=False),
    "predict": lambda X, y: nn.predict(MODEL, X),
    "evaluate": lambda X, y: nn.evaluate(MODEL, X, y, loss="squared_error"),
}


def _kinds() -> dict[str, tuple[Callable[[Any], Any], str, str]]:
    """A tensor numpy cannot read, made from an array: the words and the calls the
    refusal must hold."""
    return {
        "requires grad": (
            lambda a: torch.tensor(a, requires_grad=True),
            "requires grad (it is part of torch's graph)",
            ".detach()",
        ),
        "bfloat16": (
            lambda a: torch.tensor(a, dtype=torch.bfloat16),
            "holds torch.bfloat16 numbers",
            ".float()",
        ),
        "both": (
            lambda a: torch.tensor(a, dtype=torch.bfloat16, requires_grad=True),
            "requires grad (it is part of torch's graph) and holds torch.bfloat16 numbers",
            ".detach().float()",
        ),
        # a sparse tensor, or one with torch's lazy negative bit, is no dtype numpy lacks:
        # each was told "holds torch.float32 numbers …: pass X.float()", untrue, no mend
        "sparse": (
            lambda a: torch.tensor(a, dtype=torch.float32).to_sparse(),
            "is stored as torch.sparse_coo, not as a dense array",
            ".to_dense()",
        ),
        "negative bit": (  # the imaginary part of a conjugate, negated lazily
            lambda a: (
                torch.complex(torch.zeros(a.shape), torch.tensor(a, dtype=torch.float32))
                .conj()
                .imag
            ),
            "has its negative bit set (a lazy negation: .conj().imag)",
            ".resolve_neg()",
        ),
        "sparse, requires grad": (
            lambda a: torch.tensor(a, dtype=torch.float32).to_sparse().requires_grad_(),
            "requires grad (it is part of torch's graph) and is stored as torch.sparse_coo, "
            "not as a dense array",
            ".detach().to_dense()",
        ),
    }


@needs_torch
@pytest.mark.parametrize(
    "kind",
    ["requires grad", "bfloat16", "both", "sparse", "negative bit", "sparse, requires grad"],
)
@pytest.mark.parametrize("call", list(CALLS))
def test_an_x_tensor_numpy_cannot_read_is_named_with_its_fix(call: str, kind: str) -> None:
    """X as a tensor that requires grad, or of bfloat16: nn.WrongInput naming X, what
    keeps numpy from it and the calls that mend it — which, made, let the call run."""
    make, said, fix = _kinds()[kind]
    with pytest.raises(nn.WrongInput) as caught:
        CALLS[call](make(X_OK), Y_OK)
    assert str(caught.value) == (
        f"{call}: X is a PyTorch tensor that {said}, which numpy cannot read: pass X{fix}"
    )
    mended = make(X_OK)
    for method in fix.strip(".()").split("()."):
        mended = getattr(mended, method)()
    CALLS[call](mended, Y_OK)  # runs


@needs_torch
@pytest.mark.parametrize("kind", ["requires grad", "bfloat16"])
@pytest.mark.parametrize("call", ["fit", "evaluate"])
def test_a_y_tensor_numpy_cannot_read_is_a_value_error_naming_y(call: str, kind: str) -> None:
    """y as such a tensor: a plain ValueError (y's faults are), naming y and the fix."""
    make, _, fix = _kinds()[kind]
    with pytest.raises(ValueError) as caught:
        CALLS[call](X_OK, make(Y_OK))
    assert not isinstance(caught.value, nn.WrongInput)  # WrongInput is the model's input's
    assert str(caught.value).startswith(f"{call}: y is a PyTorch tensor that ")
    assert str(caught.value).endswith(f"which numpy cannot read: pass y{fix}")


@needs_torch
def test_rows_of_tensors_that_require_grad_are_named() -> None:
    """A list of row tensors (or of 0-d cells) that require grad: numpy met each."""
    rows = [torch.ones(2, requires_grad=True)] * 3
    cells = [[torch.tensor(1.0, requires_grad=True), 1.0]] * 3
    for X in (rows, cells):
        with pytest.raises(nn.WrongInput, match=r"^predict: X holds a PyTorch tensor that "):
            nn.predict(MODEL, X)
    assert nn.predict(MODEL, [r.detach() for r in rows]).shape == (3, 1)


@needs_torch
def test_a_conjugate_tensor_is_told_it_is_complex_and_given_its_real_parts() -> None:
    """z.conj(), complex with torch's lazy conjugate bit: "pass X.float()" would have
    dropped its imaginary parts (torch only warns); "pass X.resolve_conj()" led only to
    the next refusal, as complex. One message says it is complex, and .real, which reads
    through the bit, is the mend: made, predict runs on the real parts."""
    z = torch.tensor([[1 + 2j, 3 + 0j]] * 3).conj()
    with pytest.raises(nn.WrongInput) as caught:
        nn.predict(MODEL, z)
    assert str(caught.value) == (
        "predict: X is a PyTorch tensor whose numbers are complex (torch.complex64), where "
        "nn computes with reals: pass X.real, the real parts, if the imaginary parts may go"
    )
    got = nn.predict(MODEL, z.real)
    assert got.tolist() == nn.predict(MODEL, [[1.0, 3.0]] * 3).tolist()


@needs_torch
@pytest.mark.parametrize("call", list(CALLS))
def test_a_complex_tensor_requiring_grad_is_told_both_in_one_message(call: str) -> None:
    """A complex tensor that requires grad was told ".detach()" and, detached, refused as
    complex: two refusals, one after the other. One message names both, with both mends,
    which, made, let the call run (on the real parts)."""
    z = torch.complex(torch.ones(3, 2), torch.ones(3, 2)).requires_grad_()
    with pytest.raises(nn.WrongInput) as caught:
        CALLS[call](z, Y_OK)
    assert str(caught.value) == (
        f"{call}: X is a PyTorch tensor that requires grad (it is part of torch's graph), "
        "which numpy cannot read, and whose numbers are complex (torch.complex64), where nn "
        "computes with reals: pass X.detach().real, the real parts, if the imaginary parts "
        "may go"
    )
    CALLS[call](z.detach().real, Y_OK)  # runs
    with pytest.raises(
        ValueError,
        match=r"^fit: y is a PyTorch tensor that requires grad .*"
        r"pass y\.detach\(\)\.real, the real parts",
    ):
        CALLS["fit"](X_OK, torch.complex(torch.zeros(3), torch.zeros(3)).requires_grad_())


@needs_torch
def test_a_meta_tensor_is_told_it_holds_no_numbers() -> None:
    """A tensor on torch's meta device (a shape and a dtype, no numbers) was told "pass
    X.cpu()", which torch refuses: "Cannot copy out of meta tensor; no data!". It is told
    that it holds no numbers, and to be made with them on a real device."""
    meta = torch.ones(3, 2, device="meta")
    with pytest.raises(NotImplementedError):  # the advice that was given cannot be taken
        meta.cpu()
    with pytest.raises(nn.WrongInput) as caught:
        nn.predict(MODEL, meta)
    assert str(caught.value) == (
        "predict: X is a PyTorch tensor on the meta device, which holds no numbers (a shape "
        "and a dtype only): numpy has none to read and .cpu() none to copy; make X again "
        "with its numbers, on a real device (device='cpu')"
    )
    with pytest.raises(ValueError, match=r"^fit: y is a PyTorch tensor on the meta device, "):
        nn.fit(MODEL, X_OK, torch.zeros(3, device="meta"), epochs=1, progress=False)
    rows = [torch.ones(2, device="meta")] * 3
    with pytest.raises(nn.WrongInput, match=r"holds a PyTorch tensor on the meta .*make each "):
        nn.predict(MODEL, rows)


@needs_torch
@pytest.mark.filterwarnings("ignore:torch.quantize_per_tensor:UserWarning")
def test_a_quantized_tensor_is_told_to_dequantize() -> None:
    """A quantized tensor (torch.quint8) was told to call .float(), which torch refuses
    for it ("Creation of quantized tensor requires quantized dtype"): .dequantize() is
    the call, and made, lets predict run."""
    q = torch.quantize_per_tensor(torch.ones(3, 2), 0.1, 0, torch.quint8)
    with pytest.raises(nn.WrongInput) as caught:
        nn.predict(MODEL, q)
    assert str(caught.value) == (
        "predict: X is a PyTorch tensor that holds quantized torch.quint8 numbers, which "
        "numpy cannot read: pass X.dequantize()"
    )
    assert nn.predict(MODEL, q.dequantize()).shape == (3, 1)


@needs_torch
def test_a_one_axis_tensor_is_told_the_tensor_way_to_one_row() -> None:
    """A 1-D tensor of the model's inputs, given to predict as X, was told "give one row:
    [x]", a list holding the tensor; it is told x[None], as an array is, which runs."""
    x = torch.tensor([0.5, -1.0])
    with pytest.raises(ValueError, match=r"give one row: x\[None\] or x\.reshape\(1, -1\)$"):
        nn.predict(MODEL, x)
    assert nn.predict(MODEL, x[None]).tolist() == nn.predict(MODEL, [[0.5, -1.0]]).tolist()
