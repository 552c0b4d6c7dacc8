"""The query guards shared by every entry point: length, nesting depth, SERVICE and LOAD."""

from __future__ import annotations

import pytest

from filmkg.errors import QueryRefused, QueryTooLarge, ServiceNotAllowed, UpdateNotAllowed
from filmkg.guards import MAX_NESTING, check_query, nesting_depth, update_keyword


def test_plain_query_passes() -> None:
    check_query("SELECT ?s WHERE { ?s ?p ?o FILTER(?o > 3) } LIMIT 5")


def test_too_long_is_refused_before_tokenizing() -> None:
    with pytest.raises(QueryTooLarge, match="characters long"):
        check_query("#" * 2_000_000)


def test_deep_nesting_is_refused() -> None:
    deep = "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 5000 + "true" + ")" * 5000 + ") }"
    with pytest.raises(QueryRefused, match="nests brackets more than 64 deep"):
        check_query(deep)


def test_brackets_in_strings_and_comments_do_not_nest() -> None:
    text = 'SELECT * WHERE { ?s ?p "((((((((" . # ((((((((\n ?s <http://x/#a> ?o }'
    assert nesting_depth(text) == 1
    check_query(text, max_depth=1)


def test_brackets_inside_an_iri_token_count() -> None:
    # pyoxigraph 0.5.13 reads `?s<((...))>0` as a less-than and recurses: SIGSEGV at 5,000
    text = "SELECT * WHERE { ?s ?p ?o FILTER(?s<" + "(" * 500 + "1" + ")" * 500 + ">0) }"
    assert nesting_depth(text, stop_at=100) > 100
    with pytest.raises(QueryRefused):
        check_query(text)


def test_depth_at_the_limit_passes() -> None:
    text = "ASK {" + "(" * (MAX_NESTING - 1) + "1" + ")" * (MAX_NESTING - 1) + "}"
    assert nesting_depth(text) == MAX_NESTING


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { service silent ?endpoint { ?s ?p ?o } }",
])
def test_service_is_refused(text: str) -> None:
    with pytest.raises(ServiceNotAllowed):
        check_query(text)
    check_query(text, allow_service=True)


def test_load_is_refused_as_a_fetch_and_as_an_update() -> None:
    with pytest.raises(ServiceNotAllowed):
        check_query("LOAD <http://127.0.0.1:1/data.ttl>")
    with pytest.raises(UpdateNotAllowed):
        check_query("LOAD <http://127.0.0.1:1/data.ttl>", allow_service=True)


@pytest.mark.parametrize("text", ["INSERT DATA { <a:b> <a:c> <a:d> }",
                                  "SELECT * WHERE { ?s ?p ?o } ; DROP ALL", "delete where { ?s ?p ?o }"])
def test_updates_are_refused(text: str) -> None:
    with pytest.raises(UpdateNotAllowed):
        check_query(text, allow_service=True)


def test_keywords_inside_names_and_strings_do_not_count() -> None:
    text = 'SELECT ?service ?load WHERE { ?service ex:load "SERVICE LOAD INSERT" }'
    check_query(text)
    assert update_keyword(text) is None


@pytest.mark.parametrize(("text", "word"), [
    ("INSERT DATA { <a:b> <a:c> <a:d> }", "INSERT"),
    ("PREFIX x: <http://x/> DELETE WHERE { ?s ?p ?o }", "DELETE"),
    ("CLEAR ALL", "CLEAR"),
])
def test_update_keyword(text: str, word: str) -> None:
    assert update_keyword(text) == word


def test_depth_count_stops_early_without_recursion() -> None:
    text = "ASK {" + "(" * 100_000 + "1" + ")" * 100_000 + "}"
    assert nesting_depth(text, stop_at=300) == 301


def test_limits_come_from_the_environment(monkeypatch) -> None:
    from filmkg.errors import FilmkgError
    from filmkg.guards import limit

    monkeypatch.setenv("FILMKG_MAX_RDF_DEPTH", "10")
    assert limit("MAX_RDF_DEPTH", 200) == 10
    monkeypatch.setenv("FILMKG_MAX_RDF_DEPTH", "many")
    with pytest.raises(FilmkgError, match="not a positive whole number"):
        limit("MAX_RDF_DEPTH", 200)
