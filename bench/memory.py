"""Peak memory of `filmkg extract DIR --out-dir OUT` for a small and a large corpus: should be flat.

Each size runs in a fresh child process; the peak resident set size of the
child is read from `resource.getrusage(RUSAGE_CHILDREN)` (so sizes run in
increasing order, and each run's peak is at least the previous one's).
The documents are the eval fixture's short texts, copied under new names.

Usage: python bench/memory.py [--sizes 200,2000]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="200,2000")
    args = ap.parse_args(argv)
    fixture = ROOT / "tests" / "fixtures" / "eval" / "films.jsonl"
    texts = [json.loads(line)["text"] for line in fixture.read_text(encoding="utf-8").splitlines() if line]
    filmkg = Path(sys.executable).with_name("filmkg")
    for size in sorted(int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "in"
            src.mkdir()
            for i in range(size):
                (src / f"doc{i:06d}.txt").write_text(texts[i % len(texts)], encoding="utf-8")
            start = time.perf_counter()
            subprocess.run([str(filmkg), "extract", str(src), "--out-dir", str(Path(tmp) / "out"), "-q"],
                           check=True)
            took = time.perf_counter() - start
            peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            print(f"{size:6} documents: peak RSS so far {peak_mib:7.1f} MiB, {took:6.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
