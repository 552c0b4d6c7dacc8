"""filmkg: film texts -> validated, reasoned, queryable RDF knowledge graph.

The Python API starts with `filmkg.open(...)` (see the README's "Python API"):

    import filmkg
    with filmkg.open("filmkg.db") as kg:
        kg.ingest(["seeds/anora.txt"])
        print(kg.query("directed-by", film="Anora").rows)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import os

    from filmkg.store.kg import KnowledgeGraph

__all__ = ["open"]


def open(location: str | os.PathLike[str] | None = None) -> KnowledgeGraph:  # noqa: A001 - the API's name
    """Open (creating if needed) a persistent store: a folder, or an http(s) SPARQL endpoint URL.

    Without a location: $FILMKG_STORE, else ./filmkg.db.
    """
    from filmkg.store.kg import KnowledgeGraph

    return KnowledgeGraph.open(location)
