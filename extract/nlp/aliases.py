"""In-document resolution: short names to full names, "the film"/"it" to the right film.

`PersonIndex` is pure (strings and positions), so it is testable without a
model. The `film_coref` component computes, per sentence, which film "it" /
"the film" refers to (`doc._.film_focus`) and collects person mentions
(`doc._.film_people`).

Kept because: the rule facts the trained extractor keeps and reads as features name
people by their full name ("Doe" -> "Jane Doe") and attach to the sentence's film
through this focus; the trained object reader also uses `clean_person`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from extract.nlp.gazetteer import cues
from extract.nlp.titles import ensure_extensions

_HONORIFIC = re.compile(
    r"^(?:Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Sir|Dame|Lord|Lady|Director|Producer|Actor|Actress|Cinematographer|"
    r"Composer|Editor|Writer|Screenwriter|Filmmaker|Star|Co-star|Writer-director|Showrunner|"
    r"President|Starring|Featuring|Co-starring|Newcomer|Veteran|Narrator|Singer|Musician|Rapper|Comedian|"
    r"Author|Novelist|Playwright|Critic|Choreographer|Animator|Documentarian|Filmmakers?|Auteur|Helmer|"
    r"Late|Legendary|Swede|Briton|Dane|Finn|Pole|Scot|Brit)\s+"
)
#: Where a name read off a list line ends: a bracket, a spaced dash, a bar.
_TAIL = re.compile(r"\s*\(|\s+[-–—|]\s+")
#: Lower-case words that may open a name ("de Palma", "van Dyke").
_PARTICLES = frozenset(
    {"de", "da", "di", "del", "della", "van", "von", "der", "den", "le", "la", "du", "dos", "al", "el", "bin"}
)
_SUFFIX = re.compile(r"(?:Jr|Sr)\.?|II|III|IV")
_POSSESSIVE = re.compile(r"(?:'s|’s|')$")
#: Words before a title that make it another film than the topic ("a sequel to Title").
NOT_TOPIC_CUES = frozenset(cues("not_topic_cues"))


def clean_person(name: str) -> str:
    """'Doe's' -> 'Doe'; 'Dr. Jane Doe' -> 'Jane Doe'; squeezes spaces.

    Spans read off lists and credit lines run past the name: "Jane Doe (The Role",
    "Jane Doe - Country", "including Jane Doe", "Jane Doe as", "Jane Doe etc"; only the
    name is kept. Lower-case name particles ("de", "van") are kept where they belong.
    """
    name = re.sub(r"\s+", " ", name).strip(' ,;:()"“”')
    name = _TAIL.split(name, maxsplit=1)[0]
    name = _POSSESSIVE.sub("", name.strip())
    name = re.sub(r",\s+(Jr|Sr)\b\.?", r" \1.", name)  # "Harry Doe, Jr." -> "Harry Doe Jr."
    words = _HONORIFIC.sub("", name).strip().split()
    while len(words) > 1 and words[0].islower() and words[0] not in _PARTICLES:
        words.pop(0)
    while len(words) > 1 and (words[-1].islower() or words[-1] == "etc."):
        words.pop()
    return " ".join(words).strip(" ,;:")


class PersonIndex:
    """Maps every person mention of one document to one canonical (fullest) name.

    A one-word mention ("Doe") resolves to the only full name ending (or
    starting) with it. When two people share the surname ("Mira Holt", "Dana
    Holt"), the mention goes to the one named most recently before it and is
    not recorded as an alias of either, so the two are never merged.
    """

    def __init__(self, mentions: list[tuple[str, int]]) -> None:
        self.full: dict[str, list[int]] = defaultdict(list)
        for name, pos in mentions:
            name = clean_person(name)
            if len(name.split()) >= 2:
                self.full[name].append(pos)
        # "Ann Lee Roe" inside "J. Ann Lee Roe": keep the longer one as canonical
        self.longer: dict[str, str] = {}
        names = sorted(self.full, key=len, reverse=True)
        for short in names:
            for long in names:
                if long != short and long.endswith(" " + short):
                    self.longer[short] = long
                    break
        self.alias: dict[str, set[str]] = defaultdict(set)
        self.by_last: dict[str, list[str]] = defaultdict(list)
        self.by_first: dict[str, list[str]] = defaultdict(list)
        for name in self.full:
            if name in self.longer:
                continue
            parts = name.split()
            if len(parts) > 2 and _SUFFIX.fullmatch(parts[-1]):
                parts = parts[:-1]  # "Harry Doe Jr." is filed under Doe
                self.alias[name].add(" ".join(parts))
            self.by_last[parts[-1].casefold()].append(name)
            self.by_first[parts[0].casefold()].append(name)
        for name, pos in mentions:
            cleaned = clean_person(name)
            canonical, ambiguous = self.resolve(cleaned, pos)
            if not ambiguous and canonical != cleaned:
                self.alias[canonical].add(cleaned)

    def resolve(self, name: str, pos: int = 0) -> tuple[str, bool]:
        """(canonical name, ambiguous?) for a mention at char position `pos`."""
        name = clean_person(name)
        if not name:
            return name, False
        if name in self.longer:
            return self.longer[name], False
        parts = name.split()
        if len(parts) >= 2:
            return name, False
        key = name.casefold()
        cands = self.by_last.get(key) or self.by_first.get(key) or []
        if not cands:
            return name, False
        if len(cands) == 1:
            return cands[0], False
        return self._most_recent(cands, pos), True

    def _most_recent(self, cands: list[str], pos: int) -> str:
        best, best_pos = cands[0], -1
        for c in cands:
            positions = sorted(self.full[c])
            k = bisect_right(positions, pos)
            if k and positions[k - 1] > best_pos:
                best, best_pos = c, positions[k - 1]
        return best

    def aliases(self, canonical: str) -> list[str]:
        return sorted(self.alias.get(canonical, ()))


def _is_subject(doc: Doc, start: int, end: int, sent_start: int, sent_end: int) -> bool:
    """A title that opens its sentence, is its subject, or is followed by a finite verb
    ("Jane Doe's "Title" won ...", "Title, directed by ..., premiered ...")."""
    before = {t.lower_ for t in doc[max(sent_start, start - 5) : start]}
    if before & NOT_TOPIC_CUES:
        return False  # "a sequel to the 2000 film Title": another film, not the topic
    if start == sent_start:
        return True
    root = doc[start:end].root
    if root.dep_ in {"appos", "poss"} and root.head.dep_ == "nsubj":
        root = root.head
    if root.dep_ in {"nsubj", "nsubjpass"}:
        return _main_clause(root.head)
    k = end
    while k < sent_end and doc[k].text in {'"', "”", "’", "'", ")"}:
        k += 1
    return k < sent_end and doc[k].tag_ in {"VBD", "VBZ", "VBP", "MD"} and _main_clause(doc[k])


def _main_clause(verb: Token) -> bool:
    """The sentence's main verb (or one coordinated with it), not a relative clause's."""
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ == "ROOT"


class FilmCoref:
    """Per-sentence focus film and the document's person mentions."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        ensure_extensions()

    def __call__(self, doc: Doc) -> Doc:
        films: list[dict[str, Any]] = doc._.film_titles or []
        starts: list[tuple[int, int, int]] = []  # (token start, token end, film index)
        for idx, film in enumerate(films):
            for s, e in film["mentions"]:
                span = doc.char_span(s, e, alignment_mode="expand")
                if span is not None:
                    starts.append((span.start, span.end, idx))
        starts.sort()
        main = next((i for i, f in enumerate(films) if f["main"]), None)
        if main is None and films and not doc._.film_other_work:
            main = max(range(len(films)), key=lambda i: (len(films[i]["mentions"]), -i))
        focus: list[int | None] = []
        current: int | None = main
        k = 0
        other_work = bool(doc._.film_other_work)
        for sent in doc.sents:
            if other_work:
                current = None  # a text about a song or a series: no film carries over
            while k < len(starts) and starts[k][0] < sent.start:
                k += 1
            j = k
            while j < len(starts) and starts[j][0] < sent.end:
                if _is_subject(doc, starts[j][0], starts[j][1], sent.start, sent.end):
                    current = starts[j][2]
                    break
                j += 1
            focus.append(current)
        doc._.film_focus = focus
        doc._.film_people = [[e.text, e.start_char] for e in doc.ents if e.label_ == "PERSON"]
        return doc


@Language.factory(
    "film_coref",
    requires=["doc._.film_titles", "doc.ents"],
    assigns=["doc._.film_focus", "doc._.film_people"],
)
def make_film_coref(nlp: Language, name: str) -> FilmCoref:
    return FilmCoref(nlp, name)
