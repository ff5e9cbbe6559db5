"""The dependency model: what depends on what, how failure and load travel (RULES.md, "How failure
and load travel"). Built once per workspace from its networkx graph (`dependencies_of(workspace)`)
and read by every rule, `impact`, `render --flow` and the review report.

Terms, as the catalog defines them:
- *out of band*: a relation whose `purpose` is not `request`; never a dependency, never in a tree.
- *needed call*: a request relation that is synchronous, or asynchronous into a `queue`, without a
  `fallback` (`needed`).
- *failure unit*: elements with the same `runs_on` fail together; an element without `runs_on` is
  a unit of its own, named by its id (`units`, `unit_of`).
- *call tree* of a flow: the relations its `steps` name, plus the expansion of every element on the
  flow that is a component we run and whose calls the flow names none of (`CallTree`).
- *depends on*: flow F depends on X when X's failure (that of X's failure unit) breaks F: X is
  reached from the flow's start through needed calls of its tree, and not only through one of
  several alternative routes out of a router (`CallTree.depends_on`, `flows_depending_on`).
- *degraded*: a caller whose needed call fails loses that capability; it is not down
  (`needed_callers`).

Costs: the model is built in O(V + E). Each flow's tree is built once, on first request, by one
breadth-first expansion over the adjacency lists (O(size of the tree)); every rule and command
then reads the same `CallTree`. Cycles use networkx (`strongly_connected_components`).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from archdsl.model.kinds import ElementKind
from archdsl.model.schema import Element, Flow, Model, Relation

if TYPE_CHECKING:
    import networkx as nx


def is_needed(model: Model, relation: Relation) -> bool:
    """A needed call: a request relation, synchronous or into a queue, without a `fallback`."""
    if relation.out_of_band or relation.fallback is not None:
        return False
    return relation.synchronous or model.elements[relation.target].kind == ElementKind.QUEUE


@dataclass(frozen=True)
class FailureUnit:
    """Elements that fail together (one `runs_on` word), or one element alone.

    `copies` and `zones` are the fewest among the members; the unit is redundant when it has 2+
    copies and every stateful member has `failover = automatic`. Client code, managed components
    and outside systems are never members of a unit with others' redundancy questions: they keep
    a unit of their own unless they name a `runs_on` themselves."""

    name: str
    members: tuple[str, ...]
    shared: bool  # named by a `runs_on` word (else the unit of one element, named by its id)
    copies: int
    zones: int
    redundant: bool


@dataclass(frozen=True)
class CallTree:
    """One flow's call tree and what the flow needs of it.

    `relations`: every request relation of the tree, each once: the named ones in step order, then
    the expanded ones in breadth-first order. `named`: ids of the relations the steps name.
    `expanded_from`: the elements whose calls were expanded (the flow named none of them).
    `routes_not_followed`: routes out of a router with several routes that expansion reached and
    did not follow (the flow must name its route). `alternatives`: groups of named routes out of
    one router (the flow breaks only if all of one group fail). `needed`: the relations reached
    from the start through needed calls (the first hop always counts, so a background journey
    needs what follows its asynchronous first hop). `depends_on`: the elements whose failure
    breaks the flow, failure units included, in the order they are reached. `via`: for each
    element the flow needs, the needed relation through which it was first reached."""

    flow: str
    start: str
    relations: tuple[Relation, ...]
    named: frozenset[str]
    named_elements: frozenset[str]
    expanded_from: tuple[str, ...]
    routes_not_followed: tuple[Relation, ...]
    alternatives: tuple[tuple[Relation, ...], ...]
    branches: tuple[tuple[tuple[str, ...], ...], ...]  # per group, per route: what only it needs
    needed: tuple[Relation, ...]
    depends_on: tuple[str, ...]
    via: dict[str, Relation] = field(repr=False)
    through_unit: frozenset[str] = frozenset()  # depended on only because a unit-mate is needed
    named_count: int = 0  # the first `named_count` of `relations` are the named ones

    @property
    def expanded_set(self) -> frozenset[str]:
        """`expanded_from` as a set: the elements whose every request relation is in the tree."""
        cached = self.__dict__.get("_expanded_cache")
        if cached is None:
            cached = frozenset(self.expanded_from)
            object.__setattr__(self, "_expanded_cache", cached)
        return cached

    def is_named(self, relation: Relation) -> bool:
        """Whether the flow's steps name this relation (else it was reached by expansion)."""
        return relation.id in self.named

    @property
    def elements(self) -> tuple[str, ...]:
        """Every element on the tree: the start, then each relation's target, once, in order."""
        seen = dict.fromkeys([self.start])
        for relation in self.relations:
            seen.setdefault(relation.target)
        return tuple(seen)

    def depends(self, element: str) -> bool:
        return element in self._depends_set

    @property
    def _depends_set(self) -> frozenset[str]:
        cached = self.__dict__.get("_depends_cache")
        if cached is None:
            cached = frozenset(self.depends_on)
            object.__setattr__(self, "_depends_cache", cached)
        return cached

    def path_to(self, element: str) -> list[Relation]:
        """The needed relations from the flow's start to `element` (empty for the start, or for
        an element the flow does not reach through needed calls)."""
        path: list[Relation] = []
        seen = {element}
        while element in self.via:
            relation = self.via[element]
            path.append(relation)
            element = relation.source
            if element in seen:
                break
            seen.add(element)
        return path[::-1]

    def hidden(self, element: str) -> bool:
        """The flow depends on `element` without naming it as a step (reached by expansion, or
        through its failure unit)."""
        return self.depends(element) and element not in self.named_elements


