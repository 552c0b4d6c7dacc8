"""Marking words in text: the evidence sentence with the fact's words highlighted, a document with
every extracted fact marked in place. Produces segments; the templates escape and render them."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    text: str
    mark: str = ""  # empty: plain text; else the tooltip (what was extracted here)


def highlight(text: str, marks: dict[str, str]) -> list[Segment]:
    """`text` cut into segments, each occurrence of a key of `marks` (case folded) marked.

    Longer phrases win over shorter ones that overlap them; empty keys are ignored.
    """
    words = sorted((w for w in marks if w.strip()), key=len, reverse=True)
    if not words:
        return [Segment(text)]
    pattern = re.compile("|".join(re.escape(w) for w in words), re.I)
    by_fold = {w.casefold(): tip for w, tip in marks.items()}
    out, at = [], 0
    for match in pattern.finditer(text):
        if match.start() > at:
            out.append(Segment(text[at:match.start()]))
        out.append(Segment(match.group(), by_fold.get(match.group().casefold(), "")))
        at = match.end()
    if at < len(text):
        out.append(Segment(text[at:]))
    return out


def mark_spans(text: str, spans: list[tuple[int, int, str, dict[str, str]]]) -> list[Segment] | None:
    """The whole `text`, each (start, end, sentence, marks) span highlighted in place.

    None when the offsets do not fit the text (another version of the document): the caller
    then shows the sentences alone.
    """
    out, at = [], 0
    for start, end, sentence, marks in sorted(spans):
        if start < at or text[start:end].strip() != sentence.strip():
            return None
        out.append(Segment(text[at:start]))
        out += highlight(text[start:end], marks)
        at = end
    out.append(Segment(text[at:]))
    return out
