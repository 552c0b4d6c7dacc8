"""Query results for people (an aligned text table) and for programs (SPARQL 1.1 CSV/TSV/JSON).

The machine formats come straight from pyoxigraph's serialisers; the table
shows literals as their text and IRIs as prefixed names, so the label
columns a query selects read naturally.
"""

from __future__ import annotations

import itertools
import json
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


def render_capped(result: QueryResult, fmt: ResultFormat, *, max_rows: int | None) -> tuple[str, bool]:
    """`render` of at most `max_rows` rows (triples for CONSTRUCT), and whether rows were cut.

    Rows are pulled one by one, so a result of millions of rows costs only `max_rows` of memory.
    The kept rows go back through pyoxigraph's own results parser and serialisers, so the output
    is exactly what `render` would give for a result of those rows.
    """
    if max_rows is None or isinstance(result, ox.QueryBoolean):
        return render(result, fmt), False
    try:
        rows = list(itertools.islice(result, max_rows + 1))
    except (RuntimeError, OSError, ValueError, SyntaxError) as e:
        raise QueryError(f"query failed while running: {one_line(str(e))}") from e
    truncated = len(rows) > max_rows
    rows = rows[:max_rows]
    if isinstance(result, ox.QueryTriples):
        return _text(ox.serialize(rows, format=ox.RdfFormat.N_TRIPLES)), truncated
    names = [v.value for v in result.variables]
    document = {"head": {"vars": names},
                "results": {"bindings": [_binding(row, names) for row in rows]}}
    kept = ox.parse_query_results(json.dumps(document).encode("utf-8"), format=ox.QueryResultsFormat.JSON)
    return render(kept, fmt), truncated  # type: ignore[arg-type]


def _binding(solution: ox.QuerySolution, names: list[str]) -> dict[str, dict[str, str]]:
    """One solution in the SPARQL 1.1 JSON results shape."""
    binding = {}
    for name in names:
        term = solution[name]
        if isinstance(term, ox.NamedNode):
            binding[name] = {"type": "uri", "value": term.value}
        elif isinstance(term, ox.BlankNode):
            binding[name] = {"type": "bnode", "value": term.value}
        elif isinstance(term, ox.Literal):
            binding[name] = {"type": "literal", "value": term.value}
            if term.language:
                binding[name]["xml:lang"] = term.language
            elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
                binding[name]["datatype"] = term.datatype.value
    return binding


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
