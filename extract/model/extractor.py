"""The trained extractor's steps, shared by the spaCy component and by training.

analyse (structure, film candidates, objects) -> select films (film classifier)
-> pairs (scope) -> relation classifier -> facts, one per (subject, property, value)
with the best-scoring evidence.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from extract.model import film_features
from extract.model import films as film_mod
from extract.model import objects as obj_mod
from extract.model.pairs import FilmMention, Pair, Scope, pair_features
from extract.model.people import resolve_people
from extract.model.rules import fact_key
from extract.model.sections import award_sections, section_of, section_pairs
from extract.model.structure import Line, content_end, lines
from extract.model.text import doc_text, fold, primary_title, sentence_of, title_variants
from extract.model.topic import topic_features, topic_person

PERSON_PROPS = obj_mod.PERSON_PROPS
KIND_PROPS: dict[str, tuple[str, ...]] = {
    "PERSON": PERSON_PROPS,
    "ORG": ("P272", "P750"),
    "FESTIVAL": ("P4647", "P1411", "P166"),
    "AWARD": ("P166", "P1411"),
    "PLACE": ("P840", "P915", "P4647"),
    "COUNTRY": ("P495", "P840", "P915"),
    "LANGUAGE": ("P364",),
    "DATE": ("P577",),
    "MONEY": ("P2130", "P2142"),
    "GENRE": ("P136",),
    "WORK": ("P144",),
}
PERSON_SUBJECT_PROPS = ("P166", "P1411")
RECORD_KIND = {
    "PERSON": "Person",
    "ORG": "Organization",
    "FESTIVAL": "FilmFestival",
    "AWARD": "Award",
    "PLACE": "Place",
    "COUNTRY": "Country",
    "LANGUAGE": "Language",
    "GENRE": "Genre",
    "WORK": "Work",
}


@dataclass
class Analysis:
    """What one document offers before any decision: lines, film candidates, objects."""

    doc: Any
    lines: list[Line]
    film_candidates: list[film_mod.FilmCandidate]
    film_features: list[list[str]]
    objects: list[obj_mod.ObjectCandidate]
    #: where the article's back matter begins (`structure.content_end`): no candidate comes from after it
    end: int


def analyse(doc: Any, wikidata_kind: Any) -> Analysis:
    text = doc_text(doc)
    doc_lines = lines(text)
    end = content_end(doc_lines, text)
    cands = [c for c in film_mod.candidates(doc, doc_lines) if c.start < end]
    ctx = film_features.doc_context(doc, doc_lines, cands, wikidata_kind)
    feats = [film_features.features(doc, c, ctx) for c in cands]
    objs = [o for o in obj_mod.candidates(doc, doc_lines) if o.start < end]
    resolve_people(objs)
    return Analysis(doc, doc_lines, cands, feats, objs, end)


def select_films(analysis: Analysis, probs: list[float], threshold: float) -> list[FilmMention]:
    """Accepted titles without overlaps (best first), then every repeat of an accepted title."""
    order = sorted(range(len(probs)), key=lambda i: -probs[i])
    taken: list[tuple[int, int]] = []
    chosen: list[FilmMention] = []
    for i in order:
        if probs[i] < threshold:
            break
        c = analysis.film_candidates[i]
        if any(s < c.end and c.start < e for s, e in taken):
            continue
        taken.append((c.start, c.end))
        name = primary_title(c.text)  # a heading's label or a list number is not part of the title
        chosen.append(FilmMention(c.start, c.end, name, probs[i], frozenset(c.cues), c.tokens))
    text = doc_text(analysis.doc)
    names = {m.name: m for m in chosen}
    for name, m in names.items():
        pos = text.find(name, 0, analysis.end)
        while pos >= 0:
            end = pos + len(name)
            boundary = (pos == 0 or not text[pos - 1].isalnum()) and (
                end >= len(text) or not text[end].isalnum()
            )
            if boundary and not any(s < end and pos < e for s, e in taken):
                span = analysis.doc.char_span(pos, end, alignment_mode="expand")
                if span is not None:
                    taken.append((pos, end))
                    chosen.append(
                        FilmMention(pos, end, name, m.score, frozenset({"repeat"}), (span.start, span.end))
                    )
            pos = text.find(name, end, analysis.end)
    return sorted(chosen, key=lambda f: f.start)


def _rule_index(doc: Any) -> dict[tuple[str, str], set[str]]:
    """(folded subject, folded object value) -> properties the hand rules proposed."""
    index: dict[tuple[str, str], set[str]] = {}
    for f in doc._.film_facts or []:
        subject, prop, value = fact_key(f)
        index.setdefault((subject, value), set()).add(prop)
    return index


def build_pairs(analysis: Analysis, films: list[FilmMention]) -> list[Pair]:
    """Every candidate pair of the document, with features."""
    scope = Scope(analysis.doc, analysis.lines, films)
    rules = _rule_index(analysis.doc)
    n_films = len({f.key for f in films})
    film_spans = [(f.start, f.end) for f in films]
    pairs: list[Pair] = []
    people = [o for o in analysis.objects if o.kind == "PERSON"]
    topic = topic_person(people, scope)
    sections = award_sections(analysis.lines, analysis.objects, doc_text(analysis.doc))
    headings = [s.award for s in sections]
    for obj in analysis.objects:
        if obj.kind != "DATE" and any(
            s <= obj.start and obj.end <= e and e - s > obj.end - obj.start for s, e in film_spans
        ):
            continue  # a word of a title ("Jackie" in "Jackie Brown's Return") is not an object
        if obj.source == "listed" and (obj.start, obj.end) in film_spans:
            continue  # a listed part read as a name that the film classifier took for a title
        subjects = scope.subjects(obj)
        for key, (mention, rels) in subjects.items():
            pair = Pair(
                mention.name, "FILM", obj, rels, (mention.start, mention.end), mention.score, mention.cues
            )
            pair.features = pair_features(scope, pair, n_films, rules.get((key, fold(obj.value)), set()))
            pairs.append(pair)
        if topic is not None and obj is topic.first:
            for key, mention in scope.first_mentions().items():
                if key in subjects:
                    continue
                pair = Pair(
                    mention.name,
                    "FILM",
                    obj,
                    {"topic_person"},
                    (mention.start, mention.end),
                    mention.score,
                    mention.cues,
                )
                feats = pair_features(scope, pair, n_films, rules.get((key, fold(obj.value)), set()))
                pair.features = feats + topic_features(scope, mention, topic)
                pairs.append(pair)
        if obj.kind in {"AWARD", "FESTIVAL"} and obj not in headings:
            sent = scope.sent(obj.start)
            for person in people:
                if sent.start_char <= person.start < sent.end_char:
                    pair = Pair(person.value, "PERSON", obj, {"sent"}, (person.start, person.end))
                    rule_props = rules.get((fold(person.value), fold(obj.value)), set())
                    pair.features = pair_features(scope, pair, n_films, rule_props)
                    pairs.append(pair)
    for pair in section_pairs(sections, scope, people):
        subject = fold(pair.subject_name)
        rule_props = rules.get((subject, fold(pair.obj.value)), set())
        pair.features = pair_features(scope, pair, n_films, rule_props) + pair.features
        pairs.append(pair)
    for pair in pairs:
        section = section_of(sections, scope.line(pair.obj.start).index, pair.obj.start)
        if section is not None and pair.obj is not section.award:
            pair.features += ["in_award_section", *(f"in_sec_role={r}" for r in section.roles)]
    return pairs


def allowed(pair: Pair) -> tuple[str, ...]:
    if pair.subject_kind == "PERSON":
        return PERSON_SUBJECT_PROPS
    return KIND_PROPS.get(pair.obj.kind, ())


def _value_record(obj: obj_mod.ObjectCandidate) -> dict[str, Any]:
    if obj.kind == "DATE":
        return {"date": obj.value}
    if obj.kind == "MONEY":
        amount, currency = obj.value.split(" ")
        return {"money": [amount, currency]}
    aliases = sorted({a for a in (*obj.aliases, obj.text) if a != obj.value and len(a) < 120})
    return {"kind": RECORD_KIND[obj.kind], "name": obj.value, "aliases": aliases}


def keep_best_films(pairs: list[Pair], scores: list[dict[str, float]]) -> list[dict[str, float]]:
    """Each object mention supports a property only for the film(s) scoring highest with it.

    In a text naming several films, a sentence's director or award also scores well with the
    films named around it; in training, three in five confident wrong facts were a right
    value under a neighbouring film. Applied to raw scores, before calibration, both in
    training and at run time.
    """
    top: dict[tuple[int, int, str], float] = {}
    for pair, score in zip(pairs, scores, strict=True):
        if pair.subject_kind == "FILM" and "award_section" not in pair.rels:
            for prop, p in score.items():
                key = (pair.obj.start, pair.obj.end, prop)
                top[key] = max(top.get(key, p), p)
    return [
        {
            prop: p
            for prop, p in score.items()
            if pair.subject_kind != "FILM"
            or "award_section" in pair.rels  # each line of a nominee list is its own evidence
            or p >= top.get((pair.obj.start, pair.obj.end, prop), p)
        }
        for pair, score in zip(pairs, scores, strict=True)
    ]


def largest_box_office(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A film's box office is the largest total the text gives in each currency.

    Reports give a weekend's or a territory's takings beside the total; Wikidata's P2142
    (and the corpus conventions) hold the total alone, so smaller sums of a film in the
    same currency are dropped once the facts are chosen.
    """
    largest: dict[tuple[str, str], float] = {}
    for r in records:
        if r["property"] == "P2142" and "money" in r["object"]:
            amount, currency = r["object"]["money"]
            key = (fold(r["subject"]["name"]), currency)
            largest[key] = max(largest.get(key, 0.0), float(amount))
    return [
        r
        for r in records
        if r["property"] != "P2142"
        or "money" not in r["object"]
        or float(r["object"]["money"][0]) >= largest[(fold(r["subject"]["name"]), r["object"]["money"][1])]
    ]


