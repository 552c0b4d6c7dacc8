"""Extraction throughput in words per second, as a ratio to bare `nlp.pipe` of the same spaCy model.

Not a test: run by hand (`make bench`) on an otherwise idle machine. The corpus
is built deterministically from texts the project ships (the seeds and the eval
fixture), by recombining their sentences into documents of a few hundred words,
until it holds at least --words words. Three runs are timed in the same process,
alternating their order on each repetition; for each repetition the ratio of
each run to bare spaCy is taken, and the median of those ratios is reported,
in CPU time of the process (robust on a shared machine) and in wall-clock time:

- bare:     `spacy.load(model).pipe(texts)`: the stock model alone;
- extract:  `extract.api.extract_texts`: the model plus filmkg's components and
            the conversion to `DocumentFacts` (what the issue's ratio is about);
- pipeline: extract plus building each document's RDF graph (`filmkg.pipeline`).

Usage: python bench/throughput.py [--words 200000] [--repeats 5] [--batch-size 16] [--model NAME]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")


def source_texts() -> list[str]:
    """The project's own film texts: seeds/*.txt and the eval fixture's documents."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    for path in sorted((ROOT / "tests" / "fixtures" / "eval").glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line]
    return texts


def build_corpus(min_words: int, *, seed: int = 20241125) -> list[str]:
    """Documents of 200-600 words made of shuffled sentences of the source texts (deterministic)."""
    sentences = [s.strip() for t in source_texts() for para in t.split("\n")
                 for s in SENTENCE_END.split(para) if len(s.split()) >= 4 and not s.startswith("==")]
    rnd = random.Random(seed)
    docs: list[str] = []
    total = 0
    while total < min_words:
        target = rnd.randint(200, 600)
        chosen: list[str] = []
        words = 0
        while words < target:
            sentence = rnd.choice(sentences)
            chosen.append(sentence)
            words += len(sentence.split())
        docs.append(" ".join(chosen))
        total += words
    return docs


def timed(run: Callable[[], Iterable[object]]) -> tuple[float, float]:
    """(wall-clock seconds, CPU seconds of this process) to exhaust `run()`."""
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in run():
        pass
    return time.perf_counter() - wall, time.process_time() - cpu


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=200_000)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--model", default=None)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)

    import spacy

    from extract.api import extract_texts
    from extract.nlp.pipeline import build_nlp, resolve_model
    from extract.records import TextInput
    from filmkg.pipeline import document_graph

    model = resolve_model(args.model)
    corpus = build_corpus(args.words)
    words = sum(len(t.split()) for t in corpus)
    inputs = [TextInput(doc_id=f"bench-{i:05d}", text=t) for i, t in enumerate(corpus)]
    bare_nlp = spacy.load(model)
    build_nlp(model)  # load once, outside the timings
    runs: dict[str, Callable[[], Iterable[object]]] = {
        "bare": lambda: bare_nlp.pipe(corpus, batch_size=args.batch_size),
        "extract": lambda: extract_texts(inputs, model=model, batch_size=args.batch_size),
        "pipeline": lambda: (document_graph(f) for f in
                             extract_texts(inputs, model=model, batch_size=args.batch_size)),
    }
    for run in runs.values():  # warm-up on a slice of the corpus
        for _ in islice(run(), 20):
            pass
    wall: dict[str, list[float]] = {name: [] for name in runs}
    cpu: dict[str, list[float]] = {name: [] for name in runs}
    order = list(runs)
    for rep in range(args.repeats):
        for name in order if rep % 2 == 0 else reversed(order):
            w, c = timed(runs[name])
            wall[name].append(w)
            cpu[name].append(c)
            print(f"rep {rep + 1} {name:8} {words / w:9.0f} words/s wall {words / c:9.0f} words/cpu-s",
                  file=sys.stderr)
    # ratios per repetition (the runs of one repetition are adjacent in time), then the median
    reps = range(args.repeats)
    ratio_cpu = {n: statistics.median(cpu["bare"][i] / cpu[n][i] for i in reps) for n in runs}
    ratio_wall = {n: statistics.median(wall["bare"][i] / wall[n][i] for i in reps) for n in runs}
    rate_cpu = {n: words / statistics.median(cpu[n]) for n in runs}
    rate_wall = {n: words / statistics.median(wall[n]) for n in runs}
    result = {"model": model, "spacy": spacy.__version__, "documents": len(corpus), "words": words,
              "repeats": args.repeats, "batch_size": args.batch_size,
              "words_per_cpu_second": {k: round(v) for k, v in rate_cpu.items()},
              "words_per_wall_second": {k: round(v) for k, v in rate_wall.items()},
              "ratio_to_bare_cpu": {k: round(v, 3) for k, v in ratio_cpu.items()},
              "ratio_to_bare_wall": {k: round(v, 3) for k, v in ratio_wall.items()}}
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        print(f"corpus: {len(corpus)} documents, {words} words; model {model} (spaCy {spacy.__version__}); "
              f"batch size {args.batch_size}; medians of {args.repeats} alternating runs")
        print(f"{'run':10} {'words/cpu-s':>12} {'ratio':>7} {'words/s wall':>13} {'ratio':>7}")
        for n in runs:
            print(f"{n:10} {rate_cpu[n]:12.0f} {ratio_cpu[n]:7.3f} {rate_wall[n]:13.0f} {ratio_wall[n]:7.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
