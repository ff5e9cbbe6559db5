"""The second half of resolution: declarations that refer to elements (data, acceptances).

A mixin of the resolver in archdsl/model/resolve.py, which provides `error`, `undefined`,
`apply`, `element_ref`, `names` and the collected declarations. Flows are built by the mixin in
archdsl/model/resolve_flows.py.
"""

from __future__ import annotations

from archdsl.diagnostics import (
    DUPLICATE_DEFINITION,
    INVALID_ACCEPTANCE,
    INVALID_VALUE,
    SYNTAX_ERROR,
    UNDEFINED_REFERENCE,
    did_you_mean,
)
from archdsl.model import schema
from archdsl.model.kinds import FIELD_FLAGS, STATEFUL_KINDS
from archdsl.model.properties import ACCEPT_PROPERTIES, DATA_PROPERTIES
from archdsl.model.resolve_services import ResolverServices
from archdsl.spans import Span
from archdsl.syntax import ast

_EMPTY = schema.FrozenDict()  # immutable, so every empty `custom` or `property_spans` is this one


class NodeBuilder:
    """Builds model nodes from values the resolver has already checked and converted (validation
    would only repeat those checks); their dicts are frozen so the model stays immutable.

    One per resolve: nodes given the same fields share one `model_fields_set` (a set of its own
    cost each node 400-700 bytes, about 25 MB on a model of 10,000 components; pydantic never
    changes the set of a frozen model, and copies it for `model_copy`)."""

    def __init__(self) -> None:
        self._fields_sets: dict[tuple, set[str]] = {}

    def __call__(self, cls, **fields):
        for key, value in fields.items():
            if type(value) is dict:
                fields[key] = schema.FrozenDict(value) if value else _EMPTY
        shape = (cls, *fields)
        fields_set = self._fields_sets.get(shape)
        if fields_set is None:
            fields_set = self._fields_sets[shape] = set(fields)
        return schema.construct(cls, fields, fields_set)


