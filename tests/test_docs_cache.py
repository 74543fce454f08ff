"""The site's cache of executed notebooks (docs/build.py) is keyed by everything a
notebook's run reads: a change that is not in the key reuses a stale run, and the site
shows outputs the code no longer gives. The key held neither docs/kernel.py (the
kernelspec's ``exec_lines``, the kernel's environment) nor the versions of sympy (notebook
01 prints its derivative), tqdm (nn's progress bar), torch (notebook 04 compares with it
when installed), fontTools (the Chinese face of the pictures), graphviz or IPython.

A Chinese notebook's jupytext pair (notebooks/zh/NN_slug.py) was in every notebook's key,
though no run reads it (the notebook's key holds its .ipynb): an edit to one ran all
sixteen again; and the Chinese notebooks' own helpers (notebooks/zh/cjk_font.py, the
checks' stub notebooks/zh/exercises/) were in the English notebooks' keys. The scan of
what a run imports skipped notebooks/zh/exercises/.

The oracles: a list, written here, of the files a run of each language reads, each changed
in turn; and the imports of the notebooks and of the code they reach, read with ``ast``.
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
# the Chinese notebooks' font helper, and the kernel's own code; with the languages of the
# notebooks whose runs read it.
BOTH = ("en", "zh")
READ = {
    "autograd_mini/value.py": BOTH,
    "nn/layers.py": BOTH,
    "notebooks/exercises/nb00.py": BOTH,  # the Chinese checks' stub loads these files
    "notebooks/zh/exercises/__init__.py": ("zh",),
    "notebooks/zh/cjk_font.py": ("zh",),
    "docs/plot_words.py": BOTH,
    "docs/kernel.py": BOTH,
}
# A notebook's jupytext pairs, which no run reads: the .ipynb beside each is the notebook.
PAIRS = ("notebooks/00_build_your_own_value", "notebooks/zh/00_build_your_own_value")
# Read by name rather than imported: the font file's package, the program that lays out
# graphs without a system dot, and the kernel with its display of figures.
NOT_IMPORTED = ("justmytype-intl-cjk", "graphviz-pure", "ipykernel", "matplotlib-inline")


def _copy_of_what_runs_read(root: Path) -> None:
    """The files of READ and PAIRS (.py and .ipynb), copied under ``root``."""
    for rel in [*READ, *(f"{pair}{ext}" for pair in PAIRS for ext in (".py", ".ipynb"))]:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes((ROOT / rel).read_bytes())


@pytest.mark.parametrize("name", READ)
def test_a_change_to_a_file_a_run_reads_runs_those_notebooks_again(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each language's notebooks, and theirs only: an edit to the Chinese notebooks' font
    helper ran the English ones again."""
    _copy_of_what_runs_read(tmp_path)
    monkeypatch.setattr(build, "ROOT", tmp_path)
    before = {lang: build._sources_digest(lang) for lang in BOTH}
    assert {lang: build._sources_digest(lang) for lang in BOTH} == before, "not the same twice"
    with (tmp_path / name).open("a", encoding="utf-8") as f:
        f.write("# changed\n")
    ran = [lang for lang in BOTH if build._sources_digest(lang) != before[lang]]
    assert ran == list(READ[name]), f"a change of {name} ran the notebooks of {ran} again"


