"""Expand command-line paths into workspace roots: a folder means every `.arch` file below it,
and a file that another given file imports is checked through that file, not on its own."""

from __future__ import annotations

from pathlib import Path

from archdsl.model.loader import ParseCache, UnreadableInput, model_path, parse_file
from archdsl.syntax import ast


def expand(paths: list[Path]) -> list[Path]:
    """Files named directly, plus every `.arch` file below each folder, in a stable order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.arch") if p.is_file())
            if not found:  # a gate that checks nothing must not pass
                raise UnreadableInput(f"{path}: no .arch files in this folder")
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            raise UnreadableInput(f"{path}: no such file or folder")
    unique: dict[Path, Path] = {}
    for file in files:
        try:
            unique.setdefault(model_path(file), file)
        except OSError as error:
            raise UnreadableInput(f"cannot read {file}: {error.strerror or error}") from error
    return list(unique.values())


def imports_of(path: Path, cache: ParseCache | None = None) -> set[Path]:
    """The files `path` imports directly (resolved), read with the real parser; with a `cache`,
    the workspaces checked afterwards reuse the parse."""
    try:
        path = model_path(path)
        statements = parse_file(path, cache).result.file.statements
    except OSError as error:
        raise UnreadableInput(f"cannot read {path}: {error.strerror or error}") from error
    imported = set()
    for statement in statements:
        if isinstance(statement, ast.Import):
            try:
                imported.add(model_path(path.parent / statement.path))
            except OSError:
                continue  # reported as E006 when the importing file is checked
    return imported


def find_roots(paths: list[Path], cache: ParseCache | None = None) -> list[Path]:
    """The files to check as workspace roots: those no other given file imports."""
    files = expand(paths)
    if len(files) < 2:
        return files
    imported: set[Path] = set()
    for file in files:
        imported |= imports_of(file, cache)
    roots = [f for f in files if model_path(f) not in imported]
    return roots or files  # an import cycle among all of them: check each, E006 will say why
