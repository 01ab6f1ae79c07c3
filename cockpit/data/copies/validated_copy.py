"""A validated copy of a data folder, so the next open skips reading and checking it again.

A first open whose tables fit in memory checks them there and shows the panes from them; the
copy is written afterwards (`Dataset.finish`), off the path to the first screen.

The copy lives in the user's cache directory, keyed by the folder, the size and modification
time of every file in it, the mapping, the time zone dates are read in and cockpit's own loader
code, so any change to the data or to how it is read makes a new copy. A damaged copy is
ignored, and replaced by the next one written. It holds CRM data, so the cache folders are 0700
and its files 0600: a cache folder that is a link or another user's is not used at all (the
open reads the files, and stderr says why, see `cockpit.private_files.cache_folder`), and a copy
that is not this user's own and private is never read (another user could have forged it while
the folder was open).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import asdict, replace
from pathlib import Path

import polars as pl

from cockpit import __version__
from cockpit.data.dataset import Dataset
from cockpit.data.files.budget import table_bytes, tables_in_memory
from cockpit.data.files.check_pass import DRILLED, sink_stored, sorted_in_parts, write_in_parts
from cockpit.data.files.load import load_dataset, process_alive
from cockpit.data.mapping import Mapping
from cockpit.data.tables import StoredTables, TableSummary
from cockpit.fingerprint import code_files, data_files, stamp
from cockpit.paths import cache_dir
from cockpit.private_files import (
    UnsafePathError,
    cache_folder,
    is_private,
    private_folder,
    restrict_files,
)
from cockpit.runtime import Runtime, memory_budget_bytes, or_environment

FORMAT = 1
KEEP = 6
"""Copies kept; older ones are removed when a new one is written."""
MANIFEST = "manifest.json"
COPIES = "data"
"""The folder of validated copies in the cache directory."""
STAGING = ".writing-"
"""Prefix of a copy being written, followed by the writer's process id."""


def cache_root(runtime: Runtime | None = None) -> Path:
    """Where validated copies are kept: in the cache directory of `runtime` (None: of the
    environment), else the user's cache."""
    return cache_dir(or_environment(runtime).cache_dir) / COPIES


def load_cached(
    folder: Path,
    mapping: Mapping | None,
    progress: Callable[[str], None] | None = None,
    runtime: Runtime | None = None,
    timezone: str = "UTC",
) -> Dataset:
    """The dataset of `folder`: from its validated copy when unchanged, else loaded and copied.

    `runtime` says where the cache is, whether to use it, and the memory budget of a first open
    (None: the environment's); date-times with an offset take their date in `timezone`, so a
    copy read in another zone is not served.
    """
    runtime = or_environment(runtime)
    root = None if runtime.no_cache else _private_root(runtime)
    if root is None or not folder.is_dir():
        return load_dataset(folder, mapping, progress, runtime=runtime, timezone=timezone)
    key = cache_key(folder, mapping, timezone)
    entry = root / key
    cached = read_entry(entry)
    if cached is not None:
        return cached
    sizes = table_bytes(folder, mapping)
    memory = tables_in_memory(sizes, memory_budget_bytes(runtime))
    if memory.issuperset(sizes):
        dataset = load_dataset(folder, mapping, progress, in_memory=True, timezone=timezone)
        if dataset.usable:
            dataset.defer(lambda read: _write_copy(read, folder, mapping, key, entry, timezone))
        return dataset
    staging = _staging(entry.parent)
    if memory and staging is not None:
        return _partly_in_memory(folder, mapping, progress, staging, memory, key, timezone)
    try:
        dataset = load_dataset(
            folder, mapping, progress, into=staging, runtime=runtime, timezone=timezone
        )
    except BaseException:
        if staging is not None:  # a half-written copy serves nobody
            shutil.rmtree(staging, ignore_errors=True)
        raise
    # Only a folder that did not change while it was read is worth keeping.
    if staging is None or not dataset.usable or cache_key(folder, mapping, timezone) != key:
        return dataset
    if not _keep(staging, entry, dataset):
        return dataset
    # The tables now live in `entry`; should it not open again, they are scanned there as is.
    paths = {name: entry / f"{name}.parquet" for name in dataset.tables}
    kept = read_entry(entry) or replace(dataset, tables=StoredTables(paths))
    kept.from_cache = False  # read and checked just now: the status line says so
    return kept


def _partly_in_memory(
    folder: Path,
    mapping: Mapping | None,
    progress: Callable[[str], None] | None,
    staging: Path,
    memory: frozenset[str],
    key: str,
    timezone: str,
) -> Dataset:
    """Past the memory budget: the tables that fit are checked in memory, the others written
    to `staging` (the dataset's own folder); the copy is made once the panes are shown."""
    try:
        dataset = load_dataset(
            folder,
            mapping,
            progress,
            into=staging,
            in_memory=memory,
            timezone=timezone,
            sort_later=True,  # the copy sorts them, after the panes
        )
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if dataset.usable:
        entry = staging.parent / key
        dataset.defer(lambda read: _write_copy(read, folder, mapping, key, entry, timezone))
    return dataset


