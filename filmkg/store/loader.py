"""`filmkg load`: existing RDF files into the store with Oxigraph's bulk loader, all or nothing.

The bulk loader is fast because it writes index files directly, and for the
same reason it is not transactional. So a load first records in the store
which graphs it is about to fill (one atomic update), then bulk-loads, then
clears the record. If it fails, or the process dies, the graphs named in the
record are dropped: at once on an error, or the next time the store is
opened after a crash. Loads therefore only go into graphs that do not exist
yet (a file's triples go to the document graph named after its stem; an
N-Quads, TriG or JSON-LD file's named graphs keep their names), so dropping
them never loses older data. Quad files loaded into a store without data
record "everything" instead of graph names (which would take a pass over
the file to learn): undoing that load resets the store to new."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from filmkg.errors import InputError, RdfParseError, StoreError
from filmkg.io import read_rdf_bytes
from filmkg.store.backend import Backend, select, select_number
from filmkg.store.layout import (
    FORMAT_VERSION,
    META_GRAPH,
    ONTOLOGY_GRAPH,
    SLICE_IRI,
    STORE_NS,
    doc_graph,
)

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
#: Recorded instead of graph names while quad files load into a store without data: undo = reset.
_EVERYTHING = f"{STORE_NS}everything"
#: What a store without data holds; all of it can be rebuilt (the slice is re-read when needed).
_OWN_GRAPHS = frozenset({ONTOLOGY_GRAPH, META_GRAPH, SLICE_IRI})


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
    """The named graphs a quad file fills, read before loading (only into a store that holds data)."""
    if item.fmt not in _QUAD_FORMATS:
        return set()
    try:
        names = {q.graph_name for q in ox.parse(path=str(item.path), format=item.fmt)}
    except (SyntaxError, ValueError) as e:
        raise RdfParseError(f"{item.path}: not valid {item.fmt.name}: {_one_line(str(e))}") from e
    return {g.value for g in names if isinstance(g, ox.NamedNode)}


def _mark(graphs: set[str]) -> str:
    rows = " ".join(f"<{META_GRAPH}> {_PENDING} <{g}> ." for g in sorted(graphs))
    return f"INSERT DATA {{ GRAPH <{META_GRAPH}> {{ {rows} }} }}"


def _undo(graphs: set[str]) -> str:
    drops = [f"DROP SILENT GRAPH <{g}>" for g in sorted(graphs)]
    clear = f"DELETE WHERE {{ GRAPH <{META_GRAPH}> {{ <{META_GRAPH}> {_PENDING} ?g }} }}"
    return " ;\n".join([*drops, clear])


def _reset() -> str:
    """Back to a new store (the caller re-adds the ontology): undoes a load into a store without data."""
    return (f"DROP SILENT ALL ;\nINSERT DATA {{ GRAPH <{META_GRAPH}> "
            f"{{ <{META_GRAPH}> <{STORE_NS}formatVersion> \"{FORMAT_VERSION}\" }} }}")


def recover(backend: Backend) -> list[str]:
    """Drop what an interrupted load left behind; the graphs dropped (none after a clean run)."""
    result = select(backend, f"SELECT ?g WHERE {{ GRAPH <{META_GRAPH}> {{ <{META_GRAPH}> {_PENDING} ?g }} }}")
    graphs = {row["g"].value for row in result}  # type: ignore[union-attr]
    if _EVERYTHING in graphs:
        dropped = backend.named_graphs() - _OWN_GRAPHS
        backend.update(_reset())
        return sorted(dropped)
    if graphs:
        backend.update(_undo(graphs))
    return sorted(graphs)


def _counts(backend: Backend, graphs: set[str]) -> dict[str, int]:
    return {g: select_number(backend, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}")
            for g in sorted(graphs)}


def _bulk_load(backend: Backend, planned: list[PlannedFile]) -> None:
    for item in planned:
        try:
            backend.bulk_load(item.path, item.fmt, item.graph)
        except (SyntaxError, ValueError) as e:
            raise RdfParseError(f"{item.path}: not valid {item.fmt.name}: "
                                f"{_one_line(str(e))}; nothing was loaded") from e
        except OSError as e:
            raise StoreError(f"{item.path}: loading failed ({_one_line(str(e))}); "
                             "nothing was loaded") from e


def load_files(backend: Backend, paths: Sequence[Path]) -> list[str]:
    """Bulk-load the files, all or nothing; the graphs filled.

    A quad file's graph names are only known by reading it. Into a store that
    holds data they are read first (a Python pass over the quads), so that a
    load never mixes into an existing graph; into a store without data
    (ontology, Wikidata slice and bookkeeping only) nothing can clash, so the
    files go straight to the bulk loader, and a failure resets the store to
    new. Either way the new graphs are asked from the store afterwards.
    """
    planned = plan(paths)
    existing = backend.named_graphs()
    fresh = not existing - _OWN_GRAPHS and any(item.fmt in _QUAD_FORMATS for item in planned)
    targets = {item.graph for item in planned}
    if not fresh:
        for item in planned:
            targets |= _named_graphs_in(item)
    clash = sorted(targets & existing)
    if clash:
        raise StoreError(f"{len(clash)} graph(s) the files would fill already exist, e.g. <{clash[0]}>; "
                         "remove them first (filmkg remove DOC_ID) so that nothing is mixed or lost")
    backend.update(_mark({_EVERYTHING} if fresh else targets))
    own_before = _counts(backend, existing) if fresh else {}
    try:
        _bulk_load(backend, planned)
        if fresh and (changed := [g for g, n in _counts(backend, existing).items() if own_before[g] != n]):
            raise StoreError(f"the files write into the store's own graph <{changed[0]}>; nothing was loaded")
    except BaseException:
        backend.update(_reset() if fresh else _undo(targets))
        raise
    backend.update(_undo(set()))  # clears the record only
    return sorted(backend.named_graphs() - existing)
