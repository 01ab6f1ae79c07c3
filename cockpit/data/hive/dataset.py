"""A data folder (or s3:// prefix) whose heavy tables are hive-partitioned Parquet directories.

Small tables and plain files load as in any folder. A partitioned table is read through the
file loader's own shaping and checks, but only its partitions in the review window: the
partition filter and the projection reach the Parquet scan.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl

from cockpit.data import problems as prob
from cockpit.data.dataset import Dataset
from cockpit.data.files.check_pass import check_table
from cockpit.data.files.crosscheck import cross_check
from cockpit.data.files.load import work_prefix
from cockpit.data.files.shape import SKIP, shape_file, skipped_problems
from cockpit.data.files.validate import finish_table, parsed, plan_checks
from cockpit.data.hive import partitions as hive
from cockpit.data.mapping import Mapping, TableMapping
from cockpit.data.schema import FILE, REVIEWABLE, ROW, TABLES, Table
from cockpit.data.tables import TableSummary
from cockpit.errors import DataError, UsageError
from cockpit.period import (
    DATE_COLUMNS,
    SELLING,
    LazyTablesAsOf,
    Period,
    PeriodChoice,
    TablesAsOf,
    event_span,
    latest_date,
    resolve_period,
)

Window = tuple[date, date]
EVERYTHING: Window = (date.min, date.max)


@dataclass
class HiveDataset(Dataset):
    """Partitioned tables hold only the partitions of `window`; `focus` reads another window."""

    tables: dict[str, pl.DataFrame]
    """Always frames in memory here (the heavy ones reduced), replaced as the period moves."""

    root: str = ""
    mapping: Mapping | None = field(default=None, repr=False)
    partitioned: dict[str, str] = field(default_factory=dict)
    """Table name → its partitioned directory."""
    storage_options: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    window: Window | None = None
    timezone: str = "UTC"
    """The zone date-times with an offset take their date in."""

    def focus(self, period: Period) -> None:
        """Read the partitions of `period`'s window when they are not the ones loaded."""
        window = hive.review_window(period)
        if self.window is not None and self.window[0] <= window[0] and window[1] <= self.window[1]:
            return
        self.read_window(window)

    def lazy_tables(self) -> LazyTablesAsOf:
        """Every table as a LazyFrame, still carrying the latest date of all partitions."""
        lazy = LazyTablesAsOf({name: frame.lazy() for name, frame in self.tables.items()})
        lazy.latest = getattr(self.tables, "latest", None)
        lazy.earliest = getattr(self.tables, "earliest", None)
        return lazy

    def read_window(self, window: Window) -> None:
        """Read the partitions overlapping `window` of every partitioned table."""
        found: list[pl.DataFrame] = []
        for name, source in self.partitioned.items():
            frame = _read_partitioned(self, name, source, window, found)
            if frame is not None:
                self.tables[name] = frame
        self.tables = cross_check(self.tables, self.mapping, Path(self.root), found)
        self.window = window
        mine = pl.col("table").is_in(list(self.partitioned))
        fresh = [f.filter(mine) for f in [*found, *_window_notes(self)]]
        self.problems = prob.combine([self.problems.filter(~mine), *fresh])
        for name in self.partitioned:
            if name in self.tables:
                self.summaries[name].rows_loaded = self.tables[name].height


def has_partitioned_tables(root: str) -> bool:
    """True when DATA is object storage, or a folder holding a table as a partitioned directory."""
    return "://" in root or any(hive.table_source(root, name) for name in TABLES)


