"""OWL RL reasoning with owlrl, on a copy, with the inferred triples kept apart.

`reason_graph` runs the OWL RL closure over ontology + data in a scratch
graph and returns only what is new and useful about the data: inverse
properties (`Sean Baker film:directorOf Anora`), Wikidata and schema.org
equivalents (`wdt:P57`, `schema:director`), superclasses. It drops OWL RL's
noise: triples about literals, `x owl:sameAs x`, `rdf:type owl:Thing` and
the like, and anything said about the ontology's own terms or the RDF/RDFS/
OWL/XSD vocabularies, and the copies of every fact that `owl:sameAs` links
would put on the Wikidata items (join through the link instead). The
caller decides how to lay the two graphs out (`output_graph`, `as_dataset`:
asserted triples in the default graph, inferred ones in the named graph
`fkg:graph/inferred`).

User data cannot change what reasoning means: only the ontology's axioms
drive the closure. Triples in the data that would add axioms (`ex:knows a
owl:TransitiveProperty`, `rdfs:subClassOf` cycles, `owl:propertyChainAxiom`,
anything said about the ontology's own terms, `owl:sameAs` between the
user's own nodes) are kept in the asserted graph but left out of the
reasoner's input (measured: one `owl:TransitiveProperty` triple on a
200-node cycle turned 602 triples into 41,113 in 200 s). The input has a
triple budget (`MAX_REASON_TRIPLES`, $FILMKG_MAX_REASON_TRIPLES); the CLI also
runs the closure under a deadline (`filmkg reason --timeout`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import owlrl
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from filmkg.errors import InputError
from filmkg.guards import limit
from filmkg.namespaces import INFERRED_GRAPH, OWL, RDF, RDFS, WD, XSD, bind_prefixes
from filmkg.resources import ontology_file

_W3C_VOCABULARIES = (str(RDF), str(RDFS), str(OWL), str(XSD))
_USELESS_TYPES = frozenset({OWL.Thing, RDFS.Resource, OWL.NamedIndividual, RDFS.Class, OWL.Class,
                            RDF.Property, OWL.ObjectProperty, OWL.DatatypeProperty, RDFS.Literal})
#: Predicates that only ever state schema (TBox) facts: never new knowledge about the data.
_SCHEMA_PREDICATES = frozenset({RDFS.domain, RDFS.range, RDFS.subClassOf, RDFS.subPropertyOf,
                                OWL.equivalentClass, OWL.equivalentProperty, OWL.inverseOf,
                                OWL.disjointWith, OWL.propertyDisjointWith})


#: Most data triples reasoned over at once; a film graph has thousands.
MAX_REASON_TRIPLES = 1_000_000
#: Predicates of the RDF/RDFS/OWL vocabularies that data may use and the reasoner may see.
_DATA_PREDICATES = frozenset({RDF.type, RDF.first, RDF.rest, RDF.value, RDF.subject, RDF.predicate,
                              RDF.object, RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy,
                              OWL.sameAs})


@dataclass(frozen=True)
class Reasoned:
    """The asserted triples as given and the new triples the reasoner added."""

    asserted: Graph
    inferred: Graph


@lru_cache(maxsize=1)
def _ontology() -> Graph:
    return Graph().parse(ontology_file(), format="turtle")


def reason_graph(data: Graph, *, ontology: Graph | None = None) -> Reasoned:
    """OWL RL closure of ontology + `data` (neither is modified); new data triples only."""
    tbox = ontology if ontology is not None else _ontology()
    budget = limit("MAX_REASON_TRIPLES", MAX_REASON_TRIPLES)
    if len(data) > budget:
        raise InputError(f"{len(data):,} triples is more than reasoning takes at once ({budget:,}, "
                         "$FILMKG_MAX_REASON_TRIPLES)")
    tbox_terms = set(tbox.subjects())
    scratch = Graph()
    for triple in tbox:
        scratch.add(triple)
    for triple in data:
        if _is_data(triple, tbox_terms):
            scratch.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, improved_datatypes=False, rdfs_closure=False,
                           axiomatic_triples=False, datatype_axioms=False).expand(scratch)
    asserted = bind_prefixes(Graph())
    for triple in data:
        asserted.add(triple)
    data_nodes = set(data.subjects()) | {o for o in data.objects() if not isinstance(o, Literal)}
    inferred = bind_prefixes(Graph())
    for s, p, o in scratch:
        if (s, p, o) in data or (s, p, o) in tbox or s not in data_nodes:
            continue
        if _is_useful(s, p, o, tbox_terms):
            inferred.add((s, p, o))
    return Reasoned(asserted=asserted, inferred=inferred)


def _is_data(triple: tuple[Node, Node, Node], tbox_terms: set[Node]) -> bool:
    """May this user triple go to the reasoner? Not when it states or changes an axiom."""
    s, p, o = triple
    if s in tbox_terms or _in_w3c_vocabulary(s):
        return False  # redefines the ontology's or a W3C term
    if _in_w3c_vocabulary(p) and p not in _DATA_PREDICATES:
        return False  # subClassOf, inverseOf, propertyChainAxiom, equivalentProperty...
    if p == RDF.type and _in_w3c_vocabulary(o):
        return False  # declares a TransitiveProperty, SymmetricProperty, Class...
    # owl:sameAs only as filmkg writes it: to a Wikidata item; chains among user nodes stay out
    return not (p == OWL.sameAs and not str(o).startswith(str(WD)))


def _is_useful(s: Node, p: Node, o: Node, tbox_terms: set[Node]) -> bool:
    """Keep new facts about the data; drop axioms, vocabulary chatter and trivia."""
    if isinstance(s, Literal) or s in tbox_terms or _in_w3c_vocabulary(s):
        return False
    if p in _SCHEMA_PREDICATES or (p == OWL.sameAs and s == o):
        return False
    if isinstance(s, URIRef) and str(s).startswith(str(WD)) and p != OWL.sameAs:
        return False  # owl:sameAs would copy every fact onto the Wikidata item; join through the link
    if p == RDF.type and (o in _USELESS_TYPES or isinstance(o, Literal)):
        return False
    return not (p == RDF.type and isinstance(o, URIRef) and str(o).startswith(str(XSD)))


def _in_w3c_vocabulary(node: Node) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(_W3C_VOCABULARIES)


def as_dataset(result: Reasoned) -> Dataset:
    """Asserted triples in the default graph, inferred ones in `fkg:graph/inferred`."""
    dataset = Dataset()
    bind_prefixes(dataset)
    default = dataset.default_context
    for triple in result.asserted:
        default.add(triple)
    inferred = dataset.graph(INFERRED_GRAPH)
    for triple in result.inferred:
        inferred.add(triple)
    return dataset


def output_graph(result: Reasoned, *, named_graphs: bool, merge: bool = False) -> Graph:
    """What `filmkg reason` writes.

    A format with named graphs (TriG, N-Quads, JSON-LD) gets `as_dataset`
    (asserted in the default graph, inferred in `fkg:graph/inferred`),
    unless `merge`. A triple format (Turtle, N-Triples) cannot keep the two
    apart, so it gets only the inferred triples; `merge` gives asserted and
    inferred together in one graph instead.
    """
    if merge:
        return merged(result)
    if named_graphs:
        return as_dataset(result)
    return result.inferred


def merged(result: Reasoned) -> Graph:
    """Asserted and inferred triples in one graph (for tools that want the closure)."""
    graph = bind_prefixes(Graph())
    for triple in result.asserted:
        graph.add(triple)
    for triple in result.inferred:
        graph.add(triple)
    return graph
