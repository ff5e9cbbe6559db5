"""Stage 2: the resolved, typed model (pydantic) and the resolver that builds it."""

from archdsl.model.kinds import ElementKind
from archdsl.model.schema import (
    Acceptance,
    Boundary,
    Data,
    DataField,
    Element,
    Flow,
    FlowChain,
    Model,
    Query,
    Range,
    Relation,
    System,
)

__all__ = [
    "Acceptance",
    "Boundary",
    "Data",
    "DataField",
    "Element",
    "ElementKind",
    "Flow",
    "FlowChain",
    "Model",
    "Query",
    "Range",
    "Relation",
    "System",
]
