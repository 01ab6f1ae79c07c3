"""A snapshot opened as it is: its Parquet was checked when `cockpit refresh` wrote it.

A weekly refresh from cron has already read and checked the export; the manager opening the
snapshot should not wait for that again. The tables are scanned lazily from the snapshot (the
panes read only what they need), after a cheap check that every file is there with the
contract's column types. Anything unexpected (a hand-edited or foreign file) returns None, and
the caller reads the snapshot like any folder, with every check.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from cockpit.data import problems as prob
from cockpit.data.copies.snapshot import Snapshot
from cockpit.data.dataset import Dataset
from cockpit.data.schema import REVIEWABLE, TABLES
from cockpit.data.tables import StoredTables, TableSummary


def open_snapshot(snapshot: Snapshot) -> Dataset | None:
    """The snapshot's tables as written by refresh, or None when they are not exactly that."""
    listed = snapshot.manifest.get("tables")
    if not isinstance(listed, dict) or not set(REVIEWABLE) & listed.keys():
        return None
    paths: dict[str, Path] = {}
    summaries = {name: TableSummary(name) for name in TABLES}
    for name, entry in listed.items():
        path = _checked_file(snapshot.path, name, entry)
        if path is None:
            return None
        paths[name] = path
        rows = int(entry["rows"])
        aside = int(entry.get("rows_set_aside", 0))
        summaries[name] = TableSummary(name, [path.name], rows + aside, rows, "loaded")
    mapping = snapshot.manifest.get("mapping")
    return Dataset(
        source=str(snapshot.path),
        mapping_name=str(mapping) if mapping else None,
        tables=StoredTables(paths),
        summaries=summaries,
        problems=prob.empty_problems(),
        from_cache=True,
    )


def _checked_file(folder: Path, name: str, entry: object) -> Path | None:
    """The table's file when it has the contract's types and the manifest's row count."""
    if name not in TABLES or not isinstance(entry, dict) or "rows" not in entry:
        return None
    path = folder / f"{name}.parquet"
    try:
        schema = pl.read_parquet_schema(path)
        rows = pl.scan_parquet(path, glob=False).select(pl.len()).collect().item()
    except (OSError, pl.exceptions.PolarsError):
        return None
    # Every canonical column, each of its canonical type: what a fresh load would give.
    typed = all(schema.get(c.name) == c.dtype for c in TABLES[name].columns)
    return path if typed and rows == entry["rows"] else None
