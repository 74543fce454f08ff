"""The course's notation: formulas are TeX, and a letter keeps the meaning notebook 3 gave it.

A reader of the site found three things: notebook 07 and the Chinese glossary wrote their
formulas in Unicode (ẏ = Σᵢ ∂y/∂xᵢ · ẋᵢ) where every other page typesets them with MathJax;
notebook 06 wrote the centred difference with θ and eᵢ, undefined, after notebook 03 had
made θⱼ an output threshold and e_h the hidden layer's gradient term (周志华's notation);
and the Chinese text called 周志华's g_j and e_h "误差项", the name UFLDL gives δ = ∂E/∂z,
which is −g_j. These tests read the sources (markdown cells, the glossary, the checks'
messages); tests/test_site.py checks that the TeX typesets.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
GLOSSARY = ROOT / "docs" / "glossary.zh-CN.md"

DISPLAY = re.compile(r"\$\$.+?\$\$", re.S)
INLINE = re.compile(r"\$[^$\n]+\$")
CODE = re.compile(r"`[^`\n]*`")
LINK = re.compile(r"<https?://[^>\s]+>|\(https?://[^)\s]+\)")
NUMBERED_HEADING = re.compile(r"^#+ \d+(?: ·|\.) ", re.M)  # "# 7 · Forward …", "## 2. The …"
# Characters that are mathematics, not prose: operators, Greek letters, primes, the
# tangent's dot and the adjoint's bar (precomposed or combining), sub- and superscripts.
MATH = re.compile(
    "[∂∑Σ∏∇⊙‖≤≥≈≠→←↦\u211d√∈′″−×·\u0307\u0304ẋẏżȧḃĊāēīōūȳ"
    "\u0391-\u03a9\u03b1-\u03c9\u2070-\u209c\u1d62-\u1d6a\u2c7c]"
)


def _sources(stem: str) -> list[Path]:
    english = next(NOTEBOOKS.glob(f"{stem}_*.py"))
    return [english, NOTEBOOKS / "zh" / english.name]


def _markdown(path: Path) -> list[str]:
    return [c.source for c in jupytext.read(path).cells if c.cell_type == "markdown"]


def _outside_math(text: str) -> str:
    """The prose of a markdown text: formulas, code, links and heading numbers removed."""
    for pattern in (DISPLAY, INLINE, CODE, LINK, NUMBERED_HEADING):
        text = pattern.sub(" ", text)
    return text


def _untypeset(text: str) -> list[str]:
    return [line.strip() for line in _outside_math(text).splitlines() if MATH.search(line)]


@pytest.mark.parametrize("path", _sources("07"), ids=lambda p: p.parent.name + "/" + p.stem)
def test_notebook_07_typesets_its_formulas(path: Path) -> None:
    left = [line for cell in _markdown(path) for line in _untypeset(cell)]
    assert left == [], f"{path.name}: mathematics outside $…$: {left}"


def test_the_glossary_typesets_its_formulas() -> None:
    text = GLOSSARY.read_text(encoding="utf-8")
    assert "$" in text
    left = _untypeset(text)
    assert left == [], f"glossary: mathematics outside $…$: {left}"
    # A | inside a formula would end the table cell: the glossary writes \lvert … \rvert.
    for row in (line for line in text.splitlines() if line.startswith("|")):
        cells = row.strip("|").split("|")
        assert all(cell.count("$") % 2 == 0 for cell in cells), f"a cell cuts a formula: {row}"


def test_the_outside_math_reader_sees_unicode_formulas() -> None:
    """The reader itself: what notebook 07 and the glossary said before, and what is fine."""
    assert _untypeset("carry ẏ = Σᵢ ∂y/∂xᵢ · ẋᵢ (the *tangent*)")
    assert _untypeset("| 中心差分 | centred difference | (f(x+h) − f(x−h)) / 2h |")
    assert _untypeset("the Jacobian of t ↦ network(t·x) is 10 × 1")
    assert not _untypeset(
        "## 2 · The gradient of $\\partial C/\\partial w$, `x·y` <https://a.b/c·d>"
    )
    assert not _untypeset("# 7 · Forward or reverse?\n## 2. The gradient of a real cost")
    assert not _untypeset("$$\\dot z = x\\,\\dot w$$ and $\\bar C = 1$")


def _sentences(text: str) -> list[str]:
    """Sentences (English or Chinese) and table rows of a markdown text."""
    return [s for s in re.split(r"(?<=。)|(?<=[.!?])\s+|\n(?=\|)", text) if s.strip()]


ZHOU = re.compile(r"\\theta|\\gamma|(?<![A-Za-z\\])e_|θ|γ|e[ᵢⱼₖₕ]")
NOTEBOOK_3 = re.compile(r"notebook 3|笔记本 3")


@pytest.mark.parametrize(
    "path", _sources("06") + _sources("07"), ids=lambda p: p.parent.name + "/" + p.stem
)
def test_notebooks_06_and_07_leave_zhou_s_letters_to_notebook_3(path: Path) -> None:
    """θ, γ and a subscripted e mean 周志华's thresholds and hidden gradient term (notebook
    3): a later notebook uses other letters, and names these only to say so."""
    found = [
        sentence.strip()
        for cell in _markdown(path)
        for sentence in _sentences(re.sub(CODE, " ", cell))
        if ZHOU.search(sentence) and not NOTEBOOK_3.search(sentence)
    ]
    assert found == [], f"{path.name}: {found}"


@pytest.mark.parametrize(
    "path",
    [p for stem in ("01", "02", "03", "04", "05") for p in _sources(stem)],
    ids=lambda p: p.parent.name + "/" + p.stem,
)
def test_a_layer_is_numbered_l_in_every_notebook(path: Path) -> None:
    """Notebooks 1, 2, 3 and 5 number a layer $l$ ($z^{(l+1)}$, $W^{(l)}$ leaving layer
    $l$); notebook 4 summed its parameters over the layers $\\ell$ and made layer $\\ell$ a
    torch.nn.Linear, then quoted notebook 3's $W^{(l)}$ leaving layer $l$ a section later:
    two letters for one index. The code's ASCII names (W_l) are l as well, so its
    comments are read too."""
    text = path.read_text(encoding="utf-8")
    assert "\\ell" not in text and "ℓ" not in text, path.name


def test_notebook_06_defines_the_parameters_and_the_unit_vector() -> None:
    for path in _sources("06"):
        text = "\n".join(_markdown(path))
        formula = "\\frac{C(p + h\\,u_i) - C(p - h\\,u_i)}{2h}"
        assert formula in text, path
        where = text.index(formula)
        before = text[:where]
        assert "$p = (p_1, p_2, p_3) = (w_1, w_2, b)$" in before, path
        assert "$u_i$" in before, path


def _zh_units() -> list[tuple[str, str]]:
    """(where, sentence or table row) of every Chinese text a student reads about g_j and e_h:
    the Chinese notebooks' prose, the glossary and the checks' Chinese messages."""
    units = []
    for path in sorted((NOTEBOOKS / "zh").glob("[0-9][0-9]_*.py")):
        for cell in _markdown(path):
            units += [(path.name, s) for s in _sentences(cell)]
    units += [(GLOSSARY.name, s) for s in _sentences(GLOSSARY.read_text(encoding="utf-8"))]
    for path in sorted((NOTEBOOKS / "exercises").glob("nb*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "msg":
                for keyword in node.keywords:
                    if keyword.arg == "zh" and isinstance(keyword.value, ast.Constant):
                        units.append((path.name, str(keyword.value.value)))
    return units


G_OR_E = re.compile(r"g_j|gⱼ|g_\{j\}|e_h|eₕ|e_\{h\}")


def test_chinese_text_calls_g_j_and_e_h_gradient_terms() -> None:
    """周志华 §5.3 (图 5.8) calls g_j and e_h the gradient terms (梯度项) of the output and
    hidden neurons; 误差项 (error term) is UFLDL's δ = ∂E/∂z = −g_j. Wherever a sentence or
    table row speaks of g_j or e_h next to 误差项, 梯度项 names them."""
    units = _zh_units()
    assert any("梯度项" in text and G_OR_E.search(text) for _, text in units)
    wrong = [
        (where, text.strip())
        for where, text in units
        if "误差项" in text and G_OR_E.search(text) and "梯度项" not in text
    ]
    assert wrong == [], wrong


HANZI = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


@pytest.mark.parametrize(
    "path",
    [*sorted((NOTEBOOKS / "zh").glob("[0-9][0-9]_*.py")), GLOSSARY],
    ids=lambda p: p.name,
)
def test_no_chinese_character_inside_a_formula(path: Path) -> None:
    """MathJax draws a formula in its own fonts, which have no Chinese: zh/07's
    "$n, m = 10、100、1000$" showed a box for each 、 on the site. Chinese belongs outside
    the dollars."""
    text = "\n".join(_markdown(path)) if path.suffix == ".py" else path.read_text("utf-8")
    found = []
    for formula in DISPLAY.findall(text) + INLINE.findall(DISPLAY.sub("", text)):
        if HANZI.search(formula):
            found.append(formula)
    assert found == [], f"{path.name}: Chinese inside a formula: {found}"


# Every text a student reads on the site: both editions' notebooks, the glossary, the
# front pages.
READ = [
    *sorted(NOTEBOOKS.glob("[0-9][0-9]_*.py")),
    *sorted((NOTEBOOKS / "zh").glob("[0-9][0-9]_*.py")),
    GLOSSARY,
    ROOT / "README.md",
    ROOT / "README.zh-CN.md",
]


def _read(path: Path) -> str:
    """What a reader sees of ``path``: a notebook's markdown and code in order, else the file."""
    if path.suffix == ".py":
        return "\n".join(c.source for c in jupytext.read(path).cells)
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", READ, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_final_sigma_for_a_standard_deviation(path: Path) -> None:
    """Notebook 03 §7 drew UFLDL's initial weights from N(0, ς²), ς = 0.01: a final sigma
    no student had met, after §6 had made N the number of layers. The text now says
    "mean 0 and standard deviation 0.01", $\\mathcal N(0, 0.01^2)$."""
    text = _read(path)
    assert "ς" not in text and "\\varsigma" not in text, path.name


