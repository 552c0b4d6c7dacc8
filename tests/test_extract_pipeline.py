"""The spaCy pipeline: named components with declared attributes, multiprocessing, records."""

from __future__ import annotations

import pytest

from extract.api import extract_texts
from extract.nlp.pipeline import COMPONENTS, build_nlp
from extract.records import TextInput

pytestmark = pytest.mark.model

TEXTS = [
    "Harbor Lights is a 2019 Canadian romantic comedy film written and directed by Marta Olsen. "
    "It premiered at the Toronto International Film Festival.",
    "Glass Tower is a 2014 thriller film directed by Rita Moss and starring Tom Berry and Ana Ruiz.",
    "The weather was fine and nobody made a film.",
]


def test_components_are_named_and_declare_what_they_assign() -> None:
    nlp = build_nlp()
    assert list(COMPONENTS) == nlp.pipe_names[-len(COMPONENTS):]
    analysis = nlp.analyze_pipes(pretty=False)
    assert not analysis["problems"].get("film_relations")
    assert "doc._.film_facts" in analysis["summary"]["film_relations"]["assigns"]


def test_multiprocessing_gives_the_same_facts_as_one_process() -> None:
    docs = [TextInput(doc_id=f"d{i}", text=t) for i, t in enumerate(TEXTS)]
    one = list(extract_texts(docs, n_process=1))
    two = list(extract_texts(docs, n_process=2, batch_size=1))
    assert [d.doc_id for d in two] == ["d0", "d1", "d2"]
    assert [set(d.facts) for d in one] == [set(d.facts) for d in two]
    assert one[0].facts and not one[2].facts


def test_entities_are_listed_once_with_aliases() -> None:
    res = next(extract_texts([TextInput(doc_id="x", text=TEXTS[1] + " Moss said the shoot was long.")]))
    keys = [e.key for e in res.entities]
    assert len(keys) == len(set(keys))
    moss = next(e for e in res.entities if e.name == "Rita Moss")
    assert "Moss" in moss.aliases
