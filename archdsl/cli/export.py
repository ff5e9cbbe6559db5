"""`archdsl export FILE --format json` (the resolved model) and `archdsl export --schema`."""

from __future__ import annotations

import json
import sys

from archdsl.cli.errors import UsageError


def register(commands) -> None:
    parser = commands.add_parser("export", help="print the resolved model as JSON")
    parser.add_argument("file", nargs="?", metavar="FILE")
    parser.add_argument("--format", choices=["json"], default="json")
    parser.add_argument(
        "--schema", action="store_true", help="print the JSON Schema of the export instead"
    )
    parser.set_defaults(handler=run)


def run(args) -> int:
    from archdsl.cli.model_input import load_config, open_model, print_diagnostics
    from archdsl.model.export import model_json_schema, model_to_data

    if args.schema:
        sys.stdout.write(json.dumps(model_json_schema(), indent=2) + "\n")
        return 0
    if not args.file:
        raise UsageError("export needs a FILE (or --schema)")
    workspace = open_model(args.file, load_config(args))
    if workspace.has_errors:
        print_diagnostics(workspace)
        return 1
    sys.stdout.write(
        json.dumps(model_to_data(workspace.model), indent=2, ensure_ascii=False) + "\n"
    )
    return 0
