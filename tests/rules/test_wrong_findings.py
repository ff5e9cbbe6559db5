"""The wrong and repeated findings reviewers found on real systems (issue 9), each reproduced by
a small model, with what the dependency model now reports instead.

Each model is what a reviewer wrote about a real system, cut down to the part that misled the
rules; the assertions say what a reviewer expects, not what the code happens to print.
"""

from __future__ import annotations

import datetime

from archdsl.analysis.dependency_model import dependencies_of
from archdsl.review.impact import BREAKS, UNAFFECTED, impact
from archdsl.rules.config import Config
from archdsl.rules.engine import run_rules
from archdsl.workspace import open_text

TODAY = datetime.date(2026, 11, 27)


def check(text: str):
    workspace = open_text(text, "case.arch")
    assert not workspace.has_errors, [str(d) for d in workspace.diagnostics]
    return workspace, run_rules(workspace, today=TODAY)


def codes(findings, code: str):
    return [f for f in findings if f.code == code]


GATEWAY = """
actor customer
gateway gw { replicas = 2  zones = 2 }
service web { replicas = 2  zones = 2 }
service orders { replicas = 2  zones = 2 }
service tracking { replicas = 2  zones = 2 }
storage assets { replicas = 3  failover = automatic  zones = 3  backup = daily }
database orders_db { replicas = 2  failover = automatic  zones = 2  backup = daily }
customer -> gw { protocol = https }
gw -> web { timeout = 5s }
web -> orders { timeout = 2s }
web -> tracking { timeout = 2s }
web -> assets { timeout = 2s }
orders -> orders_db { timeout = 1s }
tracking -> assets { timeout = 1s }
flow place_order { steps = customer -> gw -> web -> orders -> orders_db  slo = 99.9% }
flow track { steps = customer -> gw -> web -> tracking -> assets }
flow page { steps = customer -> gw -> web -> assets }
"""


def test_a_page_of_a_web_frontend_does_not_depend_on_the_other_pages():
    workspace, findings = check(GATEWAY)
    dm = dependencies_of(workspace)
    assert "tracking" not in dm.tree("place_order").depends_on
    assert dm.flows_depending_on("tracking") == ("track",)
    assert not [f for f in codes(findings, "R003") if "place_order" in f.message]


def test_a_storage_outage_breaks_its_flows_and_degrades_its_callers_only():
    workspace, _ = check(GATEWAY)
    result = impact(dependencies_of(workspace), "assets", Config())
    status = {f.flow: f.status for f in result.flows}
    assert status == {"place_order": UNAFFECTED, "track": BREAKS, "page": BREAKS}
    # web and tracking lose a call each; neither is claimed to be down, nor anything above them
    assert [(r.source, r.target) for r in result.degraded] == [
        ("web", "assets"),
        ("tracking", "assets"),
    ]


WEBHOOK = """
actor customer
service api { replicas = 2  zones = 2 }
service receiver
external stripe { sla = 99.99% }
customer -> api { protocol = https }
api -> stripe { timeout = 3s }
stripe -> receiver { webhook = true  signature = hmac  idempotent = true }
flow checkout { steps = customer -> api -> stripe  slo = 99.9% }
"""


def test_a_webhook_receiver_is_not_a_dependency_of_the_flows_calling_the_provider():
    workspace, findings = check(WEBHOOK)
    assert codes(findings, "R001") == []  # nothing of ours needs the receiver
    result = impact(dependencies_of(workspace), "receiver", Config())
    assert result.broken_flows == () and result.degraded == ()


def test_no_synchronous_cycle_through_an_external():
    _, findings = check("""
    service mastodon { replicas = 2  zones = 2 }
    external remote "Remote servers"
    mastodon -> remote "fetches public keys" { timeout = 5s }
    remote -> mastodon "delivers activities" { timeout = 5s  signature = http_signature }
    """)
    assert codes(findings, "R006") == []


def test_monitoring_scrapes_are_not_calls_pools_or_dependencies():
    _, findings = check("""
    service prometheus { replicas = 2  zones = 2 }
    service app { replicas = 2  zones = 2 }
    database db { replicas = 2  failover = automatic  zones = 2  backup = daily  max_connections = 10 }
    app -> db { timeout = 1s  pool = 4 }
    prometheus -> app { purpose = monitoring }
    prometheus -> db "scrapes the exporter" { purpose = monitoring  timeout = 30s  pool = 50 }
    app -> prometheus "pushes alerts" { timeout = 1s }
    """)
    assert codes(findings, "U001") == []  # the scrape of app sets no timeout: not a call
    assert codes(findings, "U003") == []  # "the scrape may wait on the storage tier"
    assert codes(findings, "U008") == []  # 2 x 4 = 8 connections of app, the scrape's not counted
    assert codes(findings, "R006") == []  # scrape one way, alerts the other: no loop


