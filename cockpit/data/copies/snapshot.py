"""Snapshot roots: `ROOT/snapshots/<name>/` (immutable Parquet + manifest) and `ROOT/current`.

Opening a root pins the snapshot `current` points to at that moment, so a refresh that repoints
`current` mid-session never changes what a manager is looking at. Only pathlib and tomllib here:
the TUI resolves the root before its first paint.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from cockpit.errors import DataError, UsageError
from cockpit.fingerprint import check_readable

SNAPSHOTS = "snapshots"
CURRENT = "current"
MANIFEST = "manifest.toml"


@dataclass(frozen=True)
class Snapshot:
    """One snapshot directory and what its manifest says about it."""

    root: Path
    """The snapshot root (where `current`, `snapshots/` and the notes workspace live)."""
    path: Path
    """The concrete snapshot directory, resolved once."""
    manifest: dict[str, object]

    @property
    def name(self) -> str:
        """The snapshot's directory name, e.g. `2026-12-07`."""
        return self.path.name

    @property
    def as_of(self) -> str:
        """The latest date in the snapshot's data, as the manifest records it."""
        return str(self.manifest.get("as_of", "unknown"))

    def banner(self) -> str:
        """`data as of 2026-12-04 · snapshot 2026-12-07`."""
        return f"data as of {self.as_of} · snapshot {self.name}"


def is_snapshot_root(folder: Path) -> bool:
    """True when `folder` holds a `current` entry (a link to one of its snapshots)."""
    return os.path.lexists(folder / CURRENT)


def snapshot_names(root: Path) -> list[str]:
    """Finished snapshots under ROOT/snapshots, oldest first (temp dirs start with a dot)."""
    folder = root / SNAPSHOTS
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith(".") and p.is_dir())


def pin_current(root: Path) -> Snapshot:
    """Resolve ROOT/current once to the concrete snapshot directory and read its manifest."""
    link = root / CURRENT
    target = Path(os.path.realpath(link))
    if not target.is_dir():
        raise DataError(
            f"{link} points to {target}, which is not a folder: run cockpit refresh again, "
            f"or point it at one of {root / SNAPSHOTS}"
        )
    return read_snapshot(root, target)


def read_snapshot(root: Path, path: Path) -> Snapshot:
    """The snapshot at `path` with its manifest (a clear error when it is missing or broken)."""
    manifest_path = path / MANIFEST
    try:
        manifest = tomllib.loads(manifest_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"{manifest_path}: missing; this is not a cockpit snapshot") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise DataError(f"{manifest_path}: cannot be read ({exc})") from None
    return Snapshot(root, path, manifest)


def previous_snapshot(pinned: Snapshot) -> Snapshot | None:
    """The snapshot just before the pinned one, by name order (None for the first)."""
    if pinned.path.parent != (pinned.root / SNAPSHOTS).resolve():
        return None  # `current` is not one of ROOT/snapshots: nothing to order it against
    earlier = [n for n in snapshot_names(pinned.root) if n < pinned.name]
    if not earlier:
        return None
    return read_snapshot(pinned.root, pinned.root / SNAPSHOTS / earlier[-1])


def open_root(data: str | None, mapping: str | None) -> Snapshot | None:
    """The pinned snapshot when DATA is a snapshot root, else None (DATA is read as it is)."""
    if not data:
        return None
    folder = Path(data).expanduser()
    check_readable(folder)  # the first look at DATA of every command that reads it
    if not folder.is_dir() or not is_snapshot_root(folder):
        return None
    if mapping:
        raise UsageError(
            f"{data} is a snapshot root: its tables are already canonical, so --mapping is not "
            "used here (give it to cockpit refresh)"
        )
    return pin_current(folder)
