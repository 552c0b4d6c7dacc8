"""Trade-press, review and festival phrasings (real model, marked `model`).

Every text is written for this test with invented films and people; none comes
from the evaluation sets or from the development set in fixtures/dev.
"""

from __future__ import annotations

import pytest

from extract.api import RULE_MIN_CONFIDENCE
from tests.test_extract_rules import extract_text, triples

pytestmark = pytest.mark.model


def run(text: str) -> set[tuple[str, str, str]]:
    return triples(extract_text(text, doc_id="t", min_confidence=RULE_MIN_CONFIDENCE))


FINDS = [
    # rights deals name the distributor
    (
        'Kestrel Films has acquired North American rights to "The Copper Well", the Danish drama '
        "from director Lotte Rask.",
        {
            ("P750", "The Copper Well", "Kestrel Films"),
            ("P495", "The Copper Well", "Denmark"),
            ("P136", "The Copper Well", "drama"),
        },
    ),
    (
        'Streamline has picked up worldwide rights to "Night Bus", the Swedish thriller co-directed by '
        "Elin Sten and Pavel Ruud.",
        {
            ("P750", "Night Bus", "Streamline"),
            ("P495", "Night Bus", "Sweden"),
            ("P136", "Night Bus", "thriller"),
        },
    ),
    (
        '"The Long Hall" is a psychological thriller from director Dana Holt. Larkspur has acquired '
        "worldwide rights.",
        {("P750", "The Long Hall", "Larkspur")},
    ),
    # casting news
    (
        'Mara Oyelaran has joined the cast of "The Orchard Wall", opposite Tomas Vey. '
        "Pinegrove Pictures is producing, with Ruth Alder and Dev Sarin serving as producers.",
        {
            ("P161", "The Orchard Wall", "Mara Oyelaran"),
            ("P161", "The Orchard Wall", "Tomas Vey"),
            ("P272", "The Orchard Wall", "Pinegrove Pictures"),
            ("P162", "The Orchard Wall", "Ruth Alder"),
            ("P162", "The Orchard Wall", "Dev Sarin"),
        },
    ),
    # releases through a distributor
    (
        'Willa Brandt plays a lighthouse keeper in the drama "Far Signal". '
        "The film arrives in UK cinemas next month through Halberd Releasing.",
        {("P750", "Far Signal", "Halberd Releasing")},
    ),
    # possessive descriptions after a title, with a parenthesis between
    (
        'The top prize went to "Salt Season", Jonas Pirkel\'s Polish drama about a fishing town.',
        {
            ("P57", "Salt Season", "Jonas Pirkel"),
            ("P495", "Salt Season", "Poland"),
            ("P136", "Salt Season", "drama"),
        },
    ),
    (
        'The festival opens with "Red Kites" (dir. Ilona Varga), a Hungarian comedy about two brothers.',
        {
            ("P57", "Red Kites", "Ilona Varga"),
            ("P495", "Red Kites", "Hungary"),
            ("P136", "Red Kites", "comedy"),
        },
    ),
    # a genre head before the title
    (
        'Second place went to the animated adventure "Moth and Moon" from Larkspur, which opened to '
        "$20 million.",
        {("P136", "Moth and Moon", "animated")},
    ),
    # winners-list lines credit the winner of a craft or acting category on the film
    (
        "Winners of the Gotham Awards:\n"
        'Best Feature: "Low Tide"\n'
        'Best Supporting Actress: Nadia Berg, "Low Tide"\n'
        'Best Cinematography: Otto Lind, "Glass Road"',
        {
            ("P166", "Low Tide", "Gotham Award for Best Feature"),
            ("P161", "Low Tide", "Nadia Berg"),
            ("P166", "Nadia Berg", "Gotham Award for Best Supporting Actress"),
            ("P344", "Glass Road", "Otto Lind"),
            ("P166", "Otto Lind", "Gotham Award for Best Cinematography"),
        },
    ),
    # a ceremony named in the previous sentence completes a bare category; "for her role in"
    (
        '"Harrow Lane" won Best Picture at the Academy Awards on Sunday. '
        'Gemma Toft won Best Actress for her role in "Dry Season".',
        {
            ("P166", "Harrow Lane", "Academy Award for Best Picture"),
            ("P166", "Gemma Toft", "Academy Award for Best Actress"),
            ("P161", "Dry Season", "Gemma Toft"),
        },
    ),
    # festival line-ups: a demonym before "director", a co-production from a company, settings
    (
        '"Dry Wells", the new film from Peruvian director Rosa Quispe, is a Peruvian-Bolivian '
        "co-production from Andes Cine. "
        'Also in competition is "Snow Motel", a comedy by filmmaker Kit Laine, set in a roadside motel '
        "in Manitoba.",
        {
            ("P57", "Dry Wells", "Rosa Quispe"),
            ("P495", "Dry Wells", "Peru"),
            ("P495", "Dry Wells", "Bolivia"),
            ("P272", "Dry Wells", "Andes Cine"),
            ("P840", "Snow Motel", "Manitoba"),
        },
    ),
    # a news sentence that introduces its film by apposition; money in crore and currency codes
    (
        "Veera Raju, the Tamil-language action drama directed by K. Selvan, has collected Rs 120 crore "
        "worldwide. Starring Anand Ravi and Meera Iyer, the film was made on a budget of Rs 40 crore.",
        {
            ("P57", "Veera Raju", "K. Selvan"),
            ("P364", "Veera Raju", "Tamil"),
            ("P136", "Veera Raju", "action"),
            ("P2142", "Veera Raju", "1200000000 INR"),
            ("P2130", "Veera Raju", "400000000 INR"),
            ("P161", "Veera Raju", "Anand Ravi"),
        },
    ),
    (
        "Maple Falls, the Canadian coming-of-age comedy from director Ada Lunde, has been acquired by "
        "Kestrel Films.",
        {
            ("P495", "Maple Falls", "Canada"),
            ("P136", "Maple Falls", "coming-of-age"),
            ("P57", "Maple Falls", "Ada Lunde"),
        },
    ),
    (
        "Bog Lights is a 2011 Irish horror film. It was made on a budget of EUR 2 million.",
        {("P2130", "Bog Lights", "2000000 EUR")},
    ),
    # a release verb before a title with a comma; a role's relative clause over two films
    (
        'Halberd Releasing will release "Oh, Brother!", a comedy directed by Lou Tan, in June.',
        {("P750", "Oh, Brother!", "Halberd Releasing"), ("P57", "Oh, Brother!", "Lou Tan")},
    ),
    (
        'Ulla Brink, the Danish cinematographer who shot "Grey Harbour" and "The Last Ferry", has died.',
        {("P344", "Grey Harbour", "Ulla Brink"), ("P344", "The Last Ferry", "Ulla Brink")},
    ),
    # obituaries: "the actress who starred in", a person's category "for" a film
    (
        'Vera Lind, the actress who starred in "Pale Fire", has died. Lind won the Academy Award for '
        'Best Supporting Actress for "Salt Road" in 1971.',
        {
            ("P161", "Pale Fire", "Vera Lind"),
            ("P166", "Vera Lind", "Academy Award for Best Supporting Actress"),
            ("P161", "Salt Road", "Vera Lind"),
        },
    ),
    (
        'The Silver Bear for Best Director went to Omar Sadi for "The Long Field".',
        {("P166", "Omar Sadi", "Silver Bear for Best Director"), ("P57", "The Long Field", "Omar Sadi")},
    ),
    # production news: the film follows the filming clause
    (
        'Principal photography has begun in Jordan on "The Sand Kings", an epic directed by Ravi Sethi.',
        {("P915", "The Sand Kings", "Jordan"), ("P57", "The Sand Kings", "Ravi Sethi")},
    ),
    # a studio's future release date
    (
        "Dark Water is a 2025 Swedish thriller directed by Ebba Lund. Halberd Releasing will release the "
        "film on October 3, 2025.",
        {("P577", "Dark Water", "2025-10-03")},
    ),
    # a composer's possessive score in a review
    (
        '"Tide Pools" is a quiet Japanese drama. Rin Kato\'s spare piano score never tells us what to feel.',
        {("P86", "Tide Pools", "Rin Kato")},
    ),
    # a winner named as the clause subject, not with the verb NER glued to the name
    (
        '"Red Orchard" won Best Film at the Goya Awards. Tomas Vidal won Best Actor for his performance '
        'in "Late Harvest".',
        {("P161", "Late Harvest", "Tomas Vidal"), ("P166", "Tomas Vidal", "Goya Award for Best Actor")},
    ),
    # a descriptive copula in a review lead
    (
        'Director Aiko Sen\'s "Tide Pools" is a quiet Japanese drama set in a fishing village in Kyushu.',
        {
            ("P57", "Tide Pools", "Aiko Sen"),
            ("P495", "Tide Pools", "Japan"),
            ("P136", "Tide Pools", "drama"),
            ("P840", "Tide Pools", "Kyushu"),
        },
    ),
]


