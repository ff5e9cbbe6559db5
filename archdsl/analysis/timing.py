"""Worst-case call times and the timeout inversions they imply, along the flows' call trees.

A synchronous relation's worst case is `(retries + 1) * timeout`: how long its caller may wait
before it gives up (`retries = unlimited` waits forever: infinity). `a -> b` is a *timeout
inversion* when a's per-attempt timeout is shorter than b's worst case on the calls b makes:
on a flow's call tree, the calls of b in that tree; for a relation on no call tree, b's own
needed calls. b's worst case is capped by its `request_timeout` (the server gives up first).

Decisions:
- `timeout = inherit` carries the caller's deadline: such a call of b is bounded by the timeout
  of `a -> b` itself, retries included, so it never makes an inversion of its own.
- Streams (`stream = true`) are long-lived connections, not requests: skipped on both sides.
- Out-of-band relations are not calls; webhooks come from externals and are not nested calls.
- Relations without a numeric `timeout` have no known worst case and are skipped (U001).
- `calls = N` does not multiply the time: fan-out calls may run in parallel.
- The comparison is strict: a timeout equal to the downstream worst case is not an inversion.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from archdsl.graph.views import flow_relations
from archdsl.model.schema import Flow, Model, Relation


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
    if relation.timeout is None:
        return "no timeout"
    if relation.timeout == "inherit":
        return "the caller's deadline"
    if relation.retries == "unlimited":
        return f"unlimited retries of {format_duration(relation.timeout)}"
    if relation.retries == 0:
        return format_duration(relation.timeout)
    attempts = relation.retries + 1
    return f"{attempts} x {format_duration(relation.timeout)} = {format_duration(attempts * relation.timeout)}"


def _timed_call(relation: Relation) -> bool:
    return (
        relation.synchronous
        and not relation.out_of_band
        and not relation.stream
        and not relation.webhook
        and relation.timeout is not None
    )


def _slowest(
    calls, request_timeout: float | None, deadline: float
) -> tuple[Relation, float] | None:
    """The slowest of `calls` (worst case, `inherit` bounded by `deadline`), capped by the
    server's `request_timeout`; the first in file order on a tie."""
    best: tuple[Relation, float] | None = None
    for relation in calls:
        if not _timed_call(relation):
            continue
        seconds = deadline if relation.timeout == "inherit" else relation.worst_case_time
        if seconds is None:
            continue
        if request_timeout is not None:
            seconds = min(seconds, request_timeout)
        if best is None or seconds > best[1]:
            best = (relation, seconds)
    return best


def _inversion(
    model: Model, relation: Relation, calls, slowest: dict | None = None, key: str = ""
) -> TimeoutInversion | None:
    """The inversion of `relation` over its target's `calls`, if any. With a `slowest` cache
    and a `key` naming which calls these are (the same calls for the same key), the slowest
    call is found once per target, not once per relation into it, unless one of the calls
    inherits its caller's deadline (then it depends on the relation)."""
    timeout = relation.timeout_seconds
    if timeout is None or not _timed_call(relation) or relation.target == relation.source:
        return None
    target = model.elements[relation.target]
    if slowest is None:
        below = _slowest(calls, target.request_timeout, timeout)
    elif key in slowest:
        below = slowest[key]
    else:
        below = _slowest(calls, target.request_timeout, timeout)
        if not any(call.timeout == "inherit" for call in calls):
            slowest[key] = below
    if below is None or not timeout < below[1]:
        return None
    return TimeoutInversion(relation, timeout, below[0], below[1])


def timeout_inversions(dm) -> list[TimeoutInversion]:
    """Every timeout inversion (see the module docstring), one per relation: the worst over the
    call trees it lies on, or over the target's needed calls when it lies on none. In file
    order. `dm` is the dependency model (share it through `dm.derived(timeout_inversions)`).

    On a call tree, b's calls are all its request relations when the tree expands b, the calls
    the flow's steps name out of b when it names some, and none otherwise: so the inversion of
    `a -> b` over an expanding tree is the same on every such tree, computed once per relation
    (on the 2,000-component mesh, where 40 trees each hold ~4,000 relations, this took the
    analysis from 4.2 s to 0.5 s of CPU), and b's slowest call once per b."""
    model = dm.model
    found: dict[str, TimeoutInversion] = {}
    over_all_calls: dict[str, TimeoutInversion | None] = {}
    slowest: dict[str, tuple[Relation, float] | None] = {}
    for tree in dm.trees():
        expanded = tree.expanded_set
        named_calls: dict[str, list[Relation]] = {}
        for relation in tree.relations[: tree.named_count]:
            named_calls.setdefault(relation.source, []).append(relation)
        for relation in tree.relations:
            target = relation.target
            if target in expanded:
                if relation.id not in over_all_calls:
                    calls = dm.requests_from(target)
                    over_all_calls[relation.id] = _inversion(
                        model, relation, calls, slowest, "all " + target
                    )
                inversion = over_all_calls[relation.id]
            elif target in named_calls:
                inversion = _inversion(model, relation, named_calls[target])
            else:
                continue  # the tree holds no call of the target
            if inversion and _worse(inversion, found.get(relation.id)):
                found[relation.id] = inversion
    on_trees = dm.on_some_tree()
    needed_calls: dict[str, list[Relation]] = {}
    for relation in model.relations:
        if relation.id in on_trees:
            continue
        target = relation.target
        if target not in needed_calls:
            needed_calls[target] = [r for r in dm.requests_from(target) if dm.is_needed(r)]
        inversion = _inversion(model, relation, needed_calls[target], slowest, "needed " + target)
        if inversion:
            found[relation.id] = inversion
    return sorted(found.values(), key=lambda i: i.relation.order)


def _worse(new: TimeoutInversion, old: TimeoutInversion | None) -> bool:
    return old is None or new.seconds > old.seconds


def first_timed_step(model: Model, flow: Flow) -> Relation | None:
    """The first synchronous relation of a flow's steps that has a `timeout`, if any."""
    for relation in flow_relations(model, flow):
        if relation.synchronous and relation.timeout_seconds is not None:
            return relation
    return None
