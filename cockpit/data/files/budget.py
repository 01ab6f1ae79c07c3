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
from cockpit.data.schema import CHECK_ORDER, TABLES

BYTES_PER_CELL = 8
"""A Parquet cell once read: a number or date takes 8 bytes; short text about as much."""


def table_bytes(folder: Path, mapping: Mapping | None) -> dict[str, int]:
    """Memory each table the folder has would take once read, in `TABLES` order."""
    sizes = {}
    for name in TABLES:
        table_mapping = mapping.tables.get(name) if mapping else None
        if mapping is not None and table_mapping is None:
            continue
        paths = find_table_files(folder, name, table_mapping)
        if paths:
            sizes[name] = sum(_read_bytes(p) for p in paths)
    return sizes


def tables_in_memory(sizes: dict[str, int], budget_bytes: int) -> frozenset[str]:
    """The tables (of `table_bytes`) a first open keeps in memory: in the order they are
    checked, each one that still fits in what the budget leaves; the others stream through disk.

    Past the budget, checking the tables that fit in memory still spares their write, read
    back and sort (10M deals of L: 3 s in memory against 13 s through disk).
    """
    # The budget bounds this estimate of the checked tables, not the peak: a first open also
    # holds a table split over several files twice for a moment, the sorted tables while
    # writing the validated copy, and the drill-down's indexes (M: 300 MB of tables, 1 GB peak).
    kept: set[str] = set()
    left = budget_bytes
    for name in (n for n in CHECK_ORDER if n in sizes):
        size = sizes[name]
        if budget_bytes > 0 and size <= left:  # a budget of 0 streams every table
            kept.add(name)
            left -= size
    return frozenset(kept)


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
