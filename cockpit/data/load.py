"""Loading a data folder into validated canonical tables, with every problem recorded."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import abc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from cockpit.data import problems as prob
from cockpit.data.budget import fits_in_memory
from cockpit.data.mapping import Mapping, TableMapping
from cockpit.data.schema import CHECK_ORDER, TABLES
from cockpit.data.stage import Store, check_table, note_missing, store_table
from cockpit.data.tables import StoredTables, TableSummary
from cockpit.errors import DataError

if TYPE_CHECKING:
    from cockpit.period import Period

__all__ = [
    "Dataset",
    "StoredTables",
    "TableSummary",
    "load_dataset",
    "process_alive",
    "work_prefix",
]
WORK_PREFIX = "cockpit-spill-"
"""Prefix of this process's working folders (checked rows, tables of an uncached load)."""


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
        """True when the required tables loaded with at least one row each."""
        return all(
            name in self.tables and self.summaries[name].rows_loaded > 0
            for name, table in TABLES.items()
            if table.required
        )

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

        A stored copy needs none: its rows are sorted by rep, so one filtered scan is quick.
        """
        if name in self.tables and not isinstance(self.tables, StoredTables):
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


def load_dataset(
    folder: Path,
    mapping: Mapping | None = None,
    progress: Callable[[str], None] | None = None,
    into: Path | None = None,
    in_memory: bool | None = None,
) -> Dataset:
    """Read, validate and cross-check every table of a data folder (required: reps and deals).

    The checked tables stay in memory (`in_memory`; by default when no `into` is given and
    they fit, see `budget`), else are written as Parquet into `into` (a new folder of this
    process's own when None) and scanned from there; the dataset owns that folder and removes
    it when no longer used, unless it is renamed away first (as the validated copy does).
    `progress` is told, in words, which file is being read and how large it is.
    """
    if not folder.exists():
        raise DataError(f"{folder}: no such folder")
    if not folder.is_dir():
        raise DataError(f"{folder}: not a folder; give the folder that holds reps.csv, deals.csv…")
    _clear_stale_work()
    if in_memory is None:
        in_memory = into is None and fits_in_memory(folder, mapping)
    tables_dir = None if in_memory else into or Path(tempfile.mkdtemp(prefix=work_prefix()))
    store = Store(folder, mapping, tables_dir)
    found: list[pl.DataFrame] = []
    summaries: dict[str, TableSummary] = {}
    try:
        with tempfile.TemporaryDirectory(prefix=work_prefix()) as work:
            for name in CHECK_ORDER:
                summaries[name] = _load_table(name, folder, mapping, store, found, progress, work)
    except BaseException:
        if tables_dir is not None and into is None:  # our own folder, not yet handed over
            shutil.rmtree(tables_dir, ignore_errors=True)
        raise
    return Dataset(
        source=str(folder),
        mapping_name=mapping.name if mapping else None,
        tables=_tables_of(store, owned=tables_dir),
        summaries={n: summaries[n] for n in TABLES},
        problems=prob.combine(found),
    )


def _tables_of(store: Store, owned: Path | None) -> abc.Mapping[str, pl.DataFrame]:
    """The stored tables in `TABLES` order: the frames themselves, or their files."""
    if store.in_memory:
        return {name: store.frames[name] for name in TABLES if name in store.frames}
    stored = {name: store.stored[name] for name in TABLES if name in store.stored}
    return StoredTables(stored, owned=owned)


def work_prefix() -> str:
    """Prefix of a working folder of this process (cleared by a later load once it is gone)."""
    return f"{WORK_PREFIX}{os.getpid()}-"


def _clear_stale_work() -> None:
    """Working folders of cockpit processes that are gone (Ctrl-C ends a read without cleanup)."""
    for folder in Path(tempfile.gettempdir()).glob(f"{WORK_PREFIX}*-*"):
        pid = folder.name.removeprefix(WORK_PREFIX).split("-", 1)[0]
        if pid.isdigit() and not process_alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def process_alive(pid: int) -> bool:
    """True while process `pid` runs (or belongs to another user: not ours to judge)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: not ours to clean
    return True


def _load_table(
    name: str,
    folder: Path,
    mapping: Mapping | None,
    store: Store,
    found: list[pl.DataFrame],
    progress: Callable[[str], None] | None,
    work: str,
) -> TableSummary:
    """Check table `name`'s files and store what passes; its summary."""
    table, table_mapping = TABLES[name], _table_mapping(mapping, name)
    if mapping is not None and table_mapping is None:
        note_missing(table, folder, found, mapped=True)
        return TableSummary(name)
    kept, summary = check_table(folder, table, table_mapping, found, progress, Path(work), store)
    if kept is not None:
        store_table(kept, table, store, found)
        summary.rows_loaded = store.rows(name)
    return summary


def _table_mapping(mapping: Mapping | None, name: str) -> TableMapping | None:
    return mapping.tables.get(name) if mapping else None
