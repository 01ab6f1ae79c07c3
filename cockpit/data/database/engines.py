"""Engines reached through their own clients: each runs compiled SQL and returns a Polars frame.

SQLite and PostgreSQL go through ADBC (`connection.py`); these take the SQL SQLGlot wrote for
them (`transpile.py`). Every client is imported only when its engine is named, so the core
install needs none of them.
"""

from __future__ import annotations

import importlib
import logging
import socket
import warnings
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qsl, unquote, urlsplit

import polars as pl

from cockpit.data.uri import DatabaseUri
from cockpit.errors import DataError

EXTRAS = {
    "duckdb": ("duckdb", "warehouse"),
    "spark": ("pyspark", "spark"),
    "snowflake": ("adbc_driver_snowflake", "warehouse"),
    "bigquery": ("adbc_driver_bigquery", "warehouse"),
    "trino": ("trino", "warehouse"),
    "databricks": ("databricks.sql", "warehouse"),
}
"""Engine kind → (the client module it needs, the install extra that brings it)."""


class Engine(Protocol):
    """A connection that runs one SQL text and returns its rows as a Polars frame."""

    def read(self, sql: str) -> pl.DataFrame:
        """Run `sql` and return every row."""
        ...

    def close(self) -> None:
        """Let the connection go."""
        ...


def client(kind: str, shown: str) -> Any:
    """The client module of `kind`, or a message naming the extra to install."""
    module, extra = EXTRAS[kind]
    try:
        return importlib.import_module(module)
    except ImportError:
        raise DataError(
            f"{shown}: the {kind} client is not installed; pip install 'cockpit[{extra}]'"
        ) from None


def open_engine(uri: DatabaseUri) -> Engine:
    """A connection to the engine `uri` names."""
    opener = {
        "duckdb": _duckdb,
        "spark": _spark,
        "snowflake": _adbc,
        "bigquery": _adbc,
        "trino": _trino,
        "databricks": _databricks,
    }[uri.kind]
    return opener(uri)


class DuckDb:
    """A DuckDB file, opened read-only: cockpit never writes into the user's database."""

    def __init__(self, uri: DatabaseUri) -> None:
        duckdb = client("duckdb", uri.shown)
        if not Path(uri.target).is_file():
            raise DataError(f"{uri.shown}: no such DuckDB database file ({uri.target})")
        self._conn = duckdb.connect(uri.target, read_only=True)

    def read(self, sql: str) -> pl.DataFrame:
        """Run `sql` in DuckDB; the result arrives as a Polars frame (through Arrow)."""
        return self._conn.sql(sql).pl()  # type: ignore[no-any-return]

    def close(self) -> None:
        """Close the file."""
        self._conn.close()


def _duckdb(uri: DatabaseUri) -> Engine:
    return DuckDb(uri)


class Spark:
    """A Spark cluster through Spark Connect (`sc://host:port`): the queries run in Spark."""

    def __init__(self, uri: DatabaseUri) -> None:
        client("spark", uri.shown)
        _quiet_spark_client()
        from pyspark.sql import SparkSession

        remote, database = spark_database(uri.target)
        _reachable(remote, uri.shown)
        self._session = SparkSession.builder.remote(remote).getOrCreate()
        # Text with an offset and timestamps are read as UTC instants, then moved to the
        # review's zone by the query itself (FROM_UTC_TIMESTAMP), as on every other engine.
        self._session.conf.set("spark.sql.session.timeZone", "UTC")
        if database:
            self._session.catalog.setCurrentDatabase(database)

    def read(self, sql: str) -> pl.DataFrame:
        """Run `sql` in Spark; the result arrives as Arrow."""
        return pl.from_arrow(self._session.sql(sql).toArrow())  # type: ignore[return-value]

    def close(self) -> None:
        """Leave the cluster's session running for others: only this client lets go."""


