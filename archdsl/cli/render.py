"""`archdsl render FILE [-o OUT] [--format svg|png|dot|mermaid|json] [--flow ID] [--boundary ID]
[--no-findings]`: draw the architecture.

The format defaults to the one `-o`'s suffix names (`.svg`, `.png`, `.dot`/`.gv`, `.mmd`,
`.json`), else SVG. Text formats go to stdout without `-o`; PNG needs `-o`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from archdsl.cli.errors import UsageError

SUFFIX_FORMATS = {
    ".svg": "svg",
    ".png": "png",
    ".dot": "dot",
    ".gv": "dot",
    ".mmd": "mermaid",
    ".mermaid": "mermaid",
    ".json": "json",
}


def register(commands) -> None:
    from archdsl.diagram import FORMATS

    parser = commands.add_parser(
        "render", help="draw the architecture (SVG, PNG, DOT, Mermaid, JSON)"
    )
    parser.add_argument("file", metavar="FILE")
    parser.add_argument(
        "-o", "--output", metavar="OUT", help="write the drawing to OUT (atomically; -: stdout)"
    )
    parser.add_argument(
        "--format", choices=FORMATS, default=None, help="default: from the suffix of OUT, else svg"
    )
    parser.add_argument(
        "--flow", metavar="ID", help="draw this flow's call tree (mermaid: a sequence diagram)"
    )
    parser.add_argument("--boundary", metavar="ID", help="draw only this boundary's contents")
    parser.add_argument(
        "--no-findings", action="store_true", help="do not mark components with findings"
    )
    parser.set_defaults(handler=run)


def chosen_format(args) -> str:
    """--format, else the format OUT's suffix names, else svg."""
    if args.format:
        return args.format
    if args.output and args.output != "-":
        return SUFFIX_FORMATS.get(Path(args.output).suffix.lower(), "svg")
    return "svg"


def run(args) -> int:
    from archdsl.cli.model_input import load_config, open_model, print_diagnostics
    from archdsl.cli.output import write_output
    from archdsl.diagram import (
        BINARY_FORMATS,
        RenderFailed,
        RenderUnavailable,
        SceneError,
        build_scene,
        call_trees,
        draw,
    )
    from archdsl.rules.engine import run_rules

    fmt = chosen_format(args)
    if fmt in BINARY_FORMATS and args.output in (None, "-") and sys.stdout.isatty():
        raise UsageError(f"{fmt} is binary: name a file with -o OUT (or pipe -o -)")
    if fmt in BINARY_FORMATS and not args.output:
        raise UsageError(f"{fmt} is binary: name a file with -o OUT")
    config = load_config(args)
    workspace = open_model(args.file, config)
    if workspace.has_errors:
        print_diagnostics(workspace)
        return 1
    findings = () if args.no_findings else run_rules(workspace, config=config)
    try:
        tree = call_trees(workspace).get(args.flow) if args.flow else None
        scene = build_scene(
            workspace.model, findings, flow=args.flow, boundary=args.boundary, tree=tree
        )
        drawing = draw(scene, fmt)
    except (SceneError, RenderUnavailable, RenderFailed) as error:
        raise UsageError(str(error)) from error
    if args.output:
        write_output(args.output, drawing)
    else:
        sys.stdout.write(drawing.decode("utf-8"))
    return 0
