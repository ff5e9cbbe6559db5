"""The parser runs on lark-cython when it is installed, on Lark's own parser when asked, and both
give the same AST and the same syntax errors (CI's `lark-cython` gate runs this with lark-cython
installed; the other test gates run without it)."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from lark import Token

from archdsl.syntax import engine, parser

sys.path.insert(0, str(Path(__file__).parents[1] / "hardening"))
import fuzzing  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def _built(monkeypatch, pure: bool):
    """A parser built as the first parse of a process would build it."""
    if pure:
        monkeypatch.setenv(engine.PURE_PYTHON_VARIABLE, "1")
    else:
        monkeypatch.delenv(engine.PURE_PYTHON_VARIABLE, raising=False)
    return parser._parser.__wrapped__()


def test_the_variable_forces_lark_own_parser(monkeypatch):
    assert _built(monkeypatch, pure=True).options._plugins == {}


@pytest.mark.parametrize("value", ["", "0"])
def test_an_empty_or_zero_variable_does_not_force_it(monkeypatch, value):
    monkeypatch.setenv(engine.PURE_PYTHON_VARIABLE, value)
    assert engine.wanted() == engine.CYTHON


def test_lark_cython_parses_when_installed(monkeypatch):
    lark_cython = pytest.importorskip("lark_cython")
    assert _built(monkeypatch, pure=False).options._plugins is lark_cython.plugins


class _Misfit:
    """A parser plugin that cannot be built (as a lark-cython written for another Lark)."""

    def __init__(self, *args, **kwargs):
        raise TypeError("does not fit this Lark")

    @classmethod
    def deserialize(cls, *args, **kwargs):
        raise TypeError("does not fit this Lark")


def test_a_lark_cython_that_does_not_fit_is_not_used(monkeypatch):
    monkeypatch.setattr(engine, "cython_plugins", lambda: {"LALR_Parser": _Misfit})
    built = _built(monkeypatch, pure=False)
    assert built.options._plugins == {}
    monkeypatch.setattr(parser, "_parser", lambda: built)
    assert parser.parse_text("service api\n").file.statements


def test_tokens_of_either_engine_are_tokens():
    assert engine.is_token(Token("NAME", "api"))
    assert not engine.is_token("api")
    lark_cython = pytest.importorskip("lark_cython")
    assert engine.is_token(lark_cython.Token("NAME", "api"))


def _texts() -> list[str]:
    """Every model and documented example, the test models, and seeded mutations of them
    (syntax errors of every kind: recovery reads the parser's stack and the failing token)."""
    texts = fuzzing.corpus()
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests").rglob("*.arch"))]
    rng = random.Random(12)
    base = list(texts)
    texts += [fuzzing.mutate(rng.choice(base), rng, base) for _ in range(300)]
    return texts


def test_both_engines_give_the_same_ast_and_errors(monkeypatch):
    pytest.importorskip("lark_cython")
    pure = _built(monkeypatch, pure=True)
    compiled = _built(monkeypatch, pure=False)
    assert compiled.options._plugins
    differing = []
    for index, text in enumerate(_texts()):
        monkeypatch.setattr(parser, "_parser", lambda: pure)
        expected = parser.parse_text(text, "t.arch")
        monkeypatch.setattr(parser, "_parser", lambda: compiled)
        if parser.parse_text(text, "t.arch") != expected:
            differing.append(index)
    assert differing == []
