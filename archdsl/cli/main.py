"""The `archdsl` command. Each subcommand lives in its own module; this one only dispatches.

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 archdsl could not do
its job (bad option, unreadable path, broken configuration), with one line on stderr saying why.
"""

from __future__ import annotations

import argparse
import os
import sys

from archdsl import __version__
from archdsl.cli.errors import UsageError

# Commands beyond validate, rules and explain: each module has `register(commands)`, which adds
# its subparser and sets `handler` (a function of the parsed arguments returning the exit code).
COMMAND_MODULES = (
    "archdsl.cli.export",
    "archdsl.cli.fmt",
    "archdsl.cli.init",
    "archdsl.cli.render",
    "archdsl.cli.report",
    "archdsl.cli.impact",
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line on stderr, exit 2, no usage dump
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    import importlib

    from archdsl.cli import validate

    parser = _Parser(prog="archdsl", description="Architecture as code: check .arch models.")
    parser.add_argument("--version", action="version", version=f"archdsl {__version__}")
    parser.add_argument(
        "--config", metavar="FILE", help="configuration file (default: found upwards)"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    validate.add_arguments(commands.add_parser("validate", help="check models and report findings"))
    commands.add_parser("rules", help="list the rule catalog")
    explain = commands.add_parser("explain", help="show one rule's documentation")
    explain.add_argument("rule", metavar="CODE|SLUG")
    for module in COMMAND_MODULES:
        importlib.import_module(module).register(commands)
    return parser


def _refuse_empty_paths(args) -> None:
    """`archdsl fmt "$UNSET"` must not mean `fmt .`: an empty path is an error."""
    for name in ("paths", "file"):
        value = getattr(args, name, None)
        if value == "" or (isinstance(value, list) and "" in value):
            raise UsageError("an empty path was given (is a variable unset?)")


def dispatch(args) -> int:
    from archdsl.cli import catalog_commands, validate
    from archdsl.cli.model_input import load_config

    _refuse_empty_paths(args)
    if args.command == "validate":
        return validate.run(args, load_config(args))
    if args.command == "rules":
        return catalog_commands.rules_table(sys.stdout)
    if args.command == "explain":
        return catalog_commands.explain(args.rule, sys.stdout)
    handler = getattr(args, "handler", None)
    if handler is not None:
        return handler(args)
    build_parser().print_help()
    return 2


def _printable(text: str) -> str:
    from archdsl.report.text import printable

    return printable(text)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; never lets a traceback reach the user."""
    from archdsl.gc_pause import collector_off

    try:
        with collector_off():  # the command owns the interpreter (see archdsl/gc_pause.py)
            args = build_parser().parse_args(argv)
            return dispatch(args)
    except UsageError as error:
        print(f"archdsl: error: {_printable(str(error))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("archdsl: interrupted", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 1
    except Exception as error:  # a bug of ours: say so in one line, keep the trace for debugging
        if os.environ.get("ARCHDSL_DEBUG"):
            raise
        print(
            f"archdsl: internal error: {type(error).__name__}: {_printable(str(error))} "
            "(set ARCHDSL_DEBUG=1 for the traceback, and please report it)",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":
    sys.exit(main())
