"""The slice builder and loader: deterministic output, WDQS shapes, licences, lazy loading."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from filmkg.cli import main
from filmkg.errors import ResourceMissing
from filmkg.wikidata.build import build
from filmkg.wikidata.build import main as build_main
from filmkg.wikidata.kinds import description_category, head_noun, normalise
from filmkg.wikidata.slice import load_slice

SOURCE = Path(__file__).parent / "fixtures" / "wikidata" / "source"


@pytest.fixture
def built(tmp_path) -> Path:
    build(SOURCE, tmp_path / "slice")
    return tmp_path / "slice"


def test_building_twice_gives_identical_bytes(tmp_path, built):
    build(SOURCE, tmp_path / "again")
    for name in ("slice.nt.gz", "index.json.gz"):
        assert (built / name).read_bytes() == (tmp_path / "again" / name).read_bytes()


def test_the_ntriples_parse_and_look_like_the_query_service(built):
    store = ox.Store()
    store.load(gzip.decompress((built / "slice.nt.gz").read_bytes()), format=ox.RdfFormat.N_TRIPLES)
    ask = store.query("""ASK { <http://www.wikidata.org/entity/Q900003>
        <http://www.wikidata.org/prop/direct/P57> <http://www.wikidata.org/entity/Q900002> ;
        <http://www.w3.org/2000/01/rdf-schema#label> "The Example"@en .
        <http://www.wikidata.org/entity/P57> <http://wikiba.se/ontology#directClaim>
        <http://www.wikidata.org/prop/direct/P57> }""")
    assert bool(ask)
    alias = list(store.quads_for_pattern(ox.NamedNode("http://www.wikidata.org/entity/Q900004"),
                                         ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel"), None))
    assert alias[0].object.value == 'Golden "Example"'


def test_unlicensed_sources_are_left_out_unless_asked(tmp_path, built):
    index = json.loads(gzip.decompress((built / "index.json.gz").read_bytes()))
    assert "Q900005" not in index["entities"]
    assert index["statements"]["Q900003"] == [["P57", "Q900002"]]  # the statement to it is dropped too
    build(SOURCE, tmp_path / "all", include_unlicensed=True)
    assert "Q900005" in _index(tmp_path / "all")["entities"]
    build(SOURCE, tmp_path / "nofb", freebase_derived=False)
    assert "Q900003" not in _index(tmp_path / "nofb")["statements"]


def _index(folder: Path) -> dict:
    return json.loads(gzip.decompress((folder / "index.json.gz").read_bytes()))


def test_categories_come_from_types_roles_and_descriptions(built):
    wd = load_slice(built)
    assert wd.item("Q900001").categories == {"place": "t"}
    assert wd.item("Q900002").categories == {"person": "t"}
    assert wd.item("Q900003").categories == {"film": "f"}
    assert wd.item("Q900004").categories == {"award": "d"}
    assert wd.item("Q900006").categories == {}  # a lower-case class, not a person
    assert wd.item("Q5").categories == {}  # used as a type: a class
    assert wd.lookup("the example") == [("Q900003", "l")]
    assert wd.lookup("ET") == []  # aliases shorter than three characters are not indexed
    assert wd.lookup("Exampleton") == [("Q900001", "a")]
    assert wd.surnames["example"] == ["Q900002"]


@pytest.mark.parametrize(("description", "head", "category"), [
    ("1994 American crime film directed by Quentin Tarantino", "film", "film"),
    ("highest prize awarded at the festival", "prize", "award"),
    ("annual film festival held in a city", "festival", "festival"),
    ("American actress, director and producer", "actress", "person"),
    ("borough of a city, United States", "borough", "place"),
    ("art house films division of a company", "division", "organization"),
    ("sovereign state in Europe", "state", "country"),
    ("chemical element", "element", None),
])
def test_head_nouns(description, head, category):
    assert head_noun(description) == head
    assert description_category(description) == category


def test_normalise_folds_case_accents_punctuation_and_the():
    assert normalise("The Criterion Collection") == normalise("criterion collection")
    assert normalise("Palme d\u2019Or") == normalise("PALME D'OR") == "palme dor"
    assert normalise("Kōchi") == "kochi"
    assert normalise("Tom & Jerry") == "tom and jerry"


def test_the_bundled_slice_loads_and_is_cached():
    first = load_slice()
    assert load_slice() is first
    assert first.item("Q179808").label == "Palme d'Or"


def test_importing_reads_no_slice():
    code = ("import filmkg.wikidata.link, filmkg.wikidata.online, filmkg.wikidata.quickstatements, "
            "filmkg.wikidata.sparql, filmkg.wikidata.run, filmkg.wikidata.slice as s; "
            "print(s._cached.cache_info().currsize)")
    out = subprocess.run([sys.executable, "-W", "error", "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "0"


def test_a_missing_or_damaged_slice_is_a_clear_error(tmp_path):
    with pytest.raises(ResourceMissing, match="make slice"):
        load_slice(tmp_path)
    (tmp_path / "index.json.gz").write_bytes(b"not gzip")
    with pytest.raises(ResourceMissing, match="damaged"):
        load_slice(tmp_path)


def test_build_main_refuses_a_folder_without_entities(tmp_path, capsys):
    assert build_main(["--source", str(tmp_path), "--out", str(tmp_path / "o")]) == 2
    assert "E040" in capsys.readouterr().err


def test_link_command_bad_inputs_give_one_line_and_no_output(tmp_path):
    out = tmp_path / "out.ttl"
    result = CliRunner().invoke(main, ["link", str(tmp_path / "missing.ttl"), "-o", str(out)])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "no such file" in result.stderr
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle <", encoding="utf-8")
    result = CliRunner().invoke(main, ["link", str(bad), "-o", str(out)])
    assert result.exit_code == 2 and "E010" in result.stderr
    good = tmp_path / "good.ttl"
    good.write_text("", encoding="utf-8")
    result = CliRunner().invoke(main, ["link", str(good), "-o", str(tmp_path / "no" / "dir" / "x.ttl")])
    assert result.exit_code == 2 and "E030" in result.stderr
    assert not out.exists()


def test_the_committed_slice_is_what_the_builder_makes_of_the_shared_data(tmp_path):
    shared = Path(__file__).resolve().parent.parent.parent / "shared" / "wikidata"
    if not (shared / "entities.jsonl").is_file():
        pytest.skip("../shared/wikidata is not here")
    build(shared, tmp_path)
    committed = Path(__file__).resolve().parent.parent / "data" / "wikidata"
    for name in ("slice.nt.gz", "index.json.gz"):
        assert (tmp_path / name).read_bytes() == (committed / name).read_bytes(), f"{name}: run `make slice`"
