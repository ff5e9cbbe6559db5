"""`archdsl report FILE -o report.html`: one self-contained HTML page for a design review.

Exit 0 when the page is written; 1 when the model has errors (the page then shows them); 2 when
archdsl could not do its job.
"""

from __future__ import annotations

import datetime


def register(commands) -> None:
    parser = commands.add_parser("report", help="write a self-contained HTML design-review page")
    parser.add_argument("file", metavar="FILE")
    parser.add_argument(
        "-o", "--output", metavar="OUT", required=True, help="the HTML file to write (-: stdout)"
    )
    parser.set_defaults(handler=run)


def run(args, today: datetime.date | None = None) -> int:
    from archdsl.cli.model_input import load_config, open_model, print_diagnostics
    from archdsl.cli.output import write_output
    from archdsl.diagram import call_trees
    from archdsl.review.content import build_review
    from archdsl.review.diagram import flow_diagrams, overview
    from archdsl.review.html import render_html
    from archdsl.rules.engine import run_rules

    today = today or datetime.date.today()
    config = load_config(args)
    workspace = open_model(args.file, config)
    findings = run_rules(workspace, config=config, today=today)
    if workspace.has_errors:
        review = build_review(workspace, findings, config, today)
    else:
        trees = call_trees(workspace)  # the shared dependency model's
        review = build_review(
            workspace,
            findings,
            config,
            today,
            overview(workspace.model, findings),
            flow_diagrams(workspace.model, findings, trees),
            trees,
        )
    write_output(args.output, render_html(review))
    if workspace.has_errors:
        print_diagnostics(workspace)
        return 1
    return 0
