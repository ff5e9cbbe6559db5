"""The dependency model: needed calls, failure units, call trees with the expansion rule,
depends-on, degraded callers and synchronous cycles (RULES.md, "How failure and load travel")."""

from __future__ import annotations

import pytest

from archdsl.analysis.dependency_model import dependencies_of
from archdsl.workspace import open_text


def dm_of(text: str):
    workspace = open_text(text, "dm.arch")
    assert not workspace.has_errors, [str(d) for d in workspace.diagnostics]
    return dependencies_of(workspace)


SHOP = """
actor customer
gateway gw { replicas = 2 }
service web { replicas = 2 }
service orders { replicas = 2 }
service tracking
service search
database db
cache sessions
queue events
worker mailer
external stripe
external crm
service prom
customer -> gw
gw -> web { timeout = 1s }
gw -> tracking { timeout = 1s }
web -> orders { timeout = 1s }
web -> tracking { timeout = 1s }
web -> sessions { timeout = 1s  fallback = "anonymous" }
orders -> db { timeout = 1s }
orders -> stripe { timeout = 1s }
orders ~> events
events ~> mailer
mailer -> crm { timeout = 1s }
orders ~> search "reindex"
stripe -> orders "webhook" { webhook = true  signature = hmac  idempotent = true }
prom -> db { purpose = monitoring }
flow place_order { steps = customer -> gw -> web -> orders }
flow track { steps = customer -> gw -> tracking }
flow home { steps = customer -> gw }
"""


@pytest.fixture(scope="module")
def shop():
    return dm_of(SHOP)


def ids(relations):
    return [r.id for r in relations]


def test_needed_calls(shop):
    needed = {r.id: shop.is_needed(r) for r in shop.model.relations}
    assert needed["web->orders"] and needed["orders~>events"]  # publishing needs the broker
    assert not needed["web->sessions"]  # a fallback shields it
    assert not needed["events~>mailer"] and not needed["orders~>search[reindex]"]
    assert not needed["prom->db"]  # out of band


def test_a_flow_that_names_an_elements_calls_uses_only_those(shop):
    tree = shop.tree("place_order")
    assert ids(tree.relations) == [
        "customer->gw",
        "gw->web",
        "web->orders",
        "orders->db",
        "orders->stripe",
        "orders~>events",
        "orders~>search[reindex]",
    ]
    assert tree.named == {"customer->gw", "gw->web", "web->orders"}
    assert "tracking" not in tree.depends_on  # web's other calls are not on this journey
    assert tree.depends_on == ("gw", "web", "orders", "db", "stripe", "events")


def test_expansion_stops_at_queues_externals_and_async_targets(shop):
    tree = shop.tree("place_order")
    assert "events~>mailer" not in ids(tree.relations)
    assert "stripe->orders[webhook]" not in ids(tree.relations)  # externals are not traversed


def test_expansion_stops_at_a_router_with_several_routes_and_says_so(shop):
    tree = shop.tree("home")
    assert ids(tree.relations) == ["customer->gw"]
    assert ids(tree.routes_not_followed) == ["gw->web", "gw->tracking"]
    assert tree.depends_on == ("gw",)


def test_the_path_that_breaks_a_flow_and_hidden_dependencies(shop):
    tree = shop.tree("place_order")
    assert ids(tree.path_to("db")) == ["customer->gw", "gw->web", "web->orders", "orders->db"]
    assert tree.hidden("db") and not tree.hidden("orders")


def test_flows_depending_on_and_degraded_callers(shop):
    assert shop.flows_depending_on("db") == ("place_order",)
    assert shop.flows_depending_on("gw") == ("place_order", "track", "home")
    assert shop.flows_depending_on("sessions") == ()
    assert [r.source for r in shop.needed_callers("tracking")] == ["gw", "web"]
    assert shop.needed_callers("sessions") == []


def test_a_router_with_one_route_is_passed():
    dm = dm_of("""
    actor u
    load_balancer lb
    service app
    database db
    u -> lb
    lb -> app { timeout = 1s }
    app -> db { timeout = 1s }
    flow f { steps = u -> lb }
    """)
    assert dm.tree("f").depends_on == ("lb", "app", "db")


def test_named_routes_out_of_a_router_are_alternatives():
    dm = dm_of("""
    actor u
    load_balancer lb
    service a
    service b
    database db
    cache only_a
    u -> lb
    lb -> a { timeout = 1s }
    lb -> b { timeout = 1s }
    a -> db { timeout = 1s }
    b -> db { timeout = 1s }
    a -> only_a { timeout = 1s }
    flow f {
      steps = u -> lb -> a -> db
      steps = a -> only_a
      steps = lb -> b -> db
    }
    """)
    tree = dm.tree("f")
    assert tree.depends_on == ("lb", "db")  # either backend may fail; both need db
    assert [ids(group) for group in tree.alternatives] == [["lb->a", "lb->b"]]
    assert tree.branches == ((("a", "only_a"), ("b",)),)


def test_failure_units_fail_together():
    dm = dm_of("""
    actor u
    service app { runs_on = vm1  replicas = 2 }
    database pg { runs_on = vm1  replicas = 3  failover = automatic }
    cache redis { runs_on = vm1 }
    service other
    u -> app
    app -> pg { timeout = 1s }
    flow f { steps = u -> app -> pg }
    """)
    unit = dm.resolve_unit("vm1")
    assert unit.members == ("app", "pg", "redis") and unit.shared
    assert unit.copies == 1 and not unit.redundant
    assert dm.resolve_unit("pg") is unit and dm.members("other") == ("other",)
    tree = dm.tree("f")
    assert tree.depends_on == ("app", "pg", "redis")
    assert tree.through_unit == {"redis"} and tree.hidden("redis")


def test_a_background_journey_needs_what_follows_its_asynchronous_first_hop():
    dm = dm_of("""
    queue events
    worker dispatch
    external maps
    events ~> dispatch
    dispatch -> maps { timeout = 1s }
    flow deliver { steps = events ~> dispatch -> maps }
    """)
    assert dm.tree("deliver").depends_on == ("events", "dispatch", "maps")


def test_synchronous_cycles_skip_outside_systems_routers_and_fallbacks():
    dm = dm_of("""
    service a
    service b
    service c
    gateway gw
    external remote
    a -> b { timeout = 1s }
    b -> a { timeout = 1s }
    c -> gw { timeout = 1s }
    gw -> c { timeout = 1s }
    c -> remote { timeout = 1s }
    remote -> c { timeout = 1s }
    a -> c { timeout = 1s }
    c -> a { timeout = 1s  fallback = "cached" }
    """)
    assert dm.synchronous_cycles() == [["a", "b"]]


def test_trees_are_built_once_and_shared(shop):
    assert shop.tree("track") is shop.tree("track")
    assert shop.trees()[1] is shop.tree("track")
