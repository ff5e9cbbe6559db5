"""`archdsl impact FILE ELEMENT`: text output and exit codes."""

from __future__ import annotations

from pathlib import Path

MODEL = str(Path(__file__).resolve().parents[2] / "models" / "shop.arch")


def test_impact_of_the_orders_database(cli):
    out = cli("impact", MODEL, "orders_db", expect=0).out
    lines = out.splitlines()
    assert lines[0] == 'If orders_db fails (database "Orders DB"):'
    assert "  flows that break: 1 of 3" in lines
    assert any(
        line.split()
        == ["checkout", "customer", "->", "edge", "->", "web", "->", "api", "->", "orders_db"]
        for line in lines
    )
    assert "  degraded callers (one level up; they lose this call, they are not down): 3" in lines
    assert '    fulfilment -> orders_db "marks orders shipped"' in lines
    assert any(
        line.split()[:2] == ["checkout", "99.98%"] and line.endswith("breaks") for line in lines
    )
    assert any(line.split()[0] == "browse" and line.endswith("unaffected") for line in lines)


def test_impact_through_a_fallback_and_a_queue(cli):
    out = cli("impact", MODEL, "stripe", expect=0).out
    assert 'by its fallback ("order_events")' in out
    assert "falls back (fallback: order_events)" in out and "flows that break: 1 of 3" in out
    assert "payment_confirmed  starts at stripe" in out
    out = cli("impact", MODEL, "fulfilment", expect=0).out
    assert "by queue order_events: messages wait there" in out


def test_impact_of_a_failure_unit(cli, write):
    write(
        "vm.arch",
        "actor u\nservice app { runs_on = vm1 }\ndatabase db { runs_on = vm1 }\n"
        "u -> app\napp -> db { timeout = 1s }\nflow f { steps = u -> app }\n",
    )
    out = cli("impact", "vm.arch", "vm1", expect=0).out
    assert out.splitlines()[0] == "If vm1 fails (failure unit: app, db):"
    assert "  flows that break: 1 of 1" in out
    out = cli("impact", "vm.arch", "db", expect=0).out
    assert out.splitlines()[0].startswith("If db fails (it runs on vm1 with the rest of its unit")


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
