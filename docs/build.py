"""Build the course website under ``site/``: ``python -m docs.build`` (``make docs``).

    python -m docs.build                 # site/ : the Sphinx site + site/standalone/
    python -m docs.build --out DIR       # somewhere else (the browser tests build into a tmp dir)
    python -m docs.build --fresh         # execute every notebook again, ignoring the cache

What it does, in order:

1. finds the notebooks by glob, ``notebooks/NN_*.ipynb`` (English) and
   ``notebooks/zh/NN_*.ipynb`` (Chinese), and **executes** each on a fresh kernel of this
   interpreter, in its own folder (exactly where Jupyter would start it), two at a time.
   Executed copies are cached in ``build/docs-cache/`` under a key made of the notebook,
   every source file it can reach (``autograd_mini/``, ``nn/``, ``notebooks/exercises/``;
   a Chinese one's also ``notebooks/zh/``'s, not the notebooks' jupytext pairs), the
   kernel's own (``docs/kernel.py``, ``docs/plot_words.py``), Python's version and the
   versions of the packages they import or run; change any of them and the notebook runs
   again. A failing cell fails the build and names the notebook.
2. stages two Sphinx projects in ``build/docs-src/``: the English one (README.md as the home
   page, with the API tables; benchmarks/README.md; the English notebooks) and, in its
   ``zh/`` folder, the Chinese one (README.zh-CN.md, the 术语表 docs/glossary.zh-CN.md, the
   Chinese notebooks); every notebook with a language switch on top. Two projects, so
   each edition's menu lists its own pages, the theme speaks its language (搜索, 上一页)
   and its search finds its words; links across them are plain HTML links.
3. runs Sphinx on each with myst-nb (outputs rendered as they are: PNG plots, SVG graphs,
   the step player's HTML and JavaScript) and the sphinx-book-theme (Jupyter Book's look,
   every asset inside the theme package); the Chinese one into ``site/zh/``. MathJax 3
   comes from the ``django-static-mathjax`` wheel and is served from ``_static/``; the
   Chinese face is a subset of Noto Sans SC (from the ``justmytype-intl-cjk`` wheel), cut
   to the characters of the built pages, served from ``_static/`` too. Nothing is fetched
   when the site is viewed. Each page's article then gets the line breaks browsers get
   wrong (docs/typeset.py: break points in long paths and URLs, a formula kept together
   with the full stop after it), as do the standalone pages' Markdown cells; each formula
   of a page gets the text a search result quotes of it (docs/search_index.py). Every picture
   a notebook draws gets alt text in its page's language (docs/alt.py), on both; a cell
   that draws two pictures fails the build (the site has one alt a cell).
4. writes one self-contained HTML file per notebook into ``site/standalone/`` (nbconvert's
   JupyterLab template, images, MathJax and the font inlined): it opens from the file
   system, with no server.
"""

from __future__ import annotations

import argparse
import base64
import functools
import hashlib
import html
import importlib
import importlib.util
import io
import json
import logging
import math
import multiprocessing
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from importlib import metadata
from importlib.resources import files
from pathlib import Path
from types import ModuleType
from typing import Any

import nbformat
from nbformat import NotebookNode

from docs import kernel
from docs.alt import ManyPictures, box_name, describe_pictures
from docs.search_index import formulas_with_text
from docs.typeset import printed_tables, typeset

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
NOTEBOOKS = ROOT / "notebooks"
ZH_NOTEBOOKS = NOTEBOOKS / "zh"
DEFAULT_OUT = ROOT / "site"
CACHE = ROOT / "build" / "docs-cache"
MATHJAX = ("static", "mathjax", "es5", "tex-svg-full.js")
CELL_TIMEOUT = 300  # seconds per cell; notebooks run in well under a minute each
# What a cached execution depends on besides the notebook itself (tests/test_docs_cache.py
# checks the lists against what the notebooks, these files and the kernel's code import).
# The folders whose Python files a notebook of each language reads when it runs: a Chinese
# one, run in notebooks/zh/, also its checks' stub (exercises/) and font helper
# (cjk_font.py) there. Not a notebook's jupytext pair (NN_slug.py beside NN_slug.ipynb):
# no run reads it, and the notebook's key holds its .ipynb. An edit to a Chinese pair ran
# every notebook again, the English ones too.
_EVERY_RUN = ("autograd_mini", "nn", "notebooks/exercises")
SOURCE_DIRS = {"en": _EVERY_RUN, "zh": (*_EVERY_RUN, "notebooks/zh")}
SOURCE_FILES = (
    "docs/plot_words.py",  # run in the kernel: what a plot's output records
    "docs/kernel.py",  # the kernelspec (its exec_lines), its environment, how it is run
)
PACKAGES = (
    # imported by the notebooks and the code they reach
    "fonttools",  # the Chinese face cut for the pictures (notebooks/zh/cjk_font.py)
    "graphviz",
    "ipython",
    "matplotlib",
    "numpy",
    "platformdirs",
    "sympy",
    "torch",  # notebook 04 compares with PyTorch when it is installed
    "tqdm",  # nn's progress bar, when it is installed
    # run as a program or read as data
    "graphviz-pure",  # lays out the graphs when there is no system dot
    "justmytype-intl-cjk",  # the Noto Sans SC font file
    # the kernel and its client: how an output is displayed and recorded (matplotlib-inline
    # and ipykernel display a figure through IPython's formatter, which plot_words.py wraps)
    "ipykernel",
    "matplotlib-inline",
    "jupyter-client",
    "nbclient",
    "nbformat",
    "pyzmq",
    "traitlets",
)
CJK = re.compile(
    r"[\u2e80-\u2fdf\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]"
)
# The face is used for these code points only; Latin text keeps the theme's fonts.
JS_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
FONT_URL = "fonts/agm-noto-sans-sc.woff"  # under each edition's _static/
CJK_UNICODE_RANGE = "U+2E80-2FDF, U+3000-303F, U+3400-4DBF, U+4E00-9FFF, U+F900-FAFF, U+FF00-FFEF"


class BuildError(RuntimeError):
    """The site cannot be built; the message names the notebook or the step."""


@dataclass(frozen=True)
class Notebook:
    """One notebook of one language: where it lives and where its page goes."""

    path: Path  # notebooks/NN_slug.ipynb or notebooks/zh/NN_slug.ipynb
    lang: str  # "en" | "zh"

    @property
    def slug(self) -> str:
        return self.path.stem

    @property
    def docname(self) -> str:
        """The page's name in the site: notebooks/NN_slug or zh/notebooks/NN_slug."""
        return ("zh/" if self.lang == "zh" else "") + "notebooks/" + self.slug


def discover() -> list[Notebook]:
    """Every notebook, by glob: a new NN_slug.ipynb is on the site without editing this file."""
    english = [Notebook(p, "en") for p in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))]
    chinese = [Notebook(p, "zh") for p in sorted(ZH_NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))]
    if not english:
        raise BuildError(f"no notebooks found in {NOTEBOOKS}")
    known = {nb.slug for nb in english}
    for nb in chinese:
        if nb.slug not in known:
            raise BuildError(f"{nb.path} has no English source notebooks/{nb.slug}.ipynb")
    return english + chinese


# ---------------------------------------------------------------------------------------------
# 1. execution, with a cache
# ---------------------------------------------------------------------------------------------


