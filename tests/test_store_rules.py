"""The compiled SPARQL UPDATE rules give exactly owlrl's inferred triples (filmkg.reason is the reference)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from filmkg.reason import reason_graph
from filmkg.store.rules import reasoning_update
from filmkg.synthetic import generate

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "core"


def canonical(graph: Graph) -> set[str]:
    """Triples as Oxigraph writes them (literals in canonical form: 6000000.0 and 6000000 are one value)."""
    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return {str(q.triple) for q in store}


def by_rules(graph: Graph) -> set[str]:
    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES,
               to_graph=ox.NamedNode("urn:source"))
    store.update(reasoning_update("urn:source", "urn:inferred"))
    return {str(q.triple) for q in store.quads_for_pattern(None, None, None, ox.NamedNode("urn:inferred"))}


def assert_same_as_owlrl(graph: Graph) -> None:
    expected = canonical(reason_graph(graph).inferred)
    found = by_rules(graph)
    assert expected, "owlrl inferred nothing: the comparison would be empty"
    assert found == expected, (sorted(found - expected)[:5], sorted(expected - found)[:5])


def test_rules_equal_owlrl_on_the_seed_graph():
    assert_same_as_owlrl(Graph().parse(ROOT / "data" / "anora.ttl", format="turtle"))


def test_rules_equal_owlrl_on_the_small_fixture():
    assert_same_as_owlrl(Graph().parse(FIXTURES / "small.ttl", format="turtle"))


def test_rules_equal_owlrl_on_a_generated_graph():
    graph = Graph()
    for doc in generate(25, seed=3):
        graph.parse(data=doc.ntriples, format="nt")
    assert len(graph) > 5000
    assert_same_as_owlrl(graph)


def test_rules_equal_owlrl_with_inverse_and_wikidata_properties_asserted():
    """Data written with inverse or wdt: properties and Wikidata classes is closed the same way."""
    graph = Graph().parse(data="""
        @prefix film: <https://w3id.org/filmkg/ontology#> .
        @prefix wdt: <http://www.wikidata.org/prop/direct/> .
        @prefix wd: <http://www.wikidata.org/entity/> . @prefix p: <https://w3id.org/filmkg/id/person/> .
        @prefix f: <https://w3id.org/filmkg/id/film/> . @prefix x: <https://w3id.org/filmkg/id/x/> .
        p:a film:directorOf f:x ; a wd:Q5 .
        f:y wdt:P161 p:b ; wdt:P166 x:c .
        x:c film:awardedTo f:z .
        x:p film:filmingLocationOf f:x ; a film:Country .
    """, format="turtle")
    assert_same_as_owlrl(graph)


def test_many_graphs_at_once_give_what_each_gives_alone():
    from filmkg.store.rules import reasoning_update_many

    alone, together = ox.Store(), ox.Store()
    for i, doc in enumerate(generate(4, seed=9)):
        for store in (alone, together):
            store.load(doc.ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(f"urn:src:{i}"))
        alone.update(reasoning_update(f"urn:src:{i}", f"urn:inf:{i}"))
    together.update(reasoning_update_many([(f"urn:src:{i}", f"urn:inf:{i}") for i in range(4)]))
    assert {str(q) for q in together} == {str(q) for q in alone}
    assert len(alone) > 4 * 300
