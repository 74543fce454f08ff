"""``autograd-mini graph`` when the picture cannot go where it was asked (a folder, a
full device) or the run is stopped (Ctrl-C): one line that says what and where, in the
language asked, and no traceback.

Oracles: the system's own words for an error number (os.strerror), the Chinese phrases
written out here, and the exit status a shell gives a program that SIGINT ended."""

from __future__ import annotations

import errno
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from autograd_mini import cli_graph
from autograd_mini.cli import main

ARGS = ["graph", "x*y", "--set", "x=2", "y=3"]


def test_an_output_that_is_a_folder_is_said_to_be_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`-o /tmp` said "cannot tell the format of '/tmp'" (with --format, "Is a
    directory"): the folder, not the format, is what is wrong."""
    assert main([*ARGS, "-o", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"autograd-mini graph: error: -o {str(tmp_path)!r}: cannot write the picture "
        f"({os.strerror(errno.EISDIR)})\n"
    )
    assert main([*ARGS, "-o", str(tmp_path), "--lang", "zh"]) == 2
    assert capsys.readouterr().err == (
        f"autograd-mini graph：错误：-o {str(tmp_path)!r}：无法写入这张图（这是一个文件夹）\n"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", f"cannot write the picture to standard output ({os.strerror(errno.ENOSPC)})"),
        ("zh", "无法把这张图写到标准输出（磁盘空间不足）"),
    ],
)
def test_a_full_standard_output_is_said_in_words(lang: str, said: str) -> None:
    """`> /dev/full` said "[Errno 28] No space left on device", naming no output."""
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "autograd_mini", *ARGS, "--lang", lang],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].endswith(said), done.stderr


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "autograd-mini graph: interrupted (Ctrl-C)\n"),
        ("zh", "autograd-mini graph：已中断（Ctrl-C）\n"),
    ],
)
def test_ctrl_c_is_one_line_and_the_shells_status(
    lang: str,
    said: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Ctrl-C while the picture was drawn printed a traceback of wherever it fell; it is
    one line now, and the status a shell gives a program SIGINT ended, 128 + 2."""

    def pressed(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_graph, "draw_graph", pressed)
    out = tmp_path / "a.svg"
    assert main([*ARGS, "-o", str(out), "--lang", lang]) == 128 + 2
    assert capsys.readouterr() == ("", said)
    assert not out.exists()
    # --lang typed before the command: still the command's line (it was "autograd-mini:")
    assert main(["--lang", lang, *ARGS, "-o", str(out)]) == 128 + 2
    assert capsys.readouterr() == ("", said)


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal (pty) is POSIX")
@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "--format png writes bytes, not text, and standard output is a terminal: give"),
        ("zh", "--format png 写出的是字节而不是文字，而标准输出是终端"),
    ],
)
def test_a_png_is_not_written_to_a_terminal(lang: str, said: str) -> None:
    """`graph x --set x=1 --format png` in a terminal filled it with the PNG's bytes."""
    import pty

    terminal, its_end = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "autograd_mini", *ARGS, "--format", "png", "--lang", lang],
            stdout=its_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
        os.set_blocking(terminal, False)
        try:
            shown = os.read(terminal, 1 << 16)
        except BlockingIOError:
            shown = b""
    finally:
        os.close(its_end)
        os.close(terminal)
    assert done.returncode == 2 and shown == b""
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and said in lines[0], done.stderr


