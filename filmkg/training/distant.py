"""Distant supervision: mention-level training labels from document-level gold facts.

Gold gives facts with surface names, not spans. A film candidate is a positive
example when its folded text is a gold film's name or alias; a candidate pair is
a positive example of property P when the gold holds (subject, P, object) under
the scorer's own matching rules (aliases, dates inside a year, demonyms).

Such labels are noisy: a gold director is paired with the film in every sentence
naming both, and most of those sentences do not say who directed it. So only the
pair that best expresses a gold fact stays a positive example (`best_instances`).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np

from extract.model.extractor import allowed
from extract.model.pairs import Pair
from extract.model.text import fold, title_variants
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
        subject_facts = {
            id(f): f for n in title_variants(pair.subject_name) for f in by_subject.get(fold(n), ())
        }
        for f in subject_facts.values():
            if (
                f.pid in props
                and f.pid not in found
                and any(value_matches(n, f.object_names, f.pid) for n in names)
            ):
                found.add(f.pid)
        out.append(found)
    return out


def best_instances(keys: Sequence[Hashable], labels: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """Rows to learn from: every negative, and of each gold fact's pairs only the best-scored one.

    Multi-instance learning for distant supervision: a fact is right when one of its
    pairs states it, so the other pairs of a gold fact are left out rather than taught
    as positives. `keys` groups pairs into facts; `scores` come from a first,
    out-of-fold model trained on all the pairs.
    """
    use = labels == 0
    best: dict[Hashable, int] = {}
    for i, key in enumerate(keys):
        if labels[i] and (key not in best or scores[i] > scores[best[key]]):
            best[key] = i
    use[list(best.values())] = True
    return use
