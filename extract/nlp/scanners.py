"""Facts that come from marked entities rather than trigger words: awards (won vs nominated,
film or person), money (budget vs box office), the lead sentence's descriptor, "Name (Actor)"
parentheses and possessive directors.
"""

from __future__ import annotations

import re
from typing import Any

from extract.nlp.context import Context
from extract.nlp.lead import describe
from extract.nlp.literals import parse_money
from extract.nlp.spans import ent_at, name_at, title_run_left

_DIRECT_CUE = re.compile(
    r"\b(direct\w*|director|directors|filmmakers?|helmed|helmer|films? (?:by|from)|auteurs?)\b", re.IGNORECASE
)
_ACT_CUE = re.compile(
    r"\b(starring|stars?|starred|actor|actors|actress|actresses|cast|plays?|played|"
    r"performance|role)\b",
    re.IGNORECASE,
)
BUDGET_CUES = {"budget", "budgeted", "cost", "costing", "costs", "financed"}
GROSS_CUES = {
    "grossed",
    "gross",
    "grossing",
    "grosses",
    "earned",
    "earning",
    "earnings",
    "box",
    "took",
    "collected",
    "collection",
    "collections",
    "revenue",
    "total",
    "made",
    "making",
    "earn",
    "earns",
    "taking",
    "takings",
}
#: Amounts that are deals, fees or prizes rather than takings or budgets.
MONEY_EXCLUDE = {
    "deal",
    "deals",
    "rights",
    "acquired",
    "paid",
    "pays",
    "salary",
    "fee",
    "fees",
    "prize",
    "worth",
    "bid",
    "offer",
    "fine",
    "damages",
    "settlement",
    "donated",
    "raised",
    "loan",
    "grant",
}
GROSS_EXCLUDE = {
    "weekend",
    "day",
    "opening",
    "per",
    "average",
    "screen",
    "week",
    "preview",
    "previews",
    "night",
    "debut",
}


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
        ctx.add(
            subject=subj,
            pid=pid,
            obj={"type": "award", "name": m["name"], "aliases": m["aliases"]},
            rule=f"award_{status}",
            confidence=conf * factor,
            token=m["token_start"],
        )


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
        if film is not None:
            return ctx.film_subject(film), 1.0
        name = name_at(doc, j + 1, sent.end)
        if name is not None and name.label in {"PERSON", ""}:
            return ctx.person_obj(name), 1.0
    # "the Silver Lion for best director went to Jane Doe for 'Title'"
    for t in range(end, min(sent.end - 1, end + 10)):
        if doc[t].lower_ == "to" and doc[t - 1].lower_ in {
            "went",
            "goes",
            "awarded",
            "given",
            "presented",
            "handed",
            "go",
        }:
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
        if film is None and subj.lower_ in {"he", "she", "they"}:
            return None
        if film is not None:
            return ctx.film_subject(film), 1.0
    film, factor = ctx.film_for(m["token_start"])
    if factor < 1.0:
        # "won the Golden Lion for Poor Things": a title right after the award
        near = [t for t in range(end, min(sent.end, end + 8)) if ctx.film_at(t) is not None]
        between = {t.lower_ for t in doc[end : near[0]]} if near else {"x"}
        if near and between <= {
            "for",
            "to",
            "went",
            "goes",
            "winner",
            ":",
            ",",
            "-",
            "was",
            "is",
            "awarded",
            '"',
            "“",
            "'",
            "‘",
            "(",
            "the",
            "film",
            "movie",
        }:
            film, factor = ctx.film_at(near[0]), 0.95
    if film is None:
        return None
    if m["person_category"]:
        # a person's category credited to the film: fine for a named guild award, weak for "Best Director"
        factor *= 0.85 if m.get("written_full") else 0.6
    return ctx.film_subject(film), factor