def load_partitioned(
    root: str,
    mapping: Mapping | None,
    period_spec: PeriodChoice | str | None,
    storage_options: dict[str, str] | None = None,
    every_partition: bool = False,
    timezone: str = "UTC",
) -> Dataset:
    """Load small tables whole and partitioned ones for the review window (or all of them);
    date-times with an offset take their date in `timezone`."""
    found: list[pl.DataFrame] = []
    dataset = HiveDataset(
        source=root,
        mapping_name=mapping.name if mapping else None,
        tables=TablesAsOf(),
        summaries={},
        problems=prob.empty_problems(),
        root=root,
        mapping=mapping,
        storage_options=storage_options or {},
        timezone=timezone,
    )
    for table in TABLES.values():
        table_mapping = mapping.tables.get(table.name) if mapping else None
        source = hive.table_source(root, table.name)
        if source is not None and _read_directory(dataset, table, source, found):
            continue
        if "://" in root:
            continue
        with tempfile.TemporaryDirectory(prefix=work_prefix()) as work:
            kept, summary = check_table(
                Path(root), table, table_mapping, found, None, Path(work), timezone=timezone
            )
            frame = kept.collect() if kept is not None else None
        dataset.summaries[table.name] = summary
        if frame is not None:
            dataset.tables[table.name] = frame
    latest, earliest = _latest(dataset)
    dataset.tables = TablesAsOf(cross_check(dataset.tables, mapping, Path(root), found))
    for name, frame in dataset.tables.items():
        dataset.summaries[name].rows_loaded = frame.height
    dataset.tables.latest = latest
    dataset.tables.earliest = earliest
    dataset.problems = prob.combine(found)
    if every_partition:
        dataset.read_window(EVERYTHING)
    elif any(n in dataset.tables or n in dataset.partitioned for n in REVIEWABLE):
        dataset.focus(resolve_period(dataset.tables, period_spec))
    return dataset


def _read_directory(
    dataset: HiveDataset, table: Table, source: str, found: list[pl.DataFrame]
) -> bool:
    """A table stored as a directory of Parquet: heavy ones wait for the review window.

    False when there is no such directory (a local table may then be a plain file).
    """
    name = table.name
    try:
        hive.scan_partitioned(source, FILE, dataset.storage_options).collect_schema()
    except (pl.exceptions.PolarsError, OSError) as exc:
        reason = _masked(dataset, _first_line(exc))
        if "://" not in source or "expanded paths were empty" not in reason:
            # Unreachable storage or refused credentials: one line, not one per table.
            raise DataError(f"{source}: cannot be read as partitioned Parquet ({reason})") from None
        dataset.summaries[name] = TableSummary(name)
        found.append(prob.missing_table(table, f"no Parquet under {source}/"))
        return True
    dataset.summaries[name] = TableSummary(name, [f"{name}/"])
    if name in hive.PERIOD_DATES:
        dataset.partitioned[name] = source
        return True
    frame = _read_partitioned(dataset, name, source, EVERYTHING, found)
    if frame is not None:
        dataset.tables[name] = frame
    return True


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _masked(dataset: HiveDataset, text: str) -> str:
    """`text` without the values of secret storage options (keys, tokens, passwords)."""
    for key, value in dataset.storage_options.items():
        secret = any(word in key.lower() for word in ("secret", "token", "password", "key"))
        if secret and len(value) > 3:
            text = text.replace(value, "***")
    return text


def _shaped(
    dataset: HiveDataset, name: str, source: str, window: Window | None
) -> tuple[pl.LazyFrame, Table, TableMapping | None, list[pl.DataFrame], set[str]] | None:
    """The partitions (of `window`) shaped into canonical columns, checks planned."""
    table = TABLES[name]
    table_mapping = dataset.mapping.tables.get(name) if dataset.mapping else None
    if table_mapping is not None and table_mapping.joins:
        raise UsageError(
            f"mapping for {name}: joins apply to a folder of files, not to partitioned Parquet; "
            "build the columns into the partitions instead"
        )
    scan = hive.scan_partitioned(source, FILE, dataset.storage_options)
    if window not in (None, EVERYTHING) and hive.PERIOD in scan.collect_schema():
        scan = scan.filter(hive.partition_filter(window, with_open=name == "deals"))
    base = source.rstrip("/") + "/"
    raw = scan.with_columns(
        pl.col(FILE).str.replace(base, f"{name}/", literal=True),
        # Row numbers count within each Parquet file, as they do for a single file.
        (pl.int_range(pl.len()).over(FILE) + 1).cast(pl.Int64).alias(ROW),
    )
    shaped = shape_file(raw, raw.collect_schema(), table, table_mapping, Path(f"{name}/"))
    if shaped.frame is None:
        return None
    return shaped.frame, table, table_mapping, shaped.problems, shaped.absent


