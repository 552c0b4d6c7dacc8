"""The evaluation's matching contract (filmkg.scoring), on hand-built graphs: no spaCy model needed."""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from decimal import Decimal

from hypothesis import assume, given
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDFS

from extract.rdf import build_graph
from extract.records import DateValue, DocumentFacts, Entity, EntityKind, Evidence, Fact, Money
from filmkg.scoring import (
    GoldFact,
    Prediction,
    amount,
    canonical,
    dedupe_gold,
    iso_date,
    match,
    normalize,
    predictions,
    property_alignment,
    value_matches,
)

ALL = frozenset({"P57", "P161", "P166", "P495", "P577", "P2130", "P915"})
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def fact(subject: str, pid: str, obj, sentence: str = "Some sentence.") -> Fact:
    kind = EntityKind.PERSON if pid in ("P57", "P161") else EntityKind.PLACE
    value = Entity(obj, kind) if isinstance(obj, str) else obj
    evidence = Evidence(sentence, 0, len(sentence), "test", 0.9)
    return Fact(Entity(subject, EntityKind.FILM), pid, value, evidence)


def graph_of(*facts: Fact) -> Graph:
    return build_graph([DocumentFacts(doc_id="d", facts=facts)])


def ontology() -> Graph:
    g = Graph()
    from extract.vocab import PROPERTY_BY_PID, WDT
    for pid, prop in PROPERTY_BY_PID.items():
        g.add((prop, OWL.equivalentProperty, WDT[pid]))
    return g


def score(graph: Graph, gold: list[GoldFact], props: frozenset[str] = ALL):
    found = predictions(graph, property_alignment([ontology(), graph]), props)
    return match(gold, found, props), found


# --- normalisation ------------------------------------------------------------------------


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=30))
def test_case_does_not_matter(name: str) -> None:
    assert normalize(name.upper()) == normalize(name) == normalize(name.title())


@given(st.text(alphabet="aeiounc ", min_size=1, max_size=20))
def test_accents_do_not_matter(name: str) -> None:
    accented = name.translate(str.maketrans("eanc", "\u00e9\u00e0\u00f1\u00e7"))
    assert normalize(accented) == normalize(name)
    assert normalize(unicodedata.normalize("NFD", accented)) == normalize(name)


@given(st.text(alphabet="abcxyz", min_size=1, max_size=8), st.text(alphabet="abcxyz", min_size=1, max_size=8),
       st.sampled_from(["\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015", "\u2212"]))
def test_every_dash_is_a_hyphen(left: str, right: str, dash: str) -> None:
    assert normalize(f"{left}{dash}{right}") == normalize(f"{left}-{right}")


@given(st.text(alphabet="abcdefgh ", min_size=1, max_size=20).map(str.strip).filter(bool))
def test_quotes_leading_the_and_edge_punctuation(name: str) -> None:
    assume(not name.startswith("the "))
    plain = normalize(name)
    assert normalize(f"The {name}") == plain
    assert normalize(f"\u201c{name}\u201d") == plain
    assert normalize(f'"{name}".') == plain
    assert normalize(f"  ({name})  ") == plain


def test_curly_apostrophes_and_possessives() -> None:
    assert normalize("Palme d\u2019Or") == normalize("Palme d'Or") == "palme d'or"
    assert normalize("Nolan's") == normalize("Nolan\u2019s") == "nolan"


@given(st.sampled_from([("United States", "American"), ("United States", "USA"), ("France", "French"),
                        ("United Kingdom", "British"), ("South Korea", "South Korean"), ("India", "Indian")]))
def test_country_and_demonym_are_one_for_country_properties_only(pair: tuple[str, str]) -> None:
    country, demonym = pair
    assert value_matches(demonym, [country], "P495") and value_matches(country, [demonym], "P495")
    assert canonical(demonym, "P495") == canonical(country, "P495")
    assert not value_matches(demonym, [country], "P915")


# --- dates and amounts --------------------------------------------------------------------

dates = st.dates(min_value=dt.date(1890, 1, 1), max_value=dt.date(2099, 12, 31))


@given(dates)
def test_spelled_dates_parse_to_iso(day: dt.date) -> None:
    month = MONTHS[day.month - 1]
    for text in (f"{month} {day.day}, {day.year}", f"{day.day} {month} {day.year}", day.isoformat()):
        assert iso_date(text) == day.isoformat()
    assert iso_date(f"{month} {day.year}") == f"{day.year}-{day.month:02d}"
    assert iso_date(str(day.year)) == str(day.year)


@given(dates)
def test_date_prefix_rule_is_one_way(day: dt.date) -> None:
    full, month, year = day.isoformat(), day.isoformat()[:7], str(day.year)
    assert value_matches(full, [year], "P577") and value_matches(full, [month], "P577")
    assert value_matches(full, [full], "P577")
    assert not value_matches(year, [full], "P577")
    assert not value_matches(month, [full], "P577")
    other = (day + dt.timedelta(days=400)).isoformat()
    assert not value_matches(other, [full], "P577")


@given(st.integers(min_value=1_000, max_value=10**11))
def test_amounts_match_within_half_a_percent(value: int) -> None:
    gold = [f"{value} USD"]
    assert value_matches(f"{value * 1.004:.2f} USD", gold, "P2130")
    assert value_matches(f"{value * 0.996:.2f} USD", gold, "P2130")
    assert not value_matches(f"{value * 1.01:.2f} USD", gold, "P2130")


def test_amount_spellings() -> None:
    assert amount("$36.5 million") == 36.5e6
    assert amount("US$2 billion") == 2e9
    assert amount("6,000,000 USD") == 6e6
    assert amount("about six million") is None


# --- matching -----------------------------------------------------------------------------

