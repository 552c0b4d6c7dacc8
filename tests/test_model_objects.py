"""Object candidates the base model's entities miss: table words, sums, list lines (invented names)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.model.categories import award_categories
from extract.model.extractor import largest_box_office
from extract.model.objects import candidates
from extract.model.structure import lines
from extract.model.text import doc_text
from extract.model.untyped import amounts, name_word

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def rules_nlp() -> Any:
    from extract.nlp.pipeline import build_nlp

    return build_nlp(trained=False)


def objects_of(nlp: Any, text: str, kind: str) -> list[tuple[str, str, str]]:
    doc = nlp(text)
    return [(o.text, o.value, o.source) for o in candidates(doc, lines(doc_text(doc))) if o.kind == kind]


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        # a demonym inside a longer nationality span still names the country and the language
        ("Velvet Harbour is a 1998 Indian Bengali drama film.", "COUNTRY", ("Indian", "India")),
        ("Velvet Harbour is a 1998 Indian Bengali drama film.", "LANGUAGE", ("Bengali", "Bengali")),
        # an infobox row without a colon
        ("Velvet Harbour\nCountry India\nRunning time 97 minutes", "COUNTRY", ("India", "India")),
        # a catalogue line: country code, year, director
        ("Rain Over Tessaly\n\nUSA 1961. Dir: Mara Quill. 97 min.", "COUNTRY", ("USA", "United States")),
    ],
)
def test_countries_and_languages_are_read_word_by_word(
    rules_nlp: Any, text: str, kind: str, expected: tuple[str, str]
) -> None:
    assert expected in [(t, v) for t, v, _ in objects_of(rules_nlp, text, kind)]


def test_short_forms_count_as_countries_only_in_capitals(rules_nlp: Any) -> None:
    found = objects_of(rules_nlp, "Tell us about the cut.", "COUNTRY")
    assert found == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("It took ₦163 million in its first month.", "163000000 NGN"),
        ("a total of ₹200 Crore", "2000000000 INR"),
        ("the film made USD 12 million", "12000000 USD"),
        ("costing 20 million dollars", "20000000 USD"),
        ("HK$55.1 million", "55100000 HKD"),
    ],
)
def test_sums_with_a_currency_sign_or_code_are_money(text: str, value: str) -> None:
    assert [value for *_, value in amounts(text)] == [value]


def test_the_verb_won_is_no_currency() -> None:
    assert amounts("She won 3 awards and 2 prizes.") == []


@given(st.text(max_size=60))
def test_money_reading_never_fails_on_any_text(text: str) -> None:
    for *_, value in amounts(text):
        amount, currency = value.split(" ")
        assert float(amount) > 0 and len(currency) == 3


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # a nominees list: the name part of "Name, Title" lines
        (
            "Best Actress\n  • Mira Holt, The Quiet Orchard\n  • Lise van Dorn, Salt Roads\n",
            ["Mira Holt", "Lise van Dorn"],
        ),
        # names of other scripts, alone on their line
        ("Produced by\nNuri Aksoylı\nYẹmí Adébáyọ̀\n", ["Nuri Aksoylı", "Yẹmí Adébáyọ̀"]),
    ],
)
def test_name_like_parts_of_list_lines_are_person_candidates(
    rules_nlp: Any, text: str, names: list[str]
) -> None:
    found = {v for _, v, _ in objects_of(rules_nlp, text, "PERSON")}
    assert set(names) <= found
    assert not found & {"Best Actress", "The Quiet Orchard"}


@pytest.mark.parametrize(
    ("word", "is_name"),
    [("Akpınar", True), ("S.V.", True), ("van", True), ("McGowan", True), ("ORM", False), ("1999", False)],
)
def test_name_words(word: str, is_name: bool) -> None:
    assert name_word(word) is is_name


def box_office(film: str, amount: str, currency: str) -> dict[str, Any]:
    money = {"money": [amount, currency]}
    return {"subject": {"kind": "Film", "name": film}, "property": "P2142", "object": money}


def test_only_the_largest_box_office_per_film_and_currency_stays() -> None:
    records = [
        box_office("Paper Moths", "15300000", "USD"),
        box_office("Paper Moths", "36500000", "USD"),
        box_office("Paper Moths", "900000", "EUR"),
        box_office("Winter Ferry", "2000000", "USD"),
    ]
    kept = largest_box_office(records)
    assert [(r["subject"]["name"], r["object"]["money"][0]) for r in kept] == [
        ("Paper Moths", "36500000"),
        ("Paper Moths", "900000"),
        ("Winter Ferry", "2000000"),
    ]


@pytest.mark.parametrize(
    ("text", "awards"),
    [
        ("Ana Sol was voted best leading actor for the part.", ["best leading actor"]),
        (
            "It took best supporting actress and best adapted screenplay.",
            ["best supporting actress", "best adapted screenplay"],
        ),
        (
            "The film won Best Film and Best Director, and Best Hair and Makeup.",
            ["Best Film", "Best Director", "Best Hair and Makeup"],
        ),
        ("Best Director\nWinner: Ana Sol", ["Best Director"]),
    ],
)
def test_award_categories_end_where_the_category_ends(text: str, awards: list[str]) -> None:
    found = [names[0] for _, _, names in award_categories(text)]
    assert [name for name in found if name.casefold().startswith("best")] == awards
