"""The heavy tables reduced in the database for one review period, and drill-down slices."""

from __future__ import annotations

import polars as pl

from cockpit.data.database.connection import Database, quote_identifier
from cockpit.data.database.sql import Params, SourceTable, valid_rows
from cockpit.data.schema import ACTIVITY_COUNTS, LEAD_COUNT
from cockpit.period import Period

DRILL_LIMIT = 1000
"""Rows a drill-down fetches at most (a rep's deals, leads or accounts)."""


def activities_for(db: Database, source: SourceTable, period: Period) -> pl.DataFrame:
    """Per rep: calls, emails and meetings summed over the elapsed period (one row per rep)."""
    params = Params(db.dialect)
    valid = valid_rows(source, params)
    sums = ", ".join(f'CAST(SUM(COALESCE("{c}", 0)) AS BIGINT) AS "{c}"' for c in ACTIVITY_COUNTS)
    sql = (
        f'SELECT "rep_id", MAX("date") AS "date", {sums} FROM ({valid}) AS ck_v '
        f'WHERE "date" BETWEEN {params.bind(period.start)} AND {params.bind(period.elapsed_end)} '
        'GROUP BY "rep_id"'
    )
    return to_canonical(db.query(sql, params.values), source)


def leads_for(db: Database, source: SourceTable, period: Period) -> pl.DataFrame:
    """Leads counted per rep × origin × converted, this period and the previous one apart.

    Each row's assigned_date is the latest of its group, so it falls in the period it counts for.
    """
    params = Params(db.dialect)
    valid = valid_rows(source, params)
    previous, start, end = period.previous(), period.start, period.end
    sql = (
        f'SELECT "rep_id", "origin", "converted", MAX("assigned_date") AS "assigned_date", '
        f'COUNT(*) AS "{LEAD_COUNT}" FROM ({valid}) AS ck_v '
        f'WHERE "assigned_date" BETWEEN {params.bind(previous.start)} AND {params.bind(end)} '
        f'GROUP BY "rep_id", "origin", "converted", '
        f'CASE WHEN "assigned_date" >= {params.bind(start)} THEN 1 ELSE 0 END'
    )
    frame = to_canonical(db.query(sql, params.values), source)
    return frame.with_columns(pl.col(LEAD_COUNT).cast(pl.Int64))


def deals_for(db: Database, source: SourceTable, period: Period) -> pl.DataFrame:
    """The deals the panes and drill-downs use: closed in the period, or open."""
    params = Params(db.dialect)
    valid = valid_rows(source, params)
    sql = (
        f"SELECT * FROM ({valid}) AS ck_v WHERE "
        f'"close_date" BETWEEN {params.bind(period.start)} AND {params.bind(period.end)} '
        f'OR "stage" = {params.bind("open")}'
    )
    return to_canonical(db.query(sql, params.values), source)


def all_rows(db: Database, source: SourceTable) -> pl.DataFrame:
    """Every row a file loader would keep, unreduced (a snapshot copies the whole source)."""
    params = Params(db.dialect)
    frame = db.query(f"SELECT * FROM ({valid_rows(source, params)}) AS ck_v", params.values)
    return to_canonical(frame, source)


def rows_where(db: Database, source: SourceTable, column: str, value: object) -> pl.DataFrame:
    """The kept rows whose `column` equals `value`, at most DRILL_LIMIT of them."""
    if column not in source.table.column_names:
        raise ValueError(f"{source.table.name} has no column {column!r}")
    params = Params(db.dialect)
    valid = valid_rows(source, params)
    sql = (
        f"SELECT * FROM ({valid}) AS ck_v WHERE {quote_identifier(column)} = {params.bind(value)} "
        f"LIMIT {DRILL_LIMIT}"
    )
    return to_canonical(db.query(sql, params.values), source)


def to_canonical(frame: pl.DataFrame, source: SourceTable) -> pl.DataFrame:
    """Driver types (ISO text dates from SQLite, 0/1 booleans, decimals) to canonical dtypes."""
    casts = []
    for column in source.table.columns:
        if column.name not in frame.columns:
            continue
        value = pl.col(column.name)
        if column.kind == "date" and frame.schema[column.name] == pl.String():
            value = value.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)
        casts.append(value.cast(column.dtype, strict=False).alias(column.name))
    return frame.with_columns(casts)
