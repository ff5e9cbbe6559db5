"""The rule registry: every rule registers itself with a decorator carrying its metadata.

A rule is a function `check(ctx) -> Iterable[Finding]` plus its code, slug, default severity,
family, a one-line summary, its documentation (the function's docstring: what it flags and why
it matters in production) and two examples (`bad` triggers it, `good` is the fixed version).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from archdsl.findings import Finding, Severity

FAMILIES = {
    "E": "the model itself",
    "R": "resilience: single points of failure",
    "U": "unbounded dependencies",
    "F": "failure handling",
    "S": "security",
    "P": "scaling",
    "D": "design and change",
}
_CODE = re.compile(r"^[A-Z]\d{3}$")
_SLUG = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


class RegistryError(Exception):
    """A rule that cannot be registered (duplicate or malformed code or slug)."""


@dataclass(frozen=True)
class Rule:
    code: str
    slug: str
    severity: Severity
    summary: str
    doc: str
    bad: str
    good: str
    check: Callable[..., Iterable[Finding]] | None = field(compare=False, repr=False)
    options: tuple[str, ...] = ()
    severity_note: str = ""  # e.g. "error on a flow with `slo`, else warning"

    @property
    def family(self) -> str:
        return self.code[0]


class Registry:
    """Rules by code and by slug; refuses duplicates."""

    def __init__(self) -> None:
        self._by_code: dict[str, Rule] = {}
        self._by_slug: dict[str, Rule] = {}

    def add(self, rule: Rule) -> Rule:
        if not _CODE.match(rule.code) or rule.code[0] not in FAMILIES:
            raise RegistryError(f"rule code {rule.code!r} is not a family letter and three digits")
        if not _SLUG.match(rule.slug):
            raise RegistryError(f"rule slug {rule.slug!r} is not lower-case words joined by '-'")
        if rule.code in self._by_code:
            raise RegistryError(
                f"rule code {rule.code} is already registered ({self._by_code[rule.code].slug})"
            )
        if rule.slug in self._by_slug:
            raise RegistryError(
                f"rule slug {rule.slug} is already registered ({self._by_slug[rule.slug].code})"
            )
        self._by_code[rule.code] = rule
        self._by_slug[rule.slug] = rule
        return rule

    def snapshot(self) -> tuple[dict[str, Rule], dict[str, Rule]]:
        """The registered rules, to `restore` after a load that failed part way."""
        return dict(self._by_code), dict(self._by_slug)

    def restore(self, snapshot: tuple[dict[str, Rule], dict[str, Rule]]) -> None:
        """Register exactly the rules of `snapshot` again (what a failed load added is gone)."""
        self._by_code, self._by_slug = dict(snapshot[0]), dict(snapshot[1])

    def get(self, name: str) -> Rule | None:
        """A rule by code or slug."""
        return self._by_code.get(
            name.upper() if _CODE.match(name.upper()) else name
        ) or self._by_slug.get(name)

    def __getitem__(self, name: str) -> Rule:
        """A rule by code or slug; KeyError when there is none."""
        found = self.get(name)
        if found is None:
            raise KeyError(name)
        return found

    def __iter__(self) -> Iterator[Rule]:
        return iter(
            sorted(self._by_code.values(), key=lambda r: (list(FAMILIES).index(r.family), r.code))
        )

    def __len__(self) -> int:
        return len(self._by_code)

    def __contains__(self, name: str) -> bool:
        return self.get(name) is not None


REGISTRY = Registry()


def rule(
    code: str,
    slug: str,
    severity: str,
    *,
    summary: str,
    bad: str,
    good: str,
    options: tuple[str, ...] = (),
    severity_note: str = "",
    registry: Registry | None = None,
):
    """Register the decorated `check(ctx)` function as a rule; its docstring is its documentation."""

    def register(check: Callable[..., Iterable[Finding]]):
        doc = inspect.cleandoc(check.__doc__ or "")
        if not doc:
            raise RegistryError(f"rule {code} has no documentation (docstring)")
        (REGISTRY if registry is None else registry).add(
            Rule(
                code=code,
                slug=slug,
                severity=Severity(severity),
                summary=summary,
                doc=doc,
                bad=inspect.cleandoc(bad) + "\n",
                good=inspect.cleandoc(good) + "\n",
                check=check,
                options=options,
                severity_note=severity_note,
            )
        )
        return check

    return register


def diagnostic(
    code: str,
    slug: str,
    *,
    summary: str,
    doc: str,
    bad: str,
    good: str,
    severity: str = "error",
    registry: Registry | None = None,
) -> Rule:
    """Register a model diagnostic (E-family): reported by the parser, resolver or acceptance
    check rather than by a check function, but documented and selectable like any rule."""
    return (REGISTRY if registry is None else registry).add(
        Rule(
            code=code,
            slug=slug,
            severity=Severity(severity),
            summary=summary,
            doc=inspect.cleandoc(doc),
            bad=inspect.cleandoc(bad) + "\n",
            good=inspect.cleandoc(good) + "\n",
            check=None,
        )
    )


def matches(name: str, rule_code: str, rule_slug: str) -> bool:
    """Whether a selector (code, code prefix such as `S` or `U00`, or slug) names the rule."""
    if name == rule_slug:
        return True
    upper = name.upper()
    return bool(re.fullmatch(r"[A-Z]\d{0,3}", upper)) and rule_code.startswith(upper)
