"""Reading what analytics needs from the notes workspace: growth edits and review decisions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from cockpit.analytics.panes import Recorded
from cockpit.notes.store import NoteStore


def read_recorded(workspace: Path, today: date) -> tuple[Recorded, list[str]]:
    """The workspace's growth edits and decisions as of `today`, and unreadable files in words."""
    if not workspace.is_dir():
        return Recorded(), []
    store = NoteStore(workspace)
    growth = store.growth_overrides()
    decisions = {item: d.status_on(today) for item, d in store.decisions().items()}
    return Recorded(growth, decisions), [str(p) for p in store.problems]
