"""The benchmark's generated models stay valid: a model with errors would time the wrong thing
(the rules skip what model errors leave out), so every shape must resolve without one."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from archdsl.diagnostics import Severity
from archdsl.workspace import open_text

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

from generate import generate  # noqa: E402
from shapes import SHAPES  # noqa: E402


def errors_of(text: str) -> list[str]:
    workspace = open_text(text, "bench.arch")
    return [str(d) for d in workspace.diagnostics if d.severity is Severity.ERROR]


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_shape_resolves_without_errors(name):
    text = SHAPES[name](60)
    assert errors_of(text) == []


def test_generated_model_resolves_without_errors():
    assert errors_of(generate(200)) == []


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_shape_grows_with_its_size(name):
    small, large = SHAPES[name](30), SHAPES[name](60)
    assert len(large) > 1.5 * len(small)