def source_files(lang: str) -> list[Path]:
    """The Python files a notebook of ``lang`` ("en" or "zh") can read when it runs, the
    kernel's own (SOURCE_FILES) apart; not the notebooks' jupytext pairs (NN_slug.py beside
    NN_slug.ipynb, as :func:`discover` names a notebook). Any other .py beside an .ipynb
    stays: a helper paired with a notebook of its own (cjk_font.ipynb, say) is still
    imported by the course's notebooks."""
    if lang not in SOURCE_DIRS:
        raise ValueError(f"no notebooks of language {lang!r}: {sorted(SOURCE_DIRS)} are known")
    return [
        path
        for folder in SOURCE_DIRS[lang]
        for path in sorted((ROOT / folder).rglob("*.py"))
        if not (path.match("[0-9][0-9]_*.py") and path.with_suffix(".ipynb").is_file())
    ]


def _sources_digest(lang: str) -> str:
    """What a notebook of ``lang`` reads when it runs but itself: source files, the
    kernel's own, the packages' versions and Python's."""
    digest = hashlib.sha256()
    for path in source_files(lang):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    for name in SOURCE_FILES:
        digest.update(name.encode())
        digest.update((ROOT / name).read_bytes())
    for name in PACKAGES:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=absent".encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def cache_key(nb: Notebook, sources: str) -> str:
    """``nb``'s key: its .ipynb and ``sources``, the digest of what a run of its language
    reads besides (:func:`_sources_digest`)."""
    digest = hashlib.sha256(nb.path.read_bytes())
    digest.update(sources.encode())
    return f"{nb.lang}-{nb.slug}-{digest.hexdigest()[:16]}"


def _execute_one(path: str, target: str, jupyter_path: str) -> float:
    """Run one notebook in its own folder and write the executed copy (a worker process)."""
    from nbclient.exceptions import CellExecutionError

    for name, value in kernel.environment(Path(jupyter_path), inline=True).items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    try:
        kernel.execute(nb, timeout=CELL_TIMEOUT, folder=Path(path).parent, joined_streams=True)
    except CellExecutionError as err:
        raise BuildError(f"{path}: a cell failed while building the site:\n{err}") from None
    except kernel.KernelDied as err:
        raise BuildError(f"{path}: the kernel died while building the site:\n{err}") from None
    from autograd_mini.files import write_whole

    Path(target).parent.mkdir(parents=True, exist_ok=True)
    text = nbformat.writes(nb)  # as nbformat.write writes it, ending in a newline
    write_whole(target, text if text.endswith("\n") else text + "\n", strict=True)
    return time.perf_counter() - start


def execute_all(
    notebooks: Sequence[Notebook], *, fresh: bool = False, jobs: int = 2, log: bool = True
) -> dict[Notebook, NotebookNode]:
    """Executed copies of every notebook, from the cache when nothing they read changed."""
    sources = {lang: _sources_digest(lang) for lang in sorted({nb.lang for nb in notebooks})}
    CACHE.mkdir(parents=True, exist_ok=True)
    targets = {nb: CACHE / f"{cache_key(nb, sources[nb.lang])}.ipynb" for nb in notebooks}
    todo = [nb for nb in notebooks if fresh or not targets[nb].is_file()]
    if todo:
        jupyter_path = kernel.write_kernelspec(Path(tempfile.mkdtemp(prefix="agm-docs-jupyter-")))
        try:
            # Workers are new interpreters, not forks of this process: the tests build the
            # site from inside pytest, whose threads (a browser's, a server's) may hold a
            # lock at the fork that the child then waits on for good; and each worker
            # starts as Python 3.14's default (forkserver) would start it.
            spawn = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(max_workers=max(1, jobs), mp_context=spawn) as pool:
                futures = {
                    nb: pool.submit(_execute_one, str(nb.path), str(targets[nb]), str(jupyter_path))
                    for nb in todo
                }
                for nb, future in futures.items():
                    seconds = future.result()
                    if log:
                        print(f"  executed {nb.path.relative_to(ROOT)} in {seconds:.1f} s")
        finally:
            shutil.rmtree(jupyter_path, ignore_errors=True)
    for nb, target in targets.items():  # older runs of the same notebook are stale now
        for old in CACHE.glob(f"{nb.lang}-{nb.slug}-*.ipynb"):
            if old != target:
                old.unlink(missing_ok=True)
    if log and len(todo) < len(notebooks):
        print(f"  {len(notebooks) - len(todo)} notebook(s) unchanged since their cached run")
    return {nb: nbformat.read(targets[nb], as_version=4) for nb in notebooks}


# ---------------------------------------------------------------------------------------------
# 2. staging the Sphinx sources
# ---------------------------------------------------------------------------------------------

# A Markdown link, [words](target). Its words hold no bracket and no blank line: "[0, 1)"
# in README.zh-CN.md opened no link, but with "[^\]]+" it took the 28,000 characters up to
# the next "](", and the page lost that "[" and showed the "[" of "[CONTRIBUTING.md".
# Its target may hold balanced parentheses, as CommonMark's does: "[ops](a_(b).py)" ended
# at the first ")" and the page read "ops.py)".
LINK = re.compile(r"(?<!!)\[((?:[^\[\]\n]|\n(?![ \t]*\n))+)\]\(((?:[^()\s]|\([^()\s]*\))+)\)")


@dataclass(frozen=True)
class Edition:
    """One language's Sphinx project: the Chinese one is built on its own, in ``zh/``,
    so its menu, search box and "previous/next" are Chinese (the theme's own
    translations, chosen by Sphinx's ``language``), its menu lists its own pages only and
    its search finds its own words (split by jieba)."""

    lang: str  # "en" | "zh"
    folder: str  # where its sources and pages go: "" or "zh"
    language: str  # Sphinx's language
    other: str  # the other edition's home page, from this edition's root
    other_caption: str  # the menu's heading for it, in the other language
    other_title: str
    other_lang: str  # the other edition's language tag, for the link's lang and hreflang
    people: str  # who wrote it, in the footer: Sphinx's author and copyright


EDITIONS = (
    Edition(
        "en",
        "",
        "en",
        "zh/index.html",
        "中文",
        "autograd-mini（中文说明）",  # the page's own title: README.zh-CN.md's heading
        "zh-CN",
        "autograd-mini developers",
    ),
    Edition(
        "zh",
        "zh",
        "zh_CN",
        "../index.html",
        "English",
        "autograd-mini (English)",
        "en",
        "autograd-mini 开发者",
    ),
)


def _edition_of(doc: str) -> str:
    """The edition a staged document belongs to: "zh" for zh/..., else "en"."""
    return "zh" if doc == "zh" or doc.startswith("zh/") else "en"


def _link(label: str, doc: str, target: str, anchor: str = "") -> str:
    """A link from staged document ``doc`` to ``target`` (both from the staging root).

    Within one edition it is a Markdown link to the source, which Sphinx resolves (and
    warns about when it breaks). Across editions the target is in another Sphinx project:
    an HTML link to its page, which the Markdown around it keeps (its label stays Markdown).
    """
    fragment = f"#{anchor}" if anchor else ""
    if _edition_of(doc) == _edition_of(target):
        return f"[{label}]({_rel(doc, target)}{fragment})"
    page = os.path.splitext(target)[0] + ".html"
    href = html.escape(_rel(doc, page) + fragment, quote=True)
    return f'<a href="{href}">{label}</a>'


