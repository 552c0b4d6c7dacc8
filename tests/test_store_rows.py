"""Query rows for Python callers: plain values, and a pandas DataFrame (the `filmkg[pandas]` extra)."""

from __future__ import annotations

import builtins
import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph

import filmkg
from filmkg.errors import FilmkgError

SEED_GRAPH = Path(__file__).resolve().parent.parent / "data" / "anora.ttl"


@pytest.fixture(scope="module")
def rows(tmp_path_factory):
    with filmkg.open(tmp_path_factory.mktemp("rows") / "kg") as kg:
        kg.add_graph("anora", Graph().parse(SEED_GRAPH), validate=False)
        return kg.query("release-and-money", film="Anora")


def test_rows_hold_python_values(rows):
    assert len(rows) > 0 and rows.columns[0] == "film"
    values = {type(v) for row in rows for v in row.values() if v is not None}
    assert str in values
    assert values & {datetime.date, Decimal, int}, values


def test_to_dataframe_has_the_columns_and_rows(rows):
    pd = pytest.importorskip("pandas")  # installed by `make test` (requirements.lock)
    frame = rows.to_dataframe()
    assert isinstance(frame, pd.DataFrame)
    assert tuple(frame.columns) == rows.columns
    assert len(frame) == len(rows)
    assert frame.iloc[0].to_dict() == {c: rows[0][c] for c in rows.columns} | {
        c: None for c in rows.columns if rows[0][c] is None}


def test_to_dataframe_without_pandas_says_how_to_get_it(rows, monkeypatch):
    real_import = builtins.__import__

    def no_pandas(name, *args, **kwargs):
        if name == "pandas" or name.startswith("pandas."):
            raise ImportError("No module named 'pandas'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pandas)
    with pytest.raises(FilmkgError, match=r"pip install 'filmkg\[pandas\]'"):
        rows.to_dataframe()
