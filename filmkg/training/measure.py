"""Fact-level measurement during training: aggregation, correctness, threshold choice, figures."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from extract.model.extractor import facts as fact_records
from extract.model.extractor import film_surface_names, keep_best_films
from extract.model.films import encyclopedic_lead
from extract.model.pairs import Pair
from extract.model.rules import MODEL, RULED, RULES, by_key, combine, fact_key
from filmkg.evaluate import GoldDoc
from filmkg.scoring import Counts, Prediction, dedupe_gold, match

ALL = frozenset(
    {
        "P57",
        "P58",
        "P162",
        "P1040",
        "P344",
        "P86",
        "P161",
        "P166",
        "P1411",
        "P915",
        "P840",
        "P4647",
        "P272",
        "P750",
        "P577",
        "P495",
        "P364",
        "P136",
        "P144",
        "P2130",
        "P2142",
    }
)


def prediction_of(record: dict[str, Any]) -> Prediction:
    """The scorer's view of one fact record: property, subject names, object names."""
    subject = record["subject"]
    obj = record["object"]
    if "date" in obj:
        names: tuple[str, ...] = (obj["date"],)
    elif "money" in obj:
        names = (f"{obj['money'][0]} {obj['money'][1]}",)
    else:
        names = (obj["name"], *obj.get("aliases", ()))
    return Prediction(
        record["property"],
        tuple(sorted({subject["name"], *subject.get("aliases", ())})),
        tuple(sorted(set(names))),
    )


@dataclass
class FactItem:
    doc: int
    prop: str
    raw: float
    prediction: Prediction
    confidence: float = 0.0
    #: how the fact arose (`extract.model.rules`): the classifiers alone, confirmed by a rule, a rule alone
    origin: str = MODEL
    #: a rule's confidence the fact keeps at least (a confirmed fact in an encyclopedic text)
    floor: float = 0.0


@dataclass
class Facts:
    items: list[FactItem]

    @classmethod
    def collect(
        cls,
        docs: Sequence[Any],
        doc_pairs: Sequence[Sequence[Pair]],
        scores: Sequence[dict[str, float]],
        rule_facts: Sequence[Sequence[dict[str, Any]]] | None = None,
    ) -> Facts:
        """Aggregate pair scores into one fact per (subject, property, value) per document.

        With `rule_facts` (the rules' proposals per document) the facts are joined the way
        `TrainedExtractor.run` joins them, each tagged with its origin for calibration.
        """
        items: list[FactItem] = []
        pos = 0
        for k, (doc, pairs) in enumerate(zip(docs, doc_pairs, strict=False)):
            chunk = keep_best_films(list(pairs), list(scores[pos : pos + len(pairs)]))
            pos += len(pairs)
            rules = by_key(rule_facts[k]) if rule_facts is not None else {}
            encyclopedic = bool(rules) and encyclopedic_lead(doc)
            names = film_surface_names(p.subject_name for p in pairs if p.subject_kind == "FILM")
            proposed = set()
            for rec in fact_records(doc, list(pairs), chunk, 0.02, names):
                key = fact_key(rec)
                proposed.add(key)
                item = FactItem(k, rec["property"], rec["evidence"]["confidence"], prediction_of(rec))
                if key in rules:
                    item.prediction = prediction_of(combine([rec], rules, False, 0.0)[0])
                    if encyclopedic:
                        item.floor = float(rules[key]["evidence"]["confidence"])
                    else:
                        item.origin = RULED
                items.append(item)
            if encyclopedic:
                for key, rec in rules.items():
                    if key not in proposed:
                        conf = float(rec["evidence"]["confidence"])
                        items.append(FactItem(k, rec["property"], conf, prediction_of(rec), origin=RULES))
        return cls(items)


def correct_flags(facts: Facts, docs: Sequence[GoldDoc]) -> list[int]:
    """1 for a fact the gold confirms (one-to-one matching per document), else 0."""
    by_doc: dict[int, list[int]] = defaultdict(list)
    for i, f in enumerate(facts.items):
        by_doc[f.doc].append(i)
    flags = [0] * len(facts.items)
    for k, idx in by_doc.items():
        preds = [facts.items[i].prediction for i in idx]
        result = match(docs[k].facts, preds, ALL)
        wrong = set(result.false_positives)
        for i in idx:
            flags[i] = 0 if facts.items[i].prediction in wrong else 1
    return flags


def figures(
    facts: Facts, docs: Sequence[GoldDoc], threshold: float, properties: frozenset[str] = ALL
) -> dict[str, Counts]:
    """Counts per property (and "all") for facts at or above `threshold`, scored like score.py."""
    per: dict[str, Counts] = defaultdict(Counts)
    kept: dict[int, list[Prediction]] = defaultdict(list)
    for f in facts.items:
        if f.confidence >= threshold:
            kept[f.doc].append(f.prediction)
    for k, doc in enumerate(docs):
        props = properties & doc.annotated if doc.annotated is not None else properties
        result = match(doc.facts, kept.get(k, []), props)
        for prop, c in result.per_property.items():
            per[prop].add(c)
            per["all"].add(c)
    return per


def choose_threshold(
    facts: Facts, docs: Sequence[GoldDoc], min_precision: float
) -> tuple[float, dict[str, float]]:
    """The lowest threshold whose precision reaches `min_precision` (best F1 among those)."""
    best: tuple[float, float, dict[str, float]] | None = None
    for step in range(20, 96, 2):
        t = step / 100
        c = figures(facts, docs, t)["all"]
        row = {
            "threshold": t,
            "precision": round(c.precision, 4),
            "recall": round(c.recall, 4),
            "f1": round(c.f1, 4),
        }
        if c.precision >= min_precision and (best is None or c.f1 > best[1]):
            best = (t, c.f1, row)
    if best is None:
        return 0.9, {"threshold": 0.9}
    return best[0], best[2]


def fact_key_rows(facts: Facts) -> int:
    return len(facts.items)


__all__ = ["Facts", "FactItem", "correct_flags", "figures", "choose_threshold", "dedupe_gold"]
