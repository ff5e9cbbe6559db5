"""Write a file so readers see either the old content or the whole new one, never a part.

Only a regular file is ever replaced. Anything else that already exists at the path (`/dev/null`,
a FIFO, `/dev/stdout`, a terminal) is opened and written through: replacing `/dev/null` with a
regular file (as root, the norm in CI containers) breaks every later user of it, and a replaced
FIFO leaves its reader waiting forever. A regular file keeps what a user set on it: its mode, its
owner and group, and its hard links (a file with more than one link, or whose owner we cannot
give to the new copy, is rewritten in place). A read-only file is refused, not replaced.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path


def _new_file_mode() -> int:
    """The mode a plain `open(path, "w")` would give a new file under the current umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path: str | os.PathLike[str], text: str | bytes, encoding: str = "utf-8") -> None:
    """Write `text` to `path`: atomically for a regular file, through for anything else.

    A new or existing regular file gets a temporary file in the same folder, flushed to disk and
    renamed over it (removed if anything fails). An existing file keeps its permissions and owner;
    a symlink is written through to its target. Text is encoded as `encoding` without newline
    translation. Raises OSError (IsADirectoryError, PermissionError, ...) when it cannot write.
    """
    data = text.encode(encoding) if isinstance(text, str) else text
    try:
        info = os.stat(path)
    except FileNotFoundError:
        info = None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if info is not None and not stat.S_ISREG(info.st_mode):
        _write_through(path, data)
        return
    target = Path(os.path.realpath(path))
    if info is None:
        _replace(target, data, _new_file_mode(), None)
        return
    if not _writable(target, info):
        raise PermissionError(errno.EACCES, "the file is read-only", str(path))
    owner = (info.st_uid, info.st_gid)
    if info.st_nlink > 1 or not _can_give(owner):
        _rewrite_in_place(target, data)
    else:
        _replace(target, data, info.st_mode & 0o7777, owner)


def _writable(target: Path, info: os.stat_result) -> bool:
    """Writable by us, and not marked read-only (root may write anything, but should not)."""
    return os.access(target, os.W_OK) and bool(info.st_mode & 0o222)


def _can_give(owner: tuple[int, int]) -> bool:
    """Whether a new file of ours can carry `owner` (ours already, or we may chown)."""
    return owner == (os.geteuid(), os.getegid()) or os.geteuid() == 0


def _write_through(path: str | os.PathLike[str], data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)


def _rewrite_in_place(target: Path, data: bytes) -> None:
    """Write into the existing inode, so hard links and owner stay; flushed before returning."""
    with open(target, "r+b") as handle:
        handle.write(data)
        handle.truncate()
        handle.flush()
        os.fsync(handle.fileno())


def _replace(target: Path, data: bytes, mode: int, owner: tuple[int, int] | None) -> None:
    descriptor, temp_name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if owner is not None and owner != (os.geteuid(), os.getegid()):
            os.chown(temp_name, *owner)
        os.chmod(temp_name, mode)
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
