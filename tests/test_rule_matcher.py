"""The rules' Matcher run only where a rule can start finds what spaCy's Matcher finds."""

from __future__ import annotations

from typing import Any

import pytest
from spacy.matcher import Matcher

from extract.nlp.gazetteer import load_jsonl
from extract.nlp.relations import RULES_FILE, TriggeredMatcher, expand_first_token

TEXTS = [
    "Paper Moths is a 2011 drama directed by Mira Holt and produced by Oskar Lind for Northgate Films.",
    "The cast includes Lise van Dorn, Pell Aguirre and Ode Brann. It was distributed in the United "
    "Kingdom by Harbour Pictures, a Northgate Films production.",
    "Winter Ferry (1961). Written by Anna Quill. Music by Tomas Brek. Starring Ode Brann.\n\n"
    "A Harbour release.",
    "Nothing here starts a rule at all.",
    "",
]


@pytest.fixture(scope="module")
def matchers(rules_nlp: Any) -> tuple[Matcher, TriggeredMatcher]:
    plain, triggered = Matcher(rules_nlp.vocab), TriggeredMatcher(rules_nlp.vocab)
    for rule in load_jsonl(RULES_FILE):
        patterns = expand_first_token(rule["pattern"])
        plain.add(rule["id"], patterns)
        triggered.add(rule["id"], patterns)
    return plain, triggered


@pytest.fixture(scope="module")
def rules_nlp() -> Any:
    from extract.nlp.pipeline import build_nlp

    return build_nlp(trained=False)


@pytest.mark.parametrize("text", TEXTS)
def test_the_same_matches_as_a_matcher_over_the_whole_text(
    rules_nlp: Any, matchers: tuple[Matcher, TriggeredMatcher], text: str
) -> None:
    plain, triggered = matchers
    with rules_nlp.select_pipes(disable=["film_relations"]):
        doc = rules_nlp(text)
    expected = sorted(set(plain(doc)), key=lambda m: (m[1], m[2], m[0]))
    assert triggered(doc) == expected


def test_the_texts_exercise_bounded_and_unbounded_rules(
    rules_nlp: Any, matchers: tuple[Matcher, TriggeredMatcher]
) -> None:
    plain, triggered = matchers
    found = {rules_nlp.vocab.strings[k] for text in TEXTS for k, _, _ in triggered(rules_nlp(text))}
    assert {"cast_includes", "distributed_in_by"} & found
    assert len(found) >= 4


def test_a_rule_must_open_with_a_plain_word(rules_nlp: Any) -> None:
    with pytest.raises(ValueError, match="must open with"):
        TriggeredMatcher(rules_nlp.vocab).add("loose", [[{"POS": "NOUN"}, {"LOWER": "by"}]])
