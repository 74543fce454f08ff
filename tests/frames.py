"""A stand-in for a pandas DataFrame, for the tests of how nn reads one (pandas is no
dependency of nn, and is not installed here): one class for tests/test_inputs.py and
tests/test_checks_mutation.py."""

from __future__ import annotations

from typing import Any

import numpy as np


class Frame:
    """A stand-in for a pandas DataFrame (pandas is not installed here, and is no
    dependency of nn): columns of their own dtypes, ``dtypes``, ``to_numpy(dtype)`` and
    ``__array__`` as pandas has them — one common dtype for all columns (numpy's
    result_type: int64 with float64 is float64, which rounds 2**53 + 1), and
    ``to_numpy(dtype=object)`` keeping each int whole (``astype(object)`` per column)."""

    def __init__(self, **columns: Any) -> None:
        self.columns = [np.asarray(c) for c in columns.values()]

    @property
    def dtypes(self) -> list[np.dtype[Any]]:
        return [c.dtype for c in self.columns]

    def __len__(self) -> int:
        return len(self.columns[0])

    def to_numpy(self, dtype: Any = None) -> np.ndarray:
        common = np.result_type(*self.columns) if dtype is None else np.dtype(dtype)
        return np.stack([c.astype(common) for c in self.columns], axis=1)

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        return self.to_numpy(dtype)
