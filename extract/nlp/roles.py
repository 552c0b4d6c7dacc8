"""Handlers for people named by their role or part: role nouns ("the producer Ann Roe",
"Jane Doe, the film's editor", "Directors: A, B", "the cinematographer who shot 'A' and
'B'"), "won Best Actress for her role in 'Title'", casting news ("has joined the cast of
'Title'") and "stars opposite Jane Doe". Registered into `handlers.HANDLERS`.

Kept because: 31 of the 945 facts the extractor keeps on dev, the seed and Re-DocRED
film are these credits as is, and the pair classifier was trained with them as features.
"""

from __future__ import annotations

from typing import Any

from extract.nlp.clauses import name_of, subject_of
from extract.nlp.context import Context
from extract.nlp.gazetteer import cues
from extract.nlp.handlers import HANDLERS, emit_names, sent_end_of
from extract.nlp.spans import Name, name_at, name_list, title_run_left

_ROLE_PREV = frozenset(cues("before_role"))
_COMPOUND_ROLES = dict(cues("compound_roles"))
#: Verbs that credit a role's work in "the cinematographer who shot A and B".
#: A director "shot" a film they directed; a composer who "directed" one is credited for nothing here.
CREDIT_VERBS = dict(cues("credit_verbs"))
ACTING_ROLES = frozenset(cues("acting_roles"))


def clause_name(ctx: Context, tok: Any) -> Name | None:
    """The name headed by a clause subject, trimmed ("Jane Doe won" tagged as one entity)."""
    name = name_of(ctx, tok) if tok is not None else None
    if name is None:
        return None
    trimmed = name_at(ctx.doc, name.start, name.end)
    return Name(trimmed.start, trimmed.end, name.label) if trimmed is not None else name


def role_right(ctx: Context, rule: dict[str, Any], start: int, end: int) -> None:
    """'the producer Ann Roe', 'The director, Jane Doe, said', 'The story writer was X',
    'Writer-director Jane Doe's "Title"', 'Cinematographer Ann Roe shoots ...'."""
    doc = ctx.doc
    roles = ctx.dom.role_nouns
    words = [t.lower_ for t in doc[start:end] if t.lower_ not in {"was", "is", "were", "are"}]
    pids = list(roles.get(" ".join(words)) or roles.get(words[-1]) or [])
    if not pids:
        return
    first = start
    if start >= 2 and doc[start - 1].text == "-" and doc[start - 2].lower_ in _COMPOUND_ROLES:
        first = start - 2
        pids.append(_COMPOUND_ROLES[doc[first].lower_])
    copula = doc[end - 1].lower_ in {"was", "is", "were", "are"}
    if not doc[first].is_lower:
        # a capitalised role opens the sentence: "Cinematographer Ann Roe frames ..."
        if not doc[first].is_sent_start or (set(pids) <= {"P57", "P162"} and first == start):
            return
    elif not copula:
        prev = doc[first - 1].lower_ if first > 0 else ""
        if prev not in _ROLE_PREV:
            return
    j = end
    if j < len(doc) and doc[j].text == ",":
        j += 1
    limit = sent_end_of(ctx, start)
    names = name_list(doc, j, limit, skip=0, possessive=True)
    if not copula:
        names = names[:1] if not (len(names) > 1 and words[-1].endswith("s")) else names
    for n in names:
        film = None
        if n.end + 1 < limit and doc[n.end].text in {"'s", "’s"}:
            # "director Jane Doe's 'Title'": the roles are for that title
            k = n.end + 1
            while k < limit and doc[k].text in {'"', "“", "'", "‘"}:
                k += 1
            film = ctx.film_at(k) if k < limit else None
            if film is None and "P57" in pids:
                continue
        emit_names(ctx, rule, [n], pids, start, film=film, factor=1.0 if film is None else 0.95)