def _links(text: str, here: str, doc: str, pages: dict[str, str]) -> str:
    """Point the repository's relative links at the staged pages; others become plain text.

    ``here`` is the repository folder of the text ("" for README.md), ``doc`` the staged
    document it becomes, ``pages`` maps repository paths (notebooks/01_x.ipynb) to staged
    documents. A link to a source file (autograd_mini/ops.py) keeps its words, not the link:
    the site has no page for it.
    """

    def fix(match: re.Match[str]) -> str:
        label, target = match.group(1), match.group(2)
        if re.match(r"^[a-z]+:|^#|^/", target):
            return match.group(0)
        path, _, anchor = target.partition("#")
        repo_path = os.path.normpath(os.path.join(here, path)).replace(os.sep, "/")
        if repo_path not in pages:
            return label
        return _link(label, doc, pages[repo_path], anchor)

    return LINK.sub(fix, text)


def _switch_markdown(lang: str, other: str | None, glossary: str | None) -> str:
    """The line on top of a notebook's page; ``other`` and ``glossary`` are links (made by
    :func:`_link`) to the other edition's page and to the 术语表."""
    if lang == "en":
        if other:
            return f"**English** · {other}"
        note = f" （{glossary}）" if glossary else ""
        return f"**English** · 中文版翻译中{note}"
    return f"{other} · **中文**" + (f" · {glossary}" if glossary else "")


def _run_note(nb: Notebook, *, download: bool = True) -> str:
    """What a reader of the page needs to know about its exercises: the page is read
    only (a check shows "not written yet" and False), so where to run them and where
    the solutions are; and that the notebook the download button gives runs in the
    project's folder only (it imports the checks from ``exercises/``, and a Chinese one
    its font from ``cjk_font.py``, beside it) when the page has that button
    (``download``: a standalone page has none)."""
    folder = f"notebooks/{'zh/' if nb.lang == 'zh' else ''}"
    source = f"{folder}{nb.slug}.ipynb"
    if nb.lang == "zh":
        return (
            f"本页只能阅读：练习（“轮到你了”的单元格）要在 Jupyter 里运行——取得本项目后打开 "
            f"`{source}`（`make test` 会准备好 `.venv`），解答在 `notebooks/solutions/`。"
            f"所以下面的检查在本页显示“还没有写”和 `False`。"
        ) + (
            f"页首的下载按钮（.ipynb）给出的就是这个笔记本（不含输出）：它要放在本项目的 "
            f"`{folder}` 文件夹里、在装好本项目（`make test` 或 `pip install -e "
            f'".[notebooks]"`）的环境中运行，单独下载的文件找不到它导入的练习检查。'
            if download
            else ""
        )
    return (
        f"This page is read only: the exercises (the “your turn” cells) run in Jupyter — "
        f"get the project and open `{source}` (`make test` sets up `.venv`); the solutions "
        f"are in `notebooks/solutions/`. That is why the checks below say “not written "
        f"yet” and `False` here."
    ) + (
        f" The download button (.ipynb) gives this notebook as the project has it, "
        f"without outputs: it runs inside the project's `{folder}` folder, once `make "
        f'test` (or `pip install -e ".[notebooks]"`) has installed the project; on its '
        f"own it cannot find the checks it imports."
        if download
        else ""
    )


def _switch_cell(text: str) -> NotebookNode:
    """The page's first cell, in a ``container`` directive: myst-nb gives a Markdown cell's
    tags no class (agm.css's ``.agm-lang-switch`` rule never met the line), the
    directive's argument is the class of the <div> it writes."""
    cell = nbformat.v4.new_markdown_cell(f"```{{container}} agm-lang-switch\n{text}\n```")
    cell.metadata["tags"] = ["agm-lang-switch"]
    cell.id = "agm-lang-switch"
    return cell


def _rel(from_doc: str, to_doc: str) -> str:
    return os.path.relpath(to_doc, os.path.dirname(from_doc) or ".").replace(os.sep, "/")


def stage(executed: dict[Notebook, NotebookNode], src: Path) -> None:
    """Write the Sphinx sources: the English project in ``src``, the Chinese one in
    ``src/zh`` (each with its conf.py, _static/ and _templates/), pages and executed
    notebooks."""
    if src.exists():
        shutil.rmtree(src)
    # The pictures the READMEs show (docs/pictures/*.svg), at the same relative path in
    # each project: the Chinese one (src/zh) is built on its own and sees no file above it.
    pictures = DOCS / "pictures"
    if pictures.is_dir():
        for project in (src, src / "zh"):
            shutil.copytree(
                pictures,
                project / "docs" / "pictures",
                ignore=shutil.ignore_patterns("*.py", "__*"),
            )

    english = {nb.slug: nb for nb in executed if nb.lang == "en"}
    chinese = {nb.slug: nb for nb in executed if nb.lang == "zh"}
    glossary_doc = "zh/glossary.md"
    has_glossary = (DOCS / "glossary.zh-CN.md").is_file()
    has_zh_readme = (ROOT / "README.zh-CN.md").is_file()

    # Repository paths -> staged sources, for the README's links.
    pages = {f"notebooks/{slug}.ipynb": f"notebooks/{slug}.ipynb" for slug in english}
    pages |= {f"notebooks/zh/{slug}.ipynb": f"zh/notebooks/{slug}.ipynb" for slug in chinese}
    pages |= {f"notebooks/zh/{slug}.py": f"zh/notebooks/{slug}.ipynb" for slug in chinese}
    pages["benchmarks/README.md"] = "benchmarks/README.md"
    pages["README.md"] = "index.md"
    if has_zh_readme:
        pages["README.zh-CN.md"] = "zh/index.md"
    if has_glossary:
        pages["docs/glossary.zh-CN.md"] = glossary_doc

    for nb, node in executed.items():
        node = nbformat.from_dict(json.loads(json.dumps(node)))  # a copy
        doc = nb.docname + ".ipynb"
        counterpart = (chinese if nb.lang == "en" else english).get(nb.slug)
        other = counterpart.docname + ".ipynb" if counterpart else None
        switch = _switch_markdown(
            nb.lang,
            _link("中文" if nb.lang == "en" else "English", doc, other) if other else None,
            _link("术语表", doc, glossary_doc) if has_glossary else None,
        )
        for cell in node.cells:
            if cell.cell_type == "markdown":
                here = "notebooks/zh" if nb.lang == "zh" else "notebooks"
                cell.source = _links(cell.source, here, doc, pages)
        node.cells.insert(0, _switch_cell(f"{switch}\n\n{_run_note(nb)}"))
        target = src / doc
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(node, target)

    en_notebooks = [english[s].docname for s in sorted(english)]
    zh_notebooks = [chinese[s].docname for s in sorted(chinese)]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    readme = _links(readme, "", "index.md", pages)
    (src / "index.md").write_text(
        readme
        + _toctree("Notebooks", en_notebooks, "index.md")
        + _toctree("More", ["benchmarks/README"], "index.md"),
        encoding="utf-8",
    )
    bench = (ROOT / "benchmarks" / "README.md").read_text(encoding="utf-8")
    (src / "benchmarks").mkdir()
    (src / "benchmarks" / "README.md").write_text(
        _links(bench, "benchmarks", "benchmarks/README.md", pages),
        encoding="utf-8",
    )
    (src / "zh").mkdir(exist_ok=True)
    zh = (ROOT / "README.zh-CN.md").read_text(encoding="utf-8") if has_zh_readme else "# 中文版\n"
    zh = _links(zh, "", "zh/index.md", pages)
    more = ["zh/glossary"] if has_glossary else []
    (src / "zh" / "index.md").write_text(
        zh
        + _toctree("笔记本", zh_notebooks, "zh/index.md")
        + (_toctree("参考", more, "zh/index.md") if more else ""),
        encoding="utf-8",
    )
    words = []
    if has_glossary:
        glossary = (DOCS / "glossary.zh-CN.md").read_text(encoding="utf-8")
        words = search_words(glossary)
        glossary = _links(glossary, "docs", glossary_doc, pages)
        (src / glossary_doc).write_text(glossary, encoding="utf-8")
    (src / SEARCH_WORDS).write_text("".join(f"{w}\n" for w in words), encoding="utf-8")

    # Each project's own conf.py, templates and static files. The Chinese face's file is
    # cut after Sphinx (see _serve_font): the pages hold words no source has (the theme's
    # 搜索, 上一页 …).
    mathjax = Path(str(files("mathjax").joinpath("/".join(MATHJAX))))
    static_css = (DOCS / "_static" / "agm.css").read_text(encoding="utf-8")
    static_css += "\n" + _shared_css()
    for edition in EDITIONS:
        root = src / edition.folder
        shutil.copy(DOCS / "conf.py", root / "conf.py")
        shutil.copytree(DOCS / "_templates", root / "_templates")
        (root / "_static" / "mathjax").mkdir(parents=True)
        shutil.copy(mathjax, root / "_static" / "mathjax" / mathjax.name)
        shutil.copy(mathjax.parents[1] / "LICENSE", root / "_static" / "mathjax" / "LICENSE")
        shutil.copy(DOCS / "_static" / "favicon.svg", root / "_static" / "favicon.svg")
        for script in (FORMULAS_JS, QUERY_WORDS_JS, SEARCH_TEXT_JS, MENU_JS, LOADABLE_JS):
            shutil.copy(DOCS / "_static" / script, root / "_static" / script)
        if edition.lang == "zh":
            for script in (ZH_SEARCH_JS, ZH_MATHJAX_JS):
                shutil.copy(DOCS / "_static" / script, root / "_static" / script)
            # the frame's words the themes leave in English (Sphinx compiles them)
            shutil.copytree(DOCS / "locales", root / "locales")
        source = f'url("{FONT_URL}") format("woff")'
        css = _font_face_rule(source) + _font_face_rule(source, MONO_FACE, MONO_SCALE)
        (root / "_static" / "agm.css").write_text(css + "\n" + static_css, encoding="utf-8")


