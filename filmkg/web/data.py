"""What the pages show, read with SPARQL through the same worker pool as the endpoint.

Every value a page needs comes from a query here, with user input bound as
an RDF term (`substitutions`), never pasted into the text; pyoxigraph wants
a bound variable in the projection, so each query selects it. Results are
plain dataclasses the templates render (and escape).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import pyoxigraph as ox

from filmkg.namespaces import INFERRED_GRAPH, PID_BY_PROPERTY, PREFIXES, PROPERTY_BY_PID, compact_iri
from filmkg.worker import Job, WorkerPool

WD = PREFIXES["wd"]
#: Properties reasoning copies every film fact onto; shown folded, not as separate relations.
_EQUIVALENT_NAMESPACES = (PREFIXES["schema"], PREFIXES["wdt"])
_PIDS = {str(prop): pid for prop, pid in PID_BY_PROPERTY.items()}
WDT = PREFIXES["wdt"]


@dataclass(frozen=True)
class Term:
    """One RDF term from a result: `kind` is uri, literal or bnode."""

    kind: str
    value: str
    datatype: str = ""
    lang: str = ""

    @property
    def is_iri(self) -> bool:
        return self.kind == "uri"

    @property
    def short(self) -> str:
        return compact_iri(self.value) if self.is_iri else self.value


Row = dict[str, Term]
Select = Callable[..., Awaitable[list[Row]]]


def selector(pool: WorkerPool) -> Select:
    """`await select(query, var=term...)`: the rows of a SELECT, terms bound by the engine."""

    async def select(query: str, **bindings: object) -> list[Row]:
        job = Job(query, "application/sparql-results+json", prefixes=dict(PREFIXES), substitutions=bindings)
        result = await pool.run(job)
        doc = json.loads(result.body)
        return [{k: Term(v["type"], v["value"], v.get("datatype", ""), v.get("xml:lang", ""))
                 for k, v in b.items()} for b in doc["results"]["bindings"]]

    return select


@dataclass
class Evidence:
    sentence: str
    document: str
    document_iri: str
    rule: str
    confidence: str
    start: int | None
    segments: list = field(default_factory=list)  # the sentence cut for marking (filmkg.web.marks)


@dataclass
class Fact:
    """One value of one property, with where it came from."""

    prop: Term
    value: Term
    label: str
    inferred: bool = False
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class WikidataRow:
    """One property of a linked entity: my values, Wikidata's, and whether they agree."""

    pid: str
    prop: str
    mine: list[str]
    theirs: list[str]
    status: str  # agree, conflict, only mine, only Wikidata


@dataclass
class Entity:
    iri: str
    label: str
    types: list[Term]
    facts: dict[str, list[Fact]]
    incoming: list[Fact]
    items: list[str]
    wikidata: list[WikidataRow]

    @property
    def short(self) -> str:
        return compact_iri(self.iri)


#: Inferred: in an inferred graph (fkg:graph/inferred of `--reason`, or a store's
#: fkg:graph/inferred/<doc>) and in no other named graph.
_FACTS = """SELECT ?s ?inferred ?p ?o ?ol ?inf WHERE {
  ?s ?p ?o . OPTIONAL { ?o rdfs:label ?ol }
  BIND(EXISTS { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), ?inferred)) }
       && NOT EXISTS { GRAPH ?h { ?s ?p ?o } FILTER(!STRSTARTS(STR(?h), ?inferred)) } AS ?inf)
} ORDER BY ?p ?o"""
_INCOMING = """SELECT DISTINCT ?s ?x ?p ?xl WHERE {
  ?x ?p ?s . FILTER(isIRI(?x)) OPTIONAL { ?x rdfs:label ?xl }
  FILTER NOT EXISTS { ?x a film:Assertion } FILTER NOT EXISTS { ?x a film:Link }
} ORDER BY ?p ?xl LIMIT 200"""
_EVIDENCE = """SELECT ?s ?p ?o ?sentence ?doc ?docid ?rule ?conf ?start WHERE {
  ?a a film:Assertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; film:evidenceText ?sentence .
  OPTIONAL { ?a prov:wasDerivedFrom ?doc OPTIONAL { ?doc dcterms:identifier ?docid } }
  OPTIONAL { ?a film:extractionRule ?rule } OPTIONAL { ?a film:confidence ?conf }
  OPTIONAL { ?a film:charStart ?start }
} ORDER BY ?start"""
_CLAIMS = """SELECT ?item ?claim ?v ?vl WHERE {
  ?item ?claim ?v . FILTER(STRSTARTS(STR(?claim), STR(wdt:))) OPTIONAL { ?v rdfs:label ?vl }
}"""
_LINKS = "SELECT ?o ?item WHERE { ?o owl:sameAs ?item FILTER(STRSTARTS(STR(?item), STR(wd:))) }"


