"""Every Python example in the READMEs (English and Chinese) is a whole program: each
name it uses is imported or defined in it, and it runs as a reader pastes it, alone, in
an empty folder. The MNIST example called ``nn.data.mnist()`` without ``import nn`` (a
NameError for whoever pasted it); it is checked for its names only, since it downloads.
"""

from __future__ import annotations

import builtins
import importlib.util
import re
import subprocess
import symtable
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EDITIONS = [ROOT / "README.md", ROOT / "README.zh-CN.md"]
BLOCK = re.compile(r"```python\n(.*?)```", re.S)
#: an example that downloads (run by tests/test_mnist.py against a local server)
DOWNLOADS = re.compile(r"\bnn\.data\.mnist\(")

#: each example once, named where it first stands (the Chinese README repeats some of the
#: English one's word for word: run twice, they cost a few seconds and prove nothing more)
FIRST: dict[str, str] = {}
for path in EDITIONS:
    for i, block in enumerate(BLOCK.findall(path.read_text(encoding="utf-8"))):
        FIRST.setdefault(block, f"{path.name}:{i}")
EXAMPLES = [pytest.param(block, id=name) for block, name in FIRST.items()]


def undefined(source: str) -> set[str]:
    """The global names ``source`` reads but never imports or assigns (nor are they
    builtins): what a NameError would name when it runs alone."""
    table = symtable.symtable(source, "<readme>", "exec")
    defined = {s.get_name() for s in table.get_symbols() if s.is_assigned() or s.is_imported()}
    read: set[str] = set()
    tables = [table]
    while tables:
        t = tables.pop()
        tables.extend(t.get_children())
        for s in t.get_symbols():
            if s.is_referenced() and (t is table or s.is_global()):
                read.add(s.get_name())
    return read - defined - set(dir(builtins))


def test_a_name_read_and_never_defined_is_found() -> None:
    """The oracle for the check below: the MNIST example as it was, and as it is."""
    assert undefined("(X, y), (Xt, yt) = nn.data.mnist()\n") == {"nn"}
    assert undefined("import nn\n(X, y), (Xt, yt) = nn.data.mnist()\n") == set()
    assert undefined("def f(x):\n    return np.sin(x) + x\n") == {"np"}


@pytest.mark.parametrize("source", EXAMPLES)
def test_an_example_names_only_what_it_imports_or_defines(source: str) -> None:
    assert undefined(source) == set()


@pytest.mark.parametrize(
    "source", [e for e in EXAMPLES if not DOWNLOADS.search(str(e.values[0]))]
)  # (one that downloads MNIST: its names are checked above, the download by test_mnist)
def test_an_example_runs_alone(source: str, tmp_path: Path) -> None:
    if (
        re.search(r"^import .*\btorch\b", source, re.M)
        and importlib.util.find_spec("torch") is None
    ):
        pytest.skip(
            'PyTorch is not installed (it is optional: pip install "autograd-mini[torch]"), '
            "so the README's example with it cannot run"
        )
    (tmp_path / "example.py").write_text(source, encoding="utf-8")
    ran = subprocess.run(
        [sys.executable, "example.py"], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert ran.returncode == 0, ran.stderr[-2000:]
