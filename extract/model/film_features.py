"""The features the film-mention classifier scores a title candidate by.

Local cues (the words around the span, "(1921)" after it, "directed by" next), where
the span sits (a heading, a line opening its own fields, a list), and how the document
uses the same name elsewhere (quoted, as a person, known to the Wikidata slice).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from typing import Any

from extract.model.films import CONNECTORS, FilmCandidate, capitalised, rule_subject_spans
from extract.model.structure import Line
from extract.model.text import bucket, doc_text, fold, vocabulary

#: Field labels whose value is a film's credit or detail (a line above them names the film).
FILM_FIELD_PROPS = {
    "P57",
    "P58",
    "P161",
    "P162",
    "P86",
    "P344",
    "P1040",
    "P272",
    "P750",
    "P577",
    "P495",
    "P364",
    "P136",
}
#: Nouns that name a film or its kind (`vocabulary.json`).
FILM_WORDS = vocabulary("film_words")
_YEAR_PAREN = re.compile(r"^\s*\((?:[^()]{0,30}[,;] ?)?(1[89]\d\d|20\d\d)\b")
_IS_A_FILM = re.compile(
    r"^\s*(?:\([^)]{0,60}\)\s*)?,?\s*(?:is|was|,|–|—|-)\s+(?:an?|the)\s+(?:[\w'’-]+\s+){0,8}?"
    r"(?:film|movie|documentary|drama|comedy|thriller|feature|picture|biopic|musical|romance|western)\b",
    re.IGNORECASE,
)
_BY_AFTER = re.compile(
    r"^\s*(?:\([^)]{0,40}\)\s*)?,?\s*(?:\w+\s+){0,3}?(?:directed|written|produced|helmed) by\b"
)


def features(doc: Any, cand: FilmCandidate, ctx: dict[str, Any]) -> list[str]:
    """Sparse string features of one candidate; `ctx` holds document-level tables."""
    text = ctx["text"]  # Doc.text joins every token on each call
    s, e = cand.tokens
    span = doc[s:e]
    feats = [f"cue={c}" for c in cand.cues]
    feats.append(f"ntok={bucket(e - s)}")
    words = [t for t in span if t.is_alpha]
    if any(t.is_lower and t.lower_ not in CONNECTORS for t in words):
        feats.append("inner_lower")
    if words and all(t.is_upper for t in words):
        feats.append("all_caps")
    feats.append(f"first={span[0].lower_}")
    feats.append(f"last={span[-1].lower_}")
    feats.append(f"lastpos={span[-1].pos_}")
    feats.append(f"shape={span[0].shape_[:4]}")
    ents = {t.ent_type_ for t in span if t.ent_type_}
    exact = ctx["ents"].get((s, e))
    feats.append(f"ner={exact}")
    feats += [f"nerov={x}" for x in ents]
    before = [doc[k] for k in range(max(0, s - 3), s)]
    after = [doc[k] for k in range(e, min(len(doc), e + 3))]
    for k, tok in enumerate(reversed(before)):
        feats.append(f"p{k}={tok.lower_}")
        feats.append(f"pp{k}={tok.pos_}")
        if tok.lower_ in FILM_WORDS:
            feats.append("film_word_before")
    for k, tok in enumerate(after):
        feats.append(f"n{k}={tok.lower_}")
        feats.append(f"np{k}={tok.pos_}")
    if span[0].is_sent_start:
        feats.append("sent_start")
    feats += _place_tail(doc, s, e)
    rest = text[cand.end : cand.end + 160]
    if _YEAR_PAREN.match(rest):
        feats.append("year_paren")
    if _IS_A_FILM.match(rest):
        feats.append("is_a_film")
    if _BY_AFTER.match(rest):
        feats.append("by_after")
    if s >= 2 and doc[s - 1].text == "(" and doc[s - 2].ent_type_ == "PERSON":
        feats.append("credit_paren")
    if s >= 2 and doc[s - 1].text in {"'s", "’s"}:
        feats.append(f"possessed_by={doc[s - 2].ent_type_ or doc[s - 2].pos_}")
    line = ctx["line_of"](cand.start)
    if line is not None:
        feats.append(f"line={line.kind}")
        if cand.start == line.start:
            feats.append("line_initial")
            if cand.end == line.end:
                feats.append("whole_line")
        if line.index == ctx["first_line"]:
            feats.append("first_line")
        if line.fields and line.fields[0].start >= cand.end:
            feats.append("fields_after")
        elif cand.start == line.start and line.index in ctx["heads_fields"]:
            feats.append("heads_fields")
    key = fold(cand.text)
    n = ctx["counts"][key]
    feats.append(f"count={bucket(n)}")
    for cue in ("quoted", "line", "year_paren_any"):
        if key in ctx["cued"][cue]:
            feats.append(f"doc_{cue}")
    if "rule_subject" in cand.cues or key in ctx["rule_subjects"]:
        feats.append("rule_subject")
    elif any(s0 <= cand.start and cand.end <= e0 for s0, e0 in ctx["rule_spans"]):
        feats.append("inside_rule_subject")
    kind = ctx["wikidata"](key)
    if kind:
        feats.append(f"wd={kind}")
    feats += _person_evidence(span, key, n, ctx)
    return feats


def _person_evidence(span: Any, key: str, count: int, ctx: dict[str, Any]) -> list[str]:
    """How the document uses the same name elsewhere: a person's name is tagged as one by the
    tagger in most of its mentions, and is later referred to by its last word alone."""
    feats = [f"person_share={bucket(min(4, 4 * ctx['person_names'][key] // max(1, count)), (0, 1, 2, 3))}"]
    last = span[-1]
    if len(span) > 1 and last.is_title and fold(last.text) in ctx["lone_persons"]:
        feats.append("last_word_alone_as_person")
    return feats


#: Entity types that end a title-case run as a setting, not as part of the title ("Title from Spain").
_SETTING_TYPES = {"GPE", "NORP", "LANGUAGE", "DATE", "LOC", "TIME", "ORDINAL"}


def _place_tail(doc: Any, s: int, e: int) -> list[str]:
    """Whether the span ends, or the text after it goes on, with "from/in/on + a place or date".

    Runs of title-case words join across connectors, so "Title from Spain" and "Title in
    2019" are proposed whole; these features let the classifier prefer the shorter span.
    """
    feats = []
    for k in range(e - 2, s, -1):
        if doc[k].lower_ in CONNECTORS and not capitalised(doc[k]):
            tail = {t.ent_type_ for t in doc[k + 1 : e]}
            if len(tail) == 1 and tail <= _SETTING_TYPES:
                feats.append(f"tail_pp={doc[k].lower_}|{tail.pop()}")
            break
    if e + 1 < len(doc) and doc[e].lower_ in CONNECTORS and doc[e + 1].ent_type_ in _SETTING_TYPES:
        feats.append(f"next_pp={doc[e].lower_}|{doc[e + 1].ent_type_}")
    return feats


def doc_context(doc: Any, lines: list[Line], cands: list[FilmCandidate], wikidata: Any) -> dict[str, Any]:
    """Document-level tables the features read: counts, cued titles, line lookup."""
    text = doc_text(doc)
    counts: Counter[str] = Counter()
    cued: dict[str, set[str]] = {"quoted": set(), "line": set(), "year_paren_any": set()}
    for c in cands:
        key = fold(c.text)
        counts[key] += 1
        if "quoted" in c.cues:
            cued["quoted"].add(key)
        if "line" in c.cues or "line_head" in c.cues:
            cued["line"].add(key)
        if _YEAR_PAREN.match(text[c.end : c.end + 40]):
            cued["year_paren_any"].add(key)
    starts = [ln.start for ln in lines]
    nonblank = [ln.index for ln in lines if ln.kind != "blank"]

    def line_of(pos: int) -> Line | None:
        k = bisect.bisect_right(starts, pos) - 1
        return lines[k] if k >= 0 else None

    rule_spans = rule_subject_spans(doc)
    # lines followed by a credit block: the next non-blank lines are fields of a film's facts
    heads_fields = set()
    body = [ln for ln in lines if ln.kind != "blank"]
    for k, ln in enumerate(body):
        if ln.kind in {"heading", "item"} and any(
            f.prop in FILM_FIELD_PROPS for nxt in body[k + 1 : k + 3] for f in nxt.fields
        ):
            heads_fields.add(ln.index)
    persons = [ent for ent in doc.ents if ent.label_ == "PERSON"]
    return {
        "person_names": Counter(fold(ent.text) for ent in persons),
        "lone_persons": {fold(ent.text) for ent in persons if len(ent) == 1},
        "text": text,
        "rule_spans": rule_spans,
        "rule_subjects": {fold(text[s:e]) for s, e in rule_spans},
        "ents": {(ent.start, ent.end): ent.label_ for ent in doc.ents},
        "counts": counts,
        "cued": cued,
        "line_of": line_of,
        "first_line": nonblank[0] if nonblank else -1,
        "heads_fields": heads_fields,
        "wikidata": wikidata,
    }
