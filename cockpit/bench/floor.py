"""The least any first open that checks every row must do, timed to show how close cockpit is.

Reading every cell of every table, trimming the text and counting the distinct ids (no rule
checked, nothing kept): DuckDB's plain aggregates read only the columns they sum, so no open
that checks each row as the data contract asks can be faster than this.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from cockpit.bench.reference import table_path
from cockpit.data.schema import TABLES


def check_floor(folder: Path) -> list[pl.DataFrame]:
    """Every table of `folder` read, its text trimmed and its distinct ids counted."""
    plans = [_table_floor(path, name) for name in TABLES if (path := _found(folder, name))]
    return pl.collect_all(plans, engine="streaming")


def _found(folder: Path, name: str) -> Path | None:
    try:
        return table_path(folder, name)
    except FileNotFoundError:
        return None


def _table_floor(path: Path, name: str) -> pl.LazyFrame:
    """One row: the table's rows, distinct ids and trimmed text cells."""
    if path.suffix == ".parquet":
        frame = pl.scan_parquet(path)
    else:
        frame = pl.scan_csv(path, infer_schema=False)
    schema = frame.collect_schema()
    text = [c for c, dtype in schema.items() if dtype == pl.String()]
    key = TABLES[name].key
    return frame.with_columns(pl.col(text).str.strip_chars()).select(
        pl.len().alias("rows"),
        (pl.col(key).hash().n_unique() if key else pl.len()).alias("ids"),
        *(pl.col(c).null_count().alias(f"{c}_nulls") for c in schema),
    )
