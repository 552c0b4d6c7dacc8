"""`film_relations` component: trigger rules from `patterns/relations.jsonl` plus the entity
scanners, resolved to one node per real entity, stored as plain data in `doc._.film_facts`.

Kept because: these proposals are features of the trained pair classifier and, where
exact, facts it keeps (517 of the 945 facts on dev, the seed and Re-DocRED film).
"""

from __future__ import annotations

from typing import Any, cast

import numpy as np
from spacy.attrs import LEMMA, LOWER, ORTH
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

from extract.nlp import clauses, roles, whenwhere  # noqa: F401  (register their handlers)
from extract.nlp.context import Context
from extract.nlp.gazetteer import load_jsonl
from extract.nlp.handlers import HANDLERS
from extract.nlp.resolve import resolve_facts
from extract.nlp.scanners import SCANNERS
from extract.nlp.titles import ensure_extensions

RULES_FILE = "relations.jsonl"


def expand_first_token(pattern: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """One pattern per value of a first-token `{"LOWER": {"IN": [...]}}` set.

    Set predicates run in Python on every token of the document; plain
    attribute values are checked in C, which keeps the matcher cheap.
    """
    first = pattern[0]
    for attr in ("LOWER", "LEMMA", "ORTH"):
        spec = first.get(attr)
        if isinstance(spec, dict) and set(spec) == {"IN"} and "OP" not in first:
            return [[{**first, attr: value}, *pattern[1:]] for value in spec["IN"]]
    return [pattern]


_UNBOUNDED = {"*", "+"}
_KEYS = {"LOWER": LOWER, "LEMMA": LEMMA, "ORTH": ORTH}


class TriggeredMatcher:
    """The rules' Matcher, run only where a rule can start.

    spaCy's Matcher tries every pattern at every token, so its cost grows with the
    patterns times the document; most tokens start no rule. Patterns of bounded length
    run on the stretches that follow a token equal to some pattern's first token, the
    few with `+` or `*` on the whole document: the same matches (sorted by position)
    for a fraction of the work.
    """

    def __init__(self, vocab: Any) -> None:
        self.bounded = Matcher(vocab)
        self.unbounded = Matcher(vocab)
        self.longest = 0
        self.first: dict[int, set[int]] = {attr: set() for attr in _KEYS.values()}
        self.vocab = vocab

    def add(self, key: str, patterns: list[list[dict[str, Any]]]) -> None:
        for pattern in patterns:
            if any(tok.get("OP") in _UNBOUNDED for tok in pattern):
                self.unbounded.add(key, [pattern])
                continue
            first = pattern[0]
            name = next((k for k in _KEYS if k in first), None)
            if name is None or not isinstance(first[name], str) or first.get("OP"):
                raise ValueError(f"{RULES_FILE}: rule {key!r} must open with one plain LOWER, LEMMA or ORTH")
            self.bounded.add(key, [pattern])
            self.longest = max(self.longest, len(pattern))
            self.first[_KEYS[name]].add(self.vocab.strings.add(first[name]))

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        matches = list(self.unbounded(doc))
        if len(doc):
            attrs = list(self.first)
            values = doc.to_array(cast(list[int | str], attrs))
            can_start = np.zeros(len(doc), dtype=bool)
            for col, attr in enumerate(attrs):
                if self.first[attr]:
                    can_start |= np.isin(values[:, col], np.fromiter(self.first[attr], dtype=np.uint64))
            end = -1
            stretch_start = 0
            for i in np.flatnonzero(can_start).tolist() + [None]:
                if i is not None and i <= end:
                    end = min(len(doc), i + self.longest)
                    continue
                if end > stretch_start:
                    found = self.bounded(doc[stretch_start:end])
                    matches += [(k, s + stretch_start, e + stretch_start) for k, s, e in found]
                if i is not None:
                    stretch_start, end = i, min(len(doc), i + self.longest)
        return sorted(set(matches), key=lambda m: (m[1], m[2], m[0]))


class FilmRelations:
    """Runs the trigger rules, then the scanners, then in-document resolution."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        ensure_extensions()
        self.rules: dict[str, dict[str, Any]] = {}
        self.matcher = TriggeredMatcher(nlp.vocab)
        for rule in load_jsonl(RULES_FILE):
            if rule["handler"] not in HANDLERS:
                raise ValueError(
                    f"{RULES_FILE}: rule {rule['id']!r} names unknown handler {rule['handler']!r}"
                )
            self.rules[rule["id"]] = rule
            self.matcher.add(rule["id"], expand_first_token(rule["pattern"]))

    def __call__(self, doc: Doc) -> Doc:
        ctx = Context(doc)
        seen: dict[tuple[str, int], int] = {}
        matches = []
        for match_id, start, end in self.matcher(doc):
            rule_id = doc.vocab.strings[match_id]
            key = (rule_id, start)
            if key in seen and seen[key] >= end:
                continue
            seen[key] = end
            matches.append((rule_id, start, end))
        longest = {(r, s): e for (r, s), e in seen.items()}
        for rule_id, start, end in matches:
            if longest[(rule_id, start)] != end:
                continue
            if ctx.ignored_sentence(ctx.sent_of(start)):
                continue
            rule = self.rules[rule_id]
            HANDLERS[rule["handler"]](ctx, rule, start, end)
        for scan in SCANNERS:
            scan(ctx)
        doc._.film_facts = resolve_facts(ctx)
        return doc


@Language.factory(
    "film_relations",
    requires=["doc._.film_titles", "doc._.film_mentions", "doc._.film_focus", "token.dep"],
    assigns=["doc._.film_facts"],
)
def make_film_relations(nlp: Language, name: str) -> FilmRelations:
    return FilmRelations(nlp, name)
