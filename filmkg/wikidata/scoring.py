"""Scoring link candidates: name, type, context; and the decision to link or not.

A candidate's score starts from how the name matched (label 1.0, alias 0.8, lone
surname 0.6) times how sure its type is (a Wikidata type or Freebase role 1.0, only the
description 0.9, a commonly mistyped kind 0.75-0.8), and moves with context: other
entities of the same document that Wikidata relates to the candidate (+0.2 when the
relation is the one the document states, +0.1 for another film property, a little for
generic ones like citizenship), its description naming them, the year of a film. Scores
are not capped at 1, so two full-name matches are told apart by their context; the best
must reach `min_score` and lead the next by `MARGIN`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rdflib import URIRef

from extract.vocab import PROPERTY_BY_PID
from filmkg.wikidata.kinds import compatible, mentions_film_work, normalise
from filmkg.wikidata.slice import SLICE_IRI, Item, Slice

DEFAULT_MIN_SCORE = 0.75
#: The best candidate must beat the runner-up by this much to be linked.
MARGIN = 0.25
_NAME_SCORE = {"label": 1.0, "alias": 0.8, "surname": 0.6}
_TYPE_FACTOR = {("full", "t"): 1.0, ("full", "f"): 1.0, ("full", "d"): 0.9, ("soft", "t"): 0.8,
                ("soft", "f"): 0.8, ("soft", "d"): 0.75}
#: "Best Actress" alone names a category of many awards (Oscars, BAFTA, national awards).
_CATEGORY_ONLY = re.compile(r"^(best|outstanding) ")
#: Descriptions of things that no longer exist: a text naming "Russia" rarely means an empire.
_FORMER = re.compile(r"\b(former|historical|defunct|dissolved|ancient)\b|\bfrom \d{3,4} to \d{3,4}\b"
                     r"|\b\d{3,4}\s*[\u2013-]\s*\d{3,4}\b", re.IGNORECASE)
#: Film properties: a relation by one of these is good context, a generic one (citizenship,
#: birthplace) much less, since everyone is related to their country.
FILM_PIDS = frozenset(PROPERTY_BY_PID)



@dataclass
class LocalEntity:
    node: URIRef
    kind: str
    label: str
    aliases: tuple[str, ...]
    docs: frozenset[URIRef] = frozenset()
    year: int | None = None


@dataclass
class Candidate:
    item: Item
    match: str  # "label" | "alias" | "surname"
    matched_name: str
    fit: str  # "full" | "soft"
    score: float = 0.0  # may exceed 1 with much context; `shown` is capped
    evidence: list[str] = field(default_factory=list)
    source: str = SLICE_IRI

    @property
    def shown(self) -> float:
        return min(1.0, self.score)


@dataclass
class Decision:
    entity: LocalEntity
    linked: Candidate | None
    candidates: list[Candidate]
    reason: str


def slice_candidates(entity: LocalEntity, slice_: Slice) -> tuple[list[Candidate], list[str]]:
    """Type-compatible candidates from the slice, and the names of those refused by type."""
    best: dict[str, Candidate] = {}
    refused: list[str] = []
    names = [(entity.label, 1.0)] + [(a, 0.9) for a in entity.aliases if len(a.split()) > 1]
    for name, weight in names:
        for qid, how in slice_.lookup(name):
            _consider(best, refused, entity, slice_.item(qid), "label" if how == "l" else "alias",
                      name, weight)
    words = normalise(entity.label).split()
    if not best and entity.kind == "Person" and len(words) == 1:
        people = slice_.surnames.get(words[0], [])
        if len(people) == 1:  # a surname only when it names one person in the slice
            _consider(best, refused, entity, slice_.item(people[0]), "surname", entity.label, 1.0)
        elif people:
            refused.append(f"surname {entity.label!r} names {len(people)} people in the slice")
    return list(best.values()), refused


def _consider(best: dict[str, Candidate], refused: list[str], entity: LocalEntity,
              item: Item | None, match: str, name: str, weight: float) -> None:
    if item is None:
        return
    cand = make_candidate(entity, item, match, name, weight)
    if isinstance(cand, str):
        refused.append(cand)
    elif item.qid not in best or best[item.qid].score < cand.score:
        best[item.qid] = cand


def make_candidate(entity: LocalEntity, item: Item, match: str, name: str,
                   weight: float) -> Candidate | str:
    """A scored candidate if the item's type fits the entity's kind, else why it does not."""
    fit = compatible(entity.kind, frozenset(item.categories))
    if fit is None:
        kinds = ", ".join(sorted(item.categories)) or "unknown type"
        return f"{item.qid} {item.label} ({kinds})"
    if _CATEGORY_ONLY.match(normalise(name)):
        return f"{item.qid} {item.label} ({name!r} is a category every award body has)"
    strength = min((item.categories[c] for c in item.categories
                    if compatible(entity.kind, frozenset({c})) == fit), key="tfd".index)
    score = _NAME_SCORE[match] * weight * _TYPE_FACTOR[(fit, strength)]
    evidence = [f"{match} match: {name!r} = {item.label!r}",
                f"type: {', '.join(sorted(item.categories))} fits {entity.kind}"
                + ("" if fit == "full" else " (loosely)")]
    form = next((n for n in item.names if normalise(n) == normalise(name)), item.label)
    if _has_accents(name) and name.casefold() != form.casefold() and _has_accents(name) != _has_accents(form):
        score *= 0.7  # the text's accents are evidence: "Kōchi" is not "Kochi"
        evidence.append(f"accents differ: {name!r} vs {form!r}")
    if entity.kind in ("Place", "Country", "Organization") and _FORMER.search(item.description or ""):
        score -= 0.1
        evidence.append("a former or historical entity")
    return Candidate(item, match, name, fit, round(score, 3), evidence)


def _has_accents(text: str) -> str:
    """The accented letters of a text, in order ("" when it has none)."""
    return "".join(c for c in text if unicodedata.decomposition(c).split()[1:2] and c.isalpha()
                   and not c.isascii())


def film_person(item: Item, slice_: Slice) -> bool:
    """A Freebase film role, or film work in the description or an occupation (P106)."""
    if item.roles or mentions_film_work(item.description):
        return True
    return any(pid == "P106" and mentions_film_work(slice_.label(obj)) for pid, obj in item.statements)


def _related(a: Item, b: Item, slice_: Slice) -> set[str]:
    """Properties by which Wikidata (slice or API answers) relates items a and b."""
    pids = {p for p, o in a.statements if o == b.qid} | {p for p, o in b.statements if o == a.qid}
    pids |= slice_.neighbours.get(a.qid, {}).get(b.qid, set())
    return pids


def score_context(entity: LocalEntity, cands: list[Candidate],
                  others: list[tuple[LocalEntity, list[Candidate]]],
                  edges: dict[tuple[URIRef, URIRef], set[str]], slice_: Slice) -> None:
    """Raise or lower each candidate's score from the rest of the document."""
    for cand in cands:
        bonus = generic = 0.0
        supported = False
        for other, other_cands in others:
            for oc in other_cands:
                pids = _related(cand.item, oc.item, slice_)
                if not pids:
                    continue
                stated = pids & edges.get((entity.node, other.node), set())
                if stated or pids & FILM_PIDS:
                    bonus += 0.2 if stated else 0.1
                else:
                    generic += 0.03
                supported = supported or bool(stated)
                why = f"as the document says ({', '.join(sorted(stated))})" if stated else ""
                cand.evidence.append(f"context: Wikidata relates it to {oc.item.qid} {oc.item.label!r} "
                                     f"({', '.join(sorted(pids))}), the document's {other.label!r} {why}"
                                     .rstrip())
                break
        description = normalise(cand.item.description or "")
        for other, _ in others:
            key = normalise(other.label)
            if len(key) >= 5 and f" {key} " in f" {description} ":
                related = bool(edges.get((entity.node, other.node)))
                bonus += 0.25 if related else 0.05
                cand.evidence.append(f"description mentions {other.label!r}"
                                     + (", which the document relates to it" if related else ""))
        if cand.match == "surname" and not supported:
            cand.score = min(cand.score, 0.5)
            cand.evidence.append("surname only, and no fact of the document supports it")
        elif (entity.kind == "Person" and len(normalise(cand.matched_name).split()) == 1
              and bonus <= 0 and cand.item.categories.get("person") == "d"):
            cand.score = min(cand.score, 0.6)
            cand.evidence.append("a one-word name, a person only by its description, and no context")
        if entity.kind == "Person" and bonus <= 0:
            if film_person(cand.item, slice_):
                cand.evidence.append("Wikidata knows them for film work")
            else:
                bonus -= 0.35
                cand.evidence.append("nothing ties them to film, and no context: maybe a namesake")
        bonus += min(generic, 0.06)
        years = cand.item.years
        if entity.kind == "Film" and entity.year and years:
            if entity.year in years or any(abs(entity.year - y) <= 1 for y in years):
                bonus += 0.1
                cand.evidence.append(f"year {entity.year} agrees with the description")
            else:
                bonus -= 0.4
                cand.evidence.append(f"year {entity.year} disagrees with {sorted(years)}")
        # Not capped at 1: two full-name matches are told apart by how much context each has.
        cand.score = round(max(0.0, cand.score + min(bonus, 0.4)), 3)


def decide(entity: LocalEntity, cands: list[Candidate], refused: list[str], min_score: float) -> Decision:
    cands.sort(key=lambda c: (-c.score, c.item.qid))
    if not cands:
        reason = ("no candidate in the slice" if not refused
                  else "no fitting candidate: " + "; ".join(refused[:3]))
        return Decision(entity, None, [], reason)
    best = cands[0]
    if best.score < min_score:
        return Decision(entity, None, cands, f"weak: best score {best.shown:.2f} < {min_score:.2f}")
    if len(cands) > 1 and best.score - cands[1].score < MARGIN:
        return Decision(entity, None, cands,
                        f"ambiguous: {best.item.qid} {best.shown:.2f} vs {cands[1].item.qid} "
                        f"{cands[1].shown:.2f}")
    return Decision(entity, best, cands, "linked")
