"""What model errors kept from the rules, for the summary ("rules skipped 2 relations with
errors").

Model errors do not switch the rules off (RULES.md, E section): a faulty property is left out
(its default applies), a declaration that cannot stand is left out with what hangs on it, and a
file with a syntax error keeps what parsed. This module counts, by comparing the declarations
the parser read with the resolved model, what did not make it into the model. A syntax error
counts only where it left text out (`ast.File.complete`): a first-hour slip that recovery
corrected (`replicas: 3`, a trailing comma) is reported, but the model keeps what it says.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

from archdsl.findings import Finding
from archdsl.model.schema import Model
from archdsl.syntax import ast

_PROPERTY_ERRORS = ("E004", "E005")
_FLOW_ERRORS = ("E002", "E007")  # a step naming no element, or no relation


def _declarations(statements: Iterable) -> Iterator:
    """Every declaration in `statements`, boundaries' contents and elements' relations included."""
    pending = list(statements)
    while pending:
        item = pending.pop()
        yield item
        if isinstance(item, ast.Boundary):
            pending.extend(item.items)
        elif isinstance(item, ast.Element):
            pending.extend(item.relations)


def broken_flows(diagnostics: Iterable[Finding]) -> set[str]:
    """Ids that errors about flow steps name (a step that is no element, a hop that is no
    relation): such a flow is left out whole, its call tree is unknown. Callers intersect the
    result with the model's flows (an E002 may also name an element or data)."""
    return {d.element for d in diagnostics if d.code in _FLOW_ERRORS and d.element}


def _phrase(count: int, word: str, plural: str) -> str:
    return f"{count} {word if count == 1 else plural}"


def left_out(
    files: Iterable[ast.File], model: Model, diagnostics: list[Finding]
) -> tuple[str, ...]:
    """Phrases naming what the rules will not see: `("1 element", "2 relations")`."""
    declared: Counter[type] = Counter()
    unparsed = 0
    for file in files:
        declared.update(type(item) for item in _declarations(file.statements))
        unparsed += not file.complete
    flows = set(model.flows)
    missing = [
        (declared[ast.Element] - len(model.elements), "element", "elements"),
        (declared[ast.Relation] - len(model.relations), "relation", "relations"),
        (declared[ast.Data] - len(model.data), "data declaration", "data declarations"),
        (
            declared[ast.Flow] - len(flows) + len(broken_flows(diagnostics) & flows),
            "flow",
            "flows",
        ),
        (
            sum(1 for d in diagnostics if d.code in _PROPERTY_ERRORS),
            "property",
            "properties",
        ),
    ]
    phrases = [_phrase(count, word, plural) for count, word, plural in missing if count > 0]
    if unparsed:
        phrases.append(f"text that did not parse in {_phrase(unparsed, 'file', 'files')}")
    return tuple(phrases)
