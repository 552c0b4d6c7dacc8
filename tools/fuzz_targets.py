"""Fuzz targets: each takes raw bytes and raises only when filmkg has a bug.

A target feeds the bytes to one entry point that reads untrusted input: the
text reader, the RDF readers (each format, through `filmkg.io.load_graph`
with its guards), the SPARQL guard followed by pyoxigraph's parser (whatever
the guard lets through must not crash the engine), and the `--param` parser.
A `FilmkgError` (a clean one-line refusal) is the expected way to fail;
anything else escaping is a finding. `tools/fuzz.py` runs them; the inputs
that once failed are replayed by tests/test_fuzz_regressions.py.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from filmkg.errors import FilmkgError
from filmkg.guards import check_query
from filmkg.io import load_graph, read_text
from filmkg.queries import ParamType, Query, bind_params, parse_param_args, to_term

_SCRATCH = Path(tempfile.mkdtemp(prefix="filmkg-fuzz-"))
_RDF_SUFFIXES = (".ttl", ".nt", ".jsonld", ".rdf", ".trig", ".nq")
_EMPTY = ox.Store()


def _scratch_file(name: str, data: bytes) -> Path:
    path = _SCRATCH / name
    path.write_bytes(data)
    return path


def text_reader(data: bytes) -> None:
    """The text reader: decoding, size and shape checks before spaCy."""
    with contextlib.suppress(FilmkgError):
        read_text(_scratch_file("input.txt", data))


def rdf_readers(data: bytes) -> None:
    """One RDF reader, chosen by the first byte, on the rest: guards, then rdflib."""
    if not data:
        return
    suffix = _RDF_SUFFIXES[data[0] % len(_RDF_SUFFIXES)]
    with contextlib.suppress(FilmkgError):
        load_graph([_scratch_file(f"input{suffix}", data[1:])])


def sparql_guard(data: bytes) -> None:
    """The query guard, then pyoxigraph's parser on an empty store for what the guard lets through."""
    text = data.decode("utf-8", errors="replace")
    try:
        check_query(text)
    except FilmkgError:
        return
    with contextlib.suppress(SyntaxError, ValueError):  # the engine's clean refusal of bad SPARQL
        _EMPTY.query(text)


def param_parser(data: bytes) -> None:
    """`--param NAME=VALUE` parsing, typing by every declared type, and binding."""
    pairs = data.decode("utf-8", errors="replace").split("\n")[:8]
    try:
        values = parse_param_args(pairs)
    except FilmkgError:
        return
    for value in values.values():
        for ptype in (*ParamType, None):
            with contextlib.suppress(FilmkgError):
                to_term(value, ptype)
    with contextlib.suppress(FilmkgError):
        bind_params(Query(text="SELECT * WHERE { ?s ?p ?o }"), values)


TARGETS: dict[str, Callable[[bytes], None]] = {
    "text_reader": text_reader,
    "rdf_readers": rdf_readers,
    "sparql_guard": sparql_guard,
    "param_parser": param_parser,
}

#: Starting inputs for each target (the fuzzer mutates from these).
SEEDS: dict[str, list[bytes]] = {
    "text_reader": [b"Anora is a 2024 film directed by Sean Baker.\n",
                    b"\xef\xbb\xbfCaf\xc3\xa9 \xf0\x9f\x8e\xac"],
    "rdf_readers": [b"\x00<http://e.org/s> <http://e.org/p> [ <http://e.org/q> ( 1 2 ) ] .",
                    b'\x02{"@context": {"p": "http://e.org/p"}, "@id": "http://e.org/s", "p": [1]}',
                    b'\x03<?xml version="1.0"?>'
                    b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>',
                    b"\x04<http://e.org/g> { <http://e.org/s> <http://e.org/p> \"x\"@en . }"],
    "sparql_guard": [b"SELECT * WHERE { ?s ?p ?o FILTER(?o > 3 && regex(str(?o), \"a+\")) } LIMIT 5",
                     b"PREFIX ex: <http://e.org/> ASK { ex:a ex:p* ?x OPTIONAL { ?x ex:q ?y } }",
                     b"CONSTRUCT { ?s ?p ?o } WHERE { { SELECT ?s WHERE { ?s ?p ?o } } UNION { ?s ?p ?o } }"],
    "param_parser": [b"film=Anora\ndate=2024-05-21", b"?year=2024\niri=<http://e.org/x>",
                     b"x=fkg:film/anora"],
}


def replay(directory: Path) -> list[tuple[str, str]]:
    """Run every saved input under `directory/<target>/` through its target; (target, file) of each."""
    done = []
    for name, target in TARGETS.items():
        folder = directory / name
        for path in sorted(folder.iterdir()) if folder.is_dir() else []:
            if path.is_file() and not path.name.startswith("."):
                target(path.read_bytes())
                done.append((name, path.name))
    return done


def cleanup() -> None:
    for path in _SCRATCH.iterdir():
        os.unlink(path)
    _SCRATCH.rmdir()
