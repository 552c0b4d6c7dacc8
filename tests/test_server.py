"""The SPARQL endpoint, tested in process against a real socket on 127.0.0.1."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from filmkg.errors import ServiceNotAllowed
from filmkg.server import SparqlServer, _accepted, serve_in_thread

pytestmark = pytest.mark.network

DATA = b"""
@prefix film: <https://w3id.org/filmkg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/filmkg/id/film/alpha> a film:Film ; rdfs:label "Alpha" ;
    film:directedBy <https://w3id.org/filmkg/id/person/jane-roe> .
<https://w3id.org/filmkg/id/person/jane-roe> a film:Person ; rdfs:label "Jane Roe" .
"""
SELECT = "SELECT ?l WHERE { ?f a <https://w3id.org/filmkg/ontology#Film> ; " \
         "<http://www.w3.org/2000/01/rdf-schema#label> ?l }"


def _refuse_service(query: str) -> None:
    if "SERVICE" in query.upper():
        raise ServiceNotAllowed("federated queries are off on this endpoint")


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    store = ox.Store()
    store.load(DATA, format=ox.RdfFormat.TURTLE)
    server = SparqlServer(store, host="127.0.0.1", port=0, guard=_refuse_service)
    serve_in_thread(server)
    yield server.url
    server.shutdown()
    server.server_close()


def test_get_select_defaults_to_sparql_json(endpoint: str) -> None:
    r = httpx.get(endpoint, params={"query": SELECT})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    rows = r.json()["results"]["bindings"]
    assert [row["l"]["value"] for row in rows] == ["Alpha"]


def test_post_sparql_query_body_with_csv(endpoint: str) -> None:
    r = httpx.post(endpoint, content=SELECT,
                   headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"})
    assert r.status_code == 200
    assert r.text.splitlines() == ["l", "Alpha"]


def test_post_form_with_tsv(endpoint: str) -> None:
    r = httpx.post(endpoint, data={"query": SELECT},
                   headers={"Accept": "text/tab-separated-values"})
    assert r.status_code == 200
    assert r.text.splitlines()[1] == '"Alpha"'


def test_construct_negotiates_turtle(endpoint: str) -> None:
    q = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    r = httpx.get(endpoint, params={"query": q}, headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    assert "Jane Roe" in r.text
    assert r.headers["content-type"].startswith("text/turtle")


def test_ask(endpoint: str) -> None:
    r = httpx.get(endpoint, params={"query": "ASK { ?s ?p ?o }"})
    assert r.json()["boolean"] is True


@pytest.mark.parametrize("query", ["SELEC ?x WHERE {", "SELECT * WHERE { ?s ?p }"])
def test_bad_query_is_400_with_json_error(endpoint: str, query: str) -> None:
    r = httpx.get(endpoint, params={"query": query})
    assert r.status_code == 400
    assert r.json()["error"]["code"] == "bad_query"


def test_missing_query_is_400(endpoint: str) -> None:
    r = httpx.get(endpoint)
    assert r.status_code == 400
    assert r.json()["error"]["code"] == "missing_query"


def test_wrong_media_type_is_415(endpoint: str) -> None:
    r = httpx.post(endpoint, content=SELECT, headers={"Content-Type": "text/plain"})
    assert r.status_code == 415


def test_unacceptable_accept_is_406(endpoint: str) -> None:
    r = httpx.get(endpoint, params={"query": SELECT}, headers={"Accept": "image/png"})
    assert r.status_code == 406


@pytest.mark.parametrize("headers,data", [
    ({"Content-Type": "application/sparql-update"}, "INSERT DATA { <a:b> <a:c> <a:d> }"),
    ({"Content-Type": "application/x-www-form-urlencoded"}, "update=INSERT+DATA+%7B%7D"),
])
def test_updates_are_refused(endpoint: str, headers: dict[str, str], data: str) -> None:
    r = httpx.post(endpoint, content=data, headers=headers)
    assert r.status_code == 403
    count = httpx.get(endpoint, params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"})
    assert count.json()["results"]["bindings"][0]["n"]["value"] == "5"


def test_guard_refuses_service(endpoint: str) -> None:
    q = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    r = httpx.get(endpoint, params={"query": q})
    assert r.status_code == 400
    assert r.json()["error"]["code"] == ServiceNotAllowed.code


def test_unknown_path_is_404(endpoint: str) -> None:
    r = httpx.get(endpoint.replace("/query", "/nothing"))
    assert r.status_code == 404
    assert json.loads(r.text)["error"]["code"] == "not_found"


@pytest.mark.parametrize("accept,expected", [
    (None, "application/sparql-results+json"),
    ("text/csv", "text/csv"),
    ("text/*", "text/csv"),
    ("*/*", "application/sparql-results+json"),
    ("text/csv;q=0.2, application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv;q=0", None),
    ("image/png", None),
])
def test_accept_negotiation(accept: str | None, expected: str | None) -> None:
    offered = {"application/sparql-results+json": 1, "application/sparql-results+xml": 2,
               "text/csv": 3, "text/tab-separated-values": 4}
    assert _accepted(accept, offered) == expected


def _filmkg() -> str:
    return str(Path(sys.executable).with_name("filmkg"))


def test_serve_command_answers_and_refuses_service(tmp_path: Path) -> None:
    graph = tmp_path / "g.ttl"
    graph.write_bytes(DATA)
    proc = subprocess.Popen([_filmkg(), "serve", str(graph), "--port", "0"],
                            stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        url = re.search(r"at (http://\S+/query)", line)
        assert url, line
        r = httpx.get(url.group(1), params={"query": SELECT}, timeout=10)
        assert [b["l"]["value"] for b in r.json()["results"]["bindings"]] == ["Alpha"]
        q = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
        refused = httpx.get(url.group(1), params={"query": q}, timeout=10)
        assert refused.status_code == 400
        assert refused.json()["error"]["code"] == ServiceNotAllowed.code
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_serve_command_bad_graph_is_one_line_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<urn:a> <urn:b> .")
    done = subprocess.run([_filmkg(), "serve", str(bad), "--port", "0"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.startswith("filmkg: E010: ")
    assert len(done.stderr.strip().splitlines()) == 1
