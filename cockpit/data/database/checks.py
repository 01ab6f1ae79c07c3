"""The loader's rules checked inside the database for the heavy tables, reported by key."""

from __future__ import annotations

from dataclasses import dataclass, replace

import polars as pl

from cockpit.data import problems as prob
from cockpit.data.database.connection import Database, quote_identifier
from cockpit.data.database.sql import (
    Params,
    SourceTable,
    canonical_select,
    row_columns,
    valid_rows,
)
from cockpit.data.files.parse import expected_text
from cockpit.data.schema import Column

EXAMPLES = 1000
"""Bad rows listed per rule at most (the database may hold millions)."""


def label_of(source: SourceTable, kind: str) -> str:
    """How problems name a database table: `deals (postgresql)`."""
    return f"{source.name} ({kind})"


def key_columns(source: SourceTable) -> list[str]:
    """The columns that identify a row in messages: the id, else rep and date."""
    key = source.table.key
    return [key] if key else [c for c in ("rep_id", "date") if c in source.table.column_names]


@dataclass(frozen=True)
class Rule:
    """One loader rule as SQL: the condition on a bad row, why, and what happens to it."""

    condition: str
    """Over `{q}` (the parsed column), `{raw}` (its text as stored) and `{allowed}`."""
    reason: str
    severity: prob.Severity
    action: str
    shows_raw: bool = False
    """Report the stored text (the parsed value is NULL)."""


def column_rules(source: SourceTable, column: Column) -> list[Rule]:
    """The rules a file loader applies to `column`, as SQL conditions."""
    allow_empty = source.mapping.allow_empty if source.mapping else []
    empty, filled = "{q} IS NULL AND ({raw} IS NULL OR TRIM({raw}) = '')", "TRIM({raw}) <> ''"
    why = expected_text(column, [])
    rules = []
    if column.required and column.name not in allow_empty and not column.fallback:
        rules.append(Rule(empty, "required value is empty", "error", prob.SET_ASIDE))
    if column.kind != "str":
        severity: prob.Severity = "error" if column.required else "warning"
        action = prob.SET_ASIDE if column.required else prob.CLEARED
        rules.append(Rule("{q} IS NULL AND " + filled, why, severity, action, shows_raw=True))
        if column.non_negative:
            rules.append(Rule("{q} < 0", "negative", severity, action))
    if column.allowed:
        reason = (
            f"unknown {column.name}: expected {', '.join(column.allowed)}. Map the CRM's "
            f"values in a mapping file ([tables.{source.table.name}.values.{column.name}])"
        )
        rules.append(Rule("{q} NOT IN ({allowed})", reason, "error", prob.SET_ASIDE))
    return rules


def raw_name(column: str) -> str:
    """The alias of a column's stored text in a checking query."""
    return f"ck_raw_{column}"


def table_problems(
    db: Database,
    source: SourceTable,
    reps: SourceTable | None,
    broken: list[tuple[str, Rule, int]],
    duplicates: bool,
    unknown_reps: bool,
) -> list[pl.DataFrame]:
    """Examples of the rows breaking each rule some row breaks, named by their key."""
    found = [_rule(db, source, source.table.column(name), rule) for name, rule, _ in broken]
    if duplicates:
        found.append(_duplicates(db, source))
    if reps is not None and unknown_reps:
        found.append(_unknown_reps(db, source, reps))
    return [f for f in found if f.height]


def _rule(db: Database, source: SourceTable, column: Column, rule: Rule) -> pl.DataFrame:
    params = Params(db.dialect)
    keys = ", ".join(quote_identifier(k) for k in key_columns(source))
    q = quote_identifier(column.name)
    value = raw_name(column.name) if rule.shows_raw else q
    canon = canonical_select(source, params, clear_negative=False, raw_of=[column.name])
    allowed = params.bind_list(column.allowed or ()) if "{allowed}" in rule.condition else ""
    where = rule.condition.format(q=q, raw=raw_name(column.name), allowed=allowed)
    sql = (
        f"SELECT {keys}, {value} AS ck_value FROM ({canon}) AS ck_c WHERE {where} LIMIT {EXAMPLES}"
    )
    hits = db.query(sql, params.values)
    return _problems(
        hits, source, db.uri.kind, column.name, rule.reason, rule.severity, rule.action
    )


