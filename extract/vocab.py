"""The closed film vocabulary and the namespaces used in extracted graphs.

`FILM` mirrors `ontology/film.ttl`; a test keeps the two in sync, so a typo
in a term fails a test instead of producing a silent, unaligned triple.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DefinedNamespace, URIRef

ONTOLOGY_IRI = "https://w3id.org/filmkg/ontology"
RESOURCE_BASE = "https://w3id.org/filmkg/id/"

ID = Namespace(RESOURCE_BASE)
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
SCHEMA = Namespace("http://schema.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")


class FILM(DefinedNamespace):
    """Terms of the filmkg ontology (ontology/film.ttl)."""

    _NS = Namespace(ONTOLOGY_IRI + "#")
    _fail = True

    # classes
    Film: URIRef
    Person: URIRef
    Award: URIRef
    FilmFestival: URIRef
    Place: URIRef
    Country: URIRef
    Organization: URIRef
    Genre: URIRef
    Language: URIRef
    Work: URIRef
    Performance: URIRef
    MonetaryAmount: URIRef
    Document: URIRef
    Assertion: URIRef
    Link: URIRef
    # fact properties and their inverses
    directedBy: URIRef
    directorOf: URIRef
    writtenBy: URIRef
    writerOf: URIRef
    producedBy: URIRef
    producerOf: URIRef
    editedBy: URIRef
    editorOf: URIRef
    cinematographer: URIRef
    cinematographerOf: URIRef
    composer: URIRef
    composerOf: URIRef
    castMember: URIRef
    actedIn: URIRef
    wonAward: URIRef
    awardedTo: URIRef
    nominatedFor: URIRef
    nominee: URIRef
    filmedAt: URIRef
    filmingLocationOf: URIRef
    narrativeLocation: URIRef
    premieredAt: URIRef
    productionCompany: URIRef
    distributedBy: URIRef
    distributorOf: URIRef
    countryOfOrigin: URIRef
    originalLanguage: URIRef
    genre: URIRef
    basedOn: URIRef
    budget: URIRef
    boxOffice: URIRef
    publicationDate: URIRef
    # performances, money, provenance
    hasPerformance: URIRef
    performer: URIRef
    characterName: URIRef
    amount: URIRef
    currency: URIRef
    evidenceText: URIRef
    charStart: URIRef
    charEnd: URIRef
    extractionRule: URIRef
    confidence: URIRef
    sourcePath: URIRef
    # Wikidata links
    linkScore: URIRef
    linkEvidence: URIRef


#: Wikidata property id -> the ontology property that states it.
PROPERTY_BY_PID: dict[str, URIRef] = {
    "P57": FILM.directedBy,
    "P58": FILM.writtenBy,
    "P162": FILM.producedBy,
    "P1040": FILM.editedBy,
    "P344": FILM.cinematographer,
    "P86": FILM.composer,
    "P161": FILM.castMember,
    "P166": FILM.wonAward,
    "P1411": FILM.nominatedFor,
    "P915": FILM.filmedAt,
    "P840": FILM.narrativeLocation,
    "P4647": FILM.premieredAt,
    "P272": FILM.productionCompany,
    "P750": FILM.distributedBy,
    "P495": FILM.countryOfOrigin,
    "P364": FILM.originalLanguage,
    "P136": FILM.genre,
    "P144": FILM.basedOn,
    "P2130": FILM.budget,
    "P2142": FILM.boxOffice,
    "P577": FILM.publicationDate,
}

PID_BY_PROPERTY: dict[URIRef, str] = {v: k for k, v in PROPERTY_BY_PID.items()}
