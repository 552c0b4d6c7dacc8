"""Bulk-loading a line-based RDF file (N-Triples, N-Quads) in slices, two at a time.

pyoxigraph's bulk loader parses a file on one thread and then encodes and
sorts it (six indexes for named graphs) on one more, in batches of a million
quads: a 1M-triple file is one batch, so the work is serial and its peak
memory is about 900 MiB. N-Triples and N-Quads are one statement per line,
so a file can be cut at line ends into slices that load independently
(blank node labels keep their names, so a node split across slices stays
one node); pyoxigraph releases the GIL while it loads, so two threads use
two cores, and memory is bounded by the slice size whatever the file's size.
A syntax error names the line of the file, not of its slice.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

#: Bytes per slice: about 220,000 triples of filmkg's N-Triples; each loading slice costs ~250 MiB.
SLICE_BYTES = 32 * 2**20
WORKERS = 2

_AT_LINE = re.compile(r"\bline (\d+)")


def slices(path: Path, size: int = SLICE_BYTES) -> list[tuple[int, int]]:
    """(start, end) byte ranges of `path`, each ending at a line end, together covering the file."""
    total = path.stat().st_size
    bounds = [0]
    with path.open("rb") as handle:
        while bounds[-1] + size < total:
            handle.seek(bounds[-1] + size)
            handle.readline()
            if handle.tell() >= total:
                break
            bounds.append(handle.tell())
    bounds.append(total)
    return list(zip(bounds, bounds[1:], strict=False))


def _read(path: Path, span: tuple[int, int]) -> bytes:
    with path.open("rb") as handle:
        handle.seek(span[0])
        return handle.read(span[1] - span[0])


def _lines_before(path: Path, spans: list[tuple[int, int]]) -> list[int]:
    """How many lines of the file precede each slice (to report errors by file line)."""
    counts, seen = [], 0
    with path.open("rb") as handle:
        for start, end in spans:
            counts.append(seen)
            handle.seek(start)
            seen += handle.read(end - start).count(b"\n")
    return counts


def _load_one(load: Callable[[bytes], None], path: Path, span: tuple[int, int]) -> None:
    load(_read(path, span))


def _file_lines(message: str, offset: int) -> str:
    return _AT_LINE.sub(lambda m: f"line {int(m.group(1)) + offset}", message, count=1)


def load_in_slices(path: Path, load: Callable[[bytes], None], *, size: int = SLICE_BYTES,
                   workers: int = WORKERS) -> None:
    """Call `load` on each slice of `path`, `workers` at a time; the first error is raised, by file line."""
    spans = slices(path, size)
    if len(spans) == 1:
        _load_one(load, path, spans[0])
        return
    with ThreadPoolExecutor(max_workers=max(1, min(workers, os.cpu_count() or 1))) as pool:
        futures = [pool.submit(_load_one, load, path, span) for span in spans]
        for index, future in enumerate(futures):
            try:
                future.result()
            except SyntaxError as e:
                for later in futures[index + 1:]:
                    later.cancel()
                raise SyntaxError(_file_lines(e.msg or str(e), _lines_before(path, spans)[index])) from e
            except BaseException:
                for later in futures[index + 1:]:
                    later.cancel()
                raise
