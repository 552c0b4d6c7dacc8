"""The extraction use case, shared by the CLI, the server and `filmkg eval`: files -> facts -> graphs.

Inputs are read lazily and extracted in a stream (`nlp.pipe`), so a corpus of
thousands of files is processed with flat memory when each document gets its
own output: only the batch that spaCy holds is in memory at any time. With a
single output file the merged graph is inherent and grows with the corpus.

Nothing here prints: progress, skipped inputs and shape violations are
reported through an `ExtractionEvents` object the caller supplies. A `step`
(e.g. Wikidata linking) may transform each graph before it is checked and
written.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from rdflib import Graph

from extract.records import DocumentFacts, TextInput
from filmkg.errors import FilmkgError, InputError, OutputError
from filmkg.guards import limit
from filmkg.io import MAX_TEXT_BYTES, atomic_write, expand_inputs, read_text

#: Environment variable that lowers (or raises) the size limit of one input text, in bytes.
MAX_BYTES_ENV = "FILMKG_MAX_TEXT_BYTES"


def max_text_bytes() -> int:
    """The input size limit: $FILMKG_MAX_TEXT_BYTES if set, else `filmkg.io.MAX_TEXT_BYTES`."""
    return limit(MAX_BYTES_ENV.removeprefix("FILMKG_"), MAX_TEXT_BYTES)


@dataclass(frozen=True)
class ExtractOptions:
    """How to run the extractor; the defaults are the extractor's own."""

    model: str | None = None
    min_confidence: float | None = None  # None: the trained model's own threshold
    batch_size: int = 16
    workers: int = 1


@dataclass(frozen=True)
class Skipped:
    """An input that could not be read, and why (a one-line `FilmkgError`)."""

    path: Path
    error: FilmkgError


@dataclass(frozen=True)
class DocumentResult:
    """One extracted document: its facts, its graph, where it went, how many shape violations."""

    facts: DocumentFacts
    output: Path | None
    violations: int | None


#: A step applied to each document's graph before it is validated and written (e.g. Wikidata linking).
GraphStep = Callable[[Graph], Graph]


class ExtractionEvents(Protocol):
    """What a caller hears during a run (the CLI draws a progress bar from it)."""

    def start(self, total: int) -> None: ...

    def skipped(self, item: Skipped) -> None: ...

    def document(self, result: DocumentResult) -> None: ...


class _Silent:
    def start(self, total: int) -> None:
        pass

    def skipped(self, item: Skipped) -> None:
        pass

    def document(self, result: DocumentResult) -> None:
        pass


@dataclass
class RunSummary:
    """The outcome of a run: what was written, skipped, and which outputs break the shapes."""

    documents: int = 0
    facts: int = 0
    outputs: list[Path] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    #: (output, number of violations, the first in words) for each graph that does not conform
    nonconforming: list[tuple[str, int, str]] = field(default_factory=list)


def read_inputs(paths: Iterable[Path], *, max_bytes: int, on_skip) -> Iterator[TextInput]:
    """Read each file lazily; unreadable ones go to `on_skip(Skipped)` and are left out."""
    for path in paths:
        try:
            yield read_text(path, max_bytes=max_bytes)
        except InputError as e:
            on_skip(Skipped(path, e))


def extract_documents(inputs: Iterable[TextInput], options: ExtractOptions) -> Iterator[DocumentFacts]:
    """Stream `DocumentFacts` for the inputs, in order, with `nlp.pipe` batching and processes."""
    from extract.api import extract_texts

    yield from extract_texts(inputs, model=options.model, batch_size=options.batch_size,
                             n_process=options.workers, min_confidence=options.min_confidence)


def document_graph(facts: DocumentFacts) -> Graph:
    """The RDF graph of one document (plain fact triples plus provenance)."""
    from extract.rdf import build_graph

    return build_graph([facts])


def text_graph(text: str, *, doc_id: str = "text", options: ExtractOptions | None = None,
               step: GraphStep | None = None) -> Graph:
    """One text straight to its graph (for the server and other callers without files)."""
    if not text.strip():
        raise InputError("the text is empty")
    item = TextInput(doc_id=doc_id, text=text)
    graph = document_graph(next(extract_documents([item], options or ExtractOptions())))
    return step(graph) if step is not None else graph


def check_shapes(graph: Graph) -> tuple[int, str]:
    """(number of SHACL violations, the first one in words); (0, "") when the graph conforms."""
    from filmkg.validate import validate_graph

    result = validate_graph(graph)
    errors = [v for v in result.violations if v.severity == "Violation"]
    if not errors and result.conforms:
        return 0, ""
    first = errors[0].describe() if errors else result.text.splitlines()[0]
    return max(1, len(errors)), first


def expand_paths(paths: Sequence[Path]) -> list[Path]:
    """The input files: files as given, directories expanded to their text files."""
    files = list(expand_inputs(paths))
    if not files:
        shown = ", ".join(str(p) for p in paths[:3])
        raise InputError(f"{shown}: no text files (.txt, .text, .md) to extract from")
    return files


def output_paths(files: Sequence[Path], out_dir: Path, suffix: str) -> dict[Path, Path]:
    """Input file -> `<out_dir>/<stem><suffix>`; two inputs with the same stem are an error."""
    targets: dict[Path, Path] = {}
    seen: dict[Path, Path] = {}
    for f in files:
        target = out_dir / f"{f.stem}{suffix}"
        if target in seen and seen[target] != f:
            raise OutputError(f"{seen[target]} and {f} would both be written to {target}; "
                              "rename one or extract them in separate runs")
        seen[target] = f
        targets[f] = target
    return targets


