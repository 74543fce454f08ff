"""Model files: versioned JSON with a checksum — never pickle.

Layout::

    {"format": "autograd-mini/model", "version": 1,
     "architecture": {"type": "MLP", "nin": 64, "nouts": [16, 16, 10], ...},
     "parameters": [0.12, -0.53, ...],           # in named_parameters() order
     "tied": [[3, 7]],                           # only if some are one Value (see below)
     "checksum": "sha256:…"}

The checksum is the SHA-256 of the canonical JSON of architecture + parameters, so a
file edited by hand (or cut short) is refused instead of silently giving a different
network. Each parameter enters it as the float it is (written as Python writes a float,
one spelling per float64 number, -0.0 apart from 0.0), and each whole number of the
architecture as an int (1.0 as 1), not as the file spells it: a file rewritten by a JSON
tool (``jq . m.json``, which writes 0.0 as 0, -0.0 as -0 and 1e22 as 1e+22) holds the
same numbers and still loads. (A checksum taken over the parameters as a file spells
them, which ``checksum`` gave before for integers, or over the architecture's floats as
floats, which it gave before for them, is accepted too.)
Loading only parses JSON and rebuilds a known module type: no code from the file is
ever run.

A parameter shared by two modules (tied: one Value in two places) is stored at each of
its places; ``tied`` lists the pairs of positions that are one Value, and loading
checks them against the model it fills, since a tie cannot be rebuilt from numbers:
nn's own classes tie nothing, so such a file loads with ``load(path, into=model)``
into a model built the way the saved one was.

``save`` refuses an architecture a JSON file would not give back as it is (a tuple, a
key that is not a str, nan, a numpy integer), naming the field, and one too long for
the first 64 KiB of a larger file (see below): load would refuse the file it wrote.

What a file may cost is bounded before it is read: a file over 64 KiB must declare its
format, version and architecture before the parameters (``save`` writes them first),
and its size must fit the parameter count that architecture implies — at least 2 and
at most 64 bytes per number, plus 64 KiB — so a few header bytes decide whether the
rest is worth parsing. JSON nested too deeply for the parser is a ValueError too.

Saving writes a temporary file ``.model-<random>.tmp`` next to the target and renames
it over the target (``os.replace`` is atomic), so a crash mid-save leaves the old file;
the temporary file is removed on any exception, KeyboardInterrupt included. A symbolic
link is followed (its target gets the new contents; the link stays a link), and an
existing file keeps its permission bits and owner; a new one gets 0666 minus the umask,
as any file a program creates (root's save keeps a student's file theirs). This is
:func:`autograd_mini.files.write_whole`, which also writes a picture's file, strict: a
regular file is always replaced whole, never written in place; a device (/dev/null)
is written as ``open(path, "w")`` writes it, not replaced by a file. The new file keeps
the old one's mode and owner only: not its extended attributes (xattrs) or ACLs (it has
what any new file in that folder gets), nor its other names — a hard link to the
model file goes on holding the old model (the link is split; ``cp`` onto the file,
which writes in place, would change both names).
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import json
import math
import os
import re
import secrets
import stat
from typing import Any, NoReturn

from autograd_mini import __version__
from autograd_mini.files import write_whole
from autograd_mini.value import Value, integer_size
from nn.checks import shown
from nn.layers import build, parameter_count, require_plain
from nn.module import Module, tie_conflict, tied_pairs
from nn.train import forget_loss

__all__ = [
    "FORMAT",
    "VERSION",
    "ModelFileForbidden",
    "ModelFileIsFolder",
    "ModelFileMissing",
    "ModelFileUnreadable",
    "ModelFileUnwritable",
    "ModelSaveFolderMissing",
    "ModelSaveForbidden",
    "ModelSaveThroughFile",
    "ModelSaveToFolder",
    "checksum",
    "load",
    "save",
]

FORMAT = "autograd-mini/model"
VERSION = 1

_BUILT = frozenset({"MLP", "Layer", "Neuron"})
"""The architecture types load rebuilds with nn's own classes (:func:`nn.layers.build`)."""


