"""Candidate generation of the trained extractor on texts written for these tests (invented names)."""

from __future__ import annotations

from typing import Any

import pytest
import spacy
from spacy.tokens import Doc, Span

from extract.model.extractor import (
    analyse,
    build_pairs,
    facts,
    film_surface_names,
    keep_best_films,
    select_films,
)
from extract.model.objects import ObjectCandidate
from extract.model.pairs import Pair, dependency_path
from extract.model.people import looks_like_name, resolve_people
from extract.model.text import primary_title, title_variants
from filmkg.training.measure import Facts, prediction_of

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def rules_nlp() -> Any:
    from extract.nlp.pipeline import build_nlp

    return build_nlp(trained=False)


def no_kind(_: str) -> None:
    return None


def test_a_title_the_rules_read_whole_is_a_candidate_and_its_parts_are_marked(rules_nlp: Any) -> None:
    text = (
        "Storm Harbor, Quiet Bay: The Return is a 2019 drama film directed by Ana Lotte. "
        "It follows a ferry pilot home."
    )
    analysis = analyse(rules_nlp(text), no_kind)
    by_text = {c.text: (c, f) for c, f in zip(analysis.film_candidates, analysis.film_features, strict=True)}
    whole, whole_features = by_text["Storm Harbor, Quiet Bay: The Return"]
    assert "rule_subject" in whole.cues and "rule_subject" in whole_features
    _, part_features = by_text["Storm Harbor"]
    assert "inside_rule_subject" in part_features


def test_nothing_is_read_from_an_articles_back_matter(rules_nlp: Any) -> None:
    text = (
        "Glass Harbour is a 2019 drama film directed by Ana Lotte.\n\n"
        '== Works cited ==\nHolt, Mira (2021). "Harbour Lights". Film Weekly. Vol. 3.\n\n'
        "== External links ==\nGlass Harbour at the Film Archive\n"
    )
    analysis = analyse(rules_nlp(text), no_kind)
    end = text.index("== Works cited")
    assert analysis.end == end
    assert analysis.film_candidates and all(c.start < end for c in analysis.film_candidates)
    assert {o.value for o in analysis.objects} >= {"Ana Lotte"}
    assert all(o.start < end for o in analysis.objects)
    probs = [0.9 if c.text == "Glass Harbour" else 0.0 for c in analysis.film_candidates]
    assert [f.start for f in select_films(analysis, probs, 0.5)] == [0]


@pytest.mark.parametrize(
    ("words", "label", "expected"),
    [
        (["Ngozi", "Adebayo"], "ORG", True),
        (["Tomas", "Vrel", "Junior"], "GPE", True),
        (["Paper", "Lantern", "Pictures"], "ORG", False),
        (["Denmark"], "GPE", False),
        (["NORDIC", "FILMS"], "ORG", False),
        (["Harbor", "City"], "GPE", False),
    ],
)
def test_names_typed_as_places_or_companies_get_a_person_reading(
    words: list[str], label: str, expected: bool
) -> None:
    doc = Doc(spacy.blank("en").vocab, words=[*words, "spoke", "."])
    assert looks_like_name(Span(doc, 0, len(words), label=label)) is expected


OBITUARY = """Veteran filmmaker Lena Okafor dies at 81

Lena Okafor, the director whose quiet dramas won over festival audiences, has died. Okafor was 81.

Born in Leeds, Okafor began in television before her 1979 feature The Salt Road. Her later films \
included Winter Lanterns and A House by the Weir, both shot in Wales.

Okafor is survived by her husband."""


def test_the_person_a_text_is_about_is_paired_with_every_film(rules_nlp: Any) -> None:
    analysis = analyse(rules_nlp(OBITUARY), no_kind)
    titles = {"The Salt Road", "Winter Lanterns", "A House by the Weir"}
    scores = [0.9 if c.text in titles else 0.0 for c in analysis.film_candidates]
    pairs = build_pairs(analysis, select_films(analysis, scores, 0.5))
    paired = {(p.subject_name, p.obj.value) for p in pairs if p.obj.kind == "PERSON"}
    assert {(t, "Lena Okafor") for t in titles} <= paired
    topic = [p for p in pairs if "topic_person" in p.rels]
    assert topic and all("tp_role=director" in p.features for p in topic)


