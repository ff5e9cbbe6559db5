"""`archdsl impact FILE ELEMENT|UNIT`: what a failure of ELEMENT, or of a whole failure unit
named by its `runs_on` word, does, as text (archdsl.review.impact says how it is decided).

If orders_db fails (database "Orders DB"):
  flows that break: 2 of 3
    checkout  customer -> edge -> web -> api -> orders_db
  degraded callers (one level up; they lose this call, they are not down):
    api -> orders_db
  shielded:
    web -> sessions  by its fallback ("treat as logged out")
  estimated availability:
    checkout  99.997% -> 0%      breaks
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from archdsl.cli.errors import UsageError
from archdsl.report.text import printable


def register(commands) -> None:
    parser = commands.add_parser(
        "impact", help="what fails when one component, or one failure unit, fails"
    )
    parser.add_argument("file", metavar="FILE")
    parser.add_argument(
        "element",
        metavar="ELEMENT|UNIT",
        help="the id of the component that fails, or a `runs_on` word naming a failure unit",
    )
    parser.set_defaults(handler=run)


def _unknown_element(model, name: str) -> UsageError:
    from archdsl.diagnostics import did_you_mean

    for what, names in (
        ("boundary", model.boundaries),
        ("flow", model.flows),
        ("data", model.data),
    ):
        if name in names:
            return UsageError(
                f"`{name}` is a {what}, not a component: name a component that can fail"
            )
    words = {e.runs_on for e in model.elements.values() if e.runs_on}
    hint = did_you_mean(name, [*model.elements, *sorted(words)])
    return UsageError(f"no component named `{name}`" + (f"; {hint}" if hint else ""))


def _relation_text(relation) -> str:
    text = f"{relation.source} {relation.arrow} {relation.target}"
    return text + (f' "{printable(relation.label)}"' if relation.label else "")


def _title(model, result) -> str:
    unit = result.unit
    if unit.shared and (result.name not in model.elements or len(unit.members) > 1):
        members = ", ".join(unit.members)
        if result.name in model.elements:
            return f"If {result.name} fails (it runs on {unit.name} with the rest of its unit: {members}):"
        return f"If {result.name} fails (failure unit: {members}):"
    element = model.elements[result.name]
    title = f' "{printable(element.label)}"' if element.label else ""
    return f"If {result.name} fails ({element.kind}{title}):"


def _path_text(path) -> str:
    return " -> ".join([path[0].source, *(r.target for r in path)]) if path else ""


def _shield_text(shield) -> str:
    if shield.by == "fallback":
        return f'by its fallback ("{printable(shield.detail)}")'
    return f"by queue {shield.detail}: messages wait there"


def _table(rows: Sequence[tuple[str, ...]]) -> list[str]:
    widths = [max((len(row[i]) for row in rows), default=0) for i in range(len(rows[0]) - 1)]
    return [
        "    "
        + "  ".join(f"{cell:<{w}}" for cell, w in zip(row[:-1], widths, strict=True))
        + "  "
        + row[-1]
        for row in rows
    ]


def format_impact(model, result) -> str:
    """The impact report as text (see the module docstring)."""
    from archdsl.analysis.availability import distinct_percents, percent

    lines = [_title(model, result)]
    broken = result.broken_flows
    lines.append(f"  flows that break: {len(broken)} of {len(result.flows)}")
    if broken:
        lines += _table([(f.flow, _path_text(f.path) or f"starts at {f.start}") for f in broken])
    lines.append(
        f"  degraded callers (one level up; they lose this call, they are not down): {len(result.degraded)}"
    )
    if result.degraded:
        lines += [f"    {_relation_text(r)}" for r in result.degraded]
    lines.append(f"  shielded: {len(result.shielded)}")
    if result.shielded:
        lines += _table([(_relation_text(s.relation), _shield_text(s)) for s in result.shielded])
    lines.append("  estimated availability:")
    rows = []
    for flow in result.flows:
        if flow.after in (0.0, flow.before):
            before, after = percent(flow.before), percent(flow.after)
        else:
            before, after = distinct_percents(flow.before, flow.after)
        note = flow.status + (f" (fallback: {', '.join(flow.fallbacks)})" if flow.fallbacks else "")
        rows.append((flow.flow, before, "->", after, note))
    if rows:
        lines += _table(rows)
    else:
        lines.append("    (the model declares no flows)")
    return "\n".join(lines) + "\n"


def run(args) -> int:
    from archdsl.analysis.dependency_model import dependencies_of
    from archdsl.cli.model_input import load_config, open_model, print_diagnostics
    from archdsl.review.impact import impact

    config = load_config(args)
    workspace = open_model(args.file, config)
    if workspace.has_errors:
        print_diagnostics(workspace)
        return 1
    model = workspace.model
    dm = dependencies_of(workspace)
    if dm.resolve_unit(args.element) is None:
        raise _unknown_element(model, args.element)
    sys.stdout.write(format_impact(model, impact(dm, args.element, config)))
    return 0
