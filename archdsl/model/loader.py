"""Read a workspace: the root file and every file it imports, with E006 for what goes wrong.

Paths in spans are shown relative to the working directory when the file lies below it, so
findings read `models/shop.arch:24:3` wherever archdsl is run from.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from archdsl.diagnostics import IMPORT_ERROR, SYNTAX_ERROR, model_error
from archdsl.findings import Finding
from archdsl.safe_read import MB, read_regular_file
from archdsl.spans import Span
from archdsl.syntax import ast
from archdsl.syntax.parser import ParseResult, parse_text

MAX_MODEL_BYTES = 16 * MB  # a 10,000-component model is about 2 MB


class UnreadableInput(Exception):
    """The root file itself cannot be read: archdsl cannot do its job (exit code 2)."""


def model_path(path: Path) -> Path:
    """The absolute, symlink-free path of a model file; OSError when it cannot be one.

    A path with a NUL character, a symlink loop, or a symlink to a file whose name does not end
    in `.arch` (a link to `/etc/shadow` would print its first word in an unknown-kind message)
    is refused.
    """
    if "\0" in str(path):
        raise OSError(0, "the path contains a NUL character", str(path))
    try:
        resolved = path.resolve()
    except RuntimeError as error:  # Python 3.11 reports a symlink loop so
        raise OSError(0, "symlink loop", str(path)) from error
    absolute = Path(os.path.abspath(path))
    if resolved != absolute and resolved.suffix != ".arch" and absolute.suffix == ".arch":
        raise OSError(0, f"it is a symlink to {resolved.name}, not to an .arch file", str(path))
    return resolved


@dataclass
class LoadedFiles:
    """The parsed files of one workspace in load order (root first), with their diagnostics."""

    root: Path
    files: list[ast.File] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    diagnostics: list[Finding] = field(default_factory=list)
    syntax_failed: bool = False
    cache: ParseCache | None = None


def display_path(path: Path) -> str:
    """`path` relative to the working directory when it lies below it, else absolute."""
    try:
        return (
            Path(os.path.relpath(path)).as_posix()
            if path.is_relative_to(Path.cwd())
            else path.as_posix()
        )
    except ValueError:
        return path.as_posix()


def decode(data: bytes, shown: str) -> tuple[str, Finding | None]:
    """Text of a file; undecodable bytes become U+FFFD and one E001 says where the first was."""
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        before = data[: error.start].decode("utf-8", errors="replace")
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        finding = model_error(
            SYNTAX_ERROR,
            "the file is not UTF-8 text",
            Span(shown, line, column, line, column + 1),
            "save the file as UTF-8",
        )
        return data.decode("utf-8", errors="replace"), finding


@dataclass
class ParsedFile:
    """One file read from disk and parsed: what a run may share between workspaces."""

    shown: str
    text: str
    encoding_problem: Finding | None
    result: ParseResult


ParseCache = dict[Path, ParsedFile]


def parse_file(path: Path, cache: ParseCache | None = None) -> ParsedFile:
    """Read and parse the file at the resolved `path` once per cache (OSError if unreadable)."""
    if cache is not None and path in cache:
        return cache[path]
    shown = display_path(path)
    text, encoding_problem = decode(read_regular_file(path, MAX_MODEL_BYTES), shown)
    parsed = ParsedFile(shown, text, encoding_problem, parse_text(text, shown))
    if cache is not None:
        cache[path] = parsed
    return parsed


def load_files(
    path: Path, root: Path | None = None, cache: ParseCache | None = None
) -> LoadedFiles:
    """Parse `path` and, depth first, every file it imports. A `cache` shared by the workspaces
    of one run reads and parses a file imported by several of them once."""
    try:
        # The root is the folder the file is named in, not where a symlink points.
        folder = root or Path(os.path.abspath(path)).parent
        path = model_path(path)
        parsed = parse_file(path, cache)
        folder = folder.resolve()
    except OSError as error:
        raise UnreadableInput(f"cannot read {path}: {error.strerror or error}") from error
    loaded = LoadedFiles(root=folder, cache=cache)
    _add(loaded, parsed, path, chain=[])
    return loaded


def load_text(text: str, name: str = "<text>") -> LoadedFiles:
    """Parse text that is not on disk (imports are resolved against the working directory)."""
    loaded = LoadedFiles(root=Path.cwd().resolve())
    _add(loaded, ParsedFile(name, text, None, parse_text(text, name)), None, chain=[])
    return loaded


def _add(loaded: LoadedFiles, parsed: ParsedFile, path: Path | None, chain: list[Path]) -> None:
    if parsed.encoding_problem is not None:
        loaded.diagnostics.append(parsed.encoding_problem)
        loaded.syntax_failed = True
    loaded.sources[parsed.shown] = parsed.text
    result = parsed.result
    loaded.files.append(result.file)
    if result.errors:
        loaded.diagnostics.extend(result.errors)
    if not result.file.complete:  # slips that recovery corrected leave nothing unread
        loaded.syntax_failed = True
    here = chain + ([path] if path is not None else [])
    base = path.parent if path is not None else Path.cwd()
    for statement in result.file.statements:
        if isinstance(statement, ast.Import):
            _follow_import(loaded, statement, base, here)


def _follow_import(
    loaded: LoadedFiles, statement: ast.Import, base: Path, chain: list[Path]
) -> None:
    try:
        target = model_path(base / statement.path)
    except OSError as error:
        _import_error(
            loaded,
            f"cannot import `{statement.path}`: {error.strerror}",
            statement,
            "import a .arch file by its path relative to the importing file",
        )
        return
    names = " -> ".join(display_path(p) for p in chain + [target])
    if not target.is_relative_to(loaded.root):
        _import_error(
            loaded,
            f"`{statement.path}` is outside the workspace root {display_path(loaded.root)}",
            statement,
            "keep imported files inside the workspace root (or configure `root`)",
        )
        return
    if target in chain:
        _import_error(
            loaded, f"import cycle: {names}", statement, "remove one of the imports in the cycle"
        )
        return
    if any(display_path(target) == f.path for f in loaded.files):
        return  # already read through another import
    try:
        parsed = parse_file(target, loaded.cache)
    except OSError as error:
        reason = (
            "no such file"
            if isinstance(error, FileNotFoundError)
            else (error.strerror or str(error))
        )
        _import_error(
            loaded,
            f"cannot import `{statement.path}`: {reason} (import chain: {names})",
            statement,
            "paths are relative to the importing file",
        )
        return
    _add(loaded, parsed, target, chain)


def _import_error(loaded: LoadedFiles, message: str, statement: ast.Import, hint: str) -> None:
    loaded.diagnostics.append(model_error(IMPORT_ERROR, message, statement.span, hint))
