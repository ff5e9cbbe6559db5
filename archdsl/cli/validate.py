"""`archdsl validate PATH...`: check workspaces and report findings; the exit code gates CI."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from archdsl import __version__
from archdsl.cli.errors import UsageError
from archdsl.cli.output import write_output
from archdsl.findings import Finding, Severity, sorted_findings
from archdsl.report import REPORTERS, format_run
from archdsl.report.baseline import (
    Baseline,
    BaselineError,
    apply_baseline,
    baseline_text,
    read_baseline,
)
from archdsl.report.run import RunResult, Subject, Summary

# The model, the rules and what they import (pydantic, lark, networkx) load when a check runs,
# not when the command line is built: `archdsl --version` and usage errors stay instant.
if TYPE_CHECKING:
    from archdsl.model.loader import ParseCache
    from archdsl.rules.config import Config
    from archdsl.workspace import Workspace

FAIL_ON = ("error", "warning", "info", "never")


def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help=".arch files or folders")
    parser.add_argument("--format", choices=sorted(REPORTERS), default="text")
    parser.add_argument(
        "--output", metavar="FILE", help="write the report to FILE instead of stdout (-: stdout)"
    )
    parser.add_argument(
        "--fail-on",
        choices=FAIL_ON,
        default=None,
        help="lowest severity that fails the run (default: error)",
    )
    parser.add_argument(
        "--select", metavar="RULES", help="only these rules: codes, prefixes or slugs"
    )
    parser.add_argument("--ignore", metavar="RULES", help="skip these rules")
    parser.add_argument(
        "--baseline", metavar="FILE", help="report only findings not in this baseline"
    )
    parser.add_argument(
        "--write-baseline", metavar="FILE", help="record the current findings as the baseline"
    )
    parser.add_argument("--no-color", action="store_true", help="never colour the text output")
    parser.add_argument(
        "--show-source", action="store_true", help="show the source line under each finding"
    )
    parser.add_argument(
        "--show-info", action="store_true", help="list infos in the text output too"
    )
    parser.add_argument(
        "--quiet", "-q", action="store_true", help="print nothing; only the exit code speaks"
    )


def _selectors(value: str | None, known) -> tuple[str, ...] | None:
    if value is None:
        return None
    names = tuple(part.strip() for part in value.split(",") if part.strip())
    for name in names:
        if not known(name):
            raise UsageError(
                f"unknown rule `{name}` (use a code like R001, a prefix like S, or a slug)"
            )
    return names


def is_rule_selector(name: str) -> bool:
    """Whether a --select/--ignore name matches at least one rule."""
    from archdsl.rules.catalog import all_rules
    from archdsl.rules.registry import matches

    return any(matches(name, rule.code, rule.slug) for rule in all_rules())


def subjects_of(workspace: Workspace) -> list[Subject]:
    """Elements, data and flows of the workspace with the file they are declared in (JUnit cases)."""
    model = workspace.model
    subjects = [Subject(e.id, e.kind, e.span.file, e.span.line) for e in model.elements.values()]
    subjects += [Subject(d.name, "data", d.span.file, d.span.line) for d in model.data.values()]
    subjects += [Subject(f.id, "flow", f.span.file, f.span.line) for f in model.flows.values()]
    return subjects


def check_paths(
    paths: list[str], config: Config, select, ignore
) -> tuple[list[Finding], list[Workspace]]:
    """Findings of every workspace under `paths` (each root file checked once, duplicates merged)."""
    from archdsl.cli.model_input import open_model
    from archdsl.workspace_roots import find_roots

    cache: ParseCache = {}  # each file is read and parsed once, however many roots import it
    roots = find_roots([Path(p) for p in paths], cache)
    findings: dict[tuple, Finding] = {}
    workspaces = [open_model(root, config, cache) for root in roots]
    cache.clear()  # every parsed file is resolved into the workspaces: free the ASTs before the rules
    for workspace in workspaces:
        for finding in run_rules(workspace, select=select, ignore=ignore, config=config):
            findings.setdefault((finding.fingerprint, finding.span, finding.message), finding)
    return sorted_findings(findings.values()), workspaces


def run_rules(workspace: Workspace, **options) -> list[Finding]:
    """`archdsl.rules.engine.run_rules`, imported when a check runs. A name of this module, so
    that the golden-output tests can run the rules on a fixed day."""
    from archdsl.rules.engine import run_rules as run_engine

    return run_engine(workspace, **options)


def fails(findings: list[Finding], fail_on: str) -> bool:
    """Whether a finding that is not accepted reaches the `fail_on` severity."""
    if fail_on == "never":
        return False
    threshold = Severity(fail_on).rank
    return any(not f.accepted and f.severity.rank >= threshold for f in findings)


def run(args, config: Config) -> int:
    """The validate command; returns the exit code."""
    from archdsl.model.loader import UnreadableInput
    from archdsl.report.catalog import rule_infos

    select = _selectors(args.select, is_rule_selector)
    ignore = _selectors(args.ignore, is_rule_selector)
    fail_on = args.fail_on or config.fail_on
    try:
        findings, workspaces = check_paths(args.paths, config, select, ignore)
    except UnreadableInput as error:
        raise UsageError(str(error)) from error
    if args.write_baseline:
        baseline = Baseline.of(f for f in findings if not f.accepted)
        write_output(args.write_baseline, baseline_text(baseline), "--write-baseline")
    fixed = baselined = 0
    if args.baseline:
        try:
            findings, fixed, baselined = apply_baseline(findings, read_baseline(args.baseline))
        except BaselineError as error:
            raise UsageError(str(error)) from error
    files = sorted({file for ws in workspaces for file in ws.files})
    result = RunResult(
        findings=tuple(findings),
        files=tuple(files),
        summary=Summary.of(
            findings,
            len(files),
            fixed=fixed,
            baselined=baselined,
            left_out=_left_out(workspaces),
        ),
        rules=tuple(rule_infos()),
        subjects=tuple(s for ws in workspaces for s in subjects_of(ws)),
        sources={path: text for ws in workspaces for path, text in ws.sources.items()},
        tool_version=__version__,
    )
    _emit(args, result)
    return 1 if fails(findings, fail_on) else 0


def _left_out(workspaces: list[Workspace]) -> tuple[str, ...]:
    """What model errors kept from the rules, over every workspace (one per root file)."""
    phrases: dict[str, None] = {}
    for workspace in workspaces:
        phrases.update(dict.fromkeys(workspace.left_out))
    return tuple(phrases)


def _emit(args, result: RunResult) -> None:
    to_stdout = args.output in (None, "-")
    if args.quiet and to_stdout:
        return
    interactive = sys.stdout.isatty() and to_stdout
    color = interactive and not args.no_color and "NO_COLOR" not in os.environ
    show_source = args.show_source or interactive
    text = format_run(
        result, args.format, color=color, show_source=show_source, show_info=args.show_info
    )
    if to_stdout:
        sys.stdout.write(text)
    else:
        write_output(args.output, text, "--output")