class DependencyModel:
    """The shared dependency model of one workspace (see the module docstring)."""

    def __init__(self, model: Model, graph: nx.MultiDiGraph):
        self.model = model
        self.graph = graph
        self._outgoing: dict[str, list[Relation]] = {ident: [] for ident in model.elements}
        self._incoming: dict[str, list[Relation]] = {ident: [] for ident in model.elements}
        for source, target, data in graph.edges(data=True):
            relation: Relation = data["relation"]
            if not relation.out_of_band:
                self._outgoing[source].append(relation)
                self._incoming[target].append(relation)
        for lists in (self._outgoing, self._incoming):
            for relations in lists.values():
                relations.sort(key=lambda r: r.order)
        self.units, self.unit_of = _failure_units(model)
        # Facts of one element or relation that every call tree asks again, computed once (on
        # the 2,000-component mesh, 40 trees of ~4,000 relations, building the trees took 1.32 s
        # of CPU before, 0.95 s after; docs/dependency-model.md, "Cost").
        elements = model.elements
        self._needed = frozenset(
            relation.id
            for relations in self._outgoing.values()
            for relation in relations
            if is_needed(model, relation)
        )
        self.outside = frozenset(i for i, e in elements.items() if e.kind.is_outside)  # not ours
        self._multi_route_routers = frozenset(
            i for i, e in elements.items() if e.kind.is_router and len(self._outgoing[i]) > 1
        )
        self._expandable = frozenset(
            i
            for i, e in elements.items()
            if e.runs_here and e.kind != ElementKind.QUEUE and i not in self._multi_route_routers
        )
        # Where load stops (archdsl.analysis.load): queues buffer, outside systems are not ours.
        self.load_stops = self.outside | {
            i for i, e in elements.items() if e.kind == ElementKind.QUEUE
        }
        self._cycle_members = frozenset(i for i, e in elements.items() if _cycle_member(e))
        self._in_shared_units = frozenset(
            i for i in elements if len(self.units[self.unit_of[i]].members) > 1
        )
        self._trees: dict[str, CallTree] = {}
        self._flows_of: dict[str, tuple[str, ...]] | None = None
        self._derived: dict[tuple, Any] = {}

    def derived(self, function: Callable[..., Any], *args: Any) -> Any:
        """`function(self, *args)`, computed once per workspace whoever asks for it (the loads
        along the call trees, the availability estimates): rules, `impact` and the report share
        one result."""
        key = (function, *(_key(arg) for arg in args))
        if key not in self._derived:  # the arguments are kept so an identity key stays theirs
            self._derived[key] = (function(self, *args), args)
        return self._derived[key][0]

    # ------------------------------------------------------------ one level

    def requests_from(self, element: str) -> list[Relation]:
        """The request relations out of `element` (out-of-band ones left out), in file order."""
        return self._outgoing[element]

    def requests_into(self, element: str) -> list[Relation]:
        """The request relations into `element`, in file order."""
        return self._incoming[element]

    def is_needed(self, relation: Relation) -> bool:
        """See `is_needed`."""
        return relation.id in self._needed

    def needed_callers(self, element: str) -> list[Relation]:
        """Needed calls into `element` from components we run: the callers it degrades when it
        fails (one level up, never further)."""
        return [
            r
            for r in self._incoming[element]
            if self.is_needed(r) and self.model.elements[r.source].runs_here
        ]

    def members(self, element: str) -> tuple[str, ...]:
        """The members of `element`'s failure unit (itself alone when it has no `runs_on`)."""
        return self.units[self.unit_of[element]].members

    def resolve_unit(self, name: str) -> FailureUnit | None:
        """The unit a word names: a `runs_on` word, or an element id (its own unit)."""
        if name in self.units:
            return self.units[name]
        if name in self.unit_of:
            return self.units[self.unit_of[name]]
        return None

    # ------------------------------------------------------------ flows

    def tree(self, flow: str | Flow) -> CallTree:
        """The call tree of a flow (built once, then shared)."""
        ident = flow if isinstance(flow, str) else flow.id
        tree = self._trees.get(ident)
        if tree is None:
            tree = self._trees[ident] = _build_tree(self, self.model.flows[ident])
        return tree

    def trees(self) -> list[CallTree]:
        """Every flow's call tree, in declaration order."""
        return [self.tree(ident) for ident in self.model.flows]

    def flows_depending_on(self, element: str) -> tuple[str, ...]:
        """The flows that `element`'s failure breaks, in declaration order."""
        if self._flows_of is None:
            gathered: dict[str, list[str]] = {}
            for tree in self.trees():
                for ident in tree.depends_on:
                    gathered.setdefault(ident, []).append(tree.flow)
            self._flows_of = {ident: tuple(flows) for ident, flows in gathered.items()}
        return self._flows_of.get(element, ())

    def on_some_tree(self) -> frozenset[str]:
        """Ids of the relations that lie on at least one flow's call tree."""
        cached = self.__dict__.get("_on_trees")
        if cached is None:
            cached = frozenset(r.id for tree in self.trees() for r in tree.relations)
            self.__dict__["_on_trees"] = cached
        return cached

    # ------------------------------------------------------------ cycles

    def synchronous_cycles(self) -> list[list[str]]:
        """Strongly connected groups (2+ members, or one calling itself) of needed synchronous
        request relations among components we run, routers and outside systems left out (calls
        routed through a shared gateway are not a loop). Members in declaration order."""
        import networkx as nx

        position = {ident: i for i, ident in enumerate(self.model.elements)}
        graph: nx.DiGraph[str] = nx.DiGraph()
        for relation in self.cycle_relations():
            graph.add_edge(relation.source, relation.target)
        groups = []
        for group in nx.strongly_connected_components(graph):
            if len(group) > 1 or graph.has_edge(next(iter(group)), next(iter(group))):
                groups.append(sorted(group, key=position.__getitem__))
        return sorted(groups, key=lambda g: position[g[0]])

    def cycle_relations(self) -> Iterable[Relation]:
        """The relations a synchronous cycle may consist of (see `synchronous_cycles`)."""
        members = self._cycle_members
        for relations in self._outgoing.values():
            for relation in relations:
                if (
                    relation.synchronous
                    and relation.fallback is None
                    and relation.source in members
                    and relation.target in members
                ):
                    yield relation


