"""Entity linking: extracted entities -> Wikidata items, precision first.

Candidates come from the slice's label index (label, alias, "The" variants; a lone
surname only for people and only with support from the document). A candidate must fit
the entity's kind. Its score starts from how the name matched and how sure its type is,
and moves with context: other entities of the same document that Wikidata relates to the
candidate (more when the relation is the one the document states), words of its
description, and the year of a film. Only a clear winner above `min_score` is linked; the
rest is kept for review. A wrong `owl:sameAs` poisons every join, a missing one costs little.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from extract.vocab import FILM, ID, PROPERTY_BY_PID, PROV, WD
from filmkg.errors import WikidataError
from filmkg.wikidata.kinds import KIND_COMPAT, compatible, normalise
from filmkg.wikidata.slice import SLICE_IRI, Item, Slice

DEFAULT_MIN_SCORE = 0.75
#: The best candidate must beat the runner-up by this much to be linked.
MARGIN = 0.25
_NAME_SCORE = {"label": 1.0, "alias": 0.8, "surname": 0.6}
_TYPE_FACTOR = {("full", "t"): 1.0, ("full", "f"): 1.0, ("full", "d"): 0.9, ("soft", "t"): 0.8,
                ("soft", "f"): 0.8, ("soft", "d"): 0.75}
_KIND_BY_CLASS = {FILM[k]: k for k in KIND_COMPAT}
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


@dataclass
class LinkReport:
    decisions: list[Decision] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def linked(self) -> list[Decision]:
        return [d for d in self.decisions if d.linked]

    @property
    def unlinked(self) -> list[Decision]:
        return [d for d in self.decisions if not d.linked]

    def review_rows(self) -> list[tuple[str, str, str, str]]:
        """(entity, kind, candidates with scores, why not linked) for every unlinked entity."""
        rows = []
        for d in sorted(self.unlinked, key=lambda d: (d.entity.kind, d.entity.label)):
            cands = "; ".join(f"{c.item.qid} {c.item.label} ({c.shown:.2f})" for c in d.candidates[:3])
            rows.append((d.entity.label, d.entity.kind, cands or "-", d.reason))
        return rows


def local_entities(graph: Graph) -> list[LocalEntity]:
    """Typed, labelled entities of an extracted graph, with their documents and film years."""
    docs: dict[URIRef, set[URIRef]] = defaultdict(set)
    for assertion in graph.subjects(RDF.type, FILM.Assertion):
        sources = set(graph.objects(assertion, PROV.wasDerivedFrom))
        for end in (RDF.subject, RDF.object):
            for node in graph.objects(assertion, end):
                if isinstance(node, URIRef):
                    docs[node] |= {s for s in sources if isinstance(s, URIRef)}
    found = []
    for node, cls in sorted(graph.subject_objects(RDF.type)):
        kind = _KIND_BY_CLASS.get(cls)  # type: ignore[call-overload]
        if kind is None or not isinstance(node, URIRef):
            continue
        labels = sorted(str(x) for x in graph.objects(node, RDFS.label))
        if not labels:
            continue
        aliases = tuple(sorted({str(x) for x in graph.objects(node, SKOS.altLabel)} - {labels[0]}))
        years = sorted(int(str(v)[:4]) for v in graph.objects(node, FILM.publicationDate)
                       if str(v)[:4].isdigit())
        found.append(LocalEntity(node, kind, labels[0], aliases, frozenset(docs.get(node, ())),
                                 years[0] if years else None))
    return found


def _local_edges(graph: Graph, nodes: set[URIRef]) -> dict[tuple[URIRef, URIRef], set[str]]:
    edges: dict[tuple[URIRef, URIRef], set[str]] = defaultdict(set)
    for pid, prop in PID_BY_PROPERTY_ITEMS:
        for s, o in graph.subject_objects(prop):
            if s in nodes and o in nodes:
                edges[(s, o)].add(pid)  # type: ignore[index]
                edges[(o, s)].add(pid)  # type: ignore[index]
    return edges


PID_BY_PROPERTY_ITEMS = sorted(PROPERTY_BY_PID.items())


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
    if entity.kind in ("Place", "Country", "Organization") and _FORMER.search(item.description or ""):
        score -= 0.1
        evidence.append("a former or historical entity")
    return Candidate(item, match, name, fit, round(score, 3), evidence)


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


def link_graph(graph: Graph, *, slice: Slice, online_client: OnlineLookup | None = None,  # noqa: A002
               min_score: float = DEFAULT_MIN_SCORE) -> LinkReport:
    """Add owl:sameAs links (with film:Link provenance) to `graph` in place; report all decisions.

    Links a person made by hand (an owl:sameAs to Wikidata without a film:Link node) are
    kept and those entities skipped; links of an earlier run are replaced.
    """
    _drop_generated_links(graph)
    manual = {s for s, o in graph.subject_objects(OWL.sameAs) if str(o).startswith(str(WD))}
    entities = [e for e in local_entities(graph) if e.node not in manual]
    edges = _local_edges(graph, {e.node for e in entities})
    report = LinkReport()
    pool: dict[URIRef, tuple[list[Candidate], list[str]]] = {}
    for entity in entities:
        cands, refused = slice_candidates(entity, slice)
        if not cands and online_client is not None and online_client.available:
            try:
                cands = online_client.candidates(entity)
            except WikidataError as e:
                report.warnings.append(f"{entity.label}: online lookup failed, left unlinked ({e})")
        pool[entity.node] = (cands, refused)
    if online_client is not None:
        report.warnings[:0] = online_client.warnings
        online_client.warnings.clear()
    if online_client is not None and not online_client.available:
        report.warnings.append("online lookups stopped after repeated failures; "
                               "the remaining entities were only looked up in the slice")
    context = _document_context(entities)
    for entity in entities:
        cands, refused = pool[entity.node]
        others = [(o, pool[o.node][0]) for o in context(entity)]
        score_context(entity, cands, others, edges, slice)
        report.decisions.append(decide(entity, cands, refused, min_score))
    for decision in report.linked:
        _add_link(graph, decision)
    return report


def _document_context(entities: list[LocalEntity]) -> Callable[[LocalEntity], list[LocalEntity]]:
    """The other entities of an entity's documents (all of them when documents are unknown)."""
    by_doc: dict[URIRef, list[LocalEntity]] = defaultdict(list)
    for e in entities:
        for doc in e.docs:
            by_doc[doc].append(e)
    floating = [e for e in entities if not e.docs]

    def others(entity: LocalEntity) -> list[LocalEntity]:
        if not entity.docs:
            return [e for e in entities if e.node != entity.node]
        seen = {entity.node}
        found = []
        for e in [x for d in sorted(entity.docs) for x in by_doc[d]] + floating:
            if e.node not in seen:
                seen.add(e.node)
                found.append(e)
        return found

    return others


