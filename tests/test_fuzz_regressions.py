"""Every input `make fuzz` once found failing (tests/fixtures/fuzz/<target>/) is replayed through its target.

A target raises only on a bug (tools/fuzz_targets.py), so each replay passing
means the finding stays fixed. The seeds run too, so the targets themselves
are exercised in every test run.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import fuzz_targets  # noqa: E402 - needs the path above


def test_saved_findings_stay_fixed():
    replayed = fuzz_targets.replay(ROOT / "tests" / "fixtures" / "fuzz")
    assert ("param_parser", "integer-with-group-separator") in replayed


@pytest.mark.parametrize("name", list(fuzz_targets.TARGETS))
def test_seeds_run_through_every_target(name):
    for seed in fuzz_targets.SEEDS[name]:
        fuzz_targets.TARGETS[name](seed)
