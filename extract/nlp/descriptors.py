"""What descriptions say about a film: the lead sentence ("a 2024 American comedy-drama film"),
appositions ('"Title," a Norwegian drama'), "X-language", and years of titles ("the 1990 film X").
"""

from __future__ import annotations

import re
from typing import Any

from extract.nlp.context import Context
from extract.nlp.lead import describe


def emit_description(ctx: Context, subject: Any, desc: Any, token: int, *, rule_prefix: str,
                     confidence: float, genre_confidence: float) -> None:
    """Country, language and genre facts from a descriptive phrase ('a Norwegian-language drama')."""
    for country, demonym in desc.countries:
        obj = {"type": "country", "name": country, "aliases": [demonym]}
        ctx.add(subject=subject, pid="P495", obj=obj, rule=f"{rule_prefix}_demonym",
                confidence=confidence, token=token)
    for lang in desc.languages:
        obj = {"type": "language", "name": lang}
        ctx.add(subject=subject, pid="P364", obj=obj, rule=f"{rule_prefix}_language",
                confidence=confidence, token=token)
    for genre in desc.genres:
        obj = {"type": "genre", "name": genre}
        ctx.add(subject=subject, pid="P136", obj=obj, rule=f"{rule_prefix}_genre",
                confidence=genre_confidence, token=token)


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


_SPOKEN_IN = re.compile(
    r"\b(?:dialogue|film|movie|it|dialog)\b[^.;]{0,30}?\b(?:is|was|are|were)\s+(?:\w+ly\s+)?"
    r"(?:spoken\s+|filmed\s+|shot\s+|made\s+|performed\s+)?in\s+(?:the\s+)?([A-Z][a-z]+)(?:\s+language)?\b"
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
            emit_description(ctx, subj, desc, k, rule_prefix="appos", confidence=0.8,
                             genre_confidence=0.75)
            if desc.year:
                ctx.add(
                    subject=subj,
                    pid="P577",
                    obj={"type": "date", "iso": str(desc.year)},
                    rule="appos_year",
                    confidence=0.7,
                    token=k,
                )
    for m in _SPOKEN_IN.finditer(ctx.text):  # "the film's dialogue is mostly in French"
        language = ctx.dom.languages.get(m.group(1).casefold())
        span = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        if language is None or span is None:
            continue
        film_idx, factor = ctx.film_for(span.start)
        if film_idx is not None:
            ctx.add(
                subject=ctx.film_subject(film_idx),
                pid="P364",
                obj={"type": "language", "name": language},
                rule="spoken_in",
                confidence=0.8 * factor,
                token=span.start,
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
