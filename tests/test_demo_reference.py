"""The demo and its committed reference outputs (data/anora.ttl, data/anora.jsonld).

After an extractor change, regenerate them with `make reference` and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import graph_diff, to_isomorphic

from filmkg.demo import main as demo_main
from filmkg.queries import named_queries

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "anora.txt"
REFERENCE_TTL = REPO / "data" / "anora.ttl"
REFERENCE_JSONLD = REPO / "data" / "anora.jsonld"


def assert_same_graph(expected: Graph, got: Graph, what: str, limit: int = 25) -> None:
    """Isomorphism, with the triples only one side has (N-Triples, sorted) when it fails."""
    iso_expected, iso_got = to_isomorphic(expected), to_isomorphic(got)
    if iso_expected == iso_got:
        return
    _, only_expected, only_got = graph_diff(iso_expected, iso_got)

    def lines(g: Graph) -> list[str]:
        return sorted(" ".join(t.n3() for t in triple) for triple in g)

    missing, extra = lines(only_expected), lines(only_got)
    report = [f"{what} differs: {len(missing)} triples missing, {len(extra)} unexpected "
              "(run `make reference` if the extractor changed on purpose)"]
    report += [f"- {t}" for t in missing[:limit]] + [f"+ {t}" for t in extra[:limit]]
    pytest.fail("\n".join(report), pytrace=False)


def test_committed_reference_files_hold_the_same_graph() -> None:
    turtle = Graph().parse(REFERENCE_TTL, format="turtle")
    jsonld = Graph().parse(REFERENCE_JSONLD, format="json-ld")
    assert len(turtle) > 0
    assert_same_graph(turtle, jsonld, "data/anora.jsonld versus data/anora.ttl")


@pytest.mark.model
def test_regenerated_outputs_match_the_committed_references(tmp_path: Path) -> None:
    result = CliRunner().invoke(demo_main, ["--seed", str(SEED), "--data-dir", str(tmp_path), "--no-queries"])
    assert result.exit_code in (0, 1), result.output
    assert_same_graph(Graph().parse(REFERENCE_TTL, format="turtle"),
                      Graph().parse(tmp_path / "anora.ttl", format="turtle"), "data/anora.ttl")
    assert_same_graph(Graph().parse(REFERENCE_JSONLD, format="json-ld"),
                      Graph().parse(tmp_path / "anora.jsonld", format="json-ld"), "data/anora.jsonld")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["anora.jsonld", "anora.ttl"]


@pytest.mark.model
def test_demo_prints_every_named_query_and_exits_by_conformance(tmp_path: Path) -> None:
    result = CliRunner().invoke(demo_main, ["--seed", str(SEED), "--data-dir", str(tmp_path),
                                            "--store", str(tmp_path / "demo.db")])
    assert "ingested into the store" in result.output
    conforms = "validated: Conforms" in result.output
    assert result.exit_code == (0 if conforms else 1), result.output
    for name in named_queries():
        assert f"[filmkg query {name}]" in result.output
    assert "Sean Baker" in result.output
    assert "linked to Wikidata (offline, bundled slice)" in result.output
    linked = result.output.split("[filmkg query wikidata-linked]", 1)[1].split("\n== ", 1)[0]
    assert "Palme d'Or" in linked and "(0 rows)" not in linked  # the Wikidata queries see the links
    assert result.output.rstrip().endswith("then open http://127.0.0.1:7878/")


def test_bad_seed_is_one_line_and_exit_2(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = CliRunner().invoke(demo_main, ["--seed", str(empty), "--data-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [f"filmkg: E002: {empty}: is empty"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.txt"]
