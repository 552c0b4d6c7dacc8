"""Fact objects the base model's entities miss: table words, sums of money, names in list lines.

The small spaCy model types "Indian Bengali" as one nationality, "Country India" as a
building, "₦163 million" as nothing and most names in a winners list as nothing at all.
Each reader here proposes such spans from general vocabulary (`countries.json`,
`cues.json`) or from the shape of a line, as (start, end, text, kind, value) tuples;
`objects.candidates` keeps those the entities did not already give, and the pair
classifier weighs each by its source.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from extract.model.structure import Line
from extract.model.text import doc_text, vocabulary
from extract.nlp.aliases import clean_person
from extract.nlp.gazetteer import cues, domain
from extract.nlp.literals import CURRENCY_SIGNS, parse_money

Found = tuple[int, int, str, str, str]


@lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    """First words of every country, demonym and language name: most words start none."""
    dom = domain()
    return frozenset(name.split()[0] for name in (*dom.countries, *dom.languages))


def countries_and_languages(doc: Any) -> list[Found]:
    """Each capitalised run of one to three words that names a country, a demonym or a language."""
    dom = domain()
    first_words = _first_words()
    text = doc_text(doc)
    out: list[Found] = []
    toks = [t for t in doc if not t.is_space]
    for k, tok in enumerate(toks):
        if not tok.text[:1].isupper() or tok.lower_ not in first_words:
            continue
        for n in (3, 2, 1):
            if k + n > len(toks):
                continue
            last = toks[k + n - 1]
            start, end = tok.idx, last.idx + len(last.text)
            surface = text[start:end]
            low = surface.casefold()
            country = dom.countries.get(low)
            language = dom.languages.get(low)
            if not country and not language:
                continue
            if n == 1 and len(low) <= 3 and not tok.is_upper:
                break  # "Us", "Uk": short forms only in capitals
            if country:
                out.append((start, end, surface, "COUNTRY", country.name))
            if language:
                out.append((start, end, surface, "LANGUAGE", language))
            elif country and country.languages and country.demonym_is_language and low in dom.demonyms:
                out.append((start, end, surface, "LANGUAGE", country.languages[0]))
            break
    return out


_SIGNS = "|".join(re.escape(sign) for sign, _ in CURRENCY_SIGNS if not sign.isalpha())
_WORDS = "|".join(re.escape(sign) for sign, _ in CURRENCY_SIGNS if sign.isalpha())
# before a number only codes in capitals ("USD 12 million"): "won 3 awards" is a verb
_CODES = "|".join(re.escape(sign) for sign, _ in CURRENCY_SIGNS if sign.isalpha() and sign.isupper())
_NUMBER = r"\d[\d,]*(?:\.\d+)?(?:\s*(?i:thousand|million|billion|lakhs?|crores?|mn|bn|[kmb])\b)?"
_MONEY = re.compile(rf"(?:(?:{_SIGNS})\s?|\b(?:{_CODES})\s)({_NUMBER})|\b{_NUMBER}\s+(?:{_WORDS})\b")


def amounts(text: str) -> list[Found]:
    """Sums written with a currency sign or word: "₦163 million", "50 million euros"."""
    out: list[Found] = []
    for m in _MONEY.finditer(text):
        money = parse_money(m.group(0))
        if money:
            out.append((m.start(), m.end(), m.group(0), "MONEY", f"{money[0]} {money[1]}"))
    return out


#: First words of a list part that make it a title or a category, not a name.
_NOT_FIRST = {"The", "A", "An", "Best", "Most", "In", "On", "Of", "My", "Our", "Your", "His", "Her"}
_PARTICLES = frozenset(cues("name_particles"))
_SEGMENT = re.compile(r"[^,;|()\[\]/]+")
_SEGMENT_TRIM = re.compile(r"^(?:[-–—•*·]|\d{1,3}[.)])?\s*|\s*[-–—:.]?\s*$")
_INITIALS = re.compile(r"^(?:[A-Z]\.)+$")


def name_word(word: str) -> bool:
    """A capitalised word of letters (any script's), an initial ("S.V.") or a name particle."""
    if word.casefold() in _PARTICLES and word.islower() or _INITIALS.match(word):
        return True
    letters = [c for c in word if c not in "'’-."]
    return (
        word[:1].isupper()
        and any(c.islower() for c in word)
        and all(c.isalpha() or unicodedata.category(c).startswith("M") for c in letters)
    )


def listed_names(text: str, lines: list[Line]) -> list[Found]:
    """Name-like parts (two to four capitalised words) of short lines: "Name, Title", "Title – Name".

    Winners lists, line-ups and credit blocks give no sentence around a name, which is what
    the small model needs to see one.
    """
    not_name = vocabulary("not_person_words")
    out: list[Found] = []
    for line in lines:
        if line.kind == "blank" or line.end - line.start > 160:
            continue
        body = text[line.start : line.end]
        for m in _SEGMENT.finditer(body):
            for part in re.split(r"\s+[-–—]\s+|\s+(?:and|&)\s+", m.group(0)):
                stripped = _SEGMENT_TRIM.sub("", part)
                words = stripped.split()
                if not 2 <= len(words) <= 4 or words[0] in _NOT_FIRST or not words[-1][:1].isupper():
                    continue
                if not all(name_word(w) for w in words) or any(w.casefold() in not_name for w in words):
                    continue
                name = clean_person(stripped)
                if name and not domain().countries.get(stripped.casefold()):
                    start = line.start + m.start() + m.group(0).find(part) + part.find(stripped)
                    out.append((start, start + len(stripped), stripped, "PERSON", name))
    return out
