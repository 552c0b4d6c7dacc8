"""No pattern or gazetteer entry names a film, person or place of the evaluation texts.

The extractor must generalise: its data files hold domain knowledge (awards,
festivals, genres, countries, languages, crew roles, verbs), never names taken
from `../shared/eval`. Skipped when that folder is not present.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from extract.nlp.gazetteer import CUES_FILE, PATTERN_DIR, all_gazetteer_names, domain

REPO = Path(__file__).resolve().parent.parent
CANDIDATES = [REPO.parent / "shared" / "eval", Path("/work/shared/eval")]
EVAL = next((p for p in CANDIDATES if p.is_dir()), None)
CORPUS = EVAL.parent / "corpus" if EVAL is not None and (EVAL.parent / "corpus").is_dir() else None
MODEL_DIR = REPO / "extract" / "model"

#: Objects of these properties are awards, festivals, genres, countries, languages, dates,
#: amounts or classes: domain knowledge the patterns may name.
DOMAIN_OBJECTS = {
    "P166",
    "P1411",
    "P4647",
    "P136",
    "P495",
    "P364",
    "P577",
    "P2130",
    "P2142",
    "P17",
    "P27",
    "P1412",
    "P585",
    "P569",
    "P570",
    "P571",
    "P37",
    "P103",
    "P407",
    "P31",
    "P279",
    "P580",
    "P582",
    "P1001",
    "P150",
}


#: Award and festival names are domain knowledge too.
AWARDISH = re.compile(
    r"\b(awards?|oscars?|festival|fest|prize|palme|golden|silver|globes?|bafta|cesar|emmys?|"
    r"grammys?|razzie|jury|guild|best|outstanding|prix)\b"
)


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[\u2018\u2019`´]", "'", text)
    text = re.sub(r"^the\s+", "", text.strip())
    return re.sub(r"\s+", " ", text).strip(" .,;:'\"()")


def gold_names(*folders: Path | None) -> set[str]:
    names: set[str] = set()
    for path in (p for folder in folders if folder is not None for p in folder.rglob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            doc = json.loads(line)
            for fact in doc.get("gold", []):
                names.update([fact["subject"], *fact.get("subject_aliases", [])])
                if fact["property"] not in DOMAIN_OBJECTS:
                    names.update([fact["object"], *fact.get("object_aliases", [])])
    allowed = set()
    for country in {c for c in domain().countries.values()}:
        allowed.update(norm(n) for n in (country.name, *country.aliases, *country.demonyms))
    allowed.update(norm(lang) for lang in domain().languages.values())
    allowed.update(norm(g) for g in domain().genres)
    allowed.update(
        {"north american", "european", "asian", "latin american", "african"}
    )  # release territories
    out = set()
    for name in names:
        n = norm(name)
        if len(n) < 3 or n in allowed or re.fullmatch(r"[\d\s,.$£€-]+", n) or AWARDISH.search(n):
            continue
        out.add(n)
    return out


@pytest.mark.skipif(EVAL is None, reason="../shared/eval is not present")
def test_no_pattern_entry_names_an_evaluation_entity() -> None:
    assert EVAL is not None
    # the corpus's gold adds multi-word names (its single words include plain nouns: "Hit", "Game")
    gold = gold_names(EVAL) | {g for g in gold_names(CORPUS) if " " in g and len(g) >= 5}
    assert len(gold) > 100, "expected to load the gold names"
    labels = json.loads((MODEL_DIR / "labels.json").read_text(encoding="utf-8"))["labels"]
    entries = {norm(e) for e in all_gazetteer_names()} | {norm(e) for v in labels.values() for e in v}
    clash = sorted(entries & gold)
    assert not clash, f"pattern files name evaluation entities: {clash}"


@pytest.mark.skipif(EVAL is None, reason="../shared/eval is not present")
def test_no_code_string_names_an_evaluation_entity() -> None:
    assert EVAL is not None
    gold = {g for g in gold_names(EVAL, CORPUS) if len(g) >= 5 and " " in g}
    sources = [*PATTERN_DIR.parent.glob("*.py"), *MODEL_DIR.glob("*.py")]
    code = " ".join(p.read_text(encoding="utf-8") for p in sources)
    literals = {norm(s) for s in re.findall(r"\"([^\"\n]{3,80})\"|'([^'\n]{3,80})'", code) for s in s if s}
    cue_words = json.loads((PATTERN_DIR / CUES_FILE).read_text(encoding="utf-8"))
    literals |= {norm(w) for v in cue_words.values() if isinstance(v, list) for w in v if isinstance(w, str)}
    literals |= {norm(w) for v in cue_words.values() if isinstance(v, dict) for w in v}
    clash = sorted(g for g in gold if g in literals)
    assert not clash, f"extractor code names evaluation entities: {clash}"


def test_gazetteer_names_are_collected() -> None:
    names = all_gazetteer_names()
    assert "Palme d'Or" in names and "directed" in names


def test_every_cue_list_is_read() -> None:
    """No dead data: each key of cues.json is bound by some rule module (`cues("key")`)."""
    cue_words = json.loads((PATTERN_DIR / CUES_FILE).read_text(encoding="utf-8"))
    code = " ".join(p.read_text(encoding="utf-8") for p in PATTERN_DIR.parent.glob("*.py"))
    unread = sorted(k for k in cue_words if not k.startswith("_") and f'cues("{k}")' not in code)
    assert not unread, f"cues.json keys no module reads: {unread}"
