"""Where things live in a store: one named graph per source, one per source's inferences, and the rest.

- `fkg:graph/doc/<id>`: the facts and provenance of one source document
  (ingested text, or a loaded file named by its stem);
- `fkg:graph/inferred/<id>`: what the compiled OWL RL rules add to it, so
  that re-ingesting or removing a document replaces or retracts exactly its
  inferences (a fact two documents state is in both graphs; queries that
  count use DISTINCT);
- `fkg:graph/ontology`: ontology/film.ttl;  `fkg:source/wikidata-slice`: the
  bundled slice;  `fkg:graph/links`: Wikidata links made by `link --store`;
- `fkg:graph/store`: the store's own bookkeeping (format version, unfinished loads).
"""

from __future__ import annotations

from urllib.parse import quote, unquote

from filmkg.namespaces import FKG_GRAPH
from filmkg.wikidata.slice import SLICE_IRI
from filmkg.wikidata.sparql import ONTOLOGY_GRAPH

DOC_PREFIX = str(FKG_GRAPH) + "doc/"
INFERRED_PREFIX = str(FKG_GRAPH) + "inferred/"
LINKS_GRAPH = str(FKG_GRAPH) + "links"
META_GRAPH = str(FKG_GRAPH) + "store"
STORE_NS = "https://w3id.org/filmkg/id/store#"
FORMAT_VERSION = "1"

__all__ = ["DOC_PREFIX", "FORMAT_VERSION", "INFERRED_PREFIX", "LINKS_GRAPH", "META_GRAPH",
           "ONTOLOGY_GRAPH", "SLICE_IRI", "STORE_NS", "doc_graph", "doc_id_of", "inferred_graph"]


def doc_graph(doc_id: str) -> str:
    """The named graph of a source document (its id percent-encoded, as in its film:Document IRI)."""
    return DOC_PREFIX + quote(doc_id, safe="")


def inferred_graph(doc_id: str) -> str:
    """The named graph holding what reasoning adds to document `doc_id`."""
    return INFERRED_PREFIX + quote(doc_id, safe="")


def doc_id_of(graph: str) -> str | None:
    """The document id of a document graph IRI, or None for any other graph."""
    if graph.startswith(DOC_PREFIX):
        return unquote(graph[len(DOC_PREFIX):])
    return None
