"""SVG snapshots of a snapshot root with two weeks: the Changes column and the new-item marker.

Update after an intended change (look at the SVGs first):
    .venv/bin/python -m pytest tests/ui/test_snapshots_weekly.py --snapshot-update
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from cockpit.data.copies.refresh import write_snapshot
from cockpit.data.source import open_dataset
from cockpit.ui.app import CockpitApp, Source
from tests.helpers.data import KEVIN_WINS, sample_copy
from tests.helpers.pilot import compared


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """Snapshots `2026-11-30` (the sample) and `2026-12-07` (Kevin's extra win): fixed names."""
    root = tmp_path / "cockpit"
    for folder, extra, day in (("w1", "", 30), ("w2", KEVIN_WINS, 7)):
        data = sample_copy(tmp_path / folder, extra)
        when = datetime(2026, 11 if day == 30 else 12, day, 12, tzinfo=UTC)
        write_snapshot(open_dataset(str(data)), str(data), root, when)
    return root


@pytest.mark.parametrize("key", ["1", "5"])
def test_week_over_week(snap_compare: Any, root: Path, key: str) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await compared(pilot)
        await pilot.press(key)
        await pilot.pause()

    app = CockpitApp(Source(str(root)))
    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)
