"""Award, ceremony and festival mentions in plain text, normalised to full names.

"Best Picture" near "the Oscars" -> "Academy Award for Best Picture";
"the Golden Lion" -> "Golden Lion"; "77th Cannes Film Festival" -> the festival
"Cannes Film Festival" with the edition kept as an alias. Pure string code over
sentences, driven by `patterns/awards.json`, so it is testable without spaCy.

Kept because: the trained extractor's award and festival candidates with normalised
names ("Academy Award for Best Picture" for "Best Picture" near "the Oscars", the
festival for "the 77th Cannes") are these mentions (extract/model/objects.py reads
`doc._.film_mentions`); its own reader adds only bare categories and named prizes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extract.nlp.gazetteer import domain

_CAP = r"[A-Z\u00C0-\u00DE][\w'’.\u00C0-\u024F-]*"
_CONNECT = r"(?:or|and|in|a|an|by|of|for|–|—|-|&)"
_CATWORD = r"(?!Best\b|Outstanding\b)[A-Z\u00C0-\u00DE][\w'’\u00C0-\u024F-]*"
_CATEGORY = re.compile(rf"\b(?:Best|Outstanding)(?:(?:\s+{_CONNECT})*\s+{_CATWORD})+")
_FULL = re.compile(
    rf"\b({_CAP}(?:\s+(?:{_CAP}|of|the|de))*?\s+(?:Award|Prize|Medal|Trophy))\s+for\s+"
    rf"(?=Best|Outstanding)"
)
_ORDINAL = r"(?:(?P<ord>\d+(?:st|nd|rd|th))\s+|(?P<year>(?:19|20)\d\d)\s+)?"
_GENERIC_FESTIVAL = re.compile(
    _ORDINAL + rf"(?P<name>(?:{_CAP}\s+){{1,5}}(?:International\s+)?(?:Film\s+)?Festival|"
    rf"International\s+Film\s+Festival\s+(?:of\s+)?{_CAP}(?:\s+{_CAP})?)"
)
_GENERIC_BODY = re.compile(_ORDINAL + rf"(?P<name>(?:{_CAP}\s+){{1,5}}Awards)\b")
_PRIZE_ROLE = re.compile(
    r"\s+for\s+(best\s+(?:supporting\s+|lead\s+|leading\s+)?(?:actor|actress|director|direction|screenplay|"
    r"cinematography|performance|film|documentary|short film|music|score|editing|debut))\b",
    re.IGNORECASE,
)
#: "Prix Jean Vigo", "the Jane Doe Prize", "the Golden Reel Award" (singular, not a ceremony)
_GENERIC_PRIZE = re.compile(
    rf"\bPrix\s+(?:{_CAP}\s+){{0,3}}{_CAP}|\b(?:{_CAP}\s+){{1,4}}(?:Prize|Award|Trophy|Medal)\b(?!\s+for\b)(?!s)"
)
_TRAILING = re.compile(r"(?:\s+(?:or|and|in|a|an|by|of|the|for|–|—|-|&))+$")

#: Categories that honour a person rather than the film itself.
PERSON_CATEGORY = re.compile(
    r"\b(Actor|Actress|Director|Directing|Performance|Screenplay|Writing|Cinematography|Score|"
    r"Editing|Song|Supporting|Lead|Leading|Newcomer|Debut)\b"
)


@dataclass(frozen=True)
class AwardMention:
    """An award (or ceremony / festival) named in a sentence, with its full name."""

    start: int  # char offsets within the text given to `find_mentions`
    end: int
    kind: str  # "award", "body" (ceremony), "festival"
    name: str
    aliases: tuple[str, ...] = ()
    person_category: bool = False
    written_full: bool = False  # the text spelt out "X Award for Best Y" itself


Table = tuple[re.Pattern[str], dict[str, dict]]


@lru_cache(maxsize=1)
def _tables() -> tuple[Table, Table, Table]:
    """One alternation per table (longest mention first), and the row of each mention."""
    d = domain()

    def compile_all(rows: list[dict]) -> Table:
        lookup = {m: row for row in rows for m in row["mentions"]}
        names = "|".join(re.escape(m) for m in sorted(lookup, key=len, reverse=True))
        return re.compile(_ORDINAL + r"(?P<name>" + names + r")(?![\w'’])"), lookup

    return compile_all(d.bodies), compile_all(d.prizes), compile_all(d.festivals)


def _overlaps(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    return any(s < pe and ps < e for ps, pe in spans)


def _clean_category(text: str) -> str:
    return _TRAILING.sub("", text).strip()


def find_mentions(
    text: str, *, context_festivals: frozenset[str] = frozenset(), context_body: str | None = None
) -> list[AwardMention]:
    """All award, ceremony and festival mentions in `text`, left to right, without overlaps.

    `context_festivals` are festivals named earlier in the document: "the Grand Jury Prize" in
    a Sundance report is Sundance's.
    """
    bodies_re, prizes_re, festivals_re = _tables()
    found: list[AwardMention] = []
    taken: list[tuple[int, int]] = []
    bodies: list[tuple[int, dict]] = []
    festivals: list[tuple[int, str]] = []

    # Full award names as written ("Academy Award for Best Picture").
    for m in _FULL.finditer(text):
        cat = _CATEGORY.match(text, m.end())
        if not cat:
            continue
        category = _clean_category(cat.group(0))
        prefix = m.group(1)
        end = m.end() + len(category)
        name, aliases = _full_name(prefix, category)
        found.append(
            AwardMention(
                m.start(1),
                end,
                "award",
                name,
                aliases,
                bool(PERSON_CATEGORY.search(category)),
                written_full=True,
            )
        )
        taken.append((m.start(1), end))
    for m in bodies_re[0].finditer(text):
        row = bodies_re[1][m.group("name")]
        if not _overlaps(taken, m.start(), m.end()):
            taken.append((m.start(), m.end()))
            bodies.append((m.start(), row))
            found.append(AwardMention(m.start(), m.end(), "body", row["name"], (m.group(0),)))
    for m in _GENERIC_BODY.finditer(text):
        name = m.group("name")
        if _overlaps(taken, m.start(), m.end()) or name.split()[0] in {"The", "Awards"}:
            continue
        row = {"name": name, "prefix": name[:-1], "mentions": [name]}  # "X Film Awards" -> "X Film Award"
        taken.append((m.start(), m.end()))
        bodies.append((m.start(), row))
        found.append(AwardMention(m.start(), m.end(), "body", name, (m.group(0),)))
    for m in festivals_re[0].finditer(text):
        row = festivals_re[1][m.group("name")]
        if _overlaps(taken, m.start(), m.end()):
            continue
        weak = " " not in m.group("name") and "Fest" not in m.group("name")
        if weak and not _festival_context(text, m.start(), m.end()):
            continue
        taken.append((m.start(), m.end()))
        festivals.append((m.start(), row["name"]))
        found.append(
            AwardMention(
                m.start(),
                m.end(),
                "festival",
                row["name"],
                tuple({m.group(0), m.group("name")} - {row["name"]}),
            )
        )
    for m in _GENERIC_FESTIVAL.finditer(text):
        name = re.sub(r"^(?:The|the)\s+", "", m.group("name"))
        if _overlaps(taken, m.start(), m.end()) or name.split()[0] in {"Film", "Festival"}:
            continue
        taken.append((m.start(), m.end()))
        festivals.append((m.start(), name))
        found.append(AwardMention(m.start(), m.end(), "festival", name, tuple({m.group(0)} - {name})))
    for m in prizes_re[0].finditer(text):
        row = prizes_re[1][m.group("name")]
        if _overlaps(taken, m.start("name"), m.end()):
            continue
        name = row["name"]
        if row.get("needs_festival"):
            fest = row.get("festival")
            if (
                fest is not None
                and not any(f == fest for _, f in festivals)
                and fest not in context_festivals
            ):
                continue
        end = m.end()
        prize_aliases = {m.group("name")} - {name}
        role = _PRIZE_ROLE.match(text, end)
        if role and "(" not in name:  # "the Silver Bear for best director"
            prize_aliases.add(name)
            name = f"{name} for {role.group(1).title()}"
            end = role.end()
        taken.append((m.start("name"), end))
        found.append(
            AwardMention(
                m.start("name"),
                end,
                "award",
                name,
                tuple(sorted(prize_aliases)),
                bool(role and PERSON_CATEGORY.search(role.group(1).title())),
            )
        )
    for m in _GENERIC_PRIZE.finditer(text):
        name = re.sub(r"^(?:The|the)\s+", "", m.group(0))
        if _overlaps(taken, m.start(), m.end()) or name.split()[0] in {"Award", "Prize", "Best"}:
            continue
        taken.append((m.start(), m.end()))
        found.append(AwardMention(m.start(), m.end(), "award", name))
    for m in _CATEGORY.finditer(text):
        category = _clean_category(m.group(0))
        end = m.start() + len(category)
        if _overlaps(taken, m.start(), end) or len(category.split()) < 2:
            continue
        body = _nearest(bodies, m.start())
        if body is None and context_body is not None:
            # a list line under "Oscars 2025: full list of winners"
            body = next((b for b in domain().bodies if b["name"] == context_body), None)
        if body is not None:
            name, aliases = _full_name(body["prefix"], category, body)
        else:
            name, aliases = category, ()
        taken.append((m.start(), end))
        found.append(
            AwardMention(m.start(), end, "award", name, aliases, bool(PERSON_CATEGORY.search(category)))
        )
    found.sort(key=lambda a: a.start)
    return found


def _festival_context(text: str, start: int, end: int) -> bool:
    """A bare city name ("Cannes") counts as the festival only in festival-ish wording."""
    window = text[max(0, start - 40) : end + 40].casefold()
    return bool(
        re.search(
            r"premiere|festival|competition|screened|palme|lion|bear|jury|selection|"
            r"lineup|line-up|sidebar|prize|award",
            window,
        )
    )


def _nearest(items: list[tuple[int, dict]], pos: int) -> dict | None:
    if not items:
        return None
    return min(items, key=lambda it: abs(it[0] - pos))[1]


def _full_name(prefix: str, category: str, body: dict | None = None) -> tuple[str, tuple[str, ...]]:
    """'<prefix> for <category>', canonical prefix first; other spellings become aliases."""
    if body is None:
        for row in domain().bodies:
            forms = [row["prefix"], *row.get("alt_prefixes", ()), *row["mentions"]]
            if any(prefix.endswith(f) for f in forms):
                body = row
                break
    aliases = {category, f"{prefix} for {category}"}
    canonical = f"{prefix} for {category}"
    if body is not None:
        canonical = f"{body['prefix']} for {category}"
        aliases.update(f"{p} for {category}" for p in body.get("alt_prefixes", ()))
    aliases.discard(canonical)
    return canonical, tuple(sorted(aliases))


_WON = re.compile(
    r"\b(won|wins|win|winning|winner|winners|awarded|took home|takes home|picked up|"
    r"scooped|claimed|received the|went to|goes to|honou?red with|recipient|triumphed|"
    r"earned the|nabbed|landed the|bagged)\b",
    re.IGNORECASE,
)
_NOMINATED = re.compile(
    r"\b(nominated|nomination|nominations|nominee|nominees|nominating|vying|vie|"
    r"vies|competing|compete|competes|competed|competition|contender|contenders|contention|"
    r"shortlisted|shortlist|longlisted|up for|in the running|in the race|"
    r"selected to compete)\b",
    re.IGNORECASE,
)
_RIGHT_WON = re.compile(r"^\W{0,3}(?:-|\s)?(winner|winning|winners|laureate)\b", re.IGNORECASE)
_RIGHT_WENT = re.compile(
    r"^[^.;]{0,25}?\b(?:went|goes|go|was awarded|were awarded|was given|was presented|was handed)\s+to\b",
    re.IGNORECASE,
)
_RIGHT_NOM = re.compile(r"^\W{0,3}(?:-|\s)?(nominee|nominated|nominees|contender)\b", re.IGNORECASE)


def award_status(sentence: str, start: int, end: int) -> str | None:
    """'won' or 'nominated' for the award at [start, end) of `sentence`, from the nearest cue."""
    right = sentence[end : end + 20]
    if _RIGHT_WON.search(right) or _RIGHT_WENT.search(sentence[end : end + 60]):
        return "won"
    if _RIGHT_NOM.search(right):
        return "nominated"
    left = sentence[:start]
    best: tuple[int, str] | None = None
    for rx, status in ((_WON, "won"), (_NOMINATED, "nominated")):
        for m in rx.finditer(left):
            if best is None or m.start() > best[0]:
                best = (m.start(), status)
    return best[1] if best else None
