"""benchmarks/compare_engine.py's old engine: the package as of a commit, renamed."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from benchmarks import compare_engine


def test_the_old_engine_names_itself_in_every_module(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the package's top-level files were renamed: the old engine's ``trace/``
    imported the new ``autograd_mini``, so a comparison through it measured the new
    code against itself. Oracle: the extracted files' text."""
    monkeypatch.setattr(sys, "path", list(sys.path))  # old_engine puts its folder first
    monkeypatch.setattr(sys, "modules", dict(sys.modules))  # and imports autograd_mini_old
    compare_engine.old_engine("HEAD", tmp_path)
    package = tmp_path / "autograd_mini_old"
    files = sorted(package.rglob("*.py"))
    assert any(p.parent != package for p in files), "no subpackage extracted"
    left = [
        str(p.relative_to(tmp_path))
        for p in files
        if re.search(r"\bautograd_mini\b", p.read_text(encoding="utf-8"))
    ]
    assert left == []
