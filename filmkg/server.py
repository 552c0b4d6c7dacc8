"""The filmkg web service: a strict, bounded SPARQL 1.1 Protocol endpoint plus the web pages.

An ASGI application (Starlette) served by uvicorn. `/sparql` (alias
`/query`) speaks the SPARQL 1.1 Protocol: GET with `query=`, POST with
`application/sparql-query` or a form, `default-graph-uri`/`named-graph-uri`,
results negotiated from Accept (see `filmkg.protocol`), and the service
description (Turtle) when no query is given. The service is read-only:
updates are refused with 403, SERVICE and LOAD with 400 unless
`allow_service`. Every query passes `filmkg.guards.check_query` and then runs
in a worker process (`filmkg.worker`) under a deadline, a row cap and a
memory budget. Bodies over `max_body` get 413, more concurrent queries than
the pool takes get 429 with Retry-After. Errors are one JSON shape:
`{"error": {"code": ..., "message": ...}}`. Every response carries a strict
Content-Security-Policy.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from filmkg.errors import QueryRefused, QueryTooLarge, UpdateNotAllowed
from filmkg.guards import QueryLimits, check_query, update_keyword
from filmkg.namespaces import PREFIXES
from filmkg.protocol import GRAPH_TYPES, negotiate
from filmkg.worker import Job, QueryFailed, WorkerPool

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
MAX_BODY_BYTES = 1024 * 1024
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
_METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]


@dataclass
class ServiceConfig:
    """What `filmkg serve` was told: bounds, workers and the opt-in features."""

    limits: QueryLimits = field(default_factory=QueryLimits)
    workers: int = 2
    max_waiting: int = 8
    max_body: int = MAX_BODY_BYTES
    allow_service: bool = False
    allow_review: bool = False
    title: str = "filmkg"
    triples: int = 0
    data_files: tuple[Path, ...] = ()
    review_file: Path | None = None
    texts: tuple[Path, ...] = ()


def error(status: int, code: str, message: str, retry_after: int | None = None) -> JSONResponse:
    headers = {"Retry-After": str(retry_after)} if retry_after else None
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=headers)


class SecurityHeaders:
    """Adds the CSP and no-sniff headers to every response (pages, results, errors)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(b"content-security-policy", CSP.encode()),
                            (b"x-content-type-options", b"nosniff"),
                            (b"referrer-policy", b"no-referrer")]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, or QueryFailed(413) past `limit` bytes (the rest is drained, not kept)."""
    declared = request.headers.get("content-length", "")
    too_big = declared.isdigit() and int(declared) > limit
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            too_big = True
        elif not too_big:
            chunks.append(chunk)
        if size > 16 * limit:
            break
    if too_big:
        raise QueryFailed(413, "too_large", f"the request body is over {limit:,} bytes")
    return b"".join(chunks)


def parse_form(text: str) -> dict[str, list[str]]:
    try:
        return parse_qs(text, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError as e:
        raise QueryFailed(400, "bad_encoding", "the parameters are not UTF-8") from e


async def _protocol_params(request: Request, config: ServiceConfig) -> dict[str, list[str]]:
    """The protocol parameters of the request (query, update, graph URIs), strictly checked."""
    params = parse_form(request.url.query)
    if request.method in ("GET", "HEAD"):
        return params
    if request.method != "POST":
        raise QueryFailed(405, "method_not_allowed", "use GET or POST")
    media, _, rest = request.headers.get("content-type", "").partition(";")
    media = media.strip().lower()
    charset = rest.strip().lower().removeprefix("charset=").strip('"') if "charset=" in rest.lower() else ""
    if charset and charset not in ("utf-8", "utf8"):
        raise QueryFailed(415, "unsupported_charset", f"the body must be UTF-8, not {charset}")
    if media == "application/sparql-update":
        raise QueryFailed(403, "read_only", "this endpoint is read-only: updates are refused")
    if media not in ("application/sparql-query", "application/x-www-form-urlencoded"):
        raise QueryFailed(415, "unsupported_media_type",
                          "send application/sparql-query or application/x-www-form-urlencoded")
    body = await read_body(request, config.max_body)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as e:
        raise QueryFailed(400, "bad_encoding", "the request body is not UTF-8") from e
    if media == "application/sparql-query":
        if "query" in params or "update" in params:
            raise QueryFailed(400, "two_queries", "give the query in the body or in the URL, not both")
        params["query"] = [text]
        return params
    form = parse_form(text)
    for key, values in form.items():
        params.setdefault(key, []).extend(values)
    return params


def protocol_job(params: dict[str, list[str]], accept: str | None, config: ServiceConfig) -> Job | None:
    """The job a protocol request asks for; None when it asks for the service description."""
    if "update" in params:
        raise QueryFailed(403, "read_only", "this endpoint is read-only: updates are refused")
    queries = params.get("query", [])
    if not queries:
        return None
    if len(queries) > 1:
        raise QueryFailed(400, "two_queries", "give exactly one query parameter")
    text = queries[0]
    if not text.strip():
        raise QueryFailed(400, "missing_query", "the query is empty")
    if update_keyword(text) not in (None, "LOAD"):
        raise QueryFailed(403, "read_only", f"this endpoint is read-only: {update_keyword(text)} is refused")
    try:
        check_query(text, allow_service=config.allow_service)
    except QueryRefused as e:
        status = 413 if isinstance(e, QueryTooLarge) else 403 if isinstance(e, UpdateNotAllowed) else 400
        raise QueryFailed(status, e.code, e.message) from e
    graphs = {}
    for key in ("default-graph-uri", "named-graph-uri"):
        graphs[key] = tuple(params.get(key, []))
        if any(not g.startswith(("http://", "https://", "urn:")) for g in graphs[key]):
            raise QueryFailed(400, "bad_graph_uri", f"{key} must be an absolute IRI")
    return Job(text, accept, graphs["default-graph-uri"], graphs["named-graph-uri"], dict(PREFIXES))


async def run_job(request: Request, job: Job) -> Response:
    """Run a job on the pool and answer with its result or its error."""
    pool: WorkerPool = request.app.state.pool
    try:
        result = await pool.run(job)
    except QueryFailed as e:
        return error(e.status, e.code, e.message, e.retry_after)
    textual = result.media_type.startswith("text/") or "json" in result.media_type
    charset = "; charset=utf-8" if textual else ""
    headers = {"Filmkg-Rows": str(result.rows), "Filmkg-Truncated": str(result.truncated).lower(),
               "Access-Control-Allow-Origin": "*", "Vary": "Accept"}
    if result.truncated:
        limit = pool.limits.max_rows
        headers["Filmkg-Warning"] = f"result cut off at {limit} rows (--max-rows)"
    return Response(result.body, media_type=result.media_type + charset, headers=headers)


async def sparql_endpoint(request: Request) -> Response:
    config: ServiceConfig = request.app.state.config
    if request.method == "OPTIONS":  # CORS preflight: the endpoint is read-only, any origin may query
        return Response(status_code=204, headers={
            "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "GET, HEAD, POST",
            "Access-Control-Allow-Headers": "Content-Type, Accept", "Access-Control-Max-Age": "600",
            "Allow": "GET, HEAD, POST, OPTIONS"})
    accept = request.headers.get("accept")
    try:
        job = protocol_job(await _protocol_params(request, config), accept, config)
    except QueryFailed as e:
        response = error(e.status, e.code, e.message, e.retry_after)
        if e.status == 405:
            response.headers["Allow"] = "GET, HEAD, POST"
        return response
    if job is None:
        if request.method == "POST":
            return error(400, "missing_query", "give exactly one query parameter")
        if negotiate(accept, ("text/html", *GRAPH_TYPES)) == "text/html":
            return RedirectResponse("/", status_code=303)
        return service_description(request, accept, config)
    return await run_job(request, job)


def service_description(request: Request, accept: str | None, config: ServiceConfig) -> Response:
    """The SPARQL 1.1 Service Description of this endpoint, in Turtle (or N-Triples)."""
    media = negotiate(accept, ("text/turtle", "application/n-triples"))
    if media is None:
        return error(406, "not_acceptable", "the service description comes as text/turtle")
    url = str(request.url.replace(query=""))
    formats = ["SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
               "Turtle", "N-Triples", "JSON-LD", "RDF_XML"]
    lines = ["@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .",
             "@prefix fmt: <http://www.w3.org/ns/formats/> .", "",
             "[] a sd:Service ;", f"  sd:endpoint <{url}> ;",
             "  sd:supportedLanguage sd:SPARQL11Query ;",
             "  sd:feature sd:UnionDefaultGraph, sd:BasicFederatedQuery ;" if config.allow_service
             else "  sd:feature sd:UnionDefaultGraph ;",
             "  sd:resultFormat " + ", ".join(f"fmt:{f}" for f in formats) + " ."]
    body = "\n".join(lines) + "\n"
    if media == "application/n-triples":
        import pyoxigraph as ox

        triples = [q.triple for q in ox.parse(body.encode(), format=ox.RdfFormat.TURTLE)]
        return Response(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), media_type=media)
    return Response(body, media_type="text/turtle; charset=utf-8")


async def health(request: Request) -> Response:
    pool: WorkerPool = request.app.state.pool
    return JSONResponse({"status": "ok", "workers": pool.size, "replaced": pool.replaced,
                         "triples": request.app.state.config.triples})


def create_app(data: bytes | Path, config: ServiceConfig | None = None) -> Starlette:
    """The ASGI app over `data`: N-Quads bytes every worker loads, or an Oxigraph store directory
    every worker opens read-only."""
    from filmkg.web.views import web_routes

    cfg = config or ServiceConfig()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        pool = WorkerPool(data, cfg.limits, size=cfg.workers, max_waiting=cfg.max_waiting)
        await pool.start()
        app.state.pool = pool
        try:
            yield
        finally:
            await pool.stop()

    async def not_found(request: Request, exc: Exception) -> Response:
        return error(404, "not_found", f"no resource at {request.url.path}")

    routes = [Route("/sparql", sparql_endpoint, methods=_METHODS),
              Route("/query", sparql_endpoint, methods=_METHODS),
              Route("/health", health), *web_routes()]
    app = Starlette(routes=routes, lifespan=lifespan, middleware=[Middleware(SecurityHeaders)],
                    exception_handlers={404: not_found})
    app.state.config = cfg
    if cfg.allow_review:
        from filmkg.web.review import Review, default_decisions_file

        paths = list(cfg.data_files)
        app.state.review = Review(paths, cfg.review_file or default_decisions_file(paths))
    return app
