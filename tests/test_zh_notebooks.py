"""The Chinese notebooks (notebooks/zh/): same code as the English ones, paired, and they run.

A translation may change the words — markdown, comments, docstrings, plot labels — and
nothing else: ``docs.zh.compare`` sets comments and string text aside and compares the rest
of every code cell with the English source, plus the tags and the displayed formulas. The
notebooks are then executed like the English ones (through the site build's executor and
cache, so the browser tests reuse the same run), in notebooks/zh/, and their plots must
find every glyph in the packaged Noto Sans SC.
"""

from __future__ import annotations

import ast
import copy
import io
import re
import sys
import tokenize
from pathlib import Path

import editions
import jupytext
import nbformat
import pytest
from glossed_terms import GLOSSARY, GLOSSED_ONLY, bare_terms

from docs import build, zh

ROOT = Path(__file__).resolve().parent.parent
PAIRS = zh.pairs()
IDS = [p[1].stem for p in PAIRS]
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def test_there_is_a_chinese_edition() -> None:
    assert PAIRS, "no notebooks/zh/NN_slug.py"
    for en, zh_path in PAIRS:
        assert en.is_file(), f"{zh_path.name} has no English source"


@pytest.mark.parametrize(("en", "zh_path"), PAIRS, ids=IDS)
def test_code_tags_and_formulas_match_the_english_source(en: Path, zh_path: Path) -> None:
    problems = zh.compare(jupytext.read(en), jupytext.read(zh_path))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("en", "zh_path"), PAIRS, ids=IDS)
def test_the_comparison_catches_drift(en: Path, zh_path: Path) -> None:
    """Change one number in an assert, drop a cell, retag one: each is reported."""
    english, chinese = jupytext.read(en), jupytext.read(zh_path)
    code = [
        c
        for c in chinese.cells
        if c.cell_type == "code" and zh.ZH_ONLY not in c.metadata.get("tags", [])
    ]
    with_assert = next(c for c in code if re.search(r"assert .*\d", c.source))
    changed = copy.deepcopy(chinese)
    target = changed.cells[chinese.cells.index(with_assert)]
    target.source = re.sub(r"(assert .*?)(\d)", r"\g<1>7\g<2>", target.source, count=1)
    assert any("differs" in p for p in zh.compare(english, changed))

    dropped = copy.deepcopy(chinese)
    dropped.cells.remove(dropped.cells[chinese.cells.index(code[-1])])
    assert any("code cells" in p for p in zh.compare(english, dropped))

    retagged = copy.deepcopy(chinese)
    retagged.cells[chinese.cells.index(code[1])].metadata["tags"] = ["exercise:other"]
    assert any("tags" in p for p in zh.compare(english, retagged))

    words = copy.deepcopy(chinese)  # translating strings and comments is allowed
    for cell in words.cells:
        if cell.cell_type == "code":
            translated = re.sub(r'(?<!["\w])"[A-Za-z][A-Za-z ]*"(?!")', '"译文"', cell.source)
            cell.source = translated + "\n# 注释"
    assert words.cells != chinese.cells
    assert not zh.compare(english, words)


def test_a_zh_only_cell_may_not_assert() -> None:
    en = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    ch = copy.deepcopy(en)
    extra = nbformat.v4.new_code_cell("assert x == 1")
    extra.metadata["tags"] = [zh.ZH_ONLY]
    ch.cells.append(extra)
    assert any("asserts" in p for p in zh.compare(en, ch))


@pytest.mark.parametrize(("en", "zh_path"), PAIRS, ids=IDS)
def test_ipynb_is_the_py_source_without_outputs(en: Path, zh_path: Path) -> None:
    source = jupytext.read(zh_path)
    paired = nbformat.read(zh_path.with_suffix(".ipynb"), as_version=4)
    assert [(c.cell_type, c.source, c.metadata.get("tags", [])) for c in paired.cells] == [
        (c.cell_type, c.source, c.metadata.get("tags", [])) for c in source.cells
    ], f"{zh_path.with_suffix('.ipynb').name} is stale: python -m docs.zh sync"
    for cell in paired.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


