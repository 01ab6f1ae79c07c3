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
        return f"?{number}" if self.kind == "sqlite" else f"${number}"

    @property
    def fence(self) -> str:
        """A clause that keeps a subquery from being merged into the query around it.

        Without it the planner copies each parsed column's expression into every condition that
        uses it, evaluating TRIM/CAST many times per row.
        """
        if self.kind not in ("sqlite", "postgresql"):
            return ""  # a hint for those two planners; the compiled engines plan on their own
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
        real = calendar_day(column)
        day = f"CAST(SUBSTRING({column}, 1, 10) AS DATE)"
        # Nested, not `AND`: the day's parts are cast only once the shape is known (an engine
        # may test the conditions of an AND in any order).
        return (
            f"CASE WHEN {column} ~ {OFFSET_STRICT} THEN CASE WHEN {real} THEN {instant} END "
            f"WHEN {column} ~ {OFFSET_LOOSE} THEN NULL "
            f"WHEN {column} ~ {iso} THEN CASE WHEN {real} THEN {day} END END"
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
            # A whole-number column takes no fraction: `1.5` is no whole number (as for files),
            # where a cast would fail the query (PostgreSQL) or round it (DuckDB).
            fraction = "(\\.0+)?" if integer else "(\\.[0-9]+)?"
            pattern = f"'^ *-?[0-9]+{fraction} *$'"
            number = f"CAST({column} AS DOUBLE PRECISION)"  # `2.0` is the whole number 2
            cast = f"CAST({number} AS BIGINT)" if integer else number
            return f"CASE WHEN {column} ~ {pattern} THEN {cast} END"
        return f"CAST({column} AS {target})"


def _plain_numbers(frame: pl.DataFrame) -> pl.DataFrame:
    """Decimals as Int64 (no fraction) or Float64: DuckDB sums integers to a 38-digit decimal,
    Spark and the warehouses to decimals too, where cockpit counts and adds plain numbers."""
    return frame.with_columns(
        pl.col(name).cast(pl.Int64 if dtype.scale == 0 else pl.Float64)
        for name, dtype in frame.schema.items()
        if isinstance(dtype, pl.Decimal)
    )


def calendar_day(column: str) -> str:
    """True when text that starts `YYYY-MM-DD` names a day that exists: `2025-02-30` would make
    the cast fail the whole query (PostgreSQL, DuckDB, Spark), not just read as no date."""
    year, month, day = (f"CAST(SUBSTRING({column}, {at}, {n}) AS INT)" for at, n in YMD)
    leap = f"({year} % 4 = 0 AND ({year} % 100 <> 0 OR {year} % 400 = 0))"
    last = (
        f"CASE WHEN {month} = 2 THEN CASE WHEN {leap} THEN 29 ELSE 28 END "
        f"WHEN {month} IN (4, 6, 9, 11) THEN 30 ELSE 31 END"
    )
    return f"({month} BETWEEN 1 AND 12 AND {day} BETWEEN 1 AND {last})"


YMD = ((1, 4), (6, 2), (9, 2))
"""Where the year, month and day stand in `YYYY-MM-DD` (1-based, as SUBSTRING counts)."""


def quote_identifier(name: str) -> str:
    """A table or column name quoted for SQL (`crm.deals` → `"crm"."deals"`), quotes doubled."""
    return ".".join(quote_name(part) for part in name.split("."))


def quote_name(name: str) -> str:
    """One name quoted whole, dots and all (a column `Amount.USD`), quotes doubled."""
    return '"' + name.replace('"', '""') + '"'


class Database:
    """One open connection (ADBC for SQLite and PostgreSQL, the engine's own client for the
    others); every error message has the password masked."""

    def __init__(self, uri: DatabaseUri, timezone: str = "UTC") -> None:
        self.uri = uri
        self.dialect = Dialect(uri.kind, timezone)
        self._conn = _connect(uri) if uri.kind in ADBC_KINDS else None
        self._engine = None if self._conn is not None else _open_engine(uri)

    def query(self, sql: str, params: Sequence[Any] = ()) -> pl.DataFrame:
        """Run `sql` (PostgreSQL or SQLite text with markers) with `params` and return the
        result as a Polars frame: bound through ADBC, or compiled for the engine by SQLGlot."""
        try:
            return self._run(sql, params)
        except DataError:
            raise
        except Exception as exc:  # the drivers raise their own DB-API error classes
            raise DataError(
                self.uri.mask(f"{self.uri.shown}: query failed: {_first_line(exc)}")
            ) from None

    def _run(self, sql: str, params: Sequence[Any]) -> pl.DataFrame:
        if self._engine is not None:
            from cockpit.data.database.transpile import compile_sql

            return _plain_numbers(self._engine.read(compile_sql(sql, params, self.uri.kind)))
        options = {"parameters": list(params)} if params else None
        return pl.read_database(sql, self._conn, execute_options=options)

    def columns(self, table: str) -> dict[str, str] | None:
        """Column name → Polars dtype name of `table`, or None when the table does not exist."""
        try:
            frame = self._run(f"SELECT * FROM {quote_identifier(table)} WHERE 1 = 0", ())
        except Exception:  # a missing table is an error of the driver's own class
            self._rollback()
            return None
        return {name: str(dtype) for name, dtype in frame.schema.items()}

    def close(self) -> None:
        """Close the connection."""
        (self._engine or self._conn).close()  # type: ignore[union-attr]

    def _rollback(self) -> None:
        # PostgreSQL refuses further statements in a failed transaction until it is rolled back.
        with contextlib.suppress(Exception):  # nothing to roll back is fine
            if self._conn is not None:
                self._conn.rollback()


ADBC_KINDS = ("sqlite", "postgresql")
"""Engines whose SQL cockpit runs as written, with bound values, through ADBC."""


def _open_engine(uri: DatabaseUri) -> Any:
    from cockpit.data.database.engines import open_engine

    try:
        engine = open_engine(uri)
        # Clients connect lazily: without a first query an unreachable engine or a refused
        # password would read as "no table deals" further on.
        engine.read("SELECT 1 AS ck_ping")
        return engine
    except DataError:
        raise
    except Exception as exc:  # each client raises its own error classes
        raise DataError(uri.mask(f"{uri.shown}: cannot connect: {_first_line(exc)}")) from None


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
