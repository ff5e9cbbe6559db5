"""`archdsl fmt [--check] [--diff] PATH...`: rewrite `.arch` files in the canonical layout.

Exit codes: 0 when every file is (or now is) canonical; 1 when a file has syntax errors (it is
never rewritten) or, with `--check`, when a file would change; 2 when a path cannot be read.
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

from archdsl.cli.errors import UsageError


def register(commands) -> None:
    """Add the `fmt` subcommand."""
    parser = commands.add_parser("fmt", help="rewrite .arch files in the canonical layout")
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="files, or folders (every .arch file below)"
    )
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 when a file would change"
    )
    parser.add_argument(
        "--diff", action="store_true", help="write nothing; print a unified diff of the changes"
    )
    parser.set_defaults(handler=run)


def run(args) -> int:
    """Format every file under `args.paths`; returns the exit code."""
    files = arch_files(args.paths)
    status = 0
    changed = 0
    for path in files:
        outcome = format_file(path, check=args.check, diff=args.diff)
        if outcome == "error" or (outcome == "changed" and args.check):
            status = 1
        changed += outcome == "changed"
    verb = "would be reformatted" if args.check or args.diff else "reformatted"
    print(f"{changed} of {len(files)} file{'s' if len(files) != 1 else ''} {verb}", file=sys.stderr)
    return status


def arch_files(paths: list[str]) -> list[Path]:
    """The files named, and every `.arch` file below the folders named, in a stable order."""
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*.arch") if p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            raise UsageError(f"no such file or folder: {name}")
    return list(dict.fromkeys(files))


def format_file(path: Path, check: bool, diff: bool) -> str:
    """Format one file: returns "error", "changed" or "unchanged"."""
    from archdsl.cli.output import say, write_output
    from archdsl.fmt import FormatterError, format_text

    original = _read(path)
    try:
        result = format_text(original, path.as_posix())
    except FormatterError as error:
        raise UsageError(f"{error}; the file was left untouched (please report this)") from error
    if result.text is None:
        for problem in result.errors:
            say(str(problem), problem.hint)
        print(f"{path.as_posix()}: not formatted: fix the syntax errors first", file=sys.stderr)
        return "error"
    if result.text == original:
        return "unchanged"
    if diff:
        sys.stdout.writelines(
            difflib.unified_diff(
                original.splitlines(keepends=True),
                result.text.splitlines(keepends=True),
                f"{path.as_posix()} (original)",
                f"{path.as_posix()} (formatted)",
            )
        )
    if check:
        print(f"would reformat {path.as_posix()}")
    elif not diff:
        write_output(str(path), result.text)
        print(f"reformatted {path.as_posix()}", file=sys.stderr)
    return "changed"


def _read(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise UsageError(f"{path.as_posix()} is not UTF-8 text (byte {error.start})") from error
    except OSError as error:
        raise UsageError(f"cannot read {path.as_posix()}: {error.strerror or error}") from error
