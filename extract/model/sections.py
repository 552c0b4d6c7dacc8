"""Award sections of winners and nominee lists: a category heading and the lines below it.

A winners list names the category once ("Best Director") and its winner and nominees
on the lines below ("Winner:", "- Name (Title)", "Name - Title"). Sentences do not
carry that tie, so the award heading is paired with every person and film of its
section, and the lines' place in it (first item, after a "Nominees:" line) and the
category's role word ("director", "actress") are features for the classifier.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from extract.model.objects import ObjectCandidate
from extract.model.pairs import FilmMention, Pair, Scope
from extract.model.structure import Line
from extract.model.text import bucket, vocabulary

#: A line of its own that says whether the names below it won or were nominated.
STATUS_WORDS = {
    **{w: "nominee" for w in vocabulary("award_nominee_words")},
    **{w: "winner" for w in vocabulary("award_winner_words")},
}
#: Role words of a category ("Best Director") that say which credit its names hold.
CATEGORY_WORDS = vocabulary("award_category_words")
#: How far a section reaches at most (lines, blank ones included).
_LONGEST = 60


@dataclass(frozen=True)
class Section:
    """An award heading and the lines it governs: [first, last] line indices.

    A category that opens a line ("Best Director: Name – Title") governs the rest of it.
    """

    award: ObjectCandidate
    first: int
    last: int
    #: where its names may begin (a line's start, or the end of an award opening the line)
    start: int
    #: line index -> "winner"/"nominee", from the status line above it in the section
    status: dict[int, str]
    roles: tuple[str, ...]
    #: the lines that name someone or something (not blank, not a status line)
    items: frozenset[int]


def _is_heading(line: Line, award: ObjectCandidate, text: str) -> bool:
    """Whether the award is most of a short line of its own ("Best Director", "Best Film:")."""
    if line.kind not in {"heading", "field"} or not (line.start <= award.start and award.end <= line.end):
        return False
    body = text[line.start : line.end].strip(" :-–—#*=")
    return len(award.text) >= 0.6 * len(body)


_OPENS_LINE = re.compile(r"^[\s\-*•·#\d.)]*$")
_THEN_NAMES = re.compile(r"^\s*(?:[:：|]|[–—-]\s)\s*\w")


def _opens_line(line: Line, award: ObjectCandidate, text: str) -> bool:
    """Whether the award opens a line and a colon or dash hands the rest of it to the award."""
    return (
        line.kind != "prose"
        and line.start <= award.start
        and award.end < line.end
        and bool(_OPENS_LINE.match(text[line.start : award.start]))
        and bool(_THEN_NAMES.match(text[award.end : line.end]))
    )


def _status(line: Line, text: str) -> str | None:
    words = text[line.start : line.end].strip(" :-–—*#").casefold()
    return STATUS_WORDS.get(words)


def award_sections(lines: list[Line], objects: list[ObjectCandidate], text: str) -> list[Section]:
    """Every award heading with the item lines below it, up to the next heading or prose."""
    starts = [ln.start for ln in lines]
    headings: dict[int, ObjectCandidate] = {}
    inline: dict[int, ObjectCandidate] = {}
    for obj in objects:
        if obj.kind == "AWARD":
            index = bisect.bisect_right(starts, obj.start) - 1
            if index < 0:
                continue
            found = (
                headings
                if _is_heading(lines[index], obj, text)
                else inline
                if _opens_line(lines[index], obj, text)
                else None
            )
            if found is not None and (index not in found or len(obj.text) > len(found[index].text)):
                found[index] = obj
    sections = []
    for index, award in sorted(inline.items()):
        if index not in headings:
            roles = _roles(award)
            sections.append(Section(award, index, index, award.end, {}, roles, frozenset({index})))
    for index, award in sorted(headings.items()):
        status: dict[int, str] = {}
        items: set[int] = set()
        current: str | None = None
        last = index
        for line in lines[index + 1 : index + 1 + _LONGEST]:
            if line.index in headings or line.index in inline or line.kind == "prose":
                break
            word = _status(line, text)
            if word:
                current = word
            elif line.kind != "blank":
                last = line.index
                items.add(line.index)
                if current:
                    status[line.index] = current
        if last > index:
            start = lines[index + 1].start
            sections.append(Section(award, index + 1, last, start, status, _roles(award), frozenset(items)))
    return sorted(sections, key=lambda sec: sec.start)


def _roles(award: ObjectCandidate) -> tuple[str, ...]:
    words = {w.strip("()").casefold() for w in award.text.split()}
    return tuple(sorted(words & CATEGORY_WORDS))


def section_of(sections: list[Section], line_index: int, pos: int) -> Section | None:
    """The section holding the position `pos` on line `line_index`, if any."""
    return next((s for s in sections if s.first <= line_index <= s.last and pos >= s.start), None)


def section_features(section: Section, line_index: int, lines: list[Line]) -> list[str]:
    """Where a subject's line sits in its award section."""
    items = [ln.index for ln in lines[section.first : section.last + 1] if ln.index in section.items]
    position = items.index(line_index) if line_index in items else len(items)
    status = section.status.get(line_index, "none")
    feats = [
        f"sec_pos={bucket(position, (0, 1, 2, 4))}",
        f"sec_status={status}",
        f"sec_items={bucket(len(items), (1, 2, 5, 10))}",
        f"sec_status={status}|pos={bucket(position, (0, 1))}",
        "sec_inline" if section.start == section.award.end else "sec_below",
    ]
    return feats + [f"sec_role={r}" for r in section.roles]


def section_pairs(sections: list[Section], scope: Scope, people: list[ObjectCandidate]) -> list[Pair]:
    """The award of each section paired with every person and film named on its lines.

    A name may be proposed as both (the classifiers decide); each pair gets the section's
    features and whether its line names the other kind too ("Name (Title)", "Name - Title").
    """
    out: list[Pair] = []
    for sec in sections:
        line_people: dict[int, list[ObjectCandidate]] = {}
        line_films: dict[int, list[FilmMention]] = {}
        for person in people:
            index = scope.line(person.start).index
            if sec.first <= index <= sec.last and person.start >= sec.start:
                line_people.setdefault(index, []).append(person)
        for film in scope.films:
            index = scope.line(film.start).index
            if sec.first <= index <= sec.last and film.start >= sec.start:
                line_films.setdefault(index, []).append(film)
        for index, persons in line_people.items():
            for person in persons:
                pair = Pair(person.value, "PERSON", sec.award, {"award_section"}, (person.start, person.end))
                pair.features = ["sec_line_film" if index in line_films else "sec_line_no_film"]
                pair.features += section_features(sec, index, scope.lines)
                out.append(pair)
        for index, films in line_films.items():
            for film in films:
                pair = Pair(
                    film.name,
                    "FILM",
                    sec.award,
                    {"award_section"},
                    (film.start, film.end),
                    film.score,
                    film.cues,
                )
                pair.features = ["sec_line_person" if index in line_people else "sec_line_no_person"]
                pair.features += section_features(sec, index, scope.lines)
                out.append(pair)
    return out
