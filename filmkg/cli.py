"""The `filmkg` command line: thin commands that parse options, call one library function, print.

Every `FilmkgError` becomes one line on stderr and exit code 2.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from filmkg.cli_store import open_store, store_option
from filmkg.errors import FilmkgError, OutputError


class FilmkgGroup(click.Group):
    """Turns library errors into one clean line and exit code 2, never a traceback."""

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except FilmkgError as e:
            click.echo(f"filmkg: {e}", err=True)
            sys.exit(2)


@click.group(cls=FilmkgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="filmkg")
def main() -> None:
    """filmkg: film text -> validated, queryable, exported RDF knowledge graph.

    \b
    Example:
      filmkg extract seeds/anora.txt -o anora.ttl
      filmkg query directed-by --data anora.ttl --param film=Anora
    """


# --- extract -----------------------------------------------------------------

#: Exit codes of `filmkg extract` (documented in its help).
EXIT_PARTIAL = 1


class _ExtractProgress:
    """Progress bar (documents per second) on stderr; skipped inputs as one line each."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self.bar = None

    def start(self, total: int) -> None:
        from tqdm import tqdm

        self.bar = tqdm(total=total, unit="doc", desc="extract", file=sys.stderr,
                        disable=not self.enabled, dynamic_ncols=True, smoothing=0.1)

    def skipped(self, item) -> None:
        from tqdm import tqdm

        tqdm.write(f"filmkg: {item.error} (skipped)", file=sys.stderr)
        if self.bar is not None:
            self.bar.update(1)

    def document(self, result) -> None:
        if self.bar is not None:
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Write one graph holding every input to this file.")
@click.option("--out-dir", type=click.Path(path_type=Path),
              help="Write one graph per input, named <input stem>.<ext>, into this folder.")
@click.option("--format", "fmt", type=click.Choice(["turtle", "nt", "jsonld", "trig"]),
              help="Output format (default: from the -o suffix, else turtle).")
@click.option("--min-confidence", type=click.FloatRange(0.0, 1.0), default=None,
              help="Drop facts below this confidence (default: the extractor's tuned value).")
@click.option("--model", help="spaCy model to use (default: $FILMKG_SPACY_MODEL or the installed one).")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Processes for spaCy (nlp.pipe n_process).")
@click.option("--batch-size", type=click.IntRange(min=1), default=16, show_default=True,
              help="Documents per spaCy batch.")
@click.option("--no-validate", is_flag=True, help="Skip the SHACL check of the output.")
@click.option("--strict", is_flag=True, help="Exit 1 when an output graph breaks the shapes.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary line.")
@click.option("--link", "link_wikidata", is_flag=True,
              help="Link entities to Wikidata from the bundled slice (as `filmkg link`).")
@click.option("--link-online", is_flag=True,
              help="Like --link, and ask the Wikidata API about entities the slice lacks (cached).")