NIELSEN_BOOK = "Neural Networks and Deep Learning"


@pytest.mark.parametrize("path", READ, ids=lambda p: str(p.relative_to(ROOT)))
def test_nielsen_is_introduced_where_first_named(path: Path) -> None:
    """Nielsen is not one of the four sources the course compares: the glossary wrote
    "Nielsen 称为 error", notebook 03 "Nielsen calls it the error", with no word on who he
    is. The first mention gives his full name and his online book's title."""
    text = " ".join(_read(path).replace("#", " ").split())  # one line, no jupytext marks
    if "Nielsen" not in text:
        return
    first = text.index("Nielsen")
    assert text[:first].endswith("Michael "), f"{path.name}: {text[first - 60 : first + 20]}"
    assert NIELSEN_BOOK in text[first : first + 80], f"{path.name}: {text[first : first + 80]}"


def test_the_glossary_says_zhou_s_b_h_is_not_a_bias() -> None:
    """The glossary's tables write b for the bias (3B1B, UFLDL, 李宏毅) and b_h for 周志华's
    hidden-layer output (notebook 3): every row that names b_h as the hidden output says it
    is not the bias, as notebook 3 does, and a note says which b is which."""
    text = GLOSSARY.read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| 隐层的输出")]
    assert rows and all("不是偏置" in row for row in rows if "b_h" in row), rows
    assert any(line.startswith("- **字母 $b$。**") and "b_h" in line for line in text.splitlines())


