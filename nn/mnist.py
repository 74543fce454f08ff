"""MNIST, the data set of the seeds' 784-16-16-10 network: downloaded once, checked, cached.

The four gzipped IDX files that LeCun, Cortes and Burges published (60,000 training and
10,000 test images of 28×28 handwritten digits, and their labels) are fetched from the
first mirror that serves them into a per-user cache folder. Three promises:

* **Checked.** A file is used only after its SHA-256 matches the published value — on
  every load, not just after the download (hashing 11 MB takes a few milliseconds), so a
  file damaged in the cache is caught too.
* **Atomic.** A download streams into a temporary file beside its final place and is
  renamed to its final name (``os.replace``, atomic within one folder) only once its hash
  is right. An interrupted, truncated or corrupt download never sits in the cache under
  the name a later call would read; the temporary file of one killed outright (kill -9,
  a crash) is never read, and the first call after it has gone a minute unwritten
  removes it.
* **Offline after the first time.** A file already in the cache is read from there and
  the network is not touched; ``download=False`` never touches it at all.

IDX is a tiny format (a 4-byte magic number 0x00 0x00 type ndim, ndim big-endian 32-bit
sizes, then the numbers): :func:`read_idx` parses it with numpy and checks the magic
number, the dimensions and the length, so a wrong or truncated file is a ``ValueError``
naming it rather than a silently misshapen array.
"""

from __future__ import annotations

import contextlib
import glob
import gzip
import hashlib
import http.client
import math
import os
import re
import secrets
import struct
import sys
import time
import urllib.error
import urllib.request
import warnings
import zlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from nn.checks import check_flag, shown

if sys.platform != "win32":
    import fcntl

__all__ = [
    "FILES",
    "MIRRORS",
    "PUBLISHED_SHA256",
    "PUBLISHED_SIZES",
    "SHA256",
    "DataUnavailableError",
    "default_root",
    "mnist",
    "not_a_folder",
    "read_idx",
]

Arrays = tuple[np.ndarray, np.ndarray]

#: Where the files are served, tried in this order: PyTorch's copy (torchvision's first
#: mirror), Google's copy (TensorFlow's and Keras's), then the original site, which at
#: times refuses downloads.
MIRRORS: tuple[str, ...] = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
    "http://yann.lecun.com/exdb/mnist/",
)

#: part of the data set → name of its gzipped IDX file
FILES: dict[str, str] = {
    "train_images": "train-images-idx3-ubyte.gz",
    "train_labels": "train-labels-idx1-ubyte.gz",
    "test_images": "t10k-images-idx3-ubyte.gz",
    "test_labels": "t10k-labels-idx1-ubyte.gz",
}

#: The published SHA-256 of every file, in ``sha256sum`` format: gzipped (what the
#: mirrors serve: 9,912,422, 28,881, 1,648,877 and 4,542 bytes), then unpacked (what some
#: tools leave on disk, or a person copies into the cache by hand; accepted as well).
PUBLISHED_SHA256 = """
440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609  train-images-idx3-ubyte.gz
3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c  train-labels-idx1-ubyte.gz
8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6  t10k-images-idx3-ubyte.gz
f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6  t10k-labels-idx1-ubyte.gz
ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db  train-images-idx3-ubyte
65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5  train-labels-idx1-ubyte
0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7  t10k-images-idx3-ubyte
ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2  t10k-labels-idx1-ubyte
"""

#: file name → its published size in bytes (the unpacked ones: a 16- or 8-byte header,
#: then 28 × 28 bytes an image or a byte a label), said beside a file whose hash is wrong
PUBLISHED_SIZES: dict[str, int] = {
    "train-images-idx3-ubyte.gz": 9_912_422,
    "train-labels-idx1-ubyte.gz": 28_881,
    "t10k-images-idx3-ubyte.gz": 1_648_877,
    "t10k-labels-idx1-ubyte.gz": 4_542,
    "train-images-idx3-ubyte": 16 + 60_000 * 28 * 28,
    "train-labels-idx1-ubyte": 8 + 60_000,
    "t10k-images-idx3-ubyte": 16 + 10_000 * 28 * 28,
    "t10k-labels-idx1-ubyte": 8 + 10_000,
}

#: file name → SHA-256 hex digest, from :data:`PUBLISHED_SHA256`
SHA256: dict[str, str] = {
    name: digest for digest, name in map(str.split, PUBLISHED_SHA256.strip().splitlines())
}

