"""Stage 2: the resolved, typed model (pydantic) and the resolver that builds it."""

from archdsl.model.schema import (
    Acceptance,
    Boundary,
    Data,
    DataField,
    Element,
    Flow,
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
    "Flow",
    "Model",
    "Query",
    "Range",
    "Relation",
    "System",
]
