"""JUnit XML for CI test-report views (GitLab, Jenkins, Azure, ...).

One `<testsuite>` per file, one `<testcase>` per subject the file declares (classname = file,
name = subject id). Decisions the spec leaves open:
- A test case fails when it has unaccepted error or warning findings; it gets exactly one
  `<failure>` (several per case trip up some consumers): its `message` is the first finding, its
  body lists them all, its `type` is the worst severity.
- Info findings and accepted findings do not fail a case; they are listed in `<system-out>`.
- Findings about no subject of their file (syntax errors, dangling references) go to a case
  named after the file, which also exists when a file declares no subject, so every checked file
  shows up as at least one test.
- Characters XML 1.0 cannot carry (most control characters) are written as visible escapes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from archdsl.findings import Finding, Severity
from archdsl.report.base import Reporter
from archdsl.report.run import RunResult

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """`text` with characters XML 1.0 forbids replaced by `\\xNN` / `\\uNNNN` escapes."""

    def escape(match: re.Match[str]) -> str:
        code = ord(match.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _XML_ILLEGAL.sub(escape, text)


def finding_line(finding: Finding) -> str:
    """A finding as one block of text: the text-format line, then hint, note and acceptance."""
    span = finding.span
    lines = [
        f"{span.file}:{span.line}:{span.column}: {finding.code} {finding.severity.value} "
        f"{finding.slug}: {finding.message}"
    ]
    if finding.hint:
        lines.append(f"  hint: {finding.hint}")
    if finding.note:
        lines.append(f"  note: {finding.note}")
    if finding.accepted:
        lines.append(f"  accepted: {finding.acceptance_reason or '(no reason given)'}")
    lines.extend(f"  - {member}" for member in finding.members)  # a grouped finding's members
    return "\n".join(lines)


def _is_failure(finding: Finding) -> bool:
    return not finding.accepted and finding.severity in (Severity.ERROR, Severity.WARNING)


def _suite_files(run: RunResult) -> list[str]:
    """The checked files in run order, then any other file a subject or finding names."""
    files = list(dict.fromkeys(run.files))
    others = {s.file for s in run.subjects} | {f.span.file for f in run.findings}
    return files + sorted(others - set(files))


def group_cases(run: RunResult, file: str) -> list[tuple[str, list[Finding]]]:
    """The test cases of one file: (case name, its findings), subjects first, in line order."""
    subjects = sorted((s for s in run.subjects if s.file == file), key=lambda s: (s.line, s.id))
    cases: dict[str, list[Finding]] = {subject.id: [] for subject in subjects}
    leftovers: list[Finding] = []
    for finding in run.findings:
        if finding.span.file != file:
            continue
        if finding.element is not None and finding.element in cases:
            cases[finding.element].append(finding)
        else:
            leftovers.append(finding)
    ordered = list(cases.items())
    if leftovers or not subjects:
        ordered.append((file, leftovers))
    return ordered


def _testcase(file: str, name: str, findings: list[Finding]) -> tuple[ET.Element, bool]:
    case = ET.Element("testcase", classname=xml_safe(file), name=xml_safe(name))
    failing = [f for f in findings if _is_failure(f)]
    quiet = [f for f in findings if not _is_failure(f)]
    if failing:
        first = failing[0]
        message = f"{first.code} {first.slug}: {first.message}"
        if len(failing) > 1:
            message += f" (and {len(failing) - 1} more)"
        worst = max(failing, key=lambda f: f.severity.rank).severity.value
        failure = ET.SubElement(case, "failure", message=xml_safe(message), type=worst)
        failure.text = xml_safe("\n".join(finding_line(f) for f in failing))
    if quiet:
        out = ET.SubElement(case, "system-out")
        out.text = xml_safe("\n".join(finding_line(f) for f in quiet))
    return case, bool(failing)


class JunitReporter(Reporter):
    """The run as a JUnit `<testsuites>` document."""

    name = "junit"

    def report(self, run: RunResult) -> None:
        """Write the XML document, UTF-8 declared, followed by a newline."""
        root = self.build(run)
        ET.indent(root)
        self.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.write(ET.tostring(root, encoding="unicode") + "\n")

    def build(self, run: RunResult) -> ET.Element:
        """The `<testsuites>` element for `run`."""
        root = ET.Element("testsuites", name="archdsl")
        total_tests = total_failures = 0
        for file in _suite_files(run):
            suite = ET.SubElement(root, "testsuite", name=xml_safe(file))
            tests = failures = 0
            for name, findings in group_cases(run, file):
                case, failed = _testcase(file, name, findings)
                suite.append(case)
                tests += 1
                failures += failed
            suite.set("tests", str(tests))
            suite.set("failures", str(failures))
            suite.set("errors", "0")
            suite.set("skipped", "0")
            total_tests += tests
            total_failures += failures
        root.set("tests", str(total_tests))
        root.set("failures", str(total_failures))
        root.set("errors", "0")
        return root
