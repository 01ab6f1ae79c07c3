"""A loaded data source: canonical tables, their problems, and a summary per table.

Files, databases and partitioned Parquet each load into a `Dataset` (the latter two override
how tables are reduced for a period and how one rep's rows are gathered).
"""

from __future__ import annotations

from collections import abc
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import polars as pl

from cockpit.data import problems as prob
from cockpit.data.schema import REVIEWABLE, TABLES
from cockpit.data.tables import StoredTables, TableSummary

if TYPE_CHECKING:
    from cockpit.period import Period


def reviewable(summaries: abc.Mapping[str, TableSummary]) -> bool:
    """True when deals or accounts loaded with at least one row (`REVIEWABLE`)."""
    return any(name in summaries and summaries[name].rows_loaded > 0 for name in REVIEWABLE)


@dataclass
class Dataset:
    """The canonical tables of one data source, its problems and a summary per table."""

    source: str
    mapping_name: str | None
    tables: abc.Mapping[str, pl.DataFrame]
    """Frames in memory, or `StoredTables` read from the validated copy as needed."""
    summaries: dict[str, TableSummary]
    problems: pl.DataFrame
    from_cache: bool = False
    """True when the tables came from the validated copy of an unchanged folder."""
    _indexes: dict[tuple[str, str], dict[object, pl.Series]] = field(
        default_factory=dict, repr=False, compare=False
    )
    _after_shown: list[Callable[[Dataset], None]] = field(
        default_factory=list, repr=False, compare=False
    )

    @property
    def usable(self) -> bool:
        """True when deals or accounts loaded with at least one row: some pane has something
        to show (see `REVIEWABLE`)."""
        return reviewable(self.summaries)

    @property
    def error_count(self) -> int:
        """Problems of severity error (unusable files and rows set aside)."""
        return prob.count(self.problems, "error")

    def lazy(self, name: str) -> pl.LazyFrame | None:
        """A loaded table as a LazyFrame, or None when the source does not provide it."""
        if name not in self.tables:
            return None
        if isinstance(self.tables, StoredTables):
            return self.tables.scan(name)
        return self.tables[name].lazy()

    def lazy_tables(self) -> dict[str, pl.LazyFrame]:
        """Every table as a LazyFrame (nothing is read from a stored copy yet)."""
        return {name: frame for name in self.tables if (frame := self.lazy(name)) is not None}

    def rows_of(self, name: str, column: str, value: object) -> pl.DataFrame | None:
        """The rows of table `name` whose `column` equals `value` (None: no such table).

        Served from an index built on first use, so a drill-down gathers a rep's rows instead of
        scanning millions of them.
        """
        if name not in self.tables:
            return None
        if isinstance(self.tables, StoredTables) and not self.tables.is_read(name):
            # A stored table not yet in memory: one filtered scan, not a read of the whole.
            return self.tables.scan(name).filter(pl.col(column) == value).collect()
        frame = self.tables[name]
        index = self._index(name, column)
        positions = index.get(value)
        return frame[positions] if positions is not None else frame.clear()

    def rows_of_each(self, names: list[str], column: str, value: object) -> dict[str, pl.DataFrame]:
        """`rows_of` for several tables (those the source has); stored ones scanned in parallel."""
        stored = self.tables if isinstance(self.tables, StoredTables) else None
        scanned = [n for n in names if stored is not None and n in stored and not stored.is_read(n)]
        found: dict[str, pl.DataFrame] = {}
        if stored is not None and scanned:
            scans = [stored.scan(n).filter(pl.col(column) == value) for n in scanned]
            found = dict(zip(scanned, pl.collect_all(scans), strict=True))
        for name in names:
            if name not in found and (rows := self.rows_of(name, column, value)) is not None:
                found[name] = rows
        return found

    def focus(self, period: Period) -> None:
        """Prepare the tables for a review period (a database source reduces them there)."""

    def warm_index(self, name: str, column: str) -> None:
        """Build the index for `rows_of(name, column, …)` now (in a worker, before it is needed).

        A stored table needs none: its rows are sorted by rep, so one filtered scan is quick.
        """
        stored = isinstance(self.tables, StoredTables) and not self.tables.is_read(name)
        if name in self.tables and not stored:
            self._index(name, column)

    def _index(self, name: str, column: str) -> dict[object, pl.Series]:
        key = (name, column)
        if key not in self._indexes:
            groups = (
                self.tables[name]
                .select(pl.col(column), pl.int_range(pl.len(), dtype=pl.UInt32).alias("_at"))
                .group_by(column)
                .agg("_at")
            )
            self._indexes[key] = dict(zip(groups[column].to_list(), groups["_at"], strict=True))
        return self._indexes[key]

    def defer(self, step: Callable[[Dataset], None]) -> None:
        """Leave `step` (given this dataset) until the panes are shown (see `finish`)."""
        self._after_shown.append(step)

    def finish(self) -> None:
        """Do what loading left until the panes were shown: a first open's validated copy.

        Called once the panes are painted (the TUI) or printed (`report`); a dataset nobody
        finishes only costs the next open its speed.
        """
        while self._after_shown:
            self._after_shown.pop(0)(self)

    def missing_message(self, name: str) -> str:
        """Why `name` is not available and how to provide it, in a sentence."""
        table = TABLES[name]
        summary = self.summaries[name]
        how = f"add {name}.csv or {name}.parquet to the data folder, or map it in a mapping file"
        if summary.status == "unusable":
            return f"{name} could not be loaded ({', '.join(summary.files)}): see `cockpit check`."
        return f"No {name} table, so nothing for {table.purpose}: {how}."
