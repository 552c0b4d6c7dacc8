"""Named queries (golden results), query resolution, safe parameters and the SERVICE guard."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef

from filmkg.errors import QueryError, ServiceNotAllowed, UnknownQuery
from filmkg.namespaces import FILM, XSD
from filmkg.queries import (
    ParamType,
    Query,
    bind_params,
    named_queries,
    parse_param_args,
    parse_query_text,
    resolve_query,
    run_query,
    service_endpoints,
    to_term,
)
from filmkg.results import ResultFormat, render
from filmkg.store import store_from_graph

FIXTURES = Path(__file__).parent / "fixtures" / "core"
EXPECTED = FIXTURES / "expected"
ID = "https://w3id.org/filmkg/id/"


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return store_from_graph(Graph().parse(FIXTURES / "small.ttl", format="turtle"))


def core_queries() -> dict[str, Query]:
    """The named queries with golden files here; wikidata-* need the slice and are tested with it."""
    return {name: q for name, q in named_queries().items() if not name.startswith("wikidata-")}


def rows(result) -> list[dict[str, str]]:
    """SPARQL JSON results -> rows of variable -> value (type-tagged), in order."""
    data = json.loads(render(result, ResultFormat.JSON))
    return [{k: f"{v['type']}:{v['value']}" for k, v in b.items()} for b in data["results"]["bindings"]]


def expected_rows(name: str) -> list[dict[str, str]]:
    data = json.loads((EXPECTED / f"{name}.srj").read_text(encoding="utf-8"))
    return [{k: f"{v['type']}:{v['value']}" for k, v in b.items()} for b in data["results"]["bindings"]]


def key(row: dict[str, str]) -> str:
    return json.dumps(row, sort_keys=True)


@pytest.mark.parametrize("name", sorted(core_queries()))
def test_named_query_matches_golden_file(store, name):
    assert (EXPECTED / f"{name}.srj").exists(), f"no golden file for {name}"
    got = rows(run_query(store, core_queries()[name]))
    want = expected_rows(name)
    missing = [r for r in want if key(r) not in {key(g) for g in got}]
    extra = [r for r in got if key(r) not in {key(w) for w in want}]
    assert not missing and not extra, f"missing {missing}\nextra {extra}"


def test_every_golden_file_has_a_query():
    assert {p.stem for p in EXPECTED.glob("*.srj")} == set(core_queries())


@pytest.mark.parametrize("name, params, column, values", [
    ("directed-by", {"film": "Quiet Orbit"}, "director", ["Bo Renner"]),
    ("directed-by", {"film": "quiet orbit"}, "director", []),  # exact, case-sensitive match
    ("films-by-person", {"person": "Eli Stone"}, "film", ["Harbour Lights", "Quiet Orbit"]),
    ("awards", {"film": "Quiet Orbit"}, "outcome", ["nominated"]),
    ("awards", {"film": "Harbour Lights"}, "award", ["Golden Gull", "Best Picture Prize"]),
    ("person-awards", {"person": "Dee Okafor"}, "award", ["Best Actress Prize", "Golden Gull"]),
    ("person-awards", {"person": "Ada Quill"}, "award", []),
    ("cast", {"film": "Quiet Orbit"}, "character", ["Captain Vey"]),
    ("filming-locations", {"film": "Harbour Lights"}, "location", ["Freedonia", "Port Elm"]),
    ("release-and-money", {"film": "Quiet Orbit"}, "value", ["2021"]),
    ("provenance", {"property": "film:wonAward"}, "sentence",
     ["It won the Golden Gull at the Lakeside Film Festival."]),
    ("provenance", {"property": f"<{FILM.directedBy}>", "subject": "Harbour Lights"}, "rule",
     ["directed_by_passive"]),
    ("premieres", {"film": "Quiet Orbit"}, "festival", []),
    ("premieres", {"film": "Harbour Lights"}, "festival", ["Lakeside Film Festival"]),
    ("distributors", {"film": "Harbour Lights"}, "company", ["Northlight", "Tin Roof Pictures"]),
])
def test_parameters_narrow_the_rows(store, name, params, column, values):
    result = run_query(store, named_queries()[name], params=params)
    assert [r[column].split(":", 1)[1] for r in rows(result)] == values


def test_a_value_is_bound_as_a_term_never_pasted(store):
    sneaky = 'Quiet Orbit" } UNION { ?film_iri ?p ?o } #'
    result = run_query(store, named_queries()["directed-by"], params={"film": sneaky})
    assert rows(result) == []


def test_resolve_by_name_file_and_text(tmp_path):
    assert resolve_query("cast").name == "cast"
    path = tmp_path / "mine.rq"
    path.write_text("# title: Mine\nSELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    by_file = resolve_query(str(path))
    assert by_file.title == "Mine" and by_file.name == "mine"
    text = resolve_query("PREFIX x: <http://x/>\nSELECT ?s WHERE { ?s ?p ?o }")
    assert text.name is None and "SELECT" in text.text


def test_unknown_query_lists_the_available_names(tmp_path):
    with pytest.raises(UnknownQuery) as err:
        resolve_query("who-won")
    assert "directed-by" in str(err.value) and "awards" in str(err.value)
    with pytest.raises(UnknownQuery, match="did you mean directed-by"):
        resolve_query("directed_by")
    with pytest.raises(UnknownQuery, match="no such query file"):
        resolve_query(str(tmp_path / "nope.rq"))


def test_malformed_sparql_is_one_line_query_error(store):
    with pytest.raises(QueryError) as err:
        run_query(store, parse_query_text("SELECT ?s WHERE { ?s ?p "))
    assert "malformed SPARQL" in str(err.value) and "\n" not in str(err.value)


def test_undeclared_parameter_of_a_named_query_is_refused(store):
    with pytest.raises(QueryError, match="has no parameter 'title'.*film"):
        run_query(store, named_queries()["directed-by"], params={"title": "x"})


def test_ad_hoc_parameter_must_be_selected(store):
    query = parse_query_text("SELECT ?s WHERE { ?s ?p ?o }")
    with pytest.raises(QueryError):
        run_query(store, query, params={"nothere": "x"})


def test_ad_hoc_iri_parameter(store):
    query = parse_query_text("SELECT ?f ?d WHERE { ?f film:directedBy ?d }")
    result = run_query(store, query, params={"d": f"<{ID}person/bo-renner>"})
    assert [r["f"] for r in rows(result)] == [f"uri:{ID}film/quiet-orbit"]


@pytest.mark.parametrize("value, ptype, term", [
    ("Anora", None, Literal("Anora")),
    ("<http://x/y>", None, URIRef("http://x/y")),
    ("http://x/y", None, Literal("http://x/y")),
    ("fkg:film/anora", ParamType.IRI, URIRef(ID + "film/anora")),
    ("http://x/y", ParamType.IRI, URIRef("http://x/y")),
    ("42", ParamType.INTEGER, Literal("42", datatype=XSD.integer)),
    ("6.5", ParamType.DECIMAL, Literal("6.5", datatype=XSD.decimal)),
    ("2024-05-21", ParamType.DATE, Literal("2024-05-21", datatype=XSD.date)),
    ("2024", ParamType.YEAR, Literal("2024", datatype=XSD.gYear)),
    ("<http://x/y>", ParamType.STRING, Literal("<http://x/y>")),
])
def test_to_term(value, ptype, term):
    assert to_term(value, ptype) == term


@pytest.mark.parametrize("value, ptype", [
    ("four", ParamType.INTEGER), ("1e", ParamType.DECIMAL), ("NaN", ParamType.DECIMAL),
    ("21 May 2024", ParamType.DATE), ("24", ParamType.YEAR), ("not an iri", ParamType.IRI),
    ("<a b>", ParamType.IRI),
])
def test_to_term_rejects_bad_values(value, ptype):
    with pytest.raises(QueryError):
        to_term(value, ptype)


def test_header_is_parsed():
    query = parse_query_text("# title: T\n# description: D1\n# description: D2\n"
                             "# param: who (iri) - the person\n# param: n - a name\nSELECT ?who ?n {}\n")
    assert (query.title, query.description) == ("T", "D1 D2")
    assert [(p.name, p.type, p.meaning) for p in query.params] == [
        ("who", ParamType.IRI, "the person"), ("n", ParamType.STRING, "a name")]
    with pytest.raises(QueryError, match="unknown"):
        parse_query_text("# param: x (colour) - no\nSELECT * {}")


# --- --param parsing (property-based) -------------------------------------------

names = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,15}", fullmatch=True)


@given(name=names, value=st.text())
def test_param_round_trip(name, value):
    assert parse_param_args([f"{name}={value}"]) == {name: value}


@given(pairs=st.dictionaries(names, st.text(), max_size=5))
def test_several_params(pairs):
    assert parse_param_args([f"{k}={v}" for k, v in pairs.items()]) == pairs


@given(text=st.text().filter(lambda t: "=" not in t))
def test_param_without_equals_is_refused(text):
    with pytest.raises(QueryError, match="NAME=VALUE"):
        parse_param_args([text])


def _valid_name(text: str) -> bool:
    return re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", text.strip().lstrip("?$")) is not None


@given(name=st.text(min_size=1).filter(lambda n: "=" not in n and not _valid_name(n)), value=st.text())
def test_param_with_bad_name_is_refused(name, value):
    with pytest.raises(QueryError, match="NAME=VALUE"):
        parse_param_args([f"{name}={value}"])


@given(name=names, value=st.text())
def test_param_name_may_carry_a_question_mark(name, value):
    assert parse_param_args([f"?{name}={value}"]) == {name: value}


@given(value=st.text().filter(lambda v: not (v.startswith("<") and v.endswith(">") and len(v) > 2)))
def test_any_string_value_binds_to_a_plain_literal(value):
    query = Query(text="SELECT ?x {}", params=())
    bound = bind_params(query, {"x": value})
    term = bound[ox.Variable("x")]
    assert isinstance(term, ox.Literal) and term.value == value


@given(value=st.text())
def test_a_value_written_in_angle_brackets_is_an_iri_or_refused(value):
    query = Query(text="SELECT ?x {}", params=())
    try:
        term = bind_params(query, {"x": f"<http://x/{value}>"})[ox.Variable("x")]
    except QueryError as e:
        assert "IRI" in str(e)
    else:
        assert isinstance(term, ox.NamedNode) and term.value == f"http://x/{value}"


@given(path=st.from_regex(r"[A-Za-z0-9._~/-]*", fullmatch=True))
def test_a_plain_iri_in_angle_brackets_always_binds(path):
    query = Query(text="SELECT ?x {}", params=())
    term = bind_params(query, {"x": f"<http://x/{path}>"})[ox.Variable("x")]
    assert isinstance(term, ox.NamedNode) and term.value == f"http://x/{path}"


def test_param_given_twice_is_refused():
    with pytest.raises(QueryError, match="twice"):
        parse_param_args(["a=1", "a=2"])


# --- SERVICE -------------------------------------------------------------------

@pytest.mark.parametrize("text, endpoints", [
    ("SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }",
     ["<https://query.wikidata.org/sparql>"]),
    ("select * where { service silent <http://127.0.0.1:1/q> { ?s ?p ?o } }", ["<http://127.0.0.1:1/q>"]),
    ("PREFIX e: <http://e/>\nSELECT * { Service e:sparql { ?s ?p ?o } }", ["e:sparql"]),
    ("SELECT * { SERVICE ?endpoint { ?s ?p ?o } }", ["?endpoint"]),
    ("SELECT ?service WHERE { ?service ?p 'SERVICE <http://x/>' }", []),
    ('SELECT * WHERE { ?s ?p """a\nSERVICE <http://x/> { }""" }', []),
    ("# SERVICE <http://x/> in a comment\nSELECT * WHERE { ?s ?p ?o }", []),
    ("PREFIX service: <http://x/>\nSELECT * WHERE { ?s service:p ?o . ?s <http://x/SERVICE> ?o }", []),
    ("SELECT * WHERE { ?s ?p \"x\"@service }", []),
    ("SELECT * WHERE { ?s <http://x/#SERVICE> ?o . ?s ex:SERVICE ?o }", []),
])
def test_service_is_found_by_tokens_not_substrings(text, endpoints):
    assert service_endpoints(text) == endpoints


