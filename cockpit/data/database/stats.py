"""One scan per heavy table: row counts, how many rows break each rule, the latest dates.

Examples of bad rows are then fetched only for the rules some row breaks, so a clean table costs
one scan for its checks and one for its reduction.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from cockpit.data.database.checks import Rule, column_rules, raw_name
from cockpit.data.database.connection import Database, quote_identifier
from cockpit.data.database.sql import (
    Params,
    SourceTable,
    canonical_select,
    row_columns,
    row_rules,
    valid_rows,
)
from cockpit.period import DATE_COLUMNS


@dataclass
class TableStats:
    """What one scan of a heavy table found."""

    rows_read: int
    rows_valid: int
    """Rows that keep every rule (ids may repeat among them)."""
    rows_kept: int
    """Rows a file loader would keep (one per id; one of exact copies in a table without ids)."""
    duplicate_rows: int
    """Rows whose id another row has (before any other rule); in a table without ids, kept
    rows that are exact copies of another."""
    unknown_reps: int
    broken: list[tuple[str, Rule, int]] = field(default_factory=list)
    """(column, rule, rows) for each rule some row breaks."""
    latest: date | None = None
    earliest: date | None = None


def table_stats(db: Database, source: SourceTable, reps: SourceTable | None) -> TableStats:
    """Counts for every rule, kept rows, duplicates, unknown reps and the latest date, at once."""
    params = Params(db.dialect)
    rules = [
        (column.name, rule)
        for column in source.table.columns
        if source.provides(column.name)
        for rule in column_rules(source, column)
    ]
    valid = " AND ".join(row_rules(source, params)) or "1 = 1"
    parts = ["COUNT(*) AS ck_rows", f"SUM(CASE WHEN {valid} THEN 1 ELSE 0 END) AS ck_kept"]
    for i, (name, rule) in enumerate(rules):
        broken = _condition(source, name, rule, params)
        parts.append(f"SUM(CASE WHEN {broken} THEN 1 ELSE 0 END) AS ck_rule{i}")
    key = source.table.key
    if key:
        k = quote_identifier(key)
        parts.append(f"COUNT(DISTINCT CASE WHEN {valid} THEN {k} END) AS ck_kept_keys")
        parts.append(f"COUNT({k}) - COUNT(DISTINCT {k}) AS ck_dups")
    dates = _date_columns(source)
    for i, column in enumerate(dates):
        parts.append(f"MAX(CASE WHEN {valid} THEN {_dated(column, params)} END) AS ck_date{i}")
        parts.append(f"MIN(CASE WHEN {valid} THEN {_dated(column, params)} END) AS ck_first{i}")
    checks_reps = reps is not None and "rep_id" in source.table.column_names
    if checks_reps:
        parts.append(
            f'SUM(CASE WHEN {valid} AND ck_c."rep_id" IS NOT NULL AND ck_r.ck_rep IS NULL '
            "THEN 1 ELSE 0 END) AS ck_unknown_reps"
        )
    raws = [name for name, rule in rules if "{raw" in rule.condition]
    canon = canonical_select(source, params, clear_negative=False, raw_of=raws, fenced=True)
    join = ""
    if checks_reps and reps is not None:
        known = canonical_select(reps, params)
        join = (
            f' LEFT JOIN (SELECT DISTINCT "rep_id" AS ck_rep FROM ({known}) AS ck_k '
            'WHERE "rep_id" IS NOT NULL) AS ck_r ON ck_c."rep_id" = ck_r.ck_rep'
        )
    sql = f"SELECT {', '.join(parts)} FROM ({canon}) AS ck_c{join}"
    row = db.query(sql, params.values).row(0, named=True)
    stats = _stats(row, rules, dates, key is not None)
    if any(part.shaping.where for part in source.parts or (source,)):
        # The rows the mapping's where leaves out are read too, and said as left out.
        stats.rows_read = sum(
            int(db.query(f"SELECT COUNT(*) AS ck_rows FROM {quote_identifier(part.name)}").item())
            for part in source.parts or (source,)
        )
    if key is None and stats.rows_valid > 1:
        stats.duplicate_rows = copy_count(db, source)
        stats.rows_kept -= stats.duplicate_rows
    return stats


def copy_count(db: Database, source: SourceTable) -> int:
    """Kept rows of a table without ids that are exact copies of another kept row.

    A query of its own: rows are compared in every column, the source's other ones too, which
    the checking scan does not read.
    """
    params = Params(db.dialect)
    valid = valid_rows(replace(source, has_duplicates=False), params, extras=True)
    columns = ", ".join(row_columns(source))
    sql = (
        "SELECT COALESCE(SUM(ck_n), 0) AS ck_copies FROM (SELECT COUNT(*) - 1 AS ck_n "
        f"FROM ({valid}) AS ck_v GROUP BY {columns} HAVING COUNT(*) > 1) AS ck_g"
    )
    return int(db.query(sql, params.values).item())


def _condition(source: SourceTable, name: str, rule: Rule, params: Params) -> str:
    q = quote_identifier(name)
    allowed = ""
    if "{allowed}" in rule.condition:
        allowed = params.bind_list(source.table.column(name).allowed or ())
    return rule.condition.format(q=q, raw=raw_name(name), allowed=allowed)


def _date_columns(source: SourceTable) -> list[str]:
    columns = DATE_COLUMNS.get(source.table.name, ())
    return [c for c in columns if source.provides(c)]


def _dated(column: str, params: Params) -> str:
    """An open deal's close date is only expected: it does not count toward as_of."""
    q = quote_identifier(column)
    if column == "close_date":
        return f'CASE WHEN "stage" <> {params.bind("open")} THEN {q} END'
    return q


def _stats(
    row: dict[str, object], rules: list[tuple[str, Rule]], dates: list[str], keyed: bool
) -> TableStats:
    def count(name: str) -> int:
        value = row.get(name)
        return int(value) if isinstance(value, int | float) else 0

    found = [_as_date(row[f"ck_date{i}"]) for i in range(len(dates))]
    known = [d for d in found if d is not None]
    firsts = [d for i in range(len(dates)) if (d := _as_date(row[f"ck_first{i}"])) is not None]
    return TableStats(
        rows_read=count("ck_rows"),
        rows_valid=count("ck_kept"),
        rows_kept=count("ck_kept_keys") if keyed else count("ck_kept"),
        duplicate_rows=count("ck_dups"),
        unknown_reps=count("ck_unknown_reps"),
        broken=[
            (n, r, count(f"ck_rule{i}")) for i, (n, r) in enumerate(rules) if count(f"ck_rule{i}")
        ],
        latest=max(known) if known else None,
        earliest=min(firsts) if firsts else None,
    )


def _as_date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        return date.fromisoformat(value[:10])
    return None
