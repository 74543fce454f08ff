"""Model files: exact round trips, and a clear ValueError for every bad file."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import itertools
import json
import math
import os
import pickle
import re
import shutil
import stat
import struct
import subprocess
import sys
import tempfile
import traceback
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from interrupts import interrupted

import autograd_mini
import nn
from autograd_mini import Value
from nn import serialize


def _model() -> nn.MLP:
    return nn.MLP(4, [5, 3], activation="tanh", output_activation="sigmoid", seed=11)


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    path = tmp_path / "model.json"
    nn.save(_model(), path)
    return path


def test_save_load_gives_identical_predictions(saved: Path) -> None:
    original = _model()
    loaded = nn.load(saved)
    assert isinstance(loaded, nn.MLP)
    assert loaded.architecture() == original.architecture()
    X = np.random.default_rng(0).normal(size=(20, 4))
    np.testing.assert_array_equal(nn.predict(loaded, X), nn.predict(original, X))
    assert loaded.state_dict() == original.state_dict()  # floats survive JSON exactly


def test_load_into_an_existing_model(saved: Path) -> None:
    target = nn.MLP(4, [5, 3], activation="tanh", output_activation="sigmoid", seed=0)
    assert nn.load(saved, into=target) is target
    assert target.state_dict() == _model().state_dict()
    with pytest.raises(ValueError, match="does not match the model"):
        nn.load(saved, into=nn.MLP(4, [6, 3], activation="tanh", output_activation="sigmoid"))


def test_file_is_plain_versioned_json_with_a_sha256(saved: Path) -> None:
    doc = json.loads(saved.read_text())
    assert doc["format"] == "autograd-mini/model" and doc["version"] == 1
    assert doc["architecture"]["nouts"] == [5, 3]
    assert doc["parameters"] == [p.data for p in _model().parameters()]
    canonical = json.dumps(
        {"architecture": doc["architecture"], "parameters": doc["parameters"]},
        sort_keys=True,
        separators=(",", ":"),
    )
    assert doc["checksum"] == "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()


def test_neuron_and_layer_round_trip(tmp_path: Path) -> None:
    for module in (nn.Neuron(3, "sigmoid", seed=1), nn.Layer(3, 2, "tanh", seed=2)):
        path = tmp_path / "m.json"
        module.save(str(path))
        loaded = nn.load(path)
        assert type(loaded) is type(module)
        assert loaded.state_dict() == module.state_dict()


def _rewrite(path: Path, change: Callable[[dict[str, Any]], None], rehash: bool) -> None:
    doc = json.loads(path.read_text())
    change(doc)
    if rehash:
        doc["checksum"] = serialize.checksum(doc["architecture"], doc["parameters"])
    path.write_text(json.dumps(doc))


def _set(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        doc[key] = value

    return change


@pytest.mark.parametrize(
    ("change", "rehash", "message"),
    [
        (_set("format", "pickle"), False, "format is 'pickle'"),
        (_set("version", 1.0), False, r"version 1.0 is not a version number \(save writes 1\)"),
        (_set("version", True), False, r"version True is not a version number \(save writes 1\)"),
        (_set("version", "1"), False, r"version '1' is not a version number \(save writes 1\)"),
        (
            _set("version", 0),
            False,
            r"version 0 is no version autograd-mini wrote \(its files are 1\)",
        ),
        (lambda d: d.pop("version"), False, r'it gives no "version" \(save writes "version": 1\)'),
        (lambda d: d["parameters"].__setitem__(0, 0.5), False, "checksum mismatch"),
        (lambda d: d["parameters"].pop(), True, "parameters stored, the architecture has"),
        (lambda d: d["parameters"].__setitem__(1, "0.1"), True, "parameter 1 is '0.1'"),
        (lambda d: d["parameters"].__setitem__(2, True), True, "parameter 2 is True"),
        (lambda d: d["architecture"].__setitem__("type", "Conv"), True, "unknown module type"),
        (lambda d: d["architecture"].__setitem__("nouts", [5, 0]), True, "every layer size"),
        (lambda d: d["architecture"].__setitem__("code", "x"), True, "needs exactly the fields"),
        # a billion inputs claimed: refused by counting, before anything is allocated
        (
            lambda d: d["architecture"].__setitem__("nin", 10**9),
            True,
            r"architecture has \d,\d{3},\d{3},\d{3}",
        ),
        (lambda d: d["architecture"].__setitem__("nouts", "16"), True, "non-empty list"),
        (lambda d: d.pop("checksum"), False, "missing field"),
        (_set("parameters", {"a": 1}), False, "parameters is not a list"),
    ],
)
def test_bad_files_raise_value_error(
    saved: Path, change: Callable[[dict[str, Any]], None], rehash: bool, message: str
) -> None:
    _rewrite(saved, change, rehash)
    with pytest.raises(ValueError, match=message):
        nn.load(saved)


def test_a_missing_file_is_a_file_not_found_error_and_still_a_value_error(
    tmp_path: Path,
) -> None:
    """A missing model file was a bare ValueError: ``except FileNotFoundError`` (or
    ``OSError``), Python's way to ask "is it there?", let it through. It is both now,
    with open()'s errno, so ``except ValueError`` still catches it."""
    path = tmp_path / "nothing.json"
    with pytest.raises(FileNotFoundError) as caught:
        nn.load(path)
    assert isinstance(caught.value, ValueError)
    assert caught.value.errno == errno.ENOENT
    assert f"load: no model file at {str(path)!r}" in str(caught.value)


def test_a_missing_file_s_error_reads_as_load_s_and_names_the_file_as_open_s_does(
    tmp_path: Path,
) -> None:
    """ModelFileMissing was built as OSError(errno, message): its str() began "[Errno 2]
    load: …" where every other load error begins "load:", and ``e.filename``, which
    ``except OSError as e`` reads for open()'s error, was None. Oracle: open()'s own
    FileNotFoundError for the same path, and the message load's other errors start with."""
    path = tmp_path / "nothing.json"
    with pytest.raises(OSError) as opened:
        open(path)  # noqa: SIM115 (the error is the point)
    for given in (path, str(path)):
        with pytest.raises(FileNotFoundError) as caught:
            nn.load(given)
        assert str(caught.value) == f"load: no model file at {str(path)!r}"
        assert caught.value.filename == opened.value.filename == str(path)
        assert caught.value.errno == opened.value.errno
        back = pickle.loads(pickle.dumps(caught.value))  # (a worker process's error)
        assert type(back) is type(caught.value) and str(back) == str(caught.value)
        assert back.filename == str(path)


def _open_error(path: Path) -> OSError:
    """What open() itself raises for ``path`` (the oracle for errno and filename)."""
    with pytest.raises(OSError) as opened:
        open(path, "rb")  # noqa: SIM115 (the error is the point)
    return opened.value


def test_a_folder_is_an_is_a_directory_error_and_still_a_value_error(tmp_path: Path) -> None:
    """load of a folder was a plain ValueError: ``except IsADirectoryError`` (or
    ``OSError``), as open() raises it, let it through, and it had no ``filename``. It is
    nn.ModelFileIsFolder now, both, with open()'s errno and filename. Oracle: open()'s
    own error for the same path."""
    opened = _open_error(tmp_path)
    with pytest.raises(IsADirectoryError) as caught:
        nn.load(tmp_path)
    assert type(caught.value) is nn.ModelFileIsFolder
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, nn.ModelFileUnreadable)
    assert caught.value.errno == opened.errno == errno.EISDIR
    assert caught.value.filename == opened.filename == str(tmp_path)
    assert str(caught.value) == f"load: cannot read {str(tmp_path)!r}: it is a folder, not a file"
    back = pickle.loads(pickle.dumps(caught.value))
    assert type(back) is nn.ModelFileIsFolder and str(back) == str(caught.value)


