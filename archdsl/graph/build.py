"""Stage 3: the model as a networkx MultiDiGraph.

Nodes are element ids (attribute `element`), edges are relations keyed by relation id (attribute
`relation`), so several relations between one pair stay distinct.
"""

from __future__ import annotations

import networkx as nx

from archdsl.model.schema import Model


def build_graph(model: Model) -> nx.MultiDiGraph[str]:
    """The graph of a resolved model."""
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    graph.add_nodes_from((ident, {"element": element}) for ident, element in model.elements.items())
    # types-networkx lacks MultiGraph.add_edges_from's (u, v, key, data) form
    graph.add_edges_from(
        (relation.source, relation.target, relation.id, {"relation": relation})  # type: ignore[misc]
        for relation in model.relations
    )
    return graph
