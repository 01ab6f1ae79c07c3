"""Cockpit's first-open checks written plainly in DuckDB: the same work, to time a first open by.

A first open of never-seen data reads every column of every table, trims the text, parses every
value and counts every rule of the data contract (`cockpit.data.schema`): required values, types,
non-negative numbers, allowed values, unique ids, exact copies of rows without ids, references
that point nowhere, and the rules of deals, quotas and currencies. This does the same as an
analyst would in DuckDB: each table staged once with one flag per rule, the rows no rule sets
aside kept (the first of each id), references checked against the kept rows of the table they
point to, then the panes' aggregates (`reference.DUCKDB_REPS`, `DUCKDB_SEGMENTS`) over the kept
rows. It counts each rule's problems as `cockpit check` does, without writing its row-by-row
report. For canonical folders (no mapping file).
"""

from __future__ import annotations

from pathlib import Path

import duckdb  # imported with the module: the timed work excludes imports, as cockpit's does
import polars as pl

from cockpit.bench.checks_rules import (
    Checked,
    check_currencies,
    check_deals,
    check_quotas,
    check_rates,
    check_references,
    derive_reps,
    one_row,
    one_value,
    without_copies,
    without_repeated_ids,
)
from cockpit.bench.checks_sql import MACROS, table_sql
from cockpit.bench.reference import table_path
from cockpit.bench.reference_sql import DUCKDB_REPS, DUCKDB_SEGMENTS
from cockpit.data.schema import CHECK_ORDER, TABLES, Table
from cockpit.period import Period

AGGREGATED = ("reps", "deals", "activities", "leads", "accounts")
"""The tables the panes' aggregates read."""


def duckdb_checks(folder: Path, period: Period) -> Checked:
    """Every table of `folder` read, checked and kept as a first open does, then aggregated."""
    checked = Checked()
    with duckdb.connect() as con:
        con.execute("set TimeZone = 'UTC'")  # a zoned date-time's day, as cockpit takes it
        con.execute("set enable_progress_bar = false")
        con.execute(MACROS)
        for name in CHECK_ORDER:
            path = _found(folder, name)
            if path is not None:
                check_table(con, TABLES[name], path, checked)
            if name == "deals" and "reps" not in checked.rows_kept and "deals" in checked.rows_kept:
                derive_reps(con, checked)
        if all(name in checked.rows_kept for name in AGGREGATED):
            checked.reps, checked.segments = aggregates(con, period)
    return checked


def _found(folder: Path, name: str) -> Path | None:
    """The file of table `name` in `folder`, if any."""
    try:
        return table_path(folder, name)
    except FileNotFoundError:
        return None


def check_table(con: duckdb.DuckDBPyConnection, table: Table, path: Path, checked: Checked) -> None:
    """Stage `path` with a flag per rule and count the flags, then check the rows no rule sets
    aside: repeats, references, the table's own rules."""
    kept_columns = stage(con, table, path, checked)
    if kept_columns is None:
        return
    name = table.name
    if table.key is not None:
        without_repeated_ids(con, table, checked)
    else:
        without_copies(con, table, kept_columns, checked)
    if name == "currency_rates":
        check_rates(con, checked)
    if name in ("deals", "accounts"):
        check_currencies(con, name, checked)
    check_references(con, table, checked)
    if name == "deals":
        check_deals(con, checked)
    if name == "quotas":
        check_quotas(con, checked)
    checked.rows_kept[name] = one_value(con, f"select count(*) from {name}")


def stage(
    con: duckdb.DuckDBPyConnection, table: Table, path: Path, checked: Checked
) -> list[str] | None:
    """Every cell of `path` read, parsed and flagged; each rule's rows counted, and the rows no
    rule sets aside kept (the view `<table>`). Their columns; None when the file lacks a
    required column (nothing of it is kept)."""
    name, reader = table.name, _reader(path)
    types = {row[0]: row[1] for row in con.sql(f"describe select * from {reader}").fetchall()}
    sql = table_sql(table, reader, types)
    for column in sql.missing:
        checked.count(name, column, "error", "required column", 1)
    if sql.missing:
        return None
    for column in sql.absent:
        checked.count(name, column, "warning", f"no {column} column", 1)
    # Rows are stored in any order (twice as fast), each with its number in the file, which
    # says which row of a repeated id comes first. A CSV reader numbers none: its rows are
    # staged in the file's order, and numbered by their place.
    con.execute(f"set preserve_insertion_order = {str(path.suffix != '.parquet').lower()}")
    con.execute(sql.staged)
    con.execute("set preserve_insertion_order = false")
    rows, skipped, *hits = one_row(con, sql.counts)
    checked.rows_read[name] = rows
    checked.count(name, None, "warning", "the file has a header but no rows", rows == 0)
    checked.count(name, None, "info", "blank rows skipped", skipped)
    for rule, n in zip(sql.rules, hits, strict=True):
        checked.count(name, rule.column, rule.severity, rule.words, n)
    con.execute(sql.kept)
    return sql.kept_columns


def _reader(path: Path) -> str:
    """DuckDB's reader of `path`."""
    if path.suffix == ".parquet":
        return f"read_parquet('{path.as_posix()}', file_row_number = true)"
    # Every cell as text, as cockpit reads a CSV file: the rules decide what it holds.
    return f"read_csv('{path.as_posix()}', all_varchar = true, header = true)"


def aggregates(con: duckdb.DuckDBPyConnection, period: Period) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The reference's per-rep and per-segment aggregates, over the kept rows."""
    tables = {name: name for name in AGGREGATED}
    dates = {
        "start": period.start,
        "end": period.end,
        "as_of": period.as_of,
        "elapsed_end": period.elapsed_end,
    }
    rep_dates = {k: v for k, v in dates.items() if k != "as_of"}
    segment_dates = {k: v for k, v in dates.items() if k != "elapsed_end"}
    reps = con.sql(DUCKDB_REPS.format(**tables), params=rep_dates).pl()
    segments = con.sql(DUCKDB_SEGMENTS.format(**tables), params=segment_dates).pl()
    return reps, segments
