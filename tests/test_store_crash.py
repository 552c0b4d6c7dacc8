"""Killing `filmkg ingest` (SIGKILL) mid-run leaves a store that opens and holds whole documents only."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import filmkg
from filmkg.store.layout import doc_graph, inferred_graph

ROOT = Path(__file__).resolve().parent.parent
COPIES = 30


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.exists() else 0


def graph_sizes(kg) -> dict[str, int]:
    rows = kg.backend.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {row["g"].value: int(row["n"].value) for row in rows}


@pytest.mark.model
def test_sigkill_during_ingest_leaves_whole_documents(tmp_path):
    texts = tmp_path / "texts"
    texts.mkdir()
    seed = (ROOT / "seeds" / "anora.txt").read_text(encoding="utf-8")
    for i in range(COPIES):
        (texts / f"doc-{i:02d}.txt").write_text(seed, encoding="utf-8")
    store = tmp_path / "kg"
    command = [sys.executable, "-m", "filmkg.cli", "ingest", str(texts), "--store", str(store), "-q",
               "--batch", "2"]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        # a new store is about 0.4 MB (the ontology); each seed document adds about 0.8 MB
        while folder_size(store) < 1_000_000 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        time.sleep(1.5)  # into the next documents
        assert proc.poll() is None, "ingest finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    with filmkg.open(tmp_path / "reference") as reference:
        reference.ingest([texts / "doc-00.txt"])
        expected = graph_sizes(reference)
    with filmkg.open(store) as kg:
        stored = kg.documents()
        sizes = graph_sizes(kg)
    assert 1 <= len(stored) < COPIES, stored
    for doc_id in stored:
        assert sizes[doc_graph(doc_id)] == expected[doc_graph("doc-00")], doc_id
        assert sizes[inferred_graph(doc_id)] == expected[inferred_graph("doc-00")], doc_id
    assert not [g for g in sizes if g.startswith(inferred_graph("")) and
                g.replace(inferred_graph(""), doc_graph("")) not in sizes]