@pytest.mark.parametrize("where", ["missing/a.svg", "a_file/a.svg"])
def test_frames_are_not_written_when_the_picture_cannot_be(
    where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--steps fr -o missing/a.svg` wrote the frames, then refused the picture, exit
    status 2: a failed run left its frames. Oracle: os.strerror of the system's error."""
    (tmp_path / "a_file").write_text("")
    frames, out = tmp_path / "new" / "fr", tmp_path / where
    assert main([*ARGS, "--steps", str(frames), "-o", str(out)]) == 2
    code = errno.ENOENT if where.startswith("missing") else errno.ENOTDIR
    assert capsys.readouterr().err == (
        f"autograd-mini graph: error: -o {str(out)!r}: cannot write the picture "
        f"({os.strerror(code)})\n"
    )
    assert not (tmp_path / "new").exists()  # nor the folders made for them
    # into the frames' own folder, made by the run, the picture is written
    assert main([*ARGS, "--steps", str(frames), "-o", str(frames / "main.svg")]) == 0
    assert (frames / "main.svg").exists() and (frames / "step_000.svg").exists()


#: a picture's old contents, and how big a file the writes below may make: smaller than
#: any picture of ARGS, larger than the old one
OLD = b"<svg>the old picture</svg>"
LIMIT = 200


def _limited(code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """``code`` run in a Python whose files may not grow past LIMIT bytes (a write past
    it fails with EFBIG, as a full disk fails one with ENOSPC)."""
    import resource
    import signal

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an error, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))

    return subprocess.run(
        [sys.executable, "-B", "-c", code],
        cwd=tmp_path,
        preexec_fn=limit,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.skipif(sys.platform == "win32", reason="a file-size limit (RLIMIT_FSIZE) is POSIX")
@pytest.mark.parametrize("how", ["-o", "Graph.save"])
def test_a_failed_write_leaves_the_old_picture(how: str, tmp_path: Path) -> None:
    """A write that failed half-way (a full disk; here a file-size limit) left the first
    bytes of the new picture where the old one was: the file was truncated, then written.
    It is written beside it and renamed now, so the old picture stays, and no temporary
    file is left. Oracle: the old bytes, and os.strerror(EFBIG)."""
    out = tmp_path / "a.svg"
    out.write_bytes(OLD)
    out.chmod(0o640)
    code = (
        "import sys; from autograd_mini.cli import main; "
        f"sys.exit(main({[*ARGS, '-o', 'a.svg']!r}))"
        if how == "-o"
        else "from autograd_mini import Value, draw_graph\n"
        "x = Value(2.0, label='x'); y = x * Value(3.0, label='y'); y.backward()\n"
        "draw_graph(y).save('a.svg')"
    )
    done = _limited(code, tmp_path)
    assert out.read_bytes() == OLD, done.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["a.svg"]
    assert out.stat().st_mode & 0o777 == 0o640
    if how == "-o":
        assert done.returncode == 2
        assert done.stderr == (
            f"autograd-mini graph: error: -o 'a.svg': cannot write the picture "
            f"({os.strerror(errno.EFBIG)})\n"
        )
    else:
        assert done.returncode == 1 and "OSError: [Errno 27]" in done.stderr


def test_an_interrupted_write_leaves_the_old_picture(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ctrl-C while the picture was written (here as its bytes are flushed to the disk):
    the old picture stays, whole, and no temporary file is left beside it (the file was
    truncated, then written: an interrupt left part of the new picture)."""
    out = tmp_path / "a.svg"
    out.write_bytes(OLD)

    def pressed(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", pressed)
    assert main([*ARGS, "-o", str(out)]) == 128 + 2
    monkeypatch.undo()
    assert capsys.readouterr().err == "autograd-mini graph: interrupted (Ctrl-C)\n"
    assert out.read_bytes() == OLD
    assert [p.name for p in tmp_path.iterdir()] == ["a.svg"]


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="needs /dev/null (POSIX)")
def test_a_device_is_written_not_replaced(tmp_path: Path) -> None:
    """-o /dev/null and -o /dev/stdout are written to, as before: a rename over them
    (which root may do) would replace the device's name with a file."""
    before = os.lstat("/dev/null")
    args = [*ARGS, "--format", "svg"]
    assert main([*args, "-o", "/dev/null"]) == 0
    after = os.lstat("/dev/null")
    assert (after.st_mode, after.st_rdev, after.st_ino) == (
        before.st_mode,
        before.st_rdev,
        before.st_ino,
    )
    done = subprocess.run(
        [sys.executable, "-m", "autograd_mini", *args, "-o", "/dev/stdout"],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0 and b"<svg" in done.stdout, done.stderr
    assert os.path.islink("/dev/stdout")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGPIPE is POSIX")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_reader_that_goes_away_ends_the_run_quietly(lang: str) -> None:
    """`graph … | head -1`: the reader has what it wanted and goes. The run said "error:
    standard output was closed by the reader (broken pipe)", exit status 2; it ends
    quietly now, with the status a shell gives a program SIGPIPE ended (128 + 13), as
    cat, grep or yes end there. Oracle: signal.SIGPIPE."""
    import signal

    run = subprocess.Popen(
        [sys.executable, "-m", "autograd_mini", *ARGS, "--lang", lang],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert run.stdout is not None and run.stderr is not None
    run.stdout.close()  # gone before a byte is written: the first write fails
    said = run.stderr.read()
    assert run.wait(timeout=120) == 128 + signal.SIGPIPE
    assert said == b""


#: a picture of about 250 KB: larger than a pipe's buffer (64 KiB on Linux) together with
#: what the reader below takes from it before it goes
_WIDE = "tanh(" + "+".join(f"x{i}*w{i}" for i in range(40)) + ")"
_WIDE_ARGS = [
    "graph",
    _WIDE,
    "--set",
    *(f"{name}{i}={value}" for i in range(40) for name, value in (("x", 1), ("w", 2))),
]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGPIPE is POSIX")
def test_a_reader_that_goes_away_mid_picture_ends_the_run_as_cat_ends(tmp_path: Path) -> None:
    """`graph … | head -1` of a picture larger than the pipe's buffer ended with status 0
    (`cat` of the same file: 141): the kernel cut the first write short as the reader
    left, Python's buffered writer returned that short count rather than raising, and
    the rest of the picture was dropped without a word. It ends as cat ends now, 128 +
    SIGPIPE and nothing said; a reader that reads it all gets every byte.
    Oracles: the picture -o writes to a file (its size, its bytes), signal.SIGPIPE and
    the pipe's capacity the system reports."""
    import signal

    command = [sys.executable, "-m", "autograd_mini", *_WIDE_ARGS]
    picture = tmp_path / "wide.svg"
    assert main([*_WIDE_ARGS, "-o", str(picture)]) == 0
    whole = picture.read_bytes()
    capacity = 1 << 16  # a pipe's buffer: 64 KiB on Linux and macOS; Linux says it
    read, write = os.pipe()
    try:
        import fcntl

        if hasattr(fcntl, "F_GETPIPE_SZ"):
            capacity = fcntl.fcntl(write, fcntl.F_GETPIPE_SZ)
    finally:
        os.close(read)
        os.close(write)
    assert len(whole) > capacity + (1 << 16), (len(whole), capacity)  # a test that can fail

    run = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0)
    assert run.stdout is not None and run.stderr is not None
    first = run.stdout.readline()  # as `head -1` reads: one line, then gone
    run.stdout.close()
    said = run.stderr.read()
    assert run.wait(timeout=120) == 128 + signal.SIGPIPE, said
    assert said == b""
    assert first == whole.splitlines(keepends=True)[0]

    done = subprocess.run(command, capture_output=True, timeout=120, check=False)
    assert (done.returncode, done.stderr) == (0, b"")
    assert done.stdout == whole


#: a sitecustomize that presses Ctrl-C as the package imports autograd_mini.value: at a
#: known moment of the import, rather than after a guessed delay
_PRESS_DURING_IMPORT = """
import sys

class Press:
    def find_spec(self, name, path=None, target=None):
        if name == "autograd_mini.value":
            raise KeyboardInterrupt
        return None

sys.meta_path.insert(0, Press())
"""


@pytest.mark.skipif(sys.platform == "win32", reason="a SIGINT exit status is POSIX")
@pytest.mark.parametrize("how", ["-m", "joined", "script", "library"])
@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "autograd-mini graph: interrupted (Ctrl-C)\n"),
        ("zh", "autograd-mini graph：已中断（Ctrl-C）\n"),
    ],
)
def test_ctrl_c_while_the_package_is_imported_is_one_line(
    how: str, lang: str, said: str, tmp_path: Path
) -> None:
    """Ctrl-C in the half second the command spends importing the package printed a
    traceback of the module being imported: the command says it as main says a Ctrl-C
    (the interpreter ends as SIGINT ends it, 130 in a shell). A program importing the
    library gets its KeyboardInterrupt as before. Oracle: the phrases written out, and
    signal.SIGINT."""
    import signal

    (tmp_path / "sitecustomize.py").write_text(_PRESS_DURING_IMPORT)
    script = tmp_path / "autograd-mini"  # as pip writes the command
    script.write_text("import sys\nfrom autograd_mini.cli import main\nsys.exit(main())\n")
    run = {
        "-m": [sys.executable, "-m", "autograd_mini"],
        "joined": [sys.executable, "-Xfrozen_modules=off", "-Bm", "autograd_mini"],
        "script": [sys.executable, str(script)],
        "library": [sys.executable, "-c", "import autograd_mini", "--"],
    }[how]
    here = str(Path(__file__).resolve().parents[1])
    done = subprocess.run(
        [*run, *ARGS, "--lang", lang],
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), here])},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == -signal.SIGINT, done.stderr
    if how == "library":
        assert "Traceback" in done.stderr and "KeyboardInterrupt" in done.stderr
    else:
        assert done.stderr == said


@pytest.mark.skipif(not os.path.isfile("/proc/version"), reason="needs Linux's /proc")
def test_a_file_whose_folder_refuses_a_new_one_is_refused_for_its_own_reason(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """-o /proc/version said "No such file or directory" (of the temporary file beside
    it, which /proc refuses) for a file that is there. Oracle: what the system says when
    the file itself is opened for writing."""
    try:
        with open("/proc/version", "w") as f:
            f.write("x")
    except OSError as exc:
        reason = exc.strerror
    else:  # pragma: no cover - a kernel that lets /proc/version be written
        pytest.skip("/proc/version was written")
    assert main([*ARGS, "--format", "svg", "-o", "/proc/version"]) == 2
    assert capsys.readouterr().err == (
        f"autograd-mini graph: error: -o '/proc/version': cannot write the picture ({reason})\n"
    )


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="root gives files")
def test_root_replacing_a_student_s_picture_leaves_it_theirs(tmp_path: Path) -> None:
    """The picture is written beside the old one and renamed over it: the new file was
    root's where the old one was the student's (written in place, it stayed theirs)."""
    out = tmp_path / "a.svg"
    out.write_bytes(OLD)
    os.chown(out, 4321, 4322)
    assert main([*ARGS, "-o", str(out)]) == 0
    assert b"<svg" in out.read_bytes()
    assert (out.stat().st_uid, out.stat().st_gid) == (4321, 4322)


#: as nobody, write_whole over root's file in a sticky folder (as /tmp is) that root's
#: file lets any user write: what open(path, "w") writes
_OVER_ROOTS_IN_A_STICKY_FOLDER = """
import json, os, sys
from autograd_mini.files import write_whole
os.chdir(sys.argv[1])
os.setgid(65534)
os.setuid(65534)
try:
    write_whole("a.svg", "<svg>new</svg>")
    said = None
except OSError as exc:
    said = str(exc)
st = os.stat("a.svg")
with open("a.svg") as f:
    print(json.dumps([said, f.read(), st.st_uid, oct(st.st_mode & 0o7777)]))
"""


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="root gives files")
def test_another_users_file_this_user_may_write_is_written_and_stays_theirs() -> None:
    """root's a.svg (rw-rw-rw-) in a sticky folder anyone may write (as /tmp): nobody's
    `-o a.svg` (or Graph.save) was refused, "Operation not permitted" — a sticky folder
    lets no one rename over another user's file — where open(path, "w") writes it; in a
    folder without the sticky bit the rename made the file nobody's. Written in place
    now, as open writes it, it stays root's. Oracle: the bytes written, and root's uid."""
    import json
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        os.chmod(folder, 0o1777)
        Path(folder, "a.svg").write_bytes(OLD)
        os.chmod(Path(folder, "a.svg"), 0o666)
        done = subprocess.run(
            [sys.executable, "-c", _OVER_ROOTS_IN_A_STICKY_FOLDER, folder],
            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout) == [None, "<svg>new</svg>", 0, "0o666"]
        assert sorted(os.listdir(folder)) == ["a.svg"]


def test_a_file_with_other_names_is_written_under_each(tmp_path: Path) -> None:
    """A picture with a second name (a hard link: `ln a.svg b.svg`) was renamed over:
    a.svg had the new picture and b.svg kept the old, where open(path, "w") writes the
    one file both names name. Oracle: the bytes read through the other name."""
    out = tmp_path / "a.svg"
    out.write_bytes(OLD)
    os.link(out, tmp_path / "b.svg")
    assert main([*ARGS, "-o", str(out)]) == 0
    assert b"<svg" in out.read_bytes() and out.read_bytes() != OLD
    assert (tmp_path / "b.svg").read_bytes() == out.read_bytes()
    assert out.stat().st_ino == (tmp_path / "b.svg").stat().st_ino


@pytest.mark.parametrize(
    ("line", "command"),
    [
        ("-m autograd_mini", True),
        ("-mautograd_mini", True),
        ("-Im autograd_mini", True),
        ("-bIm autograd_mini", True),
        ("-I -m autograd_mini", True),
        ("-Xfrozen_modules=off -m autograd_mini", True),
        ("-X frozen_modules=off -m autograd_mini", True),
        ("-X -m -m autograd_mini", True),  # the first -m is -X's value
        ("-W error -Wd -m autograd_mini", True),
        ("--check-hash-based-pycs always -m autograd_mini", True),
        ("-m other -m autograd_mini", False),  # the first -m names the module
        ("-Im other", False),
        ("-W -m -m other", False),
        ("-c -m", False),
        ("-- -m autograd_mini", False),  # a script named -m
        ("script.py -m autograd_mini", False),
    ],
)
def test_the_command_is_told_by_python_s_own_reading_of_its_options(
    line: str, command: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`python -Im autograd_mini` (joined single-letter options ending in m) was not
    taken for the command: a Ctrl-C while the package was imported printed a traceback;
    `-X -m -m autograd_mini` read -X's value as the module option. Oracle: each line's
    reading written out by hand from Python's documented options."""
    from autograd_mini.command_start import is_command

    monkeypatch.setattr(sys, "argv", ["-m", "graph"])  # while Python finds the module
    monkeypatch.setattr(sys, "orig_argv", [sys.executable, *line.split(), "graph"])
    assert is_command() is command


class _KernelStream(io.StringIO):
    """A stream put in sys.stdout whose fileno() answers another descriptor, as
    ipykernel's OutStream answers the kernel's original stdout: what is written to it
    shows in the notebook's cell, what goes to the descriptor in the kernel's log."""

    def __init__(self, fd: int) -> None:
        super().__init__()
        self.fd = fd

    def fileno(self) -> int:
        return self.fd


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_stream_put_in_stdout_is_written_through_its_write(
    lang: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`main(["graph", …])` in a Jupyter cell showed no picture: the picture went by
    os.write to the descriptor the kernel's stream named, its original stdout, and not
    through the stream the cell shows. Oracles: the picture -o writes to a file, and the
    other descriptor's file, which must stay empty."""
    picture = tmp_path / "picture.svg"
    assert main([*ARGS, "--lang", lang, "-o", str(picture)]) == 0
    log = tmp_path / "kernel.log"
    with open(log, "wb") as other:
        stream = _KernelStream(other.fileno())
        monkeypatch.setattr(sys, "stdout", stream)
        assert main([*ARGS, "--lang", lang]) == 0
        monkeypatch.undo()
    assert log.read_bytes() == b""
    assert stream.getvalue() == picture.read_text(encoding="utf-8")
