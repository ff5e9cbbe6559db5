"""Baselines: record today's findings so CI gates only the findings a change adds.

A baseline file is JSON: `{"version": 1, "entries": [{"fingerprint", "code", "element",
"target", "message"}, ...]}`, sorted, so it diffs well in review. Matching uses the fingerprint
only (rule + the ids the finding is about, never positions), so a finding survives edits above it.

Decisions:
- Entries are a multiset: two findings with one fingerprint need two entries; a third one is new.
- Accepted findings are neither written to a baseline nor matched against one: the model already
  records why they are fine, and they stay visible (flagged) in the outputs.
- `code`, `element`, `target` and `message` are for the people reading the file; a reader only
  requires `fingerprint`.
- Problems in the model itself (E-codes: syntax errors, undefined references, ...) are never
  written to a baseline and never hidden by one: a baselined syntax error would keep the gate
  green forever while no rule runs.
- A baseline file is read only when it is a regular file of at most 64 MB.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from archdsl.findings import Finding
from archdsl.report.atomic import write_atomic
from archdsl.safe_read import MB, read_regular_file

BASELINE_VERSION = 1
MAX_BASELINE_BYTES = 64 * MB


def _baselinable(finding: Finding) -> bool:
    """Accepted findings and problems in the model itself are never baselined."""
    return not finding.accepted and not finding.code.startswith("E")


class BaselineError(Exception):
    """A baseline file that cannot be read or is not a baseline; the message says why."""


@dataclass(frozen=True, slots=True)
class BaselineEntry:
    """One recorded finding."""

    fingerprint: str
    code: str = ""
    element: str | None = None
    target: str | None = None
    message: str = ""


@dataclass(frozen=True, slots=True)
class Baseline:
    """The recorded findings of one baseline file."""

    entries: tuple[BaselineEntry, ...] = ()

    @classmethod
    def of(cls, findings: Iterable[Finding]) -> Baseline:
        """The baseline recording every unaccepted finding, sorted for stable files."""
        entries = [
            BaselineEntry(f.fingerprint, f.code, f.element, f.target, f.message)
            for f in findings
            if _baselinable(f)
        ]
        entries.sort(key=lambda e: (e.code, e.fingerprint, e.element or "", e.message))
        return cls(tuple(entries))


def baseline_text(baseline: Baseline) -> str:
    """The baseline as the JSON text a baseline file holds."""
    document = {
        "version": BASELINE_VERSION,
        "entries": [
            {
                "fingerprint": e.fingerprint,
                "code": e.code,
                "element": e.element,
                "target": e.target,
                "message": e.message,
            }
            for e in baseline.entries
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write_baseline(path: str | os.PathLike[str], findings: Iterable[Finding]) -> Baseline:
    """Record `findings` (the unaccepted ones) in the baseline file at `path`, atomically."""
    baseline = Baseline.of(findings)
    write_atomic(path, baseline_text(baseline))
    return baseline


def _entry(raw: object, position: int, where: str) -> BaselineEntry:
    if not isinstance(raw, dict):
        raise BaselineError(f"{where}: entry {position} is not an object")
    fingerprint = raw.get("fingerprint")
    if not isinstance(fingerprint, str) or not fingerprint:
        raise BaselineError(f"{where}: entry {position} has no fingerprint")
    texts = {key: raw.get(key) for key in ("code", "element", "target", "message")}
    for key, value in texts.items():
        if value is not None and not isinstance(value, str):
            raise BaselineError(f"{where}: entry {position} has a non-string {key}")
    return BaselineEntry(
        fingerprint, texts["code"] or "", texts["element"], texts["target"], texts["message"] or ""
    )


def parse_baseline(text: str, where: str = "<baseline>") -> Baseline:
    """Read baseline JSON text; `where` names it in errors. Raises BaselineError."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise BaselineError(
            f"{where}:{error.lineno}:{error.colno}: not valid JSON: {error.msg}"
        ) from error
    except ValueError as error:  # an integer of more than 4,300 digits
        raise BaselineError(f"{where}: not a baseline: {error}") from error
    except RecursionError as error:
        raise BaselineError(f"{where}: not a baseline: nested too deeply") from error
    if not isinstance(document, dict):
        raise BaselineError(f"{where}: not a baseline (expected a JSON object)")
    version = document.get("version")
    if type(version) is not int or version != BASELINE_VERSION:  # `true == 1` in Python
        raise BaselineError(
            f"{where}: unsupported baseline version {json.dumps(version)[:40]} "
            f"(this archdsl reads version {BASELINE_VERSION})"
        )
    entries = document.get("entries")
    if not isinstance(entries, list):
        raise BaselineError(f"{where}: `entries` must be a list")
    return Baseline(tuple(_entry(raw, number, where) for number, raw in enumerate(entries, 1)))


def read_baseline(path: str | os.PathLike[str]) -> Baseline:
    """Read the baseline file at `path`. Raises BaselineError when it is missing or broken."""
    try:
        text = read_regular_file(path, MAX_BASELINE_BYTES).decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise BaselineError(f"{os.fspath(path)}: cannot read baseline: {reason}") from error
    return parse_baseline(text, os.fspath(path))


def apply_baseline(
    findings: Iterable[Finding], baseline: Baseline
) -> tuple[list[Finding], int, int]:
    """Split findings against a baseline: `(new_findings, fixed_count, baselined_count)`.

    `new_findings` keeps the input order: every accepted finding and every finding the baseline
    does not cover. `baselined_count` is how many were hidden; `fixed_count` is how many baseline
    entries matched no finding (the problem they recorded is gone).
    """
    remaining = Counter(entry.fingerprint for entry in baseline.entries)
    kept: list[Finding] = []
    baselined = 0
    for finding in findings:
        if _baselinable(finding) and remaining[finding.fingerprint] > 0:
            remaining[finding.fingerprint] -= 1
            baselined += 1
        else:
            kept.append(finding)
    return kept, sum(remaining.values()), baselined
