"""Award facts: won (P166) vs nominated (P1411), for the film or for a person.

Reads the award mentions the `film_domain_ruler` marked, decides the status from
the nearest cue ("won", "nominated", "vying for", a "winners" list heading) and
the recipient ("Best Actress (for Jane Doe)", "went to Jane Doe", the subject of
"won", else the film the sentence is about).

Kept because: 39 of the 945 facts the extractor keeps on dev, the seed and
Re-DocRED film are these award facts as the rules gave them, and the pair
classifier was trained with them as features (`_rule_index` in extract/model/).
"""

from __future__ import annotations

import re
from typing import Any

from extract.nlp.context import Context
from extract.nlp.gazetteer import cues
from extract.nlp.spans import Name, ent_at, name_at


def awards(ctx: Context) -> None:
    for m in ctx.mentions:
        if m["kind"] != "award":
            continue
        k = m["sent"]
        sent = ctx.sents[k]
        status = m["status"]
        conf = 0.9
        line = sent.text
        if status is None:
            if ":" in line[max(0, m["start"] - sent.start_char) : m["end"] - sent.start_char + 3]:
                status, conf = _list_status(ctx.text[: sent.start_char])
            else:
                continue
        pid = "P166" if status == "won" else "P1411"
        if status == "nominated":
            conf = 0.85
        subject = _award_recipient(ctx, m)
        if subject is None:
            continue
        subj, factor = subject
        if m["name"].startswith("Best "):
            factor *= 0.65  # a bare category ("won Best Actress") names no award we can tell
        ctx.add(
            subject=subj,
            pid=pid,
            obj={"type": "award", "name": m["name"], "aliases": m["aliases"]},
            rule=f"award_{status}",
            confidence=conf * factor,
            token=m["token_start"],
        )
        if subj.get("type") == "person" and m["person_category"]:
            _credit_for_film(ctx, m, subj, conf * factor)


#: A person's award category and the credit it implies on the film it was given for.
_CATEGORY_CREDIT = (
    (re.compile(r"\b(?:Actor|Actress|Performance|Lead|Supporting)\b", re.IGNORECASE), "P161"),
    (re.compile(r"\bDirect(?:or|ing|ion)\b", re.IGNORECASE), "P57"),
    (re.compile(r"\b(?:Screenplay|Writing|Script)\b", re.IGNORECASE), "P58"),
    (re.compile(r"\bCinematography\b", re.IGNORECASE), "P344"),
    (re.compile(r"\bEditing\b", re.IGNORECASE), "P1040"),
    (re.compile(r"\b(?:Score|Music)\b", re.IGNORECASE), "P86"),
)


def _credit_for_film(ctx: Context, m: dict[str, Any], person: dict[str, Any], conf: float) -> None:
    """'won Best Director ... for "Title"': the winner is credited on that film."""
    pid = next((p for rx, p in _CATEGORY_CREDIT if rx.search(m["name"])), None)
    if pid is None:
        return
    doc = ctx.doc
    sent = ctx.sents[m["sent"]]
    for t in range(m["token_end"], min(sent.end - 1, m["token_end"] + 12)):
        if doc[t].text == ";" or (ctx.film_at(t) is not None and doc[t - 1].lower_ != "for"):
            return
        if doc[t].lower_ != "for":
            continue
        j = t + 1
        while j < sent.end and (doc[j].text in {'"', "“", "‘"} or doc[j].lower_ in {"her", "his", "their"}):
            j += 1
        if j < sent.end and doc[j].lower_ in {"role", "performance", "work", "turn"}:
            j += 2 if j + 1 < sent.end and doc[j + 1].lower_ in {"in", "on"} else 1
            while j < sent.end and doc[j].text in {'"', "“", "‘"}:
                j += 1
        film = ctx.film_at(j) if j < sent.end else None
        if film is not None:
            obj = {"type": "person", "name": person["name"], "pos": person.get("pos", 0)}
            ctx.add(
                subject=ctx.film_subject(film),
                pid=pid,
                obj=obj,
                rule="award_category_credit",
                confidence=conf * 0.9,
                token=m["token_start"],
            )
        return


#: "... went to Jane Doe": verbs before "to" that hand an award to its recipient.
AWARD_PASSING_VERBS = frozenset(cues("award_passing_verbs"))
#: Words that may stand between an award and the title it was given for ("won the X for Title").
AWARD_TO_TITLE_WORDS = frozenset(cues("award_to_title_words"))

_WINNERS = re.compile(r"\b(?:winners?|won|wins|honou?rees|recipients)\b", re.IGNORECASE)
_NOMINEES = re.compile(r"\b(?:nominees|nominations|nominated|contenders|shortlist)\b", re.IGNORECASE)


def _list_status(before: str) -> tuple[str, float]:
    """Won or nominated for 'Category: Name' lines, from the last heading-like cue before them."""
    won = [m.start() for m in _WINNERS.finditer(before)]
    nom = [m.start() for m in _NOMINEES.finditer(before)]
    if won and (not nom or won[-1] > nom[-1]):
        return "won", 0.8
    if nom:
        return "nominated", 0.8
    return "won", 0.6


