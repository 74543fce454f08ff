"""docs/kernel.py: notebooks run on a kernel whose sockets no other process can take, and a
kernel that dies says why.

CI once failed 436 tests with "Kernel died before replying to kernel_info" and nothing
else: over TCP a kernel's ports are picked before it binds them, and a port taken in
between kills it. The oracles are the connection file the kernel itself read (what
transport it was told) and the words a kernel of ours writes before exiting.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from notebook_kernel import use_kernel

nbformat = pytest.importorskip("nbformat")
pytest.importorskip("nbclient")
zmq = pytest.importorskip("zmq")

from docs import kernel  # noqa: E402

LAST_WORDS = "zmq.error.ZMQError: Address already in use (written by the test's kernel)"


@pytest.fixture
def kernels(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """This interpreter's "python3" kernelspec, and one that writes LAST_WORDS and exits;
    temporary files go to a folder of the test's own, to see what is left behind."""
    data_dir = use_kernel(monkeypatch, tmp_path / "jupyter", inline=False)
    dying = data_dir / "kernels" / "dying"
    dying.mkdir()
    code = f"import sys; sys.stderr.write({LAST_WORDS!r} + '\\n'); sys.exit(1)"
    argv = [sys.executable, "-c", code, "{connection_file}"]
    spec = {"argv": argv, "display_name": "dies", "language": "python"}
    (dying / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    yield scratch


def _cells(*sources: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])


@pytest.mark.skipif(not zmq.has("ipc"), reason="this zmq has no ipc transport (TCP is used)")
def test_the_kernel_is_told_to_listen_on_unix_sockets_in_a_folder_of_its_own(
    kernels: Path, tmp_path: Path
) -> None:
    nb = _cells(
        "import json\nfrom ipykernel.connect import get_connection_file\n"
        "info = json.load(open(get_connection_file()))\n"
        "print(info['transport'], info['ip'])"
    )
    kernel.execute(nb, timeout=120, folder=tmp_path)
    transport, ip = nb.cells[0].outputs[0]["text"].split()
    assert transport == "ipc", transport
    # socket-1 … socket-5 in a folder made for this run, under the temporary folder
    folder = Path(ip).parent
    assert folder.parent == kernels and folder.name.startswith("agm-kernel-"), ip
    assert list(kernels.iterdir()) == [], "the run's folder is left behind"


def test_a_temporary_folder_too_long_for_a_socket_s_name_runs_the_kernel_over_tcp(
    kernels: Path, tmp_path: Path
) -> None:
    """A Unix socket's name holds 108 bytes (Linux): under a TMPDIR of 91 characters every
    kernel failed, zmq's "File name too long"."""
    deep = kernels / ("d" * max(1, 120 - len(str(kernels))))
    deep.mkdir()
    tempfile.tempdir = str(deep)  # the fixture's monkeypatch puts it back
    nb = _cells(
        "import json\nfrom ipykernel.connect import get_connection_file\n"
        "print(json.load(open(get_connection_file()))['transport'])"
    )
    kernel.execute(nb, timeout=120, folder=tmp_path)
    assert nb.cells[0].outputs[0]["text"] == "tcp\n"
    assert list(deep.iterdir()) == [], "the run's folder is left behind"


def test_a_kernel_that_dies_at_start_says_what_it_last_wrote(kernels: Path) -> None:
    with pytest.raises(kernel.KernelDied) as died:
        kernel.execute(_cells("1"), timeout=60, kernel_name="dying")
    said = str(died.value)
    assert said.startswith("Kernel died before replying to kernel_info"), said
    assert said.endswith(f"The kernel last wrote:\n{LAST_WORDS}"), said
    assert list(kernels.iterdir()) == [], "the run's folder is left behind"


def test_a_kernel_that_dies_in_a_cell_is_a_kernel_that_died(kernels: Path) -> None:
    """nbclient's DeadKernelError, a RuntimeError like the start's, is told the same way."""
    with pytest.raises(kernel.KernelDied):
        kernel.execute(_cells("import os\nos._exit(3)"), timeout=60)


def test_a_failing_cell_is_still_nbclient_s_error_naming_the_cell(kernels: Path) -> None:
    from nbclient.exceptions import CellExecutionError

    with pytest.raises(CellExecutionError, match="ZeroDivisionError"):
        kernel.execute(_cells("x = 1", "1 / 0"), timeout=60)
    nb = _cells("1 / 0", "print('after')")
    kernel.execute(nb, timeout=60, allow_errors=True)
    assert nb.cells[1].outputs[0]["text"] == "after\n"


#: A cell that prints a table whose first row's text and newline reach the kernel's
#: client apart, as ipykernel sends them when it flushes between them on a busy machine.
SPLIT_ROW = (
    "import sys, time\n"
    "sys.stdout.write('row 1'); sys.stdout.flush(); time.sleep(0.3)\n"
    "written = sys.stdout.write('\\nrow 2\\nrow 3\\n')"
)


def test_the_site_s_run_joins_a_row_split_by_a_flush_without_a_blank_line(
    kernels: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The site's build printed notebook 00's table of σ′ with a blank line after its first
    row, on a loaded machine: the kernel sent "row 1" and "\\nrow 2 …" as two outputs, and
    myst-nb's merge (nb_merge_streams) ended the first with a newline of its own. The
    build's run joins them exactly; myst-nb then has one output to merge. The oracle is
    the text written: every row once, on lines of its own, no blank line."""
    from myst_nb.core.utils import coalesce_streams

    from docs import build

    runs: list[dict[str, object]] = []
    real = kernel.execute

    def watched(nb: object, **options: object) -> None:
        runs.append(options)
        real(nb, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(kernel, "execute", watched)
    path = kernels.parent / "split.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(SPLIT_ROW)])
    nbformat.write(nb, path)
    for name in kernel.environment(kernels, inline=True):  # _execute_one sets them
        monkeypatch.setenv(name, "")  # (monkeypatch puts each back afterwards)
    build._execute_one(str(path), str(kernels.parent / "out.ipynb"), str(kernels))
    assert runs and runs[0].get("joined_streams") is True
    outputs = nbformat.read(kernels.parent / "out.ipynb", as_version=4).cells[0].outputs
    assert [o["text"] for o in coalesce_streams(outputs)] == ["row 1\nrow 2\nrow 3\n"]


def test_a_run_not_asked_to_join_keeps_each_output_as_sent(kernels: Path) -> None:
    """The tests' runs keep outputs as the kernel sent them (what nbclient does unless
    asked): two here, which myst-nb's merge would join with a blank line between."""
    from myst_nb.core.utils import coalesce_streams

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(SPLIT_ROW)])
    kernel.execute(nb, timeout=60)
    assert [o["text"] for o in nb.cells[0].outputs] == ["row 1", "\nrow 2\nrow 3\n"]
    assert [o["text"] for o in coalesce_streams(nb.cells[0].outputs)] == ["row 1\n\nrow 2\nrow 3\n"]
