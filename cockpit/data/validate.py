"""Per-table value rules: parse, check, and set aside bad rows with a reason for every one."""

from __future__ import annotations

import polars as pl

from cockpit.data import problems as prob
from cockpit.data.mapping import ANY_OTHER_VALUE, TableMapping
from cockpit.data.parse import clean_text, expected_text, parse_column
from cockpit.data.read import FILE, ROW
from cockpit.data.schema import Column, Table

BAD = "_bad"
SALESFORCE_ID = r"^[a-zA-Z0-9]{18}$"


def validate_table(
    frame: pl.DataFrame, table: Table, mapping: TableMapping | None, absent: set[str]
) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    """Canonical, typed rows of `table` and the problems found; rows with errors are set aside.

    `absent` columns are missing from the file altogether (already reported once), so their
    empty cells are not reported again row by row.
    """
    found: list[pl.DataFrame] = []
    frame = _apply_value_rules(frame, table, mapping, found)
    parsed = frame.with_columns(
        parse_column(pl.col(c.name), frame.schema[c.name], c, _formats(mapping, c.name)).alias(
            f"_parsed_{c.name}"
        )
        for c in table.columns
    )
    flags: list[pl.Expr] = []
    for column in (c for c in table.columns if c.name not in absent):
        flags.extend(_check_column(parsed, table, column, mapping, found))
    parsed = parsed.with_columns(pl.any_horizontal(flags).alias(BAD) if flags else pl.lit(False))
    parsed = _check_duplicates(parsed, table, found)
    parsed = parsed.with_columns(
        pl.when(pl.col(f"_parsed_{c.name}") < 0)
        .then(None)
        .otherwise(pl.col(f"_parsed_{c.name}"))
        .alias(f"_parsed_{c.name}")
        for c in table.columns
        if c.non_negative and not c.required
    )
    clean = parsed.filter(~pl.col(BAD)).select(
        *(_with_fallback(c) for c in table.columns),
        *(c for c in frame.columns if c not in table.column_names),
    )
    return _fill_activity_counts(clean, table), found


def _with_fallback(column: Column) -> pl.Expr:
    value = pl.col(f"_parsed_{column.name}")
    if column.fallback:
        value = value.fill_null(pl.col(f"_parsed_{column.fallback}"))
    return value.alias(column.name)


def _formats(mapping: TableMapping | None, name: str) -> list[str]:
    if mapping is None or name not in mapping.date_formats:
        return []
    value = mapping.date_formats[name]
    return [value] if isinstance(value, str) else list(value)


def _apply_value_rules(
    frame: pl.DataFrame, table: Table, mapping: TableMapping | None, found: list[pl.DataFrame]
) -> pl.DataFrame:
    """Corrections (reported), value maps, defaults and Salesforce id forms, as text."""
    if mapping is None:
        return frame
    for name, fixes in mapping.corrections.items():
        text = clean_text(pl.col(name))
        hit = frame.filter(text.is_in(list(fixes)))
        reason = pl.format("'{}' corrected to '{}' by the mapping", text, text.replace(fixes))
        found.append(prob.row_problems(hit, table.name, name, text, reason, "warning", prob.KEPT))
        frame = frame.with_columns(text.replace(fixes).alias(name))
    for name, mapped in mapping.values.items():
        frame = frame.with_columns(_map_values(clean_text(pl.col(name)), mapped).alias(name))
    for name, default in mapping.defaults.items():
        frame = frame.with_columns(clean_text(pl.col(name)).fill_null(str(default)).alias(name))
    for name in mapping.salesforce_ids:
        text = clean_text(pl.col(name))
        short = pl.when(text.str.contains(SALESFORCE_ID)).then(text.str.slice(0, 15))
        frame = frame.with_columns(short.otherwise(text).alias(name))
    return frame


def _map_values(text: pl.Expr, mapped: dict[str, str]) -> pl.Expr:
    exact = {k: v for k, v in mapped.items() if k != ANY_OTHER_VALUE}
    fallback = mapped.get(ANY_OTHER_VALUE)
    known = text.is_in(list(exact))
    result = pl.when(known).then(text.replace(exact))
    if fallback is not None:
        return result.when(text.is_not_null()).then(pl.lit(fallback)).otherwise(None)
    return result.otherwise(text)


