"""Golden cases (tests/fmt/cases/X.arch formats to X.expected.arch) and the example models."""

from __future__ import annotations

from pathlib import Path

import pytest
from fmt_checks import assert_all, comment_texts, formatted

from archdsl.fmt import format_text

HERE = Path(__file__).resolve().parent
MODELS = HERE.parents[1] / "models"
CASES = sorted(p for p in (HERE / "cases").glob("*.arch") if not p.name.endswith(".expected.arch"))


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_golden_case(case, monkeypatch):
    monkeypatch.chdir(case.parent)
    expected = case.with_suffix(".expected.arch").read_text(encoding="utf-8")
    assert assert_all(case.read_text(encoding="utf-8"), case.name) == expected


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_expected_output_is_already_canonical(case):
    expected = case.with_suffix(".expected.arch").read_text(encoding="utf-8")
    assert formatted(expected) == expected


def test_the_cases_cover_every_construct():
    text = "".join(case.read_text(encoding="utf-8") for case in CASES)
    for construct in (
        "import ",
        "system ",
        "defaults ",
        "boundary ",
        "data ",
        "flow ",
        "accept ",
        "query by",
        "~>",
        '"""',
        '\\"',
        "x_",
        "6000rpm",
        "100/s",
        "512MB",
        "3 .. 12",
        ",]",
        "# ",
        "steps = web ~> mailer",
        '"signup"',
        "items json",
        "runs_on",
        "timeout = inherit",
    ):
        assert construct in text, construct


@pytest.mark.parametrize("model", sorted(MODELS.rglob("*.arch")), ids=lambda p: p.name)
def test_example_models_keep_meaning_layout_and_comments(model, monkeypatch):
    monkeypatch.chdir(model.parent)  # imports resolve against the working directory for text
    output = assert_all(model.read_text(encoding="utf-8"), model.name)
    assert sum(comment_texts(output).values()) > 0


def test_syntax_errors_give_diagnostics_not_text():
    result = format_text("service web {\n  replicas = \n}\n", "broken.arch")
    assert result.text is None
    assert result.errors and result.errors[0].code == "E001"


def test_line_ends_and_byte_order_mark_are_normalised():
    assert (
        formatted("\ufeffservice web {\r\n  replicas = 2\r\n}\r\n")
        == "service web {\n  replicas = 2\n}\n"
    )


def test_a_body_written_on_one_line_stays_on_one_line_however_long():
    long_value = '"' + "x" * 90 + '"'
    text = f"service web {{ replicas = 2  description = {long_value} }}\n"
    assert formatted(text) == text


def test_properties_written_on_one_line_stay_on_one_line():
    text = "service web {\n  replicas=2   zones = 2\n    capacity = 5rps\n}\n"
    assert formatted(text) == "service web {\n  replicas = 2  zones = 2\n  capacity = 5rps\n}\n"


def test_items_after_the_opening_brace_of_a_body_on_several_lines_move_below_it():
    text = "service web { replicas = 2\n  zones = 2 }\n"
    assert formatted(text) == "service web {\n  replicas = 2\n  zones = 2\n}\n"


def test_fields_alone_on_their_line_are_aligned_and_shared_lines_are_kept():
    text = "data D {\n  id uuid key\n  created_at datetime\n  a string  b json pii\n}\n"
    assert formatted(text) == (
        "data D {\n  id          uuid  key\n  created_at  datetime\n  a string  b json pii\n}\n"
    )


def test_several_steps_and_step_labels_are_kept():
    text = 'flow f {\n  steps = a ->  b "signup"->c\n  steps = b ~> d\n}\n'
    assert formatted(text) == 'flow f {\n  steps = a -> b "signup" -> c\n  steps = b ~> d\n}\n'


def test_hash_inside_a_string_is_not_a_comment():
    text = 'service web { description = "# not a comment" }  # a comment\n'
    assert formatted(text) == text


def test_comment_before_the_last_token_ends_the_joined_line():
    assert formatted("service web {\n  replicas =  # two\n  2\n}\n") == (
        "service web {\n  replicas = 2  # two\n}\n"
    )


def test_comment_inside_a_joined_list_moves_above_the_property():
    assert formatted("service web {\n  tags = [a,  # one\n    b, c]\n}\n") == (
        "service web {\n  # one\n  tags = [a, b, c]\n}\n"
    )


def test_trailing_comments_of_consecutive_lines_are_aligned():
    text = "service web {\n  replicas = 2 # two\n  capacity = 400rps      # per copy\n\n  zones = 3 # three\n}\n"
    assert formatted(text) == (
        "service web {\n  replicas = 2       # two\n  capacity = 400rps  # per copy\n\n"
        "  zones = 3  # three\n}\n"
    )


@pytest.mark.parametrize("model", sorted(MODELS.rglob("*.arch")), ids=lambda p: p.name)
def test_example_models_are_already_formatted(model):
    """`archdsl fmt --check models` passes: the example models are in the canonical layout."""
    text = model.read_text(encoding="utf-8")
    assert formatted(text, model.name) == text, f"run `archdsl fmt {model}`"
