"""Candidate (subject, object) pairs and their features for the relation classifier.

A fact attaches to the film its sentence or its structure is about: the films named
in the object's sentence, the film heading its line block or list item, the film of
the previous sentence and the document's first film are all proposed, each tagged
with how it relates to the object, and the classifier learns which of them to trust.
People are proposed as subjects of awards named in their sentence.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from extract.model.objects import ObjectCandidate
from extract.model.structure import Line
from extract.model.text import bucket, fold

_SKIP_POS = {"DET", "PUNCT", "SPACE"}
#: The relation a pair is read under when it has several (its context features are crossed with it).
_PRIORITY = (
    "only_in_sent",
    "nearest_before",
    "nearest_after",
    "sent",
    "block",
    "section",
    "prev",
    "first",
    "next",
    "back1",
    "back2",
)


@dataclass
class FilmMention:
    """A span the film classifier accepted (or a repeat of an accepted title)."""

    start: int
    end: int
    name: str
    score: float
    cues: frozenset[str]
    tokens: tuple[int, int]

    @property
    def key(self) -> str:
        return fold(self.name)


@dataclass
class Pair:
    """One (subject, object) candidate with the ways the subject relates to the object."""

    subject_name: str
    subject_kind: str  # "FILM" or "PERSON"
    obj: ObjectCandidate
    rels: set[str]
    mention: tuple[int, int]
    score: float = 1.0
    cues: frozenset[str] = frozenset()
    features: list[str] = field(default_factory=list)


class Scope:
    """Looks up sentences, lines and the films around a position."""

    def __init__(self, doc: Any, lines: list[Line], films: list[FilmMention]) -> None:
        self.doc = doc
        self.lines = lines
        self.line_starts = [ln.start for ln in lines]
        self.films = sorted(films, key=lambda f: f.start)
        self.film_starts = [f.start for f in self.films]
        self.sents = list(doc.sents)
        self.sent_starts = [s.start_char for s in self.sents]
        self._verbs: dict[int, list[str]] = {}
        self._spans: dict[tuple[int, int], Any] = {}

    def verbs(self, sent: Any) -> list[str]:
        """Verb lemmas of a sentence (cached: every pair in it asks)."""
        if sent.start not in self._verbs:
            self._verbs[sent.start] = [f"sv={t.lemma_.casefold()}" for t in sent if t.pos_ == "VERB"][:12]
        return self._verbs[sent.start]

    def span(self, start: int, end: int) -> Any:
        key = (start, end)
        if key not in self._spans:
            self._spans[key] = self.doc.char_span(start, end, alignment_mode="expand")
        return self._spans[key]

    def sent(self, pos: int) -> Any:
        return self.sents[max(0, bisect.bisect_right(self.sent_starts, pos) - 1)]

    def line(self, pos: int) -> Line:
        return self.lines[max(0, bisect.bisect_right(self.line_starts, pos) - 1)]

    def subjects(self, obj: ObjectCandidate) -> dict[str, tuple[FilmMention, set[str]]]:
        """Films that may be the subject of `obj`, keyed by folded name, with their relations."""
        out: dict[str, tuple[FilmMention, set[str]]] = {}

        def add(f: FilmMention, rel: str) -> None:
            if f.start <= obj.start < f.end or obj.start <= f.start < obj.end:
                return
            entry = out.setdefault(f.key, (f, set()))
            entry[1].add(rel)
            # prefer the nearest mention in the sentence for the pair's context
            if rel == "sent" and abs(f.start - obj.start) < abs(entry[0].start - obj.start):
                out[f.key] = (f, entry[1])

        if not self.films:
            return out
        sent = self.sent(obj.start)
        k = bisect.bisect_left(self.film_starts, sent.start_char)
        in_sent = []
        while k < len(self.films) and self.films[k].start < sent.end_char:
            add(self.films[k], "sent")
            in_sent.append(self.films[k])
            k += 1
        before_obj = [f for f in in_sent if f.end <= obj.start]
        if before_obj:
            add(before_obj[-1], "nearest_before")
        after_obj = [f for f in in_sent if f.start >= obj.end]
        if after_obj:
            add(after_obj[0], "nearest_after")
        if len({f.key for f in in_sent}) == 1:
            add(in_sent[0], "only_in_sent")
        before = bisect.bisect_left(self.film_starts, sent.start_char) - 1
        if before >= 0:
            add(self.films[before], "prev")
        line = self.line(obj.start)
        if line.kind in {"field", "item", "heading"}:
            for f in reversed(self.films[: bisect.bisect_right(self.film_starts, obj.start)]):
                fl = self.line(f.start)
                if fl.kind in {"heading", "item"} or fl.index == line.index:
                    add(f, "block")
                    break
        for f in reversed(self.films[: bisect.bisect_right(self.film_starts, obj.start)]):
            if self.line(f.start).kind in {"heading"} and ("line" in f.cues or "line_head" in f.cues):
                add(f, "section")
                break
        add(self.films[0], "first")
        # the other films named in the two sentences before: films named further back
        # almost never hold a sentence's value (under 1% of such pairs scored 0.3 in
        # training) and were a quarter of all pairs
        here = bisect.bisect_right(self.sent_starts, obj.start)
        back = 0
        for f in reversed(self.films[: bisect.bisect_right(self.film_starts, obj.start)]):
            gap = here - bisect.bisect_right(self.sent_starts, f.start)
            if gap > 2:
                break
            if f.key not in out and back < 4:
                back += 1
                add(f, f"back{bucket(gap, (1, 2))}")
        nxt = self.films[bisect.bisect_right(self.film_starts, obj.start) :]
        if nxt and nxt[0].key not in out and self.sent(nxt[0].start).start_char - sent.end_char < 300:
            add(nxt[0], "next")
        return out

    def first_mentions(self) -> dict[str, FilmMention]:
        """Each distinct film once, at its first mention."""
        out: dict[str, FilmMention] = {}
        for f in self.films:
            out.setdefault(f.key, f)
        return out


def _lemmas(doc: Any, start: int, end: int) -> list[str]:
    return [t.lemma_.casefold() for t in doc[start:end] if t.pos_ not in _SKIP_POS]


def pair_features(scope: Scope, pair: Pair, n_films: int, rule_props: set[str]) -> list[str]:
    """Sparse string features of one pair."""
    doc = scope.doc
    obj = pair.obj
    ospan = scope.span(obj.start, obj.end)
    fspan = scope.span(*pair.mention)
    kind = obj.kind
    feats = [
        f"ok={kind}",
        f"sk={pair.subject_kind}",
        f"src={obj.source}",
        f"nf={bucket(n_films)}",
        f"fsc={min(9, int(pair.score * 10))}",
        f"fsc={min(9, int(pair.score * 10))}|ok={kind}",
    ]
    feats += [f"fcue={c}" for c in pair.cues]
    for rel in pair.rels:
        feats += [f"rel={rel}", f"rel={rel}|ok={kind}"]
    feats.append("rels=" + "+".join(sorted(pair.rels)))
    if obj.field_label:
        feats += [f"fl={obj.field_label}", f"fp={obj.field_prop}", f"fp={obj.field_prop}|ok={kind}"]
        feats += [f"fp={obj.field_prop}|rel={r}" for r in pair.rels]
    primary = next((r for r in _PRIORITY if r in pair.rels), sorted(pair.rels)[0] if pair.rels else "none")
    crossed_from = len(feats)
    line = scope.line(obj.start)
    feats.append(f"lk={line.kind}")
    if kind in {"AWARD", "GENRE", "FESTIVAL", "LANGUAGE", "COUNTRY", "ORG"}:
        feats.append(f"ot={fold(obj.value)}")
    if obj.status:
        feats.append(f"st={obj.status}")
    for p in rule_props:
        feats += [f"rule={p}", f"rule={p}|ok={kind}"]
    if ospan is not None:
        s, e = ospan.start, ospan.end
        for k in range(1, 4):
            if s - k >= 0:
                tok = doc[s - k]
                feats.append(f"ol{k}={tok.lemma_.casefold()}")
        for k in range(0, 2):
            if e + k < len(doc):
                feats.append(f"or{k}={doc[e + k].lemma_.casefold()}")
        root = ospan.root
        head = root.head
        feats += [
            f"od={root.dep_}",
            f"oh={head.lemma_.casefold()}",
            f"odh={root.dep_}|{head.lemma_.casefold()}",
        ]
        if head.head is not head:
            feats.append(f"ohh={head.head.lemma_.casefold()}|{head.dep_}")
        sent = scope.sent(obj.start)
        context = [f for f in feats[crossed_from:] if not f.startswith(("ot=", "rule="))]
        feats += [f"{f}|R={primary}" for f in context]
        feats += scope.verbs(sent)
        if fspan is not None and "sent" in pair.rels:
            a, b = (fspan.end, s) if fspan.start < s else (e, fspan.start)
            between = _lemmas(doc, a, b) if b > a else []
            feats.append("order=" + ("f<o" if fspan.start < s else "o<f"))
            feats.append(f"dist={bucket(max(0, b - a))}")
            if len(between) <= 12:
                feats += [f"bw={w}" for w in between]
                if between:
                    feats += [f"bw0={between[0]}", f"bwL={between[-1]}"]
                feats.append("bwseq=" + " ".join(between[:4]))
            else:
                feats.append("bw=far")
            nb = sum(1 for f in scope.films if a <= f.tokens[0] < b and f.name != pair.subject_name)
            feats.append(f"filmsbetween={bucket(nb)}")
            fr = fspan.root
            feats += [f"fd={fr.dep_}", f"fh={fr.head.lemma_.casefold()}"]
            if fr.head == root.head:
                feats.append("same_head")
            if root.head == fr or fr.head == root:
                feats.append("direct_link")
            feats += dependency_path(fr, root)
    return feats


def _up(token: Any, longest: int) -> list[Any]:
    """The token and its heads, at most `longest` + 1 of them (the root is its own head)."""
    chain = [token]
    while chain[-1].head.i != chain[-1].i and len(chain) <= longest:
        chain.append(chain[-1].head)
    return chain


def dependency_path(film_root: Any, obj_root: Any, longest: int = 6) -> list[str]:
    """The syntactic path from the film to the object through their lowest common head.

    The words on that path ("directed by", "stars", "won") say how the two relate better than
    the words between them, which a long apposition or a list can fill.
    """
    up_film = _up(film_root, longest)
    up_obj = _up(obj_root, longest)
    on_obj_side = {t.i: k for k, t in enumerate(up_obj)}
    meet = next((k for k, t in enumerate(up_film) if t.i in on_obj_side), None)
    if meet is None:
        at_roots = all(chain[-1].head.i == chain[-1].i for chain in (up_film, up_obj))
        return ["path=none" if at_roots else "path=long"]
    if meet + on_obj_side[up_film[meet].i] > longest:
        return ["path=long"]
    common = up_film[meet]
    left = up_film[:meet]
    right = up_obj[: on_obj_side[common.i]]
    deps = [f"{t.dep_}^" for t in left] + [common.pos_] + [f"{t.dep_}v" for t in reversed(right)]
    words = [t.lemma_.casefold() for t in left[1:]] + [common.lemma_.casefold()]
    words += [t.lemma_.casefold() for t in reversed(right[1:])]
    return [
        "path=" + " ".join(deps),
        "pathw=" + " ".join(words),
        f"pathc={common.lemma_.casefold()}",
        *(f"pw={w}" for w in words),
    ]
