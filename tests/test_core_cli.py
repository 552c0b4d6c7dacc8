"""`filmkg validate|reason|query|export`: results on good input; one-line errors, exit 2, no partial file."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, URIRef

from filmkg.cli import main
from filmkg.namespaces import FILM, INFERRED_GRAPH

FIXTURES = Path(__file__).parent / "fixtures" / "core"
SMALL = str(FIXTURES / "small.ttl")
BAD = str(FIXTURES / "bad.ttl")
ID = "https://w3id.org/filmkg/id/"


def run(args: list[str]):
    return CliRunner().invoke(main, args)


def assert_one_line_error(result, code: str) -> str:
    assert result.exit_code == 2, (result.output, result.exception)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"filmkg: {code}: "), lines[0]
    assert "Traceback" not in result.output
    return lines[0]


# --- good input ------------------------------------------------------------------

def test_validate_exit_codes_and_report():
    good = run(["validate", SMALL])
    assert good.exit_code == 0 and good.stdout.startswith("Conforms")
    bad = run(["validate", BAD])
    assert bad.exit_code == 1
    assert "Does not conform" in bad.stdout and "must be a person" in bad.stdout
    assert "Traceback" not in bad.stderr  # rdflib's ill-typed-literal warning is silenced


def test_reason_adds_inverse_triples_in_their_own_graph(tmp_path):
    out = tmp_path / "r.trig"
    result = run(["reason", SMALL, "-o", str(out)])
    assert result.exit_code == 0, result.output
    dataset = Dataset()
    dataset.parse(out, format="trig")
    inverse = (URIRef(ID + "person/ada-quill"), FILM.directorOf, URIRef(ID + "film/harbour-lights"))
    assert inverse in dataset.graph(INFERRED_GRAPH)
    assert inverse not in dataset.default_context


def test_reason_to_turtle_writes_only_inferred_unless_merged(tmp_path):
    only, both = tmp_path / "only.ttl", tmp_path / "both.ttl"
    assert run(["reason", SMALL, "-o", str(only)]).exit_code == 0
    assert run(["reason", SMALL, "-o", str(both), "--merge"]).exit_code == 0
    g_only, g_both = Graph().parse(only), Graph().parse(both)
    inverse = (URIRef(ID + "person/ada-quill"), FILM.directorOf, URIRef(ID + "film/harbour-lights"))
    asserted = (URIRef(ID + "film/harbour-lights"), FILM.directedBy, URIRef(ID + "person/ada-quill"))
    assert inverse in g_only and asserted not in g_only
    assert inverse in g_both and asserted in g_both


def test_query_named_with_param_and_formats():
    result = run(["query", "directed-by", "--data", SMALL, "--param", "film=Quiet Orbit"])
    assert result.exit_code == 0, result.output
    assert "Bo Renner" in result.stdout and "Ada Quill" not in result.stdout
    as_json = run(["query", "awards", "--data", SMALL, "--format", "json"])
    assert json.loads(as_json.stdout)["head"]["vars"][:3] == ["film", "outcome", "award"]
    as_csv = run(["query", "cast", "-d", SMALL, "--format", "csv"])
    assert as_csv.stdout.splitlines()[0] == "film,actor,character,film_iri,actor_iri"


def test_query_list_shows_titles_and_params():
    result = run(["query", "--list"])
    assert result.exit_code == 0
    assert "directed-by" in result.stdout and "Who directed a film" in result.stdout
    assert "[film=<string>]" in result.stdout


def test_query_over_reasoned_dataset_sees_inferred_graph(tmp_path):
    out = tmp_path / "r.trig"
    run(["reason", SMALL, "-o", str(out)])
    result = run(["query", "SELECT ?f WHERE { ?p film:directorOf ?f }", "--data", str(out)])
    assert "fkg:film/harbour-lights" in result.stdout


def test_export_jsonld_and_stdout(tmp_path):
    out = tmp_path / "small.jsonld"
    assert run(["export", SMALL, "-o", str(out)]).exit_code == 0
    assert json.loads(out.read_text())["@context"]["directedBy"]["@type"] == "@id"
    result = run(["export", SMALL, "--format", "nt"])
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == len(Graph().parse(SMALL))


def test_every_command_help_has_an_example():
    for command in ("validate", "reason", "query", "export"):
        result = run([command, "--help"])
        assert result.exit_code == 0 and "Example:" in result.stdout, command


# --- bad input -------------------------------------------------------------------

@pytest.fixture()
def broken(tmp_path) -> dict[str, str]:
    malformed = tmp_path / "broken.ttl"
    malformed.write_text("@prefix x: <http://x/> .\nx:a x:b \n", encoding="utf-8")
    odd = tmp_path / "graph.xyz"
    odd.write_text("<http://x/a> <http://x/b> <http://x/c> .\n", encoding="utf-8")
    return {"missing": str(tmp_path / "nope.ttl"), "dir": str(tmp_path), "malformed": str(malformed),
            "suffix": str(odd)}


@pytest.mark.parametrize("kind, code, words", [
    ("missing", "E002", "no such file"), ("dir", "E002", "directory"),
    ("malformed", "E010", "not valid turtle"), ("suffix", "E010", "unknown RDF file type"),
])
@pytest.mark.parametrize("command", ["validate", "reason", "query", "export"])
def test_bad_graph_input(tmp_path, broken, command, kind, code, words):
    out = tmp_path / "out.ttl"
    args = {"validate": ["validate", broken[kind]],
            "reason": ["reason", broken[kind], "-o", str(out)],
            "query": ["query", "cast", "--data", broken[kind]],
            "export": ["export", broken[kind], "-o", str(out)]}[command]
    line = assert_one_line_error(run(args), code)
    assert words in line
    assert not out.exists()


@pytest.mark.parametrize("args, code, words", [
    (["query", "SELECT ?s WHERE { ?s ?p", "--data", SMALL], "E020", "malformed SPARQL"),
    (["query", "who-won-what", "--data", SMALL], "E021", "named queries: awards"),
    (["query", "missing.rq", "--data", SMALL], "E021", "no such query file"),
    (["query", "cast", "--data", SMALL, "--param", "film"], "E020", "NAME=VALUE"),
    (["query", "cast", "--data", SMALL, "--param", "1x=y"], "E020", "NAME=VALUE"),
    (["query", "cast", "--data", SMALL, "--param", "actor=x"], "E020", "no parameter 'actor'"),
    (["query", "provenance", "--data", SMALL, "--param", "property=not an iri"], "E020", "not an IRI"),
    (["query", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "--data", SMALL],
     "E022", "uses SERVICE <http://127.0.0.1:9/sparql>; pass --allow-service"),
])
def test_bad_query_input(args, code, words):
    assert words in assert_one_line_error(run(args), code)


def test_unwritable_outputs(tmp_path):
    for command in ("reason", "export"):
        line = assert_one_line_error(run([command, SMALL, "-o", str(tmp_path / "no" / "such" / "x.ttl")]),
                                     "E030")
        assert "does not exist" in line
        assert assert_one_line_error(run([command, SMALL, "-o", str(tmp_path)]), "E030")
        line = assert_one_line_error(run([command, SMALL, "-o", str(tmp_path / "x.txt")]), "E030")
        assert "--format" in line
    assert os.listdir(tmp_path) == []


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can write anywhere")
def test_read_only_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        assert_one_line_error(run(["export", SMALL, "-o", str(folder / "x.ttl")]), "E030")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


@pytest.mark.parametrize("command", ["reason", "export"])
def test_folder_refusing_writes(tmp_path, monkeypatch, command):
    """What a read-only folder does (simulated: tests may run as root, who can write anywhere)."""
    import filmkg.io

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(filmkg.io.tempfile, "mkstemp", refuse)
    line = assert_one_line_error(run([command, SMALL, "-o", str(tmp_path / "x.ttl")]), "E030")
    assert "Permission denied" in line
    assert list(tmp_path.iterdir()) == []


def test_service_failure_at_run_time_is_one_line(tmp_path):
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"
    line = assert_one_line_error(run(["query", query, "--data", SMALL, "--allow-service"]), "E020")
    assert "query failed" in line


@pytest.mark.parametrize("command", ["reason", "export"])
def test_existing_output_survives_a_failure(tmp_path, broken, command):
    out = tmp_path / "keep.ttl"
    out.write_text("precious\n", encoding="utf-8")
    assert_one_line_error(run([command, broken["malformed"], "-o", str(out)]), "E010")
    assert out.read_text(encoding="utf-8") == "precious\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.ttl", "graph.xyz", "keep.ttl"]
