"""Every test that runs a notebook on a kernel (``kernel.execute``, directly or through a
helper of its module) asks for this interpreter's kernel: ``agg_kernel``,
``inline_kernel``, ``inline_kernel_per_test`` (tests/notebook_kernel.py) or a fixture of
its module that calls ``use_kernel``. Without one, Jupyter starts the first "python3"
kernelspec it finds: a user's own, of another Python, when the environment's is not
preferred (``JUPYTER_PREFER_ENV_PATH=0``, or no virtual environment), and the test fails
for a reason that is not its own (tests/test_words.py's kernel test did).

The oracle: the test files' own code, read with ``ast``.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent
KERNEL_FIXTURES = {"agg_kernel", "inline_kernel", "inline_kernel_per_test"}


def _calls(node: ast.AST) -> set[str]:
    """What ``node`` calls: ``kernel.execute`` as "kernel.execute", a plain name as itself."""
    called = set()
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            func = call.func
            if isinstance(func, ast.Name):
                called.add(func.id)
            elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
                called.add(f"{func.value.id}.{func.attr}")
    return called


def _fixture_names(fn: ast.FunctionDef) -> set[str]:
    """The fixtures ``fn`` asks for: its parameters and ``pytest.mark.usefixtures``."""
    names = {arg.arg for arg in fn.args.args + fn.args.kwonlyargs}
    for deco in fn.decorator_list:
        if isinstance(deco, ast.Call) and ast.unparse(deco.func) == "pytest.mark.usefixtures":
            names |= {str(arg.value) for arg in deco.args if isinstance(arg, ast.Constant)}
    return names


def _is_fixture(fn: ast.FunctionDef) -> bool:
    return any(
        ast.unparse(deco.func if isinstance(deco, ast.Call) else deco) == "pytest.fixture"
        for deco in fn.decorator_list
    )


def _without_a_kernel_of_ours(path: Path) -> list[str]:
    """The tests of ``path`` that run a kernel and ask for none of this interpreter's."""
    functions = {
        node.name: node
        for node in ast.parse(path.read_text(encoding="utf-8")).body
        if isinstance(node, ast.FunctionDef)
    }
    calls = {name: _calls(fn) for name, fn in functions.items()}
    runs = {name for name, called in calls.items() if "kernel.execute" in called}
    while True:  # a helper that calls a helper that runs a kernel runs one too
        more = {name for name, called in calls.items() if called & runs} - runs
        if not more:
            break
        runs |= more
    ours = set(KERNEL_FIXTURES)
    for name, fn in functions.items():
        if _is_fixture(fn) and ("use_kernel" in calls[name] or _fixture_names(fn) & ours):
            ours.add(name)
    return [
        f"{path.name}::{name}"
        for name, fn in functions.items()
        if name.startswith("test_") and name in runs and not _fixture_names(fn) & ours
    ]


def test_every_test_that_runs_a_kernel_asks_for_this_interpreter_s() -> None:
    found = [
        name for path in sorted(TESTS.glob("test_*.py")) for name in _without_a_kernel_of_ours(path)
    ]
    assert not found, f"these run whatever kernel Jupyter finds first: {found}"


def test_the_check_finds_a_test_that_runs_a_kernel_through_a_helper(tmp_path: Path) -> None:
    path = tmp_path / "test_x.py"
    path.write_text(
        "import pytest\n"
        "def _run(nb):\n    kernel.execute(nb, timeout=1)\n"
        "def _twice(nb):\n    _run(nb)\n    _run(nb)\n"
        "@pytest.fixture\ndef mine(monkeypatch, tmp_path):\n"
        "    use_kernel(monkeypatch, tmp_path, inline=False)\n"
        "def test_bare(tmp_path):\n    _twice(None)\n"
        "def test_agg(agg_kernel):\n    _twice(None)\n"
        "def test_own(mine):\n    kernel.execute(None, timeout=1)\n"
        "@pytest.mark.usefixtures('inline_kernel')\ndef test_marked():\n    _run(None)\n"
        "def test_no_kernel():\n    pass\n",
        encoding="utf-8",
    )
    assert _without_a_kernel_of_ours(path) == ["test_x.py::test_bare"]


def test_a_module_asking_for_both_module_kernels_is_refused(tmp_path: Path) -> None:
    """agg_kernel and inline_kernel each hold for the rest of their module: in one module,
    a test asking for Agg after one that asked for the inline backend ran on the inline
    one, silently. The oracle: pytest's own run of such a module."""
    (tmp_path / "test_both.py").write_text(
        "import os\n"
        "def test_a(agg_kernel):\n    assert os.environ['MPLBACKEND'] == 'Agg'\n"
        "def test_b(inline_kernel):\n    assert 'MPLBACKEND' not in os.environ\n"
        "def test_c(agg_kernel):\n    assert os.environ.get('MPLBACKEND') == 'Agg'\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "notebook_kernel"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS.parent), str(TESTS)])},
        capture_output=True,
        text=True,
        timeout=300,
    )
    said = done.stdout
    assert "2 passed, 1 error" in said, said  # test_b, and test_c still on Agg
    assert "test_both.py asks for both agg_kernel and inline_kernel" in said, said
