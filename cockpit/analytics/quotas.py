"""Quotas for any window of days: the quotas table where it covers a day, else the annual quota.

Each day of a window takes its quota from a `quotas` row that covers it (the row's amount spread
evenly over its days), else from `reps.quota`, an annual quota spread over the days of its
fiscal year. A rep with days that neither covers has no quota for the window (tiered by
percentile, and the screen says so): a partial quota would overstate attainment.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from cockpit.period import Calendar

QUOTA_COLUMNS = (
    "quota", "quota_from_table", "table_days", "annual_quota", "annual_days", "year_days",
)  # fmt: skip
"""`year_days`: days of the fiscal year the annual quota is spread over (null when the window
crosses years of different lengths)."""


def window_quotas(
    reps: pl.LazyFrame,
    quotas: pl.LazyFrame | None,
    start: date,
    end: date,
    calendar: Calendar,
) -> pl.LazyFrame:
    """Per rep: the quota for [start, end] and where it came from (see QUOTA_COLUMNS)."""
    days = (end - start).days + 1
    segments = _year_segments(start, end, calendar)
    covered = _table_cover(quotas, start, end, segments)
    frame = reps.select("rep_id", pl.col("quota").alias("annual_quota")).join(
        covered, on="rep_id", how="left", maintain_order="left"
    )
    names = [f"_covered{i}" for i in range(len(segments))]
    frame = frame.with_columns(
        pl.col("quota_from_table").fill_null(0.0),
        *(pl.col(n).fill_null(0) for n in names),
    )
    # Days no quotas row covers, per fiscal year: the annual quota fills them.
    open_days = [
        (pl.lit(seg_days) - pl.col(n)).clip(lower_bound=0)
        for n, (seg_days, _) in zip(names, segments, strict=True)
    ]
    annual_part = pl.sum_horizontal(
        gap * pl.col("annual_quota") / year_days
        for gap, (_, year_days) in zip(open_days, segments, strict=True)
    )
    annual_days = pl.sum_horizontal(open_days)
    table_days = pl.lit(days) - annual_days
    whole = (annual_days == 0) | pl.col("annual_quota").is_not_null()
    return frame.select(
        "rep_id",
        pl.when(whole).then(pl.col("quota_from_table") + annual_part.fill_null(0.0)).alias("quota"),
        "quota_from_table",
        table_days.cast(pl.Int64).alias("table_days"),
        "annual_quota",
        annual_days.cast(pl.Int64).alias("annual_days"),
        pl.lit(_one_length(segments), dtype=pl.Int64).alias("year_days"),
    )


def _one_length(segments: list[tuple[int, int]]) -> int | None:
    """The length of the fiscal years crossed, when they all have the same."""
    lengths = {year_days for _, year_days in segments}
    return lengths.pop() if len(lengths) == 1 else None


def _year_segments(start: date, end: date, calendar: Calendar) -> list[tuple[int, int]]:
    """(days of the window in it, days of the year) for each fiscal year the window crosses."""
    segments = []
    for year_start, year_end in calendar.years_across(start, end):
        inside = (min(end, year_end) - max(start, year_start)).days + 1
        segments.append((inside, (year_end - year_start).days + 1))
    return segments


def _table_cover(
    quotas: pl.LazyFrame | None, start: date, end: date, segments: list[tuple[int, int]]
) -> pl.LazyFrame:
    """Per rep: the quotas rows' amount for the window, and the days they cover per year."""
    names = [f"_covered{i}" for i in range(len(segments))]
    empty = {"rep_id": pl.String, "quota_from_table": pl.Float64} | dict.fromkeys(names, pl.Int64)
    if quotas is None:
        return pl.LazyFrame(schema=empty)
    row_days = (pl.col("period_end") - pl.col("period_start")).dt.total_days() + 1
    rows = quotas.filter(row_days > 0).with_columns(row_days.alias("_row_days"))
    parts = [
        _overlap(pl.col("period_start"), pl.col("period_end"), start, end).alias("_days"),
    ]
    bounds = _segment_bounds(start, end, segments)
    parts += [
        _overlap(pl.col("period_start"), pl.col("period_end"), s, e).alias(n)
        for n, (s, e) in zip(names, bounds, strict=True)
    ]
    rows = rows.with_columns(parts)
    return rows.group_by("rep_id").agg(
        (pl.col("amount") * pl.col("_days") / pl.col("_row_days")).sum().alias("quota_from_table"),
        *(pl.col(n).sum().cast(pl.Int64) for n in names),
    )


def _segment_bounds(
    start: date, end: date, segments: list[tuple[int, int]]
) -> list[tuple[date, date]]:
    """The window cut into the consecutive pieces `segments` counted."""
    bounds, first = [], start
    for inside, _ in segments:
        last = first + timedelta(days=inside - 1)
        bounds.append((first, min(last, end)))
        first = last + timedelta(days=1)
    return bounds


def _overlap(row_start: pl.Expr, row_end: pl.Expr, start: date, end: date) -> pl.Expr:
    """Days a quotas row shares with [start, end] (0 when none)."""
    first = pl.max_horizontal(row_start, pl.lit(start))
    last = pl.min_horizontal(row_end, pl.lit(end))
    return ((last - first).dt.total_days() + 1).clip(lower_bound=0)
