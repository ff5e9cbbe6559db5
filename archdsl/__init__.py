"""archdsl: architecture as code. Parse `.arch` models, resolve them, and check them for the
failure modes that kill systems in production.

    ws = archdsl.load("models/shop.arch")     # raises archdsl.ModelError with diagnostics
    findings = archdsl.check(ws)
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from archdsl.diagnostics import ModelError
from archdsl.findings import Finding, Severity

if TYPE_CHECKING:
    from archdsl.rules.config import Config
    from archdsl.workspace import Workspace

# Written out rather than read with importlib.metadata, which costs every start-up; a test
# (tests/cli/test_startup.py) keeps it equal to pyproject.toml's.
__version__ = "0.1.0"
__all__ = ["Finding", "ModelError", "Severity", "check", "load", "loads", "render", "__version__"]


def _raise_on_errors(workspace: Workspace) -> Workspace:
    if workspace.has_errors:
        raise ModelError([d for d in workspace.diagnostics if d.severity is Severity.ERROR])
    return workspace


def load(path: str | Path, root: str | Path | None = None) -> Workspace:
    """Parse and resolve the workspace rooted at `path`; raise ModelError if the model is broken."""
    from archdsl.workspace import open_workspace

    return _raise_on_errors(open_workspace(path, root))


def loads(text: str, path: str = "<text>") -> Workspace:
    """Parse and resolve model text; raise ModelError if it is broken."""
    from archdsl.workspace import open_text

    return _raise_on_errors(open_text(text, path))


def check(
    workspace: Workspace,
    select: str | Iterable[str] | None = None,
    ignore: str | Iterable[str] | None = None,
    config: Config | None = None,
) -> list[Finding]:
    """Run the rules on a loaded workspace; findings sorted, acceptances applied. `select` and
    `ignore` take codes, code prefixes (`"R"`, `"U00"`) or slugs, as a list or comma-separated."""
    from archdsl.rules.engine import run_rules

    return run_rules(workspace, select=select, ignore=ignore, config=config)


def render(
    workspace: Workspace,
    format: str = "svg",
    findings: Iterable[Finding] | None = None,
    flow: str | None = None,
    boundary: str | None = None,
) -> bytes:
    """The workspace's diagram as bytes (svg, png, dot, mermaid or json), marked with `findings`
    (by default those of `check(workspace)`; pass `()` for none)."""
    from archdsl.diagram import render as draw_workspace

    if findings is None:
        findings = check(workspace)
    return draw_workspace(workspace, format=format, findings=findings, flow=flow, boundary=boundary)
