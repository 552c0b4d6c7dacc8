"""`film_titles` component: which films a text talks about, and where each is mentioned.

Sources, strongest first: the defining lead sentence ("X is a 2024 ... film"),
"Title (1994)", "the 1990 film Title", a director's possessive ("Doe's 2011
epic The Long Road", "Bong Joon-ho's Parasite") and quoted titles in film
wording. Every later occurrence of a known title (or alternative title) in the
document becomes a mention. Results go to `doc._.film_titles` as plain data
(lists and dicts), so docs survive `nlp.pipe(n_process>1)`.

Kept because: every rule fact needs its film, and the films the rules make subjects
of are a cue ("rule_subject") of the trained film-mention classifier.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from extract.nlp.context import ORG_WORDS
from extract.nlp.gazetteer import domain
from extract.nlp.lead import appositive_title, other_work_lead, other_work_title, parse_lead
from extract.nlp.spans import doc_text, ent_at, is_cap, title_run_left, title_run_right, trim_opener

#: Words before a possessive that name a film only in passing, as a comparison.
_IN_PASSING = {"since", "than", "like", "unlike", "after", "before"}
_NOT_TITLE_LABELS = {"PERSON", "GPE", "DATE", "NORP", "LANGUAGE"}
_YEAR_PAREN = re.compile(r"^\((?:19|20)\d\d(?:\s+film)?\)$")
_QUOTED = re.compile(r"[\"“‘']([A-Z0-9][^\"”’\n]{0,80}?)[\"”’'](?![a-z])")
_NONFILM_QUOTE_CUES = re.compile(
    r"\b(song|single|album|track|soundtrack|episode|record|poem|book|novel|marches|march|hymn|anthem|"
    r"title is|"
    r"memoir|article|story|chapter|play|tweet|headline)\b",
    re.IGNORECASE,
)
_STRONG_CUES = re.compile(
    r"\b(?:film|films|movie|documentary|director|Prize|Award|Bear|Lion|Palme|festival|"
    r"Festival|premiere|premiered|competition)\b"
)
#: Words around a quotation rather than a title; they count only for longer quoted text.
_SPEECH_CUES = re.compile(
    r"\b(said|says|told|wrote|calls?|called|described|reads?|added|according)\b", re.IGNORECASE
)
_FILM_CUES = re.compile(
    r"\b(film|films|movie|movies|documentary|feature|directed|director|starring|stars|"
    r"starred|premiere|premiered|screened|festival|box office|grossed|Best \w+|Oscars?|"
    r"Palme|Golden \w+|cast|shot|filmed|sequel|remake|picture|nominated|won|plays|played|"
    r"review|screenplay|cinematography|trailer|actor|actress|role|theaters|theatres|cinemas|"
    r"filmmaker|biopic|thriller|drama|comedy|horror|western|documentary|Director|Film|Movie|Review|"
    r"awarded|Prize|Bear|Lion|jury|Jury|animated|adventure|romance|fantasy|satire|release|released)\b"
)


def ensure_extensions() -> None:
    """Register the Doc extensions this package uses (once, lazily)."""
    for name in (
        "film_titles",
        "film_mentions",
        "film_people",
        "film_facts",
        "film_focus",
        "film_other_work",
    ):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


class FilmTitles:
    """Finds film titles and their mentions; see the module docstring."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        d = domain()
        self.film_nouns = {n for n in d.film_nouns if " " not in n}
        self.not_titles = {w.casefold() for w in (*d.home_media, *d.film_tech)}
        ensure_extensions()

    def __call__(self, doc: Doc) -> Doc:
        films: dict[str, dict[str, Any]] = {}

        blocked: set[str] = set()

        def add(title: str, *, source: str, confidence: float, **extra: Any) -> dict[str, Any]:
            title = title.strip()
            key = title.casefold()
            if key.rstrip(".!?") in blocked or key in self.not_titles:
                return {"name": title, "aliases": [], "confidence": 0.0}  # a scratch record, not kept
            for f in films.values():
                if key == f["name"].casefold() or key in (a.casefold() for a in f["aliases"]):
                    f["confidence"] = max(f["confidence"], confidence)
                    if extra.get("director") and not f.get("director") and f["source"] in {"lead", "quoted"}:
                        f["director"] = extra["director"]  # the lead named it; "Doe's 'Title'" credits it
                    return f
            film: dict[str, Any] = {
                "name": title,
                "aliases": [],
                "source": source,
                "confidence": confidence,
                "main": False,
                "mentions": [],
                "year": None,
                "countries": [],
                "languages": [],
                "genres": [],
                "lead": None,
            }
            film.update(extra)
            if title[-1:] in {"?", "!"}:
                film["aliases"].append(title[:-1])  # scorers and users often drop the final mark
            films[key] = film
            return film

        sents = list(doc.sents)
        if sents:
            self._lead(doc, sents, add, blocked)
        for sent in sents:
            self._year_parens(doc, sent, add)
            self._film_noun(doc, sent, add)
            self._possessive(doc, sent, add)
            appositive_title(doc, sent, add)
            self._quoted(doc, sent, add)
            self._credit_follows(doc, sent, add)
            self._award_goes_to(doc, sent, add)
        self._mentions(doc, films)
        doc._.film_titles = list(films.values())
        return doc

    # -- detectors -------------------------------------------------------------

    def _lead(self, doc: Doc, sents: list, add: Any, blocked: set[str]) -> None:
        # a headline line before the lead: try the first two sentences
        for sent in sents[:2]:
            if other_work_lead(sent.text):
                doc._.film_other_work = True
                other = other_work_title(sent.text)
                if other:
                    blocked.add(other.casefold())  # the song or series the text is about is no film
                return
            lead = parse_lead(sent.text)
            if lead is None:
                continue
            film = add(lead.title, source="lead", confidence=0.95, main=True)
            film["main"] = True
            film["aliases"] = sorted(set(film["aliases"]) | set(lead.aliases))
            film.update(
                year=lead.year,
                countries=lead.countries,
                languages=lead.languages,
                genres=lead.genres,
                lead=[
                    sent.start_char,
                    sent.end_char,
                    sent.start_char + lead.desc_start,
                    sent.start_char + lead.desc_end,
                ],
            )
            return

    def _year_parens(self, doc: Doc, sent: Any, add: Any) -> None:
        """'Night Ferry (2022)' -> a film titled Night Ferry."""
        for i in range(sent.start + 1, sent.end - 2):
            if (
                doc[i].text != "("
                or doc[i + 2].text != ")"
                and not (i + 3 < sent.end and doc[i + 3].text == ")" and doc[i + 2].lower_ == "film")
            ):
                continue
            if not re.fullmatch(r"(?:19|20)\d\d", doc[i + 1].text):
                continue
            start = title_run_left(doc, i, sent.start)
            start = trim_opener(doc, start, i, sent.start)
            if start < i and not _is_person(doc, start, i):
                film = add(doc[start:i].text, source="year_paren", confidence=0.8, year=int(doc[i + 1].text))
                film.setdefault("year_at", doc[start].idx)
                # "the films included A (1942), B (1943)": a list of films, not an aside
                if any(t.lower_ in {"films", "movies", "features", "pictures"} for t in sent):
                    film["year_listed"] = True

    def _film_noun(self, doc: Doc, sent: Any, add: Any) -> None:
        """'the 1990 film The Long Road Home' -> a film."""
        for i in range(sent.start, sent.end - 1):
            tok = doc[i]
            if tok.lower_ not in self.film_nouns or not tok.is_lower:
                continue
            nxt = doc[i + 1]
            if not is_cap(nxt) or nxt.ent_type_ in {"PERSON", "GPE", "DATE", "NORP"}:
                continue
            prev = doc[max(sent.start, i - 4) : i]
            if not any(
                t.lower_ in {"the", "a", "his", "her", "their", "its", "debut", "first", "feature"}
                or re.fullmatch(r"(?:19|20)\d\d", t.text)
                for t in prev
            ):
                continue
            end = title_run_right(doc, i + 1, sent.end)
            if end > i + 1:
                years = [int(t.text) for t in prev if re.fullmatch(r"(?:19|20)\d\d", t.text)]
                film = add(
                    doc[i + 1 : end].text,
                    source="film_noun",
                    confidence=0.75,
                    year=years[-1] if years else None,
                )
                if years:
                    film.setdefault("year_at", doc[i + 1].idx)

    def _possessive(self, doc: Doc, sent: Any, add: Any) -> None:
        """'Jane Doe's 2011 epic The Long Road' -> a film (and its director)."""
        for i in range(sent.start + 1, sent.end - 1):
            if doc[i].text not in {"'s", "’s"}:
                continue
            owner = ent_at(doc, i - 1)
            if owner is None and doc[i - 1].pos_ == "PROPN" and doc[i - 1].is_title:
                start = title_run_left(doc, i - 1, sent.start)
                owner = doc[start:i]
            if owner is None or owner.label_ in {"GPE", "NORP", "DATE", "LOC", "FAC", "CARDINAL", "ORDINAL"}:
                continue
            if owner.start > sent.start and doc[owner.start - 1].lower_ in {"the", '"', "“", "‘"}:
                continue  # '"The Ferryman's Daughter"': a possessive inside a title
            if {t.lower_ for t in doc[max(sent.start, owner.start - 2) : owner.start]} & _IN_PASSING:
                continue  # "the first winner since Jane Doe's 2011 epic Title": named in passing
            j = i + 1
            saw_cue = False
            quoted = j < sent.end and doc[j].text in {'"', "“", "‘"}
            if quoted:
                j += 1  # "Writer-director Jane Doe's "Title""
                saw_cue = True
            while j < sent.end and (doc[j].is_lower or doc[j].like_num) and j - i <= 4:
                if doc[j].lower_ in self.film_nouns or doc[j].lower_ in domain().genres or doc[j].like_num:
                    saw_cue = True
                elif saw_cue or not any(
                    t.lower_ in self.film_nouns or t.lower_ in domain().genres for t in doc[j + 1 : j + 3]
                ):
                    break  # "Doe's taut thriller": other words may come only before the genre
                j += 1
            if j < sent.end and doc[j].text in {'"', "“", "‘"} and j > i + 1:
                j += 1  # "Jane Doe's animated comedy "Title""
                quoted = True
            if j >= sent.end or not is_cap(doc[j]) or doc[j].ent_type_ in _NOT_TITLE_LABELS:
                continue
            end = title_run_right(doc, j, sent.end)
            if end <= j or (end < sent.end and doc[end].text == "-"):
                continue  # "Doe's English-language debut" describes, it does not name
            after = doc[end : min(sent.end, end + 6)].text
            strong = bool(_YEAR_PAREN.match(doc[end : end + 3].text.replace(" ", ""))) or bool(
                re.match(
                    r"^\s*,\s*(?:a|an|the)\s+(?:\d{4}\s+)?[\w\s-]*?\b(?:film|movie|documentary)\b", after
                )
            )
            owner_words = owner.text.split()
            if owner.label_ != "PERSON" and not (
                (strong or saw_cue) and len(owner_words) <= 3 and all(w[:1].isupper() for w in owner_words)
            ):
                continue
            title_words = doc[j:end].text.split()
            if title_words[-1].casefold() in ORG_WORDS or (
                doc[j].ent_type_ == "ORG" and not strong and not saw_cue
            ):
                continue  # "Doe's Acme Films" is a company
            if quoted and _NONFILM_QUOTE_CUES.search(sent.text):
                continue
            if saw_cue or strong or _FILM_CUES.search(sent.text):
                add(
                    doc[j:end].text,
                    source="possessive",
                    confidence=0.75 if (saw_cue or strong) else 0.65,
                    director=[owner.start_char, owner.end_char],
                )

    def _credit_follows(self, doc: Doc, sent: Any, add: Any) -> None:
        """'Black River, directed by Jane Doe', 'Northern Light (Directors: A, B)' -> films."""
        for i in range(sent.start + 1, sent.end - 2):
            tok = doc[i]
            nxt = doc[i + 1].lower_
            if tok.text == "," and nxt in {"directed", "written", "starring", "helmed"}:
                if nxt != "starring" and doc[i + 2].lower_ not in {"by", "and"}:
                    continue
            elif tok.text == "(" and nxt in {"directed", "director", "directors", "dir", "dir.", "starring"}:
                if doc[i + 2].text not in {":", "by", "."} and nxt != "starring":
                    continue
            else:
                continue
            start = title_run_left(doc, i, sent.start)
            start = trim_opener(doc, start, i, sent.start)
            if start >= i or _is_person(doc, start, i):
                continue
            add(doc[start:i].text, source="credit", confidence=0.75)

    def _award_goes_to(self, doc: Doc, sent: Any, add: Any) -> None:
        """'The Golden Bear went to Long Shadows' -> a film (when the award is a film prize)."""
        text = sent.text
        if "to" not in text:
            return
        for m in re.finditer(r"\b(?:went|goes|was awarded|were awarded|was given|is awarded)\s+to\s+", text):
            span = doc.char_span(
                sent.start_char + m.end(), sent.start_char + m.end() + 1, alignment_mode="expand"
            )
            if span is None or not is_cap(doc[span.start]) or doc[span.start].ent_type_ == "PERSON":
                continue
            if not re.search(
                r"Award|Prize|Palme|Lion|Bear|Leopard|Shell|Globe|Best |Oscar", text[: m.start()]
            ):
                continue
            end = title_run_right(doc, span.start, sent.end)
            if end > span.start and not _is_person(doc, span.start, end):
                add(doc[span.start : end].text, source="award_goes_to", confidence=0.7)

    def _quoted(self, doc: Doc, sent: Any, add: Any) -> None:
        """'Best Director: Christopher Nolan, "Oppenheimer"' -> a film, in film wording only."""
        text = sent.text
        if not _FILM_CUES.search(text):
            return
        for m in _QUOTED.finditer(text):
            around = text[max(0, m.start() - 30) : m.end() + 25]
            quoted = m.group(1)
            if _NONFILM_QUOTE_CUES.search(around) or len(quoted.split()) > 10:
                continue
            if _SPEECH_CUES.search(around) and (len(quoted.split()) > 4 or re.search(r"[,.!?]\s", quoted)):
                continue
            if (
                m.end() < len(text)
                and text[m.end() : m.end() + 4].strip().startswith("by")
                and not _STRONG_CUES.search(text)
            ):
                continue  # '"Song" by Band', unless the sentence is plainly about films or prizes
            add(m.group(1).strip(" ,."), source="quoted", confidence=0.7)

    # -- mentions --------------------------------------------------------------

    def _mentions(self, doc: Doc, films: dict[str, dict[str, Any]]) -> None:
        """Every occurrence of a known title; a longer title wins over a shorter one inside it."""
        text = doc_text(doc)
        taken: list[tuple[int, int]] = []
        forms = sorted(
            (
                (form, film)
                for film in films.values()
                for form in {film["name"], *film["aliases"]}
                if len(form) >= 2
            ),
            key=lambda x: len(x[0]),
            reverse=True,
        )
        for film in films.values():
            film["mentions"] = []
        for form, film in forms:
            for m in re.finditer(r"(?<![\w])" + re.escape(form) + r"(?![\w])", text):
                s, e = m.start(), m.end()
                if any(s < pe and ps < e for ps, pe in taken):
                    continue
                span = doc.char_span(s, e, alignment_mode="expand")
                if span is None:
                    continue
                # "Kira Doe" when the film is "Kira": the title inside a longer name is not the film
                if (
                    span.end < len(doc)
                    and doc[span.end].is_title
                    and not doc[span.end].is_sent_start
                    and doc[span.end].pos_ == "PROPN"
                    and len(form.split()) == 1
                ):
                    continue
                taken.append((s, e))
                film["mentions"].append([s, e])
        for film in films.values():
            film["mentions"].sort()


def _is_person(doc: Doc, start: int, end: int) -> bool:
    ent = ent_at(doc, start)
    return ent is not None and ent.label_ == "PERSON" and ent.end >= end


@Language.factory(
    "film_titles", requires=["doc.sents", "doc.ents", "token.pos"], assigns=["doc._.film_titles"]
)
def make_film_titles(nlp: Language, name: str) -> FilmTitles:
    return FilmTitles(nlp, name)