def test_a_text_naming_a_person_once_has_no_topic_person(rules_nlp: Any) -> None:
    text = "The Salt Road (1979), directed by Lena Okafor, opens the season. Winter Lanterns follows."
    analysis = analyse(rules_nlp(text), no_kind)
    scores = [
        0.9 if c.text in {"The Salt Road", "Winter Lanterns"} else 0.0 for c in analysis.film_candidates
    ]
    pairs = build_pairs(analysis, select_films(analysis, scores, 0.5))
    assert not [p for p in pairs if "topic_person" in p.rels]


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        ("Storm Harbor, Quiet Bay: The Return () is a 2019 American drama film directed by Ana Lotte.", True),
        ("The Salt Road (Portuguese: A Estrada) was a 1979 documentary about salt workers.", True),
        ("Ocean Glass is an upcoming Danish science fiction film by Jonas Brandt.", True),
        ("Lena Okafor, the director of The Salt Road, has died. She was 81.", False),
        ("Top 10 films of the year\n1. Ocean Glass", False),
        ("Box office: Ocean Glass tops the weekend with $40 million.", False),
    ],
)
def test_encyclopedic_leads(rules_nlp: Any, text: str, lead: bool) -> None:
    from extract.model.films import encyclopedic_lead

    assert encyclopedic_lead(rules_nlp(text)) is lead


def fact(subject: str, prop: str, name: str, confidence: float, rule: str) -> dict[str, Any]:
    return {
        "subject": {"kind": "Film", "name": subject, "aliases": []},
        "property": prop,
        "object": {"kind": "Person", "name": name, "aliases": []},
        "character": "Nell" if rule != "model:sent" else None,
        "evidence": {"rule": rule, "confidence": confidence},
    }


@pytest.mark.parametrize(("encyclopedic", "confidence"), [(False, 0.41), (True, 0.92)])
def test_a_fact_both_propose_keeps_the_rule_record(encyclopedic: bool, confidence: float) -> None:
    from extract.model.rules import by_key, combine

    model = [fact("Ocean Glass", "P57", "Jonas Brandt", 0.41, "model:sent")]
    model[0]["subject"]["aliases"] = ["Ocean Glass!"]
    rules = by_key(
        [
            fact("Ocean Glass", "P57", "Jonas Brandt", 0.92, "agent_by"),
            fact("Ocean Glass", "P57", "Jonas Brandt", 0.85, "agent_by_weaker"),
        ]
    )
    (joined,) = combine(model, rules, encyclopedic, 0.05)
    # outside encyclopedic texts the rule's 0.92 is not a probability; the calibrated 0.41 is
    assert joined["evidence"] == {"rule": "agent_by", "confidence": confidence}
    assert joined["character"] == "Nell" and joined["subject"]["aliases"] == ["Ocean Glass!"]


def test_a_rule_fact_names_its_film_by_the_title_its_heading_holds() -> None:
    from extract.model.rules import by_key

    (joined,) = by_key([fact("12 May 2011 :: Ocean Glass", "P57", "Jonas Brandt", 0.92, "agent_by")]).values()
    assert joined["subject"]["name"] == "Ocean Glass"
    assert joined["subject"]["aliases"] == ["12 May 2011 :: Ocean Glass"]


@pytest.mark.parametrize(("encyclopedic", "kept"), [(False, []), (True, ["stars_verb"])])
def test_rule_facts_the_classifiers_did_not_propose_stand_only_in_encyclopedic_texts(
    encyclopedic: bool, kept: list[str]
) -> None:
    from extract.model.rules import by_key, combine

    rules = by_key([fact("Ocean Glass", "P161", "Mara Quist", 0.77, "stars_verb")])
    assert [f["evidence"]["rule"] for f in combine([], rules, encyclopedic, 0.05)] == kept
    assert combine([], rules, encyclopedic, 0.8) == []