def checksum(architecture: Any, parameters: list[float], tied: Any = None) -> str:
    """``sha256:<hex>`` of the canonical JSON (sorted keys, no spaces) of both parts, and
    of the tied pairs when the model has any (a file of an untied model is as before).

    The parameters are taken as floats (0 as 0.0), and a float of the architecture that
    is a whole number as the int it equals (1.0 as 1, -0.0 as 0): a number's spelling in
    the file does not change it. load treats the two alike: it reads an architecture of
    its own by comparing it with ``into.architecture()`` (1.0 == 1), and nn's own
    types hold only ints and strings (a size of 2.0 is refused after the checksum)."""
    return _digest(_whole_as_int(architecture), [float(v) for v in parameters], tied)


def _whole_as_int(value: Any) -> Any:
    """``value`` (an architecture, as JSON gives it) with every float that is a whole
    number replaced by the int it equals: jq writes 1.0 as 1, and JSON cannot tell them
    apart. The int is exactly the float (int(1e22) == 1e22), so two numbers are alike
    here only when Python's == says so; True stays True (JSON spells it otherwise)."""
    if type(value) is float:
        return int(value) if value.is_integer() else value  # inf, nan: not whole
    if type(value) is dict:
        return {k: _whole_as_int(v) for k, v in value.items()}
    if type(value) is list:
        return [_whole_as_int(v) for v in value]
    return value


def _digest(architecture: Any, parameters: list[Any], tied: Any) -> str:
    """:func:`checksum` of the parameters as they are (an int written as one)."""
    contents = {"architecture": architecture, "parameters": parameters}
    if tied:
        contents["tied"] = tied
    canonical = json.dumps(
        contents,
        sort_keys=True,
        separators=(",", ":"),
        allow_nan=False,
    )
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _path_text(path: object, where: str) -> str:
    """``path`` as a str, or a TypeError naming ``where``: None (or an int, which open()
    would take for a file descriptor) is not a file name."""
    if not isinstance(path, (str, bytes, os.PathLike)):
        raise TypeError(
            f"{where}: path must be a file name (a str, bytes or a path object such as "
            f"pathlib.Path), got {type(path).__name__}"
        )
    text = os.fsdecode(path)
    if "\x00" in text:  # open() said only "embedded null byte"
        raise ValueError(
            f"{where}: the path {text!r} holds a null character (\\x00), which no file name "
            f"can hold"
        )
    return text


def _target(path: str | bytes | os.PathLike[str]) -> tuple[str, str]:
    """(the path as given, as a str; the file to write, through any symbolic link).

    A path that cannot name a file is refused for what it is, named as given: realpath
    turns ``""`` into the working folder and drops the slash of ``x.json/``, and a
    missing folder would otherwise surface as an error about the temporary file. Each is
    a :class:`ModelFileUnwritable`: a folder, or a path ending with a separator, a
    :class:`ModelSaveToFolder`; a path through a file a :class:`ModelSaveThroughFile`;
    a missing folder a :class:`ModelSaveFolderMissing`; an empty path the base class.
    """
    given = _path_text(path, "save")
    if not given:  # (open's FileNotFoundError; no folder is missing: the base class)
        why = "save: the path is empty; give a file name such as 'model.json'"
        raise ModelFileUnwritable(errno.ENOENT, why, given)
    if given.endswith((os.sep, os.altsep or os.sep)):  # open's IsADirectoryError
        why = f"save: {given!r} ends with a separator, so it names a folder, not a file"
        _cannot_write(given, errno.EISDIR, why)
    # through a symbolic link to the file it names: replacing the link itself would turn
    # it into a plain file and leave its target stale
    target = os.path.realpath(given)
    if os.path.isdir(target):
        _cannot_write(given, errno.EISDIR, f"save: {given!r} is a folder, not a file")
    folder = os.path.dirname(target)
    if not os.path.isdir(folder):
        part = folder  # the nearest part of the path that is there: a file, or nothing
        while not os.path.exists(part) and os.path.dirname(part) != part:
            part = os.path.dirname(part)
        if os.path.exists(part) and not os.path.isdir(part):  # 'm.json/x'
            why = f"{part!r} is a file, not a folder"
            _cannot_write(given, errno.ENOTDIR, f"save: cannot write {given!r}: {why}")
        why = f"there is no folder {folder!r}"
        _cannot_write(given, errno.ENOENT, f"save: cannot write {given!r}: {why}")
    return given, target


