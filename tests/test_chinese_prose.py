"""The Chinese a reader meets outside the notebooks names the course's terms in Chinese.

tests/test_zh_notebooks.py refuses an English term of the glossary standing alone in the
Chinese notebooks' prose; the same words are read here wherever else the Chinese edition
speaks: README.zh-CN.md, the translators' notes notebooks/zh/README.md, the glossary's own
explanations, and the words the site's Chinese pages show (the theme's translations, and
the Chinese strings docs/ writes into the pages: the edition banner, the notice above a
notebook, a picture's alt text). README.zh-CN.md said 「`vjp` 的 pullback」 and quoted
fit's English message in plain quotes, and its notebook table named 「算例 loss(w₁)」.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from glossed_terms import GLOSSARY, bare_terms, glossary_rows

ROOT = Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
FENCE = re.compile(r"```.*?```", re.S)  # a code block: code, and its comments follow the code

ZH_SPAN = re.compile(r'<span lang="zh-CN">(.*?)</span>', re.S)
PAGES = [ROOT / "README.zh-CN.md", ROOT / "notebooks" / "zh" / "README.md"]


def _paragraphs(path: Path) -> list[str]:
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    return [p for p in text.split("\n\n") if CJK.search(p)]


@pytest.mark.parametrize("path", PAGES, ids=[p.relative_to(ROOT).as_posix() for p in PAGES])
def test_a_chinese_page_glosses_the_english_terms(path: Path) -> None:
    paragraphs = _paragraphs(path)
    assert paragraphs, f"{path.name}: no Chinese prose"
    bare = [(terms, p[:120]) for p in paragraphs if (terms := bare_terms(p))]
    assert not bare, f"{path.name}: English terms in Chinese prose, write the Chinese: {bare}"


@pytest.mark.parametrize("path", PAGES, ids=[p.relative_to(ROOT).as_posix() for p in PAGES])
def test_a_dash_s_aside_ends_without_another_mark(path: Path) -> None:
    """A ——…—— aside closes and the sentence goes on; a mark right after its closing dash
    (README.zh-CN.md's 「带中文的 PNG——请存成 SVG……见上文——、找不到渲染器」) leaves the
    list the aside interrupts in two pieces. Oracle: Chinese punctuation, a dash is not
    followed by a pause mark."""
    paragraphs = _paragraphs(path)
    marked = [p[:160] for p in paragraphs if re.search(r"——[、，；：。]", p)]
    assert not marked, f"{path.name}: a mark after a closing dash: {marked}"


def test_the_glossary_explains_in_chinese() -> None:
    """Its English column is the terms; the 说明 column and the prose around the table are
    Chinese, and gloss a term as the notebooks do."""
    glossary = GLOSSARY.read_text(encoding="utf-8")
    rows = glossary_rows(glossary)
    assert len(rows) > 40 and sum(bool(CJK.search(row[2])) for row in rows) > 30
    bare = [(row[0], terms) for row in rows if (terms := bare_terms(row[2]))]
    assert not bare, f"the glossary's 说明 column: {bare}"
    table = glossary.split("\n## 术语\n", 1)[1].split("\n## ", 1)[0]
    prose = glossary.replace(table, "")
    assert CJK.search(prose) and not bare_terms(prose), bare_terms(prose)


def _site_strings() -> list[tuple[str, str]]:
    """(file, text) of every Chinese string the site's build writes into a page, and every
    Chinese translation of the theme's words (msgstr of docs/locales/zh_CN)."""
    found = []
    for path in sorted((ROOT / "docs").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {  # English, for the code's readers, naming a Chinese word at times
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
            and ast.get_docstring(node) is not None
        }
        found += [
            (path.name, node.value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and CJK.search(node.value)
            and id(node) not in docstrings
        ]
    # the English index of the standalone pages says one sentence in Chinese, in its own span
    found = [
        (name, " ".join(ZH_SPAN.findall(text)) if 'lang="zh-CN"' in text else text)
        for name, text in found
    ]
    for path in sorted((ROOT / "docs" / "locales").rglob("*.po")):
        for text in re.findall(r'^msgstr "(.*)"$', path.read_text(encoding="utf-8"), re.M):
            found.append((path.name, text))
    for path in sorted((ROOT / "docs").glob("*templates/**/*")):
        if path.is_file() and CJK.search(text := path.read_text(encoding="utf-8")):
            found.append((path.name, text))
    return found


def test_the_site_s_chinese_words_gloss_the_english_terms() -> None:
    strings = _site_strings()
    files = {name for name, _ in strings}
    assert {"build.py", "alt.py", "sphinx.po"} <= files, files
    bare = [(name, text[:80], terms) for name, text in strings if (terms := bare_terms(text))]
    assert not bare, bare
