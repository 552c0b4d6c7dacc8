"""Handlers that read the dependency parse: active voice ("Nolan directed the film"),
"X plays Y", "based on the novel Z", distribution deals ("Acme acquired distribution
rights", "has acquired North American rights to 'Title'", "opens in cinemas via Acme").
Registered into `handlers.HANDLERS`.

Kept because: the pair classifier was trained with these proposals as features
(13 of the 945 facts kept on dev, the seed and Re-DocRED film are theirs as is);
the helpers `name_of` / `subject_of` serve `roles.py` too.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Token

from extract.nlp.context import Context
from extract.nlp.gazetteer import cues
from extract.nlp.handlers import HANDLERS, emit_names
from extract.nlp.spans import Name, ent_at, name_at, name_list, title_run_right

CREDIT_OBJECTS = frozenset(cues("credit_objects"))
WORK_NOUNS = frozenset(cues("source_work_nouns"))


def name_of(ctx: Context, tok: Token) -> Name | None:
    """The proper name whose head is `tok` (its compound chain or entity)."""
    ent = ent_at(ctx.doc, tok.i)
    if ent is not None:
        return Name(ent.start, ent.end, ent.label_)
    if tok.pos_ != "PROPN":
        return None
    start = min([c.i for c in tok.children if c.dep_ in {"compound", "flat"} and c.pos_ == "PROPN"] + [tok.i])
    return name_at(ctx.doc, start, tok.i + 1)


def subject_of(verb: Token) -> Token | None:
    doc = verb.doc
    # "co-directed" is often parsed with "co" as the head: look through it
    hyphenated = verb.i >= 2 and doc[verb.i - 1].text == "-" and doc[verb.i - 2].lower_ == "co"
    for _ in range(4):
        for c in verb.children:
            if c.dep_ in {"nsubj"}:
                return c
        if (verb.dep_ in {"conj", "xcomp"} or hyphenated) and verb.head.i != verb.i:
            verb = verb.head
            continue
        return None
    return None


def svo(ctx: Context, rule: dict[str, Any], start: int, end: int) -> None:
    """'Jane Doe directed Title', 'Acme released the film', 'Jane Doe starred in Title'."""
    verb = ctx.doc[start]
    if verb.tag_ == "VBN" and (
        verb.dep_ in {"acl", "relcl", "amod"} or any(c.dep_ == "auxpass" for c in verb.children)
    ):
        return  # passive participles are the by-phrase rules' job
    doc = ctx.doc
    subj = subject_of(verb)
    if subj is not None and subj.lower_ in {"who", "that"} and verb.dep_ == "relcl":
        subj = verb.head  # "Jane Doe, who directed the film, ..."
    if subj is None and start >= 3 and doc[start - 1].text == "-" and doc[start - 2].lower_ == "co":
        subj = doc[start - 3]  # "Doe co-wrote ...": the parser loses the subject of "co-" verbs
    if subj is None:
        return
    objs = [c for c in verb.children if c.dep_ in {"dobj", "attr"}]
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in {"in", "on"}):
        objs.extend(c for c in prep.children if c.dep_ == "pobj")
    film = None
    for o in objs:
        film = ctx.filmish(o)
        for a in (c for c in o.children if c.dep_ == "appos"):
            film = film if film is not None else ctx.film_at(a.i)  # "directed the 2019 hit 'Title'"
        if film is None and o.lemma_ in CREDIT_OBJECTS and rule["properties"][0] in {"P58", "P86"}:
            film = ctx.film_for(start)[0]  # "co-wrote the screenplay", "composed the score"
        if film is not None:
            break
    if film is None:  # 'Acme will release "Yes, Chef!"': the parser splits a title with a comma
        j = start + 1
        while j < len(doc) and doc[j].text in {'"', "“", "‘"}:
            j += 1
        film = ctx.film_at(j) if j > start + 1 and j < len(doc) else None
    in_objects = any(c.dep_ == "prep" and c.lower_ == "in" for c in verb.children)
    if (
        film is None
        and "P161" in rule["properties"]
        and not in_objects
        and any(c.lower_ == "as" for c in verb.children)
    ):
        film = ctx.film_for(start)[0]  # "Jane Doe stars as the stranger"
    if film is None:
        return
    subjects = [subj, *(c for c in subj.children if c.dep_ == "conj")]
    hosts = [verb, *objs]
    for prep in (c for h in hosts for c in h.children if c.dep_ == "prep" and c.lower_ == "with"):
        if rule["properties"][0] in {"P57", "P58", "P86"}:  # "co-wrote the screenplay with Ann Roe"
            subjects.extend(c for c in prep.children if c.dep_ == "pobj")
    names = [n for n in (name_of(ctx, s) for s in subjects) if n is not None]
    pids = list(rule["properties"])
    emit_names(ctx, rule, names, pids, start, film=film, factor=1.0)


def plays(ctx: Context, rule: dict[str, Any], start: int, end: int) -> None:
    """'Doe plays Kira', 'John Roe played the role of Max', 'A, B and C play roles'."""
    doc = ctx.doc
    verb = doc[start]
    subj = subject_of(verb)
    if subj is None:
        return
    character: str | None = None
    dobj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if dobj is None:
        return
    if dobj.lower_ in {"role", "roles", "part", "parts", "character", "characters"}:
        of = next((c for c in dobj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if pobj is not None:
            n = name_of(ctx, pobj)
            character = doc[n.start : n.end].text if n else None
    elif dobj.pos_ == "NOUN" and any(c.lower_ in {"a", "an"} for c in dobj.children):
        character = None  # "Jane Doe plays a widowed farmer": an unnamed role
    else:
        n = name_of(ctx, dobj)
        if n is None or n.label not in {"PERSON", ""}:
            return
        character = doc[n.start : n.end].text
    left = subj.left_edge.i
    names = name_list(doc, left, subj.right_edge.i + 1, skip=0, characters=False)
    if not names:
        n = name_of(ctx, subj)
        names = [n] if n else []
    for n in names:
        n.character = character if len(names) == 1 else None
    film = None
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "in"):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            film = ctx.filmish(pobj)
    if film is None:
        film, _ = ctx.film_for(start)
    emit_names(ctx, rule, names, ["P161"], start, film=film, factor=0.95)


def based_on(ctx: Context, rule: dict[str, Any], start: int, end: int) -> None:
    """'based on the 1990 novel of the same name', 'based on the novel Some Title'."""
    doc = ctx.doc
    sent = ctx.sents[ctx.sent_of(start)]
    film, factor = ctx.film_for(start)
    if film is None:
        return
    i = end
    saw_work = False
    while i < sent.end and i - end < 8:
        tok = doc[i]
        if tok.lower_ == "by":
            break  # "the novel by Jane Doe": the author, not the title
        if tok.lower_ in WORK_NOUNS:
            saw_work = True
            i += 1
            continue
        if (
            tok.text in {"'s", "’s"}
            or tok.is_lower
            or tok.like_num
            or tok.pos_ in {"DET", "ADJ", "PUNCT"}
            and tok.text not in {'"', "“"}
        ):
            i += 1
            continue
        ent = ent_at(doc, i)
        if ent is not None and ent.label_ in {"PERSON", "ORG"}:
            k = ent.end - 1 if doc[ent.end - 1].text in {"'s", "’s"} else ent.end
            if k < sent.end and doc[k].text in {"'s", "’s"}:
                i = k  # the author's name before "'s novel"
                continue
        break
    tail = doc[end : min(sent.end, i + 6)].text.casefold()
    title = None
    if saw_work and "of the same name" in tail:
        title = ctx.films[film]["name"]
    elif saw_work and i < sent.end and doc[i].text[:1].isupper():
        e = title_run_right(doc, i, sent.end)
        if e > i and ctx.film_at(i) is None:
            title = doc[i:e].text
    if title:
        ctx.add(
            subject=ctx.film_subject(film),
            pid="P144",
            obj={"type": "work", "name": title},
            rule=rule["id"],
            confidence=rule["confidence"] * factor,
            token=start,
        )


def rights(ctx: Context, rule: dict[str, Any], start: int, end: int) -> None:
    """'Acme acquired North American distribution rights' (not worldwide sales rights)."""
    doc = ctx.doc
    sent = ctx.sents[ctx.sent_of(start)]
    before = doc[max(sent.start, start - 4) : start]
    if any(t.lower_ in ctx.dom.sales_words for t in before):
        return
    names: list[Name] = []
    verb = None
    for t in reversed(doc[max(sent.start, start - 6) : start]):
        if t.lemma_ in {"acquire", "buy", "pick", "secure", "land", "obtain", "take", "purchase", "win"}:
            verb = t
            break
    if verb is not None:
        subj = subject_of(verb)
        if subj is not None:
            n = name_of(ctx, subj)
            if n is not None:
                names = [n]
    else:
        for j in range(end, min(sent.end, end + 8)):
            if doc[j].lower_ == "by" and doc[j - 1].lower_ in {"acquired", "bought", "purchased", "secured"}:
                names = name_list(doc, j + 1, sent.end, skip=1)
                break
    emit_names(ctx, rule, names, ["P750"], start)


#: Words before "rights" that make them something other than distribution rights.
NOT_DISTRIBUTION = frozenset(cues("not_distribution_rights"))
RIGHTS_VERBS = frozenset(cues("rights_verbs"))
#: Words before "via Acme" that make it a release ("opens in cinemas via Acme").
RELEASE_CUES = frozenset(cues("release_cues"))


def _org_obj(ctx: Context, name: Name) -> dict[str, Any] | None:
    """A distributor named as a clause subject: any name but a person or a country."""
    text = ctx.doc[name.start : name.end].text
    kind = ctx.kind_of(name)
    if kind == "person" or text.casefold() in ctx.dom.countries or text.casefold() in ctx.dom.demonyms:
        return None
    return {"type": "org", "name": text}


def _add_distributor(
    ctx: Context, rule: dict[str, Any], name: Name, film: int | None, factor: float, start: int, mult: float
) -> None:
    """The named company distributes the film (unless it is a person, a country or the title)."""
    obj = _org_obj(ctx, name)
    if obj is None or film is None or ctx.film_at(name.start) is not None:
        return
    ctx.add(
        subject=ctx.film_subject(film),
        pid="P750",
        obj=obj,
        rule=rule["id"],
        confidence=rule["confidence"] * factor * mult,
        token=start,
    )


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
    subj = subject_of(verb)
    name = name_of(ctx, subj) if subj is not None else None
    if name is None:
        return
    film, factor = ctx.film_for(end, right=True)
    _add_distributor(ctx, rule, name, film, factor, start, 1.0 if name.label == "ORG" else 0.9)


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
    film, factor = ctx.film_for(start)
    _add_distributor(ctx, rule, name, film, factor, start, 1.0)


HANDLERS.update(
    {
        "svo": svo,
        "plays": plays,
        "based_on": based_on,
        "rights": rights,
        "rights_to": rights_to,
        "release_via": release_via,
    }
)
