"""The TUI on a database source: same first screen, drill-down and what-if as on the folder."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from cockpit.paths import SAMPLE_DATA
from cockpit.ui.app import CockpitApp, Source
from cockpit.ui.screens.detail import RepScreen
from cockpit.ui.widgets.frame_table import FrameTable
from tests.helpers.db import canonical_tables, sqlite_copy
from tests.helpers.pilot import drilled, names, pane, ready


async def test_database_source_opens_drills_and_tunes_the_whatif(tmp_path: Path) -> None:
    uri = sqlite_copy(canonical_tables(SAMPLE_DATA), tmp_path / "sample.db")
    app = CockpitApp(Source(data=uri, period="2026-01-01:2026-12-31", notes=str(tmp_path / "n")))
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        assert names(pane(app, "tiers"))[:3] == ["Elena Marsh", "Tomás Rivera", "Ethan Park"]
        await pilot.press("j", "j", "enter")
        await drilled(pilot)
        assert isinstance(app.screen, RepScreen) and app.screen.rep_id == "R00018"
        text = " ".join(str(s.render()) for s in app.screen.query(Static))
        assert "won 43,500 / quota 37,000 (annual 37,000 × 365/365 days) = 117.5%" in text
        assert app.screen.query_one("#rep-deals", FrameTable).row_count > 0
        await pilot.press("escape", "3")
        before = app.panes.leads if app.panes else None
        await pilot.press("right_square_bracket")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.panes is not None and before is not None
        assert app.panes.leads is not None
        assert app.panes.leads["whatif_leads"].sum() == before["company_leads"].sum()