inert = st.text(alphabet=st.characters(blacklist_characters="\"\\\n\r", blacklist_categories=("Cs",)))


@given(before=inert, after=inert)
def test_service_inside_a_string_or_comment_never_counts(before, after):
    text = f'SELECT * WHERE {{ ?s ?p "{before} SERVICE <http://x/> {after}" }}\n# SERVICE <http://y/>\n'
    assert service_endpoints(text) == []


@given(name=st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,10}", fullmatch=True))
def test_service_is_found_whatever_the_variable_names(name):
    text = f"SELECT ?{name} WHERE {{ SERVICE <http://127.0.0.1:1/s> {{ ?{name} ?p ?service }} }}"
    assert service_endpoints(text) == ["<http://127.0.0.1:1/s>"]


def test_service_query_is_refused_before_anything_runs(monkeypatch):
    import socket

    def no_socket(*args, **kwargs):
        raise AssertionError("a socket was opened")

    monkeypatch.setattr(socket, "socket", no_socket)
    monkeypatch.setattr(socket, "create_connection", no_socket)
    query = parse_query_text("SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }")
    with pytest.raises(ServiceNotAllowed) as err:
        run_query(ox.Store(), query)
    assert "uses SERVICE <https://query.wikidata.org/sparql>" in str(err.value)
    assert "--allow-service" in str(err.value)


