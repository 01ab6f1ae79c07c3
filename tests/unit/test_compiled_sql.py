"""Every reduction, check and drill-down as each engine receives it (issue #23).

Snowflake, BigQuery, Trino and Databricks have no server here: the SQL compiled for them is
compared with golden files, parsed back by SQLGlot and checked for what a user relies on
(values escaped, identifiers quoted, regex and time zones translated). DuckDB's compiled SQL is
also run, and answers as the same PostgreSQL text does on the real PostgreSQL.

After a deliberate change of cockpit's SQL, rewrite the goldens and review their diff:
    .venv/bin/python -m tests.helpers.compiled_sql
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pytest
import sqlglot
from polars.testing import assert_frame_equal
from sqlglot import exp

from cockpit.data.database.connection import Database
from cockpit.data.database.transpile import compile_sql
from cockpit.data.source import open_dataset
from cockpit.data.uri import parse_database_uri
from tests.helpers.compiled_sql import (
    GOLDEN_SQL,
    KINDS,
    TIMEZONE,
    Captured,
    capture,
    compiled,
    crm_duckdb,
    crm_frames,
    golden_path,
)
from tests.helpers.data import write_folder
from tests.helpers.db import duckdb_copy, postgres_schema, schema_uri, write_tables

TABLES = ("deals", "leads", "activities")
EXPECTED = {
    *(f"{table}.{what}" for table in TABLES for what in ("stats", "reduce", "drill", "whole")),
    *(f"{table}.check.{rule}" for table in TABLES for rule in ("rep_id.required", "unknown_reps")),
    "reps.read",
    "activities.stats.copies",
    "activities.check.copies",
    "activities.check.date.type",
    "activities.check.calls.negative",
    "activities.check.emails.type",
    "deals.check.duplicates",
    "deals.check.amount.type",
    "deals.check.amount.negative",
    "deals.check.stage.allowed",
    "deals.check.close_date.type",
    "leads.check.origin.allowed",
    "leads.check.converted.type",
}
"""Queries every dialect must have: each heavy table's scan, reduction, drill-down and copy,
and a check of every kind of rule."""
QUOTE = {"duckdb": '"', "trino": '"', "snowflake": '"', "bigquery": "`", "spark": "`"}
QUOTE |= {"databricks": "`"}
REGEX = {
    "duckdb": "REGEXP_MATCHES(",
    "spark": " RLIKE ",
    "databricks": "REGEXP_LIKE(",
    "snowflake": "REGEXP_LIKE(",
    "bigquery": "REGEXP_CONTAINS(",
    "trino": "REGEXP_LIKE(",
}
TO_ZONE = {
    "duckdb": "AT TIME ZONE",
    "spark": "FROM_UTC_TIMESTAMP(",
    "databricks": "FROM_UTC_TIMESTAMP(",
    "snowflake": "CONVERT_TIMEZONE(",
    "bigquery": "DATETIME(",
    "trino": "AT_TIMEZONE(",
}
BACKSLASH_ESCAPES = ("spark", "databricks", "bigquery", "snowflake")
"""Engines whose string literals read a backslash as an escape (`'\\.'` is `.` there)."""
QUOTE_IN_VALUE: dict[str, tuple[str, ...]] = {
    "spark": ("O\\'Brien",),
    "databricks": ("O\\'Brien",),
    "bigquery": ("O\\'Brien",),
    "snowflake": ("O\\'Brien", "O''Brien"),
    "duckdb": ("O''Brien",),
    "trino": ("O''Brien",),
}
"""How a quote inside a value may be written: Spark and BigQuery do not read `''` as a quote
(Spark runs `'a''b'` together as `ab`), DuckDB and Trino know no backslash escape; Snowflake
reads both."""
HOSTILE = ("x' OR '1'='1", "O'Brien\\", "back\\' --", 'say "hi"; DROP TABLE deals')


@pytest.fixture(scope="module")
def queries(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Captured]:
    """What cockpit sends while opening, checking, focusing and drilling into the CRM."""
    return capture(tmp_path_factory.mktemp("crm_sql"))


@pytest.fixture(scope="module")
def now(queries: dict[str, Captured]) -> dict[str, dict[str, str]]:
    """Dialect → query name → the compiled, pretty-printed SQL."""
    return {kind: {name: compiled(q, kind) for name, q in queries.items()} for kind in KINDS}


def _diff(kind: str, name: str, golden: str, current: str) -> str:
    lines = difflib.unified_diff(
        golden.splitlines(keepends=True),
        current.splitlines(keepends=True),
        f"golden/sql/{kind}/{name}.sql",
        "compiled now",
        n=2,
    )
    return "".join(list(lines)[:60])


@pytest.mark.parametrize("kind", KINDS)
def test_goldens_are_what_is_compiled_now(kind: str, now: dict[str, dict[str, str]]) -> None:
    kept = {path.stem for path in (GOLDEN_SQL / kind).glob("*.sql")}
    assert kept == set(now[kind]), (
        f"missing goldens: {sorted(set(now[kind]) - kept)}; goldens of queries no longer sent: "
        f"{sorted(kept - set(now[kind]))} (python -m tests.helpers.compiled_sql rewrites them)"
    )
    changed = {
        name: _diff(kind, name, golden, text)
        for name, text in now[kind].items()
        if (golden := golden_path(kind, name).read_text(encoding="utf-8")) != text
    }
    assert not changed, f"{len(changed)} changed: {sorted(changed)}\n" + "\n".join(
        list(changed.values())[:2]
    )


@pytest.mark.parametrize("kind", KINDS)
def test_every_query_is_there_and_parses_back(kind: str, now: dict[str, dict[str, str]]) -> None:
    assert set(now[kind]) >= EXPECTED, sorted(EXPECTED - set(now[kind]))
    for name, text in now[kind].items():
        tree = sqlglot.parse_one(text, read=kind)
        assert isinstance(tree, exp.Select), name
        # The pretty text says what the engine's one-line text says.
        again = sqlglot.parse_one(tree.sql(dialect=kind), read=kind)
        assert again == tree, name


@pytest.mark.parametrize("kind", KINDS)
def test_no_marker_is_left_and_no_postgres_regex(kind: str, now: dict[str, dict[str, str]]) -> None:
    for name, text in now[kind].items():
        assert not re.search(r"[$?]\d", text), name
        assert " ~ " not in text, name


@pytest.mark.parametrize("kind", KINDS)
def test_dialect_facts_in_the_deal_reduction(kind: str, now: dict[str, dict[str, str]]) -> None:
    text = now[kind]["deals.reduce"]
    q = QUOTE[kind]
    assert f"{q}deal_id{q}" in text and f"{q}close_date{q}" in text
    other = "`" if q == '"' else '"'
    assert f"{other}deal_id{other}" not in text
    assert REGEX[kind] in text
    assert TO_ZONE[kind] in text and f"'{TIMEZONE}'" in text
    # The mapped stage value `Won by O'Brien` is one string, escaped as the engine reads it.
    forms = re.findall(r"Won by O.{1,2}Brien", text)
    assert forms
    for written in forms:
        assert written.removeprefix("Won by ") in QUOTE_IN_VALUE[kind], written
    values = {s.this for s in sqlglot.parse_one(text, read=kind).find_all(exp.Literal)}
    assert "Won by O'Brien" in values


@pytest.mark.parametrize("kind", KINDS)
def test_a_regex_keeps_its_backslash(kind: str, now: dict[str, dict[str, str]]) -> None:
    # `(\.[0-9]+)` must reach the engine as backslash-dot: written `\\.` where a string
    # literal eats one backslash, else `1,5` would pass for a number and fail the cast.
    text = now[kind]["deals.reduce"]
    escaped = "(\\\\.[0-9]+)" if kind in BACKSLASH_ESCAPES else "(\\.[0-9]+)"
    assert escaped in text
    if kind not in BACKSLASH_ESCAPES:
        assert "\\\\" not in text


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_value_stays_one_value(kind: str, value: str) -> None:
    text = compile_sql('SELECT "deal_id" FROM "deals" WHERE "rep_id" = $1', [value], kind)
    where = sqlglot.parse_one(text, read=kind).args["where"].this
    assert isinstance(where, exp.EQ)
    assert isinstance(where.expression, exp.Literal) and where.expression.this == value


@pytest.mark.parametrize("value", HOSTILE)
def test_duckdb_reads_a_hostile_value_back_unchanged(value: str) -> None:
    assert duckdb.execute(compile_sql("SELECT $1 AS v", [value], "duckdb")).fetchall() == [(value,)]


@pytest.fixture(scope="module")
def both_engines(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, Database]]:
    """The CRM in DuckDB and in a fresh PostgreSQL schema, both as text columns."""
    uri, _ = crm_duckdb(tmp_path_factory.mktemp("crm_duckdb"))
    with postgres_schema() as (conn, schema):
        write_tables(conn, crm_frames(), schema)
        engines = (
            Database(parse_database_uri(uri), TIMEZONE),
            Database(parse_database_uri(schema_uri(schema)), TIMEZONE),
        )
        yield engines
        for engine in engines:
            engine.close()


def _comparable(frame: pl.DataFrame) -> pl.DataFrame:
    """Numbers as floats (PostgreSQL's NUMERIC arrives as text in an Arrow extension) and
    untyped NULL columns as text, rows in a fixed order."""
    frame = frame.with_columns(
        pl.col(name).ext.storage().cast(pl.Float64)
        for name, dtype in frame.schema.items()
        if isinstance(dtype, pl.Extension)
    )
    frame = frame.with_columns(
        pl.col(name).cast(pl.Float64 if dtype.is_numeric() else pl.String)
        for name, dtype in frame.schema.items()
        if dtype.is_numeric() or dtype == pl.Null
    )
    return frame.sort(frame.columns, nulls_last=True)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_duckdb_answers_as_postgresql(
    name: str, queries: dict[str, Captured], both_engines: tuple[Database, Database]
) -> None:
    duck, postgres = both_engines
    query = queries[name]
    compiled_run = duck.query(query.sql, query.params)  # compiled by SQLGlot for DuckDB
    postgres_run = postgres.query(query.sql, query.params)  # the text itself, values bound
    assert compiled_run.height > 0, "the data set must give every query rows to compare"
    assert_frame_equal(_comparable(compiled_run), _comparable(postgres_run))


def test_both_engines_date_instants_in_the_review_zone(
    queries: dict[str, Captured], both_engines: tuple[Database, Database]
) -> None:
    leads, deals = queries["leads.reduce"], queries["deals.reduce"]
    for engine in both_engines:
        # L7, assigned 2026-03-31 22:30 UTC, is R2's only converted self lead: 1 April in Berlin.
        found = engine.query(leads.sql, leads.params).filter(
            (pl.col("rep_id") == "R2") & (pl.col("origin") == "self") & (pl.col("converted") == 1)
        )
        assert found["assigned_date"].to_list() == [date(2026, 4, 1)], engine.uri.kind
        # D10, won 2026-06-30 23:30 UTC, closed on 1 July in Berlin: after the half-year.
        closed = engine.query(deals.sql, deals.params)["deal_id"].to_list()
        assert "D10" not in closed and "D1" in closed, engine.uri.kind


WHOLE_NUMBERS = {
    "reps.csv": "rep_id,name\nR1,Ann\n",
    "deals.csv": "deal_id,rep_id,stage,amount,created_date,close_date\n"
    "D1,R1,won,5,2026-01-01,2026-01-02\n",
    "activities.csv": "rep_id,date,calls,emails,meetings\nR1,2026-01-05,3,2,1.5\n",
}


@pytest.mark.parametrize("engine", ["duckdb", "postgresql"])
def test_a_fraction_in_a_whole_number_column_is_cleared_as_for_files(
    engine: str, tmp_path: Path
) -> None:
    folder = write_folder(tmp_path / "csv", dict(WHOLE_NUMBERS))
    frames = {p.stem: pl.read_csv(p, infer_schema=False) for p in folder.glob("*.csv")}
    expected = _meetings_problems(open_dataset(str(folder)))
    if engine == "duckdb":
        uri = duckdb_copy(frames, tmp_path / "w.duckdb")
        assert _meetings_problems(open_dataset(uri)) == expected
        return
    with postgres_schema() as (conn, schema):
        write_tables(conn, frames, schema)
        assert _meetings_problems(open_dataset(schema_uri(schema))) == expected


def _meetings_problems(dataset: Any) -> list[str]:
    problems = dataset.problems.filter(pl.col("column") == "meetings")
    return sorted(problems["reason"].to_list())
