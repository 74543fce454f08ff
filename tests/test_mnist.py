"""nn.data.mnist: download, verify, cache and parse — against a local HTTP server.

The server runs on 127.0.0.1 in a thread and serves small IDX files that the tests
generate (their SHA-256 passed in as ``checksums``), plus a corrupt copy, a truncated
transfer, a 404 and a failing mirror. No test touches the internet: the real mirrors
are never contacted (urlopen is watched where it must not be called at all).
"""

from __future__ import annotations

import errno
import gzip
import hashlib
import http.server
import inspect
import json
import os
import re
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import tracemalloc
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from together import together

if sys.platform != "win32":
    import fcntl

import nn
from nn import mnist as mnist_module
from nn.demo import main as demo_main
from nn.mnist import FILES, SHA256, DataUnavailableError, default_root, mnist, read_idx


def idx_bytes(array: np.ndarray) -> bytes:
    """An unsigned-byte IDX file, written from the format's description (not by the code
    under test): 0x00 0x00 0x08 ndim, ndim big-endian sizes, the bytes."""
    header = bytes([0, 0, 0x08, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    return header + array.astype(np.uint8).tobytes()


@dataclass
class Fake:
    """The small data set the server hands out: arrays, and file name → gzipped bytes."""

    train_images: np.ndarray
    train_labels: np.ndarray
    test_images: np.ndarray
    test_labels: np.ndarray
    files: dict[str, bytes] = field(default_factory=dict)

    @property
    def checksums(self) -> dict[str, str]:
        return {name: hashlib.sha256(body).hexdigest() for name, body in self.files.items()}


@pytest.fixture(scope="module")
def fake() -> Fake:
    rng = np.random.default_rng(7)
    f = Fake(
        train_images=rng.integers(0, 256, size=(12, 28, 28)).astype(np.uint8),
        train_labels=rng.integers(0, 10, size=12).astype(np.uint8),
        test_images=rng.integers(0, 256, size=(5, 28, 28)).astype(np.uint8),
        test_labels=rng.integers(0, 10, size=5).astype(np.uint8),
    )
    f.train_images[0, 0, 0], f.train_images[0, 0, 1] = 0, 255  # the ends of the range
    for part, name in FILES.items():
        f.files[name] = gzip.compress(idx_bytes(getattr(f, part)), mtime=0)
    return f


class Server:
    """A threaded HTTP server on 127.0.0.1 with a few kinds of mirror, by URL prefix:

    /good/     the files          /corrupt/   the files with one byte changed
    /truncated/  announces the full length, sends half, hangs up
    /missing/  404 for everything  /broken/    503 for everything
    /stall/    announces the full length, sends half, then nothing for a second
    """

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = dict(files)
        self.requests: list[str] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            timeout = 10  # a stuck client cannot hold a server thread for longer

            def do_GET(self) -> None:
                outer.requests.append(self.path)
                _, kind, name = self.path.split("/", 2)
                body = outer.files.get(name)
                if kind == "missing" or body is None:
                    self.send_error(404)
                    return
                if kind == "broken":
                    self.send_error(503)
                    return
                if kind == "corrupt":
                    body = body[:-9] + bytes([body[-9] ^ 0xFF]) + body[-8:]
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if kind in ("truncated", "stall"):
                    body = body[: len(body) // 2]
                    self.close_connection = True
                self.wfile.write(body)
                if kind == "stall":
                    self.wfile.flush()
                    time.sleep(1.0)  # the client has given up by then

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, kind: str) -> str:
        return f"{self.base}/{kind}/"

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=10)


@pytest.fixture
def server(fake: Fake, monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    monkeypatch.setattr(mnist_module, "TIMEOUT", 10.0)
    srv = Server(fake.files)
    try:
        yield srv
    finally:
        srv.stop()


def _expect_fake(result: Any, fake: Fake) -> None:
    (X, y), (Xt, yt) = result
    assert X.dtype == np.float64 and X.shape == (12, 784) and Xt.shape == (5, 784)
    assert np.array_equal(X, fake.train_images.reshape(12, 784) / 255.0)
    assert np.array_equal(Xt, fake.test_images.reshape(5, 784) / 255.0)
    assert X.min() == 0.0 and X.max() == 1.0
    assert np.issubdtype(y.dtype, np.integer) and np.array_equal(y, fake.train_labels)
    assert np.array_equal(yt, fake.test_labels)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_downloads_verifies_and_then_reads_only_the_cache(
    server: Server, fake: Fake, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "cache"
    result = mnist(root, base_url=server.url("good"), checksums=fake.checksums, progress=False)
    _expect_fake(result, fake)
    assert sorted(server.requests) == sorted(f"/good/{name}" for name in FILES.values())
    assert _leftovers(root) == sorted(FILES.values())  # no temporary file left behind
    for name, body in fake.files.items():
        assert (root / name).read_bytes() == body
    # a second call, with or without download, reads the cache and sends no request
    for download in (True, False):
        again = mnist(root, download, base_url=server.url("good"), checksums=fake.checksums)
        _expect_fake(again, fake)
    assert len(server.requests) == 4


def test_a_failing_mirror_is_skipped_for_the_next(
    server: Server, fake: Fake, tmp_path: Path
) -> None:
    mirrors = [server.url("broken"), server.url("missing"), server.url("good")]
    result = mnist(tmp_path, base_url=mirrors, checksums=fake.checksums, progress=False)
    _expect_fake(result, fake)
    for name in FILES.values():  # each file: the broken mirror, the 404, then the good one
        tried = [r for r in server.requests if r.endswith("/" + name)]
        assert tried == [f"/broken/{name}", f"/missing/{name}", f"/good/{name}"]
    assert _leftovers(tmp_path) == sorted(FILES.values())


def test_every_mirror_failing_is_one_error_naming_urls_and_the_folder(
    server: Server, fake: Fake, tmp_path: Path
) -> None:
    root = tmp_path / "mnist"
    mirrors = [server.url("missing"), server.url("broken")]
    with pytest.raises(DataUnavailableError) as info:
        mnist(root, base_url=mirrors, checksums=fake.checksums, progress=False)
    text = str(info.value)
    first = FILES["train_images"]
    assert f"{server.url('missing')}{first}: HTTP 404" in text
    assert f"{server.url('broken')}{first}: HTTP 503" in text
    assert str(root) in text  # where to put the files by hand …
    for name, digest in fake.checksums.items():  # … which files, with their hashes
        assert f"{name}  (SHA-256 {digest})" in text
    assert len(server.requests) == 2  # it stops at the first file no mirror has
    assert _leftovers(root) == []
    assert isinstance(info.value, OSError)


def test_a_mirror_that_never_answers_is_named_on_screen_while_waited_on(
    fake: Fake,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A network that drops packets (a firewall, offline) left the screen blank for the
    whole wait, TIMEOUT per mirror, and then said only "TimeoutError: timed out": now
    each URL is said before it is waited on, and the error says how long it waited."""
    monkeypatch.setattr(mnist_module, "TIMEOUT", 0.3)
    with socket.socket() as s:  # listens, never accepts: the connection hangs unanswered
        s.bind(("127.0.0.1", 0))
        s.listen(4)
        mirrors = [f"http://127.0.0.1:{s.getsockname()[1]}/{m}/" for m in ("a", "b")]
        with pytest.raises(DataUnavailableError) as info:
            mnist(tmp_path, base_url=mirrors, checksums=fake.checksums)
    err = capsys.readouterr().err
    first = FILES["train_images"]
    for url in mirrors:
        assert f"downloading {first} from {url}{first} …" in err
        assert f"  {url}{first}: no answer within 0.3 s (timed out)" in str(info.value)
    assert _leftovers(tmp_path) == []


def test_a_corrupt_download_is_discarded(server: Server, fake: Fake, tmp_path: Path) -> None:
    with pytest.raises(DataUnavailableError) as info:
        mnist(tmp_path, base_url=server.url("corrupt"), checksums=fake.checksums, progress=False)
    expected = fake.checksums[FILES["train_images"]]
    assert f"expected {expected}; discarded" in str(info.value)
    assert _leftovers(tmp_path) == []  # nothing under the final name, no temporary file


def test_a_truncated_transfer_is_discarded_and_the_next_mirror_used(
    server: Server, fake: Fake, tmp_path: Path
) -> None:
    with pytest.raises(DataUnavailableError) as info:
        mnist(tmp_path, base_url=server.url("truncated"), checksums=fake.checksums)
    url = f"{server.url('truncated')}{FILES['train_images']}"
    assert f"{url}: truncated: received" in str(info.value)
    assert _leftovers(tmp_path) == []
    mirrors = [server.url("truncated"), server.url("good")]
    _expect_fake(mnist(tmp_path, base_url=mirrors, checksums=fake.checksums), fake)
    assert _leftovers(tmp_path) == sorted(FILES.values())


def test_an_interrupted_download_leaves_nothing(
    server: Server, fake: Fake, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Interrupting:
        def update(self, n: int) -> None:
            raise KeyboardInterrupt

        def close(self) -> None:
            pass

    monkeypatch.setattr(mnist_module, "_progress_bar", lambda *args: Interrupting())
    with pytest.raises(KeyboardInterrupt):
        mnist(tmp_path, base_url=server.url("good"), checksums=fake.checksums)
    assert _leftovers(tmp_path) == []


def test_a_mirror_that_stalls_is_said_to_have_stalled_not_never_answered(
    server: Server, fake: Fake, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A mirror that sent half the file and then nothing was said to have given "no
    answer within 0.3 s": now what came is said, and, as for any failure, the URL and
    how to install the files by hand (offline)."""
    monkeypatch.setattr(mnist_module, "TIMEOUT", 0.3)
    with pytest.raises(DataUnavailableError) as info:
        mnist(tmp_path, base_url=server.url("stall"), checksums=fake.checksums, progress=False)
    name = FILES["train_images"]
    full = len(fake.files[name])
    text = str(info.value)
    assert (
        f"  {server.url('stall')}{name}: stalled: nothing more within 0.3 s after "
        f"{full // 2:,} of {full:,} bytes (timed out)\n"
    ) in text
    assert "To install the files by hand, download these four files from any of\n" in text
    assert f"and put them in {tmp_path} (or pass root=... to mnist()" in text
    assert _leftovers(tmp_path) == []


_KILLED_AT_FIRST_BYTES = """
import os, signal, sys, json
from nn import mnist as m

class Killing:
    def update(self, n):
        os.kill(os.getpid(), signal.SIGKILL)  # kill -9: no finally, no cleanup

    def close(self):
        pass

m._progress_bar = lambda *args: Killing()
m.mnist(sys.argv[1], base_url=sys.argv[2], checksums=json.loads(sys.argv[3]))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="kill -9 is POSIX's")
def test_a_download_killed_outright_leaves_nothing_the_next_call_keeps(
    server: Server, fake: Fake, tmp_path: Path
) -> None:
    """A download killed with kill -9 left its temporary .part file (no cleanup runs),
    which no later call read or removed: one per killed download, piling up. Now the
    next call removes it, once it has gone unwritten for a minute (one just made is not
    yet locked by the download making it); a .part another download holds (a lock) is
    left, as is one written just now."""
    root = tmp_path / "cache"
    killed = subprocess.run(
        [sys.executable, "-c", _KILLED_AT_FIRST_BYTES, str(root), server.url("good"),
         json.dumps(fake.checksums)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    (left,) = _leftovers(root)  # the killed download's, never removed
    assert left.startswith(f".{FILES['train_images']}.") and left.endswith(".part")
    hour_ago = time.time() - 3600
    os.utime(root / left, (hour_ago, hour_ago))
    held = root / f".{FILES['test_labels']}.000000000000.part"  # another download's
    fresh = root / f".{FILES['train_labels']}.000000000000.part"  # made just now
    held.write_bytes(b"x")
    fresh.write_bytes(b"y")
    os.utime(held, (hour_ago, hour_ago))
    with held.open("rb") as holder:
        fcntl.flock(holder.fileno(), fcntl.LOCK_EX)
        _expect_fake(mnist(root, base_url=server.url("good"), checksums=fake.checksums), fake)
    assert _leftovers(root) == sorted([*FILES.values(), held.name, fresh.name])
    os.utime(fresh, (hour_ago, hour_ago))  # both now left by downloads no longer running
    _expect_fake(mnist(root, download=False, checksums=fake.checksums), fake)
    assert _leftovers(root) == sorted(FILES.values())


def test_download_false_never_touches_the_network(
    server: Server, fake: Fake, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_network(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("download=False opened a URL")

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    with pytest.raises(DataUnavailableError) as info:
        mnist(tmp_path, download=False, base_url=server.url("good"), checksums=fake.checksums)
    text = str(info.value)
    assert "download=False" in text and str(tmp_path) in text and server.url("good") in text
    with pytest.raises(DataUnavailableError):  # the published table and mirrors alike
        mnist(tmp_path, download=False)
    assert server.requests == []


def test_a_damaged_cached_file_is_refused_or_replaced(
    server: Server, fake: Fake, tmp_path: Path
) -> None:
    good = server.url("good")
    mnist(tmp_path, base_url=good, checksums=fake.checksums, progress=False)
    damaged = tmp_path / FILES["test_labels"]
    damaged.write_bytes(b"not the file")
    with pytest.raises(ValueError, match=str(damaged)) as info:
        mnist(tmp_path, download=False, checksums=fake.checksums)
    assert fake.checksums[FILES["test_labels"]] in str(info.value)
    with pytest.warns(UserWarning, match="fetched a verified copy"):
        result = mnist(tmp_path, base_url=good, checksums=fake.checksums, progress=False)
    _expect_fake(result, fake)
    assert damaged.read_bytes() == fake.files[FILES["test_labels"]]
    assert server.requests.count(f"/good/{FILES['test_labels']}") == 2


def test_a_damaged_file_put_there_is_named_when_no_mirror_answers(
    server: Server, fake: Fake, tmp_path: Path
) -> None:
    """Offline, with a wrong file put in the folder by hand: the error said only that
    every mirror failed and to put the files there, where the file already was."""
    damaged = tmp_path / FILES["train_images"]
    damaged.write_bytes(b"not the file")
    with pytest.raises(DataUnavailableError) as info:
        mnist(tmp_path, base_url=server.url("truncated"), checksums=fake.checksums)
    first, *rest = str(info.value).splitlines()
    assert first.startswith(f"mnist: {damaged} has SHA-256 ")
    assert first.endswith(f"expected {fake.checksums[FILES['train_images']]}: the file is "
                          "damaged or not the published one.")  # fmt: skip
    assert rest[0].startswith("mnist: could not download")
    assert "--data-dir DIR to the demo" in str(info.value)


@pytest.mark.parametrize(
    ("name", "size", "published", "said"),
    [  # the published sizes: the mirrors' gzipped files, and 16 + 60,000 × 28 × 28 bytes
        ("train-images-idx3-ubyte.gz", 5_000, "9,912,422", ": cut short, as by an"),
        ("train-images-idx3-ubyte", 47_040_017, "47,040,016", ")"),
    ],
)
def test_a_wrong_file_in_the_cache_is_told_by_its_size(
    name: str, size: int, published: str, said: str, tmp_path: Path, refusing_port: int
) -> None:
    """A file cut short (a copy interrupted) was told by its SHA-256 alone, 64 digits
    no person compares; now with its size and the published one."""
    path = tmp_path / name
    with path.open("wb") as f:
        f.truncate(size)  # zeros: not the published bytes, whatever the length
    with pytest.raises(ValueError) as info:
        mnist(tmp_path, download=False)
    assert f"{path} has SHA-256 " in str(info.value)
    assert f" ({size:,} bytes; the published file has {published}{said}" in str(info.value)
    with pytest.raises(DataUnavailableError) as info:  # offline, where to put the files too
        mnist(tmp_path, base_url=f"http://127.0.0.1:{refusing_port}/", progress=False)
    text = str(info.value)
    assert f"({size:,} bytes; the published file has {published}" in text
    assert (
        f"  t10k-labels-idx1-ubyte.gz  (4,542 bytes, SHA-256 {SHA256[FILES['test_labels']]})"
        in text
    )


@pytest.mark.parametrize(
    ("name", "kind", "published"),
    [  # the unpacked file under the .gz name (a browser that unpacks keeps the name),
        # and the gzipped one renamed without .gz: each compared with its own kind
        ("train-images-idx3-ubyte.gz", "unpacked", "47,040,016"),
        ("train-images-idx3-ubyte", "gzipped", "9,912,422"),
    ],
)
def test_a_wrong_file_under_the_other_name_is_told_by_its_kinds_size(
    name: str, kind: str, published: str, tmp_path: Path
) -> None:
    """Both files cut short, the first one was told beside the gzipped file's size as
    bigger than the published file, the second beside the unpacked file's size."""
    header = struct.pack(">IIII", 0x803, 60_000, 28, 28)
    body = header + bytes(1_000) if kind == "unpacked" else gzip.compress(header)[:20]
    (tmp_path / name).write_bytes(body)
    with pytest.raises(ValueError) as info:
        mnist(tmp_path, download=False)
    said = f" ({len(body):,} bytes; the published {kind} file has {published}: cut short, "
    assert said in str(info.value)


def test_a_label_that_is_not_a_digit_is_named_with_its_index(fake: Fake, tmp_path: Path) -> None:
    """ "label 12 is not a digit 0 to 9" said neither where nor how many."""
    labels = fake.test_labels.copy()
    labels[[1, 3, 4]] = [9, 12, 200]  # the first wrong one at index 3, one more after it
    files = {**fake.files, FILES["test_labels"]: gzip.compress(idx_bytes(labels))}
    for name, body in files.items():
        (tmp_path / name).write_bytes(body)
    checksums = {name: hashlib.sha256(body).hexdigest() for name, body in files.items()}
    with pytest.raises(ValueError) as info:
        mnist(tmp_path, download=False, checksums=checksums)
    assert str(info.value) == (
        f"{tmp_path / FILES['test_labels']}: label 12 (at index 3 of 5, and 1 more) "
        "is not a digit 0 to 9"
    )


def test_unpacked_files_put_there_by_hand_are_accepted(fake: Fake, tmp_path: Path) -> None:
    checksums = dict(fake.checksums)
    for part, name in FILES.items():
        unpacked = idx_bytes(getattr(fake, part))
        (tmp_path / name.removesuffix(".gz")).write_bytes(unpacked)
        checksums[name.removesuffix(".gz")] = hashlib.sha256(unpacked).hexdigest()
    _expect_fake(mnist(tmp_path, download=False, checksums=checksums), fake)


def test_a_file_unpacked_but_named_gz_or_the_reverse_is_accepted(
    fake: Fake, tmp_path: Path
) -> None:
    """A browser that unpacks a .gz as it saves it keeps the name .gz: the published
    unpacked file under the gzipped name was refused as "damaged or not the published
    one"; so was a gzipped file renamed without .gz. Each is a published file, checked."""
    checksums = dict(fake.checksums)
    for part, name in FILES.items():
        unpacked = idx_bytes(getattr(fake, part))
        checksums[name.removesuffix(".gz")] = hashlib.sha256(unpacked).hexdigest()
        if part.startswith("train"):  # unpacked, named .gz
            (tmp_path / name).write_bytes(unpacked)
        else:  # gzipped, named without .gz
            (tmp_path / name.removesuffix(".gz")).write_bytes(fake.files[name])
    _expect_fake(mnist(tmp_path, download=False, checksums=checksums), fake)


def test_a_truncated_or_wrong_idx_file_is_a_valueerror_naming_it(
    server: Server, fake: Fake, tmp_path: Path
) -> None:
    files = dict(fake.files)
    short = idx_bytes(fake.test_images)[:-100]
    files[FILES["test_images"]] = gzip.compress(short)  # published with its own hash
    server.files = files
    checksums = {name: hashlib.sha256(body).hexdigest() for name, body in files.items()}
    with pytest.raises(ValueError, match="truncated") as info:
        mnist(tmp_path, base_url=server.url("good"), checksums=checksums, progress=False)
    assert str(tmp_path / FILES["test_images"]) in str(info.value)
    # the labels where the images belong: the magic number says so
    files[FILES["test_images"]] = fake.files[FILES["test_labels"]]
    checksums = {name: hashlib.sha256(body).hexdigest() for name, body in files.items()}
    with pytest.raises(ValueError, match=r"magic number 0x00000801, expected 0x00000803"):
        mnist(tmp_path / "2", base_url=server.url("good"), checksums=checksums, progress=False)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\0\0", "too short"),
        (b"\x01\x02\x08\x01\0\0\0\x01\x07", "not an IDX file"),
        (b"\0\0\x08\x02\0\0\0\x02", "truncated: the header"),
        (b"\0\0\x08\x01\0\0\0\x03\x01\x02", "truncated: its header promises 3 values"),
        (b"\0\0\x08\x01\0\0\0\x01\x01\x02", "too long"),
        (gzip.compress(b"\0\0\x08\x01\0\0\0\x01\x05", mtime=0)[:-6], "broken gzip data"),
    ],
)
def test_read_idx_checks_header_and_length(content: bytes, message: str, tmp_path: Path) -> None:
    path = tmp_path / "file-idx1-ubyte"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=message) as info:
        read_idx(path)
    assert str(path) in str(info.value)


def test_read_idx_reads_every_type_big_endian(tmp_path: Path) -> None:
    values = np.array([[1.5, -2.25, 3.0], [4.0, 5.0, -6.5]])
    for code, dtype in [(0x08, "u1"), (0x09, "i1"), (0x0B, ">i2"), (0x0C, ">i4"),
                        (0x0D, ">f4"), (0x0E, ">f8")]:  # fmt: skip
        data = values if dtype[-2] == "f" else np.abs(values).astype(int)
        content = bytes([0, 0, code, 2]) + struct.pack(">2I", 2, 3) + data.astype(dtype).tobytes()
        path = tmp_path / f"t{code}"
        path.write_bytes(gzip.compress(content) if code % 2 else content)
        assert np.array_equal(read_idx(path), data)


def test_bad_arguments_are_refused(fake: Fake, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no entry for"):
        mnist(tmp_path, checksums={FILES["train_images"]: "0" * 64})
    with pytest.raises(ValueError, match="not a SHA-256 digest"):
        mnist(tmp_path, checksums={**fake.checksums, FILES["train_images"]: "abc"})
    with pytest.raises(ValueError, match="base_url"):
        mnist(tmp_path, base_url=[])
    # a flag that is not True or False: download="no" downloaded (a truthy string), and
    # root=3.0 raised Python's "expected str, bytes or os.PathLike object, not float"
    with pytest.raises(TypeError, match=r"^mnist: download must be True or False, got 'no'"):
        mnist(tmp_path, download="no")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^mnist: progress must be True or False, got None"):
        mnist(tmp_path, progress=None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^mnist: root must be a folder's path .*, got 3\.0"):
        mnist(3.0)  # type: ignore[arg-type]


@pytest.mark.parametrize("readme", ["README.md", "README.zh-CN.md"])
def test_the_readmes_give_mnists_whole_signature(readme: str) -> None:
    """Both editions wrote mnist(root=None, download=True, base_url=None, checksums=None),
    without progress=, which silences the download's progress lines."""
    text = (Path(__file__).parents[1] / readme).read_text(encoding="utf-8")
    (written,) = re.findall(r"`nn\.data\.mnist\((root=[^`]*)\)`", text)
    shown: list[str] = []
    for p in inspect.signature(mnist).parameters.values():
        if p.kind is p.KEYWORD_ONLY and "*" not in shown:
            shown.append("*")
        shown.append(f"{p.name}={p.default!r}")
    assert written == ", ".join(shown)


def test_the_published_table() -> None:
    assert len(SHA256) == 8 and all(len(d) == 64 for d in SHA256.values())
    for name in FILES.values():
        assert name in SHA256 and name.removesuffix(".gz") in SHA256
    assert nn.data.mnist is mnist  # the public name the issue asks for


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG is the Linux convention")
def test_the_default_cache_follows_xdg_cache_home(
    server: Server, fake: Fake, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    # the real rule, which conftest's _no_user_cache replaces for every other test
    monkeypatch.setattr(mnist_module, "default_root", default_root)
    assert default_root() == tmp_path / "xdg" / "autograd-mini" / "mnist"
    _expect_fake(mnist(base_url=server.url("good"), checksums=fake.checksums), fake)
    assert _leftovers(default_root()) == sorted(FILES.values())


def test_no_test_reads_or_writes_the_users_mnist_folder(tmp_path: Path) -> None:
    """A test that forgot root= (or the demo's --data-dir) downloaded into, or read from,
    the user's own cache folder: conftest now points the default into the session's
    temporary folder, away from the home folder and from XDG_CACHE_HOME."""
    where = mnist_module.default_root()
    assert where != default_root()  # the real rule's folder (test_mnist imported it first)
    assert where.parent.parent == tmp_path.parent  # this session's temporary folder


def test_progress_without_tqdm_prints_a_line_per_file(
    server: Server,
    fake: Fake,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)  # import fails as if not installed
    mnist(tmp_path, base_url=server.url("good"), checksums=fake.checksums)
    err = capsys.readouterr().err
    for name, body in fake.files.items():
        assert f"downloading {name} from {server.url('good')}{name}" in err
        assert f"{name}: {len(body):,} bytes" in err


def test_a_cache_folder_that_cannot_be_written_is_its_own_error(
    server: Server, fake: Fake, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not 'every mirror failed': no mirror can help when the folder refuses the file."""

    def refuse(*args: Any, **kwargs: Any) -> int:
        raise PermissionError(13, "Permission denied", str(args[0]))

    monkeypatch.setattr(mnist_module.os, "open", refuse)
    with pytest.raises(PermissionError, match="Permission denied"):
        mnist(tmp_path, base_url=server.url("good"), checksums=fake.checksums)
    assert server.requests == []


def _fill_the_disk(monkeypatch: pytest.MonkeyPatch, at: str) -> None:
    """The cache's files find the disk full at their first ``write``, or at the
    ``flush`` that writes the bytes their buffer holds (the writes before it succeed)."""
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, f: Any) -> None:
            self.f = f

        def write(self, data: bytes) -> int:
            if at == "write":
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return len(data)  # held in the buffer

        def flush(self) -> None:
            if at == "flush":
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            self.f.flush()

        def __getattr__(self, name: str) -> Any:
            return getattr(self.f, name)

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *exc: object) -> None:
            self.f.close()

    monkeypatch.setattr(mnist_module.os, "fdopen", lambda *a, **k: Full(real_fdopen(*a, **k)))


def test_a_full_disk_is_its_own_error_not_every_mirror_failing(
    server: Server,
    fake: Fake,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A write into the cache that failed (no space left) was taken for the mirror's
    failure: every mirror was tried, each filling the disk again, and the error said
    "every mirror failed … put the files there by hand", where there was no room."""
    _fill_the_disk(monkeypatch, at="write")
    mirrors = [server.url("good"), server.url("good")]
    with pytest.raises(OSError) as info:
        mnist(tmp_path, base_url=mirrors, checksums=fake.checksums, progress=False)
    assert not isinstance(info.value, DataUnavailableError)
    assert info.value.errno == errno.ENOSPC and info.value.filename == str(tmp_path)
    assert server.requests == [f"/good/{FILES['train_images']}"]  # no second mirror
    assert _leftovers(tmp_path) == []
    out = tmp_path / "out"
    args = ["--data", "mnist", "--data-dir", str(tmp_path), "--no-progress"]
    monkeypatch.setattr(mnist_module, "MIRRORS", (server.url("good"),))
    monkeypatch.setattr(mnist_module, "SHA256", fake.checksums)
    assert demo_main([*args, "--output-dir", str(out)]) == 2
    err = capsys.readouterr().err
    assert err == f"autograd-mini-demo: --data-dir '{tmp_path}': No space left on device\n"


def test_a_full_disk_met_by_the_last_bytes_names_the_folder_too(
    server: Server,
    fake: Fake,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The file's last bytes wait in its buffer and are written by the flush after the
    download (or the close): a full disk met there was an OSError naming no file, and
    the demo said "the cache folder None: No space left on device"."""
    _fill_the_disk(monkeypatch, at="flush")
    folder = tmp_path / "cache"
    monkeypatch.setattr(mnist_module, "default_root", lambda: folder)  # no --data-dir
    monkeypatch.setattr(mnist_module, "MIRRORS", (server.url("good"),))
    monkeypatch.setattr(mnist_module, "SHA256", fake.checksums)
    args = ["--data", "mnist", "--no-progress", "--output-dir", str(tmp_path / "out")]
    assert demo_main(args) == 2
    err = capsys.readouterr().err
    assert err == f"autograd-mini-demo: the cache folder '{folder}': No space left on device\n"
    assert _leftovers(folder) == []


def test_a_gzipped_idx_file_is_unpacked_only_as_far_as_its_header_says(tmp_path: Path) -> None:
    """A header promising 3 bytes followed by 64 MB of zeros (a few KB gzipped): refused
    as too long after reading one byte more than promised, without unpacking the rest
    (read_idx unpacked all of it first)."""
    path = tmp_path / "bomb.idx.gz"
    with gzip.open(path, "wb") as f:
        f.write(b"\0\0\x08\x01\0\0\0\x03")
        for _ in range(64):
            f.write(bytes(1 << 20))
    assert path.stat().st_size < 200_000
    peak = _peak_while_refused(path, r"too long: .* the file has more than 3")
    assert peak < 4 << 20  # far below the 64 MB the file unpacks to


@pytest.mark.parametrize("gzipped", [False, True])
@pytest.mark.parametrize(
    "dims",
    [
        (60_000, 28, 1 << 20),  # 1.8 TB claimed: read(n) raised MemoryError
        (0xFFFF_FFFF,) * 3,  # past sys.maxsize: read(n) raised OverflowError
    ],
)
def test_a_header_claiming_a_huge_array_is_a_valueerror_naming_the_file(
    tmp_path: Path, gzipped: bool, dims: tuple[int, ...]
) -> None:
    """A few bytes whose header promises terabytes: refused as truncated, with memory for
    the bytes the file has, not for what its header claims."""
    content = bytes([0, 0, 0x08, len(dims)]) + struct.pack(f">{len(dims)}I", *dims) + bytes(10)
    path = tmp_path / ("huge-idx3-ubyte" + (".gz" if gzipped else ""))
    path.write_bytes(gzip.compress(content) if gzipped else content)
    peak = _peak_while_refused(path, r"truncated: its header promises .* the file has 10$")
    assert peak < 4 << 20
    with pytest.raises(ValueError, match=str(path)):
        read_idx(path)


def _peak_while_refused(path: Path, message: str) -> int:
    """The peak of memory traced while read_idx refuses ``path`` with ``message``."""
    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match=message):
            read_idx(path)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("ndim", [65, 255])
def test_read_idx_of_more_dimensions_than_numpy_has_names_the_file(
    ndim: int, tmp_path: Path
) -> None:
    """An IDX header of 255 dimensions (of size 0: no data) raised numpy's "maximum
    supported dimension for an ndarray is currently 64, found 255", without the path."""
    path = tmp_path / "many-idx-ubyte"
    path.write_bytes(struct.pack(">I", 0x0800 + ndim) + bytes(4 * ndim))
    with pytest.raises(ValueError) as info:
        read_idx(path)
    assert str(info.value) == (
        f"{path}: its header gives {ndim} dimensions, more than a numpy array can have"
    )


@pytest.mark.parametrize("download", [True, False])
def test_a_root_that_is_a_file_or_under_one_is_named(
    tmp_path: Path, download: bool, capsys: pytest.CaptureFixture[str], refusing_port: int
) -> None:
    """mnist(root=<a file>) raised mkdir's bare "FileExistsError: [Errno 17] File exists"
    (a root under a file: "NotADirectoryError: Not a directory"); with download=False,
    "train-images-idx3-ubyte.gz is not in afile". Now both say what is wrong in the words
    the demo's --data-dir says it with, before any download."""
    afile = tmp_path / "afile"
    afile.write_text("x")
    said = "; give the folder that holds (or will hold) the MNIST files"
    with pytest.raises(NotADirectoryError) as info:
        mnist(
            afile, download=download, base_url=f"http://127.0.0.1:{refusing_port}/", progress=False
        )
    assert str(info.value) == f"mnist: root {str(afile)!r} is a file{said}"
    under = afile / "sub" / "mnist"
    with pytest.raises(NotADirectoryError) as info:
        mnist(
            str(under),
            download=download,
            base_url=f"http://127.0.0.1:{refusing_port}/",
            progress=False,
        )
    assert str(info.value) == (f"mnist: root {str(under)!r} is under a file ({str(afile)!r}){said}")
    args = ["--data", "mnist", "--data-dir", str(under), "--no-progress"]
    status = demo_main([*args, "--output-dir", str(tmp_path / "out")])  # not ./demo-output
    assert status == 2
    err = capsys.readouterr().err
    assert f"--data-dir {str(under)!r} is under a file ({str(afile)!r}){said}" in err


def test_two_threads_downloading_at_once_leave_each_others_file_alone(
    server: Server, fake: Fake, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Thread A has its first file's bytes in its temporary file, written (as far as a
    clock can tell) an hour ago, when thread B of the same process calls mnist() into the
    same folder: B's sweep of killed downloads' files leaves A's, which A holds locked
    (a flock is the open file's, so it holds against a thread of the same process too),
    and both calls end with the verified files and nothing else in the folder."""
    root = tmp_path / "cache"
    a_mid, b_done = threading.Event(), threading.Event()
    stream = mnist_module._stream

    def slow_in_a(url: str, out: Any, label: str, progress: bool) -> tuple[int, int | None]:
        got = stream(url, out, label, progress)
        if threading.current_thread().name == "A" and not a_mid.is_set():
            hour_ago = time.time() - 3600
            out.flush()
            os.utime(out.fileno(), (hour_ago, hour_ago))
            a_mid.set()
            assert b_done.wait(timeout=120)
        return got

    monkeypatch.setattr(mnist_module, "_stream", slow_in_a)

    def a() -> Any:
        return mnist(root, base_url=server.url("good"), checksums=fake.checksums)

    def b() -> Any:
        assert a_mid.wait(timeout=120)
        try:
            return mnist(root, base_url=server.url("good"), checksums=fake.checksums)
        finally:
            b_done.set()

    for result in together(a, b, names=["A", "B"], meetings=[a_mid, b_done], timeout=240):
        _expect_fake(result, fake)
    assert _leftovers(root) == sorted(FILES.values())
