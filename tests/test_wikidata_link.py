"""The linker on hand-built graphs (no spaCy): right QIDs, nothing wrong, the rest for review."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import OWL, RDF, Graph, Literal, URIRef

from extract.rdf import build_graph, entity_iri
from extract.records import DateValue, DocumentFacts, Entity, EntityKind, Evidence, Fact
from extract.vocab import FILM, WD
from filmkg.wikidata.link import link_graph
from filmkg.wikidata.slice import load_slice

K = EntityKind
EV = Evidence("A sentence.", 0, 11, "test", 0.9)


def doc(entities: list[Entity], facts: list[tuple[Entity, str, Entity | DateValue]] = (),  # type: ignore[assignment]
        doc_id: str = "d1") -> DocumentFacts:
    return DocumentFacts(doc_id=doc_id, entities=tuple(entities),
                         facts=tuple(Fact(s, p, o, EV) for s, p, o in facts))


def links(graph: Graph) -> dict[str, str]:
    """Local label -> linked QID."""
    found = {}
    for s, o in graph.subject_objects(OWL.sameAs):
        label = str(graph.value(s, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
        found[label] = str(o).rsplit("/", 1)[1]
    return found


@pytest.fixture(scope="module")
def wd():
    return load_slice()


def test_festival_award_place_and_company_names_link_to_their_items(wd):
    film = Entity("Example Film", K.FILM)
    ents = {
        "Palme d'Or": (K.AWARD, "Q179808"),
        "Cannes Film Festival": (K.FESTIVAL, "Q42369"),
        "Academy Award for Best Picture": (K.AWARD, "Q102427"),
        "Producers Guild of America Award for Best Theatrical Motion Picture": (K.AWARD, "Q5569374"),
        "Toronto International Film Festival": (K.FESTIVAL, "Q390018"),
        "Brooklyn": (K.PLACE, "Q18419"),
        "Las Vegas": (K.PLACE, "Q23768"),
        "New York City": (K.PLACE, "Q60"),
        "Nevada": (K.PLACE, "Q1227"),
        "Russia": (K.COUNTRY, "Q159"),
        "Focus Features": (K.ORGANIZATION, "Q649649"),
        "The Criterion Collection": (K.ORGANIZATION, "Q1204187"),
    }
    entities = [film] + [Entity(n, k) for n, (k, _) in ents.items()]
    unknown = [Entity("Example Person Nobody Knows", K.PERSON), Entity("Example Studio Xyz", K.ORGANIZATION)]
    graph = build_graph([doc(entities + unknown)])
    report = link_graph(graph, slice=wd)
    assert links(graph) == {n: q for n, (_, q) in ents.items()}
    unlinked = {d.entity.label: d.reason for d in report.unlinked}
    assert unlinked["Example Film"] == "no candidate in the slice"
    assert set(unlinked) == {"Example Film", *(e.name for e in unknown)}


def test_each_link_has_a_film_link_node_with_score_and_evidence(wd):
    graph = build_graph([doc([Entity("Palme d'Or", K.AWARD)])])
    link_graph(graph, slice=wd)
    node = graph.value(predicate=RDF.type, object=FILM.Link)
    assert graph.value(node, RDF.object) == WD.Q179808
    assert graph.value(node, RDF.predicate) == OWL.sameAs
    assert Decimal(str(graph.value(node, FILM.linkScore))) >= Decimal("0.75")
    evidence = {str(e) for e in graph.objects(node, FILM.linkEvidence)}
    assert any(e.startswith("label match") for e in evidence)
    assert any(e.startswith("type: award") for e in evidence)


@pytest.mark.parametrize(("name", "kind"), [
    ("Brooklyn", K.PERSON),         # a place, not a human
    ("Nevada", K.FILM),             # a place, not a film
    ("Vanity Fair", K.PERSON),      # a film, not a human
    ("Palme d'Or", K.PLACE),        # an award, not a place
])
def test_a_name_of_the_wrong_type_is_not_linked(wd, name, kind):
    graph = build_graph([doc([Entity(name, kind)])])
    report = link_graph(graph, slice=wd)
    assert links(graph) == {}
    assert report.unlinked[0].reason.startswith("no fitting candidate")


def test_class_items_are_not_people(wd):
    graph = build_graph([doc([Entity("Filmmaker", K.PERSON)])])
    link_graph(graph, slice=wd)
    assert links(graph) == {}


@pytest.mark.parametrize("name", ["Hollywood", "New York"])
def test_ambiguous_names_stay_unlinked_for_review(wd, name):
    graph = build_graph([doc([Entity(name, K.PLACE)])])
    report = link_graph(graph, slice=wd)
    assert links(graph) == {}
    (decision,) = report.unlinked
    assert decision.reason.startswith("ambiguous")
    assert len(decision.candidates) >= 2
    row = report.review_rows()[0]
    assert row[0] == name and "ambiguous" in row[3]


def test_the_director_in_the_document_picks_the_film_among_namesakes(wd):
    film, director = Entity("Crash", K.FILM), Entity("Paul Haggis", K.PERSON)
    graph = build_graph([doc([film, director], [(film, "P57", director)])])
    report = link_graph(graph, slice=wd)
    assert links(graph) == {"Crash": "Q188000", "Paul Haggis": "Q314935"}
    (crash,) = [d for d in report.linked if d.entity.label == "Crash"]
    assert any("as the document says (P57)" in e for e in crash.linked.evidence)


def test_the_description_and_the_year_pick_the_film_among_namesakes(wd):
    film, director = Entity("Crash", K.FILM), Entity("David Cronenberg", K.PERSON)
    graph = build_graph([doc([film, director], [(film, "P57", director)])])
    link_graph(graph, slice=wd)
    assert links(graph)["Crash"] == "Q839133"
    film = Entity("Crash", K.FILM)
    graph = build_graph([doc([film], [(film, "P577", DateValue("1996-05-17"))])])
    link_graph(graph, slice=wd)
    assert links(graph) == {"Crash": "Q839133"}


def test_a_film_name_alone_is_ambiguous(wd):
    graph = build_graph([doc([Entity("Crash", K.FILM)])])
    report = link_graph(graph, slice=wd)
    assert links(graph) == {}
    assert report.unlinked[0].reason.startswith("ambiguous")


def test_a_lone_surname_links_only_when_unique_and_a_fact_supports_it(wd):
    film, person = Entity("Crash", K.FILM), Entity("Haggis", K.PERSON)
    graph = build_graph([doc([film, person], [(film, "P57", person)])])
    link_graph(graph, slice=wd)
    assert links(graph)["Haggis"] == "Q314935"
    graph = build_graph([doc([Entity("Haggis", K.PERSON)])])
    report = link_graph(graph, slice=wd)
    assert links(graph) == {}
    assert "weak" in report.unlinked[0].reason
    graph = build_graph([doc([Entity("Carpenter", K.PERSON)])])  # two people in the slice
    report = link_graph(graph, slice=wd)
    assert links(graph) == {} and "names 2 people" in report.unlinked[0].reason


def test_an_alias_links_when_the_type_is_sure(wd):
    graph = build_graph([doc([Entity("Universal Pictures", K.ORGANIZATION)])])
    report = link_graph(graph, slice=wd)
    assert links(graph) == {"Universal Pictures": "Q168383"}
    assert report.linked[0].linked.match == "alias"


def test_a_label_beats_an_alias_of_a_similar_item(wd):
    graph = build_graph([doc([Entity("Russia", K.PLACE), Entity("Brooklyn", K.PLACE)])])
    link_graph(graph, slice=wd)
    assert links(graph) == {"Russia": "Q159", "Brooklyn": "Q18419"}


def test_festival_typed_as_organisation_still_links_loosely(wd):
    graph = build_graph([doc([Entity("the Cannes Film Festival", K.ORGANIZATION)])])
    report = link_graph(graph, slice=wd)
    assert links(graph) == {"the Cannes Film Festival": "Q42369"}
    assert report.linked[0].linked.fit == "soft"


def test_linking_twice_gives_the_same_graph(wd):
    graph = build_graph([doc([Entity("Palme d'Or", K.AWARD), Entity("Nevada", K.PLACE)])])
    link_graph(graph, slice=wd)
    once = set(graph)
    link_graph(graph, slice=wd)
    assert set(graph) == once


def test_a_link_made_by_hand_is_kept(wd):
    graph = build_graph([doc([Entity("Nevada", K.PLACE)])])
    node = entity_iri(Entity("Nevada", K.PLACE))
    graph.add((node, OWL.sameAs, WD.Q99999999))
    report = link_graph(graph, slice=wd)
    assert set(graph.objects(node, OWL.sameAs)) == {WD.Q99999999}
    assert report.decisions == []


def test_entities_of_another_document_give_no_context(wd):
    film, director = Entity("Crash", K.FILM), Entity("Paul Haggis", K.PERSON)
    other = Entity("Other Film", K.FILM)
    d1 = doc([film], [(film, "P577", DateValue("2004"))], doc_id="a")
    d2 = doc([other, director], [(other, "P57", director)], doc_id="b")
    graph = build_graph([d1, d2])
    report = link_graph(graph, slice=wd)
    (crash,) = [d for d in report.decisions if d.entity.label == "Crash"]
    assert not any("Haggis" in e for c in crash.candidates for e in c.evidence)
    assert links(graph)["Crash"] == "Q188000"  # from its year alone


def test_entities_without_labels_or_of_other_classes_are_ignored(wd):
    graph = Graph()
    graph.add((URIRef("urn:x"), RDF.type, FILM.Film))
    graph.add((URIRef("urn:y"), RDF.type, FILM.Document))
    graph.add((URIRef("urn:y"), URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("Nevada")))
    assert link_graph(graph, slice=wd).decisions == []


def test_a_category_name_without_its_award_is_not_linked(wd):
    graph = build_graph([doc([Entity("Best Actress", K.AWARD), Entity("Best Picture", K.AWARD)])])
    report = link_graph(graph, slice=wd)
    assert links(graph) == {}
    assert all("category every award body has" in d.reason or d.reason == "no candidate in the slice"
               for d in report.unlinked)


def test_a_one_word_person_needs_a_sure_type_or_context(tmp_path):
    from filmkg.wikidata.build import build

    build(Path(__file__).parent / "fixtures" / "wikidata" / "source", tmp_path)
    small = load_slice(tmp_path)
    graph = build_graph([doc([Entity("Mononym", K.PERSON), Entity("Solo", K.PERSON)])])
    report = link_graph(graph, slice=small)
    assert links(graph) == {"Solo": "Q900008"}  # typed human in Wikidata
    (weak,) = report.unlinked
    assert weak.entity.label == "Mononym" and weak.reason.startswith("weak")


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    from filmkg.wikidata.build import build

    folder = tmp_path_factory.mktemp("small")
    build(Path(__file__).parent / "fixtures" / "wikidata" / "source", folder)
    return load_slice(folder)


def test_a_namesake_without_film_work_is_not_linked_without_context(small):
    graph = build_graph([doc([Entity("Jane Namesake", K.PERSON), Entity("Jane Example", K.PERSON)])])
    report = link_graph(graph, slice=small)
    assert links(graph) == {"Jane Example": "Q900002"}  # "American film director"
    (namesake,) = report.unlinked
    assert any("maybe a namesake" in e for e in namesake.candidates[0].evidence)


def test_accents_in_the_text_that_the_label_lacks_count_against(small):
    graph = build_graph([doc([Entity("São Example", K.PLACE)])])
    report = link_graph(graph, slice=small)
    assert links(graph) == {}
    assert any("accents differ" in e for e in report.unlinked[0].candidates[0].evidence)
    graph = build_graph([doc([Entity("Sao Example", K.PLACE)])])
    link_graph(graph, slice=small)
    assert links(graph) == {"Sao Example": "Q900010"}


def test_the_extract_link_step_links_each_graph_and_sums_up(wd):
    from filmkg.wikidata.run import LinkStep

    step = LinkStep()
    for name in ("Nevada", "Nowhere Xyz"):
        step(build_graph([doc([Entity(name, K.PLACE)], doc_id=name)]))
    step.close()
    assert step.summary() == (1, 2, [])
