"""What the model commands (render, report, impact) share: open one workspace, read the
configuration, say why a broken model stops them."""

from __future__ import annotations

import sys
from pathlib import Path

from archdsl.cli.errors import UsageError
from archdsl.rules.config import Config
from archdsl.workspace import Workspace


def load_config(args) -> Config:
    """The configuration named by the global `--config`, or found upwards; broken: exit 2."""
    from archdsl.cli.validate import is_rule_selector
    from archdsl.rules.config import ConfigError
    from archdsl.rules.config import load_config as read_config

    try:
        return read_config(
            Path(args.config) if getattr(args, "config", None) else None,
            known_rules=is_rule_selector,
        )
    except ConfigError as error:
        raise UsageError(str(error)) from error


def open_model(path: str) -> Workspace:
    """The workspace rooted at `path`; an unreadable path is a usage error (exit 2)."""
    from archdsl.model.loader import UnreadableInput
    from archdsl.workspace import open_workspace

    try:
        return open_workspace(path)
    except UnreadableInput as error:
        raise UsageError(str(error)) from error


def print_diagnostics(workspace: Workspace, stream=None) -> None:
    """Every diagnostic of a broken model, with its hint, on stderr."""
    from archdsl.cli.output import say

    for diagnostic in workspace.diagnostics:
        say(str(diagnostic), diagnostic.hint, stream or sys.stderr)
