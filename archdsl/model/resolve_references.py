"""The second half of resolution: declarations that refer to elements (data, flows, acceptances).

A mixin of the resolver in archdsl/model/resolve.py, which provides `error`, `undefined`,
`apply`, `element_ref`, `names` and the collected declarations.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from archdsl.diagnostics import (
    DUPLICATE_DEFINITION,
    INVALID_ACCEPTANCE,
    INVALID_FLOW_STEP,
    INVALID_VALUE,
    SYNTAX_ERROR,
    UNDEFINED_REFERENCE,
    did_you_mean,
)
from archdsl.model import schema
from archdsl.model.kinds import FIELD_FLAGS, STATEFUL_KINDS
from archdsl.model.properties import ACCEPT_PROPERTIES, DATA_PROPERTIES, FLOW_PROPERTIES
from archdsl.spans import Span
from archdsl.syntax import ast

if TYPE_CHECKING:
    from archdsl.diagnostics import NameIndex
    from archdsl.model.properties import PropSpec
    from archdsl.model.resolve import _Applied


def node(cls, **fields):
    """Build a model node from values the resolver has already checked and converted; its dicts
    are frozen so the model stays immutable. (Validation would only repeat those checks.)"""
    for key, value in fields.items():
        if type(value) is dict:
            fields[key] = schema.FrozenDict(value)
    return schema.construct(cls, fields)


class ReferenceBuilders:
    """Builds data, flows and acceptances once elements and relations exist."""

    # Provided by the resolver (archdsl/model/resolve.py), together with the methods `error`,
    # `undefined`, `apply` and `element_ref`.
    names: dict
    report_undefined: bool
    data_decls: list[ast.Data]
    enclosing: dict[str, str | None]
    flow_decls: list[ast.Flow]
    accept_decls: list[ast.Accept]

    if TYPE_CHECKING:

        def error(
            self,
            code: str,
            message: str,
            span: Span,
            hint: str | None = None,
            element: str | None = None,
        ) -> None: ...

        def apply(
            self,
            props: list[ast.Property],
            table: dict[str, PropSpec],
            where: str,
            kind: str | None = None,
            owner: str | None = None,
        ) -> _Applied: ...

        def element_ref(
            self, name: ast.Name, elements: dict, context: str | None = None
        ) -> str | None: ...

        def name_index(self, what: str, candidates: Any) -> NameIndex: ...

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
            built[ident] = node(
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
                node(
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
                node(schema.Query, fields=tuple(n.text for n in query.fields), span=query.span)
            )
        return queries

    def build_flows(
        self, elements: dict, relations: list[schema.Relation]
    ) -> dict[str, schema.Flow]:
        joining: dict[tuple[str, str, str], list[schema.Relation]] = {}
        for relation in relations:
            joining.setdefault((relation.source, relation.target, relation.arrow), []).append(
                relation
            )
        built: dict[str, schema.Flow] = {}
        for decl in self.flow_decls:
            ident = decl.id.text
            applied = self.apply(decl.props, FLOW_PROPERTIES, f"flow `{ident}`", owner=ident)
            if not decl.chains:
                self.error(
                    INVALID_FLOW_STEP,
                    f"flow `{ident}` has no `steps`",
                    decl.id.span,
                    "write steps = a -> b -> c",
                    element=ident,
                )
            chains = self.flow_chains(ident, decl, elements, joining)
            if decl.chains:
                applied.spans["steps"] = decl.chains[0].span
            first = chains[0] if chains else None
            taken = dict.fromkeys(r for chain in chains for r in chain.relations)
            built[ident] = node(
                schema.Flow,
                id=ident,
                label=decl.label,
                chains=tuple(chains),
                steps=first.steps if first else (),
                arrows=first.arrows if first else (),
                relations=tuple(taken),
                span=decl.span,
                custom=applied.custom,
                property_spans=applied.spans,
                **applied.values,
            )
        return built

    def flow_chains(
        self, ident: str, decl: ast.Flow, elements: dict, joining: dict
    ) -> list[schema.FlowChain]:
        """Each `steps` line as a chain of hops, cut at its first faulty hop (reported E007)."""
        chains: list[schema.FlowChain] = []
        reached: dict[str, None] = {}
        for written in decl.chains:
            steps = [self.element_ref(step, elements, context=ident) for step in written.steps]
            start = steps[0]
            if chains and start is not None and start not in reached:
                self.error(
                    INVALID_FLOW_STEP,
                    f"flow `{ident}`: this chain starts at `{start}`, which no earlier chain "
                    "of the flow reaches",
                    written.steps[0].span,
                    "a further `steps` continues the call tree from an element already on it: "
                    + ", ".join(f"`{e}`" for e in reached),
                    element=ident,
                )
            hops: list[str] = []
            for index in range(len(written.arrows)):
                source, target = steps[index], steps[index + 1]
                if source is None or target is None:
                    break
                found = self.flow_hop(ident, written, index, joining)
                if found is None:
                    break
                hops.append(found)
            if start is None:
                continue
            kept = len(hops)
            chain_steps = tuple(s for s in steps[: kept + 1] if s is not None)  # none are
            reached.update(dict.fromkeys(chain_steps))
            chains.append(
                node(
                    schema.FlowChain,
                    steps=chain_steps,
                    arrows=tuple(a.text for a in written.arrows[:kept]),
                    labels=tuple(None if n is None else n.text for n in written.labels[:kept]),
                    relations=tuple(hops),
                    span=written.span,
                )
            )
        return chains

    def flow_hop(self, ident: str, chain: ast.FlowChain, index: int, joining: dict) -> str | None:
        """The id of the relation hop `index` of `chain` takes, or None (reported as E007).

        With a label, the relation with that label. Without one, the only request relation
        between the pair, else the only one without a label. Out-of-band relations are never
        taken."""
        source, target = chain.steps[index].text, chain.steps[index + 1].text
        arrow, label = chain.arrows[index].text, chain.labels[index]
        span = chain.steps[index].span.through((label or chain.steps[index + 1]).span)
        written = f"`{source} {arrow} {target}`"
        candidates = joining.get((source, target, arrow), [])
        if not candidates:
            self.missing_hop(ident, source, arrow, target, span, joining)
            return None
        requests = [r for r in candidates if not r.out_of_band]
        if label is not None:
            named = [r for r in candidates if r.label == label.text]
            if not named:
                self.error(
                    INVALID_FLOW_STEP,
                    f'flow `{ident}`: no relation {written} is labelled "{label.text}"',
                    label.span,
                    _label_choices(requests) or "the relations between them are out of band",
                    element=ident,
                )
                return None
            return self.request_hop(ident, named[0], span)
        if len(requests) == 1:
            return requests[0].id
        unlabelled = [r for r in requests if r.label is None]
        if len(unlabelled) == 1:
            return unlabelled[0].id
        if not requests:
            return self.request_hop(ident, candidates[0], span)
        self.error(
            INVALID_FLOW_STEP,
            f"flow `{ident}`: {len(requests)} relations {written}; the step does not say "
            "which it takes",
            span,
            f'name one by its label after the target (`{source} {arrow} {target} "label"`); '
            + _label_choices(requests),
            element=ident,
        )
        return None

    def request_hop(self, ident: str, relation: schema.Relation, span: Span) -> str | None:
        """The relation's id, or None (reported) when it is out of band."""
        if not relation.out_of_band:
            return relation.id
        self.error(
            INVALID_FLOW_STEP,
            f"flow `{ident}`: `{relation.id}` is out of band (`purpose = {relation.purpose}`); "
            "a flow's steps are requests",
            span,
            "leave out-of-band relations (monitoring, replication, backup) out of flows",
            element=ident,
        )
        return None

    def missing_hop(
        self, ident: str, source: str, arrow: str, target: str, span: Span, joining: dict
    ) -> None:
        other = "~>" if arrow == "->" else "->"
        if (source, target, other) in joining:
            hint = f"`{source} {other} {target}` is declared; write `{other}` in the steps"
        else:
            hint = f"declare the relation `{source} {arrow} {target}`"
        self.error(
            INVALID_FLOW_STEP,
            f"flow `{ident}`: `{source} {arrow} {target}` is not a declared relation",
            span,
            hint,
            element=ident,
        )

    def build_acceptances(self) -> list[schema.Acceptance]:
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
                if self.report_undefined and (declared is None or declared.category == "boundary"):
                    self.error(
                        INVALID_ACCEPTANCE,
                        f"accept names `{target.text}`, which is no element, data or flow",
                        target.span,
                        did_you_mean(target.text, self.name_index("a subject", self.names))
                        or "name what the finding is about",
                    )
            spans = {n.text: n.span for n in (*decl.rules, *decl.targets)}
            built.append(
                node(
                    schema.Acceptance,
                    rules=tuple(r.text for r in decl.rules),
                    targets=tuple(t.text for t in decl.targets),
                    span=decl.span,
                    name_spans=spans,
                    **applied.values,
                )
            )
        return built


def _label_choices(relations: list[schema.Relation]) -> str:
    """The labels a step can name, as written in a step (`"login", "signup"`); "" for none."""
    labels = [f'"{r.label}"' for r in relations if r.label is not None]
    return "labels: " + ", ".join(labels) if labels else ""


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