# The next layer's weighted input, however it is written: z^{(l+1)}_j in TeX, z_j^(l+1) in
# code and comments, zⱼ⁽ˡ⁺¹⁾ in a docstring. The letter is the group that matched.
NEXT_LAYER_INPUT = re.compile(r"z\^\{\(l\+1\)\}_\{?(\w)|z_(\w)\^\(l\+1\)|z([ᵢⱼₖ])⁽ˡ⁺¹⁾")
EXERCISE_SOURCES = [
    *sorted((NOTEBOOKS / "exercises").glob("nb*.py")),
    *sorted((NOTEBOOKS / "solutions").glob("[0-9][0-9]_*.py")),
]


def _next_layer_letters(text: str) -> set[str]:
    return {next(g for g in m.groups() if g) for m in NEXT_LAYER_INPUT.finditer(text)}


@pytest.mark.parametrize("path", [*READ, *EXERCISE_SOURCES], ids=lambda p: str(p.relative_to(ROOT)))
def test_j_numbers_the_next_layer_s_neurons(path: Path) -> None:
    """Notebook 04 writes 3Blue1Brown's ∂C₀/∂a_k^{(L−1)} = Σ_j w_jk σ′(z_j) 2(a_j − y_j):
    k numbers the neurons of a layer, j those of the next one (so does notebook 03's UFLDL
    recursion, δ_i^{(l)} from Σ_j W_ji δ_j^{(l+1)}). Notebooks 01 and 05 wrote
    ∂C/∂a = Σ_k w_k ∂C/∂z_k^{(l+1)}, k for the next layer: the same letter for the other
    layer. The next layer's neurons are j everywhere."""
    text = path.read_text(encoding="utf-8") if path in EXERCISE_SOURCES else _read(path)
    assert _next_layer_letters(text) <= {"j", "ⱼ"}, path.name


