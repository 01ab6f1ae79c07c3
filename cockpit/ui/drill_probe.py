"""How long `enter` on a rep takes until the rep's screen is painted, headless (for the bench)."""

from __future__ import annotations

import time
from pathlib import Path

from textual.pilot import Pilot

from cockpit.ui.app import CockpitApp, Source
from cockpit.ui.screens.detail import RepScreen
from cockpit.ui.widgets.frame_table import FrameTable

SIZE = (120, 40)


async def _wait(pilot: Pilot[int], done: object, limit: float = 120.0) -> None:
    """Let the app run until `done()` is true."""
    deadline = time.monotonic() + limit
    while not done():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise RuntimeError("the cockpit did not get there in time")
        await pilot.pause(0.01)


async def drill_seconds(folder: Path, runs: int) -> list[float]:
    """Seconds from `enter` on the Tiers pane's rows 0…runs-1 to each rep screen painted."""
    app = CockpitApp(Source(str(folder)))
    seconds = []
    async with app.run_test(size=SIZE) as pilot:
        await _wait(pilot, lambda: app.panes is not None and app.query("#pane-tiers FrameTable"))
        table = app.query_one("#pane-tiers FrameTable", FrameTable)
        await _wait(pilot, lambda: table.row_count > 0)
        for row in range(runs):
            table.move_cursor(row=row)
            await pilot.pause()
            start = time.perf_counter()
            await pilot.press("enter")
            await _wait(pilot, lambda: isinstance(app.screen, RepScreen) and app.screen.is_mounted)
            await pilot.pause()  # the screen's first paint
            seconds.append(time.perf_counter() - start)
            await pilot.press("escape")
            await _wait(pilot, lambda: not isinstance(app.screen, RepScreen))
    return seconds
