"""Query guards: the checks every entry point (CLI, store, server, Python API) runs before a query.

One place for them, so the endpoint and the command line refuse the same
things in the same words:

- `check_query(text)` looks at the SPARQL text only, before any parser sees
  it: its length (`MAX_QUERY_CHARS`), its bracket nesting depth
  (`MAX_NESTING`; pyoxigraph 0.5 overflows its stack and kills the process on
  a FILTER nested a few thousand parentheses deep), and SERVICE or LOAD,
  which would make the engine contact another host, refused unless
  `allow_service=True`. It raises `QueryRefused` (`ServiceNotAllowed` for
  SERVICE/LOAD) with a one-line message.
- `update_keyword(text)` names the SPARQL Update operation a text starts
  with (INSERT, DELETE, LOAD...), so a read-only entry point can refuse it
  with a clear message instead of a parser error.
- `QueryLimits` holds the run-time bounds (deadline, row cap, memory budget)
  that the code running the query enforces; the server runs each query in a
  worker process (`filmkg.worker`) with them, the CLI in a forked child
  (`filmkg.isolation.run_isolated`).
- `check_text(text)` vets a text before spaCy: at most `nlp.max_length`
  characters, no run of more than 500 characters without a space (spaCy's
  tokenizer is quadratic in it).
- `check_rdf_bytes(data, fmt)` vets RDF input before a parser sees it: size
  cap, nesting-depth cap for Turtle/TriG/N3/JSON-LD (rdflib recurses,
  pyoxigraph 0.5.13 crashes on JSON-LD 5,000 levels deep), RDF/XML with a
  DOCTYPE or ENTITY declaration refused (rdflib expands a "billion laughs"
  without bound), JSON-LD `@context`/`@import` only inline (rdflib would
  fetch a remote context or read a `file:` one).

The tokenizer skips comments, strings, IRIs, variables, language tags and
prefixed names, so `?service`, `"LOAD"` or `ex:load` never count, and a
bracket inside a string is no nesting. Brackets inside an IRI token do
count: pyoxigraph reads `?s<((...1...))>0` as a less-than and recurses into
them (measured: SIGSEGV at 5,000). Every count is one flat pass, no recursion.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from filmkg.errors import (
    InputError,
    QueryRefused,
    QueryTooLarge,
    RdfRefused,
    RdfTooLarge,
    ServiceNotAllowed,
    UpdateNotAllowed,
)

__all__ = ["MAX_NESTING", "MAX_QUERY_CHARS", "MAX_RDF_BYTES", "MAX_RDF_DEPTH", "QueryLimits", "QueryRefused",
           "SPARQL_TOKEN", "check_jsonld_contexts", "check_query", "check_rdf_bytes", "check_text", "limit",
           "nesting_depth", "service_endpoints", "update_keyword"]

#: Longest query text accepted (characters); the named queries are under 3,000.
MAX_QUERY_CHARS = 100_000
#: Deepest nesting of (), {} and [] accepted; real queries stay under 15.
MAX_NESTING = 64
#: Longest text given to the extractor: spaCy's own `nlp.max_length` (its parser and NER need about
#: 1 GB per 100,000 characters), checked before spaCy sees the text ($FILMKG_MAX_TEXT_CHARS).
MAX_TEXT_CHARS = 1_000_000
#: Longest run of characters without white space: spaCy's tokenizer is quadratic in it (8,000 emoji
#: take 39 s, 100,000 about an hour, measured); a word or URL of prose is far shorter.
MAX_WORD_CHARS = 500
#: One RDF input file (bytes, $FILMKG_MAX_RDF_BYTES); film graphs are megabytes.
MAX_RDF_BYTES = 256 * 1024 * 1024
#: Deepest nesting of an RDF input ($FILMKG_MAX_RDF_DEPTH): rdflib's Turtle parser runs out of Python
#: stack at ~130 nested `[ ]` (measured), pyoxigraph crashes on JSON-LD at 5,000; real data stays under 10.
MAX_RDF_DEPTH = 100

#: SPARQL lexer, enough to find keywords and brackets: comments, strings, IRIs, variables, language
#: tags and prefixed names are tokens of their own, so a keyword inside them never matches.
SPARQL_TOKEN = re.compile(r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
               |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$]\w+)
  | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<pname>(?:[A-Za-z_][\w.-]*)?:[\w.:%\\-]*)
  | (?P<word>[A-Za-z_]\w*)
  | (?P<other>\S)
""", re.X | re.S)

