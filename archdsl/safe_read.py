"""Read an input file only when it is a regular file of bounded size.

A FIFO named as a model, an import or a baseline made archdsl wait forever for a writer, and
`/dev/zero` made it read until memory ran out. Every file archdsl reads on a user's behalf goes
through `read_regular_file`: it opens without blocking, refuses anything but a regular file, and
refuses a file larger than the limit the caller gives (reading at most one byte more than it).
"""

from __future__ import annotations

import errno
import os
import stat

MB = 1024 * 1024


class NotAFile(OSError):
    """The path names a FIFO, a device, a socket or a folder."""


class TooLarge(OSError):
    """The file is larger than the caller's limit."""


def read_regular_file(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of the regular file at `path` (at most `limit`); OSError if it cannot be read."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    descriptor = os.open(path, flags)
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            what = _describe(info.st_mode)
            raise NotAFile(errno.EINVAL, f"it is {what}, not a regular file", os.fspath(path))
        if info.st_size > limit:
            raise _too_large(path, limit)
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise _too_large(path, limit)
    return data


def _too_large(path, limit: int) -> TooLarge:
    size = f"{limit // MB} MB" if limit >= MB else f"{limit} bytes"
    return TooLarge(errno.EFBIG, f"it is larger than the {size} limit", os.fspath(path))


def _describe(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"
