"""`film_model` component: the trained extractor decides the document's facts.

It runs after the hand rules (`film_relations`) and reads their proposals as
features. The document's facts become the classifiers' facts (calibrated
confidence, rule name `model:...`) together with the rules' own facts (rule name
and confidence as the rules gave them), one per fact, the more confident kept: the
rules stay exact where they are exact (encyclopedia leads, the seed), and the
model adds what they miss (several films, credit blocks, lists). The rules'
proposals alone stay in `doc._.film_rule_facts` for inspection.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from extract.model.runtime import load_trained
from extract.model.text import fold


class FilmModel:
    def __init__(self, nlp: Language, name: str, model_dir: str | None) -> None:
        self.name = name
        self.model_dir = model_dir or None
        if not Doc.has_extension("film_rule_facts"):
            Doc.set_extension("film_rule_facts", default=None)
        load_trained(self.model_dir)  # fail at build time, with a clear error, not mid-corpus

    def __call__(self, doc: Doc) -> Doc:
        rules = doc._.film_facts or []
        doc._.film_rule_facts = rules
        doc._.film_facts = merge(load_trained(self.model_dir).run(doc, min_confidence=0.05), rules)
        return doc


def _key(fact: dict[str, Any]) -> tuple[str, str, str]:
    obj = fact["object"]
    value = obj.get("name") or obj.get("date") or " ".join(obj.get("money") or ())
    return fold(fact["subject"]["name"]), fact["property"], fold(value)


def merge(model_facts: list[dict[str, Any]], rule_facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One fact per (subject, property, value): the model's or the rules', whichever is more confident."""
    best: dict[tuple[str, str, str], dict[str, Any]] = {}
    for fact in [*model_facts, *rule_facts]:
        key = _key(fact)
        old = best.get(key)
        if old is None or fact["evidence"]["confidence"] > old["evidence"]["confidence"]:
            best[key] = fact
    return list(best.values())


@Language.factory(
    "film_model",
    default_config={"model_dir": ""},
    requires=["doc.ents", "doc.sents", "token.lemma", "token.pos", "token.dep"],
    assigns=["doc._.film_facts", "doc._.film_rule_facts"],
)
def make_film_model(nlp: Language, name: str, model_dir: str) -> FilmModel:
    return FilmModel(nlp, name, model_dir)
