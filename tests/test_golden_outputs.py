"""What `archdsl validate` prints, byte for byte, in the JSON, text and SARIF formats, for every
example in models/ and for the benchmark's models at small sizes (the generated model at 200
components, each adversarial shape at 60). Optimisations must leave these bytes alone.

Regenerate after an intended change of findings or of a format with
`ARCHDSL_UPDATE_GOLDEN=1 python -m pytest tests/test_golden_outputs.py` and review the diff.
"""

from __future__ import annotations

import datetime
import functools
import os
import sys
from pathlib import Path

import pytest

from archdsl.cli import main as cli_main
from archdsl.cli import validate
from archdsl.rules.engine import run_rules
from archdsl.workspace_roots import find_roots

REPO = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden" / "outputs"
ROOTS = [p.relative_to(REPO) for p in find_roots([REPO / "models"])]
FORMATS = {"json": "json", "text": "txt", "sarif": "sarif"}
TODAY = datetime.date(2026, 11, 25)  # acceptances in the models expire relative to this day

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate  # noqa: E402
from shapes import SHAPES  # noqa: E402

BENCHMARK_MODELS = {"generated_200": lambda: generate(200)} | {
    f"{name}_60": functools.partial(build, 60) for name, build in sorted(SHAPES.items())
}


def validate_output(path: str, fmt: str, capsys, monkeypatch) -> bytes:
    """stdout of `archdsl validate PATH --format FMT`, run in this process on a fixed day, with
    the working folder's URI (SARIF's originalUriBaseIds) replaced by a fixed one."""
    monkeypatch.setattr(validate, "run_rules", functools.partial(run_rules, today=TODAY))
    capsys.readouterr()
    cli_main.main(["validate", path, "--format", fmt, "--fail-on", "never"])
    out = capsys.readouterr().out
    return out.replace(Path.cwd().as_uri() + "/", "file:///CHECKOUT/").encode("utf-8")


def check_golden(name: str, fmt: str, output: bytes) -> None:
    golden = GOLDEN / f"{name}.{FORMATS[fmt]}"
    if os.environ.get("ARCHDSL_UPDATE_GOLDEN"):
        GOLDEN.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(output)
    assert golden.is_file(), f"no golden file {golden.name}; run with ARCHDSL_UPDATE_GOLDEN=1"
    assert output == golden.read_bytes(), (
        f"`validate --format {fmt}` of {name} changed; if intended, regenerate with "
        "ARCHDSL_UPDATE_GOLDEN=1 python -m pytest tests/test_golden_outputs.py and review the diff"
    )


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("model_path", ROOTS, ids=str)
def test_example_model_output_matches_golden(model_path, fmt, capsys, monkeypatch):
    monkeypatch.chdir(REPO)
    output = validate_output(str(model_path), fmt, capsys, monkeypatch)
    check_golden(model_path.stem, fmt, output)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("name", sorted(BENCHMARK_MODELS))
def test_benchmark_model_output_matches_golden(name, fmt, capsys, monkeypatch, tmp_path):
    (tmp_path / f"{name}.arch").write_text(BENCHMARK_MODELS[name](), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    output = validate_output(f"{name}.arch", fmt, capsys, monkeypatch)
    check_golden(name, fmt, output)
