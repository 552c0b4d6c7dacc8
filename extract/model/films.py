"""Film title candidates and the features the film-mention classifier scores them by.

Titles are often unmarked ("Room", "Mirror", a heading line, "Director's Title"), so
every plausible span is proposed from general cues (quotes, title case, "(1921)",
"X is a 1939 ... film", heading and list lines, field blocks) and a trained
classifier decides. Nothing here names a film.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from extract.model.structure import Line
from extract.model.text import bucket, doc_text, fold, vocabulary

#: Lower-case words and marks that may sit inside a title (`vocabulary.json`).
CONNECTORS = vocabulary("title_connectors")
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
_QUOTES = re.compile(r"[\"“”]([^\"“”\n]{1,80})[\"“”]|‘([^‘’\n]{1,80})’")
_YEAR_PAREN = re.compile(r"^\s*\((?:[^()]{0,30}[,;] ?)?(1[89]\d\d|20\d\d)\b")
_IS_A_FILM = re.compile(
    r"^\s*(?:\([^)]{0,60}\)\s*)?,?\s*(?:is|was|,|–|—|-)\s+(?:an?|the)\s+(?:[\w'’-]+\s+){0,8}?"
    r"(?:film|movie|documentary|drama|comedy|thriller|feature|picture|biopic|musical|romance|western)\b",
    re.IGNORECASE,
)
#: An encyclopedia article's opening: "Title (...) is a 1999 ... film ..." in the first sentence
#: (the year is not required: "X is a Japanese animated film directed by ..." opens many).
_LEAD_SENTENCE = re.compile(
    r"^\s*[\"“']?[A-Z0-9][^.\n]{0,120}?(?:\([^)]{0,80}\)\s*)?\s(?:is|was)\s+(?:an?|the)\s+"
    r"(?:[\w'’,-]+\s+){0,10}?(?:film|movie|documentary|picture|short)s?\b"
)


def encyclopedic_lead(doc: Any) -> bool:
    """Whether a text opens like an encyclopedia article about a film, where the hand rules are exact."""
    first = next(iter(doc.sents), None)
    return first is not None and bool(_LEAD_SENTENCE.match(first.text))


_BY_AFTER = re.compile(
    r"^\s*(?:\([^)]{0,40}\)\s*)?,?\s*(?:\w+\s+){0,3}?(?:directed|written|produced|helmed) by\b"
)
_HEAD_CLEAN = re.compile(
    r"^\s*(?:#?\d{1,3}[.):]?\s+|[-*•·]\s+)|\s*(?:\((?:19|20)\d\d\)|\b(?:movie|film)\s+review|review)\s*:?\s*$",
    re.IGNORECASE,
)
_FIELDS_HEAD = re.compile(
    r"^\s*(?:#?\d{1,3}[.)]?\s+|[-*•·]\s+)?(.{1,80}?)\s*(?:\(|\s[–—-])\s*[A-Za-z][^():]{0,30}[:：]\s*$"
)
_LINE_HEAD = re.compile(r"^(.{1,80}?)(?:\s*\(|,\s|\s[-–—|]\s|:\s|\s+by\s)")


@dataclass
class FilmCandidate:
    """A span that may name a film, with the cues that proposed it."""

    start: int
    end: int
    text: str
    cues: set[str] = field(default_factory=set)
    tokens: tuple[int, int] = (0, 0)


def _capitalised(tok: Any) -> bool:
    t = tok.text
    return bool(t) and (t[0].isupper() or t[0].isdigit())


def _title_runs(doc: Any) -> list[tuple[int, int]]:
    """Maximal runs of title-case tokens, joined by connectors, never across sentences or lines."""
    runs: list[tuple[int, int]] = []
    i, n = 0, len(doc)
    while i < n:
        if not _capitalised(doc[i]) or "\n" in doc[i].text:
            i += 1
            continue
        j = i + 1
        last_cap = i
        while j < n and j - i < 14 and "\n" not in doc[j].whitespace_ + doc[j].text:
            tok = doc[j]
            if doc[j].is_sent_start:
                break
            if _capitalised(tok):
                last_cap = j
            elif tok.lower_ not in CONNECTORS and tok.text not in {"'s", "’s", "...", "…", "!", "?", "."}:
                break
            j += 1
        end = last_cap + 1
        if end < n and doc[end].text in {"!", "?"} and not doc[last_cap].whitespace_:
            end += 1  # "Title!" and "Title?" keep their mark: it is part of the title
        runs.append((i, end))
        i = end
    return runs


def rule_subject_spans(doc: Any) -> list[tuple[int, int]]:
    """Every whole-word occurrence of a film the hand rules made a subject of.

    The rules read exact titles off lead sentences ("X, Y: Z is a 2019 film directed
    by ..."), commas and colons included, where title-case runs break a title apart.
    """
    text = doc_text(doc)
    names = {
        f["subject"]["name"]
        for f in doc._.film_facts or []
        if f["subject"].get("kind") == "Film" and f["subject"]["name"].strip()
    }
    spans = []
    for name in names:
        pos = text.find(name)
        while pos >= 0:
            end = pos + len(name)
            if (pos == 0 or not text[pos - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
                spans.append((pos, end))
            pos = text.find(name, end)
    return spans


def candidates(doc: Any, lines: list[Line]) -> list[FilmCandidate]:
    """All film-title candidates of a processed Doc."""
    text = doc_text(doc)
    found: dict[tuple[int, int], FilmCandidate] = {}

    def add(start: int, end: int, cue: str) -> None:
        while start < end and text[start] in " \t\"'“”‘’*_":
            start += 1
        while end > start and text[end - 1] in " \t\"'“”‘’*_,.:;":
            end -= 1
        if end - start < 1 or end - start > 90:
            return
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not any(c.isalpha() or c.isdigit() for c in text[start:end]):
            return
        start, end = span.start_char, span.end_char
        cand = found.setdefault(
            (start, end), FilmCandidate(start, end, text[start:end], tokens=(span.start, span.end))
        )
        cand.cues.add(cue)

    for i, j in _title_runs(doc):
        add(doc[i].idx, doc[j - 1].idx + len(doc[j - 1]), "run")
        if doc[i].is_sent_start and j - i > 1:
            add(doc[i + 1].idx, doc[j - 1].idx + len(doc[j - 1]), "run_after_first")
        cuts = [k for k in range(i + 1, j - 1) if not _capitalised(doc[k])]
        starts = [i] + [k + 1 for k in cuts]
        ends = [k for k in cuts] + [j]
        for a in starts:
            for b in ends:
                if a < b and (a, b) != (i, j) and _capitalised(doc[a]) and _capitalised(doc[b - 1]):
                    cue = "after_possessive" if doc[a - 1].text in {"'s", "’s"} else "sub_run"
                    add(doc[a].idx, doc[b - 1].idx + len(doc[b - 1]), cue)
    for m in _QUOTES.finditer(text):
        g = 1 if m.group(1) is not None else 2
        add(m.start(g), m.end(g), "quoted")
    for ent in doc.ents:
        if ent.label_ in {
            "WORK_OF_ART",
            "ORG",
            "PERSON",
            "GPE",
            "EVENT",
            "FAC",
            "PRODUCT",
            "LAW",
            "NORP",
            "LOC",
        }:
            add(ent.start_char, ent.end_char, "ent")
    for start, end in rule_subject_spans(doc):
        add(start, end, "rule_subject")
    for line in lines:
        for fld in line.fields:
            if fld.prop == "TITLE":
                add(fld.start, fld.end, "title_field")
        if line.kind == "field" and line.fields and line.fields[0].start > line.start:
            # "Title (Country: X; Director: Y)": the title heads its own fields
            head = _FIELDS_HEAD.match(text[line.start : line.fields[0].start])
            if head:
                add(line.start, line.start + head.end(1), "field_head")
        if line.kind in {"heading", "item"}:
            body = text[line.start : line.end]
            cleaned = _HEAD_CLEAN.sub("", body)
            offset = line.start + body.find(cleaned) if cleaned else line.start
            if cleaned and len(cleaned.split()) <= 12:
                add(offset, offset + len(cleaned), "line")
            head = _LINE_HEAD.match(cleaned)
            if head:
                add(offset, offset + head.end(1), "line_head")
    return sorted(found.values(), key=lambda c: (c.start, c.end))


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
        if doc[k].lower_ in CONNECTORS and not _capitalised(doc[k]):
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
        import bisect

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
