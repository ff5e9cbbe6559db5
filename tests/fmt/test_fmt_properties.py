"""Hypothesis: generated models with comments in random legal places keep their meaning, are
stable under a second pass, and keep every comment."""

from __future__ import annotations

from fmt_checks import assert_all
from fmt_strategies import model_text
from hypothesis import HealthCheck, given, settings

from archdsl.syntax import parse_text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(model_text())
def test_generated_models_format_to_equivalent_stable_text_with_every_comment(text):
    assert parse_text(text).errors == [], text  # the generator only writes valid text
    assert_all(text)
