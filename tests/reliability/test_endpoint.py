"""Scenarios 18-29 through the read-only SPARQL endpoint (filmkg.server), on a real socket on 127.0.0.1.

The CLI side of the same scenarios is in test_query.py; the server's own
suite (tests/test_server*.py, tests/test_web_pages.py) has more cases.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import httpx
import pyoxigraph as ox
import pytest
from conftest import ROOT

from filmkg.guards import QueryLimits
from filmkg.server import ServiceConfig, create_app
from filmkg.serving import ServerThread, bind

pytestmark = pytest.mark.network

TIMEOUT = 2.0
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
XSS = b"""<https://w3id.org/filmkg/id/film/x> a <https://w3id.org/filmkg/ontology#Film> ;
  <http://www.w3.org/2000/01/rdf-schema#label> "<script>alert(1)</script>\\"><img src=x onerror=alert(2)>" ;
  <https://w3id.org/filmkg/ontology#directedBy> <javascript:alert(3)> .
"""


def payload() -> bytes:
    store = ox.Store()
    store.load((ROOT / "data" / "anora.ttl").read_bytes(), format=ox.RdfFormat.TURTLE)
    store.load(XSS, format=ox.RdfFormat.TURTLE)
    return store.dump(format=ox.RdfFormat.N_QUADS) or b""


def serve(**config: object) -> ServerThread:
    cfg = ServiceConfig(limits=QueryLimits(timeout=TIMEOUT, max_rows=100, memory_mb=1024), **config)  # type: ignore[arg-type]
    return ServerThread(create_app(payload(), cfg), bind("127.0.0.1", 0))


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with serve(workers=2) as server:
        yield server.url


def count(site: str) -> int:
    r = httpx.get(site + "/sparql", params={"query": COUNT}, timeout=TIMEOUT + 3)
    assert r.status_code == 200, r.text
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize("method, kwargs", [
    ("GET", {"params": {"update": "DROP ALL"}}),
    ("POST", {"data": {"update": "INSERT DATA { <a:b> <a:c> <a:d> }"}}),
    ("POST", {"content": "DROP ALL", "headers": {"Content-Type": "application/sparql-update"}}),
    ("POST", {"content": "LOAD <http://127.0.0.1:9/x>",
              "headers": {"Content-Type": "application/sparql-update"}}),
    ("POST", {"content": "SELECT * WHERE { ?s ?p ?o } ; DROP ALL",
              "headers": {"Content-Type": "application/sparql-query"}}),
])
def test_s18_update_refused_by_the_endpoint(site, method, kwargs):
    before = count(site)
    r = httpx.request(method, site + "/sparql", **kwargs)
    assert r.status_code in (400, 403, 405), r.text
    assert r.json()["error"]["message"]
    assert count(site) == before


@pytest.mark.parametrize("template", ["SELECT * WHERE {{ SERVICE <{u}/s> {{ ?s ?p ?o }} }}",
                                      "select * where {{ service silent <{u}/s> {{ ?s ?p ?o }} }}",
                                      "SELECT * WHERE {{ OPTIONAL {{ SERVICE <{u}/s> {{ ?s ?p ?o }} }} }}"])
def test_s19_service_refused_by_the_endpoint(site, hits, template):
    r = httpx.get(site + "/sparql", params={"query": template.format(u=hits.url)})
    assert r.status_code == 400 and "SERVICE" in r.json()["error"]["message"]
    assert hits.hits == []


def test_s21_cartesian_product_cancelled_and_a_health_query_still_answers(site):
    answers: list[httpx.Response] = []
    slow = threading.Thread(target=lambda: answers.append(
        httpx.get(site + "/sparql", params={"query": CARTESIAN}, timeout=TIMEOUT + 5)))
    started = time.monotonic()
    slow.start()
    time.sleep(0.3)
    assert count(site) > 0  # answered by the other worker while the product runs
    slow.join()
    assert answers[0].status_code == 503 and answers[0].json()["error"]["message"]
    assert time.monotonic() - started < TIMEOUT + 2
    assert count(site) > 0  # the worker was freed


def test_s24_s25_deep_and_huge_queries_refused_by_the_endpoint(site):
    nested = "ASK { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"
    deep = httpx.get(site + "/sparql", params={"query": nested})
    assert deep.status_code == 400
    huge = httpx.post(site + "/sparql", content="ASK {} #" + "x" * 1_100_000,
                      headers={"Content-Type": "application/sparql-query"})
    assert huge.status_code == 413
    assert count(site) > 0


def test_s26_result_explosion_is_cut_and_signalled_by_the_endpoint(site):
    r = httpx.get(site + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert r.status_code == 200
    assert r.headers["filmkg-truncated"] == "true"
    assert len(r.json()["results"]["bindings"]) == 100


@pytest.mark.parametrize("method, kwargs, status", [
    ("PUT", {"content": COUNT}, 405),
    ("GET", {"params": [("query", COUNT), ("query", COUNT)]}, 400),
    ("POST", {"content": COUNT, "params": {"query": COUNT},
              "headers": {"Content-Type": "application/sparql-query"}}, 400),
    ("POST", {"content": COUNT, "headers": {"Content-Type": "text/plain"}}, 415),
    ("POST", {"content": "ASK { ?s ?p \"caf\xe9\" }".encode("latin-1"),
              "headers": {"Content-Type": "application/sparql-query"}}, 400),
    ("GET", {"params": {"query": "SELEC ?x WHERE {"}}, 400),
])
def test_s27_protocol_negatives_then_positives(site, method, kwargs, status):
    r = httpx.request(method, site + "/sparql", **kwargs)
    assert r.status_code == status, r.text
    assert r.json()["error"]["message"]
    ok = httpx.post(site + "/sparql", data={"query": "ASK { ?s ?p ?o }"},
                    headers={"Accept": "application/sparql-results+json"})
    assert ok.status_code == 200 and ok.json()["boolean"] is True


def test_s28_concurrency_cap_and_client_disconnect():
    with serve(workers=1, max_waiting=0) as server:
        url = server.url + "/sparql"
        with pytest.raises(httpx.ReadTimeout):  # the client hangs up mid-query
            httpx.get(url, params={"query": CARTESIAN}, timeout=0.5)
        busy = httpx.get(url, params={"query": COUNT})
        assert busy.status_code in (429, 503) and busy.headers.get("retry-after")
        time.sleep(TIMEOUT + 0.5)  # the abandoned query is cancelled at its deadline
        assert count(server.url) > 0
        health = httpx.get(server.url + "/health").json()
        assert health["workers"] == 1  # no growth


def test_s29_data_is_escaped_in_pages(site):
    r = httpx.get(site + "/entity", params={"iri": "https://w3id.org/filmkg/id/film/x"})
    assert r.status_code == 200
    assert "<script>alert(1)" not in r.text and "onerror=alert(2)>" not in r.text
    assert 'href="javascript:' not in r.text
    assert "script-src 'self'" in r.headers["content-security-policy"]
