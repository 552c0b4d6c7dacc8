"""Query answers for Python callers: rows of plain values, and a pandas DataFrame when pandas is there."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Literal

from filmkg.store.convert import to_rdflib


def _plain(term: object) -> object:
    """An IRI as its string, a literal as its Python value (int, Decimal, date, str ...)."""
    if term is None:
        return None
    node = to_rdflib(term)
    if isinstance(node, Literal):
        value = node.toPython()
        return str(value) if isinstance(value, Literal) else value
    return str(node)


@dataclass(frozen=True)
class Rows:
    """The answer of a SELECT: column names and one dict per row (unbound values are None)."""

    columns: tuple[str, ...]
    rows: tuple[dict[str, object], ...]

    @classmethod
    def from_solutions(cls, solutions: ox.QuerySolutions) -> Rows:
        columns = tuple(v.value for v in solutions.variables)
        rows = tuple({c: _plain(s[c]) for c in columns} for s in solutions)
        return cls(columns, rows)

    def __iter__(self) -> Iterator[dict[str, object]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index: int) -> dict[str, object]:
        return self.rows[index]

    def to_dataframe(self):  # -> pandas.DataFrame (pandas is optional)
        """The rows as a pandas DataFrame, one column per variable (the optional `filmkg[pandas]` extra)."""
        try:
            import pandas as pd
        except ImportError as e:
            from filmkg.errors import FilmkgError

            raise FilmkgError("to_dataframe() needs pandas: pip install 'filmkg[pandas]' (or pandas)") from e
        return pd.DataFrame(list(self.rows), columns=list(self.columns))
