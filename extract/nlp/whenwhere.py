"""Handlers for where and when: filming and narrative locations, premiere festivals, release
dates, and distributors named in territory sales. Registered into `handlers.HANDLERS`.

Kept because: 60 of the 945 facts the extractor keeps on dev, the seed and Re-DocRED
film are these facts as is (dates, places, festivals), and the pair classifier was
trained with them as features.
"""

from __future__ import annotations

import re
from typing import Any

from extract.nlp.context import Context
from extract.nlp.descriptors import DESCRIPTION_HEADS
from extract.nlp.gazetteer import cues
from extract.nlp.handlers import CLAUSE_STOPS, HANDLERS, emit_names, other_work_subject, sent_end_of
from extract.nlp.spans import PLACE_LABELS, Name, ent_at, name_at, name_list

PLACE_SUFFIXES = frozenset(cues("place_suffixes"))


CAST_WORDS = frozenset(cues("cast_words"))
#: "North American premiere at ...": a later, regional premiere, not the film's first (substrings).
SECONDARY_PREMIERE_CUES = tuple(cues("secondary_premiere_cues"))

#: Verbs that keep a filming clause going: "began in Toronto and wrapped in Montreal".
CONTINUING_VERBS = frozenset(cues("continuing_verbs"))


def _is_place(ctx: Context, name: Name, *, strict: bool = False) -> bool:
    """A place name; `strict` (story settings) takes only names NER or a place word vouches for."""
    text = ctx.doc[name.start : name.end].text
    if len(text.split()) >= 2 and text.split()[-1] in PLACE_SUFFIXES:
        return True  # "Pebble Bay" even when NER calls it a person
    if any(w in ctx.dom.film_tech for w in text.split()):
        return False
    if name.label in PLACE_LABELS:
        return True
    if strict:
        return False
    if name.label == "ORG":
        return True  # studios and venues: "filmed at Acme Studios"
    return name.label == "" and not text.isupper()


def _up(tok: Any, hops: int) -> list[Any]:
    """`tok` and its heads through prepositions: 'a comedy by Jane Doe, set in ...'."""
    out = [tok]
    while hops > 0 and tok.dep_ in {"pobj", "prep"} and tok.head.i != tok.i:
        tok = tok.head
        out.append(tok)
        hops -= 1
    return out


def _describes_film(ctx: Context, head: Any) -> bool:
    """'a quiet Japanese drama set in ...': a genre or film noun that is the film's description
    (the attribute of 'Title is', or next to a title)."""
    if head.lower_ not in DESCRIPTION_HEADS and head.lower_ not in ctx.dom.genres:
        return False
    if head.dep_ == "attr":
        subj = [c for c in head.head.children if c.dep_ == "nsubj"]
        return bool(subj) and ctx.filmish(subj[0]) is not None
    return head.dep_ == "appos" and ctx.filmish(head.head) is not None


