"""SHACL validation of a graph against ontology/shapes.ttl, reported in plain words.

One wrapper around `pyshacl.validate`: the report is data (the report graph)
plus text a person can act on, one line per problem naming the node (label
and IRI), the property and what is wrong. The ontology is passed as the
ontology graph so `rdfs:subClassOf` holds (a film:Country is a film:Place),
with no inference: RDFS would type a wrong value from a property's range
(a director who is an Award would become a Person) and hide the mistake.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from pyshacl import validate as shacl_validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from filmkg.namespaces import DCTERMS, RDF, RDFS, SH, bind_prefixes, compact_iri
from filmkg.resources import ontology_file, shapes_file


@dataclass(frozen=True)
class Violation:
    """One SHACL result, with the node's label looked up in the data."""

    focus: Node
    focus_label: str | None
    path: Node | None
    message: str
    value: Node | None
    value_label: str | None
    severity: str  # "Violation", "Warning" or "Info"

    def describe(self) -> str:
        """`"Anora" <iri>: film:directedBy: the director must be a person; value: ...`."""
        parts = [_node_text(self.focus, self.focus_label)]
        if self.path is not None:
            parts.append(_path_text(self.path))
        text = ": ".join(parts) + f": {self.message}"
        if self.value is not None and self.value != self.focus:
            text += f" (value: {_node_text(self.value, self.value_label)})"
        if self.severity != "Violation":
            text = f"[{self.severity.lower()}] {text}"
        return text


@dataclass(frozen=True)
class ValidationResult:
    conforms: bool
    report_graph: Graph
    text: str
    violations: tuple[Violation, ...]


@lru_cache(maxsize=1)
def _ontology() -> Graph:
    return Graph().parse(ontology_file(), format="turtle")


@lru_cache(maxsize=1)
def _shapes() -> Graph:
    return Graph().parse(shapes_file(), format="turtle")


def validate_graph(data: Graph, *, shapes: Graph | None = None,
                   ontology: Graph | None = None) -> ValidationResult:
    """Validate `data` (not modified) against the shipped shapes, or the given ones."""
    conforms, report, _ = shacl_validate(
        data,
        shacl_graph=shapes if shapes is not None else _shapes(),
        ont_graph=ontology if ontology is not None else _ontology(),
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
        inplace=False,
    )
    assert isinstance(report, Graph)  # pyshacl returns a Graph unless serialize_report_graph is set
    bind_prefixes(report)
    violations = _violations(report, data)
    return ValidationResult(conforms=bool(conforms), report_graph=report,
                            text=_report_text(bool(conforms), violations), violations=violations)


def _violations(report: Graph, data: Graph) -> tuple[Violation, ...]:
    found = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        if focus is None:
            continue
        message = report.value(result, SH.resultMessage)
        component = report.value(result, SH.sourceConstraintComponent)
        severity = report.value(result, SH.resultSeverity)
        value = report.value(result, SH.value)
        found.append(Violation(
            focus=focus,
            focus_label=node_label(data, focus),
            path=report.value(result, SH.resultPath),
            message=str(message) if message is not None else _component_words(component),
            value=value,
            value_label=node_label(data, value) if value is not None else None,
            severity=_local_name(severity) if severity is not None else "Violation",
        ))
    return tuple(sorted(set(found), key=lambda v: (str(v.focus), str(v.path), v.message, str(v.value))))


def node_label(data: Graph, node: Node, *, depth: int = 0) -> str | None:
    """A name for a node: its rdfs:label, a document's title or identifier, or the fact a statement names."""
    if isinstance(node, Literal):
        return None
    for prop in (RDFS.label, DCTERMS.title, DCTERMS.identifier):
        value = data.value(node, prop)
        if isinstance(value, Literal) and str(value):
            return str(value)
    subject, predicate, obj = (data.value(node, p) for p in (RDF.subject, RDF.predicate, RDF.object))
    if depth == 0 and subject is not None and predicate is not None and obj is not None:
        parts = [node_label(data, subject, depth=1) or str(subject), compact_iri(str(predicate)),
                 str(obj) if isinstance(obj, Literal) else node_label(data, obj, depth=1) or str(obj)]
        return "fact: " + " ".join(parts)
    return None


def _node_text(node: Node, label: str | None) -> str:
    if isinstance(node, Literal):
        text = str(node)
        if node.datatype is not None:
            return f'"{text}" ({compact_iri(str(node.datatype))})'
        return f'"{text}"'
    ref = f"<{node}>" if isinstance(node, URIRef) else f"_:{node}" if isinstance(node, BNode) else str(node)
    return f'"{label}" {ref}' if label else ref


def _path_text(path: Node) -> str:
    if isinstance(path, URIRef):
        return compact_iri(str(path))
    return "(complex path)"


def _local_name(iri: Node) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _component_words(component: Node | None) -> str:
    if component is None:
        return "breaks a shape constraint"
    return f"breaks the {_local_name(component)} constraint"


def _report_text(conforms: bool, violations: tuple[Violation, ...]) -> str:
    if conforms and not violations:
        return "Conforms: the graph meets every shape."
    errors = sum(1 for v in violations if v.severity == "Violation")
    head = ("Conforms, with remarks:" if conforms
            else f"Does not conform: {errors} problem{'s' if errors != 1 else ''}.")
    return "\n".join([head, *(f"- {v.describe()}" for v in violations)])
