"""A read-only SPARQL 1.1 Protocol endpoint over a pyoxigraph store.

`GET /query?query=...`, `POST /query` with `application/sparql-query` or
form-encoded `query=...`; results negotiated from the Accept header (SPARQL
JSON by default; XML, CSV, TSV; Turtle or N-Triples for CONSTRUCT/DESCRIBE).
Errors are one JSON shape: `{"error": {"code": ..., "message": ...}}`, with
400 for a bad query, 406 for an unsatisfiable Accept, 415 for a body of the
wrong media type. Binds 127.0.0.1 by default and never imports spaCy, so it
starts fast. Updates are refused: the store is served read-only.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from filmkg.errors import FilmkgError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
MAX_BODY_BYTES = 1024 * 1024

_SOLUTION_TYPES: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
_GRAPH_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}

#: Raises (e.g. ServiceNotAllowed) when a query must not run; see filmkg.queries.
QueryGuard = Callable[[str], None]


def _accepted(header: str | None, offered: dict) -> str | None:
    """The first offered media type the Accept header admits, by q-value order."""
    if not header:
        return next(iter(offered))
    ranges: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        quality = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    quality = float(f[2:])
                except ValueError:
                    quality = 0.0
        ranges.append((-quality, index, fields[0].lower()))
    for neg_q, _, media in sorted(ranges):
        if neg_q == 0:
            continue
        if media == "*/*":
            return next(iter(offered))
        if media.endswith("/*"):
            match = next((m for m in offered if m.startswith(media[:-1])), None)
            if match:
                return match
        elif media in offered:
            return media
    return None


class SparqlHandler(BaseHTTPRequestHandler):
    """One request: read the query, run it on the server's store, write the negotiated result."""

    server: SparqlServer
    server_version = "filmkg-sparql/0.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        if self.server.verbose:
            super().log_message(format, *args)

    def _send(self, status: int, body: bytes, media_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: HTTPStatus, code: str, message: str) -> None:
        body = json.dumps({"error": {"code": code, "message": message}}).encode()
        self._send(status, body, "application/json")

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path == "/":
            info = {"service": "filmkg SPARQL endpoint", "query": "/query", "read_only": True,
                    "triples": len(self.server.store)}
            self._send(HTTPStatus.OK, json.dumps(info).encode(), "application/json")
            return
        if url.path != "/query":
            self._error(HTTPStatus.NOT_FOUND, "not_found", f"no resource at {url.path}; use /query")
            return
        queries = parse_qs(url.query).get("query", [])
        self._answer(queries)

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if url.path != "/query":
            self._error(HTTPStatus.NOT_FOUND, "not_found", f"no resource at {url.path}; use /query")
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY_BYTES:
            self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "too_large", "query body over 1 MiB")
            return
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if media == "application/sparql-query":
            self._answer([body])
        elif media == "application/x-www-form-urlencoded":
            form = parse_qs(body)
            if "update" in form:
                self._error(HTTPStatus.FORBIDDEN, "read_only", "this endpoint is read-only")
                return
            self._answer(form.get("query", []))
        elif media == "application/sparql-update":
            self._error(HTTPStatus.FORBIDDEN, "read_only", "this endpoint is read-only")
        else:
            self._error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                        "send application/sparql-query or application/x-www-form-urlencoded")

    def _answer(self, queries: list[str]) -> None:
        if len(queries) != 1 or not queries[0].strip():
            self._error(HTTPStatus.BAD_REQUEST, "missing_query", "give exactly one query parameter")
            return
        query = queries[0]
        try:
            if self.server.guard:
                self.server.guard(query)
            result = self.server.store.query(query, use_default_graph_as_union=True)
        except FilmkgError as e:
            self._error(HTTPStatus.BAD_REQUEST, e.code, e.message)
            return
        except (SyntaxError, ValueError) as e:
            message = (str(e).splitlines() or ["syntax error"])[0][:500]
            self._error(HTTPStatus.BAD_REQUEST, "bad_query", message)
            return
        except OSError as e:  # a SERVICE call that failed
            self._error(HTTPStatus.BAD_GATEWAY, "service_failed", str(e)[:500])
            return
        self._write_result(result)

    def _write_result(self, result: object) -> None:
        accept = self.headers.get("Accept")
        if isinstance(result, ox.QueryTriples):
            media = _accepted(accept, _GRAPH_TYPES)
            if media is None:
                self._error(HTTPStatus.NOT_ACCEPTABLE, "not_acceptable",
                            f"graph results come as {', '.join(_GRAPH_TYPES)}")
                return
            body = result.serialize(format=_GRAPH_TYPES[media])
        else:
            media = _accepted(accept, _SOLUTION_TYPES)
            if media is None:
                self._error(HTTPStatus.NOT_ACCEPTABLE, "not_acceptable",
                            f"results come as {', '.join(_SOLUTION_TYPES)}")
                return
            body = result.serialize(format=_SOLUTION_TYPES[media])  # type: ignore[attr-defined]
        charset = "; charset=utf-8" if media.startswith("text/") or "json" in media else ""
        self._send(HTTPStatus.OK, body or b"", media + charset)

    do_HEAD = do_GET


class SparqlServer(ThreadingHTTPServer):
    """An HTTP server bound to one store; `guard` vets each query before it runs."""

    daemon_threads = True

    def __init__(self, store: ox.Store, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                 guard: QueryGuard | None = None, verbose: bool = False) -> None:
        super().__init__((host, port), SparqlHandler)
        self.store = store
        self.guard = guard
        self.verbose = verbose

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}/query"


def serve_in_thread(server: SparqlServer) -> threading.Thread:
    """Start serving in a daemon thread (for tests and embedding); stop with server.shutdown()."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return thread
