"""OWL RL reasoning compiled into SPARQL UPDATE rules that run inside the store, per graph.

The ontology (ontology/film.ttl) only uses axioms whose consequences follow
from one data triple at a time: `owl:inverseOf`, `owl:equivalentProperty`,
`rdfs:subPropertyOf`, `rdfs:domain`, `rdfs:range`, `owl:equivalentClass` and
`rdfs:subClassOf`. So the closure is computed once on the ontology (for each
property: which properties and inverses it entails, which classes its subject
and object get; for each class: its superclasses) and written as a few
`INSERT { GRAPH <inferred> ... } WHERE { GRAPH <source> ... VALUES ... }`
operations. Running them on one source graph gives exactly the inferences
that graph supports, so a document's inferences can be recomputed or dropped
on their own. `filmkg.reason` (owlrl) stays the reference: the tests check
that both give the same triples, with the same filters (no literal subjects,
nothing said about the ontology's own terms or the W3C vocabularies, no
trivial types, nothing already asserted). `owl:sameAs` copies are not
materialised (join through the link), as in `filmkg.reason`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph, URIRef
from rdflib.term import Node

from filmkg.namespaces import OWL, RDFS, WD, XSD
from filmkg.reason import _USELESS_TYPES, _W3C_VOCABULARIES, _ontology

#: (property, inverted): `p` read forwards, or read from object to subject.
PropertyRef = tuple[URIRef, bool]


@dataclass(frozen=True)
class Closure:
    """What each property and class of the ontology entails about one data triple."""

    #: p -> properties q with p(x, y) => q(x, y), q != p
    forward: dict[URIRef, frozenset[URIRef]]
    #: p -> properties q with p(x, y) => q(y, x)
    inverse: dict[URIRef, frozenset[URIRef]]
    #: p -> classes of x in p(x, y);  p -> classes of y
    subject_types: dict[URIRef, frozenset[URIRef]]
    object_types: dict[URIRef, frozenset[URIRef]]
    #: c -> every class c entails (itself excluded unless on a cycle)
    superclasses: dict[URIRef, frozenset[URIRef]]
    #: subjects of the ontology: nothing new is said about them
    tbox_terms: frozenset[Node]


def _links(tbox: Graph, forward_pred: URIRef, both_ways_pred: URIRef) -> dict[URIRef, set[URIRef]]:
    edges: dict[URIRef, set[URIRef]] = {}
    for s, o in tbox.subject_objects(forward_pred):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            edges.setdefault(s, set()).add(o)
    for s, o in tbox.subject_objects(both_ways_pred):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            edges.setdefault(s, set()).add(o)
            edges.setdefault(o, set()).add(s)
    return edges


def _reachable(start: URIRef, edges: dict[URIRef, set[URIRef]]) -> set[URIRef]:
    seen: set[URIRef] = set()
    todo = deque(edges.get(start, ()))
    while todo:
        node = todo.popleft()
        if node not in seen:
            seen.add(node)
            todo.extend(edges.get(node, ()))
    return seen


def compute_closure(tbox: Graph) -> Closure:
    """The closure of the property and class axioms of `tbox`."""
    sub_props = _links(tbox, RDFS.subPropertyOf, OWL.equivalentProperty)
    sub_classes = _links(tbox, RDFS.subClassOf, OWL.equivalentClass)
    inverses: dict[URIRef, set[URIRef]] = {}
    for s, o in tbox.subject_objects(OWL.inverseOf):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            inverses.setdefault(s, set()).add(o)
            inverses.setdefault(o, set()).add(s)
    typed = {s for s in (*tbox.subjects(RDFS.domain), *tbox.subjects(RDFS.range)) if isinstance(s, URIRef)}
    props = set(sub_props) | set(inverses) | typed
    props |= {o for targets in (*sub_props.values(), *inverses.values()) for o in targets}
    classes = set(sub_classes) | {o for targets in sub_classes.values() for o in targets}
    superclasses = {c: frozenset(_reachable(c, sub_classes)) for c in classes}

    def with_supers(found: set[URIRef]) -> frozenset[URIRef]:
        return frozenset(found | {s for c in found for s in superclasses.get(c, ())})

    forward, inverse, subject_types, object_types = {}, {}, {}, {}
    for prop in props:
        reached = _property_closure(prop, sub_props, inverses)
        forward[prop] = frozenset(q for q, inv in reached if not inv and q != prop)
        inverse[prop] = frozenset(q for q, inv in reached if inv)
        subj: set[URIRef] = set()
        obj: set[URIRef] = set()
        for q, inv in reached:
            domains = {c for c in tbox.objects(q, RDFS.domain) if isinstance(c, URIRef)}
            ranges = {c for c in tbox.objects(q, RDFS.range) if isinstance(c, URIRef)}
            (obj if inv else subj).update(domains)
            (subj if inv else obj).update(ranges)
        subject_types[prop] = with_supers(subj)
        object_types[prop] = with_supers(obj)
    return Closure(forward=forward, inverse=inverse, subject_types=subject_types,
                   object_types=object_types, superclasses=superclasses,
                   tbox_terms=frozenset(tbox.subjects()))


def _property_closure(prop: URIRef, sub_props: dict[URIRef, set[URIRef]],
                      inverses: dict[URIRef, set[URIRef]]) -> set[PropertyRef]:
    """Every (q, inverted) that `prop(x, y)` entails, itself included."""
    seen: set[PropertyRef] = set()
    todo: deque[PropertyRef] = deque([(prop, False)])
    while todo:
        ref = todo.popleft()
        if ref in seen:
            continue
        seen.add(ref)
        q, inv = ref
        todo.extend((r, inv) for r in sub_props.get(q, ()))
        todo.extend((r, not inv) for r in inverses.get(q, ()))
    return seen


def _iri(node: Node) -> str:
    return f"<{node}>"


def _values(variables: str, rows: Sequence[tuple[Node, Node]]) -> str:
    body = " ".join(f"({_iri(a)} {_iri(b)})" for a, b in sorted(rows))
    return f"VALUES ({variables}) {{ {body} }}"


def _keep(var: str, closure: Closure) -> str:
    """The filters `filmkg.reason` applies to a new triple's subject, as SPARQL."""
    tbox = ", ".join(_iri(t) for t in sorted(closure.tbox_terms, key=str) if isinstance(t, URIRef))
    vocab = " || ".join(f'STRSTARTS(STR({var}), "{ns}")' for ns in (*_W3C_VOCABULARIES, str(WD)))
    return f"FILTER(!isLiteral({var}) && !({vocab}) && {var} NOT IN ({tbox}))"


