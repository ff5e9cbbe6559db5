"""Build a Lark LALR parser, keeping its analysed tables in a per-user cache that only we can write.

Lark's own `cache=True` keeps a pickle in the system temp directory under a predictable name and
unpickles whatever file it finds there, so any local user could plant one and run code as the next
user of archdsl. This cache lives in `$XDG_CACHE_HOME/archdsl` (`~/.cache/archdsl`), a directory
created with mode 0700; a file is read only when the directory and the file are owned by the
effective user, neither is writable by group or others, the file is regular (a symlink is refused)
and its first line is the key of the grammar and options (checked before anything is unpickled).
Files are written to a private temporary name and renamed into place, so a concurrent reader sees
a whole file or none. When anything about the cache is off, the parser is built from the grammar
(about 0.1 s of CPU) and the cache is left alone.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import stat
import sys
import tempfile
from pathlib import Path
from typing import Any

import lark
from lark import Lark
from lark.lark import _LOAD_ALLOWED_OPTIONS

# Options that hold callables: passed again on every load, never part of the key or the file
# (`_plugins` picks the engine that runs the same tables: lark-cython's or Lark's own).
_RUNTIME_OPTIONS = frozenset({"transformer", "lexer_callbacks", "_plugins"})
_MAX_CACHE_BYTES = 16 * 1024 * 1024


def build_parser(name: str, grammar: str, **options: Any) -> Lark:
    """A Lark parser for `grammar`: loaded from the private cache when a sound copy is there."""
    runtime = {key: value for key, value in options.items() if key in _RUNTIME_OPTIONS}
    key = _cache_key(grammar, options)
    directory = cache_directory()
    path = directory / f"{name}-{key[:32]}.lark" if directory is not None else None
    if path is not None:
        loaded = _load(path, key, runtime)
        if loaded is not None:
            return loaded
    parser = Lark(grammar, **options)
    if path is not None:
        _save(parser, path, key)
    return parser


def cache_directory() -> Path | None:
    """The private cache directory, created if missing; None when it is not safe to use."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        home = os.path.expanduser("~")
        if not os.path.isabs(home):
            return None
        base = os.path.join(home, ".cache")
    directory = Path(base) / "archdsl"
    try:
        os.makedirs(directory, mode=0o700, exist_ok=True)
        info = os.lstat(directory)
    except (OSError, ValueError):
        return None
    return directory if stat.S_ISDIR(info.st_mode) and _private(info) else None


def _private(info: os.stat_result) -> bool:
    """Owned by the effective user and not writable by group or others."""
    return info.st_uid == os.geteuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _cache_key(grammar: str, options: dict[str, Any]) -> str:
    fixed = sorted(
        (key, repr(value)) for key, value in options.items() if key not in _RUNTIME_OPTIONS
    )
    text = repr((grammar, fixed, lark.__version__, sys.version_info[:3], sys.implementation.name))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _load(path: Path, key: str, runtime: dict[str, Any]) -> Lark | None:
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or not _private(info) or info.st_size > _MAX_CACHE_BYTES:
            return None
        if handle.readline().rstrip(b"\n") != key.encode("ascii"):
            return None
        try:
            payload = pickle.load(handle)
            return Lark.__new__(Lark)._load(payload, **runtime)
        except Exception:  # a damaged file: build from the grammar instead
            return None


def _save(parser: Lark, path: Path, key: str) -> None:
    temp_name = None
    try:
        descriptor, temp_name = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(key.encode("ascii") + b"\n")
            parser.save(handle, _LOAD_ALLOWED_OPTIONS)
        os.replace(temp_name, path)
    except (OSError, pickle.PicklingError):
        if temp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)