@pytest.mark.parametrize(("en", "zh_path"), PAIRS, ids=IDS)
def test_prose_is_chinese(en: Path, zh_path: Path) -> None:
    markdown = [c.source for c in jupytext.read(zh_path).cells if c.cell_type == "markdown"]
    assert markdown and all(CJK.search(text) for text in markdown), "an untranslated cell"


# Terms of the course that have a Chinese name stand in Chinese prose only as a gloss after
# the Chinese, 「反向过程（backward pass）」: tests/glossed_terms.py reads them from the
# glossary and finds them (the same check reads the READMEs and the site, test_chinese_prose).


def test_the_glossed_terms_are_the_glossary_s() -> None:
    assert len(GLOSSED_ONLY) == len(set(GLOSSED_ONLY)) > 40
    for term in ["chain rule", "backpropagation", "loss", "forward pass", "epoch"]:
        assert term in GLOSSED_ONLY
    assert not [t for t in GLOSSED_ONLY if re.search(r"[^A-Za-z0-9' -]|^$", t)], GLOSSED_ONLY


@pytest.mark.parametrize(("en", "zh_path"), PAIRS, ids=IDS)
def test_an_english_term_in_chinese_prose_is_only_a_gloss(en: Path, zh_path: Path) -> None:
    cells = jupytext.read(zh_path).cells
    bare = [term for c in cells if c.cell_type == "markdown" for term in bare_terms(c.source)]
    assert not bare, f"{zh_path.name}: {bare} in Chinese prose; write the Chinese term"


BARE = [
    "李宏毅的“backward pass”部分",
    "李宏毅的backward pass部分",
    "每一轮epoch之后",
    "三个gradients",
    "forward-mode 的切向量",
    "把 learning\nrate 调小",
    "用 mini batch 估计",
    "沿 saddle point 的两侧",  # in the glossary, not in the hand-written list it replaced
    "跨过一个 kink 时",
    "把整个 loss 连同数字写出来",
    "每一[epoch](https://example.org/epoch)之后",  # a link's text is prose
    "见 [learning rate](#学习率)",
]
NOT_BARE = [
    "李宏毅的“反向过程”（backward pass）部分",
    "每一轮（epoch）之后",
    "（叫作*切向量*，tangent）",
    "*ML Lecture 7: Backpropagation*",
    "`backward()` 和 $\\nabla C$",
    "`fit(..., epochs=3)` 训练三轮",
    "[反向传播](https://en.wikipedia.org/wiki/Backpropagation)",  # an address is not prose
    "[*Neural Networks and Deep Learning*](http://neuralnetworksanddeeplearning.com/)",
    "[“Backpropagation calculus”](https://www.3blue1brown.com/lessons/backpropagation-calculus)",
]


@pytest.mark.parametrize(
    ("prose", "bare"), [(p, True) for p in BARE] + [(p, False) for p in NOT_BARE]
)
def test_a_bare_term_is_found_however_it_is_written(tmp_path: Path, prose: str, bare: bool) -> None:
    zh_path = tmp_path / "zh.py"
    cell = "".join(f"# {line}\n" for line in prose.splitlines())
    zh_path.write_text(f"# %% [markdown]\n{cell}", encoding="utf-8")
    if bare:
        with pytest.raises(AssertionError, match="in Chinese prose"):
            test_an_english_term_in_chinese_prose_is_only_a_gloss(zh_path, zh_path)
    else:  # a gloss, a title, code and formulas are not prose
        test_an_english_term_in_chinese_prose_is_only_a_gloss(zh_path, zh_path)


# Names a Chinese comment or message may spell in Latin letters besides the notebook's own
# identifiers: libraries, tools and fonts, a linter's pragma.
NAMES = {"Noto", "Sans", "PyPI", "Python", "PyTorch", "autograd", "mini", "DOT", "Graphviz"}
NAMES |= {"numpy", "sympy", "noqa"}
# English still standing in a Chinese notebook, (notebook stem, text), listed so that it is
# seen: when one is translated, the test fails until its entry goes. zh/01's print of
# d loss/dw1 and d (loss²)/dw1 was the last; it now says 不取平方 and 取平方, as the English
# edition says unsquared and squared.
NOT_YET: set[tuple[str, str]] = set()