_MONEY_TEXT = re.compile(
    r"(?:US\$|A\$|AU\$|C\$|CA\$|NZ\$|HK\$|R\$|\$|£|€|¥|₹|Rs\.?\s?)\s?\d[\d,]*(?:\.\d+)?"
    r"(?:\s?(?:million|billion|thousand|crore|lakh|mn|bn|m|k)\b)?"
    r"|\d[\d,]*(?:\.\d+)?\s?(?:million|billion|crore|lakh)?\s?(?:euros|pounds|dollars|yen|rupees|yuan)\b"
)


def _money_spans(ctx: Context) -> list[Any]:
    """MONEY entities, plus amounts NER missed ("HK$12 million" tagged CARDINAL)."""
    spans = [e for e in ctx.doc.ents if e.label_ == "MONEY"]
    taken = [(e.start_char, e.end_char) for e in spans]
    for m in _MONEY_TEXT.finditer(ctx.text):
        if any(m.start() < e and s < m.end() for s, e in taken):
            continue
        span = ctx.doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is not None:
            spans.append(span)
    return spans


def money(ctx: Context) -> None:
    doc = ctx.doc
    best_gross: dict[int, tuple[float, dict[str, Any], int, float]] = {}
    for ent in _money_spans(ctx):
        k = ctx.sent_of(ent.start)
        if ctx.ignored_sentence(k):
            continue
        sent = ctx.sents[k]
        parsed = parse_money(ent.text)
        if parsed is None:
            continue
        amount, currency = parsed
        cue, dist = None, 99
        for t in doc[max(sent.start, ent.start - 8) : ent.start]:
            d = ent.start - t.i
            if t.lower_ in BUDGET_CUES and d < dist:
                cue, dist = "budget", d
            elif t.lower_ in GROSS_CUES and d < dist:
                cue, dist = "gross", d
        for t in doc[ent.end : min(sent.end, ent.end + 4)]:
            d = t.i - ent.end + 1
            if t.lower_ in BUDGET_CUES and d < dist:
                cue, dist = "budget", d
            elif t.lower_ in GROSS_CUES and d < dist and t.lower_ in {"worldwide", "gross", "box"}:
                cue, dist = "gross", d
        if cue is None:
            continue
        window = {t.lower_ for t in doc[max(sent.start, ent.start - 6) : min(sent.end, ent.end + 6)]}
        if window & MONEY_EXCLUDE:
            continue
        film, factor = ctx.film_for(ent.start)
        if film is None:
            continue
        obj = {"type": "money", "amount": str(amount), "currency": currency}
        if cue == "budget":
            ctx.add(
                subject=ctx.film_subject(film),
                pid="P2130",
                obj=obj,
                rule="money_budget",
                confidence=0.85 * factor,
                token=ent.start,
            )
        elif not window & GROSS_EXCLUDE:
            value = float(amount)
            if film not in best_gross or value > best_gross[film][0]:
                best_gross[film] = (value, obj, ent.start, factor)
    for film, (_v, obj, token, factor) in best_gross.items():
        ctx.add(
            subject=ctx.film_subject(film),
            pid="P2142",
            obj=obj,
            rule="money_gross",
            confidence=0.85 * factor,
            token=token,
        )


