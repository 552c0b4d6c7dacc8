"""End to end on the seed: the extracted graph conforms, reasoning adds the inverses, queries answer.

These are the acceptance checks of the foundation issue; they run the real
spaCy model once (marker `model`).
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, URIRef

from filmkg.cli import main
from filmkg.namespaces import FILM, INFERRED_GRAPH
from filmkg.validate import validate_graph

pytestmark = pytest.mark.model

SEED = Path(__file__).parents[1] / "seeds" / "anora.txt"
ID = "https://w3id.org/filmkg/id/"


@pytest.fixture(scope="module")
def seed_graph(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seed") / "anora.ttl"
    subprocess.run([sys.executable, "-m", "filmkg.cli", "extract", str(SEED), "-o", str(out), "-q",
                    "--no-validate"], check=True)
    return out


def test_seed_graph_conforms(seed_graph):
    result = validate_graph(Graph().parse(seed_graph, format="turtle"))
    assert result.conforms, result.text
    assert CliRunner().invoke(main, ["validate", str(seed_graph)]).exit_code == 0


def test_reason_adds_the_inverse_director_triple(seed_graph, tmp_path):
    out = tmp_path / "reasoned.trig"
    result = CliRunner().invoke(main, ["reason", str(seed_graph), "-o", str(out)])
    assert result.exit_code == 0, result.output
    dataset = Dataset()
    dataset.parse(out, format="trig")
    inferred = dataset.graph(INFERRED_GRAPH)
    director = next(iter(Graph().parse(seed_graph).objects(URIRef(ID + "film/anora"), FILM.directedBy)))
    assert (director, FILM.directorOf, URIRef(ID + "film/anora")) in inferred


@pytest.mark.parametrize("query, column, expected", [
    ("directed-by", "director", {"Sean Baker"}),
    ("awards", "award", {"Palme d'Or"}),
    ("filming-locations", "location", {"Brooklyn", "Brighton Beach", "Coney Island", "Las Vegas"}),
    ("premieres", "festival", {"Cannes Film Festival"}),
    ("distributors", "company", {"Neon"}),
])
def test_named_queries_answer_on_the_seed(seed_graph, query, column, expected):
    result = CliRunner().invoke(main, ["query", query, "--data", str(seed_graph), "--param", "film=Anora",
                                       "--format", "csv"])
    assert result.exit_code == 0, result.output
    values = {row[column] for row in csv.DictReader(io.StringIO(result.stdout))}
    assert expected <= values, values
