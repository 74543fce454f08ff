"""The teaching notebooks: written as jupytext pairs, committed clean, and they run.

Every notebook is executed top to bottom on a fresh kernel. The notebooks compare each
hand-derived formula with the engine through ``assert`` statements, so running them is
itself a test of the engine: a wrong gradient raises inside a cell, and nbclient turns
that into a failure here.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
REQUIRED = {"01", "02", "03", "04", "05"}  # at least these lessons; more are found by glob
SOURCES = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.py"))
BUILT = [p.with_suffix(".ipynb").name for p in SOURCES]
BUDGET_SECONDS = 60.0  # each notebook should run in under a minute (see notebooks/README.md)


def test_every_notebook_has_its_source() -> None:
    assert {p.name[:2] for p in SOURCES} >= REQUIRED
    on_disk = sorted(p.name for p in NOTEBOOK_DIR.glob("*.ipynb"))
    assert on_disk == BUILT, "every notebook is a pair NN_slug.py + NN_slug.ipynb"


def _cells(nb: nbformat.NotebookNode) -> list[tuple[str, str, list[str]]]:
    return [(c.cell_type, c.source, list(c.metadata.get("tags", []))) for c in nb.cells]


@pytest.mark.parametrize("name", BUILT)
def test_pair_is_in_step(name: str) -> None:
    source = NOTEBOOK_DIR / name.replace(".ipynb", ".py")
    from_text = jupytext.read(source)
    from_ipynb = nbformat.read(NOTEBOOK_DIR / name, as_version=4)
    assert _cells(from_ipynb) == _cells(from_text), f"run: jupytext --sync {source}"


@pytest.mark.parametrize("name", BUILT)
def test_committed_notebook_is_clean(name: str) -> None:
    nb = nbformat.read(NOTEBOOK_DIR / name, as_version=4)
    nbformat.validate(nb)
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    assert code_cells
    for cell in code_cells:
        assert cell.outputs == [], f"{name}: a code cell has outputs"
        assert cell.execution_count is None, f"{name}: a code cell has an execution count"
    # The point of the notebooks: formulas are checked, not just shown.
    asserts = sum(cell.source.count("assert ") for cell in code_cells)
    assert asserts >= 5, f"{name}: only {asserts} asserts"


@pytest.fixture(scope="module")
def venv_kernel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A "python3" kernelspec running *this* interpreter, found first via JUPYTER_PATH.

    Nothing is registered outside a temporary directory, so a kernelspec of the same name
    elsewhere (in the user's home, say) cannot redirect the notebooks to another Python.
    """
    data_dir = tmp_path_factory.mktemp("jupyter")
    spec_dir = data_dir / "kernels" / "python3"
    spec_dir.mkdir(parents=True)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (autograd-mini venv)",
        "language": "python",
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JUPYTER_PATH", str(data_dir))
        mp.setenv("MPLBACKEND", "Agg")
        mp.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")
        yield


def _client(nb: nbformat.NotebookNode) -> NotebookClient:
    """A client for a fresh "python3" kernel started in notebooks/ (like opening it there)."""
    return NotebookClient(
        nb,
        kernel_name="python3",
        timeout=int(BUDGET_SECONDS * 2),  # per cell; the whole-notebook budget is checked below
        resources={"metadata": {"path": str(NOTEBOOK_DIR)}},
    )


@pytest.mark.parametrize("name", BUILT)
def test_notebook_runs_top_to_bottom(name: str, venv_kernel: None) -> None:
    nb = nbformat.read(NOTEBOOK_DIR / name, as_version=4)
    # One extra cell, in memory only: prove the kernel is this interpreter's environment.
    nb.cells.append(
        nbformat.v4.new_code_cell(
            f"import sys\nassert sys.prefix == {sys.prefix!r}, sys.prefix\nprint('ok')"
        )
    )
    client = _client(nb)
    # Raises CellExecutionError, naming the cell, on any exception. The one-minute
    # budget is not asserted (a timed test flakes on a shared machine): the per-cell
    # timeout catches a hang, and notebooks/README.md records the measured times.
    client.execute()
    assert nb.cells[-1].outputs[0]["text"].strip() == "ok"


SABOTAGE = """
from autograd_mini import Value

_true_sigmoid = Value.sigmoid


def _sigmoid_with_a_wrong_derivative(self):
    out = _true_sigmoid(self)
    if out.parents:  # 1 % off: σ'(z) = 1.01·σ(z)(1 − σ(z))
        out.local_grads = (1.01 * out.local_grads[0],)
    return out


Value.sigmoid = _sigmoid_with_a_wrong_derivative
"""


@pytest.mark.parametrize("name", BUILT)
def test_notebook_fails_on_a_wrong_engine(name: str, venv_kernel: None) -> None:
    # The notebooks are a test of the engine only if a wrong derivative stops them.
    nb = nbformat.read(NOTEBOOK_DIR / name, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(SABOTAGE))
    client = _client(nb)
    with pytest.raises(CellExecutionError) as failure:
        client.execute()
    assert failure.value.ename == "AssertionError"
