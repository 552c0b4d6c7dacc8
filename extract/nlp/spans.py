"""Token-level helpers shared by the components: capitalised runs, name lists, sections.

They only look at a few tokens around a match, so they stay cheap.

Kept because: every rule reads titles and names with them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from extract.nlp.gazetteer import cues

_TEXT_KEY = "filmkg_text"


def doc_text(doc: Doc) -> str:
    """`doc.text`, built once per Doc (spaCy joins every token on each access)."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return str(text)


CONNECTORS = frozenset(cues("title_connectors"))
NAME_PARTICLES = frozenset(cues("name_particles"))
SENTENCE_OPENERS = frozenset(cues("sentence_openers"))
PLACE_LABELS = {"GPE", "LOC", "FAC"}
BAD_NAME_LABELS = {
    "DATE",
    "TIME",
    "MONEY",
    "CARDINAL",
    "ORDINAL",
    "PERCENT",
    "QUANTITY",
    "NORP",
    "LANGUAGE",
    "EVENT",
    "LAW",
}
_HEADING = re.compile(r"^\s*(={2,})\s*([^=\n]+?)\s*\1\s*$", re.MULTILINE)


def is_cap(tok: Token) -> bool:
    """A token that can be part of a proper name or title."""
    text = tok.text
    if not text or tok.is_space:
        return False
    if tok.is_title or (tok.is_upper and any(c.isalpha() for c in text)):
        return True
    if text[0].isupper():
        return True
    return bool(text[0].isdigit() and tok.i > 0 and is_cap(tok.doc[tok.i - 1]))


def title_run_right(doc: Doc, start: int, limit: int) -> int:
    """End (exclusive) of the title-cased run starting at `start`; connectors only between capitals."""
    i = start
    end = start
    while i < limit:
        tok = doc[i]
        if is_cap(tok) or (tok.text in {":", "'s", "’s", "-", "!", "?"} and i > start):
            i += 1
            end = i if tok.text not in {":", "-"} else end
        elif tok.lower_ in CONNECTORS and i > start and i + 1 < limit:
            j = i
            while j < limit and doc[j].lower_ in CONNECTORS:
                j += 1
            if j < limit and is_cap(doc[j]) and j - i <= 2:
                i = j
            else:
                break
        else:
            break
    return end


def title_run_left(doc: Doc, end: int, limit: int) -> int:
    """Start of the title-cased run ending just before `end` (exclusive), not before `limit`."""
    i = end - 1
    start = end
    while i >= limit:
        tok = doc[i]
        if is_cap(tok):
            start = i
            i -= 1
        elif _inner_left(doc, i, limit) and start < end:
            i -= 1
        else:
            break
    while start < end and doc[start].lower_ in CONNECTORS and not is_cap(doc[start]):
        start += 1
    return start


def _inner_left(doc: Doc, i: int, limit: int) -> bool:
    """A connector or title punctuation between two capitalised words ("Road of Bones", "I, Robot")."""
    tok = doc[i]
    if i - 1 < limit or not is_cap(doc[i - 1]):
        return False
    return tok.lower_ in CONNECTORS or tok.text in {":", "'s", "’s", "!", "?"}


def trim_opener(doc: Doc, start: int, end: int, sent_start: int) -> int:
    """Drop a sentence-initial word like "Following" (and connectors after it) from a title run."""
    if start == sent_start and end - start > 1 and doc[start].lower_ in SENTENCE_OPENERS | CONNECTORS:
        start += 1
        while start < end and doc[start].lower_ in CONNECTORS and not is_cap(doc[start]):
            start += 1
    return start


def ent_at(doc: Doc, i: int) -> Span | None:
    """The named entity covering token `i`, if any."""
    tok = doc[i]
    if not tok.ent_type_:
        return None
    start = i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=tok.ent_type_)


@dataclass
class Name:
    """A proper name found in a list: token span, NER label (or ""), and a character played."""

    start: int
    end: int
    label: str
    character: str | None = None

    def text(self, doc: Doc) -> str:
        return doc[self.start : self.end].text


