"""`KnowledgeGraph`: the persistent store as a Python API (`filmkg.open(...)`); the CLI is a layer on it.

    import filmkg
    with filmkg.open("filmkg.db") as kg:
        kg.ingest(["seeds/anora.txt"])
        rows = kg.query("directed-by", film="Anora")

Every write goes through one backend call that is atomic (see
`filmkg.store.documents` and `filmkg.store.loader`), so an interrupted run
leaves whole documents only. The store folder can be opened by one process
at a time; a second one gets a `StoreError` saying so.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph

from filmkg.errors import QueryError, StoreError
from filmkg.guards import check_query
from filmkg.queries import Query, bind_params, check_service, one_line, resolve_query
from filmkg.store import documents, loader
from filmkg.store.backend import Backend, LocalBackend, QueryResult, select, select_number
from filmkg.store.binding import bind_by_values
from filmkg.store.documents import DocumentReport
from filmkg.store.layout import (
    DOC_PREFIX,
    FORMAT_VERSION,
    INFERRED_PREFIX,
    LINKS_GRAPH,
    META_GRAPH,
    ONTOLOGY_GRAPH,
    SLICE_IRI,
    STORE_NS,
    doc_graph,
    doc_id_of,
    inferred_graph,
)
from filmkg.store.rows import Rows
from filmkg.validate import ValidationResult

#: Where the CLI keeps the store unless told otherwise (`--store`, or this environment variable).
STORE_ENV = "FILMKG_STORE"
DEFAULT_STORE = "filmkg.db"


def default_store() -> str:
    """$FILMKG_STORE, else ./filmkg.db."""
    return os.environ.get(STORE_ENV) or DEFAULT_STORE


def open_backend(location: str | os.PathLike[str]) -> Backend:
    """A remote backend for an http(s) URL, else the embedded store in that folder."""
    text = str(location)
    if text.startswith(("http://", "https://")):
        from filmkg.store.remote import RemoteBackend

        return RemoteBackend(text)
    return LocalBackend(Path(text))


class KnowledgeGraph:
    """A persistent film knowledge graph: ingest texts, load RDF, query, validate, reason, remove."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.recovered = loader.recover(backend)
        self._ensure_ontology()

    @classmethod
    def open(cls, location: str | os.PathLike[str] | None = None) -> KnowledgeGraph:
        """Open (creating if needed) the store at a folder or a SPARQL endpoint URL."""
        return cls(open_backend(location if location is not None else default_store()))

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.backend.close()

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph Store (embedded stores only), e.g. for `filmkg.server`."""
        store = getattr(self.backend, "store", None)
        if not isinstance(store, ox.Store):
            raise StoreError(f"{self.backend.location}: a remote store has no embedded pyoxigraph Store")
        return store

    def _ensure_ontology(self) -> None:
        if ONTOLOGY_GRAPH in self.backend.named_graphs():
            return
        from filmkg.resources import ontology_file

        body = Graph().parse(ontology_file(), format="turtle").serialize(format="nt", encoding="utf-8")
        self.backend.update(
            f"INSERT DATA {{ GRAPH <{ONTOLOGY_GRAPH}> {{\n{body.decode('utf-8')}}} "
            f"GRAPH <{META_GRAPH}> {{ <{META_GRAPH}> <{STORE_NS}formatVersion> \"{FORMAT_VERSION}\" }} }}")

    def ensure_slice(self) -> None:
        """Load the bundled Wikidata slice into its graph once (queries that use it, linking)."""
        if SLICE_IRI in self.backend.named_graphs():
            return
        import gzip
        import tempfile

        from filmkg.wikidata.slice import slice_ntriples

        with tempfile.TemporaryDirectory() as tmp:
            plain = Path(tmp) / "slice.nt"
            with gzip.open(slice_ntriples(), "rb") as handle:
                plain.write_bytes(handle.read())
            self.backend.update(f"INSERT DATA {{ GRAPH <{META_GRAPH}> "
                                f"{{ <{META_GRAPH}> <{STORE_NS}pendingGraph> <{SLICE_IRI}> }} }}")
            self.backend.bulk_load(plain, ox.RdfFormat.N_TRIPLES, SLICE_IRI)
            self.backend.update(f"DELETE DATA {{ GRAPH <{META_GRAPH}> "
                                f"{{ <{META_GRAPH}> <{STORE_NS}pendingGraph> <{SLICE_IRI}> }} }}")

    def prepare_for(self, query: Query, *, with_wikidata: bool = False) -> None:
        """Write what a query needs into the store before it runs (the Wikidata slice, once)."""
        if "wikidata-slice" in query.uses or with_wikidata:
            self.ensure_slice()

    # --- documents -----------------------------------------------------------

    def documents(self) -> list[str]:
        """The ids of the source documents (ingested or loaded), sorted."""
        return sorted(d for g in self.backend.named_graphs() if (d := doc_id_of(g)) is not None)

    def add_graph(self, doc_id: str, graph: Graph, *, validate: bool = True) -> DocumentReport:
        """Store an extracted graph as document `doc_id` (replacing it), checked and reasoned, atomically."""
        return documents.add_document(self.backend, doc_id, graph, validate=validate)

    def add_graphs(self, docs: Sequence[tuple[str, Graph]], *, validate: bool = True) -> list[DocumentReport]:
        """Store several (doc id, graph) at once: checked together, written in one atomic update."""
        return documents.add_documents(self.backend, docs, validate=validate)

    def ingest(self, texts: Iterable[str | os.PathLike[str]], **options: object) -> list[DocumentReport]:
        """Extract text files (or folders of them) and store each as a document; see `filmkg.store.ingest`."""
        from filmkg.store.ingest import ingest_paths

        return ingest_paths(self, [Path(t) for t in texts], **options)  # type: ignore[arg-type]

    def remove(self, doc_id: str) -> None:
        """Retract a document: its facts, provenance and the inferences it supported."""
        if doc_graph(doc_id) not in self.backend.named_graphs():
            raise StoreError(f"no document {doc_id!r} in {self.backend.location}")
        self.backend.update(documents.removal_update(doc_id))

    def load(self, paths: Sequence[str | os.PathLike[str]]) -> list[str]:
        """Bulk-load RDF files, all or nothing (no reasoning: run `reason()` after)."""
        try:
            return loader.load_files(self.backend, [Path(p) for p in paths])
        finally:
            self._ensure_ontology()  # a failed load into a store without data resets it to new

    def reason(self, *, batch: int = 20) -> int:
        """Recompute the inferences of every document graph with the compiled rules; how many there are.

        Documents are done `batch` at a time, each batch one transaction.
        """
        from filmkg.store.rules import reasoning_update_many

        ids = self.documents()
        for start in range(0, len(ids), batch):
            chunk = ids[start:start + batch]
            self.backend.update(reasoning_update_many([(doc_graph(d), inferred_graph(d)) for d in chunk]))
        return self.count(f'FILTER(STRSTARTS(STR(?g), "{INFERRED_PREFIX}"))')

    def count(self, graph_filter: str = "") -> int:
        """Number of quads in the graphs a FILTER on ?g keeps (all by default)."""
        return select_number(self.backend,
                             f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {graph_filter} }}")

    # --- reading -------------------------------------------------------------

    def run(self, query: Query | str, params: Mapping[str, str] | None = None, *,
            allow_service: bool = False, with_wikidata: bool = False,
            service_endpoints: Sequence[str] = ()) -> QueryResult:
        """Run a named query, .rq file or SPARQL text over every graph; the raw pyoxigraph result."""
        sparql = resolve_query(query) if isinstance(query, str) else query
        check_service(sparql, allow_service=allow_service)
        check_query(sparql.text, allow_service=allow_service)  # length, depth (pyoxigraph crashes), updates
        self.prepare_for(sparql, with_wikidata=with_wikidata)
        sparql = dataclasses.replace(sparql, uses=())
        if isinstance(self.backend, LocalBackend):
            from filmkg.wikidata.sparql import prepare

            sparql = prepare(self.backend.store, sparql, overrides=service_endpoints)
        substitutions = bind_params(sparql, params or {})
        try:
            return self.backend.query(bind_by_values(sparql.text, substitutions))
        except SyntaxError as e:
            raise QueryError(f"{sparql.source}: malformed SPARQL: {one_line(str(e))}") from e
        except (RuntimeError, OSError, ValueError) as e:
            raise QueryError(f"{sparql.source}: {one_line(str(e))}") from e

    def query(self, query: str, **params: str) -> Rows:
        """Rows of a named query, .rq file or SPARQL SELECT, parameters as keywords (`film="Anora"`)."""
        result = self.run(query, params)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("Python rows need a SELECT query; use run() for ASK/CONSTRUCT")
        return Rows.from_solutions(result)

    def source_graph(self, *, inferred: bool = False) -> Graph:
        """Every document's triples as one rdflib graph (and their inferences if asked)."""
        from filmkg.store.convert import triples_to_graph

        keep = f'STRSTARTS(STR(?g), "{DOC_PREFIX}")'
        if inferred:
            keep += f' || STRSTARTS(STR(?g), "{INFERRED_PREFIX}")'
        return triples_to_graph(self.backend.query(
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER({keep}) }}"))

    def dataset(self, *, inferred: bool = True) -> Dataset:
        """The documents' graphs (and their inferences, and the Wikidata links) as an rdflib Dataset."""
        from filmkg.namespaces import bind_prefixes
        from filmkg.store.convert import to_rdflib

        keep = f'STRSTARTS(STR(?g), "{DOC_PREFIX}") || ?g = <{LINKS_GRAPH}>'
        if inferred:
            keep += f' || STRSTARTS(STR(?g), "{INFERRED_PREFIX}")'
        dataset = Dataset()
        bind_prefixes(dataset)
        text = f"SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER({keep}) }}"
        for row in select(self.backend, text):
            g, s, p, o = (to_rdflib(row[v]) for v in ("g", "s", "p", "o"))  # type: ignore[index]
            dataset.graph(g).add((s, p, o))  # type: ignore[arg-type]
        return dataset

    def validate(self) -> ValidationResult:
        """Check every document against the shapes, inside the store (`filmkg validate --store`)."""
        from filmkg.store.shacl import validate_store

        return validate_store(self.backend)
