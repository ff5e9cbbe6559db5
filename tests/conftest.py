"""Helpers for every test that runs the command line: `cli` runs `archdsl` in-process and checks
exit code and output; `run_process` runs it as a real process, where file descriptors, devices
or the terminal matter; `write` puts a file in the test's temp folder."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass

import pytest

from archdsl.cli.main import main


@dataclass
class Outcome:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(tmp_path, monkeypatch):
    """`cli("validate", "m.arch", expect=1)` runs in-process in a temp folder (files via `write`)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)

    def run(*args: str, expect: int | None = None) -> Outcome:
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = main(list(args))
        outcome = Outcome(code, out.getvalue(), err.getvalue())
        if expect is not None:
            assert code == expect, (
                f"exit {code}, expected {expect}\nstdout:\n{outcome.out}\nstderr:\n{outcome.err}"
            )
        assert "Traceback" not in outcome.out + outcome.err
        assert "internal error" not in outcome.out + outcome.err
        return outcome

    return run


@pytest.fixture
def run_process(tmp_path):
    """Run `python -m archdsl ARGS` as a child process in the temp folder."""

    def run(*args: str, expect: int | None = None, timeout: float = 60, **kwargs) -> Outcome:
        env = {**os.environ, **kwargs.pop("env", {})}
        done = subprocess.run(
            [sys.executable, "-m", "archdsl", *args],
            cwd=kwargs.pop("cwd", tmp_path),
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
            **kwargs,
        )
        outcome = Outcome(done.returncode, done.stdout, done.stderr)
        if expect is not None:
            assert done.returncode == expect, (
                f"exit {done.returncode}, expected {expect}\n{done.stdout}\n{done.stderr}"
            )
        assert "Traceback" not in outcome.out + outcome.err
        return outcome

    return run


@pytest.fixture
def write(tmp_path):
    def write_file(name: str, text: str):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write_file
