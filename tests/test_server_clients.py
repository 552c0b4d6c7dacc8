"""Real SPARQL clients with their default settings: rdflib's SPARQLStore and SPARQLWrapper."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import SPARQLWrapper

from filmkg.server import ServiceConfig, create_app
from filmkg.serving import ServerThread, bind

pytestmark = pytest.mark.network

ALPHA = URIRef("https://w3id.org/filmkg/id/film/alpha")
LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
DATA = b"""<https://w3id.org/filmkg/id/film/alpha> <http://www.w3.org/2000/01/rdf-schema#label> "Alpha" .
"""  # N-Quads, as the service's workers load it
FULL_SELECT = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
               "SELECT ?l WHERE { <https://w3id.org/filmkg/id/film/alpha> rdfs:label ?l }")


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    with ServerThread(create_app(DATA, ServiceConfig()), bind("127.0.0.1", 0)) as server:
        yield server.url + "/sparql"


def test_rdflib_sparqlstore_with_defaults(endpoint: str) -> None:
    graph = Graph(store=SPARQLStore(endpoint))
    assert [row[0] for row in graph.query(FULL_SELECT)] == [Literal("Alpha")]  # type: ignore[index]
    assert graph.query(f"ASK {{ <{ALPHA}> ?p ?o }}").askAnswer is True
    built = graph.query(f"CONSTRUCT {{ <{ALPHA}> <{LABEL}> ?l }} WHERE {{ <{ALPHA}> <{LABEL}> ?l }}").graph
    assert built is not None and set(built) == {(ALPHA, LABEL, Literal("Alpha"))}
    described = graph.query(f"DESCRIBE <{ALPHA}>").graph
    assert described is not None and (ALPHA, LABEL, Literal("Alpha")) in described
    assert (ALPHA, LABEL, Literal("Alpha")) in graph  # triple pattern through the store


def test_sparqlwrapper_with_defaults(endpoint: str) -> None:
    client = SPARQLWrapper(endpoint)
    client.setQuery(FULL_SELECT)
    doc = client.query().convert()  # default: SPARQL XML results as a DOM
    assert [n.firstChild.data for n in doc.getElementsByTagName("literal")] == ["Alpha"]  # type: ignore[union-attr]
    client.setQuery(f"ASK {{ <{ALPHA}> ?p ?o }}")
    assert client.query().convert().getElementsByTagName("boolean")[0].firstChild.data == "true"  # type: ignore[union-attr]
    client.setQuery(f"CONSTRUCT {{ <{ALPHA}> <{LABEL}> ?l }} WHERE {{ <{ALPHA}> <{LABEL}> ?l }}")
    built = client.query().convert()
    assert isinstance(built, Graph) and (ALPHA, LABEL, Literal("Alpha")) in built
    client.setQuery(f"DESCRIBE <{ALPHA}>")
    described = client.query().convert()
    assert isinstance(described, Graph) and (ALPHA, LABEL, Literal("Alpha")) in described