def _unwritable(now: os.stat_result) -> str:
    """Why an existing file this user may not write (``os.access``) is not replaced, from
    its ``os.stat`` ``now``: read-only to its owner, this user; another user's; or
    neither (a read-only file system, an immutable file: root too) — with what to do."""
    perms = stat.filemode(now.st_mode)[1:]
    me = os.geteuid() if hasattr(os, "geteuid") else None  # (none on Windows: its mode's)
    if me is None or (now.st_uid == me and not now.st_mode & stat.S_IWUSR):
        why = f"the file is read-only ({perms}); make it writable (chmod u+w) to replace it"
    elif now.st_uid != me and me != 0:
        why = (
            f"the file belongs to another user (uid {now.st_uid}, {perms}), and its "
            f"permissions do not let this one write it"
        )
    else:  # (root, or the owner with u+w: the permissions are not what refuses)
        why = (
            f"the file may not be written, though its permissions ({perms}) would let this "
            f"user write it (a read-only file system, or an immutable file)"
        )
    return f"{why}, or save under another name"


def save(model: Module, path: str | bytes | os.PathLike[str]) -> None:
    """Write ``model`` to ``path`` (a str, bytes or path object) atomically (temporary
    file + rename). An existing file keeps its permissions and owner, not its extended
    attributes, ACLs or other names (a hard link keeps the old model; see the module's
    notes); one its permissions keep from being written (chmod 444) is refused with a
    PermissionError, as ``open(path, "w")`` is. A file that cannot be written is a
    :class:`ModelFileUnwritable`, of open()'s class for the error (a folder given as the
    path an IsADirectoryError, a missing folder a FileNotFoundError, …).

    A model whose architecture is an MLP, Layer or Neuron must compute what nn's own
    class computes: a subclass that overrides any of its methods but ``__init__`` (and
    ``repr``) is refused, a TypeError naming it. The file keeps the numbers, not the
    code, and load rebuilds nn's classes (see :func:`nn.layers.require_plain`). A class
    that describes itself with an ``architecture()`` of its own type is saved, and read
    back with ``load(path, into=...)``.
    """
    if not isinstance(model, Module):
        raise TypeError(f"save: expected an nn.Module, got {type(model).__name__}")
    given, target = _target(path)
    if type(model).architecture is Module.architecture:  # "Id does not describe its
        # architecture", naming neither save nor a way on
        raise NotImplementedError(
            f"save: {type(model).__name__} does not describe its architecture: a model "
            f"file keeps a description (architecture(), a JSON-ready dict with a 'type') "
            f"and the numbers; define architecture() to save it (load(path, into=model) "
            f"reads it back), or keep model.state_dict() with json yourself"
        )
    architecture = model.architecture()
    if isinstance(architecture, dict) and architecture.get("type") in _BUILT:
        require_plain(
            model,
            "save",
            "a model file keeps only the architecture and the numbers, and load rebuilds "
            "nn's own classes from them, which may compute something else (an overridden "
            "forward, say)",
        )
    _refuse_unfaithful(architecture, "architecture")
    named = model.named_parameters()
    parameters = [float(p.data) for _, p in named]  # finite: a Value holds nothing else
    tied = [list(pair) for pair in tied_pairs(named)]
    document = {
        "format": FORMAT,
        "version": VERSION,
        "architecture": architecture,
        "parameters": parameters,
        **({"tied": tied} if tied else {}),  # which stored numbers are one Value
        "checksum": checksum(architecture, parameters, tied),
    }
    text = json.dumps(document, indent=1, allow_nan=False)
    _refuse_long_header(text)
    try:
        now: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        now = None
    except OSError as exc:  # a name too long, say: named as every other save error is
        _cannot_write(given, exc.errno, f"save: cannot write {given!r}: {exc.strerror}", exc)
    if now is not None and not os.access(target, os.W_OK):
        # the rename needs only the folder's permission: a file kept read-only on purpose
        # (or another user's) would be replaced where open(path, "w") is refused
        _cannot_write(given, errno.EACCES, f"save: cannot write {given!r}: {_unwritable(now)}")
    # 128 random bits make a clash with another file unthinkable; strict: a folder that
    # refuses it is said, not written in place (a crash there would leave half a model)
    tmp = f".model-{secrets.token_hex(16)}.tmp"
    try:
        write_whole(target, text, temporary=tmp, strict=True)
    except OSError as exc:
        if exc.errno is None:  # (no system error: as it is)
            raise
        folder = os.path.dirname(target)
        if exc.errno == errno.ENOENT and os.path.isdir(folder):
            # /proc's: no folder is missing (it was there, and is), but the system makes no
            # new file in it: "No such file or directory", a ModelSaveFolderMissing, read
            # as a missing folder. The base class, with its errno, as for an empty path
            near = os.path.dirname(given)  # as given ('/proc/self'), unless a link led away
            shown_folder = near if near and os.path.realpath(near) == folder else folder
            why = (
                f"save: cannot write {given!r}: the folder {shown_folder!r} is there, but the "
                f"system makes no new file in it (it said {exc.strerror!r}, as /proc and "
                f"other kernel file systems do); save in an ordinary folder"
            )
            raise ModelFileUnwritable(exc.errno, why, given) from exc
        _cannot_write(given, exc.errno, f"save: cannot write {given!r}: {exc.strerror}", exc)


