"""`archdsl render`: formats, filters, output files and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archdsl.diagram import engine

MODEL = str(Path(__file__).resolve().parents[2] / "models" / "shop.arch")
SMALL = """
boundary inside "Inside" {
  trust = high
  service api { replicas = 2  zones = 2  -> db { timeout = 1s  auth = iam  tls = true } }
  database db { replicas = 2  zones = 2  failover = automatic  backup = daily  encrypted = true }
}
"""


@pytest.fixture
def no_graphviz(monkeypatch):
    monkeypatch.setattr(engine, "system_dot", lambda source, fmt: None)
    monkeypatch.setattr(engine, "wasm_svg", lambda source: None)


def test_dot_to_stdout(cli):
    out = cli("render", MODEL, "--format", "dot", expect=0).out
    assert out.startswith("digraph architecture {") and "subgraph cluster_orders_domain" in out


def test_mermaid_flow_is_a_sequence_diagram(cli):
    out = cli("render", MODEL, "--format", "mermaid", "--flow", "checkout", expect=0).out
    assert out.startswith("sequenceDiagram\n") and "n_web->>n_api: places orders (https)" in out
    assert "n_catalog" not in out


def test_json_boundary_only(cli):
    data = json.loads(cli("render", MODEL, "--format", "json", "--boundary", "dmz", expect=0).out)
    assert {n["id"] for n in data["nodes"]} == {"edge", "web", "sessions", "webhooks"}


def test_no_findings_leaves_no_marks(cli):
    assert "penwidth=2.5" in cli("render", MODEL, "--format", "dot", expect=0).out
    assert (
        "penwidth=2.5" not in cli("render", MODEL, "--format", "dot", "--no-findings", expect=0).out
    )


def test_output_file_format_from_suffix(cli, tmp_path):
    cli("render", MODEL, "-o", "shop.mmd", expect=0)
    assert (tmp_path / "shop.mmd").read_text(encoding="utf-8").startswith("flowchart LR")


def test_svg_through_the_fallback_renderer(cli, write, tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "system_dot", lambda source, fmt: None)
    monkeypatch.setattr(
        engine, "wasm_svg", lambda source: b"<svg>" + str(len(source)).encode() + b"</svg>"
    )
    write("m.arch", SMALL)
    cli("render", "m.arch", "-o", "m.svg", expect=0)
    assert (tmp_path / "m.svg").read_bytes().startswith(b"<svg>")


def test_svg_without_graphviz_exits_2_saying_how_to_install(cli, write, no_graphviz, tmp_path):
    write("m.arch", SMALL)
    outcome = cli("render", "m.arch", "-o", "m.svg", expect=2)
    assert outcome.err.count("\n") == 1 and "apt-get install graphviz" in outcome.err
    assert not (tmp_path / "m.svg").exists()


def test_png_without_dot_exits_2(cli, write, no_graphviz):
    write("m.arch", SMALL)
    assert (
        "PNG needs the Graphviz `dot` program"
        in cli("render", "m.arch", "-o", "m.png", expect=2).err
    )


def test_png_needs_an_output_file(cli, write):
    write("m.arch", SMALL)
    assert "-o OUT" in cli("render", "m.arch", "--format", "png", expect=2).err


@pytest.mark.parametrize(
    "option, name, hint",
    [("--flow", "chekout", "`checkout`"), ("--boundary", "privat", "`private`")],
)
def test_unknown_filter_exits_2_with_did_you_mean(cli, option, name, hint):
    err = cli("render", MODEL, "--format", "dot", option, name, expect=2).err
    assert f"did you mean {hint}?" in err and err.count("\n") == 1


def test_broken_model_exits_1(cli, write):
    write("m.arch", "service api\napi -> nowhere\n")
    outcome = cli("render", "m.arch", "--format", "dot", expect=1)
    assert outcome.out == "" and "E002" in outcome.err


def test_unreadable_file_exits_2(cli):
    assert "missing.arch" in cli("render", "missing.arch", "--format", "dot", expect=2).err
