"""The E-family: problems in the model itself, reported by the parser and the resolver."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable
from itertools import chain

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


def nearest(word: str, candidates: Iterable[str] | NameIndex, limit: int = 3) -> list[str]:
    """The candidates closest to `word`, best first (for did-you-mean hints)."""
    index = candidates if isinstance(candidates, NameIndex) else NameIndex(candidates)
    return index.nearest(word, limit)


def did_you_mean(word: str, candidates: Iterable[str] | NameIndex) -> str | None:
    """A hint naming the nearest valid names, or None when nothing is close."""
    close = nearest(word, candidates)
    if not close:
        return None
    return "did you mean " + " or ".join(f"`{c}`" for c in close) + "?"


class NameIndex:
    """Candidate names for did-you-mean hints, indexed so that each question costs little.

    Comparing a word with every candidate (difflib) made 10,000 undefined references against
    10,000 names take minutes. Here the candidates are indexed by trigram; a question looks at
    the word's rarest trigrams first, reading at most `BUDGET` index entries, and compares with
    difflib only the `SHORTLIST` candidates that share the most of them. Each question therefore
    costs a bounded amount of work whatever the pool; answers are memoised per word.
    """

    SHORTLIST = 5
    BUDGET = 256

    def __init__(self, candidates: Iterable[str]):
        self.pool = list(dict.fromkeys(candidates))
        self._answers: dict[tuple[str, int], list[str]] = {}
        self._postings: dict[str, list[int]] = {}
        for number, name in enumerate(self.pool):
            for gram in dict.fromkeys(_trigrams(name)):
                self._postings.setdefault(gram, []).append(number)

    def nearest(self, word: str, limit: int = 3) -> list[str]:
        """The names closest to `word`, best first."""
        key = (word, limit)
        if key not in self._answers:
            self._answers[key] = _closest(word, self._shortlist(word), limit)
        return self._answers[key]

    def _shortlist(self, word: str) -> list[str]:
        if len(self.pool) <= self.SHORTLIST:
            return self.pool
        postings = sorted(
            (self._postings[g] for g in set(_trigrams(word)) if g in self._postings), key=len
        )
        chosen: list[list[int]] = []
        budget = self.BUDGET
        for posting in postings:
            if len(posting) > budget:
                if not chosen:
                    chosen.append(posting[:budget])
                break
            chosen.append(posting)
            budget -= len(posting)
        hits = Counter(chain.from_iterable(chosen))
        return [self.pool[number] for number, _ in hits.most_common(self.SHORTLIST)]


def _trigrams(name: str) -> list[str]:
    padded = f"^{name.lower()}$"
    return [padded[i : i + 3] for i in range(len(padded) - 2)] or [padded]


def _closest(word: str, pool: list[str], limit: int) -> list[str]:
    close = difflib.get_close_matches(word, pool, n=limit, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in pool}
        close = [
            lowered[w]
            for w in difflib.get_close_matches(word.lower(), lowered, n=limit, cutoff=0.5)
        ]
    return close


class ModelError(Exception):
    """Raised by `archdsl.load` when the model has errors; carries every diagnostic."""

    def __init__(self, diagnostics: list[Finding]):
        self.diagnostics = diagnostics
        first = diagnostics[0] if diagnostics else None
        summary = f"{len(diagnostics)} problem(s) in the model"
        if first is not None:
            summary += f"; first: {first}"
        super().__init__(summary)
