"""Resolve the ASTs of a workspace into one typed `Model`, reporting every problem found.

Passes, in order: declare every name (one namespace for elements, boundaries, data and flows),
then build boundaries, elements (defaults, then the element's own values), relations, data,
flows and acceptances. Each pass reports its E-codes and keeps going, so one run shows all.
"""

from __future__ import annotations

from dataclasses import dataclass

from archdsl.diagnostics import (
    DUPLICATE_DEFINITION,
    INVALID_VALUE,
    SYNTAX_ERROR,
    UNDEFINED_REFERENCE,
    UNKNOWN_KIND,
    UNKNOWN_PROPERTY,
    NameIndex,
    did_you_mean,
    model_error,
)
from archdsl.findings import Finding
from archdsl.model import schema
from archdsl.model.kinds import (
    ELEMENT_KINDS,
    RESERVED_WORDS,
    ElementKind,
    has_built_in_failover,
)
from archdsl.model.loader import LoadedFiles
from archdsl.model.properties import (
    BOUNDARY_PROPERTIES,
    ELEMENT_PROPERTIES,
    FLOW_PROPERTIES,
    RELATION_PROPERTIES,
    SYSTEM_PROPERTIES,
    PropSpec,
)
from archdsl.model.resolve_flows import FlowBuilders
from archdsl.model.resolve_references import NodeBuilder, ReferenceBuilders
from archdsl.model.resolve_relations import RelationBuilders
from archdsl.model.values import InvalidValue, convert, plain
from archdsl.spans import Span
from archdsl.syntax import ast

_OTHER_TABLES = (
    ("relations", RELATION_PROPERTIES),
    ("elements", ELEMENT_PROPERTIES),
    ("flows", FLOW_PROPERTIES),
    ("boundaries", BOUNDARY_PROPERTIES),
)


@dataclass(slots=True)
class _Declared:
    category: str  # element, boundary, data, flow
    span: Span
    node: object


@dataclass(slots=True)
class _Applied:
    values: dict
    spans: dict
    custom: dict


def _article(noun: str) -> str:
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def resolve(loaded: LoadedFiles) -> tuple[schema.Model, list[Finding]]:
    """The model of a loaded workspace and the diagnostics found while resolving it."""
    return _Resolver(loaded).run()


