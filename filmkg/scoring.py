"""The matching contract of the evaluation: when does an extracted triple count as a gold fact.

Our own implementation of the contract the shared evaluation sets document
(their README, "Scoring contract"), so `filmkg eval` reports the same figures
as the reference scorer on the same graphs:

- a triple counts when its predicate is a Wikidata direct property or is tied
  to one by `owl:equivalentProperty` / `rdfs:subPropertyOf` (any depth);
- subject and object match by label (rdfs:label, skos:prefLabel,
  skos:altLabel, schema:name, foaf:name) after normalisation: case, accents,
  dashes, quotes, a leading "the", "'s", surrounding punctuation;
- for country properties a country and its demonym are one;
- a predicted date matches a gold date when equal or inside a gold year/month;
- money matches by value within 0.5%;
- gold facts stating the same thing twice count once; each gold fact is
  matched by at most one prediction and vice versa, pairing as many as can be.

The reference scorer pairs greedily in an order that depends on Python's hash
seed, so where one prediction could serve two gold facts its count can vary
between runs by one; we take the maximum matching, which is its best run and
equal to it whenever it is stable.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from extract.model.text import fold
from extract.vocab import FILM

WDT = "http://www.wikidata.org/prop/direct/"
LABEL_PREDICATES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel, FOAF.name,
                    URIRef("http://schema.org/name"), URIRef("https://schema.org/name"))
DATE_PROPERTIES = frozenset({"P577"})
MONEY_PROPERTIES = frozenset({"P2130", "P2142"})
COUNTRY_PROPERTIES = frozenset({"P495", "P27", "P17"})
COUNTRIES_FILE = Path(__file__).with_name("countries.tsv")

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_ISO_PREFIX = re.compile(r"^(\d{4})(-\d{2}(-\d{2})?)?")
_NUMBER = re.compile(r"^[-+]?\d[\d,]*(\.\d+)?([eE][-+]?\d+)?")
_SCALES = (("million", 1e6), ("billion", 1e9))


def normalize(name: str) -> str:
    """Fold a name for comparison: case, accents, dashes, quotes, 'the ', "'s", edge punctuation.

    The extractor folds names the same way when it groups mentions, so both share one function.
    """
    return fold(name)


@cache
def _country_of() -> dict[str, str]:
    """Normalised country name or demonym -> normalised country name (from countries.tsv)."""
    table: dict[str, str] = {}
    with COUNTRIES_FILE.open(encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            if not row or row[0].startswith("#"):
                continue
            country = normalize(row[0])
            for name in row:
                if name.strip():
                    table[normalize(name)] = country
    return table


def iso_date(text: str) -> str:
    """'May 21, 2024' / '21 May 2024' / 'May 2024' / '2024-05-21' -> an ISO prefix; else the text folded."""
    folded = str(text).strip().casefold().replace(",", " ")
    prefix = _ISO_PREFIX.match(folded)
    if prefix:
        return prefix.group(0)
    words = folded.split()
    year = next((w for w in words if re.fullmatch(r"\d{4}", w)), None)
    if year is None:
        return folded
    month = next((_MONTHS.index(w) + 1 for w in words if w in _MONTHS), None)
    day = next((int(m.group(1)) for w in words if (m := re.fullmatch(r"(\d{1,2})(st|nd|rd|th)?", w))),
               None)
    if month and day:
        return f"{year}-{month:02d}-{day:02d}"
    if month:
        return f"{year}-{month:02d}"
    return year


def amount(text: str) -> float | None:
    """'6000000 USD', '$36.5 million', 'US$2 billion' -> a number; None when there is none."""
    cleaned = str(text).strip().replace("$", "").replace("US", "").strip()
    match = _NUMBER.match(cleaned)
    if not match:
        return None
    try:
        value = float(match.group(0).replace(",", ""))
    except ValueError:
        return None
    lowered = cleaned.lower()
    for word, scale in _SCALES:
        if word in lowered:
            return value * scale
    return value


def canonical(value: str, pid: str) -> str:
    """The form two values of property `pid` are compared in ("" for subjects)."""
    if pid in DATE_PROPERTIES:
        return iso_date(value)
    name = normalize(value)
    if pid in COUNTRY_PROPERTIES:
        return _country_of().get(name, name)
    return name


def value_matches(predicted: str, gold_names: Sequence[str], pid: str) -> bool:
    """Does one predicted name/value match any of the gold names for property `pid`?"""
    if pid in MONEY_PROPERTIES:
        got = amount(predicted)
        if got is None:
            return False
        for name in gold_names:
            want = amount(name)
            if want is not None and abs(got - want) <= 0.005 * max(abs(want), 1):
                return True
        return False
    got_c = canonical(predicted, pid)
    if pid in DATE_PROPERTIES:
        # a predicted full date falls inside a gold year or month; not the other way round
        return any(got_c == want or got_c.startswith(want + "-")
                   for want in (canonical(n, pid) for n in gold_names))
    return any(got_c == canonical(n, pid) for n in gold_names)


# --- predictions from graphs --------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Prediction:
    """One scored triple: the Wikidata property and the names of subject and object."""

    pid: str
    subject_names: tuple[str, ...]
    object_names: tuple[str, ...]


def property_alignment(graphs: Iterable[Graph]) -> dict[URIRef, str]:
    """Property IRI -> Wikidata property id, following equivalentProperty / subPropertyOf edges."""
    edges: dict[Node, set[Node]] = defaultdict(set)
    predicates: set[URIRef] = set()
    for graph in graphs:
        for s, o in graph.subject_objects(RDFS.subPropertyOf):
            edges[s].add(o)
        for s, o in graph.subject_objects(OWL.equivalentProperty):
            edges[s].add(o)
            edges[o].add(s)
        predicates.update(p for p in graph.predicates() if isinstance(p, URIRef))
    aligned: dict[URIRef, str] = {}
    for start in predicates | set(edges):
        pid = _nearest_wikidata(start, edges)
        if pid and isinstance(start, URIRef):
            aligned[start] = pid
    return aligned


def _nearest_wikidata(start: Node, edges: dict[Node, set[Node]]) -> str | None:
    seen, todo = {start}, deque([start])
    while todo:
        node = todo.popleft()
        if str(node).startswith(WDT):
            return str(node)[len(WDT):]
        for nxt in sorted(edges.get(node, ()), key=str):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return None


def names_of(graph: Graph, node) -> tuple[str, ...]:
    """The labels of a node (a literal is its own name), sorted and unique."""
    if isinstance(node, Literal):
        return (str(node),)
    return tuple(sorted({str(o) for p in LABEL_PREDICATES for o in graph.objects(node, p)}))


def predictions(graph: Graph, alignment: dict[URIRef, str],
                properties: frozenset[str]) -> dict[Prediction, tuple[str, ...]]:
    """The scored triples of a graph, each with the evidence sentences that support it."""
    found: dict[Prediction, set[str]] = defaultdict(set)
    for s, p, o in graph:
        pid = alignment.get(p) if isinstance(p, URIRef) else None
        if pid is None or pid not in properties:
            continue
        subject_names, object_names = names_of(graph, s), names_of(graph, o)
        if not subject_names or not object_names:
            continue
        key = Prediction(pid, subject_names, object_names)
        found[key].update(_evidence(graph, s, p, o))
    return {k: tuple(sorted(v)) for k, v in found.items()}


def _evidence(graph: Graph, s, p, o) -> set[str]:
    sentences: set[str] = set()
    for statement in graph.subjects(RDF.subject, s):
        if (statement, RDF.predicate, p) in graph and (statement, RDF.object, o) in graph:
            sentences.update(str(t) for t in graph.objects(statement, FILM.evidenceText))
    return sentences


# --- matching gold and predictions ---------------------------------------------------------


@dataclass(frozen=True)
class GoldFact:
    """One gold fact: subject and object with their accepted aliases."""

    subject: str
    pid: str
    object: str
    subject_aliases: tuple[str, ...] = ()
    object_aliases: tuple[str, ...] = ()

    @property
    def subject_names(self) -> tuple[str, ...]:
        return (self.subject, *self.subject_aliases)

    @property
    def object_names(self) -> tuple[str, ...]:
        return (self.object, *self.object_aliases)


@dataclass
class Counts:
    """True positives, false positives and misses, with the derived figures."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Match:
    """The outcome for one document: counts per property, the false positives and the misses."""

    per_property: dict[str, Counts]
    false_positives: list[Prediction]
    misses: list[GoldFact]


