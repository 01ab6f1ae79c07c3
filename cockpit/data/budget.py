"""Whether a folder's tables fit in memory, so a first open can check them there.

Checked rows held in memory skip writing them to disk, reading them back and sorting them
(about half of a first open at M scale); past the budget, tables stream through disk so that
memory stays bounded however large the export.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import polars as pl

from cockpit.data.mapping import Mapping
from cockpit.data.read import READ_ERRORS, find_table_files
from cockpit.data.schema import TABLES
from cockpit.errors import UsageError

BUDGET_ENV = "COCKPIT_MEMORY_BUDGET_MB"
DEFAULT_BUDGET_MB = 1000
"""Megabytes the checked tables may take in memory (M scale: about 300; L scale: about 3,000)."""
BYTES_PER_CELL = 8
"""A Parquet cell once read: a number or date takes 8 bytes; short text about as much."""


def fits_in_memory(folder: Path, mapping: Mapping | None) -> bool:
    """True when the folder's tables, once read, stay within the memory budget."""
    return estimated_bytes(folder, mapping) <= budget_bytes()


def budget_bytes() -> int:
    """The memory budget: COCKPIT_MEMORY_BUDGET_MB (0 streams every table), else 1,000 MB."""
    text = os.environ.get(BUDGET_ENV, "").strip()
    if not text:
        return DEFAULT_BUDGET_MB * 1_000_000
    try:
        megabytes = float(text)
    except ValueError:
        megabytes = -1.0
    if not (megabytes >= 0 and math.isfinite(megabytes)):
        raise UsageError(f"{BUDGET_ENV}={text!r} is not a number of megabytes (like 500, or 0)")
    return int(megabytes * 1_000_000)


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
        scan = pl.scan_parquet(path)
        cells = len(scan.collect_schema()) * int(scan.select(pl.len()).collect().item())
    except READ_ERRORS:
        return 0  # the check reports an unreadable file; it is not read into memory
    return cells * BYTES_PER_CELL