class ReferenceBuilders(ResolverServices):
    """Builds data and acceptances once elements and relations exist."""

    # Provided by the resolver (archdsl/model/resolve.py); its methods: ResolverServices.
    names: dict
    report_undefined: bool
    data_decls: list[ast.Data]
    enclosing: dict[str, str | None]
    accept_decls: list[ast.Accept]

    def build_data(self, elements: dict) -> dict[str, schema.Data]:
        built: dict[str, schema.Data] = {}
        for decl in self.data_decls:
            ident = decl.name.text
            stores = []
            for store in decl.stores:
                if self.element_ref(store, elements, context=ident) is None:
                    continue
                if elements[store.text].kind not in STATEFUL_KINDS:
                    self.error(
                        INVALID_VALUE,
                        f"data `{ident}` is stored in `{store.text}`, a "
                        f"{elements[store.text].kind}, which holds no state",
                        store.span,
                        "store data in a database, cache, queue, storage, search or vault",
                        element=ident,
                    )
                    continue
                stores.append(store.text)
            fields = self.build_fields(decl)
            queries = self.build_queries(decl, {f.name for f in fields})
            applied = self.apply(decl.props, DATA_PROPERTIES, f"data `{ident}`", owner=ident)
            built[ident] = self.node(
                schema.Data,
                name=ident,
                label=decl.label,
                boundary=self.enclosing[ident],
                stores=tuple(stores),
                fields=tuple(fields),
                queries=tuple(queries),
                span=decl.span,
                custom=applied.custom,
                **applied.values,
            )
        return built

    def build_fields(self, decl: ast.Data) -> list[schema.DataField]:
        fields: list[schema.DataField] = []
        seen: dict[str, Span] = {}
        for item in _rejoin_mistyped_flags(decl.fields):
            name = item.name.text
            if item.type is None:
                self.error(
                    SYNTAX_ERROR,
                    f"field `{name}` of data `{decl.name.text}` has no type",
                    item.name.span,
                    f"write `{name} string` (fields are `name type flags...` on one line)",
                )
                continue
            if name in seen:
                self.error(
                    DUPLICATE_DEFINITION,
                    f"field `{name}` is declared twice in data `{decl.name.text}`",
                    item.name.span,
                    f"first declared at {seen[name]}",
                    element=decl.name.text,
                )
                continue
            seen[name] = item.name.span
            flags = []
            for flag in item.flags:
                if flag.text not in FIELD_FLAGS:
                    self.error(
                        INVALID_VALUE,
                        f"unknown flag `{flag.text}` on field `{name}`",
                        flag.span,
                        did_you_mean(flag.text, FIELD_FLAGS)
                        or "flags: " + ", ".join(sorted(FIELD_FLAGS)),
                        element=decl.name.text,
                    )
                    continue
                flags.append(flag.text)
            fields.append(
                self.node(
                    schema.DataField,
                    name=name,
                    type=item.type.text,
                    flags=tuple(flags),
                    span=item.span,
                )
            )
        return fields

    def build_queries(self, decl: ast.Data, field_names: set[str]) -> list[schema.Query]:
        queries = []
        for query in decl.queries:
            for name in query.fields:
                if name.text not in field_names and self.report_undefined:
                    self.error(
                        UNDEFINED_REFERENCE,
                        f"`query by {name.text}`: data `{decl.name.text}` has no field "
                        f"`{name.text}`",
                        name.span,
                        did_you_mean(name.text, field_names) or "a query names fields of its data",
                        element=decl.name.text,
                    )
            queries.append(
                self.node(schema.Query, fields=tuple(n.text for n in query.fields), span=query.span)
            )
        return queries

    def build_acceptances(self, elements: dict) -> list[schema.Acceptance]:
        """`accept` blocks; a name may be an element, data or flow id or a `runs_on` word (a
        failure unit, RULES.md "Failure units")."""
        units = {e.runs_on for e in elements.values() if e.runs_on}
        built = []
        for decl in self.accept_decls:
            applied = self.apply(decl.props, ACCEPT_PROPERTIES, "accept")
            if not str(applied.values.get("reason") or "").strip():
                self.error(
                    INVALID_ACCEPTANCE,
                    "an acceptance without `reason`"
                    + (" (it is empty)" if "reason" in applied.values else ""),
                    decl.span,
                    'say why the risk is accepted: reason = "..."',
                )
            for target in decl.targets:
                declared = self.names.get(target.text)
                if target.text in units and declared is None:
                    continue
                if self.report_undefined and (declared is None or declared.category == "boundary"):
                    self.error(
                        INVALID_ACCEPTANCE,
                        f"accept names `{target.text}`, which is no element, data, flow or `runs_on` unit",
                        target.span,
                        did_you_mean(target.text, self.name_index("a subject", self.names))
                        or "name what the finding is about",
                    )
            spans = {n.text: n.span for n in (*decl.rules, *decl.targets)}
            built.append(
                self.node(
                    schema.Acceptance,
                    rules=tuple(r.text for r in decl.rules),
                    targets=tuple(t.text for t in decl.targets),
                    span=decl.span,
                    name_spans=spans,
                    **applied.values,
                )
            )
        return built


def _rejoin_mistyped_flags(fields: list[ast.Field]) -> list[ast.Field]:
    """Fields as written, except that a "field" sharing the previous field's line whose type is
    missing or is a flag word is taken as flags of that field (`email string indexd pii`: a
    mistyped flag, reported as an unknown flag rather than as a field with no type)."""
    result: list[ast.Field] = []
    for item in fields:
        previous = result[-1] if result else None
        if (
            previous is not None
            and previous.type is not None
            and previous.span.end_line == item.span.line
            and (item.type is None or item.type.text in FIELD_FLAGS)
        ):
            words = [item.name, *([item.type] if item.type else []), *item.flags]
            result[-1] = ast.Field(
                previous.name,
                previous.type,
                [*previous.flags, *words],
                previous.span.through(item.span),
            )
            continue
        result.append(item)
    return result
