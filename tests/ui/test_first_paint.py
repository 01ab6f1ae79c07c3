"""What the speed-ups of the first screen and the first drill-down must not change: the preview
stays readable while the panes are built behind it, every pane is painted, and the rep screen
built ahead still shows the rep's latest notes, and shows as on the first opening when opened
again."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path
from typing import Any

import pytest
from textual.containers import VerticalScroll
from textual.widgets import Static

from cockpit import session
from cockpit.analytics.pane_specs import PANES
from cockpit.notes.store import NoteStore
from cockpit.paths import SAMPLE_DATA
from cockpit.ui.app import CockpitApp
from cockpit.ui.screens.detail import RepScreen
from cockpit.ui.source import Source
from cockpit.ui.widgets.frame_table import FrameTable
from cockpit.ui.widgets.pane_view import PaneView
from tests.helpers.pilot import drilled, pane, ready


async def open_first_rep(pilot: Any) -> RepScreen:
    """Enter on the pane's row under the cursor; the rep screen once its records show."""
    await pilot.press("enter")
    await drilled(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, RepScreen)
    return screen


async def test_the_preview_stays_on_screen_while_the_panes_are_built_behind_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = shutil.copytree(SAMPLE_DATA, tmp_path / "team")
    first = CockpitApp(Source(str(data)))
    async with first.run_test(size=(120, 40)) as pilot:
        await ready(pilot)  # keeps the first screen for the next start
    opened, release = threading.Event(), threading.Event()
    open_source = session.open_source

    def held(*args: Any, **kwargs: Any) -> Any:
        opened.set()
        release.wait(30)
        return open_source(*args, **kwargs)

    monkeypatch.setattr(session, "open_source", held)
    app = CockpitApp(Source(str(data)))
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(300):  # until the panes are built, out of view, and the load is held
            await pilot.pause(0.01)
            if opened.is_set() and app.main.query("#panes FrameTable"):
                break
        await pilot.pause()
        preview = app.main.query_one("#preview", Static)
        assert preview.display and preview.region.height > 20
        assert "Elena Marsh" in str(preview.render())
        assert not any(view.region.area for view in app.main.query(PaneView))  # none over it
        release.set()
        await ready(pilot)
        assert not app.main.query("#preview")
        assert pane(app, "tiers").display and pane(app, "tiers").table.key_at(0) == "R00001"


async def test_every_pane_is_painted_once_the_data_is_in() -> None:
    app = CockpitApp(Source())
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.pause()
        for spec in PANES:  # painted without being opened: copy and export see their rows
            assert pane(app, spec.name).table.row_count > 0, spec.name
            assert pane(app, spec.name).as_tsv(whole_table=True).count("\n") > 0, spec.name


async def test_a_note_written_before_the_first_drill_shows_on_the_screen_built_ahead(
    tmp_path: Path,
) -> None:
    app = CockpitApp(Source(notes=str(tmp_path / "ws")))
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        await pilot.pause()
        built = app._reused_rep_screen
        assert built is not None and built.records_painted
        NoteStore(tmp_path / "ws").add("rep:R00001", "Elena: renewal plan by Friday")
        screen = await open_first_rep(pilot)
        assert screen is built and screen.rep_id == "R00001"
        assert "Elena: renewal plan by Friday" in str(
            screen.query_one("#rep-sections", Static).render()
        )


async def test_the_first_rep_opened_again_shows_as_when_first_opened() -> None:
    app = CockpitApp(Source())
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.pause()
        screen = await open_first_rep(pilot)
        await pilot.pause()
        body = screen.query_one(VerticalScroll)
        first_seen = body.scroll_y  # the deals table in view, under the rep's sections
        accounts = screen.query_one("#rep-accounts", FrameTable)
        accounts.focus()
        await pilot.press("right", "right", "right")
        body.scroll_end(animate=False)
        await pilot.pause()
        assert accounts.cursor_column == 3 and body.scroll_y > first_seen
        await pilot.press("escape")
        again = await open_first_rep(pilot)
        await pilot.pause()
        assert again is screen and again.rep_id == "R00001"
        assert accounts.cursor_column == 0 and body.scroll_y == first_seen
        assert isinstance(screen.focused, FrameTable) and screen.focused.id == "rep-deals"
