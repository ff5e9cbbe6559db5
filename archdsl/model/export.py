"""The resolved model as plain JSON data (golden files and machine-readable export)."""

from __future__ import annotations

import datetime
from typing import Any

from pydantic import BaseModel

from archdsl.model.kinds import KIND_TRAITS, ElementKind
from archdsl.model.properties import TABLES, PropSpec
from archdsl.model.schema import Model
from archdsl.spans import Span

# JSON Schema definition -> the declarations of its properties (archdsl/model/properties.py)
_DECLARED = {
    "Element": TABLES["elements"],
    "Relation": TABLES["relations"],
    "Boundary": TABLES["boundaries"],
    "System": TABLES["system"],
    "Data": TABLES["data"],
    "Flow": TABLES["flows"],
    "Acceptance": TABLES["accept"],
}


def to_data(value: Any) -> Any:
    """Pydantic nodes as objects in field order, spans as objects, dates as ISO strings."""
    if isinstance(value, Span):
        return {
            "file": value.file,
            "line": value.line,
            "column": value.column,
            "end_line": value.end_line,
            "end_column": value.end_column,
        }
    if isinstance(value, BaseModel):
        return {name: to_data(getattr(value, name)) for name in type(value).model_fields}
    if isinstance(value, dict):
        return {key: to_data(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_data(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def model_to_data(model: Model) -> dict[str, Any]:
    """The whole resolved model as JSON-ready data (the model's own span is left out)."""
    data = to_data(model)
    data.pop("span", None)
    return data


def model_json_schema() -> dict[str, Any]:
    """JSON Schema of `model_to_data` output (spans as objects, as exported)."""
    schema = Model.model_json_schema(mode="serialization")
    schema.get("properties", {}).pop("span", None)
    schema["$defs"]["Span"] = {
        "type": "object",
        "properties": {
            key: {"type": "string" if key == "file" else "integer"}
            for key in ("file", "line", "column", "end_line", "end_column")
        },
        "required": ["file", "line", "column", "end_line", "end_column"],
    }
    for name, table in _DECLARED.items():
        fields = schema["$defs"][name]["properties"]
        for spec in table.values():
            if spec.name in fields:
                _describe(fields[spec.name], spec)
    schema["$defs"]["ElementKind"]["description"] = "; ".join(
        f"{kind}: {KIND_TRAITS[kind].meaning}" for kind in ElementKind
    )
    return schema


def _describe(field: dict[str, Any], spec: PropSpec) -> None:
    """Documentation, valid words and the numeric range of one declared property."""
    field["description"] = spec.doc
    if spec.kind == "enum":  # the model holds only valid words, even where its type is `str`
        for part in field.get("anyOf", [field]):
            if part.get("type") == "string":
                part["enum"] = list(spec.choices)
    if spec.known:
        field["examples"] = list(spec.known)
    if spec.minimum is not None or spec.maximum is not None:
        number = next(
            (part for part in field.get("anyOf", [field]) if part.get("type") in _NUMERIC), None
        )
        if number is not None:
            if spec.minimum is not None:
                number["minimum"] = spec.minimum
            if spec.maximum is not None:
                number["maximum"] = spec.maximum


_NUMERIC = ("integer", "number")
