"""Use cases of the `link` command: files in, linked graph out, review table as text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph

from filmkg.io import as_graph, atomic_write, load_graph
from filmkg.wikidata.link import DEFAULT_MIN_SCORE, LinkReport, link_graph
from filmkg.wikidata.slice import load_slice

if TYPE_CHECKING:
    from filmkg.wikidata.online import WikidataClient


@dataclass(frozen=True)
class OnlineOptions:
    """How to ask the Wikidata API (only with --online)."""

    api_url: str
    cache_dir: Path | None = None
    timeout: float = 10.0


def link_files(paths: Sequence[Path], output: Path, *, min_score: float = DEFAULT_MIN_SCORE,
               online: OnlineOptions | None = None, slice_dir: Path | None = None,
               fmt: str | None = None) -> LinkReport:
    """Link the entities of the graphs in `paths`, write the result to `output` (all or nothing)."""
    from filmkg.export import Format, serialize

    out_format = Format.for_path(output, fmt)
    graph = as_graph(load_graph(list(paths)))
    slice_ = load_slice(slice_dir)
    client = None
    if online is not None:
        from filmkg.wikidata.online import WikidataClient

        client = WikidataClient(slice=slice_, api_url=online.api_url, cache_dir=online.cache_dir,
                                timeout=online.timeout)
    try:
        report = link_graph(graph, slice=slice_, online_client=client, min_score=min_score)
    finally:
        if client is not None:
            client.close()
    atomic_write(output, serialize(graph, out_format))
    return report


def review_table(report: LinkReport, *, width: int = 60) -> str:
    """The unlinked entities as a plain-text table: entity, kind, candidates, why not linked."""
    rows: list[tuple[str, ...]] = [("entity", "kind", "candidates (score)", "why not linked")]
    rows += [tuple(_clip(c, width) for c in row) for row in report.review_rows()]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = []
    for n, row in enumerate(rows):
        lines.append("  ".join(c.ljust(w) for c, w in zip(row[:3], widths, strict=True)) + "  " + row[3])
        if n == 0:
            lines.append("  ".join("-" * w for w in widths) + "  " + "-" * len(row[3]))
    return "\n".join(lines)


def linked_table(report: LinkReport) -> str:
    """The links made: entity, kind, QID, Wikidata label, score."""
    lines = []
    for d in sorted(report.linked, key=lambda d: (d.entity.kind, d.entity.label)):
        assert d.linked is not None
        lines.append(f"{d.entity.label}\t{d.entity.kind}\t{d.linked.item.qid}\t{d.linked.item.label}\t"
                     f"{d.linked.shown:.2f}")
    return "\n".join(lines)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "\u2026"


class LinkStep:
    """`filmkg extract --link`: links each extracted graph in place, keeping the reports for a summary."""

    def __init__(self, *, min_score: float = DEFAULT_MIN_SCORE, online: OnlineOptions | None = None) -> None:
        self.min_score = min_score
        self.online = online
        self.reports: list[LinkReport] = []
        self._client: WikidataClient | None = None
        load_slice()  # fail before anything is extracted if the slice is missing

    def __call__(self, graph: Graph) -> Graph:
        slice_ = load_slice()
        if self.online is not None and self._client is None:
            from filmkg.wikidata.online import WikidataClient

            self._client = WikidataClient(slice=slice_, api_url=self.online.api_url,
                                          cache_dir=self.online.cache_dir, timeout=self.online.timeout)
        self.reports.append(link_graph(graph, slice=slice_, online_client=self._client,
                                       min_score=self.min_score))
        return graph

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

    def summary(self) -> tuple[int, int, list[str]]:
        """(entities linked, entities looked at, warnings)."""
        linked = sum(len(r.linked) for r in self.reports)
        total = sum(len(r.decisions) for r in self.reports)
        return linked, total, [w for r in self.reports for w in r.warnings]