def lead_facts(ctx: Context) -> None:
    for idx, film in enumerate(ctx.films):
        if not film.get("lead"):
            if film.get("year") and film.get("year_at") is not None:
                span = ctx.doc.char_span(film["year_at"], film["year_at"] + 1, alignment_mode="expand")
                if span is not None:
                    ctx.add(
                        subject=ctx.film_subject(idx),
                        pid="P577",
                        obj={"type": "date", "iso": str(film["year"])},
                        rule=f"title_year_{film['source']}",
                        # "the 1990 film X" states the year; "X (1990)" in passing is weaker
                        confidence=0.65 if film["source"] == "film_noun" or film.get("year_listed") else 0.55,
                        token=span.start,
                    )
            continue
        s0 = film["lead"][0]
        span = ctx.doc.char_span(s0, s0 + 1, alignment_mode="expand")
        if span is None:
            continue
        token = span.start
        subj = ctx.film_subject(idx)
        if film.get("year"):
            ctx.add(
                subject=subj,
                pid="P577",
                obj={"type": "date", "iso": str(film["year"])},
                rule="lead_year",
                confidence=0.85,
                token=token,
            )
        langs = list(film.get("languages", []))
        for country, demonym in film.get("countries", []):
            ctx.add(
                subject=subj,
                pid="P495",
                obj={"type": "country", "name": country, "aliases": [demonym]},
                rule="lead_demonym",
                confidence=0.9,
                token=token,
            )
            c = ctx.dom.countries.get(country.casefold())
            if c is not None and c.demonym_is_language and not film.get("languages"):
                for lang in c.languages[:1]:
                    if lang not in langs:
                        ctx.add(
                            subject=subj,
                            pid="P364",
                            obj={"type": "language", "name": lang},
                            rule="lead_demonym_language",
                            confidence=0.45,
                            token=token,
                        )
        for lang in langs:
            ctx.add(
                subject=subj,
                pid="P364",
                obj={"type": "language", "name": lang},
                rule="lead_language",
                confidence=0.9,
                token=token,
            )
        for genre in film.get("genres", []):
            ctx.add(
                subject=subj,
                pid="P136",
                obj={"type": "genre", "name": genre},
                rule="lead_genre",
                confidence=0.85,
                token=token,
            )


def parentheses(ctx: Context) -> None:
    """'Kira (Jane Doe)' -> cast with character; 'Jane Doe (Some Title)' -> director."""
    doc = ctx.doc
    for k, sent in enumerate(ctx.sents):
        if "(" not in sent.text or ctx.ignored_sentence(k):
            continue
        for i in range(sent.start + 1, sent.end - 2):
            if doc[i].text != "(":
                continue
            close = next((j for j in range(i + 1, min(sent.end, i + 8)) if doc[j].text == ")"), None)
            if close is None or close == i + 1:
                continue
            outer_start = title_run_left(doc, i, sent.start)
            inner = ent_at(doc, i + 1)
            inner_person = (
                inner is not None and inner.label_ == "PERSON" and inner.start == i + 1 and inner.end == close
            )
            if outer_start >= i and inner_person and doc[i - 1].pos_ == "NOUN" and doc[i - 1].is_lower:
                # "it follows a radio engineer (Jane Doe)": the actor of an unnamed role
                assert inner is not None
                name = name_at(doc, inner.start, inner.end)
                film, factor = ctx.film_for(i)
                if name is not None and film is not None:
                    ctx.add(
                        subject=ctx.film_subject(film),
                        pid="P161",
                        obj=ctx.person_obj(name),
                        rule="paren_role_actor",
                        confidence=0.7 * factor,
                        token=i,
                    )
                continue
            if outer_start >= i or any(a["token_start"] <= i - 1 < a["token_end"] for a in ctx.mentions):
                continue
            outer_film = ctx.film_at(i - 1)
            lead = any(f.get("lead") and f["lead"][0] <= doc[i].idx < f["lead"][2] for f in ctx.films)
            if lead:
                continue
            if inner_person:
                assert inner is not None
                name = name_at(doc, inner.start, inner.end)
                if name is None:
                    continue
                if outer_film is not None:
                    pid = (
                        "P57" if _DIRECT_CUE.search(sent.text) and not _ACT_CUE.search(sent.text) else "P161"
                    )
                    ctx.add(
                        subject=ctx.film_subject(outer_film),
                        pid=pid,
                        obj=ctx.person_obj(name),
                        rule="paren_title_person",
                        confidence=0.75,
                        token=i,
                    )
                    continue
                outer = ent_at(doc, i - 1)
                if outer is not None and outer.label_ not in {"PERSON", ""}:
                    continue
                film, factor = ctx.film_for(outer_start)
                if film is None:
                    continue
                ctx.add(
                    subject=ctx.film_subject(film),
                    pid="P161",
                    obj=ctx.person_obj(name),
                    rule="paren_character_actor",
                    confidence=0.8 * factor,
                    token=i,
                    character=doc[outer_start:i].text,
                )
            else:
                q = i + 1
                while q < close and doc[q].text in {'"', "“", "‘", "'"}:
                    q += 1
                film = ctx.film_at(q)
                outer = ent_at(doc, i - 1)
                if film is None or outer is None or outer.label_ != "PERSON":
                    continue
                name = name_at(doc, outer.start, outer.end)
                if name is None:
                    continue
                if _DIRECT_CUE.search(sent.text):
                    pid = "P57"
                elif _ACT_CUE.search(sent.text):
                    pid = "P161"
                else:
                    continue
                ctx.add(
                    subject=ctx.film_subject(film),
                    pid=pid,
                    obj=ctx.person_obj(name),
                    rule="paren_person_title",
                    confidence=0.75,
                    token=i,
                )