class _Resolver(RelationBuilders, ReferenceBuilders, FlowBuilders):
    def __init__(self, loaded: LoadedFiles):
        self.loaded = loaded
        self.report_undefined = not loaded.syntax_failed
        self.diagnostics: list[Finding] = []
        self.names: dict[str, _Declared] = {}
        self.boundary_decls: list[tuple[ast.Boundary, str | None]] = []
        self.element_decls: list[ast.Element] = []
        self.relation_decls: list[tuple[ast.Relation, str | None]] = []
        self.data_decls: list[ast.Data] = []
        # The boundary each declared element and data sits in, by name. Kept here, not written
        # into the AST: parsed files are shared (a parse cache serves every workspace of a run).
        self.enclosing: dict[str, str | None] = {}
        self.flow_decls: list[ast.Flow] = []
        self.accept_decls: list[ast.Accept] = []
        self.defaults_decls: list[ast.Defaults] = []
        self.system_decls: list[ast.System] = []
        self._name_indexes: dict[str, NameIndex] = {}
        self.node = NodeBuilder()
        self._conversions: dict[tuple, tuple] = {}  # see `convert`

    # ------------------------------------------------------------ reporting

    def error(
        self,
        code: str,
        message: str,
        span: Span,
        hint: str | None = None,
        element: str | None = None,
    ) -> None:
        self.diagnostics.append(model_error(code, message, span, hint, element=element))

    def undefined(self, name: ast.Name, what: str, candidates, element: str | None = None) -> None:
        if not self.report_undefined:
            return
        found = self.names.get(name.text)
        if found is not None:
            message = f"`{name.text}` is {_article(found.category)}, not {what}"
            hint = f"{what} is expected here"
        else:
            message = f"`{name.text}` is not declared"
            suggestion = did_you_mean(name.text, self.name_index(what, candidates))
            hint = suggestion or f"declare {what} named `{name.text}`"
        self.error(UNDEFINED_REFERENCE, message, name.span, hint, element=element)

    def name_index(self, what: str, candidates) -> NameIndex:
        """The did-you-mean index of the names that can be `what`, built on first use (the pool
        of a `what` is complete once declarations are read); `candidates` may be a function."""
        index = self._name_indexes.get(what)
        if index is None:
            pool = candidates() if callable(candidates) else candidates
            index = self._name_indexes[what] = NameIndex(pool)
        return index

    # ------------------------------------------------------------ pass 1: declarations

    def run(self) -> tuple[schema.Model, list[Finding]]:
        for file in self.loaded.files:
            for statement in file.statements:
                self.collect(statement, boundary=None)
        system = self.build_system()
        defaults = self.build_defaults()
        boundaries = self.build_boundaries(system)
        elements = self.build_elements(defaults, boundaries, system)
        relations = self.build_relations(elements)
        data = self.build_data(elements)
        flows = self.build_flows(elements, relations)
        acceptances = self.build_acceptances(elements)
        model = self.node(
            schema.Model,
            system=system,
            boundaries=boundaries,
            elements=elements,
            relations=tuple(relations),
            data=data,
            flows=flows,
            acceptances=tuple(acceptances),
            files=tuple(f.path for f in self.loaded.files),
        )
        return model, self.diagnostics

    def declare(self, name: ast.Name, category: str, node: object) -> bool:
        if name.text in RESERVED_WORDS:
            self.error(
                SYNTAX_ERROR,
                f"`{name.text}` is a reserved word and cannot be a name",
                name.span,
                "choose another name",
            )
            return False
        previous = self.names.get(name.text)
        if previous is not None:
            self.error(
                DUPLICATE_DEFINITION,
                f"`{name.text}` is already declared as {_article(previous.category)} at {previous.span}",
                name.span,
                "names of elements, boundaries, data and flows share one namespace; rename one",
            )
            return False
        self.names[name.text] = _Declared(category, name.span, node)
        return True

    def collect(self, statement, boundary: str | None) -> None:
        """Register one top-level statement and, for a boundary, everything nested in it.

        Iterative, so a boundary nested thousands deep cannot exhaust Python's stack."""
        pending = [(statement, boundary)]
        while pending:
            item, within = pending.pop()
            if isinstance(item, ast.Boundary):
                if self.declare(item.id, "boundary", item):
                    self.boundary_decls.append((item, within))
                pending.extend((child, item.id.text) for child in reversed(item.items))
            else:
                self.collect_leaf(item, within)

    def collect_leaf(self, statement, boundary: str | None) -> None:
        if isinstance(statement, ast.Element):
            if self.declare(statement.id, "element", statement):
                self.element_decls.append(statement)
                self.enclosing[statement.id.text] = boundary
            for relation in statement.relations:
                self.relation_decls.append((relation, statement.id.text))
        elif isinstance(statement, ast.Relation):
            self.relation_decls.append((statement, None))
        elif isinstance(statement, ast.Data):
            if self.declare(statement.name, "data", statement):
                self.data_decls.append(statement)
                self.enclosing[statement.name.text] = boundary
        elif isinstance(statement, ast.Flow):
            if self.declare(statement.id, "flow", statement):
                self.flow_decls.append(statement)
        elif isinstance(statement, ast.Accept):
            self.accept_decls.append(statement)
        elif isinstance(statement, ast.Defaults):
            self.defaults_decls.append(statement)
        elif isinstance(statement, ast.System):
            self.system_decls.append(statement)

    # ------------------------------------------------------------ properties

    def apply(
        self,
        props: list[ast.Property],
        table: dict[str, PropSpec],
        where: str,
        kind: str | None = None,
        owner: str | None = None,
    ) -> _Applied:
        """Convert the properties of one body against its table, reporting E003/E004/E005."""
        applied = _Applied({}, {}, {})
        for prop in props:
            key = prop.key.text
            if key in applied.spans:
                self.error(
                    DUPLICATE_DEFINITION,
                    f"`{key}` is set twice in {where}",
                    prop.key.span,
                    f"first set at {applied.spans[key]}; keep one",
                    element=owner,
                )
                continue
            if key.startswith("x_"):
                applied.custom[key] = plain(prop.value)
                applied.spans[key] = prop.span
                continue
            spec = table.get(key)
            if spec is None:
                self.unknown_property(prop, table, where, owner)
                continue
            if spec.kinds is not None and kind is not None and kind not in spec.kinds:
                allowed = ", ".join(sorted(spec.kinds))
                self.error(
                    INVALID_VALUE,
                    f"`{key}` does not apply to a {kind}",
                    prop.key.span,
                    f"`{key}` is for: {allowed}",
                    element=owner,
                )
                continue
            try:
                applied.values[key] = self.convert(spec, prop.value)
            except InvalidValue as problem:
                self.error(
                    INVALID_VALUE, problem.message, prop.value.span, problem.hint, element=owner
                )
                continue
            applied.spans[key] = prop.span
        return applied

    def convert(self, spec: PropSpec, value: ast.Value):
        """`convert(spec, value)`, worked out once per property and written value (most values
        repeat: `timeout = 250ms` on thousands of relations; a result is immutable, so one serves
        them all). A list is converted each time: its items may be lists, which are mutable."""
        if value.kind == "list":
            return convert(spec, value)
        memo = (id(spec), value.kind, value.text)  # the builder derives `data` from these
        known = self._conversions.get(memo)
        if known is None:
            try:
                known = (convert(spec, value), None)
            except InvalidValue as invalid:
                known = (None, invalid)
            self._conversions[memo] = known
        result, refused = known
        if refused is not None:
            raise InvalidValue(refused.message, refused.hint)
        return result

    def unknown_property(
        self, prop: ast.Property, table: dict, where: str, owner: str | None
    ) -> None:
        key = prop.key.text
        hint = did_you_mean(key, table)
        if hint is None:
            for other_name, other in _OTHER_TABLES:
                if key in other and other is not table:
                    hint = f"`{key}` is a property of {other_name}"
                    break
        self.error(
            UNKNOWN_PROPERTY,
            f"unknown property `{key}` in {where}",
            prop.key.span,
            hint or "custom keys start with `x_`",
            element=owner,
        )

    # ------------------------------------------------------------ pass 2: building

    def build_system(self) -> schema.System | None:
        system = None
        for decl in self.system_decls:
            if system is not None:
                self.error(
                    DUPLICATE_DEFINITION,
                    f"a second `system` ({decl.id.text}); the workspace already has "
                    f"`{system.id}` at {system.span}",
                    decl.id.span,
                    "keep one system per workspace",
                )
                continue
            applied = self.apply(decl.props, SYSTEM_PROPERTIES, f"system `{decl.id.text}`")
            system = self.node(
                schema.System,
                id=decl.id.text,
                label=decl.label,
                span=decl.span,
                custom=applied.custom,
                **applied.values,
            )
        return system

    def build_defaults(self) -> dict[str, _Applied]:
        defaults: dict[str, _Applied] = {}
        for decl in self.defaults_decls:
            kind = decl.kind.text
            if kind not in ELEMENT_KINDS:
                self.error(
                    UNKNOWN_KIND,
                    f"`defaults {kind}`: `{kind}` is not an element kind",
                    decl.kind.span,
                    did_you_mean(kind, ELEMENT_KINDS) or "kinds: " + ", ".join(ELEMENT_KINDS),
                )
                continue
            applied = self.apply(decl.props, ELEMENT_PROPERTIES, f"defaults for {kind}", kind=kind)
            merged = defaults.setdefault(kind, _Applied({}, {}, {}))
            merged.values.update(applied.values)
            merged.spans.update(applied.spans)
            merged.custom.update(applied.custom)
        return defaults

    def build_boundaries(self, system: schema.System | None) -> dict[str, schema.Boundary]:
        built: dict[str, schema.Boundary] = {}
        for decl, parent in self.boundary_decls:  # parents come before children
            applied = self.apply(
                decl.props, BOUNDARY_PROPERTIES, f"boundary `{decl.id.text}`", owner=decl.id.text
            )
            values = applied.values
            outer = built.get(parent) if parent else None
            effective = values.get("trust", outer.effective_trust if outer else None)
            owner = values.pop("owner") if "owner" in values else (outer.owner if outer else None)
            built[decl.id.text] = self.node(
                schema.Boundary,
                id=decl.id.text,
                label=decl.label,
                parent=parent,
                effective_trust=effective,
                owner=owner,
                span=decl.span,
                custom=applied.custom,
                property_spans=applied.spans,
                **values,
            )
        return built

    def build_elements(self, defaults, boundaries, system) -> dict[str, schema.Element]:
        elements: dict[str, schema.Element] = {}
        system_owner = system.owner if system else None
        for decl in self.element_decls:
            kind, ident = decl.kind.text, decl.id.text
            if kind not in ELEMENT_KINDS:
                self.error(
                    UNKNOWN_KIND,
                    f"unknown element kind `{kind}`",
                    decl.kind.span,
                    did_you_mean(kind, ELEMENT_KINDS) or "kinds: " + ", ".join(ELEMENT_KINDS),
                    element=ident,
                )
                continue
            own = self.apply(
                decl.props, ELEMENT_PROPERTIES, f"{kind} `{ident}`", kind=kind, owner=ident
            )
            values, spans, custom = {}, {}, {}
            preset = defaults.get(kind)
            if preset is not None:
                values.update(preset.values)
                spans.update(preset.spans)
                custom.update(preset.custom)
            values.update(own.values)
            spans.update(own.spans)
            custom.update(own.custom)
            within = self.enclosing[ident]
            boundary = boundaries.get(within) if within else None
            if "owner" not in values:
                values["owner"] = (
                    boundary.owner if boundary and boundary.owner is not None else system_owner
                )
            self.check_dlq(decl, values)
            autoscale = values.pop("autoscale", None)
            if autoscale is not None:
                values["autoscale"] = schema.Range.model_construct(
                    min=autoscale[0], max=autoscale[1]
                )
            kind = ElementKind(kind)
            trust = boundary.effective_trust if boundary else None
            if trust is None and kind.is_outside:
                trust = "untrusted"
            resolve_state_defaults(kind, values)
            elements[ident] = self.node(
                schema.Element,
                id=ident,
                kind=kind,
                label=decl.label,
                boundary=within,
                trust=trust,
                span=decl.span,
                custom=custom,
                property_spans=spans,
                **values,
            )
        return elements

    def check_dlq(self, decl: ast.Element, values: dict) -> None:
        """`dlq` names another declared queue (elements are still being built: use declarations)."""
        if "dlq" not in values:
            return
        written = next((p.value for p in decl.props if p.key.text == "dlq"), None)
        target = values["dlq"]
        declared = self.names.get(target)
        span = written.span if written is not None else decl.id.span
        if declared is None or not isinstance(declared.node, ast.Element):
            self.undefined(
                ast.Name(target, span),
                "a queue",
                lambda: [e.id.text for e in self.element_decls],
                element=decl.id.text,
            )
            values.pop("dlq")
        elif target == decl.id.text or declared.node.kind.text != ElementKind.QUEUE:
            reason = "itself" if target == decl.id.text else f"a {declared.node.kind.text}"
            self.error(
                INVALID_VALUE,
                f"`dlq = {target}` names {reason}; a dead-letter queue is another queue",
                span,
                "declare a separate queue for failed messages",
                element=decl.id.text,
            )
            values.pop("dlq")

    def element_ref(self, name: ast.Name, elements: dict, context: str | None = None) -> str | None:
        if name.text in elements:
            return name.text
        declared = self.names.get(name.text)
        if declared is not None and declared.category == "element":
            return None  # declared with an unknown kind: already reported as E010
        self.undefined(name, "an element", elements, element=context)
        return None


def resolve_state_defaults(kind: ElementKind, values: dict) -> None:
    """Fill in `persistence` and `failover` where they were not written (LANGUAGE.md):
    persistence is `ephemeral` for a cache and `durable` for other stateful kinds; failover is
    `automatic` at 3+ copies for a `tech` whose failover is built in, else `none`."""
    if not kind.is_stateful:
        return
    values.setdefault("persistence", "ephemeral" if kind == ElementKind.CACHE else "durable")
    if "failover" in values:
        values["failover_source"] = "explicit"
        return
    autoscale = values.get("autoscale")
    copies = max(values.get("replicas", 1), autoscale.min if autoscale else 0)
    if copies >= 3 and has_built_in_failover(values.get("tech")):
        values["failover"] = "automatic"
        values["failover_source"] = "tech_default"