def extract(paths: tuple[Path, ...], output: Path | None, out_dir: Path | None, fmt: str | None,
            min_confidence: float | None, model: str | None, workers: int, batch_size: int,
            no_validate: bool, strict: bool, quiet: bool, link_wikidata: bool, link_online: bool) -> None:
    """Extract facts from film texts into RDF.

    PATHS are UTF-8 text files or, with --out-dir, folders (their .txt, .text
    and .md files, recursively). Each output graph is checked against the
    SHACL shapes; problems are listed on stderr (`filmkg validate FILE` gives
    the full report). Files that cannot be read (missing, empty, binary, not
    UTF-8, larger than $FILMKG_MAX_TEXT_BYTES, default 20 MiB) are reported,
    one line each, and skipped; a single input that cannot be read is an error.
    Outputs are written whole or not at all.

    \b
    Exit codes:
      0  every input was extracted (shape warnings do not change this)
      1  outputs written, but some inputs were skipped
         (or, with --strict, some output breaks the shapes)
      2  error, nothing written: bad usage, no readable input, output not writable

    \b
    Example:
      filmkg extract seeds/anora.txt -o anora.ttl
      filmkg extract texts/ --out-dir graphs/ --workers 2
      filmkg extract seeds/anora.txt -o anora-linked.ttl --link
    """
    from filmkg.pipeline import ExtractOptions, format_for, run_to_dir, run_to_file

    if (output is None) == (out_dir is None):
        raise click.UsageError("give exactly one of -o FILE (one graph) or --out-dir DIR (one per input)")
    options = ExtractOptions(
        model=model, batch_size=batch_size, workers=workers,
        min_confidence=min_confidence)
    progress = _ExtractProgress(enabled=not quiet and sys.stderr.isatty())
    link_step = _link_step(link_wikidata, link_online)
    try:
        if out_dir is not None:
            summary = run_to_dir(list(paths), out_dir, fmt=format_for(None, fmt), options=options,
                                 validate_output=not no_validate, events=progress, step=link_step)
        elif output is not None:
            summary = run_to_file(list(paths), output, fmt=fmt, options=options,
                                  validate_output=not no_validate, events=progress, step=link_step)
    finally:
        progress.close()
        if link_step is not None:
            link_step.close()
    if link_step is not None:
        linked, looked_at, warnings = link_step.summary()
        for warning in warnings:
            click.echo(f"filmkg: warning: {warning}", err=True)
        if not quiet:
            click.echo(f"filmkg: linked {linked} of {looked_at} entities to Wikidata "
                       "(`filmkg link GRAPH -o OUT --review` lists the rest)", err=True)
    for where, count, first in summary.nonconforming[:10]:
        more = f" and {count - 1} more; see `filmkg validate {where}`" if count > 1 else ""
        click.echo(f"filmkg: warning: {where} breaks the shapes: {first}{more}", err=True)
    if len(summary.nonconforming) > 10:
        click.echo(f"filmkg: warning: ... and {len(summary.nonconforming) - 10} more graphs break the shapes",
                   err=True)
    if not quiet:
        target = out_dir if out_dir is not None else output
        skipped = f", {len(summary.skipped)} skipped" if summary.skipped else ""
        click.echo(f"filmkg: extracted {summary.documents} document{'s' if summary.documents != 1 else ''} "
                   f"({summary.facts} facts) -> {target}{skipped}", err=True)
    if summary.skipped or (strict and summary.nonconforming):
        sys.exit(EXIT_PARTIAL)


def _link_step(link_wikidata: bool, link_online: bool):
    """The --link/--link-online graph step (filmkg.wikidata.run.LinkStep), or None."""
    if not (link_wikidata or link_online):
        return None
    from filmkg.wikidata.online import DEFAULT_API_URL
    from filmkg.wikidata.run import LinkStep, OnlineOptions

    return LinkStep(online=OnlineOptions(api_url=DEFAULT_API_URL) if link_online else None)


# --- eval --------------------------------------------------------------------


