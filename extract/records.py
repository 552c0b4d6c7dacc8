"""Typed records passed from the NLP side to the RDF builder.

The NLP code produces these; the RDF builder (`extract.rdf`) consumes them.
Neither side sees the other's objects: no spaCy `Doc` reaches the builder and
no rdflib term reaches the NLP code, so both are testable alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum


class EntityKind(str, Enum):
    """The kinds of entity the extractor emits; values are ontology class names."""

    FILM = "Film"
    PERSON = "Person"
    AWARD = "Award"
    FESTIVAL = "FilmFestival"
    PLACE = "Place"
    COUNTRY = "Country"
    ORGANIZATION = "Organization"
    GENRE = "Genre"
    LANGUAGE = "Language"
    WORK = "Work"


@dataclass(frozen=True)
class Entity:
    """One real-world entity of a document, under its fullest name.

    `aliases` holds the other names the document uses for it ("Roe" for
    "Jane Roe"); they become `skos:altLabel` so that joins by name work.
    """

    name: str
    kind: EntityKind
    aliases: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind.value, self.name)


@dataclass(frozen=True)
class DateValue:
    """A date at day, month or year precision, as an ISO prefix: 2024-05-21, 2024-05, 2024."""

    iso: str


@dataclass(frozen=True)
class Money:
    """An amount of money in a currency (ISO 4217 code)."""

    amount: Decimal
    currency: str = "USD"


Value = Entity | DateValue | Money


@dataclass(frozen=True)
class Evidence:
    """Where a fact came from: the sentence, its offsets in the document, the rule, a confidence."""

    sentence: str
    start: int
    end: int
    rule: str
    confidence: float


@dataclass(frozen=True)
class Fact:
    """`subject --property--> object`, with the Wikidata property id as the relation name.

    `character` is the role an actor plays, for cast facts (P161) that name it.
    """

    subject: Entity
    property_id: str
    object: Value
    evidence: Evidence
    character: str | None = None


@dataclass(frozen=True)
class DocumentFacts:
    """Everything extracted from one document."""

    doc_id: str
    entities: tuple[Entity, ...] = ()
    facts: tuple[Fact, ...] = ()
    title: str | None = None
    source: str | None = None
    meta: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class TextInput:
    """One document to extract from: its id (the file stem), its text and where it came from."""

    doc_id: str
    text: str
    source: str | None = None
    title: str | None = None