def test_table_shows_labels_and_prefixed_iris(store):
    text = render(run_query(store, named_queries()["directed-by"]), ResultFormat.TABLE)
    lines = text.splitlines()
    assert lines[0].split() == ["film", "director", "film_iri", "director_iri"]
    assert "Harbour Lights  Ada Quill" in text and "fkg:person/ada-quill" in text
    assert lines[-1] == "(2 rows)"


@pytest.mark.parametrize("fmt, start", [(ResultFormat.CSV, "film,director"),
                                        (ResultFormat.TSV, "?film\t?director"),
                                        (ResultFormat.JSON, '{"head":')])
def test_machine_formats_come_from_pyoxigraph(store, fmt, start):
    assert render(run_query(store, named_queries()["directed-by"]), fmt).startswith(start)


def test_ask_and_construct_render(store):
    assert render(run_query(store, parse_query_text("ASK { ?s a film:Film }")), ResultFormat.TABLE) == "yes\n"
    text = render(run_query(store, parse_query_text(
        "CONSTRUCT { ?f film:directedBy ?d } WHERE { ?f film:directedBy ?d }")), ResultFormat.TABLE)
    assert len(text.strip().splitlines()) == 2


def regenerate() -> None:
    """Rewrite expected/*.srj from the current queries (then check the diff by hand)."""
    store = store_from_graph(Graph().parse(FIXTURES / "small.ttl", format="turtle"))
    for name, query in core_queries().items():
        data = json.loads(render(run_query(store, query), ResultFormat.JSON))
        (EXPECTED / f"{name}.srj").write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n",
                                              encoding="utf-8")


if __name__ == "__main__" and sys.argv[1:] == ["--regenerate"]:
    regenerate()
