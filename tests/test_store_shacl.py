"""`validate --store` (shapes compiled to SPARQL) reports what pySHACL reports, on good and broken graphs."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

import filmkg
from filmkg.namespaces import FILM, RDF, RDFS, XSD
from filmkg.store.shacl import validate_store
from filmkg.synthetic import generate
from filmkg.validate import validate_graph

ROOT = Path(__file__).resolve().parent.parent
CORE = ROOT / "tests" / "fixtures" / "core"


def canonical(node) -> str:
    """A term as Oxigraph writes it (so that 5 and 5.0 as xsd:decimal compare equal)."""
    if node is None:
        return "-"
    if isinstance(node, Literal) and node.datatype is not None:
        try:
            return str(ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype))))
        except ValueError:
            return node.n3()
    return node.n3()


def problems(result) -> set[tuple[str, str, str, str]]:
    return {(str(v.focus), str(v.path), v.message, canonical(v.value)) for v in result.violations}


def compare(tmp_path: Path, graph: Graph) -> set:
    expected = problems(validate_graph(graph))
    with filmkg.open(tmp_path / "kg") as kg:
        kg.add_graph("doc", graph, validate=False)
        found = validate_store(kg.backend)
    assert problems(found) == expected, (sorted(problems(found) - expected)[:5],
                                         sorted(expected - problems(found))[:5])
    assert found.conforms == (not expected)
    return expected


def test_same_as_pyshacl_on_the_seed_graph(tmp_path):
    assert compare(tmp_path, Graph().parse(ROOT / "data" / "anora.ttl")) == set()


def test_same_as_pyshacl_on_the_broken_fixture(tmp_path):
    assert len(compare(tmp_path, Graph().parse(CORE / "bad.ttl"))) >= 5


def broken_generated() -> Graph:
    """Generated documents with one of each kind of mistake the shapes catch."""
    graph = Graph()
    for doc in generate(6, seed=4):
        graph.parse(data=doc.ntriples, format="nt")
    id_ = "https://w3id.org/filmkg/id/"
    film0, film1 = URIRef(id_ + "film/film-0"), URIRef(id_ + "film/film-1")
    graph.remove((film0, RDFS.label, None))                                    # no name
    graph.add((film1, RDFS.label, Literal("Second name")))                     # two names
    graph.add((film1, FILM.directedBy, URIRef(id_ + "genre/genre-0")))         # director not a person
    graph.add((film1, FILM.publicationDate, Literal("2024-13-45", datatype=XSD.date)))  # not a date
    graph.add((film1, FILM.castMember, Literal("Someone")))                    # a literal, not a node
    graph.add((URIRef(id_ + "place/nowhere"), FILM.genre, URIRef(id_ + "genre/genre-1")))  # not a film
    amount = URIRef(id_ + "amount/bad")
    graph.add((film1, FILM.budget, amount))
    graph.add((amount, RDF.type, FILM.MonetaryAmount))
    graph.add((amount, RDFS.label, Literal("minus five")))
    graph.add((amount, FILM.amount, Literal("-5", datatype=XSD.decimal)))      # negative
    graph.add((amount, FILM.currency, Literal("dollars")))                     # not ISO 4217
    for assertion in list(graph.subjects(RDF.type, FILM.Assertion))[:2]:
        graph.remove((assertion, FILM.charEnd, None))                          # no end offset
        graph.set((assertion, FILM.confidence, Literal("1.5", datatype=XSD.decimal)))  # over 1
    fact = next(iter(graph.subjects(RDF.type, FILM.Assertion)))
    s, p, o = (graph.value(fact, x) for x in (RDF.subject, RDF.predicate, RDF.object))
    graph.remove((s, p, o))                                                    # provenance without its fact
    return graph


def test_same_as_pyshacl_on_broken_generated_documents(tmp_path):
    assert len(compare(tmp_path, broken_generated())) >= 10


@pytest.mark.parametrize("seed", [1, 2])
def test_same_as_pyshacl_on_generated_documents(tmp_path, seed):
    graph = Graph()
    for doc in generate(5, seed=seed):
        graph.parse(data=doc.ntriples, format="nt")
    assert compare(tmp_path, graph) == set()
