"""A whole DuckDB script of the panes' aggregates, timed from spawn to exit beside `cockpit report`.

    python -m cockpit.bench.duckdb_script FOLDER START END AS_OF

What an analyst would run instead of `cockpit report FOLDER --pane all --format json`: import
DuckDB, run the reference's SQL (`reference_sql.py`) on the folder's files, print the rows as
JSON: `{"reps": [...], "segments": [...]}`. Only DuckDB and orjson are imported: no Polars
(0.15–0.2 s of a 0.3 s script), which such a script would not load.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import orjson

from cockpit.bench.reference_sql import DUCKDB_REPS, DUCKDB_SEGMENTS


def reader(folder: Path, name: str) -> str:
    """DuckDB's reader of table `name` (Parquet preferred), as the reference reads it."""
    parquet, csv = folder / f"{name}.parquet", folder / f"{name}.csv"
    if parquet.is_file():
        return f"read_parquet('{parquet.as_posix()}')"
    return f"read_csv_auto('{csv.as_posix()}')"


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, date]) -> list[dict[str, Any]]:
    """The rows of `sql` as objects, named by column."""
    relation = con.sql(sql, params=params)
    names = relation.columns
    return [dict(zip(names, row, strict=True)) for row in relation.fetchall()]


def main(argv: list[str]) -> int:
    """Compute the aggregates of FOLDER for the period and print them as JSON."""
    folder = Path(argv[0])
    start, end, as_of = (date.fromisoformat(a) for a in argv[1:4])
    tables = {n: reader(folder, n) for n in ("reps", "deals", "activities", "leads", "accounts")}
    with duckdb.connect() as con:
        reps = rows(
            con,
            DUCKDB_REPS.format(**tables),
            {"start": start, "end": end, "elapsed_end": min(end, as_of)},
        )
        segments = rows(
            con,
            DUCKDB_SEGMENTS.format(**tables),
            {"start": start, "end": end, "as_of": as_of},
        )
    sys.stdout.buffer.write(orjson.dumps({"reps": reps, "segments": segments}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
