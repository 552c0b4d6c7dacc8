"""Document structure before prose: headings, "Label: value" fields, list items and prose lines.

Real film pages mix prose with semi-structured parts (infobox rows, credit blocks,
festival line-ups, winners lists). Reading those as sentences loses who did what;
reading them as lines keeps it. This pass works on the raw text, so it needs no
model and runs before or beside spaCy; the labels it knows live in `labels.json`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from extract.model.text import vocabulary

LABELS_FILE = Path(__file__).with_name("labels.json")

_BULLET = re.compile(r"^\s*(?:[-*•·●▪–—]|\d{1,3}[.)]|\(\d{1,3}\)|#\d{1,3})\s+")
_FIELD_SEPARATORS = re.compile(r"\s*(?:\||:|：|\s[-–—]\s?|[-–—]\s)\s*")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_LABEL_WORD = re.compile(r"^[A-Za-z][A-Za-z()/&'’ .-]{0,40}$")
_BY_LABEL = re.compile(
    r"^\s*((?:[A-Z][a-z]+ )?(?:[Dd]irected|[Ww]ritten|[Pp]roduced|[Ee]dited|[Pp]hotographed|[Ss]hot) by|"
    r"[Ss]tarring|[Mm]usic by|[Ss]creenplay by|[Ss]tory by)\s+(?=[A-Z])"
)
#: Fields sharing a line: "Country: X; Year: 2008", "DIR: X • WRI: Y".
_FIELD_CHUNK = re.compile(r"[^;•·]+")
_VALUE_SPLIT = re.compile(r"\s*(?:\||;|,|/|•|·|\band\b|&)\s*")


@dataclass(frozen=True)
class Field:
    """One "Label: value" pair; `start`/`end` are the value's offsets in the document."""

    label: str
    prop: str | None
    start: int
    end: int


@dataclass(frozen=True)
class Line:
    """One line of the document with its kind: heading, field, item, prose or blank."""

    index: int
    start: int
    end: int
    kind: str
    fields: tuple[Field, ...] = ()

    def text(self, doc_text: str) -> str:
        return doc_text[self.start : self.end]


@lru_cache(maxsize=1)
def labels() -> dict[str, str]:
    """Normalised field label -> Wikidata property id (domain vocabulary, not entities)."""
    with LABELS_FILE.open(encoding="utf-8") as handle:
        data = json.load(handle)
    return {key.casefold(): prop for prop, keys in data["labels"].items() for key in keys}


def normalise_label(label: str) -> str:
    label = re.sub(r"\(s\)", "s", label.casefold())
    return re.sub(r"[\s.:|]+", " ", label).strip(" -–—")


def _field(label: str, value_start: int, value_end: int, text: str, offset: int) -> Field | None:
    """A field when `label` reads as one; offsets are made absolute and trimmed."""
    label = label.strip()
    if not _LABEL_WORD.match(label) or len(label.split()) > 5:
        return None
    value = text[value_start:value_end]
    stripped = value.strip(" |\t")
    if stripped.endswith(")") and stripped.count(")") > stripped.count("("):
        stripped = stripped[:-1].rstrip()  # the close of "Title (Label: value)"
    if not stripped:
        return None
    key = normalise_label(label)
    prop = labels().get(key)
    if prop is None and not (label[:1].isupper() and len(label.split()) <= 3):
        return None
    start = offset + value_start + value.index(stripped)
    return Field(key, prop, start, start + len(stripped))


def _fields(text: str, offset: int) -> list[Field]:
    """The "Label: value" pairs of one line; several may share it ("Country: X; Year: 2008")."""
    found: list[Field] = []
    cells = [c for c in re.finditer(r"[^|]+", text) if c.group(0).strip()]
    if text.count("|") >= 1 and len(cells) >= 2 and normalise_label(cells[0].group(0)) in labels():
        # Wiki tables: "Directed by | Name |" puts label and value in one "|" row.
        field = _field(cells[0].group(0), cells[1].start(), cells[-1].end(), text, offset)
        return [field] if field else []
    extends = False  # whether the chunk before ended in a field a label-less piece may continue
    for chunk in _FIELD_CHUNK.finditer(text):
        part = chunk.group(0)
        m = _FIELD_SEPARATORS.search(part)
        field = None
        if m and m.start() > 0:
            # "Title (Country: X; Year: 2018)": the title before "(" is not part of the label
            label_start = part.rfind("(", 0, m.start()) + 1
            field = _field(part[label_start : m.start()], chunk.start() + m.end(), chunk.end(), text, offset)
        else:
            by = _BY_LABEL.match(part)
            field = _field(by.group(1), chunk.start() + by.end(), chunk.end(), text, offset) if by else None
        if field:
            found.append(field)
        elif extends and part.strip(" |\t)"):
            # "Cast: A; B • C": a piece without a label goes on with the value before it
            last = found[-1]
            found[-1] = Field(
                last.label, last.prop, last.start, offset + chunk.start() + len(part.rstrip(" |\t)"))
            )
        extends = bool(found) and (field is not None or extends)
    return [f for f in found if f.prop is not None]


def lines(text: str) -> list[Line]:
    """Split a document into typed lines."""
    out: list[Line] = []
    pos = 0
    for index, raw in enumerate(text.split("\n")):
        start, end = pos, pos + len(raw)
        pos = end + 1
        body = raw.strip()
        if not body:
            out.append(Line(index, start, end, "blank"))
            continue
        lead = len(raw) - len(raw.lstrip())
        fields = _fields(raw, start) if len(body) < 400 else []
        words = len(body.split())
        if fields and any(f.prop for f in fields):
            kind = "field"
        elif _BULLET.match(raw):
            kind = "item"
        elif words <= 14 and not _SENTENCE_END.search(body):
            kind = "heading"
        else:
            kind = "prose"
            fields = []
        out.append(Line(index, start + lead, start + lead + len(body), kind, tuple(fields)))
    return out


def content_end(doc_lines: list[Line], text: str) -> int:
    """Where an article's back matter ("References", "See also", ...) begins, else the text's end.

    A pasted encyclopedia article ends with reference lists and links: "Surname, Name (2024)"
    reads like "Title (2024)", and "Title at <site>" repeats the film's name. Neither states a
    fact, so no candidate is taken from there. The headings are `vocabulary.json` data.
    """
    for line in doc_lines:
        # wiki ("== See also ==") and markdown ("## See also") marks off, then read like a field label
        heading = normalise_label(line.text(text).strip(" =#"))
        if line.kind == "heading" and heading in vocabulary("back_matter_headings"):
            return line.start
    return len(text)


def split_values(text: str, start: int) -> list[tuple[int, int]]:
    """Offsets of the separate names in a field value ("A, B and C" -> three spans)."""
    spans = []
    pos = 0
    for m in _VALUE_SPLIT.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    out = []
    for s, e in spans:
        piece = text[s:e]
        stripped = piece.strip(" .()[]\"'")
        if stripped:
            s2 = s + piece.index(stripped)
            out.append((start + s2, start + s2 + len(stripped)))
    return out
