"""The syntax tree of one `.arch` file: what was written, with positions, before any meaning.

Nodes are plain slotted dataclasses built while parsing; the resolver turns them into the typed
model. Names are kept as `Name` (text + span) so that every later diagnostic can point at them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from archdsl.spans import Span

_new_span = tuple.__new__  # Span(...) without the Python-level __new__ of a NamedTuple


@dataclass(slots=True)
class Name:
    text: str
    span: Span


@dataclass(slots=True)
class Value:
    """A literal as written. `kind` is one of number, range, date, string, bool, word, list.

    For a number, `data` is (magnitude, unit, is_integer); for a range (low, high); for a list a
    tuple of Values; otherwise the Python value.
    """

    kind: str
    data: Any
    text: str
    span: Span


@dataclass(slots=True)
class Property:
    key: Name
    value: Value

    @property
    def span(self) -> Span:
        key, value = self.key.span, self.value.span
        return _new_span(Span, (key[0], key[1], key[2], value[3], value[4]))  # key through value


@dataclass(slots=True)
class Relation:
    source: Name | None  # None when written inside an element body
    arrow: Name
    target: Name
    label: str | None
    props: list[Property]
    span: Span


@dataclass(slots=True)
class Element:
    kind: Name
    id: Name
    label: str | None
    props: list[Property]
    relations: list[Relation]
    span: Span


@dataclass(slots=True)
class Field:
    name: Name
    type: Name | None
    flags: list[Name]
    span: Span


@dataclass(slots=True)
class Query:
    fields: list[Name]
    span: Span


@dataclass(slots=True)
class Data:
    name: Name
    label: str | None
    stores: list[Name]
    fields: list[Field]
    queries: list[Query]
    props: list[Property]
    span: Span


@dataclass(slots=True)
class FlowChain:
    """One `steps = a -> b "label" -> c` line: `labels[i]` names the relation of hop i, if given."""

    steps: list[Name]
    arrows: list[Name]
    labels: list[Name | None]
    span: Span


@dataclass(slots=True)
class Flow:
    id: Name
    label: str | None
    chains: list[FlowChain]
    props: list[Property]
    span: Span


@dataclass(slots=True)
class Boundary:
    id: Name
    label: str | None
    props: list[Property]
    items: list[Any]
    span: Span


@dataclass(slots=True)
class Accept:
    rules: list[Name]
    targets: list[Name]
    props: list[Property]
    span: Span


@dataclass(slots=True)
class Defaults:
    kind: Name
    props: list[Property]
    span: Span


@dataclass(slots=True)
class System:
    id: Name
    label: str | None
    props: list[Property]
    span: Span


@dataclass(slots=True)
class Import:
    path: str
    span: Span


@dataclass(slots=True)
class File:
    """Every top-level statement of one file, in order. `complete` is False when a syntax
    error left some of the file's text out (a recognised slip that recovery corrected leaves
    nothing out)."""

    path: str
    statements: list[Any] = field(default_factory=list)
    complete: bool = field(default=True, compare=False)
