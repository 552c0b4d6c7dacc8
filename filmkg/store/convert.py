"""The thin rdflib <-> pyoxigraph adapter: every conversion between the two lives here.

rdflib is the working graph of the pipeline (parsing, SHACL, OWL RL,
JSON-LD); pyoxigraph is the SPARQL engine. Graphs cross over in bulk as
N-Quads (one parse by Oxigraph, blank nodes kept consistent, named graphs
kept), and single terms (query parameters, results) through `to_oxigraph`
and `to_rdflib`. Oxigraph keeps typed values, not their spelling: a literal
such as "6000000.0"^^xsd:decimal comes back from a query as "6000000",
equal in value (compare with `Literal.eq`, not `==`).
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def store_from_graph(data: Graph) -> ox.Store:
    """An in-memory Oxigraph store holding `data`; a Dataset keeps its named graphs."""
    store = ox.Store()
    if isinstance(data, Dataset):
        payload = data.serialize(format="nquads", encoding="utf-8")
        store.load(payload, format=ox.RdfFormat.N_QUADS)
    else:
        payload = data.serialize(format="nt", encoding="utf-8")
        store.load(payload, format=ox.RdfFormat.N_TRIPLES)
    return store


def to_oxigraph(term: Node) -> OxTerm:
    """One rdflib term as the matching pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert {term!r} to a pyoxigraph term")


def to_rdflib(term: object) -> Node:
    """One pyoxigraph term as the matching rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)  # rdflib's plain literal is RDF 1.1's xsd:string
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"cannot convert {term!r} to an rdflib term")


def triples_to_graph(triples: object) -> Graph:
    """The triples of a CONSTRUCT/DESCRIBE result as an rdflib graph."""
    graph = Graph()
    for triple in triples:  # type: ignore[attr-defined]
        graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
    return graph