def _refuse_unfaithful(value: Any, where: str) -> None:
    """A ValueError naming the first part of ``value`` (the architecture; ``where`` says
    which part) that a JSON file does not give back as it is: a tuple (read back as a
    list), a key that is not a str (read back as one), nan or infinity (not JSON), a
    number or object of another type (a numpy integer, say). load compares the file's
    architecture with ``into.architecture()``, so such a file would be refused by load
    as not matching the very model that saved it."""
    kind = type(value)
    if kind is dict:
        for key, item in value.items():
            if type(key) is not str:
                raise ValueError(
                    f"save: {where} has the key {key!r} ({type(key).__name__}); a JSON file "
                    f"gives every key back as a str, so load would not match it: use str keys"
                )
            _refuse_unfaithful(item, f"{where}[{key!r}]")
    elif kind is list:
        for i, item in enumerate(value):
            _refuse_unfaithful(item, f"{where}[{i}]")
    elif kind is tuple:
        raise ValueError(
            f"save: {where} is the tuple {shown(value)}; a JSON file gives it back as a "
            f"list, so load would not match it: use a list"
        )
    elif kind is float:
        if not math.isfinite(value):
            raise ValueError(f"save: {where} is {value!r}, which a JSON file cannot hold")
    elif kind not in (str, int, bool, type(None)):
        raise ValueError(
            f"save: {where} is {shown(value)} ({kind.__name__}), which a JSON file does not "
            f"give back as it is: use str, int, float, bool, None, lists and dicts with str "
            f"keys"
        )


def _refuse_long_header(text: str) -> None:
    """A ValueError unless load, reading the file ``text`` (save's), finds its format,
    version and architecture within the first :data:`HEAD_BYTES` (required of a file
    larger than that, which load sizes before reading it): an architecture of 10,000
    words fails there, and was refused only when loaded ("Unterminated string")."""
    data = text.encode("utf-8")
    if len(data) <= HEAD_BYTES:
        return
    try:
        head = codecs.getincrementaldecoder("utf-8")().decode(data[:HEAD_BYTES])
        reached = _header(head)[1]
    except ValueError:  # the architecture's JSON is cut by the limit
        reached = False
    if not reached:
        size = len(json.dumps(json.loads(text)["architecture"], indent=1).encode("utf-8"))
        raise ValueError(
            f"save: the architecture takes {size:,} bytes of JSON; a model file larger "
            f"than {HEAD_BYTES:,} bytes (64 KiB) must give its format, version and "
            f"architecture within them, before the parameters, so that load can size it "
            f"before reading it: describe the architecture in fewer bytes"
        )


class _Told(OSError):
    """An OSError whose str() is its message alone, as every other nn error's is
    (OSError's own would read "[Errno 2] load: …")."""

    def __str__(self) -> str:
        if self.strerror is None:  # made with one message, ModelFileMissing("…"): that
            return super().__str__()
        return str(self.strerror)


class ModelFileUnreadable(_Told, ValueError):
    """:func:`load` could not read the file: an OSError with open()'s ``errno`` and
    ``filename`` (``except OSError`` catches it), and still the ValueError every other
    unusable model file is (``except ValueError`` caught it before). Its str() is load's
    message alone, as every other load error's is. Where open() raises one of these, the
    error is that OSError subclass too:
    :class:`ModelFileMissing` (FileNotFoundError), :class:`ModelFileIsFolder`
    (IsADirectoryError), :class:`ModelFileForbidden` (PermissionError); any other
    failure to read (a path through a file, ``'m.json/x'``; an I/O error) is this class."""


