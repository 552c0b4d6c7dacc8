"""Facts that come from marked entities rather than trigger words: money (budget vs box office),
"Name (Actor)" parentheses and possessive directors; `SCANNERS` lists every scanner in order
(awards in `awardfacts.py`, descriptors in `descriptors.py`).

Kept because: budget and box office need the cue around the amount (28 of the 945
facts kept on dev, the seed and Re-DocRED film are these scanners' facts as is), and
the pair classifier was trained with them as features.
"""

from __future__ import annotations

import re
from typing import Any

from extract.nlp.awardfacts import awards
from extract.nlp.context import Context
from extract.nlp.descriptors import appositions, described_films, lead_facts
from extract.nlp.gazetteer import cues
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
BUDGET_CUES = frozenset(cues("budget_cues"))
GROSS_CUES = frozenset(cues("gross_cues"))
#: Amounts that are deals, fees or prizes rather than takings or budgets.
MONEY_EXCLUDE = frozenset(cues("money_exclude"))
GROSS_EXCLUDE = frozenset(cues("gross_exclude"))


_MONEY_TEXT = re.compile(
    r"(?:US\$|A\$|AU\$|C\$|CA\$|NZ\$|HK\$|R\$|\$|£|€|¥|₹|Rs\.?\s?|"
    r"(?:USD|EUR|GBP|INR|JPY)\s)\s?\d[\d,]*(?:\.\d+)?"
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


SCANNERS = [awards, money, lead_facts, parentheses, possessive_directors, appositions, described_films]