ZH_SEARCH_JS = "agm-zh-search.js"
#: the fade of a box that scrolls, and how a formula's box scrolls: appended to the site's
#: agm.css, inlined in each standalone page (one rule for both)
FADE_CSS = "agm-fade.css"
FORMULA_BOXES_CSS = "agm-formula-boxes.css"
SHARED_CSS = (FADE_CSS, FORMULA_BOXES_CSS)


def _shared_css() -> str:
    """The style sheets of :data:`SHARED_CSS`, one after the other."""
    return "\n".join((DOCS / "_static" / name).read_text(encoding="utf-8") for name in SHARED_CSS)


FORMULAS_JS = "agm-formulas.js"  # both editions (conf.py's html_js_files)
SEARCH_TEXT_JS = "agm-search-text.js"  # both editions too
#: a query's words, a sign such as ∂ one of them: both editions, before ZH_SEARCH_JS
QUERY_WORDS_JS = "agm-query-words.js"
ZH_SCORER_JS = "agm-zh-scorer.js"  # the Chinese search's scores (Sphinx inlines it)
ZH_MATHJAX_JS = "agm-mathjax-zh.js"  # the Chinese words of MathJax's formula menu
MENU_JS = "agm-mathjax-menu.js"  # MathJax's formula menu kept inside the window (both)
#: the formula menu's settings and items that would fetch a MathJax part the build does not
#: ship, dropped and turned off (both editions; before MathJax starts, after MENU_JS)
LOADABLE_JS = "agm-mathjax-loadable.js"
SEARCH_WORDS = "zh-search-words.txt"  # in the staging root, outside both projects' pages
TERM = re.compile(r"[\u4e00-\u9fff]{2,}")
#: another name of a term in the 术语表's 说明: quoted after a word that says it is a name
#: (“注意” in "见文末“注意”" names a paragraph)
QUOTED = re.compile(r"(?:称|称为|译作|叫作|叫|写作|又名)“([^”]+)”")
ENGLISH_NAMED = re.compile(r"([\u4e00-\u9fff]{2,})（[A-Za-z][A-Za-z -]*）")


def search_words(glossary: str) -> list[str]:
    """The Chinese terms of the 术语表, for the search's word splitter: jieba cuts 反向传播
    into 反向 and 传播, and the browser looks a query up whole, so a reader typing the
    course's own term found nothing.

    The table of its "## 术语" section names terms in two of its columns: the first, the
    term itself (two or more, "代价函数 / 损失函数"), and 说明, the other names a term goes
    by, quoted after 称 or 译作 ("周志华称“误差逆传播”", "UFLDL 中文版译作“残差”") or followed by
    its English name in full-width brackets (免海森矩阵, Hessian-free). The first column alone
    left 误差逆传播 to jieba, which cut it into 误差 / 逆 / 传播: its search found the
    pages with 误差 and 传播, notebook 01 first, the 术语表 last."""
    words: list[str] = []
    section = ""
    rows = 0
    columns: list[str] = []
    for line in glossary.splitlines():
        if line.startswith("## "):
            section, rows = line[3:].strip(), 0
        elif section == "术语" and line.startswith("|"):
            rows += 1
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if rows == 1:
                columns = cells
            elif rows > 2:  # after the header and its rule
                named = TERM.findall(cells[0])
                if "说明" in columns:
                    note = cells[columns.index("说明")]
                    named += [w for w in QUOTED.findall(note) if TERM.fullmatch(w)]
                    named += ENGLISH_NAMED.findall(note)
                words += [w for w in named if w not in words]
    return words


def _serve_notebooks(executed: Iterable[Notebook], site: Path) -> None:
    """The file each notebook page's download button (.ipynb) gives: the repository's
    notebook, as Jupyter opens it. Sphinx serves its own source, the staged copy: the
    language line as a MyST directive (shown as its text in Jupyter, a link in it to a
    .md file), the site's read-only note (its checks say "not written yet" and False
    there, wrongly) and every output of the build's run."""
    for nb in executed:
        edition = "zh/" if nb.lang == "zh" else ""
        served = site / f"{edition}_sources" / f"{nb.docname.removeprefix(edition)}.ipynb"
        if not served.is_file():
            raise BuildError(f"Sphinx wrote no {served.relative_to(site)} for the download")
        shutil.copyfile(nb.path, served)


def _toctree(caption: str, docs: Iterable[str], from_doc: str) -> str:
    entries = "\n".join(_rel(from_doc, d) for d in docs)
    return f"\n\n```{{toctree}}\n:hidden:\n:caption: {caption}\n\n{entries}\n```\n"


# ---------------------------------------------------------------------------------------------
# the Chinese face: a subset of Noto Sans SC with the characters the site uses
# ---------------------------------------------------------------------------------------------


def _serve_font(site: Path) -> None:
    """Write each edition's subset of the Chinese face: every CJK character of the built
    pages and scripts (both editions, the theme's translated words and the search's
    messages included), so no page needs a system font."""
    chars: set[str] = set()
    for path in site.rglob("*"):
        if path.suffix in {".html", ".js"} and "standalone" not in path.parts:
            text = path.read_text(encoding="utf-8", errors="replace")
            # a script writes them as \uXXXX too: the search's 您的搜索没有匹配到 … were
            # blanks, their characters left out of the subset
            text = JS_ESCAPE.sub(lambda m: chr(int(m[1], 16)), text)
            chars |= set(CJK.findall(text))
    woff = _subset_woff("".join(sorted(chars)) or "中")
    for edition in EDITIONS:
        target = site / edition.folder / "_static" / FONT_URL
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(woff)


