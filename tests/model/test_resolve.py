"""Resolution: units, defaults, inheritance, trust, ids, immutability, equality without spans."""

from __future__ import annotations

import datetime

import pytest
from pydantic import ValidationError

import archdsl
from archdsl.workspace import open_text


def model_of(text: str):
    return archdsl.loads(text, "m.arch").model


@pytest.mark.parametrize(
    ("written", "seconds"),
    [
        ("250ms", 0.25),
        ("2s", 2.0),
        ("5m", 300.0),
        ("1h", 3600.0),
        ("7d", 604800.0),
        ("1.5s", 1.5),
    ],
)
def test_durations_are_seconds(written, seconds):
    model = model_of(f"service a\nservice b\na -> b {{ timeout = {written} }}\n")
    assert model.relations[0].timeout == pytest.approx(seconds)


@pytest.mark.parametrize(
    ("written", "rps"),
    [
        ("100rps", 100),
        ("6000rpm", 100),
        ("100/s", 100),
        ("6000/min", 100),
        ("7200/h", 2),
    ],
)
def test_rates_are_requests_per_second(written, rps):
    assert model_of(f"service a {{ capacity = {written} }}\n").elements[
        "a"
    ].capacity == pytest.approx(rps)


def test_percent_size_date_range_list_and_custom_keys():
    model = model_of(
        'external x { sla = 99.95%  tags = [a, "b c", 3,]  x_cost = "42" }\n'
        "service s { autoscale = 3..12 }\n"
        'accept R001 on s { reason = "r"  until = 2027-06-30 }\n'
    )
    external = model.elements["x"]
    assert external.sla == pytest.approx(0.9995)
    assert external.tags == ("a", "b c", 3)
    assert external.custom == {"x_cost": "42"}
    assert (
        model.elements["s"].autoscale.min,
        model.elements["s"].copies,
        model.elements["s"].max_copies,
    ) == (3, 3, 12)
    assert model.acceptances[0].until == datetime.date(2027, 6, 30)


def test_defaults_apply_and_own_values_win():
    model = model_of(
        "defaults service { zones = 3  replicas = 2 }\nservice a\nservice b { zones = 1 }\n"
    )
    assert (model.elements["a"].zones, model.elements["a"].replicas) == (3, 2)
    assert model.elements["b"].zones == 1


def test_owner_inherits_from_boundary_then_system():
    model = model_of(
        'system s { owner = "platform" }\n'
        'boundary team { owner = "payments"\n  service pay\n  boundary inner {\n    service deep\n  }\n}\n'
        'service loose\nservice own { owner = "me" }\n'
    )
    owners = {e.id: e.owner for e in model.elements.values()}
    assert owners == {"pay": "payments", "deep": "payments", "loose": "platform", "own": "me"}


def test_trust_is_inherited_and_actors_outside_boundaries_are_untrusted():
    model = model_of(
        "boundary outer { trust = low\n  boundary inner {\n    service a\n  }\n  boundary vpc { trust = high\n"
        "    database db\n  }\n}\nactor user\nexternal stripe\nservice loose\n"
    )
    trust = {e.id: e.trust for e in model.elements.values()}
    assert trust == {
        "a": "low",
        "db": "high",
        "user": "untrusted",
        "stripe": "untrusted",
        "loose": None,
    }
    assert model.elements["a"].boundary == "inner"


def test_relation_ids_are_unique_and_tls_defaults_by_protocol():
    model = model_of(
        'service a {\n  -> b { protocol = https }\n}\nservice b\na -> b "x" { protocol = grpc }\n'
        'a -> b "" { protocol = tcp }\na ~> q\nqueue q\n'
    )
    ids = [r.id for r in model.relations]
    assert ids == ["a->b", "a->b[x]", "a->b[]", "a~>q"]
    assert [r.tls for r in model.relations] == [True, False, False, False]


def test_fallback_word_is_a_reference_and_string_is_text():
    model = model_of(
        'service a\nservice b\nqueue q\na -> b { fallback = q }\na -> b "t" { fallback = "cached" }\n'
    )
    first, second = model.relations
    assert (first.fallback, first.fallback_element) == ("q", "q")
    assert (second.fallback, second.fallback_element) == ("cached", None)


def test_flow_hop_names_one_of_several_relations_by_label():
    model = model_of(
        'service a\nservice b\na -> b "first"\na -> b "second"\n'
        'flow f { steps = a -> b "second"  peak = 10rps }\n'
    )
    assert model.flows["f"].relations == ("a->b[second]",)
    assert model.flows["f"].chains[0].labels == ("second",)
    assert model.flows["f"].peak == 10


def test_data_fields_queries_and_spans():
    model = model_of(
        "database db\ndata Order in db {\n  id uuid key\n  email string pii indexed\n  query by email\n}\n"
    )
    order = model.data["Order"]
    assert [(f.name, f.type, f.flags) for f in order.fields] == [
        ("id", "uuid", ("key",)),
        ("email", "string", ("pii", "indexed")),
    ]
    assert order.queries[0].fields == ("email",)
    assert (order.fields[1].span.line, order.fields[1].span.column) == (4, 3)


def test_equality_ignores_spans():
    first = model_of("service a { replicas = 2 }\nservice b\na -> b { timeout = 1s }\n")
    second = model_of(
        "\n\n   service a {\n replicas = 2 }\n\nservice b\n\n  a -> b { timeout = 1000ms }\n"
    )
    assert first.elements["a"].span != second.elements["a"].span
    assert first == second
    assert first != model_of("service a { replicas = 3 }\nservice b\na -> b { timeout = 1s }\n")


def test_model_is_immutable():
    model = model_of("service a\n")
    with pytest.raises(ValidationError):
        model.elements["a"].replicas = 3
    with pytest.raises(TypeError):
        model.elements["b"] = model.elements["a"]
    with pytest.raises(TypeError):
        model.elements["a"].property_spans["x"] = None


def test_reserved_words_and_keywords_where_not_expected():
    model = model_of(
        "service frontend\nservice cache\nfrontend -> cache\nservice in\nservice steps\nin -> steps\n"
    )
    assert set(model.elements) == {"frontend", "cache", "in", "steps"}
    assert len(model.relations) == 2


def test_strings_escapes_and_triple_quotes():
    model = model_of(
        'service a "say \\"hi\\" \\\\ ok" { description = """line one\n  "quoted" line two""" }\n'
    )
    assert model.elements["a"].label == 'say "hi" \\ ok'
    assert model.elements["a"].description == 'line one\n  "quoted" line two'


def test_crlf_and_bom_are_accepted():
    workspace = open_text("\ufeffservice a {\r\n  replicas = 2\r\n}\r\n", "m.arch")
    assert not workspace.diagnostics and workspace.model.elements["a"].replicas == 2


def test_load_raises_model_error_with_all_diagnostics():
    with pytest.raises(archdsl.ModelError) as raised:
        archdsl.loads("servce a\nservice b { replica = 2 }\n")
    assert [d.code for d in raised.value.diagnostics] == ["E010", "E005"]
