"""Online linking against a real HTTP server on 127.0.0.1 speaking the Wikidata API's JSON.

Covers success, 429 with Retry-After, 503, maxlag, timeouts, malformed JSON, the cache
(answers and misses; a second run sends no request) and that errors never stop a run.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from click.testing import CliRunner
from rdflib import OWL, RDF

from extract.rdf import build_graph, entity_iri
from extract.records import DocumentFacts, Entity, EntityKind
from extract.vocab import FILM, PROV, WD
from filmkg.cli import main
from filmkg.errors import WikidataError
from filmkg.wikidata.link import link_graph
from filmkg.wikidata.online import WikidataClient
from filmkg.wikidata.slice import load_slice

pytestmark = pytest.mark.network
FIXTURES = Path(__file__).parent / "fixtures" / "wikidata"
PERSON = Entity("Example Director", EntityKind.PERSON)


class FakeWikidata:
    """A Wikidata API look-alike. `plan` holds what to do for the next requests, in order."""

    def __init__(self) -> None:
        self.requests: list[dict[str, str]] = []
        self.headers: list[dict[str, str]] = []
        self.plan: list[tuple] = []
        self.answers = {
            "wbsearchentities": json.loads((FIXTURES / "wbsearchentities.json").read_text()),
            "wbgetentities": json.loads((FIXTURES / "wbgetentities.json").read_text()),
        }
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                params = dict(parse_qsl(urlsplit(self.path).query))
                fake.requests.append(params)
                fake.headers.append(dict(self.headers))
                step = fake.plan.pop(0) if fake.plan else ("ok",)
                if step[0] == "sleep":
                    time.sleep(step[1])
                    step = ("ok",)
                if step[0] == "status":
                    self._send(step[1], b"busy", step[2] if len(step) > 2 else {})
                elif step[0] == "junk":
                    self._send(200, b"<html>not json", {"Content-Type": "application/json"})
                elif step[0] == "maxlag":
                    body = {"error": {"code": "maxlag", "info": "Waiting for a database server: 6 s lagged"}}
                    self._send(200, json.dumps(body).encode(), {"Retry-After": "1"})
                elif step[0] == "empty":
                    self._send(200, json.dumps({"search": [], "success": 1}).encode())
                elif step[0] == "shapeless":
                    self._send(200, json.dumps({"batchcomplete": ""}).encode())
                else:
                    self._send(200, json.dumps(fake.answers[params.get("action", "")]).encode())

            def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
                self.send_response(status)
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(OSError):  # the client may have given up (timeout test)
                    self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/w/api.php"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeWikidata:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def api() -> Iterator[FakeWikidata]:
    with FakeWikidata() as fake:
        yield fake


def client(api: FakeWikidata, cache: Path, **kw) -> tuple[WikidataClient, list[float]]:
    slept: list[float] = []
    c = WikidataClient(slice=load_slice(), api_url=api.url, cache_dir=cache, timeout=kw.pop("timeout", 2.0),
                       sleep=slept.append, **kw)
    return c, slept


def run(api: FakeWikidata, cache: Path, entities=(PERSON,), **kw):
    graph = build_graph([DocumentFacts(doc_id="d", entities=tuple(entities))])
    c, slept = client(api, cache, **kw)
    try:
        report = link_graph(graph, slice=load_slice(), online_client=c)
    finally:
        c.close()
    return graph, report, slept


def test_an_entity_the_slice_lacks_is_linked_online_with_the_same_type_check(api, tmp_path):
    graph, report, _ = run(api, tmp_path)
    assert set(graph.objects(entity_iri(PERSON), OWL.sameAs)) == {WD.Q900000001}
    link = graph.value(predicate=RDF.type, object=FILM.Link)
    assert str(graph.value(link, PROV.wasDerivedFrom)) == api.url
    assert report.warnings == []
    search, get = api.requests
    assert search["action"] == "wbsearchentities" and search["search"] == "Example Director"
    assert get["action"] == "wbgetentities" and get["ids"] == "Q900000001|Q900000002"  # not the Directorate
    assert all(r["maxlag"] == "5" and r["format"] == "json" for r in api.requests)
    assert api.headers[0]["User-Agent"].startswith("filmkg/")


def test_a_film_of_the_same_name_gets_the_film_item(api, tmp_path):
    film = Entity("Example Director", EntityKind.FILM)
    graph, _, _ = run(api, tmp_path, entities=(film,))
    assert set(graph.objects(entity_iri(film), OWL.sameAs)) == {WD.Q900000002}


def test_a_second_run_is_answered_from_the_cache(api, tmp_path):
    run(api, tmp_path)
    assert len(api.requests) == 2
    graph, _, _ = run(api, tmp_path)
    assert len(api.requests) == 2
    assert set(graph.objects(entity_iri(PERSON), OWL.sameAs)) == {WD.Q900000001}


def test_misses_are_cached_too(api, tmp_path):
    api.plan = [("empty",)]
    graph, report, _ = run(api, tmp_path)
    assert len(api.requests) == 1 and list(graph.subject_objects(OWL.sameAs)) == []
    run(api, tmp_path)
    assert len(api.requests) == 1


def test_429_waits_as_long_as_retry_after_says_then_succeeds(api, tmp_path):
    api.plan = [("status", 429, {"Retry-After": "2"})]
    graph, report, slept = run(api, tmp_path)
    assert slept == [2.0]
    assert len(api.requests) == 3 and report.warnings == []
    assert (entity_iri(PERSON), OWL.sameAs, WD.Q900000001) in graph


def test_the_wait_is_capped(api, tmp_path):
    api.plan = [("status", 503, {"Retry-After": "3600"})]
    _, report, slept = run(api, tmp_path, max_wait=5.0)
    assert slept == [5.0] and report.warnings == []


def test_maxlag_answers_are_retried(api, tmp_path):
    api.plan = [("maxlag",)]
    graph, report, slept = run(api, tmp_path)
    assert slept == [1.0] and (entity_iri(PERSON), OWL.sameAs, WD.Q900000001) in graph


def test_503_for_ever_gives_up_after_bounded_retries_and_caches_nothing(api, tmp_path):
    api.plan = [("status", 503)] * 3
    graph, report, slept = run(api, tmp_path, max_retries=2)
    assert len(api.requests) == 3 and len(slept) == 2
    assert list(graph.subject_objects(OWL.sameAs)) == []
    assert len(report.warnings) == 1 and "Example Director" in report.warnings[0]
    assert "still busy" in report.warnings[0]
    run(api, tmp_path)  # the failure was not cached: the next run asks again
    assert len(api.requests) == 5


def test_a_timeout_is_a_warning_not_a_crash(api, tmp_path):
    api.plan = [("sleep", 1.0)]
    graph, report, _ = run(api, tmp_path, timeout=0.2)
    assert "did not answer in time" in report.warnings[0]
    assert list(graph.subject_objects(OWL.sameAs)) == []


def test_malformed_json_is_a_warning_and_not_cached(api, tmp_path):
    api.plan = [("junk",)]
    _, report, _ = run(api, tmp_path)
    assert "not JSON" in report.warnings[0]
    graph, report, _ = run(api, tmp_path)
    assert report.warnings == [] and (entity_iri(PERSON), OWL.sameAs, WD.Q900000001) in graph


def test_after_repeated_failures_the_run_stops_asking(api, tmp_path):
    people = [Entity(f"Nobody Number {n}", EntityKind.PERSON) for n in range(6)]
    api.plan = [("junk",)] * 10
    _, report, _ = run(api, tmp_path, entities=people)
    assert len(api.requests) == 3
    assert any("stopped" in w for w in report.warnings)


def test_an_unreachable_api_is_a_warning(tmp_path):
    c = WikidataClient(slice=load_slice(), api_url="http://127.0.0.1:9/w/api.php", cache_dir=tmp_path,
                       timeout=1.0)
    with pytest.raises(WikidataError, match="cannot be reached"):
        c.search("Anything")
    c.close()


def test_link_command_online_warns_and_still_writes(api, tmp_path):
    graph = build_graph([DocumentFacts(doc_id="d", entities=(PERSON, Entity("Nevada", EntityKind.PLACE)))])
    src = tmp_path / "in.ttl"
    graph.serialize(src, format="turtle")
    api.plan = [("junk",)]
    out = tmp_path / "out.ttl"
    result = CliRunner().invoke(main, ["link", str(src), "-o", str(out), "--online", "--api-url", api.url,
                                       "--cache-dir", str(tmp_path / "cache")])
    assert result.exit_code == 0, result.output
    assert "warning: Example Director: online lookup failed" in result.stderr
    assert "owl:sameAs wd:Q1227" in out.read_text()


def test_an_unusable_cache_folder_is_a_warning_and_the_run_goes_on(api, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    graph, report, _ = run(api, blocker / "cache")
    assert "answers are kept for this run only" in report.warnings[0]
    assert (entity_iri(PERSON), OWL.sameAs, WD.Q900000001) in graph


def test_the_extract_link_step_asks_online_too(api, tmp_path):
    from filmkg.wikidata.run import LinkStep, OnlineOptions

    step = LinkStep(online=OnlineOptions(api_url=api.url, cache_dir=tmp_path))
    graph = step(build_graph([DocumentFacts(doc_id="d", entities=(PERSON,))]))
    step.close()
    assert (entity_iri(PERSON), OWL.sameAs, WD.Q900000001) in graph
    assert step.summary() == (1, 1, [])


def test_retry_after_as_an_http_date_and_without_a_header(tmp_path):
    import email.utils

    import httpx

    c = WikidataClient(slice=load_slice(), api_url="http://127.0.0.1:9/w/api.php", cache_dir=tmp_path,
                       max_wait=30.0)
    soon = email.utils.formatdate(time.time() + 10, usegmt=True)
    assert 5.0 < c._wait(httpx.Response(503, headers={"Retry-After": soon}), 0) <= 10.0
    assert c._wait(httpx.Response(503), 2) == 4.0  # no header: 1, 2, 4 ... seconds
    assert c._wait(httpx.Response(503, headers={"Retry-After": "junk"}), 0) == 1.0
    c.close()


def test_json_of_the_wrong_shape_is_an_error_and_not_cached(api, tmp_path):
    api.plan = [("shapeless",)]
    _, report, _ = run(api, tmp_path)
    assert "answered without 'search'" in report.warnings[0]
    graph, report, _ = run(api, tmp_path)
    assert report.warnings == [] and (entity_iri(PERSON), OWL.sameAs, WD.Q900000001) in graph
