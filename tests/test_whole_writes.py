"""The site's executed notebooks and the Chinese notebooks' font are written by
autograd_mini.files.write_whole (each had its own temporary file and rename)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import nbformat
import pytest

from docs import build

ROOT = Path(__file__).resolve().parents[1]


def _ran(nb: Any, **kwargs: Any) -> None:
    """docs.kernel.execute standing in for the kernel: the cell's output written in."""
    nb.cells[0].outputs = [nbformat.v4.new_output("stream", text="4\n")]


def test_an_executed_notebook_is_written_as_nbformat_writes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Oracle: nbformat.write of the same executed notebook; nothing else left behind."""
    monkeypatch.setattr(build.kernel, "execute", _ran)
    # _execute_one sets a worker's environment; run here, in pytest's own process, it
    # left JUPYTER_PATH naming this test's folder, and MPLBACKEND gone, for every later
    # test: each is set through monkeypatch first, which puts back what was there before
    for name in build.kernel.environment(tmp_path, inline=True):
        monkeypatch.setenv(name, "")
    source = tmp_path / "in.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("2 + 2")])
    nbformat.write(nb, source)
    target = tmp_path / "cache" / "out.ipynb"
    build._execute_one(str(source), str(target), str(tmp_path))
    _ran(nb)
    expected = tmp_path / "expected.ipynb"
    nbformat.write(nb, expected)
    assert target.read_bytes() == expected.read_bytes()
    assert sorted(p.name for p in target.parent.iterdir()) == ["out.ipynb"]


@pytest.mark.skipif(
    not (ROOT / "notebooks" / "zh" / "cjk_font.py").is_file(), reason="no Chinese notebooks"
)
def test_the_chinese_font_is_written_whole_from_a_notebook_folder(tmp_path: Path) -> None:
    """Run from the Chinese notebooks' folder, as a student's notebook imports it: a font
    fontTools reads, with the hanzi, and no temporary file left; a new file's mode is
    0666 minus the umask, as any file the library writes (mkstemp's 0600 before)."""
    fonts = tmp_path / "fonts"
    code = "import cjk_font; print(cjk_font.regular_font())"
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT / "notebooks" / "zh",
        env={**os.environ, "AGM_FONT_CACHE": str(fonts)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    made = Path(done.stdout.strip())
    assert [p.name for p in fonts.iterdir()] == [made.name]
    from fontTools.ttLib import TTFont

    assert ord("梯") in TTFont(made).getBestCmap()
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(made.stat().st_mode) == 0o666 & ~umask
