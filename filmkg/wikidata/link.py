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
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from extract.vocab import FILM, ID, PROPERTY_BY_PID, PROV, WD
from filmkg.errors import WikidataError
from filmkg.wikidata.kinds import KIND_COMPAT
from filmkg.wikidata.scoring import (
    DEFAULT_MIN_SCORE,
    Candidate,
    Decision,
    LocalEntity,
    decide,
    make_candidate,
    score_context,
    slice_candidates,
)
from filmkg.wikidata.slice import Slice

__all__ = ["DEFAULT_MIN_SCORE", "Candidate", "Decision", "LinkReport", "LocalEntity", "OnlineLookup",
           "link_graph", "local_entities", "make_candidate"]

_KIND_BY_CLASS = {FILM[k]: k for k in KIND_COMPAT}


@dataclass
class LinkReport:
    """Every entity's decision (linked or why not), and warnings (online errors) for the user."""

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


def link_graph(graph: Graph, *, slice: Slice, online_client: OnlineLookup | None = None,  # noqa: A002
               min_score: float = DEFAULT_MIN_SCORE) -> LinkReport:
    """Add owl:sameAs links (with film:Link provenance) to `graph` in place; report all decisions.

    Links a person made by hand (an owl:sameAs to Wikidata without a film:Link node) are
    kept and those entities skipped; links of an earlier run are replaced. An item a person
    rejected (`<entity> owl:differentFrom wd:Q...`, the review page's reject) is no candidate.
    """
    _drop_generated_links(graph)
    manual = {s for s, o in graph.subject_objects(OWL.sameAs) if str(o).startswith(str(WD))}
    entities = [e for e in local_entities(graph) if e.node not in manual]
    edges = _local_edges(graph, {e.node for e in entities})
    report = LinkReport()
    pool: dict[URIRef, tuple[list[Candidate], list[str]]] = {}
    rejected = set(graph.subject_objects(OWL.differentFrom))
    for entity in entities:
        cands, refused = slice_candidates(entity, slice)
        cands = [c for c in cands if (entity.node, WD[c.item.qid]) not in rejected]
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
