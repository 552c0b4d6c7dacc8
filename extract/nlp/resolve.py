"""Raw facts -> resolved facts: one name per real entity, duplicates merged, confidence combined.

Output is plain data (dicts and lists), stored in `doc._.film_facts`; `facts.py`
turns it into records.

Kept because: the rule facts the trained extractor keeps and the features it reads
are these resolved facts (one name per person, noisy-or confidence).
"""

from __future__ import annotations

import re
from typing import Any

from extract.nlp.aliases import PersonIndex, clean_person
from extract.nlp.context import Context

KIND = {
    "person": "Person",
    "org": "Organization",
    "place": "Place",
    "festival": "FilmFestival",
    "award": "Award",
    "country": "Country",
    "language": "Language",
    "genre": "Genre",
    "work": "Work",
}


def _strip_the(name: str) -> str:
    return re.sub(r"^(?:the|The)\s+", "", name.strip(" ,.;:\"“”'"))


def resolve_facts(ctx: Context) -> list[dict[str, Any]]:
    people = [list(p) for p in (ctx.doc._.film_people or [])] + ctx.extra_people
    index = PersonIndex([(str(n), int(p)) for n, p in people])
    film_names = {f["name"].casefold() for f in ctx.films} | {
        a.casefold() for f in ctx.films for a in f["aliases"]
    }

    def entity(value: dict[str, Any]) -> dict[str, Any] | None:
        t = value["type"]
        if t == "film":
            film = ctx.films[value["idx"]]
            return {"kind": "Film", "name": film["name"], "aliases": sorted(set(film["aliases"]))}
        if t == "person":
            name, _amb = index.resolve(value["name"], value.get("pos", 0))
            name = clean_person(name)
            if not name or name.casefold() in film_names:
                return None
            aliases = index.aliases(name)
            last = name.split()[-1]
            if (
                len(name.split()) >= 2
                and index.by_last.get(last.casefold()) == [name]
                and re.search(rf"(?<![\w.-]){re.escape(last)}(?![\w-])", ctx.text.replace(name, ""))
            ):
                aliases = sorted({*aliases, last})  # "Lanz" elsewhere in the text, and no other Lanz
            initial = re.match(r"^[A-Z]\.\s+(\S+\s+\S.*)$", name)
            if initial:  # "J. Ann Lee Roe" is also written "Ann Lee Roe"
                aliases = sorted({*aliases, initial.group(1)})
            return {"kind": "Person", "name": name, "aliases": aliases}
        if t == "date":
            return {"date": value["iso"]}
        if t == "money":
            return {"money": [value["amount"], value["currency"]]}
        name = _strip_the(value["name"]) if t in {"org", "place"} else value["name"].strip()
        if not name:
            return None
        return {"kind": KIND[t], "name": name, "aliases": sorted(set(value.get("aliases", [])) - {name})}

    merged: dict[tuple[Any, ...], dict[str, Any]] = {}
    for raw in ctx.facts:
        subj = entity(raw["subject"])
        obj = entity(raw["object"])
        if subj is None or obj is None:
            continue
        okey = (obj.get("kind"), obj.get("name"), obj.get("date"), tuple(obj.get("money", ())))
        if subj.get("name") == obj.get("name") and subj.get("kind") == obj.get("kind"):
            continue
        key = (subj["kind"], subj["name"], raw["pid"], okey)
        s, e = raw["sentence"]
        ev = {
            "sentence": ctx.text[s:e].strip(),
            "start": s,
            "end": e,
            "rule": raw["rule"],
            "confidence": raw["confidence"],
        }
        if key not in merged:
            merged[key] = {
                "subject": subj,
                "property": raw["pid"],
                "object": obj,
                "character": raw.get("character"),
                "evidence": ev,
                "support": {s: raw["confidence"]},
            }
            continue
        fact = merged[key]
        fact["support"][s] = max(fact["support"].get(s, 0.0), raw["confidence"])
        if raw["confidence"] > fact["evidence"]["confidence"]:
            fact["evidence"] = ev
        fact["character"] = fact["character"] or raw.get("character")
        for k in ("subject", "object"):
            if "aliases" in (subj if k == "subject" else obj):
                new = subj if k == "subject" else obj
                fact[k]["aliases"] = sorted(set(fact[k]["aliases"]) | set(new["aliases"]))
    facts = list(merged.values())
    for fact in facts:
        miss = 1.0
        for c in fact.pop("support").values():
            miss *= 1.0 - c
        fact["evidence"]["confidence"] = round(min(0.99, max(fact["evidence"]["confidence"], 1.0 - miss)), 3)
    return _prune(facts)


def _prune(facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop a year when the same film has a fuller date in that year; keep one budget per film."""
    dates: dict[str, list[str]] = {}
    for f in facts:
        if f["property"] == "P577":
            dates.setdefault(f["subject"]["name"], []).append(f["object"]["date"])
    out = []
    best_budget: dict[str, dict[str, Any]] = {}
    for f in facts:
        if f["property"] == "P577":
            iso = f["object"]["date"]
            if any(d != iso and d.startswith(iso + "-") for d in dates[f["subject"]["name"]]):
                continue
        if f["property"] == "P2130":
            name = f["subject"]["name"]
            if (
                name not in best_budget
                or f["evidence"]["confidence"] > best_budget[name]["evidence"]["confidence"]
            ):
                best_budget[name] = f
            continue
        out.append(f)
    out.extend(best_budget.values())
    return _merge_award_variants(out)


def _merge_award_variants(facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """'X Award for Outstanding Directing' and '... – Feature Film' for one film are one award."""
    awards = [f for f in facts if f["property"] in {"P166", "P1411"}]
    drop: set[int] = set()
    for f in awards:
        for g in awards:
            if f is g or f["subject"] != g["subject"] or f["property"] != g["property"]:
                continue
            short, long = f["object"]["name"], g["object"]["name"]
            rest = long[len(short) + 1 :]
            if long.startswith(short + " ") and (rest[:1] in {"–", "-", "—", "("} or rest.startswith("for ")):
                g["object"]["aliases"] = sorted({*g["object"]["aliases"], short, *f["object"]["aliases"]})
                g["evidence"]["confidence"] = max(g["evidence"]["confidence"], f["evidence"]["confidence"])
                drop.add(id(f))
    return [f for f in facts if id(f) not in drop]
