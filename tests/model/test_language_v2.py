"""Language version 2: every new construct, its resolved meaning and its errors (code, line, column)."""

from __future__ import annotations

import pytest

import archdsl
from archdsl.analysis.dependency_model import dependencies_of
from archdsl.model.kinds import KIND_TRAITS, ElementKind
from archdsl.workspace import open_text, open_workspace


def model_of(text: str):
    return archdsl.loads(text, "m.arch").model


def diagnostics(text: str) -> list[tuple[str, int, int]]:
    return [(d.code, d.span.line, d.span.column) for d in open_text(text, "m.arch").diagnostics]


def first(text: str):
    found = open_text(text, "m.arch").diagnostics
    assert found, "expected a diagnostic"
    return found[0]


# ---------------------------------------------------------------- data


def test_data_fields_share_a_line():
    model = model_of("cache redis\ndata Basket in redis { buyer_id string key  items json }\n")
    fields = model.data["Basket"].fields
    assert [(f.name, f.type, f.flags) for f in fields] == [
        ("buyer_id", "string", ("key",)),
        ("items", "json", ()),
    ]
    assert (fields[1].span.line, fields[1].span.column) == (2, 45)


def test_field_named_like_a_flag_starts_its_own_line():
    model = model_of("database db\ndata D in db {\n  id uuid key unique\n  key string pii\n}\n")
    assert [(f.name, f.type, f.flags) for f in model.data["D"].fields] == [
        ("id", "uuid", ("key", "unique")),
        ("key", "string", ("pii",)),
    ]


def test_data_property_after_fields_on_one_line():
    model = model_of('database db\ndata D in db { id uuid key  owner = "team" }\n')
    assert model.data["D"].owner == "team"
    assert [f.name for f in model.data["D"].fields] == ["id"]


@pytest.mark.parametrize("body", ["email string indexd", "email string indexd pii"])
def test_a_mistyped_flag_is_an_unknown_flag_not_a_field(body):
    text = f"database db\ndata D in db {{\n  {body}\n}}\n"
    assert diagnostics(text) == [("E004", 3, 16)]
    problem = first(text)
    assert "unknown flag `indexd`" in problem.message and "indexed" in problem.hint


def test_data_without_in_is_in_transit():
    model = model_of("data SignupForm { email string pii }\n")
    assert model.data["SignupForm"].stores == ()


# ---------------------------------------------------------------- flows

_SHOP = """actor customer
load_balancer lb
frontend web
service contacts
service balance
database ledger { -> ledger { purpose = replication } }
database accounts
customer -> lb
lb -> web
web -> balance
web -> contacts
balance -> ledger
contacts -> accounts
"""


def test_steps_given_several_times_form_chains():
    model = model_of(
        _SHOP + "flow home {\n  steps = customer -> lb -> web -> balance -> ledger\n"
        "  steps = web -> contacts -> accounts\n}\n"
    )
    home = model.flows["home"]
    assert [c.steps for c in home.chains] == [
        ("customer", "lb", "web", "balance", "ledger"),
        ("web", "contacts", "accounts"),
    ]
    assert home.chains[1].relations == ("web->contacts", "contacts->accounts")
    assert home.steps == ("customer", "lb", "web", "balance", "ledger")
    assert home.arrows == ("->",) * 4
    assert home.relations == (
        "customer->lb",
        "lb->web",
        "web->balance",
        "balance->ledger",
        "web->contacts",
        "contacts->accounts",
    )
    assert (home.chains[1].span.line, home.chains[1].span.column) == (16, 3)


def test_repeated_hops_are_listed_once():
    model = model_of(
        _SHOP + "flow f {\n  steps = customer -> lb -> web\n  steps = lb -> web -> contacts\n}\n"
    )
    assert model.flows["f"].relations == ("customer->lb", "lb->web", "web->contacts")


def test_a_further_chain_must_start_where_an_earlier_one_reached():
    text = _SHOP + "flow f {\n  steps = customer -> lb -> web\n  steps = contacts -> accounts\n}\n"
    assert diagnostics(text) == [("E007", 16, 11)]
    problem = first(text)
    assert "starts at `contacts`, which no earlier chain" in problem.message
    assert "`customer`, `lb`, `web`" in problem.hint


