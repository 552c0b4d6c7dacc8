"""Records -> RDF: deterministic IRIs, plain fact triples, provenance alongside.

Every fact becomes one plain triple (`<film> film:directedBy <person>`) so it
can be queried and exported simply. Its provenance is an `film:Assertion`
node, an `rdf:Statement` naming the same triple, linked with
`prov:wasDerivedFrom` to the `film:Document` and carrying the sentence,
character offsets, rule and confidence. IRIs depend only on names and
values, so re-extracting a document, or another document naming the same
entity, yields the same nodes and never duplicates a fact.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal
from urllib.parse import quote

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from extract.records import DateValue, DocumentFacts, Entity, EntityKind, Fact, Money, Value
from extract.vocab import FILM, ID, PROPERTY_BY_PID, PROV, SCHEMA, WD, WDT

_KIND_SEGMENT = {
    EntityKind.FILM: "film",
    EntityKind.PERSON: "person",
    EntityKind.AWARD: "award",
    EntityKind.FESTIVAL: "festival",
    EntityKind.PLACE: "place",
    EntityKind.COUNTRY: "country",
    EntityKind.ORGANIZATION: "organization",
    EntityKind.GENRE: "genre",
    EntityKind.LANGUAGE: "language",
    EntityKind.WORK: "work",
}


def slug(name: str) -> str:
    """A stable, readable IRI segment for a name; a hash when no ASCII is left."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    folded = folded.replace("'", "").replace("\u2019", "")
    text = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    if not text:
        return "x" + _digest(name, 12)
    return text


def _digest(text: str, size: int = 16) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:size]


def entity_iri(entity: Entity) -> URIRef:
    return ID[f"{_KIND_SEGMENT[entity.kind]}/{slug(entity.name)}"]


def document_iri(doc_id: str) -> URIRef:
    return ID[f"doc/{quote(doc_id, safe='')}"]


def money_iri(money: Money) -> URIRef:
    return ID[f"amount/{money.currency}-{_plain_decimal(money.amount)}"]


def _plain_decimal(value: Decimal) -> str:
    return format(value.normalize(), "f")


def decimal_literal(value: Decimal | float) -> Literal:
    """An xsd:decimal in canonical lexical form ("6000000.0"), so it survives a Turtle round trip."""
    text = _plain_decimal(Decimal(str(value)))
    if "." not in text:
        text += ".0"
    return Literal(text, datatype=XSD.decimal)


def date_literal(date: DateValue) -> Literal:
    """ISO prefix -> typed literal: xsd:date, xsd:gYearMonth or xsd:gYear."""
    iso = date.iso
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso):
        return Literal(iso, datatype=XSD.date)
    if re.fullmatch(r"\d{4}-\d{2}", iso):
        return Literal(iso, datatype=XSD.gYearMonth)
    return Literal(iso, datatype=XSD.gYear)


def bind_prefixes(graph: Graph) -> Graph:
    graph.bind("film", FILM._NS)
    graph.bind("fkg", ID)
    graph.bind("wd", WD)
    graph.bind("wdt", WDT)
    graph.bind("schema", SCHEMA)
    graph.bind("prov", PROV)
    graph.bind("dcterms", DCTERMS)
    graph.bind("skos", SKOS)
    return graph


def _add_entity(graph: Graph, entity: Entity) -> URIRef:
    node = entity_iri(entity)
    graph.add((node, RDF.type, FILM[entity.kind.value]))
    graph.add((node, RDFS.label, Literal(entity.name)))
    for alias in entity.aliases:
        if alias != entity.name:
            graph.add((node, SKOS.altLabel, Literal(alias)))
    return node


def _add_value(graph: Graph, value: Value) -> URIRef | Literal:
    if isinstance(value, Entity):
        return _add_entity(graph, value)
    if isinstance(value, DateValue):
        return date_literal(value)
    node = money_iri(value)
    graph.add((node, RDF.type, FILM.MonetaryAmount))
    graph.add((node, FILM.amount, decimal_literal(value.amount)))
    graph.add((node, FILM.currency, Literal(value.currency)))
    graph.add((node, RDFS.label, Literal(f"{_plain_decimal(value.amount)} {value.currency}")))
    return node


def _add_fact(graph: Graph, fact: Fact, doc_node: URIRef, doc_id: str) -> None:
    subject = _add_entity(graph, fact.subject)
    predicate = PROPERTY_BY_PID[fact.property_id]
    obj = _add_value(graph, fact.object)
    graph.add((subject, predicate, obj))
    if fact.character and isinstance(fact.object, Entity):
        perf = ID[f"performance/{_digest(f'{subject}|{obj}|{fact.character}')}"]
        graph.add((subject, FILM.hasPerformance, perf))
        graph.add((perf, RDF.type, FILM.Performance))
        graph.add((perf, FILM.performer, obj))
        graph.add((perf, FILM.characterName, Literal(fact.character)))
        graph.add((perf, RDFS.label, Literal(f"{fact.object.name} as {fact.character}")))
    ev = fact.evidence
    key = f"{doc_id}|{subject}|{predicate}|{obj.n3()}|{ev.start}"
    node = ID[f"assertion/{_digest(key)}"]
    graph.add((node, RDF.type, FILM.Assertion))
    graph.add((node, RDF.subject, subject))
    graph.add((node, RDF.predicate, predicate))
    graph.add((node, RDF.object, obj))
    graph.add((node, PROV.wasDerivedFrom, doc_node))
    graph.add((node, FILM.evidenceText, Literal(ev.sentence)))
    graph.add((node, FILM.charStart, Literal(ev.start)))
    graph.add((node, FILM.charEnd, Literal(ev.end)))
    graph.add((node, FILM.extractionRule, Literal(ev.rule)))
    graph.add((node, FILM.confidence, decimal_literal(round(ev.confidence, 3))))


def add_document(graph: Graph, doc: DocumentFacts) -> Graph:
    """Add one document's entities, facts and provenance to `graph` (idempotent)."""
    doc_node = document_iri(doc.doc_id)
    graph.add((doc_node, RDF.type, FILM.Document))
    graph.add((doc_node, DCTERMS.identifier, Literal(doc.doc_id)))
    if doc.title:
        graph.add((doc_node, DCTERMS.title, Literal(doc.title)))
    if doc.source:
        graph.add((doc_node, FILM.sourcePath, Literal(doc.source)))
    for entity in doc.entities:
        _add_entity(graph, entity)
    for fact in doc.facts:
        _add_fact(graph, fact, doc_node, doc.doc_id)
    return graph


def build_graph(docs: Iterable[DocumentFacts]) -> Graph:
    """A fresh graph holding the given documents."""
    graph = bind_prefixes(Graph())
    for doc in docs:
        add_document(graph, doc)
    return graph
