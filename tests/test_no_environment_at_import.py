"""No test module changes the process's environment when it is imported.

Four test modules set ``MPLBACKEND`` as they were imported: every test collected after
them ran with it, a module run alone without it, and matplotlib reads it once, when it is
first imported. The session's backend is set in one place, tests/conftest.py's
``pytest_configure``; a test that needs another environment asks for a fixture
(``monkeypatch``, tests/notebook_kernel.py's kernels) that puts it back.

The oracles: the test files' own code, read with ``ast``; matplotlib's own word on its
backend.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Iterator
from pathlib import Path

TESTS = Path(__file__).resolve().parent
# What changes the environment: os.environ's methods that write, os.putenv, os.unsetenv.
WRITES = {"setdefault", "update", "pop", "popitem", "clear", "__setitem__", "__delitem__"}


def _at_import(tree: ast.Module) -> Iterator[ast.AST]:
    """The nodes of ``tree`` that run when it is imported: not those inside a function
    (a class's body runs at import, so it is walked)."""
    todo: list[ast.AST] = list(tree.body)
    while todo:
        node = todo.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        yield node
        todo.extend(ast.iter_child_nodes(node))


def _is_environ(node: ast.AST) -> bool:
    """``os.environ``, or ``environ`` imported from os."""
    return (isinstance(node, ast.Attribute) and ast.unparse(node) == "os.environ") or (
        isinstance(node, ast.Name) and node.id == "environ"
    )


def _environment_written_at_import(path: Path) -> list[str]:
    """Where ``path``'s code changes the environment when the module is imported."""
    found = []
    for node in _at_import(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            func = node.func
            writes = (_is_environ(func.value) and func.attr in WRITES) or ast.unparse(func) in (
                "os.putenv",
                "os.unsetenv",
            )
        elif isinstance(node, ast.Assign | ast.AugAssign | ast.Delete):
            targets = node.targets if isinstance(node, ast.Assign | ast.Delete) else [node.target]
            writes = any(isinstance(t, ast.Subscript) and _is_environ(t.value) for t in targets)
        else:
            continue
        if writes:
            found.append(f"{path.name}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_no_test_module_changes_the_environment_when_imported() -> None:
    found = [
        where
        for path in sorted(TESTS.glob("*.py"))
        if path.name != "conftest.py"
        for where in _environment_written_at_import(path)
    ]
    assert not found, (
        "these change the environment of every test collected after them; set it in "
        f"tests/conftest.py or through a fixture: {found}"
    )


def test_the_check_finds_every_way_of_writing_the_environment_at_import(
    tmp_path: Path,
) -> None:
    path = tmp_path / "test_x.py"
    path.write_text(
        "import os\n"
        "from os import environ\n"
        'os.environ.setdefault("MPLBACKEND", "Agg")\n'
        'os.environ["A"] = "1"\n'
        "if True:\n"
        '    environ.update(B="2")\n'
        "class Cases:\n"
        '    os.putenv("C", "3")\n'
        'del os.environ["D"]\n'
        'x = os.environ.get("E")\n'  # a read: fine
        "def test_a(monkeypatch):\n"
        '    os.environ.setdefault("F", "4")\n'  # in a test: not at import
        "f = lambda: os.environ.pop('G')\n",
        encoding="utf-8",
    )
    assert sorted(_environment_written_at_import(path)) == [
        "test_x.py:3: os.environ.setdefault('MPLBACKEND', 'Agg')",
        "test_x.py:4: os.environ['A'] = '1'",
        "test_x.py:6: environ.update(B='2')",
        "test_x.py:8: os.putenv('C', '3')",
        "test_x.py:9: del os.environ['D']",
    ]


def test_matplotlib_draws_with_agg_in_every_test() -> None:
    """Whichever test module is run, alone or with others (this one sets nothing)."""
    import matplotlib

    assert os.environ.get("MPLBACKEND") == "Agg"
    assert matplotlib.get_backend().lower() == "agg"
