"""Ontology, vocabulary, shapes and queries stay in step: every file parses, every term is documented."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef

from extract.vocab import FILM, PROPERTY_BY_PID
from filmkg.namespaces import OWL, PREFIXES, RDF, RDFS, WDT
from filmkg.queries import named_queries, parse_query_text, service_endpoints
from filmkg.resources import ontology_file, queries_dir, shapes_file

FILM_NS = str(FILM._NS)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_file(), format="turtle")


def vocab_terms() -> set[URIRef]:
    return {FILM[name] for name in FILM.__annotations__}


def ontology_terms(ontology: Graph) -> set[URIRef]:
    return {s for s in ontology.subjects(RDF.type, None)
            if isinstance(s, URIRef) and str(s).startswith(FILM_NS) and s != URIRef(FILM_NS)}


def test_ontology_and_shapes_parse():
    assert len(Graph().parse(ontology_file(), format="turtle")) > 100
    assert len(Graph().parse(shapes_file(), format="turtle")) > 100


def test_vocab_and_ontology_name_the_same_terms(ontology):
    in_vocab, in_ontology = vocab_terms(), ontology_terms(ontology)
    assert not in_vocab - in_ontology, f"in extract/vocab.py only: {sorted(in_vocab - in_ontology)}"
    assert not in_ontology - in_vocab, f"in ontology/film.ttl only: {sorted(in_ontology - in_vocab)}"


def test_every_fact_property_is_aligned_to_its_wikidata_property(ontology):
    for pid, prop in PROPERTY_BY_PID.items():
        aligned = set(ontology.objects(prop, OWL.equivalentProperty)) | set(
            ontology.objects(prop, RDFS.subPropertyOf))
        assert WDT[pid] in aligned, f"{prop} is not aligned to wdt:{pid}"


def test_every_inverse_names_a_fact_property(ontology):
    inverses = list(ontology.subject_objects(OWL.inverseOf))
    assert inverses
    for inverse, prop in inverses:
        assert prop in PROPERTY_BY_PID.values(), f"{inverse} is the inverse of {prop}, not a fact property"


def test_every_term_has_label_and_comment(ontology):
    for term in ontology_terms(ontology):
        assert ontology.value(term, RDFS.label), f"{term} has no rdfs:label"
        assert ontology.value(term, RDFS.comment), f"{term} has no rdfs:comment"


def test_shapes_only_use_ontology_terms(ontology):
    shapes = Graph().parse(shapes_file(), format="turtle")
    known = ontology_terms(ontology)
    used = {t for triple in shapes for t in triple
            if isinstance(t, URIRef) and str(t).startswith(FILM_NS)}
    assert used and not used - known, sorted(used - known)


@pytest.mark.parametrize("path", sorted(queries_dir().glob("*.rq")), ids=lambda p: p.name)
def test_every_query_file_parses_and_has_a_title(path):
    text = path.read_text(encoding="utf-8")
    query = parse_query_text(text, name=path.stem, source=path.name)
    assert query.title, f"{path.name} has no '# title:' header"
    if service_endpoints(text):
        return  # running a federated query would contact its endpoint; its own tests cover it
    # raises SyntaxError if malformed; runs on an empty store with the prefixes `filmkg query` declares
    ox.Store().query(text, prefixes=dict(PREFIXES))
    selected = set(text.split("WHERE", 1)[0].split())
    for param in query.params:
        assert f"?{param.name}" in selected, f"{path.name}: parameter {param.name} is not selected"


def test_named_queries_cover_the_questions_the_issue_asks():
    names = set(named_queries())
    assert {"directed-by", "films-by-person", "awards", "filming-locations", "cast", "release-and-money",
            "provenance"} <= names