def _key(value: Any) -> Any:
    """`value` itself when hashable, else its identity (a configuration lives as long as a run)."""
    try:
        hash(value)
    except TypeError:
        return ("object", id(value))
    return value


def _cycle_member(element: Element) -> bool:
    return element.runs_here and not element.kind.is_router


def dependencies_of(workspace: Any) -> DependencyModel:
    """The dependency model of a workspace (archdsl.workspace.Workspace), built from its graph on
    first use and kept on that workspace, so every rule, `impact` and the report share one."""
    cached = workspace.__dict__.get("_dependency_model")
    if cached is None:
        cached = workspace.__dict__["_dependency_model"] = DependencyModel(
            workspace.model, workspace.graph
        )
    return cached


def dependency_model(model: Model, graph: nx.MultiDiGraph | None = None) -> DependencyModel:
    """The dependency model of `model` (its graph built when not given)."""
    if graph is None:
        from archdsl.graph.build import build_graph

        graph = build_graph(model)
    return DependencyModel(model, graph)


# ---------------------------------------------------------------- failure units


def _failure_units(model: Model) -> tuple[dict[str, FailureUnit], dict[str, str]]:
    grouped: dict[str, list[Element]] = {}
    unit_of: dict[str, str] = {}
    for ident, element in model.elements.items():
        name = element.runs_on or ident  # words share the ids' namespace: `vm1` may be both
        grouped.setdefault(name, []).append(element)
        unit_of[ident] = name
    units = {}
    for name, members in grouped.items():
        units[name] = _unit(name, members, shared=any(m.runs_on for m in members))
    return units, unit_of


