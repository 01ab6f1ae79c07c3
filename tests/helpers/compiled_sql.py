"""cockpit's queries as each engine receives them, kept as golden files per SQL dialect.

A small CRM with bad rows of every kind is loaded into a DuckDB file as text columns; opening,
checking, focusing and drilling into it records every (sql, params) that reaches
`Database.query`. Each query is named by what it is (`deals.reduce`, `deals.check.amount.type`,
`leads.drill`…), compiled for every dialect by `compile_sql` and pretty-printed by SQLGlot into
`tests/golden/sql/<dialect>/<name>.sql`.

Regenerate the goldens after changing cockpit's SQL:
    .venv/bin/python -m tests.helpers.compiled_sql
"""

from __future__ import annotations

import inspect
import io
import re
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

import polars as pl
import sqlglot

from cockpit.data.database.connection import Database
from cockpit.data.database.transpile import DIALECTS, compile_sql
from cockpit.data.source import open_dataset
from tests.helpers.db import duckdb_copy

GOLDEN_SQL = Path(__file__).resolve().parents[1] / "golden" / "sql"
KINDS = tuple(sorted(DIALECTS))
"""Every dialect cockpit compiles its SQL for, in a stable order."""
PERIOD = "2026-01-01:2026-06-30"
TIMEZONE = "Europe/Berlin"
"""Not UTC, so every instant is converted to the review's zone in the compiled SQL."""

REPS = (
    "rep_id,name,quota,hire_date\n"
    "R1,Ann Lee,100000,2020-01-01\nR2,Bo Chen,80000,2021-03-01\nR3,,-5,2022-01-01\n"
    "O'Brien,Pat O'Brien,50000,2023-01-01\n"
)
DEALS = (
    "deal_id,rep_id,stage,amount,created_date,close_date\n"
    "D1,R1,won,50000,2026-01-05,2026-02-01\n"
    "D2,R2,lost,20000,2026-01-10,2026-03-01\n"
    "D3,R1,Won,-5,2026-01-10,2026-03-01\n"
    "D4,R9,won,100,2026-01-10,2026-03-02\n"
    "D5,R2,maybe,100,2026-01-10,2026-03-02\n"
    "D6,,won,100,2026-01-10,2026-03-02\n"
    "D7,R1,won,abc,2026-01-10,2026-03-02\n"
    "D8,R1,won,300,2026-01-10,not a date\n"
    "D9,R2,WON,400,2026-02-10,2026-04-02\n"
    "D10,O'Brien,Won by O'Brien,700,2026-02-10,2026-06-30T23:30:00+00:00\n"
    "D11,R2,,10,2026-02-30,2026-03-02\n"
    "D12,R1,lost,10,,2026-03-03\n"
    ",R1,won,10,2026-01-10,2026-03-02\n"
    "D13,R2,open,900,2026-03-01,2026-09-30\n"
    "D1,R2,won,7,2026-01-10,2026-03-02\n"
)
LEADS = (
    "lead_id,rep_id,assigned_date,origin,converted\n"
    "L1,R1,2026-01-03,company,true\nL2,R2,2026-01-04,self,no\n"
    "L3,R1,2026-01-05,partner,true\nL4,R1,2026-01-05,company,maybe\n"
    "L5,R2,2026-02-05,Company,1\nL6,,2026-13-01,,\n,R2,2026-03-01,self,false\n"
    "L7,R2,2026-03-31T22:30:00Z,self,yes\nL8,R1,2025-12-01,company,false\nL9,R9,2026-02-01,self,no\n"
)
ACTIVITIES = (
    "rep_id,date,calls,emails,meetings\n"
    "R1,2026-01-05,3,2,1\nR1,2026-01-05,3,2,1\nR2,2026-02-30,1,1,1\nR2,2026-02-02,-4,x,0\n"
    "R9,2026-03-02,1,0,0\n,2026-03-03,1,1,1\nR1,,1,1,1\nR1,2026-03-05,2,2,many\n"
)
CRM = {"reps": REPS, "deals": DEALS, "leads": LEADS, "activities": ACTIVITIES}
"""The tables as CSV text: bad values for every rule, an exact copy, a duplicate id, instants."""
MAPPING = (
    'name = "crm_sql"\n'
    "[tables.reps]\n[tables.leads]\n[tables.activities]\n[tables.deals]\n"
    '[tables.deals.values.stage]\n"Won by O\'Brien" = "won"\n'
)
"""Every table as it is, and a stage value with a quote, mapped (a value the SQL must escape)."""
DRILLS = (("deals", "rep_id", "O'Brien"), ("leads", "rep_id", "R1"), ("activities", "rep_id", "R1"))
"""The drill-downs made: (table, column, value)."""

LABELS = {
    "deals_for": "reduce",
    "leads_for": "reduce",
    "activities_for": "reduce",
    "all_rows": "whole",
    "rows_where": "drill",
    "table_stats": "stats",
    "copy_count": "stats.copies",
    "_duplicates": "check.duplicates",
    "_copies": "check.copies",
    "_unknown_reps": "check.unknown_reps",
    "_read_small": "read",
}
"""The function that sent a query → what the query is, after the table's name."""