#: seconds to wait for a mirror to answer (or to send the next bytes) before trying the
#: next: pip's default. A network that drops packets rather than refusing them (offline
#: behind a firewall) costs this much per mirror, with the URL waited on on the screen.
TIMEOUT = 15.0

_CHUNK = 1 << 16
#: seconds a temporary file must have gone unwritten before a call takes it for one a
#: killed download left (one just made is not yet locked by the download making it)
_STALE_PART = 60.0
#: the first bytes of every gzip file: how a file is told gzipped by its bytes, not its name
_GZIP_MAGIC = b"\x1f\x8b"
_HEX64 = re.compile(r"[0-9a-f]{64}")

#: IDX type code → numpy dtype (numbers are big-endian)
_IDX_TYPES: dict[int, str] = {
    0x08: "u1",
    0x09: "i1",
    0x0B: ">i2",
    0x0C: ">i4",
    0x0D: ">f4",
    0x0E: ">f8",
}
#: An image's side in pixels, its pixels (X's columns) and the classes (the digits).
SIDE = 28
FEATURES = SIDE * SIDE
CLASSES = 10

_IMAGES_MAGIC = 0x00000803  # unsigned bytes, 3 dimensions: n × 28 × 28
_LABELS_MAGIC = 0x00000801  # unsigned bytes, 1 dimension: n


class DataUnavailableError(OSError):
    """The data files are neither in the cache nor downloadable (offline, every mirror
    failing, or ``download=False``). The message names the URLs tried and where to put
    the files by hand."""


