"""One document in, one atomic update out: its graph replaced, its inferences recomputed, checked first.

`document_update` is the whole write of a document as one SPARQL UPDATE:
drop the old graph and its inferences, insert the new triples, run the
compiled rules on them. The store applies it in one transaction (Oxigraph) or
one request (a remote store), so a crash leaves the old document or the new
one, never half of either, and re-sending it is harmless.

`check_document` validates the new graph together with what the store
already says about the nodes it touches (their triples, and the types of
their values), not the whole store: an ingest costs the same in a store of
ten documents or ten thousand.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, URIRef

from filmkg.store.backend import Backend
from filmkg.store.layout import DOC_PREFIX, doc_graph, inferred_graph
from filmkg.store.rules import reasoning_update


@dataclass(frozen=True)
class DocumentReport:
    """What adding one document did."""

    doc_id: str
    triples: int
    violations: int
    first_violation: str


def document_update(doc_id: str, graph: Graph) -> str:
    """The SPARQL UPDATE that replaces document `doc_id` by `graph`, inferences included."""
    source, inferred = doc_graph(doc_id), inferred_graph(doc_id)
    body = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    return (f"DROP SILENT GRAPH <{source}> ;\n"
            f"INSERT DATA {{ GRAPH <{source}> {{\n{body}}} }} ;\n"
            + reasoning_update(source, inferred))


def removal_update(doc_id: str) -> str:
    """The SPARQL UPDATE that retracts a document: its facts, provenance and inferences."""
    return f"DROP SILENT GRAPH <{doc_graph(doc_id)}> ;\nDROP SILENT GRAPH <{inferred_graph(doc_id)}>"


def neighbourhood(backend: Backend, graph: Graph, *, exclude: str) -> Graph:
    """What other source graphs (not `exclude`) say about the nodes of `graph`, and their values' types."""
    nodes = {n for n in graph.subjects() if isinstance(n, URIRef)}
    nodes |= {o for o in graph.objects() if isinstance(o, URIRef)}
    found = Graph()
    if not nodes:
        return found
    values = " ".join(f"<{n}>" for n in sorted(nodes))
    text = (f"CONSTRUCT {{ ?n ?p ?o . ?o a ?t }} WHERE {{ VALUES ?n {{ {values} }} "
            f"GRAPH ?g {{ ?n ?p ?o }} FILTER(STRSTARTS(STR(?g), \"{DOC_PREFIX}\") && ?g != <{exclude}>) "
            f"OPTIONAL {{ GRAPH ?h {{ ?o a ?t }} FILTER(STRSTARTS(STR(?h), \"{DOC_PREFIX}\") "
            f"&& ?h != <{exclude}>) }} }}")
    from filmkg.store.convert import triples_to_graph

    return triples_to_graph(backend.query(text))


def check_document(backend: Backend, doc_id: str, graph: Graph) -> tuple[int, str]:
    """(violations, the first in words) of `graph` with its neighbourhood in the store."""
    from filmkg.validate import validate_graph

    data = Graph()
    for triple in graph:
        data.add(triple)
    for triple in neighbourhood(backend, graph, exclude=doc_graph(doc_id)):
        data.add(triple)
    result = validate_graph(data)
    errors = [v for v in result.violations if v.severity == "Violation"]
    if result.conforms and not errors:
        return 0, ""
    first = errors[0].describe() if errors else result.text.splitlines()[0]
    return max(1, len(errors)), first


def add_document(backend: Backend, doc_id: str, graph: Graph, *, validate: bool = True) -> DocumentReport:
    """Check `graph` (unless told not to), then write it as document `doc_id` in one atomic update."""
    violations, first = check_document(backend, doc_id, graph) if validate else (0, "")
    backend.update(document_update(doc_id, graph))
    return DocumentReport(doc_id=doc_id, triples=len(graph), violations=violations, first_violation=first)