class ModelFileUnwritable(_Told, ValueError):
    """:func:`save` could not write the file: load's twin, an OSError with the system's
    ``errno`` and the path given as ``filename``, and a ValueError (a folder given as the
    path was one). Where the error is one of open()'s own, it is that OSError subclass
    too, as ``open(path, "w")`` would raise it: :class:`ModelSaveToFolder` (a folder
    given as the path, IsADirectoryError), :class:`ModelSaveThroughFile` (a path through
    a file, ``'m.json/x'``, NotADirectoryError), :class:`ModelSaveFolderMissing` (a
    missing folder, FileNotFoundError), :class:`ModelSaveForbidden` (a file or folder
    this user may not write, PermissionError). Its str() is save's message alone."""


class ModelSaveToFolder(ModelFileUnwritable, IsADirectoryError):
    """:func:`save` given a folder as the path: an IsADirectoryError, as
    ``open(path, "w")`` raises."""


class ModelSaveThroughFile(ModelFileUnwritable, NotADirectoryError):
    """:func:`save` to ``'m.json/x'``, where ``m.json`` is a file: a NotADirectoryError,
    as ``open(path, "w")`` raises."""


class ModelSaveFolderMissing(ModelFileUnwritable, FileNotFoundError):
    """:func:`save` into a folder that is not there: a FileNotFoundError, as
    ``open(path, "w")`` raises."""


class ModelSaveForbidden(ModelFileUnwritable, PermissionError):
    """:func:`save` over a file, or into a folder, this user may not write: a
    PermissionError, as ``open(path, "w")`` raises."""


#: save's error class for a system error number (any other is ModelFileUnwritable)
_UNWRITABLE: dict[int, type[ModelFileUnwritable]] = {
    errno.EISDIR: ModelSaveToFolder,
    errno.ENOTDIR: ModelSaveThroughFile,
    errno.ENOENT: ModelSaveFolderMissing,
    errno.EACCES: ModelSaveForbidden,
    errno.EPERM: ModelSaveForbidden,
}


def _cannot_write(
    given: str, number: int | None, message: str, cause: BaseException | None = None
) -> NoReturn:
    """Raise save's :class:`ModelFileUnwritable` of the class for ``number``, an errno
    (open()'s class for it: a folder an IsADirectoryError), saying ``message``."""
    kind = (
        _UNWRITABLE.get(number, ModelFileUnwritable) if number is not None else ModelFileUnwritable
    )
    raise kind(number, message, given) from cause


class ModelFileMissing(ModelFileUnreadable, FileNotFoundError):
    """:func:`load` of a path where no file is: a FileNotFoundError, as ``open`` raises."""


class ModelFileIsFolder(ModelFileUnreadable, IsADirectoryError):
    """:func:`load` of a folder: an IsADirectoryError, as ``open`` raises on Linux and
    macOS (Windows' PermissionError for a folder is this too)."""


class ModelFileForbidden(ModelFileUnreadable, PermissionError):
    """:func:`load` of a file its permissions (or a folder's on its path) keep this user
    from reading: a PermissionError, as ``open`` raises."""


def _unreadable(where: str, exc: OSError) -> NoReturn:
    """Raise load's error for open()'s or a read's ``exc`` on the path ``where``: the
    class for what it is, and a message saying what is wrong there, the path named once
    (open()'s "[Errno 21] Is a directory: '…'" said it twice)."""
    if isinstance(exc, FileNotFoundError):
        raise ModelFileMissing(errno.ENOENT, f"load: no model file at {where!r}", where) from None
    if isinstance(exc, IsADirectoryError) or (
        isinstance(exc, PermissionError) and os.path.isdir(where)  # (Windows says so)
    ):
        why = f"load: cannot read {where!r}: it is a folder, not a file"
        raise ModelFileIsFolder(errno.EISDIR, why, where) from None
    if isinstance(exc, PermissionError):
        try:
            now = os.stat(where)
            held = f" ({stat.filemode(now.st_mode)}, owner uid {now.st_uid})"
        except OSError:  # a folder on the path that may not be entered
            held = ""
        why = (
            f"permission denied: its permissions{held}, or a folder's on its path, do not "
            f"let this user read it"
        )
        raise ModelFileForbidden(exc.errno, f"load: cannot read {where!r}: {why}", where) from None
    if isinstance(exc, NotADirectoryError):  # 'm.json/x': which part is a file
        part = os.path.dirname(where)
        while part and not os.path.exists(part) and os.path.dirname(part) != part:
            part = os.path.dirname(part)
        if os.path.isfile(part):
            why = f"no model file at {where!r}: {part!r} is a file, not a folder"
            raise ModelFileUnreadable(exc.errno, f"load: {why}", where) from None
    why = exc.strerror or type(exc).__name__  # an I/O error, a name too long: as told
    raise ModelFileUnreadable(exc.errno, f"load: cannot read {where!r}: {why}", where) from exc


