"""Graphs out: Turtle, N-Triples, TriG and compacted JSON-LD with a readable @context.

The format comes from an explicit name or the output file's suffix
(`Format.from_name` / `Format.for_path`). JSON-LD uses rdflib's serializer
with the context below: prefixes for every namespace filmkg uses and a
short term for every film property, object properties typed `@id` so a
director reads `"directedBy": "fkg:person/sean-baker"`. Datatype properties
whose values always have one datatype (amounts, offsets, confidence) are
coerced; `publicationDate` is not (it is a date, year-month or year), so its
values keep their `@type`. The output parses back to the same graph (tested
by isomorphism). N-Triples and N-Quads come out sorted, so the same graph
gives the same bytes in every run.
"""

from __future__ import annotations

import json
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Any

from rdflib import BNode, Dataset, Graph
from rdflib.compare import to_canonical_graph

from filmkg.errors import OutputError
from filmkg.namespaces import FILM, PREFIXES, bind_prefixes
from filmkg.resources import ontology_file


class Format(str, Enum):
    TURTLE = "turtle"
    NT = "nt"
    JSONLD = "jsonld"
    TRIG = "trig"
    NQUADS = "nquads"

    @property
    def suffix(self) -> str:
        return _SUFFIX[self]

    @property
    def rdflib_name(self) -> str:
        return _RDFLIB_NAME[self]

    @property
    def holds_named_graphs(self) -> bool:
        return self in (Format.TRIG, Format.NQUADS, Format.JSONLD)

    @classmethod
    def from_name(cls, name: str) -> Format:
        try:
            return cls(name.lower())
        except ValueError as e:
            known = ", ".join(f.value for f in cls)
            raise OutputError(f"unknown output format {name!r} (known: {known})") from e

    @classmethod
    def for_path(cls, path: Path, explicit: str | None = None) -> Format:
        """The explicit format if given, else the one the file suffix names."""
        if explicit:
            return cls.from_name(explicit)
        suffix = path.suffix.lower()
        for fmt, known in _SUFFIXES_READ.items():
            if suffix in known:
                return fmt
        names = ", ".join(s for known in _SUFFIXES_READ.values() for s in known)
        raise OutputError(f"{path}: cannot tell the format from {suffix or 'no suffix'!r}; "
                          f"use --format or one of {names}")


_SUFFIX = {Format.TURTLE: ".ttl", Format.NT: ".nt", Format.JSONLD: ".jsonld", Format.TRIG: ".trig",
           Format.NQUADS: ".nq"}
_SUFFIXES_READ = {Format.TURTLE: (".ttl", ".turtle"), Format.NT: (".nt", ".ntriples"),
                  Format.JSONLD: (".jsonld", ".json"), Format.TRIG: (".trig",), Format.NQUADS: (".nq",)}
_RDFLIB_NAME = {Format.TURTLE: "turtle", Format.NT: "nt", Format.JSONLD: "json-ld", Format.TRIG: "trig",
                Format.NQUADS: "nquads"}

#: Datatype properties with a single datatype, coerced in the context.
_COERCED = {"amount": "xsd:decimal", "charStart": "xsd:integer", "charEnd": "xsd:integer",
            "confidence": "xsd:decimal", "linkScore": "xsd:decimal"}


@lru_cache(maxsize=1)
def jsonld_context() -> dict[str, Any]:
    """The @context: prefixes, then one term per film property (`@id`-typed for object properties)."""
    from filmkg.namespaces import OWL, RDF

    ontology = Graph().parse(ontology_file(), format="turtle")
    context: dict[str, Any] = {prefix: iri for prefix, iri in PREFIXES.items() if prefix != "sh"}
    film_ns = str(FILM._NS)
    for prop in sorted(ontology.subjects(RDF.type, OWL.ObjectProperty), key=str):
        name = str(prop)[len(film_ns):]
        if str(prop).startswith(film_ns):
            context[name] = {"@id": f"film:{name}", "@type": "@id"}
    for prop in sorted(ontology.subjects(RDF.type, OWL.DatatypeProperty), key=str):
        name = str(prop)[len(film_ns):]
        if str(prop).startswith(film_ns):
            term: dict[str, str] = {"@id": f"film:{name}"}
            if name in _COERCED:
                term["@type"] = _COERCED[name]
            context[name] = term
    context["label"] = {"@id": "rdfs:label"}
    context["altLabel"] = {"@id": "skos:altLabel"}
    return context


