"""CI runs what the README promises, and the README lists every gate CI runs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CI_RUN = (REPO / ".ci" / "run").read_text(encoding="utf-8")


def _readme(action: str) -> str:
    done = subprocess.run(
        [sys.executable, str(REPO / ".ci" / "readme.py"), action],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def _contributing() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return text.split("## Contributing", 1)[1].split("\n## ", 1)[0]


def _gates() -> dict[str, str]:
    """name -> command of every `gate "name" command...` line of .ci/run."""
    return dict(re.findall(r'^gate "([^"]+)" (.+)$', CI_RUN, flags=re.M))


def test_ci_runs_the_readme_test_command_exactly():
    command = _readme("test-command")
    assert command == "pip install -e '.[test]' && python -m pytest"
    assert f"  {command}\n" in CI_RUN
    assert "-eq 5" in CI_RUN  # pytest's "no tests collected" fails CI


def test_ci_checks_the_readme_first_command():
    assert _readme("first-command").startswith("pip install . && archdsl validate ")
    assert _gates()["README's first command"] == "python .ci/readme.py check-first"


def test_the_readme_documents_every_gate_ci_runs():
    contributing = _contributing()
    gates = _gates()
    assert {"lint", "format", "types", "layers", "model layout", "tests on a fresh clone"} <= set(
        gates
    )
    for name, command in gates.items():
        if command == "readme_tests":
            command = _readme("test-command")
        if command.startswith("pip install --quiet"):
            continue  # installs the tools, not a gate of its own
        if command.startswith("bash "):
            command = command.removeprefix("bash ")
        assert f"`{command}`" in contributing or f"`bash {command}`" in contributing, name
