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


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), help="One graph for all inputs.")
@click.option("--out-dir", type=click.Path(path_type=Path), help="One graph per input, <stem>.<ext>.")
def extract(paths: tuple[Path, ...], output: Path | None, out_dir: Path | None) -> None:
    """Extract facts from film texts into RDF.

    \b
    Example:
      filmkg extract seeds/anora.txt -o anora.ttl
      filmkg extract texts/ --out-dir graphs/
    """
    from extract.api import extract_texts
    from extract.rdf import build_graph
    from extract.records import TextInput

    inputs = [TextInput(doc_id=p.stem, text=p.read_text(encoding="utf-8"), source=p.name)
              for p in paths]
    results = list(extract_texts(inputs))
    if out_dir:
        out_dir.mkdir(parents=True, exist_ok=True)
        for res in results:
            build_graph([res]).serialize(out_dir / f"{res.doc_id}.ttl", format="turtle")
    elif output:
        build_graph(results).serialize(output, format="turtle")
    else:
        raise click.UsageError("give -o FILE or --out-dir DIR")


if __name__ == "__main__":
    main()
