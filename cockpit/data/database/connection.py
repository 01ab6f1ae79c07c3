"""Connecting to a database through ADBC and running parameterised queries into Polars."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from cockpit.data.database.zones import Bind, sqlite_local_date
from cockpit.data.uri import DatabaseUri
from cockpit.errors import DataError

INSTALL_HINT = "install the database drivers: pip install 'cockpit[db]'"


# A time of day then an offset (Z, ±HH, ±HHMM, ±HH:MM): as the file loader finds one. The strict
# form is one PostgreSQL can cast without an error; a loose match that is not strict is no date.
OFFSET_LOOSE = "'[0-9][T ][0-9]{2}:[0-9]{2}.*([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)$'"
OFFSET_STRICT = (
    "'^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]+)?)? *"
    "([Zz]|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)$'"
)
# SQLite's own date functions read Z and ±HH:MM after a time (not ±HHMM or ±HH: no date).
SQLITE_TIME = "'*[0-9][T ][0-9][0-9]:[0-9][0-9]*"
SQLITE_OFFSETS = (f"{SQLITE_TIME}[Zz]'", f"{SQLITE_TIME}[+-][0-9][0-9]:[0-9][0-9]'")


@dataclass(frozen=True)
class Dialect:
    """What differs between the SQL of the databases cockpit reads."""

    kind: str
    timezone: str = "UTC"
    """The zone an instant (a time with an offset, a timestamptz) takes its date in."""

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

    def date(self, column: str, text: bool, zoned: bool, bind: Bind) -> str:
        """A column as a date (NULL when it is not one); `text`: stored as text; `zoned`: a
        timestamp with time zone. An instant takes its date in `timezone`; a date-time without
        an offset keeps the date it was written with. `bind` binds a value (the zone)."""
        if self.kind == "sqlite":
            return self._sqlite_date(column, bind)
        if not text and not zoned:
            return f"CAST({column} AS DATE)"
        # Bound only when used: PostgreSQL cannot type a parameter the query never reads.
        zone = f"CAST({bind(self.timezone)} AS TEXT)"
        if zoned:
            return f"CAST(({column} AT TIME ZONE {zone}) AS DATE)"
        iso = "'^[0-9]{4}-[0-9]{2}-[0-9]{2}'"
        instant = f"CAST(CAST({column} AS TIMESTAMPTZ) AT TIME ZONE {zone} AS DATE)"
        return (
            f"CASE WHEN {column} ~ {OFFSET_STRICT} THEN {instant} "
            f"WHEN {column} ~ {OFFSET_LOOSE} THEN NULL "
            f"WHEN {column} ~ {iso} THEN CAST(SUBSTRING({column}, 1, 10) AS DATE) END"
        )

    def _sqlite_date(self, column: str, bind: Bind) -> str:
        # DATE() cuts date-times to their day, moves one with an offset to UTC first, and
        # returns NULL for anything else: right as it is for UTC.
        if self.timezone == "UTC":
            return f"DATE({column})"
        offset = " OR ".join(f"{column} GLOB {pattern}" for pattern in SQLITE_OFFSETS)
        local = sqlite_local_date(f"DATETIME({column})", self.timezone, bind)
        return f"CASE WHEN {offset} THEN {local} ELSE DATE({column}) END"

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

    def __init__(self, uri: DatabaseUri, timezone: str = "UTC") -> None:
        self.uri = uri
        self.dialect = Dialect(uri.kind, timezone)
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
