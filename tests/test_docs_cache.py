"""The site's cache of executed notebooks (docs/build.py) is keyed by everything a
notebook's run reads: a change that is not in the key reuses a stale run, and the site
shows outputs the code no longer gives. The key held neither docs/kernel.py (the
kernelspec's ``exec_lines``, the kernel's environment) nor the versions of sympy (notebook
01 prints its derivative), tqdm (nn's progress bar), torch (notebook 04 compares with it
when installed), fontTools (the Chinese face of the pictures), graphviz or IPython.

The oracles: a list, written here, of the files a run reads, each changed in turn; and
the imports of the notebooks and of the code they reach, read with ``ast``.
"""

from __future__ import annotations

import ast
import re
import sys
from importlib import metadata
from pathlib import Path

import pytest

from docs import build

ROOT = Path(__file__).resolve().parents[1]
# Folders of the project a notebook imports from (notebooks/ and notebooks/zh/ are where
# a notebook runs: ``exercises`` and ``cjk_font`` are found there).
OWN = {"autograd_mini", "nn", "exercises", "cjk_font"}
# What a run reads: the engine, the network library, the checks (English and Chinese),
# the Chinese notebooks' font helper, and the kernel's own code.
READ = (
    "autograd_mini/value.py",
    "nn/layers.py",
    "notebooks/exercises/nb00.py",
    "notebooks/zh/exercises/__init__.py",
    "notebooks/zh/cjk_font.py",
    "docs/plot_words.py",
    "docs/kernel.py",
)
# Read by name rather than imported: the font file's package, the program that lays out
# graphs without a system dot, and the kernel with its display of figures.
NOT_IMPORTED = ("justmytype-intl-cjk", "graphviz-pure", "ipykernel", "matplotlib-inline")


@pytest.mark.parametrize("name", READ)
def test_a_change_to_a_file_a_run_reads_runs_the_notebooks_again(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for rel in READ:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes((ROOT / rel).read_bytes())
    monkeypatch.setattr(build, "ROOT", tmp_path)
    before = build._sources_digest()
    assert build._sources_digest() == before, "the key is not the same twice"
    with (tmp_path / name).open("a", encoding="utf-8") as f:
        f.write("# changed\n")
    assert build._sources_digest() != before, f"a change of {name} kept the cached runs"


def _imported(path: Path) -> set[str]:
    """The top-level names ``path`` imports (relative imports are its own package's)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def _what_a_run_imports() -> dict[str, Path]:
    """Each module a notebook, the code it reaches or the kernel's code imports, with a
    file that imports it."""
    files = [*ROOT.glob("notebooks/[0-9][0-9]_*.py"), *ROOT.glob("notebooks/zh/*.py")]
    for folder in ("autograd_mini", "nn", "notebooks/exercises"):
        files += (ROOT / folder).rglob("*.py")
    files += [ROOT / "docs" / "plot_words.py", ROOT / "docs" / "kernel.py"]
    found: dict[str, Path] = {}
    for path in sorted(files):
        for name in _imported(path):
            found.setdefault(name, path.relative_to(ROOT))
    return found


def _distribution(module: str) -> str:
    """The distribution that installs ``module`` (its own name when none is installed)."""
    names = metadata.packages_distributions().get(module, [module])
    return names[0].lower().replace("_", "-")


def test_every_package_a_run_imports_is_in_the_key() -> None:
    keyed = {name.lower() for name in build.PACKAGES}
    missing = {
        f"{_distribution(module)} ({module}, imported by {path})"
        for module, path in _what_a_run_imports().items()
        if module not in sys.stdlib_module_names
        and module not in OWN
        and _distribution(module) not in keyed
    }
    assert not missing, f"the site's cache ignores the versions of {sorted(missing)}"
    assert set(NOT_IMPORTED) <= keyed


@pytest.mark.parametrize("package", build.PACKAGES)
def test_another_version_of_a_package_runs_the_notebooks_again(
    package: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = build._sources_digest()
    real = metadata.version
    monkeypatch.setattr(
        metadata, "version", lambda name: "0.0.1-test" if name == package else real(name)
    )
    assert build._sources_digest() != before, f"another {package} kept the cached runs"


def test_another_python_runs_the_notebooks_again(monkeypatch: pytest.MonkeyPatch) -> None:
    before = build._sources_digest()
    monkeypatch.setattr(sys, "version", sys.version + " (another build)")
    assert build._sources_digest() != before


def test_a_change_to_the_notebook_runs_it_again(tmp_path: Path) -> None:
    path = tmp_path / "00_x.ipynb"
    path.write_text("{}", encoding="utf-8")
    nb = build.Notebook(path, "en")
    before = build.cache_key(nb, "sources")
    path.write_text("{ }", encoding="utf-8")
    assert build.cache_key(nb, "sources") != before


@pytest.mark.parametrize("readme", ["README.md", "README.zh-CN.md"])
def test_the_readme_says_what_the_cache_is_keyed_by(readme: str) -> None:
    """Both READMEs said the cache is keyed by "the notebook and every source file it can
    reach", not by the kernel's own files, Python or the packages' versions."""
    text = (ROOT / readme).read_text(encoding="utf-8")
    (said,) = [part for part in re.split(r"\n\s*\n|\n- ", text) if "build/docs-cache/" in part]
    missing = [name for name in build.SOURCE_FILES if f"`{name}`" not in said]
    assert not missing, f"{readme} does not say the cache is keyed by {missing}: {said}"
    assert "Python" in said, said
