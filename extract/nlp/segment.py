"""`film_line_breaks` component: a line break always ends a sentence.

Headlines, list lines ("Best Director: Jane Doe, 'Title'") and wiki headings
are separate lines; without this the parser may glue them to the next line.
Runs before the parser, which keeps sentence starts set earlier.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

_NEWLINE = re.compile(r"\n+")


class LineBreaks:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        if "\n" not in text:
            return doc
        starts = [0]
        for pos in (m.start() for m in _NEWLINE.finditer(text)):
            span = doc.char_span(pos, pos + 1, alignment_mode="expand")
            if span is None:
                continue
            nxt = span.end
            while nxt < len(doc) and doc[nxt].is_space:
                nxt += 1
            if nxt < len(doc):
                doc[nxt].is_sent_start = True
                starts.append(nxt)
        for a, b in zip(starts, [*starts[1:], len(doc)], strict=True):
            if _list_line(doc[a:b].text):
                for tok in doc[a + 1 : b]:
                    tok.is_sent_start = False  # "Best Screenplay: Jane Doe, 'Title'" is one unit
        return doc


def _list_line(line: str) -> bool:
    """A short 'Label: value' line of a winners list or credits block."""
    line = line.strip()
    head, colon, rest = line.partition(":")
    return bool(colon) and 0 < len(head.split()) <= 6 and len(rest.split()) <= 16 and ". " not in rest


@Language.factory("film_line_breaks", assigns=["token.is_sent_start"])
def make_line_breaks(nlp: Language, name: str) -> LineBreaks:
    return LineBreaks(nlp, name)
