"""Argument readers for the trigger rules of `patterns/relations.jsonl`.

A rule's Matcher pattern finds the trigger ("directed by", "starring", "was
shot in"); its handler reads the arguments around it (a coordinated list of
names, the places of the clause, the next date) and the film it is about.
Here: the registry, `emit_names` and the name-list triggers; more handlers in
`clauses.py`, `roles.py` and `whenwhere.py`.

Kept because: its triggers ("produced, written and directed by A", "starring A, B
and C") give 233 of the 945 facts the extractor keeps on dev, the seed and
Re-DocRED film as is, and the pair classifier was trained with them as features.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from spacy.tokens import Token

from extract.nlp.context import Context
from extract.nlp.gazetteer import cues
from extract.nlp.spans import (
    Name,
    ent_at,
    is_cap,
    name_at,
    name_list,
)

CLAUSE_STOPS = frozenset(cues("clause_stops"))
CREW = {"P57", "P58", "P1040", "P344", "P86", "P161"}
Handler = Callable[[Context, dict[str, Any], int, int], None]


def sent_end_of(ctx: Context, i: int) -> int:
    return ctx.sents[ctx.sent_of(i)].end


def emit_names(
    ctx: Context,
    rule: dict[str, Any],
    names: list[Name],
    pids: list[str],
    token: int,
    *,
    film: int | None = None,
    factor: float = 1.0,
) -> None:
    if film is None:
        film, factor = ctx.film_for(token)
    if film is None:
        return
    for name in names:
        kind = ctx.kind_of(name)
        for pid in pids:
            conf = rule["confidence"] * factor
            words = len(ctx.doc[name.start : name.end].text.split())
            if pid in CREW or pid == "P162":
                if (
                    kind == "place"
                    and pid != "P162"
                    and words >= 2
                    and ctx.person_shaped(name)
                    and ctx.doc[name.start : name.end].text.casefold() not in ctx.dom.countries
                ):
                    conf *= 0.8  # "Jane Jersey" in a list of actors, tagged as a place by NER
                elif kind == "org?" or (kind == "unknown" and ctx.person_shaped(name)):
                    if pid == "P162" and "P272" in pids and words < 2:
                        continue  # "produced by Acme": a one-word name is likelier a company
                    conf *= 0.9 if kind == "unknown" else 0.85
                elif kind != "person":
                    continue
                obj = ctx.person_obj(name)
            elif pid in {"P272", "P750"}:
                if kind in {"person", "place"}:
                    continue
                if kind in {"org?", "unknown"} and "P162" in pids and words >= 2:
                    continue  # a two-word unknown name after "produced by" is taken as a person
                obj = {"type": "org", "name": ctx.doc[name.start : name.end].text}
                if kind != "org":
                    conf *= 0.85
            else:
                continue
            ctx.add(
                subject=ctx.film_subject(film),
                pid=pid,
                obj=obj,
                rule=rule["id"],
                confidence=conf,
                token=token,
                character=name.character if pid == "P161" else None,
            )


def _nonfilm_subject(ctx: Context, verb: Token) -> bool:
    """True when a passive participle describes a song, novel... rather than a film."""
    heads = ctx.dom.nonfilm_heads
    if verb.dep_ in {"acl", "relcl"} and verb.head.lower_ in heads and ctx.film_at(verb.head.i) is None:
        return True
    return any(
        c.dep_ in {"nsubjpass", "nsubj"} and c.lower_ in heads and ctx.film_at(c.i) is None
        for c in verb.children
    )


OTHER_WORKS = frozenset(cues("other_works"))


#: Nouns that host a cast list but are not films.
NONFILM_HOSTS = frozenset(cues("nonfilm_hosts"))


def other_work_subject(verb: Token) -> bool:
    """'A sequel ... was released on ...': the verb's subject is another work, not this film."""
    for _ in range(4):
        if any(c.dep_ in {"nsubjpass", "nsubj"} and c.lower_ in OTHER_WORKS for c in verb.children):
            return True
        if verb.dep_ in {"acl", "relcl"} and verb.head.lower_ in OTHER_WORKS:
            return True
        if verb.dep_ != "conj" or verb.head.i == verb.i:
            return False
        verb = verb.head
    return False


def org_production(ctx: Context, rule: dict[str, Any], start: int, end: int) -> None:
    """'This Acme Pictures feature', 'an Acme Films production' -> production company."""
    name = Name(start + 1, end - 1, "ORG")
    toks = ctx.doc[name.start : name.end]
    if any(
        t.ent_type_ in {"NORP", "GPE", "PERSON", "LANGUAGE", "LOC"} or ctx.film_at(t.i) is not None
        for t in toks
    ):
        return
    film, factor = ctx.film_for(start)
    if film is not None:
        ctx.add(
            subject=ctx.film_subject(film),
            pid=rule["property"],
            obj={"type": "org", "name": ctx.doc[name.start : name.end].text},
            rule=rule["id"],
            confidence=rule["confidence"] * factor,
            token=start,
        )


