"""`make fuzz`: time-boxed fuzzing of filmkg's untrusted-input readers (tools/fuzz_targets.py).

With atheris (coverage-guided, libFuzzer) when it is installed, else with
Hypothesis (random bytes, no coverage feedback). Each target runs in its own
process for --seconds (default 60; `make fuzz FUZZ_SECONDS=10` for CI's short
pass), under a 2 GB memory limit and a 10 s per-input timeout. A failing
input is saved under tests/fixtures/fuzz/<target>/, where
tests/test_fuzz_regressions.py replays it from then on. Exit 1 if any target
found something.

    python tools/fuzz.py [--seconds N] [--engine atheris|hypothesis] [TARGET ...]
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FINDINGS = ROOT / "tests" / "fixtures" / "fuzz"
sys.path.insert(0, str(ROOT / "tools"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("targets", nargs="*", help="targets to run (default: all)")
    parser.add_argument("--seconds", type=float, default=60.0, help="time per target (default 60)")
    parser.add_argument("--engine", choices=["atheris", "hypothesis"], default=None)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    engine = args.engine or ("atheris" if importlib.util.find_spec("atheris") else "hypothesis")
    if args.child:
        return _atheris_child(args.child, args.seconds) if engine == "atheris" else \
            _hypothesis_child(args.child, args.seconds)
    from fuzz_targets import TARGETS

    names = args.targets or list(TARGETS)
    unknown = [n for n in names if n not in TARGETS]
    if unknown:
        parser.error(f"unknown target(s) {', '.join(unknown)}; known: {', '.join(TARGETS)}")
    failed = []
    for name in names:
        started = time.monotonic()
        done = subprocess.run([sys.executable, __file__, "--child", name, "--seconds", str(args.seconds),
                               "--engine", engine], cwd=ROOT, capture_output=True, text=True)
        lines = done.stderr.strip().splitlines() or [""]
        tail = next((line for line in lines if "number_of_executed_units" in line), lines[-1])
        status = "ok" if done.returncode == 0 else f"FOUND A FAILURE (saved in {FINDINGS / name})"
        print(f"fuzz {name:<13} {engine:<10} {time.monotonic() - started:6.1f} s  {status}  {tail[:120]}")
        if done.returncode != 0:
            failed.append(name)
            print(done.stderr[-3000:], file=sys.stderr)
    return 1 if failed else 0


def _atheris_child(name: str, seconds: float) -> int:
    import importlib

    import atheris
    import pyoxigraph  # noqa: F401 - imported before instrumenting: only filmkg's code (and for the RDF
    import rdflib  # noqa: F401 - target rdflib's parsers) is instrumented: seconds to start, not a minute

    parsers = ["rdflib.plugins.parsers"] if name == "rdf_readers" else []
    with atheris.instrument_imports(include=["filmkg", "fuzz_targets", *parsers]):
        import fuzz_targets

        for module in ("notation3", "ntriples", "nquads", "trig", "jsonld", "rdfxml") if parsers else ():
            importlib.import_module(f"rdflib.plugins.parsers.{module}")
    target = fuzz_targets.TARGETS[name]
    corpus = Path(tempfile.mkdtemp(prefix=f"filmkg-corpus-{name}-"))
    for i, seed in enumerate(fuzz_targets.SEEDS[name]):
        (corpus / f"seed{i}").write_bytes(seed)
    out = FINDINGS / name
    out.mkdir(parents=True, exist_ok=True)
    atheris.Setup([sys.argv[0], str(corpus), f"-max_total_time={max(int(seconds), 1)}", "-rss_limit_mb=2048",
                   "-timeout=10", f"-artifact_prefix={out}/", "-print_final_stats=1"], target)
    try:
        atheris.Fuzz()  # exits the process: 0 when the time is up, non-zero with the input saved
    finally:
        shutil.rmtree(corpus, ignore_errors=True)
    return 0


def _hypothesis_child(name: str, seconds: float) -> int:
    import fuzz_targets
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    target = fuzz_targets.TARGETS[name]
    seeds = fuzz_targets.SEEDS[name]
    inputs = st.one_of(st.binary(max_size=4096), st.sampled_from(seeds),
                       st.builds(lambda s, b, i: s[:i] + b + s[i:], st.sampled_from(seeds),
                                 st.binary(max_size=64), st.integers(0, 200)))
    last: list[bytes] = []

    @settings(max_examples=200, deadline=10_000, database=None,
              suppress_health_check=list(HealthCheck))
    @given(inputs)
    def check(data: bytes) -> None:
        last[:] = [data]
        target(data)

    deadline, rounds = time.monotonic() + seconds, 0
    try:
        while time.monotonic() < deadline:
            check()
            rounds += 1
    except Exception:
        out = FINDINGS / name
        out.mkdir(parents=True, exist_ok=True)
        data = last[0] if last else b""
        (out / f"crash-{hashlib.sha1(data).hexdigest()}").write_bytes(data)
        raise
    print(f"{rounds * 200} inputs", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
