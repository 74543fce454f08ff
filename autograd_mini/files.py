"""Writing a file whole or not at all.

:func:`write_whole` writes into a temporary file beside the target and renames it over
the target (``os.replace``, atomic within one folder): a write that fails (a full disk,
a file-size limit) or is interrupted (Ctrl-C) leaves the old file as it was, where
writing in place had truncated it first and left half a picture. The temporary file is
removed on any exception, KeyboardInterrupt included.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat

__all__ = ["write_whole"]


def write_whole(
    path: str | os.PathLike[str],
    data: str | bytes,
    *,
    temporary: str | None = None,
    strict: bool = False,
) -> None:
    """Write ``data`` (text as UTF-8, or bytes) to ``path`` whole, or leave it as it was.

    A symbolic link is followed (its target gets the new contents; the link stays a
    link), and an existing file keeps its permission bits and its owner; a new one gets
    0666 minus the umask. An existing file this user may not write (``os.access``: chmod
    444) is refused with a PermissionError, as ``open(path, "w")`` refuses it — the
    rename needs only the folder's permission. Written in place, as ``open`` writes,
    where a rename cannot stand for it: a target that is not a regular file
    (``/dev/null``, ``/dev/stdout``, a FIFO: a rename would replace the device's name,
    not write to it), a file with other names (hard links, which would keep the old
    contents), a file whose owner this user cannot give a new file (another user's file
    it may write: a rename made it this user's, and in a sticky folder such as /tmp was
    refused), and a folder that refuses a new file (one this user may not add a file
    to, /proc).

    ``temporary`` names the temporary file (in the target's folder; by default
    ``.<name>.<random>.tmp``). ``strict``: a regular file is always renamed over, never
    written in place, which a crash may leave half done (nn.save's model files): a
    folder that refuses the temporary file is the error it is, and a file with other
    names, or another user's, is replaced (the other names keep the old contents; the
    file becomes this user's, or in a sticky folder the rename is refused).

    What a replaced file keeps: its path (a symbolic link stays a link), its permission
    bits and its owner (as above). What it does not keep: its extended attributes
    (``user.*`` xattrs, an SELinux label) and ACLs (``setfacl``), where the new file has
    what any new file in that folder gets (none, or the folder's default ACL); its other
    names (a hard link keeps the old contents, where ``strict`` replaces it); its inode
    number and creation time. Written in place, a file keeps them all, as with ``open``.

    Errors are the system's OSError, its ``filename`` the path as given (one without an
    error number, as a test raises, as it is).
    """
    given = os.fspath(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        now: os.stat_result | None = os.stat(given)
    except FileNotFoundError:
        now = None
    except OSError as exc:  # a name too long, a file where a folder should be
        raise OSError(exc.errno, exc.strerror, given) from None
    if now is not None and (not stat.S_ISREG(now.st_mode) or (now.st_nlink > 1 and not strict)):
        _write_in_place(given, payload)
        return
    if now is not None and not os.access(given, os.W_OK):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), given)
    target = os.path.realpath(given)
    folder, name = os.path.split(target)
    # named before it exists: however early an exception arrives (even between open
    # making the file and returning it), it can be removed
    tmp = os.path.join(folder, temporary or f".{name}.{secrets.token_hex(8)}.tmp")
    refused: OSError | None = None
    kept = False
    try:
        try:
            f = open(tmp, "xb")  # noqa: SIM115 (closed below)  "x": new, 0666 minus umask
        except OSError as exc:  # the folder refuses a new file (its permissions; /proc,
            # where "No such file" was said of a file there)
            refused = exc
        else:
            with f:
                kept = now is None or _keep(tmp, now) or strict
                if kept:
                    f.write(payload)
                    f.flush()
                    os.fsync(f.fileno())
            if kept:
                os.replace(tmp, target)
            else:  # (another user's file: the new one would be this user's)
                os.unlink(tmp)
    except BaseException as exc:
        with contextlib.suppress(OSError):  # gone already: the cause stands
            os.unlink(tmp)
        if isinstance(exc, OSError) and exc.errno is not None:  # named as the user named
            # it, not the temporary file
            raise OSError(exc.errno, exc.strerror, given) from None
        raise
    if refused is not None and strict:
        if refused.errno is None:
            raise refused
        raise OSError(refused.errno, refused.strerror, given) from None
    if not kept:  # the file itself may be writable: writing it says the system's reason
        # for that file, as open says it
        _write_in_place(given, payload)


def _keep(tmp: str, now: os.stat_result) -> bool:
    """Give the new file ``tmp`` the permission bits and owner of the file it replaces,
    whose ``os.stat`` is ``now``: False where this user may not give it that owner (only
    root gives a file to another user)."""
    os.chmod(tmp, stat.S_IMODE(now.st_mode))
    if not hasattr(os, "chown") or (now.st_uid, now.st_gid) == (os.geteuid(), os.getegid()):
        return True
    try:  # root keeps a student's file theirs
        os.chown(tmp, now.st_uid, now.st_gid)
    except OSError:
        return False
    return True


def _write_in_place(path: str, payload: bytes) -> None:
    try:
        with open(path, "wb") as f:
            f.write(payload)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, path) from None
