"""The query guards shared by every entry point: length, nesting depth, SERVICE and LOAD."""

from __future__ import annotations

import pytest

from filmkg.errors import QueryRefused, ServiceNotAllowed
from filmkg.guards import MAX_NESTING, check_query, nesting_depth, update_keyword


def test_plain_query_passes() -> None:
    check_query("SELECT ?s WHERE { ?s ?p ?o FILTER(?o > 3) } LIMIT 5")


def test_too_long_is_refused_before_tokenizing() -> None:
    with pytest.raises(QueryRefused, match="characters long"):
        check_query("#" * 2_000_000)


def test_deep_nesting_is_refused() -> None:
    deep = "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 5000 + "true" + ")" * 5000 + ") }"
    with pytest.raises(QueryRefused, match="nests brackets 5002 deep"):
        check_query(deep)


def test_brackets_in_strings_iris_and_comments_do_not_nest() -> None:
    text = 'SELECT * WHERE { ?s ?p "((((((((" . # ((((((((\n ?s <http://x/(((> ?o }'
    assert nesting_depth(text) == 1
    check_query(text, max_depth=1)


def test_depth_at_the_limit_passes() -> None:
    text = "ASK {" + "(" * (MAX_NESTING - 1) + "1" + ")" * (MAX_NESTING - 1) + "}"
    assert nesting_depth(text) == MAX_NESTING


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { service silent ?endpoint { ?s ?p ?o } }",
    "LOAD <http://127.0.0.1:1/data.ttl>",
])
def test_service_and_load_are_refused(text: str) -> None:
    with pytest.raises(ServiceNotAllowed):
        check_query(text)
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