def test_the_next_layer_reader_sees_every_spelling() -> None:
    assert _next_layer_letters(
        r"$z^{(l+1)}_k$, $z^{(l+1)}_{k}$, z_k^(l+1), zₖ⁽ˡ⁺¹⁾, $z^{(l+1)}_j$"
    ) == {"k", "ₖ", "j"}
    for stem in ("01", "05"):
        for path in _sources(stem):
            assert _next_layer_letters(_read(path)) == {"j"}, path.name


@pytest.mark.parametrize("path", _sources("00"), ids=lambda p: p.parent.name + "/" + p.stem)
def test_notebook_00_says_micrograd_s_children_are_the_parents(path: Path) -> None:
    """Notebook 00 mirrors micrograd, whose Value takes its inputs as ``_children`` and
    walked them as ``child``; notebooks 01, 02 and 05 and the library call a node's inputs
    its ``parents``. The notebook keeps micrograd's argument, says once that its children
    are autograd_mini's parents, and names nothing else a child."""
    cells = jupytext.read(path).cells
    code = "\n".join(c.source for c in cells if c.cell_type == "code")
    names = {
        node.id if isinstance(node, ast.Name) else node.arg
        for node in ast.walk(ast.parse(code))
        if isinstance(node, ast.Name | ast.arg)
    }
    assert {n for n in names if "child" in n} == {"_children"}, path.name
    said = [c.source for c in cells if c.cell_type == "markdown" and "`_children`" in c.source]
    assert said and all("`parents`" in text for text in said), path.name


TITLE = re.compile(r"# \d\d? · \S")  # "# 7 · Forward or reverse?"
SECTION = re.compile(r"## \d\d?\. \S")  # "## 1. One small graph, both ways, by hand"


@pytest.mark.parametrize(
    "path",
    [
        *sorted(NOTEBOOKS.glob("[0-9][0-9]_*.py")),
        *sorted((NOTEBOOKS / "zh").glob("[0-9][0-9]_*.py")),
    ],
    ids=lambda p: p.parent.name + "/" + p.stem,
)
def test_headings_are_numbered_alike(path: Path) -> None:
    """Every notebook's title reads "# N · Title" and its sections "## 1. Section"; the
    English notebook 07 numbered its sections "## 1 · …", as no other page did."""
    headings = [
        line
        for cell in _markdown(path)
        for line in cell.splitlines()
        if re.match(r"#{1,2} \d", line)
    ]
    title, *sections = headings
    assert TITLE.match(title), f"{path.name}: {title!r}"
    assert sections, f"{path.name}: no numbered section"
    assert [s for s in sections if not SECTION.match(s)] == [], path.name


def _formulas(path: Path) -> list[str]:
    text = "\n".join(_markdown(path))
    return DISPLAY.findall(text) + INLINE.findall(DISPLAY.sub(" ", text))


# a + b, a \cdot b, a = b + b, a/b: the letters a and b as any two numbers
A_AND_B = re.compile(r"(?<![\\\w])[ab]\s*(?:[=+/]|\\cdot)\s*[ab](?!\w)")


