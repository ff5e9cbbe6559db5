"""Hypothesis: generated models with comments in random legal places keep their meaning, are
stable under a second pass, and keep every comment."""

from __future__ import annotations

from fmt_checks import assert_all
from fmt_strategies import model_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archdsl.syntax import parse_text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(model_text())
def test_generated_models_format_to_equivalent_stable_text_with_every_comment(text):
    assert parse_text(text).errors == [], text  # the generator only writes valid text
    assert_all(text)


PROPERTIES = st.sampled_from(
    ("replicas = 2", "zones = 3", "capacity = 400rps", "runs_on = vm-1", "x_a = [a, b]")
)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.lists(PROPERTIES, min_size=1, max_size=4), min_size=1, max_size=5),
    st.sampled_from((" ", "  ", "\t", "   ")),
    st.sampled_from(("", " ", "    ")),
)
def test_properties_keep_the_lines_they_were_written_on(groups, gap, indent):
    """gofmt's promise: the user's line breaks stay, spacing and indentation are normalised, so
    the output has exactly as many lines as the input (nothing is split or joined)."""
    text = "service web {\n" + "".join(indent + gap.join(g) + "\n" for g in groups) + "}\n"
    expected = "service web {\n" + "".join("  " + "  ".join(g) + "\n" for g in groups) + "}\n"
    assert assert_all(text) == expected
