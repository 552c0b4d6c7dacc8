"""The web pages: query editor (/), entity (/entity), search (/search), document (/document), review.

Pages are Jinja2 templates with autoescaping, so every value from the data
is text, never markup; links to an IRI itself are made only for http(s)
IRIs. The only script is `static/app.js` (served by us; the CSP allows no
other), and the pages work offline: nothing is fetched from elsewhere.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import jinja2
import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from filmkg.errors import FilmkgError
from filmkg.io import read_text
from filmkg.namespaces import PREFIXES, compact_iri
from filmkg.queries import bind_params, named_queries, parse_query_text
from filmkg.server import error, parse_form, protocol_job, read_body, run_job
from filmkg.web import data
from filmkg.web.marks import highlight, mark_spans
from filmkg.web.svg import neighbourhood
from filmkg.worker import QueryFailed

HERE = Path(__file__).parent
_ENV = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True)
_ENV.globals["compact"] = compact_iri
TEMPLATES = Jinja2Templates(env=_ENV)
_DOWNLOAD = {"csv": "text/csv", "json": "application/sparql-results+json"}


def page(request: Request, name: str, status: int = 200, **context: object) -> Response:
    context.setdefault("allow_review", request.app.state.config.allow_review)
    return TEMPLATES.TemplateResponse(request, name, context, status_code=status)


def problem(request: Request, status: int, message: str) -> Response:
    return page(request, "problem.html", status=status, message=message)


def _iri_param(request: Request) -> str | None:
    iri = request.query_params.get("iri", "")
    try:
        ox.NamedNode(iri)
    except ValueError:
        return None
    return iri


async def query_page(request: Request) -> Response:
    examples = [{"name": name, "title": q.title or name, "description": q.description, "text": q.text,
                 "params": [{"name": p.name, "type": p.type.value, "meaning": p.meaning} for p in q.params]}
                for name, q in named_queries().items()]
    return page(request, "query.html", examples=examples, prefixes=PREFIXES)


async def api_query(request: Request) -> Response:
    """The editor's runs and downloads: a query, its `param.NAME` values bound as terms, results."""
    config = request.app.state.config
    try:
        form = parse_form(request.url.query)
        if request.method == "POST":
            body = await read_body(request, config.max_body)
            for key, given in parse_form(body.decode("utf-8", errors="replace")).items():
                form.setdefault(key, []).extend(given)
        text = form.get("query", [""])[0]
        values = {k[len("param."):]: v[0] for k, v in form.items() if k.startswith("param.") and v[0].strip()}
        fmt = form.get("format", [""])[0]
        job = protocol_job({"query": [text]}, _DOWNLOAD.get(fmt, "application/sparql-results+json"), config)
        assert job is not None
        bound = bind_params(parse_query_text(text), values)
    except QueryFailed as e:
        return error(e.status, e.code, e.message)
    except FilmkgError as e:
        return error(400, e.code, e.message)
    job.substitutions.update({var.value: term for var, term in bound.items()})
    response = await run_job(request, job)
    if fmt in _DOWNLOAD and response.status_code == 200:
        response.headers["Content-Disposition"] = f'attachment; filename="results.{fmt}"'
    return response


async def entity_page(request: Request) -> Response:
    iri = _iri_param(request)
    if iri is None:
        return problem(request, 400, "give an entity IRI: /entity?iri=...")
    try:
        found = await data.entity(data.selector(request.app.state.pool), iri)
    except QueryFailed as e:
        return problem(request, e.status, e.message)
    if found is None:
        return problem(request, 404, f"the graph says nothing about {iri}")
    for facts in found.facts.values():
        for f in facts:
            for ev in f.evidence:
                ev.segments = highlight(ev.sentence, {found.label: "this entity", f.label: f.prop.short})
    main, equivalents = {}, {}
    for prop, facts in found.facts.items():
        copies = [f for f in facts if f.inferred and f.value.value.startswith(PREFIXES["wd"])]
        kept = [f for f in facts if f not in copies]
        if kept and not _only_equivalent(prop, kept):
            main[prop] = kept
            if copies:
                equivalents[prop] = copies
        else:
            equivalents[prop] = facts
    return page(request, "entity.html", e=found, main=main, equivalents=equivalents,
                 picture=neighbourhood(found.label, _neighbours(found)))