def places(ctx: Context, rule: dict[str, Any], start: int, end: int) -> None:
    """'was shot in Lyon, including ... the Old Town', 'is set in Porto'."""
    doc = ctx.doc
    trigger = doc[start]
    narrative = rule["property"] == "P840"
    if narrative:
        if (
            trigger.lower_ == "set"
            and trigger.dep_ in {"acl", "relcl", "amod"}
            and ctx.filmish(trigger.head) is None
            and not any(_describes_film(ctx, t) for t in _up(trigger.head, 3))
        ):
            return
        subj = [c for c in trigger.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if (
            subj
            and ctx.filmish(subj[0]) is None
            and subj[0].lower_ not in {"story", "plot", "action", "narrative", "events"}
        ):
            return
    if other_work_subject(trigger):
        return  # "The music video was shot in Paris"
    limit = sent_end_of(ctx, start)
    found: list[Name] = []
    i = end
    while i < limit:
        tok = doc[i]
        if tok.lower_ in CLAUSE_STOPS or (
            tok.text == "," and i + 1 < limit and doc[i + 1].lower_ in CLAUSE_STOPS
        ):
            break
        if found and tok.pos_ in {"VERB", "AUX"} and tok.lower_ not in CONTINUING_VERBS:
            break  # "... in Brooklyn, once owned by ...": a new clause
        if tok.lower_ in CAST_WORDS:
            break  # "... in Malmo last winter and stars Jane Doe": the parser may tag "stars" a noun
        if narrative and found and tok.text == "," and i + 1 < limit and doc[i + 1].pos_ == "ADP":
            break
        name = name_at(doc, i, limit)
        if name is None:
            i += 1
            continue
        if _is_place(ctx, name, strict=narrative) and ctx.film_at(name.start) is None:
            found.append(name)
        i = name.end
    if not found:
        return
    # "Principal photography has begun in Morocco on 'Title'": the film may follow
    film, factor = ctx.film_for(start, right=not narrative)
    if film is None:
        return
    for name in found:
        conf = rule["confidence"] * factor * (1.0 if name.label in PLACE_LABELS else 0.85)
        ctx.add(
            subject=ctx.film_subject(film),
            pid=rule["property"],
            obj={"type": "place", "name": doc[name.start : name.end].text},
            rule=rule["id"],
            confidence=conf,
            token=start,
        )


def premiere(ctx: Context, rule: dict[str, Any], start: int, end: int) -> None:
    """'premiered at the 77th Cannes Film Festival', 'had its world premiere at Sundance'."""
    doc = ctx.doc
    k = ctx.sent_of(start)
    sent = ctx.sents[k]
    before = doc[max(sent.start, start - 3) : start].text.casefold()
    conf = rule["confidence"]
    if any(w in before for w in SECONDARY_PREMIERE_CUES):
        conf *= 0.6
    fests = [
        m for m in ctx.mentions if m["sent"] == k and m["kind"] == "festival" and m["token_start"] > start
    ]
    if fests:
        fest = fests[0]
    else:
        tail = doc[start : sent.end].text.casefold()
        if "the festival" not in tail:
            return
        earlier = [m for m in ctx.mentions if m["kind"] == "festival" and m["end"] <= doc[start].idx]
        if not earlier:
            return
        fest = earlier[-1]
        conf *= 0.85
    film, factor = ctx.film_for(start)
    if film is None:
        return
    ctx.add(
        subject=ctx.film_subject(film),
        pid="P4647",
        obj={"type": "festival", "name": fest["name"], "aliases": fest["aliases"]},
        rule=rule["id"],
        confidence=conf * factor,
        token=start,
    )


def _year_for(ctx: Context, char: int, sent: Any) -> int | None:
    """The year for a date written without one: the next year in the sentence, else the last before."""
    from extract.nlp.literals import years_in

    later = years_in(ctx.text[char : sent.end_char])
    return later[0] if later else ctx.year_before(char)


def release_date(ctx: Context, rule: dict[str, Any], start: int, end: int) -> None:
    """'was released on October 18, 2024', 'premiered on May 21, 2024', 'released in 1969'."""
    from extract.nlp.literals import parse_date

    doc = ctx.doc
    sent = ctx.sents[ctx.sent_of(start)]
    window = doc[max(sent.start, start - 6) : min(sent.end, end + 10)]
    if any(t.lower_ in ctx.dom.home_media for t in window):
        return
    if start >= 2 and doc[start - 1].text == "-" and doc[start - 2].lower_ == "re":
        return
    if other_work_subject(doc[start]):
        return
    limit = min(sent.end, end + 14)
    i = end
    while i < limit:
        tok = doc[i]
        if tok.text == ";" or tok.lower_ in CLAUSE_STOPS or (tok.pos_ == "VERB" and i > end):
            break
        if tok.ent_type_ == "DATE" and tok.ent_iob_ == "B":
            ent = ent_at(doc, i)
            assert ent is not None
            iso = parse_date(ent.text, default_year=_year_for(ctx, ent.start_char, sent))
            if iso is None or re.search(
                r"\b(?:decades?|century|season|later|last|next|this|previous|following|earlier|ago|"
                r"recently|same)\b",
                ent.text.casefold(),
            ):
                i = ent.end
                continue
            film, factor = ctx.film_for(start)
            if film is None:
                return
            ctx.add(
                subject=ctx.film_subject(film),
                pid="P577",
                obj={"type": "date", "iso": iso},
                rule=rule["id"],
                confidence=rule["confidence"] * factor,
                token=start,
            )
            # "... on May 3, 2019, in Canada and on June 14, 2019 in Ireland"
            for t in range(ent.end, min(sent.end, ent.end + 10)):
                if doc[t].lower_ == "and" and t + 1 < sent.end and doc[t + 1].lower_ in {"on", "in"}:
                    nxt = next(
                        (u for u in range(t + 2, min(sent.end, t + 4)) if doc[u].ent_type_ == "DATE"), None
                    )
                    other = ent_at(doc, nxt) if nxt is not None else None
                    iso2 = (
                        parse_date(other.text, default_year=_year_for(ctx, other.start_char, sent))
                        if other
                        else None
                    )
                    if iso2:
                        ctx.add(
                            subject=ctx.film_subject(film),
                            pid="P577",
                            obj={"type": "date", "iso": iso2},
                            rule=rule["id"],
                            confidence=rule["confidence"] * factor * 0.95,
                            token=start,
                        )
                    break
                if doc[t].text == ";" or doc[t].lower_ in CLAUSE_STOPS:
                    break
            # "released on October 18 by Acme"
            j = ent.end + (1 if ent.end < sent.end and doc[ent.end].text == "," else 0)
            if doc[start].lower_ == "released" and j < sent.end and doc[j].lower_ == "by":
                names = name_list(doc, j + 1, sent.end, skip=1)
                emit_names(
                    ctx,
                    {"id": "released_by", "confidence": 0.85},
                    names,
                    ["P750"],
                    start,
                    film=film,
                    factor=factor,
                )
            return
        i += 1
    if doc[start].lower_ == "released":
        for j in range(end, limit):
            if doc[j].lower_ == "by":
                names = name_list(doc, j + 1, sent.end, skip=1)
                emit_names(ctx, {"id": "released_by", "confidence": 0.8}, names, ["P750"], start)
                return
            if doc[j].text in {",", ";"}:
                return


def sold_to(ctx: Context, rule: dict[str, Any], start: int, end: int) -> None:
    """'sold by Acme to Alpha for France, Beta for Israel and Gamma/Delta for the rest of the world'."""
    doc = ctx.doc
    sent_end = sent_end_of(ctx, start)
    i = end
    if i < sent_end and doc[i].lower_ == "by":
        by = name_at(doc, i + 1, sent_end)
        i = by.end if by else i + 1
    if i >= sent_end or doc[i].lower_ != "to":
        return
    i += 1
    names: list[Name] = []
    while i < sent_end:
        name = name_at(doc, i, sent_end)
        if name is not None:  # NER may run "Alpha Films for France" together
            name.end = next((k for k in range(name.start + 1, name.end) if doc[k].lower_ == "for"), name.end)
        if name is None or name.end >= sent_end or doc[name.end].lower_ != "for":
            break  # each buyer comes with its territory: "Alpha for France"
        cut = [k for k in range(name.start, name.end) if doc[k].text == "/"]
        bounds = [name.start, *[k for c in cut for k in (c, c + 1)], name.end]
        for a, b in zip(bounds[::2], bounds[1::2], strict=False):  # "Alpha/Beta" are two companies
            if b > a and doc[a:b].text.casefold() not in ctx.dom.countries:
                names.append(Name(a, b, "ORG"))
        i = name.end
        while i < sent_end and doc[i].text not in {",", ";", "."}:  # "for Australia and New Zealand"
            i += 1
        while i < sent_end and doc[i].text in {",", "and"} or (i < sent_end and doc[i].lower_ == "and"):
            i += 1
    if len(names) < 1:
        return
    film, factor = ctx.film_for(start)
    if film is None:
        return
    for name in names:
        ctx.add(
            subject=ctx.film_subject(film),
            pid="P750",
            obj={"type": "org", "name": doc[name.start : name.end].text},
            rule=rule["id"],
            confidence=rule["confidence"] * factor,
            token=start,
        )


HANDLERS.update({"places": places, "premiere": premiere, "date": release_date, "sold_to": sold_to})
