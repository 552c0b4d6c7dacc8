"""Bulk loads: line-based files in slices (same store as one load), quad files all or nothing."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

import filmkg
from filmkg.errors import RdfParseError, StoreError
from filmkg.store import chunked, loader
from filmkg.store.layout import META_GRAPH, ONTOLOGY_GRAPH, doc_graph
from filmkg.synthetic import generate, nquads

_blank = re.compile(r"_:\w+")


def quads(kg) -> set[str]:
    return {str(q) for q in kg.oxigraph}


def test_slices_end_at_line_ends_and_cover_the_file(tmp_path):
    path = tmp_path / "g.nt"
    path.write_bytes(b"".join(f"<urn:s{i}> <urn:p> \"{'x' * (i % 50)}\" .\n".encode() for i in range(2000)))
    spans = chunked.slices(path, size=4096)
    assert len(spans) > 10
    assert spans[0][0] == 0 and spans[-1][1] == path.stat().st_size
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:], strict=False))
    data = path.read_bytes()
    assert all(data[end - 1:end] == b"\n" for _, end in spans)


def test_a_file_loaded_in_slices_equals_one_bulk_load(tmp_path, monkeypatch):
    path = tmp_path / "films.nt"
    body = "".join(d.ntriples for d in generate(30))
    # a blank node whose triples end up in the first and the last slice stays one node
    path.write_text(f"_:shared <urn:p> \"first\" .\n{body}_:shared <urn:p> \"last\" .\n", encoding="utf-8")
    reference = ox.Store()
    graph = ox.NamedNode(doc_graph("films"))
    reference.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
    monkeypatch.setattr(chunked, "SLICE_BYTES", 20_000)
    assert len(chunked.slices(path, chunked.SLICE_BYTES)) > 5
    with filmkg.open(tmp_path / "kg") as kg:
        assert kg.load([path]) == [doc_graph("films")]
        loaded = {str(q) for q in kg.oxigraph.quads_for_pattern(None, None, None, graph)}
        shared = list(kg.run('SELECT ?b WHERE { ?b <urn:p> "first" , "last" }'))
    assert {_blank.sub("_:b", q) for q in loaded} == {_blank.sub("_:b", str(q)) for q in reference}
    assert len(loaded) == len(reference)
    assert len(shared) == 1  # blank node labels are mapped the same way in every slice


def test_a_syntax_error_in_a_later_slice_names_the_file_line_and_loads_nothing(tmp_path, monkeypatch):
    path = tmp_path / "films.nt"
    lines = "".join(d.ntriples for d in generate(20)).splitlines(keepends=True)
    lines.insert(len(lines) - 3, "<urn:a> <urn:b> .\n")
    path.write_text("".join(lines), encoding="utf-8")
    monkeypatch.setattr(chunked, "SLICE_BYTES", 20_000)
    with filmkg.open(tmp_path / "kg") as kg:
        before = quads(kg)
        with pytest.raises(RdfParseError, match=f"line {len(lines) - 3}\\b.*nothing was loaded"):
            kg.load([path])
        assert quads(kg) == before


def test_nquads_into_an_empty_store_skip_the_python_pass_and_name_their_graphs(tmp_path, monkeypatch):
    path = tmp_path / "corpus.nq"
    path.write_text("".join(nquads(12, seed=3)), encoding="utf-8")

    def no_pass(item):
        raise AssertionError("read the quads in Python")

    monkeypatch.setattr(loader, "_named_graphs_in", no_pass)
    with filmkg.open(tmp_path / "kg") as kg:
        graphs = kg.load([path])
        assert graphs == sorted(doc_graph(f"film-{i}") for i in range(12))
        assert kg.documents() == sorted(f"film-{i}" for i in range(12))
        assert not any("pendingGraph" in q or "everything" in q for q in quads(kg))


def test_a_failed_nquads_load_into_an_empty_store_leaves_it_new(tmp_path):
    bad = tmp_path / "corpus.nq"
    bad.write_text("".join(nquads(5, seed=3)) + "<urn:a> <urn:b> .\n", encoding="utf-8")
    poisoning = tmp_path / "poison.nq"
    poisoning.write_text("".join(nquads(2, seed=3)) + f"<urn:a> <urn:b> <urn:c> <{ONTOLOGY_GRAPH}> .\n",
                         encoding="utf-8")
    with filmkg.open(tmp_path / "kg") as kg:
        kg.ensure_slice()
        before = quads(kg)
        with pytest.raises(RdfParseError, match="corpus.nq"):
            kg.load([bad])
        with pytest.raises(StoreError, match="own graph"):
            kg.load([poisoning])
        after = quads(kg)
        kg.ensure_slice()
        assert quads(kg) == before and after <= before
        assert kg.documents() == []


def test_an_interrupted_load_into_an_empty_store_is_undone_when_next_opened(tmp_path):
    path = tmp_path / "corpus.nq"
    path.write_text("".join(nquads(4, seed=3)), encoding="utf-8")
    with filmkg.open(tmp_path / "kg") as kg:
        before = quads(kg)
        kg.backend.update(loader._mark({loader._EVERYTHING}))  # what a load writes before it dies
        kg.backend.bulk_load(path, ox.RdfFormat.N_QUADS, doc_graph("corpus"))
    with filmkg.open(tmp_path / "kg") as kg:
        assert kg.recovered == sorted(doc_graph(f"film-{i}") for i in range(4))
        assert quads(kg) == before
        assert META_GRAPH in kg.backend.named_graphs()


def test_nquads_into_a_store_with_data_are_read_first_and_refused_on_a_clash(tmp_path):
    first = tmp_path / "first.nq"
    first.write_text("".join(nquads(3, seed=3)), encoding="utf-8")
    with filmkg.open(tmp_path / "kg") as kg:
        kg.load([first])
        before = quads(kg)
        with pytest.raises(StoreError, match="already exist"):
            kg.load([first])
        assert quads(kg) == before