@main.command("eval")
@click.argument("gold", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--properties", help="Score only these Wikidata properties, e.g. P57,P161 (default: all).")
@click.option("--errors", type=click.IntRange(min=0), default=3, show_default=True,
              help="False positives and misses to show per document, with their sentences (0: none).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures (and errors) as JSON.")
@click.option("--min-confidence", type=click.FloatRange(0.0, 1.0), default=None,
              help="Drop facts below this confidence before scoring.")
@click.option("--model", help="spaCy model to use (default: $FILMKG_SPACY_MODEL or the installed one).")
@click.option("--pred", "pred_dir", type=click.Path(path_type=Path),
              help="Score graphs made earlier (<id>.ttl etc. in this folder) instead of extracting.")
def eval_command(gold: tuple[Path, ...], properties: str | None, errors: int, as_json: bool,
                 min_confidence: float | None, model: str | None, pred_dir: Path | None) -> None:
    """Measure extraction against gold facts: precision, recall and F1 per property and overall.

    GOLD is JSON Lines, one document a line: {"id", "text", "gold": [{"subject",
    "property": "P57", "object", "subject_aliases", "object_aliases"}],
    "annotated_properties": [...] (optional)}. A triple counts when its
    property is aligned to the gold property and subject and object labels
    match a gold name or alias after normalisation (case, accents, dashes,
    quotes, "the", demonyms for countries); dates match within a gold year or
    month, amounts within 0.5%. Exit 0 when scored, 2 on bad input.

    \b
    Example:
      filmkg eval tests/fixtures/eval/films.jsonl --errors 5
      filmkg eval gold.jsonl --properties P57,P161 --json
    """
    import json

    from filmkg import evaluate as ev
    from filmkg.io import as_graph, load_graph
    from filmkg.pipeline import ExtractOptions
    from filmkg.resources import ontology_file

    props = ev.parse_properties(properties)
    docs = ev.load_gold(list(gold))
    ontology = as_graph(load_graph([ontology_file()]))
    if pred_dir is not None:
        pairs = ev.stored_graphs(docs, pred_dir)
    else:
        options = ExtractOptions(
            model=model, min_confidence=min_confidence)
        pairs = ev.extracted_graphs(docs, options)
    report = ev.evaluate(pairs, properties=props, ontology=ontology)
    if as_json:
        click.echo(json.dumps(ev.as_json(report, errors=errors), indent=1, ensure_ascii=False))
    else:
        click.echo(ev.as_text(report, errors=errors))


# --- train -------------------------------------------------------------------


@main.command("train")
@click.option("--train", "train_paths", multiple=True, required=True, type=click.Path(path_type=Path),
              help="Gold JSON Lines to learn from (as for `filmkg eval`); repeat for several files.")
@click.option("--dev", "dev_paths", multiple=True, type=click.Path(path_type=Path),
              help="Gold JSON Lines to measure on after training; repeat for several files.")
@click.option("-o", "--out-dir", required=True, type=click.Path(path_type=Path),
              help="Folder for the trained artefacts and REPORT.md (use with $FILMKG_MODEL_DIR).")
@click.option("--seed", type=int, default=13, show_default=True, help="Seed for folds and solvers.")
@click.option("--model", help="spaCy base model (default: $FILMKG_SPACY_MODEL or the installed one).")
def train_command(train_paths: tuple[Path, ...], dev_paths: tuple[Path, ...], out_dir: Path, seed: int,
                  model: str | None) -> None:
    """Train the film-mention and relation classifiers on gold documents.

    Writes films.npz, relations.npz, wikidata_kinds.json.gz, metrics.json and
    REPORT.md to OUT_DIR. Use the result with FILMKG_MODEL_DIR=OUT_DIR.

    \b
    Example:
      filmkg train --train gold/train.jsonl --dev gold/dev.jsonl -o my-model/
      FILMKG_MODEL_DIR=my-model filmkg eval gold/dev.jsonl
    """
    from filmkg.resources import wikidata_dir
    from filmkg.training.run import run_training

    dev = {p.stem: [p] for p in dev_paths}
    run_training(list(train_paths), dev, out_dir, wikidata_dir() / "index.json.gz", model=model, seed=seed,
                 log=lambda line: click.echo(line, err=True))


# --- link --------------------------------------------------------------------


@main.command()
@click.argument("graphs", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Write the linked graph here (format from the suffix: .ttl, .nt, .jsonld, .trig).")
@click.option("--review", is_flag=True,
              help="Print the links made and a table of unlinked entities: candidates, scores, why not.")
@click.option("--min-score", type=click.FloatRange(0.0, 1.0), default=None,
              help="Link only when the best candidate scores at least this (default 0.75).")
@click.option("--online", is_flag=True,
              help="Ask the Wikidata API about entities the bundled slice lacks (cached on disk).")
@click.option("--cache-dir", type=click.Path(path_type=Path),
              help="Where --online keeps its cache (default: ~/.cache/filmkg).")
@click.option("--api-url", default=None, help="Wikidata API endpoint for --online (default: wikidata.org).")
@click.option("--format", "fmt", type=click.Choice(["turtle", "jsonld", "nt", "trig", "nquads"]),
              help="Output format (default: from the -o suffix).")
@store_option(False)
def link(graphs: tuple[Path, ...], output: Path | None, review: bool, min_score: float | None, online: bool,
         cache_dir: Path | None, api_url: str | None, fmt: str | None, store: str | None) -> None:
    """Link extracted entities to Wikidata (owl:sameAs wd:Q...), offline from the bundled slice.

    A link needs the name (label or alias), a fitting type (a person only to a
    human, a film to a film...) and a clear lead over other candidates; context
    (related entities of the document, the description, the year) raises or
    lowers the score. Each link keeps its score and evidence in a film:Link
    node. Ambiguous or weak candidates stay unlinked; --review lists them.
    Online errors are warnings: the entity stays unlinked. With --store, the
    store's documents are linked and the links replace the store's links graph.

    \b
    Example:
      filmkg link anora.ttl -o anora-linked.ttl --review
      filmkg link graphs/*.ttl -o linked.ttl --online --cache-dir .cache
      filmkg link --store graph.db --review
    """
    from filmkg.wikidata.link import DEFAULT_MIN_SCORE
    from filmkg.wikidata.online import DEFAULT_API_URL
    from filmkg.wikidata.run import OnlineOptions, link_files, linked_table, review_table

    options = OnlineOptions(api_url=api_url or DEFAULT_API_URL, cache_dir=cache_dir) if online else None
    score = DEFAULT_MIN_SCORE if min_score is None else min_score
    if _graphs_or_store(graphs, store):
        from filmkg.store.linking import link_store

        with open_store(store) as kg:
            client = None
            if options is not None:
                from filmkg.wikidata.online import WikidataClient
                from filmkg.wikidata.slice import load_slice

                client = WikidataClient(slice=load_slice(), api_url=options.api_url,
                                        cache_dir=options.cache_dir, timeout=options.timeout)
            try:
                report = link_store(kg, min_score=score, online_client=client)
            finally:
                if client is not None:
                    client.close()
        output = Path(str(store))
    elif output is None:
        raise click.UsageError("give -o FILE for the linked graph")
    else:
        report = link_files(list(graphs), output, online=options, fmt=fmt, min_score=score)
    for warning in report.warnings:
        click.echo(f"filmkg: warning: {warning}", err=True)
    if review:
        click.echo("Linked:\n" + (linked_table(report) or "(none)") + "\n")
        click.echo("Not linked:\n" + review_table(report))
    to_review = sum(1 for d in report.unlinked if d.candidates)
    click.echo(f"filmkg: linked {len(report.linked)} of {len(report.decisions)} entities -> {output}; "
               f"{len(report.unlinked)} unlinked ({to_review} with candidates to review"
               f"{'' if review else ', see --review'})", err=True)


# --- validate ----------------------------------------------------------------


def _graphs_or_store(graphs: tuple[Path, ...], store: str | None, what: str = "GRAPH files") -> bool:
    """True when the command should use --store; exactly one of the two must be given."""
    if graphs and store:
        raise click.UsageError(f"give {what} or --store, not both")
    if not graphs and not store:
        raise click.UsageError(f"give {what}, or --store DIR|URL")
    return store is not None


def _quiet_rdflib() -> None:
    """rdflib logs ill-typed literals ("next Tuesday"^^xsd:date) with a traceback; validate reports them."""
    import logging

    logging.getLogger("rdflib").setLevel(logging.ERROR)


@main.command()
@click.argument("graphs", nargs=-1, type=click.Path(path_type=Path))
@store_option(False)
def validate(graphs: tuple[Path, ...], store: str | None) -> None:
    """Check graphs against the SHACL shapes and say in words what is wrong.

    All GRAPHS are merged and checked together against ontology/shapes.ttl;
    each problem names the node (label and IRI), the property and what is
    wrong.

    \b
    Exit codes:
      0  the graph conforms
      1  the graph does not conform (problems printed)
      2  error: missing or malformed file

    \b
    Example:
      filmkg validate anora.ttl
      filmkg validate graphs/*.ttl
      filmkg validate --store graph.db
    """
    from filmkg.io import as_graph, load_graph
    from filmkg.validate import validate_graph

    _quiet_rdflib()
    if _graphs_or_store(graphs, store):
        with open_store(store) as kg:
            result = kg.validate()
    else:
        result = validate_graph(as_graph(load_graph(list(graphs))))
    click.echo(result.text)
    sys.exit(0 if result.conforms else 1)


# --- reason ------------------------------------------------------------------


@main.command()
@click.argument("graphs", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Where to write (.trig, .nq, .jsonld keep asserted and inferred apart; .ttl, .nt: below).")
@click.option("--format", "fmt", type=click.Choice(["trig", "nquads", "jsonld", "turtle", "nt"]),
              help="Output format (default: from the -o suffix).")
@click.option("--merge", is_flag=True, help="Write asserted and inferred triples together in one graph.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=300.0, show_default=True,
              help="Stop reasoning after this many seconds (exit 2, nothing written).")
@store_option(False)
def reason(graphs: tuple[Path, ...], output: Path | None, fmt: str | None, merge: bool, timeout: float,
           store: str | None) -> None:
    """Materialise what OWL RL reasoning (owlrl) adds: inverses, Wikidata and schema.org equivalents.

    The closure is computed on a copy of ontology + graphs; only new triples
    about the data are kept (no axioms, no triples about literals or about
    the vocabulary). TriG, N-Quads and JSON-LD outputs hold the asserted
    triples in the default graph and the inferred ones in the named graph
    <https://w3id.org/filmkg/id/graph/inferred>. Turtle and N-Triples cannot
    hold two graphs: they get only the inferred triples, or, with --merge,
    asserted and inferred together. Axioms in the data (a property declared
    transitive, subclass statements, owl:sameAs between the data's own
    nodes, anything about the ontology's terms) are kept but not reasoned
    with: only the ontology's axioms drive the closure. With --store, the
    store's inferences are recomputed in place by the compiled rules (same
    triples as owlrl), one document at a time; -o is then not needed.

    \b
    Example:
      filmkg reason anora.ttl -o anora-reasoned.trig
      filmkg reason anora.ttl -o anora-inferred.ttl
      filmkg reason --store graph.db
    """
    from filmkg.export import Format, serialize
    from filmkg.io import as_graph, atomic_write, load_graph
    from filmkg.isolation import run_isolated
    from filmkg.reason import output_graph, reason_graph

    _quiet_rdflib()
    if _graphs_or_store(graphs, store):
        with open_store(store) as kg:
            inferred = kg.reason()
        click.echo(f"filmkg: {inferred} inferred triples in {store}", err=True)
        return
    if output is None:
        raise click.UsageError("give -o FILE for the reasoned graph")
    out_format = Format.for_path(output, fmt)
    data = as_graph(load_graph(list(graphs)))

    def work() -> tuple[bytes, int, int]:
        result = reason_graph(data)
        layout = output_graph(result, named_graphs=out_format.holds_named_graphs, merge=merge)
        return serialize(layout, out_format), len(result.asserted), len(result.inferred)

    payload, asserted, inferred = run_isolated(work, timeout=timeout, what="reasoning")
    atomic_write(output, payload)
    click.echo(f"filmkg: {asserted} asserted triples, {inferred} inferred -> {output}", err=True)


# --- query -------------------------------------------------------------------


@main.command()
@click.argument("query_spec", metavar="QUERY", required=False)
@click.option("-d", "--data", "data", multiple=True, type=click.Path(path_type=Path),
              help="A graph to query (repeat for several; all are queried together).")
@store_option(False)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table",
              show_default=True, help="table for people; csv, tsv, json: SPARQL 1.1 results formats.")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a query parameter (repeatable); see --list for each query's parameters.")
@click.option("--allow-service", is_flag=True,
              help="Let a query with SERVICE contact the remote endpoints it names.")
@click.option("--list", "list_queries", is_flag=True, help="List the named queries and their parameters.")
@click.option("--with-wikidata", is_flag=True,
              help="Also load the bundled Wikidata slice (queries with '# uses: wikidata-slice' do anyway).")
@click.option("--service-endpoint", "service_endpoints", multiple=True, metavar="FROM=TO",
              help="Send SERVICE <FROM> to TO instead, e.g. a Wikidata mirror (repeatable).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=60.0, show_default=True,
              help="Stop the query after this many seconds (exit 2).")
@click.option("--max-rows", type=click.IntRange(min=1), default=100_000, show_default=True,
              help="Print at most this many rows (triples for CONSTRUCT); more is signalled, exit 1.")
def query(query_spec: str | None, data: tuple[Path, ...], store: str | None, fmt: str,
          params: tuple[str, ...],
          allow_service: bool, list_queries: bool, with_wikidata: bool,
          service_endpoints: tuple[str, ...], timeout: float, max_rows: int) -> None:
    """Run a SPARQL query: a named query, a .rq file or SPARQL text.

    Parameters are bound as RDF terms, never pasted into the query: a value is
    a plain string unless the query declares another type (iri, integer,
    decimal, date, year); <...> makes an IRI. A string matches a label
    exactly (case matters). Without a parameter a query returns every row.
    A query using SERVICE is refused unless --allow-service is given; so are
    updates, queries over 100,000 characters and brackets nested over 64
    deep. The query is stopped after --timeout seconds (on files it runs in a
    worker process; on a store, on a thread the command abandons).

    \b
    Exit codes:
      0  the result was printed
      1  the result was cut at --max-rows (a warning says so on stderr)
      2  error: bad query or parameter, unreadable graph, query stopped

    \b
    Example:
      filmkg query --list
      filmkg query directed-by --data anora.ttl --param film=Anora
      filmkg query awards --data anora.ttl --format csv
      filmkg query 'SELECT ?s WHERE { ?s a film:Film }' --data anora.ttl
      filmkg query wikidata-people --data anora-linked.ttl
      filmkg query directed-by --store graph.db --param film=Anora
    """
    from filmkg.guards import QueryLimits, check_query
    from filmkg.io import load_graph
    from filmkg.isolation import run_isolated
    from filmkg.queries import check_service, named_queries, parse_param_args, resolve_query, run_query
    from filmkg.results import ResultFormat, render_capped
    from filmkg.store import store_from_graph
    from filmkg.wikidata.sparql import prepare

    if list_queries:
        for name, named in named_queries().items():
            signature = " ".join(f"[{p.name}=<{p.type.value}>]" for p in named.params)
            click.echo(f"{name:<22} {named.title}" + (f"  {signature}" if signature else ""))
        return
    if query_spec is None:
        raise click.UsageError("give a QUERY (a name, a .rq file or SPARQL text), or --list")
    _quiet_rdflib()
    sparql = resolve_query(query_spec)
    values = parse_param_args(params)
    check_service(sparql, allow_service=allow_service)  # before any graph is loaded
    check_query(sparql.text, allow_service=allow_service)
    limits = QueryLimits(timeout=timeout, max_rows=max_rows)
    if _graphs_or_store(data, store, what="--data GRAPH"):
        from filmkg.store.deadline import run_with_deadline

        # no fork with RocksDB's threads running: the query runs on a thread abandoned at the deadline
        with open_store(store) as kg:
            kg.prepare_for(sparql, with_wikidata=with_wikidata)  # writes (the Wikidata slice) first

            def on_store() -> tuple[str, bool]:
                result = kg.run(sparql, values, allow_service=allow_service, with_wikidata=with_wikidata,
                                service_endpoints=service_endpoints)
                return render_capped(result, ResultFormat(fmt), max_rows=limits.max_rows)

            text, truncated = run_with_deadline(on_store, timeout=limits.timeout, what="query")
    else:
        in_memory = store_from_graph(load_graph(list(data)))
        # what '# uses:' names (Wikidata slice, ontology); --service-endpoint; '# service-values:'
        sparql = prepare(in_memory, sparql, with_wikidata=with_wikidata, overrides=service_endpoints)

        def work() -> tuple[str, bool]:
            result = run_query(in_memory, sparql, params=values, allow_service=allow_service)
            return render_capped(result, ResultFormat(fmt), max_rows=limits.max_rows)

        text, truncated = run_isolated(work, timeout=limits.timeout, what="query",
                                       memory_bytes=limits.memory_mb * 1024 * 1024)
    click.echo(text, nl=False)
    if truncated:
        click.echo(f"filmkg: warning: result cut at {max_rows} rows; raise --max-rows or add LIMIT", err=True)
        sys.exit(EXIT_PARTIAL)


# --- export ------------------------------------------------------------------


@main.command()
@click.argument("graphs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["turtle", "jsonld", "nt", "trig", "nquads"]),
              help="Output format (default: from the -o suffix).")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Write here (atomically); without it, write to standard output.")
@store_option(False)
@click.option("--quickstatements", is_flag=True,
              help="Instead of RDF, write the facts Wikidata lacks as QuickStatements V1 commands "
                   "(linked subjects only; run `filmkg link` first).")
def export(graphs: tuple[Path, ...], fmt: str | None, output: Path | None, quickstatements: bool,
           store: str | None) -> None:
    """Write graphs as Turtle, N-Triples, TriG, N-Quads or compacted JSON-LD.

    All GRAPHS are merged. JSON-LD is compacted with a readable @context
    (prefixes film, fkg, rdfs, skos, xsd, wd, wdt, ... and one short term per
    film property, e.g. "directedBy"). Turtle and N-Triples merge named graphs
    (e.g. the inferred graph of `filmkg reason`); TriG, N-Quads and JSON-LD
    keep them.

    \b
    Example:
      filmkg export anora.ttl --format jsonld -o anora.jsonld
      filmkg export anora-reasoned.trig -o anora-all.ttl
      filmkg export anora-linked.ttl --quickstatements -o anora.qs
      filmkg export --store graph.db -o all.trig
    """
    from filmkg.export import Format, serialize
    from filmkg.io import atomic_write, load_graph

    _quiet_rdflib()
    if _graphs_or_store(graphs, store):
        with open_store(store) as kg:
            source = kg.dataset()
        graphs_in = lambda: source  # noqa: E731 - the store's documents, inferences and links
    else:
        graphs_in = lambda: load_graph(list(graphs))  # noqa: E731
    if quickstatements:
        from filmkg.wikidata.quickstatements import export_quickstatements

        qs = export_quickstatements(graphs_in())
        if output is None:
            click.echo(qs.text(), nl=False)
        else:
            atomic_write(output, qs.text().encode("utf-8"))
        left_out = ", ".join(f"{n} {why}" for why, n in sorted(qs.skipped.items()))
        click.echo(f"filmkg: {len(qs.commands)} QuickStatements commands"
                   + (f"; left out: {left_out}" if left_out else ""), err=True)
        return
    if output is None and fmt is None:
        raise click.UsageError("give --format, or -o FILE with a known suffix")
    out_format = Format.for_path(output, fmt) if output is not None else Format.from_name(fmt or "")
    payload = serialize(graphs_in(), out_format)
    if output is None:
        click.echo(payload.decode("utf-8"), nl=False)
    else:
        atomic_write(output, payload)


# --- serve -------------------------------------------------------------------


@main.command()
@click.argument("graphs", nargs=-1, type=click.Path(path_type=Path))
@click.option("-d", "--data", "data", multiple=True, type=click.Path(path_type=Path),
              help="A graph to serve (repeatable; same as giving GRAPHS).")
@click.option("--store", "store_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Serve an Oxigraph store directory instead (opened read-only by each worker).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind; 127.0.0.1 keeps the service private to this machine.")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535))
@click.option("--with-wikidata", is_flag=True,
              help="Also serve the bundled Wikidata slice (side-by-side view).")
