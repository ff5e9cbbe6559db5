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
- A grouped finding's entry also records `members`: the fingerprints of its members. A group in
  the baseline is reported again when it has a member the entry does not record (a new caller
  without auth, one more relation in clear), with a note naming the new members; an entry
  without `members` (written before groups existed) covers the group whole.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

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
    members: tuple[str, ...] | None = None  # member fingerprints of a grouped finding


@dataclass(frozen=True, slots=True)
class Baseline:
    """The recorded findings of one baseline file."""

    entries: tuple[BaselineEntry, ...] = ()

    @classmethod
    def of(cls, findings: Iterable[Finding]) -> Baseline:
        """The baseline recording every unaccepted finding, sorted for stable files."""
        entries = [
            BaselineEntry(
                f.fingerprint,
                f.code,
                f.element,
                f.target,
                f.message,
                tuple(sorted(f.member_fingerprints())) if f.members else None,
            )
            for f in findings
            if _baselinable(f)
        ]
        entries.sort(key=lambda e: (e.code, e.fingerprint, e.element or "", e.message))
        return cls(tuple(entries))


def baseline_text(baseline: Baseline) -> str:
    """The baseline as the JSON text a baseline file holds."""
    document = {
        "version": BASELINE_VERSION,
        "entries": [_entry_dict(e) for e in baseline.entries],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _entry_dict(entry: BaselineEntry) -> dict[str, Any]:
    document: dict[str, Any] = {
        "fingerprint": entry.fingerprint,
        "code": entry.code,
        "element": entry.element,
        "target": entry.target,
        "message": entry.message,
    }
    if entry.members is not None:
        document["members"] = list(entry.members)
    return document


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
    members = raw.get("members")
    if members is not None and (
        not isinstance(members, list) or not all(isinstance(m, str) for m in members)
    ):
        raise BaselineError(
            f"{where}: entry {position} has `members` that are not a list of strings"
        )
    return BaselineEntry(
        fingerprint,
        texts["code"] or "",
        texts["element"],
        texts["target"],
        texts["message"] or "",
        tuple(members) if members is not None else None,
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
            f"{where}: unsupported baseline version {version!r:.40} "
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

    `new_findings` keeps the input order: every accepted finding, every finding the baseline
    does not cover, and every group with a member that is new since the baseline (noted).
    `baselined_count` is how many were hidden; `fixed_count` is how many baseline entries matched
    no finding (the problem they recorded is gone).
    """
    remaining = Counter(entry.fingerprint for entry in baseline.entries)
    recorded: dict[str, set[str] | None] = {}
    for entry in baseline.entries:
        known = recorded.get(entry.fingerprint, set())
        if entry.members is None or known is None:
            recorded[entry.fingerprint] = None  # an entry without members covers the group whole
        else:
            recorded[entry.fingerprint] = known | set(entry.members)
    kept: list[Finding] = []
    baselined = 0
    for finding in findings:
        if not _baselinable(finding) or remaining[finding.fingerprint] <= 0:
            kept.append(finding)
            continue
        remaining[finding.fingerprint] -= 1
        new = _new_members(finding, recorded.get(finding.fingerprint))
        if new:
            kept.append(_noted(finding, new))
        else:
            baselined += 1
    return kept, sum(remaining.values()), baselined


def _new_members(finding: Finding, recorded: set[str] | None) -> list[str]:
    """Labels of the unaccepted members of `finding` that the baseline entry does not record."""
    if recorded is None or not finding.members:
        return []
    return [
        member.label
        for member in finding.members
        if not member.accepted and member.fingerprint(finding.code) not in recorded
    ]


def _noted(finding: Finding, new: list[str]) -> Finding:
    note = f"new since the baseline: {', '.join(new)}"
    return replace(finding, note=f"{finding.note}; {note}" if finding.note else note)
