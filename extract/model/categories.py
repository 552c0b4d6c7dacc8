"""Award categories and named prizes that texts write without their ceremony.

"Best Director, Drama", "best supporting actress", "the Golden Bear", "Grand Prix":
the patterns read such names within one line, and each gets the variants a gold
record may use ("Best Director" for "Best Director (Drama)", "X Award for Best Director"
after an "X Awards" mention).
"""

from __future__ import annotations

import re

_GAP = r"[ \t]"  # the award patterns never cross a line: a heading is not part of the next line's name
_BEST = re.compile(
    rf"\b[Bb]est{_GAP}+(?:[A-Z(][\w'’()/-]*|[a-z][\w'’-]*)(?:(?:{_GAP}+|{_GAP}*[,–—-]{_GAP}*)"
    r"(?![Bb]est\b)(?:[A-Z(][\w'’()/.-]*|in|a|an|of|by|for|and|or|"
    r"&|the|motion|picture|film|feature|actor|actress|director|screenplay|role|language|supporting|leading)(?![\w'’-]))"
    r"{0,7}"
)
_NAMED_PRIZE = re.compile(
    rf"\b(?:(?:[A-Z][\w'’.-]*|d'|de|du|of|the){_GAP}+){{0,4}}"
    r"(?:Prize|Award|Trophy|Medal|Honou?r|Lion|Bear|Palm|Leopard|"
    r"Shell|Globe|Palme d'Or|Palme d’Or|Grand Prix)\b"
)
_TRAILING = re.compile(r"(?:[\s,–—-]+(?:in|a|an|of|by|for|and|or|&|the))+$")
_BODY = re.compile(rf"\b((?:[A-Z][\w'’.-]*{_GAP}+){{1,5}})(?:Awards?|Oscars?)\b")


def award_categories(text: str) -> list[tuple[int, int, tuple[str, ...]]]:
    """(start, end, names) of each category or prize; the first name is the text's own."""
    bodies = [(m.start(), m.group(1).strip()) for m in _BODY.finditer(text)]
    found = []
    for rx in (_BEST, _NAMED_PRIZE):
        for m in rx.finditer(text):
            full = _TRAILING.sub("", m.group(0).rstrip(" ,.–—-"))
            variants = [full, re.sub(r"\s*\([^)]*\)", "", full), re.split(r"\s*[,(]", full)[0]]
            words = full.split()
            variants += [" ".join(words[:k]) for k in range(2, len(words))]
            body = next((b for pos, b in reversed(bodies) if pos < m.start()), None)
            if body and rx is _BEST:
                singular = (
                    "Academy Award" if body.casefold().startswith(("academy", "oscar")) else f"{body} Award"
                )
                variants += [f"{singular} for {v}" for v in variants[:3]]
            names = tuple(dict.fromkeys(v.strip() for v in variants if v.strip()))
            found.append((m.start(), m.start() + len(full), names))
    return found
