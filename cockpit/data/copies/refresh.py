"""`cockpit refresh`: write a validated, immutable snapshot and repoint ROOT/current atomically.

The snapshot is written into a temp dir inside ROOT/snapshots, fsynced, then renamed into place;
`current` is a relative symlink created under a temp name and swapped in with os.replace. A reader
therefore sees the old snapshot or the new one, never half of one.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import tomli_w

from cockpit import __version__
from cockpit.data.copies.snapshot import CURRENT, MANIFEST, SNAPSHOTS
from cockpit.data.dataset import Dataset
from cockpit.data.files.check_pass import DRILLED, ROW_GROUP, by_rep
from cockpit.data.schema import TABLES
from cockpit.data.uri import public_uri
from cockpit.errors import DataError
from cockpit.period import latest_date

DIR_MODE = 0o2775
FILE_MODE = 0o444  # a snapshot is immutable: nobody edits it in place


@dataclass(frozen=True)
class Written:
    """A snapshot that was written: where, and its manifest."""

    path: Path
    manifest: dict[str, object]


def redact_source(source: str) -> str:
    """The source as the manifest may show it: a URI without credentials, a folder absolute."""
    if "://" not in source:
        return str(Path(source).expanduser().resolve())
    return public_uri(source)


def refuse_reason(dataset: Dataset) -> str | None:
    """Why the dataset must not become a snapshot (the rule `cockpit check` exits 1 on), or None."""
    if not dataset.usable:
        return "the data is not usable (neither deals nor accounts loaded)"
    if dataset.error_count:
        return f"{dataset.error_count:,} validation errors"
    return None


def build_manifest(dataset: Dataset, source: str, now: datetime) -> dict[str, object]:
    """Row counts per table, rows set aside, source, mapping, version, created time and as_of."""
    as_of = latest_date(dataset.lazy_tables())
    counts = dataset.problems["severity"].value_counts()
    by_severity = dict(zip(counts["severity"].to_list(), counts["count"].to_list(), strict=True))
    manifest: dict[str, object] = {
        "source": redact_source(source),
        "cockpit_version": __version__,
        "created": now.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "warnings": by_severity.get("warning", 0),
        "notes": by_severity.get("info", 0),
        "rows_set_aside": sum(s.rows_set_aside for s in dataset.summaries.values()),
        "tables": {
            name: {
                "rows": frame.height,
                "rows_set_aside": dataset.summaries[name].rows_set_aside,
                "file": f"{name}.parquet",
            }
            for name, frame in dataset.tables.items()
        },
    }
    if as_of is not None:
        manifest["as_of"] = as_of
    if dataset.mapping_name:
        manifest["mapping"] = dataset.mapping_name
    return manifest


def snapshot_name(snapshots: Path, now: datetime) -> str:
    """`<date>`, else `<date>T<HHMMSS>`, else that with `.2`, `.3`…: never an existing name.

    The local date and time: "today" is the manager's day, and names sort in time order.
    """
    local = now.astimezone()
    day = local.strftime("%Y-%m-%d")
    candidates = [day, f"{day}T{local:%H%M%S}"]
    for name in candidates:
        if not os.path.lexists(snapshots / name):
            return name
    n = 2
    while os.path.lexists(snapshots / f"{candidates[1]}.{n}"):
        n += 1
    return f"{candidates[1]}.{n}"


def write_snapshot(dataset: Dataset, source: str, root: Path, now: datetime) -> Written:
    """Write the dataset's validated tables as a new snapshot and point ROOT/current at it."""
    reason = refuse_reason(dataset)
    if reason is not None:
        raise DataError(f"refusing to write a snapshot: {reason}; {root / CURRENT} is unchanged")
    manifest = build_manifest(dataset, source, now)
    snapshots = root / SNAPSHOTS
    _make_dir(root)
    _make_dir(snapshots)
    temp = Path(tempfile.mkdtemp(prefix=".incoming-", dir=snapshots))
    try:
        _chmod_dir(temp)
        _write_tables(dataset, temp)
        _write_file(temp / MANIFEST, tomli_w.dumps(manifest).encode("utf-8"))
        _fsync(temp)
        final = _rename_into_place(temp, snapshots, now)
    except (OSError, pl.exceptions.ComputeError) as exc:
        # A full disk shows as either, from Python's writes or from Polars'.
        shutil.rmtree(temp, ignore_errors=True)
        raise DataError(
            f"cannot write the snapshot under {snapshots}: {_first_line(exc)}; "
            f"{root / CURRENT} is unchanged (free some space, or choose another --into)"
        ) from None
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    _point_current(root, final)
    return Written(final, manifest)


def _first_line(exc: BaseException) -> str:
    """The error's first line, without the library's own prefix."""
    text = str(exc.strerror) if isinstance(exc, OSError) and exc.strerror else str(exc)
    return text.splitlines()[0] if text else type(exc).__name__


def _write_tables(dataset: Dataset, folder: Path) -> None:
    """One Parquet file per loaded table: the validated rows, canonical columns only."""
    for name, frame in dataset.tables.items():
        columns = [c for c in TABLES[name].column_names if c in frame.columns]
        path = folder / f"{name}.parquet"
        kept = frame.select(pl.col(columns))
        if name in DRILLED and "rep_id" in columns:
            # Opened as it is (see stored.py): one rep's rows sit together for a drill-down.
            kept = by_rep(kept.lazy(), dataset.lazy("reps")).collect()
        kept.write_parquet(path, row_group_size=ROW_GROUP)
        _seal(path)


def _write_file(path: Path, data: bytes) -> None:
    with path.open("xb") as handle:
        handle.write(data)
    _seal(path)


def _seal(path: Path) -> None:
    """fsync the file and make it read-only (never world-writable, whatever the umask)."""
    _fsync(path)
    path.chmod(FILE_MODE & ~_umask())


def _rename_into_place(temp: Path, snapshots: Path, now: datetime) -> Path:
    """Rename the finished temp dir to a fresh name (a rival refresh may take a name first)."""
    for _ in range(100):
        final = snapshots / snapshot_name(snapshots, now)
        try:
            temp.rename(final)  # fails when `final` appeared meanwhile (it is never empty)
        except OSError:
            if os.path.lexists(final):
                continue
            raise
        _fsync(snapshots)
        return final
    raise DataError(f"{snapshots}: could not find a free snapshot name")


def _point_current(root: Path, final: Path) -> None:
    """Swap ROOT/current to `snapshots/<name>` atomically (a relative link: ROOT may move)."""
    link = root / CURRENT
    if link.exists() and not link.is_symlink():
        raise DataError(f"{link} exists and is not a link; move it away so refresh can manage it")
    temp = root / f".{CURRENT}.{os.getpid()}.tmp"
    if os.path.lexists(temp):
        temp.unlink()
    temp.symlink_to(f"{SNAPSHOTS}/{final.name}")
    temp.replace(link)
    _fsync(root)


def _make_dir(path: Path) -> None:
    if path.is_dir():
        return
    try:
        path.mkdir(parents=True)
    except OSError as exc:
        raise DataError(f"{path}: cannot create the folder ({exc.strerror})") from None
    _chmod_dir(path)


def _chmod_dir(path: Path) -> None:
    """Group-shared folder mode (setgid keeps the team's group), filtered by the umask."""
    path.chmod(DIR_MODE & ~_umask())


def _umask() -> int:
    """The process umask, read without changing it where Linux allows (threads may be writing)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except OSError:
        pass
    current = os.umask(0o022)
    os.umask(current)
    return current


def _fsync(path: Path) -> None:
    """Flush a file or a folder's entries to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
