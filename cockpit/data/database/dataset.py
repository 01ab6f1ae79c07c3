"""A Dataset read from a database: small tables whole, heavy ones reduced in the database."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import polars as pl

from cockpit.data import problems as prob
from cockpit.data.database import reduce
from cockpit.data.database.checks import label_of, table_problems
from cockpit.data.database.connection import Database, quote_identifier
from cockpit.data.database.shaping import resolve, table_name
from cockpit.data.database.sql import SourceTable, check_mapping_supported, together
from cockpit.data.database.stats import TableStats, table_stats
from cockpit.data.dataset import Dataset, reviewable
from cockpit.data.files.shape import shape_file
from cockpit.data.files.validate import finish_table, plan_checks
from cockpit.data.mapping import Mapping, TableMapping
from cockpit.data.schema import FILE, ROW, TABLES, Table
from cockpit.data.tables import TableSummary
from cockpit.data.uri import DatabaseUri
from cockpit.period import (
    LazyTablesAsOf,
    Period,
    PeriodChoice,
    TablesAsOf,
    latest_date,
    resolve_period,
)

SMALL_TABLES = ("reps", "accounts", "growth", "quotas", "currency_rates")
"""Read whole and checked like files; the other tables are reduced in the database."""
REDUCERS = {
    "deals": reduce.deals_for,
    "leads": reduce.leads_for,
    "activities": reduce.activities_for,
}


@dataclass
class DatabaseDataset(Dataset):
    """A database source: heavy tables hold only what the panes need for `reduced_for`."""

    tables: dict[str, pl.DataFrame]
    """Always frames in memory here (the heavy ones reduced), replaced as the period moves."""

    database: Database | None = field(default=None, repr=False, compare=False)
    sources: dict[str, SourceTable] = field(default_factory=dict, repr=False, compare=False)
    reduced_for: Period | None = None
    whole: bool = False
    """Every kept row was read (for a snapshot): nothing to reduce for a period."""

    @property
    def usable(self) -> bool:
        """True when deals or accounts hold usable rows in the database."""
        return reviewable(self.summaries)

    def focus(self, period: Period) -> None:
        """Reduce the heavy tables for `period` (again) when it is not the one they hold."""
        if period != self.reduced_for and self.database is not None and not self.whole:
            _reduce(self, period)

    def lazy_tables(self) -> LazyTablesAsOf:
        """Every table as a LazyFrame, still carrying the database's latest date."""
        return _lazy_tables(self)

    def rows_of(self, name: str, column: str, value: object) -> pl.DataFrame | None:
        """Rows of a heavy table from a small, limited query; small tables from memory."""
        if name not in self.tables:
            return None
        if name in SMALL_TABLES or self.database is None:
            return super().rows_of(name, column, value)
        return reduce.rows_where(self.database, self.sources[name], column, value)

    def warm_index(self, name: str, column: str) -> None:
        """Heavy tables are queried on demand; small ones are indexed as for files."""
        if name in SMALL_TABLES:
            super().warm_index(name, column)


def load_database(
    uri: DatabaseUri,
    mapping: Mapping | None,
    period_spec: PeriodChoice | str | None,
    whole: bool = False,
    timezone: str = "UTC",
) -> Dataset:
    """Check every table in the database and read what the panes need for the period.

    `whole` reads every kept row of every table instead (what a snapshot copies). Instants (a
    timestamptz, text with an offset) take their date in `timezone`.
    """
    db = Database(uri, timezone)
    found: list[pl.DataFrame] = []
    summaries = {name: TableSummary(name) for name in TABLES}
    sources = _find_tables(db, mapping, summaries, found)
    tables = TablesAsOf()
    for name in SMALL_TABLES:
        if name in sources:
            frame = _read_small(db, sources[name], summaries[name], found)
            if summaries[name].status == "loaded":
                tables[name] = frame
    latest = [latest_date(dict(tables))]
    earliest = []
    for name in REDUCERS:
        if name in sources:
            stats = _count_heavy(db, sources[name], summaries[name], sources.get("reps"), found)
            # Only a table with a repeated id pays for keeping one row per id when it is read.
            sources[name] = replace(
                sources[name], has_duplicates=stats.rows_kept < stats.rows_valid
            )
            latest.append(stats.latest)
            earliest.append(stats.earliest)
    dataset = DatabaseDataset(
        source=uri.shown,
        mapping_name=mapping.name if mapping else None,
        tables=tables,
        summaries=summaries,
        problems=prob.empty_problems(),
        database=db,
        sources={n: s for n, s in sources.items() if summaries[n].status == "loaded"},
        whole=whole,
    )
    dataset.problems = prob.combine(found)
    if dataset.usable:
        tables.latest = max((d for d in latest if d is not None), default=None)
        tables.earliest = min((d for d in earliest if d is not None), default=None)
        if whole:
            _read_whole(dataset)
        else:
            dataset.focus(resolve_period(tables, period_spec))
    return dataset


