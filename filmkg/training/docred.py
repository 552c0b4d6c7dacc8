"""Re-DocRED documents as extra training gold: human-annotated relations between mentions.

Re-DocRED (Tan et al., 2022) ships tokenised Wikipedia leads with entity mentions and
relations over 96 Wikidata properties. A document is kept when it speaks about a film
(some entity heads a director, cast, screenwriter or production-company relation);
its film-property facts about those entities become gold in the project's JSONL form,
with every mention's name as an alias. Documents whose titles appear in the given
measuring sets are left out, so they stay unseen.

    python -m filmkg.training.docred RAW.json... --exclude GOLD.jsonl... -o OUT.jsonl
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

#: Relations that make their head entity a film for our purposes.
FILM_MARKERS = {"P57", "P58", "P161", "P272"}
#: Film properties Re-DocRED annotates (its 96 relations include these).
DOCRED_FILM_PROPS = (
    "P57",
    "P58",
    "P86",
    "P136",
    "P161",
    "P162",
    "P166",
    "P272",
    "P364",
    "P495",
    "P577",
    "P840",
)

_NO_SPACE_BEFORE = re.compile(r" ([,.;:!?%)\]}]|'s\b|n't\b|'re\b|'ve\b|'ll\b|'d\b|'m\b)")
_NO_SPACE_AFTER = re.compile(r"([(\[{$]) ")
_SPACED_QUOTES = re.compile(r'" ([^"]*?) "')


def detokenize(tokens: Iterable[str]) -> str:
    """Tokens back to readable text (close enough for training; offsets are not needed)."""
    text = " ".join(tokens)
    text = _NO_SPACE_BEFORE.sub(r"\1", text)
    text = _NO_SPACE_AFTER.sub(r"\1", text)
    text = _SPACED_QUOTES.sub(r'"\1"', text)
    return text.replace(" - ", "-").replace("`` ", '"').replace(" ''", '"')


def _names(entity: Sequence[dict[str, Any]]) -> list[str]:
    seen: list[str] = []
    for mention in entity:
        name = detokenize(mention["name"].split())
        if name and name not in seen:
            seen.append(name)
    return seen


def convert(raw: dict[str, Any]) -> dict[str, Any] | None:
    """One Re-DocRED document as a gold record, or None when it is not about a film."""
    films = {label["h"] for label in raw["labels"] if label["r"] in FILM_MARKERS}
    if not films:
        return None
    entities = [_names(entity) for entity in raw["vertexSet"]]
    gold = []
    for label in raw["labels"]:
        if label["r"] not in DOCRED_FILM_PROPS or label["h"] not in films:
            continue
        subject, obj = entities[label["h"]], entities[label["t"]]
        if subject and obj:
            gold.append(
                {
                    "subject": subject[0],
                    "subject_aliases": subject[1:],
                    "property": label["r"],
                    "object": obj[0],
                    "object_aliases": obj[1:],
                }
            )
    text = "\n".join(detokenize(token for token in sent) for sent in raw["sents"])
    return {
        "id": "redocred-train-" + re.sub(r"\W+", "-", raw["title"]).strip("-").lower(),
        "title": raw["title"],
        "text": text,
        "annotated_properties": list(DOCRED_FILM_PROPS),
        "gold": gold,
    }


def excluded_titles(paths: Sequence[Path]) -> set[str]:
    titles: set[str] = set()
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                titles.add(json.loads(line)["title"])
    return titles


def build(raw_paths: Sequence[Path], exclude: Sequence[Path]) -> list[dict[str, Any]]:
    """Film documents of the raw files, minus excluded titles, one record per distinct title."""
    skip = excluded_titles(exclude)
    out: dict[str, dict[str, Any]] = {}
    for path in raw_paths:
        for raw in json.loads(path.read_text(encoding="utf-8")):
            if raw["title"] in skip or raw["title"] in out:
                continue
            record = convert(raw)
            if record is not None and record["gold"]:
                out[raw["title"]] = record
    return list(out.values())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("raw", nargs="+", type=Path)
    parser.add_argument("--exclude", nargs="*", type=Path, default=[])
    parser.add_argument("-o", "--out", type=Path, required=True)
    args = parser.parse_args(argv)
    try:
        records = build(args.raw, args.exclude)
    except (OSError, ValueError, KeyError, TypeError) as e:
        print(f"filmkg: cannot read Re-DocRED input: {e}", file=sys.stderr)
        return 2
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_suffix(".tmp")
    tmp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    tmp.replace(args.out)
    print(f"{len(records)} film documents -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
