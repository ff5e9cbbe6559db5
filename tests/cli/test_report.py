"""`archdsl report`: one HTML file, exit 0 for a sound model and 1 for a broken one."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from archdsl.diagram import engine

MODEL = str(Path(__file__).resolve().parents[2] / "models" / "shop.arch")


class Ids(HTMLParser):
    def __init__(self, text):
        super().__init__()
        self.ids = set()
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.ids.update(value for name, value in attrs if name == "id")


@pytest.fixture(autouse=True)
def no_graphviz(monkeypatch):
    monkeypatch.setattr(engine, "system_dot", lambda source, fmt: None)
    monkeypatch.setattr(engine, "wasm_svg", lambda source: None)


def test_report_of_the_shop(cli, tmp_path):
    outcome = cli("report", MODEL, "-o", "review.html", expect=0)
    assert outcome.out == ""
    ids = Ids((tmp_path / "review.html").read_text(encoding="utf-8")).ids
    assert {"summary", "overview", "findings", "flows", "data", "risks", "flow-checkout"} <= ids


def test_report_of_a_broken_model_is_written_and_exits_1(cli, write, tmp_path):
    write("m.arch", "service api\napi -> nowhere\n")
    outcome = cli("report", "m.arch", "-o", "review.html", expect=1)
    assert "E002" in outcome.err
    page = (tmp_path / "review.html").read_text(encoding="utf-8")
    assert "diagnostics" in Ids(page).ids and "nowhere" in page


def test_report_needs_an_output_file(cli):
    assert "-o" in cli("report", MODEL, expect=2).err


def test_report_into_a_missing_folder_exits_2(cli):
    assert "cannot write" in cli("report", MODEL, "-o", "no/such/dir/r.html", expect=2).err
