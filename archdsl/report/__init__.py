"""Outputs of `archdsl validate`: one small reporter class per `--format`.

Every reporter takes `(stream, *, color=False, show_source=False)` and has
`report(run: RunResult) -> None`; it formats the run and computes nothing. The CLI picks one from
`REPORTERS` by name. `format_run` renders to a string, e.g. for `write_atomic` with `--output`.
"""

from __future__ import annotations

import io

from archdsl.report.base import Reporter, summary_line
from archdsl.report.github import GithubReporter
from archdsl.report.jsonout import JsonReporter
from archdsl.report.junit import JunitReporter
from archdsl.report.run import RuleInfo, RunResult, Subject, Summary
from archdsl.report.sarif import SarifReporter
from archdsl.report.text import TextReporter

REPORTERS: dict[str, type[Reporter]] = {
    "text": TextReporter,
    "json": JsonReporter,
    "sarif": SarifReporter,
    "junit": JunitReporter,
    "github": GithubReporter,
}


def format_run(
    run: RunResult,
    format: str,
    *,
    color: bool = False,
    show_source: bool = False,
    show_info: bool = True,
) -> str:
    """The output of reporter `format` for `run`, as a string. Raises KeyError on an unknown name.
    `show_info = False` hides infos where the format allows it (text)."""
    buffer = io.StringIO()
    reporter = REPORTERS[format](buffer, color=color, show_source=show_source, show_info=show_info)
    reporter.report(run)
    return buffer.getvalue()


__all__ = [
    "REPORTERS",
    "Reporter",
    "RuleInfo",
    "RunResult",
    "Subject",
    "Summary",
    "format_run",
    "summary_line",
    "GithubReporter",
    "JsonReporter",
    "JunitReporter",
    "SarifReporter",
    "TextReporter",
]