def _read_partitioned(
    dataset: HiveDataset, name: str, source: str, window: Window, found: list[pl.DataFrame]
) -> pl.DataFrame | None:
    """One partitioned table read for `window`, checked like a file; its summary updated."""
    shaped = _shaped(dataset, name, source, window)
    summary = dataset.summaries[name]
    if shaped is None:
        summary.status = "unusable"
        return None
    frame, table, table_mapping, problems, absent = shaped
    found.extend(problems)
    plan, checks = plan_checks(frame, table, table_mapping, absent, dataset.timezone)
    try:
        wide = plan.collect()
    except (pl.exceptions.PolarsError, OSError) as exc:
        reason = _masked(dataset, _first_line(exc))
        found.append(prob.table_problem(name, f"{name}/", f"cannot be read: {reason}"))
        summary.status = "unusable"
        return None
    found.extend(skipped_problems(wide.lazy(), table, table_mapping))
    clean, row_problems = finish_table(wide.lazy(), table, checks)
    found.extend(row_problems)
    summary.rows_read, summary.rows_loaded, summary.status = wide.height, clean.height, "loaded"
    return clean


def _latest(dataset: HiveDataset) -> tuple[date | None, date | None]:
    """The latest and the first date: the loaded tables', and each partitioned table's over its
    newest (oldest) partitions."""
    dates = [latest_date(dict(dataset.tables))]
    selling = {n: f for n, f in dataset.tables.items() if n in SELLING}
    firsts = [d for d in [event_span(selling)[0]] if d is not None] if selling else []
    for name, source in dataset.partitioned.items():
        shaped = _shaped(dataset, name, source, None)
        if shaped is None:
            continue
        frame, table, table_mapping, _, absent = shaped
        plan, _ = plan_checks(frame, table, table_mapping, absent, dataset.timezone)
        plan = plan.filter(~pl.col(SKIP))
        if name == "deals":  # an open deal's close date is only expected
            plan = plan.with_columns(
                pl.when(pl.col(parsed("stage")) != "open").then(pl.col(parsed("close_date")))
            )
        # Only the date columns are read (projection pushdown), over the partitions that hold
        # the extremes when their labels say which.
        columns = DATE_COLUMNS.get(name, ())
        if not columns:
            continue
        dates.extend(_extremes(plan, columns, hive.newest_partitions(source), "max"))
        firsts.extend(_extremes(plan, columns, hive.oldest_partitions(source), "min"))
    known = [d for d in dates if d is not None]
    return (max(known) if known else None), min(firsts, default=None)


def _extremes(
    plan: pl.LazyFrame, columns: tuple[str, ...], labels: list[str] | None, how: str
) -> list[date]:
    """The max (or min) of each date column over the partitions `labels` (None: all)."""
    if labels is not None:
        plan = plan.filter(pl.col(hive.PERIOD).is_in(labels))
    found = plan.select(getattr(pl.col(parsed(c)), how)() for c in columns).collect()
    return [d for d in found.row(0) if isinstance(d, date)]


def _window_notes(dataset: HiveDataset) -> list[pl.DataFrame]:
    """A note saying which window of partitions was read."""
    if dataset.window in (None, EVERYTHING):
        return []
    start, end = dataset.window
    notes = []
    for name in dataset.partitioned:
        also = " and the open deals" if name == "deals" else ""
        reason = (
            f"partitioned: only the partitions from {start} to {end}{also} were read "
            "(cockpit check reads them all)"
        )
        notes.append(prob.table_problem(name, f"{name}/", reason, "info"))
    return notes