def name_at(doc: Doc, i: int, limit: int) -> Name | None:
    """The proper name starting at token `i` (entity span or capitalised run)."""
    if i >= limit:
        return None
    ent = ent_at(doc, i)
    if ent is not None and ent.start == i and ent.label_ not in BAD_NAME_LABELS:
        end = min(ent.end, limit)
        for j in range(i + 1, end):  # "Ravi, Mina" tagged as one entity is two names
            if doc[j].text in {",", ";", "("} or doc[j].lower_ == "and":
                end = j
                break
        # a name run that NER cut short ("Vache" PERSON + "Tovmasyan" untagged)
        while end < limit and doc[end].is_title and not doc[end].ent_type_ and doc[end].pos_ == "PROPN":
            end += 1
        if end - i >= 1 and doc[end - 1].text in {"'s", "’s"}:
            end -= 1
        while end - 1 > i and doc[end - 1].is_lower and doc[end - 2].whitespace_:  # "Jane Doe won"
            end -= 1
        return Name(i, end, ent.label_) if end > i else None
    tok = doc[i]
    norp_first = (
        tok.ent_type_ == "NORP"
        and i + 1 < limit
        and doc[i + 1].pos_ == "PROPN"
        and doc[i + 1].text[:1].isupper()
        and doc[i + 1].ent_type_ == ""
    )
    if (
        not is_cap(tok)
        or tok.like_num
        or tok.is_punct
        or (tok.ent_type_ in BAD_NAME_LABELS and not norp_first)
    ):
        return None
    if norp_first:  # "Shia Doe": NER took the first name for a nationality
        end = i + 1
        while end < limit and doc[end].pos_ == "PROPN" and is_cap(doc[end]) and not doc[end].ent_type_:
            end += 1
        return Name(i, end, "")
    end = i
    while end < limit:
        t = doc[end]
        if _name_token(doc, t, i, end, limit):
            end += 1
        else:
            break
    if end == i:
        return None
    return Name(i, end, "")


def _name_token(doc: Doc, t: Token, start: int, end: int, limit: int) -> bool:
    """Whether `t` continues a name: a capital, an initial's dot, "de"/"van", an inner hyphen."""
    if is_cap(t) and not t.is_punct and t.ent_type_ not in BAD_NAME_LABELS:
        return True
    if t.text == "." and end > start and len(doc[end - 1].text) == 1:
        return True
    next_cap = end > start and end + 1 < limit and is_cap(doc[end + 1])
    if t.lower_ in NAME_PARTICLES and next_cap:
        return True
    return t.text in {"-", "'"} and next_cap and not t.whitespace_


LIST_SEPARATORS = {",", "and", "&", ";"}
SKIP_BEFORE_LIST = frozenset(cues("before_name_list"))


def name_list(
    doc: Doc, i: int, limit: int, *, skip: int = 4, characters: bool = True, possessive: bool = False
) -> list[Name]:
    """A coordinated list of names starting near `i`: "A, B (as C), and D".

    Up to `skip` non-name words ("then relatively new actors") may precede the first name.
    """
    skipped = 0
    while i < limit and skipped <= skip and name_at(doc, i, limit) is None:
        if doc[i].lower_ not in SKIP_BEFORE_LIST and doc[i].pos_ != "ADJ":
            return []
        i += 1
        skipped += 1
    names: list[Name] = []
    while i < limit:
        name = name_at(doc, i, limit)
        if name is None:
            break
        if names and doc[name.start : name.end].text.rstrip(".") in {"Jr", "Sr", "II", "III", "IV"}:
            names[-1].end = name.end  # "Harry Doe, Jr."
        else:
            names.append(name)
        i = name.end
        if i < limit and doc[i].text in {"'s", "’s"}:
            owned = name_at(doc, i + 1, limit) if i + 1 < limit else None
            if owned is not None and not possessive:
                names[-1] = owned  # "produced by Doe's Acme Pictures": the company, not its owner
                i = owned.end
            else:
                if not possessive:  # "Doe's character Max" is not a list of people
                    names.pop()
                break
        if characters and i + 1 < limit and doc[i].lower_ == "as":
            char = name_at(doc, i + 1, limit)
            if char is not None:
                name.character = doc[char.start : char.end].text
                i = char.end
            else:
                j = i + 1
                while j < limit and doc[j].text not in {",", ";", "."} and doc[j].lower_ != "and":
                    j += 1
                name.character = doc[i + 1 : j].text or None
                i = j
        if i < limit and doc[i].text == "(":
            close = i
            while close < limit and doc[close].text != ")":
                close += 1
            i = close + 1
        if i < limit and doc[i].pos_ == "ADP" and doc[i].lower_ != "as":
            # "Jane Doe in the lead role as well as John Roe": skip a short modifier
            j = i
            while j < min(limit, i + 6) and doc[j].text not in {",", ";", "."} and doc[j].lower_ != "as":
                j += 1
            if (
                j + 2 < limit
                and doc[j].lower_ == "as"
                and doc[j + 1].lower_ == "well"
                and doc[j + 2].lower_ == "as"
            ):
                i = j
        moved = False
        while i < limit and doc[i].lower_ in LIST_SEPARATORS | {"as", "well", "along", "with", "also"}:
            i += 1
            moved = True
        if not moved:
            break
    return names


def section_ranges(text: str, story_headings: set[str]) -> list[tuple[int, int]]:
    """Char ranges of story-world sections (Plot, Synopsis...) under wiki-style headings."""
    out: list[tuple[int, int]] = []
    heads = list(_HEADING.finditer(text))
    for k, m in enumerate(heads):
        if m.group(2).strip().casefold() in story_headings:
            level = len(m.group(1))
            nxt = next((h for h in heads[k + 1 :] if len(h.group(1)) <= level), None)
            out.append((m.start(), nxt.start() if nxt else len(text)))
    return out


def in_ranges(ranges: list[tuple[int, int]], pos: int) -> bool:
    return any(s <= pos < e for s, e in ranges)
