"""Hashed-feature linear classifiers and their calibration, stored as one `.npz` file.

Inference needs only numpy: a score is the bias plus the weights of the hashed
string features, squashed by the logistic function, then mapped through an
isotonic calibration table fitted on cross-validated training predictions.
Training (scikit-learn) lives in `filmkg.training`; this module only reads and applies.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from extract.model.text import hash_features

DIMS = 1 << 18


@dataclass
class LinearModel:
    """Several binary classifiers over one hashed feature space (one row of weights per class)."""

    classes: list[str]
    weights: np.ndarray  # (n_classes, DIMS) float32
    bias: np.ndarray  # (n_classes,)
    calibration: dict[str, tuple[list[float], list[float]]]
    meta: dict[str, Any]

    def indices(self, features: list[str]) -> list[int]:
        return hash_features(features, self.weights.shape[1])

    def raw_many(self, feature_lists: list[list[str]]) -> np.ndarray:
        """Uncalibrated probabilities of every class for many rows: (rows, classes), one gather.

        Scoring row by row paid numpy's per-call overhead for each film candidate and pair.
        """
        if not feature_lists:
            return np.zeros((0, len(self.classes)))
        columns = [self.indices(f) for f in feature_lists]
        lengths = np.array([len(c) for c in columns])
        flat = np.fromiter((i for c in columns for i in c), dtype=np.int64, count=int(lengths.sum()))
        gathered = self.weights[:, flat].astype(np.float64)
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        sums = np.zeros((len(self.classes), len(columns)))
        nonempty = lengths > 0
        if nonempty.any():
            sums[:, nonempty] = np.add.reduceat(gathered, starts[nonempty], axis=1)
        z = np.clip(sums.T + self.bias[None, :], -30.0, 30.0)
        return 1.0 / (1.0 + np.exp(-z))

    def calibrate(self, name: str, p: float) -> float:
        """Map a raw probability to the observed precision of facts scored alike in training."""
        return self.calibrate_first((name, "*"), p)

    def first_table(self, names: Sequence[str]) -> tuple[list[float], list[float]] | None:
        """The first of the named calibration tables the model holds, if any."""
        return next((self.calibration[n] for n in names if self.calibration.get(n)), None)

    def calibrate_first(self, names: Sequence[str], p: float) -> float:
        """`p` through the first of the named calibration tables the model holds (else as it is)."""
        table = self.first_table(names)
        return interp(p, *table) if table else p


def interp(x: float, xs: list[float], ys: list[float]) -> float:
    """`numpy.interp` for one value, in plain Python (numpy's per-call overhead dominated scoring).

    Same arithmetic as numpy's C loop, so the same result to the last bit.
    """
    if x < xs[0]:
        return float(ys[0])
    if x > xs[-1]:
        return float(ys[-1])
    j = bisect.bisect_right(xs, x) - 1
    if j >= len(xs) - 1:
        return float(ys[-1])
    if xs[j] == x:
        return float(ys[j])
    slope = (ys[j + 1] - ys[j]) / (xs[j + 1] - xs[j])
    return float(slope * (x - xs[j]) + ys[j])


def save(model: LinearModel, path: Path) -> None:
    """Write weights as float16 (sparse rows compress well) and the rest as JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npz")
    np.savez_compressed(
        tmp,
        weights=model.weights.astype(np.float16),
        bias=model.bias.astype(np.float32),
        header=np.frombuffer(
            json.dumps(
                {"classes": model.classes, "calibration": model.calibration, "meta": model.meta}
            ).encode("utf-8"),
            dtype=np.uint8,
        ),
    )
    tmp.replace(path)


def load(path: Path) -> LinearModel:
    with np.load(path, allow_pickle=False) as data:
        header = json.loads(bytes(data["header"]).decode("utf-8"))
        calibration = {k: (list(v[0]), list(v[1])) for k, v in header["calibration"].items()}
        return LinearModel(
            header["classes"], data["weights"].astype(np.float32), data["bias"], calibration, header["meta"]
        )