def _unit(name: str, members: list[Element], shared: bool) -> FailureUnit:
    counted = [m for m in members if m.runs_here and not m.kind.is_client_code and not m.managed]
    copies = min((m.copies for m in counted), default=1)
    zones = min((m.zones for m in counted), default=1)
    redundant = copies >= 2 and all(
        m.failover == "automatic" for m in counted if m.kind.is_stateful
    )
    return FailureUnit(name, tuple(m.id for m in members), shared, copies, zones, redundant)


# ---------------------------------------------------------------- call trees


def _build_tree(dm: DependencyModel, flow: Flow) -> CallTree:
    model = dm.model
    named = [model.relation(r) for r in flow.relations if r in model._relations_by_id]
    named = [r for r in named if not r.out_of_band]
    start = named[0].source if named else (flow.steps[0] if flow.steps else "")
    named_elements = {start} | {r.source for r in named} | {r.target for r in named}
    with_named_calls = {r.source for r in named}
    first = named[0] if named else None
    in_tree = {r.id for r in named}
    relations = list(named)
    not_followed: list[Relation] = []
    roots = [
        e
        for e in dict.fromkeys(r.target for r in named)
        if e not in with_named_calls
        and _expands(dm, model.elements[e], asynchronously=_only_async(named, e, first))
    ]
    queue = deque(roots)
    visited = set(roots)
    expanded = list(roots)  # `visited` in the order of expansion
    outgoing, expandable, multi_route = dm._outgoing, dm._expandable, dm._multi_route_routers
    while queue:
        for relation in outgoing[queue.popleft()]:
            if relation.id in in_tree:
                continue
            in_tree.add(relation.id)
            relations.append(relation)
            target = relation.target
            if target in visited or target in with_named_calls:
                continue
            if not relation.synchronous or target not in expandable:  # see `_expands`
                if target in multi_route:
                    not_followed.extend(outgoing[target])
                continue
            visited.add(target)
            expanded.append(target)
            queue.append(target)
    for ending in dict.fromkeys(r.target for r in named):  # a chain ending on such a router
        node = model.elements[ending]
        if ending not in with_named_calls and node.kind.is_router:
            routes = dm.requests_from(ending)
            if len(routes) > 1:
                not_followed.extend(routes)
    alternatives = _alternatives(model, named)
    needed, via, depends, through_unit, branches = _needs(dm, start, relations, first, alternatives)
    return CallTree(
        flow=flow.id,
        start=start,
        relations=tuple(relations),
        named=frozenset(r.id for r in named),
        named_elements=frozenset(named_elements),
        expanded_from=tuple(expanded),
        routes_not_followed=tuple(dict.fromkeys(not_followed)),
        alternatives=alternatives,
        branches=branches,
        needed=needed,
        depends_on=depends,
        via=via,
        through_unit=through_unit,
        named_count=len(named),
    )