@dataclass(frozen=True)
class Captured:
    """One query that reached the database: its name, PostgreSQL text and bound values."""

    name: str
    sql: str
    params: tuple[Any, ...]


def crm_frames() -> dict[str, pl.DataFrame]:
    """The CRM's tables with every column as text, as a careless export would hold them."""
    return {name: pl.read_csv(io.StringIO(text), infer_schema=False) for name, text in CRM.items()}


def crm_duckdb(folder: Path) -> tuple[str, Path]:
    """A DuckDB file holding the CRM as text columns, and its mapping file: (URI, mapping)."""
    folder.mkdir(parents=True, exist_ok=True)
    mapping = folder / "crm_sql.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    return duckdb_copy(crm_frames(), folder / "crm.duckdb"), mapping


@contextmanager
def recording() -> Iterator[list[Captured]]:
    """Every query sent through `Database.query` while inside, named by its caller."""
    queries: list[Captured] = []
    original = Database.query

    def record(self: Database, sql: str, params: Sequence[Any] = ()) -> pl.DataFrame:
        caller = inspect.currentframe()
        queries.append(Captured(query_name(caller.f_back if caller else None), sql, tuple(params)))
        return original(self, sql, params)

    Database.query = record  # type: ignore[method-assign]
    try:
        yield queries
    finally:
        Database.query = original  # type: ignore[method-assign]


def query_name(frame: FrameType | None) -> str:
    """`<table>.<what>` from the innermost cockpit.data.database function on the stack."""
    fallback = None
    while frame is not None:
        module = frame.f_globals.get("__name__", "")
        function = frame.f_code.co_name
        source = frame.f_locals.get("source")
        table = getattr(getattr(source, "table", None), "name", None)
        if module.startswith("cockpit.data.database") and table:
            if function == "_rule":
                column, rule = frame.f_locals["column"], frame.f_locals["rule"]
                return f"{table}.check.{column.name}.{rule_kind(rule)}"
            if function in LABELS:
                return f"{table}.{LABELS[function]}"
            # An unknown caller still gets a stable name; a known one further out is preferred.
            fallback = fallback or f"{table}.{function.strip('_')}"
        frame = frame.f_back
    return fallback or "query"


def rule_kind(rule: Any) -> str:
    """A loader rule's short name: required, type, negative, allowed."""
    condition: str = rule.condition
    if condition.startswith("{q} IS NULL AND ({raw} IS NULL"):
        return "required"
    if rule.shows_raw:
        return "type"
    if "< 0" in condition:
        return "negative"
    if "{allowed}" in condition:
        return "allowed"
    return re.sub(r"[^a-z0-9]+", "_", condition.lower()).strip("_")


def by_name(queries: list[Captured]) -> dict[str, Captured]:
    """The queries sorted by name; the same query sent twice is kept once."""
    named: dict[str, Captured] = {}
    for query in queries:
        kept = named.setdefault(query.name, query)
        if kept != query:
            raise ValueError(
                f"two different queries are both named {query.name!r}: teach query_name "
                "(tests/helpers/compiled_sql.py) to tell them apart"
            )
    return dict(sorted(named.items()))


def capture(folder: Path) -> dict[str, Captured]:
    """Every query of opening, checking, focusing, drilling into and copying the CRM."""
    uri, mapping = crm_duckdb(folder)
    with recording() as queries:
        dataset = open_dataset(
            uri, str(mapping), period=PERIOD, every_partition=True, cached=False, timezone=TIMEZONE
        )
        for table, column, value in DRILLS:
            dataset.rows_of(table, column, value)
        whole = open_dataset(uri, str(mapping), whole=True, cached=False, timezone=TIMEZONE)
    for opened in (dataset, whole):
        database = getattr(opened, "database", None)
        if database is not None:
            database.close()
    return by_name(queries)


def compiled(query: Captured, kind: str) -> str:
    """The query as `kind`'s SQL, pretty-printed by SQLGlot (parsed back in that dialect)."""
    text = compile_sql(query.sql, query.params, kind)
    return sqlglot.parse_one(text, read=kind).sql(dialect=kind, pretty=True) + "\n"


def golden_path(kind: str, name: str, root: Path = GOLDEN_SQL) -> Path:
    """Where the golden of query `name` compiled for `kind` lives."""
    return root / kind / f"{name}.sql"


def write_goldens(root: Path = GOLDEN_SQL) -> int:
    """Rewrite every golden under `root` from the queries cockpit sends now; how many."""
    with tempfile.TemporaryDirectory() as folder:
        queries = capture(Path(folder))
    for kind in KINDS:
        shutil.rmtree(root / kind, ignore_errors=True)  # a query no longer sent leaves no file
        (root / kind).mkdir(parents=True)
        for name, query in queries.items():
            golden_path(kind, name, root).write_text(compiled(query, kind), encoding="utf-8")
    return len(queries) * len(KINDS)


if __name__ == "__main__":
    print(f"wrote {write_goldens()} files under {GOLDEN_SQL}")
