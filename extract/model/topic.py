"""The person a text is about (an obituary, a career profile) and what ties a film to them.

People-centred texts rarely name the person in the same sentence as their films, so
the topic person's first mention is paired with every film and these features let the
relation classifier decide.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from extract.model.objects import ObjectCandidate
from extract.model.pairs import FilmMention, Scope
from extract.model.text import bucket, fold, vocabulary

#: Nouns that say what a person does in film ("director X", "X, the actor").
ROLE_WORDS = vocabulary("role_words")


@dataclass
class Topic:
    """The person a text is about, how often it names them, and the roles it gives them."""

    first: ObjectCandidate
    mentions: int
    roles: frozenset[str]


def topic_person(people: list[ObjectCandidate], scope: Scope) -> Topic | None:
    """The person a text is about (an obituary, a profile): named early and most often.

    Their films are rarely in the same sentence as their name, so their first mention
    is paired with every film of the document and the classifier decides.
    """
    counts: dict[str, list[ObjectCandidate]] = {}
    for p in people:
        counts.setdefault(fold(p.value), []).append(p)
    if not counts:
        return None
    mentions = max(counts.values(), key=lambda ms: (len(ms), -ms[0].start))
    first = min(mentions, key=lambda m: m.start)
    if len(mentions) < 3 or bisect.bisect_right(scope.sent_starts, first.start) > 3:
        return None
    doc = scope.doc
    roles: set[str] = set()
    for m in mentions:
        span = scope.span(m.start, m.end)
        if span is not None:
            window = doc[max(0, span.start - 3) : min(len(doc), span.end + 3)]
            roles.update(t.lemma_.casefold() for t in window if t.lemma_.casefold() in ROLE_WORDS)
    return Topic(first, len(mentions), frozenset(roles))


def topic_features(scope: Scope, film: FilmMention, topic: Topic) -> list[str]:
    """What ties a film to the text's person: how present they are, their roles, the film's context."""
    doc = scope.doc
    feats = [f"tp_n={bucket(topic.mentions, (3, 5, 8, 13))}"]
    feats += [f"tp_role={r}" for r in topic.roles] or ["tp_role=none"]
    s = film.tokens[0]
    before = [doc[k].lower_ for k in range(max(0, s - 4), s)]
    feats += [f"tp_fl{k}={w}" for k, w in enumerate(reversed(before[-2:]))]
    if {"his", "her", "their"} & set(before):
        feats.append("tp_poss")
    feats.append(f"tp_lk={scope.line(film.start).kind}")
    return feats
