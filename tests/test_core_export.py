"""Export: formats by name or suffix, compacted JSON-LD with a readable @context, round trips."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from filmkg.errors import OutputError
from filmkg.export import Format, jsonld_context, serialize
from filmkg.namespaces import FILM, INFERRED_GRAPH
from filmkg.reason import as_dataset, reason_graph

FIXTURES = Path(__file__).parent / "fixtures" / "core"


def small() -> Graph:
    return Graph().parse(FIXTURES / "small.ttl", format="turtle")


def assert_same(a: Graph, b: Graph) -> None:
    if not isomorphic(a, b):
        _, only_a, only_b = graph_diff(to_isomorphic(a), to_isomorphic(b))
        pytest.fail(f"only before: {sorted(only_a)[:5]}\nonly after: {sorted(only_b)[:5]}")


@pytest.mark.parametrize("fmt, parser", [(Format.TURTLE, "turtle"), (Format.NT, "nt"),
                                         (Format.JSONLD, "json-ld"), (Format.TRIG, "trig"),
                                         (Format.NQUADS, "nquads")])
def test_every_format_round_trips(fmt, parser):
    graph = small()
    data = serialize(graph, fmt)
    back = Dataset()
    back.parse(data=data.decode("utf-8"), format=parser)
    merged = Graph()
    for triple in back.triples((None, None, None)):
        merged.add(triple)
    assert_same(graph, merged)


def test_jsonld_is_compacted_with_readable_terms():
    doc = json.loads(serialize(small(), Format.JSONLD))
    context = doc["@context"]
    assert context["film"] == str(FILM._NS) and context["fkg"] == "https://w3id.org/filmkg/id/"
    assert context["directedBy"] == {"@id": "film:directedBy", "@type": "@id"}
    assert context["amount"] == {"@id": "film:amount", "@type": "xsd:decimal"}
    nodes = {n["@id"]: n for n in doc["@graph"]}
    film = nodes["https://w3id.org/filmkg/id/film/quiet-orbit"]
    assert film["@type"] == "film:Film"
    assert film["label"] == "Quiet Orbit"
    assert film["directedBy"] == "https://w3id.org/filmkg/id/person/bo-renner"
    assert film["publicationDate"] == {"@type": "xsd:gYear", "@value": "2021"}


def test_context_has_a_term_for_every_film_property():
    context = jsonld_context()
    for name in ("directedBy", "directorOf", "wonAward", "filmedAt", "publicationDate", "evidenceText",
                 "charStart", "confidence", "characterName"):
        assert context[name]["@id"] == f"film:{name}"


def test_jsonld_keeps_named_graphs_of_a_dataset():
    dataset = as_dataset(reason_graph(small()))
    back = Dataset()
    back.parse(data=serialize(dataset, Format.JSONLD).decode("utf-8"), format="json-ld")
    assert len(back.graph(INFERRED_GRAPH)) == len(dataset.graph(INFERRED_GRAPH)) > 0


def test_triple_formats_merge_named_graphs():
    dataset = as_dataset(reason_graph(small()))
    back = Graph().parse(data=serialize(dataset, Format.TURTLE).decode("utf-8"), format="turtle")
    assert len(back) == len({q[:3] for q in dataset.quads((None, None, None, None))})
    assert (URIRef("https://w3id.org/filmkg/id/person/ada-quill"), FILM.directorOf,
            URIRef("https://w3id.org/filmkg/id/film/harbour-lights")) in back


@pytest.mark.parametrize("name, fmt", [("a.ttl", Format.TURTLE), ("a.NT", Format.NT),
                                       ("a.jsonld", Format.JSONLD), ("a.json", Format.JSONLD),
                                       ("a.trig", Format.TRIG), ("a.nq", Format.NQUADS)])
def test_format_from_suffix(name, fmt):
    assert Format.for_path(Path(name)) is fmt
    assert Format.for_path(Path("x.bin"), "trig") is Format.TRIG


@pytest.mark.parametrize("name", ["a.txt", "a", "a.rdf"])
def test_unknown_suffix_is_an_output_error(name):
    with pytest.raises(OutputError, match="--format"):
        Format.for_path(Path(name))


def test_unknown_format_name():
    with pytest.raises(OutputError, match="known: turtle"):
        Format.from_name("yaml")