@pytest.mark.parametrize("path", _sources("00"), ids=lambda p: p.parent.name + "/" + p.stem)
def test_notebook_00_keeps_a_for_the_activation_and_b_for_the_bias(path: Path) -> None:
    """Notebook 00's table of local derivatives wrote $o = a + b$ (any two inputs), section 2
    made b the neuron's bias, section 5 wrote $a = b + b$ (b = 3, not a bias), section 7
    $r = a - y$ (a the sigmoid's output) and exercise 2 $a/b$. Every later notebook reads a
    as an activation and b as a bias: here too, and an op's two inputs are p and q."""
    assert [f for f in _formulas(path) if A_AND_B.search(f)] == [], path.name
    code = "\n".join(c.source for c in jupytext.read(path).cells if c.cell_type == "code")
    sums = [
        ast.unparse(node)
        for node in ast.walk(ast.parse(code))
        if isinstance(node, ast.BinOp)
        and {getattr(node.left, "id", ""), getattr(node.right, "id", "")} <= {"a", "b"}
    ]
    assert sums == [], f"{path.name}: {sums}"
    assert '"b": b' in code and '"a": a' in code, path.name  # still the bias, and σ's output


@pytest.mark.parametrize("path", _sources("00"), ids=lambda p: p.parent.name + "/" + p.stem)
def test_notebook_00_leaves_y_to_the_target(path: Path) -> None:
    """Section 6's chain was y_0 = x, y_{k+1} = 0.999 y_k + 0.001, and section 7's y the
    neuron's target; the chain is now c_0 … c_K."""
    chains = [f for f in _formulas(path) if re.search(r"y_\{?[0-9kK]", f)]
    assert chains == [], path.name
    assert any("c_{i+1}" in f for f in _formulas(path)), path.name


LAYER_SIZE = re.compile(r"n_\{?\\text\{(?:in|out)\}\}?")
LEE_S_COST = re.compile(r"C\^n")  # 李宏毅's notation for example n's cost, quoted as he writes it
BARE_N = re.compile(r"(?<![\\A-Za-z])n(?![A-Za-z_])")


@pytest.mark.parametrize(
    "path",
    [
        *sorted(NOTEBOOKS.glob("[0-9][0-9]_*.py")),
        *sorted((NOTEBOOKS / "zh").glob("[0-9][0-9]_*.py")),
    ],
    ids=lambda p: p.parent.name + "/" + p.stem,
)
def test_n_has_one_meaning_in_a_notebook(path: Path) -> None:
    """Notebook 04 wrote layer sizes $n_\\text{in}$, $n_\\text{out}$ and 李宏毅's
    $L = \\sum_n C^n$ (n numbering the examples); notebook 07 its Jacobian's
    $n_\\text{in} \\times n_\\text{out}$ and conjugate gradients "in $n$ dimensions". A
    notebook's n is a layer size (n_in, n_out) or one other thing, not both."""
    kinds = set()
    for formula in _formulas(path):
        if LAYER_SIZE.search(formula):
            kinds.add("layer size")
        if BARE_N.search(LEE_S_COST.sub(" ", LAYER_SIZE.sub(" ", formula))):
            kinds.add(formula)
    assert len(kinds) <= 1 or "layer size" not in kinds, f"{path.name}: {sorted(kinds)}"


# (notebook, a formula or sentence where a letter takes a second meaning, what the text says)
REUSED = [
    ("03", "Exercises 1–3 are", "$l$ is the number of outputs"),
    ("03", "练习 1–3 是第 1–5 节的网络", "$l$ 是输出的个数"),
    ("06", "For $y = \\tanh x$", "not the target $y$ of section 1"),
    ("06", "对 $y = \\tanh x$", "不再是第 1 节的目标 $y$"),
    ("06", "For a function $f$ of one variable $x$", "not one of section 1's inputs $x_i$"),
    ("06", "对一元函数 $f$ 的自变量 $x$", "不再是第 1 节的输入 $x_i$"),
]


@pytest.mark.parametrize(("stem", "where", "says"), REUSED)
def test_a_letter_that_changes_meaning_is_said_to(stem: str, where: str, says: str) -> None:
    """Notebook 03's exercises 1–3 go back to 周志华's l (the number of outputs) after
    section 6 made l the layer number; notebook 06's section 5 makes x one variable after
    section 1's inputs x_i, and section 6's y = tanh x is not section 1's target y. The
    text says so where it happens."""
    text = "\n".join(cell for path in _sources(stem) for cell in _markdown(path))
    assert where in text, where
    after = text[text.index(where) :]
    assert says in after[: after.index(where) + 300], where


