"""SPARQL 1.1 Protocol results: media-type negotiation and serialisation with a row cap.

Runs inside the query worker (`filmkg.worker`), so it imports only pyoxigraph.
Results are read up to `max_rows` and one more: when there are more, the
answer is marked truncated (the server says so in a header and, for SPARQL
JSON, in a `"filmkg": {"truncated": true}` member that standard clients
ignore). SELECT results are serialised here rather than by pyoxigraph
because a cut-off list of solutions can no longer be handed back to it;
CONSTRUCT/DESCRIBE triples go through `pyoxigraph.serialize`.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

#: What SELECT/ASK answers come as; the first is the default.
SOLUTION_TYPES = ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                  "text/tab-separated-values", "application/json", "application/xml")
#: What CONSTRUCT/DESCRIBE answers come as; RDF/XML is what rdflib's SPARQLStore asks for.
GRAPH_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-quads": ox.RdfFormat.N_QUADS,
}


@dataclass(frozen=True)
class Result:
    """A serialised answer: body, its media type, rows written and whether more were cut off."""

    body: bytes
    media_type: str
    rows: int
    truncated: bool


class NotAcceptable(Exception):
    """No offered media type satisfies the Accept header."""


def negotiate(header: str | None, offered: tuple[str, ...]) -> str | None:
    """The offered media type the Accept header prefers (q-values, then order), or None."""
    if not header or not header.strip():
        return offered[0]
    ranges: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        quality = 1.0
        for f in fields[1:]:
            if f.replace(" ", "").startswith("q="):
                try:
                    quality = float(f.split("=", 1)[1])
                except ValueError:
                    quality = 0.0
        if fields[0]:
            ranges.append((-quality, index, fields[0].lower()))
    for neg_q, _, media in sorted(ranges):
        if neg_q == 0:
            continue
        if media in ("*/*", "*"):
            return offered[0]
        if media.endswith("/*"):
            match = next((m for m in offered if m.startswith(media[:-1])), None)
            if match:
                return match
        elif media in offered:
            return media
    return None


def serialize(result: object, accept: str | None, max_rows: int) -> Result:
    """The query result as the media type `accept` prefers, at most `max_rows` rows or triples."""
    if isinstance(result, ox.QueryTriples):
        media = negotiate(accept, tuple(GRAPH_TYPES))
        if media is None:
            raise NotAcceptable("graph results come as " + ", ".join(GRAPH_TYPES))
        triples = list(itertools.islice(result, max_rows + 1))
        cut = len(triples) > max_rows
        body = ox.serialize(triples[:max_rows], format=GRAPH_TYPES[media]) or b""
        return Result(body, media, min(len(triples), max_rows), cut)
    media = negotiate(accept, SOLUTION_TYPES)
    if media is None:
        raise NotAcceptable("results come as " + ", ".join(SOLUTION_TYPES))
    if isinstance(result, ox.QueryBoolean):
        return Result(_boolean(bool(result), media), media, 1, False)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    rows = [[solution[name] for name in names] for solution in itertools.islice(result, max_rows + 1)]
    cut = len(rows) > max_rows
    rows = rows[:max_rows]
    writer = {"text/csv": _csv, "text/tab-separated-values": _tsv,
              "application/sparql-results+xml": _xml, "application/xml": _xml}.get(media, _json)
    return Result(writer(names, rows, cut), media, len(rows), cut)


def _boolean(value: bool, media: str) -> bytes:
    if "xml" in media:
        return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{str(value).lower()}</boolean></sparql>\n").encode()
    if media in ("text/csv", "text/tab-separated-values"):
        return b"_askResult\n" + str(value).lower().encode() + b"\n"
    return json.dumps({"head": {}, "boolean": value}).encode()


def _json_term(term: object) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


def _json(names: list[str], rows: list[list[object]], cut: bool) -> bytes:
    bindings = [{n: _json_term(t) for n, t in zip(names, row, strict=True) if t is not None} for row in rows]
    doc: dict[str, object] = {"head": {"vars": names}, "results": {"bindings": bindings}}
    if cut:
        doc["filmkg"] = {"truncated": True, "rows": len(rows)}
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def _xml_term(term: object) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def _xml(names: list[str], rows: list[list[object]], cut: bool) -> bytes:
    out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
    out += [f"<variable name={quoteattr(n)}/>" for n in names]
    out.append("</head><results>")
    for row in rows:
        out.append("<result>")
        out += [f"<binding name={quoteattr(n)}>{_xml_term(t)}</binding>"
                for n, t in zip(names, row, strict=True) if t is not None]
        out.append("</result>")
    out.append("</results></sparql>\n")
    return "".join(out).encode("utf-8")


def _csv(names: list[str], rows: list[list[object]], cut: bool) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([_csv_cell(t) for t in row])
    return buffer.getvalue().encode("utf-8")


def _csv_cell(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value if isinstance(term, ox.NamedNode | ox.Literal) else str(term)


def _tsv(names: list[str], rows: list[list[object]], cut: bool) -> bytes:
    lines = ["\t".join(f"?{n}" for n in names)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")