def agent_by(ctx: Context, rule: dict[str, Any], start: int, end: int) -> None:
    """'produced, written, directed, and edited by Jane Doe' (also passive 'was directed by')."""
    doc = ctx.doc
    by = end - 1
    verbs = ctx.dom.agent_verbs
    pids: list[str] = []
    first = by
    i = by - 1
    sent_start = ctx.sents[ctx.sent_of(by)].start
    if rule["id"] == "distributed_in_by":  # "distributed in North America by Acme": the verb opens the match
        i = start
    while i >= sent_start:
        low = doc[i].lower_
        if low in verbs:
            for p in verbs[low]:
                if p not in pids:
                    pids.append(p)
            first = i
        elif low not in {",", "and", "co", "-", "&", "both"} and doc[i].pos_ != "ADV":
            break
        i -= 1
    if not pids or _nonfilm_subject(ctx, doc[first]) or other_work_subject(doc[first]):
        return
    j = by + 1
    limit = sent_end_of(ctx, by)
    extra: list[str] = []
    if j + 1 < limit and doc[j].lower_ == "and" and doc[j + 1].lower_ in {"starring", "featuring"}:
        extra = ["P161"]
        j += 2
    names = name_list(doc, j, limit, skip=1)
    emit_names(ctx, rule, names, pids + extra, by)


def right_list(ctx: Context, rule: dict[str, Any], start: int, end: int) -> None:
    """'starring A, B and C', 'The supporting cast includes ...', 'music by X'."""
    doc = ctx.doc
    if doc[start].lower_ in {"featuring", "features", "featured", "feature"} and (
        doc[start].dep_ == "amod" or (end < len(doc) and doc[end].lower_ == "as")
    ):
        return
    trigger = doc[start]
    if (
        trigger.dep_ in {"acl", "relcl", "prep", "xcomp"}
        and trigger.head.lower_ in NONFILM_HOSTS | ctx.dom.nonfilm_heads
    ):
        return  # "a stage play starring ...", "the music video featuring ..."
    if _nonfilm_subject(ctx, trigger):
        return
    names = name_list(doc, end, sent_end_of(ctx, start), skip=5)
    emit_names(ctx, rule, names, [rule["property"]], start)


def left_list(ctx: Context, rule: dict[str, Any], start: int, end: int) -> None:
    """'Jane Doe and John Roe star as a rancher and his wife': the names before the trigger."""
    doc = ctx.doc
    sent = ctx.sents[ctx.sent_of(start)]
    sent_start = sent.start
    tail = {t.lower_ for t in doc[end : sent.end]}
    if tail & (ctx.dom.nonfilm_heads | NONFILM_HOSTS | {"production", "revival", "broadway"}):
        return  # "starred as a cowboy in a stage play"
    names: list[Name] = []
    j = start
    while j > sent_start:
        ent = ent_at(doc, j - 1)
        if ent is not None and ent.end == j and ent.label_ not in {"DATE", "CARDINAL", "NORP", "GPE"}:
            first = ent.start
        else:
            first = j
            while first > sent_start and is_cap(doc[first - 1]) and not doc[first - 1].is_punct:
                first -= 1
        name = name_at(doc, first, j) if first < j else None
        if name is None or name.end != j or ctx.film_at(first) is not None:
            break
        names.append(name)
        j = first
        while j > sent_start and doc[j - 1].lower_ in {",", "and", "&"}:
            j -= 1
        if j == first:
            break
    emit_names(ctx, rule, list(reversed(names)), [rule["property"]], start)


def title_by(ctx: Context, rule: dict[str, Any], start: int, end: int) -> None:
    """'"Quiet Fields" by Norwegian director Erik Dahl': a quoted film title, then its director."""
    film = ctx.film_at(start - 1) if start > 0 else None
    if film is None:
        return
    sent_start = ctx.sents[ctx.sent_of(start)].start
    before = {t.lower_ for t in ctx.doc[max(sent_start, start - 12) : start]}
    if before & (ctx.dom.nonfilm_heads | {"based", "adapted", "novel", "book", "books", "memoir"}):
        return  # 'based on the book series "Title" by Jane Doe': the author, not a director
    names = name_list(ctx.doc, end, sent_end_of(ctx, start), skip=3)
    emit_names(ctx, rule, names[:2], ["P57"], start, film=film, factor=1.0)


def coproduction(ctx: Context, rule: dict[str, Any], start: int, end: int) -> None:
    """'a co-production between Acme Films and Nordic Screen' (companies) or '... of France and Belgium'."""
    doc = ctx.doc
    film, factor = ctx.film_for(start)
    if film is None:
        return
    for name in name_list(doc, end, sent_end_of(ctx, start), skip=1):
        text = doc[name.start : name.end].text
        country = ctx.dom.countries.get(text.casefold())
        if country is not None:
            ctx.add(
                subject=ctx.film_subject(film),
                pid="P495",
                obj={"type": "country", "name": country.name, "aliases": [text]},
                rule=rule["id"],
                confidence=rule["confidence"] * factor,
                token=start,
            )
        elif ctx.kind_of(name) in {"org", "org?", "unknown"}:
            ctx.add(
                subject=ctx.film_subject(film),
                pid="P272",
                obj={"type": "org", "name": text},
                rule=rule["id"],
                confidence=rule["confidence"] * factor * 0.95,
                token=start,
            )


HANDLERS: dict[str, Handler] = {
    "coproduction": coproduction,
    "title_by": title_by,
    "left_list": left_list,
    "agent_by": agent_by,
    "right_list": right_list,
    "org_production": org_production,
}
