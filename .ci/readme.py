"""What the README promises a new user, read from the README itself (so CI checks the text users
read, not a second copy of it).

    python .ci/readme.py first-command    # pip install . && archdsl validate models/shop.arch
    python .ci/readme.py test-command     # pip install -e '.[test]' && python -m pytest
    python .ci/readme.py check-first      # run the first command; check its exit code and summary
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SECTION = "## Two commands on a fresh machine"


def readme() -> str:
    return (REPO / "README.md").read_text(encoding="utf-8")


def _section(text: str) -> str:
    start = text.index(SECTION)
    end = text.find("\n## ", start + len(SECTION))
    return text[start : end if end != -1 else len(text)]


def _blocks(text: str, language: str) -> list[str]:
    """The fenced code blocks of `text` whose info string is `language` ("" for none)."""
    blocks: list[str] = []
    current: list[str] | None = None
    opened_as = ""
    for line in text.splitlines():
        if line.startswith("```"):
            if current is None:
                current, opened_as = [], line[3:].strip()
            else:
                if opened_as == language:
                    blocks.append("\n".join(current) + "\n")
                current = None
        elif current is not None:
            current.append(line)
    return blocks


def commands() -> tuple[str, str]:
    """The two commands of the README's "Two commands on a fresh machine" section."""
    blocks = _blocks(_section(readme()), "sh")
    if len(blocks) != 2:
        raise SystemExit(f"README: expected 2 sh blocks under {SECTION!r}, found {len(blocks)}")
    first, test = (block.strip() for block in blocks)
    return first, test


def documented_exit_code() -> int:
    """The exit code the README gives for the first command ("... so it exits 1")."""
    before = _section(readme()).split("```sh", 1)[0]
    found = re.search(r"\bexits (\d+)\b", before)
    if found is None:
        raise SystemExit("README: the first command's exit code is not documented ('exits N')")
    return int(found.group(1))


def documented_summary(validate: str) -> str:
    """The summary line of the README's example output of `validate` (`$ archdsl validate ...`)."""
    for block in _blocks(readme(), ""):
        lines = block.splitlines()
        if lines and lines[0] == f"$ {validate}":
            summaries = [line for line in lines if re.match(r"\d+ errors?, ", line)]
            if len(summaries) == 1:
                return summaries[0]
    raise SystemExit(f"README: no example output of `{validate}` with one summary line")


def check_first() -> int:
    """Run the first command as a new user would, in a fresh virtual environment (so the
    developer's own environment is left alone); 0 when it does what the README says."""
    first, _ = commands()
    validate = first.split("&&")[-1].strip()
    expected_code, expected_summary = documented_exit_code(), documented_summary(validate)
    with tempfile.TemporaryDirectory(prefix="archdsl-readme-") as folder:
        env_dir = Path(folder) / "venv"
        venv.EnvBuilder(with_pip=True).create(env_dir)
        env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
        env["PATH"] = f"{env_dir / 'bin'}{os.pathsep}{env.get('PATH', '')}"
        print(f"$ {first}    (in a fresh virtual environment)", flush=True)
        done = subprocess.run(
            ["bash", "-c", first], cwd=REPO, env=env, stdout=subprocess.PIPE, text=True
        )
    print(done.stdout, end="")
    problems = []
    if done.returncode != expected_code:
        problems.append(f"exit code {done.returncode}, the README says {expected_code}")
    if expected_summary not in done.stdout.splitlines():
        problems.append(f"the README's summary line is not in the output: {expected_summary!r}")
    for problem in problems:
        print(f"README's first command: {problem}", file=sys.stderr)
    return 1 if problems else 0


def main(argv: list[str]) -> int:
    action = argv[0] if argv else ""
    if action == "first-command":
        print(commands()[0])
    elif action == "test-command":
        print(commands()[1])
    elif action == "check-first":
        return check_first()
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
