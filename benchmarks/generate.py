"""Generate a realistic `.arch` model with N components and about 3 relations per component.

Deterministic for a given (N, seed): the same text every run, so timings compare like with like.
The model resolves without errors (every name exists, every value fits), so the rules run on it:
components are spread over domains (trusted boundaries) of 25 components, one in ten is a
database, cache, queue, storage or search, every component has typical properties, relations
carry timeouts, retries and protocols, one data entity per ten components is stored in a
database, and one flow per fifty components walks declared synchronous relations.

The calls are layered, as in a real system: a component calls components later in its own domain
(its services and its stores), and now and then a service of a platform domain (one domain in
ten, whose components call only inside it); stores call nothing, a queue delivers to one worker
of its domain, an outside system sends one webhook. So a flow's call tree covers its domain and
the platform domains it reaches, a few hundred components at most whatever N is.
`mesh(n)` keeps the earlier topology, every component calling 3 components anywhere: nearly
everything is one strongly connected component and every call tree covers most of the model
(an adversarial shape, see shapes.py).

    python benchmarks/generate.py 1000 > /tmp/m1000.arch
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable

RUN_KINDS = ("service", "service", "service", "worker", "function", "gateway", "frontend")
STATE_KINDS = ("database", "cache", "queue", "storage", "search")
TRUST = ("low", "medium", "high")
BOUNDARY_SIZE = 25
RELATIONS_PER_COMPONENT = 3


def _kind(rng: random.Random, index: int) -> str:
    if index % 50 == 0:
        return "actor" if index % 100 == 0 else "external"
    return rng.choice(STATE_KINDS) if index % 10 == 5 else rng.choice(RUN_KINDS)


def _element(rng: random.Random, ident: str, kind: str, queues: list[str]) -> list[str]:
    """The lines of one element declaration (without its relations)."""
    props = [f'owner = "team-{rng.randrange(12)}"'] if kind not in ("actor", "external") else []
    if kind in STATE_KINDS:
        props += [
            f"replicas = {rng.choice((1, 2, 3))}",
            "failover = automatic",
            "zones = 3",
            f"max_connections = {rng.choice((200, 500, 1000))}",
            "encrypted = true",
        ]
        props += (
            ["backup = daily"]
            if kind != "queue"
            else [f"max_depth = {rng.choice((10000, 100000))}"]
        )
        if kind == "queue" and queues:
            props.append(f"dlq = {rng.choice(queues)}")
    elif kind == "external":
        props += [
            f"sla = {rng.choice(('99.9%', '99.95%', '99.99%'))}",
            f"rate_limit = {rng.choice((50, 100, 500))}rps",
        ]
    elif kind != "actor":
        props += [
            f"replicas = {rng.choice((2, 3))}",
            "zones = 2",
            f"capacity = {rng.choice((100, 250, 400))}rps",
            f"tech = {rng.choice(('python', 'go', 'java'))}",
            f'x_cost_center = "{rng.randrange(100)}"',
        ]
        if rng.random() < 0.3:
            props.append(f"autoscale = 2..{rng.choice((6, 12))}")
    label = f' "{kind.replace("_", " ").title()} {ident}"'
    return [f"  {kind} {ident}{label} {{"] + [f"    {p}" for p in props]


def _relation(
    rng: random.Random, source: str, target: str, asynchronous: bool, in_body: bool
) -> str:
    arrow = "~>" if asynchronous else "->"
    props = [
        f"protocol = {rng.choice(('https', 'grpc', 'postgres', 'redis'))}",
        f"timeout = {rng.choice((250, 500, 2000))}ms",
    ]
    if arrow == "->" and rng.random() < 0.4:
        props += [
            f"retries = {rng.choice((1, 2))}",
            "backoff = exponential_jitter",
            "idempotent = true",
        ]
    if rng.random() < 0.2:
        props.append("circuit_breaker = true")
    head = (
        f"    -> {target}"
        if in_body and arrow == "->"
        else (f"    ~> {target}" if in_body else f"{source} {arrow} {target}")
    )
    return f'{head} "calls {target}" {{ {"  ".join(props)} }}'


Targets = Callable[[random.Random, int, list[str], dict[str, str]], list[str]]


def generate(n: int, seed: int = 0) -> str:
    """The text of a layered model with `n` components (see the module docstring)."""
    return _model(n, seed, _layered_targets)


def mesh(n: int, seed: int = 0) -> str:
    """The text of a model with `n` components each calling 3 others anywhere (3 * n relations):
    one strongly connected component holds nearly all of them."""
    return _model(n, seed, _mesh_targets)


def _model(n: int, seed: int, targets: Targets) -> str:
    rng = random.Random(seed)
    ids = [f"c{index:05d}" for index in range(n)]
    kinds = {ident: _kind(rng, index) for index, ident in enumerate(ids)}
    queues = [i for i in ids if kinds[i] == "queue"]
    out = [
        "# generated by benchmarks/generate.py",
        'system bench "Benchmark model" { owner = "platform" }',
        "defaults service { zones = 2 }",
    ]
    edges: dict[str, list[str]] = {}
    top_level: list[str] = []
    for start in range(0, n, BOUNDARY_SIZE):
        block = ids[start : start + BOUNDARY_SIZE]
        out.append(
            f"boundary zone{start // BOUNDARY_SIZE} {{\n  trust = {TRUST[(start // BOUNDARY_SIZE) % 3]}"
        )
        for offset, ident in enumerate(block):
            out += _element(rng, ident, kinds[ident], [q for q in queues if q != ident])
            chosen = targets(rng, start + offset, ids, kinds)
            edges[ident] = chosen
            for number, target in enumerate(chosen):
                # into a queue; in the layered model also out of one (it delivers to a worker)
                asynchronous = kinds[target] == "queue" or (
                    kinds[ident] == "queue" and targets is not _mesh_targets
                )
                line = _relation(rng, ident, target, asynchronous, in_body=number < 2)
                (out if number < 2 else top_level).append(line)
            out.append("  }")
        out.append("}")
    out += top_level
    out += _data(rng, ids, kinds)
    starts = ids if targets is _mesh_targets else _flow_starts(ids, kinds, edges)
    out += _flows(rng, ids, kinds, edges, starts)
    return "\n".join(out) + "\n"


def _mesh_targets(
    rng: random.Random, index: int, ids: list[str], kinds: dict[str, str]
) -> list[str]:
    """3 components anywhere: no self-loop, no actor, no repeat."""
    chosen = [rng.choice(ids) for _ in range(RELATIONS_PER_COMPONENT)]
    ident = ids[index]
    fallback = ids[(index + 1) % len(ids)]  # never a self-loop or a call into an actor
    chosen = [t if t != ident and kinds[t] != "actor" else fallback for t in chosen]
    return _distinct(chosen, ident, ids, kinds)  # a relation declared twice is E003


PLATFORM_EVERY = 10  # one domain in ten is a platform domain, called from the others
PLATFORM_CALL = 0.15  # chance that a call of a product domain goes to a platform domain
EXTERNAL_CALL = 0.05  # chance that a call goes to an outside system


def _layered_targets(
    rng: random.Random, index: int, ids: list[str], kinds: dict[str, str]
) -> list[str]:
    """The calls of one component in the layered model (see the module docstring)."""
    kind = kinds[ids[index]]
    domain, offset = divmod(index, BOUNDARY_SIZE)
    first = domain * BOUNDARY_SIZE
    last = min(first + BOUNDARY_SIZE, len(ids))
    own = [i for i in ids[first:last] if kinds[i] not in ("actor", "external")]
    if kind in ("database", "cache", "storage", "search"):
        return []
    if kind == "queue":
        workers = [i for i in own if kinds[i] in ("worker", "service")]
        return [rng.choice(workers)] if workers else []
    if kind == "external":  # a webhook into its domain
        return [rng.choice(own)] if own else []
    if kind == "actor":  # the domain's front doors
        doors = [i for i in own[:8] if kinds[i] in RUN_KINDS]
        return rng.sample(doors, min(len(doors), RELATIONS_PER_COMPONENT))
    later = [i for i in own if i > ids[index]]
    platforms = [
        d for d in range(len(ids) // BOUNDARY_SIZE) if d % PLATFORM_EVERY == PLATFORM_EVERY - 1
    ]
    outside = [i for i in ids if kinds[i] == "external"]
    chosen: list[str] = []
    for _ in range(RELATIONS_PER_COMPONENT):
        draw = rng.random()
        if draw < EXTERNAL_CALL and outside:
            target = rng.choice(outside)
        elif draw < EXTERNAL_CALL + PLATFORM_CALL and platforms and domain not in platforms:
            platform = rng.choice(platforms) * BOUNDARY_SIZE
            services = [i for i in ids[platform : platform + 12] if kinds[i] in RUN_KINDS]
            target = rng.choice(services) if services else ""
        else:
            target = rng.choice(later) if later else ""
        if target and target not in chosen:
            chosen.append(target)
    return chosen


def _flow_starts(ids: list[str], kinds: dict[str, str], edges: dict[str, list[str]]) -> list[str]:
    """Components a journey can start at: an actor or a component we run, with a call onward."""
    return [
        i
        for i in ids
        if kinds[i] not in STATE_KINDS
        and kinds[i] != "external"
        and any(kinds[t] != "queue" for t in edges[i])
    ]


def _distinct(chosen: list[str], ident: str, ids: list[str], kinds: dict[str, str]) -> list[str]:
    """`chosen` with each repeated target replaced by the next id that is no repeat, no self-loop
    and no actor (so a component keeps its number of relations)."""
    result: list[str] = []
    for target in chosen:
        index = int(target[1:])  # ids are c00000, c00001, ... in order
        while target in result or target == ident or kinds[target] == "actor":
            index = (index + 1) % len(ids)
            target = ids[index]
        result.append(target)
    return result


def _data(rng: random.Random, ids: list[str], kinds: dict[str, str]) -> list[str]:
    stores = [i for i in ids if kinds[i] == "database"]
    lines = []
    for number in range(len(ids) // 10 if stores else 0):
        lines += [
            f"data Entity{number} in {rng.choice(stores)} {{",
            "  id uuid key",
            "  email string pii encrypted",
            "  status string indexed",
            "  created_at datetime",
            "  query by status",
            "}",
        ]
    return lines


def _flows(
    rng: random.Random,
    ids: list[str],
    kinds: dict[str, str],
    edges: dict[str, list[str]],
    starts: list[str],
) -> list[str]:
    lines = []
    for number in range(max(1, len(ids) // 50)):
        steps = [rng.choice(starts)]
        while len(steps) < 5:
            onward = [t for t in edges[steps[-1]] if kinds[t] != "queue" and t not in steps]
            if not onward:
                break
            steps.append(rng.choice(onward))
        lines += [
            f'flow journey{number} "Journey {number}" {{',
            f"  steps = {' -> '.join(steps)}",
            f"  slo = 99.5%  latency = 3s  peak = {rng.choice((10, 50))}rps",
            "}",
        ]
    return lines


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    sys.stdout.write(generate(size, int(sys.argv[2]) if len(sys.argv) > 2 else 0))
