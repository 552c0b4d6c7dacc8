"""`make demo`: the whole pipeline on one text, step by step, ending in the named queries' answers.

    python -m filmkg.demo --seed seeds/anora.txt --data-dir data --store out/demo.db

extract -> validate (SHACL) -> reason (OWL RL) -> write `<data-dir>/<stem>.ttl`
and `<stem>.jsonld` (the extracted graph, atomically) -> ingest the graph into
the persistent store (checked and reasoned there by the compiled rules) -> link
its entities to Wikidata offline (the bundled slice) ->
run every named query on the store and print the answers as tables (queries
that would contact a remote SPARQL endpoint are listed, not run), and last,
how to serve the graph and the URL to open.
The two files are the reference outputs committed in `data/`; `make reference`
regenerates them after the extractor changes (a test compares them).

Exit status: 0 when the graph conforms to the shapes, 1 when it does not
(the files are still written and the problems printed), 2 on bad input.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rdflib import Graph

from filmkg.errors import FilmkgError
from filmkg.pipeline import ExtractOptions, document_graph, extract_documents, serialize

#: Where `filmkg serve` answers with its default host and port.
SERVE_URL = "http://127.0.0.1:7878/"

if TYPE_CHECKING:
    from filmkg.store.kg import KnowledgeGraph


@dataclass(frozen=True)
class DemoOutputs:
    graph: Graph
    closure: Graph
    turtle: Path
    jsonld: Path
    conforms: bool
    report: str
    inferred: int


def build_reference(seed: Path, data_dir: Path, *, options: ExtractOptions | None = None) -> DemoOutputs:
    """Extract `seed`, validate and reason, and write the Turtle and JSON-LD reference files."""
    from filmkg.io import atomic_write, read_text
    from filmkg.reason import merged, reason_graph
    from filmkg.validate import validate_graph

    item = read_text(seed)
    facts = next(extract_documents([item], options or ExtractOptions()))
    graph = document_graph(facts)
    checked = validate_graph(graph)
    reasoned = reason_graph(graph)
    turtle, jsonld = data_dir / f"{seed.stem}.ttl", data_dir / f"{seed.stem}.jsonld"
    atomic_write(turtle, serialize(graph, "turtle"))
    atomic_write(jsonld, serialize(graph, "jsonld"))
    return DemoOutputs(graph, merged(reasoned), turtle, jsonld, checked.conforms, checked.text,
                       len(reasoned.inferred))


def query_tables(kg: KnowledgeGraph) -> list[tuple[str, str]]:
    """(title, table) for every named query, run on the store (documents plus their inferences)."""
    from filmkg.queries import named_queries, service_endpoints
    from filmkg.results import ResultFormat, render

    tables = []
    for name, query in named_queries().items():
        title = f"{query.title or name}  [filmkg query {name}]"
        if service_endpoints(query.text):
            tables.append((title, "(not run: it asks a remote endpoint; see --allow-service)\n"))
            continue
        tables.append((title, render(kg.run(query), ResultFormat.TABLE)))
    return tables


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--seed", type=click.Path(path_type=Path), default=Path("seeds/anora.txt"), show_default=True,
              help="The text to run the pipeline on.")
@click.option("--data-dir", type=click.Path(path_type=Path), default=Path("data"), show_default=True,
              help="Where to write <stem>.ttl and <stem>.jsonld.")
@click.option("--no-queries", is_flag=True, help="Only write the reference files.")
@click.option("--store", type=click.Path(path_type=Path), default=Path("out/demo.db"), show_default=True,
              help="The store to ingest the seed into and query (created if needed).")
def main(seed: Path, data_dir: Path, no_queries: bool, store: Path) -> None:
    """Run extract -> validate -> reason -> export -> store -> link -> query on one text, step by step."""
    try:
        out = build_reference(seed, data_dir)
        click.echo(f"extracted {seed}: {len(out.graph)} triples")
        click.echo(f"validated: {out.report}")
        click.echo(f"reasoned (OWL RL): {out.inferred} inferred triples")
        click.echo(f"wrote {out.turtle} and {out.jsonld}")
        if not no_queries:
            from filmkg.store.kg import KnowledgeGraph
            from filmkg.store.linking import link_store
            from filmkg.wikidata.link import DEFAULT_MIN_SCORE

            store.parent.mkdir(parents=True, exist_ok=True)
            with KnowledgeGraph.open(store) as kg:
                report = kg.add_graph(seed.stem, out.graph)
                click.echo(f"ingested into the store {store} as document {report.doc_id!r}: "
                           f"{kg.count()} quads in {len(kg.backend.named_graphs())} graphs")
                links = link_store(kg, min_score=DEFAULT_MIN_SCORE)
                click.echo(f"linked to Wikidata (offline, bundled slice): {len(links.linked)} entities, "
                           f"{len(links.unlinked)} left unlinked (`filmkg link --store {store} --review`)")
                for title, table in query_tables(kg):
                    click.echo(f"\n== {title}\n{table}", nl=False)
    except FilmkgError as e:
        click.echo(f"filmkg: {e}", err=True)
        sys.exit(2)
    click.echo(f"\nExplore the graph in a browser (query editor, entity pages with evidence):\n"
               f"  .venv/bin/filmkg serve --data {out.turtle} --reason --with-wikidata "
               f"--texts {seed.parent}\n"
               f"then open {SERVE_URL}")
    if not out.conforms:
        sys.exit(1)


if __name__ == "__main__":
    main()
