"""The review period and as_of date: explicit inputs, so results never depend on the wall clock.

A period is named the way managers say it (`2026Q3`, `2026-09`, `2026`, `qtd`, `ytd`,
`last-quarter`, `START:END`), on the fiscal calendar of the config; as_of is the latest day on
which something happened in the data, not a planned date.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import polars as pl

from cockpit.errors import UsageError
from cockpit.period_spec import (
    FIRST_YEAR,
    LAST_YEAR,
    SPEC_HELP,
    Calendar,
    Period,
    PeriodChoice,
    parse_period,
)

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "SELLING",
    "SPEC_HELP",
    "Calendar",
    "KnownLatest",
    "LazyTablesAsOf",
    "Period",
    "PeriodChoice",
    "TablesAsOf",
    "event_span",
    "latest_date",
    "parse_period",
    "resolve_period",
]

# Days on which something happened, by table: as_of is the latest of them, the data's first
# day the earliest. Planned dates (an open deal's close date) are not among them.
EVENT_COLUMNS = {
    "deals": ("created_date", "modified_date"),
    "leads": ("assigned_date",),
    "activities": ("date",),
    "accounts": ("start_date", "churn_date"),
    "growth": ("last_growth_conversation",),
}
DATE_COLUMNS = {**EVENT_COLUMNS, "deals": ("created_date", "close_date")}
"""Where database and partitioned sources look for as_of before reducing their rows (they count
a deal's close date only once it is won or lost)."""
SELLING = ("deals", "leads", "activities")
"""Tables whose events say when the data starts (a customer since 2015 does not)."""
RECORD_STAMPS = {"deals": ("modified_date",)}
"""Columns that say when a record last changed: a closed deal's close date after the latest of
them is a plan, not an event."""


class KnownLatest:
    """Tables that carry the data's latest date, because their rows may not hold it.

    A database source keeps only the period's rows of its heavy tables, and partitioned Parquet
    only the partitions of the review window; the latest date was found before that.
    """

    latest: date | None = None
    earliest: date | None = None
    """The data's first selling event (deals, leads, activities), found with `latest`."""


class TablesAsOf(KnownLatest, dict[str, pl.DataFrame]):
    """Frames in memory that know the data's latest date."""


class LazyTablesAsOf(KnownLatest, dict[str, pl.LazyFrame]):
    """Lazy frames that know the data's latest date."""


def event_span(
    tables: Mapping[str, pl.DataFrame | pl.LazyFrame],
) -> tuple[date | None, date | None]:
    """The data's first and latest day on which something happened (see EVENT_COLUMNS)."""
    events = _spans(tables, EVENT_COLUMNS)
    stamps = _spans(tables, RECORD_STAMPS)
    closed = _closed_deal_span(tables)
    # One pass per table, run together: a stored copy is scanned, not read whole.
    queries = [q for _, q in events] + [q for _, q in stamps] + closed
    found = [f.row(0) for f in pl.collect_all(queries)] if queries else []
    event_rows, stamp_rows = found[: len(events)], found[len(events) : len(events) + len(stamps)]
    selling = [first for (name, _), (first, _) in zip(events, event_rows, strict=True)
               if name in SELLING]  # fmt: skip
    firsts = selling if any(n in SELLING for n, _ in events) else [f for f, _ in event_rows]
    lasts = [last for _, last in event_rows]
    stamp = _max([last for _, last in stamp_rows])
    if closed:
        first_close, last_close = found[-1]
        firsts.append(first_close)
        # A close date past the latest record stamp is planned: it cannot have happened yet.
        lasts.append(min(last_close, stamp) if last_close and stamp else last_close)
    return _min(firsts), _max(lasts)


def _span(frame: pl.LazyFrame, columns: list[str]) -> pl.LazyFrame:
    return frame.select(
        pl.min_horizontal(pl.col(columns).min()).alias("first"),
        pl.max_horizontal(pl.col(columns).max()).alias("last"),
    )


def _spans(
    tables: Mapping[str, pl.DataFrame | pl.LazyFrame], columns: Mapping[str, tuple[str, ...]]
) -> list[tuple[str, pl.LazyFrame]]:
    """(table, first and last day query) for each table holding some of `columns`."""
    queries = []
    for name, wanted in columns.items():
        if name in tables:
            frame = tables[name].lazy()
            present = [c for c in wanted if c in frame.collect_schema().names()]
            if present:
                queries.append((name, _span(frame, present)))
    return queries


def _closed_deal_span(tables: Mapping[str, pl.DataFrame | pl.LazyFrame]) -> list[pl.LazyFrame]:
    if "deals" not in tables:
        return []
    deals = tables["deals"].lazy()
    names = deals.collect_schema().names()
    if "close_date" not in names or "stage" not in names:
        return []
    closed = deals.filter(pl.col("stage").is_in(["won", "lost"]))
    return [_span(closed, ["close_date"])]


def _min(days: list[date | None]) -> date | None:
    return min((d for d in days if d is not None), default=None)


def _max(days: list[date | None]) -> date | None:
    return max((d for d in days if d is not None), default=None)


def latest_date(tables: Mapping[str, pl.DataFrame | pl.LazyFrame]) -> date | None:
    """The latest day on which something happened in the data (the default as_of)."""
    if isinstance(tables, KnownLatest) and tables.latest is not None:
        return tables.latest
    return event_span(tables)[1]


def resolve_period(
    tables: Mapping[str, pl.DataFrame | pl.LazyFrame],
    choice: PeriodChoice | str | None = None,
    as_of: date | None = None,
) -> Period:
    """The period asked for, judged as of the given day or the data's latest; by default the
    fiscal year containing as_of."""
    if not isinstance(choice, PeriodChoice):
        choice = PeriodChoice(choice, as_of)
    known = tables.latest if isinstance(tables, KnownLatest) else None
    first, latest = event_span(tables)
    as_of = choice.as_of or known or latest
    if as_of is None:
        raise UsageError(
            "the data has no dates, so no review period: give --as-of DATE or --period START:END"
        )
    start, end, name = parse_period(choice.spec, as_of, choice.calendar)
    if known is not None:
        # The rows at hand were reduced to a window: their first day says nothing.
        first = tables.earliest if isinstance(tables, KnownLatest) else None
    period = Period(start, end, as_of, first, name, choice.calendar)
    _refuse_uncovered(period, choice.spec)
    return period


def _refuse_uncovered(period: Period, spec: str | None) -> None:
    """A period with no day the data covers has nothing to review: say so instead of tiering."""
    asked = f"--period {spec!r}" if spec else "the period"
    if period.start > period.as_of:
        raise UsageError(
            f"{asked} ({period.start} – {period.end}) starts after the data's as-of day "
            f"({period.as_of}): nothing in the data happened in it. Choose an earlier period, "
            "or give --as-of if the data runs later."
        )
    if period.first and period.end < period.first:
        raise UsageError(
            f"{asked} ({period.start} – {period.end}) ends before the data's first record "
            f"({period.first}): choose a later period."
        )