def _useless_type_filter(var: str) -> str:
    useless = ", ".join(_iri(t) for t in sorted(_USELESS_TYPES, key=str))
    return f'FILTER({var} NOT IN ({useless}) && !STRSTARTS(STR({var}), "{XSD}"))'


def compile_rules(closure: Closure) -> str:
    """A SPARQL UPDATE template whose `{bind}` is a `VALUES (?src ?inf)` clause of graph pairs.

    Each rule reads `GRAPH {src}` and writes `GRAPH {inf}`. Type rules first take
    the distinct (subject, property) or (property, object) pairs, so a film
    with twenty facts is typed once per class, not twenty times: every
    duplicate insert costs a lookup in the store's transaction.
    """
    fwd = [(p, q) for p, qs in closure.forward.items() for q in qs]
    inv = [(p, q) for p, qs in closure.inverse.items() for q in qs]
    s_types = [(p, c) for p, cs in closure.subject_types.items() for c in cs]
    o_types = [(p, c) for p, cs in closure.object_types.items() for c in cs]
    supers = [(c, s) for c, ss in closure.superclasses.items() for s in ss]
    keep_s, keep_o, useful = _keep("?s", closure), _keep("?o", closure), _useless_type_filter("?c")
    ops = []
    if fwd:
        ops.append("INSERT { GRAPH {inf} { ?s ?q ?o } } WHERE { GRAPH {src} { ?s ?p ?o } "
                   f"{_values('?p ?q', fwd)} {keep_s} }}")
    if inv:
        ops.append("INSERT { GRAPH {inf} { ?o ?q ?s } } WHERE { GRAPH {src} { ?s ?p ?o } "
                   f"{_values('?p ?q', inv)} {keep_o} }}")
    if s_types:
        ops.append("INSERT { GRAPH {inf} { ?s a ?c } } WHERE { SELECT DISTINCT ?s ?c WHERE { "
                   "{ SELECT DISTINCT ?s ?p WHERE { GRAPH {src} { ?s ?p ?o } } } "
                   f"{_values('?p ?c', s_types)} {keep_s} {useful} }} }}")
    if o_types:
        ops.append("INSERT { GRAPH {inf} { ?o a ?c } } WHERE { SELECT DISTINCT ?o ?c WHERE { "
                   "{ SELECT DISTINCT ?p ?o WHERE { GRAPH {src} { ?s ?p ?o } "
                   "FILTER(!isLiteral(?o)) } } "
                   f"{_values('?p ?c', o_types)} {keep_o} {useful} }} }}")
    if supers:
        # types the rules above added are chased through the hierarchy already; this is for asserted types
        ops.append("INSERT { GRAPH {inf} { ?s a ?c } } WHERE { SELECT DISTINCT ?s ?c WHERE { "
                   "GRAPH {src} { ?s a ?t } "
                   f"{_values('?t ?c', supers)} {keep_s} {useful} }} }}")
    # what the source asserts itself is not an inference
    ops.append("DELETE { GRAPH {inf} { ?s ?p ?o } } WHERE { GRAPH {inf} { ?s ?p ?o } "
               "GRAPH {src} { ?s ?p ?o } }")
    text = " ;\n".join(ops).replace("{", "{{").replace("}", "}}")
    for name in ("src", "inf"):
        text = text.replace(f"{{{{{name}}}}}", f"{{{name}}}")
    return text


@lru_cache(maxsize=1)
def rules_template() -> str:
    """The compiled rules for the shipped ontology (compiled once per process)."""
    return compile_rules(compute_closure(_ontology()))


def reasoning_update(source: str, inferred: str) -> str:
    """The SPARQL UPDATE that (re)computes the inferences of graph `source` into graph `inferred`."""
    return f"DROP SILENT GRAPH <{inferred}> ;\n" + rules_template().format(
        src=f"<{source}>", inf=f"<{inferred}>")


def reasoning_update_many(pairs: Sequence[tuple[str, str]]) -> str:
    """One UPDATE (one transaction) for many (source, inferred) graph pairs, for `reason`."""
    return " ;\n".join(reasoning_update(source, inferred) for source, inferred in pairs)