def _fail(path: str, why: str) -> NoReturn:
    raise ValueError(f"load: {path!r} is not a valid autograd-mini model file: {why}")


def _not_text(path: str, exc: UnicodeDecodeError) -> NoReturn:
    """A binary file (a torch ``.pt``, a numpy ``.npy``): named for what it is not, not by
    the codec's complaint."""
    byte = exc.object[exc.start]
    raise ValueError(
        f"load: {path!r} is not an autograd-mini model file (JSON text): it holds binary "
        f"data (byte {byte:#04x} at position {exc.start:,} is not UTF-8)"
    ) from None


def _integer(text: str) -> int | float:
    """A JSON integer: -0 (how jq writes the float -0.0) is -0.0, which Python's int()
    would make 0, a number of the other sign."""
    return -0.0 if text == "-0" else int(text)


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(f"non-finite number {name}")


HEAD_BYTES = 64 * 1024
"""A larger file must show format, version and architecture within its first 64 KiB
(save() writes them in well under 1 KiB), before the parameters."""
MIN_BYTES_PER_PARAMETER = 2
"""``0,`` — no JSON number with its comma is shorter."""
MAX_BYTES_PER_PARAMETER = 64
"""``-2.2250738585072014e-308,`` and a line break and indent take 28; 64 leaves room for
a file re-indented or written by another JSON tool."""

_SPACE = re.compile(r"[ \t\n\r]+")


def _skip_space(text: str, i: int) -> int:
    """The index of the first non-whitespace character at or after ``i``."""
    m = _SPACE.match(text, i)
    return m.end() if m else i


def _header(text: str) -> tuple[dict[str, Any], bool]:
    """The top-level fields of a JSON object that come before ``"parameters"``, and
    whether ``"parameters"`` was reached: only these few bytes are parsed, whatever
    follows. Raises ValueError (JSONDecodeError) or RecursionError on bad JSON."""
    decoder = json.JSONDecoder(parse_constant=_reject_constant)
    fields: dict[str, Any] = {}
    i = _skip_space(text, 0)
    if not text.startswith("{", i):
        raise ValueError("the top level is not a JSON object")
    i = _skip_space(text, i + 1)
    if text.startswith("}", i):
        return fields, False
    while True:
        key, i = decoder.raw_decode(text, i)
        i = _skip_space(text, i)
        if not isinstance(key, str) or not text.startswith(":", i):
            raise ValueError(f"expected a key and ':' at character {i}")
        i = _skip_space(text, i + 1)
        if key == "parameters":
            return fields, True
        fields[key], i = decoder.raw_decode(text, i)
        i = _skip_space(text, i)
        if text.startswith("}", i):
            return fields, False
        if not text.startswith(",", i):
            raise ValueError(f"expected ',' or '}}' at character {i}")
        i = _skip_space(text, i + 1)


def _check_document_header(where: str, document: dict[str, Any]) -> None:
    if document.get("format") != FORMAT:
        _fail(where, f"format is {document.get('format')!r}, expected {FORMAT!r}")
    if "version" not in document:
        _fail(where, f'it gives no "version" (save writes "version": {VERSION})')
    version = document["version"]
    if type(version) is not int:  # not True, not 1.0, not "1": what save wrote
        _fail(where, f"version {version!r} is not a version number (save writes {VERSION})")
    if version > VERSION:  # "not supported" told nobody what to do
        _fail(
            where,
            f"version {version} was written by a newer autograd-mini; this one "
            f"({__version__}) reads version {VERSION}: upgrade it to load the file (it is "
            f"installed from its checkout, not from PyPI: git pull there)",
        )
    if version != VERSION:  # below 1: no autograd-mini wrote it
        _fail(
            where, f"version {version} is no version autograd-mini wrote (its files are {VERSION})"
        )