def role_left(ctx: Context, rule: dict[str, Any], start: int, end: int) -> None:
    """'Ann Roe, one of the producers', 'Jane Doe, the film's editor'."""
    doc = ctx.doc
    role = doc[start]
    start_role = start
    if not role.is_lower:
        return
    pids = ctx.dom.role_nouns.get(role.lower_, [])
    sent_start = ctx.sents[ctx.sent_of(start)].start
    # walk back over "the film's" / "one of the" / "its" to the comma after the name
    i = start - 1
    if i > sent_start and doc[i].text in {"'s", "’s"}:
        i -= 1
        if doc[i].lower_ in {"film", "movie"}:
            i -= 1
    if i <= sent_start or doc[i].lower_ not in {"the", "its", "his", "her", "their"}:
        return
    i -= 1
    if i > sent_start and doc[i].lower_ == "of" and doc[i - 1].lower_ in {"one", "both", "two"}:
        i -= 2
    if i <= sent_start or doc[i].text != ",":
        return
    start = i
    name_start = title_run_left(doc, start, sent_start)
    if name_start >= start:
        return
    name = name_at(doc, name_start, start)
    if name is None or name.end != start:
        return
    # "Jane Doe, the director of 'Title'": the film named after the role
    k = start_role + 1
    film = None
    if k + 1 < len(doc) and doc[k].lower_ == "of":
        k += 1
        while k < len(doc) and doc[k].text in {'"', "“", "'", "‘", "the"}:
            k += 1
        film = ctx.film_at(k) if k < len(doc) else None
    emit_names(ctx, rule, [name], pids, start, film=film)


def list_line(ctx: Context, rule: dict[str, Any], start: int, end: int) -> None:
    """'Directors: Josh Doe, Jane Roe' (also inside parentheses after a title)."""
    word = ctx.doc[start].lower_
    pids = ctx.dom.role_nouns.get(word) or ctx.dom.category_nouns.get(word, [])
    if not pids:
        return
    doc = ctx.doc
    if word not in ctx.dom.role_nouns and all(t.lower_ != "best" for t in doc[max(0, start - 4) : start]):
        return  # only an award category ("Best Supporting Actress:") credits its winner
    limit = sent_end_of(ctx, start)
    if limit <= end + 1:  # the parser cut "Screenplay:" from its names: read to the end of the line
        limit = next(
            (t for t in range(end, min(len(doc), end + 40)) if "\n" in doc[t].text), min(len(doc), end + 40)
        )
    names = name_list(doc, end, limit, skip=0)
    film, factor = ctx.film_for(start, right=True)
    emit_names(ctx, rule, names, pids, start, film=film, factor=factor)


def role_in(ctx: Context, rule: dict[str, Any], start: int, end: int) -> None:
    """'Jane Doe won Best Actress for her role in "Title"': the winner acted in the film."""
    doc = ctx.doc
    verb = doc[start].head
    while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
        verb = verb.head
    name = clause_name(ctx, subject_of(verb))
    if name is None or ctx.kind_of(name) != "person":
        return
    j = end
    while j < len(doc) and doc[j].text in {'"', "“", "‘"}:
        j += 1
    film = ctx.film_at(j) if j < len(doc) else None
    if film is None:
        return
    emit_names(ctx, rule, [name], ["P161"], start, film=film)


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
    name = name_of(ctx, person) if person is not None else None
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


def cast_join(ctx: Context, rule: dict[str, Any], start: int, end: int) -> None:
    """'Jane Doe has joined the cast of "Title"': the subject is a cast member."""
    doc = ctx.doc
    verb = doc[start]
    name = clause_name(ctx, subject_of(verb))
    if name is None or ctx.kind_of(name) not in {"person", "org?", "unknown"}:
        return
    film, factor = ctx.film_for(end, right=True)
    if film is None:
        return
    emit_names(ctx, rule, [name], ["P161"], start, film=film, factor=factor)


def opposite(ctx: Context, rule: dict[str, Any], start: int, end: int) -> None:
    """'... stars opposite Jane Doe', 'cast opposite A and B': the names are cast members."""
    trigger = ctx.doc[start]
    if trigger.pos_ not in {"ADP", "ADV", "ADJ"} or trigger.dep_ in {"amod", "pobj"}:
        return  # "the opposite direction", "on the opposite bank"
    names = name_list(ctx.doc, end, sent_end_of(ctx, start), skip=1)
    emit_names(ctx, rule, names, ["P161"], start)


HANDLERS.update(
    {
        "role_right": role_right,
        "role_left": role_left,
        "list_line": list_line,
        "role_in": role_in,
        "role_relcl": role_relcl,
        "cast_join": cast_join,
        "opposite": opposite,
    }
)
