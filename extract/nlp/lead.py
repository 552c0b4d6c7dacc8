"""Sentences that introduce a film by describing it: the defining sentence of an article
("X (aka Y) is a 2024 American comedy-drama film ...") and, in news, a title introduced by
apposition ("Raja Vikram, the Telugu-language action drama directed by ..., has collected ...").

The defining sentence is pure string code: the title, its alternative titles, and what
the descriptor says (year, countries from demonyms, language, genres); `describe` reads
any such phrase. Used by the titles component.

Kept because: exact titles off lead sentences (commas and colons included) are the
"rule_subject" cue of the trained film-mention classifier, and the lead's year,
countries and genres are rule facts it keeps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc

from extract.nlp.gazetteer import domain

_NOUNS = (
    r"(?:film|films|movie|movies|documentary|documentaries|feature|picture|short|miniseries|anime|cartoon)"
)
_HEAD_VERB = (
    r"^\s*(?P<head>[\"“‘'A-Z0-9\u00C0-\u00DE¡¿.…].{0,220}?)\s*(?:,\s*)?"
    r"(?:(?:is|was|are|were)\s+(?:an?|the|one of the)\s+|(?<=\))\s*an?\s+)"
    r"(?P<desc>[^.;:]{0,220}?)"
)
_LEAD = re.compile(
    _HEAD_VERB + r"\b(?P<noun>" + _NOUNS + r")\b"
    r"(?!\s+(?:novel|book|series|television series|TV series|video game|game|play|album|song|comic|manga|"
    r"podcast|opera|short story|novella|anthology))"
)
_GENRE_NOUNS = r"(?:thriller|drama|comedy|comedy-drama|western|melodrama|biopic|horror|mockumentary)"
#: "X is a 2015 thriller." (no "film"): the genre noun must end the description
_LEAD_GENRE = re.compile(
    _HEAD_VERB + r"\b(?P<noun>" + _GENRE_NOUNS + r")"
    r"(?=\s*[.,;]|\s+(?:directed|written|starring|produced|by|about|from|set|based|released|that|which|with)\b)"
)
#: "X is a song / an album / a television series ...": the text is about another kind of work.
_OTHER_WORK = re.compile(
    _HEAD_VERB
    + r"\b(?P<noun>song|single|album|EP|mixtape|episode|series|sitcom|soap opera|show|programme|program|"
    r"serial|game|novel|novella|book|band|group|duo|musical|play|opera|record|compilation|tour|podcast|comic|"
    r"manga|character|video album|concert|web series|anthology series|miniseries|telenovela|franchise)s?\b"
    # the head noun of the description, not a modifier ("a musical comedy film", "a series of films")
    r"(?=\s*(?:[,.;(]|$|by|from|about|that|which|written|released|recorded|performed|created|developed|"
    r"produced|directed|published|composed|sung|featuring|starring|for|on|and|in|of(?![^.;]{0,60}\bfilms?\b))\b)"
)


def other_work_lead(sentence: str) -> bool:
    """True when the defining sentence introduces a song, album, TV series or other non-film work."""
    other = _OTHER_WORK.match(sentence)
    if other is None:
        return False
    film = _LEAD.match(sentence)
    return film is None or other.start("noun") < film.start("noun")


def other_work_title(sentence: str) -> str | None:
    """The title of the non-film work a defining sentence introduces ('"Song" is a song by ...')."""
    other = _OTHER_WORK.match(sentence)
    if other is None:
        return None
    head = re.split(r"\s*\(|,\s+(?=also|known|or\s+simply)", other.group("head"), maxsplit=1)[0]
    return _clean_title(head).rstrip(".!?") or None


_ALT_MARKERS = re.compile(
    r"\b(?:also\s+known\s+as|also\s+called|a\.?k\.?a\.?|known\s+(?:in\s+[^,]+?,?\s+)?as|released\s+"
    r"(?:in\s+[^,]+?\s+)?as|or\s+simply|originally\s+titled|original\s+title|lit\.|literally|"
    r"translated\s+as|English:|English\s+title:?|working\s+title:?|titled)\s*",
    re.IGNORECASE,
)


@dataclass
class Lead:
    """What a defining sentence says about its film."""

    title: str
    aliases: list[str] = field(default_factory=list)
    year: int | None = None
    countries: list[tuple[str, str]] = field(default_factory=list)  # (country, demonym)
    languages: list[str] = field(default_factory=list)
    genres: list[str] = field(default_factory=list)
    desc_start: int = 0
    desc_end: int = 0


_KICKER = re.compile(
    r"^(?:Film\s+|Movie\s+)?(?:Review|Reviews|Interview|Exclusive|Watch|Trailer|"
    r"Box Office|First Look|Opinion|Analysis)\s*[:|–-]\s*",
    re.IGNORECASE,
)


def _clean_title(text: str) -> str:
    text = _KICKER.sub("", text.strip())  # "Review: 'Title'" -> "'Title'"
    text = text.strip().strip(",;:").strip()
    if len(text) >= 2 and text[0] in "\"“‘'" and text[-1] in "\"”’'":
        text = text[1:-1].strip()
    return text


def _looks_like_title(text: str) -> bool:
    if not text or len(text) > 120 or len(text.split()) > 14:
        return False
    first = text.lstrip("\"“‘'¡¿")[:1]
    return bool(first) and (first.isupper() or first.isdigit())


def _alt_titles(text: str) -> list[str]:
    """Alternative titles in a parenthesis or comma clause: '(also known as A and B)'."""
    out: list[str] = []
    text = re.sub(r"\b(?:19|20)\d\d\b", " ", text)
    for chunk in re.split(r"[;)(]|\bfrom\b", text):
        chunk = _ALT_MARKERS.sub("|", chunk)
        for part in re.split(r"\||,|\bor\b|\band\b(?=\s+[\"“A-Z])", chunk):
            part = re.sub(r"^[^:]{1,20}:\s*", "", part.strip()) if ":" in part else part
            part = _clean_title(part)
            if _looks_like_title(part) and part.casefold() not in {"english", "transl", "lit"}:
                out.append(part)
    return out


def parse_lead(sentence: str) -> Lead | None:
    """The film a defining sentence introduces, or None if it is not one."""
    m = _LEAD.match(sentence) or _LEAD_GENRE.match(sentence)
    if not m:
        return None
    head = m.group("head")
    title_part = re.split(
        r"\s*\(|,\s+(?=also|known|released|or\s+simply|originally|a\.k\.a)", head, maxsplit=1
    )
    title = _clean_title(title_part[0])
    quoted = re.search(r"[\"“]([^\"”]{1,100})[\"”]", title)
    if quoted and not (title.startswith(('"', "“")) and title.endswith(('"', "”"))) and "'s " in title:
        title = quoted.group(1).strip(" ,")  # "Writer-director Jane Doe's "Title""
    if not _looks_like_title(title):
        return None
    lead = Lead(title=title, desc_start=m.start("desc"), desc_end=m.end("noun"))
    rest = head[len(title_part[0]) :]
    lead.aliases = [a for a in _alt_titles(rest) if a != title]
    _describe(lead, m.group("desc") + " " + m.group("noun"))
    return lead


_APPOS_NOUN = re.compile(
    r"\b(?:film|movie|documentary|feature|drama|comedy|thriller|western|melodrama|biopic|"
    r"horror|mockumentary|animation|musical|romance|satire|epic)\b"
)


def describe(desc: str) -> Lead | None:
    """What a descriptive phrase says ("a 2019 Norwegian drama"), or None if it names no film kind."""
    m = _APPOS_NOUN.search(desc)
    if not m:
        return None
    lead = Lead(title="")
    _describe(lead, desc[: m.end()])  # "a drama about a fishing family": the genre is drama
    return lead


def _describe(lead: Lead, desc: str) -> None:
    d = domain()
    years = re.findall(r"\b(1[89]\d\d|20\d\d)\b", desc)
    if years:
        lead.year = int(years[0])
    seen: set[str] = set()

    def add_country(piece: str) -> None:
        country = d.demonyms.get(piece.casefold())
        if country and country.name not in seen:
            seen.add(country.name)
            lead.countries.append((country.name, piece))

    for two in re.findall(r"\b([A-Z][a-z]+ [A-Z][a-z]+)\b", desc):
        add_country(two)
    for w in re.findall(r"[A-Za-z\u00C0-\u024F]+(?:-[A-Za-z\u00C0-\u024F]+)*", desc):
        if w.casefold().endswith("-language"):
            lang = d.languages.get(w[: -len("-language")].casefold())
            if lang and lang not in lead.languages:
                lead.languages.append(lang)
            continue
        for part in w.split("-"):
            if part[:1].isupper():
                add_country(part)
                # "a 2014 Malayalam family drama": a language that is not also a nationality
                lang = d.languages.get(part.casefold())
                if lang and part.casefold() not in d.demonyms and lang not in lead.languages:
                    lead.languages.append(lang)
    tokens: list[str] = []
    for tok in re.findall(r"[a-z]+(?:-[a-z]+)*", desc.casefold().replace("/", " ")):
        if "-" in tok and tok not in d.genres:
            tokens.extend(tok.split("-"))
        else:
            tokens.append(tok)
    i = 0
    while i < len(tokens):
        for n in (3, 2, 1):
            phrase = " ".join(tokens[i : i + n])
            if len(tokens[i : i + n]) == n and phrase in d.genres:
                if phrase not in lead.genres:
                    lead.genres.append(phrase)
                i += n
                break
        else:
            i += 1


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
