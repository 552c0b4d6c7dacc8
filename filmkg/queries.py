"""Named SPARQL queries: find them, bind parameters safely, refuse SERVICE unless allowed, run them.

A QUERY is a named query (the stem of a file in `queries/`), a path to a
`.rq` file, or SPARQL text. Each `.rq` starts with a header:

    # title: Who directed a film
    # description: Directors of every film, or of the film given.
    # param: film (string) - the film's title, exactly as its rdfs:label

Parameters are bound with pyoxigraph's `substitutions=` (SEP-0007), never by
editing the query text; the parameter must be a variable the query selects.
How a value becomes an RDF term (`to_term`): a declared type wins
(`string`: a plain xsd:string literal, compared exactly; `iri`: `<...>`, a
bare absolute IRI or a known prefixed name such as `fkg:person/x`;
`integer`, `decimal`, `date`, `year`: typed literals, checked). An
undeclared parameter (ad-hoc SPARQL) is an IRI when written `<...>` and a
plain string otherwise.

A query with a SERVICE clause would make the engine contact a remote
endpoint; it is refused before anything runs unless `allow_service=True`.
SERVICE is found by a tokenizer that skips comments, strings, IRIs,
variables and prefixed names, so `?service` or `"SERVICE"` do not count.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import Enum
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Node

from filmkg.errors import QueryError, ServiceNotAllowed, UnknownQuery
from filmkg.guards import SPARQL_TOKEN as SPARQL_TOKEN  # re-exported: filmkg.wikidata.sparql uses it
from filmkg.guards import check_query, service_endpoints
from filmkg.namespaces import PREFIXES, XSD
from filmkg.resources import queries_dir
from filmkg.store import to_oxigraph

QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples


class ParamType(str, Enum):
    STRING = "string"
    IRI = "iri"
    INTEGER = "integer"
    DECIMAL = "decimal"
    DATE = "date"
    YEAR = "year"


@dataclass(frozen=True)
class Param:
    name: str
    type: ParamType
    meaning: str


@dataclass(frozen=True)
class Query:
    """A SPARQL query with what its header says about it."""

    text: str
    name: str | None = None
    title: str = ""
    description: str = ""
    params: tuple[Param, ...] = ()
    source: str = "<query>"
    #: Extra data the query needs in the store besides the user's graphs (`# uses: wikidata-slice,
    #: ontology`); `filmkg.wikidata.sparql.add_uses` loads them.
    uses: tuple[str, ...] = ()

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


_VAR_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_HEADER = re.compile(r"^#\s*(title|description|param|uses)\s*:\s*(.*?)\s*$")
_PARAM = re.compile(r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*(?:\((?P<type>\w+)\))?\s*(?:-\s*(?P<meaning>.*))?$")
#: Update forms count as SPARQL too, so they are refused as updates (E025), not as unknown names.
_SPARQL_START = re.compile(r"^\s*(?:#[^\n]*\n\s*)*(PREFIX|BASE|SELECT|ASK|CONSTRUCT|DESCRIBE"
                           r"|INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.I)


def parse_query_text(text: str, *, name: str | None = None, source: str = "<query>") -> Query:
    """A `Query` from SPARQL text, reading the `# title/description/param` header lines."""
    title, description, params, uses = "", "", [], []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        match = _HEADER.match(stripped)
        if not match:
            continue
        key, value = match.groups()
        if key == "title":
            title = value
        elif key == "uses":
            uses += [u.strip() for u in value.split(",") if u.strip()]
        elif key == "description":
            description = f"{description} {value}".strip()
        else:
            params.append(_parse_param_line(value, source))
    return Query(text=text, name=name, title=title, description=description,
                 params=tuple(params), source=source, uses=tuple(uses))


def _parse_param_line(value: str, source: str) -> Param:
    match = _PARAM.match(value)
    if not match:
        raise QueryError(f"{source}: bad '# param:' header {value!r}; write 'name (type) - meaning'")
    type_name = (match.group("type") or "string").lower()
    try:
        ptype = ParamType(type_name)
    except ValueError as e:
        known = ", ".join(t.value for t in ParamType)
        raise QueryError(f"{source}: parameter type {type_name!r} is unknown (known: {known})") from e
    return Param(match.group("name"), ptype, (match.group("meaning") or "").strip())


def named_queries(directory: Path | None = None) -> dict[str, Query]:
    """Every named query shipped in `queries/` (or `directory`), by file stem."""
    folder = directory if directory is not None else queries_dir()
    found = {}
    for path in sorted(folder.glob("*.rq")):
        found[path.stem] = parse_query_text(path.read_text(encoding="utf-8"), name=path.stem,
                                            source=path.name)
    return found


def resolve_query(spec: str, *, directory: Path | None = None) -> Query:
    """A named query, a `.rq` file or SPARQL text, in that order; else `UnknownQuery`."""
    available = named_queries(directory)
    if spec in available:
        return available[spec]
    if _SPARQL_START.match(spec):
        return parse_query_text(spec)
    path = Path(spec)
    if spec.endswith(".rq") or path.is_file():
        if not path.is_file():
            raise UnknownQuery(f"{spec}: no such query file")
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise UnknownQuery(f"{spec}: cannot be read as a UTF-8 query file") from e
        return parse_query_text(text, name=path.stem, source=str(path))
    names = ", ".join(available) or "(none)"
    close = difflib.get_close_matches(spec, list(available), n=1)
    hint = f"did you mean {close[0]}? " if close else ""
    raise UnknownQuery(f"unknown query {spec!r}; {hint}named queries: {names} "
                       "(or give a .rq file or SPARQL)")


# --- parameters ----------------------------------------------------------------


def parse_param_args(pairs: Iterable[str]) -> dict[str, str]:
    """`["film=Anora"]` -> `{"film": "Anora"}`; the value is everything after the first `=`."""
    values: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not _VAR_NAME.fullmatch(name):
            raise QueryError(f"bad --param {pair!r}: write NAME=VALUE, NAME a SPARQL variable name")
        if name in values:
            raise QueryError(f"--param {name} is given twice")
        values[name] = value
    return values


def to_term(value: str, ptype: ParamType | None) -> Node:
    """A parameter value as an RDF term (see the module docstring for the rules)."""
    if ptype is None:
        written_as_iri = len(value) > 2 and value.startswith("<") and value.endswith(">")
        return _iri(value) if written_as_iri else Literal(value)
    if ptype is ParamType.STRING:
        return Literal(value)
    if ptype is ParamType.IRI:
        return _iri(value)
    if ptype is ParamType.INTEGER:
        text = value.strip()  # int() strips a smaller set of white space than str.strip (found by fuzzing)
        if not re.fullmatch(r"[+-]?[0-9]+", text):
            raise QueryError(f"{value!r} is not a whole number")
        return Literal(str(int(text)), datatype=XSD.integer)
    if ptype is ParamType.DECIMAL:
        try:
            number = Decimal(value.strip())
        except InvalidOperation as e:
            raise QueryError(f"{value!r} is not a number") from e
        if not number.is_finite():
            raise QueryError(f"{value!r} is not a finite number")
        return Literal(format(number, "f"), datatype=XSD.decimal)
    if ptype is ParamType.DATE:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value.strip()):
            raise QueryError(f"{value!r} is not a date; write YYYY-MM-DD")
        return Literal(value.strip(), datatype=XSD.date)
    if not re.fullmatch(r"[0-9]{4}", value.strip()):
        raise QueryError(f"{value!r} is not a year; write YYYY")
    return Literal(value.strip(), datatype=XSD.gYear)


def _iri(value: str) -> URIRef:
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    else:
        prefix, sep, local = text.partition(":")
        if sep and prefix in PREFIXES and not local.startswith("//"):
            text = PREFIXES[prefix] + local
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|^`\\]+", text):
        raise QueryError(f"{value!r} is not an IRI; write <http://...> or a prefixed name like fkg:film/x")
    return URIRef(text)


def bind_params(query: Query, values: Mapping[str, str]) -> dict[ox.Variable, object]:
    """The `substitutions=` mapping for `values`, typed by the query's header."""
    bindings: dict[ox.Variable, object] = {}
    for name, value in values.items():
        declared = query.param(name)
        if query.params and declared is None:
            known = ", ".join(p.name for p in query.params)
            raise QueryError(f"query {query.name or query.source} has no parameter {name!r} "
                             f"(it has: {known})")
        try:
            bindings[ox.Variable(name)] = to_oxigraph(to_term(value, declared.type if declared else None))
        except QueryError as e:
            raise QueryError(f"--param {name}: {e.message}") from e
        except ValueError as e:  # pyoxigraph's own IRI check is stricter than ours
            raise QueryError(f"--param {name}: {value!r} is not a valid IRI ({one_line(str(e))})") from e
    return bindings


