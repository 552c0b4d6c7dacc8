"""Award sections of winners lists (texts and names written for these tests)."""

from __future__ import annotations

from typing import Any

import pytest

from extract.model.extractor import analyse, build_pairs, keep_best_films
from extract.model.objects import ObjectCandidate
from extract.model.pairs import FilmMention, Pair
from extract.model.sections import award_sections, section_features
from extract.model.structure import lines

WINNERS = """Fourth Lakeshore Screen Awards

Best Director
Winner:
- Tomas Lindqvar (The Salt Road)
Nominees:
- Elin Brusk (Glass Harbour)
- Pekka Naarin (Midnight Ferry)

Best Actress
Anna Sjoval - The Copper Bell

The ceremony was held in a theatre by the lake, and the host thanked every guest for coming.
"""


def award(text: str, name: str) -> ObjectCandidate:
    start = text.index(name)
    return ObjectCandidate(start, start + len(name), name, "AWARD", name, "category")


def test_a_category_heading_governs_the_lines_below_it_up_to_the_next_heading() -> None:
    awards = [award(WINNERS, "Best Director"), award(WINNERS, "Best Actress")]
    director, actress = award_sections(lines(WINNERS), awards, WINNERS)
    text_lines = WINNERS.split("\n")
    assert [text_lines[i] for i in sorted(director.items)] == [
        "- Tomas Lindqvar (The Salt Road)",
        "- Elin Brusk (Glass Harbour)",
        "- Pekka Naarin (Midnight Ferry)",
    ]
    assert [director.status[i] for i in sorted(director.items)] == ["winner", "nominee", "nominee"]
    assert director.roles == ("director",)
    # prose ends a section: the closing sentence is no item of "Best Actress"
    assert [text_lines[i] for i in sorted(actress.items)] == ["Anna Sjoval - The Copper Bell"]
    assert actress.status == {}
    (only,) = actress.items
    assert "sec_below" in section_features(actress, only, lines(WINNERS))


def test_a_category_opening_a_line_governs_the_rest_of_it() -> None:
    text = "Best Film: The Salt Road\nBest Director: Elin Brusk – Glass Harbour\nIt was a tie.\n"
    awards = [award(text, "Best Film"), award(text, "Best Director")]
    film, director = award_sections(lines(text), awards, text)
    assert text[director.start : lines(text)[1].end] == ": Elin Brusk – Glass Harbour"
    assert (film.first, film.last, director.first, director.last) == (0, 0, 1, 1)
    assert "sec_inline" in section_features(director, 1, lines(text))


def test_an_award_inside_a_sentence_heads_no_section() -> None:
    text = "She won Best Director for a film about salt.\n- Tomas Lindqvar\n"
    assert award_sections(lines(text), [award(text, "Best Director")], text) == []


def test_section_features_say_where_a_line_sits() -> None:
    (director,) = award_sections(lines(WINNERS), [award(WINNERS, "Best Director")], WINNERS)
    first, second = sorted(director.items)[:2]
    assert "sec_status=winner|pos=0" in section_features(director, first, lines(WINNERS))
    assert "sec_status=nominee|pos=1" in section_features(director, second, lines(WINNERS))


@pytest.fixture(scope="module")
def winners_pairs() -> list[Pair]:
    from extract.nlp.pipeline import build_nlp

    doc = build_nlp(trained=False)(WINNERS)
    analysis = analyse(doc, lambda _: None)
    films = []
    for title in ("The Salt Road", "Glass Harbour", "Midnight Ferry", "The Copper Bell"):
        start = WINNERS.index(title)
        span = doc.char_span(start, start + len(title))
        tokens = (span.start, span.end)
        films.append(FilmMention(start, start + len(title), title, 0.9, frozenset({"line"}), tokens))
    return build_pairs(analysis, films)


@pytest.mark.model
def test_every_person_and_film_of_a_section_is_paired_with_its_award(winners_pairs: list[Pair]) -> None:
    section = {
        (p.subject_name, p.subject_kind, p.obj.text) for p in winners_pairs if "award_section" in p.rels
    }
    assert ("Midnight Ferry", "FILM", "Best Director") in section
    assert ("Anna Sjoval", "PERSON", "Best Actress") in section
    assert ("The Copper Bell", "FILM", "Best Actress") in section
    assert not any("\n" in p.obj.text for p in winners_pairs)  # no award runs into the next line
    credit = next(p for p in winners_pairs if (p.subject_name, p.obj.text) == ("Glass Harbour", "Elin Brusk"))
    assert "in_sec_role=director" in credit.features


@pytest.mark.model
def test_each_nominee_of_a_section_keeps_its_own_score(winners_pairs: list[Pair]) -> None:
    nominees = [p for p in winners_pairs if "award_section" in p.rels and p.subject_kind == "FILM"]
    scores: list[dict[str, Any]] = [{"P1411": 0.9 - 0.1 * k} for k in range(len(nominees))]
    assert keep_best_films(nominees, scores) == scores
