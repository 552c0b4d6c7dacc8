"""The graph store: the rdflib <-> pyoxigraph adapter and the persistent knowledge graph.

`filmkg.store.convert` holds every conversion between rdflib and pyoxigraph
(re-exported here, as before); `filmkg.store.kg.KnowledgeGraph` is the
persistent store (`filmkg.open(...)`), built from the modules beside it.
"""

from filmkg.store.convert import OxTerm, store_from_graph, to_oxigraph, to_rdflib, triples_to_graph

__all__ = ["OxTerm", "store_from_graph", "to_oxigraph", "to_rdflib", "triples_to_graph"]