def _lazy_tables(dataset: Dataset) -> LazyTablesAsOf:
    lazy = LazyTablesAsOf({name: frame.lazy() for name, frame in dataset.tables.items()})
    lazy.latest = getattr(dataset.tables, "latest", None)
    lazy.earliest = getattr(dataset.tables, "earliest", None)
    return lazy


def _read_whole(dataset: DatabaseDataset) -> None:
    """Every kept row of the heavy tables, as a folder of the same data would load."""
    assert dataset.database is not None
    for name in REDUCERS:
        if name in dataset.sources:
            dataset.tables[name] = reduce.all_rows(dataset.database, dataset.sources[name])
    if "deals" in dataset.tables:
        deals = _deal_segments(dataset.tables["deals"], dataset.tables.get("accounts"))
        dataset.tables["deals"] = deals


def _find_tables(
    db: Database,
    mapping: Mapping | None,
    summaries: dict[str, TableSummary],
    found: list[pl.DataFrame],
) -> dict[str, SourceTable]:
    """The database table behind each canonical table, with its columns (missing: reported)."""
    sources = {}
    for table in TABLES.values():
        table_mapping = mapping.tables.get(table.name) if mapping else None
        if mapping is not None and table_mapping is None:
            _missing(table, "the mapping does not provide it", found)
            continue
        groups = _table_groups(table, table_mapping)
        present = next((found_ for group in groups if (found_ := _present(db, group))), [])
        if not present:
            tried = " or ".join(quote_identifier(n) for group in groups for n in group)
            key = (
                f" (the mapping's tables.{table.name}.table)"
                if table_mapping and table_mapping.table
                else ""
            )
            _missing(table, f"no table {tried}{key} in {db.uri.shown}", found)
            continue
        dialect = "sqlite" if db.uri.kind == "sqlite" else "postgres"
        parts = [
            SourceTable(
                table, n, c, table_mapping, shaping=resolve(table_mapping, list(c), n, dialect)
            )
            for n, c in present
        ]
        # A small table is read whole by the file loader's code: from its first table only.
        alone = len(parts) == 1 or table.name not in REDUCERS
        source = parts[0] if alone else together(parts)
        columns = source.columns
        summaries[table.name].files = [label_of(source, db.uri.kind)]
        if table.name in REDUCERS:
            check_mapping_supported(source)
            absent = source.missing_required()
            if absent:
                keys = ", ".join(f"tables.{table.name}.columns.{c}" for c in absent)
                reason = (
                    f"required column(s) {', '.join(absent)} missing (the table has: "
                    f"{', '.join(columns)}). Map them in a mapping file ({keys})."
                )
                found.append(prob.table_problem(table.name, label_of(source, db.uri.kind), reason))
                summaries[table.name].status = "unusable"
                continue
        summaries[table.name].status = "loaded"
        sources[table.name] = source
    return sources


def _table_groups(table: Table, mapping: TableMapping | None) -> list[list[str]]:
    """The database tables that may hold `table`, as alternatives in order, each a group read
    together: the mapping's `table`, else the tables its file names stand for (`deal_data.csv`
    → `deal_data`: a connector names its warehouse tables as its files; `[["Task.csv",
    "Event.csv"]]` reads both), else the canonical name."""
    if mapping is not None and mapping.table:
        return [[mapping.table]]
    groups = mapping.pattern_groups if mapping else []
    named = [[table_name(s) for s in group if not any(ch in s for ch in "*?[")] for group in groups]
    return [group for group in named if group] + [[table.name]]


