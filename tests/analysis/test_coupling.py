"""Fan-in and fan-out: distinct neighbours over both arrows."""

from __future__ import annotations

from archdsl.analysis.coupling import coupling
from archdsl.workspace import open_text


def coupling_of(text: str):
    workspace = open_text(text, "coupling.arch")
    assert not workspace.has_errors, [str(d) for d in workspace.diagnostics]
    return coupling(workspace.model)


def test_fan_in_and_fan_out_count_both_arrows():
    result = coupling_of("""
        service api
        service billing
        queue events
        database db
        api -> db { timeout = 1s }
        api ~> events
        billing -> db { timeout = 1s }
    """)
    assert result["api"].fan_out == ("db", "events")
    assert result["api"].fan_in == ()
    assert result["db"].fan_in == ("api", "billing")
    assert result["events"].fan_in == ("api",)


def test_several_relations_between_one_pair_count_once():
    result = coupling_of("""
        service api
        database db
        api -> db "reads" { timeout = 1s  access = read }
        api -> db "writes" { timeout = 1s  access = write }
        api ~> db "bulk load"
    """)
    assert result["api"].fan_out == ("db",)
    assert result["db"].fan_in == ("api",)


def test_a_relation_to_itself_couples_to_nothing():
    result = coupling_of("""
        worker crawler
        crawler ~> crawler "schedules the next page"
    """)
    assert result["crawler"].fan_in == () and result["crawler"].fan_out == ()


def test_webhooks_count_and_unconnected_elements_are_listed():
    result = coupling_of("""
        service api
        external stripe
        cache unused
        api -> stripe { timeout = 1s }
        stripe -> api { webhook = true  signature = hmac }
    """)
    assert result["api"].fan_in == ("stripe",)
    assert result["api"].fan_out == ("stripe",)
    assert result["unused"].fan_in == () and result["unused"].fan_out == ()
