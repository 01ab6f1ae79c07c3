"""The review period and as_of date: explicit inputs, so results never depend on the wall clock."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from cockpit.errors import UsageError

# Every date column the contract has, by table: as_of is the latest of them.
DATE_COLUMNS = {
    "deals": ("created_date", "close_date"),
    "leads": ("assigned_date",),
    "activities": ("date",),
    "accounts": ("start_date", "churn_date"),
    "growth": ("last_growth_conversation",),
}


class KnownLatest:
    """Tables that carry the data's latest date, because their rows may not hold it.

    A database source keeps only the period's rows of its heavy tables, and partitioned Parquet
    only the partitions of the review window; the latest date was found before that.
    """

    latest: date | None = None


class TablesAsOf(KnownLatest, dict[str, pl.DataFrame]):
    """Frames in memory that know the data's latest date."""


class LazyTablesAsOf(KnownLatest, dict[str, pl.LazyFrame]):
    """Lazy frames that know the data's latest date."""


@dataclass(frozen=True)
class Period:
    """A review period [start, end] judged as of `as_of`."""

    start: date
    end: date
    as_of: date

    @property
    def elapsed_end(self) -> date:
        """The last day of the period that has happened by as_of."""
        return min(self.end, self.as_of)

    @property
    def weeks_elapsed(self) -> float:
        """Weeks from the period start to its elapsed end (at least one day)."""
        days = (self.elapsed_end - self.start).days + 1
        return max(days, 1) / 7

    @property
    def days(self) -> int:
        """Length of the period in days."""
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same length just before this one."""
        end = self.start - timedelta(days=1)
        return Period(end - timedelta(days=self.days - 1), end, self.as_of)

    def label(self) -> str:
        """`2026-01-01 – 2026-12-31 (as of 2026-09-30)`."""
        return f"{self.start} – {self.end} (as of {self.as_of})"


def latest_date(tables: Mapping[str, pl.DataFrame | pl.LazyFrame]) -> date | None:
    """The latest date found anywhere in the data (the default as_of)."""
    if isinstance(tables, KnownLatest) and tables.latest is not None:
        return tables.latest
    maxima = []
    for name, columns in DATE_COLUMNS.items():
        if name in tables:
            frame = tables[name].lazy()
            present = [c for c in columns if c in frame.collect_schema().names()]
            if present:
                maxima.append(frame.select(pl.max_horizontal(pl.col(present).max()).alias("d")))
    # One pass per table, run together: a stored copy is scanned, not read whole.
    found = [m.item() for m in pl.collect_all(maxima)] if maxima else []
    dates = [d for d in found if d is not None]
    return max(dates) if dates else None


def resolve_period(
    tables: Mapping[str, pl.DataFrame | pl.LazyFrame],
    spec: str | None = None,
    as_of: date | None = None,
) -> Period:
    """The period from `START:END` (ISO dates), else the calendar year containing as_of."""
    as_of = as_of or latest_date(tables)
    if as_of is None:
        raise UsageError("the data has no dates, so no review period: give --period START:END")
    if spec is None:
        return Period(date(as_of.year, 1, 1), date(as_of.year, 12, 31), as_of)
    start, end = _parse_spec(spec)
    return Period(start, end, as_of)


FIRST_YEAR, LAST_YEAR = 1900, 9998
"""Review periods a CRM can hold; the period before the first one still has a date."""


def _parse_spec(spec: str) -> tuple[date, date]:
    try:
        first, last = spec.split(":")
        start, end = date.fromisoformat(first.strip()), date.fromisoformat(last.strip())
    except ValueError:
        raise UsageError(
            f"--period {spec!r}: expected START:END as ISO dates, e.g. 2026-01-01:2026-06-30"
        ) from None
    if end < start:
        raise UsageError(f"--period {spec!r}: the end is before the start")
    if start.year < FIRST_YEAR or end.year > LAST_YEAR:
        # The comparison period before it must exist too: year 1 has none.
        raise UsageError(
            f"--period {spec!r}: give dates from {FIRST_YEAR} to {LAST_YEAR}, "
            "e.g. 2026-01-01:2026-06-30"
        )
    return start, end
