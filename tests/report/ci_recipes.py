"""Extract the `archdsl ...` command lines from docs/ci.md, so tests can run the recipes.

For the CLI tests: `archdsl_commands()` returns the commands of the fenced ```yaml blocks in
docs/ci.md in document order (GitHub Actions `run:` lines, GitLab `script:` items); pass
`languages=("yaml", "sh")` to include the shell blocks (the baseline how-to). `archdsl_argv()`
gives each as an argument list without the leading `archdsl`, ready for the CLI's `main(argv)`.
Load it by path (see `ci_recipes` in tests/report/conftest.py) or as `tests.report.ci_recipes`.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

DOCS_CI = Path(__file__).resolve().parents[2] / "docs" / "ci.md"

_FENCE = re.compile(r"^(\s*)```\s*([\w+-]*)\s*$")
_PREFIXES = ("- ", "run:", "script:", "$ ")
_COMMAND = re.compile(r"^archdsl\s+\S")


def fenced_blocks(text: str, languages: tuple[str, ...] = ("yaml",)) -> list[tuple[str, str]]:
    """The (language, body) of each fenced code block whose language is in `languages`."""
    blocks: list[tuple[str, str]] = []
    language: str | None = None
    body: list[str] = []
    for line in text.splitlines():
        fence = _FENCE.match(line)
        if fence and language is None:
            language, body = fence.group(2).lower(), []
        elif fence:
            if language in languages:
                blocks.append((language, "\n".join(body)))
            language = None
        elif language is not None:
            body.append(line)
    if language is not None:
        raise ValueError("unterminated code fence in docs/ci.md")
    return blocks


def _command_in(line: str) -> str | None:
    """The `archdsl ...` command a YAML or shell line runs, if any (comments ignored)."""
    text = line.strip()
    changed = True
    while changed:
        changed = False
        for prefix in _PREFIXES:
            if text.startswith(prefix):
                text, changed = text[len(prefix) :].strip(), True
    if text.startswith("#") or not _COMMAND.match(text):
        return None
    return text


def archdsl_commands(path: Path = DOCS_CI, languages: tuple[str, ...] = ("yaml",)) -> list[str]:
    """Every `archdsl ...` command in the chosen fenced blocks of `path`, in document order."""
    commands: list[str] = []
    for _, body in fenced_blocks(path.read_text(encoding="utf-8"), languages):
        for line in body.splitlines():
            command = _command_in(line)
            if command is not None:
                commands.append(command)
    return commands


def archdsl_argv(path: Path = DOCS_CI, languages: tuple[str, ...] = ("yaml",)) -> list[list[str]]:
    """`archdsl_commands` split like a shell would, without the leading `archdsl`."""
    argvs = []
    for command in archdsl_commands(path, languages):
        argv = shlex.split(command, comments=True)
        if any(token in ("|", "||", "&&", ";", ">", "<") for token in argv):
            raise ValueError(f"docs/ci.md command uses shell syntax, keep it plain: {command}")
        argvs.append(argv[1:])
    return argvs
