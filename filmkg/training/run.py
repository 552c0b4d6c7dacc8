"""`filmkg train`: gold files in, trained artefacts and a report out."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from filmkg.evaluate import load_gold
from filmkg.training import report
from filmkg.training.train import TrainConfig, train


def run_training(
    train_paths: Sequence[Path],
    dev_sets: Mapping[str, Sequence[Path]],
    out_dir: Path,
    index_path: Path,
    *,
    model: str | None = None,
    seed: int = 13,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Train on `train_paths`, measure on each named dev set, write artefacts and REPORT.md."""
    from extract.nlp.pipeline import build_nlp, resolve_model

    started = time.perf_counter()
    docs = load_gold(list(train_paths))
    config = TrainConfig(seed=seed, log=log)
    figures = train(docs, build_nlp(model, trained=False), index_path, out_dir, config)
    summary: dict[str, Any] = {
        "seed": seed,
        "base_model": resolve_model(model),
        "train_documents": len(docs),
        "min_precision": config.min_precision,
        "film_threshold": figures["film_threshold"],
        "min_confidence": figures["min_confidence"],
        "train_oof": figures["train_oof"],
        "sets": {},
    }
    measure_sets(out_dir, dev_sets, summary, model=model, log=log)
    summary["seconds"] = round(time.perf_counter() - started, 1)
    report.write(out_dir, summary)
    return summary


def measure_sets(
    out_dir: Path,
    dev_sets: Mapping[str, Sequence[Path]],
    summary: dict[str, Any],
    *,
    model: str | None = None,
    log: Callable[[str], None] = print,
) -> None:
    """Measure the artefacts in `out_dir` on each named gold set, into `summary["sets"]`."""
    from extract.model.runtime import TrainedExtractor
    from extract.nlp.pipeline import build_nlp

    extractor = TrainedExtractor.load(out_dir)
    nlp = build_nlp(model, model_dir=str(out_dir))
    summary.setdefault("sets", {})
    for name, paths in dev_sets.items():
        block = report.measure(extractor, nlp, load_gold(list(paths)))
        summary["sets"][name] = block
        m = block["micro"]
        log(f"{name}: P {m['precision']:.3f} R {m['recall']:.3f} F1 {m['f1']:.3f}")
