"""Descriptive noun phrases about a film outside the lead sentence: '"Title", the Norwegian
drama from ...', 'the Swedish thriller "Title"', '"Title" is a quiet Japanese drama', 'The
Spanish-language drama, starring ...'. They give country of origin (demonyms), original
language, genre, and, for a possessive ("Jane Doe's Polish drama"), the director.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Token

from extract.nlp.context import Context
from extract.nlp.descriptors import emit_description
from extract.nlp.gazetteer import cues
from extract.nlp.lead import describe

#: Nouns that head a phrase describing a film ("the Polish drama", "an animated adventure").
HEADS = frozenset(cues("description_heads"))
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
        if head.lower_ not in HEADS or head.pos_ not in {"NOUN", "PROPN"}:
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
