"""`filmkg load`: existing RDF files into the store with Oxigraph's bulk loader, all or nothing.

The bulk loader is fast because it writes index files directly, and for the
same reason it is not transactional. So a load first records in the store
which graphs it is about to fill (one atomic update), then bulk-loads, then
clears the record. If it fails, or the process dies, the graphs named in the
record are dropped: at once on an error, or the next time the store is
opened after a crash. Loads therefore only go into graphs that do not exist
yet (a file's triples go to the document graph named after its stem; an
N-Quads, TriG or JSON-LD file's named graphs keep their names), so dropping
them never loses older data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from filmkg.errors import InputError, RdfParseError, StoreError
from filmkg.io import read_rdf_bytes
from filmkg.store.backend import Backend, select
from filmkg.store.layout import META_GRAPH, STORE_NS, doc_graph

FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE, ".turtle": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES,
    ".ntriples": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD, ".json": ox.RdfFormat.JSON_LD, ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML, ".xml": ox.RdfFormat.RDF_XML,
}
_QUAD_FORMATS = (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG, ox.RdfFormat.JSON_LD)
#: Formats that nest or declare entities go through filmkg.guards before pyoxigraph sees them (it
#: crashes on JSON-LD 5,000 levels deep); N-Triples/N-Quads stream unchecked, any size.
_GUARDED = {ox.RdfFormat.TURTLE: "turtle", ox.RdfFormat.TRIG: "trig", ox.RdfFormat.JSON_LD: "json-ld",
            ox.RdfFormat.RDF_XML: "xml"}
_PENDING = f"<{STORE_NS}pendingGraph>"


def _one_line(text: str) -> str:
    return " ".join(text.split())[:200]


@dataclass(frozen=True)
class PlannedFile:
    path: Path
    fmt: ox.RdfFormat
    graph: str  # where its default-graph triples go


def plan(paths: Sequence[Path]) -> list[PlannedFile]:
    """Check every file before anything is written: it exists, its type is known, stems are unique."""
    planned: list[PlannedFile] = []
    seen: dict[str, Path] = {}
    for path in paths:
        if not path.exists():
            raise InputError(f"{path}: no such file")
        if path.is_dir():
            raise InputError(f"{path}: is a directory, not an RDF file")
        fmt = FORMATS.get(path.suffix.lower())
        if fmt is None:
            known = ", ".join(FORMATS)
            raise RdfParseError(f"{path}: unknown RDF file type {path.suffix!r} (known: {known})")
        if path.stem in seen:
            raise InputError(f"{seen[path.stem]} and {path} would both load into document {path.stem!r}; "
                             "rename one")
        seen[path.stem] = path
        if fmt in _GUARDED:
            read_rdf_bytes(path, _GUARDED[fmt])  # size, nesting, DOCTYPE, JSON-LD contexts
        planned.append(PlannedFile(path, fmt, doc_graph(path.stem)))
    return planned


def _named_graphs_in(item: PlannedFile) -> set[str]:
    """The named graphs a quad file fills (read once before loading, so that a failure can undo them)."""
    if item.fmt not in _QUAD_FORMATS:
        return set()
    try:
        return {q.graph_name.value for q in ox.parse(path=str(item.path), format=item.fmt)
                if isinstance(q.graph_name, ox.NamedNode)}
    except (SyntaxError, ValueError) as e:
        raise RdfParseError(f"{item.path}: not valid {item.fmt.name}: {_one_line(str(e))}") from e


def _mark(graphs: set[str]) -> str:
    rows = " ".join(f"<{META_GRAPH}> {_PENDING} <{g}> ." for g in sorted(graphs))
    return f"INSERT DATA {{ GRAPH <{META_GRAPH}> {{ {rows} }} }}"


def _undo(graphs: set[str]) -> str:
    drops = [f"DROP SILENT GRAPH <{g}>" for g in sorted(graphs)]
    clear = f"DELETE WHERE {{ GRAPH <{META_GRAPH}> {{ <{META_GRAPH}> {_PENDING} ?g }} }}"
    return " ;\n".join([*drops, clear])


def recover(backend: Backend) -> list[str]:
    """Drop what an interrupted load left behind; the graphs dropped (none after a clean run)."""
    result = select(backend, f"SELECT ?g WHERE {{ GRAPH <{META_GRAPH}> {{ <{META_GRAPH}> {_PENDING} ?g }} }}")
    graphs = {row["g"].value for row in result}  # type: ignore[union-attr]
    if graphs:
        backend.update(_undo(graphs))
    return sorted(graphs)


def load_files(backend: Backend, paths: Sequence[Path]) -> list[str]:
    """Bulk-load the files, all or nothing; the graphs filled."""
    planned = plan(paths)
    targets: set[str] = set()
    for item in planned:
        targets.add(item.graph)
        targets |= _named_graphs_in(item)
    clash = sorted(targets & backend.named_graphs())
    if clash:
        raise StoreError(f"{len(clash)} graph(s) the files would fill already exist, e.g. <{clash[0]}>; "
                         "remove them first (filmkg remove DOC_ID) so that nothing is mixed or lost")
    backend.update(_mark(targets))
    try:
        for item in planned:
            try:
                backend.bulk_load(item.path, item.fmt, item.graph)
            except (SyntaxError, ValueError) as e:
                raise RdfParseError(f"{item.path}: not valid {item.fmt.name}: "
                                    f"{_one_line(str(e))}; nothing was loaded") from e
            except OSError as e:
                raise StoreError(f"{item.path}: loading failed ({_one_line(str(e))}); "
                                 "nothing was loaded") from e
    except BaseException:
        backend.update(_undo(targets))
        raise
    backend.update(_undo(set()))  # clears the record only
    return sorted(t for t in targets if t in backend.named_graphs())