def _write_copy(
    dataset: Dataset,
    folder: Path,
    mapping: Mapping | None,
    key: str,
    entry: Path,
    timezone: str,
) -> None:
    """Write the tables of `dataset` as the validated copy at `entry` (those in memory, and
    those written in the order checked, sorted by rep; the others already written linked).
    The tables written unsorted are then read from the copy.

    Nothing is written when the folder changed since it was read (the copy would not match
    it) or the cache cannot be written: that only costs the next open its speed.
    """
    if cache_key(folder, mapping, timezone) != key or (staging := _staging(entry.parent)) is None:
        return
    # Tables already written while checked (past the memory budget) are linked, not rewritten.
    stored = dataset.tables if isinstance(dataset.tables, StoredTables) else None
    unsorted = stored.unsorted if stored is not None else frozenset()
    written = {n: p for n, p in (stored.paths if stored else {}).items() if n not in unsorted}
    in_parts = [n for n in dataset.tables if n not in written and _large(dataset, n, unsorted)]
    try:
        reps = dataset.lazy("reps")
        sinks = [
            sink_stored(frame, name, staging / f"{name}.parquet", reps)
            for name in dataset.tables
            if name not in (*written, *in_parts) and (frame := dataset.lazy(name)) is not None
        ]
        pl.collect_all(sinks, engine="streaming")
        for name in in_parts:
            frame = dataset.lazy(name)
            assert reps is not None and frame is not None  # `_large` asks for both
            rows = int(frame.select(pl.len()).collect().item())
            write_in_parts(frame, reps, rows, staging / f"{name}.parquet")
        for name, path in written.items():
            _link(path, staging / f"{name}.parquet")
        kept = _keep(staging, entry, dataset)
    except BaseException as exc:  # interrupted: a half-written copy serves nobody
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, (OSError, pl.exceptions.PolarsError)):
            return  # a full disk or a cache gone read-only: only the next open is slower
        raise
    if not kept:
        shutil.rmtree(staging, ignore_errors=True)
    elif stored is not None:
        for name in unsorted:
            stored.moved(name, entry / f"{name}.parquet")


def _large(dataset: Dataset, name: str, unsorted: frozenset[str]) -> bool:
    """True for a drilled table to sort by rep a part at a time: one written unsorted, or one
    in memory too large to sort at once."""
    if dataset.lazy("reps") is None or name not in DRILLED:
        return False
    return name in unsorted or sorted_in_parts(dataset.tables[name].height)


def _link(source: Path, target: Path) -> None:
    """`target` names the same file as `source` (a copy where the two cannot share it)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _private_root(runtime: Runtime) -> Path | None:
    """`cache_root(runtime)`, made or checked private; None: no cache this run (see
    `cache_folder`: a link or another user's folder is refused, and stderr says so once)."""
    return cache_folder(cache_dir(runtime.cache_dir), COPIES)


def cache_key(folder: Path, mapping: Mapping | None, timezone: str = "UTC") -> str:
    """A digest of everything the loaded tables depend on (the time zone names their dates)."""
    digest = hashlib.sha256()
    digest.update(f"{FORMAT}\0{__version__}\0{folder.resolve()}\0{timezone}\0".encode())
    for code in code_files():
        digest.update(code.read_bytes())
    digest.update(mapping.model_dump_json().encode() if mapping else b"-")
    for path in data_files(folder):
        digest.update(stamp(path, relative_to=folder))
    return digest.hexdigest()[:40]


def read_entry(entry: Path) -> Dataset | None:
    """The dataset stored in `entry` (its tables scanned as needed), or None when unusable.

    A copy is only read when its folder is this user's and closed to others, as `_keep` leaves
    it: anything else in the cache was not written by this user's cockpit.
    """
    if not is_private(entry):
        return None
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


def _staging(root: Path) -> Path | None:
    """A new folder beside the copies to write one into (None: the cache cannot be written)."""
    try:
        private_folder(root)
        _remove_abandoned(root)
        return Path(tempfile.mkdtemp(prefix=f"{STAGING}{os.getpid()}-", dir=root))
    except (OSError, UnsafePathError):
        return None


def _keep(staging: Path, entry: Path, dataset: Dataset) -> bool:
    """Make the tables written in `staging` the copy at `entry`; False when it cannot be kept.

    A full or read-only disk, or another process that stored the same copy first, only costs
    speed next time (`dataset` still serves this one).
    """
    try:
        dataset.problems.write_parquet(staging / "problems.parquet", compression="lz4")
        manifest = {
            "format": FORMAT,
            "source": dataset.source,
            "mapping_name": dataset.mapping_name,
            "tables": list(dataset.tables),
            "summaries": [asdict(s) for s in dataset.summaries.values()],
        }
        (staging / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
        restrict_files(staging)  # Polars and write_text follow the umask: 0644 most often
        if entry.exists() and read_entry(entry) is None:
            _discard(entry)  # a damaged copy: replaced, not kept forever
        staging.rename(entry)
    except OSError:
        return False
    _evict(entry.parent, keep=entry)
    return True


def _discard(entry: Path) -> None:
    """Remove a copy: renamed aside first, so that of two processes replacing it only one
    removes it (the other's rename fails), never the fresh copy the winner puts there."""
    aside = entry.with_name(f"{STAGING}{os.getpid()}-replaced-{entry.name}")
    entry.rename(aside)
    shutil.rmtree(aside, ignore_errors=True)


def _evict(root: Path, keep: Path) -> None:
    """Remove staging folders left by a process that is gone, and the oldest copies beyond KEEP."""
    _remove_abandoned(root)
    entries = sorted(
        (p for p in root.iterdir() if p.is_dir() and p != keep and not p.name.startswith(STAGING)),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in entries[KEEP - 1 :]:
        shutil.rmtree(old, ignore_errors=True)


def _remove_abandoned(root: Path) -> None:
    """Staging folders of processes that are gone: a copy cut short by quitting or Ctrl-C."""
    for folder in root.glob(f"{STAGING}*"):
        if folder.is_dir() and not _being_written(folder):
            shutil.rmtree(folder, ignore_errors=True)


def _being_written(folder: Path) -> bool:
    """True for a copy another cockpit process is still writing (its tables are in use)."""
    pid = folder.name.removeprefix(STAGING).split("-", 1)[0]
    return folder.name.startswith(STAGING) and pid.isdigit() and process_alive(int(pid))
