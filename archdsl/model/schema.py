"""The resolved, typed model: immutable pydantic nodes whose equality ignores source positions.

Units are normalised (seconds, requests per second, fractions, bytes), defaults applied, names
resolved. Every node keeps its `span`; `property_spans` records where each explicitly written
property stands, so a finding can point at the exact line that needs changing.
"""

from __future__ import annotations

import datetime
from functools import cached_property
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict
from pydantic import Field as PydanticField

from archdsl.model.kinds import SYNC_ARROW, ElementKind
from archdsl.spans import NO_SPAN, Span

_POSITION_FIELDS = frozenset({"span", "property_spans", "name_spans"})


class FrozenDict(dict):
    """A dict that refuses changes: the resolved model is immutable all the way down."""

    def _refuse(self, *args, **kwargs):
        raise TypeError("the resolved model is immutable")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _refuse
    __ior__ = _refuse

    def __reduce__(self):
        return (FrozenDict, (dict(self),))


_DEFAULTS: dict[type, dict[str, Any]] = {}


def construct(cls: type[Node], values: dict[str, Any], fields_set: set[str] | None = None) -> Node:
    """`cls.model_construct(**values)` for values the resolver has already checked, without its
    per-field default resolution (the resolver's hot path builds tens of thousands of nodes).

    Defaults are computed once per class; a factory default is built once and shared, which is
    safe because every such default is an empty `FrozenDict`. `fields_set`, the names in
    `values`, may be one set shared by nodes built from the same names (it is never changed)."""
    defaults = _DEFAULTS.get(cls)
    if defaults is None:
        defaults = _DEFAULTS[cls] = {
            name: FrozenDict(field.get_default(call_default_factory=True))
            if field.default_factory is not None
            else field.default
            for name, field in cls.model_fields.items()
        }
    data = dict(defaults)
    data.update(values)
    node = cls.__new__(cls)
    object.__setattr__(node, "__dict__", data)
    object.__setattr__(
        node, "__pydantic_fields_set__", set(values) if fields_set is None else fields_set
    )
    object.__setattr__(node, "__pydantic_extra__", None)
    object.__setattr__(node, "__pydantic_private__", None)
    if cls.__pydantic_post_init__:
        node.model_post_init(None)
    return node


class Node(BaseModel):
    """Base of every model node: frozen, no unknown fields, equality blind to positions."""

    # defer_build: a class builds its validator when it first validates; the resolver builds
    # nodes without validating (`construct`), so `archdsl validate` never pays for one.
    model_config = ConfigDict(
        frozen=True, extra="forbid", arbitrary_types_allowed=True, defer_build=True
    )

    span: Span = NO_SPAN

    def _meaning(self) -> tuple:
        return tuple(
            getattr(self, name) for name in type(self).model_fields if name not in _POSITION_FIELDS
        )

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._meaning() == other._meaning()

    def __hash__(self) -> int:
        return hash((type(self).__name__, getattr(self, "id", None) or getattr(self, "name", None)))


class Range(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)
    min: int
    max: int


class System(Node):
    id: str
    label: str | None = None
    owner: str | None = None
    description: str | None = None
    url: str | None = None
    tags: tuple[Any, ...] = ()
    custom: dict[str, Any] = PydanticField(default_factory=dict)


class Boundary(Node):
    id: str
    label: str | None = None
    parent: str | None = None
    trust: Literal["untrusted", "low", "medium", "high"] | None = None
    effective_trust: Literal["untrusted", "low", "medium", "high"] | None = None
    owner: str | None = None
    description: str | None = None
    url: str | None = None
    tags: tuple[Any, ...] = ()
    custom: dict[str, Any] = PydanticField(default_factory=dict)
    property_spans: dict[str, Span] = PydanticField(default_factory=dict)


