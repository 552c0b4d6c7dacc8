"""Scenarios 30-33: Wikidata faults, no network, metacharacters in names, a damaged cache.

Against the Wikidata look-alike of tests/test_wikidata_online.py on 127.0.0.1
(that file has one test per fault; here each scenario is checked end to end).
"""

from __future__ import annotations

import sqlite3
import threading
import time

import netguard
import pytest
from click.testing import CliRunner
from conftest import ROOT
from rdflib import OWL
from test_wikidata_online import FakeWikidata, run

from extract.records import Entity, EntityKind
from filmkg.cli import main

pytestmark = pytest.mark.network
PAYLOAD = 'x" || true) . FILTER("1"="1'


@pytest.fixture
def api():
    with FakeWikidata() as fake:
        yield fake


def test_s30_wikidata_faults_leave_the_entity_unlinked_and_nothing_cached(api, tmp_path):
    faults = [("status", 429, {"Retry-After": "3"}), ("status", 503), ("junk",), ("shapeless",)]
    started = time.monotonic()
    for fault in faults:
        api.plan = [fault] * 5
        graph, report, slept = run(api, tmp_path, max_retries=1)
        assert list(graph.subject_objects(OWL.sameAs)) == [], fault  # left unlinked
        assert len(report.warnings) == 1 and "Example Director" in report.warnings[0]
        assert all(wait <= 30 for wait in slept)  # Retry-After honoured, the wait capped
        if fault[0] == "status" and fault[1] == 429:
            assert slept == [3.0]
    assert time.monotonic() - started < 20  # bounded: retries and timeouts are bounded
    assert all(h["User-Agent"].startswith("filmkg/") for h in api.headers)
    api.plan = []
    before = len(api.requests)
    graph, report, _ = run(api, tmp_path)  # no error was cached: the next run asks and links
    assert len(api.requests) > before and report.warnings == []
    assert list(graph.subject_objects(OWL.sameAs))


def test_s31_no_network_linking_and_querying_make_no_connection(tmp_path):
    out = tmp_path / "linked.ttl"
    with netguard.expect_blocked() as attempts:
        linked = CliRunner().invoke(main, ["link", str(ROOT / "data" / "anora.ttl"), "-o", str(out)])
        queried = CliRunner().invoke(main, ["query", "wikidata-people", "--data", str(out)])
    assert linked.exit_code == 0, linked.output
    assert queried.exit_code == 0, queried.output
    assert attempts == []  # the bundled slice answers; nothing leaves the machine


def test_s32_metacharacters_in_names_are_sent_as_values(api, tmp_path):
    odd = Entity(PAYLOAD + "\n} SERVICE <http://127.0.0.1:9/> {", EntityKind.PERSON)
    run(api, tmp_path, entities=(odd,))
    assert api.requests[0]["search"] == odd.name  # an API parameter, byte for byte, not SPARQL text
    # and in our own named queries a parameter is bound as a term, never pasted into the text
    query = CliRunner().invoke(main, ["query", "directed-by", "--data", str(ROOT / "data" / "anora.ttl"),
                                      "--param", f"film={PAYLOAD}", "--format", "csv"])
    assert query.exit_code == 0, query.output
    assert query.stdout.splitlines() == ["film,director,film_iri,director_iri"]  # no row matches


@pytest.mark.parametrize("damage", ["garbage", "truncated", "bad row"])
def test_s33_damaged_cache_is_ignored_or_rebuilt(api, tmp_path, damage):
    run(api, tmp_path)  # fills the cache
    cache = tmp_path / "wikidata-api.sqlite"
    if damage == "garbage":
        cache.write_bytes(b"\x00not a database\xff" * 100)
    elif damage == "truncated":
        cache.write_bytes(cache.read_bytes()[:1000])
    else:
        with sqlite3.connect(cache) as db:
            db.execute("UPDATE answer SET body = '{\"search\": [trunc'")
    graph, report, _ = run(api, tmp_path)
    assert list(graph.subject_objects(OWL.sameAs)), report.warnings  # linked again


def test_s33_two_writers_on_one_cache(api, tmp_path):
    errors: list[BaseException] = []

    def one() -> None:
        try:
            run(api, tmp_path)
        except BaseException as e:  # noqa: BLE001 - collected and asserted below
            errors.append(e)

    threads = [threading.Thread(target=one) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    graph, report, _ = run(api, tmp_path)
    assert report.warnings == [] and list(graph.subject_objects(OWL.sameAs))
