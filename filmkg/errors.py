"""All user-facing errors of filmkg, in one place, each with a code.

Library code raises these (`raise X(...) from e`); only the CLI and server
turn them into output (one line, exit code 2, or a JSON error body).
"""

from __future__ import annotations

from extract.errors import FilmkgError, InputError, ModelNotFound

__all__ = [
    "FilmkgError",
    "InputError",
    "ModelNotFound",
    "RdfParseError",
    "QueryError",
    "UnknownQuery",
    "OutputError",
    "ResourceMissing",
    "QueryRefused",
    "ServiceNotAllowed",
    "QueryTooLarge",
    "UpdateNotAllowed",
    "QueryTimeout",
    "RdfRefused",
    "RdfTooLarge",
    "WikidataError",
    "StoreError",
]


class RdfParseError(FilmkgError):
    """A graph file could not be parsed."""

    code = "E010"


class QueryError(FilmkgError):
    """A SPARQL query is malformed or a parameter is bad."""

    code = "E020"


class UnknownQuery(FilmkgError):
    """A query name is neither a named query, a .rq file nor SPARQL text."""

    code = "E021"


class QueryRefused(FilmkgError):
    """A query is refused before it runs (too long, nested too deep; see filmkg.guards)."""

    code = "E023"


class ServiceNotAllowed(QueryRefused):
    """A query uses SERVICE (or LOAD) but contacting other hosts was not allowed (--allow-service)."""

    code = "E022"


class QueryTooLarge(QueryRefused):
    """The query text is longer than the limit (the server answers 413)."""

    code = "E024"


class UpdateNotAllowed(QueryRefused):
    """The text is a SPARQL update (INSERT, DELETE, LOAD, DROP...); filmkg only reads."""

    code = "E025"


class QueryTimeout(QueryError):
    """The query ran past its deadline and was stopped (the server answers 503)."""

    code = "E026"


class RdfRefused(RdfParseError):
    """RDF input refused before parsing: DOCTYPE/ENTITY, remote JSON-LD context, nested too deep."""

    code = "E011"


class RdfTooLarge(RdfRefused):
    """An RDF input is larger than the limit (the server answers 413)."""

    code = "E012"


class OutputError(FilmkgError):
    """An output file cannot be written."""

    code = "E030"


class ResourceMissing(FilmkgError):
    """A file that ships with filmkg (ontology, shapes, queries, slice) is missing."""

    code = "E040"


class WikidataError(FilmkgError):
    """Wikidata could not be reached or answered nonsense (online mode only)."""

    code = "E050"


class StoreError(FilmkgError):
    """A store cannot be opened (in use, not a store, unreachable) or a store operation failed."""

    code = "E060"
