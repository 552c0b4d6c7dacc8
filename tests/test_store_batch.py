"""Documents written in batches: checked together (same problems as pySHACL), stored as one at a time."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

import filmkg
from filmkg.namespaces import FILM, XSD
from filmkg.synthetic import generate
from filmkg.validate import validate_graph

ID = "https://w3id.org/filmkg/id/"


def docs(n: int, seed: int = 4) -> list[tuple[str, Graph]]:
    return [(d.doc_id, Graph().parse(data=d.ntriples, format="nt")) for d in generate(n, seed=seed)]


def quads(kg) -> set[str]:
    return {str(q) for q in kg.oxigraph}


def test_a_batch_gives_the_store_one_document_at_a_time_gives(tmp_path):
    corpus = docs(6)
    with filmkg.open(tmp_path / "batch") as kg:
        kg.add_graphs(corpus[:2])
        reports = kg.add_graphs(corpus[2:])
        batched = quads(kg)
    with filmkg.open(tmp_path / "single") as kg:
        for doc_id, graph in corpus:
            kg.add_graph(doc_id, graph)
        single = quads(kg)
    assert batched == single
    assert [r.doc_id for r in reports] == [d for d, _ in corpus[2:]]
    assert all(r.violations == 0 and r.triples > 100 for r in reports)


def test_a_batch_reports_each_document_s_own_problems_like_pyshacl(tmp_path):
    corpus = docs(5)
    broken_id, broken = corpus[3]
    film = next(s for s in broken.subjects(RDFS.label, None) if str(s).startswith(ID + "film/"))
    broken.add((film, RDFS.label, Literal("A second name")))                        # two names
    broken.add((film, FILM.directedBy, URIRef(ID + "genre/genre-0")))              # not a person
    broken.add((film, FILM.publicationDate, Literal("2024-13-45", datatype=XSD.date)))  # not a date
    everything = Graph()
    for _, graph in corpus:
        everything += graph
    mine = {n for n in (*broken.subjects(), *broken.objects()) if isinstance(n, URIRef)}
    expected = [v for v in validate_graph(everything).violations if v.focus in mine]
    assert len(expected) >= 3
    with filmkg.open(tmp_path / "kg") as kg:
        kg.add_graphs(corpus[:3], validate=False)
        reports = kg.add_graphs(corpus[3:])
    assert reports[0].doc_id == broken_id
    assert reports[0].violations == len(expected)
    # the focus node's label is one of its names: the film now has two, either may be shown
    assert reports[0].first_violation.split(" <", 1)[1] in {v.describe().split(" <", 1)[1] for v in expected}
    assert reports[1].violations == 0 and reports[1].first_violation == ""
