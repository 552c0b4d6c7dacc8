"""Train the film-mention and relation classifiers from gold documents; write artefacts and a report.

Reproducible: fixed seed, deterministic feature hashing, liblinear, documents split
into folds by a seeded permutation. Confidence is calibrated on out-of-fold
predictions over the training documents, and the default threshold is chosen there
for precision first, never on the dev set.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from extract.model import linear
from extract.model.extractor import (
    KIND_PROPS,
    PERSON_SUBJECT_PROPS,
    Analysis,
    allowed,
    analyse,
    build_pairs,
    select_films,
)
from extract.model.pairs import Pair
from extract.model.rules import MODEL, RULED, RULES, curves
from extract.model.runtime import TrainedExtractor, wikidata_kinds_from_index
from extract.model.text import fold, title_variants
from filmkg.evaluate import GoldDoc
from filmkg.training import fit
from filmkg.training.distant import best_instances, film_names, pair_labels
from filmkg.training.measure import Facts, choose_threshold, correct_flags, fact_key_rows, figures

ORIGINS = (MODEL, RULED, RULES)
PROPERTIES = sorted({p for ps in KIND_PROPS.values() for p in ps} | set(PERSON_SUBJECT_PROPS))


@dataclass
class TrainConfig:
    seed: int = 13
    folds: int = 5
    film_c: float = 0.5
    relation_c: float = 0.5
    #: The film threshold is this share of the best-F1 one: a missed film loses all its facts, a
    #: spurious one is discounted by the relation classifiers, which see its score.
    film_recall_factor: float = 0.6
    min_precision: float = 0.75
    log: Callable[[str], None] = print
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Prepared:
    docs: list[GoldDoc]
    analyses: list[Analysis]


def prepare(docs: Sequence[GoldDoc], nlp: Any, kinds: Callable[[str], str | None]) -> Prepared:
    """Parse with the rules-only pipeline (`nlp`, or an iterable of parsed Docs) and analyse."""
    parsed = nlp.pipe([d.text for d in docs], batch_size=32) if hasattr(nlp, "pipe") else nlp
    return Prepared(list(docs), [analyse(doc, kinds) for doc in parsed])


def _film_rows(prep: Prepared) -> tuple[list[list[int]], np.ndarray, list[int]]:
    rows, ys, groups = [], [], []
    for k, (doc, an) in enumerate(zip(prep.docs, prep.analyses, strict=False)):
        names = film_names(doc.facts)
        for cand, feats in zip(an.film_candidates, an.film_features, strict=False):
            rows.append(linear.hash_features(feats, linear.DIMS))
            ys.append(1 if any(fold(n) in names for n in title_variants(cand.text)) else 0)
            groups.append(k)
    return rows, np.array(ys), groups


def _pairs_of(prep: Prepared, film_probs: list[list[float]], threshold: float) -> list[list[Pair]]:
    return [
        build_pairs(an, select_films(an, probs, threshold))
        for an, probs in zip(prep.analyses, film_probs, strict=False)
    ]


def _split(values: np.ndarray, prep: Prepared) -> list[list[float]]:
    out, pos = [], 0
    for an in prep.analyses:
        n = len(an.film_candidates)
        out.append(values[pos : pos + n].tolist())
        pos += n
    return out


def train(
    train_docs: Sequence[GoldDoc], nlp: Any, index_path: Path, out_dir: Path, config: TrainConfig
) -> dict[str, Any]:
    """Fit both classifiers, calibrate, choose the threshold, save; returns the training figures."""
    log = config.log
    t0 = time.perf_counter()
    kinds_table = wikidata_kinds_from_index(index_path)
    prep = prepare(train_docs, nlp, kinds_table.get)
    log(f"parsed {len(prep.docs)} documents in {time.perf_counter() - t0:.0f} s")

    rows, y, groups = _film_rows(prep)
    x = fit.matrix(rows)
    folds = fit.folds_of(groups, config.folds, config.seed)
    film_oof = fit.out_of_fold(x, y, folds, config.film_c, config.seed)
    film_threshold = round(max(0.05, config.film_recall_factor * _best_f1_threshold(film_oof, y)), 2)
    w, b = fit.fit_binary(x, y, config.film_c, config.seed)
    film_model = linear.LinearModel(["film"], w[None, :], np.array([b]), {}, {"threshold": film_threshold})
    log(f"film candidates {len(y)} (positive {int(y.sum())}); threshold {film_threshold:.2f}")

    film_probs = _split(film_oof, prep)
    doc_pairs = _pairs_of(prep, film_probs, film_threshold)
    labels = [pair_labels(pairs, doc.facts) for pairs, doc in zip(doc_pairs, prep.docs, strict=False)]
    flat = [p for pairs in doc_pairs for p in pairs]
    flat_labels = [lab for labs in labels for lab in labs]
    pair_groups = [k for k, pairs in enumerate(doc_pairs) for _ in pairs]
    px = fit.matrix([linear.hash_features(p.features, linear.DIMS) for p in flat])
    pfolds = fit.folds_of(pair_groups, config.folds, config.seed)
    fact_keys = [(k, fold(p.subject_name), fold(p.obj.value)) for k, p in zip(pair_groups, flat, strict=True)]
    weights = np.zeros((len(PROPERTIES), linear.DIMS), dtype=np.float32)
    bias = np.zeros(len(PROPERTIES))
    oof: list[dict[str, float]] = [{} for _ in flat]
    for row, prop in enumerate(PROPERTIES):
        idx = np.array(
            [
                i
                for i, p in enumerate(flat)
                if prop in allowed(p) and _annotated(prep.docs[pair_groups[i]], prop)
            ],
            dtype=np.int64,
        )
        if len(idx) == 0:
            bias[row] = -8.0
            continue
        yy = np.array([1 if prop in flat_labels[i] else 0 for i in idx])
        first = fit.out_of_fold(px[idx], yy, pfolds[idx], config.relation_c, config.seed)
        use = best_instances([fact_keys[i] for i in idx], yy, first)
        probs = fit.out_of_fold(px[idx], yy, pfolds[idx], config.relation_c, config.seed, use)
        for i, p in zip(idx.tolist(), probs.tolist(), strict=False):
            oof[i][prop] = p
        weights[row], bias[row] = fit.fit_binary(px[idx[use]], yy[use], config.relation_c, config.seed)
        log(
            f"{prop}: {len(idx)} pairs, {int(yy.sum())} positive, {int(yy[use].sum())} best instances"
        )

    rule_facts = [list(an.doc._.film_facts or []) for an in prep.analyses]
    facts = Facts.collect([an.doc for an in prep.analyses], doc_pairs, oof, rule_facts)
    flags = correct_flags(facts, prep.docs)
    calibration = fit_calibration(facts, flags)
    relation_model = linear.LinearModel(PROPERTIES, weights, bias, calibration, {})
    for f in facts.items:
        f.confidence = max(f.floor, relation_model.calibrate_first(curves(f.prop, f.origin), f.raw))
    origins = {o: sum(1 for f in facts.items if f.origin == o) for o in ORIGINS}
    log(f"facts by origin: {origins}")
    ceiling = figures(facts, prep.docs, 0.0)["all"]
    log(f"candidate ceiling on train: recall {ceiling.recall:.3f} over {len(facts.items)} candidate facts")
    for t in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        per = figures(facts, prep.docs, t)
        c = per["all"]
        log(
            f"  t={t:.1f} P={c.precision:.3f} R={c.recall:.3f} F1={c.f1:.3f} "
            + " ".join(
                f"{k}:{v.tp}/{v.tp + v.fp}/{v.tp + v.fn}" for k, v in sorted(per.items()) if k != "all"
            )
        )
    threshold, train_figures = choose_threshold(facts, prep.docs, config.min_precision)
    relation_model.meta = {"min_confidence": threshold, "seed": config.seed, "train_oof": train_figures}
    log(f"min_confidence {threshold:.2f}; out-of-fold on train: {train_figures}")

    out_dir.mkdir(parents=True, exist_ok=True)
    linear.save(film_model, out_dir / "films.npz")
    linear.save(relation_model, out_dir / "relations.npz")
    kinds_table.save(out_dir / "wikidata_kinds.json.gz")
    return {
        "film_threshold": film_threshold,
        "min_confidence": threshold,
        "train_oof": train_figures,
        "seconds": round(time.perf_counter() - t0, 1),
        "rows": fact_key_rows(facts),
    }


def fit_calibration(facts: Facts, flags: Sequence[int]) -> dict[str, tuple[list[float], list[float]]]:
    """Isotonic tables per origin of a fact (`extract.model.rules`): pooled, and per property
    where a property has enough facts of both kinds to fit its own."""
    calibration: dict[str, tuple[list[float], list[float]]] = {}
    # the plain tables read every fact the classifiers proposed (their score already weighs the
    # rules' proposals, a feature); the "ruled:" tables re-read those a rule proposed too
    for origins, prefix in (({MODEL, RULED}, ""), ({RULED}, "ruled:")):
        sel = [i for i, f in enumerate(facts.items) if f.origin in origins]
        if len(sel) < 20:
            continue
        calibration[prefix + "*"] = fit.isotonic([facts.items[i].raw for i in sel], [flags[i] for i in sel])
        for prop in PROPERTIES:
            own = [i for i in sel if facts.items[i].prop == prop]
            if len(own) >= 150 and 0 < sum(flags[i] for i in own) < len(own):
                raws = [facts.items[i].raw for i in own]
                calibration[prefix + prop] = fit.isotonic(raws, [flags[i] for i in own])
    return calibration


def _annotated(doc: GoldDoc, prop: str) -> bool:
    """A document whose annotators did not look for `prop` gives no negative examples of it."""
    return doc.annotated is None or prop in doc.annotated


def _best_f1_threshold(probs: np.ndarray, y: np.ndarray) -> float:
    best, best_t = -1.0, 0.5
    for t in np.arange(0.2, 0.81, 0.05):
        pred = probs >= t
        tp = float((pred & (y == 1)).sum())
        p = tp / max(1.0, float(pred.sum()))
        r = tp / max(1.0, float(y.sum()))
        f = 2 * p * r / (p + r) if p + r else 0.0
        if f > best:
            best, best_t = f, float(round(t, 2))
    return best_t


def load_extractor(out_dir: Path) -> TrainedExtractor:
    return TrainedExtractor.load(out_dir)


__all__ = ["TrainConfig", "train", "prepare", "load_extractor", "json"]