def prepare_out_dir(out_dir: Path) -> None:
    """Create the output folder if needed; fail before any extraction if it cannot be written."""
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"{out_dir}: exists and is not a directory")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(f"{out_dir}: cannot create the output folder ({e.strerror})") from e
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise OutputError(f"{out_dir}: the output folder is not writable")


def check_output_file(output: Path, inputs: Sequence[Path]) -> None:
    """Fail before extraction if `output` cannot be written or would overwrite an input."""
    folder = output.parent if str(output.parent) else Path(".")
    if output.is_dir():
        raise OutputError(f"{output}: is a directory; use --out-dir for one graph per input")
    if not folder.is_dir():
        raise OutputError(f"{output}: folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"{output}: folder {folder} is not writable")
    resolved = output.resolve()
    if any(p.resolve() == resolved for p in inputs):
        raise OutputError(f"{output}: is also an input; refusing to overwrite it")


def format_for(output: Path | None, explicit: str | None) -> str:
    """The output format name: the explicit one, else what the suffix of `output` says, else turtle."""
    from filmkg.export import Format

    if explicit:
        return Format.from_name(explicit).value
    if output is not None:
        return Format.for_path(output).value
    return Format.TURTLE.value


def suffix_for(fmt: str) -> str:
    from filmkg.export import Format

    return Format.from_name(fmt).suffix


def serialize(graph: Graph, fmt: str) -> bytes:
    """Graph -> bytes in the named format (JSON-LD with filmkg's readable @context).

    JSON-LD comes out of rdflib in hash order; its node list and value arrays are
    sorted here (their order means nothing in JSON-LD), so the same graph always
    gives the same bytes and re-extraction leaves committed outputs unchanged.
    """
    from filmkg.export import Format
    from filmkg.export import serialize as export_serialize

    chosen = Format.from_name(fmt)
    data = export_serialize(graph, chosen)
    if chosen is not Format.JSONLD:
        return data
    import json

    stable = _sorted_json(json.loads(data))
    return (json.dumps(stable, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _sorted_json(value, key: str | None = None):
    """Sort every JSON array except `@list` ones (ordered by definition), recursively."""
    import json

    if isinstance(value, dict):
        return {k: _sorted_json(v, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        if key == "@list":
            return items
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def _first_inputs(files: Sequence[Path], max_bytes: int, events: ExtractionEvents,
                  summary: RunSummary) -> Iterable[TextInput]:
    """A single input is read up front, so that a bad one is an error (exit 2), not a skip."""
    if len(files) == 1:
        return [read_text(files[0], max_bytes=max_bytes)]

    def skip(item: Skipped) -> None:
        summary.skipped.append(item)
        events.skipped(item)

    return read_inputs(files, max_bytes=max_bytes, on_skip=skip)


def _nothing_read(files: Sequence[Path], summary: RunSummary) -> None:
    if summary.documents == 0 and summary.skipped:
        raise InputError(f"none of the {len(files)} inputs could be read; nothing was written")


def run_to_dir(paths: Sequence[Path], out_dir: Path, *, fmt: str = "turtle",
               options: ExtractOptions | None = None, validate_output: bool = True,
               events: ExtractionEvents | None = None, step: GraphStep | None = None) -> RunSummary:
    """Extract each input into `<out_dir>/<stem>.<ext>`, streaming: one document in memory at a time."""
    options = options or ExtractOptions()
    events = events or _Silent()
    files = expand_paths(paths)
    targets = output_paths(files, out_dir, suffix_for(fmt))
    by_id = {f.stem: targets[f] for f in files}
    summary = RunSummary()
    inputs = _first_inputs(files, max_text_bytes(), events, summary)
    prepare_out_dir(out_dir)
    events.start(len(files))
    for facts in extract_documents(inputs, options):
        graph = document_graph(facts)
        if step is not None:
            graph = step(graph)
        target = by_id[facts.doc_id]
        atomic_write(target, serialize(graph, fmt))
        violations, first = check_shapes(graph) if validate_output else (None, "")
        if violations:
            summary.nonconforming.append((str(target), violations, first))
        summary.documents += 1
        summary.facts += len(facts.facts)
        summary.outputs.append(target)
        events.document(DocumentResult(facts, target, violations))
    _nothing_read(files, summary)
    return summary


def run_to_file(paths: Sequence[Path], output: Path, *, fmt: str | None = None,
                options: ExtractOptions | None = None, validate_output: bool = True,
                events: ExtractionEvents | None = None, step: GraphStep | None = None) -> RunSummary:
    """Extract the given files into one merged graph written to `output` (nothing if none was read).

    The format is `fmt`, else the one the suffix of `output` names.
    Folders are refused here: merging a whole corpus into one file is rarely meant and
    holds every document in memory; `run_to_dir` streams instead.
    """
    from extract.rdf import add_document, bind_prefixes

    options = options or ExtractOptions()
    events = events or _Silent()
    for path in paths:
        if path.is_dir():
            raise InputError(f"{path}: is a directory; give the files in it (dir/*.txt), "
                             "or use --out-dir for one graph per file")
    files = list(paths)
    check_output_file(output, files)
    fmt = format_for(output, fmt)
    summary = RunSummary()
    events.start(len(files))
    graph = bind_prefixes(Graph())
    inputs = _first_inputs(files, max_text_bytes(), events, summary)
    for facts in extract_documents(inputs, options):
        add_document(graph, facts)
        summary.documents += 1
        summary.facts += len(facts.facts)
        events.document(DocumentResult(facts, output, None))
    _nothing_read(files, summary)
    if step is not None:
        graph = step(graph)
    if validate_output:
        violations, first = check_shapes(graph)
        if violations:
            summary.nonconforming.append((str(output), violations, first))
    atomic_write(output, serialize(graph, fmt))
    summary.outputs.append(output)
    return summary
