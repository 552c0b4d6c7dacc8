"""The review page: ambiguous Wikidata links, and accept/reject written as owl:sameAs decisions.

Only with `filmkg serve --allow-review`. At start the linker runs on a copy
of the served graphs (`filmkg.wikidata.link.link_graph`, bundled slice) and
keeps every entity left unlinked although it had candidates: the page shows
them with their scores and why the linker would not choose. A decision is a
POST from the page (with the page's one-time token, from a loopback address
only, so another web site cannot make the browser write) and is written
atomically to a separate decisions file, never to the input graphs: accept
is `<entity> owl:sameAs wd:Q...` (a link made by hand, which `filmkg link`
keeps), reject is `<entity> owl:differentFrom wd:Q...`. Serve the decisions
file with the graphs (`--data FILE`) to see the links.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from ipaddress import ip_address
from pathlib import Path
from urllib.parse import parse_qs

from rdflib import OWL, Graph, URIRef
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from extract.vocab import WD
from filmkg.io import as_graph, atomic_write, load_graph


@dataclass(frozen=True)
class Choice:
    qid: str
    label: str
    description: str
    score: float
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Ambiguous:
    iri: str
    label: str
    kind: str
    reason: str
    choices: tuple[Choice, ...]


class Review:
    """The ambiguous links of the served graphs and the file decisions go to."""

    def __init__(self, paths: list[Path], decisions: Path) -> None:
        from filmkg.wikidata.link import link_graph
        from filmkg.wikidata.slice import load_slice

        self.decisions = decisions
        self.token = secrets.token_urlsafe(24)
        report = link_graph(as_graph(load_graph(paths)), slice=load_slice())
        self.items = [Ambiguous(str(d.entity.node), d.entity.label, d.entity.kind, d.reason,
                                tuple(Choice(c.item.qid, c.item.label, c.item.description or "", c.shown,
                                             tuple(c.evidence)) for c in d.candidates[:5]))
                      for d in report.unlinked if d.candidates]

    def decided(self) -> dict[str, tuple[str, str]]:
        """entity IRI -> ("accepted" | "rejected", QID) for every decision written so far."""
        graph = self._load()
        found: dict[str, tuple[str, str]] = {}
        for verdict, prop in (("rejected", OWL.differentFrom), ("accepted", OWL.sameAs)):
            for s, o in graph.subject_objects(prop):
                found[str(s)] = (verdict, str(o)[len(str(WD)):])
        return found

    def _load(self) -> Graph:
        graph = Graph()
        if self.decisions.exists():
            graph.parse(self.decisions, format="turtle")
        return graph

    def write(self, iri: str, qid: str, accept: bool) -> None:
        """Record one decision (replacing an earlier one about the same pair), atomically."""
        graph = self._load()
        subject, item = URIRef(iri), WD[qid]
        graph.remove((subject, OWL.sameAs, item))
        graph.remove((subject, OWL.differentFrom, item))
        graph.add((subject, OWL.sameAs if accept else OWL.differentFrom, item))
        graph.bind("owl", OWL)
        graph.bind("wd", WD)
        atomic_write(self.decisions, graph.serialize(format="turtle", encoding="utf-8"))


def default_decisions_file(paths: list[Path]) -> Path:
    first = paths[0]
    return first.with_name(f"{first.stem}-review.ttl")


def _loopback(request: Request) -> bool:
    try:
        return request.client is not None and ip_address(request.client.host).is_loopback
    except ValueError:
        return False


async def review_page(request: Request) -> Response:
    from filmkg.web.views import page, problem

    review: Review | None = getattr(request.app.state, "review", None)
    if review is None:
        return problem(request, 404, "the review page is off; start filmkg serve with --allow-review")
    return page(request, "review.html", review=review, decided=review.decided())


async def review_decide(request: Request) -> Response:
    from filmkg.server import error, read_body

    review: Review | None = getattr(request.app.state, "review", None)
    if review is None:
        return error(404, "not_found", "the review page is off; start filmkg serve with --allow-review")
    if not _loopback(request):
        return error(403, "local_only", "decisions are taken only from this machine")
    form = parse_qs((await read_body(request, 4096)).decode("utf-8", errors="replace"))
    token, iri, qid = (form.get(k, [""])[0] for k in ("token", "iri", "qid"))
    verdict = form.get("verdict", [""])[0]
    if not secrets.compare_digest(token, review.token):
        return error(403, "bad_token", "reload the review page and decide again")
    known = {(a.iri, c.qid) for a in review.items for c in a.choices}
    if (iri, qid) not in known or verdict not in ("accept", "reject"):
        return error(400, "unknown_choice", "that entity and item are not a choice on the review page")
    review.write(iri, qid, verdict == "accept")
    return RedirectResponse("/review", status_code=303)


def review_routes() -> list[BaseRoute]:
    return [Route("/review", review_page), Route("/review/decide", review_decide, methods=["POST"])]