# Words notebooks 04–07 teach in Chinese that a reader of the 术语表 looked for and did not
# find: 扇出 (zh/05's section heading), 折点, 截断误差 and 舍入误差 (zh/06), 鞍点 (zh/04's
# landscape); and 暂退法, the dropout zh/04 (and README.zh-CN.md) named in bare English.
TAUGHT_TERMS = {"04": ["鞍点", "暂退法"], "05": ["扇出"], "06": ["折点", "截断误差", "舍入误差"]}


@pytest.mark.parametrize(("stem", "terms"), TAUGHT_TERMS.items())
def test_the_glossary_has_a_row_for_each_term_a_notebook_teaches(
    stem: str, terms: list[str]
) -> None:
    notebook = "\n".join(_markdown(_sources(stem)[1]))
    first_cells = [
        line.split("|")[1]
        for line in GLOSSARY.read_text(encoding="utf-8").splitlines()
        if line.startswith("| ")
    ]
    for term in terms:
        assert term in notebook, f"zh/{stem} no longer says {term}"
        assert any(term in cell for cell in first_cells), f"the glossary has no row for {term}"


@pytest.mark.parametrize("stem", ["02", "03", "04", "05", "06", "07"])
def test_a_batch_size_is_written_the_same_way_everywhere(stem: str) -> None:
    """Notebook 04's plots said "mini-batch B=10" in one figure and "(B = 2)" in another,
    and its prose writes $B = 10$: a label, a comment or a key writes B = n, spaced."""
    for path in _sources(stem):
        unspaced = re.findall(r"\bB=\d+", path.read_text(encoding="utf-8"))
        assert not unspaced, f"{path.name}: {unspaced}; write B = n"


def _loop_names_and_widths(source: str) -> list[tuple[set[str], set[int]]]:
    """For each loop binding ``name`` over tuples ("...", ...), a list literal or a zip of
    names assigned one: the strings it runs over and the widths ``f"{name:>N}"`` pads
    them to in its body."""
    tree = ast.parse(source)
    assigned = {
        target.id: node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.List)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    loops = []
    for loop in ast.walk(tree):
        if not isinstance(loop, ast.For):
            continue
        if "name" not in {n.id for n in ast.walk(loop.target) if isinstance(n, ast.Name)}:
            continue
        lists = [loop.iter] if isinstance(loop.iter, ast.List) else []
        if isinstance(loop.iter, ast.Call):
            lists += [
                assigned[a.id]
                for a in loop.iter.args
                if isinstance(a, ast.Name) and a.id in assigned
            ]
        names = {
            item.elts[0].value
            for listed in lists
            for item in listed.elts  # type: ignore[attr-defined]
            if isinstance(item, ast.Tuple)
            and isinstance(item.elts[0], ast.Constant)
            and isinstance(item.elts[0].value, str)
        }
        widths = set()
        for node in ast.walk(loop):
            if (
                isinstance(node, ast.FormattedValue)
                and isinstance(node.value, ast.Name)
                and node.value.id == "name"
                and isinstance(node.format_spec, ast.JoinedStr)
            ):
                spec = "".join(
                    str(part.value)
                    for part in node.format_spec.values
                    if isinstance(part, ast.Constant)
                )
                if match := re.fullmatch(r">(\d+)", spec):
                    widths.add(int(match.group(1)))
        if names and widths:
            loops.append((names, widths))
    return loops


def test_printed_run_names_are_padded_to_one_width() -> None:
    """Notebook 04 prints one line per run, "{name:>16}: final cost …"; "mini-batch B = 10"
    (17 characters, once "B=10") ran past the width and its colon stood one column right
    of full batch's."""
    for path in _sources("04"):
        source = "\n".join(c.source for c in jupytext.read(path).cells if c.cell_type == "code")
        loops = _loop_names_and_widths(source)
        assert len(loops) >= 3, (path.name, loops)  # 04's three tables of runs
        for names, widths in loops:
            too_long = {n: len(n) for n in names if len(n) > min(widths)}
            assert not too_long, f"{path.name}: {too_long} padded to {sorted(widths)}"
