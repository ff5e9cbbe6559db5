"""`archdsl init [DIR]`: a starter model that parses, validates and is already formatted."""

from __future__ import annotations

from archdsl.cli.init import STARTER_MODEL
from archdsl.fmt import format_text
from archdsl.syntax import parse_text
from archdsl.workspace import open_text


def test_writes_the_starter_model_in_the_current_folder(cli, tmp_path):
    outcome = cli("init", expect=0)
    assert (tmp_path / "architecture.arch").read_text(encoding="utf-8") == STARTER_MODEL
    assert "architecture.arch" in outcome.out


def test_writes_into_a_named_folder_creating_it(cli, tmp_path):
    cli("init", "new/place", expect=0)
    assert (tmp_path / "new" / "place" / "architecture.arch").is_file()


def test_refuses_to_overwrite_an_existing_file(cli, write):
    existing = write("here/architecture.arch", "# mine\n")
    outcome = cli("init", "here", expect=2)
    assert existing.read_text(encoding="utf-8") == "# mine\n"
    assert outcome.err.count("\n") == 1 and "already exists" in outcome.err


def test_the_starter_model_validates_without_errors(cli):
    cli("init", expect=0)
    outcome = cli("validate", "architecture.arch", expect=0)
    assert "0 errors" in outcome.out


def test_the_starter_model_parses_cleanly_and_resolves_without_diagnostics():
    assert parse_text(STARTER_MODEL).errors == []
    assert open_text(STARTER_MODEL, "architecture.arch").diagnostics == []


def test_the_starter_model_is_in_the_canonical_layout_and_teaches():
    assert format_text(STARTER_MODEL).text == STARTER_MODEL
    assert sum(line.lstrip().startswith("#") for line in STARTER_MODEL.splitlines()) >= 15
