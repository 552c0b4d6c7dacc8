"""What kind of thing a Wikidata item is, and which extracted kinds may link to it.

Wikidata's own types (P31) are the strongest hint, the Freebase roles of the
slice come next, and the head noun of the English description ("1994 American
crime *film*", "borough of New York City") is the fallback. The word lists are
general vocabulary, not names.
"""

from __future__ import annotations

import re
import unicodedata

#: Categories an item can fall into (several at once is possible).
CATEGORIES = ("person", "film", "award", "festival", "place", "country", "organization",
              "genre", "language", "work")

_HEAD_WORDS: dict[str, str] = {
    "person": (
        "actor actress director filmmaker screenwriter writer producer composer singer musician "
        "cinematographer editor politician comedian comedienne author novelist playwright poet artist "
        "painter photographer journalist dancer model rapper songwriter guitarist pianist presenter "
        "personality athlete player footballer businessman businesswoman entrepreneur lawyer "
        "scientist philosopher historian critic animator designer person human choreographer "
        "performer drummer bassist conductor lyricist activist executive cartoonist illustrator "
        "architect teacher professor physician priest king queen emperor empress monarch prince "
        "princess officer soldier boxer wrestler stuntman magician socialite diplomat judge economist "
        "engineer inventor astronaut mathematician physicist chemist biologist psychologist "
        "sociologist linguist theologian sculptor dramatist figure impresario entertainer vocalist "
        "violinist cellist saxophonist trumpeter dj businessperson investor statesman aristocrat "
        "nobleman noblewoman explorer aviator cyclist swimmer tennis golfer skater"
    ),
    "film": "film movie documentary films",
    "award": "award awards prize prizes medal trophy accolade honour honor",
    "festival": "festival",
    "place": (
        "city town village borough neighborhood neighbourhood district county state province region "
        "municipality commune capital island area suburb metropolis settlement hamlet street avenue "
        "square park river mountain lake desert valley beach continent peninsula territory prefecture "
        "oblast canton locality place location landmark building hotel casino resort stadium bay "
        "coast canal bridge tower castle palace airport station port harbour harbor islands "
        "archipelago sea ocean forest boulevard road cemetery quarter"
    ),
    "country": "country nation kingdom republic empire federation",
    "organization": (
        "company corporation studio studios label publisher distributor network channel broadcaster "
        "organization organisation division subsidiary conglomerate firm enterprise agency "
        "association guild society union academy institute university college school group band "
        "club team party foundation brand chain manufacturer business newspaper magazine "
        "cooperative collective orchestra ensemble imprint"
    ),
    "genre": "genre subgenre",
    "language": "language dialect",
    "work": (
        "novel book play series musical opera comic comics manga story poem album song game "
        "franchise sitcom miniseries anime episode novella short programme program show "
        "soundtrack"
    ),
}
_CATEGORY_BY_HEAD = {word: cat for cat, words in _HEAD_WORDS.items() for word in words.split()}

#: Freebase roles (a hint in the slice, not Wikidata data) -> category.
FB_ROLE_CATEGORY = {
    "film": "film",
    "actor": "person",
    "director": "person",
    "screenwriter": "person",
    "film composer": "person",
    "award": "award",
    "filming location": "place",
    "production company": "organization",
    "film distributor": "organization",
    "genre": "genre",
    "country": "country",
}

#: Extracted kind (ontology class name) -> (categories it links to, categories it may link to
#: at a lower score because extractors often mistype them).
KIND_COMPAT: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "Person": (frozenset({"person"}), frozenset()),
    "Film": (frozenset({"film"}), frozenset()),
    "Award": (frozenset({"award"}), frozenset()),
    "FilmFestival": (frozenset({"festival"}), frozenset({"award"})),
    "Place": (frozenset({"place", "country"}), frozenset()),
    "Country": (frozenset({"country"}), frozenset({"place"})),
    "Organization": (frozenset({"organization"}), frozenset({"festival", "award"})),
    "Genre": (frozenset({"genre"}), frozenset()),
    "Language": (frozenset({"language"}), frozenset()),
    "Work": (frozenset({"work", "film"}), frozenset()),
}

