"""The wikidata-* named queries over a linked graph plus the bundled slice; SERVICE handling."""

from __future__ import annotations

import gzip
import json
import shutil
import socket
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from extract.rdf import build_graph
from extract.records import DateValue, DocumentFacts, Entity, EntityKind, Evidence, Fact
from filmkg.cli import main
from filmkg.wikidata.link import link_graph
from filmkg.wikidata.slice import load_slice, slice_ntriples
from filmkg.wikidata.sparql import bind_service_values, redirect_services

WD = "http://www.wikidata.org/entity/"
WDQS = "https://query.wikidata.org/sparql"
OXIGRAPH = Path(__file__).resolve().parent.parent / ".venv" / "bin" / "oxigraph"


@pytest.fixture(scope="module")
def linked(tmp_path_factory) -> Path:
    """Crash (2004) directed by David Cronenberg (Wikidata: Paul Haggis), from Canada, shot in LA."""
    film, director = Entity("Crash", EntityKind.FILM), Entity("David Cronenberg", EntityKind.PERSON)
    canada, la = Entity("Canada", EntityKind.COUNTRY), Entity("Los Angeles", EntityKind.PLACE)
    ev = Evidence("Crash is a 2004 film directed by David Cronenberg.", 0, 51, "test", 0.9)
    facts = [Fact(film, "P57", director, ev), Fact(film, "P577", DateValue("2004"), ev),
             Fact(film, "P495", canada, ev), Fact(film, "P915", la, ev)]
    graph = build_graph([DocumentFacts(doc_id="crash", entities=(film, director, canada, la),
                                       facts=tuple(facts))])
    report = link_graph(graph, slice=load_slice())
    assert {d.entity.label: d.linked.item.qid for d in report.linked if d.linked} == {
        "Crash": "Q188000", "David Cronenberg": "Q55422", "Canada": "Q16", "Los Angeles": "Q65"}
    path = tmp_path_factory.mktemp("wdq") / "crash.ttl"
    graph.serialize(path, format="turtle")
    return path