def _refusing_open(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """open() refusing to read ``path`` as it does a file this user may not read (the
    tests run as root, whom chmod 000 does not stop)."""
    real = open

    def refusing(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if os.fspath(file) == str(path) and "r" in mode:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real(file, mode, *args, **kwargs)

    monkeypatch.setattr("builtins.open", refusing)


def test_an_unreadable_file_is_a_permission_error_and_still_a_value_error(
    saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file this user may not read was a plain ValueError, "load: cannot read '…':
    [Errno 13] Permission denied: '…'", the path said twice, and ``except
    PermissionError`` let it through. It is nn.ModelFileForbidden now, a PermissionError
    and a ValueError, naming the file's permissions and owner. Oracle: the mode and
    owner the test gave the file."""
    saved.chmod(0o600)
    owner = saved.stat().st_uid
    _refusing_open(monkeypatch, saved)
    with pytest.raises(PermissionError) as caught:
        nn.load(saved)
    assert type(caught.value) is nn.ModelFileForbidden
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, nn.ModelFileUnreadable)
    assert caught.value.errno == errno.EACCES and caught.value.filename == str(saved)
    assert str(caught.value) == (
        f"load: cannot read {str(saved)!r}: permission denied: its permissions (-rw-------, "
        f"owner uid {owner}), or a folder's on its path, do not let this user read it"
    )
    assert str(caught.value).count(str(saved)) == 1
    back = pickle.loads(pickle.dumps(caught.value))
    assert type(back) is nn.ModelFileForbidden and str(back) == str(caught.value)


def test_a_folder_open_refuses_as_windows_does_is_still_a_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows' open() of a folder raises PermissionError: it is told as a folder, not
    as permissions, there too."""
    _refusing_open(monkeypatch, tmp_path)
    with pytest.raises(nn.ModelFileIsFolder, match=r"it is a folder, not a file$"):
        nn.load(tmp_path)


@pytest.mark.parametrize(
    "name",
    [
        "ModelFileUnreadable",
        "ModelFileMissing",
        "ModelFileIsFolder",
        "ModelFileForbidden",
        "ModelFileUnwritable",
        "ModelSaveToFolder",
        "ModelSaveThroughFile",
        "ModelSaveFolderMissing",
        "ModelSaveForbidden",
    ],
)
def test_a_load_error_made_with_one_message_reads_as_that_message(name: str) -> None:
    """The classes (save's too) are nn's to catch and to raise (a test's stand-in for
    load, a wrapper of the user's): made with one message, as ``raise nn.ModelFileMissing("no model
    yet")`` makes one, str() said "None" (the errno-less OSError has no strerror), and
    pickled and copied so. Oracle: the message given, as OSError's own str() gives it."""
    cls = getattr(nn, name)
    made = cls("no model yet")
    assert str(made) == str(OSError("no model yet")) == "no model yet"
    assert str(pickle.loads(pickle.dumps(made))) == "no model yet"
    assert str(cls()) == str(OSError()) == ""
    full = cls(errno.ENOENT, "load: no model file at 'm.json'", "m.json")  # load's own
    assert str(full) == "load: no model file at 'm.json'" and full.filename == "m.json"


def test_a_path_through_a_file_names_the_file_in_the_way(saved: Path) -> None:
    """``model.json/x.json`` was "load: cannot read '…': [Errno 20] Not a directory:
    '…'": the path twice and not which part is wrong. Oracle: open()'s own error."""
    path = saved / "x.json"
    opened = _open_error(path)
    with pytest.raises(nn.ModelFileUnreadable) as caught:
        nn.load(path)
    assert isinstance(caught.value, OSError) and isinstance(caught.value, ValueError)
    assert caught.value.errno == opened.errno == errno.ENOTDIR
    assert caught.value.filename == opened.filename == str(path)
    assert str(caught.value) == (
        f"load: no model file at {str(path)!r}: {str(saved)!r} is a file, not a folder"
    )


def test_missing_truncated_invalid_and_non_finite_files(tmp_path: Path, saved: Path) -> None:
    with pytest.raises(ValueError, match="no model file"):
        nn.load(tmp_path / "nothing.json")
    text = saved.read_text()
    saved.write_text(text[: len(text) // 2])
    with pytest.raises(ValueError, match="invalid or truncated JSON"):
        nn.load(saved)
    saved.write_text("[1, 2, 3]")
    with pytest.raises(ValueError, match="not a JSON object"):
        nn.load(saved)
    doc = json.loads(text)
    doc["parameters"][0] = float("nan")
    saved.write_text(json.dumps(doc))  # writes the non-standard token NaN
    with pytest.raises(ValueError, match="non-finite number NaN"):
        nn.load(saved)
    saved.write_bytes(b"\xff\xfe garbage")
    with pytest.raises(ValueError, match=r"not an autograd-mini model file \(JSON text\)"):
        nn.load(saved)
    with pytest.raises(ValueError) as caught:  # said "[Errno 21] Is a directory: '…'"
        nn.load(tmp_path)  # a directory is not a model file, named once, as save names it
    assert str(caught.value) == f"load: cannot read {str(tmp_path)!r}: it is a folder, not a file"


def test_failed_save_leaves_the_old_file_and_no_temporary(
    saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = saved.read_bytes()

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    other = nn.MLP(4, [5, 3], activation="tanh", output_activation="sigmoid", seed=99)
    with pytest.raises(OSError, match="disk full"):
        nn.save(other, saved)
    assert saved.read_bytes() == before
    assert sorted(p.name for p in saved.parent.iterdir()) == ["model.json"]


def test_save_refuses_non_models(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match=r"nn\.Module"):
        nn.save("model", tmp_path / "x.json")  # type: ignore[arg-type]  # wrong type on purpose
    assert not (tmp_path / "x.json").exists()


def test_save_writes_a_numpy_float_set_by_hand(tmp_path: Path) -> None:
    """p.data = np.float32(0.5) is a number json cannot write: saved as the float it is
    (json's TypeError escaped, naming no parameter)."""
    model = _model()
    model.parameters()[1].data = np.float32(0.5)
    nn.save(model, tmp_path / "x.json")
    assert nn.load(tmp_path / "x.json").parameters()[1].data == 0.5


# ---------------------------------------------------------------- issue 9: bounded loading


def _padded(path: Path, extra: str) -> None:
    """A file save() wrote, with ``extra`` inserted just after the parameters' "["."""
    text = path.read_text()
    at = text.index("[", text.index('"parameters"'))
    path.write_text(text[: at + 1] + extra + text[at + 1 :])


def _peak_bytes_while(action: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        with contextlib.suppress(ValueError):
            action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_file_too_big_for_its_architecture_is_refused_before_reading(saved: Path) -> None:
    """5 MB of white space inside the parameter list is valid JSON with the right
    checksum, so only the size can tell: 4-5-3 has 5·5 + 6·3 = 43 parameters, which never
    need 5 MB."""
    _padded(saved, " " * 5_000_000)
    with pytest.raises(
        ValueError, match=r"has 5,\d{3},\d{3} bytes, more than its architecture's 43 "
    ):
        nn.load(saved)
    assert _peak_bytes_while(lambda: nn.load(saved)) < 1_000_000  # the 5 MB stayed on disk


def test_a_file_stuffed_with_numbers_costs_only_its_header(saved: Path) -> None:
    """The issue's 190 MB file, scaled down: a million extra numbers are refused by size,
    without parsing them (the checksum would refuse them only after 10⁶ floats)."""
    _padded(saved, "0.5, " * 1_000_000)
    assert _peak_bytes_while(lambda: nn.load(saved)) < 1_000_000
    with pytest.raises(ValueError, match="refused before reading it"):
        nn.load(saved)


def test_a_file_too_small_for_its_architecture_is_refused(saved: Path) -> None:
    doc = json.loads(saved.read_text())
    doc["architecture"]["nouts"] = [4096, 4096, 10]  # 5·4096 + 4097·4096 + 4097·10
    doc["parameters"] = [0.25] * 20_000  # 100 kB, far below 2 bytes a parameter
    doc["checksum"] = serialize.checksum(doc["architecture"], doc["parameters"])
    saved.write_text(json.dumps(doc, indent=1))
    with pytest.raises(ValueError, match=r"too few for the 16,842,762 parameters its architecture"):
        nn.load(saved)


def test_a_large_file_must_declare_its_architecture_first(saved: Path) -> None:
    doc = json.loads(saved.read_text())
    reordered = {"parameters": doc["parameters"], **doc}
    text = json.dumps(reordered, indent=1)
    saved.write_text(text.replace("[", "[" + " " * 70_000, 1))  # past the 64 KiB header
    with pytest.raises(ValueError, match="must give format, version and architecture before"):
        nn.load(saved)
    saved.write_text(json.dumps(reordered))  # a small file may be in any order
    assert nn.load(saved).state_dict() == _model().state_dict()


def test_large_honest_files_still_load(tmp_path: Path) -> None:
    """The seeds' 13,002-parameter network (~290 kB, over the 64 KiB header), saved and
    also re-indented by another tool, loads exactly."""
    seeds = nn.MLP(784, [16, 16, 10], activation="sigmoid", output_activation="sigmoid", seed=3)
    path = tmp_path / "seeds.json"
    nn.save(seeds, path)
    assert path.stat().st_size > serialize.HEAD_BYTES
    assert nn.load(path).state_dict() == seeds.state_dict()
    path.write_text(json.dumps(json.loads(path.read_text()), indent=8))
    target = nn.MLP(784, [16, 16, 10], activation="sigmoid", output_activation="sigmoid")
    assert nn.load(path, into=target).state_dict() == seeds.state_dict()


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000,  # the file
        '{"format": ' + "[" * 100_000,  # inside a large file's header
        # a small file (under HEAD_BYTES), parsed whole
        '{"architecture": ' + "[" * 32_000 + "]" * 32_000 + "}",
    ],
)
def test_deeply_nested_json_is_a_value_error(tmp_path: Path, text: str) -> None:
    """JSON nested deeper than the parser goes is refused as such. The small file was
    nested 5,000 deep, which Python 3.13's parser reads (its limit is the C stack's,
    between 5,000 and 20,000 there; 3.10 to 3.12 stop near 1,000): the test then saw
    another refusal, "format is None". 32,000 is past every parser's limit this project
    runs on and keeps the file under HEAD_BYTES (CI runs 3.11 only)."""
    path = tmp_path / "deep.json"
    path.write_text(text)
    with pytest.raises(ValueError, match=r"not a JSON object|nested too deeply"):
        nn.load(path)


# ---------------------------------------------------------------- issue 9: saving


def test_an_interrupt_anywhere_in_save_leaves_no_temporary_file(saved: Path) -> None:
    """Ctrl-C at the 1st, 2nd, 3rd … point of save where CPython checks for signals (just
    after the temporary file is opened, say; see tests/interrupts.py), until save gets
    through. Each time the folder holds only the model file, with the old contents or
    the new, never a mix."""
    old = saved.read_bytes()
    new_model = nn.MLP(4, [5, 3], activation="tanh", output_activation="sigmoid", seed=12)
    points = 0
    for n in itertools.count(1):
        saved.write_bytes(old)
        hit = interrupted(lambda: nn.save(new_model, saved), n)
        if hit is None:
            points = n
            break
        assert [p.name for p in saved.parent.iterdir()] == ["model.json"], f"point {n}"
        assert nn.load(saved).state_dict() in (_model().state_dict(), new_model.state_dict())
        del hit
    assert points > 20  # the interrupts did reach into save
    assert nn.load(saved).state_dict() == new_model.state_dict()
    assert [p.name for p in saved.parent.iterdir()] == ["model.json"]


def test_saving_through_a_symlink_writes_to_its_target(tmp_path: Path) -> None:
    real = tmp_path / "models" / "v1.json"
    real.parent.mkdir()
    nn.save(_model(), real)
    link = tmp_path / "current.json"
    link.symlink_to(real)
    other = nn.MLP(4, [5, 3], activation="tanh", output_activation="sigmoid", seed=12)
    nn.save(other, link)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert nn.load(real).state_dict() == other.state_dict()
    assert sorted(p.name for p in real.parent.iterdir()) == ["v1.json"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["current.json", "models"]


def test_saving_keeps_the_files_mode(tmp_path: Path) -> None:
    path = tmp_path / "private.json"
    nn.save(_model(), path)
    mask = os.umask(0o022)
    os.umask(mask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask  # a new file: the umask
    for mode in (0o600, 0o640, 0o444):
        path.chmod(mode)
        nn.save(_model(), path)
        assert stat.S_IMODE(path.stat().st_mode) == mode


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="a named pipe (FIFO) is POSIX")
def test_saving_to_a_named_pipe_writes_into_it(tmp_path: Path) -> None:
    """save to a named pipe (or /dev/null, /dev/stdout) renamed a regular file over its
    name: the reader got nothing and the pipe was gone (root did the same to /dev/null).
    It is written into now, as open(path, "w") writes it (save uses the pictures'
    write_whole). Oracle: the model read back from what the pipe's reader got."""
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    reader = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)  # there before save opens it
    try:
        nn.save(_model(), pipe)
        got = b""
        with contextlib.suppress(BlockingIOError):
            while chunk := os.read(reader, 65536):
                got += chunk
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)
    copy = tmp_path / "copy.json"
    copy.write_bytes(got)
    assert nn.load(copy).state_dict() == _model().state_dict()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="root gives files")
def test_root_saving_over_a_students_model_leaves_it_theirs(tmp_path: Path) -> None:
    """The model is written beside the old file and renamed over it: the new file was
    root's where the old one was the student's. Oracle: the owner given beforehand."""
    path = tmp_path / "m.json"
    nn.save(_model(), path)
    os.chown(path, 4321, 4322)
    nn.save(_model(), path)
    assert (path.stat().st_uid, path.stat().st_gid) == (4321, 4322)


def test_a_parameter_integer_beyond_a_float_is_a_value_error(tmp_path: Path) -> None:
    """JSON integers are unbounded: 10**400 is refused by name (math.isfinite raised
    OverflowError, where load promises ValueError)."""
    m = nn.MLP(2, [1], seed=0)
    doc = {"format": "autograd-mini/model", "version": 1, "architecture": m.architecture(),
           "parameters": [10**400, 0.0, 0.0], "checksum": "sha256:0"}  # fmt: skip
    path = tmp_path / "big.json"
    path.write_text(json.dumps(doc))
    # (it showed the first 40 digits, which read as 1e39, a finite number)
    with pytest.raises(ValueError, match=r"parameter 0 is an integer of 401 digits, expected a"):
        nn.load(path)


@pytest.mark.parametrize("size", ["small", "large"])
def test_a_file_of_a_later_version_says_to_upgrade(tmp_path: Path, size: str) -> None:
    """A file of format version 2 (a later autograd-mini's) was "version 2 is not
    supported"; it now says a newer autograd-mini wrote it, this one's version, and to
    upgrade — for a file read whole and one read by its first 64 KiB alike. It said to
    upgrade with "pip install --upgrade autograd-mini", a package PyPI does not have (the
    Makefile installs it from the checkout, editable): the way it names is the checkout's."""
    path = tmp_path / "m.json"
    nn.save(nn.MLP(2, [3, 1], seed=0) if size == "small" else nn.MLP(784, [16, 10], seed=0), path)
    text = path.read_text()
    assert '"version": 1,' in text
    path.write_text(text.replace('"version": 1,', '"version": 2,', 1))
    want = (
        f"load: {str(path)!r} is not a valid autograd-mini model file: version 2 was written "
        f"by a newer autograd-mini; this one ({autograd_mini.__version__}) reads version 1: "
        f"upgrade it to load the file (it is installed from its checkout, not from PyPI: "
        f"git pull there)"
    )
    with pytest.raises(ValueError) as caught:
        nn.load(path)
    assert str(caught.value) == want
    makefile = (Path(__file__).parents[1] / "Makefile").read_text()
    assert 'pip install --quiet -e ".' in makefile  # how autograd-mini is installed


def test_a_file_whose_version_comes_after_the_parameters_is_named_as_such(
    tmp_path: Path,
) -> None:
    """A saved 784-16-16-10 file re-written with sorted keys puts "version" after the
    parameters, beyond the bytes load reads first: the error says what must come first
    (it said "version None is not supported")."""
    src = tmp_path / "m.json"
    nn.save(nn.MLP(784, [16, 16, 10], seed=0), src)
    path = tmp_path / "sorted.json"
    path.write_text(json.dumps(json.loads(src.read_text()), sort_keys=True))
    with pytest.raises(ValueError, match=r"must give format, version and architecture before"):
        nn.load(path)


def test_a_path_may_be_bytes(tmp_path: Path) -> None:
    """os.fsencode's bytes name the same file as the str: saved, read back, the same."""
    model = nn.MLP(2, [3, 1], seed=0)
    raw = os.fsencode(tmp_path / "m.json")
    nn.save(model, raw)
    assert json.loads((tmp_path / "m.json").read_text())["parameters"] == [
        p.data for p in model.parameters()
    ]
    assert nn.load(raw).state_dict() == model.state_dict()


@pytest.mark.parametrize("path", [None, 3, 1.5], ids=["None", "int", "float"])
def test_a_path_that_is_not_a_file_name_is_named(tmp_path: Path, path: Any) -> None:
    """nn.save(m, None) and nn.load(None) said "expected str, bytes or os.PathLike object,
    not NoneType", naming neither the function nor the argument; an int would have been
    opened as a file descriptor by load."""
    model = nn.MLP(2, [3, 1], seed=0)
    kind = type(path).__name__
    with pytest.raises(TypeError, match=rf"^save: path must be a file name \(a str, .*got {kind}$"):
        nn.save(model, path)
    with pytest.raises(TypeError, match=rf"^load: path must be a file name \(a str, .*got {kind}$"):
        nn.load(path)
    nn.save(model, tmp_path / "m.json")  # a path object is a file name
    assert nn.load(tmp_path / "m.json").state_dict() == model.state_dict()


# ---------------------------------------------------------------- review: subclasses, paths


class _Res(nn.MLP):
    """A residual MLP: the plain MLP's output plus the first input."""

    def forward(self, x: Any) -> list[Value]:
        return [super().forward(x)[0] + x[0]]


def test_a_subclass_is_refused_by_name_not_saved_as_a_plain_mlp(tmp_path: Path) -> None:
    """The file would say MLP and load would give one, computing something else without a
    word; the subclass is refused, naming its class (or the sub-module's place)."""
    model = _Res(2, [3, 1], seed=0)
    plain = nn.MLP(2, [3, 1], seed=0)
    assert float(model([0.5, -1.0])) != float(plain([0.5, -1.0]))  # what would be lost
    path = tmp_path / "res.json"
    with pytest.raises(
        TypeError, match=r"^save: the model is _Res, a subclass of nn\.MLP that overrides forward; "
    ):
        nn.save(model, path)
    with pytest.raises(TypeError, match=r"_Res, a subclass of nn\.MLP"):
        model.save(path)

    class Loud(nn.Neuron):  # changes what a neuron computes
        def fire(self, x: list[Any]) -> Value:
            return super().fire(x) * 2

    inner = nn.MLP(2, [3, 1], seed=0)
    inner.layers[1].neurons[0] = Loud(3, seed=0)
    with pytest.raises(
        TypeError, match=r"the model's module layers\.1\.neurons\.0 is Loud, .* overrides fire"
    ):
        nn.save(inner, path)
    assert list(tmp_path.iterdir()) == []


def test_forward_set_on_an_instance_is_refused_like_a_subclass(tmp_path: Path) -> None:
    """``m.forward = f`` changes what m(x) computes as an overriding subclass does; the
    check read only the class, so the model was saved as a plain MLP and came back
    computing the old function. The same for to_torch."""
    model = nn.MLP(2, [3, 1], seed=0)
    plain = float(model([0.5, -1.0]))
    model.forward = lambda x: [x[0] * 0.0]  # type: ignore[method-assign]
    assert float(model([0.5, -1.0])) == 0.0 != plain  # what would be lost
    with pytest.raises(
        TypeError, match=r"^save: the model has forward set on the instance \(m\.forward = …\)"
    ):
        nn.save(model, tmp_path / "m.json")
    inner = nn.MLP(2, [3, 1], seed=0)
    inner.layers[1].neurons[0].fire = lambda x: x[0]  # type: ignore[method-assign]
    with pytest.raises(TypeError, match=r"module layers\.1\.neurons\.0 has fire set on the"):
        nn.save(inner, tmp_path / "m.json")
    assert list(tmp_path.iterdir()) == []


def test_a_subclass_that_only_builds_itself_or_adds_methods_is_saved(tmp_path: Path) -> None:
    """class Net(nn.MLP) with its own __init__ (and a method of its own) computes what an
    MLP computes: it is saved, load gives an MLP with its numbers, and into= a Net (the
    first version of the subclass rule refused it)."""

    class Net(nn.MLP):
        def __init__(self) -> None:
            super().__init__(2, [4, 1], activation="tanh", seed=3)

        def describe(self) -> str:
            return "a net"

    model, path = Net(), tmp_path / "net.json"
    nn.save(model, path)
    plain = nn.load(path)
    into = nn.load(path, into=Net())
    x = [0.5, -1.0]
    assert type(plain) is nn.MLP and type(into) is Net
    assert float(plain(x)) == float(model(x)) == float(into(x))  # the same network


def test_a_subclass_with_an_architecture_of_its_own_saves_and_loads_into_itself(
    tmp_path: Path,
) -> None:
    """The file then says what it is: load cannot rebuild it, and into= restores it."""

    class Res(_Res):
        def architecture(self) -> dict[str, Any]:
            return {**super().architecture(), "type": "Res"}

    model, path = Res(2, [3, 1], seed=0), tmp_path / "res.json"
    nn.save(model, path)
    with pytest.raises(ValueError, match="unknown module type 'Res'"):
        nn.load(path)
    assert nn.load(path, into=Res(2, [3, 1], seed=5)).state_dict() == model.state_dict()


def test_a_path_that_cannot_be_a_file_is_named_as_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A missing folder named the temporary file ".model-<hex>.tmp"; "x.json/" wrote
    x.json; "" wrote in the working folder's parent. Nothing is written."""
    (tmp_path / "work" / "out").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "work")
    model = _model()
    given = str(tmp_path / "missing" / "m.json")
    with pytest.raises(FileNotFoundError, match="there is no folder") as info:
        nn.save(model, given)
    assert repr(given) in str(info.value) and ".model-" not in str(info.value)
    with pytest.raises(ValueError, match=r"^save: 'out/x\.json/' ends with a separator"):
        nn.save(model, "out/x.json/")
    with pytest.raises(ValueError, match=r"^save: the path is empty"):
        nn.save(model, "")
    with pytest.raises(ValueError, match=r"^save: 'out' is a folder, not a file"):
        nn.save(model, "out")
    with pytest.raises(ValueError, match=r"ends with a separator"):
        nn.save(model, os.fsencode("out/x.json/"))
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == [
        "work",
        "work/out",
    ]


@pytest.mark.parametrize(
    ("where", "kind", "number", "said"),
    [
        ("out", IsADirectoryError, errno.EISDIR, "save: {p!r} is a folder, not a file"),
        (
            "file/m.json",
            NotADirectoryError,
            errno.ENOTDIR,
            "save: cannot write {p!r}: {f!r} is a file, not a folder",
        ),
        (
            "file/a/b/m.json",
            NotADirectoryError,
            errno.ENOTDIR,
            "save: cannot write {p!r}: {f!r} is a file, not a folder",
        ),
        (
            "missing/m.json",
            FileNotFoundError,
            errno.ENOENT,
            "save: cannot write {p!r}: there is no folder {m!r}",
        ),
    ],
    ids=["folder", "through a file", "through a file, deeper", "no folder"],
)
def test_save_s_errors_are_as_precise_as_load_s(
    tmp_path: Path, where: str, kind: type[OSError], number: int, said: str
) -> None:
    """save of a folder was a plain ValueError (load's is nn.ModelFileIsFolder, an
    IsADirectoryError; Graph.save's an IsADirectoryError), and of 'file/m.json', where
    'file' is a file, a FileNotFoundError saying "there is no folder 'file'" — of a path
    that is there. Now each is nn.ModelFileUnwritable, an OSError of open(path, "w")'s
    class for it (oracle: what open itself raises there) with its errno and the path as
    filename, and still a ValueError; the message is save's alone. Nothing is written."""
    (tmp_path / "out").mkdir()
    (tmp_path / "file").write_text("kept")
    path = str(tmp_path / where)
    with pytest.raises(OSError) as opened:
        open(path, "w").close()  # (refused: there is nothing to close)
    assert type(opened.value) is kind and opened.value.errno == number
    with pytest.raises(nn.ModelFileUnwritable) as info:
        nn.save(_model(), path)
    assert type(info.value) is getattr(nn, _SAVE_ERRORS[kind])
    assert isinstance(info.value, kind) and isinstance(info.value, ValueError)
    assert info.value.errno == number and info.value.filename == path
    assert str(info.value) == said.format(
        p=path, f=str(tmp_path / "file"), m=str(tmp_path / "missing")
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "out"]
    assert (tmp_path / "file").read_text() == "kept"


def test_an_os_error_on_the_temporary_file_names_the_path_given(
    saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder that refuses the file (a permission, say) is reported for the model file,
    with its errno kept (root can write anywhere, so the refusal is simulated)."""
    real_open = open

    def refusing(file: Any, *args: Any, **kwargs: Any) -> Any:
        if os.path.basename(str(file)).startswith(".model-"):
            raise PermissionError(13, "Permission denied", file)
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", refusing)
    with pytest.raises(PermissionError, match="Permission denied") as info:
        nn.save(_model(), saved)
    assert isinstance(info.value, nn.ModelFileUnwritable) and info.value.errno == errno.EACCES
    assert str(info.value) == f"save: cannot write {str(saved)!r}: Permission denied"


def test_an_empty_path_and_a_trailing_separator_are_save_errors_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """save's failures were nn.ModelFileUnwritable but for two: an empty path and one
    ending with a separator were plain ValueErrors (``except OSError`` or ``except
    nn.ModelFileUnwritable`` let them through), where load's of the same paths are
    nn.ModelFileMissing. Now both are nn.ModelFileUnwritable, the separator's of
    open(path, "w")'s class, IsADirectoryError (open's error for "" is a
    FileNotFoundError, but no folder is missing: the base class, with its errno).
    Oracle: open()'s own errors for the same paths; nothing is written."""
    monkeypatch.chdir(tmp_path)
    for given, kind in (("", FileNotFoundError), ("x.json/", IsADirectoryError)):
        with pytest.raises(OSError) as opened:
            open(given, "w").close()  # (refused: there is nothing to close)
        assert type(opened.value) is kind
        with pytest.raises(nn.ModelFileUnwritable) as info:
            nn.save(_model(), given)
        assert isinstance(info.value, ValueError)
        assert info.value.errno == opened.value.errno and info.value.filename == given
    assert type(info.value) is nn.ModelSaveToFolder
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_makes_no_file_is_not_told_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder that is there but in which the system makes no file (/proc: creating a
    file in it is "No such file or directory") was nn.ModelSaveFolderMissing, read as a
    missing folder. It is told that the folder is there and refused a new file: the
    base class with its errno, as an empty path is (no folder is missing). Simulated:
    the temporary file's open raises what /proc's does; nothing is written."""
    real_open = open

    def like_proc(file: Any, *args: Any, **kwargs: Any) -> Any:
        if os.path.basename(str(file)).startswith(".model-"):
            raise FileNotFoundError(errno.ENOENT, "No such file or directory", file)
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", like_proc)
    saved = tmp_path / "m.json"
    with pytest.raises(nn.ModelFileUnwritable) as info:
        nn.save(_model(), saved)
    assert type(info.value) is nn.ModelFileUnwritable
    assert info.value.errno == errno.ENOENT and info.value.filename == str(saved)
    assert str(info.value) == (
        f"save: cannot write {str(saved)!r}: the folder {str(tmp_path)!r} is there, but the "
        "system makes no new file in it (it said 'No such file or directory', as /proc and "
        "other kernel file systems do); save in an ordinary folder"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="no /proc on this system")
def test_saving_under_proc_names_proc_as_there() -> None:
    """The same on /proc itself, where the folder names itself as given (/proc/self, not
    the process's number its link leads to)."""
    with pytest.raises(nn.ModelFileUnwritable) as info:
        nn.save(_model(), "/proc/self/m.json")
    assert type(info.value) is nn.ModelFileUnwritable
    assert "the folder '/proc/self' is there, but the system makes no new file" in str(info.value)


#: save's error class for each of open(path, "w")'s own, by name: what a user catches
_SAVE_ERRORS = {
    IsADirectoryError: "ModelSaveToFolder",
    NotADirectoryError: "ModelSaveThroughFile",
    FileNotFoundError: "ModelSaveFolderMissing",
    PermissionError: "ModelSaveForbidden",
}


@pytest.mark.parametrize("kind", list(_SAVE_ERRORS), ids=lambda kind: kind.__name__)
def test_a_save_error_s_traceback_names_a_class_nn_offers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: type[OSError]
) -> None:
    """save's four errors of open()'s classes were private (nn.serialize._SaveForbidden):
    a user's traceback read "nn.serialize._SaveForbidden: save: cannot write …", a name
    nn does not offer to catch, and ``except nn.<it>`` could not be written. Each is
    public now, nn's own, its traceback's last line naming it, and pickles as itself.
    Oracle: the class names written here and traceback's own formatting."""
    (tmp_path / "out").mkdir()
    (tmp_path / "file").write_text("kept")
    path = {
        IsADirectoryError: tmp_path / "out",
        NotADirectoryError: tmp_path / "file" / "m.json",
        FileNotFoundError: tmp_path / "missing" / "m.json",
        PermissionError: tmp_path / "out" / "m.json",
    }[kind]
    if kind is PermissionError:  # (root writes anything: the refusal is simulated)
        monkeypatch.setattr(os, "access", lambda *args, **kwargs: False)
        path.write_text("kept")
    name = _SAVE_ERRORS[kind]
    cls = getattr(nn, name)
    assert name in nn.__all__ and issubclass(cls, kind) and issubclass(cls, nn.ModelFileUnwritable)
    with pytest.raises(kind) as info:
        nn.save(_model(), path)
    assert type(info.value) is cls
    last = traceback.format_exception_only(info.value)[-1]
    assert last.startswith(f"nn.serialize.{name}: save: ")
    assert "._" not in last.split(":")[0]
    back = pickle.loads(pickle.dumps(info.value))
    assert type(back) is cls and str(back) == str(info.value) and back.errno == info.value.errno


_AS_A_USER = """
import json, os, sys
import nn
model = nn.MLP(2, [1], seed=0)  # (before: the library's own files may be root's alone)
os.chdir(sys.argv[1])  # (relative paths from here: no parent folder need be open to the user)
if os.geteuid() == 0:  # root writes any file: be nobody, whom a file's mode binds
    os.setgid(65534)
    os.setuid(65534)
with open("m.json", "w") as f:
    f.write("precious")
os.chmod("m.json", 0o444)
try:
    nn.save(model, "m.json")
    said = None
except OSError as exc:
    ours = isinstance(exc, PermissionError) and isinstance(exc, nn.ModelFileUnwritable)
    said = [ours, exc.errno, str(exc)]
with open("m.json") as f:
    print(json.dumps([said, f.read(), oct(os.stat("m.json").st_mode & 0o777)]))
"""


def _run_in(folder: str, script: str) -> Any:
    """What ``script`` prints as JSON, run by this Python in a process of its own with
    ``folder`` as its argument and this process's import path."""
    done = subprocess.run(
        [sys.executable, "-c", script, folder],
        capture_output=True, text=True, check=False,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_read_only_file_is_not_written_over() -> None:
    """A file whose mode forbids writing (chmod 444: a model kept on purpose) was replaced
    by save without a word — the rename needs only the folder's permission — where
    open(path, "w") is refused. Now save refuses it, as open does, and the file keeps
    its contents. Run as a user other than root (root may write any file), in a folder
    of /tmp, which any user may pass through (pytest's tmp_path is root's alone)."""
    with tempfile.TemporaryDirectory() as folder:
        if os.geteuid() == 0:
            os.chown(folder, 65534, 65534)
        said, content, mode = _run_in(folder, _AS_A_USER)
    assert content == "precious" and mode == "0o444"
    assert said is not None
    assert said[:2] == [True, errno.EACCES]  # a PermissionError, and nn.ModelFileUnwritable
    assert said[2].startswith("save: cannot write 'm.json': the file is read-only")


_OVER_ANOTHERS = """
import json, os, sys
import nn
model = nn.MLP(2, [1], seed=0)
os.chdir(sys.argv[1])
os.setgid(65534)
os.setuid(65534)
try:
    nn.save(model, "m.json")
    said = None
except OSError as exc:
    ours = isinstance(exc, PermissionError) and isinstance(exc, nn.ModelFileUnwritable)
    said = [ours, str(exc)]
with open("m.json") as f:
    print(json.dumps([said, f.read()]))
"""


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="root makes the file")
def test_another_users_file_is_not_called_read_only() -> None:
    """root's m.json (rw-r--r--) in a folder nobody may write: save as nobody is refused,
    as open(path, "w") is — but it said "the file is read-only (rw-r--r--); make it
    writable (chmod u+w)", of a file its owner may write and this user may not chmod.
    Now it says whose the file is."""
    with tempfile.TemporaryDirectory() as folder:
        os.chown(folder, 65534, 65534)
        Path(folder, "m.json").write_text("root's")
        os.chmod(Path(folder, "m.json"), 0o644)
        said, content = _run_in(folder, _OVER_ANOTHERS)
    assert content == "root's"
    assert said == [
        True,  # a PermissionError, and nn.ModelFileUnwritable
        "save: cannot write 'm.json': the file belongs to another user (uid 0, "
        "rw-r--r--), and its permissions do not let this one write it, or save under "
        "another name",
    ]


def test_a_file_its_permissions_would_let_be_written_is_not_called_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file of mode rw-r--r--, this user's, that may not be written all the same (an
    immutable file, chattr +i, which root may not write either; a read-only file system:
    os.access says no): save said "the file is read-only (rw-r--r--); make it writable
    (chmod u+w)", which changes nothing. Now it says the permissions are not what refuses
    it. (os.access is told to say no: chattr +i needs a capability a container may lack.)"""
    saved = tmp_path / "m.json"
    saved.write_text("kept")
    os.chmod(saved, 0o644)
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode, **kw: False if Path(p) == saved else real_access(p, mode)
    )
    with pytest.raises(PermissionError) as info:
        nn.save(nn.MLP(2, [1], seed=0), saved)
    assert saved.read_text() == "kept"
    assert str(info.value) == (
        f"save: cannot write {str(saved)!r}: the file may not be written, though "
        f"its permissions (rw-r--r--) would let this user write it (a read-only file "
        f"system, or an immutable file), or save under another name"
    )


@pytest.mark.parametrize(
    "content",
    [
        b"\x80\x04\x95" + bytes(range(256)),  # a pickle, as torch.save's legacy format
        b"\x93NUMPY\x01\x00v\x00{'descr': '<f8'}" + bytes(200_000),  # .npy, past 64 KiB
        b"PK\x03\x04archive/data.pkl" + b"\xff" * 100,  # a zip, as torch.save writes
    ],
)
def test_a_binary_file_is_named_as_not_a_model_file(tmp_path: Path, content: bytes) -> None:
    """It said "cannot read …: 'utf-8' codec can't decode byte 0x80 …"."""
    path = tmp_path / "weights.pt"
    path.write_bytes(content)
    with pytest.raises(ValueError) as info:
        nn.load(path)
    message = str(info.value)
    assert message.startswith(
        f"load: {str(path)!r} is not an autograd-mini model file (JSON text): it holds binary "
    )
    assert "codec" not in message


class _Tied(nn.MLP):
    """A 2-2-1 tanh MLP whose two hidden neurons share their first weight (one Value)."""

    def __init__(self, seed: int = 1) -> None:
        super().__init__(2, [2, 1], activation="tanh", seed=seed)
        self.layers[0].neurons[1].w[0] = self.layers[0].neurons[0].w[0]


def test_a_tied_model_comes_back_tied_and_training_stays_the_same(tmp_path: Path) -> None:
    """A model file kept a shared weight's number at both places but not that they were
    one Value: the loaded model trained them apart (one SGD step later its two "tied"
    weights were 0.768 and 0.436). The file now names the tied pairs; a model that
    ties them the same way is filled, one that does not (nn's own MLP) is refused."""
    model = _Tied(seed=0)
    path = tmp_path / "tied.json"
    nn.save(model, path)
    assert json.loads(path.read_text())["tied"] == [[0, 3]]
    with pytest.raises(ValueError, match=r"were one Value \(tied\).*load\(path, into=model\)"):
        nn.load(path)
    back = nn.load(path, into=_Tied(seed=5))
    assert back.layers[0].neurons[1].w[0] is back.layers[0].neurons[0].w[0]
    X, y = np.array([[1.0, 2.0], [-1.0, 0.5]]), np.array([0.3, -0.2])
    for m in (model, back):  # the same full-batch step: untied, back took another
        nn.fit(m, X, y, loss="squared_error", epochs=1, batch_size=2,
               optimizer=nn.SGD(m.parameters(), lr=0.5))  # fmt: skip
    assert back.state_dict() == model.state_dict()
    w = model.layers[0].neurons
    assert w[0].w[0] is w[1].w[0]  # still one weight after training


def test_a_file_cannot_give_one_value_two_numbers(tmp_path: Path) -> None:
    """Loading an untied model's file into a tied one: the two stored numbers went into
    one Value and the last won — the loaded model computed something else, silently."""
    path = tmp_path / "untied.json"
    nn.save(nn.MLP(2, [2, 1], activation="tanh", seed=0), path)
    target = _Tied()
    before = target.state_dict()
    with pytest.raises(ValueError, match=r"are one parameter of this model \(tied\)"):
        nn.load(path, into=target)
    assert target.state_dict() == before
    same = nn.MLP(2, [2, 1], activation="tanh", seed=0)  # equal numbers: nothing is lost
    same.layers[0].neurons[1].w[0].data = same.layers[0].neurons[0].w[0].data
    nn.save(same, path)
    assert nn.load(path, into=_Tied()).state_dict() == same.state_dict()


@pytest.mark.parametrize("tied", [[[3, 0]], [[0, 99]], [[0]], "0,3", [[0, True]]])
def test_a_malformed_tied_field_is_refused(tmp_path: Path, tied: Any) -> None:
    document = json.loads(serialize_text(_Tied(), tmp_path))
    document["tied"] = tied  # with a checksum that matches, as a careful forger would
    document["checksum"] = serialize.checksum(
        document["architecture"], document["parameters"], tied
    )
    path = tmp_path / "forged.json"
    path.write_text(json.dumps(document))
    with pytest.raises(ValueError, match="tied is not a list of"):
        nn.load(path, into=_Tied())


def serialize_text(model: nn.Module, folder: Path) -> str:
    path = folder / "model.json"
    nn.save(model, path)
    return path.read_text()


def _relu_then_linear(model: nn.MLP, X: np.ndarray) -> np.ndarray:
    """A relu hidden layer and a linear head, with numpy: the oracle for what a file of
    the model must compute (the activations are the test's, not read from the model)."""
    (W0, b0), (W1, b1) = (
        (
            np.array([[w.data for w in n.w] for n in layer.neurons]),
            np.array([n.b.data for n in layer.neurons]),
        )
        for layer in model.layers
    )
    return np.maximum(X @ W0.T + b0, 0.0) @ W1.T + b1


def test_a_replaced_head_is_saved_as_what_it_computes(tmp_path: Path) -> None:
    """`m.layers[1] = nn.Layer(4, 1, "linear")` on a sigmoid-output MLP was saved as a
    sigmoid head (the description built first) and loaded computing other numbers, with
    no error; so was `m.output_activation = "linear"`, which changed only the words."""
    X = np.random.default_rng(1).normal(size=(6, 2))
    for replace in (
        lambda m: m.layers.__setitem__(1, nn.Layer(4, 1, "linear", seed=1)),
        lambda m: setattr(m, "output_activation", "linear"),
    ):
        model = nn.MLP(2, [4, 1], output_activation="sigmoid", seed=0)
        replace(model)
        path = tmp_path / "head.json"
        nn.save(model, path)
        loaded = nn.load(path)
        assert isinstance(loaded, nn.MLP)
        expected = _relu_then_linear(model, X)[:, 0]
        np.testing.assert_allclose([float(loaded(x)) for x in X], expected, rtol=1e-12)


def test_a_model_the_format_cannot_state_is_not_saved(tmp_path: Path) -> None:
    """A widened layer was saved, and load blamed the file ("19 parameters stored, the
    architecture has 17"); a layer whose neurons compute different functions was saved
    as one of them. save now refuses, naming the part, and writes nothing."""
    path = tmp_path / "m.json"
    widened = nn.MLP(2, [4, 1], seed=0)
    widened.layers[0].neurons.append(nn.Neuron(2, "relu", seed=1))
    with pytest.raises(ValueError, match=r"layers\.1 takes 4 inputs, but layers\.0 gives 5"):
        nn.save(widened, path)
    mixed = nn.MLP(2, [4, 1], activation="tanh", seed=0)
    mixed.layers[0].neurons[3].activation = "sigmoid"
    with pytest.raises(ValueError, match=r"layers\.0\.neurons\.3 computes sigmoid, but"):
        nn.save(mixed, path)
    longer = nn.Neuron(2, seed=0)
    longer.w.append(Value(1.0))
    with pytest.raises(ValueError, match=r"the neuron has 3 weights but nin = 2"):
        longer.save(path)
    assert list(tmp_path.iterdir()) == []


def test_a_layer_appended_that_chains_is_saved_and_loads(tmp_path: Path) -> None:
    """What the format can state is still saved: a relu layer appended to a relu MLP is
    an MLP of one more layer, and the file says so (it said the two layers built)."""
    model = nn.MLP(2, [4, 3], activation="relu", output_activation="relu", seed=0)
    model.layers.append(nn.Layer(3, 2, "relu", seed=1))
    path = tmp_path / "deeper.json"
    nn.save(model, path)
    assert json.loads(path.read_text())["architecture"]["nouts"] == [4, 3, 2]
    loaded = nn.load(path)
    X = np.random.default_rng(2).normal(size=(5, 2))
    a = X
    for layer in model.layers:
        W = np.array([[w.data for w in n.w] for n in layer.neurons])
        a = np.maximum(a @ W.T + np.array([n.b.data for n in layer.neurons]), 0.0)
    np.testing.assert_allclose(nn.predict(loaded, X), a, rtol=1e-12, atol=1e-300)


class _Described(nn.Module):
    """Two parameters and whatever architecture it is given."""

    def __init__(self, architecture: Any, count: int = 2) -> None:
        self.described = architecture
        self.w = [Value(0.5 + i) for i in range(count)]

    def own_parameters(self) -> list[tuple[str, Value]]:
        return [(f"w.{i}", w) for i, w in enumerate(self.w)]

    def architecture(self) -> dict[str, Any]:
        return self.described  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("architecture", "words"),
    [
        ({"type": "Mine", "sizes": (2, 3)}, "architecture['sizes'] is the tuple (2, 3); a JSON"),
        ({"type": "Mine", "k": {1: 2}}, "architecture['k'] has the key 1 (int); a JSON file"),
        ({"type": "Mine", "k": [{"a": (1,)}]}, "architecture['k'][0]['a'] is the tuple (1,)"),
        ({"type": "Mine", "scale": math.nan}, "architecture['scale'] is nan, which a JSON file"),
        ({"type": "Mine", "n": np.int64(3)}, "architecture['n'] is 3 (int64), which a JSON file"),
    ],
    ids=["tuple", "int-key", "nested-tuple", "nan", "numpy-int"],
)
def test_save_refuses_an_architecture_json_does_not_give_back(
    tmp_path: Path, architecture: dict[str, Any], words: str
) -> None:
    """A module whose architecture() held the tuple (2, 3) or the key 1 was saved, and
    load(path, into=Mine()) then refused the file it wrote: "not a valid autograd-mini
    model file: architecture … does not match" (JSON gave back [2, 3] and "1"); nan gave
    json's "Out of range float values are not JSON compliant", naming neither save nor
    the field. save now refuses, naming the field, and writes nothing."""
    path = tmp_path / "mine.json"
    with pytest.raises(ValueError) as info:
        nn.save(_Described(architecture), path)
    assert str(info.value).startswith("save: " + words)
    assert list(tmp_path.iterdir()) == []


def test_an_architecture_of_lists_and_str_keys_saves_and_loads_into_its_module(
    tmp_path: Path,
) -> None:
    """What JSON gives back as it is (lists, str keys, ints, finite floats, str, bool,
    None) goes through: load(path, into=...) matches the very architecture and fills
    the numbers."""
    architecture = {"type": "Mine", "sizes": [2, 3], "k": {"1": 2.5, "é": [None, True, "x"]}}
    path = tmp_path / "mine.json"
    nn.save(_Described(architecture), path)
    target = _Described(architecture)
    for w in target.w:
        w.data = 0.0
    assert nn.load(path, into=target) is target and [w.data for w in target.w] == [0.5, 1.5]


def test_save_refuses_an_architecture_beyond_the_header_limit(tmp_path: Path) -> None:
    """An architecture of 10,000 words (109 KB of JSON) was saved; load then read the
    first 64 KiB for it and said "Unterminated string". save refuses it naming the
    limit, 65,536 bytes, and writes nothing; one of 3,000 words (33 KB) in a file of
    more than 64 KiB (10,000 parameters) saves and loads."""
    big = {"type": "Big", "vocab": [f"w{i}" for i in range(10_000)]}
    path = tmp_path / "big.json"
    with pytest.raises(ValueError) as info:
        nn.save(_Described(big), path)
    assert re.match(
        r"save: the architecture takes [\d,]+ bytes of JSON; a model file larger than 65,536 "
        r"bytes \(64 KiB\) must give its format, version and architecture within them",
        str(info.value),
    )
    assert list(tmp_path.iterdir()) == []
    fits = {"type": "Big", "vocab": [f"w{i}" for i in range(3_000)]}
    nn.save(_Described(fits, 10_000), path)
    assert path.stat().st_size > serialize.HEAD_BYTES
    target = _Described(fits, 10_000)
    for w in target.w:
        w.data = 0.0
    assert [w.data for w in nn.load(path, into=target).w] == [0.5 + i for i in range(10_000)]


def test_a_valid_file_of_another_architecture_is_named_so(saved: Path) -> None:
    """load(path, into=a model of other sizes) said the file "is not a valid autograd-mini
    model file"; it is a valid file of another model, and the message says that."""
    other = nn.MLP(4, [6, 3], activation="tanh", output_activation="sigmoid")
    with pytest.raises(ValueError) as info:
        nn.load(saved, into=other)
    message = str(info.value)
    assert message.startswith(f"load: {str(saved)!r} is a model file of another architecture: ")
    assert "not a valid" not in message and "'nouts': [5, 3]" in message


#: parameters whose spelling a JSON tool changes: 0.0 → 0, -0.0 → -0, 1e22 → 1e+22, and
#: integral floats beyond 2⁵³ written as integers of 17 significant digits
_RESPELLED = [0.0, -0.0, 5e-324, 1e22, 12345678901234567890.0, 1.0, -3.0, 0.1, 1 / 3]


def _as_jq_writes(number: float) -> str:
    """How jq 1.6 spells a float, worked out by hand from repr: no '.0', -0 for -0.0, and
    an integral number below 1e21 in full digits (repr's 17 and zeros)."""
    if number == 0.0:
        return "-0" if math.copysign(1.0, number) < 0 else "0"
    text = repr(number)
    if text.endswith(".0"):
        return text[:-2]
    mantissa, _, exponent = text.partition("e")
    if exponent and number.is_integer() and int(exponent) < 21:
        digits = mantissa.replace(".", "").lstrip("-")
        return ("-" if number < 0 else "") + digits + "0" * (int(exponent) + 1 - len(digits))
    return text


def _bits(values: list[float]) -> list[bytes]:
    return [struct.pack("<d", v) for v in values]


def test_a_file_rewritten_by_a_json_tool_still_loads(tmp_path: Path) -> None:
    """jq . m.json > m2.json wrote 0.0 as 0 (and -0.0 as -0, 1e22 as 1e+22): the same
    float64 numbers, and load refused the file, "checksum mismatch: the file was modified
    or corrupted after saving" — the checksum was over Python's spelling of them. It is
    over the numbers now: the rewritten file loads, every parameter to the bit (-0.0
    keeps its sign). A rewrite that changes a number is still refused."""
    model = nn.MLP(2, [3, 1], seed=0)
    for p, v in zip(model.parameters(), _RESPELLED, strict=False):
        p.data = v
    originals = [p.data for p in model.parameters()]
    path, rewritten = tmp_path / "m.json", tmp_path / "m2.json"
    nn.save(model, path)
    text = path.read_text()
    start = text.index('"parameters": [') + len('"parameters": [')
    end = text.index("]", start)
    spelled = ", ".join(_as_jq_writes(v) for v in originals)
    assert spelled.startswith("0, -0, 5e-324, 1e+22, 12345678901234567000, 1, -3, 0.1, ")
    rewritten.write_text(text[:start] + spelled + text[end:])
    assert _bits([p.data for p in nn.load(rewritten).parameters()]) == _bits(originals)
    if shutil.which("jq"):  # the tool itself, where it is installed
        with open(rewritten, "w") as out:
            subprocess.run(["jq", ".", str(path)], stdout=out, check=True)
        assert _bits([p.data for p in nn.load(rewritten).parameters()]) == _bits(originals)
    rewritten.write_text(text[:start] + "1" + spelled[1:] + text[end:])  # 0 → 1
    with pytest.raises(ValueError, match="checksum mismatch"):
        nn.load(rewritten)


def test_a_checksum_over_integer_spelled_parameters_is_still_accepted(tmp_path: Path) -> None:
    """A file whose checksum was taken as checksum() took it before, over the parameters
    as the file spells them (3, not 3.0; worked out here with hashlib), loads too."""
    architecture = {"type": "Neuron", "nin": 2, "activation": "linear"}
    parameters = [3, -1, 0.5]
    canonical = json.dumps(
        {"architecture": architecture, "parameters": parameters},
        sort_keys=True,
        separators=(",", ":"),
    )
    document = {
        "format": "autograd-mini/model",
        "version": 1,
        "architecture": architecture,
        "parameters": parameters,
        "checksum": "sha256:" + hashlib.sha256(canonical.encode()).hexdigest(),
    }
    path = tmp_path / "ints.json"
    path.write_text(json.dumps(document))
    assert [p.data for p in nn.load(path).parameters()] == [3.0, -1.0, 0.5]


#: an architecture of its own holding floats a JSON tool respells: jq 1.6 writes 1.0 as 1,
#: -0.0 as -0, 1e22 as 1e+22 and 2.0 (nested) as 2; 0.5 and 1e-3 as they are
_FLOATY = {"type": "Mine", "scale": 1.0, "rate": 0.5, "eps": 1e-3, "zero": -0.0,
           "big": 1e22, "sizes": [2, 3], "opts": {"gain": [2.0, 0.25]}}  # fmt: skip


def test_an_architecture_with_floats_rewritten_by_a_json_tool_still_loads(
    tmp_path: Path,
) -> None:
    """An architecture of its own holding 1.0 (a custom scale, a layer option), rewritten
    by jq (which writes 1.0 as 1), was refused as tampered, "checksum mismatch", though
    load(path, into=...) compares it with into.architecture() by == (1 == 1.0) and the
    parameters beside it were already hashed as the numbers they are. Its whole-number
    floats are hashed as the ints they equal now: the rewritten file loads. A rewrite
    that changes a number (1.0 → 2, 0.5 → 0.25) is refused still."""
    path, rewritten = tmp_path / "m.json", tmp_path / "m2.json"
    nn.save(_Described(_FLOATY), path)
    text = path.read_text()
    respelled = (
        text.replace('"scale": 1.0', '"scale": 1')
        .replace('"zero": -0.0', '"zero": -0')
        .replace('"big": 1e+22', '"big": 10000000000000000000000')
        .replace("2.0,", "2,")
    )
    assert respelled.count("2.0") == 0 and '"scale": 1,' in respelled
    versions = [respelled]
    if shutil.which("jq"):  # the tool itself, where it is installed
        jq = subprocess.run(["jq", ".", str(path)], capture_output=True, text=True, check=True)
        assert '"scale": 1,' in jq.stdout
        versions.append(jq.stdout)
    for version in versions:
        rewritten.write_text(version)
        target = _Described(_FLOATY)
        for w in target.w:
            w.data = 0.0
        assert nn.load(rewritten, into=target) is target
        assert [w.data for w in target.w] == [0.5, 1.5]
    for change in (('"scale": 1.0', '"scale": 2'), ('"rate": 0.5', '"rate": 0.25')):
        rewritten.write_text(text.replace(*change))
        with pytest.raises(ValueError, match="checksum mismatch"):
            nn.load(rewritten, into=_Described(_FLOATY))


def test_an_old_checksum_over_the_architecture_floats_as_floats_still_loads(
    tmp_path: Path,
) -> None:
    """A file whose checksum was taken as checksum() took it before, over the
    architecture's floats as Python spells them (1.0, not 1; worked out here with
    hashlib), loads too."""
    parameters = [0.5, 1.5]
    canonical = json.dumps(
        {"architecture": _FLOATY, "parameters": parameters}, sort_keys=True, separators=(",", ":")
    )
    assert '"scale":1.0' in canonical
    document = {
        "format": "autograd-mini/model",
        "version": 1,
        "architecture": _FLOATY,
        "parameters": parameters,
        "checksum": "sha256:" + hashlib.sha256(canonical.encode()).hexdigest(),
    }
    path = tmp_path / "old.json"
    path.write_text(json.dumps(document))
    target = _Described(_FLOATY)
    for w in target.w:
        w.data = 0.0
    assert nn.load(path, into=target) is target and [w.data for w in target.w] == [0.5, 1.5]


def test_a_path_with_a_null_character_is_named_by_save_and_load(tmp_path: Path) -> None:
    """save and load of a path holding "\\x00" raised open()'s bare "embedded null byte",
    naming neither the function nor the path."""
    path = str(tmp_path / "a\x00b.json")
    for call, who in ((lambda: nn.save(_model(), path), "save"), (lambda: nn.load(path), "load")):
        with pytest.raises(ValueError) as info:
            call()
        assert str(info.value).startswith(f"{who}: the path {path!r} holds a null character")
    assert list(tmp_path.iterdir()) == []


def test_a_file_name_too_long_is_named_by_save(tmp_path: Path) -> None:
    """A file name of 300 characters (most file systems take 255) gave a raw OSError,
    "[Errno 36] File name too long: '…'", without "save:"; the errno is kept."""
    path = tmp_path / ("x" * 300 + ".json")
    with pytest.raises(OSError) as info:
        nn.save(_model(), path)
    assert info.value.errno == errno.ENAMETOOLONG
    assert f"save: cannot write {str(path)!r}: " in str(info.value)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("sizes", [[3, 1], [100, 10]], ids=["small", "over 64 KiB"])
def test_a_file_saved_again_with_a_utf8_byte_order_mark_loads(
    sizes: list[int], tmp_path: Any
) -> None:
    """A model file opened and saved in Windows Notepad starts with the UTF-8 mark
    EF BB BF; load refused it as "invalid or truncated JSON (Unexpected UTF-8 BOM)".
    The text is the same JSON: it loads, to the same numbers (a file over 64 KiB too,
    whose size is checked against its architecture before it is read)."""
    model = nn.MLP(64, sizes, seed=0)
    plain, marked = tmp_path / "m.json", tmp_path / "bom.json"
    nn.save(model, plain)
    marked.write_bytes(b"\xef\xbb\xbf" + plain.read_bytes())
    assert (plain.stat().st_size > 65536) == (sizes[0] == 100)
    loaded = nn.load(marked)
    assert [p.data for p in loaded.parameters()] == [p.data for p in model.parameters()]


def test_a_module_that_does_not_describe_itself_is_told_how_to_save(tmp_path: Path) -> None:
    """nn.save of a Module of one's own without architecture() said "Id does not
    describe its architecture", naming neither save nor what to do; it says both, and
    writes nothing."""

    class Scale(nn.Module):
        def __init__(self) -> None:
            self.w = Value(2.0)

        def own_parameters(self) -> list[tuple[str, Value]]:
            return [("w.0", self.w)]

        def forward(self, x: Any) -> list[Value]:
            return [self.w * x[0]]

    path = tmp_path / "scale.json"
    for save in (nn.save, lambda m, p: m.save(p)):
        with pytest.raises(NotImplementedError) as caught:
            save(Scale(), path)
        assert str(caught.value) == (
            "save: Scale does not describe its architecture: a model file keeps a "
            "description (architecture(), a JSON-ready dict with a 'type') and the numbers; "
            "define architecture() to save it (load(path, into=model) reads it back), or "
            "keep model.state_dict() with json yourself"
        )
    assert list(tmp_path.iterdir()) == []


def test_what_a_replaced_model_file_keeps_is_what_the_docs_say(tmp_path: Path) -> None:
    """save's docs (and write_whole's): a replaced file keeps its mode, not its extended
    attributes, and a hard link to it is split — the other name holds the old model."""
    path = tmp_path / "m.json"
    nn.save(_model(), path)
    path.chmod(0o640)
    old = path.read_bytes()
    other_name = tmp_path / "also.json"
    os.link(path, other_name)
    can_tag = hasattr(os, "setxattr")
    if can_tag:
        try:
            os.setxattr(path, "user.note", b"kept?")
        except OSError:  # a file system without user xattrs
            can_tag = False
    other = nn.MLP(4, [5, 3], activation="tanh", output_activation="sigmoid", seed=12)
    nn.save(other, path)
    assert nn.load(path).state_dict() == other.state_dict()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert other_name.read_bytes() == old and path.stat().st_nlink == 1
    if can_tag:
        assert "user.note" not in os.listxattr(path)
        assert "user.note" in os.listxattr(other_name)


def test_a_model_file_removed_while_the_model_is_written_out_is_saved_anew(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """save stats the file before it builds the document (the path checks), and asks
    os.access after: a file removed in between (another process, an editor) was told
    "the file may not be written, though its permissions (rw-r--r--) would let this user
    write it (a read-only file system, or an immutable file)" — os.access refuses a
    missing file too. It is written as a new file, as before the stat moved."""
    path = tmp_path / "m.json"
    nn.save(_model(), path)
    other = nn.MLP(4, [5, 3], activation="tanh", output_activation="sigmoid", seed=12)
    real = serialize._refuse_long_header

    def removing(text: str) -> None:  # runs once the document is built
        path.unlink()
        real(text)

    monkeypatch.setattr(serialize, "_refuse_long_header", removing)
    nn.save(other, path)
    monkeypatch.undo()
    assert nn.load(path).state_dict() == other.state_dict()
    assert [p.name for p in tmp_path.iterdir()] == ["m.json"]  # no temporary file left


def test_a_missing_file_s_error_is_nn_s_to_catch(tmp_path: Path) -> None:
    """ModelFileMissing, the class of load's refusal of a missing file, was not exported
    as nn.ModelFileMissing, as nn's other errors are (nn.TrainingStopped,
    nn.NonFiniteStep, nn.ModelInTraining): `except nn.ModelFileMissing` failed with an
    AttributeError. Oracle: the class load raises, and the README's tables, which name it."""
    with pytest.raises(nn.ModelFileMissing) as caught:
        nn.load(tmp_path / "nothing.json")
    assert type(caught.value) is nn.ModelFileMissing and "ModelFileMissing" in nn.__all__
    root = Path(__file__).resolve().parent.parent
    for readme in ("README.md", "README.zh-CN.md"):
        assert "`nn.ModelFileMissing`" in (root / readme).read_text(encoding="utf-8"), readme