_PAIR = """frontend web
service users
database accounts
web -> users "login"
web -> users "signup"
users -> accounts
"""


def test_a_step_names_a_relation_by_its_label():
    model = model_of(_PAIR + 'flow signup { steps = web -> users "signup" -> accounts }\n')
    chain = model.flows["signup"].chains[0]
    assert chain.relations == ("web->users[signup]", "users->accounts")
    assert chain.labels == ("signup", None)


def test_a_step_that_matches_several_relations_lists_their_labels():
    text = _PAIR + "flow signup { steps = web -> users -> accounts }\n"
    assert diagnostics(text) == [("E007", 7, 23)]
    problem = first(text)
    assert "2 relations `web -> users`" in problem.message
    assert '"login", "signup"' in problem.hint


def test_a_step_naming_an_unknown_label():
    text = _PAIR + 'flow f { steps = web -> users "sign-up" }\n'
    assert diagnostics(text) == [("E007", 7, 31)]
    problem = first(text)
    assert 'labelled "sign-up"' in problem.message and '"login", "signup"' in problem.hint


def test_a_step_without_label_takes_the_one_unlabelled_relation():
    model = model_of(_PAIR + "web -> users\nflow f { steps = web -> users }\n")
    assert model.flows["f"].relations == ("web->users",)


def test_a_step_without_label_takes_the_only_relation_even_if_labelled():
    model = model_of('service a\nservice b\na -> b "calls"\nflow f { steps = a -> b }\n')
    assert model.flows["f"].relations == ("a->b[calls]",)


def test_a_step_may_not_name_an_out_of_band_relation():
    text = (
        "service prometheus\nservice api\n"
        "prometheus -> api { purpose = monitoring }\nflow f { steps = prometheus -> api }\n"
    )
    assert diagnostics(text) == [("E007", 4, 18)]
    assert "out of band" in first(text).message


def test_an_out_of_band_relation_beside_a_request_is_not_taken():
    model = model_of(
        'service a\nservice b\na -> b { purpose = monitoring }\na -> b "call"\n'
        "flow f { steps = a -> b }\n"
    )
    assert model.flows["f"].relations == ("a->b[call]",)


def test_a_chain_is_kept_up_to_its_faulty_hop():
    workspace = open_text(_PAIR + 'flow f { steps = web -> users "login" -> nope }\n', "m.arch")
    chain = workspace.model.flows["f"].chains[0]
    assert (chain.steps, chain.relations) == (("web", "users"), ("web->users[login]",))
    assert [d.code for d in workspace.diagnostics] == ["E002"]


# ---------------------------------------------------------------- element properties


def test_new_element_properties():
    model = model_of(
        "service app { runs_on = vm1  request_timeout = 30s }\n"
        "database db { runs_on = vm1  persistence = snapshot  managed = true }\n"
        "cache c\nqueue q\nstorage s { managed = true }\n"
    )
    app, db = model.elements["app"], model.elements["db"]
    assert (app.runs_on, app.request_timeout, app.managed, app.persistence) == (
        "vm1",
        30.0,
        False,
        None,
    )
    assert (db.runs_on, db.persistence, db.managed) == ("vm1", "snapshot", True)
    assert model.elements["c"].persistence == "ephemeral"
    assert model.elements["q"].persistence == "durable"
    assert model.elements["s"].managed


@pytest.mark.parametrize(
    ("text", "where", "fragment"),
    [
        ("service a { persistence = durable }\n", (1, 13), "does not apply to a service"),
        ("actor a { managed = true }\n", (1, 11), "does not apply to a actor"),
        ("frontend a { managed = true }\n", (1, 14), "does not apply to a frontend"),
        ("external a { managed = true }\n", (1, 14), "does not apply to a external"),
        ("actor a { runs_on = laptop }\n", (1, 11), "does not apply to a actor"),
        ("external a { runs_on = vm }\n", (1, 14), "does not apply to a external"),
        ("actor a { request_timeout = 2s }\n", (1, 11), "does not apply to a actor"),
        ("database a { persistence = forever }\n", (1, 28), "`ephemeral`, `snapshot`, `durable`"),
        ("service a { request_timeout = 3 }\n", (1, 31), "has no unit"),
        ('service a { runs_on = "vm 1" }\n', (1, 23), "expects a word"),
        ("service a { managed = yes }\n", (1, 23), "`true` or `false`"),
    ],
)
def test_element_properties_are_checked_per_kind_and_value(text, where, fragment):
    assert diagnostics(text) == [("E004", *where)]
    problem = first(text)
    assert fragment in problem.message
    assert problem.hint


