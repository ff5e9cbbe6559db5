"""Who is redundant: copies, failover and zones of every component we run.

Following the rule catalog, the copies that count are `max(replicas, autoscale.min)`; a stateless
component is redundant with 2+ copies, a stateful one needs 2+ copies and `failover = automatic`.
A redundant component whose copies all sit in one zone (`zones = 1`) still fails as one when
that zone does.
"""

from __future__ import annotations

from dataclasses import dataclass

from archdsl.model.kinds import has_built_in_failover
from archdsl.model.schema import Element, Model


@dataclass(frozen=True)
class Redundancy:
    """How one component survives losing a copy or a zone."""

    component: str
    copies: int
    stateful: bool
    failover: str
    zones: int
    autoscale: tuple[int, int] | None
    failover_source: str = "default"
    tech: str | None = None

    @property
    def redundant(self) -> bool:
        """2+ copies, and for a stateful component also `failover = automatic`."""
        if self.copies < 2:
            return False
        return not self.stateful or self.failover == "automatic"

    @property
    def single_zone(self) -> bool:
        """Redundant, but every copy sits in the one zone."""
        return self.redundant and self.zones == 1

    def describe_copies(self) -> str:
        """ "1 replica", "3 replicas", "2 copies (autoscale 2..8)"."""
        if self.autoscale is not None:
            low, high = self.autoscale
            noun = "copy" if self.copies == 1 else "copies"
            return f"{self.copies} {noun} (autoscale {low}..{high})"
        return f"{self.copies} replica" if self.copies == 1 else f"{self.copies} replicas"

    def describe(self) -> str:
        """Why the component is (not) redundant, in the model's words:
        "1 replica and failover = none", "2 replicas and failover = manual", "3 replicas"."""
        text = self.describe_copies()
        if self.stateful and self.failover != "automatic":
            text += f" and failover = {self.failover}{self.failover_origin()}"
        return text

    def failover_origin(self) -> str:
        """Where an unwritten `failover` came from, when it matters: " (the default for kafka at
        3+ replicas)" for a tech default, " (kafka fails over by itself only at 3+ replicas)"
        for a built-in-failover tech below 3 copies, else ""."""
        if self.failover_source == "tech_default":
            return f" (the default for {self.tech} at 3+ replicas)"
        if self.failover_source == "default" and has_built_in_failover(self.tech):
            return f" (the default: {self.tech} fails over by itself only at 3+ replicas)"
        return ""


def redundancy_of(element: Element) -> Redundancy:
    """The redundancy facts of one element."""
    autoscale = (element.autoscale.min, element.autoscale.max) if element.autoscale else None
    return Redundancy(
        element.id,
        element.copies,
        element.stateful,
        element.failover,
        element.zones,
        autoscale,
        element.failover_source,
        element.tech,
    )


def redundancy(model: Model) -> dict[str, Redundancy]:
    """Redundancy of every component we run (actors and externals left out), in declaration order."""
    return {
        ident: redundancy_of(element)
        for ident, element in model.elements.items()
        if element.runs_here
    }


def single_points(model: Model) -> list[str]:
    """Components we run that are not redundant, in declaration order."""
    return [ident for ident, facts in redundancy(model).items() if not facts.redundant]


def single_zone_components(model: Model) -> list[str]:
    """Redundant components we run whose copies all sit in one zone, in declaration order."""
    return [ident for ident, facts in redundancy(model).items() if facts.single_zone]
