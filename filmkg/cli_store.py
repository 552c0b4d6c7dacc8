"""The store commands of the `filmkg` CLI (ingest, load, remove, stats) and the shared --store option.

Each command opens the store, calls one `KnowledgeGraph` method and prints;
`filmkg.cli` adds them to the command group, whose error handling turns a
`FilmkgError` into one line and exit code 2.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

STORE_HELP = ("The store: a folder (created if needed) or an http(s) SPARQL endpoint URL "
              "(default: $FILMKG_STORE, else ./filmkg.db).")


def store_option(required_default: bool):
    """`--store DIR|URL`; commands that only use a store default it, the others make it optional."""
    if required_default:
        return click.option("--store", "store", default=None, metavar="DIR|URL", help=STORE_HELP)
    return click.option("--store", "store", default=None, metavar="DIR|URL",
                        help="Use this store instead of graph files (a folder or an http(s) "
                             "SPARQL endpoint).")


def open_store(location: str | None):
    from filmkg.store.kg import KnowledgeGraph

    kg = KnowledgeGraph.open(location)
    for graph in kg.recovered:
        click.echo(f"filmkg: dropped {graph}, left half-loaded by an interrupted load", err=True)
    return kg


class _Progress:
    """Progress bar on stderr (documents per second); skipped inputs one line each."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self.bar = None

    def start(self, total: int) -> None:
        from tqdm import tqdm

        self.bar = tqdm(total=total, unit="doc", desc="ingest", file=sys.stderr, disable=not self.enabled,
                        dynamic_ncols=True, smoothing=0.1)

    def skipped(self, item) -> None:
        from tqdm import tqdm

        tqdm.write(f"filmkg: {item.error} (skipped)", file=sys.stderr)
        if self.bar is not None:
            self.bar.update(1)

    def stored(self, report) -> None:
        if self.bar is not None:
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option(True)
@click.option("--model", help="spaCy model to use (default: $FILMKG_SPACY_MODEL or the installed one).")
@click.option("--min-confidence", type=click.FloatRange(0.0, 1.0), default=None,
              help="Drop facts below this confidence (default: the extractor's tuned value).")
@click.option("--no-validate", is_flag=True, help="Skip the SHACL check of each document.")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where extraction runs: this process, or a Dask cluster.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Dask scheduler address (tcp://host:port); without it, a local Dask cluster is started.")
@click.option("--batch", "batch", type=click.IntRange(min=1), default=32, show_default=True,
              help="Documents checked together and written in one atomic update.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
def ingest(paths: tuple[Path, ...], store: str | None, model: str | None, min_confidence: float | None,
           no_validate: bool, executor: str, scheduler: str | None, batch: int, quiet: bool) -> None:
    """Extract texts into the store: one document graph each, validated and reasoned.

    PATHS are UTF-8 text files or folders of them; a document's id is its file
    stem, so ingesting a changed file replaces that document (its facts,
    provenance and inferences). Documents are written --batch at a time, each
    batch in one atomic update (a crash keeps whole documents only). Each
    batch is checked against the shapes together with what the store says
    about the nodes it touches; problems are warnings. Unreadable files are
    skipped.

    \b
    Exit codes: 0 all stored, 1 some inputs skipped, 2 error (nothing stored).

    \b
    Example:
      filmkg ingest seeds/anora.txt --store graph.db
      filmkg ingest texts/ --store graph.db --executor dask
    """
    from filmkg.pipeline import ExtractOptions
    from filmkg.store.ingest import run_ingest

    options = ExtractOptions(model=model, min_confidence=min_confidence)
    progress = _Progress(enabled=not quiet and sys.stderr.isatty())
    with open_store(store) as kg:
        try:
            summary = run_ingest(kg, list(paths), options=options, validate=not no_validate,
                                 executor=executor, scheduler=scheduler, events=progress, batch_size=batch)
        finally:
            progress.close()
        location = kg.backend.location
    broken = [r for r in summary.reports if r.violations]
    for report in broken[:10]:
        click.echo(f"filmkg: warning: {report.doc_id} breaks the shapes: {report.first_violation}", err=True)
    if not quiet:
        triples = sum(r.triples for r in summary.reports)
        skipped = f", {len(summary.skipped)} skipped" if summary.skipped else ""
        click.echo(f"filmkg: stored {len(summary.reports)} documents ({triples} triples, "
                   f"{len(broken)} with shape problems) in {location}{skipped}", err=True)
    if summary.skipped:
        sys.exit(1)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option(True)
def load(files: tuple[Path, ...], store: str | None) -> None:
    """Bulk-load RDF files (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML), all or nothing.

    A file's triples go to the document graph named after its stem
    (`filmkg remove STEM` takes them out again); the named graphs of N-Quads,
    TriG and JSON-LD keep their names. Graphs that already exist are refused.
    Loading does not reason: run `filmkg reason --store` afterwards.

    \b
    Example:
      filmkg load graphs/*.ttl --store graph.db
      filmkg load big.nt --store graph.db && filmkg reason --store graph.db
    """
    import time

    with open_store(store) as kg:
        start = time.perf_counter()
        graphs = kg.load(list(files))
        click.echo(f"filmkg: loaded {len(files)} file(s) into {len(graphs)} graph(s) in "
                   f"{time.perf_counter() - start:.1f} s -> {kg.backend.location}", err=True)


@click.command()
@click.argument("doc_ids", nargs=-1, required=True)
@store_option(True)
def remove(doc_ids: tuple[str, ...], store: str | None) -> None:
    """Retract documents: their facts, provenance and the inferences only they supported.

    \b
    Example:
      filmkg remove anora --store graph.db
    """
    with open_store(store) as kg:
        for doc_id in doc_ids:
            kg.remove(doc_id)
            click.echo(f"filmkg: removed {doc_id}", err=True)


@click.command()
@store_option(True)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def stats(store: str | None, as_json: bool) -> None:
    """What a store holds: documents, triples per graph, films, people, facts per property.

    \b
    Example:
      filmkg stats --store graph.db
    """
    import dataclasses
    import json

    from filmkg.store.stats import store_stats

    with open_store(store) as kg:
        figures = store_stats(kg.backend)
    click.echo(json.dumps(dataclasses.asdict(figures), indent=1) if as_json else figures.text())


COMMANDS = (ingest, load, remove, stats)