def _check_column(
    parsed: pl.DataFrame,
    table: Table,
    column: Column,
    mapping: TableMapping | None,
    found: list[pl.DataFrame],
) -> list[pl.Expr]:
    """Record this column's problems; return the expressions that mark a row to set aside."""
    name, value = column.name, f"_parsed_{column.name}"
    text = clean_text(pl.col(name))
    unparsed = text.is_not_null() & pl.col(value).is_null()
    empty = text.is_null()
    allowed_empty = mapping is not None and name in mapping.allow_empty
    set_aside: list[pl.Expr] = []
    why = expected_text(column, _formats(mapping, name))
    if column.required:
        set_aside.append(
            _report(parsed, table, name, unparsed, why, "error", prob.SET_ASIDE, found)
        )
        if column.fallback:
            reason = f"empty: shown as its {column.fallback} instead"
            _report(parsed, table, name, empty, reason, "warning", prob.KEPT, found)
        elif allowed_empty:
            reason = "empty; kept because the mapping allows it (allow_empty)"
            _report(parsed, table, name, empty, reason, "warning", prob.KEPT, found)
        else:
            reason = "required value is empty"
            set_aside.append(
                _report(parsed, table, name, empty, reason, "error", prob.SET_ASIDE, found)
            )
    else:
        _report(parsed, table, name, unparsed, why, "warning", prob.CLEARED, found)
    if column.allowed:
        outside = pl.col(value).is_not_null() & ~pl.col(value).is_in(column.allowed)
        reason = (
            f"unknown {name}: expected {', '.join(column.allowed)}. Map the CRM's values in a "
            f"mapping file ([tables.{table.name}.values.{name}])"
        )
        set_aside.append(
            _report(parsed, table, name, outside, reason, "error", prob.SET_ASIDE, found)
        )
    if column.non_negative:
        negative = pl.col(value) < 0
        severity: prob.Severity = "error" if column.required else "warning"
        action = prob.SET_ASIDE if column.required else prob.CLEARED
        flag = _report(parsed, table, name, negative, "negative", severity, action, found)
        if column.required:
            set_aside.append(flag)
    return set_aside


def _report(
    parsed: pl.DataFrame,
    table: Table,
    name: str,
    condition: pl.Expr,
    reason: str,
    severity: prob.Severity,
    action: str,
    found: list[pl.DataFrame],
) -> pl.Expr:
    hits = parsed.filter(condition)
    if hits.height:
        value = pl.col(name).cast(pl.String)
        found.append(prob.row_problems(hits, table.name, name, value, reason, severity, action))
    return condition.fill_null(False)


def _check_duplicates(
    parsed: pl.DataFrame, table: Table, found: list[pl.DataFrame]
) -> pl.DataFrame:
    """Keep the first row of each id; later rows with the same id are set aside."""
    key = table.key
    if key is None:
        return parsed
    # Only rows that survive the other checks compete for "first": a set-aside row keeps no id.
    value = pl.when(~pl.col(BAD)).then(pl.col(f"_parsed_{key}"))
    first_row = pl.col(ROW).first().over(value)
    first_file = pl.col(FILE).first().over(value)
    ranked = parsed.with_columns(
        (value.is_not_null() & ~value.is_first_distinct()).alias("_dup"),
        pl.format(
            "duplicate {}: first seen on row {} of {}", pl.lit(key), first_row, first_file
        ).alias("_dup_reason"),
    )
    dups = ranked.filter(pl.col("_dup"))
    if dups.height:
        reason = pl.col("_dup_reason")
        found.append(
            prob.row_problems(dups, table.name, key, pl.col(key), reason, "error", prob.SET_ASIDE)
        )
    return ranked.with_columns((pl.col(BAD) | pl.col("_dup")).alias(BAD)).drop(
        "_dup", "_dup_reason"
    )


def _fill_activity_counts(clean: pl.DataFrame, table: Table) -> pl.DataFrame:
    """Activity counts: a missing column or empty cell counts as 0 (the contract says so)."""
    if table.name != "activities":
        return clean
    return clean.with_columns(pl.col(c).fill_null(0) for c in ("calls", "emails", "meetings"))