ONE_VM = """
actor customer
load_balancer nginx { runs_on = vm1  sla = 99.9% }
service app { runs_on = vm1  sla = 99.9% }
database pg { runs_on = vm1  sla = 99.9%  backup = daily }
cache redis { runs_on = vm1  sla = 99.9% }
customer -> nginx { protocol = https }
nginx -> app { timeout = 30s }
app -> pg { timeout = 5s }
app -> redis { timeout = 1s }
flow checkout { steps = customer -> nginx -> app  slo = 99.9% }
"""


def test_one_vm_fails_once_and_is_one_single_point():
    workspace, findings = check(ONE_VM)
    assert codes(findings, "R005") == []  # 99.9% once, not 99.9% to the fourth
    single = codes(findings, "R001")
    assert len(single) == 1 and single[0].severity == "error"
    assert [m.label for m in single[0].members] == ["nginx", "app", "pg", "redis"]
    assert single[0].group_names == ("vm1",)
    result = impact(dependencies_of(workspace), "vm1", Config())
    assert [f.flow for f in result.broken_flows] == ["checkout"]


def test_a_mobile_app_is_no_single_point_and_does_not_drag_the_slo():
    _, findings = check("""
    actor customer
    frontend mobile "Mobile app"
    frontend spa "Single-page app"
    gateway api { replicas = 3  zones = 3  sla = 99.99% }
    customer -> mobile
    customer -> spa
    mobile -> api { timeout = 10s }
    spa -> api { timeout = 10s }
    flow order_on_phone { steps = customer -> mobile -> api  slo = 99.95% }
    flow order_on_web { steps = customer -> spa -> api  slo = 99.95% }
    """)
    assert codes(findings, "R001") == [] and codes(findings, "R005") == []


def test_a_three_broker_kafka_fails_over_by_itself():
    _, findings = check("""
    service api { replicas = 2  zones = 2 }
    queue events { tech = kafka  replicas = 3  zones = 3  max_depth = 100000  dlq = dead }
    queue dead { tech = kafka  replicas = 3  zones = 3  max_depth = 1000 }
    api ~> events
    """)
    assert codes(findings, "R001") == []


def test_read_pools_spread_over_the_database_nodes():
    _, findings = check("""
    service api { replicas = 6  zones = 3 }
    database db { replicas = 3  failover = automatic  zones = 3  backup = daily  max_connections = 100 }
    api -> db "reads" { timeout = 1s  pool = 40  access = read }
    api -> db "writes" { timeout = 1s  pool = 5 }
    """)
    # 6 x 40 / 3 copies = 80 reads per node, plus 6 x 5 = 30 writes on the primary = 110
    pool = codes(findings, "U008")
    assert len(pool) == 1 and "up to 110 connections per copy" in pool[0].message
    _, findings = check("""
    service api { replicas = 6  zones = 3 }
    database db { replicas = 3  failover = automatic  zones = 3  backup = daily  max_connections = 100 }
    api -> db "reads" { timeout = 1s  pool = 40  access = read }
    """)
    assert codes(findings, "U008") == []  # 240 reads spread over 3 nodes: 80 each


def test_one_retried_job_is_no_retry_amplification():
    _, findings = check("""
    queue jobs { replicas = 3  failover = automatic  zones = 3  max_depth = 1000  dlq = dead }
    queue dead { replicas = 3  failover = automatic  zones = 3  max_depth = 1000 }
    worker runner { replicas = 2  zones = 2 }
    service api { replicas = 2  zones = 2 }
    jobs ~> runner
    runner -> api "runs the job" { timeout = 30s  retries = 25  backoff = exponential  idempotent = true }
    """)
    assert codes(findings, "U004") == []


def test_blast_radius_counts_only_flows_that_reach_it_and_skips_the_front_door():
    _, findings = check(GATEWAY)
    assert not [f for f in codes(findings, "R003") if f.element in ("gw", "web")]
    _, findings = check("""
    actor customer
    load_balancer lb { replicas = 2  zones = 2 }
    service a { replicas = 2  zones = 2 }
    service b { replicas = 2  zones = 2 }
    service c { replicas = 2  zones = 2 }
    customer -> lb { protocol = https }
    lb -> a { timeout = 1s }
    lb -> b { timeout = 1s }
    lb -> c { timeout = 1s }
    b -> c { timeout = 1s }
    flow fa { steps = customer -> lb -> a }
    flow fb { steps = customer -> lb -> b }
    flow fc { steps = customer -> lb -> c }
    """)
    blast = codes(findings, "R003")
    assert [f.element for f in blast] == ["c"]
    assert "2 of 3 flows break (fb, fc)" in blast[0].message  # not fa: it never reaches c


def test_one_zone_decision_is_one_finding():
    services = "\n".join(f"  service s{i} {{ replicas = 2 }}" for i in range(9))
    calls = "\n".join(f"edge -> s{i} {{ timeout = 1s }}" for i in range(9))
    _, findings = check(
        f"service edge {{ replicas = 2  zones = 2 }}\nboundary cluster {{\n{services}\n}}\n{calls}\n"
    )
    zones = codes(findings, "R002")
    assert len(zones) == 1 and zones[0].element == "cluster" and len(zones[0].members) == 9
