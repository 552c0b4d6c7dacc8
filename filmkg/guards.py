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
  worker process (`filmkg.worker`) with them.

The tokenizer skips comments, strings, IRIs, variables, language tags and
prefixed names, so `?service`, `"LOAD"` or `ex:load` never count, and a
bracket inside a string is no nesting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from filmkg.errors import QueryRefused, ServiceNotAllowed

__all__ = ["MAX_NESTING", "MAX_QUERY_CHARS", "QueryLimits", "QueryRefused", "SPARQL_TOKEN",
           "check_query", "nesting_depth", "service_endpoints", "update_keyword"]

#: Longest query text accepted (characters); the named queries are under 3,000.
MAX_QUERY_CHARS = 100_000
#: Deepest nesting of (), {} and [] accepted; real queries stay under 15.
MAX_NESTING = 64

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


def _tokens(text: str) -> list[tuple[str, str]]:
    return [(m.lastgroup or "", m.group()) for m in SPARQL_TOKEN.finditer(text) if m.lastgroup != "comment"]


def nesting_depth(text: str) -> int:
    """The deepest nesting of brackets outside strings, IRIs and comments."""
    depth = deepest = 0
    for kind, value in _tokens(text):
        if kind != "other":
            continue
        if value in _OPEN:
            depth += 1
            deepest = max(deepest, depth)
        elif value in _CLOSE:
            depth -= 1
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

    Raises `QueryRefused` (or its subclass `ServiceNotAllowed`); returns None when the text may go
    to the parser. Cheap: the length is checked before the text is tokenized.
    """
    if len(text) > max_chars:
        raise QueryRefused(f"query is {len(text):,} characters long; the limit is {max_chars:,}")
    depth = nesting_depth(text)
    if depth > max_depth:
        raise QueryRefused(f"query nests brackets {depth} deep; the limit is {max_depth}")
    if allow_service:
        return
    endpoints = service_endpoints(text)
    if endpoints:
        raise ServiceNotAllowed(f"query uses SERVICE {endpoints[0]}, which would contact another host; "
                                "it is refused unless --allow-service is given")
    if update_keyword(text) == "LOAD":
        raise ServiceNotAllowed("LOAD would fetch a document from another host; it is refused")
