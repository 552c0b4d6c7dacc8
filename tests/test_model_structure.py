"""The document-structure pass: headings, fields, list items and prose (pure, no spaCy)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.model.structure import content_end, lines, split_values


def fields_of(text: str) -> list[tuple[str, str | None, str]]:
    return [(f.label, f.prop, text[f.start : f.end]) for ln in lines(text) for f in ln.fields]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Director: Jane Roe", [("director", "P57", "Jane Roe")]),
        ("Directed by | Ivo Lenk |", [("directed by", "P57", "Ivo Lenk")]),
        ("Cinematography- Pal Mora", [("cinematography", "P344", "Pal Mora")]),
        (
            "Country: Chile, Peru; Year: 2008; Director: Ana Sol",
            [("country", "P495", "Chile, Peru"), ("year", "P577", "2008"), ("director", "P57", "Ana Sol")],
        ),
        ("Release date(s) | 3 May 1999 |", [("release dates", "P577", "3 May 1999")]),
        ("Directed by Tomas Ferreira and Ana Lobo", [("directed by", "P57", "Tomas Ferreira and Ana Lobo")]),
        ("Production Company: Blue Owl Pictures", [("production company", "P272", "Blue Owl Pictures")]),
        (
            "DIR: Ola Brun • WRI: Ida Holm, Ola Brun • CAST: Per Vik",
            [("dir", "P57", "Ola Brun"), ("wri", "P58", "Ida Holm, Ola Brun"), ("cast", "P161", "Per Vik")],
        ),
        (
            "Salt Creek (Country: Chile; Year: 2011; Stars: Ana Sol, Rui Paz)",
            [("country", "P495", "Chile"), ("year", "P577", "2011"), ("stars", "P161", "Ana Sol, Rui Paz")],
        ),
        ("Cast: Ana Sol; Rui Paz; Ivo Lenk", [("cast", "P161", "Ana Sol; Rui Paz; Ivo Lenk")]),
    ],
)
def test_field_lines(text: str, expected: list[tuple[str, str | None, str]]) -> None:
    assert fields_of(text) == expected
    assert lines(text)[0].kind == "field"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Midnight Harbor (2019)", "heading"),
        ("1. The Copper Well, Lotte Rask (Denmark)", "item"),
        ("- Glass Tower", "item"),
        ("He said: it was a fine film, and the crowd agreed with him.", "prose"),
        ("", "blank"),
    ],
)
def test_line_kinds(text: str, kind: str) -> None:
    assert lines(text)[0].kind == kind


def test_unknown_labels_in_prose_are_not_fields() -> None:
    assert fields_of("The critic wrote: a quiet triumph of a film, patient and warm.") == []


def test_offsets_point_into_the_document() -> None:
    text = "Intro\n\nStarring: Ana Ruiz, Tom Berry\nMusic by - Lee Park"
    for ln in lines(text):
        assert text[ln.start : ln.end].strip() == text[ln.start : ln.end]
        for f in ln.fields:
            assert text[f.start : f.end] in {"Ana Ruiz, Tom Berry", "Lee Park"}


def test_split_values_gives_each_name() -> None:
    value = "Ana Ruiz, Tom Berry and Lee Park | Ivo Lenk"
    assert [value[s:e] for s, e in split_values(value, 0)] == [
        "Ana Ruiz",
        "Tom Berry",
        "Lee Park",
        "Ivo Lenk",
    ]


@given(st.text(max_size=400))
def test_any_text_gives_lines_covering_it(text: str) -> None:
    got = lines(text)
    assert len(got) == text.count("\n") + 1
    for ln in got:
        assert 0 <= ln.start <= ln.end <= len(text)
        for f in ln.fields:
            assert ln.start <= f.start < f.end <= ln.end


@pytest.mark.parametrize(
    ("heading", "back_matter"),
    [
        ("== References ==", True),
        ("See also", True),
        ("External links:", True),
        ("## Works cited", True),
        ("References to the silent era", False),
        ("Reception", False),
    ],
)
def test_back_matter_begins_at_its_heading(heading: str, back_matter: bool) -> None:
    text = (
        f"Glass Harbour is a 2019 film.\n\n{heading}\nRoe, Jane (2019). Glass Harbour at sea. Film Weekly.\n"
    )
    expected = text.index(heading) if back_matter else len(text)
    assert content_end(lines(text), text) == expected
