"""Expand command-line paths into workspace roots: a folder means every `.arch` file below it,
and a file that another given file imports is checked through that file, not on its own."""

from __future__ import annotations

from pathlib import Path

from archdsl.model.loader import UnreadableInput, decode
from archdsl.syntax import ast
from archdsl.syntax.parser import parse_text


def expand(paths: list[Path]) -> list[Path]:
    """Files named directly, plus every `.arch` file below each folder, in a stable order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*.arch") if p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            raise UnreadableInput(f"{path}: no such file or folder")
    unique: dict[Path, Path] = {}
    for file in files:
        unique.setdefault(file.resolve(), file)
    return list(unique.values())


def imports_of(path: Path) -> set[Path]:
    """The files `path` imports directly (resolved), read with the real parser."""
    try:
        text, _ = decode(path.read_bytes(), str(path))
    except OSError as error:
        raise UnreadableInput(f"cannot read {path}: {error.strerror or error}") from error
    statements = parse_text(text, str(path)).file.statements
    return {(path.parent / s.path).resolve() for s in statements if isinstance(s, ast.Import)}


def find_roots(paths: list[Path]) -> list[Path]:
    """The files to check as workspace roots: those no other given file imports."""
    files = expand(paths)
    if len(files) < 2:
        return files
    imported: set[Path] = set()
    for file in files:
        imported |= imports_of(file)
    roots = [f for f in files if f.resolve() not in imported]
    return roots or files  # an import cycle among all of them: check each, E006 will say why