def _only_async(named: list[Relation], element: str, first: Relation | None) -> bool:
    """`element` is reached by the named steps only through `~>` hops other than the first hop
    of the flow (a background journey's first hop leads to the element whose work it is)."""
    arriving = [r for r in named if r.target == element]
    return bool(arriving) and all(not r.synchronous and r is not first for r in arriving)


def _expands(dm: DependencyModel, element: Element, asynchronously: bool) -> bool:
    """Whether expansion continues past `element`: a component we run, not a queue, not a router
    with several routes (`dm._expandable`), not reached only by a `~>`."""
    return not asynchronously and element.id in dm._expandable


def _alternatives(model: Model, named: list[Relation]) -> tuple[tuple[Relation, ...], ...]:
    by_router: dict[str, list[Relation]] = {}
    for relation in named:
        if model.elements[relation.source].kind.is_router and is_needed(model, relation):
            by_router.setdefault(relation.source, []).append(relation)
    return tuple(tuple(group) for group in by_router.values() if len(group) > 1)


def _needs(
    dm: DependencyModel,
    start: str,
    relations: list[Relation],
    first: Relation | None,
    alternatives: tuple[tuple[Relation, ...], ...],
) -> tuple:
    """The needed part of a tree: relations, first-reached pointers, elements depended on (units
    included), those depended on only through a unit, and the branches of each alternative group."""
    model = dm.model
    out: dict[str, list[Relation]] = {}
    needed_ids = dm._needed  # the tree holds no out-of-band relation
    for relation in relations:
        if relation is first or relation.id in needed_ids:
            out.setdefault(relation.source, []).append(relation)
    via, needed = _reach(dm, start, out, skip=frozenset())
    reached = [start, *via]
    optional: set[str] = set()
    branches = []
    for group in alternatives:
        per_route = _only_through(dm, start, out, group, set(via))
        branches.append(tuple(tuple(sorted(b, key=reached.index)) for b in per_route))
        optional.update(*per_route)
    ordered = [e for e in reached if e not in optional and _can_fail(model.elements.get(e))]
    depends = dict.fromkeys(ordered)
    through_unit = set()
    for ident in ordered:
        if ident not in dm._in_shared_units:
            continue  # a unit of its own: no mates
        for mate in dm.members(ident):
            if mate not in depends and _can_fail(model.elements[mate]):
                depends[mate] = None
                through_unit.add(mate)
    return tuple(needed), via, tuple(depends), frozenset(through_unit), tuple(branches)


def _can_fail(element: Element | None) -> bool:
    """Actors do not fail in the model (a person, an outside client)."""
    return element is not None and element.kind != ElementKind.ACTOR


def _reach(
    dm: DependencyModel, start: str, out: dict[str, list[Relation]], skip: frozenset[str]
) -> tuple[dict[str, Relation], list[Relation]]:
    """Breadth-first reach from `start` over `out`, never continuing past an actor or external
    other than the start, nor over relations whose ids are in `skip`."""
    via: dict[str, Relation] = {}
    taken: list[Relation] = []
    queue = deque([start])
    seen = {start}
    while queue:
        current = queue.popleft()
        if current != start and current in dm.outside:
            continue
        for relation in out.get(current, ()):
            if relation.id in skip:
                continue
            taken.append(relation)
            if relation.target not in seen:
                seen.add(relation.target)
                via[relation.target] = relation
                queue.append(relation.target)
    return via, taken


def _only_through(
    dm: DependencyModel,
    start: str,
    out: dict[str, list[Relation]],
    group: tuple[Relation, ...],
    reached: set[str],
) -> list[set[str]]:
    """Per route of one alternative group, the elements the flow can do without when that route
    fails: reached only through the group's routes, and not through every one of them."""
    without, _ = _reach(dm, start, out, skip=frozenset(r.id for r in group))
    only = reached - set(without) - {start}
    branches = []
    for route in group:
        below, _ = _reach(dm, route.target, out, skip=frozenset(r.id for r in group))
        branches.append({route.target, *below})
    common = set.intersection(*branches) if branches else set()
    return [{e for e in branch if e in only and e not in common} for branch in branches]
