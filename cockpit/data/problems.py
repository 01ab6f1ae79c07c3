"""Problems found in data, kept as one Polars frame so millions of bad rows stay cheap."""

from __future__ import annotations

from typing import Literal, TypeVar

import polars as pl

from cockpit.data.schema import FILE, ROW, Table

Severity = Literal["error", "warning", "info"]

SET_ASIDE = "row set aside"
CLEARED = "value cleared"
KEPT = "kept"
SKIPPED = "rows skipped"
TABLE_UNUSABLE = "table not loaded"

PROBLEM_SCHEMA: dict[str, pl.DataType] = {
    "table": pl.String(),
    "file": pl.String(),
    "row": pl.Int64(),
    "column": pl.String(),
    "value": pl.String(),
    "reason": pl.String(),
    "severity": pl.String(),
    "action": pl.String(),
}

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}

Rows = TypeVar("Rows", pl.DataFrame, pl.LazyFrame)


def empty_problems() -> pl.DataFrame:
    """A problems frame with no rows."""
    return pl.DataFrame(schema=PROBLEM_SCHEMA)


def table_problem(
    table: str,
    file: str | None,
    reason: str,
    severity: Severity = "error",
    column: str | None = None,
) -> pl.DataFrame:
    """One problem about a whole file or column (no row number)."""
    action = TABLE_UNUSABLE if severity == "error" else KEPT
    return pl.DataFrame(
        [[table], [file], [None], [column], [None], [reason], [severity], [action]],
        schema=PROBLEM_SCHEMA,
        orient="col",
    )


def row_problems(
    rows: Rows,
    table: str,
    column: str | None,
    value: pl.Expr,
    reason: pl.Expr | str,
    severity: Severity,
    action: str,
) -> Rows:
    """One problem per row of `rows` (already filtered to the bad ones), eager or lazy."""
    reason_expr = pl.lit(reason) if isinstance(reason, str) else reason
    return rows.select(
        pl.lit(table).alias("table"),
        pl.col(FILE).cast(pl.String).alias("file"),
        pl.col(ROW).cast(pl.Int64).alias("row"),
        pl.lit(column, dtype=pl.String).alias("column"),
        value.cast(pl.String).alias("value"),
        reason_expr.cast(pl.String).alias("reason"),
        pl.lit(severity).alias("severity"),
        pl.lit(action).alias("action"),
    )


def combine(frames: list[pl.DataFrame]) -> pl.DataFrame:
    """All problem frames as one, in a stable order: table, file, row."""
    if not frames:
        return empty_problems()
    return pl.concat(frames, how="vertical").sort(["table", "file", "row"], nulls_last=False)


def count(problems: pl.DataFrame, severity: Severity) -> int:
    """How many problems have `severity`."""
    return problems.filter(pl.col("severity") == severity).height


MISSING_TABLE = "table missing"
"""How every missing-table problem starts (the loaders' wording is one)."""


def missing_table(table: Table, where: str) -> pl.DataFrame:
    """A table the source does not have: what that costs (a warning for reps and deals, which
    most panes need; a note for the others)."""
    severity: Severity = "warning" if table.name in ("reps", "deals") else "info"
    reason = f"{MISSING_TABLE} ({where}): {table.missing_effect()}"
    return table_problem(table.name, None, reason, severity)