def possessive_directors(ctx: Context) -> None:
    for idx, film in enumerate(ctx.films):
        if not film.get("director"):
            continue
        s, e = film["director"]
        span = ctx.doc.char_span(s, e, alignment_mode="expand")
        if span is None:
            continue
        name = name_at(ctx.doc, span.start, span.end)
        if name is None:
            continue
        ctx.add(
            subject=ctx.film_subject(idx),
            pid="P57",
            obj=ctx.person_obj(name),
            rule="possessive_director",
            confidence=0.7 if film["source"] == "possessive" else 0.6,
            token=span.start,
        )


_LANGUAGE_ADJ = re.compile(r"\b([A-Z][a-z]+)-language\b")


def appositions(ctx: Context) -> None:
    """'"Title," a 2019 Norwegian drama, won ...' and 'a Spanish-language film' outside the lead."""
    doc = ctx.doc
    for idx, film in enumerate(ctx.films):
        for s, e in film["mentions"]:
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is None:
                continue
            k = span.end
            while k < len(doc) and doc[k].text in {'"', "”", "’", "'", ","}:
                k += 1
            if k >= len(doc) or doc[k].lower_ not in {"a", "an"} or doc[span.end : k].text.count(",") == 0:
                continue
            stop = next(
                (t for t in range(k, min(len(doc), k + 14)) if doc[t].text in {",", ".", ";", "("}), None
            )
            if stop is None or ctx.film_at(k) is not None:
                continue
            desc = describe(doc[k:stop].text)
            if desc is None:
                continue
            subj = ctx.film_subject(idx)
            for country, demonym in desc.countries:
                ctx.add(
                    subject=subj,
                    pid="P495",
                    obj={"type": "country", "name": country, "aliases": [demonym]},
                    rule="appos_demonym",
                    confidence=0.8,
                    token=k,
                )
            for lang in desc.languages:
                ctx.add(
                    subject=subj,
                    pid="P364",
                    obj={"type": "language", "name": lang},
                    rule="appos_language",
                    confidence=0.8,
                    token=k,
                )
            for genre in desc.genres:
                ctx.add(
                    subject=subj,
                    pid="P136",
                    obj={"type": "genre", "name": genre},
                    rule="appos_genre",
                    confidence=0.75,
                    token=k,
                )
            if desc.year:
                ctx.add(
                    subject=subj,
                    pid="P577",
                    obj={"type": "date", "iso": str(desc.year)},
                    rule="appos_year",
                    confidence=0.7,
                    token=k,
                )
    for m in _LANGUAGE_ADJ.finditer(ctx.text):
        language = ctx.dom.languages.get(m.group(1).casefold())
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if language is None or span is None:
            continue
        if any(f.get("lead") and f["lead"][0] <= m.start() < f["lead"][1] for f in ctx.films):
            continue  # the lead's own descriptor is read by lead_facts
        before = {t.lower_ for t in doc[max(0, span.start - 4) : span.start]}
        if before & {"remake", "version", "dub", "dubbed", "adaptation"}:
            continue
        film_idx, factor = ctx.film_for(span.start, right=True)
        if film_idx is not None:
            ctx.add(
                subject=ctx.film_subject(film_idx),
                pid="P364",
                obj={"type": "language", "name": language},
                rule="language_adjective",
                confidence=0.75 * factor,
                token=span.start,
            )


SCANNERS = [awards, money, lead_facts, parentheses, possessive_directors, appositions]