#: Categories that can never be the same thing as each other: an item in both is dropped
#: from the ambiguous one (a "film director" is a person, never a film).
_EXCLUSIVE = ("person", "film", "place", "award", "festival")

_CUT = re.compile(
    r"\s(?:of|in|at|by|from|for|on|held|given|awarded|presented|directed|written|produced|based|"
    r"starring|created|located|founded|established|released|that|which|who|with|and its|about)\s"
    r"|[,;(:]"
)


def normalise(text: str) -> str:
    """Name key: case and accents folded, punctuation dropped, "&" as "and", no leading "the"."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    folded = folded.replace("&", " and ").replace("\u2019", "'")
    folded = re.sub(r"'s$", "", folded.strip())  # "Nolan's" -> "nolan"
    folded = re.sub(r"['\u2018`\u00b4]", "", folded)
    folded = re.sub(r"[^\w]+", " ", folded).replace("_", " ").strip()
    folded = re.sub(r"^the\s+", "", folded)
    return re.sub(r"\s+", " ", folded)


def head_noun(description: str) -> str | None:
    """The head noun of a Wikidata-style description: "highest prize awarded at X" -> "prize"."""
    text = " " + description.strip() + " "
    match = _CUT.search(text)
    head = text[: match.start()] if match else text
    words = normalise(head).split()
    return words[-1] if words else None


def description_category(description: str | None) -> str | None:
    """The category a description's head noun names, if it names one."""
    if not description:
        return None
    head = head_noun(description)
    if head is None:
        return None
    if head == "state" and "sovereign" in description.lower():
        return "country"
    return _CATEGORY_BY_HEAD.get(head)


def type_label_category(label: str) -> str | None:
    """The category of a type class from its label ("city of the United States" -> place)."""
    low = label.lower()
    if low == "human":
        return "person"
    if "sovereign state" in low or low in {"country", "historical country"}:
        return "country"
    return description_category(label)


def compatible(kind: str, categories: frozenset[str] | set[str]) -> str | None:
    """"full" when the extracted kind fits the item, "soft" when it fits a commonly mistyped one."""
    full, soft = KIND_COMPAT.get(kind, (frozenset(), frozenset()))
    if categories & full:
        return "full"
    if categories & soft:
        return "soft"
    return None


def clean_categories(categories: set[str]) -> set[str]:
    """Drop contradictions: an item that is a person is not also a film or a place."""
    if "person" in categories:
        return {"person"}
    exclusive = [c for c in _EXCLUSIVE if c in categories]
    if len(exclusive) > 1 and "film" in exclusive:
        return categories - {"place", "person"}
    return categories


#: Wikidata classes that ontology/film.ttl aligns its classes to; used, besides the slice's
#: own type classes, to read the P31 of items fetched online.
ONTOLOGY_CLASS_CATEGORY = {
    "Q11424": "film",
    "Q5": "person",
    "Q618779": "award",
    "Q220505": "festival",
    "Q2221906": "place",
    "Q6256": "country",
    "Q43229": "organization",
    "Q201658": "genre",
    "Q34770": "language",
    "Q17537576": "work",
}


#: Words that tie a person to film in a description or an occupation's label ("American film
#: producer", occupation "screenwriter"); a namesake without any is likely another person.
FILM_PERSON_WORDS = frozenset((
    "film", "films", "movie", "movies", "cinema", "cinematic", "actor", "actress", "director",
    "filmmaker", "screenwriter", "screenplay", "cinematographer", "animator", "comedian",
    "comedienne", "entertainer", "writer", "novelist", "playwright", "author", "dramatist",
    "television", "documentarian", "stuntman", "choreographer",
))  # not "composer", "producer", "editor": music and print have them too ("film composer" has "film")


def mentions_film_work(text: str | None) -> bool:
    """Whether a description or occupation label names film (or writing, acting) work."""
    return bool(text) and not FILM_PERSON_WORDS.isdisjoint(normalise(text or "").split())