class Element(Node):
    """A component. `trust` is the effective trust level (None: outside every trusted boundary)."""

    id: str
    kind: ElementKind
    label: str | None = None
    boundary: str | None = None
    trust: Literal["untrusted", "low", "medium", "high"] | None = None
    replicas: int = 1
    autoscale: Range | None = None
    zones: int = 1
    failover: Literal["none", "manual", "automatic"] = "none"
    # Where `failover` came from: written (on the element or in `defaults`), the `tech` default
    # (automatic at 3+ copies for a tech whose failover is built in), or the plain default.
    failover_source: Literal["explicit", "tech_default", "default"] = "default"
    capacity: float | None = None
    max_connections: int | None = None
    max_depth: int | None = None
    dlq: str | None = None
    backup: Literal["none", "daily", "hourly", "continuous"] = "none"
    encrypted: bool = False
    exposed: Literal["public", "internal"] = "internal"
    auth: str | None = None
    rate_limit: float | None = None
    sla: float | None = None
    dpa: bool = False
    owner: str | None = None
    tech: str | None = None
    description: str | None = None
    url: str | None = None
    tags: tuple[Any, ...] = ()
    runs_on: str | None = None
    managed: bool = False
    # Resolved: `ephemeral` for a cache, `durable` for other stateful kinds, None otherwise.
    persistence: Literal["ephemeral", "snapshot", "durable"] | None = None
    request_timeout: float | None = None
    custom: dict[str, Any] = PydanticField(default_factory=dict)
    property_spans: dict[str, Span] = PydanticField(default_factory=dict)

    @property
    def stateful(self) -> bool:
        return self.kind.is_stateful

    @property
    def runs_here(self) -> bool:
        """A component we run (every kind but actor and external)."""
        return self.kind.is_ours

    @property
    def copies(self) -> int:
        """max(replicas, autoscale.min): the copies that count for redundancy."""
        return max(self.replicas, self.autoscale.min) if self.autoscale else self.replicas

    @property
    def max_copies(self) -> int:
        """max(replicas, autoscale.max): the copies that count for capacity."""
        return max(self.replicas, self.autoscale.max) if self.autoscale else self.replicas

    @property
    def redundant(self) -> bool:
        """2+ copies, and for a stateful component also `failover = automatic`."""
        if self.copies < 2:
            return False
        return not self.stateful or self.failover == "automatic"

    def span_of(self, prop: str) -> Span:
        """Where `prop` was written, or the element's own span when it was not."""
        return self.property_spans.get(prop, self.span)


class Relation(Node):
    """A relation. `id` is unique: `source->target`, plus `[label]` and `#n` when needed."""

    id: str
    source: str
    target: str
    arrow: Literal["->", "~>"]
    label: str | None = None
    order: int = 0
    protocol: str | None = None
    tls: bool = False
    auth: str | None = None
    # Seconds per attempt; `inherit`: the call carries its caller's deadline.
    timeout: float | Literal["inherit"] | None = None
    retries: int | Literal["unlimited"] = 0
    backoff: Literal["none", "fixed", "exponential", "exponential_jitter"] = "none"
    circuit_breaker: bool = False
    fallback: str | None = None
    fallback_element: str | None = None
    idempotent: bool = False
    idempotency_key: bool = False
    calls: int | Literal["unbounded"] = 1
    pool: int | None = None
    access: Literal["read", "write", "readwrite"] = "readwrite"
    carries: tuple[str, ...] = ()
    webhook: bool = False
    signature: str | None = None
    durable: bool = False
    description: str | None = None
    purpose: Literal["request", "monitoring", "replication", "backup"] = "request"
    # Resolved: `read` where `access = read` and not written, else `write` unless written.
    effect: Literal["read", "notify", "write"] = "write"
    stream: bool = False
    callback: bool = False
    custom: dict[str, Any] = PydanticField(default_factory=dict)
    property_spans: dict[str, Span] = PydanticField(default_factory=dict)

    @property
    def synchronous(self) -> bool:
        return self.arrow == SYNC_ARROW

    @property
    def out_of_band(self) -> bool:
        """Not a request (a metrics scrape, replication, a backup job): no dependency, no load."""
        return self.purpose != "request"

    @property
    def timeout_seconds(self) -> float | None:
        """The timeout as a number of seconds; None without one or for `timeout = inherit`."""
        return None if self.timeout is None or self.timeout == "inherit" else self.timeout

    @property
    def worst_case_time(self) -> float | None:
        """(retries + 1) * timeout: how long the caller may wait; None without a timeout of its
        own (none written, or `inherit`: the caller's deadline bounds it)."""
        if self.timeout_seconds is None:
            return None
        if self.retries == "unlimited":
            return float("inf")
        return (self.retries + 1) * self.timeout_seconds

    def span_of(self, prop: str) -> Span:
        return self.property_spans.get(prop, self.span)