@pytest.mark.parametrize("text,expected", FINDS, ids=[c[0][:30] for c in FINDS])
def test_news_phrasing_finds_facts(text: str, expected: set[tuple[str, str, str]]) -> None:
    got = run(text)
    assert expected <= got, f"missing {expected - got}; got {got}"


AVOIDS = [
    # film rights to a novel are no distribution
    (
        'Harrow Studios has acquired the film rights to "The Long Quiet", a novel by Dana Pell.',
        ("P750", "The Long Quiet", "Harrow Studios"),
    ),
    # "English-language debut" is no title
    (
        'Ana Ruiz has joined the cast of "Cold Shore", Pavel Dunaj\'s English-language debut.',
        ("P161", "English", "Ana Ruiz"),
    ),
    # a television drama is not a film's genre
    (
        'The episode was the tenth of the American television medical drama "County Ward".',
        ("P136", "County Ward", "drama"),
    ),
    # a title inside a critic's quotation
    (
        'Critics agreed: "Sunward is a romantic drama for the ages," reads the consensus. '
        "Sunward is a 2020 Irish comedy film directed by Orla Finn.",
        ("P136", "Sunward", "romantic drama"),
    ),
    # a possessive inside a title names no director
    (
        'The jury also praised "The Miller\'s Wife", directed by Anneli Koski.',
        ("P57", "Wife", "Miller"),
    ),
    # a person's story set somewhere is no film's setting
    (
        '"Far Hills" stars Ana Ruiz as a nurse, a woman set in her ways in Galway.',
        ("P840", "Far Hills", "Galway"),
    ),
    # a sales agent's international rights are no distribution
    (
        '"The Long Hall" is a 2024 thriller. Larkspur has acquired international sales rights.',
        ("P750", "The Long Hall", "Larkspur"),
    ),
    # a company whose name holds "Films" is no producer
    (
        "Les Heures Bleues is a 2019 French drama film produced by Les Films du Canal.",
        ("P162", "Les Heures Bleues", "Les Films du Canal"),
    ),
    # the author of the book a film is based on is not its director
    (
        'Moth Lane is a 2020 animated film based on the book series "Moth Lane" by Ida Crane.',
        ("P57", "Moth Lane", "Ida Crane"),
    ),
    # "Starring" is no part of a name
    (
        "Starring Anand Ravi and Meera Iyer, Veera Raju is a 2021 Tamil film.",
        ("P161", "Veera Raju", "Starring Anand Ravi"),
    ),
    # "In the United States, the ..." introduces no film
    (
        "Moth Lane is a 2020 film. In the United States, the animated film grossed $2 million.",
        ("P2142", "In the United States", "2000000 USD"),
    ),
    # a person introduced by apposition is no film
    (
        "Greta Holm, the documentary filmmaker, directed Salt Lines, a 2019 Danish film.",
        ("P57", "Greta Holm", "Greta Holm"),
    ),
    # a director who shot a film is not its cinematographer; a composer who directed is no composer
    (
        'Ulla Brink, the Danish director who shot "Grey Harbour" in Aarhus, has died.',
        ("P344", "Grey Harbour", "Ulla Brink"),
    ),
    (
        'Ulla Brink, the Danish composer who directed "Grey Harbour", has died.',
        ("P86", "Grey Harbour", "Ulla Brink"),
    ),
    # a cast list after a filming clause is no place
    (
        "Dark Water is a 2019 Swedish thriller. It was filmed in Gotland last winter and stars Ebba Lund.",
        ("P915", "Dark Water", "Ebba Lund"),
    ),
    # a song's or a band's music is no score
    (
        '"Tide Pools" is a 2020 Japanese drama. Johnny Vale\'s music is heard in the opening scene.',
        ("P86", "Tide Pools", "Johnny Vale"),
    ),
    # a place introduced by apposition is no film
    (
        'Toronto, the Canadian film hub, hosts the festival. Jo Marr directed "Glass Road" there.',
        ("P57", "Toronto", "Jo Marr"),
    ),
    # two ceremonies named: a bare category is not guessed to belong to either
    (
        '"Harrow Lane" won Best Picture at the Academy Awards, after taking the Golden Globe for '
        "Best Motion Picture – Drama. Gemma Toft won Best Actress.",
        ("P166", "Gemma Toft", "Golden Globe Award for Best Actress"),
    ),
    # "Best Actor:" in prose is no winners-list line
    (
        'Jo Marr directed "Glass Road". Actor: a word that names no category here.',
        ("P161", "Glass Road", "Jo Marr"),
    ),
    # a film named in passing, as a comparison
    (
        "It was the first Irish winner since Jane Roe's 2011 epic The Glass Ridge.",
        ("P57", "The Glass Ridge", "Jane Roe"),
    ),
]


@pytest.mark.parametrize("text,wrong", AVOIDS, ids=[c[0][:30] for c in AVOIDS])
def test_news_phrasing_avoids_false_facts(text: str, wrong: tuple[str, str, str]) -> None:
    got = run(text)
    assert wrong not in got, f"unexpected {wrong}; got {got}"