def rows(*args: str) -> list[dict[str, str]]:
    result = CliRunner().invoke(main, ["query", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


def test_people_query_answers_from_the_slice(linked):
    found = rows("wikidata-people", "--data", str(linked))
    assert {r["name"] for r in found} == {"David Cronenberg"}
    facts = {(r["propertyLabel"], r["valueLabel"]) for r in found if "valueLabel" in r}
    assert ("country of citizenship", "Canada") in facts
    assert all(r["item"] == WD + "Q55422" for r in found)
    assert rows("wikidata-people", "--data", str(linked), "--param", "name=Nobody") == []


def test_missing_query_lists_what_wikidata_lacks_and_not_what_it_has(linked):
    answer = rows("wikidata-missing", "--data", str(linked))
    found = {(r["pid"], r["objectLabel"], r["status"]) for r in answer}
    assert ("P57", "David Cronenberg", "Wikidata lacks it") in found
    assert ("P495", "Canada", "Wikidata lacks it") in found
    assert ("P577", "2004", "value not in the slice") in found
    assert not any(pid == "P915" for pid, _, _ in found)  # the slice has Crash filmed in Los Angeles
    sentences = {r.get("sentence") for r in answer}
    assert "Crash is a 2004 film directed by David Cronenberg." in sentences


def test_conflicts_query_puts_my_value_next_to_wikidatas(linked):
    found = {(r["pid"], r["mine"], r["wikidata"]) for r in rows("wikidata-conflicts", "--data", str(linked))}
    assert ("P57", "David Cronenberg", WD + "Q314935") in found
    assert ("P495", "Canada", WD + "Q30") in found
    assert not any(pid == "P915" for pid, _, _ in found)


def test_with_wikidata_loads_the_slice_for_any_query(linked):
    q = "SELECT ?l WHERE { wd:Q55422 rdfs:label ?l }"
    assert rows(q, "--data", str(linked)) == []
    assert rows(q, "--data", str(linked), "--with-wikidata") == [{"l": "David Cronenberg"}]


class Counter:
    def __init__(self) -> None:
        self.hits = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                outer.hits += 1
                self.send_response(500)
                self.end_headers()

            do_POST = do_GET  # noqa: N815

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/query"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.mark.network
def test_a_service_query_without_allow_service_is_refused_and_sends_nothing(linked, monkeypatch):
    counter = Counter()

    def no_connect(*args, **kwargs):
        raise AssertionError("a socket was opened")

    monkeypatch.setattr(socket.socket, "connect", no_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", no_connect)
    try:
        for extra in ([], ["--service-endpoint", f"{WDQS}={counter.url}"]):
            result = CliRunner().invoke(main, ["query", "wikidata-people-federated", "--data", str(linked),
                                               *extra])
            assert result.exit_code == 2
            assert "E022" in result.stderr and "--allow-service" in result.stderr
            assert result.stdout == ""
    finally:
        monkeypatch.undo()
        counter.server.shutdown()
        counter.server.server_close()
    assert counter.hits == 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    """`oxigraph serve` on 127.0.0.1 with the bundled slice loaded, like a Wikidata endpoint."""
    if not OXIGRAPH.exists() and shutil.which("oxigraph") is None:
        pytest.skip("the oxigraph server binary is not installed")
    binary = str(OXIGRAPH if OXIGRAPH.exists() else shutil.which("oxigraph"))
    folder = tmp_path_factory.mktemp("oxigraph")
    nt = folder / "slice.nt"
    nt.write_bytes(gzip.decompress(slice_ntriples().read_bytes()))
    subprocess.run([binary, "load", "--location", str(folder / "db"), "--file", str(nt)], check=True,
                   capture_output=True, timeout=120)
    port = _free_port()
    proc = subprocess.Popen([binary, "serve", "--location", str(folder / "db"),
                             "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    try:
        for _ in range(100):
            try:
                httpx.get(url, params={"query": "ASK {}"}, timeout=1.0)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail("oxigraph serve did not start")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.network
def test_federated_query_against_a_local_oxigraph_serving_the_slice(linked, oxigraph_server):
    live = rows("wikidata-people-federated", "--data", str(linked), "--allow-service",
                "--service-endpoint", f"{WDQS}={oxigraph_server}")
    offline = rows("wikidata-people", "--data", str(linked))
    assert live, "no answer from the federated query"
    key = ("name", "item", "property", "value")
    assert {tuple(r[k] for k in key) for r in live} == {tuple(r[k] for k in key) for r in offline}


def test_redirect_touches_only_service_iris():
    text = ('# SERVICE <https://query.wikidata.org/sparql> in a comment\n'
            'SELECT * WHERE { ?s ?p "SERVICE <https://query.wikidata.org/sparql>" .\n'
            '  SERVICE SILENT <https://query.wikidata.org/sparql> { ?s ?p ?o } '
            '  ?s <https://query.wikidata.org/sparql> ?x }')
    out = redirect_services(text, {WDQS: "http://127.0.0.1:1/query"})
    assert out.count("http://127.0.0.1:1/query") == 1
    assert "SERVICE SILENT <http://127.0.0.1:1/query> {" in out
    assert out.count(WDQS) == 3


def test_service_values_are_only_wikidata_items():
    text = "SELECT * WHERE { SERVICE <http://x/q> { ?item ?p ?o } }"
    out = bind_service_values(text, "item", [WD + "Q1", WD + "Q2> } DROP ALL { <", "http://evil/x"])
    assert "VALUES ?item { <http://www.wikidata.org/entity/Q1> }" in out
    assert "evil" not in out and "DROP" not in out


def test_linked_query_covers_every_kind_of_linked_entity(linked):
    found = rows("wikidata-linked", "--data", str(linked))
    assert {r["kind"] for r in found} == {"Film", "Person", "Country", "Place"}
    crash = {(r.get("propertyLabel"), r.get("valueLabel")) for r in found if r["name"] == "Crash"}
    assert ("director", "Paul Haggis") in crash
    assert {r["description"] for r in found if r["name"] == "Canada"} == {"country in North America"}
