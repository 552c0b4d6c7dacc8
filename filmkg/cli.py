"""The `filmkg` command line: thin commands that parse options, call one library function, print.

Every `FilmkgError` becomes one line on stderr and exit code 2.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from filmkg.errors import FilmkgError


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
def extract(paths: tuple[Path, ...], output: Path | None, out_dir: Path | None, fmt: str | None,
            min_confidence: float | None, model: str | None, workers: int, batch_size: int,
            no_validate: bool, strict: bool, quiet: bool) -> None:
    """Extract facts from film texts (files or folders of .txt/.md) into RDF.

    Each output graph is checked against the SHACL shapes; problems are listed
    on stderr (run `filmkg validate` on the file for the full report). Files
    that cannot be read are reported, one line each, and skipped.

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
    """
    from extract.api import DEFAULT_MIN_CONFIDENCE
    from filmkg.pipeline import ExtractOptions, format_for, run_to_dir, run_to_file

    if (output is None) == (out_dir is None):
        raise click.UsageError("give exactly one of -o FILE (one graph) or --out-dir DIR (one per input)")
    options = ExtractOptions(
        model=model, batch_size=batch_size, workers=workers,
        min_confidence=DEFAULT_MIN_CONFIDENCE if min_confidence is None else min_confidence)
    progress = _ExtractProgress(enabled=not quiet and sys.stderr.isatty())
    try:
        if out_dir is not None:
            summary = run_to_dir(list(paths), out_dir, fmt=format_for(None, fmt), options=options,
                                 validate_output=not no_validate, events=progress)
        elif output is not None:
            summary = run_to_file(list(paths), output, fmt=format_for(output, fmt), options=options,
                                  validate_output=not no_validate, events=progress)
    finally:
        progress.close()
    for where, count in summary.nonconforming[:10]:
        problems = f"{count} problem{'s' if count != 1 else ''}"
        click.echo(f"filmkg: warning: {where} breaks the shapes ({problems}); see `filmkg validate {where}`",
                   err=True)
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

    from extract.api import DEFAULT_MIN_CONFIDENCE
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
            model=model, min_confidence=DEFAULT_MIN_CONFIDENCE if min_confidence is None else min_confidence)
        pairs = ev.extracted_graphs(docs, options)
    report = ev.evaluate(pairs, properties=props, ontology=ontology)
    if as_json:
        click.echo(json.dumps(ev.as_json(report, errors=errors), indent=1, ensure_ascii=False))
    else:
        click.echo(ev.as_text(report, errors=errors))


# --- link --------------------------------------------------------------------


@main.command()
@click.argument("graphs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path),
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
def link(graphs: tuple[Path, ...], output: Path, review: bool, min_score: float | None, online: bool,
         cache_dir: Path | None, api_url: str | None) -> None:
    """Link extracted entities to Wikidata (owl:sameAs wd:Q...), offline from the bundled slice.

    A link needs the name (label or alias), a fitting type (a person only to a
    human, a film to a film...) and a clear lead over other candidates; context
    (related entities of the document, the description, the year) raises or
    lowers the score. Each link keeps its score and evidence in a film:Link
    node. Ambiguous or weak candidates stay unlinked; --review lists them.
    Online errors are warnings: the entity stays unlinked.

    \b
    Example:
      filmkg link anora.ttl -o anora-linked.ttl --review
      filmkg link graphs/*.ttl -o linked.ttl --online --cache-dir .cache
    """
    from filmkg.wikidata.link import DEFAULT_MIN_SCORE
    from filmkg.wikidata.online import DEFAULT_API_URL
    from filmkg.wikidata.run import OnlineOptions, link_files, linked_table, review_table

    options = OnlineOptions(api_url=api_url or DEFAULT_API_URL, cache_dir=cache_dir) if online else None
    report = link_files(list(graphs), output, online=options,
                        min_score=DEFAULT_MIN_SCORE if min_score is None else min_score)
    for warning in report.warnings:
        click.echo(f"filmkg: warning: {warning}", err=True)
    if review:
        click.echo("Linked:\n" + (linked_table(report) or "(none)") + "\n")
        click.echo("Not linked:\n" + review_table(report))
    to_review = sum(1 for d in report.unlinked if d.candidates)
    click.echo(f"filmkg: linked {len(report.linked)} of {len(report.decisions)} entities -> {output}; "
               f"{len(report.unlinked)} unlinked ({to_review} with candidates to review"
               f"{'' if review else ', see --review'})", err=True)


if __name__ == "__main__":
    main()
