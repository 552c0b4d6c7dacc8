"""Training helpers: calibration knots (monotone, no staircase) and multi-instance positives."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.model.linear import interp
from filmkg.training.distant import best_instances
from filmkg.training.fit import isotonic


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.floats(0.0, 1.0), st.integers(0, 1)), min_size=20, max_size=300),
)
def test_calibration_knots_are_monotone_and_within_the_observed_rates(rows: list[tuple[float, int]]) -> None:
    scores, correct = zip(*rows, strict=True)
    xs, ys = isotonic(scores, correct)
    assert all(a < b for a, b in zip(xs, xs[1:], strict=False)) or len(set(xs)) == 1
    assert all(a <= b for a, b in zip(ys, ys[1:], strict=False))
    assert all(0.0 <= y <= 1.0 for y in ys)


def test_scores_between_two_blocks_are_interpolated_not_stepped() -> None:
    # two blocks: low scores mostly wrong, high scores mostly right
    scores = [0.1] * 20 + [0.2] * 20 + [0.8] * 20 + [0.9] * 20
    correct = [0] * 18 + [1] * 2 + [0] * 18 + [1] * 2 + [1] * 18 + [0] * 2 + [1] * 18 + [0] * 2
    xs, ys = isotonic(scores, correct)
    assert np.allclose(xs, [0.15, 0.85])
    assert np.allclose(ys, [0.1, 0.9])
    middle = interp(0.5, xs, ys)
    assert 0.1 < middle < 0.9 and abs(middle - 0.5) < 1e-9


def test_only_the_best_scored_pair_of_a_gold_fact_is_a_positive_example() -> None:
    keys = ["film|director", "film|director", "film|director", "film|actor", "other|x", "other|x"]
    labels = np.array([1, 1, 1, 1, 0, 0])
    scores = np.array([0.2, 0.9, 0.4, 0.1, 0.8, 0.3])
    use = best_instances(keys, labels, scores)
    # the director fact keeps its best pair, the actor fact its only pair, negatives all stay
    assert use.tolist() == [False, True, False, True, True, True]
