"""What the resolver's builder mixins call on the resolver, declared once for the type checker.

The resolver (`archdsl/model/resolve.py`) is assembled from mixins, one per kind of declaration
(`resolve_relations`, `resolve_references`, `resolve_flows`). Each calls the resolver's reporting
and property methods; this base declares them for mypy only, so at run time it is an empty class
and the resolver's own methods are the ones called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from archdsl.diagnostics import NameIndex
    from archdsl.model.properties import PropSpec
    from archdsl.model.resolve import _Applied
    from archdsl.model.resolve_references import NodeBuilder
    from archdsl.spans import Span
    from archdsl.syntax import ast


class ResolverServices:
    """The resolver's methods that its builder mixins use."""

    if TYPE_CHECKING:
        node: NodeBuilder

        def error(
            self,
            code: str,
            message: str,
            span: Span,
            hint: str | None = None,
            element: str | None = None,
        ) -> None: ...

        def undefined(
            self, name: ast.Name, what: str, candidates: Any, element: str | None = None
        ) -> None: ...

        def apply(
            self,
            props: list[ast.Property],
            table: dict[str, PropSpec],
            where: str,
            kind: str | None = None,
            owner: str | None = None,
        ) -> _Applied: ...

        def element_ref(
            self, name: ast.Name, elements: dict, context: str | None = None
        ) -> str | None: ...

        def name_index(self, what: str, candidates: Any) -> NameIndex: ...