def dedupe_gold(facts: Iterable[GoldFact], properties: frozenset[str]) -> list[GoldFact]:
    """Gold facts of the scored properties, each stated once (a demonym and its country count once)."""
    kept, seen = [], set()
    for fact in facts:
        if fact.pid not in properties:
            continue
        key = (fact.pid, canonical(fact.subject, ""), canonical(fact.object, fact.pid))
        if key not in seen:
            seen.add(key)
            kept.append(fact)
    return kept


def match(gold: Iterable[GoldFact], predicted: Iterable[Prediction], properties: frozenset[str]) -> Match:
    """Pair gold facts with predictions one to one, as many pairs as possible; count the rest.

    A maximum matching (augmenting paths, deterministic order). Where each
    prediction can match at most one gold fact this is the same as pairing
    greedily; where one could match two (a full date and a gold year and day)
    it avoids losing a pair to an unlucky order.
    """
    golds = dedupe_gold(gold, properties)
    preds = sorted({p for p in predicted if p.pid in properties})
    candidates = [[j for j, p in enumerate(preds) if p.pid == fact.pid and _pairs(fact, p)] for fact in golds]
    owner: dict[int, int] = {}  # prediction index -> gold index

    def augment(i: int, seen: set[int]) -> bool:
        for j in candidates[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(golds)):
        augment(i, set())
    matched_gold = set(owner.values())
    per: dict[str, Counts] = defaultdict(Counts)
    missed: list[GoldFact] = []
    for i, fact in enumerate(golds):
        if i in matched_gold:
            per[fact.pid].tp += 1
        else:
            per[fact.pid].fn += 1
            missed.append(fact)
    false_positives = [p for j, p in enumerate(preds) if j not in owner]
    for p in false_positives:
        per[p.pid].fp += 1
    return Match(dict(per), false_positives, missed)


def _pairs(fact: GoldFact, pred: Prediction) -> bool:
    return (any(value_matches(n, fact.subject_names, "") for n in pred.subject_names)
            and any(value_matches(n, fact.object_names, pred.pid) for n in pred.object_names))