def _load(path: Path) -> ModuleType:
    """A module of the notebooks' folder (not a package of the repository), by path."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    if spec is None or spec.loader is None:
        raise BuildError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(path.stem, module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _subset_woff(text: str) -> bytes:
    """The Regular Noto Sans SC (notebooks/zh/cjk_font.py) cut down to ``text``, as WOFF."""
    cjk_font = _load(ZH_NOTEBOOKS / "cjk_font.py")
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(cjk_font.regular_font())
    options = subset.Options()
    options.flavor = "woff"
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def _font_face_css(text: str) -> str:
    """An @font-face rule for "AGM Noto Sans SC" with the face for ``text`` as a data: URI."""
    woff = base64.b64encode(_subset_woff(text)).decode()
    return _font_face_rule(f'url("data:font/woff;base64,{woff}") format("woff")')


def _font_face_rule(source: str, family: str = "AGM Noto Sans SC", scale: str = "") -> str:
    """The @font-face rule for ``family`` (the Chinese face), its file at ``source`` (a CSS
    src), drawn at ``scale`` of its size (a CSS size-adjust) when given."""
    adjust = f"  size-adjust: {scale};\n" if scale else ""
    return (
        "/* Noto Sans SC, SIL Open Font License 1.1 (from the justmytype-intl-cjk wheel) */\n"
        f'@font-face {{\n  font-family: "{family}";\n  font-weight: 400;\n'
        f"  src: {source};\n  unicode-range: {CJK_UNICODE_RANGE};\n{adjust}}}\n"
    )


#: The Chinese face in code: a hanzi 1.2 em wide, two columns of the theme's code fonts
#: (SFMono, Menlo, Liberation Mono, DejaVu Sans Mono: 0.6 em), as the notebooks count it
#: when they pad a printed table. agm.css names it after the CJK monospace faces.
MONO_FACE = "AGM Noto Sans SC Mono"
MONO_SCALE = "120%"


FONT_FAMILY = re.compile(r'font-family="([^"]*)"')


#: The opening of the HTML a notebook's graph that fits its column is offered as besides
#: its SVG (autograd_mini.render.scroll_box: a named region, no Tab stop of its own).
FITTING_BOX = re.compile(
    r'<div role="region" aria-label="[^"]*"(?: lang="[^"]*")?(?: class="[^"]*")? '
    r'style="max-width:100%;'
)


def _pictures_as_images(node: NotebookNode) -> None:
    """A graph that fits its notebook's column shown as an image, as the site has shown
    it: Jupyter is offered it as HTML too (the SVG inline in a named box, which a screen
    reader reaches in JupyterLab, where an image/svg+xml output is an <img>), and myst-nb
    and nbconvert show HTML first. The site boxes and names its images itself
    (:func:`graph_boxes`, docs/alt.py); a graph too wide to fit keeps its HTML box, as
    before."""
    for cell in node.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            page = data.get("text/html")
            if isinstance(page, list):  # nbformat may keep a text as its lines
                page = "".join(page)
            if "image/svg+xml" in data and isinstance(page, str) and FITTING_BOX.match(page):
                del data["text/html"]


def _chinese_in_pictures(node: NotebookNode) -> None:
    """Draw every SVG output that has Chinese in it (a graph's title, say) in a Chinese
    face of its own, and the Chinese of every SVG inside an HTML output (the step
    player's frames) in the page's.

    The site and the standalone pages show an SVG output as an image (``<img>``; a data:
    URI on a standalone page), and an image cannot use the page's web fonts: with no
    Chinese font on the machine, its Chinese came out as boxes. So the SVG carries the
    subset of Noto Sans SC for its characters as a data: URI (which images may load),
    and its texts' font families start with that face: its unicode-range keeps it to CJK,
    so Latin text keeps its own face.

    An SVG inside an HTML output is part of the page and may use the page's face, but
    each of its texts names its own families (graphviz's Times, say), none of them with
    Chinese: the 种子 of the Chinese step player was boxes too. Those families get the
    page's face before them (after them, Chromium kept the boxes it drew before the face
    had loaded); the page serves it (its characters are in the subset, which is cut from
    the built pages). The face's unicode-range keeps it to CJK: Latin text keeps its own.
    """
    for cell in node.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            svg = data.get("image/svg+xml")
            if isinstance(svg, str) and CJK.search(svg):
                svg = _with_chinese_face(svg)
                css = _font_face_css("".join(sorted(set(CJK.findall(svg)))))
                end = svg.index(">", svg.index("<svg")) + 1
                data["image/svg+xml"] = f"{svg[:end]}<style>{css}</style>{svg[end:]}"
            page = data.get("text/html")
            if isinstance(page, list):  # nbformat may keep a text as its lines
                page = "".join(page)
            if isinstance(page, str) and "<svg" in page and CJK.search(page):
                data["text/html"] = _with_chinese_face(page)


def _with_chinese_face(svg: str) -> str:
    """Every ``font-family="…"`` attribute of ``svg`` with the Chinese face first."""
    return FONT_FAMILY.sub(lambda m: f'font-family="AGM Noto Sans SC,{m[1]}"', svg)


# ---------------------------------------------------------------------------------------------
# 3. Sphinx, 4. standalone pages
# ---------------------------------------------------------------------------------------------


def _quiet_loggers() -> None:
    """fontTools narrates every table it subsets at INFO once Sphinx configures logging;
    jieba announces its dictionary."""
    if importlib.util.find_spec("jieba") is not None:
        importlib.import_module("jieba")  # it sets its logger to DEBUG when imported
    for name in ("fontTools", "traitlets", "jieba"):
        logging.getLogger(name).setLevel(logging.ERROR)


def sphinx(src: Path, out: Path, doctrees: Path, edition: Edition, *, quiet: bool = True) -> None:
    """Build one edition's project (``src`` is the staging root) into ``out``."""
    from sphinx.cmd.build import build_main

    args = ["-b", "html", "-E", "-d", str(doctrees), "--fail-on-warning", "--keep-going"]
    args += ["-D", f"language={edition.language}"]
    # the footer's "By …" and "© …" in the edition's language (the Chinese footer read
    # "作者： autograd-mini developers", "© Copyright autograd-mini developers.")
    args += ["-D", f"author={edition.people}", "-D", f"copyright={edition.people}"]
    if edition.folder == "":  # the Chinese project lives inside the English one's folder
        args += ["-D", "exclude_patterns=_build,**.ipynb_checkpoints,zh"]
    if edition.lang == "zh":  # jieba learns the course's terms (see search_words); the
        # browser cuts a query into the words the index knows (docs/_static/agm-zh-search.js)
        args += ["-D", f"html_search_options.dict={(src / SEARCH_WORDS).resolve()}"]
        scripts = (
            QUERY_WORDS_JS,
            ZH_SEARCH_JS,
            FORMULAS_JS,
            SEARCH_TEXT_JS,
            MENU_JS,  # before LOADABLE_JS and ZH_MATHJAX_JS, which call its agmEachMathJaxMenu
            LOADABLE_JS,
            ZH_MATHJAX_JS,
        )
        args += ["-D", f"html_js_files={','.join(scripts)}"]
        args += ["-D", f"html_search_scorer={DOCS / '_static' / ZH_SCORER_JS}"]
        args += ["-D", "html_theme_options.search_bar_text=搜索……"]
    for key in ("other", "other_caption", "other_title", "other_lang"):
        args += ["-A", f"agm_{key}={getattr(edition, key)}"]
    if quiet:
        args.append("-q")
    status = build_main([*args, str(src / edition.folder), str(out)])
    if status != 0:
        raise BuildError(f"Sphinx failed with status {status} (its warnings are above)")


ARTICLE = re.compile(r"<article\b.*?</article>", re.S)


def _typeset_pages(site: Path) -> None:
    """Fix the line breaks of every page's article (docs/typeset.py): long paths and URLs
    get break points, an inline formula keeps the marks around it, a printed table
    scrolls rather than wraps; give each graph and plot its scroll box
    (:func:`graph_boxes`); then give every formula of the page, the article's and its
    contents' (a heading's: "The sigmoid's derivative is f(1 − f)"), the text a search
    result quotes of it (docs/search_index.py's :func:`formulas_with_text`)."""
    for path in site.rglob("*.html"):
        parts = path.relative_to(site).parts
        if parts[0] == "standalone" or any(p.startswith("_") for p in parts):
            continue
        page = path.read_text(encoding="utf-8")
        lang = _edition_of(path.relative_to(site).as_posix())
        fixed = ARTICLE.sub(functools.partial(_fix_article, folder=path.parent, lang=lang), page)
        # last: the fixes of the article read a formula as <span class="math…">
        fixed = formulas_with_text(fixed)
        if fixed != page:
            path.write_text(fixed, encoding="utf-8")


def _fix_article(match: re.Match[str], folder: Path, lang: str) -> str:
    article = graph_boxes(typeset(match[0]), folder, lang)
    return printed_tables(table_labels(without_empty_heads(article)))


TABLE = re.compile(r"<table\b.*?</table>", re.S)
TABLE_HEAD = re.compile(r"<thead>.*?</thead>", re.S)
TABLE_BODY = re.compile(r"<tbody>.*?</tbody>", re.S)
ROW = re.compile(r"<tr\b.*?</tr>", re.S)
HEAD_CELL = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)
BODY_CELL = re.compile(r"<td\b")


def _cell_text(cell: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]*>", "", cell)).split())


def without_empty_heads(article: str) -> str:
    """Every table's header row whose cells are all empty left out. The README writes a
    table with no column names as Markdown must, ``| | |`` over ``|---|---|``: the home
    pages showed an empty grey band with a rule above the API tables (three an edition),
    and a screen reader heard two columns without a name."""

    def drop(table: re.Match[str]) -> str:
        head = TABLE_HEAD.search(table[0])
        if head is None or any(_cell_text(c) for c in HEAD_CELL.findall(head[0])):
            return table[0]
        return table[0][: head.start()] + table[0][head.end() :]

    return TABLE.sub(drop, article)


def table_labels(article: str) -> str:
    """Every body cell of a table with column names gets its column's name as
    ``data-label``: on a phone agm.css shows a table of two or three columns row by row,
    each cell a block under the name of its column (the header row is not shown)."""

    def label(table: re.Match[str]) -> str:
        head = TABLE_HEAD.search(table[0])
        if head is None:
            return table[0]
        names = [_cell_text(c) for c in HEAD_CELL.findall(head[0])]
        if not any(names):
            return table[0]

        def row(match: re.Match[str]) -> str:
            cells = iter(names)

            def cell(_: re.Match[str]) -> str:
                name = next(cells, "")
                return f'<td data-label="{html.escape(name)}"' if name else "<td"

            return BODY_CELL.sub(cell, match[0])

        return TABLE_BODY.sub(lambda body: ROW.sub(row, body[0]), table[0])

    return TABLE.sub(label, article)


IMG = re.compile(r"<img\b[^>]*>")
IMG_SRC = re.compile(r'\ssrc="([^"]+)"')
IMG_WIDTH = re.compile(r'\swidth="(\d+(?:\.\d+)?)(?:px)?"')
IMG_ALT = re.compile(r'\salt="([^"]*)"')
DATA_URI = re.compile(r"data:image/(svg\+xml|png);base64,([A-Za-z0-9+/=\s]+)$")
GRAPHVIZ = "<!-- Generated by graphviz"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: The smallest share of the size a notebook drew a graph at that a phone shows it at.
GRAPH_SCALE = 0.9
#: The column the notebooks' plots are drawn for, text 11 px or more when shown in it
#: (tests/test_figures.py; tests/columns.py's SITE_COLUMN_PX, measured by test_site.py).
PLOT_COLUMN_PX = 736.0
#: The smallest text a plot may be shrunk to on a phone, in CSS px.
MIN_PLOT_TEXT_PX = 9.0


def _picture(src: str, folder: Path | None) -> tuple[str, bytes] | None:
    """("svg" | "png", its bytes) of an image's ``src``: a data: URI (a standalone page)
    or a file under ``folder`` (a page of the site); None for anything else."""
    data = DATA_URI.match(src)
    if data:
        kind = "svg" if data[1] == "svg+xml" else "png"
        return kind, base64.b64decode(data[2])
    if folder is None or not src.endswith((".svg", ".png")):
        return None
    file = folder / html.unescape(src)
    if not file.is_file():
        return None
    return src.rsplit(".", 1)[1], file.read_bytes()


def least_widths(kind: str, picture: bytes, shown: float | None = None) -> tuple[float, float]:
    """How narrow the site may show a picture, in CSS px: (on a phone, wider than a phone).

    A Graphviz graph: its text no smaller than MIN_TEXT_PX, and on a phone, where it
    scrolls anyway, no smaller than GRAPH_SCALE of the size its notebook drew it at. A
    plot (PNG, ``shown`` px wide when the page says so, else its pixels): it is drawn with
    no text below MIN_TEXT_PX when shown ``min(its width, PLOT_COLUMN_PX)`` wide, so at
    MIN_PLOT_TEXT_PX / MIN_TEXT_PX of that its text is MIN_PLOT_TEXT_PX or more.
    """
    from autograd_mini.render import MIN_TEXT_PX, px_size, svg_box

    if kind == "svg":
        svg = picture.decode("utf-8")
        width, units = px_size(svg)[0], svg_box(svg)
        smallest = units.min_font * width / units.width  # its smallest text, in px
        fit = width * min(1.0, MIN_TEXT_PX / smallest)
        return width * max(GRAPH_SCALE, min(1.0, MIN_TEXT_PX / smallest)), fit
    width = shown if shown is not None else float(int.from_bytes(picture[16:20], "big"))
    least = min(width, PLOT_COLUMN_PX) * MIN_PLOT_TEXT_PX / MIN_TEXT_PX
    return least, least


def graph_boxes(article: str, folder: Path | None, lang: str) -> str:
    """Every Graphviz graph and every plot of ``article`` (an <img> of an SVG Graphviz
    wrote or of a PNG: a file under ``folder``, or a data: URI on a standalone page) in a
    box that scrolls sideways (.agm-graph in agm.css and the standalone template), with
    the least widths :func:`least_widths` gives as ``--agm-least`` (a phone's) and
    ``--agm-fit`` (a wider screen's): the CSS shrinks a picture to the column no further.

    A notebook draws a graph for a 1,000 px column with no text below 11 px, and one that
    cannot fit keeps that size in a scroll box (autograd_mini.render); the site's column
    is 736 px in a 1,000 px window and 358 px on a phone, and the theme shrank every image
    to it: graph labels of 5 px and plot labels of 5–8 px at 390 px. At 1,000 px a graph
    whose text is larger than 11 px shrinks to fit (notebook 0's, drawn 1,000 px wide
    with 15 px labels, at 11.4 px) where 0.9 of its size scrolled. The box is a <span>,
    shown as a block: an image may sit in a paragraph. A box that scrolls is a Tab stop
    of Chromium: it is a region named by the head of its picture's alt text
    (docs/alt.py's box_name, in the page's language: "Computation graph of out"), where
    it was a stop a screen reader said nothing of; named by the whole alt, a screen
    reader said it twice, region then image. agm-formulas.js keeps the region to a box
    that scrolls (the APG's landmarks: few, each worth going to): one that fits is no
    Tab stop and needs no name. Pictures of the article whose heads are alike each carry
    their number among them, in the page's language ``lang`` (:data:`PICTURE_NUMBER`);
    a head no other picture has stays as it is. Written here, in the HTML, so that a
    reader without JavaScript (or a screen reader before the scripts run) hears no name
    twice: agm-formulas.js numbered them, and the Chinese home page's three README
    pictures were three regions "README 里的神经元" until it ran (their alts are distinct
    now). A numbered box also carries its head (``data-agm-head``): with JavaScript, a
    picture that fits is no region, and agm-formulas.js numbers only the boxes of a head
    that are regions, so that a listener does not hear "第 2 幅" with no "第 1 幅"; one
    alone is named by the head.
    """

    def box(match: re.Match[str]) -> str:
        tag = match[0]
        src = IMG_SRC.search(tag)
        found = _picture(html.unescape(src[1]) if src else "", folder)
        if found is None:
            return tag
        kind, picture = found
        if kind == "svg" and GRAPHVIZ.encode() not in picture:
            return tag
        if kind == "png" and not picture.startswith(PNG_SIGNATURE):
            return tag
        width = IMG_WIDTH.search(tag)
        least, fit = least_widths(kind, picture, float(width[1]) if width else None)
        style = f"--agm-least: {math.ceil(least)}px; --agm-fit: {math.ceil(fit)}px"
        tag = tag.replace("<img", f'<img style="{style}"', 1)
        alt = IMG_ALT.search(tag)
        name = box_name(html.unescape(alt[1])) if alt and alt[1].strip() else ""
        if not name:
            return f'<span class="agm-graph">{tag}</span>'
        heads.append(name)
        return f'<span class="agm-graph" role="region" \0{len(heads) - 1}\0>{tag}</span>'

    heads: list[str] = []
    boxed = IMG.sub(box, article)
    seen: dict[str, int] = {}
    names = []
    for head in heads:
        seen[head] = seen.get(head, 0) + 1
        if heads.count(head) > 1:
            name = PICTURE_NUMBER[lang].format(head, seen[head])
            names.append(f'aria-label="{html.escape(name)}" data-agm-head="{html.escape(head)}"')
        else:
            names.append(f'aria-label="{html.escape(head)}"')
    return NAME_HOLDER.sub(lambda m: names[int(m[1])], boxed)


#: A picture's name among pictures of its page named alike (graph_boxes), by the page's
#: language: "神经元，第 2 幅", "…, picture 2" (agm-formulas.js's SAID.picture says the same).
PICTURE_NUMBER = {"en": "{}, picture {}", "zh": "{}，第 {} 幅"}
#: Where graph_boxes writes a picture's name (its attributes) once the page's names are
#: known: NUL, which no HTML holds, around the name's index.
NAME_HOLDER = re.compile("\0([0-9]+)\0")


def _inline_script(js: str) -> str:
    """``js`` to write inside <script>: no sequence may close or comment out the element
    early."""
    return js.replace("</script", "<\\/script").replace("<!--", "\\x3C!--")


def standalone(executed: dict[Notebook, NotebookNode], out: Path) -> list[Path]:
    """One HTML file per notebook that needs nothing else: opens from the file system."""
    mathjax_js = _inline_script(
        Path(str(files("mathjax").joinpath("/".join(MATHJAX)))).read_text(encoding="utf-8")
    )
    # the site's script that keeps a picture's region to a box that scrolls
    boxes_js = _inline_script((DOCS / "_static" / FORMULAS_JS).read_text(encoding="utf-8"))
    # before MathJax's: the one that keeps MathJax's formula menu and its submenus inside
    # the window, and the one that drops the stored menu settings which would make MathJax
    # fetch a part the page does not hold (it reads them as it starts)
    menu_js = "\n".join(
        _inline_script((DOCS / "_static" / name).read_text(encoding="utf-8"))
        for name in (MENU_JS, LOADABLE_JS)
    )
    # and, on a Chinese page, the Chinese words of MathJax's formula menu
    menu_zh = (DOCS / "_static" / ZH_MATHJAX_JS).read_text(encoding="utf-8")
    # the site's fade at the edge of a box that scrolls, which that script marks, and how
    # a formula's box scrolls
    shared_css = _shared_css()
    written = []
    for nb, node in executed.items():
        # the site's read-only note on top: under each "your turn" cell the page shows
        # "not written yet" and False, which a reader could not account for
        node = nbformat.from_dict(json.loads(json.dumps(node)))  # a copy
        note = nbformat.v4.new_markdown_cell(_run_note(nb, download=False))
        note.metadata["tags"] = ["agm-read-only"]  # nbconvert: class celltag_agm-read-only
        note.id = "agm-read-only"
        node.cells.insert(0, note)
        lang = nb.lang  # ISO 639-1, as nbconvert requires: "zh", not "zh-CN"
        text = "".join(CJK.findall(json.dumps([c.source for c in node.cells], ensure_ascii=False)))
        text += "".join(CJK.findall(nbformat.writes(node)))
        scripts = boxes_js
        if lang == "zh":
            scripts += "\n" + _inline_script(menu_zh)
            text += "".join(CJK.findall(menu_zh))
        exporter = _standalone_exporter(
            template_name="agm-standalone",
            extra_template_basedirs=[str(DOCS / "templates")],
            embed_images=True,
            language_code=lang,
        )
        resources = {
            "agm_menu_js": menu_js,
            "agm_mathjax_js": mathjax_js,
            "agm_boxes_js": scripts,
            "agm_font_css": _font_face_css(text or "中"),
            "agm_shared_css": shared_css,
            "metadata": {"name": _title(node) or nb.slug},
        }
        body, _ = exporter.from_notebook_node(node, resources=resources)
        body = printed_tables(graph_boxes(no_cell_tab_stops(body), None, nb.lang))  # as the site
        target = out / ("zh" if nb.lang == "zh" else "") / f"{nb.slug}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")
        written.append(target)
    (out / "index.html").write_text(_standalone_index(executed, out, written), encoding="utf-8")
    return written


