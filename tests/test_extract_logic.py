"""Pure logic of the extractor, no spaCy model: dates, money, award names, lead sentences, aliases."""

from __future__ import annotations

from decimal import Decimal

import pytest

from extract.nlp.aliases import PersonIndex, clean_person
from extract.nlp.awards import award_status, find_mentions
from extract.nlp.lead import parse_lead
from extract.nlp.literals import parse_date, parse_money


@pytest.mark.parametrize(
    "text,default,iso",
    [
        ("May 21, 2024", None, "2024-05-21"),
        ("21 May 2024", None, "2024-05-21"),
        ("October 18", 2024, "2024-10-18"),
        ("October 18", None, None),
        ("February 2023", None, "2023-02"),
        ("1969", None, "1969"),
        ("2019-07-04", None, "2019-07-04"),
        ("Sept. 9, 2001", None, "2001-09-09"),
        ("the 1990s", None, None),
        ("last year", 2020, None),
    ],
)
def test_parse_date(text: str, default: int | None, iso: str | None) -> None:
    assert parse_date(text, default_year=default) == iso


@pytest.mark.parametrize(
    "text,amount,currency",
    [
        ("$36.5 million", "36500000", "USD"),
        ("US$2.5 billion", "2500000000", "USD"),
        ("£2m", "2000000", "GBP"),
        ("€15 million", "15000000", "EUR"),
        ("₹10 crore", "100000000", "INR"),
        ("50 million euros", "50000000", "EUR"),
        ("$550,503", "550503", "USD"),
        ("¥1.2 billion", "1200000000", "JPY"),
    ],
)
def test_parse_money(text: str, amount: str, currency: str) -> None:
    assert parse_money(text) == (Decimal(amount), currency)


def test_parse_money_needs_a_currency_and_an_amount() -> None:
    assert parse_money("36.5 million") is None
    assert parse_money("$") is None


def _awards(text: str) -> list[tuple[str, str, str | None]]:
    return [(m.kind, m.name, award_status(text, m.start, m.end)) for m in find_mentions(text)]


@pytest.mark.parametrize(
    "text,name",
    [
        ("It won Best Picture at the Oscars.", "Academy Award for Best Picture"),
        ("It won Best Film at the BAFTAs.", "BAFTA Award for Best Film"),
        (
            "At the Golden Globes it won Best Motion Picture – Comedy or Musical.",
            "Golden Globe Award for Best Motion Picture – Comedy or Musical",
        ),
        ("It won the Golden Lion at the Venice Film Festival.", "Golden Lion"),
        ("It took home the Palme d'Or.", "Palme d'Or"),
        (
            "She won the Screen Actors Guild Award for Outstanding Performance by a Female Actor "
            "in a Leading Role.",
            "Screen Actors Guild Award for Outstanding Performance by a Female Actor in a Leading Role",
        ),
    ],
)
def test_award_names_are_normalised(text: str, name: str) -> None:
    assert ("award", name, "won") in _awards(text)


def test_category_without_ceremony_stays_bare() -> None:
    assert ("award", "Best Director", "won") in _awards("She won Best Director for the film.")


def test_won_nominated_and_vying() -> None:
    text = (
        "It received six nominations at the 90th Academy Awards (including Best Picture) and won "
        "Best Original Score."
    )
    got = _awards(text)
    assert ("award", "Academy Award for Best Picture", "nominated") in got
    assert ("award", "Academy Award for Best Original Score", "won") in got
    assert ("award", "Golden Bear", "nominated") in _awards("It is vying for the Golden Bear.")
    assert ("award", "Palme d'Or", "won") in _awards("the Palme d'Or winner")


def test_festival_edition_maps_to_the_festival() -> None:
    m = next(
        m for m in find_mentions("It premiered at the 77th Cannes Film Festival.") if m.kind == "festival"
    )
    assert m.name == "Cannes Film Festival" and "77th Cannes Film Festival" in m.aliases
    generic = [
        m for m in find_mentions("It screened at the 12th Riverbend Film Festival.") if m.kind == "festival"
    ]
    assert generic and generic[0].name == "Riverbend Film Festival"


def test_a_city_alone_is_a_festival_only_in_festival_wording() -> None:
    assert not [m for m in find_mentions("She moved to Venice in 1990.") if m.kind == "festival"]
    assert [m for m in find_mentions("It premiered in competition at Venice.") if m.kind == "festival"]


def test_lead_sentence() -> None:
    lead = parse_lead(
        "Night Ferry (also known as The Last Crossing) is a 1998 British-French crime thriller "
        "film directed by Jane Doe."
    )
    assert lead is not None
    assert lead.title == "Night Ferry" and lead.aliases == ["The Last Crossing"]
    assert lead.year == 1998
    assert [c for c, _ in lead.countries] == ["United Kingdom", "France"]
    assert "crime thriller" in lead.genres


def test_lead_language_and_genre_noun() -> None:
    lead = parse_lead("Veyil Kaalam is a 2016 Tamil-language drama film.")
    assert lead is not None and lead.languages == ["Tamil"] and lead.countries == []
    bare = parse_lead("Glass Tower is a 2014 thriller.")
    assert bare is not None and bare.title == "Glass Tower" and bare.genres == ["thriller"]


def test_non_film_lead_is_rejected() -> None:
    assert parse_lead("Glass Tower is a 2014 thriller novel by Jane Doe.") is None
    assert parse_lead("the weather was a disaster for the film crew") is None


def test_person_index_resolves_surnames_without_merging_namesakes() -> None:
    idx = PersonIndex(
        [("Sofia Lanz", 0), ("Lanz", 40), ("Joel Harmon", 60), ("Ethan Harmon", 90), ("Harmon", 120)]
    )
    assert idx.resolve("Lanz", 40) == ("Sofia Lanz", False)
    assert idx.aliases("Sofia Lanz") == ["Lanz"]
    name, ambiguous = idx.resolve("Harmon", 120)
    assert ambiguous and name == "Ethan Harmon"  # the most recent Harmon
    assert idx.aliases("Joel Harmon") == [] and idx.aliases("Ethan Harmon") == []
    assert idx.resolve("Sofia", 130) == ("Sofia Lanz", False)


def test_name_suffixes_are_not_surnames() -> None:
    idx = PersonIndex([("Harry Doe, Jr.", 0), ("Doe", 40)])
    assert idx.resolve("Doe", 40) == ("Harry Doe Jr.", False)
    assert "Harry Doe" in idx.aliases("Harry Doe Jr.")
    assert idx.resolve("Jr.", 50)[0] != "Harry Doe Jr."


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("Doe's", "Doe"),
        ("Dr. Jane  Doe", "Jane Doe"),
        ("Harry Doe, Jr.", "Harry Doe Jr."),
        ("Mira Holt (The Ferryman", "Mira Holt"),  # a list line's bracket cut short
        ("Mira Holt - Norway", "Mira Holt"),
        ("Mira Holt | Sound", "Mira Holt"),
        ("including Mira Holt", "Mira Holt"),
        ("Mira Holt as", "Mira Holt"),
        ("Dana Vale etc", "Dana Vale"),
        ("Singer Dana Vale", "Dana Vale"),
        ("Swede Dana Vale", "Dana Vale"),
        ("Anton de Vries", "Anton de Vries"),  # particles stay
        ("de Vries", "de Vries"),
        ("Jean-Paul Roux-Vale", "Jean-Paul Roux-Vale"),  # hyphens inside a name are not dashes
    ],
)
def test_clean_person(raw: str, name: str) -> None:
    assert clean_person(raw) == name
