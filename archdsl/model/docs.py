"""The tables of docs/language.md, generated from the declarations (kinds and properties).

docs/language.md marks each generated table with `<!-- generated: NAME -->` ... `<!-- end
generated: NAME -->`; `python -m archdsl.model.docs [path]` rewrites what lies between, and a test
fails when the file is stale. Everything else in the page is written by hand.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from archdsl.model.kinds import KIND_TRAITS, STATEFUL_KINDS, ElementKind
from archdsl.model.properties import (
    BOUNDARY_PROPERTIES,
    DATA_PROPERTIES,
    ELEMENT_PROPERTIES,
    FLOW_PROPERTIES,
    RELATION_PROPERTIES,
    SYSTEM_PROPERTIES,
    PropSpec,
)
from archdsl.model.values import VALUE_KINDS
from archdsl.units import describe_quantity

_MARKER = re.compile(
    r"(<!-- generated: (?P<name>[\w-]+) -->\n)(?P<body>.*?)(<!-- end generated: (?P=name) -->)",
    re.S,
)


def _words(words) -> str:
    return ", ".join(f"`{w}`" for w in words)


def value_text(spec: PropSpec) -> str:
    """The value column: the valid words, or the value kind with its range."""
    if spec.kind == "enum":
        return _words(spec.choices)
    if spec.known:
        return _words(spec.known) + ", or a word"
    text = VALUE_KINDS[spec.kind]
    text = text[2:] if text.startswith("a ") else text[3:] if text.startswith("an ") else text
    if spec.minimum is not None and spec.maximum is not None:
        kind = spec.kind if spec.kind not in ("int", "range") else "int"
        low, high = describe_quantity(kind, spec.minimum), describe_quantity(kind, spec.maximum)
        if spec.kind == "duration":
            low = f"{spec.minimum:g}s"
        text += f", {low} to {high}"
    if spec.special:
        text += f", or `{spec.special}`"
    return text


def default_text(spec: PropSpec) -> str:
    if spec.default_doc is not None:
        return spec.default_doc
    if spec.default is None or spec.default == ():
        return "none"
    if isinstance(spec.default, bool):
        return f"`{str(spec.default).lower()}`"
    if isinstance(spec.default, str):
        return f"`{spec.default}`"
    return str(spec.default)


def kinds_text(spec: PropSpec) -> str:
    """`all`, the kinds it applies to, or `all but ...` when that is shorter."""
    if spec.kinds is None or spec.kinds == frozenset(ElementKind):
        return "all"
    if spec.kinds == STATEFUL_KINDS:
        return "stateful kinds"
    excluded = [k for k in ElementKind if k not in spec.kinds]
    if len(excluded) < len(spec.kinds):
        return "all but " + ", ".join(f"`{k}`" for k in excluded)
    return ", ".join(f"`{k}`" for k in ElementKind if k in spec.kinds)


def property_table(table: dict[str, PropSpec], with_kinds: bool = False) -> str:
    head = "| property | value | default |" + (" kinds |" if with_kinds else "") + " meaning |"
    lines = [head, "|---" * (5 if with_kinds else 4) + "|"]
    for spec in table.values():
        kinds = f" {kinds_text(spec)} |" if with_kinds else ""
        lines.append(
            f"| `{spec.name}` | {value_text(spec)} | {default_text(spec)} |{kinds} {spec.doc} |"
        )
    lines.append("| `x_anything` | any value | |" + (" all |" if with_kinds else "") + " custom")
    lines[-1] += ' keys, kept as written (`x_cost_center = "42"`) |'
    return "\n".join(lines) + "\n"


def _yes(flag: bool) -> str:
    return "yes" if flag else ""


def kind_table() -> str:
    lines = [
        "| kind | meaning | stateful | router | run by | DOT shape | Mermaid shape |",
        "|---|---|---|---|---|---|---|",
    ]
    for kind in ElementKind:
        row = KIND_TRAITS[kind]
        shape = row.dot_shape + (f" ({row.dot_style})" if row.dot_style else "")
        mermaid = f"`{row.mermaid_shape[0]}…{row.mermaid_shape[1]}`"
        lines.append(
            f"| `{kind}` | {row.meaning} | {_yes(row.stateful)} | {_yes(row.router)} | "
            f"{'others' if row.outside else 'us'} | {shape} | {mermaid} |"
        )
    return "\n".join(lines) + "\n"


def generated_tables() -> dict[str, str]:
    """Marker name -> the markdown it must hold."""
    return {
        "element-kinds": kind_table(),
        "element-properties": property_table(ELEMENT_PROPERTIES, with_kinds=True),
        "relation-properties": property_table(RELATION_PROPERTIES),
        "boundary-properties": property_table(BOUNDARY_PROPERTIES),
        "system-properties": property_table(SYSTEM_PROPERTIES),
        "data-properties": property_table(DATA_PROPERTIES),
        "flow-properties": property_table(FLOW_PROPERTIES),
    }


def render(text: str) -> str:
    """`text` with every generated table brought up to date (unknown marker names are left)."""
    tables = generated_tables()

    def replace(match: re.Match) -> str:
        body = tables.get(match["name"], match["body"])
        return match.group(1) + body + match.group(4)

    return _MARKER.sub(replace, text)


def markers(text: str) -> list[str]:
    """The names of the generated tables a text holds."""
    return [m["name"] for m in _MARKER.finditer(text)]


def language_page() -> Path:
    return Path(__file__).resolve().parents[2] / "docs" / "language.md"


if __name__ == "__main__":
    page = Path(sys.argv[1]) if len(sys.argv) > 1 else language_page()
    page.write_text(render(page.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"regenerated {len(markers(page.read_text(encoding='utf-8')))} tables in {page}")
