"""The bundled Wikidata slice: loaded on first use, cached, never at import time.

`load_slice()` reads `index.json.gz` (labels, categories, statements) for the linker;
`slice_ntriples()` is the WDQS-shaped N-Triples file that queries load into the store.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from filmkg.errors import ResourceMissing
from filmkg.resources import wikidata_dir
from filmkg.wikidata.build import INDEX_FILE, INDEX_FORMAT, SLICE_FILE
from filmkg.wikidata.kinds import normalise

#: Resource naming the bundled slice, used as the provenance of offline links.
SLICE_IRI = "https://w3id.org/filmkg/id/source/wikidata-slice"
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


@dataclass(frozen=True)
class Item:
    """One Wikidata item as the linker sees it, from the slice or from the API."""

    qid: str
    label: str
    aliases: tuple[str, ...] = ()
    description: str | None = None
    categories: dict[str, str] = field(default_factory=dict)  # category -> "t" | "f" | "d"
    statements: tuple[tuple[str, str], ...] = ()  # (pid, object QID)
    roles: tuple[str, ...] = ()  # Freebase film roles (a hint, not Wikidata data)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)

    @property
    def years(self) -> set[int]:
        """Years named in the description ("1994 film by ...")."""
        return {int(y) for y in _YEAR.findall(self.description or "")}


@dataclass
class Slice:
    """The label index and statements of the bundled slice."""

    entities: dict[str, dict]
    names: dict[str, list[list[str]]]
    types: dict[str, str]
    statements: dict[str, list[list[str]]]
    properties: dict[str, str]
    directory: Path | None = None

    def item(self, qid: str) -> Item | None:
        rec = self.entities.get(qid)
        if rec is None:
            return None
        return Item(qid=qid, label=rec["l"], aliases=tuple(rec.get("a", ())),
                    description=rec.get("d"), categories=dict(rec.get("c", {})),
                    statements=tuple((p, o) for p, o in self.statements.get(qid, ())),
                    roles=tuple(rec.get("r", ())))

    def lookup(self, name: str) -> list[tuple[str, str]]:
        """(QID, "l" label | "a" alias) pairs whose normalised name equals `name`'s."""
        return [(q, how) for q, how in self.names.get(normalise(name), ())]

    @cached_property
    def surnames(self) -> dict[str, list[str]]:
        """Last name -> QIDs of people (used only for one-word person mentions)."""
        index: dict[str, list[str]] = defaultdict(list)
        for qid, rec in self.entities.items():
            if "person" not in rec.get("c", {}):
                continue
            words = normalise(rec["l"]).split()
            if len(words) >= 2:
                index[words[-1]].append(qid)
        return dict(index)

    @cached_property
    def neighbours(self) -> dict[str, dict[str, set[str]]]:
        """QID -> other QID -> properties relating them, over statements in both directions."""
        index: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for subj, rows in self.statements.items():
            for pid, obj in rows:
                index[subj][obj].add(pid)
                index[obj][subj].add(pid)
        return {q: dict(others) for q, others in index.items()}

    def label(self, qid: str) -> str | None:
        rec = self.entities.get(qid)
        return rec["l"] if rec else None

    def has_statement(self, subject: str, pid: str, obj: str) -> bool:
        return [pid, obj] in self.statements.get(subject, ())

    def category_of_types(self, type_ids: list[str]) -> set[str]:
        return {self.types[t] for t in type_ids if t in self.types}


def _read_index(directory: Path) -> Slice:
    path = directory / INDEX_FILE
    if not path.is_file():
        raise ResourceMissing(f"{path}: the Wikidata slice is missing; run `make slice`")
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError) as e:
        raise ResourceMissing(f"{path}: the Wikidata slice is damaged ({e}); run `make slice`") from e
    if data.get("format") != INDEX_FORMAT:
        raise ResourceMissing(f"{path}: slice format {data.get('format')} is not {INDEX_FORMAT}; "
                              "run `make slice`")
    return Slice(entities=data["entities"], names=data["names"], types=data["types"],
                 statements=data["statements"], properties=data["properties"], directory=directory)


@cache
def _cached(directory: str) -> Slice:
    return _read_index(Path(directory))


def load_slice(directory: Path | None = None) -> Slice:
    """The slice in `directory` (default: the bundled one), read once per process."""
    return _cached(str((directory or wikidata_dir()).resolve()))


def slice_ntriples(directory: Path | None = None) -> Path:
    """The gzip'd N-Triples of the slice, for loading into a SPARQL store."""
    path = (directory or wikidata_dir()) / SLICE_FILE
    if not path.is_file():
        raise ResourceMissing(f"{path}: the Wikidata slice is missing; run `make slice`")
    return path