@pytest.mark.parametrize(
    ("origin", "tables"),
    [
        ("model", ("P57", "*")),
        ("ruled", ("ruled:P57", "ruled:*", "P57", "*")),
        ("rules", ()),
    ],
)
def test_each_origin_of_a_fact_reads_its_own_tables_first(origin: str, tables: tuple[str, ...]) -> None:
    from extract.model.rules import curves

    assert tuple(curves("P57", origin)) == tables


@pytest.mark.parametrize(
    ("title", "variants"),
    [
        ("Harbour Lights", ["Harbour Lights"]),
        (
            "Luz del puerto / Harbour Lights",
            ["Luz del puerto / Harbour Lights", "Luz del puerto", "Harbour Lights"],
        ),
        (
            "Luz del puerto/ Harbour Lights",
            ["Luz del puerto/ Harbour Lights", "Luz del puerto", "Harbour Lights"],
        ),
        ("Harbour Lights (Luz del", ["Harbour Lights (Luz del", "Harbour Lights"]),
        ("24/7", ["24/7"]),  # not two titles
        ("Film review: Harbour Lights", ["Film review: Harbour Lights", "Harbour Lights"]),
        ("03 May 2021 :: Harbour Lights", ["03 May 2021 :: Harbour Lights", "Harbour Lights"]),
        ("7)Harbour Lights", ["7)Harbour Lights", "Harbour Lights"]),
        ("Harbour: The Return", ["Harbour: The Return"]),  # a colon inside a title stays
        ("2041: A Harbour Odyssey", ["2041: A Harbour Odyssey"]),
        ("Run, Harbour, Run!", ["Run, Harbour, Run!", "Run, Harbour, Run"]),
        ("Who Saw Harbour?", ["Who Saw Harbour?", "Who Saw Harbour"]),
    ],
)
def test_title_variants(title: str, variants: list[str]) -> None:
    assert title_variants(title) == variants


def _person(value: str, start: int) -> ObjectCandidate:
    return ObjectCandidate(start, start + len(value), value, "PERSON", value, "ner:PERSON")


@pytest.mark.parametrize(
    ("names", "short", "resolved"),
    [
        (["Mira Holt"], "Holt", "Mira Holt"),  # surname
        (["Anna Lise Holt"], "Lise Holt", "Anna Lise Holt"),  # the end of a longer name
        (["Kang Min-seo"], "Kang", "Kang Min-seo"),  # surname written first, no surname match
        (["Kang Min-seo", "Kang Ji-ho"], "Kang", "Kang"),  # two people open with it: left alone
        (["Dana Holt", "Holt Kang"], "Holt", "Dana Holt"),  # a surname match comes first
    ],
)
def test_short_person_names_take_the_fullest_name_in_the_text(
    names: list[str], short: str, resolved: str
) -> None:
    cands = [_person(n, 20 * k) for k, n in enumerate(names)] + [_person(short, 500)]
    resolve_people(cands)
    assert cands[-1].value == resolved
    assert cands[-1].aliases == (() if resolved == short else (short,))


def test_a_title_keeps_its_own_exclamation_mark(rules_nlp: Any) -> None:
    analysis = analyse(rules_nlp("Last year Pia Lund directed Harbour Ahoy! with a small crew."), no_kind)
    assert "Harbour Ahoy!" in {c.text for c in analysis.film_candidates}


def test_a_place_after_a_title_is_marked_as_a_setting(rules_nlp: Any) -> None:
    text = "The jury praised Silent Harbour from Norway and three other entries."
    analysis = analyse(rules_nlp(text), no_kind)
    feats = {c.text: f for c, f in zip(analysis.film_candidates, analysis.film_features, strict=True)}
    assert "tail_pp=from|GPE" in feats["Silent Harbour from Norway"]
    assert "next_pp=from|GPE" in feats["Silent Harbour"]


def _parsed(words: list[str], heads: list[int], deps: list[str]) -> Doc:
    """A Doc with a hand-written parse (lemmas are the lower-cased words)."""
    return Doc(
        spacy.blank("en").vocab,
        words=words,
        heads=heads,
        deps=deps,
        lemmas=[w.lower() for w in words],
        pos=["PROPN" if w[0].isupper() else "VERB" for w in words],
    )


