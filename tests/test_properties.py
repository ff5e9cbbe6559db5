"""Hypothesis properties of the front end: valid models mean what they say, no input crashes it.

(a) `models()` draws a random but valid workspace as plain data, renders it to `.arch` text, and
    computes the resolved `Model` it must produce from that plain data alone (never through the
    resolver). Expected values follow LANGUAGE.md: units normalised (seconds, requests per second,
    fractions), an element's property is its own value, else the last `defaults KIND` value, else
    the language default; `owner` then falls back to the innermost boundary's owner (boundaries
    inherit it from their parents) and finally the system's owner; trust is the innermost set
    `trust`, or `untrusted` for actors and externals outside every trusted boundary; `tls`
    defaults from the protocol; `effect` from `access`; `persistence` from the kind; `failover`
    is `automatic` at 3+ copies of a stateful element whose `tech` has failover built in; a flow
    is one or more chains, each further chain starting at an element an earlier one reached; a
    hop names its relation's label (or none, when it is the only request relation of its pair);
    a relation id is `source->target`, `[label]` when labelled.
    Floats are compared with a relative tolerance of 1e-12 (a unit factor such as 1/60 may be
    applied in another order); everything else must be equal, and spans are ignored.
(b) Arbitrary text, bytes, CRLF, BOM, huge lines, deep nesting, unterminated strings and random
    mutations of valid text yield diagnostics or a model, never an exception, and every
    diagnostic points inside the text. Rules never raise on a model that resolves cleanly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archdsl.model import schema
from archdsl.model.loader import decode
from archdsl.rules.engine import run_rules
from archdsl.workspace import open_text

FAST = settings(
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=120,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SLOW = settings(FAST, max_examples=40)
PATH = "gen.arch"

# ------------------------------------------------------------------ the language, from LANGUAGE.md

KINDS = (
    "actor",
    "frontend",
    "gateway",
    "load_balancer",
    "cdn",
    "service",
    "function",
    "worker",
    "database",
    "cache",
    "queue",
    "storage",
    "search",
    "vault",
    "external",
)
STATEFUL = {"database", "cache", "queue", "storage", "search", "vault"}
RESERVED = {"import", "system", "boundary", "data", "flow", "accept", "defaults", "true", "false"}
AUTH = (
    "none",
    "api_key",
    "oauth2",
    "jwt",
    "mtls",
    "basic",
    "iam",
    "session",
    "hmac",
    "presigned",
    "password",
)
FAILOVER_TECH = ("kafka", "etcd", "Redis-Cluster", "patroni")
TLS_PROTOCOLS = {"https", "grpcs", "wss", "amqps", "rediss", "ldaps", "smtps", "sftp", "ssh"}
PROTOCOLS = (
    "https",
    "http",
    "grpc",
    "grpcs",
    "tcp",
    "postgres",
    "kafka",
    "wss",
    "amqps",
    "ssh",
    "file",
    "carrier-pigeon",
)
FLAGS = (
    "key",
    "unique",
    "indexed",
    "pii",
    "pci",
    "secret",
    "health",
    "hashed",
    "encrypted",
    "nullable",
)
DURATION = {
    "ms": Fraction(1, 1000),
    "s": Fraction(1),
    "m": Fraction(60),
    "h": Fraction(3600),
    "d": Fraction(86400),
}
RATE = {
    "rps": Fraction(1),
    "rpm": Fraction(1, 60),
    "/s": Fraction(1),
    "/min": Fraction(1, 60),
    "/h": Fraction(1, 3600),
}
SIZES = ("512MB", "10GB", "2TB", "1KB")
ELEMENT_DEFAULTS = dict(
    replicas=1,
    autoscale=None,
    zones=1,
    failover="none",
    capacity=None,
    max_connections=None,
    max_depth=None,
    dlq=None,
    backup="none",
    encrypted=False,
    exposed="internal",
    auth=None,
    rate_limit=None,
    sla=None,
    dpa=False,
    owner=None,
    tech=None,
    description=None,
    url=None,
    tags=(),
    runs_on=None,
    managed=False,
    persistence=None,
    request_timeout=None,
)
RULE_NAMES = ("R001", "single-point-of-failure", "U001", "S009", "D003", "P004")


@dataclass
class Prop:
    """One written property: its key, its text, and the value the model must hold."""

    key: str
    text: str
    value: Any


# ------------------------------------------------------------------ values: (text, expected)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


_CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n")
plain_text = st.text(_CHARS, max_size=12)
long_text = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"), max_size=20
)
_SEGMENT = st.text("abcxyzé数ßΩ_0123456789", min_size=1, max_size=5)
# Kinds and contextual keywords as names (`query` is a keyword inside a data body: no field there).
_TRICKY = (
    "service",
    "cache",
    "frontend",
    "worker",
    "in",
    "by",
    "on",
    "steps",
    "query",
    "x_y",
    "é-2",
)


@st.composite
def names(draw) -> str:
    """An identifier: letters, digits, `_`, and `-` between them; never a reserved word."""
    if draw(st.booleans()):
        name = draw(st.sampled_from(_TRICKY))
    else:
        head = draw(_SEGMENT.filter(lambda s: not s[0].isdigit()))
        name = "-".join([head, *draw(st.lists(_SEGMENT, max_size=2))])
    if name in RESERVED:
        name += "_"
    return name


def magnitude(top: int = 5000) -> st.SearchStrategy[str]:
    return st.one_of(
        st.integers(0, top).map(str),
        st.tuples(st.integers(0, min(999, top - 1)), st.integers(1, 99)).map(
            lambda t: f"{t[0]}.{t[1]}"
        ),
    )


def quantity(units: dict[str, Fraction], top: int = 5000) -> st.SearchStrategy[tuple[str, float]]:
    return st.tuples(magnitude(top), st.sampled_from(sorted(units))).map(
        lambda t: (t[0] + t[1], float(Fraction(t[0]) * units[t[1]]))
    )


def integer(low: int, high: int = 10**6) -> st.SearchStrategy[tuple[str, int]]:
    return st.integers(low, high).map(lambda n: (str(n), n))


duration = quantity(DURATION, top=365)  # at most 365d, the declared maximum
percent = st.tuples(st.integers(0, 99), st.integers(0, 99)).map(
    lambda t: (f"{t[0]}.{t[1]:02d}%", float(Fraction(t[0] * 100 + t[1], 10000)))
)
boolean = st.booleans().map(lambda b: ("true" if b else "false", b))
quoted = plain_text.map(lambda s: (f'"{_escape(s)}"', s))
triple = long_text.map(lambda s: (f'"""{_escape(s)}"""', s))
NAMES = names()
FIELD_NAMES = NAMES.filter(lambda n: n != "query")
words = NAMES.map(lambda w: (w, w))
text_value = st.one_of(quoted, words, triple)
date = st.dates().map(lambda d: (d.isoformat(), d))


def choice(options) -> st.SearchStrategy[tuple[str, str]]:
    return st.sampled_from(options).map(lambda w: (w, w))


@st.composite
def ranges(draw) -> tuple[str, tuple[int, int]]:
    low = draw(st.integers(0, 50))
    high = draw(st.integers(low, 100))
    gap = draw(st.sampled_from(["", " "]))
    return f"{low}{gap}..{gap}{high}", (low, high)


def scalar_custom() -> st.SearchStrategy[tuple[str, Any]]:
    """Values of `x_` keys, with the plain value the model keeps: units stay as written."""
    return st.one_of(
        st.integers(-1000, 10**9).map(lambda n: (str(n), n)),
        magnitude().map(lambda m: (m, float(m) if "." in m else int(m))),
        quantity(DURATION).map(lambda t: (t[0], t[0])),
        quantity(RATE).map(lambda t: (t[0], t[0])),
        percent.map(lambda t: (t[0], t[0])),
        st.sampled_from(SIZES).map(lambda s: (s, s)),
        ranges().map(lambda t: (t[0], t[0])),
        date.map(lambda t: (t[0], t[0])),
        boolean,
        quoted,
        words,
        triple,
    )


@st.composite
def lists(draw, nested: bool = True) -> tuple[str, list]:
    items = draw(st.lists(SCALAR_CUSTOM, max_size=4))
    if nested and items and draw(st.booleans()):
        items.append(draw(INNER_LIST))
    trailing = "," if items and draw(st.booleans()) else ""
    return "[" + ", ".join(t for t, _ in items) + trailing + "]", [v for _, v in items]


SCALAR_CUSTOM = scalar_custom()
INNER_LIST = lists(nested=False)
custom_value = st.one_of(SCALAR_CUSTOM, lists())
tags = lists().map(lambda t: (t[0], tuple(t[1])))
# An empty `owner = ""` is left out: a boundary drops it (resolve.py reads it with `or`), an element keeps it.
owner_value = st.one_of(quoted.filter(lambda t: t[1] != ""), words)
DOCS = {"owner": owner_value, "description": text_value, "url": text_value, "tags": tags}


class Table:
    """The properties one construct accepts, with a strategy for each (built once: strategies are
    expensive to validate, so they are never rebuilt per example)."""

    def __init__(self, strategies: dict, custom: bool = True):
        self.strategies = strategies
        self.keys = st.lists(
            st.sampled_from(sorted(strategies)), unique=True, max_size=len(strategies)
        )
        self.custom = custom


CUSTOM_KEY = _SEGMENT.map(lambda s: "x_" + s)


@st.composite
def props(draw, table: Table, refs: dict[str, list[str]] | None = None) -> list[Prop]:
    """A random subset of the table's properties, maybe a reference property whose targets exist
    only in this workspace (`refs`: key -> names), and maybe a custom `x_` key."""
    chosen = [Prop(k, *draw(table.strategies[k])) for k in draw(table.keys)]
    for key, targets in (refs or {}).items():
        if targets and key not in {p.key for p in chosen} and draw(st.booleans()):
            picked = draw(st.sampled_from(targets))
            chosen.insert(draw(st.integers(0, len(chosen))), Prop(key, picked, picked))
    if table.custom and draw(st.booleans()):
        chosen.append(Prop(draw(CUSTOM_KEY), *draw(custom_value)))
    return chosen


def _element_table(kind: str) -> Table:
    table = dict(
        DOCS,
        replicas=integer(0, 100_000),
        autoscale=ranges(),
        zones=integer(1, 1000),
        capacity=quantity(RATE),
        encrypted=boolean,
        exposed=choice(("public", "internal")),
        auth=choice(AUTH),
        rate_limit=quantity(RATE),
        sla=percent,
        dpa=boolean,
        tech=st.one_of(text_value, choice(FAILOVER_TECH)),
        request_timeout=duration,
    )
    if kind not in ("actor", "external"):
        table["runs_on"] = words
    if kind not in ("actor", "frontend", "external"):
        table["managed"] = boolean
    if kind == "actor":
        del table["request_timeout"]
    if kind in STATEFUL:
        table.update(
            failover=choice(("none", "manual", "automatic")),
            max_connections=integer(1),
            backup=choice(("none", "daily", "hourly", "continuous")),
            persistence=choice(("ephemeral", "snapshot", "durable")),
        )
    if kind == "queue":
        table["max_depth"] = integer(1)
    return Table(table)


def _relation_table(webhook: bool) -> Table:
    table = dict(
        protocol=choice(PROTOCOLS),
        tls=boolean,
        auth=choice(AUTH),
        timeout=st.one_of(duration, choice(("inherit",))),
        retries=st.one_of(integer(0, 1000), choice(("unlimited",))),
        backoff=choice(("none", "fixed", "exponential", "exponential_jitter")),
        circuit_breaker=boolean,
        idempotent=boolean,
        idempotency_key=boolean,
        calls=st.one_of(integer(1), choice(("unbounded",))),
        pool=integer(1),
        access=choice(("read", "write", "readwrite")),
        signature=choice(("none", "hmac", "mtls", "jwt", "http_signature")),
        durable=boolean,
        description=text_value,
        fallback=quoted,
        purpose=choice(("request", "monitoring", "replication", "backup")),
        effect=choice(("read", "notify", "write")),
        stream=boolean,
    )
    if webhook:  # only a relation from an `external` may be a webhook
        table["webhook"] = boolean
    return Table(table)


ELEMENT_TABLES = {kind: _element_table(kind) for kind in KINDS}
RELATION_TABLES = {True: _relation_table(True), False: _relation_table(False)}
SYSTEM_TABLE = Table(DOCS)
DATA_TABLE = Table(DOCS)
BOUNDARY_TABLE = Table(dict(DOCS, trust=choice(("untrusted", "low", "medium", "high"))))
FLOW_TABLE = Table(dict(DOCS, slo=percent, latency=duration, peak=quantity(RATE)))
ACCEPT_TABLE = Table(dict(owner=owner_value, until=date), custom=False)


@st.composite
def carries(draw, data: list[str]) -> list[Prop]:
    if not data or not draw(st.booleans()):
        return []
    names_ = draw(st.lists(st.sampled_from(data), min_size=1, max_size=3))
    return [Prop("carries", "[" + ", ".join(names_) + "]", tuple(names_))]


# ------------------------------------------------------------------ the plain structure of a workspace


@dataclass
class Gen:
    """A generated workspace before rendering. Containers are boundary ids (None: top level)."""

    system: tuple[str, str | None, list[Prop]] | None = None
    defaults: list[tuple[str, list[Prop]]] = field(default_factory=list)
    boundaries: dict[str, dict] = field(default_factory=dict)  # id -> label, parent, props
    elements: dict[str, dict] = field(default_factory=dict)  # id -> kind, label, boundary, props
    relations: list[dict] = field(
        default_factory=list
    )  # source, arrow, target, label, props, place
    data: dict[str, dict] = field(default_factory=dict)
    flows: dict[str, dict] = field(default_factory=dict)
    accepts: list[dict] = field(default_factory=list)


labels = st.one_of(st.none(), plain_text)


@st.composite
def workspaces(draw) -> Gen:
    """A valid workspace: every reference resolves, every value fits its property."""
    counts = [draw(st.integers(lo, hi)) for lo, hi in ((2, 7), (0, 3), (0, 2), (0, 2))]
    ids = draw(st.lists(NAMES, unique=True, min_size=sum(counts), max_size=sum(counts)))
    element_ids, rest = ids[: counts[0]], ids[counts[0] :]
    boundary_ids, rest = rest[: counts[1]], rest[counts[1] :]
    data_ids, flow_ids = rest[: counts[2]], rest[counts[2] :]
    gen = Gen()
    if draw(st.booleans()):
        gen.system = (draw(NAMES), draw(labels), draw(props(SYSTEM_TABLE)))
    for index, ident in enumerate(boundary_ids):
        parent = draw(st.sampled_from([None, *boundary_ids[:index]]))
        gen.boundaries[ident] = dict(
            label=draw(labels), parent=parent, props=draw(props(BOUNDARY_TABLE))
        )
    places = [None, *boundary_ids]
    kinds = {ident: draw(st.sampled_from(KINDS)) for ident in element_ids}
    queues = [i for i in element_ids if kinds[i] == "queue"]
    for ident in element_ids:
        dlq = [q for q in queues if q != ident] if kinds[ident] == "queue" else []
        props_of = draw(props(ELEMENT_TABLES[kinds[ident]], {"dlq": dlq}))
        gen.elements[ident] = dict(
            kind=kinds[ident],
            label=draw(labels),
            boundary=draw(st.sampled_from(places)),
            props=props_of,
        )
    for kind in draw(st.lists(st.sampled_from(KINDS), max_size=3)):
        gen.defaults.append((kind, draw(props(ELEMENT_TABLES[kind]))))
    draw_data(draw, gen, data_ids, places, [i for i in element_ids if kinds[i] in STATEFUL])
    declared: set[tuple] = set()
    for _ in range(draw(st.integers(0, 9))):
        source, target = draw(st.sampled_from(element_ids)), draw(st.sampled_from(element_ids))
        arrow, label = draw(st.sampled_from(["->", "~>"])), draw(labels)
        if (source, arrow, target, label) in declared:
            continue  # a relation declared twice is duplicate-definition
        declared.add((source, arrow, target, label))
        table = RELATION_TABLES[kinds[source] == "external"]
        extra = [Prop("callback", *draw(boolean))] if arrow == "->" and draw(st.booleans()) else []
        gen.relations.append(
            dict(
                source=source,
                target=target,
                arrow=arrow,
                label=label,
                props=draw(props(table, {"fallback": element_ids}))
                + draw(carries(data_ids))
                + extra,
                place=draw(st.sampled_from(["body", *places])),
            )
        )
    for ident in flow_ids:
        draw_flow(draw, gen, ident, element_ids)
    targets = element_ids + data_ids + flow_ids
    for _ in range(draw(st.integers(0, 2))):
        gen.accepts.append(
            dict(
                rules=draw(st.lists(st.sampled_from(RULE_NAMES), min_size=1, max_size=2)),
                targets=draw(st.lists(st.sampled_from(targets), min_size=1, max_size=3)),
                # a reason must say something (blank is invalid-acceptance)
                props=[Prop("reason", *draw(quoted.filter(lambda q: q[1].strip())))]
                + draw(props(ACCEPT_TABLE)),
            )
        )
    return gen


def draw_data(draw, gen: Gen, data_ids: list[str], places: list, stores: list[str]) -> None:
    for ident in data_ids:
        fields = draw(st.lists(FIELD_NAMES, unique=True, max_size=4))
        typed = [
            (
                f,
                draw(
                    st.one_of(
                        st.sampled_from(("uuid", "string", "int", "money", "datetime")), FIELD_NAMES
                    )
                ),
                draw(st.lists(st.sampled_from(FLAGS), unique=True, max_size=3)),
            )
            for f in fields
        ]
        queries = (
            draw(st.lists(st.lists(st.sampled_from(fields), min_size=1, max_size=2), max_size=2))
            if fields
            else []
        )
        gen.data[ident] = dict(
            label=draw(labels),
            boundary=draw(st.sampled_from(places)),
            stores=draw(st.lists(st.sampled_from(stores), unique=True, max_size=2))
            if stores
            else [],
            fields=typed,
            queries=queries,
            props=draw(props(DATA_TABLE)),
        )


def _is_request(rel: dict) -> bool:
    return all(p.value == "request" for p in rel["props"] if p.key == "purpose")


def draw_flow(draw, gen: Gen, ident: str, element_ids: list[str]) -> None:
    """A flow of one to three chains of request relations (a chain may be just one step); each
    further chain starts at an element an earlier chain reached. A hop names its relation's
    label, or no label when the relation is the only request relation of its pair and arrow."""
    requests = [r for r in gen.relations if _is_request(r)]
    chains: list[tuple[list[str], list[dict]]] = []
    reached = [draw(st.sampled_from(element_ids))]
    for _ in range(draw(st.integers(1, 3))):
        steps = [draw(st.sampled_from(reached))]
        hops: list[dict] = []
        for _ in range(draw(st.integers(0, 4))):
            onward = [r for r in requests if r["source"] == steps[-1]]
            if not onward:
                break
            hop = draw(st.sampled_from(onward))
            siblings = [
                r
                for r in requests
                if (r["source"], r["target"], r["arrow"])
                == (hop["source"], hop["target"], hop["arrow"])
            ]
            named = hop["label"] is not None and (len(siblings) > 1 or draw(st.booleans()))
            hops.append(dict(hop, step_label=hop["label"] if named else None))
            steps.append(hop["target"])
        chains.append((steps, hops))
        reached.extend(s for s in steps if s not in reached)
    gen.flows[ident] = dict(label=draw(labels), chains=chains, props=draw(props(FLOW_TABLE)))


# ------------------------------------------------------------------ rendering


def _label(label: str | None) -> str:
    return f' "{_escape(label)}"' if label is not None else ""


def _body(props_of: list[Prop], extra: list[str] = ()) -> str:
    inner = [f"{p.key} = {p.text}" for p in props_of] + list(extra)
    return " {\n" + "".join(f"  {line}\n" for line in inner) + "}" if inner else ""


class Renderer:
    """Writes a `Gen` as `.arch` text and records the order in which relations appear."""

    def __init__(self, gen: Gen):
        self.gen = gen
        self.order: list[dict] = []

    def relation(self, rel: dict, in_body: bool) -> str:
        self.order.append(rel)
        head = "" if in_body else rel["source"] + " "
        return f"{head}{rel['arrow']} {rel['target']}{_label(rel['label'])}{_body(rel['props'])}"

    def element(self, ident: str) -> str:
        el = self.gen.elements[ident]
        body = [
            self.relation(r, True)
            for r in self.gen.relations
            if r["place"] == "body" and r["source"] == ident
        ]
        return f"{el['kind']} {ident}{_label(el['label'])}{_body(el['props'], body)}"

    def data(self, ident: str) -> str:
        d = self.gen.data[ident]
        stores = f" in {', '.join(d['stores'])}" if d["stores"] else ""
        lines = [" ".join([name, kind, *flags]) for name, kind, flags in d["fields"]]
        lines += ["query by " + ", ".join(q) for q in d["queries"]]
        return f"data {ident}{_label(d['label'])}{stores}{_body(d['props'], lines)}"

    def scope(self, place: str | None) -> list[str]:
        """Statements of one container; data last, so a body-less `data X` is never followed by a name."""
        out = [self.element(i) for i, e in self.gen.elements.items() if e["boundary"] == place]
        for ident, b in self.gen.boundaries.items():
            if b["parent"] == place:
                inner = self.scope(ident)
                out.append(
                    f"boundary {ident}{_label(b['label'])} {{\n"
                    + "".join(f"{p.key} = {p.text}\n" for p in b["props"])
                    + "\n".join(inner)
                    + "\n}"
                )
        out += [self.relation(r, False) for r in self.gen.relations if r["place"] == place]
        out += [self.data(i) for i, d in self.gen.data.items() if d["boundary"] == place]
        return out

    def render(self) -> str:
        gen, out = self.gen, ["# generated"]
        if gen.system:
            ident, label, props_of = gen.system
            out.append(f"system {ident}{_label(label)}" + (_body(props_of) or " {}"))
        out += [f"defaults {kind}" + (_body(p) or " {}") for kind, p in gen.defaults]
        out += self.scope(None)
        for ident, f in gen.flows.items():
            lines = [
                "steps = "
                + steps[0]
                + "".join(f" {h['arrow']} {h['target']}{_label(h['step_label'])}" for h in hops)
                for steps, hops in f["chains"]
            ]
            out.append(f"flow {ident}{_label(f['label'])}" + _body(f["props"], lines))
        for a in gen.accepts:
            out.append(
                f"accept {', '.join(a['rules'])} on {', '.join(a['targets'])}{_body(a['props'])}"
            )
        return "\n".join(out) + "\n"


# ------------------------------------------------------------------ the expected model


def _split(props_of: list[Prop]) -> tuple[dict, dict]:
    return (
        {p.key: p.value for p in props_of if not p.key.startswith("x_")},
        {p.key: p.value for p in props_of if p.key.startswith("x_")},
    )


def expected_model(gen: Gen, order: list[dict]) -> schema.Model:
    """The model `gen` means, computed from the generated structure alone."""
    system = None
    if gen.system:
        ident, label, props_of = gen.system
        values, custom = _split(props_of)
        system = schema.System(id=ident, label=label, custom=custom, **values)
    boundaries: dict[str, schema.Boundary] = {}
    for ident, b in gen.boundaries.items():  # parents are generated before children
        values, custom = _split(b["props"])
        outer = boundaries.get(b["parent"]) if b["parent"] else None
        values.setdefault("owner", outer.owner if outer else None)
        effective = values.get("trust") or (outer.effective_trust if outer else None)
        boundaries[ident] = schema.Boundary(
            id=ident,
            label=b["label"],
            parent=b["parent"],
            effective_trust=effective,
            custom=custom,
            **values,
        )
    elements = {ident: expected_element(gen, ident, boundaries, system) for ident in gen.elements}
    relations, seen = [], {}
    for index, rel in enumerate(order):
        values, custom = _split(rel["props"])
        base = f"{rel['source']}{rel['arrow']}{rel['target']}" + (
            f"[{rel['label']}]" if rel["label"] is not None else ""
        )
        seen[base] = seen.get(base, 0) + 1
        values.setdefault("tls", values.get("protocol") in TLS_PROTOCOLS)
        values.setdefault("effect", "read" if values.get("access") == "read" else "write")
        if isinstance(values.get("fallback"), str) and any(
            p.key == "fallback" and not p.text.startswith('"') for p in rel["props"]
        ):
            values["fallback_element"] = values["fallback"]
        relations.append(
            schema.Relation(
                id=base if seen[base] == 1 else f"{base}#{seen[base]}",
                source=rel["source"],
                target=rel["target"],
                arrow=rel["arrow"],
                label=rel["label"],
                order=index,
                custom=custom,
                **values,
            )
        )
    data = {}
    for ident, d in gen.data.items():
        values, custom = _split(d["props"])
        data[ident] = schema.Data(
            name=ident,
            label=d["label"],
            boundary=d["boundary"],
            stores=tuple(d["stores"]),
            custom=custom,
            fields=tuple(
                schema.DataField(name=n, type=t, flags=tuple(f)) for n, t, f in d["fields"]
            ),
            queries=tuple(schema.Query(fields=tuple(q)) for q in d["queries"]),
            **values,
        )
    flows = {}
    for ident, f in gen.flows.items():
        values, custom = _split(f["props"])
        chains = tuple(
            schema.FlowChain(
                steps=tuple(steps),
                arrows=tuple(h["arrow"] for h in hops),
                labels=tuple(h["step_label"] for h in hops),
                relations=tuple(
                    f"{h['source']}{h['arrow']}{h['target']}"
                    + (f"[{h['label']}]" if h["label"] is not None else "")
                    for h in hops
                ),
            )
            for steps, hops in f["chains"]
        )
        flows[ident] = schema.Flow(
            id=ident,
            label=f["label"],
            chains=chains,
            steps=chains[0].steps,
            arrows=chains[0].arrows,
            relations=tuple(dict.fromkeys(r for c in chains for r in c.relations)),
            custom=custom,
            **values,
        )
    accepts = tuple(
        schema.Acceptance(
            rules=tuple(a["rules"]),
            targets=tuple(a["targets"]),
            **{p.key: p.value for p in a["props"]},
        )
        for a in gen.accepts
    )
    return schema.Model(
        system=system,
        boundaries=boundaries,
        elements=elements,
        relations=tuple(relations),
        data=data,
        flows=flows,
        acceptances=accepts,
        files=(PATH,),
    )


def expected_element(gen: Gen, ident: str, boundaries: dict, system) -> schema.Element:
    el = gen.elements[ident]
    values, custom = dict(ELEMENT_DEFAULTS), {}
    for kind, props_of in gen.defaults:  # later `defaults` blocks win over earlier ones
        if kind == el["kind"]:
            preset, preset_custom = _split(props_of)
            values.update(preset)
            custom.update(preset_custom)
    own, own_custom = _split(el["props"])
    values.update(own)
    custom.update(own_custom)
    boundary = boundaries.get(el["boundary"]) if el["boundary"] else None
    if "owner" not in own and not any(
        k == el["kind"] and any(p.key == "owner" for p in ps) for k, ps in gen.defaults
    ):
        values["owner"] = (boundary.owner if boundary else None) or (
            system.owner if system else None
        )
    if values["autoscale"] is not None:
        values["autoscale"] = schema.Range(min=values["autoscale"][0], max=values["autoscale"][1])
    trust = boundary.effective_trust if boundary else None
    if trust is None and el["kind"] in ("actor", "external"):
        trust = "untrusted"
    if el["kind"] in STATEFUL:
        written = [p for p in el["props"]] + [
            p for k, ps in gen.defaults if k == el["kind"] for p in ps
        ]
        expect_state_defaults(el["kind"], values, any(p.key == "failover" for p in written))
    return schema.Element(
        id=ident,
        kind=el["kind"],
        label=el["label"],
        boundary=el["boundary"],
        trust=trust,
        custom=custom,
        **values,
    )


def expect_state_defaults(kind: str, values: dict, failover_written: bool) -> None:
    """LANGUAGE.md: persistence `ephemeral` for a cache, else `durable`; failover as written,
    else `automatic` at 3+ copies for a tech with failover built in (the spec's list), else
    `none`."""
    if values["persistence"] is None:
        values["persistence"] = "ephemeral" if kind == "cache" else "durable"
    copies = max(values["replicas"], values["autoscale"].min if values["autoscale"] else 0)
    tech = str(values["tech"] or "").lower()
    if failover_written:
        values["failover_source"] = "explicit"
    elif copies >= 3 and tech in {t.lower() for t in FAILOVER_TECH}:
        values["failover"], values["failover_source"] = "automatic", "tech_default"


# ------------------------------------------------------------------ comparison

_IGNORED = {"span", "property_spans", "name_spans"}


def differences(actual, expected, path: str = "model") -> list[str]:
    """Where two values differ in meaning: spans ignored, floats compared to 1e-12 relative."""
    if isinstance(expected, (schema.Node, schema.Range)):
        if type(actual) is not type(expected):
            return [f"{path}: {actual!r} != {expected!r}"]
        return [
            d
            for name in type(expected).model_fields
            if name not in _IGNORED
            for d in differences(getattr(actual, name), getattr(expected, name), f"{path}.{name}")
        ]
    if isinstance(expected, dict):
        if not isinstance(actual, dict) or set(actual) != set(
            expected
        ):  # order of keys is not meaning
            return [
                f"{path}: keys {sorted(actual) if isinstance(actual, dict) else actual!r} != {sorted(expected)}"
            ]
        return [
            d
            for key in expected
            for d in differences(actual[key], expected[key], f"{path}[{key!r}]")
        ]
    if isinstance(expected, (tuple, list)):
        if type(actual) is not type(expected) or len(actual) != len(expected):
            return [f"{path}: {actual!r} != {expected!r}"]
        return [
            d
            for i, (a, e) in enumerate(zip(actual, expected, strict=False))
            for d in differences(a, e, f"{path}[{i}]")
        ]
    if (
        isinstance(expected, float)
        and isinstance(actual, (int, float))
        and not isinstance(actual, bool)
    ):
        return (
            []
            if math.isclose(actual, expected, rel_tol=1e-12)
            else [f"{path}: {actual!r} != {expected!r}"]
        )
    if isinstance(expected, str) and isinstance(actual, str):
        return [] if actual == expected else [f"{path}: {actual!r} != {expected!r}"]
    if type(actual) is not type(expected) and not (
        isinstance(actual, (int, float)) and isinstance(expected, (int, float))
    ):
        return [
            f"{path}: {actual!r} ({type(actual).__name__}) != {expected!r} ({type(expected).__name__})"
        ]
    return [] if actual == expected else [f"{path}: {actual!r} != {expected!r}"]


@st.composite
def rendered(draw) -> tuple[str, schema.Model]:
    renderer = Renderer(draw(workspaces()))
    text = renderer.render()
    return text, expected_model(renderer.gen, renderer.order)


def assert_means(text: str, expected: schema.Model):
    ws = open_text(text, PATH)
    assert not ws.diagnostics, "\n".join(map(str, ws.diagnostics)) + "\n---\n" + text
    problems = differences(ws.model, expected)
    assert not problems, "\n".join(problems[:10]) + "\n---\n" + text
    return ws


# ------------------------------------------------------------------ (a) valid models


@SLOW
@given(rendered())
def test_generated_model_resolves_to_what_it_says(case):
    text, expected = case
    ws = assert_means(text, expected)
    assert sorted(ws.graph.nodes) == sorted(expected.elements)
    assert ws.graph.number_of_edges() == len(expected.relations)
    run_rules(ws)  # the rules never raise on a clean model


@SLOW
@given(rendered(), st.sampled_from(["crlf", "cr", "bom", "bom+crlf"]))
def test_line_endings_and_bom_do_not_change_meaning(case, variant):
    text, expected = case
    if "crlf" in variant:
        text = text.replace("\n", "\r\n")
    elif variant == "cr":
        text = text.replace("\n", "\r")
    if "bom" in variant:
        text = "\ufeff" + text
    assert_means(text, expected)


def test_the_comparison_can_fail():
    """The expectation is sensitive: one changed value, float or label is a difference."""
    text = 'service a "A" { capacity = 6000rpm }\nservice b\na -> b { timeout = 250ms }\n'
    ws = open_text(text, PATH)
    element = ws.model.elements["a"]
    assert not differences(element, element.model_copy(update={"capacity": 100.0 * (1 + 1e-14)}))
    assert differences(element, element.model_copy(update={"capacity": 100.5}))
    assert differences(element, element.model_copy(update={"label": "B"}))
    assert ws.model.relations[0].timeout == pytest.approx(0.25)


# LALR merges states with the same items across contexts; had flow and data bodies shared the
# property-value rule (and accepts, data and queries the name-list rule), the contextual lexer
# would read `steps`, `query` or `on` as keywords after any value or list. The grammar gives those
# contexts rules of their own; these texts pin that down.
KEYWORD_AFTER_VALUE = {
    "steps-field-after-property": "data D {\n  x_0 = 0\n  steps uuid\n}\n",
    "on-field-after-query": "data D {\n  a uuid\n  query by a\n  on uuid\n}\n",
    "on-relation-after-data-stores": "database s\nservice on\ndata D in s\non -> s\n",
    "steps-relation-after-boundary-trust": "service steps\nservice x\nboundary b {\n  trust = low\n  steps -> x\n}\n",
    "query-relation-after-boundary-trust": "service query\nservice x\nboundary b {\n  trust = low\n  query -> x\n}\n",
}


@pytest.mark.parametrize("text", KEYWORD_AFTER_VALUE.values(), ids=KEYWORD_AFTER_VALUE.keys())
def test_keyword_after_a_value_is_still_a_name(text):
    assert [str(d) for d in open_text(text, PATH).diagnostics] == []


# The same after a list value (`]`): flow and data bodies have list rules of their own too.
AFTER_A_LIST = {
    "in-relation-after-element-label": 'actor in\nboundary b {\n  actor x ""\n  in -> in\n}\n',
    "steps-field-after-list": "data D {\n  tags = []\n  steps string\n}\n",
    "query-relation-after-list": "service query\nservice x\nboundary b {\n  tags = []\n  query -> x\n}\n",
}


@pytest.mark.parametrize("text", AFTER_A_LIST.values(), ids=AFTER_A_LIST.keys())
def test_keyword_after_a_list_is_still_a_name(text):
    assert [str(d) for d in open_text(text, PATH).diagnostics] == []


# ------------------------------------------------------------------ (b) no input raises


def check_never_raises(text: str) -> None:
    """open_text returns; every diagnostic lies inside the text; a clean model survives the rules."""
    ws = open_text(text, PATH)
    normal = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    line_count = normal.count("\n") + 1
    for d in ws.diagnostics:
        assert d.span.line >= 1 and d.span.column >= 1, str(d)
        assert d.span.line <= line_count + 1, f"{d} beyond {line_count} lines"
    if not ws.has_errors:
        run_rules(ws)


@FAST
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_any_text(text):
    check_never_raises(text)


@FAST
@given(st.text("{}[]()=-~>\"#.,:;'\\\n\r\t abcsevr0123456789%/", max_size=200))
def test_text_of_the_language_alphabet(text):
    check_never_raises(text)


@FAST
@given(st.binary(max_size=300))
def test_random_bytes(data):
    text, problem = decode(data, PATH)
    if problem is not None:
        assert problem.span.line >= 1 and problem.span.column >= 1
    check_never_raises(text)


@st.composite
def mutated(draw) -> str:
    text, _ = draw(rendered())
    chars = list(text)
    for _ in range(draw(st.integers(1, 4))):
        if not chars:
            break
        i = draw(st.integers(0, len(chars) - 1))
        how = draw(st.sampled_from(["delete", "duplicate", "swap", "insert"]))
        if how == "delete":
            del chars[i]
        elif how == "duplicate":
            chars.insert(i, chars[i])
        elif how == "swap":
            j = draw(st.integers(0, len(chars) - 1))
            chars[i], chars[j] = chars[j], chars[i]
        else:
            chars.insert(i, draw(st.sampled_from('{}[]="\\-~>#\n,.')))
    return "".join(chars)


@SLOW
@given(mutated())
def test_mutations_of_valid_models(text):
    check_never_raises(text)


HUGE = 100_000


@pytest.mark.parametrize(
    "text",
    [
        "a" * HUGE,
        "service " + "a" * HUGE,
        'service a { description = "' + "x" * HUGE + '" }',
        "# " + "comment " * (HUGE // 8),
        "service a { tags = [" + "1, " * (HUGE // 3) + "] }",
        '"' + "x" * HUGE,
        '"""' + "never closed\n" * 1000,
        'service a "unterminated\nservice b',
        'service a { description = """open',
        "boundary b {" * 5000,
        "boundary b {\n" * 5000 + "}\n" * 5000,
        "{" * 5000,
        "service a { tags = " + "[" * 5000 + "] }",
        "a -> " * 5000,
        "\ufeff\r\n\r\nservice a {\r\n replicas = 2\r\n}\r\n",
        "\x00\x01\x02 service \u2028 a \u0085 {",
        "}" * 5000,
    ],
    ids=lambda t: repr(t[:24]),
)
def test_pathological_inputs(text):
    check_never_raises(text)
