"""`filmkg stats`: what a store holds, from a few aggregate queries."""

from __future__ import annotations

from dataclasses import dataclass

from filmkg.namespaces import FILM, OWL
from filmkg.store.backend import Backend, select, select_number
from filmkg.store.layout import (
    DOC_PREFIX,
    INFERRED_PREFIX,
    LINKS_GRAPH,
    META_GRAPH,
    ONTOLOGY_GRAPH,
    SLICE_IRI,
)


@dataclass(frozen=True)
class StoreStats:
    documents: int
    #: graph kind ("documents", "inferred", "ontology", ...) -> (graphs, triples)
    graphs: dict[str, tuple[int, int]]
    films: int
    people: int
    #: film fact property (one aligned to Wikidata) -> distinct facts the documents state
    facts: dict[str, int]

    def text(self) -> str:
        lines = [f"documents: {self.documents}", f"films: {self.films}", f"people: {self.people}",
                 "triples per graph:"]
        lines += [f"  {kind:<10} {triples:>10,} triples in {graphs:,} graph{'s' if graphs != 1 else ''}"
                  for kind, (graphs, triples) in self.graphs.items()]
        lines.append("facts per property:")
        ranked = sorted(self.facts.items(), key=lambda x: (-x[1], x[0]))
        lines += [f"  {prop:<24} {n:>8,}" for prop, n in ranked]
        return "\n".join(lines)


def _kind(graph: str) -> str:
    if graph.startswith(DOC_PREFIX):
        return "documents"
    if graph.startswith(INFERRED_PREFIX):
        return "inferred"
    return {ONTOLOGY_GRAPH: "ontology", SLICE_IRI: "wikidata", LINKS_GRAPH: "links",
            META_GRAPH: "store"}.get(graph, "other")


def _number(term: object) -> int:
    return int(term.value)  # type: ignore[attr-defined]


def store_stats(backend: Backend) -> StoreStats:
    graphs: dict[str, list[int]] = {}
    documents = 0
    for row in select(backend, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"):
        graph = row["g"].value  # type: ignore[index]
        kind = _kind(graph)
        documents += kind == "documents"
        entry = graphs.setdefault(kind, [0, 0])
        entry[0] += 1
        entry[1] += _number(row["n"])  # type: ignore[index]
    counts = {}
    for cls in ("Film", "Person"):
        text = f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a <{FILM[cls]}> }}"
        counts[cls] = select_number(backend, text)
    facts = {}
    ns = str(FILM._NS)
    rows = select(backend,
        "SELECT ?p (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
        f'FILTER(STRSTARTS(STR(?g), "{DOC_PREFIX}") && STRSTARTS(STR(?p), "{ns}")) '
        f"FILTER EXISTS {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?p <{OWL.equivalentProperty}> ?w }} }} }} }} "
        "GROUP BY ?p")
    for row in rows:
        facts["film:" + row["p"].value[len(ns):]] = _number(row["n"])  # type: ignore[index]
    order = ["documents", "inferred", "ontology", "wikidata", "links", "other", "store"]
    return StoreStats(documents=documents,
                      graphs={k: (graphs[k][0], graphs[k][1]) for k in order if k in graphs},
                      films=counts["Film"], people=counts["Person"], facts=facts)
