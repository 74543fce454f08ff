"""No test module changes the process's environment when it is imported.

Four test modules set ``MPLBACKEND`` as they were imported: every test collected after
them ran with it, a module run alone without it, and matplotlib reads it once, when it is
first imported. The session's backend is set in one place, tests/conftest.py's
``pytest_configure``; a test that needs another environment asks for a fixture
(``monkeypatch``, tests/notebook_kernel.py's kernels) that puts it back.

The check first missed a MonkeyPatch used at import, a test's decorator (parametrize's
arguments) and default values, which run at import, os or environ imported under another
name, ``os.environ |=``, and skipped tests/conftest.py, whose top runs before any test.

The oracles: the test files' own code, read with ``ast``; matplotlib's own word on its
backend.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
# What changes the environment: os.environ's methods that write, os.putenv, os.unsetenv,
# and a MonkeyPatch's setenv and delenv (one made at import is undone by no test).
WRITES = {"setdefault", "update", "pop", "popitem", "clear", "__setitem__", "__delitem__"}
OS_CALLS = {"putenv", "unsetenv"}
MONKEYPATCH = {"setenv", "delenv"}


def _at_import(tree: ast.Module) -> Iterator[ast.AST]:
    """The nodes of ``tree`` that run when it is imported: not a function's body, but its
    decorators (``pytest.mark.parametrize``'s arguments) and default values; a class's body
    runs at import, so it is walked."""
    todo: list[ast.AST] = list(tree.body)
    while todo:
        node = todo.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            args = node.args
            todo += [d for d in [*args.defaults, *args.kw_defaults] if d is not None]
            if not isinstance(node, ast.Lambda):
                todo += node.decorator_list
            continue
        yield node
        todo.extend(ast.iter_child_nodes(node))


class _OsNames:
    """The names a module binds, by its imports, to os, os.environ and os.putenv or
    os.unsetenv (``import os as o``, ``from os import environ as env``)."""

    def __init__(self, tree: ast.Module) -> None:
        self.os, self.environ, self.calls = {"os"}, {"environ"}, set(OS_CALLS)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                self.os |= {a.asname for a in node.names if a.name == "os" and a.asname}
            elif isinstance(node, ast.ImportFrom) and node.module == "os":
                for a in node.names:
                    if a.name == "environ":
                        self.environ.add(a.asname or a.name)
                    elif a.name in OS_CALLS:
                        self.calls.add(a.asname or a.name)

    def is_os(self, node: ast.AST) -> bool:
        return isinstance(node, ast.Name) and node.id in self.os

    def is_environ(self, node: ast.AST) -> bool:
        """``os.environ``, or ``environ`` imported from os, under any name."""
        if isinstance(node, ast.Attribute):
            return node.attr == "environ" and self.is_os(node.value)
        return isinstance(node, ast.Name) and node.id in self.environ

    def writes(self, node: ast.AST) -> bool:
        """Whether ``node``, run, changes the environment."""
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name):
                return func.id in self.calls
            return isinstance(func, ast.Attribute) and (
                (self.is_environ(func.value) and func.attr in WRITES)
                or (self.is_os(func.value) and func.attr in OS_CALLS)
                or func.attr in MONKEYPATCH
            )
        if isinstance(node, ast.AugAssign):  # os.environ |= {...} changes it in place
            return self.is_environ(node.target) or self._item_of_environ(node.target)
        if isinstance(node, ast.AnnAssign):
            return node.value is not None and self._item_of_environ(node.target)
        if isinstance(node, ast.Assign | ast.Delete):  # os.environ[...] = ..., os.environ = ...
            return any(
                self._item_of_environ(t) or (isinstance(t, ast.Attribute) and self.is_environ(t))
                for t in node.targets
            )
        return False

    def _item_of_environ(self, target: ast.expr) -> bool:
        """``os.environ[...]`` (an item written or deleted)."""
        return isinstance(target, ast.Subscript) and self.is_environ(target.value)


def _environment_written_at_import(path: Path) -> list[str]:
    """Where ``path``'s code changes the environment when the module is imported."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = _OsNames(tree)
    return [
        f"{path.name}:{node.lineno}: {ast.unparse(node)}"
        for node in _at_import(tree)
        if isinstance(node, ast.stmt | ast.expr) and names.writes(node)
    ]


def test_no_test_module_changes_the_environment_when_imported() -> None:
    found = [
        where
        for path in sorted(TESTS.glob("*.py"))
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


# Ways the check first missed: a MonkeyPatch used at import, a test's decorator or a
# default value (both run at import), os or environ under another name, os.environ's |=,
# an annotated item, os.environ replaced.
MISSED = {
    "a MonkeyPatch at import": 'mp = pytest.MonkeyPatch()\nmp.setenv("A", "1")\n',
    "a MonkeyPatch's delenv": 'pytest.MonkeyPatch().delenv("A")\n',
    "parametrize's arguments": (
        '@pytest.mark.parametrize("x", [os.environ.setdefault("A", "1")])\n'
        "def test_a(x):\n    pass\n"
    ),
    "a default value": 'def helper(x=os.environ.pop("A", None)):\n    pass\n',
    "a lambda's default value": 'f = lambda x=os.environ.pop("A", None): x\n',
    "import os as o": 'import os as o\no.environ["A"] = "1"\n',
    "from os import environ as env": 'from os import environ as env\nenv.update(A="1")\n',
    "from os import putenv": 'from os import putenv\nputenv("A", "1")\n',
    "os.environ |=": 'os.environ |= {"A": "1"}\n',
    "an annotated item": 'os.environ["A"]: str = "1"\n',
    "os.environ replaced": 'os.environ = {"A": "1"}\n',
}


@pytest.mark.parametrize("code", MISSED.values(), ids=MISSED)
def test_the_check_finds_a_write_at_import_however_spelt(code: str, tmp_path: Path) -> None:
    path = tmp_path / "test_x.py"
    path.write_text(f"import os\nimport pytest\n{code}", encoding="utf-8")
    assert _environment_written_at_import(path), code


def test_the_check_leaves_reads_and_writes_at_test_time_alone(tmp_path: Path) -> None:
    path = tmp_path / "test_x.py"
    path.write_text(
        "import os\n"
        "from os import environ\n"
        'HOME = environ.get("HOME")\n'
        "env: dict[str, str]\n"
        "environ = dict(environ)\n"  # a name of the module's own: os.environ is untouched
        "@pytest.fixture\n"
        "def backend(monkeypatch):\n"
        '    monkeypatch.setenv("MPLBACKEND", "Agg")\n'
        "def test_a(x=os.environ.get('A')):\n"
        "    os.putenv('B', '1')\n",
        encoding="utf-8",
    )
    assert _environment_written_at_import(path) == []


def test_matplotlib_draws_with_agg_in_every_test() -> None:
    """Whichever test module is run, alone or with others (this one sets nothing)."""
    import matplotlib

    assert os.environ.get("MPLBACKEND") == "Agg"
    # The backend as set, not as matplotlib would choose it at the first plot: without a
    # display (here, CI) it chooses Agg itself, so get_backend() would say "agg" anyway.
    chosen = dict.__getitem__(matplotlib.rcParams, "backend")
    assert isinstance(chosen, str), f"no backend set: matplotlib would choose ({chosen!r})"
    assert chosen.lower() == "agg"


def test_agg_holds_when_matplotlib_is_imported_before_the_session(tmp_path: Path) -> None:
    """A plugin importing matplotlib before tests/conftest.py's pytest_configure: it read
    ``MPLBACKEND`` then, unset, and would choose its backend itself (an interactive one on
    a desktop). The oracle: pytest's own run of the test above behind such a plugin."""
    (tmp_path / "early_matplotlib.py").write_text("import matplotlib\n", encoding="utf-8")
    env = {name: value for name, value in os.environ.items() if name != "MPLBACKEND"}
    paths = [str(tmp_path), *env.get("PYTHONPATH", "").split(os.pathsep)]
    env["PYTHONPATH"] = os.pathsep.join(path for path in paths if path)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "early_matplotlib",
            f"{Path(__file__).name}::test_matplotlib_draws_with_agg_in_every_test",
        ],
        cwd=TESTS,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
