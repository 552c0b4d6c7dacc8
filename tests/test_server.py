"""The SPARQL 1.1 Protocol endpoint, tested with an HTTP client against a real socket on 127.0.0.1."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from filmkg.errors import ServiceNotAllowed
from filmkg.guards import QueryLimits
from filmkg.protocol import SOLUTION_TYPES, negotiate
from filmkg.server import ServiceConfig, create_app
from filmkg.serving import ServerThread, bind

pytestmark = pytest.mark.network

DATA = b"""
@prefix film: <https://w3id.org/filmkg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/filmkg/id/film/alpha> a film:Film ; rdfs:label "Alpha" ;
    film:directedBy <https://w3id.org/filmkg/id/person/jane-roe> .
<https://w3id.org/filmkg/id/person/jane-roe> a film:Person ; rdfs:label "Jane Roe" .
"""
NAMED = b"<urn:g:extra> { <urn:x:a> <http://www.w3.org/2000/01/rdf-schema#label> \"only in extra\" . }\n"
SELECT = "SELECT ?l WHERE { ?f a film:Film ; rdfs:label ?l }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def payload() -> bytes:
    store = ox.Store()
    store.load(DATA, format=ox.RdfFormat.TURTLE)
    store.load(NAMED, format=ox.RdfFormat.TRIG)
    return store.dump(format=ox.RdfFormat.N_QUADS) or b""


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    config = ServiceConfig(limits=QueryLimits(timeout=2.0, max_rows=3, memory_mb=1024), workers=2)
    with ServerThread(create_app(payload(), config), bind("127.0.0.1", 0)) as server:
        yield server.url + "/sparql"


def test_get_select_defaults_to_sparql_json(endpoint: str) -> None:
    r = httpx.get(endpoint, params={"query": SELECT})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    assert [row["l"]["value"] for row in r.json()["results"]["bindings"]] == ["Alpha"]
    assert "default-src 'none'" in r.headers["content-security-policy"]


def test_post_sparql_query_body_with_csv(endpoint: str) -> None:
    r = httpx.post(endpoint, content=SELECT,
                   headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"})
    assert r.status_code == 200
    assert r.text.splitlines() == ["l", "Alpha"]


def test_post_form_with_tsv_and_xml(endpoint: str) -> None:
    r = httpx.post(endpoint, data={"query": SELECT}, headers={"Accept": "text/tab-separated-values"})
    assert r.text.splitlines() == ["?l", '"Alpha"']
    x = httpx.post(endpoint, data={"query": SELECT}, headers={"Accept": "application/sparql-results+xml"})
    assert "<binding name=\"l\"><literal>Alpha</literal></binding>" in x.text


@pytest.mark.parametrize(("accept", "marker"), [
    ("text/turtle", "Jane Roe"), ("application/n-triples", "Jane Roe"),
    ("application/ld+json", "Jane Roe"), ("application/rdf+xml", "rdf:RDF"),
])
def test_construct_negotiates_graph_formats(endpoint: str, accept: str, marker: str) -> None:
    query = "CONSTRUCT WHERE { ?s rdfs:label ?o }"
    r = httpx.get(endpoint, params={"query": query}, headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith(accept)
    assert marker in r.text


def test_ask(endpoint: str) -> None:
    assert httpx.get(endpoint, params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True


def test_row_cap_is_signalled_never_silent(endpoint: str) -> None:
    r = httpx.get(endpoint, params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert r.status_code == 200
    assert r.headers["filmkg-truncated"] == "true"
    assert len(r.json()["results"]["bindings"]) == 3
    assert r.json()["filmkg"] == {"truncated": True, "rows": 3}
    small = httpx.get(endpoint, params={"query": SELECT})
    assert small.headers["filmkg-truncated"] == "false"


def test_dataset_parameters(endpoint: str) -> None:
    q = "SELECT ?l WHERE { ?s rdfs:label ?l }"
    only = httpx.get(endpoint, params={"query": q, "default-graph-uri": "urn:g:extra"})
    assert [b["l"]["value"] for b in only.json()["results"]["bindings"]] == ["only in extra"]
    named = httpx.get(endpoint, params={"query": "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                                        "named-graph-uri": "urn:g:extra"})
    assert {b["g"]["value"] for b in named.json()["results"]["bindings"]} == {"urn:g:extra"}


def test_service_description_without_query(endpoint: str) -> None:
    r = httpx.get(endpoint, headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    graph = ox.parse(r.content, format=ox.RdfFormat.TURTLE)
    endpoints = [q.object.value for q in graph
                 if q.predicate.value == "http://www.w3.org/ns/sparql-service-description#endpoint"]
    assert endpoints == [endpoint]
    browser = httpx.get(endpoint, headers={"Accept": "text/html,*/*;q=0.8"})
    assert browser.status_code == 303 and browser.headers["location"] == "/"


# --- the W3C protocol suite's negative cases -------------------------------------------------------

@pytest.mark.parametrize(("method", "kwargs", "status", "code"), [
    ("PUT", {"content": SELECT}, 405, "method_not_allowed"),
    ("GET", {"params": [("query", SELECT), ("query", SELECT)]}, 400, "two_queries"),
    ("POST", {"content": SELECT, "headers": {"Content-Type": "text/plain"}}, 415, "unsupported_media_type"),
    ("POST", {"content": f"query={SELECT}"}, 415, "unsupported_media_type"),  # no form type
    ("POST", {"content": "SELECT ?x WHERE { ?x ?p \"caf\xe9\" }".encode("latin-1"),
              "headers": {"Content-Type": "application/sparql-query"}}, 400, "bad_encoding"),
    ("POST", {"content": b"SELECT * {}",
              "headers": {"Content-Type": "application/sparql-query; charset=ISO-8859-1"}},
     415, "unsupported_charset"),
    ("GET", {"params": {"update": "CLEAR ALL"}}, 403, "read_only"),
    ("POST", {"data": {"update": "INSERT DATA { <a:b> <a:c> <a:d> }"}}, 403, "read_only"),
    ("POST", {"content": "DELETE WHERE { ?s ?p ?o }",
              "headers": {"Content-Type": "application/sparql-query"}}, 403, "read_only"),
    ("POST", {"content": "CLEAR ALL",
              "headers": {"Content-Type": "application/sparql-update"}}, 403, "read_only"),
    ("POST", {"content": SELECT, "params": {"query": SELECT},
              "headers": {"Content-Type": "application/sparql-query"}}, 400, "two_queries"),
    ("POST", {"data": {"query": SELECT, "update": "CLEAR ALL"}}, 403, "read_only"),
    ("GET", {"params": {"query": "SELEC ?x WHERE {"}}, 400, "bad_query"),
    ("GET", {"params": {"query": " "}}, 400, "missing_query"),
    ("GET", {"params": {"query": SELECT}, "headers": {"Accept": "image/png"}}, 406, "not_acceptable"),
])
def test_negative_cases_get_4xx_with_a_message(endpoint: str, method: str, kwargs: dict, status: int,
                                               code: str) -> None:
    r = httpx.request(method, endpoint, **kwargs)
    assert r.status_code == status, r.text
    assert r.json()["error"]["code"] == code
    assert r.json()["error"]["message"]
    count = httpx.get(endpoint, params={"query": COUNT})
    assert count.json()["results"]["bindings"][0]["n"]["value"] == "6"  # nothing was changed


def test_cors_preflight_and_head(endpoint: str) -> None:
    r = httpx.options(endpoint, headers={"Origin": "http://elsewhere.example",
                                         "Access-Control-Request-Method": "POST"})
    assert r.status_code == 204 and r.headers["access-control-allow-origin"] == "*"
    head = httpx.head(endpoint, params={"query": SELECT})
    assert head.status_code == 200 and head.content == b""


def test_unknown_path_is_404(endpoint: str) -> None:
    r = httpx.get(endpoint.replace("/sparql", "/nothing"))
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(("accept", "expected"), [
    (None, "application/sparql-results+json"),
    ("text/csv", "text/csv"),
    ("text/*", "text/csv"),
    ("*/*", "application/sparql-results+json"),
    ("text/csv;q=0.2, application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv;q=0", None),
    ("image/png", None),
])
def test_accept_negotiation(accept: str | None, expected: str | None) -> None:
    assert negotiate(accept, SOLUTION_TYPES) == expected


# --- the serve command ---------------------------------------------------------------------------

def _filmkg() -> str:
    return str(Path(sys.executable).with_name("filmkg"))


def test_serve_command_answers_and_refuses_service(tmp_path: Path) -> None:
    graph = tmp_path / "g.ttl"
    graph.write_bytes(DATA)
    proc = subprocess.Popen([_filmkg(), "serve", "--data", str(graph), "--port", "0", "--workers", "1"],
                            stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        url = re.search(r"endpoint (http://\S+/sparql)", line)
        assert url, line
        r = httpx.get(url.group(1), params={"query": SELECT}, timeout=30)
        assert [b["l"]["value"] for b in r.json()["results"]["bindings"]] == ["Alpha"]
        q = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
        refused = httpx.get(url.group(1), params={"query": q}, timeout=10)
        assert refused.status_code == 400
        assert refused.json()["error"]["code"] == ServiceNotAllowed.code
        workers = [int(p) for f in Path(f"/proc/{proc.pid}/task").glob("*/children")
                   for p in f.read_text().split()]
        assert workers
        proc.send_signal(signal.SIGINT)  # Ctrl-C: a clean stop, the workers with it
        assert proc.wait(timeout=20) == 0
        time.sleep(0.5)
        assert not [w for w in workers if Path(f"/proc/{w}").exists()]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=20)


def test_serve_command_bad_graph_is_one_line_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<urn:a> <urn:b> .")
    done = subprocess.run([_filmkg(), "serve", str(bad), "--port", "0"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.startswith("filmkg: E010: ")
    assert len(done.stderr.strip().splitlines()) == 1


def test_serves_an_oxigraph_store_directory_read_only(tmp_path: Path) -> None:
    on_disk = ox.Store(str(tmp_path / "store"))
    on_disk.load(DATA, format=ox.RdfFormat.TURTLE)
    on_disk.flush()
    del on_disk
    app = create_app(tmp_path / "store", ServiceConfig(workers=1))
    with ServerThread(app, bind("127.0.0.1", 0)) as server:
        r = httpx.get(server.url + "/sparql", params={"query": SELECT})
        assert [b["l"]["value"] for b in r.json()["results"]["bindings"]] == ["Alpha"]


@pytest.mark.parametrize("args", [["--store", "nothing-here"], ["--store", "."], ["--store", ".", "g.ttl"]])
def test_serve_store_errors_are_one_line_exit_2(tmp_path: Path, args: list[str]) -> None:
    (tmp_path / "g.ttl").write_bytes(DATA)
    done = subprocess.run([_filmkg(), "serve", *args, "--port", "0"], capture_output=True, text=True,
                          timeout=60, cwd=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "store" in done.stderr.strip().splitlines()[-1]