#: A cell's input or output box as nbconvert's HTMLExporter writes it, a Tab stop.
CELL_TAB_STOP = re.compile(
    r'(<div class="[^"]*\b(?:jp-Cell-inputWrapper|jp-OutputArea-output)\b[^"]*"[^>]*?)'
    r' tabindex="0"'
)


def no_cell_tab_stops(page: str) -> str:
    """``page`` (nbconvert's HTML) with no Tab stop on a cell's input or output box.

    nbconvert 7 gives every cell's input box and every output box tabindex 0, so that one
    that scrolls can be scrolled from the keyboard: notebook 06 had 52 Tab stops more (36
    inputs, 16 outputs; notebook 04 89), each a box with no role, its name all its text (a
    screen reader read out a whole Markdown cell as one stop). None of these boxes scrolls
    at 360 or 1,000 px: what scrolls is a block of code, a printed table or a picture
    inside, a Tab stop of Chromium's own, named by agm-formulas.js."""
    return CELL_TAB_STOP.sub(r"\1", page)


def _standalone_exporter(**options: object) -> Any:
    """nbconvert's HTMLExporter, its Markdown typeset as the site's pages are
    (docs/typeset.py): an inline formula is written ``<span class="math">$…$</span>`` (not
    bare ``$…$``), so that it can be kept together with the marks around it.

    ``markdown2html`` is HTMLExporter's own (nbconvert 7), with a renderer that wraps
    inline maths and the result passed through :func:`typeset`."""
    from jinja2 import pass_context
    from nbconvert import HTMLExporter
    from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath

    class Renderer(IPythonRenderer):
        def inline_math(self, body: str) -> str:
            return f'<span class="math">{super().inline_math(body)}</span>'

        def table(self, text: str) -> str:
            """A Markdown table (mistune's table plugin's markup) in a box of its own that
            scrolls sideways (``agm-table-box``), as the site's theme boxes a table.

            On a standalone page a table wider than the column made its whole Markdown
            cell scroll (JupyterLab's overflow: auto on it), a Tab stop of Chromium named
            by the cell's entire text: notebook 07's summary table in Chinese on a phone.
            Only the table's box scrolls now, and agm-formulas.js names it a region while
            it does ("Table 1, scrolls sideways" in the page's language), as the site
            names its tables. Written here, where Markdown writes the table, not found
            afterwards in the cell's HTML: a pattern from "<table" to "</table>" took
            in a comment's "<table>" and cut a table written in HTML inside another.
            What a cell writes in HTML is left as written, as the site leaves it."""
            return f'<div class="agm-table-box"><table>\n{text}</table>\n</div>\n'

    class Exporter(HTMLExporter):
        @pass_context  # a Jinja filter that is given the template's context, as nbconvert's
        def markdown2html(self, context: Any, source: str) -> str:
            cell = context.get("cell", {})
            renderer = Renderer(
                escape=False,
                attachments=cell.get("attachments", {}),
                embed_images=self.embed_images,
                path=context.get("resources", {}).get("metadata", {}).get("path", ""),
                anchor_link_text=self.anchor_link_text,
                exclude_anchor_links=self.exclude_anchor_links,
                **self.lexer_options,
            )
            return typeset(MarkdownWithMath(renderer=renderer).render(source))

    return Exporter(**options)


