"""The teaching notebooks: jupytext pairs, committed clean, and they run — solved and not.

Each notebook is a pair ``notebooks/NN_slug.py`` (percent format, the source people edit)
+ ``notebooks/NN_slug.ipynb`` (what Jupyter opens, outputs stripped). Notebooks are found
by glob, so a new lesson in the same format is tested without touching this file.

Every notebook is executed top to bottom on a fresh kernel, three times:

- as committed, the way a student first runs it: every formula ``assert`` holds and every
  "your turn" check says "not written yet" (the exercise stubs raise NotImplementedError);
- with the solutions from ``notebooks/solutions/NN_slug.py`` swapped into the exercise
  cells: every check prints "✓";
- with an engine whose derivative of one op is 1 % off: some formula ``assert`` must
  stop the notebook, so running the notebooks is itself a test of the engine.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import jupytext
import nbformat
import pytest
from nbclient.exceptions import CellExecutionError

from docs import kernel

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
SOLUTION_DIR = NOTEBOOK_DIR / "solutions"
REQUIRED = {"01", "02", "03", "04", "05"}  # at least these lessons; more are found by glob
SOURCES = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.py"))
NAMES = [p.stem for p in SOURCES]
BUDGET_SECONDS = 60.0  # each notebook should run in under a minute (see notebooks/README.md)
MIN_EXERCISES = 2
EXERCISE = re.compile(r"exercise:(?P<id>[\w-]+)")
SOLUTION = re.compile(r"solution:(?P<id>[\w-]+)")
NOT_WRITTEN = "not written yet"  # what exercises.check prints for a stub
# A cell whose work needs an optional package (notebook 04's PyTorch): ``if have_torch:``
OPTIONAL = re.compile(r"^if have_\w+:", re.M)
PASSED = "✓"


def _ipynb(name: str) -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOK_DIR / f"{name}.ipynb", as_version=4)


def _tagged(cell: nbformat.NotebookNode, pattern: re.Pattern[str]) -> str | None:
    """The exercise (or solution) id a cell is tagged with, or None."""
    for tag in cell.metadata.get("tags", []):
        match = pattern.fullmatch(tag)
        if match:
            return match["id"]
    return None


def _exercises(nb: nbformat.NotebookNode) -> dict[str, tuple[int, int]]:
    """exercise id → (index of the exercise cell, index of the code cell that checks it)."""
    found: dict[str, tuple[int, int]] = {}
    for i, cell in enumerate(nb.cells):
        ident = _tagged(cell, EXERCISE)
        if ident is None:
            continue
        assert ident not in found, f"exercise:{ident} is tagged twice"
        following = [j for j in range(i + 1, len(nb.cells)) if nb.cells[j].cell_type == "code"]
        assert following, f"exercise:{ident} has no check cell after it"
        found[ident] = (i, following[0])
    return found


def _solutions(name: str) -> dict[str, str]:
    """solution id → source, from notebooks/solutions/<name>.py (percent format)."""
    path = SOLUTION_DIR / f"{name}.py"
    assert path.exists(), f"{name}: its solutions belong in {path.relative_to(ROOT)}"
    found: dict[str, str] = {}
    for cell in jupytext.read(path).cells:
        ident = _tagged(cell, SOLUTION)
        if ident is not None:
            assert ident not in found, f"{path.name}: solution:{ident} is tagged twice"
            found[ident] = cell.source
    return found


def _output_text(cell: nbformat.NotebookNode) -> str:
    return "".join(out.get("text", "") for out in cell.get("outputs", []) if "text" in out)


def _shown_besides_the_message(cell: nbformat.NotebookNode) -> list[str]:
    """What a check cell displays besides what the check printed: the value of its last
    line, a bare True or False under the message, while the check returned a bool."""
    return [
        str(out.get("data", {}).get("text/plain", out.output_type))
        for out in cell.get("outputs", [])
        if out.output_type != "stream"
    ]


# ------------------------------------------------------------------- the files themselves


def test_every_notebook_is_a_pair() -> None:
    assert {name[:2] for name in NAMES} >= REQUIRED
    numbers = [name[:2] for name in NAMES]
    assert len(numbers) == len(set(numbers)), f"two notebooks share a number: {NAMES}"
    on_disk = sorted(p.stem for p in NOTEBOOK_DIR.glob("*.ipynb"))
    assert on_disk == NAMES, "every notebook is a pair NN_slug.py + NN_slug.ipynb"
    stray = sorted(p.stem for p in SOLUTION_DIR.glob("*.py") if p.stem not in NAMES)
    assert stray == [], f"solutions for no notebook: {stray}"


def _cells(nb: nbformat.NotebookNode) -> list[tuple[str, str, list[str]]]:
    return [(c.cell_type, c.source, list(c.metadata.get("tags", []))) for c in nb.cells]


def _out_of_step(from_text: nbformat.NotebookNode, from_ipynb: nbformat.NotebookNode) -> str:
    """Where the .ipynb differs from what the .py says (same cells, text, tags), or ""."""
    text_cells, ipynb_cells = _cells(from_text), _cells(from_ipynb)
    for i, (a, b) in enumerate(zip(text_cells, ipynb_cells, strict=False)):
        if a != b:
            return f"cell {i} differs"
    if len(text_cells) != len(ipynb_cells):
        return f"{len(text_cells)} cells in the .py, {len(ipynb_cells)} in the .ipynb"
    return ""


@pytest.mark.parametrize("name", NAMES)
def test_pair_is_in_step(name: str) -> None:
    difference = _out_of_step(jupytext.read(NOTEBOOK_DIR / f"{name}.py"), _ipynb(name))
    assert difference == "", f"{name}: {difference}; run jupytext --sync notebooks/{name}.py"


def test_an_edit_on_one_side_is_out_of_step(tmp_path: Path) -> None:
    # The check above can fail: edit a copy of a .py (text, a tag, a new cell) and compare.
    name = NAMES[0]
    source = (NOTEBOOK_DIR / f"{name}.py").read_text(encoding="utf-8")
    ipynb = _ipynb(name)
    edits = {
        "text": source.replace("# %% [markdown]\n# #", "# %% [markdown]\n# # Edited:", 1),
        "tag": source.replace("# %%\n", '# %% tags=["new"]\n', 1),
        "cell": source + "\n# %%\nprint('a new cell')\n",
    }
    for what, text in edits.items():
        assert text != source, what
        copy = tmp_path / f"{what}.py"
        copy.write_text(text, encoding="utf-8")
        assert _out_of_step(jupytext.read(copy), ipynb) != "", what
    copy = tmp_path / "same.py"
    copy.write_text(source, encoding="utf-8")
    assert _out_of_step(jupytext.read(copy), ipynb) == ""


@pytest.mark.parametrize("name", NAMES)
def test_committed_notebook_is_clean(name: str) -> None:
    nb = _ipynb(name)
    nbformat.validate(nb)
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    assert code_cells
    for cell in code_cells:
        assert cell.outputs == [], f"{name}: a code cell has outputs"
        assert cell.execution_count is None, f"{name}: a code cell has an execution count"
    # The point of the notebooks: formulas are checked, not just shown.
    asserts = sum(cell.source.count("assert ") for cell in code_cells)
    assert asserts >= 5, f"{name}: only {asserts} asserts"


@pytest.mark.parametrize("name", NAMES)
def test_notebook_ends_with_exercises_that_have_solutions(name: str) -> None:
    nb = _ipynb(name)
    exercises = _exercises(nb)
    assert len(exercises) >= MIN_EXERCISES, f"{name}: {len(exercises)} exercises"
    module = f"nb{name[:2]}"  # imported as exercises.nbNN or "from exercises import nbNN"
    imports = re.compile(rf"exercises\.{module}\b|from exercises import [\w, ]*\b{module}\b")
    assert any(imports.search(c.source) for c in nb.cells), f"{name}: {module} never imported"
    for ident, (at, check_at) in exercises.items():
        stub, check = nb.cells[at], nb.cells[check_at]
        assert stub.cell_type == "code" and "NotImplementedError" in stub.source, ident
        assert "check" in check.source, f"{name}: the cell after exercise:{ident} checks nothing"
    last_code = max(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
    assert last_code in {i for pair in exercises.values() for i in pair}, (
        f"{name}: the notebook should end with its exercises"
    )
    assert sorted(_solutions(name)) == sorted(exercises), f"{name}: solutions ≠ exercises"


# ------------------------------------------------------------------- running them


def _run(nb: nbformat.NotebookNode) -> None:
    """Run ``nb`` on a fresh "python3" kernel started in notebooks/ (like opening it there)."""
    # timeout per cell; the whole-notebook budget is checked below
    kernel.execute(nb, timeout=int(BUDGET_SECONDS * 2), folder=NOTEBOOK_DIR)


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_top_to_bottom(name: str, agg_kernel: None) -> None:
    nb = _ipynb(name)
    exercises = _exercises(nb)
    # One extra cell, in memory only: prove the kernel is this interpreter's environment.
    nb.cells.append(
        nbformat.v4.new_code_cell(
            f"import sys\nassert sys.prefix == {sys.prefix!r}, sys.prefix\nprint('ok')"
        )
    )
    # Raises CellExecutionError, naming the cell, on any exception. The one-minute
    # budget is not asserted (a timed test flakes on a shared machine): the per-cell
    # timeout catches a hang, and notebooks/README.md records the measured times.
    _run(nb)
    assert nb.cells[-1].outputs[0]["text"].strip() == "ok"
    # A student who has written nothing is told so by every check, and nothing passes.
    for ident, (_, check_at) in exercises.items():
        said = _output_text(nb.cells[check_at])
        assert NOT_WRITTEN in said and PASSED not in said, f"exercise:{ident} said {said!r}"
        assert _shown_besides_the_message(nb.cells[check_at]) == [], f"exercise:{ident}"
    # A cell that needs an optional package says something with it or without: notebook
    # 04's round trip through PyTorch printed nothing where PyTorch was not installed.
    for cell in nb.cells:
        if cell.cell_type == "code" and OPTIONAL.search(cell.source):
            assert _output_text(cell).strip(), f"a cell shows nothing: {cell.source[:80]!r}"


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_with_the_solutions(name: str, agg_kernel: None) -> None:
    nb = _ipynb(name)
    exercises = _exercises(nb)
    solutions = _solutions(name)
    for ident, (at, _) in exercises.items():
        nb.cells[at].source = solutions[ident]
    _run(nb)
    for ident, (_, check_at) in exercises.items():
        said = _output_text(nb.cells[check_at])
        assert PASSED in said and NOT_WRITTEN not in said, f"exercise:{ident} said {said!r}"
        assert _shown_besides_the_message(nb.cells[check_at]) == [], f"exercise:{ident}"


SABOTAGE = """
import dataclasses

