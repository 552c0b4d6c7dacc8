"""`filmkg link --store`: link the store's entities to Wikidata; the links go to their own graph.

The documents' graphs are read into rdflib together with the earlier links,
the linker (`filmkg.wikidata.link`) adds or replaces its `owl:sameAs` links
and `film:Link` nodes, and whatever it added beyond the documents' own
triples replaces the links graph in one update: documents are never changed,
and re-linking replaces the earlier automatic links.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import Graph

from filmkg.store.backend import select
from filmkg.store.convert import to_rdflib
from filmkg.store.layout import LINKS_GRAPH

if TYPE_CHECKING:
    from filmkg.store.kg import KnowledgeGraph
    from filmkg.wikidata.link import LinkReport
    from filmkg.wikidata.online import OnlineLookup


def link_store(kg: KnowledgeGraph, *, min_score: float,
               online_client: OnlineLookup | None = None) -> LinkReport:
    """Link every document's entities; the links graph is replaced atomically."""
    from filmkg.wikidata.link import link_graph
    from filmkg.wikidata.slice import load_slice

    documents = kg.source_graph()
    graph = Graph()
    for triple in documents:
        graph.add(triple)
    for row in select(kg.backend, f"SELECT ?s ?p ?o WHERE {{ GRAPH <{LINKS_GRAPH}> {{ ?s ?p ?o }} }}"):
        graph.add((to_rdflib(row["s"]), to_rdflib(row["p"]), to_rdflib(row["o"])))  # type: ignore[arg-type,index]
    report = link_graph(graph, slice=load_slice(), online_client=online_client, min_score=min_score)
    links = Graph()
    for triple in graph:
        if triple not in documents:
            links.add(triple)
    body = links.serialize(format="nt", encoding="utf-8").decode("utf-8")
    kg.backend.update(f"DROP SILENT GRAPH <{LINKS_GRAPH}> ;\n"
                      f"INSERT DATA {{ GRAPH <{LINKS_GRAPH}> {{\n{body}}} }}")
    return report