def test_not_applicable_hint_names_the_kinds():
    assert "database, cache" not in first("service a { persistence = durable }\n").hint
    assert "cache" in first("service a { persistence = durable }\n").hint


@pytest.mark.parametrize(
    ("props", "expected"),
    [
        ("tech = kafka  replicas = 3", ("automatic", "tech_default")),
        ("tech = kafka  autoscale = 3..6", ("automatic", "tech_default")),
        ('tech = "Redis_Cluster"  replicas = 6', ("automatic", "tech_default")),
        ("tech = kafka  replicas = 2", ("none", "default")),
        ("tech = postgres  replicas = 3", ("none", "default")),
        ("tech = kafka  replicas = 3  failover = manual", ("manual", "explicit")),
        ("replicas = 2  failover = automatic", ("automatic", "explicit")),
    ],
)
def test_failover_default_from_tech(props, expected):
    element = model_of(f"queue q {{ {props} }}\n").elements["q"]
    assert (element.failover, element.failover_source) == expected


def test_failover_from_defaults_is_explicit():
    model = model_of(
        "defaults queue { failover = manual }\nqueue q { tech = kafka  replicas = 3 }\n"
    )
    assert (model.elements["q"].failover, model.elements["q"].failover_source) == (
        "manual",
        "explicit",
    )


def test_failover_tech_default_only_for_stateful_kinds():
    element = model_of("service zk { tech = zookeeper  replicas = 3 }\n").elements["zk"]
    assert (element.failover, element.failover_source) == ("none", "default")


def test_persistence_from_defaults():
    model = model_of("defaults cache { persistence = snapshot }\ncache c\n")
    assert model.elements["c"].persistence == "snapshot"


# ---------------------------------------------------------------- relation properties


def test_new_relation_properties():
    model = model_of(
        "service a\nservice b\ndatabase db\nstorage files\nexternal hook\n"
        "a -> b { purpose = monitoring  stream = true  timeout = inherit  signature = http_signature }\n"
        "b -> a { callback = true  effect = notify  auth = presigned }\n"
        "a -> db { access = read  auth = password }\n"
        "a -> files { protocol = file }\n"
    )
    scrape, hook, read, mount = model.relations
    assert (scrape.purpose, scrape.out_of_band, scrape.stream, scrape.timeout) == (
        "monitoring",
        True,
        True,
        "inherit",
    )
    assert scrape.signature == "http_signature"
    assert scrape.timeout_seconds is None and scrape.worst_case_time is None
    assert (hook.callback, hook.effect, hook.auth, hook.out_of_band) == (
        True,
        "notify",
        "presigned",
        False,
    )
    assert (read.effect, read.auth) == ("read", "password")
    assert (mount.protocol, mount.effect, mount.purpose) == ("file", "write", "request")


def test_effect_written_wins_over_access():
    model = model_of("service a\ndatabase db\na -> db { access = read  effect = write }\n")
    assert model.relations[0].effect == "write"


def test_element_auth_takes_new_methods():
    assert model_of("storage s { auth = presigned }\n").elements["s"].auth == "presigned"


@pytest.mark.parametrize(
    ("props", "column", "fragment"),
    [
        ("purpose = metrics", 20, "`request`, `monitoring`, `replication`, `backup`"),
        ("effect = delete", 19, "`read`, `notify`, `write`"),
        ("timeout = forever", 20, "a duration or `inherit`"),
        ("stream = 1", 19, "`true` or `false`"),
        ("signature = rsa", 22, "`http_signature`"),
    ],
)
def test_relation_values_are_checked(props, column, fragment):
    text = f"service a\nservice b\na -> b {{ {props} }}\n"
    assert diagnostics(text) == [("E004", 3, column)]
    assert fragment in first(text).message


def test_callback_on_an_asynchronous_relation():
    text = "service a\nqueue q\na ~> q { callback = true }\n"
    assert diagnostics(text) == [("E004", 3, 10)]
    assert "`->`" in first(text).hint


