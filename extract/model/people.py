"""Person names: reading a mistyped entity as a name, and giving short names the full one.

The extractor's facts name people as the text names them most fully; a surname alone,
the end of a longer name or a surname written first becomes that full name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from extract.model.text import fold, vocabulary
from extract.nlp.gazetteer import domain

if TYPE_CHECKING:
    from extract.model.objects import ObjectCandidate

#: Words that make a title-case run an organisation or a place, not a person.
_NOT_NAME_WORDS = vocabulary("not_person_words")


def looks_like_name(ent: Any) -> bool:
    """An entity the base model typed as an organisation or place that reads like a person's name.

    Small models often type unfamiliar names ("Ngozi Adebayo") as ORG or GPE; such spans get a
    second, PERSON reading and the classifier weighs it by its source.
    """
    words = [t for t in ent if not t.is_punct]
    if not 2 <= len(words) <= 4 or len(ent) > len(words) + 1:
        return False
    if domain().countries.get(ent.text.casefold().strip()):
        return False
    return all(
        t.text[:1].isupper()
        and (t.is_alpha or t.text.rstrip(".").isalpha())
        and t.lower_ not in _NOT_NAME_WORDS
        and not t.is_upper
        for t in words
    )


def resolve_people(cands: list[ObjectCandidate]) -> None:
    """A short name takes the fullest name the document gives it.

    "Holt" -> "Mira Holt" (surname), "Lise Holt" -> "Anna Lise Holt" (the end of a longer
    name), and a lone word that only opens one full name ("Park" -> "Park Min-jun": names
    written surname first) when no full name ends with it.
    """
    names = sorted(
        {c.value for c in cands if c.kind == "PERSON" and " " in c.value}, key=lambda n: (-len(n), n)
    )
    by_ending: dict[str, list[str]] = {}
    for name in names:  # longest first, so each list starts with its fullest name
        by_ending.setdefault(fold(name.split()[-1]), []).append(name)
    longer: dict[str, str] = {}
    for name in names:
        key = fold(name)
        fuller = next((o for o in by_ending[fold(name.split()[-1])] if fold(o).endswith(" " + key)), None)
        if fuller:
            longer[key] = longer.get(fold(fuller), fuller)
    by_last: dict[str, str] = {}
    by_first: dict[str, set[str]] = {}
    for name in names:
        full = longer.get(fold(name), name)
        last = fold(name.split()[-1])
        if last not in by_last or len(full) > len(by_last[last]):
            by_last[last] = full
        by_first.setdefault(fold(name.split()[0]), set()).add(full)
    for c in cands:
        if c.kind != "PERSON":
            continue
        key = fold(c.value)
        if " " in c.value:
            target = longer.get(key)
        else:
            firsts = by_first.get(key, set())
            target = by_last.get(key) or (next(iter(firsts)) if len(firsts) == 1 else None)
        if target and target != c.value:
            c.aliases = (*c.aliases, c.value)
            c.value = target
