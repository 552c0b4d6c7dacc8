"""Hashed linear models: stable hashing, save/load round trip, calibration."""

from __future__ import annotations

import zlib
from pathlib import Path

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from extract.model import linear
from extract.model.text import bucket, fold, hash_features


def test_hashing_is_stable_and_sorted() -> None:
    a = hash_features(["x=1", "y=2", "x=1"], 1 << 18)
    assert a == hash_features(["y=2", "x=1"], 1 << 18)
    assert a == sorted(set(a)) and len(a) == 2


@given(st.lists(st.text(max_size=12), max_size=30), st.sampled_from([7, 1 << 10, linear.DIMS]))
def test_hashing_is_crc32_modulo_the_width_whatever_was_seen_before(features: list[str], dims: int) -> None:
    expected = sorted({zlib.crc32(f.encode("utf-8")) % dims for f in features})
    assert hash_features(features, dims) == expected  # first sight, then from the cache
    assert hash_features(iter(features), dims) == expected


def test_fold_and_bucket() -> None:
    assert fold("The “Copper” Well’s") == "copper well"
    assert fold("Café Lumière") == "cafe lumiere"
    assert bucket(0) == "0" and bucket(4) == "5" and bucket(100) == "more"


def test_save_load_round_trip(tmp_path: Path) -> None:
    w = np.zeros((2, linear.DIMS), dtype=np.float32)
    idx = hash_features(["good"], linear.DIMS)
    w[0, idx] = 3.0
    model = linear.LinearModel(
        ["a", "b"], w, np.array([-1.0, 0.5]), {"a": ([0.0, 1.0], [0.1, 0.9])}, {"threshold": 0.4}
    )
    path = tmp_path / "m.npz"
    linear.save(model, path)
    back = linear.load(path)
    assert back.classes == ["a", "b"] and back.meta == {"threshold": 0.4}
    raw = back.raw_many([["good"], [], ["unseen", "good"]])
    assert raw.shape == (3, 2)
    assert raw[0, 0] > 0.85 and abs(raw[0, 1] - 1 / (1 + np.exp(-0.5))) < 1e-6
    assert abs(raw[1, 0] - 1 / (1 + np.exp(1.0))) < 1e-9  # no features: the bias alone
    assert raw[2, 0] == raw[0, 0]
    assert back.calibrate("a", 0.5) == 0.5  # midway on the knots (0.1 .. 0.9)
    assert back.calibrate("b", 0.3) == 0.3  # no table: the raw score
    assert back.calibrate_first(("ruled:a", "a"), 0.0) == 0.1  # the first table it holds
    assert back.calibrate_first(("rules:*",), 0.7) == 0.7
    assert not list(tmp_path.glob("*.tmp*"))


@given(
    st.lists(st.floats(0, 1), min_size=1, max_size=12).map(sorted),
    st.lists(st.floats(0, 1), min_size=12, max_size=12),
    st.floats(-0.5, 1.5),
)
def test_interp_equals_numpy(xs: list[float], ys: list[float], x: float) -> None:
    ys = ys[: len(xs)]
    assert linear.interp(x, xs, ys) == float(np.interp(x, xs, ys))