_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
_OPEN, _CLOSE = "({[", ")}]"


@dataclass(frozen=True)
class QueryLimits:
    """Run-time bounds of one query: wall-clock deadline, rows returned, memory of the process."""

    timeout: float = 10.0
    max_rows: int = 10_000
    memory_mb: int = 2048


def limit(name: str, default: int) -> int:
    """A limit from $FILMKG_<NAME>, else `default`; a bad value is an error, not silently ignored."""
    raw = os.environ.get(f"FILMKG_{name}")
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value <= 0:
        raise InputError(f"$FILMKG_{name}={raw!r} is not a positive whole number")
    return value


def _tokens(text: str) -> list[tuple[str, str]]:
    return [(m.lastgroup or "", m.group()) for m in SPARQL_TOKEN.finditer(text) if m.lastgroup != "comment"]


def nesting_depth(text: str, *, stop_at: int | None = None) -> int:
    """The deepest nesting of brackets outside strings and comments (counting inside IRI tokens).

    Stops counting once past `stop_at`, so a hostile text costs no more than it must.
    """
    depth = deepest = 0
    for match in SPARQL_TOKEN.finditer(text):
        kind, value = match.lastgroup, match.group()
        if kind == "other":
            if value in _OPEN:
                depth += 1
                deepest = max(deepest, depth)
            elif value in _CLOSE:
                depth = max(depth - 1, 0)
        elif kind == "iri":
            deepest = max(deepest, depth + sum(value.count(c) for c in _OPEN))
        if stop_at is not None and deepest > stop_at:
            break
    return deepest


def service_endpoints(text: str) -> list[str]:
    """The endpoints of every SERVICE clause (`<iri>`, prefixed name or variable), in order."""
    tokens = _tokens(text)
    found = []
    for i, (kind, value) in enumerate(tokens):
        if kind == "word" and value.upper() == "SERVICE":
            rest = tokens[i + 1:i + 3]
            if rest and rest[0][0] == "word" and rest[0][1].upper() == "SILENT":
                rest = rest[1:]
            found.append(rest[0][1] if rest else "(no endpoint)")
    return found


def update_keyword(text: str) -> str | None:
    """The SPARQL Update operation in `text` (upper case), or None for a query."""
    for kind, value in _tokens(text):
        if kind == "word" and value.upper() in _UPDATE_WORDS:
            return value.upper()
    return None


def check_query(text: str, *, allow_service: bool = False, max_chars: int = MAX_QUERY_CHARS,
                max_depth: int = MAX_NESTING) -> None:
    """Refuse a query that is too long, nested too deep, or would contact another host.

    Raises `QueryRefused` or its subclasses `QueryTooLarge`, `ServiceNotAllowed` (SERVICE, or LOAD
    without `allow_service`), `UpdateNotAllowed` (any update: filmkg's entry points only read);
    returns None when the text may go to the parser. The length is checked before tokenizing.
    """
    if len(text) > max_chars:
        raise QueryTooLarge(f"query is {len(text):,} characters long; the limit is {max_chars:,}")
    depth = nesting_depth(text, stop_at=max_depth)
    if depth > max_depth:
        raise QueryRefused(f"query nests brackets more than {max_depth} deep; the limit is {max_depth}")
    if not allow_service:
        endpoints = service_endpoints(text)
        if endpoints:
            raise ServiceNotAllowed(f"query uses SERVICE {endpoints[0]}, which would contact another host; "
                                    "it is refused unless --allow-service is given")
    update = update_keyword(text)
    if update == "LOAD" and not allow_service:
        raise ServiceNotAllowed("LOAD would fetch a document from another host; it is refused")
    if update:
        raise UpdateNotAllowed(f"{update} is a SPARQL update; filmkg only reads (edit the graph files)")


# --- text input ------------------------------------------------------------------


def check_text(text: str, *, source: str = "text") -> None:
    """Refuse a text the extractor cannot take in bounded time and memory, before spaCy sees it."""
    max_chars = limit("MAX_TEXT_CHARS", MAX_TEXT_CHARS)
    if len(text) > max_chars:
        raise InputError(f"{source}: {len(text):,} characters is longer than the extractor's limit of "
                         f"{max_chars:,} ($FILMKG_MAX_TEXT_CHARS); split the text")
    longest = max(map(len, text.split()), default=0)
    if longest > MAX_WORD_CHARS:
        raise InputError(f"{source}: has a run of {longest:,} characters without a space (the limit is "
                         f"{MAX_WORD_CHARS}); this does not look like prose")


