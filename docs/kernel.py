"""Running a notebook on a fresh kernel of this interpreter: the site's build and the tests.

Why the kernel talks over a Unix socket: jupyter_client names a kernel's five sockets
before the kernel exists. Over TCP it asks the system for five free ports, closes them,
writes their numbers into the connection file, and the kernel binds them a second later;
a port handed to another process in between (the build runs two notebooks at once, and
every outgoing connection takes one) makes the kernel exit with "Address already in use",
which the client reports as "Kernel died before replying to kernel_info" (jupyter_client
#154, nbconvert #1066). CI failed so once: the site's build, and with it 436 tests. Over
zmq's ipc transport the sockets are files in a folder of this run's own, which no other
process names; ipykernel itself advises it (over TCP it warns that the traffic is plain
text). Where zmq has no ipc, or the folder's path is too long for a socket's name (108
bytes on Linux, 104 on macOS: a TMPDIR of some 80 characters), TCP it is.

Why the kernel's standard error is kept: a kernel that dies says why only there, and the
client's message does not carry it. :class:`KernelDied` does.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from nbformat import NotebookNode

DOCS = Path(__file__).resolve().parent
KEPT = 4000  # characters of the kernel's last words an error quotes
# The longest path a kernel's socket may have, in bytes: a Unix socket's name holds 104
# (macOS) or 108 (Linux); zmq refused a longer one, "File name too long", and every
# notebook failed.
SOCKET_PATH_BYTES = 100


class KernelDied(RuntimeError):
    """The kernel exited before or while running a notebook; the message ends with what it
    last wrote to its standard error."""


def write_kernelspec(data_dir: Path) -> Path:
    """A "python3" kernelspec that runs *this* interpreter, written under ``data_dir``:
    with ``JUPYTER_PATH=data_dir`` a notebook runs here, whatever kernelspec of that name
    the user has elsewhere (the tests run the notebooks the same way). Returns data_dir."""
    spec_dir = data_dir / "kernels" / "python3"
    spec_dir.mkdir(parents=True)
    # run once the kernel's shell is up, leaving no name behind: each plot records the
    # words it shows, for its alt text (docs/plot_words.py)
    words = f"__import__('runpy').run_path({str(DOCS / 'plot_words.py')!r})['install']()"
    spec = {
        "argv": [
            sys.executable,
            "-m",
            "ipykernel_launcher",
            "-f",
            "{connection_file}",
            f"--IPKernelApp.exec_lines={words}",
        ],
        "display_name": "Python 3 (autograd-mini)",
        "language": "python",
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    return data_dir


def environment(data_dir: Path, *, inline: bool) -> dict[str, str | None]:
    """The environment variables a kernel is started with (None: unset): ``JUPYTER_PATH``
    naming ``data_dir``, where :func:`write_kernelspec` wrote the kernelspec; matplotlib's
    inline backend (``MPLBACKEND`` unset: plots are displayed as PNGs, as on the site) if
    ``inline``, else Agg (nothing displayed); and no warning from the debugger at start."""
    return {
        "JUPYTER_PATH": str(data_dir),
        "MPLBACKEND": None if inline else "Agg",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    }


def execute(
    nb: NotebookNode,
    *,
    timeout: int,
    folder: Path | None = None,
    allow_errors: bool = False,
    kernel_name: str = "python3",
    joined_streams: bool = False,
) -> None:
    """Run every cell of ``nb`` in place on a fresh kernel started in ``folder``.

    ``timeout`` is per cell. A failing cell raises nbclient's CellExecutionError (unless
    ``allow_errors``), a cell past its time CellTimeoutError, and a kernel that dies
    :class:`KernelDied`, quoting what the kernel last wrote.

    ``joined_streams`` joins a cell's outputs to one stream (its stdout, its stderr)
    exactly, each part as the kernel sent it (nbclient's ``coalesce_streams``), as the site
    needs: ipykernel sends what a busy kernel flushed between ``print``'s text and its
    newline as two outputs, "row 1" and "\nrow 2", and myst-nb's own merge
    (``nb_merge_streams``) ends the first with a newline before adding the second — a
    blank line in the middle of a printed table, on a loaded machine only.
    """
    import zmq
    from nbclient import NotebookClient
    from traitlets.config import Config

    own = Path(tempfile.mkdtemp(prefix="agm-kernel-"))
    config = Config()
    longest = os.fsencode(own / "socket-99")  # jupyter_client numbers them from 1
    if zmq.has("ipc") and len(longest) <= SOCKET_PATH_BYTES:
        config.KernelManager.transport = "ipc"
        config.KernelManager.ip = str(own / "socket")  # the sockets are socket-1 … socket-5
    client = NotebookClient(
        nb,
        kernel_name=kernel_name,
        timeout=timeout,
        allow_errors=allow_errors,
        coalesce_streams=joined_streams,
        config=config,
        resources={"metadata": {"path": str(folder)}} if folder is not None else {},
    )
    said = own / "stderr"
    try:
        with said.open("wb") as stderr:
            try:
                client.execute(stderr=stderr)  # passed on to the kernel's process
            except RuntimeError as died:  # a cell's error or time-out is not one
                last = said.read_text(encoding="utf-8", errors="replace").strip()[-KEPT:]
                words = f"\nThe kernel last wrote:\n{last}" if last else " (it wrote nothing)"
                raise KernelDied(f"{died}{words}") from died
    finally:
        # nbclient leaves its clean-up registered when the kernel dies before it answers,
        # and at exit that clean-up fails on the kernel manager it has already let go
        # ("Exception ignored in atexit callback ... AssertionError")
        atexit.unregister(client._cleanup_kernel)
        shutil.rmtree(own, ignore_errors=True)
