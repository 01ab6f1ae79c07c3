"""SVG snapshots of the panes and the rep screen at 80×24 and 120×40 (Textual pinned exactly).

Charts (side panels from 140 columns) are left out: plotext places axis ticks differently from
run to run, so they are asserted in test_ui.py by their content instead.

Update after an intended change:
    .venv/bin/python -m pytest tests/ui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from cockpit.ui.app import CockpitApp, Source
from tests.helpers.pilot import drilled, ready

SIZES = [(80, 24), (120, 40)]


async def loaded(pilot: Pilot[Any]) -> None:
    await ready(pilot)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
@pytest.mark.parametrize("key", ["1", "2", "3", "4", "5"])
def test_pane(snap_compare: Any, key: str, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await loaded(pilot)
        await pilot.press(key)
        await pilot.pause()

    assert snap_compare(CockpitApp(Source()), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_rep_screen(snap_compare: Any, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await loaded(pilot)
        await pilot.press("enter")
        await drilled(pilot)

    assert snap_compare(CockpitApp(Source()), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("theme", ["textual-light", "ansi-light", "ansi-dark"])
def test_themes_stay_readable(snap_compare: Any, theme: str) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        pilot.app.theme = theme
        await loaded(pilot)
        await pilot.press("5")
        await pilot.pause()

    assert snap_compare(CockpitApp(Source()), terminal_size=(80, 24), run_before=run_before)
