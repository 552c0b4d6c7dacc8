"""Acceptance on the seed (real model): what the slice has is linked right, the rest is reported.

The expected QIDs are those of ../shared/wikidata/COVERAGE.md, copied here as test data. The
test checks whatever entities the extractor emits today, so it does not depend on its recall:
a covered name, when present, must be linked to its QID; a name the slice lacks must stay
unlinked; and no entity may be linked to an item whose label or alias is not its name.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import OWL, RDFS, Graph
from rdflib.namespace import SKOS

from filmkg.cli import main
from filmkg.wikidata.kinds import normalise
from filmkg.wikidata.slice import load_slice

SEED = Path(__file__).resolve().parent.parent / "seeds" / "anora.txt"
COVERED = {
    "Palme d'Or": "Q179808", "Cannes Film Festival": "Q42369", "Academy Award for Best Picture": "Q102427",
    "Brooklyn": "Q18419", "Las Vegas": "Q23768", "New York City": "Q60", "Nevada": "Q1227",
    "Russia": "Q159", "Focus Features": "Q649649", "The Criterion Collection": "Q1204187",
    "Toronto International Film Festival": "Q390018",
    "Producers Guild of America Award for Best Theatrical Motion Picture": "Q5569374",
}
MISSING = ["Anora", "Sean Baker", "Mikey Madison", "Mark Eydelshteyn", "Yura Borisov", "Karren Karagulian",
           "Vache Tovmasyan", "Aleksei Serebryakov", "Samantha Quan", "Alex Coco", "Brighton Beach",
           "Coney Island", "Neon", "FilmNation Entertainment", "Kodak", "New York Film Festival"]


@pytest.mark.model
def test_seed_links_are_right_and_missing_entities_are_reported(tmp_path):
    extracted = tmp_path / "anora.ttl"
    assert CliRunner().invoke(main, ["extract", str(SEED), "-o", str(extracted), "-q"]).exit_code == 0
    linked = tmp_path / "linked.ttl"
    result = CliRunner().invoke(main, ["link", str(extracted), "-o", str(linked), "--review"])
    assert result.exit_code == 0, result.output
    graph = Graph().parse(linked)
    by_name = {normalise(str(graph.value(s, RDFS.label))): str(o).rsplit("/", 1)[1]
               for s, o in graph.subject_objects(OWL.sameAs)}
    names = {normalise(str(o)) for o in graph.objects(None, RDFS.label)}
    for name, qid in COVERED.items():
        if normalise(name) in names:
            assert by_name.get(normalise(name)) == qid, name
    for name in MISSING:
        assert normalise(name) not in by_name, name
        if normalise(name) in names:
            assert name in result.stdout  # listed for review with the reason
    slice_ = load_slice()
    for s, o in graph.subject_objects(OWL.sameAs):
        item = slice_.item(str(o).rsplit("/", 1)[1])
        mine = {normalise(str(x)) for p in (RDFS.label, SKOS.altLabel) for x in graph.objects(s, p)}
        assert item is not None and mine & {normalise(n) for n in item.names}, (s, o)
    assert len(by_name) >= 5  # the extractor finds at least the award, festival and places


@pytest.mark.model
def test_extract_with_link_writes_the_links(tmp_path):
    out = tmp_path / "anora.ttl"
    result = CliRunner().invoke(main, ["extract", str(SEED), "-o", str(out), "--link"])
    assert result.exit_code == 0, result.output
    assert "linked" in result.stderr
    graph = Graph().parse(out)
    assert set(graph.subject_objects(OWL.sameAs))
