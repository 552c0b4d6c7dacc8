"""Handlers for trade-press phrasing: rights deals ("Acme has acquired North American rights
to 'Title'"), casting news ("Jane Doe has joined the cast of 'Title'"), releases "via" or
"through" a distributor, and producers named before their role ("with A and B serving as
producers"). Registered into `handlers.HANDLERS`.
"""

from __future__ import annotations

from typing import Any

from extract.nlp.clauses import _name_of, _subject
from extract.nlp.context import Context
from extract.nlp.gazetteer import cues
from extract.nlp.handlers import HANDLERS, emit_names, sent_end_of
from extract.nlp.spans import Name, name_at, name_list

#: Words before "rights" that make them something other than distribution rights.
NOT_DISTRIBUTION = frozenset(cues("not_distribution_rights"))
RIGHTS_VERBS = frozenset(cues("rights_verbs"))
RELEASE_CUES = frozenset(cues("release_cues"))


def _clause_name(ctx: Context, tok: Any) -> Name | None:
    """The name headed by a clause subject, trimmed ("Jane Doe won" tagged as one entity)."""
    name = _name_of(ctx, tok) if tok is not None else None
    if name is None:
        return None
    trimmed = name_at(ctx.doc, name.start, name.end)
    return Name(trimmed.start, trimmed.end, name.label) if trimmed is not None else name


def _org_obj(ctx: Context, name: Name) -> dict[str, Any] | None:
    """A distributor named as a clause subject: any name but a person or a country."""
    text = ctx.doc[name.start : name.end].text
    kind = ctx.kind_of(name)
    if kind == "person" or text.casefold() in ctx.dom.countries or text.casefold() in ctx.dom.demonyms:
        return None
    return {"type": "org", "name": text}


def rights_to(ctx: Context, rule: dict[str, Any], start: int, end: int) -> None:
    """'Acme has acquired (North American) rights to "Title"': Acme distributes the film."""
    doc = ctx.doc
    sent = ctx.sents[ctx.sent_of(start)]
    verb = None
    for t in reversed(doc[max(sent.start, start - 6) : start]):
        if t.lower_ in NOT_DISTRIBUTION or t.lower_ in {"international", "foreign"}:
            return  # "film rights to the novel", "international sales rights"
        if t.lemma_ in RIGHTS_VERBS:
            verb = t
            break
    if verb is None:
        return
    subj = _subject(verb)
    name = _name_of(ctx, subj) if subj is not None else None
    if name is None:
        return
    obj = _org_obj(ctx, name)
    film, factor = ctx.film_for(end, right=True)
    if obj is None or film is None or ctx.film_at(name.start) is not None:
        return
    ctx.add(
        subject=ctx.film_subject(film),
        pid="P750",
        obj=obj,
        rule=rule["id"],
        confidence=rule["confidence"] * factor * (1.0 if name.label == "ORG" else 0.9),
        token=start,
    )


def cast_join(ctx: Context, rule: dict[str, Any], start: int, end: int) -> None:
    """'Jane Doe has joined the cast of "Title"': the subject is a cast member."""
    doc = ctx.doc
    verb = doc[start]
    name = _clause_name(ctx, _subject(verb))
    if name is None or ctx.kind_of(name) not in {"person", "org?", "unknown"}:
        return
    film, factor = ctx.film_for(end, right=True)
    if film is None:
        return
    emit_names(ctx, rule, [name], ["P161"], start, film=film, factor=factor)


def release_via(ctx: Context, rule: dict[str, Any], start: int, end: int) -> None:
    """'opens in cinemas on Friday via Curzon', 'arrives in UK cinemas through Acme'."""
    doc = ctx.doc
    sent = ctx.sents[ctx.sent_of(start)]
    before = {t.lower_ for t in doc[max(sent.start, start - 8) : start]}
    if not before & RELEASE_CUES:
        return
    name = name_at(doc, end, sent.end)
    if name is None or name.start != end:
        return
    obj = _org_obj(ctx, name)
    film, factor = ctx.film_for(start)
    if obj is None or film is None or ctx.film_at(name.start) is not None:
        return
    ctx.add(
        subject=ctx.film_subject(film),
        pid="P750",
        obj=obj,
        rule=rule["id"],
        confidence=rule["confidence"] * factor,
        token=start,
    )


def opposite(ctx: Context, rule: dict[str, Any], start: int, end: int) -> None:
    """'... stars opposite Jane Doe', 'cast opposite A and B': the names are cast members."""
    trigger = ctx.doc[start]
    if trigger.pos_ not in {"ADP", "ADV", "ADJ"} or trigger.dep_ in {"amod", "pobj"}:
        return  # "the opposite direction", "on the opposite bank"
    names = name_list(ctx.doc, end, sent_end_of(ctx, start), skip=1)
    emit_names(ctx, rule, names, ["P161"], start)


def role_in(ctx: Context, rule: dict[str, Any], start: int, end: int) -> None:
    """'Jane Doe won Best Actress for her role in "Title"': the winner acted in the film."""
    doc = ctx.doc
    verb = doc[start].head
    while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
        verb = verb.head
    name = _clause_name(ctx, _subject(verb))
    if name is None or ctx.kind_of(name) != "person":
        return
    j = end
    while j < len(doc) and doc[j].text in {'"', "“", "‘"}:
        j += 1
    film = ctx.film_at(j) if j < len(doc) else None
    if film is None:
        return
    emit_names(ctx, rule, [name], ["P161"], start, film=film)


#: Verbs that credit a role's work in "the cinematographer who shot A and B".
#: A director "shot" a film they directed; a composer who "directed" one is credited for nothing here.
CREDIT_VERBS = dict(cues("credit_verbs"))
ACTING_ROLES = frozenset(cues("acting_roles"))


def role_relcl(ctx: Context, rule: dict[str, Any], start: int, end: int) -> None:
    """'Jane Doe, the German cinematographer who shot "A" and "B"': the role's person on each film."""
    doc = ctx.doc
    role = doc[start]
    verb = doc[end - 1]
    roles = ["P161"] if role.lower_ in ACTING_ROLES else ctx.dom.role_nouns.get(role.lower_, [])
    pids = [p for p in roles if p in CREDIT_VERBS.get(verb.lower_, ())]
    if not pids or doc[start + 1].lower_ != "who":
        return
    person = role.head if role.dep_ == "appos" else None
    name = _name_of(ctx, person) if person is not None else None
    if name is None or ctx.kind_of(name) not in {"person", "org?", "unknown"}:
        return
    limit = sent_end_of(ctx, start)
    films: list[int] = []
    for j in range(end, limit):
        if doc[j].lower_ in {";", "while", "but", "and"} and doc[j + 1 : j + 2].text[:1].islower():
            break  # "... and later taught": the clause ends
        film = ctx.film_at(j)
        if film is not None and film not in films:
            films.append(film)
    for film in films:
        emit_names(ctx, rule, [name], pids, start, film=film)


HANDLERS.update({"role_in": role_in, "role_relcl": role_relcl})
HANDLERS.update(
    {"rights_to": rights_to, "cast_join": cast_join, "release_via": release_via, "opposite": opposite}
)
