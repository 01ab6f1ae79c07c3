"""A validated copy of a data folder, so the next open skips reading and checking it again.

The copy lives in the user's cache directory (mode 0700: it holds CRM data), keyed by the folder,
the size and modification time of every file in it, the mapping and cockpit's own loader code, so
any change to the data or to how it is read makes a new copy. A damaged copy is ignored.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

import polars as pl

from cockpit import __version__
from cockpit.data.load import Dataset, StoredTables, TableSummary, load_dataset
from cockpit.data.mapping import Mapping
from cockpit.fingerprint import data_files, stamp
from cockpit.paths import cache_dir, cache_enabled

FORMAT = 1
KEEP = 6
"""Copies kept; older ones are removed when a new one is written."""
MANIFEST = "manifest.json"
DRILLED = ("deals", "leads", "accounts")
"""Tables a drill-down filters by rep: stored sorted by rep_id."""
ROW_GROUP = 50_000
_DATA_CODE = Path(__file__).resolve().parent


def cache_root() -> Path:
    """Where validated copies are kept (under COCKPIT_CACHE_DIR, else the user's cache)."""
    return cache_dir() / "data"


def load_cached(
    folder: Path, mapping: Mapping | None, progress: Callable[[str], None] | None = None
) -> Dataset:
    """The dataset of `folder`: from its validated copy when unchanged, else loaded and copied."""
    if not cache_enabled() or not folder.is_dir():
        return load_dataset(folder, mapping, progress)
    key = cache_key(folder, mapping)
    entry = cache_root() / key
    cached = read_entry(entry)
    if cached is not None:
        return cached
    dataset = load_dataset(folder, mapping, progress)
    # Only a folder that did not change while it was read is worth keeping.
    if dataset.usable and cache_key(folder, mapping) == key:
        write_entry(entry, dataset)
    return dataset


def cache_key(folder: Path, mapping: Mapping | None) -> str:
    """A digest of everything the loaded tables depend on."""
    digest = hashlib.sha256()
    digest.update(f"{FORMAT}\0{__version__}\0{folder.resolve()}\0".encode())
    for code in sorted(_DATA_CODE.glob("*.py")):
        digest.update(code.read_bytes())
    digest.update(mapping.model_dump_json().encode() if mapping else b"-")
    for path in data_files(folder):
        digest.update(stamp(path, relative_to=folder))
    return digest.hexdigest()[:40]


def read_entry(entry: Path) -> Dataset | None:
    """The dataset stored in `entry` (its tables scanned as needed), or None when unusable."""
    try:
        manifest = json.loads((entry / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT:
            return None
        paths = {name: entry / f"{name}.parquet" for name in manifest["tables"]}
        for path in paths.values():
            pl.read_parquet_schema(path)  # a truncated or foreign file fails here, not later
        problems = pl.read_parquet(entry / "problems.parquet")
        summaries = {s["name"]: TableSummary(**s) for s in manifest["summaries"]}
    except (OSError, ValueError, KeyError, TypeError, pl.exceptions.PolarsError):
        return None
    os.utime(entry)  # most recently used: kept longest
    return Dataset(
        source=manifest["source"],
        mapping_name=manifest["mapping_name"],
        tables=StoredTables(paths),
        summaries=summaries,
        problems=problems,
        from_cache=True,
    )


def write_entry(entry: Path, dataset: Dataset) -> None:
    """Store `dataset` in `entry` atomically (a temporary folder renamed into place)."""
    root = entry.parent
    try:
        root.mkdir(parents=True, exist_ok=True, mode=0o700)
        staging = Path(tempfile.mkdtemp(prefix=".writing-", dir=root))
    except OSError:
        return
    try:
        _write_files(staging, dataset)
        staging.rename(entry)
    except OSError:
        # A full or read-only disk, or another process that stored the same copy first, only
        # costs speed next time; the data on screen is unaffected.
        shutil.rmtree(staging, ignore_errors=True)
        return
    _evict(root, keep=entry)


def _write_files(staging: Path, dataset: Dataset) -> None:
    """The tables and problems as Parquet, then the manifest that makes the copy whole."""
    for name, frame in [*dataset.tables.items(), ("problems", dataset.problems)]:
        if name in DRILLED and "rep_id" in frame.columns:
            # Rows of one rep sit together, so a drill-down's filtered scan reads one row group.
            frame = frame.sort("rep_id", maintain_order=True)
        frame.write_parquet(
            staging / f"{name}.parquet", compression="lz4", row_group_size=ROW_GROUP
        )
    manifest = {
        "format": FORMAT,
        "source": dataset.source,
        "mapping_name": dataset.mapping_name,
        "tables": list(dataset.tables),
        "summaries": [asdict(s) for s in dataset.summaries.values()],
    }
    (staging / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")


def _evict(root: Path, keep: Path) -> None:
    """Remove the oldest copies beyond KEEP, and staging folders left by a crash."""
    entries = sorted(
        (p for p in root.iterdir() if p.is_dir() and p != keep),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in entries[KEEP - 1 :]:
        shutil.rmtree(old, ignore_errors=True)
