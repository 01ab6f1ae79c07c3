"""The database sources: a data folder loaded into SQLite or a fresh PostgreSQL schema, and the
command line's report on a source compared with the folder's."""

from __future__ import annotations

import json
import math
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import adbc_driver_postgresql.dbapi as postgresql
import adbc_driver_sqlite.dbapi as sqlite
import polars as pl

from cockpit.bench.engine_copies import write_duckdb
from cockpit.data.files.load import load_dataset
from tests.helpers.cli import run_cockpit
from tests.helpers.needs import need_postgres

POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"


def canonical_tables(folder: Path) -> dict[str, pl.DataFrame]:
    """The folder's tables as the file loader keeps them, without its bookkeeping columns."""
    dataset = load_dataset(folder)
    return {
        name: frame.select(c for c in frame.columns if not c.startswith("_"))
        for name, frame in dataset.tables.items()
    }


def write_tables(conn: Any, tables: dict[str, pl.DataFrame], schema: str | None = None) -> None:
    """Each frame as a table (in `schema` when given), through ADBC."""
    for name, frame in tables.items():
        target = f"{schema}.{name}" if schema else name
        frame.write_database(target, conn, engine="adbc", if_table_exists="replace")
    conn.commit()


def sqlite_copy(tables: dict[str, pl.DataFrame], path: Path) -> str:
    """A SQLite file holding `tables`; its URI."""
    conn = sqlite.connect(str(path))
    try:
        write_tables(conn, tables)
    finally:
        conn.close()
    return f"sqlite:///{path}"


def duckdb_copy(tables: dict[str, pl.DataFrame], path: Path) -> str:
    """A DuckDB file holding `tables` with their types (as the bench writes one); its URI."""
    write_duckdb(tables, path)
    return f"duckdb:///{path}"


def csv_tables(folder: Path) -> dict[str, pl.DataFrame]:
    """Every CSV of `folder` as text columns, named by file stem: an export landed as it is
    (a connector's warehouse tables, or a careless load)."""
    return {
        path.stem: pl.read_csv(path, infer_schema=False, encoding="utf8-lossy")
        for path in sorted(folder.glob("*.csv"))
    }


def execute(conn: Any, *statements: str) -> None:
    """Run SQL statements and commit."""
    cursor = conn.cursor()
    for statement in statements:
        cursor.execute(statement)
    cursor.close()
    conn.commit()


@contextmanager
def postgres_schema() -> Iterator[tuple[Any, str]]:
    """A fresh schema on the local PostgreSQL (dropped afterwards) and a connection to it."""
    need_postgres()
    conn = postgresql.connect(POSTGRES)
    schema = f"ck_test_{uuid.uuid4().hex[:12]}"
    execute(conn, f"CREATE SCHEMA {schema}")
    try:
        yield conn, schema
    finally:
        conn.rollback()
        execute(conn, f"DROP SCHEMA {schema} CASCADE")
        conn.close()


def schema_uri(schema: str, base: str = POSTGRES) -> str:
    """A URI whose tables are found in `schema` (libpq's options set the search path)."""
    return f"{base}?options=-csearch_path%3D{schema}"


def cockpit(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the real CLI in a separate process."""
    return run_cockpit(*args, timeout=300)


def report(data: str, *extra: str) -> Any:
    """`cockpit report DATA --pane all --format json` parsed (exit code 0 asserted)."""
    done = cockpit("report", data, "--pane", "all", "--format", "json", *extra)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def assert_same(folder: Any, database: Any, path: str = "") -> None:
    """Equal JSON, floats within 1e-9 relative (sums may be added in another order)."""
    if isinstance(folder, float) and isinstance(database, float | int):
        assert math.isclose(folder, database, rel_tol=1e-9, abs_tol=1e-9), path
    elif isinstance(folder, dict):
        assert isinstance(database, dict) and folder.keys() == database.keys(), path
        for key in folder:
            assert_same(folder[key], database[key], f"{path}.{key}")
    elif isinstance(folder, list):
        assert isinstance(database, list) and len(folder) == len(database), path
        for i, (a, b) in enumerate(zip(folder, database, strict=True)):
            assert_same(a, b, f"{path}[{i}]")
    else:
        assert folder == database, path
