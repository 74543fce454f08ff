"""Model files: versioned JSON with a checksum — never pickle.

Layout::

    {"format": "autograd-mini/model", "version": 1,
     "architecture": {"type": "MLP", "nin": 64, "nouts": [16, 16, 10], ...},
     "parameters": [0.12, -0.53, ...],           # in named_parameters() order
     "checksum": "sha256:…"}

The checksum is the SHA-256 of the canonical JSON of architecture + parameters, so a
file edited by hand (or cut short) is refused instead of silently giving a different
network. Loading only parses JSON and rebuilds a known module type: no code from the
file is ever run. Saving writes a temporary file in the same folder and renames it
over the target (``os.replace`` is atomic), so a crash mid-save leaves the old file.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import tempfile
from typing import Any, NoReturn

from nn.layers import build, parameter_count
from nn.module import Module

__all__ = ["FORMAT", "VERSION", "checksum", "load", "save"]

FORMAT = "autograd-mini/model"
VERSION = 1


def checksum(architecture: Any, parameters: list[float]) -> str:
    """``sha256:<hex>`` of the canonical JSON (sorted keys, no spaces) of both parts."""
    canonical = json.dumps(
        {"architecture": architecture, "parameters": parameters},
        sort_keys=True,
        separators=(",", ":"),
        allow_nan=False,
    )
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def save(model: Module, path: str | os.PathLike[str]) -> None:
    """Write ``model`` to ``path`` atomically (temporary file + rename)."""
    if not isinstance(model, Module):
        raise TypeError(f"save: expected an nn.Module, got {type(model).__name__}")
    architecture = model.architecture()
    parameters = [p.data for p in model.parameters()]
    bad = [v for v in parameters if not math.isfinite(v)]
    if bad:
        raise ValueError(f"save: the model has a non-finite parameter ({bad[0]!r})")
    document = {
        "format": FORMAT,
        "version": VERSION,
        "architecture": architecture,
        "parameters": parameters,
        "checksum": checksum(architecture, parameters),
    }
    text = json.dumps(document, indent=1, allow_nan=False)
    target = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(target))
    fd, tmp = tempfile.mkstemp(prefix=".model-", suffix=".tmp", dir=folder)
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; a model file is not
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fail(path: str, why: str) -> NoReturn:
    raise ValueError(f"load: {path!r} is not a valid autograd-mini model file: {why}")


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(f"non-finite number {name}")


def load(path: str | os.PathLike[str], into: Module | None = None) -> Module:
    """Read a model file; rebuild the network, or fill ``into`` when given.

    Every problem — missing file, invalid or truncated JSON, another format or version,
    a checksum mismatch, an architecture that differs from ``into``, a wrong number of
    parameters, a non-finite number — raises ValueError saying which.
    """
    where = os.fspath(path)
    try:
        with open(where, encoding="utf-8") as f:
            text = f.read()
    except FileNotFoundError:
        raise ValueError(f"load: no model file at {where!r}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"load: cannot read {where!r}: {exc}") from exc
    try:
        document = json.loads(text, parse_constant=_reject_constant)
    except ValueError as exc:  # JSONDecodeError is a ValueError
        _fail(where, f"invalid or truncated JSON ({exc})")
    if not isinstance(document, dict):
        _fail(where, "the top level is not a JSON object")
    if document.get("format") != FORMAT:
        _fail(where, f"format is {document.get('format')!r}, expected {FORMAT!r}")
    version = document.get("version")
    if version != VERSION or isinstance(version, bool):
        _fail(where, f"version {version!r} is not supported (this library reads {VERSION})")
    missing = [k for k in ("architecture", "parameters", "checksum") if k not in document]
    if missing:
        _fail(where, f"missing field(s) {missing}")
    architecture, parameters = document["architecture"], document["parameters"]
    if not isinstance(parameters, list):
        _fail(where, "parameters is not a list")
    for i, v in enumerate(parameters):
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            _fail(where, f"parameter {i} is {v!r}, expected a finite number")
    try:
        expected = checksum(architecture, parameters)
    except (TypeError, ValueError) as exc:
        _fail(where, f"cannot checksum the contents ({exc})")
    if document["checksum"] != expected:
        _fail(where, "checksum mismatch: the file was modified or corrupted after saving")
    if into is not None:
        if not isinstance(into, Module):
            raise TypeError(f"load: into must be an nn.Module, got {type(into).__name__}")
        if into.architecture() != architecture:
            _fail(
                where,
                f"architecture {architecture!r} does not match the model's {into.architecture()!r}",
            )
        model = into
    else:
        # counted before building: a file cannot make us allocate more parameters than
        # it actually stores
        try:
            count = parameter_count(architecture)
        except ValueError as exc:
            _fail(where, str(exc))
        if count != len(parameters):
            _fail(where, f"{len(parameters)} parameters stored, the architecture has {count}")
        try:
            model = build(architecture)
        except (ValueError, TypeError) as exc:
            _fail(where, str(exc))
    names = [n for n, _ in model.named_parameters()]
    if len(names) != len(parameters):
        _fail(where, f"{len(parameters)} parameters stored, the architecture has {len(names)}")
    model.load_state_dict(dict(zip(names, (float(v) for v in parameters), strict=True)))
    return model