def _english_lines(path: Path) -> list[str]:
    """Comments, docstrings and the words a cell prints or raises, written only in English.

    A line with Chinese in it may name code (`grad`, atol, tanh) among the Chinese; a line
    whose every word is English, once the notebook's own identifiers and a few proper
    names are set aside, was left untranslated.
    """
    cells = [c.source for c in jupytext.read(path).cells if c.cell_type == "code"]
    trees = [ast.parse(source) for source in cells]
    identifiers = set(NAMES)
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Name):
                identifiers.add(node.id)
            elif isinstance(node, ast.Attribute):
                identifiers.add(node.attr)
            elif isinstance(node, ast.FunctionDef | ast.ClassDef):
                identifiers.add(node.name)
            elif isinstance(node, ast.arg):
                identifiers.add(node.arg)
            elif isinstance(node, ast.alias):
                identifiers.update(node.name.split("."))
    texts = []
    for source, tree in zip(cells, trees, strict=True):
        lines = io.StringIO(source + "\n").readline
        texts += [t.string for t in tokenize.generate_tokens(lines) if t.type == tokenize.COMMENT]
        for node in ast.walk(tree):
            said: list[ast.expr] = []
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "print":
                said = list(node.args)
            elif isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                said = list(node.exc.args)
            elif isinstance(node, ast.FunctionDef) and ast.get_docstring(node):
                said = [node.body[0].value]  # type: ignore[attr-defined]
            for expr in said:
                texts += [
                    part.value
                    for part in ast.walk(expr)
                    if isinstance(part, ast.Constant) and isinstance(part.value, str)
                ]
    return [
        text
        for text in texts
        if not CJK.search(text)
        and [w for w in editions.english_words(text) if w not in identifiers]
    ]


@pytest.mark.parametrize(("en", "zh_path"), PAIRS, ids=IDS)
def test_comments_and_printed_words_are_chinese(en: Path, zh_path: Path) -> None:
    """zh/06 printed "engine … by hand" and kept its English comments; zh/00 and zh/02 had
    one English comment each. Code stays as it is; the words around it are translated."""
    left = set(_english_lines(zh_path))
    waiting = {text for stem, text in NOT_YET if stem == zh_path.stem}
    assert left - waiting == set(), f"{zh_path.name}: untranslated {sorted(left - waiting)}"
    assert waiting <= left, f"{zh_path.name}: translated now, drop it from NOT_YET: {waiting}"


@pytest.fixture(scope="module")
def executed() -> dict[str, nbformat.NotebookNode]:
    notebooks = [nb for nb in build.discover() if nb.lang == "zh"]
    return {nb.slug: node for nb, node in build.execute_all(notebooks, log=False).items()}


def _outputs_text(node: nbformat.NotebookNode) -> str:
    parts = []
    for cell in node.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            parts.append(str(out.get("data", {}).get("text/plain", "")))
    return "\n".join(parts)


@pytest.mark.parametrize(("en", "zh_path"), PAIRS, ids=IDS)
def test_chinese_notebook_runs_and_every_glyph_is_found(
    en: Path, zh_path: Path, executed: dict[str, nbformat.NotebookNode]
) -> None:
    node = executed[zh_path.stem]
    for cell in node.cells:
        for out in cell.get("outputs", []):
            assert out.output_type != "error", out.get("evalue")
    text = _outputs_text(node)
    assert "missing from font" not in text, "a plot label fell back to a font without it"


@pytest.mark.parametrize(("en", "zh_path"), PAIRS, ids=IDS)
def test_a_zh_only_cell_shows_nothing(
    en: Path, zh_path: Path, executed: dict[str, nbformat.NotebookNode]
) -> None:
    """A zh-only cell sets things up (a font, the pictures' language) and has nothing to
    show: the one ending in picture_language("zh") printed the setting's repr on the
    Chinese pages of notebooks 00 and 05."""
    for cell in executed[zh_path.stem].cells:
        if cell.cell_type == "code" and zh.ZH_ONLY in cell.metadata.get("tags", []):
            assert cell.get("outputs", []) == [], cell.source


