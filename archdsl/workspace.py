"""The pipeline from files to a checked-ready workspace: load, resolve, build the graph."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from archdsl.findings import Finding, Severity, sorted_findings
from archdsl.gc_pause import gc_paused
from archdsl.model.left_out import left_out
from archdsl.model.loader import LoadedFiles, ParseCache, load_files, load_text
from archdsl.model.resolve import resolve
from archdsl.model.schema import Model

if TYPE_CHECKING:
    import networkx as nx


@dataclass
class Workspace:
    """A resolved workspace: its model, graph, and the diagnostics found on the way.

    The graph is built on first use: the built-in rules work on the model and its analyses, so a
    plain `archdsl validate` does not pay for importing networkx."""

    model: Model
    diagnostics: list[Finding] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    root: Path | None = None
    syntax_failed: bool = False
    left_out: tuple[str, ...] = ()  # what model errors kept from the rules ("2 relations")

    @cached_property
    def graph(self) -> nx.MultiDiGraph[str]:
        """The model as a networkx MultiDiGraph (see archdsl.graph.build)."""
        from archdsl.graph.build import build_graph

        return build_graph(self.model)

    @property
    def files(self) -> tuple[str, ...]:
        return self.model.files

    @property
    def has_errors(self) -> bool:
        """True when the model itself is broken (any E-error); rules still run on the rest."""
        return any(d.severity is Severity.ERROR for d in self.diagnostics)


def _finish(loaded: LoadedFiles) -> Workspace:
    with gc_paused():
        model, problems = resolve(loaded)
    diagnostics = sorted_findings(loaded.diagnostics + problems)
    return Workspace(
        model=model,
        diagnostics=diagnostics,
        sources=loaded.sources,
        root=loaded.root,
        syntax_failed=loaded.syntax_failed,
        left_out=left_out(loaded.files, model, diagnostics),
    )


def open_workspace(
    path: str | Path, root: str | Path | None = None, cache: ParseCache | None = None
) -> Workspace:
    """Load, resolve and graph the workspace whose root file is `path`. Model problems are
    returned as diagnostics; only an unreadable `path` raises (UnreadableInput). Workspaces of
    one run may share a parse `cache`."""
    return _finish(load_files(Path(path), Path(root) if root else None, cache))


def open_text(text: str, path: str = "<text>") -> Workspace:
    """The same for text that is not on disk."""
    return _finish(load_text(text, path))
