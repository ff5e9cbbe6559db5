"""Rule documentation generated from the registry: `archdsl explain`, docs/rules/, SARIF help.

Regenerate the pages with `python -m archdsl.rules.docs` (a test fails when they are stale).
"""

from __future__ import annotations

import sys
from pathlib import Path

from archdsl.rules.catalog import all_rules
from archdsl.rules.registry import FAMILIES, Rule

DOCS_URL = "https://github.com/archdsl/archdsl/blob/main/docs/rules/"


def help_uri(rule: Rule) -> str:
    return f"{DOCS_URL}{rule.code}.md"


def _severity_line(rule: Rule) -> str:
    note = f" ({rule.severity_note})" if rule.severity_note else ""
    return f"**Default severity:** {rule.severity}{note} · **Family:** {rule.family} — {FAMILIES[rule.family]}"


def rule_page(rule: Rule) -> str:
    """The Markdown page of one rule."""
    parts = [
        f"# {rule.code} `{rule.slug}`",
        "",
        _severity_line(rule),
        "",
        f"Flags {rule.summary}." if not rule.summary.endswith(".") else f"Flags {rule.summary}",
        "",
        "## What it flags and why",
        "",
        rule.doc,
        "",
        "## Example that triggers it",
        "",
        "```arch",
        rule.bad.rstrip("\n"),
        "```",
        "",
        "## The fixed version",
        "",
        "```arch",
        rule.good.rstrip("\n"),
        "```",
        "",
        "## Options",
        "",
    ]
    if rule.options:
        parts += [f"- `{option}`" for option in rule.options] + [""]
    parts += [
        f"- Select or ignore it by code (`{rule.code}`), prefix (`{rule.code[0]}`) or slug (`{rule.slug}`).",
    ]
    if not rule.code.startswith("E") or rule.code == "E009":
        parts += [
            f'- Change its severity: `[tool.archdsl.severity]` `{rule.slug} = "warning"`.',
        ]
    if not rule.code.startswith("E"):
        parts += [
            f'- Accept a known case: `accept {rule.slug} on ELEMENT {{ reason = "..."  owner = "..."'
            "  until = 2027-06-30 }`.",
        ]
    return "\n".join(parts) + "\n"


def index_page(rules: list[Rule]) -> str:
    lines = [
        "# Rule reference",
        "",
        "Generated from the rule registry (`python -m archdsl.rules.docs`).",
        "",
    ]
    for family, title in FAMILIES.items():
        members = [r for r in rules if r.family == family]
        if not members:
            continue
        lines += [
            f"## {family} — {title}",
            "",
            "| code | slug | default | flags |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| [{r.code}]({r.code}.md) | `{r.slug}` | {r.severity} | {r.summary} |"
            for r in members
        ]
        lines.append("")
    return "\n".join(lines)


def expected_pages() -> dict[str, str]:
    """File name -> content of every generated page."""
    rules = all_rules()
    pages = {f"{rule.code}.md": rule_page(rule) for rule in rules}
    pages["index.md"] = index_page(rules)
    return pages


def write_pages(folder: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in expected_pages().items():
        (folder / name).write_text(content, encoding="utf-8")
        written.append(name)
    return written


if __name__ == "__main__":
    target = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else Path(__file__).resolve().parents[2] / "docs" / "rules"
    )
    print(f"wrote {len(write_pages(target))} pages to {target}")
