"""The data `filmkg serve` serves, prepared once in the parent as N-Quads bytes for every worker.

The user's graphs (named graphs kept), optionally the OWL RL inferences in
the named graph fkg:graph/inferred (the pages mark them), optionally the
bundled Wikidata slice and the ontology (what the wikidata-* named queries
and the side-by-side view need).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from filmkg.io import as_graph, load_graph
from filmkg.namespaces import INFERRED_GRAPH
from filmkg.store import store_from_graph


def service_data(paths: Sequence[Path], *, with_wikidata: bool = False,
                 with_reasoning: bool = False) -> tuple[bytes, int]:
    """The served data as N-Quads bytes and its size in quads."""
    dataset = load_graph(list(paths))
    store = store_from_graph(dataset)
    if with_reasoning:
        from filmkg.reason import reason_graph

        inferred = reason_graph(as_graph(dataset)).inferred
        store.load(inferred.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES,
                   to_graph=ox.NamedNode(str(INFERRED_GRAPH)))
    if with_wikidata:
        from filmkg.wikidata.sparql import add_uses

        add_uses(store, ["wikidata-slice", "ontology"])
    return store.dump(format=ox.RdfFormat.N_QUADS, from_graph=None) or b"", len(store)


def store_size(directory: Path) -> int:
    """Quads in an Oxigraph store directory, opened read-only; InputError when it is none."""
    from filmkg.errors import InputError

    if not directory.is_dir():
        raise InputError(f"{directory}: no such store directory")
    try:
        return len(ox.Store.read_only(str(directory)))
    except OSError as e:
        raise InputError(f"{directory}: not an Oxigraph store ({str(e).splitlines()[0][:200]})") from e