# --- RDF input -------------------------------------------------------------------

#: Flat scanners: strings, IRIs and comments are skipped whole, brackets counted, the rest
#: consumed in runs.
_TURTLE_SCAN = re.compile(r"""
    \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
  | "(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'
  | <[^<>"{}|^`\\\x00-\x20]*>
  | \#[^\n]*
  | (?P<open>[\[({])|(?P<close>[\])}])
  | [^"'<#\[\](){}]+
  | .
""", re.X | re.S)
_JSON_SCAN = re.compile(r'"(?:[^"\\]|\\.)*"|(?P<open>[\[{])|(?P<close>[\]}])|[^"\[\]{}]+|.', re.S)
_NESTING_FORMATS = {"turtle": _TURTLE_SCAN, "trig": _TURTLE_SCAN, "n3": _TURTLE_SCAN,
                    "json-ld": _JSON_SCAN}
_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.I)


def rdf_nesting_depth(text: str, scanner: re.Pattern[str], *, stop_at: int | None = None) -> int:
    """Deepest bracket nesting of `text` as `scanner` tokenizes it (one flat pass)."""
    depth = deepest = 0
    for match in scanner.finditer(text):
        if match.group("open"):
            depth += 1
            if depth > deepest:
                deepest = depth
                if stop_at is not None and deepest > stop_at:
                    break
        elif match.group("close"):
            depth = max(depth - 1, 0)
    return deepest


def check_rdf_bytes(data: bytes, fmt: str, *, source: str = "input") -> None:
    """Refuse RDF input that no parser should see (`fmt` is an rdflib format name)."""
    max_bytes = limit("MAX_RDF_BYTES", MAX_RDF_BYTES)
    if len(data) > max_bytes:
        raise RdfTooLarge(f"{source}: {len(data)} bytes is larger than the limit of {max_bytes} bytes "
                          "($FILMKG_MAX_RDF_BYTES)")
    if fmt in ("xml", "rdfxml", "application/rdf+xml"):
        _check_rdfxml(data, source)
        return
    scanner = _NESTING_FORMATS.get("json-ld" if fmt in ("jsonld", "json-ld") else fmt)
    if scanner is None:
        return  # N-Triples and N-Quads have no nesting
    text = data.decode("utf-8", errors="replace")
    max_depth = limit("MAX_RDF_DEPTH", MAX_RDF_DEPTH)
    cheap_bound = sum(text.count(c) for c in "[({")
    if cheap_bound > max_depth and rdf_nesting_depth(text, scanner, stop_at=max_depth) > max_depth:
        raise RdfRefused(f"{source}: nested more than {max_depth} levels deep ($FILMKG_MAX_RDF_DEPTH)")
    if scanner is _JSON_SCAN:
        check_jsonld_contexts(text, source=source)


def _check_rdfxml(data: bytes, source: str) -> None:
    if b"\x00" in data[:4096]:
        raise RdfRefused(f"{source}: RDF/XML must be UTF-8 (UTF-16 is not read)")
    if _DOCTYPE.search(data):
        raise RdfRefused(f"{source}: RDF/XML with a DOCTYPE or ENTITY declaration is refused "
                         "(entities can expand without bound or read local files)")


def check_jsonld_contexts(text: str, *, source: str = "input") -> None:
    """Refuse a JSON-LD document whose `@context` or `@import` names a document to load.

    Only inline context objects are used; a context IRI (remote, `file:` or relative, which
    would resolve to a local file) is never fetched. Call after the depth check: `json.loads`
    recurses.
    """
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        return  # the parser reports the syntax error with its position
    for key, value in _json_items(document):
        if key in ("@context", "@import"):
            for ref in value if isinstance(value, list) else [value]:
                if isinstance(ref, str):
                    raise RdfRefused(f"{source}: JSON-LD {key} {ref[:100]!r} would be loaded from "
                                     "elsewhere; only inline contexts are allowed")


def _json_items(document: Any) -> Iterator[tuple[str, Any]]:
    """Every (key, value) pair of every object in a JSON document, without recursion."""
    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                yield key, value
                stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)
