"""One document in, one atomic update out: its graph replaced, its inferences recomputed, checked first.

`document_update` is the whole write of a document as one SPARQL UPDATE:
drop the old graph and its inferences, insert the new triples, run the
compiled rules on them. The store applies it in one transaction (Oxigraph) or
one request (a remote store), so a crash leaves the old document or the new
one, never half of either, and re-sending it is harmless.

`check_documents` validates new graphs together with what the store
already says about the nodes they touch (their triples, and the types of
their values), not the whole store: an ingest costs the same in a store of
ten documents or ten thousand. `filmkg ingest` writes documents in batches
(`add_documents`), each batch checked together and written in one update.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pyoxigraph as ox
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


def document_update(doc_id: str, graph: Graph | str) -> str:
    """The SPARQL UPDATE replacing document `doc_id` by `graph` (or its N-Triples), inferences included."""
    source, inferred = doc_graph(doc_id), inferred_graph(doc_id)
    body = graph if isinstance(graph, str) else _ntriples(graph)
    return (f"DROP SILENT GRAPH <{source}> ;\n"
            f"INSERT DATA {{ GRAPH <{source}> {{\n{body}}} }} ;\n"
            + reasoning_update(source, inferred))


def removal_update(doc_id: str) -> str:
    """The SPARQL UPDATE that retracts a document: its facts, provenance and inferences."""
    return f"DROP SILENT GRAPH <{doc_graph(doc_id)}> ;\nDROP SILENT GRAPH <{inferred_graph(doc_id)}>"


def _ntriples(graph: Graph) -> str:
    return graph.serialize(format="nt", encoding="utf-8").decode("utf-8")


def _nodes(graph: Graph) -> set[URIRef]:
    return {n for n in (*graph.subjects(), *graph.objects()) if isinstance(n, URIRef)}


def neighbourhood(backend: Backend, nodes: set[URIRef], *, exclude: Sequence[str]) -> list[ox.Triple]:
    """What other source graphs (not `exclude`) say about `nodes`, and the types of the IRIs they name.

    Two queries, each starting from a `VALUES` row of nodes (so the store
    looks the nodes up rather than scanning every typed node of the store).
    """
    if not nodes:
        return []
    skip = ", ".join(f"<{g}>" for g in exclude) or f"<{DOC_PREFIX}>"
    other = f'FILTER(STRSTARTS(STR(?g), "{DOC_PREFIX}") && ?g NOT IN ({skip}))'
    values = " ".join(f"<{n}>" for n in sorted(nodes))
    found = list(backend.query(f"CONSTRUCT {{ ?n ?p ?o }} WHERE {{ VALUES ?n {{ {values} }} "
                               f"GRAPH ?g {{ ?n ?p ?o }} {other} }}"))  # type: ignore[arg-type]
    named = sorted({str(t.object) for t in found if isinstance(t.object, ox.NamedNode)})
    if named:
        found += list(backend.query(f"CONSTRUCT {{ ?n a ?t }} WHERE {{ VALUES ?n {{ {' '.join(named)} }} "
                                    f"GRAPH ?g {{ ?n a ?t }} {other} }}"))  # type: ignore[arg-type]
    return found


def check_documents(backend: Backend, docs: Sequence[tuple[str, str, set[URIRef]]]) -> list[tuple[int, str]]:
    """(violations, the first in words) of each (doc id, N-Triples, nodes), checked with their neighbourhood.

    The documents and what the rest of the store says about their nodes go
    into a small in-memory store, checked there by the compiled shapes
    (`filmkg.store.shacl`, equal to pySHACL, tested): about 20 ms per
    document in a batch, where pySHACL took 200 ms. A problem counts for
    each document that names its focus node (for all of the batch if none does).
    """
    from filmkg.store.backend import LocalBackend
    from filmkg.store.shacl import validate_store

    memory = LocalBackend(None)
    graphs = [doc_graph(doc_id) for doc_id, _, _ in docs]
    around = ox.NamedNode(doc_graph("/neighbourhood"))  # no file stem has a "/"
    everything = set().union(*(nodes for _, _, nodes in docs))
    memory.store.extend(ox.Quad(t.subject, t.predicate, t.object, around)
                        for t in neighbourhood(backend, everything, exclude=graphs))
    for (_, body, _), graph in zip(docs, graphs, strict=True):
        memory.store.load(body, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph))
    found = validate_store(memory).violations
    results = []
    for _, _, nodes in docs:
        mine = [v for v in found if v.focus in nodes or not any(v.focus in n for _, _, n in docs)]
        results.append((len(mine), mine[0].describe() if mine else ""))
    return results


def add_documents(backend: Backend, docs: Sequence[tuple[str, Graph]], *,
                  validate: bool = True) -> list[DocumentReport]:
    """Check the graphs (unless told not to), then write them as documents in one atomic update.

    One update per batch: the store's transaction cost is paid once, and a
    crash leaves the batch whole or not at all (whole documents either way).
    """
    prepared = [(doc_id, _ntriples(graph), _nodes(graph)) for doc_id, graph in docs]
    checked = check_documents(backend, prepared) if validate else [(0, "")] * len(prepared)
    backend.update(" ;\n".join(document_update(doc_id, body) for doc_id, body, _ in prepared))
    return [DocumentReport(doc_id=doc_id, triples=len(graph), violations=n, first_violation=first)
            for (doc_id, graph), (n, first) in zip(docs, checked, strict=True)]


def add_document(backend: Backend, doc_id: str, graph: Graph, *, validate: bool = True) -> DocumentReport:
    """Check `graph` (unless told not to), then write it as document `doc_id` in one atomic update."""
    return add_documents(backend, [(doc_id, graph)], validate=validate)[0]
