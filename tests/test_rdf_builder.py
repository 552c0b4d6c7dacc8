"""extract.rdf: records in, graph out; compared with a golden file by isomorphism."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import RDF, XSD, Graph, Literal
from rdflib.compare import graph_diff, to_isomorphic

from extract.rdf import build_graph, date_literal, entity_iri, slug
from extract.records import DateValue, DocumentFacts, Entity, EntityKind, Evidence, Fact, Money
from extract.vocab import FILM

GOLDEN = Path(__file__).parent / "fixtures" / "rdf" / "tiny.ttl"

FILM_A = Entity("Alpha Road", EntityKind.FILM)
DIRECTOR = Entity("Jane Q. Roe", EntityKind.PERSON, aliases=("Roe",))
ACTOR = Entity("Sam Poe", EntityKind.PERSON)
SENTENCE = "Alpha Road is a 2001 film directed by Jane Q. Roe and starring Sam Poe as Mick."


def _evidence(rule: str, confidence: float = 0.9) -> Evidence:
    return Evidence(sentence=SENTENCE, start=0, end=len(SENTENCE), rule=rule, confidence=confidence)


def tiny_document() -> DocumentFacts:
    facts = (
        Fact(FILM_A, "P57", DIRECTOR, _evidence("directed_by")),
        Fact(FILM_A, "P161", ACTOR, _evidence("starring"), character="Mick"),
        Fact(FILM_A, "P577", DateValue("2001"), _evidence("lead_year", 0.7)),
        Fact(FILM_A, "P2130", Money(Decimal("6000000"), "USD"), _evidence("budget")),
    )
    return DocumentFacts(doc_id="tiny", entities=(FILM_A, DIRECTOR, ACTOR), facts=facts,
                         title="Alpha Road", source="tiny.txt")


def _assert_isomorphic(got: Graph, expected: Graph) -> None:
    iso_got, iso_expected = to_isomorphic(got), to_isomorphic(expected)
    if iso_got != iso_expected:
        _, only_got, only_expected = graph_diff(iso_got, iso_expected)
        lines = [f"+ {' '.join(x.n3() for x in t)}" for t in sorted(only_got)]
        lines += [f"- {' '.join(x.n3() for x in t)}" for t in sorted(only_expected)]
        pytest.fail("graphs differ (+ built, - golden):\n" + "\n".join(lines[:40]))


def test_matches_golden_file() -> None:
    expected = Graph().parse(GOLDEN, format="turtle")
    _assert_isomorphic(build_graph([tiny_document()]), expected)


def test_rebuilding_is_idempotent() -> None:
    once = build_graph([tiny_document()])
    twice = build_graph([tiny_document(), tiny_document()])
    assert len(once) == len(twice)


def test_same_entity_same_iri_across_documents() -> None:
    other = DocumentFacts(doc_id="other", facts=(Fact(Entity("Beta", EntityKind.FILM), "P57", DIRECTOR,
                                                      _evidence("directed_by")),))
    graph = build_graph([tiny_document(), other])
    directors = set(graph.objects(None, FILM.directedBy))
    assert directors == {entity_iri(DIRECTOR)}


def test_fact_is_plain_triple_with_provenance() -> None:
    graph = build_graph([tiny_document()])
    film, person = entity_iri(FILM_A), entity_iri(DIRECTOR)
    assert (film, FILM.directedBy, person) in graph
    assertions = [a for a in graph.subjects(RDF.type, FILM.Assertion)
                  if (a, RDF.predicate, FILM.directedBy) in graph]
    assert len(assertions) == 1
    assert graph.value(assertions[0], FILM.evidenceText) == Literal(SENTENCE)
    assert graph.value(assertions[0], FILM.extractionRule) == Literal("directed_by")


@pytest.mark.parametrize("iso,datatype", [
    ("2024-05-21", XSD.date), ("2024-05", XSD.gYearMonth), ("2024", XSD.gYear),
])
def test_dates_are_typed(iso: str, datatype) -> None:
    assert date_literal(DateValue(iso)).datatype == datatype


@pytest.mark.parametrize("name,expected", [
    ("Sean Baker", "sean-baker"),
    ("Palme d'Or", "palme-dor"),
    ("Bong Joon-ho", "bong-joon-ho"),
    ("Amélie", "amelie"),
    ("  The  Film ", "the-film"),
])
def test_slugs_are_readable(name: str, expected: str) -> None:
    assert slug(name) == expected


def test_non_latin_names_get_a_stable_hash_slug() -> None:
    assert slug("千と千尋") == slug("千と千尋")
    assert slug("千と千尋").startswith("x")
    assert slug("千と千尋") != slug("もののけ姫")
