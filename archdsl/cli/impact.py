"""`archdsl impact FILE ELEMENT`: what fails when ELEMENT fails, as text.

If orders_db fails (database "Orders DB"):
  components that fail with it: 3 of 23 (api, fulfilment, backoffice)
  relations into failed components: 5
    web -> api "places orders"        fails
    ...
  flows: 2 of 3 break
    checkout   99.71% -> 0%   breaks
"""

from __future__ import annotations

import sys

from archdsl.cli.errors import UsageError
from archdsl.report.text import printable


def register(commands) -> None:
    parser = commands.add_parser("impact", help="what fails when one component fails")
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("element", metavar="ELEMENT", help="the id of the component that fails")
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
    hint = did_you_mean(name, model.elements)
    return UsageError(f"no component named `{name}`" + (f"; {hint}" if hint else ""))


def _relation_text(relation) -> str:
    text = f"{relation.source} {relation.arrow} {relation.target}"
    return text + (f' "{printable(relation.label)}"' if relation.label else "")


OUTCOME_WORDS = {
    "fails": "fails",
    "absorbed": "absorbed by its fallback",
    "queued": "waits in the queue",
}


def format_impact(model, result) -> str:
    """The impact report as text (see the module docstring)."""
    from archdsl.analysis.availability import distinct_percents, percent

    element = model.elements[result.component]
    radius = result.radius
    title = f' "{printable(element.label)}"' if element.label else ""
    lines = [f"If {result.component} fails ({element.kind}{title}):"]
    names = f" ({', '.join(radius.components)})" if radius.components else ""
    lines.append(
        f"  components that fail with it: {radius.component_count} of {radius.component_total}{names}"
    )
    lines.append(f"  relations into failed components: {len(result.relations)}")
    width = max((len(_relation_text(r.relation)) for r in result.relations), default=0)
    for item in result.relations:
        extra = f" ({item.relation.fallback})" if item.outcome == "absorbed" else ""
        lines.append(
            f"    {_relation_text(item.relation):<{width}}  {OUTCOME_WORDS[item.outcome]}{extra}"
        )
    lines.append(f"  flows: {len(result.broken_flows)} of {len(result.flows)} break")
    rows = []
    for flow in result.flows:
        if flow.after in (0.0, flow.before):
            before, after = percent(flow.before), percent(flow.after)
        else:
            before, after = distinct_percents(flow.before, flow.after)
        note = flow.status + (f" (fallback: {', '.join(flow.fallbacks)})" if flow.fallbacks else "")
        rows.append((flow.flow, before, after, note))
    widths = [max((len(row[i]) for row in rows), default=0) for i in range(3)]
    for name, before, after, note in rows:
        lines.append(
            f"    {name:<{widths[0]}}  {before:>{widths[1]}} -> {after:<{widths[2]}}  {note}"
        )
    if not result.flows:
        lines.append("    (the model declares no flows)")
    return "\n".join(lines) + "\n"


def run(args) -> int:
    from archdsl.cli.model_input import load_config, open_model, print_diagnostics
    from archdsl.review.impact import impact

    config = load_config(args)
    workspace = open_model(args.file, config)
    if workspace.has_errors:
        print_diagnostics(workspace)
        return 1
    model = workspace.model
    if args.element not in model.elements:
        raise _unknown_element(model, args.element)
    sys.stdout.write(format_impact(model, impact(model, args.element, config)))
    return 0