def _present(db: Database, names: list[str]) -> list[tuple[str, dict[str, str]]]:
    """The tables of a group the database has, with their columns."""
    return [(n, c) for n in names if (c := db.columns(n)) is not None]


def _missing(table: Table, where: str, found: list[pl.DataFrame]) -> None:
    found.append(prob.missing_table(table, where))


def _read_small(
    db: Database, source: SourceTable, summary: TableSummary, found: list[pl.DataFrame]
) -> pl.DataFrame:
    """A small table read whole and checked by the file loader's own rules."""
    label = label_of(source, db.uri.kind)
    raw = db.query(f"SELECT * FROM {quote_identifier(source.name)}")
    raw = raw.with_columns(
        pl.lit(label).alias(FILE), pl.int_range(1, pl.len() + 1).cast(pl.Int64).alias(ROW)
    )
    summary.rows_read = raw.height
    shaped = shape_file(raw.lazy(), raw.collect_schema(), source.table, source.mapping, Path(label))
    problems = list(shaped.problems)
    if shaped.frame is None:
        summary.status = "unusable"
        found.extend(problems)
        return raw.clear()
    plan, checks = plan_checks(
        shaped.frame, source.table, source.mapping, shaped.absent, db.dialect.timezone
    )
    clean, row_problems = finish_table(plan.collect().lazy(), source.table, checks)
    found.extend(problems)
    found.extend(_by_key(p, raw, source) for p in row_problems)
    summary.rows_loaded = clean.height
    return clean


def _by_key(problems: pl.DataFrame, raw: pl.DataFrame, source: SourceTable) -> pl.DataFrame:
    """Row numbers mean nothing in a database: name each bad row by its key instead."""
    key = source.table.key
    column = source.source_column(key) if key else None
    if key is None or column is None:
        return problems
    keys = raw.select(pl.col(ROW).alias("row"), pl.col(column).cast(pl.String).alias("_key"))
    return (
        problems.join(keys, on="row", how="left", maintain_order="left")
        .with_columns(
            pl.format(
                f"{key}={{}}: {{}}",
                pl.col("_key").fill_null("(empty)"),
                pl.col("value").fill_null("(empty)"),
            ).alias("value"),
            pl.lit(None, dtype=pl.Int64).alias("row"),
            # Row numbers mean nothing in a database: the first row it returned was kept.
            pl.col("reason").str.replace(r": first seen on row .*$", ": the first row read kept"),
        )
        .drop("_key")
    )


def _count_heavy(
    db: Database,
    source: SourceTable,
    summary: TableSummary,
    reps: SourceTable | None,
    found: list[pl.DataFrame],
) -> TableStats:
    """Check a heavy table in one scan (and fetch examples of what is wrong)."""
    stats = table_stats(db, source, reps)
    summary.rows_read, summary.rows_loaded = stats.rows_read, stats.rows_kept
    duplicates = stats.duplicate_rows > 0
    found.extend(table_problems(db, source, reps, stats.broken, duplicates, stats.unknown_reps > 0))
    if summary.rows_read == 0:
        severity: prob.Severity = "error" if source.table.required else "warning"
        found.append(
            prob.table_problem(
                source.table.name, label_of(source, db.uri.kind), "the table has no rows", severity
            )
        )
    return stats


def _reduce(dataset: DatabaseDataset, period: Period) -> None:
    """Replace the heavy tables with their reduction for `period`."""
    assert dataset.database is not None
    for name, reducer in REDUCERS.items():
        if name in dataset.sources:
            dataset.tables[name] = reducer(dataset.database, dataset.sources[name], period)
    if "deals" in dataset.tables:
        dataset.tables["deals"] = _deal_segments(
            dataset.tables["deals"], dataset.tables.get("accounts")
        )
    dataset.reduced_for = period


def _deal_segments(deals: pl.DataFrame, accounts: pl.DataFrame | None) -> pl.DataFrame:
    """A deal without a segment takes its account's, as for files."""
    if accounts is None:
        return deals
    segments = accounts.select("account_id", pl.col("segment").alias("_account_segment"))
    return (
        deals.join(segments, on="account_id", how="left", maintain_order="left")
        .with_columns(pl.col("segment").fill_null(pl.col("_account_segment")))
        .drop("_account_segment")
    )