def default_root() -> Path:
    """The per-user cache folder for MNIST, by the platform's convention (platformdirs):
    ``$XDG_CACHE_HOME/autograd-mini/mnist`` (else ``~/.cache/…``) on Linux,
    ``~/Library/Caches/autograd-mini/mnist`` on macOS, ``%LOCALAPPDATA%\\autograd-mini\\
    Cache\\mnist`` on Windows."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("autograd-mini", appauthor=False)) / "mnist"


def mnist(
    root: str | os.PathLike[str] | None = None,
    download: bool = True,
    base_url: str | Sequence[str] | None = None,
    checksums: Mapping[str, str] | None = None,
    *,
    progress: bool = True,
) -> tuple[Arrays, Arrays]:
    """MNIST as ``(X_train, y_train), (X_test, y_test)``.

    X is float64 in [0, 1] of shape (n, 784) — each 28×28 image row by row, pixel/255 —
    and y holds the integer labels 0 to 9 (60,000 training and 10,000 test rows).

    ``root``: the folder holding the files (default :func:`default_root`).
    ``download``: fetch what is missing; with ``False`` the network is never touched
    and a missing file is a :class:`DataUnavailableError`.
    ``base_url``: a mirror, or a list of mirrors tried in order, instead of
    :data:`MIRRORS` (each file is ``base_url + name``).
    ``checksums``: file name → SHA-256 hex digest instead of :data:`SHA256` (for a
    mirror of other files with the same layout); it must name the four ``.gz`` files.
    ``progress``: show a progress bar while downloading (tqdm, when installed).
    """
    if root is not None and not isinstance(root, (str, os.PathLike)):
        raise TypeError(f"mnist: root must be a folder's path (str or Path), got {shown(root)}")
    check_flag(download, "download", "mnist")  # "no" would download
    check_flag(progress, "progress", "mnist")
    folder = default_root() if root is None else Path(root)
    why = not_a_folder(folder)
    if why is not None:  # (mkdir said only "File exists: 'afile'")
        raise NotADirectoryError(f"mnist: root {os.fspath(root or folder)!r} {why}")
    table = _checked_table(checksums)
    mirrors = _mirrors(base_url)
    paths = {part: _ensure(folder, name, table, mirrors, download, progress)
             for part, name in FILES.items()}  # fmt: skip
    train = _split(paths["train_images"], paths["train_labels"])
    test = _split(paths["test_images"], paths["test_labels"])
    return train, test


# ---------------------------------------------------------------------------- arguments
def _checked_table(checksums: Mapping[str, str] | None) -> dict[str, str]:
    if checksums is None:
        return dict(SHA256)
    if not isinstance(checksums, Mapping):
        raise ValueError(
            f"mnist: checksums must map file names to SHA-256 hex digests, "
            f"got {type(checksums).__name__}"
        )
    table: dict[str, str] = {}
    for name, digest in checksums.items():
        if not isinstance(name, str) or not isinstance(digest, str):
            raise ValueError(f"mnist: checksums entry {name!r}: {digest!r} is not two strings")
        if not _HEX64.fullmatch(digest.lower()):
            raise ValueError(
                f"mnist: checksums[{name!r}] = {digest!r} is not a SHA-256 digest "
                f"(64 hexadecimal digits)"
            )
        table[name] = digest.lower()
    missing = [name for name in FILES.values() if name not in table]
    if missing:
        raise ValueError(f"mnist: checksums has no entry for {', '.join(missing)}")
    return table


def _mirrors(base_url: str | Sequence[str] | None) -> list[str]:
    if base_url is None:
        return list(MIRRORS)
    urls = [base_url] if isinstance(base_url, str) else list(base_url)
    if not urls or not all(isinstance(u, str) and u for u in urls):
        raise ValueError(f"mnist: base_url must be a URL or a list of URLs, got {base_url!r}")
    return [u if u.endswith("/") else u + "/" for u in urls]


# ------------------------------------------------------------------------ the cache
def not_a_folder(folder: Path) -> str | None:
    """Why ``folder`` cannot hold the MNIST files — it is a file, or lies under one — in
    the words both :func:`mnist` and the demo's ``--data-dir`` say it with; None when it
    is a folder or can be made one."""
    try:
        for place in (folder, *folder.parents):
            if place.is_dir():
                return None
            if place.exists() or place.is_symlink():
                what = "is a file" if place == folder else f"is under a file ({str(place)!r})"
                return f"{what}; give the folder that holds (or will hold) the MNIST files"
    except OSError:  # a folder it may not look into: left to the reading or the download
        return None
    return None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _ensure(
    folder: Path,
    name: str,
    table: dict[str, str],
    mirrors: list[str],
    download: bool,
    progress: bool,
) -> Path:
    """The path of a verified copy of ``name`` (gzipped, or unpacked if that is what the
    cache holds), downloading it if allowed and needed."""
    if folder.is_dir():
        _remove_stale_parts(folder / name)
    wrong: list[str] = []
    candidates = (name, name.removesuffix(".gz"))
    # the file's published digests, gzipped and unpacked, under either name: a browser
    # that unpacks a .gz as it saves it keeps the name (read_idx reads gzip by its bytes)
    published = {table[c] for c in candidates if c in table}
    for candidate in candidates:
        path = folder / candidate
        if candidate not in table or not path.is_file():
            continue
        got = _sha256(path)
        if got in published:
            return path
        wrong.append(
            f"{path} has SHA-256 {got}, expected {table[candidate]}"
            + _sizes(path, candidate, table)
        )
    if not download:
        if wrong:
            raise ValueError(
                f"mnist: {wrong[0]}: the file is damaged or not the published one. "
                f"Delete it, or call mnist(download=True) to fetch a fresh copy."
            )
        raise DataUnavailableError(
            f"mnist: {name} is not in {folder} and download=False, so nothing was "
            f"fetched.\n{_by_hand(folder, table, mirrors)}"
        )
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    failures: list[str] = []
    for base in mirrors:
        url = base + name
        try:
            _fetch(url, target, table[name], progress)
        except _MirrorFailed as failed:
            failures.append(f"  {url}: {failed}")
            continue
        for problem in wrong:
            warnings.warn(
                f"mnist: {problem}; fetched a verified copy as {target}",
                stacklevel=3,
            )
        return target
    tried = "\n".join(failures)
    # a copy put there by hand and refused: said first (it was told only after a
    # download that worked, so offline, "put the files there" was all one read)
    found = "".join(
        f"mnist: {bad}: the file is damaged or not the published one.\n" for bad in wrong
    )
    raise DataUnavailableError(
        f"{found}mnist: could not download {name}; every mirror failed:\n{tried}\n"
        f"{_by_hand(folder, table, mirrors)}"
    )


def _remove_stale_parts(target: Path) -> None:
    """Remove the temporary files that downloads of ``target`` killed outright (kill -9,
    a crash: no cleanup runs) left beside it. Never read (each download writes a new
    one), they piled up, 10 MB each. A file another process is downloading into is left:
    it holds a lock on it (on Windows, a file open elsewhere cannot be deleted), and one
    written within the last :data:`_STALE_PART` seconds is left too (made, not yet
    locked). A file that cannot be removed (a read-only folder) is left, without a word:
    it is not read."""
    now = time.time()
    for part in target.parent.glob(f".{glob.escape(target.name)}.*.part"):
        try:
            if now - part.stat().st_mtime < _STALE_PART:
                continue
            if sys.platform == "win32":
                part.unlink()  # refused while a download has it open
                continue
            with part.open("rb") as f:
                fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)  # refused: in use
                part.unlink()
        except OSError:  # in use, removed by another call already, or not ours to remove
            continue


def _hold(fd: int) -> None:
    """Lock the temporary file a download writes (POSIX; released when ``fd`` is closed,
    or the process dies), so that :func:`_remove_stale_parts` in another process leaves
    it. A folder that cannot lock (some network file systems) is no reason to fail:
    there, a file written within :data:`_STALE_PART` seconds is left alone, and a live
    download writes more often than that (or times out first)."""
    if sys.platform != "win32":
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # a file just made: never held


def _reason(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.reason}"
    cause = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(cause, _Stalled):  # it answered, then stopped sending
        of = "" if cause.declared is None else f" of {cause.declared:,}"
        return (
            f"stalled: nothing more within {TIMEOUT:g} s after {cause.received:,}{of} "
            f"bytes (timed out)"
        )
    if isinstance(cause, TimeoutError):  # while connecting (in a URLError), or for headers
        return f"no answer within {TIMEOUT:g} s (timed out)"
    if isinstance(exc, urllib.error.URLError):  # no connection: it wraps the socket error
        return f"no answer ({exc.reason})"
    return f"{type(exc).__name__}: {exc}"


def _published(name: str, table: dict[str, str]) -> int | None:
    """The published size of ``name`` when ``table`` holds its published hash, else None
    (the files of a ``checksums=`` table have sizes of their own)."""
    return PUBLISHED_SIZES.get(name) if table.get(name) == SHA256.get(name) else None


def _published_size(name: str, table: dict[str, str]) -> str:
    published = _published(name, table)
    return "" if published is None else f"{published:,} bytes, "


def _sizes(path: Path, name: str, table: dict[str, str]) -> str:
    """`` (N bytes; the published file has M…)`` beside a hash that is wrong: a size is
    what a person can check; '' for a ``checksums=`` table's file. Compared with the
    published file of the bytes' kind, gzipped or unpacked, whatever the name says."""
    kind = _kind_of(path, name)
    published = _published(kind, table)
    if published is None:
        return ""
    size = path.stat().st_size
    cut = ": cut short, as by an interrupted copy" if size < published else ""
    other = "" if kind == name else " gzipped" if kind.endswith(".gz") else " unpacked"
    return f" ({size:,} bytes; the published{other} file has {published:,}{cut})"