PICTURE_LANGUAGE = re.compile(r'<(?:svg|div)\b[^>]*?\blang="([^"]*)"')


@pytest.mark.parametrize(("en", "zh_path"), PAIRS, ids=IDS)
def test_the_library_s_pictures_speak_chinese(
    en: Path, zh_path: Path, executed: dict[str, nbformat.NotebookNode]
) -> None:
    """Every picture the library draws in a Chinese notebook (a graph's SVG, a step
    player) is drawn in Chinese: zh/01, zh/06 and zh/07 drew theirs without calling
    picture_language("zh"), so each said in English what a screen reader reads and a hover
    shows ("Computation graph of C: 7 values, operations …"), under lang="en"."""
    for cell in executed[zh_path.stem].cells:
        for out in cell.get("outputs", []):
            for kind in ("image/svg+xml", "text/html"):
                picture = out.get("data", {}).get(kind, "")
                picture = "".join(picture) if isinstance(picture, list) else picture
                said = set(PICTURE_LANGUAGE.findall(picture))
                assert said <= {"zh-CN"}, f"{zh_path.name}: {cell.source[:60]!r} drew {said}"
                assert "Computation graph" not in picture, cell.source[:60]


ENGLISH_WORD = re.compile(r"(?<![A-Za-z_.])(?:[A-Za-z][a-z']{2,}|[A-Z]{3,})(?![A-Za-z_])")
A_PATH_OR_QUOTE = re.compile(r"\S*[/\"\[]\S*")


@pytest.mark.parametrize(("en", "zh_path"), PAIRS, ids=IDS)
def test_english_a_cell_prints_is_said_to_be_english(
    en: Path, zh_path: Path, executed: dict[str, nbformat.NotebookNode]
) -> None:
    """A cell whose printout holds English words its own code does not hold (an English
    report of the library or of Python) follows prose saying so (英文/原文), as zh/04 does
    before its StaleGraph message: zh/06 printed gradcheck's report (input, numerical,
    analytical, MISMATCH) with no word that it is English until the paragraph after it, and
    zh/00 Python's RecursionError text without a word. The prose is what was said since
    the last cell that printed something: a cell printing nothing (zh/04's check for
    PyTorch, where it is installed) stands between a paragraph and the cell it tells of,
    whose printout (PyTorch's own repr of its network, only where PyTorch is installed)
    that paragraph says is English."""
    prose = ""
    for cell in executed[zh_path.stem].cells:
        if cell.cell_type == "markdown":
            prose += cell.source
            continue
        said = "".join(out.get("text", "") for out in cell.get("outputs", []))
        words = set(ENGLISH_WORD.findall(A_PATH_OR_QUOTE.sub(" ", said)))
        english = {w for w in words if w.lower() not in cell.source.lower()}
        if len(english) >= 3:
            assert "英文" in prose or "原文" in prose, f"{zh_path.name}: {sorted(english)}"
        if said:
            prose = ""


@pytest.mark.parametrize(("en", "zh_path"), PAIRS, ids=IDS)
def test_a_cell_that_needs_an_optional_package_says_something(
    en: Path, zh_path: Path, executed: dict[str, nbformat.NotebookNode]
) -> None:
    """zh/04's round trip through PyTorch (``if have_torch:``) printed nothing where PyTorch
    was not installed, after prose promising its printout: with or without the package,
    such a cell prints, in Chinese."""
    for cell in executed[zh_path.stem].cells:
        if cell.cell_type == "code" and re.search(r"^if have_\w+:", cell.source, re.M):
            said = "".join(out.get("text", "") for out in cell.get("outputs", []))
            assert CJK.search(said), f"{zh_path.name}: {cell.source[:80]!r} said {said!r}"


