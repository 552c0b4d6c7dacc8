"""Titles that news and blurbs introduce by apposition at the start of a sentence:
"Raja Vikram, the Telugu-language action drama directed by ..., has collected ...".
Pure detector used by the `film_titles` component (`titles.py`).
"""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Doc

from extract.nlp.lead import describe

_WORD = r"(?:[A-Z0-9][\w'’!?&.-]*)"
_SMALL = r"(?:of|the|and|a|an|in|on|to|for|at|de|la|le|du|del|von)"
_APPOS_LEAD = re.compile(
    rf"^[\"“]?(?P<title>{_WORD}(?:\s+(?:{_WORD}|{_SMALL})){{0,7}}?)[\"”]?,\s+(?:the|a|an)\s+"
    r"(?P<desc>[^,.;()]{0,80}?)\b(?P<noun>film|movie|documentary|drama|comedy|thriller|romance|"
    r"western|musical|biopic|melodrama|epic|satire|adventure|fantasy|mockumentary|docudrama)\b"
    r"(?!-|\s+(?:filmmaker|maker|director|producer|actor|actress|star|critic|festival|studio|company|"
    r"series|writer|editor|composer|fan|buff|veteran|icon|legend|society|club|award|prize)\b)"
    r"(?P<after>\s*,|\s+(?:directed|starring|written|produced|from|by|about|set|that|which|based)\b)?"
)
#: Entity labels of a name that is no title ("Jane Doe, the director of ...").
_NOT_TITLE = {"NORP", "DATE"}
#: Labels NER often gives unfamiliar titles; a plain film clause after the phrase overrules them.
_DOUBTFUL = {"PERSON", "GPE", "LOC", "FAC"}
_NOT_WORDS = {"PART", "PRON", "VERB", "AUX", "ADV", "SCONJ", "INTJ", "CCONJ"}
#: The description must be modifiers of the film noun, not "the studio behind the film".
_NOT_DESC = re.compile(
    r"\b(?:of|for|behind|about|with|from|by|at|in|studio|company|distributor|director|actor|actress|"
    r"producer|star|streamer|network|festival|maker|makers)\b"
)


def appositive_title(doc: Doc, sent: Any, add: Any) -> None:
    m = _APPOS_LEAD.match(sent.text)
    if m is None:
        return
    title = m.group("title")
    span = doc.char_span(sent.start_char + m.start("title"), sent.start_char + m.end("title"))
    if span is None or title.split()[-1].islower():
        return
    if any(e.label_ in _NOT_TITLE and e.start <= span.start and span.end <= e.end for e in doc.ents):
        return  # "Paris, the French capital"
    doubtful = any(e.label_ in _DOUBTFUL and e.start < span.end and span.start < e.end for e in doc.ents)
    if doubtful and not m.group("after"):
        return  # "Paris, the French film capital": only a plain film clause makes it a title
    if span[0].pos_ in _NOT_WORDS or not any(t.pos_ in {"PROPN", "NUM"} for t in span):
        return  # "Meanwhile, the French drama ..."
    if span[0].pos_ == "ADP" or any(t.ent_type_ in {"DATE", "NORP"} for t in span):
        return  # "In the United States, the film ..."
    if _NOT_DESC.search(re.sub(r"\S+-\S+", " ", m.group("desc"))):  # "coming-of-age" is one word
        return
    if m.group("noun") not in {"film", "movie", "documentary"}:
        desc = describe(m.group("desc") + m.group("noun") + " film")
        if desc is None or not (desc.countries or desc.languages or desc.genres):
            return
    add(title, source="appos_lead", confidence=0.7)
