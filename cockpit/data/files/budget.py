"""Whether a folder's tables fit in memory, so a first open can check them there.

Checked rows held in memory skip writing them to disk, reading them back and sorting them
(about half of a first open at M scale); past the budget, tables stream through disk so that
memory stays bounded however large the export.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from cockpit.data.files.read import READ_ERRORS, find_table_files
from cockpit.data.mapping import Mapping
from cockpit.data.schema import TABLES

BYTES_PER_CELL = 8
"""A Parquet cell once read: a number or date takes 8 bytes; short text about as much."""


def fits_in_memory(folder: Path, mapping: Mapping | None, budget_bytes: int) -> bool:
    """True when the folder's tables, as estimated, stay within the memory budget (the
    `memory_budget_mb` runtime setting, in bytes).

    The budget bounds that estimate of the checked tables, not the peak: a first open also
    holds a table split over several files twice for a moment, the sorted tables while writing
    the validated copy, and the drill-down's indexes (M: 300 MB of tables, a 1 GB peak).
    """
    return estimated_bytes(folder, mapping) <= budget_bytes


def estimated_bytes(folder: Path, mapping: Mapping | None) -> int:
    """Memory the folder's tables would take once read (from file sizes and Parquet footers)."""
    total = 0
    for name in TABLES:
        table_mapping = mapping.tables.get(name) if mapping else None
        if mapping is not None and table_mapping is None:
            continue
        total += sum(_read_bytes(p) for p in find_table_files(folder, name, table_mapping))
    return total


def _read_bytes(path: Path) -> int:
    """A CSV takes about its size once parsed; a Parquet file's size says little (compressed)."""
    if path.suffix.lower() != ".parquet":
        return path.stat().st_size
    try:
        scan = pl.scan_parquet(path, glob=False)
        cells = len(scan.collect_schema()) * int(scan.select(pl.len()).collect().item())
    except READ_ERRORS:
        return 0  # the check reports an unreadable file; it is not read into memory
    return cells * BYTES_PER_CELL
