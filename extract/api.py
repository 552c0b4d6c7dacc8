"""The extractor's public entry points: text in, `DocumentFacts` out.

Everything spaCy-related is loaded lazily here, so `import extract` stays cheap.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from extract.records import DocumentFacts, TextInput

#: Facts below this confidence are dropped unless the caller asks otherwise. Tuned on the shared
#: sets for precision first: 0.6 keeps every rule with direct evidence and drops the weak guesses
#: (a passing "Title (1994)" year, a language guessed from a nationality, a person's category
#: credited to a film without a named ceremony).
DEFAULT_MIN_CONFIDENCE = 0.6


def extract_texts(
    docs: Iterable[TextInput],
    *,
    model: str | None = None,
    batch_size: int = 16,
    n_process: int = 1,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
) -> Iterator[DocumentFacts]:
    """Extract facts from many documents with `nlp.pipe`, yielding one result per input, in order."""
    from extract.nlp.facts import doc_to_facts
    from extract.nlp.pipeline import build_nlp

    nlp = build_nlp(model)
    items = ((d.text, d) for d in docs)
    for spacy_doc, item in nlp.pipe(items, as_tuples=True, batch_size=batch_size, n_process=n_process):
        yield doc_to_facts(spacy_doc, item, min_confidence=min_confidence)


def extract_text(
    text: str,
    *,
    doc_id: str,
    title: str | None = None,
    source: str | None = None,
    model: str | None = None,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
) -> DocumentFacts:
    """Extract facts from one text."""
    item = TextInput(doc_id=doc_id, text=text, source=source, title=title)
    return next(extract_texts([item], model=model, min_confidence=min_confidence))
