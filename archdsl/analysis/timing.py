"""Worst-case call times: per relation, per component, and the timeout inversions they imply.

A synchronous relation's worst case is `(retries + 1) * timeout`: how long its caller may wait
before it gives up (`retries = unlimited` waits forever: infinity). A component's worst case
downstream is that of its slowest timed synchronous call. `a -> b` is a *timeout inversion* when
a's per-attempt timeout is shorter than b's worst case downstream: a gives up while b still works.

Decisions:
- Webhooks are callbacks, not nested calls: they are left out of a component's calls.
- Relations without `timeout` have no known worst case and are skipped (U001 reports them);
  so are those with `timeout = inherit`, whose caller's deadline bounds them.
- `calls = N` does not multiply the time: fan-out calls may run in parallel, and assuming they
  are sequential would flag well-designed models.
- The comparison is strict: a timeout equal to the downstream worst case is not an inversion.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from archdsl.graph.views import flow_relations, synchronous_relations
from archdsl.model.schema import Flow, Model, Relation


@dataclass(frozen=True)
class SlowestCall:
    """A component's slowest timed synchronous call and its worst case in seconds."""

    element: str
    relation: Relation
    seconds: float


@dataclass(frozen=True)
class TimeoutInversion:
    """`relation` (a -> b) gives up after `timeout` while b's `downstream` call may take `seconds`."""

    relation: Relation
    timeout: float
    downstream: Relation
    seconds: float


def format_duration(seconds: float) -> str:
    """Seconds as a user writes them: `500ms`, `2s`, `1.5s`, `5m`, `2h`; infinity as `unbounded`."""
    if math.isinf(seconds):
        return "unbounded"
    if seconds < 1:
        return f"{_trim(seconds * 1000)}ms"
    if seconds < 60 or seconds % 60:
        return f"{_trim(seconds)}s"
    if seconds < 3600 or seconds % 3600:
        return f"{_trim(seconds / 60)}m"
    return f"{_trim(seconds / 3600)}h"


def _trim(number: float) -> str:
    text = f"{number:.3f}".rstrip("0").rstrip(".")
    return text or "0"


def describe_worst_case(relation: Relation) -> str:
    """How a relation's worst case comes about: `3 x 3s = 9s`, `2s`, or `unlimited retries of 3s`."""
    if relation.timeout == "inherit":
        return "the caller's deadline"
    if relation.timeout is None:
        return "no timeout"
    if relation.retries == "unlimited":
        return f"unlimited retries of {format_duration(relation.timeout)}"
    if relation.retries == 0:
        return format_duration(relation.timeout)
    attempts = relation.retries + 1
    return f"{attempts} x {format_duration(relation.timeout)} = {format_duration(attempts * relation.timeout)}"


def worst_case_times(model: Model) -> dict[str, float]:
    """Relation id -> `(retries + 1) * timeout` for every timed synchronous relation."""
    return {
        relation.id: relation.worst_case_time
        for relation in synchronous_relations(model)
        if relation.worst_case_time is not None
    }


def slowest_calls(model: Model) -> dict[str, SlowestCall]:
    """Element id -> its slowest timed synchronous call (the first in file order on a tie)."""
    slowest: dict[str, SlowestCall] = {}
    for relation in synchronous_relations(model):
        seconds = relation.worst_case_time
        if seconds is None:
            continue
        current = slowest.get(relation.source)
        if current is None or seconds > current.seconds:
            slowest[relation.source] = SlowestCall(relation.source, relation, seconds)
    return slowest


def timeout_inversions(model: Model) -> list[TimeoutInversion]:
    """Every timed synchronous `a -> b` whose timeout is shorter than b's worst case downstream."""
    slowest = slowest_calls(model)
    inversions = []
    for relation in synchronous_relations(model):
        below = slowest.get(relation.target)
        timeout = relation.timeout_seconds  # `inherit` is bounded by the caller: skipped here
        if timeout is None or below is None or relation.target == relation.source:
            continue
        if timeout < below.seconds:
            inversions.append(TimeoutInversion(relation, timeout, below.relation, below.seconds))
    return inversions


def first_timed_step(model: Model, flow: Flow) -> Relation | None:
    """The first synchronous relation of a flow's steps that has a `timeout`, if any."""
    for relation in flow_relations(model, flow):
        if relation.synchronous and relation.timeout_seconds is not None:
            return relation
    return None
