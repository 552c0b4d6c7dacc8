"""Distant supervision: mention-level training labels from document-level gold facts.

Gold gives facts with surface names, not spans. A film candidate is a positive
example when its folded text is a gold film's name or alias; a candidate pair is
a positive example of property P when the gold holds (subject, P, object) under
the scorer's own matching rules (aliases, dates inside a year, demonyms).
"""

from __future__ import annotations

from extract.model.extractor import allowed
from extract.model.pairs import Pair
from extract.model.text import fold
from filmkg.scoring import GoldFact, value_matches

PERSON_PROPS = {"P57", "P58", "P162", "P1040", "P344", "P86", "P161"}
AWARD_PROPS = {"P166", "P1411"}


def film_names(facts: tuple[GoldFact, ...]) -> set[str]:
    """Folded names and aliases of the films the gold speaks about (award winners may be people)."""
    people = {fold(f.object) for f in facts if f.pid in PERSON_PROPS}
    names: set[str] = set()
    for f in facts:
        if f.pid in AWARD_PROPS and fold(f.subject) in people:
            continue
        names.update(fold(n) for n in f.subject_names)
    names.discard("")
    return names


def pair_labels(pairs: list[Pair], facts: tuple[GoldFact, ...]) -> list[set[str]]:
    """For each pair, the allowed properties the gold confirms."""
    by_subject: dict[str, list[GoldFact]] = {}
    for f in facts:
        for n in f.subject_names:
            by_subject.setdefault(fold(n), []).append(f)
    out = []
    for pair in pairs:
        props = set(allowed(pair))
        found: set[str] = set()
        names = [pair.obj.value, pair.obj.text, *pair.obj.aliases]
        for f in by_subject.get(fold(pair.subject_name), ()):
            if (
                f.pid in props
                and f.pid not in found
                and any(value_matches(n, f.object_names, f.pid) for n in names)
            ):
                found.add(f.pid)
        out.append(found)
    return out
