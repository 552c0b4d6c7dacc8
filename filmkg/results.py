"""Query results for people (an aligned text table) and for programs (SPARQL 1.1 CSV/TSV/JSON).

The machine formats come straight from pyoxigraph's serialisers; the table
shows literals as their text and IRIs as prefixed names, so the label
columns a query selects read naturally.
"""

from __future__ import annotations

from enum import Enum

import pyoxigraph as ox

from filmkg.errors import QueryError
from filmkg.namespaces import compact_iri
from filmkg.queries import QueryResult, one_line

#: Longest cell the table shows in full; longer text (evidence sentences) is cut with "...".
MAX_CELL = 100


class ResultFormat(str, Enum):
    TABLE = "table"
    CSV = "csv"
    TSV = "tsv"
    JSON = "json"


_SERIALIZER = {
    ResultFormat.CSV: ox.QueryResultsFormat.CSV,
    ResultFormat.TSV: ox.QueryResultsFormat.TSV,
    ResultFormat.JSON: ox.QueryResultsFormat.JSON,
}


def render(result: QueryResult, fmt: ResultFormat) -> str:
    """The result as text in `fmt`; CONSTRUCT/DESCRIBE results print as N-Triples."""
    try:
        if isinstance(result, ox.QueryTriples):
            return _text(result.serialize(format=ox.RdfFormat.N_TRIPLES))
        if fmt is ResultFormat.TABLE:
            if isinstance(result, ox.QueryBoolean):
                return "yes\n" if bool(result) else "no\n"
            return table(result)
        return _text(result.serialize(format=_SERIALIZER[fmt]))
    except (RuntimeError, OSError, ValueError, SyntaxError) as e:
        raise QueryError(f"query failed while running: {one_line(str(e))}") from e


def _text(data: bytes | None) -> str:
    return data.decode("utf-8") if data is not None else ""


def cell_text(term: object) -> str:
    """How one result term reads in the table."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        text = " ".join(term.value.split())
        return text if len(text) <= MAX_CELL else text[: MAX_CELL - 3] + "..."
    if isinstance(term, ox.NamedNode):
        return compact_iri(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def table(solutions: ox.QuerySolutions) -> str:
    """An aligned plain-text table with a header row and a row count."""
    names = [v.value for v in solutions.variables]
    rows = [[cell_text(solution[name]) for name in names] for solution in solutions]
    widths = [max([len(name), *(len(row[i]) for row in rows)]) for i, name in enumerate(names)]
    lines = ["  ".join(name.ljust(w) for name, w in zip(names, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"