# --- SERVICE detection ---------------------------------------------------------


def check_service(query: Query, *, allow_service: bool) -> None:
    """Raise `ServiceNotAllowed` if the query would contact a remote endpoint and that is not allowed."""
    if allow_service:
        return
    endpoints = service_endpoints(query.text)
    if endpoints:
        raise ServiceNotAllowed(f"query {query.name or query.source} uses SERVICE {endpoints[0]}; "
                                "pass --allow-service to let it contact remote endpoints")


# --- running -------------------------------------------------------------------


def run_query(store: ox.Store, query: Query, *, params: Mapping[str, str] | None = None,
              allow_service: bool = False) -> QueryResult:
    """Run `query` over the whole store (default graph = union of all graphs)."""
    check_service(query, allow_service=allow_service)
    check_query(query.text, allow_service=allow_service)
    substitutions = bind_params(query, params or {})
    try:
        return store.query(query.text, prefixes=dict(PREFIXES), use_default_graph_as_union=True,
                           substitutions=substitutions or None)  # type: ignore[arg-type]
    except SyntaxError as e:
        raise QueryError(f"{query.source}: malformed SPARQL: {one_line(str(e))}") from e
    except (RuntimeError, OSError, ValueError) as e:
        raise QueryError(f"{query.source}: {one_line(str(e))}") from e


def one_line(text: str, limit: int = 300) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 3] + "..."


def forbid_service(text: str) -> None:
    """A `QueryGuard` for the endpoint: refuse SPARQL text that uses SERVICE."""
    check_service(parse_query_text(text), allow_service=False)
