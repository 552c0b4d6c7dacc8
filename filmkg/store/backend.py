"""The embedded backend: a pyoxigraph `Store` on disk, behind the small interface the store needs.

The remote backend (`filmkg.store.remote`) offers the same methods over the
SPARQL 1.1 Protocol, so `KnowledgeGraph` never knows which one it has. Every
write is one call that the backend applies atomically (a SPARQL UPDATE is
one transaction in Oxigraph); only `bulk_load` is not, and the loader makes
it all-or-nothing itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from filmkg.errors import StoreError
from filmkg.namespaces import PREFIXES

QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples


class Backend(Protocol):
    """What `KnowledgeGraph` needs from a store: queries, atomic updates, bulk loads."""

    location: str

    def query(self, text: str, *, substitutions: dict[ox.Variable, object] | None = None) -> QueryResult: ...

    def update(self, text: str) -> None: ...

    def bulk_load(self, path: Path, fmt: ox.RdfFormat, to_graph: str | None) -> None: ...

    def named_graphs(self) -> set[str]: ...

    def close(self) -> None: ...


_LOCKED = re.compile(r"lock", re.I)


def _one_line(text: str) -> str:
    return " ".join(text.split())[:300]


class LocalBackend:
    """An Oxigraph store in a folder; only one process may have it open (RocksDB's lock)."""

    def __init__(self, path: Path | None) -> None:
        self.location = str(path) if path is not None else "(in memory)"
        if path is None:  # a scratch store (the checks of a batch being ingested)
            self.store = ox.Store()
            return
        if path.exists() and not path.is_dir():
            raise StoreError(f"{path}: is a file, not a store folder")
        try:
            self.store = ox.Store(str(path))
        except OSError as e:
            if _LOCKED.search(str(e)):
                raise StoreError(f"{path}: the store is in use by another process (one process at a time; "
                                 "wait for it to finish)") from e
            raise StoreError(f"{path}: cannot open the store ({_one_line(str(e))})") from e

    def query(self, text: str, *, substitutions: dict[ox.Variable, object] | None = None) -> QueryResult:
        return self.store.query(text, prefixes=dict(PREFIXES), use_default_graph_as_union=True,
                                substitutions=substitutions or None)  # type: ignore[arg-type]

    def update(self, text: str) -> None:
        try:
            self.store.update(text, prefixes=dict(PREFIXES))
        except OSError as e:
            raise StoreError(f"{self.location}: the update failed ({_one_line(str(e))})") from e

    def bulk_load(self, path: Path, fmt: ox.RdfFormat, to_graph: str | None) -> None:
        target = ox.NamedNode(to_graph) if to_graph else None
        if fmt in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS):
            from filmkg.store.chunked import load_in_slices

            load_in_slices(path, lambda data: self.store.bulk_load(data, format=fmt, to_graph=target))
        else:
            self.store.bulk_load(path=str(path), format=fmt, to_graph=target)

    def named_graphs(self) -> set[str]:
        return {g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode)}

    def quads(self, graphs: Iterable[str] | None = None) -> Iterable[ox.Quad]:
        """Every quad, or those of the given graphs (export, validation)."""
        if graphs is None:
            yield from self.store
            return
        for graph in graphs:
            yield from self.store.quads_for_pattern(None, None, None, ox.NamedNode(graph))

    def close(self) -> None:
        self.store.flush()
        del self.store


def select(backend: Backend, text: str) -> ox.QuerySolutions:
    """The solutions of a SELECT the store code writes itself (anything else is a bug in that code)."""
    result = backend.query(text)
    if not isinstance(result, ox.QuerySolutions):
        raise StoreError(f"{backend.location}: expected SELECT solutions, got {type(result).__name__}")
    return result


def select_number(backend: Backend, text: str) -> int:
    """The integer of a one-row, one-column SELECT (a COUNT)."""
    for row in select(backend, text):
        return int(row[0].value)  # type: ignore[union-attr]
    return 0
