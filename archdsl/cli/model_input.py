"""How every command reads its inputs: one function loads the configuration, one opens a
workspace as the configuration says (its `root`), one prints why a broken model stops a command.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from archdsl.cli.errors import UsageError

if TYPE_CHECKING:  # imported where a model is opened (see archdsl.cli.validate)
    from archdsl.model.loader import ParseCache
    from archdsl.rules.config import Config
    from archdsl.workspace import Workspace


def load_config(args: argparse.Namespace) -> Config:
    """The configuration named by the global `--config`, or found upwards from the working
    directory, or the defaults; a broken one is a usage error (exit 2)."""
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


def open_model(path: str | Path, config: Config, cache: ParseCache | None = None) -> Workspace:
    """The workspace whose root file is `path`, with imports resolved inside the configured
    `root` (by default the root file's folder); an unreadable `path` is a usage error (exit 2).
    Workspaces of one run may share a parse `cache`."""
    from archdsl.model.loader import UnreadableInput
    from archdsl.workspace import open_workspace

    try:
        return open_workspace(path, config.root, cache)
    except UnreadableInput as error:
        raise UsageError(str(error)) from error


def print_diagnostics(workspace: Workspace, stream: TextIO | None = None) -> None:
    """Every diagnostic of a broken model, with its hint, on stderr."""
    from archdsl.cli.output import say

    for diagnostic in workspace.diagnostics:
        say(str(diagnostic), diagnostic.hint, stream or sys.stderr)
