"""Connecting to a database through ADBC and running parameterised queries into Polars."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from cockpit.data.uri import DatabaseUri
from cockpit.errors import DataError

INSTALL_HINT = "install the database drivers: pip install 'cockpit[db]'"


@dataclass(frozen=True)
class Dialect:
    """What differs between the SQL of the databases cockpit reads."""

    kind: str

    def placeholder(self, number: int) -> str:
        """The bound-parameter marker for the `number`-th parameter (1-based).

        Numbered in both dialects, so a marker may appear anywhere and more than once.
        """
        return f"${number}" if self.kind == "postgresql" else f"?{number}"

    @property
    def fence(self) -> str:
        """A clause that keeps a subquery from being merged into the query around it.

        Without it the planner copies each parsed column's expression into every condition that
        uses it, evaluating TRIM/CAST many times per row.
        """
        return " OFFSET 0" if self.kind == "postgresql" else " LIMIT -1 OFFSET 0"

    def date(self, column: str, text: bool) -> str:
        """A column as a date (NULL when it is not one); `text`: stored as text."""
        if self.kind == "sqlite":
            # DATE() cuts date-times to their day and returns NULL for anything else.
            return f"DATE({column})"
        if text:
            iso = "'^[0-9]{4}-[0-9]{2}-[0-9]{2}'"
            return f"CASE WHEN {column} ~ {iso} THEN CAST(SUBSTRING({column}, 1, 10) AS DATE) END"
        return f"CAST({column} AS DATE)"

    def number(self, column: str, integer: bool, text: bool) -> str:
        """A column as a number (NULL when it is not one)."""
        target = "BIGINT" if integer else "DOUBLE PRECISION"
        if self.kind == "sqlite":
            # SQLite would turn 'abc' into 0 on a cast: only numbers, or text made of a number's
            # characters with a digit, are cast.
            cast = f"CAST(TRIM({column}) AS {'INTEGER' if integer else 'REAL'})"
            numeric_text = (
                f"typeof({column}) = 'text' AND TRIM({column}) GLOB '*[0-9]*' "
                f"AND NOT TRIM({column}) GLOB '*[^0-9.eE+-]*'"
            )
            return (
                f"CASE WHEN typeof({column}) IN ('integer', 'real') OR ({numeric_text}) "
                f"THEN {cast} END"
            )
        if text:
            pattern = "'^ *-?[0-9]+(\\.[0-9]+)? *$'"
            return f"CASE WHEN {column} ~ {pattern} THEN CAST({column} AS {target}) END"
        return f"CAST({column} AS {target})"


def quote_identifier(name: str) -> str:
    """A table or column name quoted for SQL (`crm.deals` → `"crm"."deals"`), quotes doubled."""
    return ".".join('"' + part.replace('"', '""') + '"' for part in name.split("."))


class Database:
    """One open ADBC connection; every error message has the password masked."""

    def __init__(self, uri: DatabaseUri) -> None:
        self.uri = uri
        self.dialect = Dialect(uri.kind)
        self._conn = _connect(uri)

    def query(self, sql: str, params: Sequence[Any] = ()) -> pl.DataFrame:
        """Run `sql` with bound `params` and return the result as a Polars frame."""
        options = {"parameters": list(params)} if params else None
        try:
            return pl.read_database(sql, self._conn, execute_options=options)
        except Exception as exc:  # the drivers raise their own DB-API error classes
            raise DataError(
                self.uri.mask(f"{self.uri.shown}: query failed: {_first_line(exc)}")
            ) from None

    def columns(self, table: str) -> dict[str, str] | None:
        """Column name → Polars dtype name of `table`, or None when the table does not exist."""
        try:
            frame = pl.read_database(
                f"SELECT * FROM {quote_identifier(table)} WHERE 1 = 0", self._conn
            )
        except Exception:  # a missing table is an error of the driver's own class
            self._rollback()
            return None
        return {name: str(dtype) for name, dtype in frame.schema.items()}

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()

    def _rollback(self) -> None:
        # PostgreSQL refuses further statements in a failed transaction until it is rolled back.
        with contextlib.suppress(Exception):  # nothing to roll back is fine
            self._conn.rollback()


def _connect(uri: DatabaseUri) -> Any:
    try:
        if uri.kind == "sqlite":
            import adbc_driver_sqlite.dbapi as sqlite_driver

            driver: Any = sqlite_driver
        else:
            import adbc_driver_postgresql.dbapi as postgresql_driver

            driver = postgresql_driver
    except ImportError:
        raise DataError(f"{uri.shown}: no {uri.kind} driver installed; {INSTALL_HINT}") from None
    if uri.kind == "sqlite" and not Path(uri.target).is_file():
        raise DataError(f"{uri.shown}: no such SQLite database file ({uri.target})")
    try:
        return driver.connect(uri.target)
    except Exception as exc:  # connection failures come as the driver's own error classes
        raise DataError(uri.mask(f"{uri.shown}: cannot connect: {_first_line(exc)}")) from None


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
