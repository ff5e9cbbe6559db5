"""`archdsl impact FILE ELEMENT`: text output and exit codes."""

from __future__ import annotations

from pathlib import Path

MODEL = str(Path(__file__).resolve().parents[2] / "models" / "shop.arch")


def test_impact_of_the_orders_database(cli):
    out = cli("impact", MODEL, "orders_db", expect=0).out
    lines = out.splitlines()
    assert lines[0] == 'If orders_db fails (database "Orders DB"):'
    assert (
        "  components that fail with it: 5 of 17 (edge, web, api, fulfilment, backoffice)" in lines
    )
    assert "  flows: 2 of 3 break" in lines
    assert any(line.split() == ["checkout", "99.997%", "->", "0%", "breaks"] for line in lines)
    assert any(
        line.split() == ["payment_confirmed", "99.5%", "->", "99.5%", "delayed"] for line in lines
    )
    assert any(
        line.split()[:3] == ["order_events", "~>", "fulfilment"] and "waits in the queue" in line
        for line in lines
    )


def test_impact_through_a_fallback(cli):
    out = cli("impact", MODEL, "stripe", expect=0).out
    assert "absorbed by its fallback (order_events)" in out
    assert "falls back (fallback: order_events)" in out and "flows: 0 of 3 break" in out


def test_unknown_element_exits_2_with_did_you_mean(cli):
    err = cli("impact", MODEL, "order_db", expect=2).err
    assert (
        err
        == "archdsl: error: no component named `order_db`; did you mean `orders_db` or `order_events`?\n"
    )


def test_a_boundary_is_not_a_component(cli):
    assert "`dmz` is a boundary" in cli("impact", MODEL, "dmz", expect=2).err


def test_broken_model_exits_1(cli, write):
    write("m.arch", "service api\napi -> nowhere\n")
    assert "E002" in cli("impact", "m.arch", "api", expect=1).err
