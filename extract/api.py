"""The extractor's public entry points: text in, `DocumentFacts` out.

Everything spaCy-related is loaded lazily here, so `import extract` stays cheap.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from extract.records import DocumentFacts, TextInput

#: The hand rules' own threshold, for their proposals alone (`trained=False`).
RULE_MIN_CONFIDENCE = 0.6


def default_min_confidence() -> float:
    """The threshold chosen at training time (cross-validated on train, precision first)."""
    from extract.model.runtime import load_trained

    return load_trained().min_confidence


def extract_texts(
    docs: Iterable[TextInput],
    *,
    model: str | None = None,
    batch_size: int = 16,
    n_process: int = 1,
    min_confidence: float | None = None,
    trained: bool = True,
) -> Iterator[DocumentFacts]:
    """Extract facts from many documents with `nlp.pipe`, yielding one result per input, in order.

    `trained=False` returns the hand rules' proposals alone (what the trained model reads as
    features), thresholded at `RULE_MIN_CONFIDENCE` unless told otherwise.
    """
    from extract.nlp.facts import doc_to_facts
    from extract.nlp.pipeline import build_nlp

    nlp = build_nlp(model, trained=trained)
    if min_confidence is not None:
        threshold = min_confidence
    else:
        threshold = default_min_confidence() if trained else RULE_MIN_CONFIDENCE
    items = ((d.text, d) for d in docs)
    for spacy_doc, item in nlp.pipe(items, as_tuples=True, batch_size=batch_size, n_process=n_process):
        yield doc_to_facts(spacy_doc, item, min_confidence=threshold)


def extract_text(
    text: str,
    *,
    doc_id: str,
    title: str | None = None,
    source: str | None = None,
    model: str | None = None,
    min_confidence: float | None = None,
    trained: bool = True,
) -> DocumentFacts:
    """Extract facts from one text."""
    item = TextInput(doc_id=doc_id, text=text, source=source, title=title)
    return next(extract_texts([item], model=model, min_confidence=min_confidence, trained=trained))
