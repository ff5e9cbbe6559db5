"""Connection totals per target: max copies x pool summed over callers, callers without pool."""

from __future__ import annotations

from archdsl.analysis.connections import connection_totals
from archdsl.workspace import open_text

MODEL = """
actor admin
service api { replicas = 2  autoscale = 3..12 }
worker jobs { replicas = 2 }
service reports { replicas = 4 }
database db { max_connections = 200 }
cache sessions
queue events
admin -> db
api -> db { pool = 20 }
api -> db "second pool" { pool = 5 }
jobs -> db { pool = 10 }
reports -> db
api -> sessions { pool = 3 }
api ~> events { pool = 50 }
"""


def totals():
    workspace = open_text(MODEL, "t.arch")
    assert not workspace.has_errors, workspace.diagnostics
    return connection_totals(workspace.model)


def test_total_is_max_copies_times_pool_summed_over_caller_relations():
    db = totals()["db"]
    assert [(s.relation.source, s.copies, s.pool, s.connections) for s in db.shares] == [
        ("api", 12, 20, 240),
        ("api", 12, 5, 60),
        ("jobs", 2, 10, 20),
    ]
    assert db.total == 320


def test_callers_without_pool_are_listed_apart_but_not_actors():
    db = totals()["db"]
    assert [r.source for r in db.without_pool] == ["reports"]


def test_each_target_has_its_own_total_and_asynchronous_relations_do_not_count():
    result = totals()
    assert result["sessions"].total == 36
    assert "events" not in result
    assert "api" not in result  # nothing calls api


def test_shares_are_described_in_caller_order():
    assert (
        totals()["db"].describe_shares()
        == "api 12 x pool 20 = 240, api 12 x pool 5 = 60, jobs 2 x pool 10 = 20"
    )