def _size_limit(where: str, size: int, head: bytes, into: Module | None) -> int:
    """For a file over :data:`HEAD_BYTES`: read the declared architecture from the first
    bytes and check the file's size against it; the most bytes the file may hold."""
    try:
        text = codecs.getincrementaldecoder("utf-8")().decode(head)  # a cut character waits
        fields, reached = _header(text)
    except UnicodeDecodeError as exc:
        _not_text(where, exc)
    except RecursionError:
        _fail(where, "JSON nested too deeply")
    except ValueError as exc:
        _fail(where, f"{exc} (in the first {HEAD_BYTES:,} bytes, before the parameters)")
    if not reached or any(k not in fields for k in ("format", "version", "architecture")):
        _fail(
            where,
            f"a file of {size:,} bytes must give format, version and architecture before "
            f"the parameters, within its first {HEAD_BYTES:,} bytes (as save writes it)",
        )
    _check_document_header(where, fields)
    architecture = fields["architecture"]
    if into is not None:
        _check_into(where, into, architecture)
    try:
        count = parameter_count(architecture)  # arithmetic, nothing is built
    except ValueError as exc:
        if into is None:
            _fail(where, str(exc))
        count = len(into.named_parameters())  # a module type of its own: ask it
    low, high = MIN_BYTES_PER_PARAMETER * count, HEAD_BYTES + MAX_BYTES_PER_PARAMETER * count
    if size < low:
        _fail(
            where,
            f"the file has {size:,} bytes, too few for the {count:,} parameters its "
            f"architecture has (they need at least {low:,} bytes)",
        )
    if size > high:
        _fail(
            where,
            f"the file has {size:,} bytes, more than its architecture's {count:,} parameters "
            f"can take (at most {high:,} bytes); refused before reading it",
        )
    return high


def _check_into(where: str, into: Module, architecture: Any) -> None:
    """A ValueError unless the file's architecture is ``into``'s: the file may be valid,
    of another model, and is named so (not "not a valid model file")."""
    if not isinstance(into, Module):
        raise TypeError(f"load: into must be an nn.Module, got {type(into).__name__}")
    if into.architecture() != architecture:
        raise ValueError(
            f"load: {where!r} is a model file of another architecture: its "
            f"{shown(architecture, 200)} does not match the model's "
            f"{shown(into.architecture(), 200)} (into=)"
        )


