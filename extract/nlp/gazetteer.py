"""Domain knowledge loaded from the data files in `patterns/` (read once, cached).

Everything here is general film-domain knowledge (award bodies, festivals,
countries and demonyms, languages, genres, crew roles) and the cue words the rules
look for (`cues.json`); no entity of any particular text is named.

Kept because: the trained extractor reads the same tables (countries, languages,
genres) through `domain()`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

PATTERN_DIR = Path(__file__).with_name("patterns")
CUES_FILE = "cues.json"


def _load(name: str) -> Any:
    with (PATTERN_DIR / name).open(encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=1)
def _cue_table() -> dict[str, Any]:
    return dict(_load(CUES_FILE))


def cues(key: str) -> Any:
    """One entry of `patterns/cues.json`: the cue words a rule module looks for (read once).

    Modules bind them to constants at import (`CONNECTORS = frozenset(cues("title_connectors"))`),
    so lookups in the per-token loops stay plain set lookups.
    """
    return _cue_table()[key]


def load_jsonl(name: str) -> list[dict[str, Any]]:
    """Rows of a JSON Lines pattern file, skipping blank lines and `//` comments."""
    rows = []
    with (PATTERN_DIR / name).open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line and not line.startswith("//"):
                rows.append(json.loads(line))
    return rows


@dataclass(frozen=True)
class Country:
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    languages: tuple[str, ...]
    demonym_is_language: bool


@dataclass
class Domain:
    """All lookup tables, keyed by casefolded surface form."""

    countries: dict[str, Country] = field(default_factory=dict)  # name/alias/demonym -> country
    demonyms: dict[str, Country] = field(default_factory=dict)  # demonym -> country
    languages: dict[str, str] = field(default_factory=dict)  # casefold -> canonical
    genres: set[str] = field(default_factory=set)
    film_nouns: set[str] = field(default_factory=set)
    story_headings: set[str] = field(default_factory=set)
    home_media: set[str] = field(default_factory=set)
    sales_words: set[str] = field(default_factory=set)
    nonfilm_heads: set[str] = field(default_factory=set)
    bodies: list[dict[str, Any]] = field(default_factory=list)
    prizes: list[dict[str, Any]] = field(default_factory=list)
    festivals: list[dict[str, Any]] = field(default_factory=list)
    agent_verbs: dict[str, list[str]] = field(default_factory=dict)
    role_nouns: dict[str, list[str]] = field(default_factory=dict)
    category_nouns: dict[str, list[str]] = field(default_factory=dict)  # winners-list categories
    film_tech: set[str] = field(default_factory=set)


@lru_cache(maxsize=1)
def domain() -> Domain:
    """The domain tables (built on first use, never at import)."""
    d = Domain()
    geo = _load("countries.json")
    for row in geo["countries"]:
        c = Country(
            row["name"],
            tuple(row.get("aliases", ())),
            tuple(row.get("demonyms", ())),
            tuple(row.get("languages", ())),
            bool(row.get("demonym_is_language")),
        )
        for form in (c.name, *c.aliases, *c.demonyms):
            d.countries.setdefault(form.casefold(), c)
        for dem in c.demonyms:
            d.demonyms.setdefault(dem.casefold(), c)
    d.languages = {lang.casefold(): lang for lang in geo["languages"]}
    dom = _load("domain.json")
    d.genres = {g.casefold() for g in dom["genres"]}
    d.film_nouns = set(dom["film_nouns"])
    d.story_headings = set(dom["story_headings"])
    d.home_media = set(dom["home_media"])
    d.sales_words = set(dom["sales_words"])
    d.nonfilm_heads = set(dom.get("nonfilm_heads", ()))
    d.agent_verbs = {k: list(v) for k, v in dom.get("agent_verbs", {}).items()}
    d.role_nouns = {k: list(v) for k, v in dom.get("role_nouns", {}).items()}
    d.category_nouns = {k: list(v) for k, v in dom.get("category_nouns", {}).items() if k[:1] != "_"}
    d.film_tech = set(dom.get("film_tech", ()))
    aw = _load("awards.json")
    d.bodies, d.prizes, d.festivals = aw["bodies"], aw["prizes"], aw["festivals"]
    return d


def all_gazetteer_names() -> set[str]:
    """Every name written in a pattern or gazetteer file (for the clean-patterns test).

    `cues.json` is left out: it holds cue words moved out of the code ("who", "palace"), which
    the test checks the way it checks the code's string literals.
    """
    names: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, str):
            names.add(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    for path in sorted(PATTERN_DIR.iterdir()):
        if path.name == CUES_FILE:
            continue
        if path.suffix == ".json":
            walk(_load(path.name))
        elif path.suffix == ".jsonl":
            walk(load_jsonl(path.name))
    return names
