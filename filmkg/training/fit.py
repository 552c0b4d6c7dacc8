"""Fitting hashed-feature logistic regressions, out-of-fold predictions and calibration."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression

from extract.model.linear import DIMS


def matrix(rows: Sequence[Sequence[int]], dims: int = DIMS) -> csr_matrix:
    """A binary sparse matrix from lists of hashed column indices."""
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(r) for r in rows])
    indices = np.fromiter((i for r in rows for i in r), dtype=np.int32, count=int(indptr[-1]))
    data = np.ones(len(indices), dtype=np.float32)
    return csr_matrix((data, indices, indptr), shape=(len(rows), dims))


def fit_binary(x: csr_matrix, y: np.ndarray, c: float, seed: int) -> tuple[np.ndarray, float]:
    """Weights and bias of one L2 logistic regression; a constant model when y has one class."""
    if y.min() == y.max():
        return np.zeros(x.shape[1], dtype=np.float32), (8.0 if y[0] else -8.0)
    used = np.unique(x.indices)  # fit on the columns that occur: same model, far fewer weights
    clf = LogisticRegression(C=c, solver="liblinear", random_state=seed, max_iter=200)
    clf.fit(x[:, used], y)
    w = np.zeros(x.shape[1], dtype=np.float32)
    w[used] = clf.coef_[0]
    return w, float(clf.intercept_[0])


def predict(x: csr_matrix, w: np.ndarray, b: float) -> np.ndarray:
    z = np.clip(x @ w + b, -30, 30)
    return 1.0 / (1.0 + np.exp(-z))


def folds_of(groups: Sequence[int], n_folds: int, seed: int) -> np.ndarray:
    """A fold number per row, whole documents kept together."""
    unique = sorted(set(groups))
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(unique))
    fold_of = {unique[i]: k % n_folds for k, i in enumerate(order)}
    return np.array([fold_of[g] for g in groups])


def out_of_fold(
    x: csr_matrix, y: np.ndarray, folds: np.ndarray, c: float, seed: int, use: np.ndarray | None = None
) -> np.ndarray:
    """Each row's probability from a model that did not see its document.

    `use` marks the rows the models may learn from; every row gets a probability.
    """
    out = np.zeros(len(y), dtype=np.float64)
    for k in sorted(set(folds.tolist())):
        test = folds == k
        learn = ~test if use is None else ~test & use
        w, b = fit_binary(x[learn], y[learn], c, seed)
        out[test] = predict(x[test], w, b)
    return out


def isotonic(scores: Sequence[float], correct: Sequence[int]) -> tuple[list[float], list[float]]:
    """A monotone map from raw score to observed precision, as interpolation knots.

    Centred isotonic regression: one knot per block of the isotonic fit, at the block's
    mean score, joined by straight lines. Plain isotonic regression is a staircase, so a
    whole block of facts sits on one value and a threshold a hair above it drops them
    all; small changes to the model then moved whole properties in or out.
    """
    if len(scores) < 20:
        return [0.0, 1.0], [0.0, 1.0]
    x = np.asarray(scores, dtype=float)
    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip")
    fitted = iso.fit_transform(x, np.asarray(correct, dtype=float))
    order = np.argsort(x, kind="stable")
    xs: list[float] = []
    ys: list[float] = []
    start = 0
    for k in range(1, len(order) + 1):
        if k == len(order) or fitted[order[k]] != fitted[order[start]]:
            block = order[start:k]
            xs.append(float(x[block].mean()))
            ys.append(float(fitted[block[0]]))
            start = k
    if len(xs) == 1:
        return [0.0, 1.0], [ys[0], ys[0]]
    return xs, ys