@pytest.mark.parametrize(("en", "zh_path"), PAIRS, ids=IDS)
def test_every_check_reminds_in_chinese(
    en: Path, zh_path: Path, executed: dict[str, nbformat.NotebookNode]
) -> None:
    """Run as committed, in its own kernel: each exercise's check cell says, in Chinese,
    that the exercise is not written yet (the notebook imported the zh copy of the checks).
    Every message of every check, in both editions, is compared by tests/test_exercises*.py.
    """
    cells = executed[zh_path.stem].cells
    checked = 0
    for at, cell in enumerate(cells):
        if not any(t.startswith("exercise:") for t in cell.metadata.get("tags", [])):
            continue
        check = next(c for c in cells[at + 1 :] if c.cell_type == "code")
        said = "".join(out.get("text", "") for out in check.get("outputs", []))
        assert said.startswith("… ") and "还没有写" in said, said
        assert CJK.search(said.split("：")[0]), f"the title is not Chinese: {said!r}"
        assert "not written" not in said and "✓" not in said, said
        # the message alone: no bare False under it (the check's value, a Verdict, is not shown)
        assert all(out.get("output_type") == "stream" for out in check.get("outputs", [])), said
        checked += 1
    assert checked >= 2, f"{zh_path.name}: {checked} exercise checks"


def test_plot_labels_render_with_the_packaged_font() -> None:
    """Every hanzi a Chinese notebook writes in its code is in the font matplotlib picks."""
    from fontTools.ttLib import TTFont

    sys.path.insert(0, str(zh.ZH))
    try:
        import cjk_font
    finally:
        sys.path.remove(str(zh.ZH))
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    with matplotlib.rc_context():
        cjk_font.use_chinese_font()
        assert matplotlib.rcParams["font.family"][0] == "Noto Sans SC"
        found = font_manager.findfont(font_manager.FontProperties())
        assert Path(found) == cjk_font.regular_font()
        cmap = TTFont(found).getBestCmap()
        hanzi = set()
        for _, zh_path in PAIRS:
            for cell in jupytext.read(zh_path).cells:
                if cell.cell_type == "code":
                    hanzi |= set(CJK.findall(cell.source))
        assert hanzi, "no Chinese text in any code cell"
        assert not [ch for ch in sorted(hanzi) if ord(ch) not in cmap]
        # The static instance is Regular (400), not the variable font's Thin default.
        assert TTFont(found)["OS/2"].usWeightClass == 400
        # And a figure written as SVG with live text names the family.
        matplotlib.rcParams["svg.fonttype"] = "none"
        fig, ax = plt.subplots()
        ax.set_title("反向传播")
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg")
        plt.close(fig)
        assert "Noto Sans SC" in buffer.getvalue() and "反向传播" in buffer.getvalue()


# A derivative a cell prints, by its numerator: "dz/d{…}" or "∂z/∂{…}" (the denominator is
# often a label filled in at run time).
PRINTED_DERIVATIVE = re.compile(r"(?<![A-Za-z])([d∂])(\w+)/[d∂]")


def _printed_derivatives(path: Path) -> dict[str, set[str]]:
    """numerator → the symbols (d or ∂) the notebook's print() calls write it with."""
    found: dict[str, set[str]] = {}
    for cell in jupytext.read(path).cells:
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "print":
                for part in ast.walk(node):
                    if isinstance(part, ast.Constant) and isinstance(part.value, str):
                        for symbol, numerator in PRINTED_DERIVATIVE.findall(part.value):
                            found.setdefault(numerator, set()).add(symbol)
    return found


@pytest.mark.parametrize(("en", "zh_path"), PAIRS, ids=IDS)
def test_both_editions_print_a_derivative_with_the_same_symbol(en: Path, zh_path: Path) -> None:
    """zh/01 printed ∂z/∂w1 for z = x₁w₁ + x₂w₂ + b, a function of several variables, and
    the English edition dz/dw1: the same number under two notations. A quantity both
    editions print is written with the same d or ∂."""
    english, chinese = _printed_derivatives(en), _printed_derivatives(zh_path)
    differ = {n: (english[n], chinese[n]) for n in english.keys() & chinese.keys()}
    assert {n: pair for n, pair in differ.items() if pair[0] != pair[1]} == {}, en.name


# A notebook cell is a 单元格, as Jupyter's Chinese interface calls it; 「这一格」「第一格代码」
# stood for it in six notebooks beside 「单元格」 in the rest. (Notebook 05's picture has rows
# in its boxes, 「方框里它那一格」: not a notebook cell, and not matched here.)
CELL_BY_ANOTHER_NAME = re.compile(r"(?:这|下|每|第)一格|一格一格|格代码")


