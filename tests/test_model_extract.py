"""The committed trained extractor on texts written for these tests (invented films and people)."""

from __future__ import annotations

import pytest

from extract.api import extract_text
from extract.records import DateValue, DocumentFacts, Entity

pytestmark = pytest.mark.model


def facts(res: DocumentFacts) -> set[tuple[str, str, str]]:
    out = set()
    for f in res.facts:
        o = f.object
        value = o.name if isinstance(o, Entity) else o.iso if isinstance(o, DateValue) else str(o)
        out.add((f.property_id, f.subject.name, value))
    return out


CREDITS = """The Copper Well

Director: Lotte Rask
Cast: Ana Ruiz, Tom Berry, Ivo Lenk
Country: Denmark
Running time: 98 minutes

A fisherman's daughter comes home to a town that has forgotten her."""

TWO_FILMS = """Two restorations this season

Harbor Lights (1931)
Directed by Marta Olsen
A ferry captain and a singer fall in love in a port town.

The Glass Orchard (1948)
Directed by Pablo Mora
A family of growers fights over an inheritance after the war."""


def test_credit_block_gives_the_heading_film_its_crew() -> None:
    got = facts(extract_text(CREDITS, doc_id="credits"))
    assert ("P57", "The Copper Well", "Lotte Rask") in got
    assert {("P161", "The Copper Well", n) for n in ("Ana Ruiz", "Tom Berry")} & got


def test_each_director_goes_to_the_film_of_its_heading() -> None:
    got = facts(extract_text(TWO_FILMS, doc_id="two"))
    assert ("P57", "Harbor Lights", "Marta Olsen") in got
    assert ("P57", "The Glass Orchard", "Pablo Mora") in got
    assert ("P57", "The Glass Orchard", "Marta Olsen") not in got
    # Known limit: the hand rules still give the second director to the first film as well
    # ("Harbor Lights" -> "Pablo Mora"); the merged output keeps the rules' facts.


def test_evidence_is_the_sentence_and_confidence_is_calibrated() -> None:
    res = extract_text(TWO_FILMS, doc_id="two", min_confidence=0.0)
    assert any(f.evidence.rule.startswith("model:") for f in res.facts)
    for f in res.facts:
        ev = f.evidence
        assert ev.rule  # "model:<how the film relates>" or the name of the hand rule
        assert 0.0 < ev.confidence <= 1.0
        assert ev.sentence and ev.sentence in TWO_FILMS


def test_text_about_no_film_gives_no_facts() -> None:
    text = (
        "Preheat the oven. Mix two cups of flour with a pinch of salt, then knead the dough "
        "for ten minutes and let it rest under a cloth."
    )
    assert extract_text(text, doc_id="recipe").facts == ()