@pytest.mark.parametrize("pair", PAIRS)
def test_a_change_to_a_notebook_s_jupytext_pair_runs_no_notebook_again(
    pair: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The run reads the .ipynb (in the notebook's own key); a Chinese pair's edit (ruff
    format, a jupytext sync) ran all sixteen notebooks again."""
    _copy_of_what_runs_read(tmp_path)
    monkeypatch.setattr(build, "ROOT", tmp_path)
    before = {lang: build._sources_digest(lang) for lang in BOTH}
    with (tmp_path / f"{pair}.py").open("a", encoding="utf-8") as f:
        f.write("# changed\n")
    assert {lang: build._sources_digest(lang) for lang in BOTH} == before


@pytest.mark.parametrize(
    ("helper", "langs"),
    [("notebooks/zh/cjk_font", ("zh",)), ("notebooks/exercises/nb00", BOTH)],
    ids=["cjk_font", "exercises-nb00"],
)
def test_a_helper_paired_with_a_notebook_of_its_own_stays_in_the_key(
    helper: str, langs: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only a course notebook's pair (NN_slug.py) is left out: a helper the notebooks
    import, given an .ipynb beside it (a teacher's demo of the font, jupytext-paired), was
    left out too, and an edit to it kept every cached run."""
    _copy_of_what_runs_read(tmp_path)
    (tmp_path / f"{helper}.ipynb").write_bytes((ROOT / f"{PAIRS[1]}.ipynb").read_bytes())
    monkeypatch.setattr(build, "ROOT", tmp_path)
    before = {lang: build._sources_digest(lang) for lang in BOTH}
    with (tmp_path / f"{helper}.py").open("a", encoding="utf-8") as f:
        f.write("# changed\n")
    ran = [lang for lang in BOTH if build._sources_digest(lang) != before[lang]]
    assert ran == list(langs), f"a change of {helper}.py ran the notebooks of {ran} again"


def test_a_language_without_notebooks_is_refused() -> None:
    with pytest.raises(ValueError, match="'fr'"):
        build.source_files("fr")


def _imported(path: Path) -> set[str]:
    """The top-level names ``path`` imports (relative imports are its own package's)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def _what_a_run_imports(root: Path) -> dict[str, Path]:
    """Each module a notebook, the code it reaches or the kernel's code imports, with a
    file that imports it, in the project under ``root``."""
    files = [*root.glob("notebooks/[0-9][0-9]_*.py")]
    for folder in ("autograd_mini", "nn", "notebooks/exercises", "notebooks/zh"):
        files += (root / folder).rglob("*.py")
    files += [root / "docs" / "plot_words.py", root / "docs" / "kernel.py"]
    found: dict[str, Path] = {}
    for path in sorted(p for p in files if p.is_file()):
        for name in _imported(path):
            found.setdefault(name, path.relative_to(root))
    return found


def _distribution(module: str) -> str:
    """The distribution that installs ``module`` (its own name when none is installed)."""
    names = metadata.packages_distributions().get(module, [module])
    return names[0].lower().replace("_", "-")


def _not_keyed(root: Path) -> set[str]:
    """The packages a run of the project under ``root`` imports that build.PACKAGES lacks."""
    keyed = {name.lower() for name in build.PACKAGES}
    return {
        f"{_distribution(module)} ({module}, imported by {path})"
        for module, path in _what_a_run_imports(root).items()
        if module not in sys.stdlib_module_names
        and module not in OWN
        and _distribution(module) not in keyed
    }


def test_every_package_a_run_imports_is_in_the_key() -> None:
    missing = _not_keyed(ROOT)
    assert not missing, f"the site's cache ignores the versions of {sorted(missing)}"
    assert set(NOT_IMPORTED) <= {name.lower() for name in build.PACKAGES}


@pytest.mark.parametrize(
    "checks", ["notebooks/exercises/extra.py", "notebooks/zh/exercises/__init__.py"]
)
def test_the_scan_finds_a_package_the_checks_import(checks: str, tmp_path: Path) -> None:
    """The checks import the standard library only today: one importing a package the key
    lacks (jinja2, installed with nbconvert) is found, in either edition's folder (the
    Chinese one's was not scanned)."""
    for rel in ("notebooks/exercises/__init__.py", "notebooks/zh/cjk_font.py"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes((ROOT / rel).read_bytes())
    (tmp_path / checks).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / checks).write_text("import json\nfrom jinja2 import Template\n", encoding="utf-8")
    assert _not_keyed(tmp_path) == {f"jinja2 (jinja2, imported by {checks})"}


@pytest.mark.parametrize("package", build.PACKAGES)
def test_another_version_of_a_package_runs_the_notebooks_again(
    package: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = {lang: build._sources_digest(lang) for lang in BOTH}
    real = metadata.version
    monkeypatch.setattr(
        metadata, "version", lambda name: "0.0.1-test" if name == package else real(name)
    )
    kept = [lang for lang in BOTH if build._sources_digest(lang) == before[lang]]
    assert not kept, f"another {package} kept the cached runs of {kept}"


def test_another_python_runs_the_notebooks_again(monkeypatch: pytest.MonkeyPatch) -> None:
    before = {lang: build._sources_digest(lang) for lang in BOTH}
    monkeypatch.setattr(sys, "version", sys.version + " (another build)")
    assert all(build._sources_digest(lang) != before[lang] for lang in BOTH)


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
