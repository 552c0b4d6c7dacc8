"""Link precision on the Re-DocRED film documents (needs ../shared and the real model).

The same measurement as `bench/link_precision.py`: every link's Wikidata label or alias
must equal the linked mention's label after normalisation. Skipped when ../shared is absent.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "link_precision.py"


@pytest.mark.model
def test_link_precision_on_redocred_film_documents():
    spec = importlib.util.spec_from_file_location("link_precision", BENCH)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    if not all(p.is_file() for p in bench.DEFAULT_GOLD):
        pytest.skip("../shared/eval/docred is not here")
    result = bench.measure(bench.DEFAULT_GOLD)
    assert result["linked"] >= 30
    assert result["label_precision"] >= 0.95
    assert result["type_agreement"] >= 0.9