async def entity(select: Select, iri: str) -> Entity | None:
    """Everything the entity page shows about `iri`, or None when the graph does not know it."""
    subject = ox.NamedNode(iri)
    rows = await select(_FACTS, s=subject, inferred=ox.Literal(str(INFERRED_GRAPH)))
    incoming_rows = await select(_INCOMING, s=subject)
    if not rows and not incoming_rows:
        return None
    evidence: dict[tuple[str, str], list[Evidence]] = {}
    for r in await select(_EVIDENCE, s=subject):
        ev = Evidence(r["sentence"].value, r["docid"].value if "docid" in r else "",
                      r["doc"].value if "doc" in r else "", r["rule"].value if "rule" in r else "",
                      r["conf"].value if "conf" in r else "",
                      int(r["start"].value) if "start" in r else None)
        evidence.setdefault((r["p"].value, r["o"].value), []).append(ev)
    label, types, facts = compact_iri(iri), [], {}  # type: ignore[var-annotated]
    for r in rows:
        prop, value = r["p"], r["o"]
        if prop.value == PREFIXES["rdfs"] + "label":
            label = value.value
        if prop.value == PREFIXES["rdf"] + "type":
            types.append(value)
        fact = Fact(prop, value, r["ol"].value if "ol" in r else value.short,
                    r["inf"].value == "true", evidence.get((prop.value, value.value), []))
        facts.setdefault(prop.short, []).append(fact)
    incoming = [Fact(r["p"], r["x"], r["xl"].value if "xl" in r else r["x"].short) for r in incoming_rows
                if not r["p"].value.startswith(_EQUIVALENT_NAMESPACES)]
    items = [f.value.value for f in facts.get("owl:sameAs", []) if f.value.value.startswith(WD)]
    compared = await wikidata_rows(select, facts, items[0]) if items else []
    return Entity(iri, label, types, facts, incoming, items, compared)


async def wikidata_rows(select: Select, facts: dict[str, list[Fact]], item: str) -> list[WikidataRow]:
    """My values next to Wikidata's for every property aligned to a Wikidata property."""
    theirs: dict[str, dict[str, str]] = {}
    for r in await select(_CLAIMS, item=ox.NamedNode(item)):
        pid = r["claim"].value[len(WDT):]
        theirs.setdefault(pid, {})[r["v"].value] = r["vl"].value if "vl" in r else r["v"].short
    links = {r["o"].value: r["item"].value for r in await select(_LINKS)}
    out = []
    for values in facts.values():
        aligned = _PIDS.get(values[0].prop.value)
        if not aligned:
            continue
        wd_values = theirs.pop(aligned, {})
        mine_keys = {links.get(f.value.value, f.value.value) for f in values}
        if not wd_values:
            status = "only mine"
        elif mine_keys & set(wd_values) or _same_text({f.label for f in values}, set(wd_values.values())):
            status = "agree"
        else:
            status = "conflict"
        out.append(WikidataRow(aligned, values[0].prop.short, [f.label for f in values],
                               sorted(wd_values.values()), status))
    for pid, wd_values in sorted(theirs.items()):  # what Wikidata says that the graph does not
        prop = PROPERTY_BY_PID.get(pid)
        if prop is not None:
            out.append(WikidataRow(pid, compact_iri(str(prop)), [], sorted(wd_values.values()),
                                   "only Wikidata"))
    return out


def _same_text(mine: set[str], theirs: set[str]) -> bool:
    """Literal values agree when equal or one is a prefix of the other (a year and a full date)."""
    return any(m == t or t.startswith(m) or m.startswith(t) for m in mine for t in theirs if m and t)


async def search(select: Select, text: str, limit: int = 50) -> list[Row]:
    """Entities whose label contains `text` (case folded), films and people first."""
    query = f"""SELECT DISTINCT ?q ?s ?l ?type WHERE {{
      ?s rdfs:label ?l . FILTER(isIRI(?s) && CONTAINS(LCASE(STR(?l)), LCASE(?q)))
      OPTIONAL {{ ?s a ?type FILTER(STRSTARTS(STR(?type), STR(film:))) }}
    }} ORDER BY STRLEN(?l) ?l LIMIT {int(limit)}"""
    return await select(query, q=ox.Literal(text))


_DOC_FACTS = """SELECT ?doc ?sentence ?start ?end ?s ?sl ?p ?o ?ol WHERE {
  ?a a film:Assertion ; prov:wasDerivedFrom ?doc ; film:evidenceText ?sentence ;
     rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  OPTIONAL { ?a film:charStart ?start } OPTIONAL { ?a film:charEnd ?end }
  OPTIONAL { ?s rdfs:label ?sl } OPTIONAL { ?o rdfs:label ?ol }
} ORDER BY ?start"""


async def document_facts(select: Select, iri: str) -> tuple[str, str, list[Row]]:
    """The document's identifier, its source file name (or ""), and every fact read from it."""
    ident = await select("SELECT ?doc ?id ?src WHERE { OPTIONAL { ?doc dcterms:identifier ?id } "
                         "OPTIONAL { ?doc film:sourcePath ?src } }", doc=ox.NamedNode(iri))
    rows = await select(_DOC_FACTS, doc=ox.NamedNode(iri))
    found = ident[0] if ident else {}
    return (found["id"].value if "id" in found else compact_iri(iri),
            found["src"].value if "src" in found else "", rows)


async def documents(select: Select) -> list[Row]:
    return await select("SELECT ?doc ?id WHERE { ?doc a film:Document "
                        "OPTIONAL { ?doc dcterms:identifier ?id } } ORDER BY ?id LIMIT 500")