def _only_equivalent(prop: str, facts: list[data.Fact]) -> bool:
    """Inferred copies of facts under the aligned schema.org / Wikidata properties (shown folded)."""
    return all(f.inferred for f in facts) and not prop.startswith("film:")


def _neighbours(found: data.Entity) -> list[tuple[str, str, str, bool]]:
    """One node per neighbouring entity (asserted facts both ways), its relations joined."""
    seen: dict[str, tuple[str, list[str], bool]] = {}
    for facts in found.facts.values():
        for f in facts:
            if f.value.is_iri and not f.inferred and f.prop.short not in ("rdf:type", "owl:sameAs"):
                seen.setdefault(f.value.value, (f.label, [], True))[1].append(f.prop.short)
    for f in found.incoming:
        seen.setdefault(f.value.value, (f.label, [], False))[1].append(f.prop.short)
    return [(label, _entity_href(iri), props[0] + (f" +{len(props) - 1}" if len(props) > 1 else ""), out)
            for iri, (label, props, out) in seen.items() if iri != found.iri]


def _entity_href(iri: str) -> str:
    return "/entity?iri=" + quote(iri, safe="")


async def search_page(request: Request) -> Response:
    text = request.query_params.get("q", "").strip()[:200]
    select = data.selector(request.app.state.pool)
    try:
        hits = await data.search(select, text) if text else []
        docs = await data.documents(select) if not text else []
    except QueryFailed as e:
        return problem(request, e.status, e.message)
    return page(request, "search.html", q=text, hits=hits, docs=docs)


async def document_page(request: Request) -> Response:
    iri = _iri_param(request)
    if iri is None:
        return problem(request, 400, "give a document IRI: /document?iri=...")
    try:
        ident, source, rows = await data.document_facts(data.selector(request.app.state.pool), iri)
    except QueryFailed as e:
        return problem(request, e.status, e.message)
    if not rows:
        return problem(request, 404, f"no facts were read from {iri}")
    sentences: dict[str, dict] = {}
    for r in rows:
        entry = sentences.setdefault(r["sentence"].value, {"start": r["start"].value if "start" in r else "",
                                                           "end": r["end"].value if "end" in r else "",
                                                           "marks": {}, "facts": []})
        subject = r["sl"].value if "sl" in r else r["s"].short
        obj = r["ol"].value if "ol" in r else r["o"].short
        entry["marks"].setdefault(subject, f"subject of {r['p'].short}")
        entry["marks"].setdefault(obj, f"{subject} {r['p'].short}")
        entry["facts"].append((subject, r["s"].value, r["p"].short, obj, r["o"]))
    shown = [{"start": v["start"], "segments": highlight(text, v["marks"]), "facts": v["facts"]}
             for text, v in sentences.items()]
    text = _source_text(request.app.state.config.texts, source)
    spans = [(int(v["start"]), int(v["end"]), sentence, v["marks"]) for sentence, v in sentences.items()
             if str(v["start"]).isdigit() and str(v["end"]).isdigit()]
    full = mark_spans(text, spans) if text and len(spans) == len(sentences) else None
    return page(request, "document.html", ident=ident, iri=iri, sentences=shown, count=len(rows),
                full=full, source=source)


def _source_text(folders: tuple[Path, ...], source: str) -> str:
    """The document's text from a `--texts` folder (its file name only: no path from the data)."""
    name = Path(source).name
    for folder in folders:
        path = folder / name
        if name and path.is_file():
            try:
                return read_text(path).text
            except FilmkgError:
                return ""
    return ""


def web_routes() -> list[BaseRoute]:
    from filmkg.web.review import review_routes

    return [*review_routes(), Route("/", query_page), Route("/api/query", api_query, methods=["GET", "POST"]),
            Route("/entity", entity_page), Route("/search", search_page), Route("/document", document_page),
            Mount("/static", StaticFiles(directory=HERE / "static"), name="static")]