STANDALONE_CSS = """
body { font-family: "AGM Noto Sans SC", system-ui, sans-serif; max-width: 44em;
       margin: 2em auto; padding: 0 1em; line-height: 1.5; color: #222; }
h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 1.5em; }
li { margin: 0.3em 0; } a { color: #0a5e8c; }
"""


def _standalone_index(
    executed: dict[Notebook, NotebookNode], out: Path, written: Sequence[Path]
) -> str:
    """The standalone folder's front page: each edition's notebooks by title, in order."""
    sections = {"en": ("English", "en"), "zh": ("中文", "zh-CN")}
    parts = []
    for lang, (heading, code) in sections.items():
        items = [
            f'<li><a href="{html.escape(path.relative_to(out).as_posix())}">'
            f"{html.escape(_title(node) or nb.slug)}</a></li>"
            for (nb, node), path in zip(executed.items(), written, strict=True)
            if nb.lang == lang
        ]
        if items:
            parts.append(f'<section lang="{code}"><h2>{heading}</h2><ul>{"".join(items)}</ul>')
            parts.append("</section>")
    head = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>autograd-mini notebooks</title><style>{style}</style></head>\n<body>\n"
    )
    body = (
        "<h1>autograd-mini notebooks</h1>\n<p>Each page is one file: it opens from the file "
        'system with no server. <span lang="zh-CN">每个页面是一个独立的文件，双击即可打开。'
        "</span></p>\n" + "\n".join(parts) + "\n</body></html>\n"
    )
    # The face comes first: its unicode-range keeps it to CJK, at every weight.
    text = "".join(CJK.findall(body))
    style = STANDALONE_CSS + (_font_face_css(text) if text else "")
    return head.format(style=style) + body


