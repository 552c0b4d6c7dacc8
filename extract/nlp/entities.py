"""`film_domain_ruler` component: award, ceremony and festival mentions in a Doc.

Award and festival names come from the curated list in `patterns/awards.json`
(see `awards.py` for the normalisation); each mention is stored with its full
name in `doc._.film_mentions` and as a span in `doc.spans["film_domain"]`.

Kept because: it puts those mentions, with their won/nominated cue, on the Doc for
the award rules and the trained extractor's award and festival candidates.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from extract.nlp.awards import award_status, find_mentions
from extract.nlp.gazetteer import cues
from extract.nlp.titles import ensure_extensions

LABELS = {"award": "AWARD", "body": "AWARD_BODY", "festival": "FESTIVAL"}
#: Words without which a sentence cannot name an award or festival (a cheap pre-filter).
AWARD_SENTENCE_CUES = tuple(cues("award_sentence_cues"))


class FilmDomainRuler:
    """Marks film-domain entities; cheap (regexes over sentences that can hold them)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        ensure_extensions()

    def __call__(self, doc: Doc) -> Doc:
        mentions = []
        spans = []
        seen_festivals: set[str] = set()
        last_body: str | None = None
        last_body_k = -10
        bodies_seen: set[str] = set()
        for k, sent in enumerate(doc.sents):
            text = sent.text
            if not any(w in text for w in AWARD_SENTENCE_CUES):
                continue
            base = sent.start_char
            line = ":" in text[:60]
            # a list line under a ceremony heading, or prose right after the ceremony was named
            # ("... at the Academy Awards. Its director also won Best Director")
            recent = line or (k - last_body_k <= 2 and len(bodies_seen) == 1)
            found = find_mentions(
                text, context_festivals=frozenset(seen_festivals), context_body=last_body if recent else None
            )
            for m in found:
                if m.kind == "festival":
                    seen_festivals.add(m.name)
                elif m.kind == "body":
                    last_body = m.name
                    last_body_k = k
                    bodies_seen.add(m.name)
                elif m.kind == "award" and m.written_full:
                    bodies_seen.add(m.name.split(" for ")[0])
                span = doc.char_span(base + m.start, base + m.end, alignment_mode="expand")
                if span is None:
                    continue
                mentions.append(
                    {
                        "kind": m.kind,
                        "name": m.name,
                        "aliases": list(m.aliases),
                        "start": base + m.start,
                        "end": base + m.end,
                        "sent": k,
                        "token_start": span.start,
                        "token_end": span.end,
                        "person_category": m.person_category,
                        "written_full": m.written_full,
                        "status": award_status(text, m.start, m.end) if m.kind == "award" else None,
                    }
                )
                spans.append(Span(doc, span.start, span.end, label=LABELS[m.kind]))
        doc._.film_mentions = mentions
        doc.spans["film_domain"] = spans
        return doc


@Language.factory("film_domain_ruler", requires=["doc.sents"], assigns=["doc._.film_mentions", "doc.spans"])
def make_film_domain_ruler(nlp: Language, name: str) -> FilmDomainRuler:
    return FilmDomainRuler(nlp, name)
