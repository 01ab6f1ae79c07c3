"""Hive-partitioned Parquet (`deals/team=East/period=2026-Q3/part-0.parquet`), local or s3://.

Partitions are pruned by the review window and projection reaches the Parquet scan, so only
the files of the periods (and teams) under review are opened.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl

from cockpit.period import Period

PERIOD = "period"
"""Partition column naming the period of a row's date: `2026-Q3`, `2026-07`, `2026` or `open`."""
TEAM = "team"
PERIOD_DATES = {"deals": "close_date", "leads": "assigned_date", "activities": "date"}
"""The date each heavy table is partitioned by (an open deal, without one, is `open`)."""
OPEN = "open"


def period_label(day: pl.Expr) -> pl.Expr:
    """`2026-Q3` for a date (null: `open`): the partition a writer puts a row in."""
    quarter = pl.format("{}-Q{}", day.dt.year(), day.dt.quarter())
    return pl.when(day.is_null()).then(pl.lit(OPEN)).otherwise(quarter)


def labels_between(start: date, end: date) -> list[str]:
    """Every year, quarter and month label that overlaps [start, end]."""
    labels: list[str] = []
    for year in range(start.year, end.year + 1):
        labels.append(str(year))
        for month in range(1, 13):
            first = date(year, month, 1)
            if (year, month) < (start.year, start.month) or first > end:
                continue
            labels.append(f"{year}-{month:02d}")
            quarter = f"{year}-Q{(month - 1) // 3 + 1}"
            if quarter not in labels:
                labels.append(quarter)
    return labels


def review_window(period: Period) -> tuple[date, date]:
    """The dates the panes read: the previous period (lead share) through the period's end."""
    return period.previous().start, period.end


def partition_filter(
    window: tuple[date, date], teams: list[str] | None = None, with_open: bool = False
) -> pl.Expr:
    """Keep the partitions overlapping `window` (and `open` ones), of `teams` when given."""
    labels = labels_between(*window) + ([OPEN] if with_open else [])
    keep = pl.col(PERIOD).is_in(labels)
    return keep & pl.col(TEAM).is_in(teams) if teams else keep


def label_end(label: str) -> date | None:
    """The last day a period label covers (`2026-Q3` → 2026-09-30); None for other labels."""
    try:
        if "-Q" in label:
            year, quarter = label.split("-Q")
            return _month_end(int(year), int(quarter) * 3)
        if len(label) == 7:
            return _month_end(int(label[:4]), int(label[5:]))
        if len(label) == 4:
            return date(int(label), 12, 31)
    except ValueError:
        return None
    return None


def _month_end(year: int, month: int) -> date:
    following = date(year + month // 12, month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def newest_partitions(source: str) -> list[str] | None:
    """The newest period label of a local table and `open` (None: not known without a scan).

    as_of, the latest date in the data, lies in these partitions, so only they are read for it.
    """
    if "://" in source:
        return None
    labels = {p.name.split("=", 1)[1] for p in Path(source).rglob(f"{PERIOD}=*") if p.is_dir()}
    dated = {label: label_end(label) for label in labels}
    if not labels or any(end is None for label, end in dated.items() if label != OPEN):
        return None
    newest = max((label for label in labels if label != OPEN), key=lambda x: dated[x] or date.min)
    return [newest, OPEN]


def oldest_partitions(source: str) -> list[str] | None:
    """The oldest period label of a local table and `open` (None: not known without a scan).

    The data's first day lies in these (a deal created before its close period is the rare
    exception, and only moves the first day the coverage warning names).
    """
    newest = newest_partitions(source)
    if newest is None:
        return None
    labels = {p.name.split("=", 1)[1] for p in Path(source).rglob(f"{PERIOD}=*") if p.is_dir()}
    dated = {label: label_end(label) or date.max for label in labels if label != OPEN}
    return [min(dated, key=lambda x: dated[x]), OPEN]


def table_source(root: str, name: str) -> str | None:
    """Where table `name` is partitioned under `root` (None: not a partitioned directory)."""
    if "://" in root:
        return f"{root.rstrip('/')}/{name}"
    folder = Path(root) / name
    return str(folder) if folder.is_dir() and any(folder.rglob("*.parquet")) else None


def scan_partitioned(
    source: str, file_column: str, storage_options: dict[str, str] | None = None
) -> pl.LazyFrame:
    """All partitions of one table, lazily, with the hive columns and each row's file."""
    return pl.scan_parquet(
        f"{source.rstrip('/')}/**/*.parquet",
        hive_partitioning=True,
        include_file_paths=file_column,
        storage_options=storage_options or None,
    )


def review_scan(
    source: str,
    columns: list[str],
    window: tuple[date, date],
    teams: list[str] | None = None,
    with_open: bool = False,
    storage_options: dict[str, str] | None = None,
) -> pl.LazyFrame:
    """`columns` of the partitions in `window` (and `teams`): pruned and projected in the scan."""
    scan = pl.scan_parquet(
        f"{source.rstrip('/')}/**/*.parquet",
        hive_partitioning=True,
        storage_options=storage_options or None,
    )
    return scan.filter(partition_filter(window, teams, with_open)).select(columns)


def partition_folder(folder: Path, teams: pl.DataFrame) -> dict[str, int]:
    """Rewrite the heavy `<table>.parquet` files of `folder` as team/period partitions.

    `teams` maps rep_id to team. Returns the partitions written per table.
    """
    written = {}
    for name, day in PERIOD_DATES.items():
        flat = folder / f"{name}.parquet"
        frame = (
            pl.scan_parquet(flat)
            .join(teams.lazy(), on="rep_id", how="left", maintain_order="left")
            .with_columns(
                pl.col(TEAM).fill_null("none"),
                _label(name, day).alias(PERIOD),
            )
            .collect()
        )
        frame.write_parquet(folder / name, partition_by=[TEAM, PERIOD])
        flat.unlink()
        written[name] = frame.select(TEAM, PERIOD).n_unique()
    return written


def _label(table: str, day: str) -> pl.Expr:
    """A deal's partition is its close quarter, or `open` while it is open."""
    label = period_label(pl.col(day))
    if table == "deals":
        return pl.when(pl.col("stage") == OPEN).then(pl.lit(OPEN)).otherwise(label)
    return label
