"""SHACL shapes and `filmkg.validate`: bad graphs get a report in words, good graphs conform."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from filmkg.namespaces import FILM, RDF, RDFS, SH, XSD
from filmkg.resources import shapes_file
from filmkg.validate import validate_graph

FIXTURES = Path(__file__).parent / "fixtures" / "core"
ID = "https://w3id.org/filmkg/id/"


def load(name: str) -> Graph:
    return Graph().parse(FIXTURES / name, format="turtle")


def problems_of(result, node: str) -> list:
    return [v for v in result.violations if str(v.focus) == ID + node]


def test_good_graph_conforms():
    result = validate_graph(load("small.ttl"))
    assert result.conforms, result.text
    assert result.violations == ()
    assert result.text.startswith("Conforms")


def test_bad_graph_report_names_node_property_and_problem():
    result = validate_graph(load("bad.ttl"))
    assert not result.conforms
    untitled = problems_of(result, "film/untitled")
    by_path = {str(v.path): v for v in untitled}
    assert set(by_path) == {str(RDFS.label), str(FILM.publicationDate), str(FILM.directedBy)}
    assert "exactly one name" in by_path[str(RDFS.label)].message
    assert "valid date" in by_path[str(FILM.publicationDate)].message
    assert by_path[str(FILM.publicationDate)].value == Literal("next Tuesday", datatype=XSD.date)
    director = by_path[str(FILM.directedBy)]
    assert "must be a person" in director.message
    assert director.value == URIRef(ID + "award/golden-gull")
    assert director.value_label == "Golden Gull"
    # The text a person reads: node IRI, property, problem and the offending value, one line each.
    lines = result.text.splitlines()
    assert lines[0] == "Does not conform: 6 problems."
    line = next(x for x in lines if "film:directedBy" in x)
    assert f"<{ID}film/untitled>" in line and "must be a person" in line and '"Golden Gull"' in line
    assert any("film:publicationDate" in x and "next Tuesday" in x for x in lines)


def test_other_problems_are_named_with_the_label():
    result = validate_graph(load("bad.ttl"))
    film = problems_of(result, "film/quiet-orbit")
    assert [str(v.path) for v in film] == [str(FILM.publicationDate)]
    assert film[0].focus_label == "Quiet Orbit"
    assert f'"Quiet Orbit" <{ID}film/quiet-orbit>: film:publicationDate' in result.text
    person = problems_of(result, "person/bo-renner")
    assert [v.message for v in person] == ["must have exactly one name (rdfs:label); it has none or several"]
    money = problems_of(result, "amount/x")
    assert len(money) == 1 and "ISO 4217" in money[0].message and money[0].value == Literal("dollars")


def test_country_counts_as_place_through_the_ontology():
    graph = load("small.ttl")
    result = validate_graph(graph)
    assert (URIRef(ID + "film/harbour-lights"), FILM.filmedAt, URIRef(ID + "country/freedonia")) in graph
    assert result.conforms


@pytest.mark.parametrize("triple, path, words", [
    ((ID + "assertion/a1", FILM.confidence, Literal("1.5", datatype=XSD.decimal)), FILM.confidence, "0 to 1"),
    ((ID + "assertion/a1", FILM.charStart, Literal("x")), FILM.charStart, "whole number"),
    ((ID + "performance/p1", FILM.performer, URIRef(ID + "award/golden-gull")), FILM.performer,
     "must be a person"),
    ((ID + "film/quiet-orbit", FILM.premieredAt, URIRef(ID + "place/port-elm")), FILM.premieredAt,
     "film festival"),
    ((ID + "award/golden-gull", FILM.filmedAt, URIRef(ID + "place/port-elm")), None, "only a film"),
])
def test_single_defects_are_reported(triple, path, words):
    graph = load("small.ttl")
    s, p, o = triple
    if p in (FILM.confidence, FILM.charStart, FILM.performer):
        graph.remove((URIRef(s), p, None))
    graph.add((URIRef(s), p, o))
    result = validate_graph(graph)
    assert not result.conforms
    hits = [v for v in result.violations if str(v.focus) == s and words in v.message]
    assert hits, result.text
    if path is not None:
        assert hits[0].path == path


def test_provenance_nodes_are_named_by_the_fact_they_record():
    graph = load("small.ttl")
    node = URIRef(ID + "assertion/a1")
    graph.remove((node, FILM.confidence, None))
    graph.add((node, FILM.confidence, Literal("2", datatype=XSD.decimal)))
    result = validate_graph(graph)
    assert [v.focus_label for v in result.violations] == ["fact: Harbour Lights film:directedBy Ada Quill"]


def test_provenance_of_a_removed_fact_is_reported():
    graph = load("small.ttl")
    graph.remove((URIRef(ID + "film/harbour-lights"), FILM.wonAward, None))
    result = validate_graph(graph)
    assert not result.conforms
    (problem,) = result.violations
    assert str(problem.focus) == ID + "assertion/a2" and "not in the graph" in problem.message
    assert "(value:" not in problem.describe()


def test_every_constraint_has_a_message():
    shapes = Graph().parse(shapes_file(), format="turtle")
    constrained = set()
    for shape in set(shapes.subjects(SH.path, None)) | set(shapes.subjects(RDF.type, SH.NodeShape)):
        if shape in set(shapes.subjects(RDF.type, SH.NodeShape)) and not any(
                (shape, p, None) in shapes for p in (SH["class"], SH["or"])):
            continue  # a node shape that only groups property shapes
        constrained.add(shape)
    constrained |= set(shapes.subjects(RDF.type, SH.SPARQLConstraint))
    missing = [s for s in constrained if shapes.value(s, SH.message) is None]
    assert constrained and not missing, missing


def test_every_class_has_a_shape():
    shapes = Graph().parse(shapes_file(), format="turtle")
    targeted = set(shapes.objects(None, SH.targetClass))
    expected = {FILM[name] for name in ("Film", "Person", "Award", "FilmFestival", "Place", "Country",
                                        "Organization", "Genre", "Language", "Work", "Performance",
                                        "MonetaryAmount", "Document", "Assertion", "Link")}
    assert expected <= targeted
