"""The web pages over HTTP (no browser): parameters, downloads, escaping, errors, the review write mode."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from rdflib import OWL, Graph, URIRef

from filmkg.server import ServiceConfig, create_app
from filmkg.service_data import service_data
from filmkg.serving import ServerThread, bind

pytestmark = pytest.mark.network

GRAPH = """
@prefix film: <https://w3id.org/filmkg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/filmkg/id/film/crash> a film:Film ; rdfs:label "Crash" ;
    film:directedBy <https://w3id.org/filmkg/id/person/jane-roe> .
<https://w3id.org/filmkg/id/person/jane-roe> a film:Person ; rdfs:label "Jane Roe" .
<https://w3id.org/filmkg/id/film/bad> a film:Film ; rdfs:label "<img src=x onerror=alert(1)>Bad" ;
    film:directedBy <javascript:alert(2)> .
"""
CRASH = "https://w3id.org/filmkg/id/film/crash"


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pages") / "films.ttl"
    path.write_text(GRAPH, encoding="utf-8")
    return path


def _serve(graph_file: Path, **config: object) -> ServerThread:
    data, triples = service_data([graph_file])
    cfg = ServiceConfig(triples=triples, data_files=(graph_file,), **config)  # type: ignore[arg-type]
    return ServerThread(create_app(data, cfg), bind("127.0.0.1", 0))


@pytest.fixture(scope="module")
def site(graph_file: Path) -> Iterator[str]:
    with _serve(graph_file) as server:
        yield server.url


def test_named_query_parameter_is_bound_and_download_is_an_attachment(site: str) -> None:
    query = ("# param: film (string) - title\n"
             "SELECT ?film ?d WHERE { ?f rdfs:label ?film ; film:directedBy ?d }")
    r = httpx.post(site + "/api/query", data={"query": query, "param.film": "Crash"})
    assert [b["d"]["value"] for b in r.json()["results"]["bindings"]] == ["https://w3id.org/filmkg/id/person/jane-roe"]
    csv = httpx.get(site + "/api/query", params={"query": query, "param.film": "Crash", "format": "csv"})
    assert csv.headers["content-disposition"] == 'attachment; filename="results.csv"'
    assert csv.text.splitlines()[1] == "Crash,https://w3id.org/filmkg/id/person/jane-roe"
    bad = httpx.post(site + "/api/query", data={"query": query, "param.nope": "x"})
    assert bad.status_code == 400 and "no parameter" in bad.json()["error"]["message"]


def test_pages_escape_data_and_send_a_csp(site: str) -> None:
    r = httpx.get(site + "/entity", params={"iri": "https://w3id.org/filmkg/id/film/bad"})
    assert r.status_code == 200
    assert "<img src=x" not in r.text and "&lt;img src=x onerror=alert(1)&gt;Bad" in r.text
    assert 'href="javascript:' not in r.text
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert "<script>" not in r.text.replace('<script src="/static/app.js" defer></script>', "")


@pytest.mark.parametrize(("path", "params", "status"), [
    ("/entity", {"iri": "not an iri"}, 400),
    ("/entity", {"iri": "https://w3id.org/filmkg/id/film/nothing"}, 404),
    ("/document", {"iri": "https://w3id.org/filmkg/id/doc/nothing"}, 404),
    ("/review", {}, 404),
])
def test_page_errors_are_pages_with_a_message(site: str, path: str, params: dict, status: int) -> None:
    r = httpx.get(site + path, params=params)
    assert r.status_code == status
    assert 'class="problem"' in r.text


def test_search_finds_by_name(site: str) -> None:
    r = httpx.get(site + "/search", params={"q": "jane"})
    assert f"/entity?iri={quote('https://w3id.org/filmkg/id/person/jane-roe', safe='/')}" in r.text


def test_review_writes_decisions_to_their_own_file_only(graph_file: Path, tmp_path: Path) -> None:
    before = graph_file.read_bytes()
    decisions = tmp_path / "decisions.ttl"
    with _serve(graph_file, allow_review=True, review_file=decisions) as server:
        page = httpx.get(server.url + "/review")
        assert "Crash" in page.text and "ambiguous" in page.text
        token = page.text.split('name="token" value="', 1)[1].split('"', 1)[0]
        qid = page.text.split('name="qid" value="', 1)[1].split('"', 1)[0]
        forged = httpx.post(server.url + "/review/decide",
                            data={"token": "guess", "iri": CRASH, "qid": qid, "verdict": "accept"})
        assert forged.status_code == 403 and not decisions.exists()
        ok = httpx.post(server.url + "/review/decide",
                        data={"token": token, "iri": CRASH, "qid": qid, "verdict": "accept"})
        assert ok.status_code == 303
        written = Graph().parse(decisions)
        assert (URIRef(CRASH), OWL.sameAs, URIRef(f"http://www.wikidata.org/entity/{qid}")) in written
        httpx.post(server.url + "/review/decide",
                   data={"token": token, "iri": CRASH, "qid": qid, "verdict": "reject"})
        written = Graph().parse(decisions)
        assert set(written.predicates()) == {OWL.differentFrom}
        assert "rejected " + qid in httpx.get(server.url + "/review").text
    assert graph_file.read_bytes() == before


def test_a_rejected_item_is_no_candidate_for_the_linker(graph_file: Path, tmp_path: Path) -> None:
    from filmkg.io import as_graph, load_graph
    from filmkg.wikidata.link import link_graph
    from filmkg.wikidata.slice import load_slice

    def crash_candidates(paths: list[Path]) -> set[str]:
        report = link_graph(as_graph(load_graph(paths)), slice=load_slice())
        return {c.item.qid for d in report.decisions if str(d.entity.node) == CRASH for c in d.candidates}

    before = crash_candidates([graph_file])
    assert len(before) >= 2
    rejected = sorted(before)[0]
    decisions = tmp_path / "decisions.ttl"
    decisions.write_text(f"<{CRASH}> <{OWL.differentFrom}> <http://www.wikidata.org/entity/{rejected}> .\n")
    assert crash_candidates([graph_file, decisions]) == before - {rejected}
