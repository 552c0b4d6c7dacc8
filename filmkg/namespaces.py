"""Every namespace filmkg uses, in one place: the closed film vocabulary plus common prefixes.

The film terms live in `extract.vocab` (the extractor needs them and must not
import `filmkg`); this module re-exports them and adds the W3C prefixes, so
the rest of `filmkg` imports namespaces from here only.
"""

from __future__ import annotations

from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS, XSD

from extract.vocab import FILM, ID, ONTOLOGY_IRI, PID_BY_PROPERTY, PROPERTY_BY_PID, PROV, SCHEMA, WD, WDT

__all__ = [
    "DCTERMS", "FILM", "FKG_GRAPH", "ID", "INFERRED_GRAPH", "ONTOLOGY_IRI", "OWL", "PID_BY_PROPERTY",
    "PREFIXES", "PROPERTY_BY_PID", "PROV", "RDF", "RDFS", "SCHEMA", "SH", "SKOS", "WD", "WDT", "XSD",
    "bind_prefixes", "compact_iri",
]

#: Named graphs filmkg writes (e.g. the inferred triples of `filmkg reason`).
FKG_GRAPH = Namespace(str(ID) + "graph/")
INFERRED_GRAPH = FKG_GRAPH["inferred"]

#: prefix -> namespace IRI, in the order they are shown to people.
PREFIXES: dict[str, str] = {
    "film": str(FILM._NS),
    "fkg": str(ID),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "schema": str(SCHEMA),
    "wd": str(WD),
    "wdt": str(WDT),
    "sh": str(SH),
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the filmkg prefixes on `graph` (replacing rdflib's defaults) and return it."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, Namespace(iri), override=True, replace=True)
    return graph


def compact_iri(iri: str) -> str:
    """`https://w3id.org/filmkg/id/person/x` -> `fkg:person/x`; unknown namespaces stay `<iri>`."""
    best = ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(PREFIXES.get(best, "")):
            best = prefix
    if best:
        return f"{best}:{iri[len(PREFIXES[best]):]}"
    return f"<{iri}>"
