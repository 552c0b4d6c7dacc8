"""Build the bundled Wikidata slice from the shared Wikidata extract (`make slice`).

Reads `entities.jsonl`, `statements*.jsonl` and `properties.jsonl` and writes, sorted and
byte-for-byte reproducible:

- `slice.nt.gz`: N-Triples shaped like the Wikidata Query Service (rdfs:label@en,
  skos:altLabel@en, schema:description@en, wdt:P31, wdt:Pxx statements, property labels
  with wikibase:directClaim), so the same SPARQL runs on the slice and on Wikidata;
- `index.json.gz`: the linker's label index (normalised label/alias -> QIDs), each item's
  categories (from its types, Freebase roles and description) and its statements.

    python -m filmkg.wikidata.build --source ../shared/wikidata --out data/wikidata
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from filmkg.io import atomic_write
from filmkg.wikidata.kinds import (
    FB_ROLE_CATEGORY,
    clean_categories,
    description_category,
    normalise,
    type_label_category,
)

SLICE_FILE = "slice.nt.gz"
INDEX_FILE = "index.json.gz"
INDEX_FORMAT = 1

_RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
_ALT_LABEL = "<http://www.w3.org/2004/02/skos/core#altLabel>"
_DESCRIPTION = "<http://schema.org/description>"
_DIRECT_CLAIM = "<http://wikiba.se/ontology#directClaim>"
_FB_ROLE = "<https://w3id.org/filmkg/wikidata-slice#freebaseRole>"
_STATEMENT_FILES = ("statements.jsonl", "statements_freebase_derived.jsonl")
#: Sources without a licence (see data/wikidata/README.md): left out unless asked for.
UNLICENSED_SOURCES = ("SpocWiki/",)
#: Aliases shorter than this (after normalising) are too ambiguous to index ("CA", "ru").
MIN_ALIAS_LENGTH = 3


def _read_jsonl(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _literal(text: str) -> str:
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r").replace("\t", "\\t"))
    return f'"{escaped}"@en'


def _wd(qid: str) -> str:
    return f"<http://www.wikidata.org/entity/{qid}>"


def _wdt(pid: str) -> str:
    return f"<http://www.wikidata.org/prop/direct/{pid}>"


def _categories(entity: dict, type_category: dict[str, str], *, is_class: bool) -> dict[str, str]:
    """Category -> strongest source: "t" Wikidata type, "f" Freebase role, "d" description.

    Classes (items other items are instances of, like "filmmaker" or "city") are only kept
    as genres or languages; a person's label has a capital letter ("filmmaker" is a class).
    """
    found: dict[str, str] = {}
    for source, cats in (
        ("d", [description_category(entity.get("description"))]),
        ("f", [FB_ROLE_CATEGORY.get(r) for r in entity.get("fb_roles", [])]),
        ("t", [type_category.get(t) for t in entity.get("types", [])]),
    ):
        for cat in cats:
            if cat:
                found[cat] = source
    kept = clean_categories(set(found))
    if is_class:
        kept &= {"genre", "language"}
    if entity["label"] == entity["label"].lower():
        kept.discard("person")
    return {c: found[c] for c in sorted(kept)}


def _licensed(entity: dict, include_unlicensed: bool) -> dict | None:
    """The entity without what only an unlicensed source gave (None if nothing is left)."""
    if include_unlicensed:
        return entity
    if entity["source"].startswith(UNLICENSED_SOURCES):
        return None
    others = [s for s in entity.get("also_in", []) if not s.startswith(UNLICENSED_SOURCES)]
    if entity.get("other_labels") and not others:
        entity = {k: v for k, v in entity.items() if k != "other_labels"}
    return entity


def build(source: Path, out: Path, *, include_unlicensed: bool = False,
          freebase_derived: bool = True) -> dict[str, int]:
    """Write slice.nt.gz and index.json.gz under `out`; returns counts for the log."""
    entities = {e["qid"]: e for raw in _read_jsonl(source / "entities.jsonl")
                if (e := _licensed(raw, include_unlicensed)) is not None}
    properties = {p["pid"]: p["label"] for p in _read_jsonl(source / "properties.jsonl")}
    type_ids = {t for e in entities.values() for t in e.get("types", [])}
    type_category = {t: cat for t in sorted(type_ids) if t in entities
                     and (cat := type_label_category(entities[t]["label"]))}

    statements: set[tuple[str, str, str]] = set()
    for name in _STATEMENT_FILES if freebase_derived else _STATEMENT_FILES[:1]:
        for row in _read_jsonl(source / name):
            if row["subject"] in entities and row["object"] in entities:
                statements.add((row["subject"], row["property"], row["object"]))

    lines: set[str] = set()
    index_entities: dict[str, dict] = {}
    names: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for qid, ent in entities.items():
        node = _wd(qid)
        lines.add(f"{node} {_RDFS_LABEL} {_literal(ent['label'])} .")
        aliases = sorted({a for a in ent.get("aliases", []) if a and a != ent["label"]}
                         | {a for a in ent.get("other_labels", []) if a != ent["label"]})
        for alias in aliases:
            lines.add(f"{node} {_ALT_LABEL} {_literal(alias)} .")
        if ent.get("description"):
            lines.add(f"{node} {_DESCRIPTION} {_literal(ent['description'])} .")
        for type_id in ent.get("types", []):
            lines.add(f"{node} {_wdt('P31')} {_wd(type_id)} .")
        for role in ent.get("fb_roles", []):
            lines.add(f'{node} {_FB_ROLE} "{role}" .')
        record: dict = {"l": ent["label"], "c": _categories(ent, type_category, is_class=qid in type_ids)}
        if ent.get("description"):
            record["d"] = ent["description"]
        if aliases:
            record["a"] = aliases
        if ent.get("fb_roles"):
            record["r"] = sorted(ent["fb_roles"])
        index_entities[qid] = record
        if key := normalise(ent["label"]):
            names[key].add((qid, "l"))
        for alias in aliases:
            key = normalise(alias)
            if len(key) >= MIN_ALIAS_LENGTH and not key.isdigit():
                names[key].add((qid, "a"))
    by_subject: dict[str, list[list[str]]] = defaultdict(list)
    for subj, pid, obj in sorted(statements):
        lines.add(f"{_wd(subj)} {_wdt(pid)} {_wd(obj)} .")
        by_subject[subj].append([pid, obj])
    for pid, label in properties.items():
        lines.add(f"<http://www.wikidata.org/entity/{pid}> {_RDFS_LABEL} {_literal(label)} .")
        lines.add(f"<http://www.wikidata.org/entity/{pid}> {_DIRECT_CLAIM} {_wdt(pid)} .")

    index = {
        "format": INDEX_FORMAT,
        "entities": dict(sorted(index_entities.items())),
        "names": {k: [list(v) for v in sorted(names[k], key=lambda x: (x[1] != "l", x[0]))]
                  for k in sorted(names)},
        "types": type_category,
        "statements": dict(sorted(by_subject.items())),
        "properties": dict(sorted(properties.items())),
    }
    out.mkdir(parents=True, exist_ok=True)
    _write_gzip(out / SLICE_FILE, "\n".join(sorted(lines)) + "\n")
    _write_gzip(out / INDEX_FILE, json.dumps(index, ensure_ascii=False, separators=(",", ":")))
    return {"entities": len(entities), "statements": len(statements), "triples": len(lines),
            "names": len(names)}


def _write_gzip(path: Path, text: str) -> None:
    """Gzip without a timestamp or file name, so rebuilding gives identical bytes."""
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as gz:
        gz.write(text.encode("utf-8"))
    atomic_write(path, buffer.getvalue())  # fsynced and renamed: a crash leaves the old slice whole


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, required=True, help="folder with entities.jsonl etc.")
    parser.add_argument("--out", type=Path, required=True, help="folder to write the slice to")
    parser.add_argument("--include-unlicensed", action="store_true",
                        help="also take entities that only a source without a licence gives")
    parser.add_argument("--no-freebase-derived", action="store_true",
                        help="leave out statements_freebase_derived.jsonl (terms unstated)")
    args = parser.parse_args(argv)
    if not (args.source / "entities.jsonl").is_file():
        print(f"filmkg: E040: {args.source}/entities.jsonl not found", file=sys.stderr)
        return 2
    counts = build(args.source, args.out, include_unlicensed=args.include_unlicensed,
                   freebase_derived=not args.no_freebase_derived)
    print(", ".join(f"{v} {k}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
