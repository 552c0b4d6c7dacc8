"""Turn the plain data a pipeline leaves in `doc._.film_facts` into `DocumentFacts` records.

Kept because: not a rule; it converts the final facts (the trained extractor's and
the rules') for `extract.api`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from extract.records import (
    DateValue,
    DocumentFacts,
    Entity,
    EntityKind,
    Evidence,
    Fact,
    Money,
    TextInput,
    Value,
)


def _entity(data: dict[str, Any]) -> Entity:
    return Entity(name=data["name"], kind=EntityKind(data["kind"]), aliases=tuple(data.get("aliases", ())))


def _value(data: dict[str, Any]) -> Value:
    if "date" in data:
        return DateValue(data["date"])
    if "money" in data:
        amount, currency = data["money"]
        return Money(Decimal(amount), currency)
    return _entity(data)


def records_from_data(
    facts: list[dict[str, Any]], item: TextInput, *, min_confidence: float
) -> DocumentFacts:
    """Records for one document, dropping facts below `min_confidence`; entities merged by key."""
    out: list[Fact] = []
    entities: dict[tuple[str, str], Entity] = {}

    def keep(entity: Entity) -> Entity:
        old = entities.get(entity.key)
        if old is not None:
            merged = tuple(sorted(set(old.aliases) | set(entity.aliases)))
            entity = Entity(entity.name, entity.kind, merged)
        entities[entity.key] = entity
        return entity

    kept = [f for f in facts if f["evidence"]["confidence"] >= min_confidence]
    for f in kept:
        keep(_entity(f["subject"]))
        obj = _value(f["object"])
        if isinstance(obj, Entity):
            keep(obj)
    for f in kept:
        subject = entities[_entity(f["subject"]).key]
        obj = _value(f["object"])
        if isinstance(obj, Entity):
            obj = entities[obj.key]
        ev = f["evidence"]
        out.append(
            Fact(
                subject=subject,
                property_id=f["property"],
                object=obj,
                evidence=Evidence(
                    ev["sentence"], ev["start"], ev["end"], ev["rule"], float(ev["confidence"])
                ),
                character=f.get("character"),
            )
        )
    out.sort(key=lambda f: (f.evidence.start, f.property_id, f.subject.name, str(f.object)))
    return DocumentFacts(
        doc_id=item.doc_id,
        entities=tuple(sorted(entities.values(), key=lambda e: e.key)),
        facts=tuple(out),
        title=item.title,
        source=item.source,
    )


def doc_to_facts(doc: Any, item: TextInput, *, min_confidence: float) -> DocumentFacts:
    """Records for a Doc processed by `build_nlp()`'s pipeline."""
    return records_from_data(doc._.film_facts or [], item, min_confidence=min_confidence)
