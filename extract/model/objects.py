"""Candidate fact objects of a document: people, companies, places, awards, dates, money, genres.

Each candidate carries the normalised value a fact would hold (an ISO date, an
amount and currency, a country's name) and where it sits (sentence, line, field),
so the pair classifier can read its context. Sources: the base model's entities,
the domain ruler's award and festival mentions, genre words, and field values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from extract.model import untyped
from extract.model.categories import award_categories
from extract.model.people import looks_like_name
from extract.model.structure import Line, split_values
from extract.model.text import doc_text, vocabulary
from extract.nlp.aliases import clean_person
from extract.nlp.gazetteer import domain
from extract.nlp.literals import parse_date, parse_money

PERSON_PROPS = ("P57", "P58", "P162", "P1040", "P344", "P86", "P161")
FIELD_KIND = {
    **{p: "PERSON" for p in PERSON_PROPS},
    "P272": "ORG",
    "P750": "ORG",
    "P495": "COUNTRY",
    "P364": "LANGUAGE",
    "P136": "GENRE",
    "P577": "DATE",
    "P2130": "MONEY",
    "P2142": "MONEY",
    "P915": "PLACE",
    "P840": "PLACE",
    "P4647": "FESTIVAL",
    "P166": "AWARD",
    "P144": "WORK",
}
_FOR_NAME = re.compile(r"\s+(?:for|to)\s+(?:[A-Z][\w'’.-]*\s*){1,4}$")
_CATEGORY = re.compile(r"\b(?:Best|Outstanding)\b.*$")


def _category(name: str) -> str:
    """'Academy Award for Best Actress' -> 'Best Actress' (texts often give the category alone)."""
    m = _CATEGORY.search(name)
    return m.group(0) if m else ""


#: Words that make an organisation or event name an award (`vocabulary.json`).
_AWARD_WORDS = vocabulary("award_words")


@dataclass
class ObjectCandidate:
    """A possible fact object at [start, end) with its kind and normalised value."""

    start: int
    end: int
    text: str
    kind: str
    value: str
    source: str
    aliases: tuple[str, ...] = ()
    field_label: str | None = None
    field_prop: str | None = None
    status: str | None = None


def _entity_kind(label: str, text: str) -> list[tuple[str, str]]:
    """(kind, value) readings of a base-model entity; a demonym is a country and maybe a language."""
    dom = domain()
    low = text.casefold().strip()
    if label == "PERSON":
        name = clean_person(text)
        return [("PERSON", name)] if name else []
    if label in {"ORG", "EVENT"}:
        if "festival" in low or "fest" in low.split() or "biennale" in low:
            return [("FESTIVAL", text)]
        if any(w in low for w in _AWARD_WORDS):
            return [("AWARD", text)]
        return [("ORG", text)]
    if label in {"GPE", "LOC", "FAC"}:
        country = dom.countries.get(low)
        return [("COUNTRY", country.name)] if country else [("PLACE", text)]
    if label in {"NORP", "LANGUAGE"}:
        out = []
        country = dom.countries.get(low)
        if country:
            out.append(("COUNTRY", country.name))
        if low in dom.languages:
            out.append(("LANGUAGE", dom.languages[low]))
        elif country and country.languages and country.demonym_is_language:
            out.append(("LANGUAGE", country.languages[0]))
        return out or ([("LANGUAGE", text)] if label == "LANGUAGE" else [])
    if label == "DATE":
        iso = parse_date(text)
        return [("DATE", iso)] if iso else []
    if label == "MONEY":
        money = parse_money(text)
        return [("MONEY", f"{money[0]} {money[1]}")] if money else []
    if label == "WORK_OF_ART":
        return [("WORK", text)]
    return []


def _field_value(kind: str, text: str) -> str | None:
    dom = domain()
    if kind == "PERSON":
        return clean_person(text) or None
    if kind == "DATE":
        return parse_date(text)
    if kind == "MONEY":
        money = parse_money(text)
        return f"{money[0]} {money[1]}" if money else None
    if kind == "COUNTRY":
        country = dom.countries.get(text.casefold())
        return country.name if country else None
    if kind == "LANGUAGE":
        return dom.languages.get(text.casefold(), text)
    if kind == "GENRE":
        return text.casefold() if text.casefold() in dom.genres else text.casefold()
    return text


def candidates(doc: Any, lines: list[Line]) -> list[ObjectCandidate]:
    """Every object candidate of a processed Doc, without duplicates of kind and span."""
    text = doc_text(doc)
    out: dict[tuple[int, int, str], ObjectCandidate] = {}

    def add(cand: ObjectCandidate) -> None:
        key = (cand.start, cand.end, cand.kind)
        if key not in out or (out[key].field_prop is None and cand.field_prop):
            out[key] = cand

    mentions = doc._.film_mentions or []
    covered = [(m["start"], m["end"]) for m in mentions]

    def inside_mention(pos: int) -> bool:
        return any(s <= pos < e for s, e in covered)

    for m in mentions:
        kind = "FESTIVAL" if m["kind"] == "festival" else "AWARD"
        surface = text[m["start"] : m["end"]]
        names = [m["name"], *m.get("aliases", ()), surface]
        trimmed = [_FOR_NAME.sub("", n) for n in names]
        name = trimmed[0]
        aliases = tuple(
            dict.fromkeys(n for n in trimmed[1:] + [_category(n) for n in trimmed] if n and n != name)
        )
        add(
            ObjectCandidate(
                m["start"], m["end"], surface, kind, name, "domain", aliases=aliases, status=m.get("status")
            )
        )
    for ent in doc.ents:
        if any(s <= ent.start_char < e or s < ent.end_char <= e for s, e in covered) and ent.label_ != "DATE":
            continue
        for kind, value in _entity_kind(ent.label_, ent.text):
            add(ObjectCandidate(ent.start_char, ent.end_char, ent.text, kind, value, f"ner:{ent.label_}"))
        if ent.label_ in {"ORG", "GPE", "LOC", "FAC", "NORP"} and looks_like_name(ent):
            name = clean_person(ent.text)
            if name:
                add(
                    ObjectCandidate(
                        ent.start_char, ent.end_char, ent.text, "PERSON", name, f"as_person:{ent.label_}"
                    )
                )
    for start, end, category in award_categories(text):
        add(ObjectCandidate(start, end, category[0], "AWARD", category[0], "category", aliases=category[1:]))
    genres = domain().genres | EXTRA_GENRES
    first_words = {g.split()[0].split("-")[0] for g in genres}
    for sent in doc.sents:
        toks = [t for t in sent if not t.is_space]
        lows = [t.lower_ for t in toks]
        i = 0
        while i < len(toks):
            word = lows[i]
            if not {word, word[:-1], word[:-3] + "y"} & first_words:
                i += 1
                continue
            for n in (3, 2, 1):
                if i + n > len(toks):
                    continue
                span = doc[toks[i].i : toks[i + n - 1].i + 1]
                low = span.text.casefold()
                singular = low[:-3] + "y" if low.endswith("ies") else low[:-1] if low.endswith("s") else low
                form = low if low in genres else singular if singular in genres else None
                if form and (n > 1 or toks[i].pos_ in {"NOUN", "ADJ", "PROPN"}):
                    nxt = doc[span.end].lower_ if span.end < len(doc) else ""
                    forms = [f"{form} {nxt}"] if nxt in {"film", "movie", "films", "movies"} else []
                    stem = re.sub(r"\s+(?:film|movie)$", "", form)
                    if stem != form:
                        forms.append(stem)
                    add(
                        ObjectCandidate(
                            span.start_char,
                            span.end_char,
                            span.text,
                            "GENRE",
                            form,
                            "genre",
                            aliases=tuple(forms),
                        )
                    )
                    prev = doc[span.start - 1] if span.start > 0 else None
                    if prev is not None and prev.pos_ in {"ADJ", "NOUN"} and prev.is_alpha:
                        compound = f"{prev.lower_} {stem}"
                        add(
                            ObjectCandidate(
                                prev.idx,
                                span.end_char,
                                text[prev.idx : span.end_char],
                                "GENRE",
                                compound,
                                "genre_compound",
                                aliases=(f"{compound} film",),
                            )
                        )
                    i += n - 1
                    break
            i += 1
    for line in lines:
        for fld in line.fields:
            if fld.prop is None:
                continue
            fkind = FIELD_KIND.get(fld.prop)  # TITLE fields name the film, not an object
            if fkind is None:
                continue
            value_text = text[fld.start : fld.end]
            pieces = (
                [(fld.start, fld.end)] if fkind in {"DATE", "MONEY"} else split_values(value_text, fld.start)
            )
            for s, e in pieces:
                fvalue = _field_value(fkind, text[s:e])
                if fvalue and len(text[s:e]) <= 80:
                    add(
                        ObjectCandidate(
                            s,
                            e,
                            text[s:e],
                            fkind,
                            fvalue,
                            "field",
                            field_label=fld.label,
                            field_prop=fld.prop,
                        )
                    )
    found = [(*u, "lex") for u in untyped.countries_and_languages(doc) if not inside_mention(u[0])]
    found += [(*u, "lex") for u in untyped.amounts(text)]
    found += [(*u, "listed") for u in untyped.listed_names(text, lines)]
    for start, end, surface, kind, value, source in found:  # only where the entities gave none
        if not any(o.kind == kind and o.start < end and start < o.end for o in out.values()):
            add(ObjectCandidate(start, end, surface, kind, value, source))
    return sorted(out.values(), key=lambda c: (c.start, c.end, c.kind))


#: Genre words beyond the rule gazetteer (`vocabulary.json`).
EXTRA_GENRES = vocabulary("extra_genres")
