"""The TUI under Textual's Pilot: wait until it has painted, and read what a pane shows."""

from __future__ import annotations

import asyncio
from typing import Any

from textual.pilot import Pilot

from cockpit.ui.app import CockpitApp
from cockpit.ui.screens.detail import RepScreen
from cockpit.ui.widgets.frame_table import FrameTable
from cockpit.ui.widgets.pane_view import PaneView


async def drilled(pilot: Pilot[Any]) -> None:
    """Wait until a rep screen has gathered its records (off the UI thread) and painted them."""
    for _ in range(500):
        await pilot.pause()
        screen = pilot.app.screen
        if not isinstance(screen, RepScreen) or screen.records_painted:
            return
        await asyncio.sleep(0.01)


async def ready(pilot: Pilot[int]) -> None:
    """Wait until the loading worker has posted its result and the panes are painted."""
    for _ in range(200):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if pilot.app.query("#pane-review FrameTable"):
            table = pilot.app.query_one("#pane-review FrameTable", FrameTable)
            if pilot.app.panes is not None and table.columns:
                return
        if pilot.app.query_one("#status").render().plain.startswith("The data is not usable"):  # type: ignore[attr-defined]
            return
    raise AssertionError("the data never loaded")


async def compared(pilot: Pilot[Any]) -> None:
    """Wait until the panes carry the comparison with the previous snapshot."""
    await ready(pilot)
    app: Any = pilot.app
    for _ in range(200):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if "changes" in app.panes.tiers.columns:
            return
    raise AssertionError("the changes never arrived")


def pane(app: CockpitApp, name: str) -> PaneView:
    return app.query_one(f"#pane-{name}", PaneView)


def names(view: PaneView, column: int = 0) -> list[str]:
    table = view.table
    return [table.cells(i)[column] for i in range(table.row_count)]