from autograd_mini.ops import OPS

_op = OPS[{op!r}]
_true = _op.derivs[0]


def _one_percent_off(m, *args):
    return 1.01 * _true(m, *args)


# The one table every backend reads: Value, the tracer and the numpy replay all see it.
assert dataclasses.is_dataclass(_op)
object.__setattr__(_op, "derivs", (_one_percent_off, *_op.derivs[1:]))

# Prove the sabotage took (an error here is a RuntimeError, never the AssertionError the
# test waits for): the engine's derivative of the op at 0.3 is now 1 % too large.
from autograd_mini import Value
from autograd_mini.ops import FLOAT

_x = Value(0.3)
getattr(_x, {op!r})().backward()
_y = _op.forward(FLOAT, 0.3)
if abs(_x.grad - 1.01 * _true(FLOAT, 0.3, _y)) > 1e-12:
    raise RuntimeError("the sabotage did not reach the engine")
"""


def _sabotaged_op(nb: nbformat.NotebookNode) -> str:
    """The op whose derivative the notebook's asserts guard: sigmoid unless it says.

    A notebook that never uses a sigmoid names another op in its metadata
    (percent header: ``autograd_mini:`` / ``sabotage: tanh``).
    """
    return str(nb.metadata.get("autograd_mini", {}).get("sabotage", "sigmoid"))


@pytest.mark.parametrize("name", NAMES)
def test_notebook_fails_on_a_wrong_engine(name: str, agg_kernel: None) -> None:
    # The notebooks are a test of the engine only if a wrong derivative stops them. The
    # committed notebook (stubs unsolved) is run, so the error comes from a formula's
    # assert, not from an exercise check (those raise Mistake, not AssertionError).
    nb = _ipynb(name)
    op = _sabotaged_op(nb)
    nb.cells.insert(0, nbformat.v4.new_code_cell(SABOTAGE.format(op=op)))
    with pytest.raises(CellExecutionError) as failure:
        _run(nb)
    assert failure.value.ename == "AssertionError", f"{name}, {op} 1 % off: {failure.value}"


@pytest.mark.parametrize(
    ("folder", "cs231n_says", "ours"),
    [
        ("", ("which input wins", "fewer data points"), "Our own advice"),
        ("zh", ("胜出", "更少的数据点"), "我们自己的建议"),
    ],
)
def test_notebook_06_credits_cs231n_with_what_it_says_on_kinks(
    folder: str, cs231n_says: tuple[str, str], ours: str
) -> None:
    """Notebook 06 credited CS231n with "use a step smaller than the distance to the kink";
    its "Kinks in the objective" says no such thing: it tells a crossed kink by which input
    of each max wins at x + h and at x − h, and advises fewer data points. Both editions
    say that, and give the step advice as the notebook's own."""
    path = ROOT / "notebooks" / folder / "06_gradient_checking_and_second_derivatives.py"
    cells = [
        " ".join(c.source.split()) for c in jupytext.read(path).cells if c.cell_type == "markdown"
    ]
    kinks = next(c for c in cells if "Kinks in the objective" in c)
    credited, own = kinks.split(ours)
    assert all(words in credited for words in cs231n_says), credited
    assert "CS231n" not in own, own