def _quiet_spark_client() -> None:
    """pyspark logs each failed query (a probe for an optional table that is not there) with
    the server's stack trace, and warns about a pandas cockpit does not use: cockpit says what
    matters itself, in one line."""
    logging.getLogger("SQLQueryContextLogger").disabled = True
    warnings.filterwarnings("ignore", message=".*PySpark does not yet fully support pandas.*")


def _reachable(remote: str, shown: str) -> None:
    """Fail at once when nothing listens at the Spark Connect address: its client would retry
    for minutes before saying so."""
    parts = urlsplit(remote.split(";")[0])
    address = (parts.hostname or "localhost", parts.port or SPARK_CONNECT_PORT)
    try:
        socket.create_connection(address, timeout=CONNECT_SECONDS).close()
    except OSError as exc:
        raise DataError(
            f"{shown}: cannot connect: nothing answers at {address[0]}:{address[1]} ({exc})"
        ) from None


SPARK_CONNECT_PORT = 15002
"""Spark Connect's default port, when the URI gives none."""
CONNECT_SECONDS = 5.0


def spark_database(target: str) -> tuple[str, str | None]:
    """`sc://host:port/;database=crm;token=…` → the Spark Connect URI without `database` (a
    cockpit parameter: the database whose tables are read) and that database."""
    head, *params = target.split(";")
    kept, database = [head], None
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "database":
            database = unquote(value.strip()) or None
        else:
            kept.append(param)
    return ";".join(kept), database


def _spark(uri: DatabaseUri) -> Engine:
    return Spark(uri)


class Cursor:
    """An engine reached through a DB-API connection whose cursor returns Arrow or rows."""

    def __init__(self, conn: Any) -> None:
        self._conn = conn

    def read(self, sql: str) -> pl.DataFrame:
        """Run `sql`; Arrow when the driver gives it, else the rows with their column names."""
        cursor = self._conn.cursor()
        try:
            cursor.execute(sql)
            for fetch in ("fetch_arrow_table", "fetchall_arrow"):
                if hasattr(cursor, fetch):
                    return pl.from_arrow(getattr(cursor, fetch)())  # type: ignore[return-value]
            names = [column[0] for column in cursor.description]
            return pl.DataFrame(cursor.fetchall(), schema=names, orient="row")
        finally:
            cursor.close()

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()


def _adbc(uri: DatabaseUri) -> Engine:
    """Snowflake (`snowflake://user:password@account/database/schema?warehouse=…`) and BigQuery
    (`bigquery://project/dataset`) through their ADBC drivers."""
    driver = client(uri.kind, uri.shown)
    dbapi = importlib.import_module(f"{driver.__name__}.dbapi")
    if uri.kind == "snowflake":
        return Cursor(dbapi.connect(uri.target.removeprefix("snowflake://")))
    parts = urlsplit(uri.target)
    kwargs = {
        "adbc.bigquery.sql.project_id": parts.hostname or "",
        "adbc.bigquery.sql.dataset_id": unquote(parts.path.strip("/")),
    }
    return Cursor(dbapi.connect(db_kwargs=kwargs))


def _trino(uri: DatabaseUri) -> Engine:
    """`trino://user@host:port/catalog/schema`."""
    trino = client("trino", uri.shown)
    parts = urlsplit(uri.target)
    catalog, _, schema = unquote(parts.path.strip("/")).partition("/")
    return Cursor(
        trino.dbapi.connect(
            host=parts.hostname,
            port=parts.port or 8080,
            user=parts.username or "cockpit",
            catalog=catalog or None,
            schema=schema or None,
        )
    )


def _databricks(uri: DatabaseUri) -> Engine:
    """`databricks://token:<token>@host?http_path=/sql/1.0/warehouses/…`."""
    databricks = client("databricks", uri.shown)
    parts = urlsplit(uri.target)
    query = dict(parse_qsl(parts.query))
    return Cursor(
        databricks.connect(
            server_hostname=parts.hostname,
            http_path=query.get("http_path", ""),
            access_token=unquote(parts.password or ""),
            catalog=query.get("catalog"),
            schema=query.get("schema"),
        )
    )
