"""The persistent store: documents replaced and retracted exactly, loads all or nothing, one process only."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph

import filmkg
from filmkg.cli import main
from filmkg.errors import RdfParseError, StoreError
from filmkg.store import loader
from filmkg.store.layout import LINKS_GRAPH, META_GRAPH, STORE_NS, doc_graph, inferred_graph
from filmkg.synthetic import generate

ROOT = Path(__file__).resolve().parent.parent
SEED_GRAPH = ROOT / "data" / "anora.ttl"


def docs(n: int, seed: int = 1) -> dict[str, Graph]:
    return {d.doc_id: Graph().parse(data=d.ntriples, format="nt") for d in generate(n, seed=seed)}


def quads(kg) -> set[str]:
    """Every quad of the store, local or remote, as N-Quads text."""
    rows = kg.backend.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
    return {f"{r['s']} {r['p']} {r['o']} {r['g']}" for r in rows}


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(params=["local", "remote"])
def new_store(request, tmp_path):
    """A factory of empty stores: a folder, or a fresh `oxigraph serve` on 127.0.0.1 (remote mode)."""
    import shutil
    import time

    servers = []

    def make(name: str) -> str:
        if request.param == "local":
            return str(tmp_path / name)
        port = free_port()
        binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
        command = [binary, "serve", "--bind", f"127.0.0.1:{port}", "--union-default-graph"]
        servers.append(subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        url = f"http://127.0.0.1:{port}"
        import httpx

        for _ in range(200):
            try:
                httpx.get(f"{url}/query", params={"query": "ASK {}"}, timeout=1)
                return url
            except httpx.HTTPError:
                time.sleep(0.05)
        raise RuntimeError("oxigraph serve did not start")

    yield make
    for server in servers:
        server.terminate()
        server.wait(timeout=10)


def changed(graph: Graph) -> Graph:
    """The same document with one fact less (as if the text had been edited)."""
    copy = Graph()
    dropped = False
    for triple in sorted(graph):
        if not dropped and str(triple[1]).endswith("#castMember"):
            dropped = True
            continue
        copy.add(triple)
    assert dropped
    return copy


@pytest.mark.network
def test_add_query_and_stats(new_store):
    with filmkg.open(new_store("kg")) as kg:
        report = kg.add_graph("anora", Graph().parse(SEED_GRAPH))
        assert report.violations == 0 and report.triples > 500
        rows = kg.query("directed-by", film="Anora")
        assert [(r["film"], r["director"]) for r in rows] == [("Anora", "Sean Baker")]
        assert kg.documents() == ["anora"]
        assert kg.count(f"FILTER(?g = <{inferred_graph('anora')}>)") > 200


@pytest.mark.network
def test_reingest_and_remove_then_ingest_give_identical_stores(new_store):
    graphs = docs(6)
    with filmkg.open(new_store("a")) as kg:
        for doc_id, graph in graphs.items():
            kg.add_graph(doc_id, graph)
        before = quads(kg)
        kg.add_graph("film-2", graphs["film-2"])
        assert quads(kg) == before
        kg.remove("film-2")
        assert not any(doc_graph("film-2") in q or inferred_graph("film-2") in q for q in quads(kg))
        kg.add_graph("film-2", graphs["film-2"])
        assert quads(kg) == before


@pytest.mark.network
def test_reingesting_a_changed_document_equals_a_fresh_ingest(new_store):
    graphs = docs(8)
    with filmkg.open(new_store("grown")) as kg:
        for doc_id, graph in graphs.items():
            kg.add_graph(doc_id, graph)
        graphs["film-5"] = changed(graphs["film-5"])
        kg.add_graph("film-5", graphs["film-5"])
        grown = quads(kg)
    with filmkg.open(new_store("fresh")) as kg:
        for doc_id, graph in graphs.items():
            kg.add_graph(doc_id, graph)
        assert quads(kg) == grown


@pytest.mark.network
def test_remove_keeps_what_other_documents_support(new_store):
    seed = Graph().parse(SEED_GRAPH)
    with filmkg.open(new_store("kg")) as kg:
        kg.add_graph("one", seed)
        kg.add_graph("two", seed)
        inferred = sorted({r["f"] for r in kg.query("SELECT ?f WHERE { ?p film:directorOf ?f }")})
        assert "https://w3id.org/filmkg/id/film/anora" in inferred
        kg.remove("one")
        rows = kg.query("SELECT DISTINCT ?p WHERE { ?f film:directedBy ?p }")
        assert [r["p"] for r in rows] == ["https://w3id.org/filmkg/id/person/sean-baker"]
        inverse = kg.query("SELECT ?f WHERE { ?p film:directorOf ?f }")
        assert sorted(r["f"] for r in inverse) == inferred  # still inferred, now once per film
        with pytest.raises(StoreError, match="no document 'one'"):
            kg.remove("one")


@pytest.mark.network
def test_load_is_all_or_nothing(tmp_path, new_store):
    good = tmp_path / "good.nt"
    good.write_text(next(generate(1)).ntriples, encoding="utf-8")
    bad = tmp_path / "bad.ttl"
    bad.write_text("<urn:a> <urn:b> .\n", encoding="utf-8")
    with filmkg.open(new_store("kg")) as kg:
        before = quads(kg)
        with pytest.raises(RdfParseError, match="bad.ttl"):
            kg.load([good, bad])
        assert quads(kg) == before
        assert kg.load([good]) == [doc_graph("good")]
        with pytest.raises(StoreError, match="already exist"):
            kg.load([good])


def test_an_interrupted_load_is_undone_when_the_store_is_next_opened(tmp_path):
    good = tmp_path / "good.nt"
    good.write_text(next(generate(1)).ntriples, encoding="utf-8")
    with filmkg.open(tmp_path / "kg") as kg:
        before = quads(kg)
        # what a load does before it dies half-way: the record, then some of the data
        kg.backend.update(loader._mark({doc_graph("good")}))
        kg.backend.bulk_load(good, ox.RdfFormat.N_TRIPLES, doc_graph("good"))
    with filmkg.open(tmp_path / "kg") as kg:
        assert kg.recovered == [doc_graph("good")]
        assert quads(kg) == before
        assert not any(f"{STORE_NS}pendingGraph" in q for q in quads(kg))
        assert META_GRAPH in kg.backend.named_graphs()


def test_a_second_process_gets_a_one_line_error(tmp_path):
    store = tmp_path / "kg"
    with filmkg.open(store):
        result = subprocess.run([sys.executable, "-m", "filmkg.cli", "stats", "--store", str(store)],
                                capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "in use by another process" in result.stderr and "Traceback" not in result.stderr


def test_cli_load_remove_stats(tmp_path):
    store = str(tmp_path / "kg")
    runner = CliRunner()
    loaded = runner.invoke(main, ["load", str(SEED_GRAPH), "--store", store])
    assert loaded.exit_code == 0, loaded.output
    stats = runner.invoke(main, ["stats", "--store", store])
    assert stats.exit_code == 0
    assert "documents: 1" in stats.stdout and "film:directedBy" in stats.stdout
    removed = runner.invoke(main, ["remove", "anora", "--store", store])
    assert removed.exit_code == 0
    again = runner.invoke(main, ["remove", "anora", "--store", store])
    assert again.exit_code == 2 and "no document 'anora'" in again.stderr


def test_cli_commands_take_a_store_instead_of_files(tmp_path):
    store = str(tmp_path / "kg")
    runner = CliRunner()
    assert runner.invoke(main, ["load", str(SEED_GRAPH), "--store", store]).exit_code == 0
    reasoned = runner.invoke(main, ["reason", "--store", store])
    inferred = re.search(r"(\d+) inferred triples", reasoned.stderr)
    assert reasoned.exit_code == 0 and inferred is not None
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{inferred_graph('anora')}> {{ ?s ?p ?o }} }}"
    counted = runner.invoke(main, ["query", count, "--store", store, "--format", "csv"])
    assert counted.stdout.split()[-1] == inferred.group(1) != "0"
    answer = runner.invoke(main, ["query", "directed-by", "--store", store, "--param", "film=Anora",
                                  "--format", "csv"])
    assert answer.exit_code == 0 and "Anora,Sean Baker" in answer.stdout
    inverse = runner.invoke(main, ["query", "SELECT ?f WHERE { ?p film:directorOf ?f }", "--store", store])
    assert "fkg:film/anora" in inverse.stdout
    checked = runner.invoke(main, ["validate", "--store", store])
    assert checked.exit_code == 0 and checked.stdout.startswith("Conforms")
    exported = runner.invoke(main, ["export", "--store", store, "--format", "nquads"])
    assert exported.exit_code == 0
    assert f"<{inferred_graph('anora')}>" in exported.stdout and f"<{doc_graph('anora')}>" in exported.stdout
    both = runner.invoke(main, ["validate", str(SEED_GRAPH), "--store", store])
    assert both.exit_code == 2 and "not both" in both.output


@pytest.mark.model
def test_cli_ingest_twice_gives_the_same_store(tmp_path):
    store = tmp_path / "kg"
    runner = CliRunner()
    first = runner.invoke(main, ["ingest", str(ROOT / "seeds" / "anora.txt"), "--store", str(store)])
    assert first.exit_code == 0, first.output
    assert "stored 1 documents" in first.stderr
    with filmkg.open(store) as kg:
        before = quads(kg)
        assert kg.query("directed-by", film="Anora")[0]["director"] == "Sean Baker"
    again = runner.invoke(main, ["ingest", str(ROOT / "seeds" / "anora.txt"), "--store", str(store), "-q"])
    assert again.exit_code == 0
    with filmkg.open(store) as kg:
        assert quads(kg) == before


def test_link_store_writes_the_links_graph_like_link_on_files(tmp_path):
    store = str(tmp_path / "kg")
    runner = CliRunner()
    assert runner.invoke(main, ["load", str(SEED_GRAPH), "--store", store]).exit_code == 0
    linked = runner.invoke(main, ["link", "--store", store])
    assert linked.exit_code == 0, linked.output
    on_files = runner.invoke(main, ["link", str(SEED_GRAPH), "-o", str(tmp_path / "linked.ttl")])
    assert linked.stderr.split("->")[0] == on_files.stderr.split("->")[0]  # "linked N of M entities"
    with filmkg.open(store) as kg:
        first = quads(kg)
        assert any(LINKS_GRAPH in q and "owl#sameAs" in q for q in first)
    assert runner.invoke(main, ["link", "--store", store]).exit_code == 0
    with filmkg.open(store) as kg:
        assert quads(kg) == first  # re-linking replaces the links: same store
    rows = runner.invoke(main, ["query", "wikidata-linked", "--store", store, "--format", "csv"])
    file_rows = runner.invoke(main, ["query", "wikidata-linked", "--data", str(tmp_path / "linked.ttl"),
                                     "--format", "csv"])
    assert rows.stdout.count("\n") == file_rows.stdout.count("\n") > 5


def test_parameters_bound_by_values_give_what_substitutions_give(tmp_path):
    import pyoxigraph as ox

    from filmkg.namespaces import PREFIXES
    from filmkg.queries import bind_params, named_queries
    from filmkg.store.binding import bind_by_values

    with filmkg.open(tmp_path / "kg") as kg:
        kg.add_graph("anora", Graph().parse(SEED_GRAPH))
        store = kg.oxigraph
        cases = [("directed-by", {"film": "Anora"}), ("films-by-person", {"person": "Sean Baker"}),
                 ("provenance", {"subject": "Anora", "property": "film:directedBy"}),
                 ("awards", {"film": 'A "quoted" \\ title'})]
        for name, params in cases:
            query = named_queries()[name]
            subs = bind_params(query, params)
            expected = [str(r) for r in store.query(query.text, prefixes=PREFIXES,
                                                    use_default_graph_as_union=True, substitutions=subs)]
            found = [str(r) for r in store.query(bind_by_values(query.text, subs), prefixes=PREFIXES,
                                                 use_default_graph_as_union=True)]
            assert found == expected, name
        assert len(kg.query("films-by-person", person="Sean Baker")) >= 4
        constructed = bind_by_values("CONSTRUCT { ?f ?p ?o } WHERE { ?f rdfs:label ?t ; ?p ?o }",
                                     {ox.Variable("t"): ox.Literal("Anora")})
        assert len(list(kg.run(constructed))) > 10


def test_query_store_timeout_stops_in_one_line_and_leaves_the_store_usable(tmp_path):
    import time

    store = str(tmp_path / "kg")
    assert CliRunner().invoke(main, ["load", str(SEED_GRAPH), "--store", store]).exit_code == 0
    endless = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "filmkg.cli", "query", endless, "--store", store,
                          "--timeout", "1"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 2, run.stderr
    assert run.stderr.strip().count("\n") == 0 and "Traceback" not in run.stderr
    assert "query stopped after 1 s" in run.stderr
    assert time.perf_counter() - start < 30
    answer = subprocess.run([sys.executable, "-m", "filmkg.cli", "query", "directed-by", "--store", store,
                             "--param", "film=Anora", "--format", "csv", "--timeout", "30"],
                            capture_output=True, text=True, timeout=120)
    assert answer.returncode == 0 and "Anora,Sean Baker" in answer.stdout


def test_run_with_deadline_returns_results_and_raises_the_work_s_errors():
    from filmkg.errors import QueryError, QueryTimeout
    from filmkg.store.deadline import run_with_deadline

    assert run_with_deadline(lambda: 42, timeout=5) == 42
    with pytest.raises(QueryError, match="bad"):
        run_with_deadline(lambda: (_ for _ in ()).throw(QueryError("bad")), timeout=5)
    import threading

    never = threading.Event()
    with pytest.raises(QueryTimeout, match="stopped after 0.1 s"):
        run_with_deadline(never.wait, timeout=0.1)
    never.set()
