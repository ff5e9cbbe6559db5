"""One finding per root cause: members, group severity, fingerprints, acceptances, baselines and
every output of a grouped finding (RULES.md, "One finding per root cause")."""

from __future__ import annotations

import datetime

from archdsl.findings import Finding, Member, Severity
from archdsl.rules.engine import run_rules
from archdsl.spans import Span
from archdsl.workspace import open_text

TODAY = datetime.date(2026, 11, 25)
STORE = """system s { owner = "t" }
service api { replicas = 2 }
service worker { replicas = 2 }
database orders_db { replicas = 2  failover = automatic  backup = daily }
api -> orders_db { timeout = 1s  pool = 5 }
api -> orders_db "reports" { timeout = 1s  pool = 5  access = read }
worker -> orders_db { timeout = 1s  pool = 5 }
"""


def s009(text: str) -> list[Finding]:
    found = run_rules(open_text(text, "m.arch"), select=["S009"], today=TODAY)
    return [f for f in found if f.code == "S009"]


def test_one_finding_per_datastore_with_its_callers_as_members():
    (group,) = s009(STORE)
    assert group.element == "orders_db" and group.target is None
    assert [m.label for m in group.members] == [
        "api -> orders_db",
        'api -> orders_db "reports"',
        "worker -> orders_db",
    ]
    assert [m.span.line for m in group.members] == [5, 6, 7]
    assert "3 relations from api, worker" in group.message


def test_group_fingerprint_is_rule_and_anchor_never_a_line_nor_the_members():
    (group,) = s009(STORE)
    (moved,) = s009("\n# moved\n" + STORE)
    (more,) = s009(STORE + "service batch\nbatch -> orders_db { timeout = 1s  pool = 1 }\n")
    assert group.fingerprint == moved.fingerprint == more.fingerprint
    assert len(more.members) == 4
    assert group.member_fingerprints() == moved.member_fingerprints()


def test_acceptance_of_the_anchor_accepts_the_group():
    (group,) = s009(STORE + 'accept S009 on orders_db { reason = "private network" }\n')
    assert group.accepted and group.acceptance_reason == "private network"


def test_acceptance_of_a_member_accepts_that_member_only():
    found = run_rules(
        open_text(STORE + 'accept S009 on worker { reason = "batch box" }\n', "m.arch"),
        today=TODAY,
    )
    (group,) = [f for f in found if f.code == "S009"]
    assert not group.accepted
    assert [m.accepted for m in group.members] == [False, False, True]
    assert group.members[2].acceptance_reason == "batch box"
    assert "E009" not in {f.code for f in found}  # the acceptance was used


def test_every_member_accepted_accepts_the_group():
    text = STORE + 'accept S009 on worker, api { reason = "all vetted" }\n'
    (group,) = s009(text)
    assert group.accepted
    assert all(m.accepted for m in group.members)


def _span(line: int) -> Span:
    return Span("m.arch", line, 1, line, 10)


def _group(*severities: Severity) -> Finding:
    members = tuple(
        Member(f"relation:a{i}->db", _span(10 + i), f"a{i} -> db", level, f"a{i}", "db")
        for i, level in enumerate(severities)
    )
    return Finding(
        code="S009",
        slug="unauthenticated-datastore-access",
        severity=max(severities, key=lambda s: s.rank),
        message=f"db is reached without auth by {len(members)} relations",
        span=_span(3),
        element="db",
        subject="element:db",
        members=members,
    )


def test_member_acceptance_lowers_the_group_to_its_worst_open_member():
    from archdsl.model.schema import Acceptance, Model
    from archdsl.rules.acceptances import apply_acceptances
    from archdsl.rules.catalog import load_rules

    load_rules()
    accept = Acceptance(rules=("S009",), targets=("a1",), reason="r")
    model = Model(acceptances=(accept,))
    (result,) = [
        f
        for f in apply_acceptances(model, [_group(Severity.WARNING, Severity.ERROR)], TODAY)
        if f.code == "S009"
    ]
    assert result.severity is Severity.WARNING
    assert [m.accepted for m in result.members] == [False, True]


def test_unused_acceptance_lists_the_subjects_the_rule_has():
    found = run_rules(
        open_text(STORE + 'accept S009 on api_db { reason = "r" }\nservice api_db\n', "m.arch"),
        today=TODAY,
    )
    (unused,) = [f for f in found if f.code == "E009"]
    assert "S009 findings are about elements orders_db, api, worker" in unused.message


VM = """system s { owner = "t" }
actor customer
service nginx { runs_on = vm1  auth = none  rate_limit = 10rps }
service app { runs_on = vm1 }
database pg { runs_on = vm1  backup = daily  encrypted = true }
customer -> nginx { protocol = https }
nginx -> app { timeout = 1s }
app -> pg { timeout = 1s  auth = password  pool = 5 }
flow f { steps = customer -> nginx -> app -> pg  slo = 99% }
accept R001 on vm1 { reason = "one VM by design" }
"""


def test_an_acceptance_naming_a_unit_word_accepts_the_unit_group():
    found = run_rules(open_text(VM, "m.arch"), today=TODAY)
    codes = [f.code for f in found]
    assert "E008" not in codes and "E009" not in codes
    (spof,) = [f for f in found if f.code == "R001"]
    assert spof.accepted and "vm1" in spof.group_names
