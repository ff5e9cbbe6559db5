"""The E-family: problems in the model itself, reported by the parser and the resolver."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from archdsl.findings import Finding, Severity
from archdsl.spans import Span

MODEL_CODES: dict[str, str] = {
    "E001": "syntax-error",
    "E002": "undefined-reference",
    "E003": "duplicate-definition",
    "E004": "invalid-value",
    "E005": "unknown-property",
    "E006": "import-error",
    "E007": "invalid-flow-step",
    "E008": "invalid-acceptance",
    "E009": "unused-acceptance",
    "E010": "unknown-kind",
}
MODEL_SLUGS = {slug: code for code, slug in MODEL_CODES.items()}

SYNTAX_ERROR = "E001"
UNDEFINED_REFERENCE = "E002"
DUPLICATE_DEFINITION = "E003"
INVALID_VALUE = "E004"
UNKNOWN_PROPERTY = "E005"
IMPORT_ERROR = "E006"
INVALID_FLOW_STEP = "E007"
INVALID_ACCEPTANCE = "E008"
UNUSED_ACCEPTANCE = "E009"
UNKNOWN_KIND = "E010"


def model_error(
    code: str,
    message: str,
    span: Span,
    hint: str | None = None,
    *,
    element: str | None = None,
    related: tuple[str, ...] = (),
) -> Finding:
    """An error about the model text (every E-code but E009 is always an error)."""
    severity = Severity.WARNING if code == UNUSED_ACCEPTANCE else Severity.ERROR
    return Finding(
        code=code,
        slug=MODEL_CODES[code],
        severity=severity,
        message=message,
        span=span,
        hint=hint,
        element=element,
        related=related,
        subject=f"{span.file}|{element or ''}|{message}",
    )


def nearest(word: str, candidates: Iterable[str], limit: int = 3) -> list[str]:
    """The candidates closest to `word`, best first (for did-you-mean hints)."""
    pool = list(candidates)
    close = difflib.get_close_matches(word, pool, n=limit, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in pool}
        close = [
            lowered[w]
            for w in difflib.get_close_matches(word.lower(), lowered, n=limit, cutoff=0.5)
        ]
    return close


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """A hint naming the nearest valid names, or None when nothing is close."""
    close = nearest(word, candidates)
    if not close:
        return None
    return "did you mean " + " or ".join(f"`{c}`" for c in close) + "?"


class ModelError(Exception):
    """Raised by `archdsl.load` when the model has errors; carries every diagnostic."""

    def __init__(self, diagnostics: list[Finding]):
        self.diagnostics = diagnostics
        first = diagnostics[0] if diagnostics else None
        summary = f"{len(diagnostics)} problem(s) in the model"
        if first is not None:
            summary += f"; first: {first}"
        super().__init__(summary)
