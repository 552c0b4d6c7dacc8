"""OWL RL reasoning: inverses materialised, noise dropped, inferred triples kept apart."""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef

from filmkg.export import Format, serialize
from filmkg.namespaces import FILM, INFERRED_GRAPH, OWL, RDF, RDFS, SCHEMA, WD, WDT, XSD
from filmkg.reason import as_dataset, output_graph, reason_graph

FIXTURES = Path(__file__).parent / "fixtures" / "core"
ID = "https://w3id.org/filmkg/id/"
HARBOUR = URIRef(ID + "film/harbour-lights")
ADA = URIRef(ID + "person/ada-quill")


def small() -> Graph:
    return Graph().parse(FIXTURES / "small.ttl", format="turtle")


def test_inverse_and_wikidata_properties_are_inferred():
    data = small()
    result = reason_graph(data)
    assert (ADA, FILM.directorOf, HARBOUR) in result.inferred
    assert (URIRef(ID + "award/golden-gull"), FILM.awardedTo, HARBOUR) in result.inferred
    assert (URIRef(ID + "place/port-elm"), FILM.filmingLocationOf, HARBOUR) in result.inferred
    assert (HARBOUR, WDT.P57, ADA) in result.inferred
    assert (HARBOUR, SCHEMA.director, ADA) in result.inferred
    assert (ADA, RDF.type, WD.Q5) in result.inferred
    # a Country is a Place
    assert (URIRef(ID + "country/freedonia"), RDF.type, FILM.Place) in result.inferred


def test_inferred_holds_only_new_triples_and_input_is_untouched():
    data = small()
    before = len(data)
    result = reason_graph(data)
    assert len(data) == before
    assert set(result.asserted) == set(data)
    assert not set(result.inferred) & set(data)


def test_owl_rl_noise_is_dropped():
    result = reason_graph(small())
    for s, p, o in result.inferred:
        assert not isinstance(s, Literal)
        assert not (p == OWL.sameAs and s == o)
        assert not (p == RDF.type and o in (OWL.Thing, RDFS.Resource, RDFS.Class))
        assert p not in (RDFS.domain, RDFS.range, RDFS.subClassOf, RDFS.subPropertyOf)
        assert not str(s).startswith(("http://www.w3.org/", str(FILM._NS))), (s, p, o)
        assert not str(o).startswith(str(XSD)) or isinstance(o, Literal)


def test_same_as_links_do_not_copy_facts_onto_wikidata_items():
    data = small()
    data.add((ADA, OWL.sameAs, WD.Q1))
    result = reason_graph(data)
    assert (WD.Q1, OWL.sameAs, ADA) in result.inferred
    assert not [t for t in result.inferred.triples((WD.Q1, None, None)) if t[1] != OWL.sameAs]


def test_dataset_layout_keeps_inferred_apart_and_round_trips_through_trig():
    result = reason_graph(small())
    dataset = as_dataset(result)
    text = serialize(dataset, Format.TRIG)
    back = Dataset()
    back.parse(data=text, format="trig")
    inferred = back.graph(INFERRED_GRAPH)
    assert set(inferred) == set(result.inferred)
    assert set(back.default_context) == set(result.asserted)


def test_triple_formats_get_only_the_inferred_triples_unless_merged():
    result = reason_graph(small())
    only = output_graph(result, named_graphs=False)
    assert set(only) == set(result.inferred)
    both = output_graph(result, named_graphs=False, merge=True)
    assert set(both) == set(result.asserted) | set(result.inferred)
