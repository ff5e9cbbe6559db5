"""Resolution of relations: properties converted and checked, ids given, duplicates refused.

A mixin of the resolver in archdsl/model/resolve.py, which provides `error`, `undefined`,
`apply`, `element_ref`, `names` and the collected declarations. A relation with the source,
arrow, target and label of an earlier one (in any file) is `duplicate-definition` and left out,
so relation ids (`a->b`, `a->b[label]`) are unique.
"""

from __future__ import annotations

from dataclasses import replace

from archdsl.diagnostics import DUPLICATE_DEFINITION, INVALID_VALUE
from archdsl.findings import Finding, Member, Severity
from archdsl.model import schema
from archdsl.model.kinds import TLS_BY_DEFAULT, ElementKind
from archdsl.model.properties import RELATION_PROPERTIES
from archdsl.model.resolve_services import ResolverServices
from archdsl.spans import Span
from archdsl.syntax import ast


class RelationBuilders(ResolverServices):
    """Builds relations once elements exist."""

    names: dict
    diagnostics: list[Finding]
    data_decls: list[ast.Data]
    relation_decls: list[tuple[ast.Relation, str | None]]

    def build_relations(self, elements: dict) -> list[schema.Relation]:
        relations: list[schema.Relation] = []
        first_spans: dict[str, Span] = {}
        for order, (decl, owner) in enumerate(self.relation_decls):
            source = owner if decl.source is None else self.element_ref(decl.source, elements)
            target = self.element_ref(decl.target, elements, context=source)
            if source is not None and source not in elements:
                source = None
            written_source = owner if decl.source is None else decl.source.text
            where = f"relation {written_source} {decl.arrow.text} {decl.target.text}"
            applied = self.apply(decl.props, RELATION_PROPERTIES, where, owner=source)
            if source is None or target is None:
                continue
            values = applied.values
            self.check_relation_values(decl, values, elements, source, applied.spans)
            ident = f"{source}{decl.arrow.text}{target}" + (
                f"[{decl.label}]" if decl.label is not None else ""
            )
            if ident in first_spans:
                self.duplicate_relation(decl, ident, source, target, first_spans[ident])
                continue
            first_spans[ident] = decl.span
            if "tls" not in values:
                values["tls"] = values.get("protocol") in TLS_BY_DEFAULT
            if "effect" not in values:
                values["effect"] = "read" if values.get("access") == "read" else "write"
            relations.append(
                self.node(
                    schema.Relation,
                    id=ident,
                    source=source,
                    target=target,
                    arrow=decl.arrow.text,
                    label=decl.label,
                    order=order,
                    span=decl.span,
                    custom=applied.custom,
                    property_spans=applied.spans,
                    **values,
                )
            )
        return relations

    def duplicate_relation(
        self, decl: ast.Relation, ident: str, source: str, target: str, first: Span
    ) -> None:
        """E003 for a relation with the source, arrow, target and label of an earlier one (maybe
        in another file); its members point at both. The second is left out of the model."""
        written = f"{source} {decl.arrow.text} {target}" + (
            f' "{decl.label}"' if decl.label is not None else ""
        )
        self.error(
            DUPLICATE_DEFINITION,
            f"relation `{written}` is declared twice; the first is at {first}",
            decl.span,
            "merge the two into one relation, or label them apart if they are different calls "
            '(`a -> b "login"`, `a -> b "signup"`)',
            element=source,
        )
        self.diagnostics[-1] = replace(
            self.diagnostics[-1],
            target=target,
            related=(ident,),
            members=tuple(
                Member(f"relation:{ident}", span, label, Severity.ERROR, source, target)
                for span, label in ((first, "first declaration"), (decl.span, "declared again"))
            ),
        )

    def check_relation_values(
        self, decl: ast.Relation, values: dict, elements: dict, source: str, spans
    ) -> None:
        if values.get("callback") and decl.arrow.text != "->":
            self.error(
                INVALID_VALUE,
                "`callback = true` on an asynchronous relation (`~>`)",
                spans["callback"],
                "a callback is a synchronous call back into a caller: write it with `->`",
                element=source,
            )
            values.pop("callback")
        if values.get("webhook") and elements[source].kind != ElementKind.EXTERNAL:
            self.error(
                INVALID_VALUE,
                f"`webhook = true` on a relation from a {elements[source].kind}",
                spans["webhook"],
                "a webhook is an inbound callback from an `external`; a callback we "
                "send is an ordinary relation to the external",
                element=source,
            )
            values.pop("webhook")
        fallback = next((p.value for p in decl.props if p.key.text == "fallback"), None)
        if fallback is not None and fallback.kind == "word" and "fallback" in values:
            name = ast.Name(fallback.data, fallback.span)
            values["fallback_element"] = self.element_ref(name, elements, context=source)
        carries = next((p.value for p in decl.props if p.key.text == "carries"), None)
        if carries is None or "carries" not in values:
            return
        for item in carries.data:
            declared = self.names.get(item.data)
            if declared is None or declared.category != "data":
                self.undefined(
                    ast.Name(item.data, item.span),
                    "a data entity",
                    lambda: [d.name.text for d in self.data_decls],
                    element=source,
                )
