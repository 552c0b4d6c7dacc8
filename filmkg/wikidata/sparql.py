"""Running queries with Wikidata: the slice and ontology in the store, SERVICE endpoint overrides.

A query's `# uses:` header names what it needs besides the user's graphs:
`wikidata-slice` (the bundled slice, in its own named graph) and `ontology`
(ontology/film.ttl, for the owl:equivalentProperty alignment to wdt:).

`--service-endpoint FROM=TO` sends a query's `SERVICE <FROM>` to TO instead
(a mirror, or a local `oxigraph serve` in tests). The IRI token after SERVICE
is replaced, found by the same tokenizer that detects SERVICE; nothing else of
the query text is touched.
"""

from __future__ import annotations

import dataclasses
import gzip
import re
from collections.abc import Iterable, Mapping

import pyoxigraph as ox

from filmkg.errors import QueryError
from filmkg.queries import SPARQL_TOKEN, Query  # the tokenizer that also finds SERVICE
from filmkg.resources import ontology_file
from filmkg.wikidata.slice import SLICE_IRI, slice_ntriples

KNOWN_USES = ("wikidata-slice", "ontology")
ONTOLOGY_GRAPH = "https://w3id.org/filmkg/id/graph/ontology"


def add_uses(store: ox.Store, uses: Iterable[str]) -> None:
    """Load what a query declares it uses into `store` (each in its own named graph)."""
    for use in uses:
        if use == "wikidata-slice":
            add_slice(store)
        elif use == "ontology":
            store.load(path=str(ontology_file()), format=ox.RdfFormat.TURTLE,
                       to_graph=ox.NamedNode(ONTOLOGY_GRAPH))
        else:
            raise QueryError(f"'# uses: {use}' is unknown; known: {', '.join(KNOWN_USES)}")


def add_slice(store: ox.Store) -> None:
    """The bundled Wikidata slice, in the named graph <SLICE_IRI>."""
    with gzip.open(slice_ntriples(), "rb") as handle:
        store.bulk_load(handle.read(), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(SLICE_IRI))


def parse_endpoint_overrides(pairs: Iterable[str]) -> dict[str, str]:
    """`["https://query.wikidata.org/sparql=http://127.0.0.1:7878/query"]` -> {from: to}."""
    found: dict[str, str] = {}
    for pair in pairs:
        source, sep, target = pair.partition("=")
        if not sep or not source.startswith(("http://", "https://")) \
                or not target.startswith(("http://", "https://")):
            raise QueryError(f"bad --service-endpoint {pair!r}: write FROM_URL=TO_URL")
        found[source.strip("<>")] = target.strip("<>")
    return found


def redirect_services(text: str, overrides: Mapping[str, str]) -> str:
    """The query text with each `SERVICE [SILENT] <FROM>` pointing at its override."""
    if not overrides:
        return text
    pieces, last, expect_iri = [], 0, False
    for match in SPARQL_TOKEN.finditer(text):
        kind, value = match.lastgroup, match.group()
        if kind == "comment":
            continue
        if kind == "word" and value.upper() == "SERVICE":
            expect_iri = True
            continue
        if expect_iri and kind == "word" and value.upper() == "SILENT":
            continue
        if expect_iri and kind == "iri" and value[1:-1] in overrides:
            pieces.append(text[last:match.start()])
            pieces.append(f"<{overrides[value[1:-1]]}>")
            last = match.end()
        expect_iri = False
    pieces.append(text[last:])
    return "".join(pieces)


_SERVICE_VALUES = re.compile(r"^#\s*service-values\s*:\s*\??([A-Za-z_]\w*)\s*$", re.M)
_QID_IRI = re.compile(r"http://www\.wikidata\.org/entity/Q[1-9]\d*")


def service_values_variable(text: str) -> str | None:
    """The variable a query's `# service-values: item` header names, if any."""
    match = _SERVICE_VALUES.search(text)
    return match.group(1) if match else None


def linked_items(store: ox.Store) -> list[str]:
    """The Wikidata items the graphs in `store` link to with owl:sameAs, sorted."""
    found = {str(q.object.value) for q in store.quads_for_pattern(None, _SAME_AS, None)
             if isinstance(q.object, ox.NamedNode)}
    return sorted(i for i in found if _QID_IRI.fullmatch(i))


def bind_service_values(text: str, variable: str, items: Iterable[str]) -> str:
    """Put `VALUES ?variable { <item> ... }` first inside every SERVICE block (a bind join).

    The items are IRIs taken from the store and checked against the wd:Q... form, so the
    inserted text can only ever be a list of Wikidata item IRIs.
    """
    iris = [i for i in items if _QID_IRI.fullmatch(i)]
    values = f" VALUES ?{variable} {{ {' '.join(f'<{i}>' for i in iris)} }} "
    pieces, last, state = [], 0, 0  # 0 outside, 1 after SERVICE (waiting for its "{")
    for match in SPARQL_TOKEN.finditer(text):
        kind, value = match.lastgroup, match.group()
        if kind == "comment":
            continue
        if kind == "word" and value.upper() == "SERVICE":
            state = 1
        elif state == 1 and kind == "other" and value == "{":
            pieces.append(text[last:match.end()])
            pieces.append(values)
            last, state = match.end(), 0
    pieces.append(text[last:])
    return "".join(pieces)


_SAME_AS = ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs")


def prepare(store: ox.Store, query: Query, *, with_wikidata: bool = False,
            overrides: Iterable[str] = ()) -> Query:
    """Load what the query uses (slice, ontology) into `store`; redirect and bind its SERVICE blocks."""
    uses = list(query.uses)
    if with_wikidata and "wikidata-slice" not in uses:
        uses.append("wikidata-slice")
    add_uses(store, uses)
    text = redirect_services(query.text, parse_endpoint_overrides(overrides))
    if variable := service_values_variable(text):
        text = bind_service_values(text, variable, linked_items(store))
    return dataclasses.replace(query, text=text)
