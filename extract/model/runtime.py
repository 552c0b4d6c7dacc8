"""Load the trained artefacts and run the trained extractor on a processed Doc.

The artefacts (`trained/` beside this file, or a folder a user trained with
`filmkg train`) are: `films.npz` (film-mention classifier), `relations.npz`
(one classifier per property, calibration tables, the chosen threshold) and
`wikidata_kinds.json.gz` (kinds of names known from the Wikidata slice, a feature).
"""

from __future__ import annotations

import gzip
import json
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from extract.errors import ModelNotFound
from extract.model import linear
from extract.model.extractor import (
    allowed,
    analyse,
    build_pairs,
    facts,
    film_surface_names,
    keep_best_films,
    largest_box_office,
    select_films,
)
from extract.model.films import encyclopedic_lead
from extract.model.rules import MODEL, RULED, by_key, combine, curves
from extract.model.text import fold

TRAINED_DIR = Path(__file__).with_name("trained")
MODEL_DIR_ENV = "FILMKG_MODEL_DIR"


class WikidataKinds(dict[str, str]):
    """Folded name -> the kinds Wikidata gives it ("film", "person|place", ...)."""

    def save(self, path: Path) -> None:
        tmp = path.with_suffix(".tmp")
        data = json.dumps(dict(sorted(self.items())), ensure_ascii=False, separators=(",", ":"))
        # mtime=0: the same table gives the same bytes, so a retrained model diffs cleanly
        tmp.write_bytes(gzip.compress(data.encode("utf-8"), mtime=0))
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> WikidataKinds:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            return cls(json.load(handle))


def wikidata_kinds_from_index(index_path: Path) -> WikidataKinds:
    """Build the table from the linker's `index.json.gz` (labels and aliases of typed items)."""
    with gzip.open(index_path, "rt", encoding="utf-8") as handle:
        index = json.load(handle)
    kinds: dict[str, set[str]] = {}
    for item in index["entities"].values():
        for name in (item.get("l", ""), *item.get("a", ())):
            key = fold(name)
            if key and item.get("c"):
                kinds.setdefault(key, set()).update(item["c"])
    return WikidataKinds({k: "|".join(sorted(v)) for k, v in kinds.items()})


@dataclass
class TrainedExtractor:
    """The two classifiers and the Wikidata table, applied to one Doc at a time."""

    films: linear.LinearModel
    relations: linear.LinearModel
    kinds: WikidataKinds
    _tables: dict[tuple[str, str], Any] = field(default_factory=dict, init=False, repr=False)

    @classmethod
    def load(cls, folder: Path) -> TrainedExtractor:
        try:
            return cls(
                linear.load(folder / "films.npz"),
                linear.load(folder / "relations.npz"),
                WikidataKinds.load(folder / "wikidata_kinds.json.gz"),
            )
        except (OSError, ValueError, KeyError) as e:
            raise ModelNotFound(f"trained extractor in {folder} cannot be loaded ({e})") from e

    @property
    def min_confidence(self) -> float:
        return float(self.relations.meta.get("min_confidence", 0.5))

    def film_scores(self, analysis: Any) -> list[float]:
        return self.films.raw_many(analysis.film_features)[:, 0].tolist()

    def calibrate(self, prop: str, origin: str, raw: float) -> float:
        """A fact's confidence from its raw score and how it arose (see `extract.model.rules`)."""
        key = (prop, origin)
        if key not in self._tables:  # resolved once: every pair of every document asks
            self._tables[key] = self.relations.first_table(curves(prop, origin))
        table = self._tables[key]
        return linear.interp(raw, *table) if table else raw

    def run(
        self, doc: Any, min_confidence: float = 0.0, rule_facts: list[dict[str, Any]] | None = None
    ) -> list[dict[str, Any]]:
        """Fact records (the shape `doc._.film_facts` holds) with calibrated confidences.

        `rule_facts`, the hand rules' proposals for `doc`, join the classifiers' facts
        as `extract.model.rules` says.
        """
        rules = by_key(rule_facts or [])
        encyclopedic = bool(rules) and encyclopedic_lead(doc)
        analysis = analyse(doc, self.kinds.get)
        selected = select_films(analysis, self.film_scores(analysis), float(self.films.meta["threshold"]))
        pairs = build_pairs(analysis, selected)
        probs = self.relations.raw_many([pair.features for pair in pairs])
        rows = {name: k for k, name in enumerate(self.relations.classes)}
        raw = [
            {p: row[rows[p]] for p in allowed(pair)} for pair, row in zip(pairs, probs.tolist(), strict=True)
        ]
        scores = []
        confirmable = bool(rules) and not encyclopedic
        for pair, row in zip(pairs, keep_best_films(pairs, raw), strict=True):
            score = {p: self.calibrate(p, MODEL, r) for p, r in row.items()}
            if confirmable:
                subject, value = fold(pair.subject_name), fold(pair.obj.value)
                for p in score:
                    if (subject, p, value) in rules:
                        score[p] = self.calibrate(p, RULED, row[p])
            scores.append(score)
        model_facts = facts(doc, pairs, scores, min_confidence, film_surface_names(f.name for f in selected))
        return largest_box_office(combine(model_facts, rules, encyclopedic, min_confidence))


@lru_cache(maxsize=2)
def load_trained(folder: str | None = None) -> TrainedExtractor:
    """The trained extractor from `folder`, $FILMKG_MODEL_DIR, or the committed artefacts."""
    return TrainedExtractor.load(Path(folder or os.environ.get(MODEL_DIR_ENV) or TRAINED_DIR))
