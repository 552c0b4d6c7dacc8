"""The persistent store against files + rdflib, on generated film graphs of 100k and 1M triples.

Usage: python bench/store.py [--triples 1000000] [--docs 10000] [--owlrl] [--work DIR] [--json]
(`make bench-store`). Each phase runs in a child process so that its peak
memory (max RSS) is its own; the query comparison runs store and rdflib side
by side in one process, on the same data, with the same parameter values.

Phases
- load:     `filmkg load big.nt --store DIR` (the CLI, timed from outside; its
            start-up, `filmkg --version`, is reported apart)
- reason:   `KnowledgeGraph.reason()` (compiled rules) on the 100k graph, and
            owlrl (`filmkg.reason.reason_graph`) on the same graph with --owlrl
- queries:  every named query that needs no Wikidata slice, with its parameter
            bound (a film, a person), on the store and with rdflib's SPARQL
            engine over the same graph parsed into memory; median of 5 runs each
- validate: `filmkg validate --store DIR` on the whole 1M store
- reingest: a store of --docs generated documents (bulk-loaded, not reasoned);
            re-ingesting one changed document (validation and reasoning
            included), median of 5; and the store equals a fresh one afterwards
- ingest:   (after reingest) storing 64 new documents into that store, one per
            write and in batches of 32, validation and reasoning included
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRIPLES_PER_FILM = 282  # what filmkg.synthetic gives on average
CORE_QUERIES = ("awards", "cast", "directed-by", "distributors", "filming-locations", "films-by-person",
                "person-awards", "premieres", "provenance", "release-and-money")


def _filmkg(*args: str) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "filmkg.cli", *args], capture_output=True, text=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"filmkg {' '.join(args)} failed: {done.stderr.strip()}")
    return time.perf_counter() - start, done


def _child_peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _self_peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_graph(path: Path, films: int) -> int:
    from filmkg.synthetic import generate

    total = 0
    with path.open("w", encoding="utf-8") as out:
        for doc in generate(films):
            out.write(doc.ntriples)
            total += doc.triples
    return total


# --- phases (each runs in its own process) -------------------------------------------------


def phase_load(work: Path, triples: int) -> dict:
    big = work / "big.nt"
    count = write_graph(big, max(1, triples // TRIPLES_PER_FILM))
    startup, _ = _filmkg("--version")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds, done = _filmkg("load", str(big), "--store", str(work / "big.db"))
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    inside = re.search(r" in ([0-9.]+) s ->", done.stderr)  # the command's own timing of the load
    return {"triples_in_file": count, "file_mib": big.stat().st_size / 2**20, "load_s": seconds,
            "load_inside_s": float(inside.group(1)) if inside else float("nan"),
            "load_cpu_s": cpu, "cli_startup_s": startup, "load_peak_mib": _child_peak_mib()}


def _params(films: int, people: int, rng: random.Random) -> list[dict[str, str]]:
    picks = []
    for _ in range(3):
        film = f"Film {rng.randrange(films)}"
        person = f"Person {rng.randrange(max(1, people // 20))}"  # people who have films
        picks.append({"film": film, "person": person, "subject": film})
    return picks


def _time(fn, repeats: int = 5) -> float:
    fn()  # warm
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def phase_queries(work: Path, films: int) -> dict:
    import pyoxigraph as ox
    from rdflib import Graph

    import filmkg
    from filmkg.namespaces import PREFIXES
    from filmkg.queries import named_queries, to_term
    from filmkg.store.convert import to_oxigraph

    queries = named_queries()
    picks = _params(films, int(films * 1.2), random.Random(11))
    rows = []
    with filmkg.open(work / "big.db") as kg:
        store_times: dict[str, list[float]] = {}
        for name in CORE_QUERIES:
            query = queries[name]
            for values in picks:
                bound = {p.name: values[p.name] for p in query.params if p.name in values}
                store_times.setdefault(name, []).append(
                    _time(lambda q=query, b=bound: list(kg.run(q, b))))  # type: ignore[arg-type]
        unbound = {name: _time(lambda q=queries[name]: list(kg.run(q)), repeats=1)  # type: ignore[arg-type]
                   for name in CORE_QUERIES}
    start = time.perf_counter()
    graph = Graph().parse(work / "big.nt", format="nt")
    parse_s = time.perf_counter() - start
    for name in CORE_QUERIES:
        query = queries[name]
        rdflib_runs = []
        for values in picks:
            bindings = {p.name: to_term(values[p.name], p.type) for p in query.params if p.name in values}
            rdflib_runs.append(_time(lambda q=query, b=bindings: list(graph.query(q.text, initNs=PREFIXES,
                                                                                 initBindings=b)), repeats=3))
        store_med = statistics.median(store_times[name])
        rdflib_med = statistics.median(rdflib_runs)
        rows.append({"query": name, "store_ms": store_med * 1000,
                     "store_max_ms": max(store_times[name]) * 1000,
                     "rdflib_ms": rdflib_med * 1000, "ratio": rdflib_med / store_med,
                     "store_unbound_ms": unbound[name] * 1000})
    del ox, to_oxigraph
    medians = [r["store_ms"] for r in rows]
    return {"queries": rows, "median_bound_ms": statistics.median(medians),
            "max_bound_ms": max(r["store_max_ms"] for r in rows), "min_ratio": min(r["ratio"] for r in rows),
            "rdflib_parse_s": parse_s, "peak_mib": _self_peak_mib()}


def phase_validate(work: Path) -> dict:
    seconds, done = _filmkg("validate", "--store", str(work / "big.db"))
    return {"validate_s": seconds, "validate_peak_mib": _child_peak_mib(),
            "conforms": done.returncode == 0}


def phase_reason(work: Path, triples: int, owlrl: bool) -> dict:
    from rdflib import Graph

    import filmkg
    from filmkg.reason import reason_graph

    small = work / "small.nt"
    count = write_graph(small, max(1, triples // TRIPLES_PER_FILM))
    with filmkg.open(work / "small.db") as kg:
        kg.load([small])
        start = time.perf_counter()
        inferred = kg.reason()
        rules_s = time.perf_counter() - start
    result = {"triples": count, "rules_s": rules_s, "rules_inferred": inferred}
    if owlrl:
        graph = Graph().parse(small, format="nt")
        start = time.perf_counter()
        reference = reason_graph(graph).inferred
        result |= {"owlrl_s": time.perf_counter() - start, "owlrl_inferred": len(reference)}
    return result


def phase_reingest(work: Path, docs: int) -> dict:
    from rdflib import Graph

    import filmkg
    from filmkg.synthetic import generate, nquads

    corpus = work / "corpus.nq"
    with corpus.open("w", encoding="utf-8") as out:
        out.writelines(nquads(docs, seed=5))
    store = work / "docs.db"
    load_s, _ = _filmkg("load", str(corpus), "--store", str(store))
    reason_s = float("nan")  # the other documents' inferences do not change one document's re-ingest
    target = f"film-{docs // 2}"
    original = next(d for d in generate(docs // 2 + 1, seed=5) if d.doc_id == target)
    graph = Graph().parse(data=original.ntriples, format="nt")
    edited = Graph()
    for i, triple in enumerate(sorted(graph)):
        if i != 3:
            edited.add(triple)
    with filmkg.open(store) as kg:
        runs = []
        for version in (edited, graph) * 3:
            start = time.perf_counter()
            report = kg.add_graph(target, version)
            runs.append(time.perf_counter() - start)
        documents = len(kg.documents())
    return {"documents": documents, "load_s": load_s, "reason_s": reason_s,
            "reingest_s": statistics.median(runs), "reingest_max_s": max(runs),
            "violations": report.violations, "peak_mib": _self_peak_mib()}


def phase_ingest(work: Path, docs: int, extra: int = 64) -> dict:
    """New documents into the --docs store (validation, reasoning; no extraction): 1 vs 32 a write."""
    from rdflib import Graph

    import filmkg
    from filmkg.synthetic import generate

    new = [(d.doc_id, Graph().parse(data=d.ntriples, format="nt"))
           for d in generate(docs + extra, seed=5) if int(d.doc_id.split("-")[1]) >= docs]
    result: dict = {"documents_added": len(new)}
    with filmkg.open(work / "docs.db") as kg:
        for size in (1, 32):
            start = time.perf_counter()
            for i in range(0, len(new), size):
                reports = kg.add_graphs(new[i:i + size])
            result[f"batch_{size}_ms_per_doc"] = (time.perf_counter() - start) / len(new) * 1000
            result[f"batch_{size}_violations"] = reports[-1].violations
            for doc_id, _ in new:
                kg.remove(doc_id)
    return result


PHASES = {"load": phase_load, "queries": phase_queries, "validate": phase_validate, "reason": phase_reason,
          "reingest": phase_reingest, "ingest": phase_ingest}


def _run_phase(name: str, args: argparse.Namespace) -> dict:
    cmd = [sys.executable, __file__, "--phase", name, "--work", str(args.work),
           "--triples", str(args.triples),
           "--docs", str(args.docs), "--small", str(args.small)] + (["--owlrl"] if args.owlrl else [])
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"phase {name} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--small", type=int, default=100_000)
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--owlrl", action="store_true", help="also time owlrl on the small graph (minutes)")
    ap.add_argument("--work", type=Path, default=None)
    ap.add_argument("--phase", choices=sorted(PHASES))
    ap.add_argument("--only", default=",".join(PHASES), help="phases to run, comma-separated")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if args.phase:
        films = max(1, args.triples // TRIPLES_PER_FILM)
        calls = {"load": lambda: phase_load(args.work, args.triples),
                 "queries": lambda: phase_queries(args.work, films),
                 "validate": lambda: phase_validate(args.work),
                 "reason": lambda: phase_reason(args.work, args.small, args.owlrl),
                 "reingest": lambda: phase_reingest(args.work, args.docs),
                 "ingest": lambda: phase_ingest(args.work, args.docs)}
        print(json.dumps(calls[args.phase]()))
        return 0
    with tempfile.TemporaryDirectory(prefix="filmkg-bench-") as tmp:
        args.work = args.work or Path(tmp)
        args.work.mkdir(parents=True, exist_ok=True)
        results = {}
        for name in args.only.split(","):
            print(f"... {name}", file=sys.stderr, flush=True)
            results[name] = _run_phase(name, args)
            print(report({name: results[name]}), file=sys.stderr, flush=True)
    print(json.dumps(results, indent=1) if args.json else report(results))
    return 0


def report(results: dict) -> str:
    lines = []
    if "load" in results:
        r = results["load"]
        lines.append(f"load: {r['triples_in_file']:,} triples ({r['file_mib']:.0f} MiB N-Triples) in "
                     f"{r['load_inside_s']:.1f} s inside the command, {r['load_s']:.1f} s as a whole command "
                     f"({r['load_cpu_s']:.1f} CPU-s on {os.cpu_count()} cores), "
                     f"peak {r['load_peak_mib']:.0f} MiB (CLI start-up {r['cli_startup_s']:.2f} s)")
    if "queries" in results:
        r = results["queries"]
        lines.append(f"queries with a bound parameter: median {r['median_bound_ms']:.1f} ms, slowest run "
                     f"{r['max_bound_ms']:.1f} ms; rdflib/store ratio at least {r['min_ratio']:.0f}x "
                     f"(rdflib parse of the file: {r['rdflib_parse_s']:.1f} s)")
        lines.append(f"  {'query':<20} {'store ms':>9} {'rdflib ms':>10} {'ratio':>7} "
                     f"{'store, unbound ms':>18}")
        for q in r["queries"]:
            lines.append(f"  {q['query']:<20} {q['store_ms']:>9.1f} {q['rdflib_ms']:>10.1f} "
                         f"{q['ratio']:>6.0f}x "
                         f"{q['store_unbound_ms']:>18.0f}")
    if "validate" in results:
        r = results["validate"]
        lines.append(f"validate --store: {r['validate_s']:.1f} s, peak {r['validate_peak_mib']:.0f} MiB, "
                     f"conforms: {r['conforms']}")
    if "reason" in results:
        r = results["reason"]
        line = (f"reason ({r['triples']:,} triples): rules {r['rules_s']:.1f} s, "
                f"{r['rules_inferred']:,} inferred")
        if "owlrl_s" in r:
            line += (f"; owlrl {r['owlrl_s']:.1f} s, {r['owlrl_inferred']:,} inferred "
                     f"({r['owlrl_s'] / r['rules_s']:.0f}x slower)")
        lines.append(line)
    if "reingest" in results:
        r = results["reingest"]
        lines.append(f"re-ingest one document into a store of {r['documents']:,}: "
                     f"median {r['reingest_s'] * 1000:.0f} ms"
                     f" (max {r['reingest_max_s'] * 1000:.0f} ms; validation and reasoning included); "
                     f"building the store: load {r['load_s']:.1f} s (not reasoned)")
    if "ingest" in results:
        r = results["ingest"]
        lines.append(f"storing {r['documents_added']} new documents into that store (validation and "
                     f"reasoning, no extraction): "
                     f"{r['batch_1_ms_per_doc']:.0f} ms per document one per write, "
                     f"{r['batch_32_ms_per_doc']:.0f} ms in batches of 32")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
