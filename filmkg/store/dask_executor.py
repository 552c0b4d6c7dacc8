"""Extraction on a Dask cluster: texts go out in chunks, graphs (N-Triples) come back, the caller stores them.

The texts are read here and sent with the tasks, so workers need no access to
the files; each worker loads the spaCy pipeline once (cached) and returns
each document's graph as N-Triples bytes. At most a few chunks per worker are
in flight, so memory stays bounded on both sides. Without a scheduler address
a `distributed.LocalCluster` on 127.0.0.1 is started for the run. Every
document is extracted independently and stored in its own graph, so the
store is the same whatever order the results come back in.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from itertools import islice
from pathlib import Path

from rdflib import Graph

from extract.records import TextInput
from filmkg.errors import InputError
from filmkg.pipeline import ExtractOptions, max_text_bytes, read_inputs

CHUNK = 8


def extract_chunk(items: list[TextInput], options: ExtractOptions) -> list[tuple[str, bytes]]:
    """Runs on a worker: (doc id, N-Triples of its graph) for each text."""
    from filmkg.pipeline import document_graph, extract_documents

    single = dataclasses.replace(options, workers=1)
    return [(facts.doc_id, document_graph(facts).serialize(format="nt", encoding="utf-8"))
            for facts in extract_documents(items, single)]


def _client(scheduler: str | None):
    try:
        from distributed import Client, LocalCluster
    except ImportError as e:  # pragma: no cover - dask is in requirements.lock
        raise InputError("--executor dask needs the dask and distributed packages "
                         "(pip install 'dask[distributed]')") from e
    if scheduler:
        try:
            return Client(scheduler, timeout="20s"), None
        except OSError as e:
            raise InputError(f"cannot reach the Dask scheduler at {scheduler} ({e})") from e
    cluster = LocalCluster(host="127.0.0.1", dashboard_address=None, processes=True, threads_per_worker=1)
    return Client(cluster), cluster


def extract_on_dask(files: Sequence[Path], options: ExtractOptions, *, on_skip,
                    scheduler: str | None = None) -> Iterator[tuple[str, Graph]]:
    """(doc id, graph) for each readable file, extracted on the cluster, as results arrive."""
    from distributed import as_completed

    client, cluster = _client(scheduler)
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        inputs = read_inputs(files, max_bytes=max_text_bytes(), on_skip=on_skip)
        chunks = iter(lambda: list(islice(inputs, CHUNK)), [])
        pending = as_completed()
        for chunk in islice(chunks, 2 * workers):
            pending.add(client.submit(extract_chunk, chunk, options, pure=False))
        for future in pending:
            for doc_id, body in future.result():
                yield doc_id, Graph().parse(data=body, format="nt")
            following = next(chunks, None)
            if following:
                pending.add(client.submit(extract_chunk, following, options, pure=False))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