def _kind_of(path: Path, name: str) -> str:
    """The published name of the kind ``path``'s bytes are (gzip's magic bytes: the .gz
    name; an IDX file's: the unpacked one), else ``name``: a browser that unpacks a .gz
    as it saves it keeps the name."""
    with path.open("rb") as f:
        head = f.read(3)
    unpacked = name.removesuffix(".gz")
    if head.startswith(_GZIP_MAGIC):
        return unpacked + ".gz"
    return unpacked if head == b"\0\0\x08" else name  # IDX of unsigned bytes


def _by_hand(folder: Path, table: dict[str, str], mirrors: list[str]) -> str:
    names = "\n".join(
        f"  {name}  ({_published_size(name, table)}SHA-256 {table[name]})"
        for name in FILES.values()
    )
    sources = "\n".join(f"  {base}" for base in mirrors)
    unpacked = all(name.removesuffix(".gz") in table for name in FILES.values())
    return (
        f"To install the files by hand, download these four files from any of\n{sources}\n"
        f"and put them in {folder} (or pass root=... to mnist(), --data-dir DIR to the "
        f"demo):\n{names}"
        + (
            "\nThe unpacked files (the same names without .gz) are accepted too."
            if unpacked
            else ""
        )
    )


class _MirrorFailed(Exception):
    """This mirror could not deliver a verified file; the next one is tried."""


