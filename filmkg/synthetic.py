"""A deterministic generator of realistic film graphs, for benchmarks and tests at any size.

One document per film, written as N-Triples text the way `extract/rdf.py`
writes extracted graphs: typed and labelled entities, plain fact triples
(crew, cast, companies, places, festival, awards, dates, money) and one
`film:Assertion` of provenance per fact. People, companies and places are
shared between films with a skewed (Zipf-like) popularity, so joins and
"films by this person" behave as on a real corpus. The same arguments always
give the same bytes.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from dataclasses import dataclass

FILM = "https://w3id.org/filmkg/ontology#"
ID = "https://w3id.org/filmkg/id/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"

#: property -> (kind of value, how many per film (min, max), pool size per film)
_ROLES = {
    "directedBy": ("person", 1, 1), "writtenBy": ("person", 1, 2), "producedBy": ("person", 1, 2),
    "castMember": ("person", 3, 6), "composer": ("person", 0, 1), "cinematographer": ("person", 0, 1),
    "editedBy": ("person", 0, 1), "productionCompany": ("organization", 1, 2),
    "distributedBy": ("organization", 0, 2), "countryOfOrigin": ("country", 1, 1),
    "originalLanguage": ("language", 1, 1), "genre": ("genre", 1, 2), "filmedAt": ("place", 0, 3),
    "premieredAt": ("festival", 0, 1), "wonAward": ("award", 0, 1), "nominatedFor": ("award", 0, 2),
}
_CLASS = {"person": "Person", "organization": "Organization", "country": "Country", "language": "Language",
          "genre": "Genre", "place": "Place", "festival": "FilmFestival", "award": "Award"}
_POOL = {"person": 1.2, "organization": 0.1, "country": 0.004, "language": 0.003, "genre": 0.002,
         "place": 0.2, "festival": 0.002, "award": 0.01}
_RULES = ("agent_by", "cast_list", "filming_took_place", "award_won", "release_on", "country_of")


@dataclass(frozen=True)
class Document:
    doc_id: str
    ntriples: str
    triples: int


def _iri(path: str) -> str:
    return f"<{ID}{path}>"


def _lit(text: str, datatype: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"^^<{datatype}>' if datatype else f'"{escaped}"'


def _pick(rng: random.Random, size: int) -> int:
    """A skewed choice in [0, size): a few popular, a long tail."""
    return min(size - 1, int(size * rng.random() ** 2.2))


def film_label(i: int) -> str:
    return f"Film {i}"


def person_label(i: int) -> str:
    return f"Person {i}"


def generate(films: int, *, seed: int = 7) -> Iterator[Document]:
    """`films` documents, one per film, deterministic for a given seed."""
    pools = {kind: max(3, int(films * share)) for kind, share in _POOL.items()}
    for i in range(films):
        rng = random.Random(f"{seed}:{i}")
        yield _document(i, rng, pools)


def _document(i: int, rng: random.Random, pools: dict[str, int]) -> Document:
    doc_id = f"film-{i}"
    doc = _iri(f"doc/{doc_id}")
    film = _iri(f"film/film-{i}")
    lines = [f"{doc} <{RDF}type> <{FILM}Document> .", f"{doc} <{DCT}identifier> {_lit(doc_id)} .",
             f"{doc} <{FILM}sourcePath> {_lit(doc_id + '.txt')} .",
             f"{film} <{RDF}type> <{FILM}Film> .", f"{film} <{RDFS}label> {_lit(film_label(i))} ."]
    facts: list[tuple[str, str, str]] = []
    for prop, (kind, low, high) in _ROLES.items():
        for _ in range(rng.randint(low, high)):
            j = _pick(rng, pools[kind])
            node = _iri(f"{kind}/{kind}-{j}")
            label = person_label(j) if kind == "person" else f"{_CLASS[kind]} {j}"
            lines.append(f"{node} <{RDF}type> <{FILM}{_CLASS[kind]}> .")
            lines.append(f"{node} <{RDFS}label> {_lit(label)} .")
            facts.append((film, f"<{FILM}{prop}>", node))
    year = 1950 + rng.randrange(75)
    facts.append((film, f"<{FILM}publicationDate>",
                  _lit(f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", XSD + "date")))
    for prop in ("budget", "boxOffice")[: rng.randint(0, 2)]:
        amount = rng.randrange(1, 400) * 250000
        money = _iri(f"amount/USD-{amount}")
        lines += [f"{money} <{RDF}type> <{FILM}MonetaryAmount> .",
                  f"{money} <{FILM}amount> {_lit(str(amount), XSD + 'decimal')} .",
                  f"{money} <{FILM}currency> {_lit('USD')} .",
                  f"{money} <{RDFS}label> {_lit(f'{amount} USD')} ."]
        facts.append((film, f"<{FILM}{prop}>", money))
    offset = 0
    for s, p, o in dict.fromkeys(facts):
        lines.append(f"{s} {p} {o} .")
        key = hashlib.blake2b(f"{doc_id}|{s}|{p}|{o}".encode(), digest_size=8).hexdigest()
        node = _iri(f"assertion/{key}")
        length = rng.randint(40, 200)
        lines += [f"{node} <{RDF}type> <{FILM}Assertion> .", f"{node} <{RDF}subject> {s} .",
                  f"{node} <{RDF}predicate> {p} .", f"{node} <{RDF}object> {o} .",
                  f"{node} <{PROV}wasDerivedFrom> {doc} .",
                  f"{node} <{FILM}evidenceText> {_lit(f'Sentence {offset} of {film_label(i)}.')} .",
                  f"{node} <{FILM}charStart> {_lit(str(offset), XSD + 'integer')} .",
                  f"{node} <{FILM}charEnd> {_lit(str(offset + length), XSD + 'integer')} .",
                  f"{node} <{FILM}extractionRule> {_lit(rng.choice(_RULES))} .",
                  f"{node} <{FILM}confidence> {_lit(f'0.{rng.randint(60, 99)}', XSD + 'decimal')} ."]
        offset += length + 1
    unique = sorted(set(lines))
    return Document(doc_id, "\n".join(unique) + "\n", len(unique))


def nquads(films: int, *, seed: int = 7) -> Iterator[str]:
    """The documents as N-Quads lines, each in its document graph (what `filmkg load` of many files gives)."""
    from urllib.parse import quote

    for doc in generate(films, seed=seed):
        graph = f"<{ID}graph/doc/{quote(doc.doc_id, safe='')}>"
        for line in doc.ntriples.splitlines():
            yield f"{line[:-2]} {graph} .\n"
