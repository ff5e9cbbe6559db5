"""Blast radius: what fails when one component fails.

The components that fail are the components we run that depend on it, transitively (see
archdsl.analysis.dependencies; a `fallback` stops the failure); the flows that break are the
flows that depend on it. The component itself is not counted among what it breaks. Totals are
there so a reader (R003, the `impact` command) can say "3 of 4 flows".

`blast_radius` answers for one component by breadth-first search, O(V + E). `BlastIndex`
answers for every component from the bit sets of `dependency_index`, listing at most `limit`
names per component so that a message about each of many components stays cheap.
"""

from __future__ import annotations

from dataclasses import dataclass

from archdsl.analysis.dependencies import (
    DependencyIndex,
    callers,
    dependency_index,
    flow_roots,
    names,
)
from archdsl.model.schema import Model


@dataclass(frozen=True)
class BlastRadius:
    """What breaks when `component` fails. `components` and `flows` are in declaration order;
    they hold every name unless built with a limit, while the counts are always exact."""

    component: str
    components: tuple[str, ...]
    flows: tuple[str, ...]
    component_count: int
    flow_count: int
    component_total: int  # components we run, `component` excluded
    flow_total: int

    @property
    def empty(self) -> bool:
        return not self.component_count and not self.flow_count


def _run_by_us(model: Model, component: str) -> list[str]:
    return [
        ident
        for ident, element in model.elements.items()
        if element.runs_here and ident != component
    ]


def blast_radius(model: Model, component: str) -> BlastRadius:
    """Everything that fails with `component`, listed in full."""
    up = callers(model)
    failing = {component}
    stack = [component]
    while stack:
        for caller in up[stack.pop()]:
            if caller not in failing:
                failing.add(caller)
                stack.append(caller)
    others = _run_by_us(model, component)
    broken = tuple(ident for ident in others if ident in failing)
    flows = tuple(
        ident
        for ident, flow in model.flows.items()
        if failing.intersection(flow_roots(model, flow))
    )
    return BlastRadius(
        component, broken, flows, len(broken), len(flows), len(others), len(model.flows)
    )


class BlastIndex:
    """Blast radii of every component at once (built by `blast_index`)."""

    def __init__(self, model: Model, index: DependencyIndex):
        self._model = model
        self._index = index
        self._run_mask = index.mask_of(
            (ident for ident, element in model.elements.items() if element.runs_here),
            index.components,
        )
        self._run_total = self._run_mask.bit_count()

    def radius(self, component: str, limit: int | None = None) -> BlastRadius:
        """What fails with `component`; at most `limit` names of each sort (counts stay exact)."""
        index = self._index
        broken = index.dependents[component] & self._run_mask
        flows = index.flows_of[component]
        own = 1 if self._model.elements[component].runs_here else 0
        return BlastRadius(
            component,
            tuple(names(index.components, broken, limit)),
            tuple(names(index.flows, flows, limit)),
            broken.bit_count(),
            flows.bit_count(),
            self._run_total - own,
            len(index.flows),
        )


def blast_index(model: Model) -> BlastIndex:
    """The blast radius of every component, from one pass over the condensed dependency graph."""
    return BlastIndex(model, dependency_index(model))