@pytest.mark.parametrize(("en", "zh_path"), PAIRS, ids=IDS)
def test_a_notebook_cell_is_called_单元格(en: Path, zh_path: Path) -> None:
    found = CELL_BY_ANOTHER_NAME.findall(zh_path.read_text(encoding="utf-8"))
    assert not found, f"{zh_path.name}: {found}; say 单元格"


def test_ufldl_has_one_chinese_name() -> None:
    """zh/03 called the tutorial 「无监督特征学习与深度学习」, the glossary 「非监督…」."""
    texts = [p.read_text(encoding="utf-8") for p in (ROOT / "notebooks" / "zh").glob("*.py")]
    texts += [p.read_text(encoding="utf-8") for p in (ROOT / "docs").glob("*.md")]
    assert not [t for t in texts if "非监督特征学习" in t]
    glossary = (ROOT / "docs" / "glossary.zh-CN.md").read_text(encoding="utf-8")
    zh03 = (ROOT / "notebooks" / "zh" / "03_bp_formulas_hidden_layer.py").read_text("utf-8")
    assert "无监督特征学习与深度学习" in glossary and "无监督特征学习与深度学习" in zh03


FULL_WIDTH_OPENING = tuple("（，：；。")


def _print_calls(path: Path) -> list[ast.Call]:
    """Every print() call in the notebook's code cells."""
    return [
        node
        for cell in jupytext.read(path).cells
        if cell.cell_type == "code"
        for node in ast.walk(ast.parse(cell.source))
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "print"
    ]


@pytest.mark.parametrize(("en", "zh_path"), PAIRS, ids=IDS)
def test_no_space_is_printed_before_chinese_punctuation(en: Path, zh_path: Path) -> None:
    """zh/03 printed its maximum of f' with print(text, x, text2), text2 opening with a
    full-width parenthesis: print's separating space stood before it ("0.25 ", then the
    parenthesis). Chinese punctuation takes no space before it."""
    for node in _print_calls(zh_path):
        for k, arg in enumerate(node.args):
            texts = [
                part.value
                for part in ast.walk(arg)
                if isinstance(part, ast.Constant) and isinstance(part.value, str)
            ]
            first = arg.value if isinstance(arg, ast.Constant) else None
            if k > 0 and isinstance(first, str):
                assert not first.startswith(FULL_WIDTH_OPENING), (zh_path.name, first)
            for text in texts:
                assert not re.search(r" [（，：；。]", text), (zh_path.name, text)


FULL_WIDTH_CLOSING = tuple("：，；。）")


def _ends_with_text(arg: ast.expr) -> str | None:
    """The text a print() argument ends with, where it is written in the code."""
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return arg.value
    if isinstance(arg, ast.JoinedStr) and arg.values and isinstance(arg.values[-1], ast.Constant):
        return str(arg.values[-1].value)
    return None


@pytest.mark.parametrize(("en", "zh_path"), PAIRS, ids=IDS)
def test_no_space_is_printed_after_chinese_punctuation(en: Path, zh_path: Path) -> None:
    """zh/01 printed its sympy derivative and zh/04 nn's refusal with print(text, value),
    the text ending in a full-width colon: print's separating space stood after it. The
    English editions' "sympy: " keeps its space; a Chinese print joins its text and value
    in one f-string, as zh/06's do since session 32 (its 数值导数 then 0.55, no space)."""
    for node in _print_calls(zh_path):
        for arg in node.args[:-1]:
            text = _ends_with_text(arg)
            assert not (text and text.endswith(FULL_WIDTH_CLOSING)), (zh_path.name, text)


# A partial derivative of the cost in a notebook's markdown: $\partial C/\partial …$,
# \frac{\partial C_0}{…} (C, C_0, C^n: the cost depends on every parameter).
WRITTEN_PARTIAL = re.compile(r"\\partial\s*(C)[_^{}\w]*\s*(?:/|\})")