def film_surface_names(names: Iterable[str]) -> dict[str, set[str]]:
    """Folded film name -> every name the film goes by ("Original / English" gives both).

    A fact's subject carries them as aliases; training scores its facts with the same
    names, so the threshold and calibration fit what the extractor emits.
    """
    out: dict[str, set[str]] = {}
    for name in names:
        out.setdefault(fold(name), set()).update(title_variants(name))
    return out


def facts(
    doc: Any,
    pairs: list[Pair],
    scores: list[dict[str, float]],
    min_confidence: float,
    film_names: dict[str, set[str]],
) -> list[dict[str, Any]]:
    """One fact per (subject, property, value), kept when its best score reaches `min_confidence`."""
    best: dict[tuple[str, str, str], tuple[float, Pair]] = {}
    for pair, score in zip(pairs, scores, strict=False):
        for prop, p in score.items():
            if p < min_confidence:
                continue
            key = (fold(pair.subject_name), prop, fold(pair.obj.value))
            if key not in best or p > best[key][0]:
                best[key] = (p, pair)
    out = []
    text = doc_text(doc)
    for (subject_key, prop, _), (p, pair) in sorted(best.items()):
        start, end = sentence_of(doc, pair.obj.start)
        if pair.subject_kind == "FILM":
            aliases = sorted(film_names.get(subject_key, set()) - {pair.subject_name})
            subject = {"kind": "Film", "name": pair.subject_name, "aliases": aliases}
        else:
            subject = {"kind": "Person", "name": pair.subject_name, "aliases": []}
        out.append(
            {
                "subject": subject,
                "property": prop,
                "object": _value_record(pair.obj),
                "character": None,
                "evidence": {
                    "sentence": text[start:end].strip(),
                    "start": start,
                    "end": end,
                    "rule": "model:" + "+".join(sorted(pair.rels)),
                    "confidence": round(p, 4),
                },
            }
        )
    return out
