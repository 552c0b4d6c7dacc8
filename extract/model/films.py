"""Film title candidates: every span that may name a film (`film_features` scores them).

Titles are often unmarked ("Room", "Mirror", a heading line, "Director's Title"), so
every plausible span is proposed from general cues (quotes, title case, "(1921)",
"X is a 1939 ... film", heading and list lines, field blocks) and a trained
classifier decides. Nothing here names a film.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from extract.model.structure import Line
from extract.model.text import doc_text, vocabulary

#: Lower-case words and marks that may sit inside a title (`vocabulary.json`).
CONNECTORS = vocabulary("title_connectors")
_QUOTES = re.compile(r"[\"“”]([^\"“”\n]{1,80})[\"“”]|‘([^‘’\n]{1,80})’")
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


def capitalised(tok: Any) -> bool:
    t = tok.text
    return bool(t) and (t[0].isupper() or t[0].isdigit())


def _title_runs(doc: Any) -> list[tuple[int, int]]:
    """Maximal runs of title-case tokens, joined by connectors, never across sentences or lines."""
    runs: list[tuple[int, int]] = []
    i, n = 0, len(doc)
    while i < n:
        if not capitalised(doc[i]) or "\n" in doc[i].text:
            i += 1
            continue
        j = i + 1
        last_cap = i
        while j < n and j - i < 14 and "\n" not in doc[j].whitespace_ + doc[j].text:
            tok = doc[j]
            if doc[j].is_sent_start:
                break
            if capitalised(tok):
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
        cuts = [k for k in range(i + 1, j - 1) if not capitalised(doc[k])]
        starts = [i] + [k + 1 for k in cuts]
        ends = [k for k in cuts] + [j]
        for a in starts:
            for b in ends:
                if a < b and (a, b) != (i, j) and capitalised(doc[a]) and capitalised(doc[b - 1]):
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
