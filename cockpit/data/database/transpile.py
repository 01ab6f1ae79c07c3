"""cockpit's one SQL text, compiled for each engine by SQLGlot.

The reductions, the loader's rules and every check are written once, as PostgreSQL with
numbered markers (`sql.py`, `reduce.py`, `checks.py`, `stats.py`). SQLite and PostgreSQL run
that text through ADBC with the values bound. For DuckDB, Spark, Snowflake, BigQuery, Trino and
Databricks SQLGlot parses it, puts each value in as a literal it escapes for that engine, and
writes the engine's SQL: `~` becomes `REGEXP_MATCHES` / `RLIKE` / `REGEXP_CONTAINS`, `AT TIME ZONE`
becomes `FROM_UTC_TIMESTAMP` / `CONVERT_TIMEZONE` / `AT_TIMEZONE`, identifiers are quoted as the
engine quotes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import sqlglot
from sqlglot import exp

from cockpit.errors import DataError

DIALECTS = {
    "duckdb": "duckdb",
    "spark": "spark",
    "snowflake": "snowflake",
    "bigquery": "bigquery",
    "trino": "trino",
    "databricks": "databricks",
}
"""cockpit's engine kind → SQLGlot's dialect name (the ones the text is compiled for)."""


def compile_sql(sql: str, params: Sequence[Any], kind: str) -> str:
    """`sql` (PostgreSQL with markers $1, $2…) as `kind`'s SQL with `params` in it, escaped."""
    try:
        tree = sqlglot.parse_one(sql, read="postgres")
    except sqlglot.errors.ParseError as exc:  # cockpit wrote the text: a bug, said plainly
        raise DataError(f"cockpit's query could not be read for {kind}: {plain(exc)}") from None
    # Two passes: a node replaced in a pass is not visited again, so the casts around the
    # values are made safe once the values are in.
    filled = tree.transform(lambda node: _value(node, params)).transform(_safe_cast)
    try:
        return filled.sql(dialect=DIALECTS[kind], unsupported_level=sqlglot.ErrorLevel.RAISE)
    except sqlglot.errors.UnsupportedError as exc:
        raise DataError(f"{kind} lacks a function cockpit's query needs: {plain(exc)}") from None


def plain(exc: sqlglot.errors.SqlglotError) -> str:
    """SQLGlot's message without the terminal underlining it puts in (and without the query)."""
    errors = getattr(exc, "errors", None)
    if errors:
        return str(errors[0].get("description") or exc)
    return str(exc).splitlines()[0]


def _safe_cast(node: exp.Expr) -> exp.Expr:
    """Every cast a try-cast: cockpit casts only values its patterns have checked, but Spark
    and Databricks (strict casts by default), BigQuery and Trino may test a pattern after the
    cast it guards; a bad value must read as NULL there too, not fail the query. (Snowflake
    has TRY_CAST for text only: SQLGlot writes CAST there, and the patterns stand alone.)"""
    if isinstance(node, exp.Cast) and not isinstance(node, exp.TryCast):
        return exp.TryCast(this=node.this, to=node.to, safe=True)
    return node


def _value(node: exp.Expr, params: Sequence[Any]) -> exp.Expr:
    """A `$n` marker replaced by the n-th value as a typed literal; other nodes unchanged."""
    if not isinstance(node, exp.Parameter):
        return node
    value = params[int(node.name) - 1]
    if isinstance(value, datetime):
        return exp.cast(exp.Literal.string(value.isoformat(sep=" ")), exp.DataType.Type.TIMESTAMP)
    if isinstance(value, date):
        return exp.cast(exp.Literal.string(value.isoformat()), exp.DataType.Type.DATE)
    return exp.convert(value)