def _drop_generated_links(graph: Graph) -> None:
    for node in list(graph.subjects(RDF.type, FILM.Link)):
        for s in graph.objects(node, RDF.subject):
            for o in graph.objects(node, RDF.object):
                graph.remove((s, OWL.sameAs, o))
        graph.remove((node, None, None))


def _add_link(graph: Graph, decision: Decision) -> None:
    cand = decision.linked
    assert cand is not None
    subject, target = decision.entity.node, WD[cand.item.qid]
    node = ID[f"link/{hashlib.sha1(f'{subject}|{target}'.encode()).hexdigest()[:16]}"]
    graph.bind("owl", OWL)
    graph.add((subject, OWL.sameAs, target))
    graph.add((node, RDF.type, FILM.Link))
    graph.add((node, RDF.subject, subject))
    graph.add((node, RDF.predicate, OWL.sameAs))
    graph.add((node, RDF.object, target))
    graph.add((node, FILM.linkScore, Literal(Decimal(str(cand.shown)), datatype=XSD.decimal)))
    graph.add((node, PROV.wasDerivedFrom, URIRef(cand.source)))
    for line in cand.evidence:
        graph.add((node, FILM.linkEvidence, Literal(line)))


class OnlineLookup:
    """What the linker needs from an online source: candidates for one entity (may raise WikidataError)."""

    warnings: list[str]

    @property
    def available(self) -> bool:
        """False once the source has failed too often in this run (stop asking)."""
        return True

    def candidates(self, entity: LocalEntity) -> list[Candidate]:  # pragma: no cover - interface
        raise NotImplementedError
