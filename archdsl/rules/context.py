"""What a rule sees: the model, its graph, the configuration, shared analyses, and helpers that
anchor a finding on the element, relation, data or flow it is about."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from archdsl.findings import Finding, Member, Severity, worst
from archdsl.model.schema import Boundary, Data, Element, Flow, Model, Relation
from archdsl.rules.config import Config
from archdsl.rules.registry import Rule
from archdsl.spans import Span

if TYPE_CHECKING:
    import networkx as nx

    from archdsl.analysis.dependency_model import DependencyModel

LISTED = 5  # names a message lists before "and N more"


def listing(names, limit: int = LISTED) -> str:
    """`a, b, c` or `a, b, c, d, e and 3 more` (names in the order given, repeats dropped)."""
    unique = list(dict.fromkeys(names))
    shown = ", ".join(unique[:limit])
    return shown if len(unique) <= limit else f"{shown} and {len(unique) - limit} more"


class RuleContext:
    """Shared by every rule of one run; `rule` is the rule being run."""

    def __init__(self, workspace, config: Config):
        self.workspace = workspace
        self.model: Model = workspace.model
        self.config = config
        self.rule: Rule | None = None
        self._analyses: dict[tuple, Any] = {}

    @property
    def graph(self) -> nx.MultiDiGraph:
        """The workspace graph (built when a rule first asks for it)."""
        return self.workspace.graph

    @property
    def dependencies(self) -> DependencyModel:
        """The workspace's dependency model (archdsl.analysis.dependency_model), built once."""
        from archdsl.analysis.dependency_model import dependencies_of

        return dependencies_of(self.workspace)

    def derived(self, function: Callable[..., Any], *args: Any) -> Any:
        """`function(dependencies, *args)`, computed once per workspace (shared with `impact`
        and the report): loads along the call trees, availability estimates."""
        return self.dependencies.derived(function, *args)

    def analysis(self, function: Callable[..., Any], *args: Any) -> Any:
        """`function(model, *args)`, computed once per run whichever rules ask for it."""
        key = (function, *args)
        if key not in self._analyses:
            self._analyses[key] = function(self.model, *args)
        return self._analyses[key]

    def limit(self, name: str) -> float:
        return self.config.limits[name]

    # ------------------------------------------------------------ anchoring findings

    def _finding(
        self,
        span: Span,
        message: str,
        hint: str,
        *,
        element: str | None,
        target: str | None,
        subject: str,
        related,
        severity: Severity | str | None,
    ) -> Finding:
        rule = self.rule
        assert rule is not None, "findings are made while a rule runs"
        return Finding(
            code=rule.code,
            slug=rule.slug,
            severity=Severity(severity) if severity else rule.severity,
            message=message,
            span=span,
            hint=hint,
            element=element,
            target=target,
            related=tuple(related),
            subject=subject,
        )

    def at_element(
        self,
        element: Element,
        message: str,
        hint: str,
        *,
        related=(),
        severity=None,
        prop: str | None = None,
        key: str = "",
    ) -> Finding:
        """A finding about an element, at its declaration (or at property `prop` if written)."""
        span = element.span_of(prop) if prop else element.span
        return self._finding(
            span,
            message,
            hint,
            element=element.id,
            target=None,
            subject=f"element:{element.id}{key}",
            related=related,
            severity=severity,
        )

    def at_relation(
        self,
        relation: Relation,
        message: str,
        hint: str,
        *,
        related=(),
        severity=None,
        prop: str | None = None,
        key: str = "",
    ) -> Finding:
        """A finding about a relation, at its header (or at property `prop` if written)."""
        span = relation.span_of(prop) if prop else relation.span
        return self._finding(
            span,
            message,
            hint,
            element=relation.source,
            target=relation.target,
            subject=f"relation:{relation.id}{key}",
            related=related,
            severity=severity,
        )

    def at_data(
        self,
        data: Data,
        message: str,
        hint: str,
        *,
        related=(),
        severity=None,
        key: str = "",
        span: Span | None = None,
    ) -> Finding:
        return self._finding(
            span or data.span,
            message,
            hint,
            element=data.name,
            target=None,
            subject=f"data:{data.name}{key}",
            related=related,
            severity=severity,
        )

    def at_boundary(
        self, boundary: Boundary, message: str, hint: str, *, related=(), severity=None
    ) -> Finding:
        """A finding about a boundary (a decision shared by what it declares), at its header."""
        return self._finding(
            boundary.span,
            message,
            hint,
            element=boundary.id,
            target=None,
            subject=f"boundary:{boundary.id}",
            related=related,
            severity=severity,
        )

    def at_flow(
        self,
        flow: Flow,
        message: str,
        hint: str,
        *,
        related=(),
        severity=None,
        prop: str | None = None,
        key: str = "",
    ) -> Finding:
        span = flow.property_spans.get(prop, flow.span) if prop else flow.span
        return self._finding(
            span,
            message,
            hint,
            element=flow.id,
            target=None,
            subject=f"flow:{flow.id}{key}",
            related=related,
            severity=severity,
        )

    # ------------------------------------------------------------ grouped findings

    def member(
        self,
        item: Element | Relation | Data | Flow,
        *,
        detail: str = "",
        severity: Severity | str | None = None,
        prop: str | None = None,
    ) -> Member:
        """One member of a grouped finding: an element, relation, data or flow, at its span (or
        at property `prop` when written). `severity` defaults to the rule's."""
        rule = self.rule
        assert rule is not None, "members are made while a rule runs"
        level = Severity(severity) if severity else rule.severity
        if isinstance(item, Relation):
            span = item.span_of(prop) if prop else item.span
            label = f"{item.source} {item.arrow} {item.target}"
            if item.label is not None:
                label += f' "{item.label}"'
            return Member(
                f"relation:{item.id}", span, label, level, item.source, item.target, detail
            )
        if isinstance(item, Element):
            span = item.span_of(prop) if prop else item.span
            return Member(f"element:{item.id}", span, item.id, level, item.id, None, detail)
        if isinstance(item, Data):
            return Member(f"data:{item.name}", item.span, item.name, level, item.name, None, detail)
        return Member(f"flow:{item.id}", item.span, item.id, level, item.id, None, detail)

    def group(
        self,
        anchor: Finding,
        members: Iterable[Member],
        *,
        names: Iterable[str] = (),
        subject: str | None = None,
    ) -> Finding:
        """`anchor` standing for `members` (one finding per root cause): members sorted by
        position, the severity of the worst member, `names` as further names that accept the
        whole group (a unit word). The fingerprint is the rule and `subject` (default: the
        anchor's subject), e.g. `unit:vm1` or `boundaries:dmz|private`, never a line."""
        listed = tuple(sorted(members, key=lambda m: (*m.span.sort_key(), m.subject)))
        severity = worst(m.severity for m in listed) or anchor.severity
        return replace(
            anchor,
            members=listed,
            severity=severity,
            group_names=tuple(names),
            subject=subject or anchor.subject,
        )
