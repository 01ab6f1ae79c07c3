"""Loading a data folder into validated canonical tables, with every problem recorded."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from cockpit.data import problems as prob
from cockpit.data.crosscheck import cross_check
from cockpit.data.mapping import Mapping, TableMapping
from cockpit.data.read import collect_file, find_table_files, scan_raw
from cockpit.data.schema import TABLES, Table
from cockpit.data.shape import shape_file, skipped_problems
from cockpit.data.validate import Check, finish_table, plan_checks
from cockpit.errors import DataError

if TYPE_CHECKING:
    from cockpit.analytics.period import Period


@dataclass
class TableSummary:
    """What happened to one table: its files, rows read, loaded and set aside."""

    name: str
    files: list[str] = field(default_factory=list)
    rows_read: int = 0
    rows_loaded: int = 0
    status: str = "missing"
    """`loaded`, `missing` (no file) or `unusable` (a file could not be used)."""

    @property
    def rows_set_aside(self) -> int:
        """Rows read but not loaded (bad values, duplicates, blank or footer rows)."""
        return self.rows_read - self.rows_loaded


@dataclass
class Dataset:
    """The canonical tables of one data source, its problems and a summary per table."""

    source: str
    mapping_name: str | None
    tables: dict[str, pl.DataFrame]
    summaries: dict[str, TableSummary]
    problems: pl.DataFrame
    _indexes: dict[tuple[str, str], dict[object, pl.Series]] = field(
        default_factory=dict, repr=False, compare=False
    )

    @property
    def usable(self) -> bool:
        """True when the required tables loaded with at least one row each."""
        return all(
            name in self.tables and self.tables[name].height > 0
            for name, table in TABLES.items()
            if table.required
        )

    @property
    def error_count(self) -> int:
        """Problems of severity error (unusable files and rows set aside)."""
        return prob.count(self.problems, "error")

    def lazy(self, name: str) -> pl.LazyFrame | None:
        """A loaded table as a LazyFrame, or None when the source does not provide it."""
        frame = self.tables.get(name)
        return frame.lazy() if frame is not None else None

    def rows_of(self, name: str, column: str, value: object) -> pl.DataFrame | None:
        """The rows of table `name` whose `column` equals `value` (None: no such table).

        Served from an index built on first use, so a drill-down gathers a rep's rows instead of
        scanning millions of them.
        """
        frame = self.tables.get(name)
        if frame is None:
            return None
        index = self._index(name, column)
        positions = index.get(value)
        return frame[positions] if positions is not None else frame.clear()

    def focus(self, period: Period) -> None:
        """Prepare the tables for a review period (a database source reduces them there)."""

    def warm_index(self, name: str, column: str) -> None:
        """Build the index for `rows_of(name, column, …)` now (in a worker, before it is needed)."""
        if name in self.tables:
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

    def missing_message(self, name: str) -> str:
        """Why `name` is not available and how to provide it, in a sentence."""
        table = TABLES[name]
        summary = self.summaries[name]
        how = f"add {name}.csv or {name}.parquet to the data folder, or map it in a mapping file"
        if summary.status == "unusable":
            return f"{name} could not be loaded ({', '.join(summary.files)}): see `cockpit check`."
        return f"No {name} table, so nothing for {table.purpose}: {how}."


def load_dataset(folder: Path, mapping: Mapping | None = None) -> Dataset:
    """Read, validate and cross-check every table of a data folder (required: reps and deals)."""
    if not folder.exists():
        raise DataError(f"{folder}: no such folder")
    if not folder.is_dir():
        raise DataError(f"{folder}: not a folder; give the folder that holds reps.csv, deals.csv…")
    found: list[pl.DataFrame] = []
    tables: dict[str, pl.DataFrame] = {}
    summaries: dict[str, TableSummary] = {}
    for table in TABLES.values():
        table_mapping = _table_mapping(mapping, table.name)
        if mapping is not None and table_mapping is None:
            summaries[table.name] = TableSummary(table.name)
            _note_missing(table, folder, found, mapped=True)
            continue
        frame, summary = _load_table(folder, table, table_mapping, found)
        summaries[table.name] = summary
        if frame is not None:
            tables[table.name] = frame
    tables = cross_check(tables, mapping, folder, found)
    for name, frame in tables.items():
        summaries[name].rows_loaded = frame.height
    return Dataset(
        source=str(folder),
        mapping_name=mapping.name if mapping else None,
        tables=tables,
        summaries=summaries,
        problems=prob.combine(found),
    )


def _table_mapping(mapping: Mapping | None, name: str) -> TableMapping | None:
    return mapping.tables.get(name) if mapping else None


def _load_table(
    folder: Path, table: Table, mapping: TableMapping | None, found: list[pl.DataFrame]
) -> tuple[pl.DataFrame | None, TableSummary]:
    summary = TableSummary(table.name)
    paths = find_table_files(folder, table.name, mapping)
    if not paths:
        _note_missing(table, folder, found, mapped=mapping is not None, mapping=mapping)
        return None, summary
    summary.files = [p.name for p in paths]
    wides: list[pl.DataFrame] = []
    checks: list[Check] = []
    for path in paths:
        try:
            wide, file_checks = _read_file(path, table, mapping, found)
        except DataError as exc:
            found.append(prob.table_problem(table.name, path.name, str(exc).split(": ", 1)[-1]))
            summary.status = "unusable"
            continue
        if wide is None:
            summary.status = "unusable"
            continue
        summary.rows_read += wide.height
        found.extend(skipped_problems(wide, table, mapping))
        wides.append(wide)
        checks.extend(file_checks)
    if summary.status == "unusable":
        return None, summary
    frame = wides[0] if len(wides) == 1 else pl.concat(wides, how="diagonal_relaxed")
    clean, problems = finish_table(frame, table, checks)
    found.extend(problems)
    summary.status = "loaded"
    if summary.rows_read == 0:
        reason = "the file has a header but no rows"
        found.append(
            prob.table_problem(table.name, summary.files[0], reason, _empty_severity(table))
        )
    return clean, summary


def _read_file(
    path: Path, table: Table, mapping: TableMapping | None, found: list[pl.DataFrame]
) -> tuple[pl.DataFrame | None, list[Check]]:
    """One file read, shaped, parsed and checked in a single pass (None: the file is unusable)."""
    raw, schema = scan_raw(path, mapping)
    shaped = shape_file(raw, schema, table, mapping, path)
    found.extend(shaped.problems)
    if shaped.frame is None:
        return None, []
    plan, checks = plan_checks(shaped.frame, table, mapping, shaped.absent)
    return collect_file(plan, path, mapping), checks


def _empty_severity(table: Table) -> prob.Severity:
    return "error" if table.required else "warning"


def _note_missing(
    table: Table,
    folder: Path,
    found: list[pl.DataFrame],
    mapped: bool,
    mapping: TableMapping | None = None,
) -> None:
    """A missing required table is an error; a missing optional one says what it would give."""
    if mapping is not None:
        where = f"no file matches {' or '.join(mapping.patterns)} in {folder}"
    elif mapped:
        where = "the mapping does not provide it"
    else:
        where = f"no {table.name}.csv or {table.name}.parquet in {folder}"
    if table.required:
        reason = f"required table missing: {where}"
        found.append(prob.table_problem(table.name, None, reason, "error"))
    else:
        reason = f"optional table missing ({where}): {table.purpose} will not be shown"
        found.append(prob.table_problem(table.name, None, reason, "info"))
