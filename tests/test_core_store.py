"""The rdflib <-> pyoxigraph adapter: terms and whole graphs cross over unchanged."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from hypothesis import given
from hypothesis import strategies as st
from rdflib import BNode, Dataset, Graph, Literal, URIRef

from filmkg.namespaces import XSD
from filmkg.store import store_from_graph, to_oxigraph, to_rdflib, triples_to_graph

FIXTURES = Path(__file__).parent / "fixtures" / "core"

text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)))


@given(value=text)
def test_plain_literal_round_trip(value):
    assert to_rdflib(to_oxigraph(Literal(value))) == Literal(value)


@given(value=text, lang=st.from_regex(r"[a-z]{2}(-[A-Z]{2})?", fullmatch=True))
def test_language_literal_round_trip(value, lang):
    term = Literal(value, lang=lang)
    assert to_rdflib(to_oxigraph(term)) == term


@given(number=st.integers())
def test_typed_literal_round_trip(number):
    term = Literal(str(number), datatype=XSD.integer)
    back = to_rdflib(to_oxigraph(term))
    assert back == term and back.datatype == XSD.integer


@given(path=st.from_regex(r"[A-Za-z0-9._~/-]{0,30}", fullmatch=True))
def test_iri_round_trip(path):
    term = URIRef(f"https://w3id.org/filmkg/id/{path}")
    assert to_rdflib(to_oxigraph(term)) == term


def test_blank_node_keeps_its_kind():
    assert isinstance(to_rdflib(to_oxigraph(BNode("b1"))), BNode)


def by_value(graph: Graph) -> set[tuple]:
    """Triples with literals compared by value: Oxigraph stores "6000000.0"^^xsd:decimal as 6000000."""
    def norm(term):
        if isinstance(term, Literal):
            value = term.value if term.value is not None else str(term)
            return ("literal", value, term.datatype, term.language)
        return term
    return {tuple(norm(t) for t in triple) for triple in graph}


def test_graph_round_trips_through_the_store():
    graph = Graph().parse(FIXTURES / "small.ttl", format="turtle")
    store = store_from_graph(graph)
    assert len(store) == len(graph)
    back = triples_to_graph(store.query("CONSTRUCT WHERE { ?s ?p ?o }"))
    assert by_value(back) == by_value(graph)


def test_named_graphs_of_a_dataset_are_kept():
    dataset = Dataset()
    dataset.add((URIRef("http://x/a"), URIRef("http://x/p"), Literal("default")))
    dataset.graph(URIRef("http://x/g")).add((URIRef("http://x/a"), URIRef("http://x/p"), Literal("named")))
    store = store_from_graph(dataset)
    named = list(store.quads_for_pattern(None, None, None, ox.NamedNode("http://x/g")))
    assert [q.object.value for q in named] == ["named"]
    assert len(store) == 2
