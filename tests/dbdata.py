"""Loading a data folder into SQLite or a fresh PostgreSQL schema, for the database tests."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import adbc_driver_postgresql.dbapi as postgresql
import adbc_driver_sqlite.dbapi as sqlite
import polars as pl

from cockpit.data.files.load import load_dataset
from tests.needs import need_postgres

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
