"""Wikidata link precision on the Re-DocRED film documents (issue 4), offline.

Extracts each document with filmkg's extractor, links the graph with the bundled
slice, and checks every link by comparing the linked item's Wikidata label and
aliases with the labels of the linked mention (after the linker's normalisation).
As a second, stricter check it compares the item's category with the DocRED
entity type (PER, LOC, ORG, MISC) of the mention, where the mention is a DocRED
entity name. Not a test: run by hand (the texts are in ../shared, not shipped).

Usage: python bench/link_precision.py [--gold FILE ...] [--json] [--show]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCRED = ROOT.parent / "shared" / "eval" / "docred"
DEFAULT_GOLD = [DOCRED / f"redocred-{s}-film.jsonl" for s in ("dev", "test")]
#: DocRED entity type -> item categories that agree with it.
TYPE_AGREES = {
    "PER": {"person"},
    "LOC": {"place", "country"},
    "ORG": {"organization", "festival", "award", "country"},
    "MISC": {"film", "award", "work", "genre", "language", "festival", "organization", "country", "place"},
    "TIME": set(),
    "NUM": set(),
}


def measure(gold_files: list[Path]) -> dict:
    from rdflib import RDFS
    from rdflib.namespace import SKOS

    from extract.api import extract_texts
    from extract.rdf import build_graph
    from extract.records import TextInput
    from filmkg.wikidata.kinds import normalise
    from filmkg.wikidata.link import link_graph
    from filmkg.wikidata.slice import load_slice

    docs = [json.loads(line) for f in gold_files for line in f.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    slice_ = load_slice()
    inputs = [TextInput(doc_id=d["id"], text=d["text"], title=d.get("title")) for d in docs]
    rows, entities = [], 0
    for doc, facts in zip(docs, extract_texts(inputs), strict=True):
        graph = build_graph([facts])
        report = link_graph(graph, slice=slice_)
        entities += len(report.decisions)
        docred_types = {normalise(n): e["type"] for e in doc.get("entities", []) for n in e["names"]}
        for decision in report.linked:
            cand = decision.linked
            assert cand is not None
            node = decision.entity.node
            mention = {normalise(str(x)) for p in (RDFS.label, SKOS.altLabel) for x in graph.objects(node, p)}
            names = {normalise(n) for n in cand.item.names}
            docred = next((docred_types[m] for m in sorted(mention) if m in docred_types), None)
            type_ok = None if docred is None else bool(TYPE_AGREES[docred] & set(cand.item.categories))
            rows.append({"doc": doc["id"], "mention": decision.entity.label, "kind": decision.entity.kind,
                         "qid": cand.item.qid, "wikidata_label": cand.item.label,
                         "score": round(cand.shown, 3), "label_ok": bool(mention & names),
                         "docred_type": docred, "type_ok": type_ok})
    linked = len(rows)
    label_ok = sum(r["label_ok"] for r in rows)
    typed = [r for r in rows if r["type_ok"] is not None]
    return {
        "documents": len(docs), "entities": entities, "linked": linked,
        "label_precision": round(label_ok / linked, 4) if linked else None,
        "typed_links": len(typed),
        "type_agreement": round(sum(r["type_ok"] for r in typed) / len(typed), 4) if typed else None,
        "links": rows,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, nargs="+", default=DEFAULT_GOLD)
    parser.add_argument("--json", action="store_true", help="print everything as JSON")
    parser.add_argument("--show", action="store_true", help="list every link")
    args = parser.parse_args(argv)
    missing = [str(p) for p in args.gold if not p.is_file()]
    if missing:
        print(f"link_precision: not found: {', '.join(missing)}", file=sys.stderr)
        return 2
    result = measure(args.gold)
    if args.json:
        print(json.dumps(result, indent=1, ensure_ascii=False))
        return 0
    if args.show:
        for r in result["links"]:
            flag = "ok " if r["label_ok"] and r["type_ok"] is not False else "BAD"
            print(f"{flag} {r['doc']:<18} {r['mention']!r:<40} {r['kind']:<13} {r['qid']:<10} "
                  f"{r['wikidata_label']!r} {r['score']} docred={r['docred_type']}")
    print(f"documents {result['documents']}, entities {result['entities']}, linked {result['linked']}, "
          f"label precision {result['label_precision']}, "
          f"type agreement with DocRED {result['type_agreement']} on {result['typed_links']} links")
    return 0


if __name__ == "__main__":
    sys.exit(main())
