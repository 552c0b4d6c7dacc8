"""`filmkg ingest`: texts -> extraction (here, or on a Dask cluster) -> one atomic write per document.

Extraction runs wherever the executor says; the store is written from this
process only, in batches of documents, each batch checked together and
written in one atomic update (`filmkg.store.documents`). A document's id is its file stem, so
ingesting a changed file replaces that document.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from rdflib import Graph

from filmkg.errors import InputError
from filmkg.pipeline import (
    ExtractOptions,
    Skipped,
    document_graph,
    expand_paths,
    extract_documents,
    max_text_bytes,
    read_inputs,
)
from filmkg.store.documents import DocumentReport

#: Documents per write: checked together and written in one update (one transaction), which
#: divides the fixed cost of a check and of a transaction; a crash loses at most the batch in flight.
BATCH = 32

if TYPE_CHECKING:
    from filmkg.store.kg import KnowledgeGraph


class IngestEvents(Protocol):
    """What the caller hears (the CLI draws a progress bar)."""

    def start(self, total: int) -> None: ...

    def skipped(self, item: Skipped) -> None: ...

    def stored(self, report: DocumentReport) -> None: ...


@dataclass
class IngestSummary:
    reports: list[DocumentReport] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


class _Silent:
    def start(self, total: int) -> None:
        pass

    def skipped(self, item: Skipped) -> None:
        pass

    def stored(self, report: DocumentReport) -> None:
        pass


def extract_local(files: Sequence[Path], options: ExtractOptions, on_skip) -> Iterator[tuple[str, Graph]]:
    """(doc id, graph) for each readable file, extracted in this process (spaCy's own batching)."""
    inputs = read_inputs(files, max_bytes=max_text_bytes(), on_skip=on_skip)
    for facts in extract_documents(inputs, options):
        yield facts.doc_id, document_graph(facts)


def check_unique_ids(files: Sequence[Path]) -> None:
    """Two files with the same stem would be the same document: refuse before anything is stored."""
    seen: dict[str, Path] = {}
    for f in files:
        if f.stem in seen and seen[f.stem] != f:
            raise InputError(f"{seen[f.stem]} and {f} are both document {f.stem!r}; rename one")
        seen[f.stem] = f


def run_ingest(kg: KnowledgeGraph, paths: Sequence[Path], *, options: ExtractOptions | None = None,
               validate: bool = True, executor: str = "local", scheduler: str | None = None,
               events: IngestEvents | None = None, batch_size: int = BATCH) -> IngestSummary:
    """Extract every text under `paths` and store the documents, `batch_size` per write; bad files skipped."""
    options = options or ExtractOptions()
    events = events or _Silent()
    files = expand_paths(paths)
    check_unique_ids(files)
    summary = IngestSummary()

    def skip(item: Skipped) -> None:
        summary.skipped.append(item)
        events.skipped(item)

    events.start(len(files))
    if executor == "dask":
        from filmkg.store.dask_executor import extract_on_dask

        stream = extract_on_dask(files, options, on_skip=skip, scheduler=scheduler)
    elif executor == "local":
        stream = extract_local(files, options, skip)
    else:
        raise InputError(f"unknown executor {executor!r} (known: local, dask)")
    batch: list[tuple[str, Graph]] = []
    for doc_id, graph in stream:
        batch.append((doc_id, graph))
        if len(batch) >= batch_size:
            _store(kg, batch, validate, summary, events)
    _store(kg, batch, validate, summary, events)
    if not summary.reports and summary.skipped:
        raise InputError(f"none of the {len(files)} inputs could be read; nothing was stored")
    return summary


def _store(kg: KnowledgeGraph, batch: list[tuple[str, Graph]], validate: bool, summary: IngestSummary,
           events: IngestEvents) -> None:
    """Write a batch of documents (one update) and empty it."""
    if batch:
        for report in kg.add_graphs(batch, validate=validate):
            summary.reports.append(report)
            events.stored(report)
        batch.clear()


def ingest_paths(kg: KnowledgeGraph, paths: Sequence[Path], **options: object) -> list[DocumentReport]:
    """The Python API's `kg.ingest(...)`: the reports of the stored documents."""
    return run_ingest(kg, paths, **options).reports  # type: ignore[arg-type]
