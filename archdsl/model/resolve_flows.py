"""Resolution of flows: each `steps` line a chain of hops, each hop the exact relation it takes.

A mixin of the resolver in archdsl/model/resolve.py, which provides `error`, `apply`,
`element_ref` and the collected flow declarations (LANGUAGE.md, "Flows"):
- a further chain starts at an element an earlier chain reached;
- a hop with a label takes the relation with that label; without one, the only request relation
  between the pair with that arrow, else the only unlabelled one; never an out-of-band relation;
- a chain with a faulty hop is kept up to that hop, so every chain has one relation per hop.
"""

from __future__ import annotations

from archdsl.diagnostics import INVALID_FLOW_STEP
from archdsl.model import schema
from archdsl.model.properties import FLOW_PROPERTIES
from archdsl.model.resolve_services import ResolverServices
from archdsl.spans import Span
from archdsl.syntax import ast


class FlowBuilders(ResolverServices):
    """Builds flows once elements and relations exist."""

    flow_decls: list[ast.Flow]

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
            built[ident] = self.node(
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
                self.node(
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


def _label_choices(relations: list[schema.Relation]) -> str:
    """The labels a step can name, as written in a step (`"login", "signup"`); "" for none."""
    labels = [f'"{r.label}"' for r in relations if r.label is not None]
    return "labels: " + ", ".join(labels) if labels else ""