def serialize(data: Graph, fmt: Format) -> bytes:
    """`data` as bytes in `fmt`; triple formats merge the named graphs of a dataset."""
    if isinstance(data, Dataset) and not fmt.holds_named_graphs:
        merged = bind_prefixes(Graph())
        for s, p, o, _ in data.quads((None, None, None, None)):  # every graph, union or not
            merged.add((s, p, o))
        data = merged
    elif fmt in (Format.TRIG, Format.NQUADS) and not isinstance(data, Dataset):
        dataset = Dataset()
        for triple in data:
            dataset.add(triple)
        data = dataset
    bind_prefixes(data)
    if fmt is Format.JSONLD:
        _check_jsonld_can_hold(data)
        return _jsonld(data)
    if fmt in (Format.NT, Format.NQUADS):
        return _sorted_lines(data, fmt)
    return data.serialize(format=fmt.rdflib_name, encoding="utf-8")


def _jsonld(data: Graph) -> bytes:
    """Compact JSON-LD with our context; expanded JSON-LD when compaction would lose a statement.

    rdflib 7.6's compaction drops a plain empty string that shares a property with another
    value (found by the round-trip property), so the output is read back and counted.
    """
    expected = _statements(data)
    for compact in (True, False):
        if compact:
            text = data.serialize(format="json-ld", context=jsonld_context(), auto_compact=True, indent=2)
        else:
            text = data.serialize(format="json-ld", auto_compact=False, indent=2)
        if _statements(Dataset().parse(data=text, format="json-ld")) == expected:
            return (text if text.endswith("\n") else text + "\n").encode("utf-8")
    raise OutputError("JSON-LD cannot be written without losing statements (rdflib's JSON-LD writer); "
                      "export as Turtle, TriG or N-Triples")


def _statements(data: Graph) -> int:
    if isinstance(data, Dataset):
        return len(set(data.quads((None, None, None, None))))
    return len(data)


def _check_jsonld_can_hold(data: Graph) -> None:
    """Refuse blank nodes that only blank nodes in a cycle point at: rdflib 7.6's JSON-LD writer drops
    them without a word (found by the round-trip property), so the export would lose triples."""
    subjects = {s for s in data.subjects() if isinstance(s, BNode)}
    if not subjects:
        return
    pointed_at = {o for o in data.objects() if isinstance(o, BNode)}
    stack = [s for s in set(data.subjects()) if not (isinstance(s, BNode) and s in pointed_at)]
    reached = set(stack)
    while stack:
        for o in data.objects(stack.pop()):
            if isinstance(o, BNode) and o not in reached:
                reached.add(o)
                stack.append(o)
    lost = subjects - reached
    if lost:
        raise OutputError(f"JSON-LD cannot be written: {len(lost)} blank node(s) are only reached through a "
                          "cycle of blank nodes, which rdflib's JSON-LD writer drops; export as Turtle, "
                          "TriG or N-Triples")


def _sorted_lines(data: Graph, fmt: Format) -> bytes:
    """N-Triples/N-Quads byte-identical across runs and hash seeds: lines sorted, blank nodes
    labelled canonically (rdflib.compare) in a triple graph, so the same graph gives the same bytes."""
    if not isinstance(data, Dataset) and any(isinstance(t, BNode) for triple in data for t in triple):
        canonical = Graph()
        for triple in to_canonical_graph(data):
            canonical.add(triple)
        data = canonical
    lines = data.serialize(format=fmt.rdflib_name, encoding="utf-8").splitlines(keepends=True)
    return b"".join(sorted(line for line in lines if line.strip()))


def context_document() -> str:
    """The @context alone, as JSON (for documentation and for other tools)."""
    return json.dumps({"@context": jsonld_context()}, indent=2)