class DataField(Node):
    name: str
    type: str
    flags: tuple[str, ...] = ()


class Query(Node):
    fields: tuple[str, ...]


class Data(Node):
    name: str
    label: str | None = None
    boundary: str | None = None
    stores: tuple[str, ...] = ()
    fields: tuple[DataField, ...] = ()
    queries: tuple[Query, ...] = ()
    owner: str | None = None
    description: str | None = None
    url: str | None = None
    tags: tuple[Any, ...] = ()
    custom: dict[str, Any] = PydanticField(default_factory=dict)

    def fields_flagged(self, flags) -> tuple[DataField, ...]:
        return tuple(f for f in self.fields if not flags.isdisjoint(f.flags))


class FlowChain(Node):
    """One `steps = ...` line of a flow. Hop i goes from steps[i] to steps[i+1] with arrows[i],
    names the label labels[i] (or none) and takes the relation relations[i]; all four agree in
    length (a chain with a faulty hop is kept up to that hop)."""

    steps: tuple[str, ...] = ()
    arrows: tuple[str, ...] = ()
    labels: tuple[str | None, ...] = ()
    relations: tuple[str, ...] = ()


class Flow(Node):
    """A user journey: its chains form its call tree. `steps`/`arrows` are the first chain's;
    `relations` every relation the chains take, in order, without repeats."""

    id: str
    label: str | None = None
    chains: tuple[FlowChain, ...] = ()
    steps: tuple[str, ...] = ()
    arrows: tuple[str, ...] = ()
    relations: tuple[str, ...] = ()
    slo: float | None = None
    latency: float | None = None
    peak: float | None = None
    owner: str | None = None
    description: str | None = None
    url: str | None = None
    tags: tuple[Any, ...] = ()
    custom: dict[str, Any] = PydanticField(default_factory=dict)
    property_spans: dict[str, Span] = PydanticField(default_factory=dict)


class Acceptance(Node):
    """An `accept` block; `name_spans` maps each rule and target name to where it was written."""

    rules: tuple[str, ...]
    targets: tuple[str, ...]
    reason: str | None = None
    owner: str | None = None
    until: datetime.date | None = None
    name_spans: dict[str, Span] = PydanticField(default_factory=dict)


class Model(Node):
    """A whole workspace: every file's declarations, resolved."""

    system: System | None = None
    boundaries: dict[str, Boundary] = PydanticField(default_factory=dict)
    elements: dict[str, Element] = PydanticField(default_factory=dict)
    relations: tuple[Relation, ...] = ()
    data: dict[str, Data] = PydanticField(default_factory=dict)
    flows: dict[str, Flow] = PydanticField(default_factory=dict)
    acceptances: tuple[Acceptance, ...] = ()
    files: tuple[str, ...] = ()

    @cached_property
    def _relations_by_id(self) -> dict[str, Relation]:
        return {r.id: r for r in self.relations}

    def relation(self, relation_id: str) -> Relation:
        """The relation with this id (KeyError when there is none)."""
        return self._relations_by_id[relation_id]
