"""The Chinese edition: each notebooks/zh/NN_slug.py is checked against notebooks/NN_slug.py.

    python -m docs.zh check              # every Chinese notebook against its English source
    python -m docs.zh start 03           # begin a translation: copy 03's source into zh/
    python -m docs.zh sync               # rewrite each zh .ipynb from its .py (outputs stripped)

What must not drift (see notebooks/zh/README.md):

- the code: the Chinese notebook has the English code cells, in the same order, equal once
  comments and the *text* of string literals are set aside (a translator may translate
  comments, docstrings, plot labels and printed words, never a name, a number or an
  ``assert``); cells tagged ``zh-only`` are extra and may not assert anything;
- the tags (``exercise:<id>`` …), so the same checks run after the same cells;
- the displayed formulas: every ``$$ … $$`` block of the English notebook, in order.
"""

from __future__ import annotations

import argparse
import ast
import re
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
ZH = NOTEBOOKS / "zh"
ZH_ONLY = "zh-only"
DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$", re.S)


class _Blank(ast.NodeTransformer):
    """Every string constant becomes "": the words may be translated, nothing else."""

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        if isinstance(node.value, str):
            return ast.copy_location(ast.Constant(value=""), node)
        return node

    def visit_JoinedStr(self, node: ast.JoinedStr) -> ast.AST:
        # An f-string keeps the expressions it formats; its literal parts and format specs go.
        kept: list[ast.expr] = []
        for part in node.values:
            if isinstance(part, ast.FormattedValue):
                kept.append(ast.FormattedValue(self.visit(part.value), part.conversion, None))
        return ast.copy_location(ast.JoinedStr(values=kept), node)


def code_signature(source: str) -> str:
    """The code of a cell without comments, layout and string text (IPython magics kept)."""
    lines = [
        f"__magic__({line.strip()!r})" if line.lstrip().startswith(("%", "!")) else line
        for line in source.splitlines()
    ]
    tree = ast.parse("\n".join(lines))
    return ast.dump(_Blank().visit(tree), annotate_fields=False)


def _tags(cell: Any) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _math(cells: Sequence[Any]) -> list[str]:
    blocks = []
    for cell in cells:
        if cell.cell_type == "markdown":
            text = re.sub(r"\s+", " ", cell.source)
            blocks += [m.strip() for m in DISPLAY_MATH.findall(text)]
    return blocks


def compare(english: Any, chinese: Any) -> list[str]:
    """What differs between an English notebook and its translation (empty: nothing)."""
    problems = []
    en_code = [c for c in english.cells if c.cell_type == "code"]
    zh_code = [c for c in chinese.cells if c.cell_type == "code" and ZH_ONLY not in _tags(c)]
    for cell in chinese.cells:
        if cell.cell_type == "code" and ZH_ONLY in _tags(cell) and "assert" in cell.source:
            problems.append(f"a {ZH_ONLY} cell asserts something:\n{cell.source}")
    if len(en_code) != len(zh_code):
        problems.append(f"{len(zh_code)} code cells, the English source has {len(en_code)}")
    for k, (en, zh) in enumerate(zip(en_code, zh_code, strict=False), start=1):
        try:
            same = code_signature(en.source) == code_signature(zh.source)
        except SyntaxError as err:
            problems.append(f"code cell {k} does not parse: {err}")
            continue
        if not same:
            problems.append(
                f"code cell {k} differs from the English one beyond comments and strings:\n"
                f"--- English\n{en.source}\n--- 中文\n{zh.source}"
            )
        if _tags(en) != _tags(zh):
            problems.append(f"code cell {k}: tags {_tags(zh)}, English {_tags(en)}")
    en_math, zh_math = _math(english.cells), _math(chinese.cells)
    if en_math != zh_math:
        missing = [m for m in en_math if m not in zh_math]
        extra = [m for m in zh_math if m not in en_math]
        problems.append(
            "the displayed formulas ($$ … $$) differ from the English ones"
            + (f"; missing {missing}" if missing else "")
            + (f"; not in the English {extra}" if extra else "")
            + ("" if missing or extra else "; same formulas, another order")
        )
    return problems


def pairs() -> list[tuple[Path, Path]]:
    """(English source, Chinese source) for every notebooks/zh/NN_slug.py."""
    return [(NOTEBOOKS / p.name, p) for p in sorted(ZH.glob("[0-9][0-9]_*.py"))]


def check() -> int:
    import jupytext

    status = 0
    for en_path, zh_path in pairs():
        if not en_path.is_file():
            print(f"{zh_path.relative_to(ROOT)}: no English source {en_path.name}")
            status = 1
            continue
        problems = compare(jupytext.read(en_path), jupytext.read(zh_path))
        for problem in problems:
            print(f"{zh_path.relative_to(ROOT)}: {problem}")
        status |= bool(problems)
        if not problems:
            print(f"{zh_path.relative_to(ROOT)}: same code, tags and formulas as {en_path.name}")
    return status


def start(prefix: str) -> int:
    matches = sorted(NOTEBOOKS.glob(f"{prefix}*.py"))
    if len(matches) != 1:
        print(f"expected one notebooks/{prefix}*.py, found {[m.name for m in matches]}")
        return 2
    target = ZH / matches[0].name
    if target.exists():
        print(f"{target.relative_to(ROOT)} exists already")
        return 2
    shutil.copy(matches[0], target)
    print(f"{target.relative_to(ROOT)}: translate the markdown cells (and comments, labels);")
    print("then python -m docs.zh sync && python -m docs.zh check")
    return 0


def sync() -> int:
    """Pair every Chinese source with its .ipynb, as ``make notebooks`` does for English.

    ``jupytext --sync`` (notebooks/jupytext.toml applies here too) rewrites only what
    changed and keeps the existing cells' ids, so a translator's commit touches only the
    notebook they translated.
    """
    from jupytext.cli import jupytext as jupytext_cli

    sources = [str(zh_path) for _, zh_path in pairs()]
    if sources:
        jupytext_cli(["--sync", "--quiet", *sources])
    for source in sources:
        print(f"synced {Path(source).relative_to(ROOT)}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="compare every Chinese notebook with its English source")
    begin = sub.add_parser("start", help="copy an English source into notebooks/zh/")
    begin.add_argument("prefix", help="the notebook's number, e.g. 03")
    sub.add_parser("sync", help="write notebooks/zh/*.ipynb from the .py sources")
    args = parser.parse_args(argv)
    if args.command == "check":
        return check()
    if args.command == "start":
        return start(args.prefix)
    return sync()


if __name__ == "__main__":
    sys.exit(main())
