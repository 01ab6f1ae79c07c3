"""A review's panes from a data folder or a pinned snapshot, and last week's panes beside them.

Shared by `cockpit report` and the TUI's loading worker, so both read a snapshot root the same way:
the pinned snapshot's tables, the notes workspace of the root (it outlives any one snapshot), and
the previous snapshot computed with its own default period.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cockpit.analytics.panes import Panes, Recorded, compute_panes
from cockpit.analytics.period import resolve_period
from cockpit.config import Settings
from cockpit.data.load import Dataset
from cockpit.data.snapshot import Snapshot, previous_snapshot
from cockpit.data.source import open_dataset
from cockpit.data.stored import open_snapshot
from cockpit.errors import DataError
from cockpit.notes.recorded import read_recorded
from cockpit.notes.workspace import workspace_for


def load_source(
    data: str | None,
    mapping: str | None,
    pinned: Snapshot | None,
    progress: Callable[[str], None] | None = None,
    period: str | None = None,
) -> Dataset:
    """The pinned snapshot's tables (already canonical: no mapping), else DATA as it is.

    `period` tells a database source which rows to reduce its heavy tables to.
    """
    if pinned is not None:
        return open_snapshot(pinned) or open_dataset(str(pinned.path), progress=progress)
    return open_dataset(data, mapping, period, progress=progress)


def notes_workspace(data: str | None, notes: str | None, pinned: Snapshot | None) -> Path:
    """The notes workspace: --notes, else beside the snapshot root or the data folder."""
    return workspace_for(notes, str(pinned.root) if pinned else data)[0]


@dataclass(frozen=True)
class Review:
    """One review's inputs and panes."""

    dataset: Dataset
    panes: Panes
    recorded: Recorded
    unreadable: list[str]
    """Notes files that could not be read (named with line and reason)."""


def compute_review(
    dataset: Dataset, settings: Settings, period: str | None, workspace: Path
) -> Review:
    """Panes of a usable dataset for the period (default: the year of its as_of)."""
    if not dataset.usable:
        raise DataError("the data is not usable (reps and deals must load): run cockpit check")
    recorded, unreadable = read_recorded(workspace, date.today())
    panes = compute_panes(
        dataset, resolve_period(dataset.lazy_tables(), period), settings, recorded
    )
    return Review(dataset, panes, recorded, unreadable)


def previous_panes(pinned: Snapshot | None, settings: Settings, recorded: Recorded) -> Panes | None:
    """The panes of the snapshot before the pinned one, with its own default period (or None)."""
    if pinned is None:
        return None
    before = previous_snapshot(pinned)
    if before is None:
        return None
    dataset = open_snapshot(before) or open_dataset(str(before.path))
    if not dataset.usable:
        raise DataError(f"{before.path}: the previous snapshot is not usable; run cockpit check")
    return compute_panes(dataset, resolve_period(dataset.lazy_tables()), settings, recorded)
