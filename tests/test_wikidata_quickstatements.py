"""QuickStatements V1 export: strict syntax, only facts the slice lacks, a source on every line."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from click.testing import CliRunner

from extract.rdf import build_graph
from extract.records import DateValue, DocumentFacts, Entity, EntityKind, Evidence, Fact, Money
from filmkg.cli import main
from filmkg.wikidata.link import link_graph
from filmkg.wikidata.quickstatements import date_value, to_quickstatements
from filmkg.wikidata.slice import load_slice

ITEM = r"Q[1-9]\d*"
STRING = r'"[^"\t\n]*"'
MONO = r'[a-z]{2,3}:"[^"\t\n]*"'
TIME = r"\+\d{4}-(0\d|1[0-2])-([0-2]\d|3[01])T00:00:00Z/(9|10|11)"
QUANTITY = r"[+-]?\d+(\.\d+)?(U[1-9]\d*)?"
VALUE = re.compile(rf"{ITEM}|{STRING}|{MONO}|{TIME}|{QUANTITY}")
REFERENCE_VALUE = {"S854": re.compile(r'"https?://[^"\s]+"'), "S1476": re.compile(MONO),
                   "S1683": re.compile(MONO)}


def parse_v1(text: str) -> list[tuple[str, str, str, dict[str, str]]]:
    """A strict QuickStatements V1 reader: every line ITEM TAB PROPERTY TAB VALUE (TAB Sxx TAB VALUE)*."""
    commands = []
    assert text.endswith("\n") or text == ""
    for n, line in enumerate(text.splitlines(), 1):
        cols = line.split("\t")
        assert len(cols) >= 3 and len(cols) % 2 == 1, f"line {n}: wrong number of columns: {line!r}"
        subject, prop, value, rest = cols[0], cols[1], cols[2], cols[3:]
        assert re.fullmatch(ITEM, subject), f"line {n}: bad subject {subject!r}"
        assert re.fullmatch(r"P[1-9]\d*", prop), f"line {n}: bad property {prop!r}"
        assert VALUE.fullmatch(value), f"line {n}: bad value {value!r}"
        refs = dict(zip(rest[::2], rest[1::2], strict=True))
        for key, ref in refs.items():
            assert key in REFERENCE_VALUE, f"line {n}: unexpected source property {key!r}"
            assert REFERENCE_VALUE[key].fullmatch(ref), f"line {n}: bad {key} value {ref!r}"
        assert "S854" in refs or "S1476" in refs, f"line {n}: no source"
        commands.append((subject, prop, value, refs))
    return commands


SENTENCE = 'Crash is a 2004 film directed by David Cronenberg, "a provocation", with a $6 million budget.'


def crash_graph(source: str | None):
    film, director = Entity("Crash", EntityKind.FILM), Entity("David Cronenberg", EntityKind.PERSON)
    canada, la = Entity("Canada", EntityKind.COUNTRY), Entity("Los Angeles", EntityKind.PLACE)
    nobody = Entity("Somebody Unknown Xyz", EntityKind.PERSON)
    ev = Evidence(SENTENCE, 0, len(SENTENCE), "test", 0.9)
    facts = [Fact(film, "P57", director, ev), Fact(film, "P577", DateValue("2004-09-10"), ev),
             Fact(film, "P495", canada, ev), Fact(film, "P915", la, ev), Fact(film, "P161", nobody, ev),
             Fact(film, "P2130", Money(Decimal("6000000"), "USD"), ev),
             Fact(director, "P166", Entity("Palme d'Or", EntityKind.AWARD), ev)]
    doc = DocumentFacts(doc_id="crash", entities=(film, director, canada, la, nobody), facts=tuple(facts),
                        title="Crash (film)", source=source)
    graph = build_graph([doc])
    link_graph(graph, slice=load_slice())
    return graph


@pytest.mark.parametrize("source", [None, "https://example.org/crash"])
def test_commands_are_valid_v1_and_only_what_wikidata_lacks(source):
    result = to_quickstatements(crash_graph(source), slice=load_slice())
    commands = parse_v1(result.text())
    facts = {(s, p, v) for s, p, v, _ in commands}
    assert facts == {
        ("Q188000", "P57", "Q55422"),                       # Wikidata: Paul Haggis
        ("Q188000", "P495", "Q16"),                         # Wikidata: USA, Germany
        ("Q188000", "P577", "+2004-09-10T00:00:00Z/11"),
        ("Q188000", "P2130", "6000000U4917"),               # USD found in the slice by its code
        ("Q55422", "P166", "Q179808"),
    }
    assert result.skipped["Wikidata has it already"] == 1      # filmed in Los Angeles
    assert result.skipped["object not linked to Wikidata"] == 1
    for _, _, _, refs in commands:
        if source:
            assert refs["S854"] == f'"{source}"' and "S1476" not in refs
        else:
            assert refs["S1476"] == 'en:"Crash (film)"'
        assert refs["S1683"] == "en:" + '"' + SENTENCE.replace('"', "'") + '"'


def test_nothing_wikidata_already_has_is_exported():
    slice_ = load_slice()
    for subject, prop, value, _ in parse_v1(to_quickstatements(crash_graph(None), slice=slice_).text()):
        assert not slice_.has_statement(subject, prop, value)


@pytest.mark.parametrize(("iso", "expected"), [
    ("2024-05-21", "+2024-05-21T00:00:00Z/11"),
    ("2024-05", "+2024-05-00T00:00:00Z/10"),
    ("2024", "+2024-00-00T00:00:00Z/9"),
])
def test_dates_keep_their_precision(iso, expected):
    from extract.rdf import date_literal

    assert date_value(date_literal(DateValue(iso))) == expected


def test_an_unlinked_graph_gives_no_commands():
    film = Entity("Some Film Nobody Made", EntityKind.FILM)
    ev = Evidence("x", 0, 1, "t", 0.9)
    graph = build_graph([DocumentFacts(doc_id="d", entities=(film,),
                                       facts=(Fact(film, "P577", DateValue("2001"), ev),))])
    link_graph(graph, slice=load_slice())
    result = to_quickstatements(graph, slice=load_slice())
    assert result.commands == [] and result.skipped["subject not linked to Wikidata"] == 1


def test_export_command_writes_quickstatements(tmp_path):
    src = tmp_path / "crash.ttl"
    crash_graph(None).serialize(src, format="turtle")
    out = tmp_path / "crash.qs"
    result = CliRunner().invoke(main, ["export", str(src), "--quickstatements", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert len(parse_v1(out.read_text(encoding="utf-8"))) == 5
    assert "5 QuickStatements commands" in result.stderr
