"""`filmkg ingest --executor dask` builds the same store as the local run (tested on a LocalCluster)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import filmkg
from filmkg.cli import main

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "tests" / "fixtures" / "dev" / "films-dev.jsonl"


def write_texts(folder: Path, count: int) -> list[Path]:
    """The first texts of the project's own dev set, one file each."""
    import json

    folder.mkdir()
    paths = []
    for line in DEV.read_text(encoding="utf-8").splitlines()[:count]:
        record = json.loads(line)
        path = folder / f"{record['id']}.txt"
        path.write_text(record["text"], encoding="utf-8")
        paths.append(path)
    return paths


def quads(location: Path) -> set[str]:
    with filmkg.open(location) as kg:
        return {str(q) for q in kg.oxigraph}


@pytest.mark.model
@pytest.mark.network
def test_dask_ingest_equals_local_ingest(tmp_path):
    distributed = pytest.importorskip("distributed")
    texts = write_texts(tmp_path / "texts", 6)
    assert len(texts) == 6
    local, remote = tmp_path / "local", tmp_path / "dask"
    runner = CliRunner()
    done = runner.invoke(main, ["ingest", *map(str, texts), "--store", str(local), "-q"])
    assert done.exit_code == 0, done.output
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        done = runner.invoke(main, ["ingest", *map(str, texts), "--store", str(remote), "-q",
                                    "--executor", "dask", "--scheduler", cluster.scheduler_address])
    assert done.exit_code == 0, done.output
    local_quads = quads(local)
    assert len(local_quads) > 1000
    assert quads(remote) == local_quads
