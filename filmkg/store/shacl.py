"""`validate --store`: ontology/shapes.ttl compiled into SPARQL queries that run inside the store.

pySHACL needs the whole graph in rdflib, which at a million triples takes
minutes and gigabytes. The shapes use a small set of SHACL Core features, so
each constraint becomes one query over the documents' graphs (the inferred
graphs are left out, as pySHACL sees only the asserted triples): targets by
class (with subclasses from the ontology, as pySHACL with the ontology graph)
or by subjects of a property; on a property path: min/max count, class,
datatype (well-formed), node kind, `sh:or` of datatypes or classes, min
length, pattern, min/max inclusive, has-value, less-than; on the node: class,
`sh:or` of classes, and SPARQL constraints. A feature outside this set is an
error, not silently ignored. `filmkg.validate` (pySHACL) stays the reference:
tests check both report the same problems on good and broken graphs.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from filmkg.errors import StoreError
from filmkg.namespaces import RDF, RDFS, SH, XSD
from filmkg.store.backend import Backend, select
from filmkg.store.convert import to_rdflib, triples_to_graph
from filmkg.store.layout import DOC_PREFIX, LINKS_GRAPH

if TYPE_CHECKING:
    from filmkg.validate import ValidationResult

#: How a well-formed literal of each XSD type is written (pySHACL rejects ill-typed literals).
_LEXICAL = {
    XSD.date: r"^-?[0-9]{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(Z|[+-][0-9]{2}:[0-9]{2})?$",
    XSD.gYearMonth: r"^-?[0-9]{4,}-(0[1-9]|1[0-2])(Z|[+-][0-9]{2}:[0-9]{2})?$",
    XSD.gYear: r"^-?[0-9]{4,}(Z|[+-][0-9]{2}:[0-9]{2})?$",
    XSD.integer: r"^[+-]?[0-9]+$",
    XSD.decimal: r"^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)$",
}
_VALUE_KEYS = {SH["class"], SH.datatype, SH.nodeKind, SH["or"], SH.minLength, SH.pattern, SH.minInclusive,
               SH.maxInclusive}
_KNOWN = _VALUE_KEYS | {SH.path, SH.message, SH.minCount, SH.maxCount, SH.hasValue, SH.lessThan, RDF.type,
                        SH.name, SH.description}
DATA_FILTER = f'(STRSTARTS(STR(?{{g}}), "{DOC_PREFIX}") || ?{{g}} = <{LINKS_GRAPH}>)'


def _data(var: str) -> str:
    return DATA_FILTER.format(g=var)


@dataclass(frozen=True)
class Check:
    """One compiled constraint: a SELECT giving ?this (and ?value), with what to report."""

    sparql: str
    path: URIRef | None
    message: str
    has_value: bool


def _term(node: Node) -> str:
    return node.n3()


def _subclasses(ontology: Graph, cls: Node) -> list[Node]:
    found, todo = {cls}, deque([cls])
    while todo:
        for sub in ontology.subjects(RDFS.subClassOf, todo.popleft()):
            if sub not in found:
                found.add(sub)
                todo.append(sub)
    return sorted(found, key=str)


def _has_class(var: str, cls: Node, ontology: Graph, n: int) -> str:
    classes = " ".join(_term(c) for c in _subclasses(ontology, cls))
    return (f"EXISTS {{ GRAPH ?cg{n} {{ {var} a ?ct{n} }} FILTER({_data(f'cg{n}')}) "
            f"VALUES ?ct{n} {{ {classes} }} }}")


def _has_datatype(var: str, datatype: Node) -> str:
    if datatype == RDF.langString:
        return f'(isLiteral({var}) && LANG({var}) != "")'
    test = f"(isLiteral({var}) && DATATYPE({var}) = {_term(datatype)})"
    if datatype in _LEXICAL:
        test = f'({test} && REGEX(STR({var}), "{_LEXICAL[datatype]}"))'  # type: ignore[index]
    return test


def _value_test(shape: Graph, node: Node, var: str, ontology: Graph, counter: list[int]) -> str:
    """A SPARQL expression true when `var` meets every value constraint of `node`."""
    tests = []
    for key, value in shape.predicate_objects(node):
        counter[0] += 1
        n = counter[0]
        if key == SH["class"]:
            tests.append(_has_class(var, value, ontology, n))
        elif key == SH.datatype:
            tests.append(_has_datatype(var, value))
        elif key == SH.nodeKind:
            if value != SH.IRI:
                raise StoreError(f"shapes: sh:nodeKind {value} is not supported by the store validator")
            tests.append(f"isIRI({var})")
        elif key == SH["or"]:
            members = [_value_test(shape, m, var, ontology, counter) for m in Collection(shape, value)]
            tests.append("(" + " || ".join(members) + ")")
        elif key == SH.minLength:
            tests.append(f"(!isBlank({var}) && STRLEN(STR({var})) >= {int(str(value))})")
        elif key == SH.pattern:
            tests.append(f'(!isBlank({var}) && REGEX(STR({var}), "{value}"))')
        elif key == SH.minInclusive:
            tests.append(f"COALESCE({var} >= {_term(value)}, false)")
        elif key == SH.maxInclusive:
            tests.append(f"COALESCE({var} <= {_term(value)}, false)")
    return "(" + " && ".join(tests) + ")" if tests else "true"


def _targets(shape: Graph, node: Node, ontology: Graph) -> str:
    """A pattern binding ?this to each focus node of a node shape (in the documents' graphs)."""
    parts = []
    for cls in shape.objects(node, SH.targetClass):
        classes = " ".join(_term(c) for c in _subclasses(ontology, cls))
        parts.append(f"{{ GRAPH ?tg {{ ?this a ?tc }} VALUES ?tc {{ {classes} }} }}")
    props = list(shape.objects(node, SH.targetSubjectsOf))
    if props:
        listed = " ".join(_term(p) for p in props)
        parts.append(f"{{ GRAPH ?tg {{ ?this ?tp ?tv }} VALUES ?tp {{ {listed} }} }}")
    if not parts:
        raise StoreError(f"shapes: {node} has no target the store validator knows")
    return f"{{ SELECT DISTINCT ?this WHERE {{ {' UNION '.join(parts)} FILTER({_data('tg')}) }} }}"


def _values_of(path: Node) -> str:
    return f"GRAPH ?vg {{ ?this {_term(path)} ?value }} FILTER({_data('vg')})"


def _property_checks(shape: Graph, prop: Node, focus: str, ontology: Graph) -> list[Check]:
    unknown = set(shape.predicates(prop)) - _KNOWN
    if unknown:
        names = ", ".join(sorted(map(str, unknown)))
        raise StoreError(f"shapes: {names} not supported by the store validator")
    path = shape.value(prop, SH.path)
    if not isinstance(path, URIRef):
        raise StoreError("shapes: only IRI paths are supported by the store validator")
    message = str(shape.value(prop, SH.message) or "breaks a shape constraint")
    checks = []
    count = f"SELECT ?this WHERE {{ {focus} OPTIONAL {{ {_values_of(path)} }} }} GROUP BY ?this HAVING"
    if (low := shape.value(prop, SH.minCount)) is not None:
        checks.append(Check(f"{count} (COUNT(DISTINCT ?value) < {int(str(low))})", path, message, False))
    if (high := shape.value(prop, SH.maxCount)) is not None:
        checks.append(Check(f"{count} (COUNT(DISTINCT ?value) > {int(str(high))})", path, message, False))
    if any(k in _VALUE_KEYS for k in shape.predicates(prop)):
        test = _value_test(shape, prop, "?value", ontology, [0])
        text = f"SELECT DISTINCT ?this ?value WHERE {{ {focus} {_values_of(path)} FILTER(!{test}) }}"
        checks.append(Check(text, path, message, True))
    if (wanted := shape.value(prop, SH.hasValue)) is not None:
        text = (f"SELECT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ GRAPH ?hg {{ ?this "
                f"{_term(path)} {_term(wanted)} }} FILTER({_data('hg')}) }} }}")
        checks.append(Check(text, path, message, False))
    if (other := shape.value(prop, SH.lessThan)) is not None:
        checks.append(Check(f"SELECT DISTINCT ?this ?value WHERE {{ {focus} {_values_of(path)} "
                            f"GRAPH ?og {{ ?this {_term(other)} ?other }} FILTER({_data('og')}) "
                            "FILTER(!COALESCE(?value < ?other, false)) }", path, message, True))
    return checks


def compile_shapes(shapes: Graph, ontology: Graph) -> list[Check]:
    """Every constraint of every node shape, as a query."""
    checks: list[Check] = []
    for node in sorted(set(shapes.subjects(RDF.type, SH.NodeShape)), key=str):
        focus = _targets(shapes, node, ontology)
        message = str(shapes.value(node, SH.message) or "breaks a shape constraint")
        node_keys = {SH["class"], SH["or"]} & set(shapes.predicates(node))
        if node_keys:
            test = _value_test(shapes, node, "?this", ontology, [0])  # only sh:class and sh:or apply here
            checks.append(Check(f"SELECT ?this (?this AS ?value) WHERE {{ {focus} FILTER(!{test}) }}",
                                None, message, True))
        for prop in shapes.objects(node, SH.property):
            checks += _property_checks(shapes, prop, focus, ontology)
        for constraint in shapes.objects(node, SH.sparql):
            select = str(shapes.value(constraint, SH.select)).replace("$this", "?this")
            text = str(shapes.value(constraint, SH.message) or message)
            body = select[select.index("{"):]
            checks.append(Check(f"SELECT DISTINCT ?this (?this AS ?value) WHERE {{ {focus} {body} }}",
                                None, text, True))
    return checks


@lru_cache(maxsize=1)
def shipped_checks() -> tuple[Check, ...]:
    from filmkg.validate import _ontology, _shapes

    return tuple(compile_shapes(_shapes(), _ontology()))




_LABEL_PROPS = "rdfs:label dcterms:title dcterms:identifier rdf:subject rdf:predicate rdf:object"


def _labels(backend: Backend, nodes: set[Node]) -> Graph:
    """The triples `node_label` reads about the given nodes (and the nodes their statements name)."""
    found = Graph()
    todo: list[Node] = sorted((n for n in nodes if isinstance(n, URIRef)), key=str)
    for _hop in range(2):
        named: set[Node] = set()
        for start in range(0, len(todo), 2000):
            values = " ".join(n.n3() for n in todo[start:start + 2000])
            text = (f"CONSTRUCT {{ ?n ?p ?o }} WHERE {{ VALUES ?n {{ {values} }} "
                    f"VALUES ?p {{ {_LABEL_PROPS} }} GRAPH ?g {{ ?n ?p ?o }} FILTER({_data('g')}) }}")
            for s, p, o in triples_to_graph(backend.query(text)):
                found.add((s, p, o))
                if p in (RDF.subject, RDF.object) and isinstance(o, URIRef):
                    named.add(o)
        todo = sorted(named - set(todo), key=str)
    return found


def validate_store(backend: Backend) -> ValidationResult:
    """Every document checked against the shipped shapes, inside the store."""
    from filmkg.validate import ValidationResult, Violation, _report_text, node_label

    rows: set[tuple[Node, Node | None, str, Node | None]] = set()
    for check in shipped_checks():
        for row in select(backend, check.sparql):
            value = to_rdflib(row["value"]) if check.has_value else None  # type: ignore[index]
            rows.add((to_rdflib(row["this"]), check.path, check.message, value))  # type: ignore[index]
    labels = _labels(backend, {r[0] for r in rows} | {r[3] for r in rows if r[3] is not None})
    violations = tuple(sorted(
        (Violation(focus=focus, focus_label=node_label(labels, focus), path=path, message=message,
                   value=value, value_label=node_label(labels, value) if value is not None else None,
                   severity="Violation")
         for focus, path, message, value in rows),
        key=lambda v: (str(v.focus), str(v.path), v.message, str(v.value))))
    report = Graph()
    for v in violations:
        result = BNode()
        report.add((result, RDF.type, SH.ValidationResult))
        report.add((result, SH.focusNode, v.focus))
        report.add((result, SH.resultMessage, Literal(v.message)))
        report.add((result, SH.resultSeverity, SH.Violation))
        if v.path is not None:
            report.add((result, SH.resultPath, v.path))
        if v.value is not None:
            report.add((result, SH.value, v.value))
    return ValidationResult(conforms=not violations, report_graph=report,
                            text=_report_text(not violations, violations), violations=violations)
