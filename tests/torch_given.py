"""PyTorch for the tests that give nn a tensor (fit's data, a model's call, accuracy's
arguments): ``torch`` (None when it is not installed) and ``needs_torch``, which skips
such a test, saying why."""

from __future__ import annotations

from typing import Any

import pytest

torch: Any
try:
    import torch
except ImportError:  # optional: every test given a tensor is skipped, saying why
    torch = None

needs_torch = pytest.mark.skipif(
    torch is None,
    reason='PyTorch is not installed (it is optional: pip install "autograd-mini[torch]"), '
    "so there is no tensor to give",
)