def load(path: str | bytes | os.PathLike[str], into: Module | None = None) -> Module:
    """Read a model file; rebuild the network, or fill ``into`` when given.

    Every problem — missing file, invalid, truncated or too deeply nested JSON, another
    format or version, a file too large or too small for its declared architecture
    (checked before the bulk of it is read), a checksum mismatch, an architecture that
    differs from ``into``, a wrong number of parameters, a non-finite number — raises
    ValueError saying which. A file that cannot be read at all is a
    :class:`ModelFileUnreadable`, an OSError too, with open()'s errno and ``filename``:
    a missing file's a :class:`ModelFileMissing` (a FileNotFoundError), a folder's a
    :class:`ModelFileIsFolder` (an IsADirectoryError), an unreadable file's a
    :class:`ModelFileForbidden` (a PermissionError). A UTF-8 byte-order mark before the
    JSON (Windows Notepad saves one) is skipped: the text is the same.

    The file keeps no loss: the model given back (``into`` too) is one whose weights
    came without the loss they were trained with, so :func:`~nn.train.fit` and
    :func:`~nn.train.evaluate` without ``loss=`` ask for it rather than choose one.
    """
    where = _path_text(path, "load")
    if into is not None and not isinstance(into, Module):
        raise TypeError(f"load: into must be an nn.Module, got {type(into).__name__}")
    try:
        with open(where, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            head = f.read(HEAD_BYTES)
            if head.startswith(codecs.BOM_UTF8):  # Notepad's UTF-8 mark: not the JSON's
                head, size = head[len(codecs.BOM_UTF8) :], size - len(codecs.BOM_UTF8)
            limit = HEAD_BYTES if size <= HEAD_BYTES else _size_limit(where, size, head, into)
            data = head + f.read(limit + 1 - len(head))
        if len(data) > limit:
            _fail(where, f"the file grew past {limit:,} bytes while it was read")
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        _not_text(where, exc)
    except OSError as exc:
        _unreadable(where, exc)
    try:
        document = json.loads(text, parse_constant=_reject_constant, parse_int=_integer)
    except ValueError as exc:  # JSONDecodeError is a ValueError
        _fail(where, f"invalid or truncated JSON ({exc})")
    except RecursionError:  # "[" × 100,000: the parser's own limit, not a crash
        _fail(where, "JSON nested too deeply")
    if not isinstance(document, dict):
        _fail(where, "the top level is not a JSON object")
    _check_document_header(where, document)
    missing = [k for k in ("architecture", "parameters", "checksum") if k not in document]
    if missing:
        _fail(where, f"missing field(s) {missing}")
    architecture, parameters = document["architecture"], document["parameters"]
    if not isinstance(parameters, list):
        _fail(where, "parameters is not a list")
    for i, v in enumerate(parameters):
        try:
            finite = not isinstance(v, bool) and isinstance(v, (int, float)) and math.isfinite(v)
        except OverflowError:  # an int beyond any float: 10**400
            finite = False
        if not finite:
            what = integer_size(v) if type(v) is int else f"{v!r:.40}"
            _fail(where, f"parameter {i} is {what}, expected a finite number")
    tied = document.get("tied", [])
    try:
        expected = checksum(architecture, parameters, tied)
        if document["checksum"] != expected:  # as checksum() took it before: an
            # architecture's floats as they are (an old file, or a tampered one)
            expected = _digest(architecture, [float(v) for v in parameters], tied)
        if document["checksum"] != expected and any(type(v) is int for v in parameters):
            expected = _digest(architecture, parameters, tied)  # taken over ints as ints
    except (TypeError, ValueError, RecursionError) as exc:
        _fail(where, f"cannot checksum the contents ({exc})")
    if document["checksum"] != expected:
        _fail(where, "checksum mismatch: the file was modified or corrupted after saving")
    if into is not None:
        _check_into(where, into, architecture)
        model = into
    else:
        # counted before building: a file cannot make us allocate more parameters than
        # it actually stores
        try:
            count = parameter_count(architecture)
        except ValueError as exc:
            _fail(where, str(exc))
        if count != len(parameters):
            _fail(where, f"{len(parameters):,} parameters stored, the architecture has {count:,}")
        try:
            model = build(architecture)
        except (ValueError, TypeError) as exc:
            _fail(where, str(exc))
    named = model.named_parameters()
    if len(named) != len(parameters):
        _fail(where, f"{len(parameters):,} parameters stored, the architecture has {len(named):,}")
    _check_ties(where, tied, named, parameters, into)
    # every number was checked above, so this cannot stop half-way; one pass, in the
    # order named_parameters() lists (which is the order save wrote)
    for (_, p), v in zip(named, parameters, strict=True):
        p.data = float(v)
    forget_loss(model)  # the file keeps no loss: fit and evaluate ask for loss=
    return model


def _check_ties(
    where: str,
    stored: Any,
    named: list[tuple[str, Value]],
    parameters: list[Any],
    into: Module | None,
) -> None:
    """The file's tied pairs (parameters that were one Value when saved) against the
    model's: a tie the model does not have would be undone without a word — the two
    would train apart — and two numbers for one Value of the model, the last would win."""
    if not isinstance(stored, list) or not all(
        isinstance(pair, list)
        and len(pair) == 2
        and all(type(k) is int for k in pair)
        and 0 <= pair[0] < pair[1] < len(parameters)
        for pair in stored
    ):
        _fail(where, "tied is not a list of [i, j] pairs of parameter positions, i < j")
    names = [n for n, _ in named]
    kept = set(tied_pairs(named))
    for i, j in stored:
        if (i, j) not in kept:
            how = (
                "build the model as the saved one was built, tying them, and load the "
                "file into it: load(path, into=model)"
                if into is None
                else "tie them in the model given, as the saved one did"
            )
            _fail(
                where,
                f"parameters {names[i]!r} and {names[j]!r} were one Value (tied) in the "
                f"saved model, and are two here, so they would train apart: {how}",
            )
    conflict = tie_conflict(named, parameters)
    if conflict is not None:
        i, j = conflict
        _fail(
            where,
            f"{names[i]!r} and {names[j]!r} are one parameter of this model (tied), but "
            f"the file holds {parameters[i]!r} and {parameters[j]!r} for them",
        )
