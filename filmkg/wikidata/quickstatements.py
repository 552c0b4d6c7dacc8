"""Giving back: extracted facts Wikidata lacks, as QuickStatements V1 commands to review and upload.

One command per fact, tab-separated, as QuickStatements V1 wants it:

    Q188000<TAB>P57<TAB>Q55422<TAB>S854<TAB>"https://example.org/a"<TAB>S1683<TAB>en:"Crash is a ..."

- the subject must be linked (owl:sameAs wd:Q...); the value is a linked item, a date
  (`+2024-05-21T00:00:00Z/11`, `/10` month, `/9` year) or an amount (`6000000U4917`, the
  currency's item found in the slice by its ISO code);
- a fact whose statement the slice already has is left out; unlinked objects are left out;
- each command carries its source: S854 (reference URL) when the document has an http(s)
  address, else S1476 (title) with the document's title or id; and S1683 (quotation) with
  the sentence, as English monolingual text. QuickStatements V1 has no escape for a double
  quote inside a string, so `"` in a sentence becomes `'`; tabs and newlines become spaces;
  texts are cut at 1,500 characters, Wikidata's limit for strings.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from extract.vocab import FILM, PID_BY_PROPERTY, PROV, SCHEMA, WD
from filmkg.wikidata.slice import Slice

MAX_TEXT = 1500
_QID = re.compile(r"Q[1-9]\d*")
_DATE_PRECISION = {XSD.date: 11, XSD.gYearMonth: 10, XSD.gYear: 9}
_URL_PROPERTIES = (FILM.sourcePath, DCTERMS.source, SCHEMA.url, PROV.hadPrimarySource)


@dataclass
class QuickStatements:
    """The commands (sorted, one per fact) and how many facts were left out, by reason."""

    commands: list[str] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)

    def text(self) -> str:
        return "".join(line + "\n" for line in self.commands)


def _qid(graph: Graph, node: Node) -> str | None:
    """The one Wikidata item a node is linked to (None if none, or several)."""
    items = {str(o)[len(str(WD)):] for o in graph.objects(node, OWL.sameAs)
             if str(o).startswith(str(WD))}
    items = {q for q in items if _QID.fullmatch(q)}
    return items.pop() if len(items) == 1 else None


def _string(text: str) -> str:
    clean = " ".join(text.replace('"', "'").split())
    if len(clean) > MAX_TEXT:
        clean = clean[: MAX_TEXT - 1] + "\u2026"
    return f'"{clean}"'


def date_value(literal: Literal) -> str | None:
    """An xsd:date / gYearMonth / gYear literal as a QuickStatements time value."""
    precision = _DATE_PRECISION.get(literal.datatype)  # type: ignore[arg-type]
    match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", str(literal))
    if precision is None or match is None:
        return None
    year, month, day = match.group(1), match.group(2) or "00", match.group(3) or "00"
    return f"+{year}-{month}-{day}T00:00:00Z/{precision}"


def currency_item(code: str, slice_: Slice) -> str | None:
    """The item of a currency from its ISO 4217 code, when the slice knows exactly one."""
    found = {q for q, _ in slice_.lookup(code)
             if "currency" in (slice_.entities[q].get("d") or "").lower()}
    return found.pop() if len(found) == 1 else None


def _value(graph: Graph, obj: Node, slice_: Slice) -> tuple[str | None, str]:
    """The QuickStatements value of an object, or None and why not."""
    if isinstance(obj, Literal):
        value = date_value(obj)
        return (value, "") if value else (None, "literal of an unsupported type")
    if (obj, RDF.type, FILM.MonetaryAmount) in graph:
        amount, code = graph.value(obj, FILM.amount), graph.value(obj, FILM.currency)
        unit = currency_item(str(code), slice_) if code is not None else None
        if amount is None or unit is None:
            return None, "amount in a currency the slice does not know"
        return f"{format(Decimal(str(amount)).normalize(), 'f')}U{unit[1:]}", ""
    qid = _qid(graph, obj)
    return (qid, "") if qid else (None, "object not linked to Wikidata")


def _references(graph: Graph, subject: Node, predicate: Node, obj: Node) -> list[tuple[str, str]]:
    """(document order key, reference columns) for each assertion of the fact."""
    found = []
    for assertion in graph.subjects(RDF.subject, subject):
        if (assertion, RDF.predicate, predicate) not in graph or (assertion, RDF.object, obj) not in graph:
            continue
        doc = graph.value(assertion, PROV.wasDerivedFrom)
        sentence = graph.value(assertion, FILM.evidenceText)
        urls = sorted(str(u) for p in _URL_PROPERTIES for u in graph.objects(doc, p)
                      if str(u).startswith(("http://", "https://")))
        title = graph.value(doc, DCTERMS.title) or graph.value(doc, DCTERMS.identifier) \
            or graph.value(doc, RDFS.label)
        columns = [("S854", _string(urls[0]))] if urls else [("S1476", "en:" + _string(str(title or doc)))]
        if sentence:
            columns.append(("S1683", "en:" + _string(str(sentence))))
        start = graph.value(assertion, FILM.charStart)
        key = f"{doc}|{int(str(start)) if start is not None else 0:09d}"
        found.append((key, "\t".join(f"{p}\t{v}" for p, v in columns)))
    return sorted(found)


def to_quickstatements(graph: Graph, *, slice: Slice) -> QuickStatements:  # noqa: A002
    """QuickStatements V1 for the facts of `graph` about linked subjects that the slice lacks."""
    result = QuickStatements()
    lines: dict[str, str] = {}  # statement -> command with its first source
    for predicate, pid in sorted(PID_BY_PROPERTY.items()):
        for subject, obj in graph.subject_objects(predicate):
            subject_qid = _qid(graph, subject)
            if subject_qid is None:
                result.skipped["subject not linked to Wikidata"] += 1
                continue
            value, why = _value(graph, obj, slice)
            if value is None:
                result.skipped[why] += 1
                continue
            if _QID.fullmatch(value) and slice.has_statement(subject_qid, pid, value):
                result.skipped["Wikidata has it already"] += 1
                continue
            refs = _references(graph, subject, predicate, obj)
            statement = f"{subject_qid}\t{pid}\t{value}"
            line = statement + (f"\t{refs[0][1]}" if refs else "")
            if statement in lines:
                result.skipped["same statement from another node"] += 1
            lines[statement] = min(line, lines.get(statement, line))
    result.commands = sorted(lines.values())
    return result


def export_quickstatements(data: Graph) -> QuickStatements:
    """`filmkg export --quickstatements`: the commands for loaded graphs, against the bundled slice."""
    from filmkg.io import as_graph
    from filmkg.wikidata.slice import load_slice

    return to_quickstatements(as_graph(data), slice=load_slice())