class _CacheWriteFailed(Exception):
    """Writing the downloaded bytes into the cache failed (``error``, an OSError: a full
    disk, say); no other mirror would help. Not an OSError itself, so that the network's
    OSErrors around it are not taken for it, nor it for them."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error)
        self.error = error


def _fetch(url: str, target: Path, expected: str, progress: bool) -> None:
    """Stream ``url`` into a temporary file next to ``target``, hashing as it comes, and
    rename it to ``target`` only if the whole file arrived and its SHA-256 is right.

    A problem with the mirror is a :class:`_MirrorFailed`; one with the cache folder
    itself (no permission to write there, no space left) is raised as the OSError it is,
    named with the folder when it names no file (:func:`_in_folder`), since no other
    mirror would help."""
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.part")
    # O_EXCL: never write through a file (or link) that someone else put there;
    # 0o666 lets the umask decide, as for any file the user creates
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        try:
            with os.fdopen(fd, "wb") as out:
                _hold(fd)
                try:
                    received, declared = _stream(url, out, target.name, progress)
                # URLError, HTTPError and timeouts are OSErrors; a connection cut short
                # may be an http.client.IncompleteRead; a bad Content-Length a ValueError
                except (OSError, http.client.HTTPException, ValueError) as exc:
                    raise _MirrorFailed(_reason(exc)) from exc
                out.flush()  # the last bytes, held in the buffer, are written here
                os.fsync(out.fileno())
        # a full disk, say, the same for any mirror: in a write, or in the flush, fsync
        # or close after it (the buffer's bytes written then)
        except _CacheWriteFailed as failed:
            raise _in_folder(failed.error, target.parent) from None
        except OSError as error:
            raise _in_folder(error, target.parent) from None
        if declared is not None and received != declared:
            raise _MirrorFailed(f"truncated: received {received:,} of {declared:,} bytes")
        got = _sha256(tmp)
        if got != expected:
            raise _MirrorFailed(f"corrupt: SHA-256 {got}, expected {expected}; discarded")
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def _in_folder(error: OSError, folder: Path) -> OSError:
    """``error`` naming ``folder`` when it names no file: ENOSPC names none, and the
    temporary file is gone; the folder is the place."""
    error.filename = error.filename or str(folder)
    return error


def _stream(url: str, out: Any, label: str, progress: bool) -> tuple[int, int | None]:
    """Copy the body of ``url`` into ``out``; (bytes received, Content-Length or None).
    With ``progress``, the URL is said before connecting: a mirror that does not answer
    keeps the user waiting up to :data:`TIMEOUT`, and the screen says on what."""
    if progress:
        print(f"downloading {label} from {url} …", file=sys.stderr, flush=True)
    with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
        length = response.headers.get("Content-Length")
        declared = int(length) if length is not None and length.isdigit() else None
        bar = _progress_bar(progress, declared, label)
        received = 0
        try:
            while chunk := _read(response, received, declared):
                try:
                    out.write(chunk)
                except OSError as exc:  # not the mirror's: told apart from its OSErrors
                    raise _CacheWriteFailed(exc) from exc
                received += len(chunk)
                bar.update(len(chunk))
        finally:
            bar.close()
    return received, declared


class _Stalled(TimeoutError):
    """The mirror answered and sent ``received`` bytes (of ``declared``), then nothing
    for :data:`TIMEOUT` seconds: said so, not "no answer"."""

    def __init__(self, received: int, declared: int | None) -> None:
        super().__init__(f"nothing more after {received:,} bytes")
        self.received = received
        self.declared = declared


def _read(response: Any, received: int, declared: int | None) -> bytes:
    """The next bytes of ``response`` (b"" at its end); a :class:`_Stalled` when none
    come within :data:`TIMEOUT`."""
    try:
        chunk: bytes = response.read1(_CHUNK)  # what came: its bytes counted as they come
    except TimeoutError as exc:
        raise _Stalled(received, declared) from exc
    return chunk


class _PlainProgress:
    """Without tqdm: the bytes received, a line on stderr per file (after the line that
    :func:`_stream` says before connecting)."""

    def __init__(self, label: str, show: bool) -> None:
        self.label, self.show, self.n = label, show, 0

    def update(self, n: int) -> None:
        self.n += n

    def close(self) -> None:
        if self.show:
            print(f"  {self.label}: {self.n:,} bytes", file=sys.stderr, flush=True)


def _progress_bar(progress: bool, total: int | None, label: str) -> Any:
    if not progress:
        return _PlainProgress(label, show=False)
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return _PlainProgress(label, show=True)
    return tqdm(total=total, unit="B", unit_scale=True, unit_divisor=1024, desc=label)


# ----------------------------------------------------------------------------- IDX
def read_idx(path: str | os.PathLike[str], magic: int | None = None) -> np.ndarray:
    """The array stored in an IDX file (gzipped or not), checked against its header.

    ``magic``: the 32-bit magic number the file must start with (0x00000803 for MNIST
    images: unsigned bytes in 3 dimensions; 0x00000801 for labels).

    The file is read as far as its header says and one byte more, never further: a
    gzipped file that unpacks to more than its header promises is refused once that one
    byte is seen, not after unpacking all of it. It is read in chunks, so a small file
    whose header claims a huge array is refused as truncated, not by a MemoryError.
    """
    p = Path(path)
    with p.open("rb") as plain:
        gzipped = plain.read(len(_GZIP_MAGIC)) == _GZIP_MAGIC
    try:
        with gzip.open(p, "rb") if gzipped else p.open("rb") as f:
            return _parse_idx(p, f, magic)
    except (OSError, EOFError, zlib.error) as exc:
        if not gzipped or isinstance(exc, FileNotFoundError):
            raise
        raise ValueError(f"{p}: broken gzip data ({exc})") from None


#: bytes read at a time from an IDX file, whatever its header claims
_READ_CHUNK = 1 << 20


def _read_at_most(f: Any, n: int) -> bytearray:
    """Up to ``n`` bytes of ``f``, read a chunk at a time, so memory follows the bytes the
    file holds, not the size its header claims: ``f.read(n)`` sets aside ``n`` bytes
    first, a MemoryError for a few bytes claiming 60,000 × 28 × 2²⁰ values (and an
    OverflowError past ``sys.maxsize``). A gzipped file's unpacked size is not known
    before unpacking it, so this one way serves both kinds."""
    data = bytearray()
    while len(data) < n:
        chunk = f.read(min(_READ_CHUNK, n - len(data)))
        if not chunk:
            break
        data += chunk
    return data


def _parse_idx(p: Path, f: Any, magic: int | None) -> np.ndarray:
    raw = f.read(4)
    if len(raw) < 4:
        raise ValueError(f"{p}: {len(raw)} bytes, too short for an IDX file")
    found = struct.unpack(">I", raw[:4])[0]
    if raw[:2] != b"\0\0" or raw[2] not in _IDX_TYPES or raw[3] == 0:
        raise ValueError(f"{p}: not an IDX file (magic number {found:#010x})")
    if magic is not None and found != magic:
        raise ValueError(f"{p}: magic number {found:#010x}, expected {magic:#010x}")
    dtype = np.dtype(_IDX_TYPES[raw[2]])
    ndim = raw[3]
    head = f.read(4 * ndim)
    if len(head) < 4 * ndim:
        raise ValueError(
            f"{p}: truncated: the header of {ndim} dimensions needs {4 + 4 * ndim} bytes"
        )
    dims = struct.unpack(f">{ndim}I", head)
    try:  # numpy's arrays have at most 64 dimensions (32 before numpy 2)
        np.empty((0,) * ndim)
    except ValueError:  # numpy's words ("maximum supported dimension …") named no file
        raise ValueError(
            f"{p}: its header gives {ndim} dimensions, more than a numpy array can have"
        ) from None
    needed = math.prod(dims) * dtype.itemsize
    data = _read_at_most(f, needed + 1)  # one byte more than promised: a longer file is refused
    if len(data) != needed:
        what = "truncated" if len(data) < needed else "too long"
        has = f"{len(data):,}" if len(data) <= needed else f"more than {needed:,}"
        raise ValueError(
            f"{p}: {what}: its header promises {' × '.join(map(str, dims))} values "
            f"({needed:,} bytes after the header), the file has {has}"
        )
    return np.frombuffer(data, dtype=dtype).reshape(dims)


def _split(images_path: Path, labels_path: Path) -> Arrays:
    images = read_idx(images_path, _IMAGES_MAGIC)
    labels = read_idx(labels_path, _LABELS_MAGIC)
    if images.shape[1:] != (SIDE, SIDE):
        raise ValueError(
            f"{images_path}: images of {images.shape[1]}×{images.shape[2]} pixels, "
            f"expected {SIDE}×{SIDE}"
        )
    if len(images) != len(labels):
        raise ValueError(
            f"{labels_path}: {len(labels):,} labels for the {len(images):,} images in {images_path}"
        )
    bad = np.flatnonzero(labels >= CLASSES)  # unsigned bytes: none below 0
    if bad.size:
        raise ValueError(
            f"{labels_path}: label {int(labels[bad[0]])} (at index {bad[0]} of {len(labels):,}"
            f"{f', and {bad.size - 1:,} more' if bad.size > 1 else ''}) is not a digit 0 to 9"
        )
    X = images.reshape(len(images), FEATURES).astype(np.float64) / 255.0
    return X, labels.astype(np.int64)