GOLD = [
    GoldFact("Alpha", "P57", "Dana Reyes", object_aliases=("Reyes",)),
    GoldFact("Alpha", "P161", "Jo Park"),
    GoldFact("Alpha", "P495", "United States", object_aliases=("US",)),
    GoldFact("Alpha", "P577", "2001"),
    GoldFact("Alpha", "P2130", "6000000 USD"),
]


def test_perfect_graph_scores_one() -> None:
    g = graph_of(fact("Alpha", "P57", "Reyes"), fact("Alpha", "P161", "Jo Park"),
                 fact("Alpha", "P495", Entity("American", EntityKind.COUNTRY)),
                 fact("Alpha", "P577", DateValue("2001-03-04")),
                 fact("Alpha", "P2130", Money(Decimal("6010000"))))
    result, _ = score(g, GOLD)
    assert {pid: (c.tp, c.fp, c.fn) for pid, c in result.per_property.items()} == {
        "P57": (1, 0, 0), "P161": (1, 0, 0), "P495": (1, 0, 0), "P577": (1, 0, 0), "P2130": (1, 0, 0)}


def test_false_positive_keeps_its_evidence_and_misses_are_listed() -> None:
    g = graph_of(fact("Alpha", "P57", "Dana Reyes"),
                 fact("Alpha", "P161", "Sam Wu", sentence="Sam Wu visited the set."))
    result, found = score(g, GOLD)
    assert [p.object_names for p in result.false_positives] == [("Sam Wu",)]
    assert found[result.false_positives[0]] == ("Sam Wu visited the set.",)
    assert {m.pid for m in result.misses} == {"P161", "P495", "P577", "P2130"}


def test_each_gold_fact_matches_one_prediction_and_vice_versa() -> None:
    gold = [GoldFact("Alpha", "P161", "Jo Park"),
            GoldFact("Alpha", "P161", "Jo Park", object_aliases=("Park",))]
    g = graph_of(fact("Alpha", "P161", "Jo Park"))
    result, _ = score(g, gold)
    # the second gold fact says the same thing: counted once
    assert (result.per_property["P161"].tp, result.per_property["P161"].fn) == (1, 0)


def test_alignment_follows_subproperty_chains_and_direct_wikidata_predicates() -> None:
    ex = "http://example.org/"
    onto = Graph()
    onto.add((URIRef(ex + "helmedBy"), RDFS.subPropertyOf, URIRef(ex + "madeBy")))
    onto.add((URIRef(ex + "madeBy"), OWL.equivalentProperty, URIRef("http://www.wikidata.org/prop/direct/P57")))
    data = Graph()
    film, person = URIRef(ex + "f"), URIRef(ex + "p")
    data.add((film, RDFS.label, Literal("Alpha")))
    data.add((person, RDFS.label, Literal("Dana Reyes")))
    data.add((film, URIRef(ex + "helmedBy"), person))
    data.add((film, URIRef("http://www.wikidata.org/prop/direct/P161"), person))
    aligned = property_alignment([onto, data])
    assert aligned[URIRef(ex + "helmedBy")] == "P57"
    found = predictions(data, aligned, ALL)
    assert {p.pid for p in found} == {"P57", "P161"}


@given(st.lists(st.sampled_from(GOLD), min_size=1, max_size=12), st.randoms(use_true_random=False))
def test_duplicated_or_reordered_gold_counts_the_same(gold: list[GoldFact], rnd: random.Random) -> None:
    g = graph_of(fact("Alpha", "P57", "Dana Reyes"), fact("Alpha", "P161", "Sam Wu"))
    once, _ = score(g, list(dict.fromkeys(gold)))
    shuffled = gold * 2
    rnd.shuffle(shuffled)
    twice, _ = score(g, shuffled)
    counts = {k: (v.tp, v.fp, v.fn) for k, v in once.per_property.items()}
    assert counts == {k: (v.tp, v.fp, v.fn) for k, v in twice.per_property.items()}


@given(st.lists(st.tuples(st.sampled_from(["P57", "P161", "P915"]),
                          st.sampled_from(["Dana Reyes", "Jo Park", "Reyes", "Sam Wu", "Lima"])),
                max_size=10))
def test_counts_add_up(pairs: list[tuple[str, str]]) -> None:
    g = graph_of(*(fact("Alpha", pid, name) for pid, name in pairs))
    result, found = score(g, GOLD)
    props = {"P57", "P161", "P915"}
    tp = sum(c.tp for c in result.per_property.values())
    fp = sum(c.fp for c in result.per_property.values())
    fn = sum(c.fn for c in result.per_property.values())
    assert tp + fn == len(dedupe_gold(GOLD, ALL))
    assert tp + fp == len([p for p in found if p.pid in props])


def test_prediction_without_labels_is_not_scored() -> None:
    g = Graph()
    g.add((URIRef("http://x/f"), URIRef("http://www.wikidata.org/prop/direct/P57"), URIRef("http://x/p")))
    assert predictions(g, property_alignment([g]), ALL) == {}
    assert Prediction("P57", ("a",), ("b",)) < Prediction("P57", ("a",), ("c",))


def test_a_prediction_that_could_serve_two_gold_facts_does_not_cost_a_pair() -> None:
    gold = [GoldFact("Alpha", "P577", "2014"), GoldFact("Alpha", "P577", "March 20, 2014")]
    for order in ((DateValue("2014-03-20"), DateValue("2014")), (DateValue("2014"), DateValue("2014-03-20"))):
        g = graph_of(*(fact("Alpha", "P577", d) for d in order))
        result, _ = score(g, gold)
        counts = result.per_property["P577"]
        assert (counts.tp, counts.fp, counts.fn) == (2, 0, 0)
