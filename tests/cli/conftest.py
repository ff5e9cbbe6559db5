"""One helper for every CLI test: run `archdsl` in-process and check exit code and output."""

from __future__ import annotations

import io
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
    """`cli("validate", "m.arch", expect=1)` runs in a temp folder (files via `write`)."""
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
