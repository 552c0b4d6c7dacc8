"""Training code on a few synthetic documents (invented names): artefacts, report, a working model."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from filmkg.resources import wikidata_dir

pytestmark = pytest.mark.model

FIRST = ["Ana", "Tomas", "Lotte", "Ivo", "Mara", "Pablo", "Rita", "Sven", "Nadia", "Omar", "Lena", "Jonas"]
LAST = ["Ruiz", "Lenk", "Rask", "Mora", "Berry", "Holt", "Sato", "Quist", "Varga", "Dunn", "Okafor", "Brandt"]
WORDS = ["Copper", "Harbor", "Silent", "Orchard", "Glass", "River", "Winter", "Paper", "Lantern", "Stone"]
NOUNS = ["Well", "Lights", "Tower", "Garden", "Road", "Bridge", "Song", "House", "Field", "Shore"]


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def document(k: int, rng: random.Random) -> dict:
    title = f"The {rng.choice(WORDS)} {rng.choice(NOUNS)}"
    director, actor = person(rng), person(rng)
    while actor == director:
        actor = person(rng)
    year = rng.randint(1990, 2020)
    if k % 2:
        text = (
            f"{title} is a {year} drama film directed by {director}. "
            f"It stars {actor} as a fisherman who returns home."
        )
    else:
        text = f"{title} ({year})\nDirector: {director}\nCast: {actor}\n\nA quiet story about a family."
    gold = [
        {"subject": title, "property": "P57", "object": director},
        {"subject": title, "property": "P161", "object": actor},
        {"subject": title, "property": "P577", "object": str(year)},
    ]
    return {"id": f"s{k}", "text": text, "gold": gold}


def write(path: Path, docs: list[dict]) -> Path:
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    return path


def test_training_writes_artefacts_and_a_model_that_finds_facts(tmp_path: Path) -> None:
    from extract.model.runtime import TrainedExtractor
    from extract.nlp.pipeline import build_nlp
    from filmkg.training.run import run_training

    rng = random.Random(7)
    train = write(tmp_path / "train.jsonl", [document(k, rng) for k in range(24)])
    dev = write(tmp_path / "dev.jsonl", [document(k, rng) for k in range(100, 106)])
    out = tmp_path / "model"
    summary = run_training([train], {"dev": [dev]}, out, wikidata_dir() / "index.json.gz", log=lambda _: None)
    for name in ("films.npz", "relations.npz", "wikidata_kinds.json.gz", "metrics.json", "REPORT.md"):
        assert (out / name).is_file(), name
    assert "dev" in (out / "REPORT.md").read_text(encoding="utf-8")
    block = summary["sets"]["dev"]
    assert block["micro"]["tp"] > 0 and block["film_mentions"]["recall"] > 0.5
    assert block["calibration"], "calibration bands are reported"
    extractor = TrainedExtractor.load(out)
    assert 0.0 < extractor.min_confidence < 1.0
    nlp = build_nlp(model_dir=str(out))
    doc = nlp("The Paper Shore is a 2004 drama film directed by Mara Quist. It stars Omar Dunn as a baker.")
    found = {
        (f["property"], f["subject"]["name"], f["object"].get("name"))
        for f in doc._.film_facts
        if f["evidence"]["confidence"] >= extractor.min_confidence
    }
    assert ("P57", "The Paper Shore", "Mara Quist") in found


def test_missing_artefacts_give_a_clear_error(tmp_path: Path) -> None:
    from extract.errors import ModelNotFound
    from extract.model.runtime import TrainedExtractor

    with pytest.raises(ModelNotFound, match="cannot be loaded"):
        TrainedExtractor.load(tmp_path)


def test_training_twice_gives_identical_models(tmp_path: Path) -> None:
    """Fixed seed, seeded folds, crc32 hashing and liblinear: the same data gives the same weights."""
    import numpy as np

    from extract.model import linear
    from extract.nlp.pipeline import build_nlp
    from filmkg.evaluate import load_gold
    from filmkg.training.train import TrainConfig, train

    rng = random.Random(11)
    docs = load_gold([write(tmp_path / "train.jsonl", [document(k, rng) for k in range(16)])])
    nlp = build_nlp(trained=False)
    parsed = list(nlp.pipe([d.text for d in docs]))
    for name in ("a", "b"):
        train(
            docs, parsed, wikidata_dir() / "index.json.gz", tmp_path / name, TrainConfig(log=lambda _: None)
        )
    for artefact in ("films.npz", "relations.npz"):
        first, second = linear.load(tmp_path / "a" / artefact), linear.load(tmp_path / "b" / artefact)
        assert np.array_equal(first.weights, second.weights) and np.array_equal(first.bias, second.bias)
        assert first.calibration == second.calibration and first.meta == second.meta