# A comment on what a run measured, "Measured with these random seeds: final cost 0.055
# against 0.0040" (实测 / 随机种子 in the Chinese edition), with a number to a decimal.
MEASURED = re.compile(r"#.*(?:random seeds|[Mm]easured|随机种子|实测).*\d\.\d")


@pytest.mark.parametrize("name", NAMES)
def test_a_comment_states_no_number_a_run_measured(name: str) -> None:
    """Notebook 04's comments stated the moons SGD final cost 0.0040 and the epoch-2 cost
    0.082 (a run gives 0.0048 and 0.0732) and a test accuracy of 95.0 % under a cell that
    prints 93.9 %, in both editions: a measured number drifts as the library changes. The
    comments say what the asserts under them check (SGD ends more than five times lower;
    above 90 %), and the numbers are in the outputs and the pictures."""
    for path in (NOTEBOOK_DIR / f"{name}.py", NOTEBOOK_DIR / "zh" / f"{name}.py"):
        for cell in jupytext.read(path).cells:
            if cell.cell_type == "code":
                stated = [line for line in cell.source.splitlines() if MEASURED.search(line)]
                assert stated == [], (path.name, stated)


# A count a string states, printed or drawn: "after 300 steps", "80 步", "(240 updates)".
# Not a number inside another ("3.5 epochs", "1e4 steps", "x2"), nor a power or a degree
# ("1/3 次方", "2 次多项式"), nor a step size ("1e-4 步长").
COUNT = re.compile(
    r"(?<![A-Za-z\d.,/^-])(\d[\d,]*)\s*"
    r"(?:(?i:steps|passes|epochs|updates)|步(?!长)|轮|次(?!方|幂|多项式))"
)


