"""GitHub Actions workflow commands, which become annotations on the pull request.

`::error file=F,line=L,col=C,endLine=..,endColumn=..,title=CODE slug::message`; warnings use
`::warning` and info `::notice`. Escaping follows the Actions runner: in the message `%`, `\\r`
and `\\n` become `%25`, `%0D`, `%0A`; property values additionally escape `:` and `,`. The hint
becomes a second line of the annotation. Accepted findings are not annotated (nothing to act on).
The summary line closes the output as plain log text. `endColumn` is copied from the span
(exclusive, like SARIF); GitHub only uses columns when the annotation starts and ends on one line.
"""

from __future__ import annotations

from archdsl.findings import Finding, Severity
from archdsl.report.base import Reporter, has_end, is_real_location, summary_line
from archdsl.report.run import RunResult

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape a workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    """The workflow command for one finding."""
    span = finding.span
    properties: list[tuple[str, str]] = []
    if is_real_location(finding):
        properties.append(("file", span.file))
        properties.append(("line", str(span.line)))
        if span.column >= 1:
            properties.append(("col", str(span.column)))
        if has_end(finding):
            properties.append(("endLine", str(span.end_line)))
            if span.column >= 1 and span.end_column >= 1:
                properties.append(("endColumn", str(span.end_column)))
    properties.append(("title", f"{finding.code} {finding.slug}"))
    message = finding.message
    if finding.hint:
        message += f"\nhint: {finding.hint}"
    for member in finding.members:  # a grouped finding lists its members under the message
        message += f"\n- {member}"
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{COMMANDS[finding.severity]} {rendered}::{escape_data(message)}"


class GithubReporter(Reporter):
    """One workflow command per unaccepted finding, then the summary line."""

    name = "github"

    def report(self, run: RunResult) -> None:
        """Write the annotations and the summary line."""
        for finding in run.findings:
            if not finding.accepted:
                self.write(annotation(finding) + "\n")
        self.write(summary_line(run.summary) + "\n")
