"""The TUI on a snapshot root: pinned at start, "data as of", week-over-week columns, new items."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from cockpit.cli import main
from cockpit.ui.app import CockpitApp, Source
from tests.helpers.data import KEVIN_WINS, current_name, sample_copy
from tests.helpers.pilot import compared, names, pane, ready


def refresh(data: Path, root: Path) -> str:
    """`cockpit refresh DATA --into ROOT` in-process; the new snapshot's name."""
    assert main(["refresh", str(data), "--into", str(root)]) == 0
    return current_name(root)


def cells(app: CockpitApp, name: str, key: str) -> dict[str, str]:
    """The shown row whose key is `key`, header → text."""
    table = pane(app, name).table
    row = table.index_of(key)
    assert row is not None, key
    return dict(zip(table.labels, table.cells(row), strict=True))


async def test_snapshot_root_shows_data_as_of_and_the_changes(tmp_path: Path) -> None:
    root = tmp_path / "cockpit"
    first = refresh(sample_copy(tmp_path / "week1"), root)
    second = refresh(sample_copy(tmp_path / "week2", KEVIN_WINS), root)
    app = CockpitApp(Source(str(root)))
    async with app.run_test(size=(140, 40)) as pilot:
        await compared(pilot)
        status = str(app.query_one("#status", Static).render())
        assert status.startswith(f"Data as of 2026-09-30 · snapshot {second}")
        assert status.endswith(f"changes since snapshot {first}")
        kevin = cells(app, "tiers", "R00007")
        assert kevin["Tier"] == "★ top"
        assert kevin["Changes"].startswith("▲ developing→top, -flag activity with")
        assert cells(app, "tiers", "R00001")["Changes"] == ""
        await pilot.press("3", "right_square_bracket")  # the what-if recomputes the leads table
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert app.main.lead_settings is not None and app.main.lead_settings.cap_multiple == 1.6
        assert cells(app, "leads", "R00007")["Changes"] == ""  # the column stays
        await pilot.press("5")
        review = pane(app, "review")
        assert review.table.labels[0] == "New"
        assert cells(app, "review", "flight_risk:rep:R00007")["New"] == "✦ new"
        assert cells(app, "review", "no_plan:rep:R00007")["New"] == ""
        assert app.workspace == root / ".cockpit"  # notes outlive any one snapshot


async def test_a_refresh_during_the_session_does_not_change_what_is_shown(
    tmp_path: Path,
) -> None:
    root = tmp_path / "cockpit"
    first = refresh(sample_copy(tmp_path / "week1"), root)
    app = CockpitApp(Source(str(root)))
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        assert "Changes" not in pane(app, "tiers").table.labels
        second = refresh(sample_copy(tmp_path / "week2", KEVIN_WINS), root)
        assert second != first
        await pilot.press("2")
        await pilot.press("1")
        await pilot.pause()
        assert app.dataset is not None and Path(app.dataset.source).name == first
        assert cells(app, "tiers", "R00007")["Tier"] == "◐ developing"
        assert f"snapshot {first}" in str(app.query_one("#status", Static).render())
    reopened = CockpitApp(Source(str(root)))
    async with reopened.run_test(size=(120, 30)) as pilot:
        await compared(pilot)
        assert cells(reopened, "tiers", "R00007")["Tier"] == "★ top"
        assert "Kevin Brandt" in names(pane(reopened, "tiers"))
