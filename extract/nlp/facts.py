"""Turn an annotated spaCy Doc into `DocumentFacts` (placeholder: entities only)."""

from __future__ import annotations

from extract.records import DocumentFacts, Entity, EntityKind, TextInput

_LABEL_KIND = {"PERSON": EntityKind.PERSON, "ORG": EntityKind.ORGANIZATION,
               "GPE": EntityKind.PLACE, "LOC": EntityKind.PLACE}


def doc_to_facts(doc, item: TextInput, *, min_confidence: float) -> DocumentFacts:
    entities = {Entity(e.text, _LABEL_KIND[e.label_]) for e in doc.ents if e.label_ in _LABEL_KIND}
    return DocumentFacts(doc_id=item.doc_id, entities=tuple(sorted(entities, key=lambda e: e.key)),
                         facts=(), title=item.title, source=item.source)