def test_inherited_timeouts_do_not_count_as_numbers_downstream():
    workspace = open_text(
        "service a { replicas = 2 }\nservice b { replicas = 2 }\nservice c { replicas = 2 }\n"
        "a -> b { timeout = 1s }\nb -> c { timeout = inherit }\n",
        "m.arch",
    )
    from archdsl.analysis.timing import timeout_inversions

    assert timeout_inversions(dependencies_of(workspace)) == []


# ---------------------------------------------------------------- kinds


def test_kinds_are_an_enum_with_a_row_of_traits_each():
    assert set(KIND_TRAITS) == set(ElementKind)
    element = model_of("cache c\n").elements["c"]
    assert element.kind is ElementKind.CACHE and element.kind == "cache"
    assert element.kind.is_stateful and element.kind.is_ours and not element.kind.is_router
    assert ElementKind.LOAD_BALANCER.is_router and ElementKind.FRONTEND.is_client_code
    assert ElementKind.EXTERNAL.is_outside and not ElementKind.EXTERNAL.is_ours


def test_an_inherited_timeout_into_a_slow_callee_is_no_inversion_and_no_crash():
    workspace = open_text(
        "service a { replicas = 2 }\nservice b { replicas = 2 }\nservice c { replicas = 2 }\n"
        "a -> b { timeout = inherit }\nb -> c { timeout = 5s  retries = 2 }\n"
        "flow f { steps = a -> b -> c  latency = 1s }\n",
        "m.arch",
    )
    from archdsl.analysis.timing import describe_worst_case, timeout_inversions

    assert timeout_inversions(dependencies_of(workspace)) == []
    assert describe_worst_case(workspace.model.relations[0]) == "the caller's deadline"


# ---------------------------------------------------------------- a relation declared twice


def test_a_relation_declared_twice_is_a_duplicate_definition():
    workspace = open_text(
        'service a {\n  -> b "x" { timeout = 1s }\n}\nservice b\na -> b "x" { timeout = 2s }\n',
        "m.arch",
    )
    assert [(d.code, d.span.line, d.span.column) for d in workspace.diagnostics] == [("E003", 5, 1)]
    problem = workspace.diagnostics[0]
    assert problem.message == (
        'relation `a -> b "x"` is declared twice; the first is at m.arch:2:3'
    )
    assert "label them apart" in problem.hint
    assert [(m.span.line, m.label) for m in problem.members] == [
        (2, "first declaration"),
        (5, "declared again"),
    ]
    assert [r.id for r in workspace.model.relations] == ["a->b[x]"]  # the first one is kept
    assert workspace.model.relations[0].timeout == 1.0


def test_a_relation_declared_twice_in_two_files(tmp_path):
    (tmp_path / "main.arch").write_text(
        'import "more.arch"\nservice a\nservice b\na -> b\n', encoding="utf-8"
    )
    (tmp_path / "more.arch").write_text("a -> b { timeout = 1s }\n", encoding="utf-8")
    workspace = open_workspace(tmp_path / "main.arch")
    codes = [
        (d.code, d.span.file.endswith(("main.arch", "more.arch"))) for d in workspace.diagnostics
    ]
    assert codes == [("E003", True)]
    files = {m.span.file.rsplit("/", 1)[-1] for m in workspace.diagnostics[0].members}
    assert files == {"main.arch", "more.arch"}


@pytest.mark.parametrize(
    "second",
    ['a -> b "y"', "a ~> b", "b -> a", 'a -> b ""'],
)
def test_relations_that_differ_in_arrow_direction_or_label_are_not_duplicates(second):
    assert diagnostics(f"service a\nservice b\na -> b\n{second}\n") == []


def test_the_starter_model_shows_runs_on_monitoring_and_managed():
    from archdsl.cli.init import STARTER_MODEL

    model = open_text(STARTER_MODEL, "architecture.arch").model
    assert model.elements["assets"].managed
    assert {e.id for e in model.elements.values() if e.runs_on == "ops_vm"} == {
        "prometheus",
        "grafana",
    }
    scrapes = [r.id for r in model.relations if r.purpose == "monitoring"]
    assert scrapes == ["prometheus->api", "grafana->prometheus"]