def _winner_subject(ctx: Context, m: dict[str, Any]) -> Name | None:
    """The person who is the subject of the verb governing an award mention, if any."""
    verb = ctx.doc[m["token_start"]]
    for _ in range(4):
        if verb.pos_ in {"VERB", "AUX"} or verb.head.i == verb.i:
            break
        verb = verb.head
    subj = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subj is None:
        return None
    ent = ent_at(ctx.doc, subj.i)
    if ent is not None and ent.label_ == "PERSON":
        return name_at(ctx.doc, ent.start, ent.end)
    known = {w for p in ctx.person_names for w in p.split()}
    if (ent is None or len(ent) == 1) and subj.pos_ == "PROPN" and subj.text in known:
        return name_at(ctx.doc, subj.i, subj.i + 1)  # "Lind won ...", after "Vera Lind" was named
    return None


def _award_recipient(ctx: Context, m: dict[str, Any]) -> tuple[dict[str, Any], float] | None:
    doc = ctx.doc
    k = m["sent"]
    sent = ctx.sents[k]
    end = m["token_end"]
    # "Best Actress (for Doe)" / "Best Actress for Jane Doe"
    j = end + (1 if end < sent.end and doc[end].text == "(" else 0)
    if j > end and m["person_category"]:
        # "Best Actress (Helena Doe)"
        name = name_at(doc, j, sent.end)
        if (
            name is not None
            and name.label in {"PERSON", ""}
            and name.end < sent.end
            and doc[name.end].text == ")"
        ):
            return ctx.person_obj(name), 1.0
    if j + 1 < sent.end and doc[j].lower_ == "for":
        film = ctx.film_at(j + 1)
        if film is None and doc[j + 1].text in {'"', "“", "‘"} and j + 2 < sent.end:
            film = ctx.film_at(j + 2)
        if film is not None and m["person_category"]:
            winner = _winner_subject(ctx, m)  # "Jane Doe won Best Actress for 'Title'": Doe won it
            if winner is not None:
                return ctx.person_obj(winner), 1.0
            if ctx.doc[j + 1].text in {'"', "“", "‘"}:
                return None  # "She won Best Actress for 'Title'": the winner is not the film
        if film is not None:
            return ctx.film_subject(film), 1.0
        name = name_at(doc, j + 1, sent.end)
        if name is not None and name.label in {"PERSON", ""}:
            return ctx.person_obj(name), 1.0
    # "the Silver Lion for best director went to Jane Doe for 'Title'"
    for t in range(end, min(sent.end - 1, end + 10)):
        if doc[t].lower_ == "to" and doc[t - 1].lower_ in AWARD_PASSING_VERBS:
            k2 = t + 1
            while k2 < sent.end and doc[k2].text in {'"', "“", "'", "‘", "the"}:
                k2 += 1
            film = ctx.film_at(k2) if k2 < sent.end else None
            if film is not None:
                return ctx.film_subject(film), 1.0
            name = name_at(doc, k2, sent.end) if k2 < sent.end else None
            if name is not None and name.label in {"PERSON", ""} and ctx.person_shaped(name):
                return ctx.person_obj(name), 0.95
            break
        if doc[t].text in {";"} or ctx.film_at(t) is not None:
            break
    # "Best Director: Jane Doe, 'Title'"
    if j < sent.end and doc[j].text == ":":
        name = name_at(doc, j + 1, sent.end)
        if name is not None:
            film = ctx.film_at(name.start)
            if film is not None:
                return ctx.film_subject(film), 0.95
            if m["person_category"] and name.label in {"PERSON", ""}:
                return ctx.person_obj(name), 0.95
        film, factor = ctx.film_for(end, right=True)
        return (ctx.film_subject(film), factor) if film is not None else None
    # "Jane Doe won Best Actress": the subject of the winning verb
    verb = doc[m["token_start"]].head
    hops = 0
    while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i and hops < 4:
        verb, hops = verb.head, hops + 1
    subj = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subj is not None:
        film = ctx.filmish(subj)
        if film is None and subj.ent_type_ == "PERSON":
            ent = ent_at(doc, subj.i)
            if ent is not None:
                name = name_at(doc, ent.start, ent.end)
                if name is not None:
                    return ctx.person_obj(name), 0.95
        in_mention = any(a["token_start"] <= subj.i < a["token_end"] for a in ctx.mentions)
        if (
            film is None
            and subj.pos_ == "PROPN"
            and subj.ent_type_ in {"", "ORG"}
            and m["person_category"]
            and (not in_mention)
        ):
            # "Jane Doe won Best Actress" with an unfamiliar name NER did not call a person
            first = min([c.i for c in subj.children if c.dep_ == "compound"] + [subj.i])
            name = name_at(doc, first, subj.i + 1)
            if name is not None and 2 <= name.end - name.start <= 4 and ctx.person_shaped(name):
                return ctx.person_obj(name), 0.85
        if film is None and subj.lower_ in {"he", "she", "they"}:
            return None
        if film is not None:
            return ctx.film_subject(film), 1.0
    film, factor = ctx.film_for(m["token_start"])
    if factor < 1.0:
        # "won the Golden Lion for Poor Things": a title right after the award
        near = [t for t in range(end, min(sent.end, end + 8)) if ctx.film_at(t) is not None]
        between = {t.lower_ for t in doc[end : near[0]]} if near else {"x"}
        if near and between <= AWARD_TO_TITLE_WORDS:
            film, factor = ctx.film_at(near[0]), 0.95
    if film is None:
        return None
    if m["person_category"]:
        # a person's category credited to the film: fine for a named guild award, weak for "Best Director"
        factor *= 0.85 if m.get("written_full") else 0.6
    return ctx.film_subject(film), factor
