"""Exposure and sensitive data: who can reach what, where trust is crossed, and which classified
data lives in which store or crosses which relation.

Three inventories, each a plain function of the model, shared by the security rules and the
reports:
- `exposures`: every public entry point (as `views.entry_points` defines it) with the reasons it
  is one: `exposed = public`, the untrusted elements that call it directly, the load balancers
  and CDNs in front of it.
- `trust_crossings`: every relation entering a boundary of higher trust, whether it ends at a
  public entry point and whether it is authenticated.
- `data_inventory`: every data with classified fields (`pii`, `pci`, `secret`, `health`), the
  stores that hold it (`data ... in store`) and the relations that carry it (`carries`).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from archdsl.graph.views import authenticated, entry_points, is_untrusted, trust_rank
from archdsl.model.kinds import EXPOSURE_PASSING_KINDS, FIELD_CLASS_FLAGS, FIELD_PROTECTION_FLAGS
from archdsl.model.schema import Data, Model

# ------------------------------------------------------------------ public entry points


@dataclass(frozen=True)
class Exposure:
    """Why one element is a public entry point; `passers` are the load balancers and CDNs (public
    entry points themselves) that forward to it."""

    element: str
    public: bool
    untrusted_callers: tuple[str, ...] = ()
    passers: tuple[str, ...] = ()

    @property
    def direct(self) -> bool:
        """Reachable without going through a load balancer or CDN."""
        return self.public or bool(self.untrusted_callers)

    def describe(self, model: Model) -> str:
        """The reasons in words: "exposed = public; called directly by customer; behind
        load_balancer edge"."""
        reasons = []
        if self.public:
            reasons.append("exposed = public")
        if self.untrusted_callers:
            reasons.append("called directly by " + ", ".join(self.untrusted_callers))
        if self.passers:
            reasons.append(
                "behind " + ", ".join(f"{model.elements[p].kind} {p}" for p in self.passers)
            )
        return "; ".join(reasons)


def exposures(model: Model) -> dict[str, Exposure]:
    """Every public entry point with the reasons it is one, keyed by element id (the keys are
    exactly `entry_points(model)`), in declaration order."""
    entries = entry_points(model)
    elements = model.elements
    callers: dict[str, dict[str, None]] = {}  # dicts as ordered sets: first-seen order, no repeats
    passers: dict[str, dict[str, None]] = {}
    for relation in model.relations:
        if relation.target not in entries:
            continue
        source = elements[relation.source]
        if is_untrusted(source):
            callers.setdefault(relation.target, {})[source.id] = None
        if source.id in entries and source.kind in EXPOSURE_PASSING_KINDS:
            passers.setdefault(relation.target, {})[source.id] = None
    return {
        ident: Exposure(
            ident,
            element.exposed == "public",
            tuple(callers.get(ident, ())),
            tuple(passers.get(ident, ())),
        )
        for ident, element in elements.items()
        if ident in entries
    }


# ------------------------------------------------------------------ trust crossings


@dataclass(frozen=True)
class TrustCrossing:
    """A relation entering a boundary of higher trust than the one it leaves."""

    relation: str
    source_trust: str
    target_trust: str
    into_entry_point: bool
    authenticated: bool


def trust_crossings(
    model: Model, entries: Collection[str] | None = None
) -> tuple[TrustCrossing, ...]:
    """Every relation that crosses into higher trust, in file order. `entries` are the public
    entry points when the caller has them (the keys of `exposures(model)`), else computed."""
    entries = entry_points(model) if entries is None else entries
    # Trust ranks looked up once per element, not twice per relation: 0.18 s -> 0.09 s at 10,000
    # (entry points computed inside; 0.04 s when the caller passes them).
    ranks = {ident: trust_rank(e) for ident, e in model.elements.items() if e.trust is not None}
    crossings = []
    for relation in model.relations:
        source_rank, target_rank = ranks.get(relation.source), ranks.get(relation.target)
        if source_rank is None or target_rank is None or target_rank <= source_rank:
            continue  # not into higher trust (crosses_into_higher_trust)
        source, target = model.elements[relation.source], model.elements[relation.target]
        assert source.trust is not None and target.trust is not None  # both sides have a level
        crossings.append(
            TrustCrossing(
                relation=relation.id,
                source_trust=source.trust,
                target_trust=target.trust,
                into_entry_point=relation.target in entries,
                authenticated=authenticated(model, relation),
            )
        )
    return tuple(crossings)


# ------------------------------------------------------------------ sensitive data


@dataclass(frozen=True)
class ClassifiedField:
    """A field with at least one classification flag; `protection` holds `hashed`/`encrypted`."""

    name: str
    classes: tuple[str, ...]
    protection: tuple[str, ...] = ()

    @property
    def protected(self) -> bool:
        """Hashed or encrypted at the field level: not plaintext at rest."""
        return bool(self.protection)

    def describe(self) -> str:
        """`email (pii)`, `token (secret, encrypted)`."""
        return f"{self.name} ({', '.join(self.classes + self.protection)})"


@dataclass(frozen=True)
class SensitiveData:
    """One data declaration's classified fields, in field order."""

    name: str
    fields: tuple[ClassifiedField, ...]

    @property
    def classes(self) -> frozenset[str]:
        """Every classification flag that occurs in the data."""
        return frozenset(flag for field in self.fields for flag in field.classes)

    def with_classes(self, classes, unprotected_only: bool = False) -> tuple[ClassifiedField, ...]:
        """The fields carrying any of `classes` (only those neither hashed nor encrypted when
        `unprotected_only`)."""
        wanted = frozenset(classes)
        return tuple(
            f
            for f in self.fields
            if not wanted.isdisjoint(f.classes) and not (unprotected_only and f.protected)
        )


@dataclass(frozen=True)
class DataInventory:
    """Classified data by name, and which of it each store holds and each relation carries.
    Only data with classified fields appears; stores and relations without any are absent."""

    data: dict[str, SensitiveData]
    stores: dict[str, tuple[str, ...]]
    relations: dict[str, tuple[str, ...]]

    def in_store(self, store: str) -> tuple[SensitiveData, ...]:
        """The classified data held by `store`, in declaration order."""
        return tuple(self.data[name] for name in self.stores.get(store, ()))

    def carried_by(self, relation: str) -> tuple[SensitiveData, ...]:
        """The classified data a relation carries, in the order of its `carries` list."""
        return tuple(self.data[name] for name in self.relations.get(relation, ()))


def classify(data: Data) -> SensitiveData | None:
    """The classified fields of one data, or None when it has none."""
    fields = tuple(
        ClassifiedField(
            name=f.name,
            classes=tuple(flag for flag in f.flags if flag in FIELD_CLASS_FLAGS),
            protection=tuple(flag for flag in f.flags if flag in FIELD_PROTECTION_FLAGS),
        )
        for f in data.fields
        if not FIELD_CLASS_FLAGS.isdisjoint(f.flags)
    )
    return SensitiveData(data.name, fields) if fields else None


def data_inventory(model: Model) -> DataInventory:
    """Which classified data lives in which store and crosses which relation."""
    data = {name: found for name, decl in model.data.items() if (found := classify(decl))}
    stores: dict[str, dict[str, None]] = {}
    for name in data:
        for store in model.data[name].stores:
            stores.setdefault(store, {})[name] = None
    relations = {
        relation.id: carried
        for relation in model.relations
        if relation.carries
        and (carried := tuple(dict.fromkeys(n for n in relation.carries if n in data)))
    }
    return DataInventory(data, {s: tuple(names) for s, names in stores.items()}, relations)