@click.option("--reason", "with_reasoning", is_flag=True,
              help="Add the OWL RL inferences (named graph fkg:graph/inferred; marked on the pages).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True,
              help="Seconds a query may run before it is stopped (503).")
@click.option("--max-rows", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Rows (or triples) returned at most; a cut-off result says so.")
@click.option("--memory-mb", type=click.IntRange(min=0), default=2048, show_default=True,
              help="Address-space budget of each query worker (0: none).")
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True,
              help="Query worker processes (queries running at once).")
@click.option("--max-waiting", type=click.IntRange(min=0), default=8, show_default=True,
              help="Queries that may wait for a worker; more get 429 with Retry-After.")
@click.option("--allow-service", is_flag=True,
              help="Let queries use SERVICE/LOAD to contact remote endpoints.")
@click.option("--allow-review", is_flag=True,
              help="Open the review page: accept/reject ambiguous Wikidata links (local only).")
@click.option("--review-file", type=click.Path(path_type=Path),
              help="Where --allow-review writes decisions (default: <first graph>-review.ttl beside it).")
@click.option("--texts", multiple=True, type=click.Path(path_type=Path, file_okay=False),
              help="Folder of the source texts (repeatable): document pages show the whole text marked.")
@click.option("-v", "--verbose", is_flag=True, help="Log each request on stderr.")
def serve(graphs: tuple[Path, ...], data: tuple[Path, ...], store_dir: Path | None, host: str, port: int,
          with_wikidata: bool, with_reasoning: bool, timeout: float, max_rows: int, memory_mb: int,
          workers: int, max_waiting: int, allow_service: bool, allow_review: bool, review_file: Path | None,
          texts: tuple[Path, ...], verbose: bool) -> None:
    """Serve graphs read-only: a SPARQL 1.1 Protocol endpoint and web pages to explore them.

    The endpoint is /sparql (also /query); the web page at / has a query
    editor, entity pages with each fact's evidence sentence, search and
    document pages. Each query runs in a worker process with a deadline
    (--timeout), a row cap (--max-rows) and a memory budget; a worker that
    fails is replaced while the others go on serving.

    \b
    Example:
      filmkg serve --data data/anora.ttl --reason --with-wikidata
      curl 'http://127.0.0.1:7878/sparql' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 5'
    """
    from filmkg.guards import QueryLimits
    from filmkg.server import ServiceConfig, create_app
    from filmkg.service_data import service_data, store_size
    from filmkg.serving import bind, make_server, url_of

    paths = list(graphs) + list(data)
    if bool(paths) == bool(store_dir):
        raise click.UsageError("give graphs (GRAPHS or --data GRAPH) or --store DIR, one of the two")
    if store_dir and (with_wikidata or with_reasoning or allow_review):
        raise click.UsageError("--reason, --with-wikidata and --allow-review apply to --data graphs; "
                               "a store serves what was loaded into it")
    if allow_review and host not in ("127.0.0.1", "::1", "localhost"):
        raise click.UsageError("--allow-review writes decisions: it needs a loopback --host (127.0.0.1)")
    _quiet_rdflib()
    payload: bytes | Path
    if store_dir:
        payload, triples = store_dir, store_size(store_dir)
    else:
        payload, triples = service_data(paths, with_wikidata=with_wikidata, with_reasoning=with_reasoning)
    try:
        sock = bind(host, port)
    except OSError as e:
        raise OutputError(f"cannot listen on {host}:{port} ({e.strerror})") from e
    config = ServiceConfig(limits=QueryLimits(timeout=timeout, max_rows=max_rows, memory_mb=memory_mb),
                           workers=workers, max_waiting=max_waiting, allow_service=allow_service,
                           allow_review=allow_review, triples=triples, data_files=tuple(paths),
                           review_file=review_file, texts=texts)
    server = make_server(create_app(payload, config), verbose=verbose)
    click.echo(f"filmkg: serving {triples} triples at {url_of(sock)}/ "
               f"(SPARQL endpoint {url_of(sock)}/sparql; Ctrl-C stops)", err=True)
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn has shut down (workers stopped) and re-raises Ctrl-C
        click.echo("filmkg: stopped", err=True)


# --- store commands (filmkg/cli_store.py) --------------------------------------

def _add_store_commands() -> None:
    from filmkg.cli_store import COMMANDS

    for command in COMMANDS:
        main.add_command(command)


_add_store_commands()


if __name__ == "__main__":
    main()
