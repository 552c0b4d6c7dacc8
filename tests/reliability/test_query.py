"""Scenarios 18-29: hostile SPARQL through the CLI (and the endpoint's shared guards).

Each runs `filmkg query` in a subprocess under RLIMIT_AS and a wall-clock
limit (see conftest.py): before the guards, scenario 24 crashed the process
(SIGSEGV) and scenario 21 grew to 5.5 GB without end.
"""

from __future__ import annotations

import pytest

from filmkg.errors import QueryRefused, UpdateNotAllowed
from filmkg.guards import check_query


def cycle_graph(path, nodes: int = 300) -> str:
    """A directed cycle of `nodes` nodes over ex:p, with a 30-character 'a...ab' label on each."""
    lines = [f"<http://example.org/n{i}> <http://example.org/p> <http://example.org/n{(i + 1) % nodes}> ;"
             f' <http://example.org/label> "{"a" * 29}b" .' for i in range(nodes)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("update", [
    "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }",
    "DROP ALL",
    "SELECT * WHERE { ?s ?p ?o } ; DROP ALL",
    "PREFIX ex: <http://example.org/> DELETE WHERE { ?s ?p ?o }",
])
def test_s18_update_refused(cli, anora, update):
    before = anora.read_bytes()
    run = cli(["query", update, "--data", str(anora)])
    assert "SPARQL update" in run.one_line_error("E025")
    with pytest.raises(UpdateNotAllowed):
        check_query(update, allow_service=True)
    assert anora.read_bytes() == before


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { SERVICE <{url}/sparql> {{ ?s ?p ?o }} }",
    "SELECT * WHERE {{ SERVICE SILENT <{url}/sparql> {{ ?s ?p ?o }} }}",
    "select * where {{ service <{url}/sparql> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ OPTIONAL {{ {{ SELECT * WHERE {{ SERVICE <{url}/s> {{ ?s ?p ?o }} }} }} }} }}",
    "SELECT * WHERE {{ {{ ?s ?p ?o }} UNION {{ SERVICE <{url}/s> {{ ?s ?p ?o }} }} }}",
    "SELECT * WHERE {{ SERVICE # a comment\n <{url}/s> {{ ?s ?p ?o }} }}",
])
def test_s19_service_refused_before_execution(cli, anora, hits, text):
    query = text.replace("{{", "{").replace("}}", "}").replace("{url}", hits.url)
    run = cli(["query", query, "--data", str(anora)])
    assert "E022" in run.one_line_error("E022")
    assert hits.hits == []


def test_s20_from_graphs_are_names_not_fetched(cli, anora, hits, tmp_path):
    secret = tmp_path / "secret.ttl"
    secret.write_text('<http://example.org/s> <http://example.org/p> "TOP-SECRET" .\n', encoding="utf-8")
    query = (f"SELECT ?o FROM <{secret.as_uri()}> FROM NAMED <{hits.url}/g> FROM <{hits.url}/data.ttl> "
             "WHERE { ?s ?p ?o }")
    run = cli(["query", query, "--data", str(anora), "--format", "csv"])
    assert run.returncode == 0, run.stderr
    assert "TOP-SECRET" not in run.stdout
    assert hits.hits == []  # the store only knows the graphs it was given; FROM names, never fetches


def test_s21_cartesian_product_stopped_at_the_deadline(cli, anora):
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    run = cli(["query", query, "--data", str(anora), "--timeout", "2"], memory_mb=3072, timeout=60)
    assert "stopped after 2 s" in run.one_line_error("E026")
    assert run.seconds < 15, run.seconds
    assert run.peak_mb < 3072


def test_s21_cartesian_product_rows_are_capped_and_signalled(cli, anora):
    query = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    run = cli(["query", query, "--data", str(anora), "--format", "tsv", "--max-rows", "1000"],
              memory_mb=3072, timeout=60)
    assert run.returncode == 1, run.stderr
    assert len(run.stdout.splitlines()) == 1 + 1000
    assert "result cut at 1000 rows" in run.stderr
    assert run.seconds < 30


@pytest.mark.parametrize("path", ["(<http://example.org/p>|^<http://example.org/p>)*",
                                  "(<http://example.org/p>/<http://example.org/p>)*",
                                  "<http://example.org/p>*/<http://example.org/p>*"])
def test_s22_property_paths_on_cycles_are_bounded(cli, tmp_path, path):
    data = cycle_graph(tmp_path / "cycle.ttl")
    run = cli(["query", f"SELECT (COUNT(*) AS ?n) WHERE {{ ?x {path} ?y }}", "--data", data,
               "--format", "csv", "--timeout", "5"], timeout=60)
    if run.returncode == 0:  # answered in time
        assert int(run.stdout.splitlines()[1]) > 0
    else:  # or cancelled at the deadline, with one clear line
        assert "stopped after 5 s" in run.one_line_error("E026")
    assert run.seconds < 15


def test_s23_regex_redos_is_bounded(cli, tmp_path):
    data = cycle_graph(tmp_path / "cycle.ttl")
    query = 'SELECT (COUNT(*) AS ?n) WHERE { ?x <http://example.org/label> ?l FILTER regex(?l, "^(a+)+$") }'
    run = cli(["query", query, "--data", data, "--format", "csv", "--timeout", "20"], timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[1] == "0"  # every label ends in 'b'
    assert run.seconds < 20


@pytest.mark.parametrize("body", [
    "FILTER(" + "(" * 5_000 + "1" + ")" * 5_000 + ")",
    "{" * 5_000 + "?s ?p ?o" + "}" * 5_000,
    "FILTER(?s<" + "(" * 5_000 + "1" + ")" * 5_000 + ">0)",  # read as less-than: SIGSEGV unguarded
])
def test_s24_deep_query_nesting_refused_process_alive(cli, anora, body):
    query = "SELECT * WHERE { ?s ?p ?o " + body + " }"
    run = cli(["query", query, "--data", str(anora)], memory_mb=2048, timeout=60)
    assert "nests brackets more than" in run.one_line_error("E023")
    with pytest.raises(QueryRefused):
        check_query(query)


def test_s25_huge_query_refused(cli, anora, tmp_path):
    values = " ".join(f'"{i:06d}"' for i in range(150_000))  # > 1 MB of VALUES
    query = tmp_path / "huge.rq"
    query.write_text(f"SELECT ?v WHERE {{ VALUES ?v {{ {values} }} }}", encoding="utf-8")
    run = cli(["query", str(query), "--data", str(anora)])
    assert "characters long" in run.one_line_error("E024")


@pytest.mark.parametrize("query, unit", [("SELECT * WHERE { ?s ?p ?o }", "rows"),
                                         ("CONSTRUCT WHERE { ?s ?p ?o }", "triples")])
def test_s26_result_explosion_capped_and_signalled(cli, anora, query, unit):
    run = cli(["query", query, "--data", str(anora), "--format", "csv", "--max-rows", "25"])
    assert run.returncode == 1, run.stderr
    lines = run.stdout.splitlines()
    assert len(lines) == (26 if unit == "rows" else 25)
    assert "warning: result cut at 25 rows" in run.stderr
    full = cli(["query", query, "--data", str(anora), "--format", "csv"])
    assert full.returncode == 0 and len(full.stdout.splitlines()) > 26