def test_the_dependency_path_runs_through_the_common_head() -> None:
    # "Dune was directed by Villeneuve": film <-nsubjpass- directed -agent-> by -pobj-> Villeneuve
    doc = _parsed(
        ["Dune", "was", "directed", "by", "Villeneuve"],
        [2, 2, 2, 2, 3],
        ["nsubjpass", "auxpass", "ROOT", "agent", "pobj"],
    )
    feats = dependency_path(doc[0], doc[4])
    assert "path=nsubjpass^ VERB agentv pobjv" in feats
    assert "pathw=directed by" in feats
    assert "pathc=directed" in feats


def test_a_path_longer_than_the_limit_is_only_marked_long() -> None:
    words = ["w"] * 9
    heads = [0, 0, 1, 2, 3, 4, 5, 6, 7]  # a chain: every word hangs on the one before
    doc = _parsed(words, heads, ["ROOT"] + ["dep"] * 8)
    assert dependency_path(doc[8], doc[0], longest=6) == ["path=long"]
    assert dependency_path(doc[3], doc[0], longest=6)[0] == "path=dep^ dep^ dep^ VERB"


def test_a_contraction_does_not_cut_a_title(rules_nlp: Any) -> None:
    analysis = analyse(rules_nlp("Critics loved Don't Wake the Harbour by Pia Lund."), no_kind)
    assert "Don't Wake the Harbour" in {c.text for c in analysis.film_candidates}


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("Film review: Harbour Lights", "Harbour Lights"),
        ("03 May 2021 :: Harbour Lights", "Harbour Lights"),
        ("7)Harbour Lights", "Harbour Lights"),
        ("Harbour Lights (Luz del", "Harbour Lights"),
        ("Harbour: The Return", "Harbour: The Return"),
        ("Luz del puerto / Harbour Lights", "Luz del puerto / Harbour Lights"),
        ("12", "12"),
    ],
)
def test_primary_title(name: str, title: str) -> None:
    assert primary_title(name) == title


def test_an_object_mention_supports_a_property_only_for_its_best_film() -> None:
    director = _person("Mira Holt", 40)
    other_mention = _person("Mira Holt", 300)
    award = ObjectCandidate(60, 71, "Golden Reel", "AWARD", "Golden Reel", "ruler")
    pairs = [
        Pair("Glass Harbour", "FILM", director, {"only_in_sent"}, (0, 13)),
        Pair("Salt Lanterns", "FILM", director, {"prev"}, (100, 113)),
        Pair("Salt Lanterns", "FILM", other_mention, {"sent"}, (280, 293)),
        Pair("Mira Holt", "PERSON", award, {"sent"}, (40, 49)),
    ]
    scores = [
        {"P57": 0.8, "P161": 0.1},
        {"P57": 0.6, "P161": 0.3},  # loses P57 to the film of the mention's own sentence
        {"P57": 0.5},  # another mention of the same person: its own decision
        {"P166": 0.4},  # a person subject is not a film and competes with none
    ]
    assert keep_best_films(pairs, scores) == [
        {"P57": 0.8},
        {"P161": 0.3},
        {"P57": 0.5},
        {"P166": 0.4},
    ]


def test_training_scores_a_fact_under_the_names_the_extractor_gives_its_film() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    text = "Alta Mar / High Seas was directed by Rita Holt."
    doc = nlp(text)
    start = text.index("Rita Holt")
    pair = Pair("Alta Mar / High Seas", "FILM", _person("Rita Holt", start), {"sent"}, (0, 20))
    emitted = facts(doc, [pair], [{"P57": 0.9}], 0.5, film_surface_names([pair.subject_name]))
    (item,) = Facts.collect([doc], [[pair]], [{"P57": 0.9}]).items
    assert {"Alta Mar", "High Seas"} <= set(item.prediction.subject_names)
    assert item.prediction == prediction_of(emitted[0])
