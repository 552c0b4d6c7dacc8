"""Small text helpers shared by the trained extractor: name folding and feature hashing."""

from __future__ import annotations

import bisect
import json
import re
import unicodedata
import zlib
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from extract.nlp.spans import doc_text as doc_text  # shared with the hand rules: one text per Doc

_DASHES = re.compile("[\u2010-\u2015\u2212]")
_SINGLE_QUOTES = re.compile("[\u2018\u2019\u201b`\u00b4]")
_DOUBLE_QUOTES = re.compile('[\u201c\u201d"]')
_POSSESSIVE = re.compile(r"'s\b")
_LEADING_THE = re.compile(r"^the\s+")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """Fold a name so that two spellings of it compare equal (case, accents, quotes, 'the ')."""
    text = unicodedata.normalize("NFKC", str(name)).casefold()
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = _DASHES.sub("-", text)
    text = _SINGLE_QUOTES.sub("'", text)
    text = _DOUBLE_QUOTES.sub("", text)
    text = _POSSESSIVE.sub("", text)
    text = _LEADING_THE.sub("", text.strip())
    text = _SPACES.sub(" ", text)
    return text.strip(" .,;:'()")


_SLASH = re.compile(r"\s*/\s*")
_HEADING_LABEL = re.compile(r"^([^:]{1,40}?)\s*::?\s+")
_NUMBERED = re.compile(r"^\d{1,3}[.)]\s*")
_WORDS = re.compile(r"[^\W\d_]+")
_OPEN_BRACKET = re.compile(r"\s*\([^)]*$")


def primary_title(name: str) -> str:
    """The title a heading or list line holds: "Film review: Title", "7)Title", "Title (Other" hold "Title".

    A film keeps this as its name, so its other mentions in the text are found as repeats.
    """
    label = _HEADING_LABEL.match(name)
    words = set(_WORDS.findall(label.group(1).casefold())) if label else set()
    if label and words and words <= vocabulary("heading_labels"):
        name = name[label.end() :]
    numbered = _NUMBERED.match(name)
    if numbered and numbered.end() < len(name):
        name = name[numbered.end() :]
    return _OPEN_BRACKET.sub("", name).strip() or name


def title_variants(name: str) -> list[str]:
    """A title and the titles it holds: "Original / English" gives both; "Title (Other" gives "Title".

    Texts name a film by two titles joined with a slash (original and translated), list
    lines cut a bracket short, headings put a label or a date before it ("Film review:
    Title", "7) Title"), and a closing "!" or "?" may be the sentence's, not the title's;
    each variant is a name of the same film.
    """
    out = [name, primary_title(name)]
    bare = out[-1].rstrip("!?").strip()
    if bare:
        out.append(bare)  # a sentence's own "!" or "?" may have been read as part of the title
    parts = [p.strip() for p in _SLASH.split(out[-1])]
    if len(parts) == 2 and all(sum(c.isalpha() for c in p) >= 2 for p in parts):
        out += parts
    return list(dict.fromkeys(out))


_COLUMNS: dict[int, dict[str, int]] = {}


def hash_features(features: Iterable[str], dims: int) -> list[int]:
    """Stable column indices for string features (crc32, the same on every run and machine).

    Most features recur ("ok=PERSON"), so their columns are remembered per width (bounded
    memory); a row whose features are all known costs one dict lookup each.
    """
    cache = _COLUMNS.get(dims)
    if cache is None or len(cache) > 400_000:
        cache = _COLUMNS[dims] = {}
    names = features if isinstance(features, list) else list(features)
    try:
        return sorted({cache[f] for f in names})
    except KeyError:
        pass
    out = set()
    for f in names:
        col = cache.get(f)
        if col is None:
            col = cache[f] = zlib.crc32(f.encode("utf-8")) % dims
        out.add(col)
    return sorted(out)


def bucket(n: int, edges: tuple[int, ...] = (0, 1, 2, 3, 5, 8, 13, 21)) -> str:
    """A coarse bucket name for a count or distance."""
    for edge in edges:
        if n <= edge:
            return str(edge)
    return "more"


VOCABULARY_FILE = Path(__file__).with_name("vocabulary.json")


@cache
def vocabulary(name: str) -> frozenset[str]:
    """A word list from `vocabulary.json` (general film vocabulary, kept as data, not code)."""
    with VOCABULARY_FILE.open(encoding="utf-8") as handle:
        return frozenset(json.load(handle)[name]["words"])


_SENTS_KEY = "filmkg_sentence_starts"


def sentence_of(doc: Any, char: int) -> tuple[int, int]:
    """(start, end) characters of the sentence holding `char` (bounds built once per Doc).

    Kept as two lists of ints so that they survive a `DocBin` round trip unchanged.
    """
    bounds = doc.user_data.get(_SENTS_KEY)
    if bounds is None:
        sents = list(doc.sents)
        bounds = doc.user_data[_SENTS_KEY] = [[s.start_char for s in sents], [s.end_char for s in sents]]
    starts, ends = bounds
    if not starts:
        return 0, 0
    k = max(0, bisect.bisect_right(starts, char) - 1)
    return starts[k], ends[k]
