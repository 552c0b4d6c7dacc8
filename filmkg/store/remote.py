"""A remote store over HTTP: the SPARQL 1.1 Protocol (query, update) and a dataset POST for bulk loads.

`--store http://host:port` speaks to `<url>/query`, `<url>/update` and
`<url>/store` (Oxigraph server's layout; Fuseki's dataset URL answers the
first two, see the README). Each write is one request, so a batch is applied
whole or not at all by the server; a request that fails on the way (network
error, 502/503/504) is sent again, which is safe because every write filmkg
makes is idempotent (it replaces graphs named by deterministic IRIs).
Queries need the server to read the default graph as the union of all
graphs (`oxigraph serve --union-default-graph`), as the embedded store does.
Parameters are bound by a trailing `VALUES` clause of RDF terms (never by
pasting text into the query).
"""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pyoxigraph as ox

from filmkg.errors import StoreError
from filmkg.namespaces import PREFIXES
from filmkg.store.backend import QueryResult

_PROLOGUE = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())
_RETRY_STATUS = (502, 503, 504)


def _one_line(text: str) -> str:
    return " ".join(text.split())[:300]


class RemoteBackend:
    """A SPARQL 1.1 server as the store (tests use `oxigraph serve` on 127.0.0.1)."""

    def __init__(self, url: str, *, timeout: float = 300.0, retries: int = 3) -> None:
        self.location = url.rstrip("/")
        self.retries = retries
        self.client = httpx.Client(timeout=timeout, headers={"User-Agent": "filmkg (store client)"})
        self.named_graphs()  # fail now, in one line, if nothing answers there

    def _post(self, path: str, **kwargs: object) -> httpx.Response:
        url = f"{self.location}/{path}"
        for attempt in range(self.retries + 1):
            try:
                response = self.client.post(url, **kwargs)  # type: ignore[arg-type]
            except httpx.HTTPError as e:
                if attempt == self.retries:
                    why = _one_line(str(e)) or type(e).__name__
                    raise StoreError(f"{url}: cannot reach the store ({why})") from e
            else:
                if response.status_code not in _RETRY_STATUS or attempt == self.retries:
                    if response.status_code >= 400:
                        raise StoreError(f"{url}: the store answered {response.status_code}: "
                                         f"{_one_line(response.text)}")
                    return response
            time.sleep(0.5 * 2 ** attempt)
        raise AssertionError("unreachable")

    def query(self, text: str, *, substitutions: dict[ox.Variable, object] | None = None) -> QueryResult:
        if substitutions:
            names = " ".join(str(v) for v in substitutions)
            terms = " ".join(str(t) for t in substitutions.values())
            text = f"{text}\nVALUES ({names}) {{ ({terms}) }}"
        response = self._post("query", content=(_PROLOGUE + text).encode("utf-8"), headers={
            "Content-Type": "application/sparql-query",
            "Accept": "application/sparql-results+json, application/n-triples;q=0.9"})
        kind = response.headers.get("content-type", "").split(";")[0].strip()
        if kind == "application/n-triples":
            return ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES)  # type: ignore[return-value]
        return ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)

    def update(self, text: str) -> None:
        self._post("update", content=(_PROLOGUE + text).encode("utf-8"),
                   headers={"Content-Type": "application/sparql-update"})

    def bulk_load(self, path: Path, fmt: ox.RdfFormat, to_graph: str | None) -> None:
        """The file as one N-Quads request (its default graph moved to `to_graph`)."""
        target = ox.NamedNode(to_graph) if to_graph else ox.DefaultGraph()
        quads = (ox.Quad(q.subject, q.predicate, q.object,
                         target if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name)
                 for q in ox.parse(path=str(path), format=fmt))
        body = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
        self._post("store", content=body, headers={"Content-Type": "application/n-quads"})

    def named_graphs(self) -> set[str]:
        result = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
        return {row["g"].value for row in result}  # type: ignore[union-attr,index]

    def close(self) -> None:
        self.client.close()
