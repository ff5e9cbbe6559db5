"""Coupling: fan-in and fan-out of every element.

Both count distinct neighbours over both arrows (`->` and `~>`, webhooks included), request
relations only (RULES.md: a metrics scrape, replication or a backup job couples no interfaces):
several relations between one pair count once, and a relation from an element to itself counts
for neither (it couples the element to nothing else).
"""

from __future__ import annotations

from dataclasses import dataclass

from archdsl.model.schema import Model


@dataclass(frozen=True)
class Coupling:
    """The distinct callers (`fan_in`) and callees (`fan_out`) of one element, sorted by id."""

    element: str
    fan_in: tuple[str, ...]
    fan_out: tuple[str, ...]


def coupling(model: Model) -> dict[str, Coupling]:
    """Fan-in and fan-out of every element of the model, by element id."""
    callers: dict[str, set[str]] = {ident: set() for ident in model.elements}
    callees: dict[str, set[str]] = {ident: set() for ident in model.elements}
    for relation in model.relations:
        if relation.source == relation.target or relation.out_of_band:
            continue
        callees[relation.source].add(relation.target)
        callers[relation.target].add(relation.source)
    return {
        ident: Coupling(ident, tuple(sorted(callers[ident])), tuple(sorted(callees[ident])))
        for ident in model.elements
    }