def _duplicates(db: Database, source: SourceTable) -> pl.DataFrame:
    key = source.table.key
    if key is None:
        return _copies(db, source)
    params = Params(db.dialect)
    q = quote_identifier(key)
    canon = canonical_select(source, params)
    sql = (
        f"SELECT {q}, COUNT(*) AS ck_value FROM ({canon}) AS ck_c WHERE {q} IS NOT NULL "
        f"GROUP BY {q} HAVING COUNT(*) > 1 LIMIT {EXAMPLES}"
    )
    hits = db.query(sql, params.values).with_columns(
        pl.format("{} rows", "ck_value").alias("ck_value")
    )
    reason = f"duplicate {key}: one row kept, the others set aside"
    return _problems(hits, source, db.uri.kind, key, reason, "error", prob.SET_ASIDE)


def _copies(db: Database, source: SourceTable) -> pl.DataFrame:
    """Rows of a table without ids alike in every column: one of them counts (as for files)."""
    params = Params(db.dialect)
    valid = valid_rows(replace(source, has_duplicates=False), params, extras=True)
    keys = ", ".join(quote_identifier(k) for k in key_columns(source))
    sql = (
        f"SELECT {keys}, COUNT(*) AS ck_value FROM ({valid}) AS ck_v "
        f"GROUP BY {', '.join(row_columns(source))} HAVING COUNT(*) > 1 LIMIT {EXAMPLES}"
    )
    hits = db.query(sql, params.values).with_columns(
        pl.format("{} rows alike", "ck_value").alias("ck_value")
    )
    reason = "exact duplicate rows (every column alike): counted once"
    return _problems(hits, source, db.uri.kind, None, reason, "warning", prob.SET_ASIDE)


def _unknown_reps(db: Database, source: SourceTable, reps: SourceTable) -> pl.DataFrame:
    params = Params(db.dialect)
    valid = valid_rows(source, params)
    known = canonical_select(reps, params)
    keys = ", ".join(quote_identifier(k) for k in key_columns(source))
    sql = (
        f'SELECT {keys}, "rep_id" AS ck_value FROM ({valid}) AS ck_v WHERE "rep_id" NOT IN '
        f'(SELECT "rep_id" FROM ({known}) AS ck_r WHERE "rep_id" IS NOT NULL) LIMIT {EXAMPLES}'
    )
    hits = db.query(sql, params.values)
    reason = "points to no row of reps: kept, but it joins to nothing there"
    return _problems(hits, source, db.uri.kind, "rep_id", reason, "warning", prob.KEPT)


def _problems(
    hits: pl.DataFrame,
    source: SourceTable,
    kind: str,
    column: str | None,
    reason: str,
    severity: prob.Severity,
    action: str,
) -> pl.DataFrame:
    """One problem per hit: `deal_id=D123: -5` as its value, the table as its file."""
    if hits.is_empty():
        return prob.empty_problems()
    keys = key_columns(source)
    named = pl.concat_str(
        [pl.format(f"{k}={{}}", pl.col(k).cast(pl.String).fill_null("(empty)")) for k in keys],
        separator=" ",
    )
    value = pl.col("ck_value").cast(pl.String).fill_null("(empty)")
    return hits.select(
        pl.lit(source.table.name).alias("table"),
        pl.lit(label_of(source, kind)).alias("file"),
        pl.lit(None, dtype=pl.Int64).alias("row"),
        pl.lit(column, dtype=pl.String).alias("column"),
        pl.format("{}: {}", named, value).alias("value"),
        pl.lit(reason).alias("reason"),
        pl.lit(severity).alias("severity"),
        pl.lit(action).alias("action"),
    )