@pytest.mark.parametrize("path", [p for pair in PAIRS for p in pair], ids=lambda p: str(p))
def test_a_derivative_of_the_cost_is_printed_with_partial(path: Path) -> None:
    """Notebook 05's text and reverse-network figure write ∂C/∂w₁ (C depends on several
    weights), and its cells printed "dC/dw1": one quantity, two notations (notebooks 01 and
    02 did the same with dC/da and dC0/dw). Where a notebook's markdown writes a partial
    derivative of the cost, its print() calls write the cost's derivatives with ∂."""
    written = {
        m.group(1)
        for cell in jupytext.read(path).cells
        if cell.cell_type == "markdown"
        for m in WRITTEN_PARTIAL.finditer(cell.source)
    }
    assert written, path.name
    printed = _printed_derivatives(path)
    wrong = {n: s for n, s in printed.items() if n[:1] in written and "d" in s}
    assert wrong == {}, f"{path.name} prints with d what its text writes with ∂: {wrong}"


# One name for one thing: the glossary's 前向计算 (forward pass). zh/03 wrote 前向传播 for
# it where zh/01–06 write 前向计算, a word a student would read as a second algorithm
# paired with 反向传播. A source's words are its own: a title, 《…》, or a quotation, “…”
# (李宏毅称“反向过程”, as the glossary quotes him), may use the other name.
# zh/05's exercise 2 called ∂C/∂z of the next layer 「上游误差」, a third name beside the
# glossary's 误差项 (δ = ∂C/∂z) and 上游梯度 (∂C/∂node arriving at a node).
OTHER_NAMES = {"前向传播": "前向计算", "上游误差": "误差项"}
QUOTED = re.compile(r"《[^《》]*》|“[^“”]*”")


@pytest.mark.parametrize(("en", "zh_path"), PAIRS, ids=IDS)
def test_a_term_has_the_glossary_s_one_name(en: Path, zh_path: Path) -> None:
    text = QUOTED.sub(" ", zh_path.read_text(encoding="utf-8"))
    glossary = GLOSSARY.read_text(encoding="utf-8")
    for other, name in OTHER_NAMES.items():
        assert f"| {name} |" in glossary
        assert other not in text, f"{zh_path.name} says {other}; the course says {name}"


@pytest.mark.parametrize(
    ("prose", "refused"),
    [
        ("## 2. 一个样本：手算前向传播（numpy）", True),
        ("# 前向传播，所有样本一起算（按列排开）。", True),
        ("这一节参照某书的“前向传播”一节。", False),  # a source's section title
        ("见《前向传播与反向传播》。", False),  # a source's title
    ],
)
def test_the_other_name_is_refused_outside_a_source_s_words(
    tmp_path: Path, prose: str, refused: bool
) -> None:
    zh_path = tmp_path / "zh.py"
    zh_path.write_text(f"# %% [markdown]\n# {prose}\n", encoding="utf-8")
    if refused:
        with pytest.raises(AssertionError, match="the course says 前向计算"):
            test_a_term_has_the_glossary_s_one_name(zh_path, zh_path)
    else:
        test_a_term_has_the_glossary_s_one_name(zh_path, zh_path)


def test_notebook_0_s_slip_is_named_as_the_slip_it_is() -> None:
    """zh/00 and README.zh-CN called notebook 0's slip 「`+=` bug」 (the English lecture's
    name, "the += bug"): a bare English word in Chinese prose, and read word for word it
    names `+=` as the fault, where the fault is `=` written where `+=` belongs. The Chinese
    text now says that: 该写 `+=` 却写成了 `=`."""
    zh00 = jupytext.read(ROOT / "notebooks" / "zh" / "00_build_your_own_value.py")
    prose = "\n".join(c.source for c in zh00.cells if c.cell_type == "markdown")
    readme_row = next(
        line
        for line in (ROOT / "README.zh-CN.md").read_text(encoding="utf-8").splitlines()
        if "notebooks/zh/00_build_your_own_value.ipynb" in line
    )
    for where, text in (("zh/00", prose), ("README.zh-CN", readme_row)):
        assert "bug" not in text, f"{where}: 「bug」 in Chinese prose"
        assert "写成了 `=`" in text, f"{where}: the slip (`=` for `+=`) is not named"