def _title(node: NotebookNode) -> str | None:
    for cell in node.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return re.sub(r"[`*]", "", line[2:]).strip()
    return None


def describe(nb: Notebook, node: NotebookNode) -> None:
    """Alt text for every picture of ``node`` (docs/alt.py); a cell that draws more than
    one picture fails the build, naming the notebook."""
    try:
        describe_pictures(node, nb.lang)
    except ManyPictures as err:
        where = nb.path.relative_to(ROOT) if nb.path.is_relative_to(ROOT) else nb.path
        raise BuildError(f"{where}: {err}") from None


def build(
    out: Path = DEFAULT_OUT,
    *,
    fresh: bool = False,
    jobs: int = 2,
    only: Sequence[str] | None = None,
    log: bool = True,
) -> Path:
    """Build the whole site into ``out``; ``only`` keeps the notebooks whose slug starts so."""
    started = time.perf_counter()
    _quiet_loggers()
    notebooks = discover()
    if only:
        notebooks = [nb for nb in notebooks if any(nb.slug.startswith(o) for o in only)]
    if log:
        print(f"executing {len(notebooks)} notebooks (cache: {CACHE.relative_to(ROOT)})")
    executed = execute_all(notebooks, fresh=fresh, jobs=jobs, log=log)
    work = ROOT / "build" if out == DEFAULT_OUT else out.parent / f".{out.name}-work"
    src = work / "docs-src"
    # both the site and the standalone pages show SVG outputs as images (<img>, a data:
    # URI on a standalone page): each with Chinese in it carries its own face
    for nb, node in executed.items():
        _pictures_as_images(node)
        _chinese_in_pictures(node)
        describe(nb, node)
    stage(executed, src)
    if out.exists():
        shutil.rmtree(out)
    if log:
        print(f"sphinx: {src.relative_to(ROOT) if src.is_relative_to(ROOT) else src} -> {out}")
    # Sphinx writes into the work folder and the result is moved: myst-nb puts a
    # jupyter_execute/ folder beside its output folder, which must not be the repository.
    for edition in EDITIONS:
        built = work / f"docs-html-{edition.lang}"
        if built.exists():
            shutil.rmtree(built)
        sphinx(src, built, work / f"docs-doctrees-{edition.lang}", edition)
        shutil.move(built, out / edition.folder if edition.folder else out)
    _typeset_pages(out)
    _serve_font(out)
    _serve_notebooks(executed, out)
    standalone(executed, out / "standalone")
    (out / ".nojekyll").touch()
    if log:
        seconds = time.perf_counter() - started
        print(f"site built in {seconds:.0f} s: python -m http.server -d {out}")
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (site/)")
    parser.add_argument("--fresh", action="store_true", help="ignore the execution cache")
    parser.add_argument("--jobs", type=int, default=2, help="notebooks executed at once")
    parser.add_argument("--only", nargs="*", help="only notebooks whose name starts so (00 06)")
    args = parser.parse_args(argv)
    try:
        build(args.out.resolve(), fresh=args.fresh, jobs=args.jobs, only=args.only)
    except BuildError as err:
        print(f"docs: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
