"""Load propagation: how much of each flow's `peak` reaches each component.

A flow's `peak` is what its first step sends. Walking the flow's hops in order, each hop
multiplies the rate by its relation's `calls`, and the rate after the hop counts on the hop's
target; the first step receives nothing. Loads are summed per component over all flows (a
component visited twice by one flow counts twice).

Decisions:
- `calls = unbounded` makes the load after that hop unknown, not infinite: the flow is listed
  in `unbounded_flows` of every component it reaches from there on and adds nothing to `rps`.
  `rps` is therefore a lower bound, and a capacity check on it can only fire when the known
  part alone is too much; the unbounded fan-out itself is U006's finding.
- A flow that has passed through an asynchronous hop into a queue (`x ~> queue`) is *buffered*
  from there on: the queue absorbs the burst and its consumers drain it at their own pace.
  Buffered contributions still count in `rps` (the work has to be done) but are kept apart in
  `buffered_rps`, so a provider's rate limit (P002) can be checked against unbuffered load only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from archdsl.model.kinds import ElementKind
from archdsl.model.schema import Flow, Model


@dataclass(frozen=True)
class Contribution:
    """The load one flow puts on one component; `rps` is None when an unbounded fan-out precedes."""

    flow: str
    rps: float | None
    buffered: bool


@dataclass(frozen=True)
class ComponentLoad:
    """The peak load on one component: the known total and each flow's part, largest first."""

    element: str
    contributions: tuple[Contribution, ...]

    @property
    def rps(self) -> float:
        """Known load in requests per second (a lower bound when `unbounded_flows` is not empty)."""
        return math.fsum(c.rps for c in self.contributions if c.rps is not None)

    @property
    def unbuffered_rps(self) -> float:
        """Known load that reaches the component without a queue in between."""
        return math.fsum(c.rps for c in self.contributions if c.rps is not None and not c.buffered)

    @property
    def buffered_rps(self) -> float:
        """Known load that has passed through a queue on its way here."""
        return self.rps - self.unbuffered_rps

    @property
    def unbounded_flows(self) -> tuple[str, ...]:
        """Flows whose load here is unknown because of `calls = unbounded` upstream."""
        return tuple(sorted({c.flow for c in self.contributions if c.rps is None}))

    @property
    def flows(self) -> tuple[str, ...]:
        """Every flow that reaches the component, in order of first contribution."""
        return tuple(dict.fromkeys(c.flow for c in self.contributions))

    def per_flow(self, unbuffered_only: bool = False) -> list[tuple[str, float]]:
        """Known load per flow (several visits of one flow summed), largest first, then by id."""
        totals: dict[str, float] = {}
        for c in self.contributions:
            if c.rps is not None and not (unbuffered_only and c.buffered):
                totals[c.flow] = totals.get(c.flow, 0.0) + c.rps
        return sorted(totals.items(), key=lambda item: (-item[1], item[0]))

    def describe(self, unbuffered_only: bool = False) -> str:
        """'340 rps (checkout 240 rps, search 100 rps)', plus the flows of unknown load."""
        parts = self.per_flow(unbuffered_only)
        unknown = sorted(
            {
                c.flow
                for c in self.contributions
                if c.rps is None and not (unbuffered_only and c.buffered)
            }
        )
        if not parts:
            return (
                "of unknown size (unbounded fan-out on " + ", ".join(unknown) + ")"
                if unknown
                else "0 rps"
            )
        total = math.fsum(rps for _, rps in parts)
        text = (
            format_rps(total)
            + " ("
            + ", ".join(f"{flow} {format_rps(rps)}" for flow, rps in parts)
            + ")"
        )
        if unknown:
            text += " + unknown load from unbounded fan-out on " + ", ".join(unknown)
        return text


def flow_contributions(model: Model, flow: Flow) -> list[tuple[str, Contribution]]:
    """(target, contribution) for each hop of one flow with a `peak`, in step order."""
    if flow.peak is None:
        return []
    rate: float | None = flow.peak
    buffered = False
    result = []
    for relation_id in flow.relations:
        relation = model.relation(relation_id)
        if rate is not None:
            rate = None if relation.calls == "unbounded" else rate * relation.calls
        result.append((relation.target, Contribution(flow.id, rate, buffered)))
        if not relation.synchronous and model.elements[relation.target].kind == ElementKind.QUEUE:
            buffered = True
    return result


def component_loads(model: Model) -> dict[str, ComponentLoad]:
    """The peak load on every component that some flow with a `peak` reaches, by element id."""
    gathered: dict[str, list[Contribution]] = {}
    for flow in model.flows.values():
        for target, contribution in flow_contributions(model, flow):
            gathered.setdefault(target, []).append(contribution)
    return {
        element: ComponentLoad(element, tuple(parts)) for element, parts in sorted(gathered.items())
    }


def format_rps(rate: float) -> str:
    """A rate as people write it: '340 rps', '12.5 rps', '0.0056 rps'."""
    if math.isinf(rate):
        return "unbounded"
    if abs(rate - round(rate)) < 1e-9 or rate >= 1000:
        return f"{round(rate)} rps"
    return f"{rate:.4g} rps" if rate < 1 else f"{round(rate, 2):g} rps"
