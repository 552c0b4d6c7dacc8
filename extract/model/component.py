"""`film_model` component: the trained extractor decides the document's facts.

It runs after the hand rules (`film_relations`) and reads their proposals as
features. The document's facts become the classifiers' facts joined with the rules'
(`extract.model.rules`): one record per fact, every confidence calibrated on
out-of-fold training facts, so one threshold means the same for all of them. The
rules' proposals alone stay in `doc._.film_rule_facts` for inspection.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from extract.model.runtime import load_trained


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
        doc._.film_facts = load_trained(self.model_dir).run(doc, min_confidence=0.05, rule_facts=rules)
        return doc


@Language.factory(
    "film_model",
    default_config={"model_dir": ""},
    requires=["doc.ents", "doc.sents", "token.lemma", "token.pos", "token.dep"],
    assigns=["doc._.film_facts", "doc._.film_rule_facts"],
)
def make_film_model(nlp: Language, name: str, model_dir: str) -> FilmModel:
    return FilmModel(nlp, name, model_dir)
