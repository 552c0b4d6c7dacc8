"""Measure a trained extractor on gold documents and write the training report.

Figures: per-property P/R/F1 at the chosen threshold (scored as `score.py`
scores), film-mention P/R (distinct titles per document), and calibration
(mean predicted confidence against observed precision per confidence band).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from extract.model.extractor import analyse, select_films
from extract.model.runtime import TrainedExtractor
from extract.model.text import fold
from filmkg.evaluate import GoldDoc
from filmkg.scoring import Counts
from filmkg.training.distant import AWARD_PROPS, PERSON_PROPS, film_names
from filmkg.training.measure import FactItem, Facts, correct_flags, figures, prediction_of

BANDS = ((0.05, 0.2), (0.2, 0.4), (0.4, 0.6), (0.6, 0.8), (0.8, 1.01))


def measure(extractor: TrainedExtractor, nlp: Any, docs: Sequence[GoldDoc]) -> dict[str, Any]:
    """Everything the report shows for one gold set."""
    items: list[FactItem] = []
    films = Counts()
    for k, (gold, doc) in enumerate(zip(docs, nlp.pipe([d.text for d in docs], batch_size=32), strict=False)):
        for rec in doc._.film_facts or []:
            conf = float(rec["evidence"]["confidence"])
            items.append(FactItem(k, rec["property"], conf, prediction_of(rec), conf))
        analysis = analyse(doc, extractor.kinds.get)
        chosen = {
            f.key
            for f in select_films(
                analysis, extractor.film_scores(analysis), float(extractor.films.meta["threshold"])
            )
        }
        missed = _distinct_missed(gold, chosen)
        films.tp += len(_distinct_films(gold)) - len(missed)
        films.fn += len(missed)
        films.fp += len(chosen - film_names(gold.facts))
    facts = Facts(items)
    threshold = extractor.min_confidence
    per = figures(facts, docs, threshold)
    flags = correct_flags(facts, docs)
    calibration = []
    for lo, hi in BANDS:
        sel = [i for i, f in enumerate(items) if lo <= f.confidence < hi]
        if sel:
            calibration.append(
                {
                    "band": f"{lo:.2f}-{min(hi, 1.0):.2f}",
                    "facts": len(sel),
                    "predicted": round(sum(items[i].confidence for i in sel) / len(sel), 3),
                    "observed": round(sum(flags[i] for i in sel) / len(sel), 3),
                }
            )
    curve = []
    for t in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        c = figures(facts, docs, t)["all"]
        curve.append(
            {
                "threshold": t,
                "precision": round(c.precision, 4),
                "recall": round(c.recall, 4),
                "f1": round(c.f1, 4),
            }
        )
    return {
        "curve": curve,
        "documents": len(docs),
        "threshold": threshold,
        "micro": _row(per["all"]),
        "per_property": {p: _row(c) for p, c in sorted(per.items()) if p != "all"},
        "film_mentions": _row(films),
        "calibration": calibration,
    }


def _distinct_films(gold: GoldDoc) -> dict[str, set[str]]:
    """Each gold film (by its main name) with all its folded names; award-winning people left out."""
    people = {fold(f.object) for f in gold.facts if f.pid in PERSON_PROPS}
    out: dict[str, set[str]] = {}
    for f in gold.facts:
        if f.pid in AWARD_PROPS and fold(f.subject) in people:
            continue
        out.setdefault(fold(f.subject), set()).update(fold(n) for n in f.subject_names)
    return out


def _distinct_missed(gold: GoldDoc, chosen: set[str]) -> set[str]:
    return {main for main, names in _distinct_films(gold).items() if not names & chosen}


def _row(c: Counts) -> dict[str, float | int]:
    return {
        "tp": c.tp,
        "fp": c.fp,
        "fn": c.fn,
        "precision": round(c.precision, 4),
        "recall": round(c.recall, 4),
        "f1": round(c.f1, 4),
    }


def write(out_dir: Path, summary: dict[str, Any]) -> None:
    """`metrics.json` (all figures) and `REPORT.md` (the same, for people)."""
    (out_dir / "metrics.json").write_text(
        json.dumps(summary, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    lines = [
        "# Training report",
        "",
        f"Seed {summary['seed']}, base model `{summary['base_model']}`, "
        f"{summary['train_documents']} training documents, {summary['seconds']} s.",
        "",
        f"Film-mention threshold {summary['film_threshold']}; fact threshold (min_confidence) "
        f"{summary['min_confidence']}, chosen on out-of-fold training predictions for precision >= "
        f"{summary['min_precision']}: {summary['train_oof']}.",
        "",
    ]
    for name, block in summary.get("sets", {}).items():
        m = block["micro"]
        f = block["film_mentions"]
        lines += [
            f"## {name} ({block['documents']} documents)",
            "",
            f"Micro P {m['precision']:.3f} R {m['recall']:.3f} F1 {m['f1']:.3f} "
            f"(tp {m['tp']}, fp {m['fp']}, fn {m['fn']}).",
            "",
            f"Film mentions (distinct titles per document): P {f['precision']:.3f} R {f['recall']:.3f}.",
            "",
            "| property | tp | fp | fn | P | R | F1 |",
            "|---|---|---|---|---|---|---|",
        ]
        for p, r in block["per_property"].items():
            lines.append(
                f"| {p} | {r['tp']} | {r['fp']} | {r['fn']} | {r['precision']:.3f} | {r['recall']:.3f} "
                f"| {r['f1']:.3f} |"
            )
        lines += [
            "",
            "Precision and recall by threshold:",
            "",
            "| min_confidence | P | R | F1 |",
            "|---|---|---|---|",
        ]
        for row in block["curve"]:
            lines.append(
                f"| {row['threshold']} | {row['precision']:.3f} | {row['recall']:.3f} | {row['f1']:.3f} |"
            )
        lines += [
            "",
            "Calibration of all facts, the rules' facts too (scored >= 0.05):",
            "",
            "| confidence | facts | mean predicted | observed precision |",
            "|---|---|---|---|",
        ]
        for row in block["calibration"]:
            lines.append(f"| {row['band']} | {row['facts']} | {row['predicted']} | {row['observed']} |")
        lines.append("")
    (out_dir / "REPORT.md").write_text("\n".join(lines), encoding="utf-8")
