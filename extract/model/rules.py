"""How the hand rules' facts join the classifiers' facts.

The rules run first and propose facts with confidences of their own. In a text that
opens like an encyclopedia article about a film, which is what the rules were written
for, those confidences hold up: such a fact keeps the higher of its rule confidence
and the classifiers' calibrated one, and a rule fact the classifiers had no candidate
for stands on its own. Elsewhere (news, reviews, lists) they do not: on the web-film
training texts a rule fact the classifiers also propose is right about half the
time, whatever confidence the rule gave it, and one they had no candidate for far
less often. There a rule fact is kept only when the classifiers proposed it, and its
confidence is the classifiers' score read through calibration tables fitted on such
confirmed facts (`ruled:P57`, `ruled:*`), so one threshold means the same for all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from extract.model.text import fold, primary_title

FactKey = tuple[str, str, str]

#: How a fact arose: the classifiers alone, the classifiers confirmed by a rule outside an
#: encyclopedic text, or a rule alone (in an encyclopedic text).
MODEL, RULED, RULES = "model", "ruled", "rules"


def fact_key(record: Mapping[str, Any]) -> FactKey:
    """(subject, property, value), folded: the identity of a fact record."""
    obj = record["object"]
    value = obj.get("name") or obj.get("date") or " ".join(obj.get("money") or ())
    return fold(record["subject"]["name"]), record["property"], fold(value)


def named_as_titles(fact: dict[str, Any]) -> dict[str, Any]:
    """A rule fact whose film carries the title its heading holds, as the classifiers name films.

    The rules read a lead sentence's subject whole, and a page may open with its date
    or a label ("03 May 2013 :: Title is a 1913 film ..."); the full text stays an alias.
    """
    subject = fact["subject"]
    if subject.get("kind") != "Film":
        return fact
    title = primary_title(subject["name"])
    if title == subject["name"]:
        return fact
    aliases = sorted({*subject.get("aliases", ()), subject["name"]} - {title})
    return {**fact, "subject": {**subject, "name": title, "aliases": aliases}}


def by_key(rule_facts: Iterable[dict[str, Any]]) -> dict[FactKey, dict[str, Any]]:
    """The rules' facts, the most confident record per fact (films named by their titles)."""
    out: dict[FactKey, dict[str, Any]] = {}
    for fact in map(named_as_titles, rule_facts):
        key = fact_key(fact)
        old = out.get(key)
        if old is None or fact["evidence"]["confidence"] > old["evidence"]["confidence"]:
            out[key] = fact
    return out


def curves(prop: str, origin: str) -> Sequence[str]:
    """Calibration tables to try, most specific first, for a fact of `prop` from `origin`."""
    if origin == RULES:
        return ()  # the rule's own confidence
    if origin == RULED:
        return (f"ruled:{prop}", "ruled:*", prop, "*")
    return (prop, "*")


def combine(
    model_facts: list[dict[str, Any]],
    rules: Mapping[FactKey, dict[str, Any]],
    encyclopedic: bool,
    min_confidence: float,
) -> list[dict[str, Any]]:
    """One record per fact.

    A fact both propose keeps the rule's record (its rule name and character) and the
    classifiers' names; its confidence is the classifiers', or in an `encyclopedic` text
    the higher of theirs and the rule's. There, too, a rule fact the classifiers did not
    propose stands on its rule confidence; elsewhere it is dropped.
    """
    out = []
    proposed = set()
    for fact in model_facts:
        key = fact_key(fact)
        proposed.add(key)
        rule = rules.get(key)
        if rule is not None:
            confidence = fact["evidence"]["confidence"]
            if encyclopedic:
                confidence = max(confidence, rule["evidence"]["confidence"])
            fact = {
                **rule,
                "subject": _with_aliases(rule["subject"], fact["subject"]),
                "object": _with_aliases(rule["object"], fact["object"]),
                "evidence": {**rule["evidence"], "confidence": confidence},
            }
        out.append(fact)
    if encyclopedic:
        out += [
            fact
            for key, fact in rules.items()
            if key not in proposed and fact["evidence"]["confidence"] >= min_confidence
        ]
    return out


def _with_aliases(kept: dict[str, Any], other: Mapping[str, Any]) -> dict[str, Any]:
    """`kept` with the other record's names of the same entity as aliases too."""
    if "name" not in kept or "name" not in other:
        return kept
    names = {*kept.get("aliases", ()), *other.get("aliases", ()), other["name"]} - {kept["name"]}
    return {**kept, "aliases": sorted(names)}
