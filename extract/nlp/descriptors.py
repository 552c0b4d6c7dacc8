"""What descriptions say about a film: the lead sentence ("a 2024 American comedy-drama film"),
appositions ('"Title," a Norwegian drama'), "X-language", years of titles ("the 1990 film X"),
and descriptive noun phrases outside the lead ('"Title", the Norwegian drama from ...', 'the
Swedish thriller "Title"', "Jane Doe's Polish drama"): country of origin, language, genre, and
for a possessive, the director.

Kept because: 113 of the 945 facts the extractor keeps on dev, the seed and Re-DocRED
film (country, language, genre, year) are these facts as the rules gave them, and the
pair classifier was trained with them as features.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Token

from extract.nlp.context import Context
from extract.nlp.gazetteer import cues
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


#: Nouns that head a phrase describing a film ("the Polish drama", "an animated adventure").
DESCRIPTION_HEADS = frozenset(cues("description_heads"))
DETERMINERS = {"a", "an", "the", "this", "its", "his", "her", "their"}
DEFINITE = {"the", "this", "its"}
#: Words that make the phrase about another work ("a remake of the Swedish thriller").
OTHER_WORK = frozenset(cues("other_work_cues"))
#: Words that make the described work something other than a film ("the television drama").
NOT_FILM = frozenset(cues("not_film_cues"))
QUOTES = {'"', "“", "”", "'", "‘", "’", ","}


def _modifier(ctx: Context, tok: Token) -> bool:
    """A word that may stand before the head noun in a film description."""
    if tok.text == "-" or tok.like_num:
        return True
    doc = tok.doc
    if 0 < tok.i < len(doc) - 1 and doc[tok.i - 1].text == "-" and doc[tok.i + 1].text == "-":
        return True  # "coming-of-age"
    if tok.is_lower and tok.is_alpha:
        return tok.pos_ in {"ADJ", "NOUN", "VERB", "PROPN"} and tok.lower_ not in DETERMINERS
    text = tok.text.casefold()
    return text in ctx.dom.demonyms or text in ctx.dom.languages or text.endswith("-language")


def _film_of(ctx: Context, det: int, head: Token) -> tuple[int | None, float]:
    """The film the phrase doc[det:head+1] describes, with a confidence."""
    doc = ctx.doc
    k = ctx.sents[ctx.sent_of(det)]
    j = det
    if doc[det].text in {"'s", "’s"}:  # '"Title", Jane Doe's Polish drama'
        owner = next((e for e in doc.ents if e.start < det <= e.end), None)
        j = owner.start if owner is not None and owner.label_ == "PERSON" else det
    while j > k.start and doc[j - 1].text in QUOTES:
        j -= 1
    if j > k.start and doc[j - 1].text == ")":  # '"Title" (dir. Jane Doe), a Czech drama'
        # (the parser often ends a sentence at "dir.": look back past the sentence start)
        opening = next((t for t in range(j - 2, max(0, j - 12) - 1, -1) if doc[t].text == "("), None)
        if opening is not None:
            j = opening
            while j > 0 and doc[j - 1].text in QUOTES - {","}:
                j -= 1
    if j < det and "," in doc[j:det].text:  # '"Title", the Norwegian drama'
        film = ctx.film_at(j - 1)
        if film is not None:
            return film, 0.8
    j = head.i + 1
    while j < k.end and doc[j].text in QUOTES:
        j += 1
    film = ctx.film_at(j) if j < k.end else None
    if film is not None:  # 'the Swedish thriller "Title"'
        return film, 0.8
    if head.dep_ == "attr" and head.head.lemma_ == "be":
        subj = [c for c in head.head.children if c.dep_ == "nsubj"]
        if subj:
            film = ctx.filmish(subj[0])
            if film is not None:
                return film, 0.8
    if doc[det].lower_ in DEFINITE and head.dep_ in {"nsubj", "nsubjpass"}:
        film, factor = ctx.film_for(det)
        return film, 0.7 * factor
    return None, 0.0


def described_films(ctx: Context) -> None:
    doc = ctx.doc
    leads = [(f["lead"][2], f["lead"][3]) for f in ctx.films if f.get("lead")]
    for head in doc:
        if head.lower_ not in DESCRIPTION_HEADS or head.pos_ not in {"NOUN", "PROPN"}:
            continue
        nxt = doc[head.i + 1] if head.i + 1 < len(doc) else None
        if nxt is not None and ((nxt.is_lower and nxt.pos_ == "NOUN") or nxt.text == "-"):
            continue  # "drama film": the next noun is the head; "comedy club": no film
        sent = ctx.sents[ctx.sent_of(head.i)]
        j = head.i
        while j > sent.start and _modifier(ctx, doc[j - 1]) and head.i - j < 6:
            j -= 1
        det = j - 1
        if det < sent.start or j == head.i:
            continue
        possessive = doc[det].text in {"'s", "’s"}
        if not possessive and doc[det].lower_ not in DETERMINERS:
            continue
        if any(s <= head.idx < e for s, e in leads):
            continue  # the lead's own descriptor is read by lead_facts
        if doc[sent.start : head.i].text.count('"') % 2 or doc[sent.start : head.i].text.count("“") > doc[
            sent.start : head.i
        ].text.count("”"):
            continue  # inside a quotation: a critic's or speaker's words
        before = {t.lower_ for t in doc[max(sent.start, det - 3) : det]}
        words = {t.lower_ for t in doc[j : head.i + 1]}
        if (before | words) & OTHER_WORK or words & (NOT_FILM | ctx.dom.nonfilm_heads):
            continue
        desc = describe(
            doc[j : head.i + 1].text + " film"
        )  # the head may be a genre: "an animated adventure"
        film, conf = _film_of(ctx, det, head)
        if desc is None or film is None:
            continue
        _emit(ctx, film, conf, desc, j)
        if possessive and conf >= 0.8:
            owner = next((e for e in doc.ents if e.end in {det, det + 1} and e.start < det), None)
            if owner is not None and owner.label_ == "PERSON":
                name = doc[owner.start : det].text
                ctx.add(
                    subject=ctx.film_subject(film),
                    pid="P57",
                    obj={"type": "person", "name": name, "pos": doc[owner.start].idx},
                    rule="possessive_description",
                    confidence=0.7,
                    token=det,
                )


def _emit(ctx: Context, film: int, conf: float, desc: Any, token: int) -> None:
    emit_description(ctx, ctx.film_subject(film), desc, token, rule_prefix="described",
                     confidence=conf, genre_confidence=conf * 0.95)