def _typed_counts(source: str) -> list[str]:
    """The counts a cell's strings state that no assert of the same cell states, each
    with the line of the cell it is typed on."""
    tree = ast.parse(source)
    asserted = {
        number.value
        for check in ast.walk(tree)
        if isinstance(check, ast.Assert)
        for number in ast.walk(check)
        if isinstance(number, ast.Constant) and type(number.value) is int
    }
    lines = source.splitlines()
    typed = []
    for text in ast.walk(tree):
        if not (isinstance(text, ast.Constant) and isinstance(text.value, str)):
            continue
        for match in COUNT.finditer(text.value):
            if int(match[1].replace(",", "")) not in asserted:
                # a string written over several lines: the line the count is on
                span = lines[text.lineno - 1 : text.end_lineno]
                line = next((line for line in span if match[0] in line), span[0])
                typed.append(f"{match[0]!r} in {line.strip()!r}")
    return typed


def test_a_typed_count_is_told_from_other_numbers() -> None:
    """What the test below flags, and how it says it: the count and the line it is on (a
    line number inside a cell matched no line of the file)."""
    assert _typed_counts('print(f"after 40 passes ({n} updates)")') == [
        "'40 passes' in 'print(f\"after 40 passes ({n} updates)\")'"
    ]
    assert _typed_counts('print("80 步", "15 Steps")') == [
        "'80 步' in 'print(\"80 步\", \"15 Steps\")'",
        "'15 Steps' in 'print(\"80 步\", \"15 Steps\")'",
    ]
    assert _typed_counts(
        'print(\n    "after 40 passes, "\n    f"{n} steps of 2 (240 updates)"\n)'
    ) == [
        "'40 passes' in '\"after 40 passes, \"'",
        "'240 updates' in 'f\"{n} steps of 2 (240 updates)\"'",
    ]
    assert _typed_counts('assert len(path) == 16\nprint("16 steps")') == []
    legitimate = [
        "李宏毅, ML Lecture 7 (2016)",
        "a 784-16-16-10 net",
        "Figure 3: the paths of descent",
        "80 % for training",
        "h* ≈ ε 的 1/3 次方",
        "x² 是 2 次多项式",
        "UFLDL 的 1e-4 步长",
        "about 1e4 steps",
        "after 3.5 epochs",
    ]
    for text in legitimate:
        assert _typed_counts(f"print({text!r})") == [], text


@pytest.mark.parametrize("name", NAMES)
def test_a_count_a_string_states_comes_from_the_code(name: str) -> None:
    """Notebook 04 printed and labelled its two paths over the landscape "15 steps" and
    "80 steps", notebook 03 "after 300 steps" and "after 40 passes … (240 updates)", in
    both editions: numbers typed into strings, true only while the loops keep their counts.
    Such a count is formatted from the code ({len(gd_path) - 1}), or an assert in the same
    cell states that number."""
    for path in (NOTEBOOK_DIR / f"{name}.py", NOTEBOOK_DIR / "zh" / f"{name}.py"):
        for cell in jupytext.read(path).cells:
            if cell.cell_type == "code":
                typed = _typed_counts(cell.source)
                assert typed == [], (
                    f"{path.relative_to(ROOT)}: a count typed into a string: {typed}; format"
                    " it from the code (after {len(path) - 1} steps), or assert that number"
                    " in the same cell"
                )
