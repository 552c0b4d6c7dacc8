"""Per-document state shared by the relation handlers: sentences, films, focus, raw facts.

Raw facts are plain dicts (msgpack-safe), turned into records by `facts.py`.

Kept because: every handler and scanner reads and writes through it (which film a
token belongs to, the sentence's focus film, the facts found so far).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any

from spacy.tokens import Doc, Token

from extract.nlp.gazetteer import Domain, cues, domain
from extract.nlp.spans import PLACE_LABELS, Name, doc_text, in_ranges, section_ranges

ORG_WORDS = frozenset(cues("org_words"))
FILMISH_PRONOUNS = {"it", "this", "which", "that"}
_YEARS = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


class Context:
    """Everything a handler needs about one document."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.dom: Domain = domain()
        self.sents = list(doc.sents)
        self.sent_starts = [s.start for s in self.sents]
        self.films: list[dict[str, Any]] = doc._.film_titles or []
        self.focus: list[int | None] = doc._.film_focus or [None] * len(self.sents)
        self.mentions: list[dict[str, Any]] = doc._.film_mentions or []
        self.text = doc_text(doc)  # Doc.text joins every token: build it once
        self.ignored = section_ranges(self.text, self.dom.story_headings)
        self.facts: list[dict[str, Any]] = []
        self.extra_people: list[list[Any]] = []
        # film mentions as token ranges, per sentence
        self.film_tokens: dict[int, list[tuple[int, int, int]]] = {}
        self.film_token_index: dict[int, int] = {}
        for idx, film in enumerate(self.films):
            for s, e in film["mentions"]:
                span = doc.char_span(s, e, alignment_mode="expand")
                if span is None:
                    continue
                k = self.sent_of(span.start)
                self.film_tokens.setdefault(k, []).append((span.start, span.end, idx))
                for t in range(span.start, span.end):
                    self.film_token_index[t] = idx
        self.person_names = {e.text for e in doc.ents if e.label_ == "PERSON"}
        self.year_marks = [(m.start(), int(m.group(1))) for m in _YEARS.finditer(self.text)]

    # -- positions -------------------------------------------------------------

    def sent_of(self, i: int) -> int:
        return bisect_right(self.sent_starts, i) - 1

    def ignored_sentence(self, k: int) -> bool:
        sent = self.sents[k]
        return in_ranges(self.ignored, sent.start_char)

    def year_before(self, char: int) -> int | None:
        """The last year written before `char` (for dates like "October 18")."""
        k = bisect_right(self.year_marks, (char, 10_000)) - 1
        return self.year_marks[k][1] if k >= 0 else None

    # -- films -----------------------------------------------------------------

    def film_at(self, i: int) -> int | None:
        return self.film_token_index.get(i)

    def film_for(self, i: int, *, right: bool = False) -> tuple[int | None, float]:
        """The film a trigger at token `i` is about: nearest mention on its left in the sentence,
        else (if `right`) on its right, else the sentence's focus film. Returns (index, factor)."""
        k = self.sent_of(i)
        here = self.film_tokens.get(k, [])
        left = [m for m in here if m[1] <= i]
        if left:
            return max(left, key=lambda m: m[1])[2], 1.0
        if right:
            after = [m for m in here if m[0] >= i]
            if after:
                return min(after, key=lambda m: m[0])[2], 0.95
        if 0 <= k < len(self.focus) and self.focus[k] is not None:
            return self.focus[k], 0.9
        return None, 0.0

    def filmish(self, tok: Token) -> int | None:
        """Film index when `tok` refers to a film (a title, "the film", "it"), else None."""
        idx = self.film_at(tok.i)
        if idx is not None:
            return idx
        if tok.lower_ in self.dom.film_nouns or tok.lower_ in FILMISH_PRONOUNS:
            if tok.lower_ in {"films", "movies"}:
                return None
            dets = {c.lower_ for c in tok.children if c.dep_ in {"det", "poss"}}
            if tok.lower_ in FILMISH_PRONOUNS or dets & {"the", "this", "its", "that"}:
                return self.film_for(tok.i)[0]
        return None

    # -- names -----------------------------------------------------------------

    def kind_of(self, name: Name) -> str:
        """'person', 'org', 'place' or 'unknown' for a name found in a list."""
        text = self.doc[name.start : name.end].text
        last = text.split()[-1].casefold() if text.split() else ""
        inner = set(text.split()[:-1])
        if last in ORG_WORDS or inner & {"Films", "Pictures", "Productions", "Studios"}:
            return "org"  # "Les Films du Quai": no person's name holds "Films"
        if name.label == "PERSON" or text in self.person_names:
            return "person"
        if name.label == "ORG":
            # NER calls many unfamiliar personal names ORG: "Aiko Tanabe" is a person
            return "org?" if 2 <= len(text.split()) <= 4 and self.person_shaped(name) else "org"
        if name.label in PLACE_LABELS:
            return "place"
        return "unknown"

    def person_shaped(self, name: Name) -> bool:
        words = self.doc[name.start : name.end].text.split()
        return 1 <= len(words) <= 5 and all(w[:1].isupper() or w in {"de", "van", "von", "da"} for w in words)

    # -- facts -----------------------------------------------------------------

    def add(
        self,
        *,
        subject: dict[str, Any],
        pid: str,
        obj: dict[str, Any],
        rule: str,
        confidence: float,
        token: int,
        character: str | None = None,
    ) -> None:
        k = self.sent_of(token)
        if k < 0 or self.ignored_sentence(k):
            return
        sent = self.sents[k]
        self.facts.append(
            {
                "subject": subject,
                "pid": pid,
                "object": obj,
                "rule": rule,
                "confidence": round(min(confidence, 0.99), 3),
                "character": character,
                "sentence": [sent.start_char, sent.end_char],
            }
        )

    def film_subject(self, idx: int) -> dict[str, Any]:
        return {"type": "film", "idx": idx}

    def person_obj(self, name: Name) -> dict[str, Any]:
        text = self.doc[name.start : name.end].text
        pos = self.doc[name.start].idx
        self.extra_people.append([text, pos])
        return {"type": "person", "name": text, "pos": pos}
