"""The first screen as last computed is shown at once, and only for the same data and settings."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import Static

from cockpit.paths import SAMPLE_DATA
from cockpit.ui.app import CockpitApp, Source
from cockpit.ui.preview import preview_key, read_preview, write_preview
from tests.helpers.pilot import ready


async def open_once(data: Path) -> None:
    """Open the cockpit on `data` until its panes are painted, then quit."""
    app = CockpitApp(Source(str(data)))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)


async def preview_shown(data: Path, monkeypatch: pytest.MonkeyPatch) -> str | None:
    """The preview's text while the data has not loaded (loading is held back)."""
    monkeypatch.setattr(CockpitApp, "load", lambda self: None)
    app = CockpitApp(Source(str(data)))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        found = app.query("#preview")
        return str(found.first(Static).render()) if found else None


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the sample, so a test may change a file."""
    return Path(shutil.copytree(SAMPLE_DATA, tmp_path / "team"))


async def test_the_second_start_shows_the_tiers_table_before_the_data_loads(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert await preview_shown(data, monkeypatch) is None  # never opened: nothing to show
    monkeypatch.undo()
    await open_once(data)
    shown = await preview_shown(data, monkeypatch)
    assert shown is not None
    lines = shown.splitlines()
    assert lines[0].startswith("Loading…")
    assert lines[1].split()[:2] == ["Rep", "Tier"]
    assert "Elena Marsh" in lines[2] and "166%" in lines[2]


async def test_changed_data_shows_no_stale_preview(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    await open_once(data)
    deals = data / "deals.csv"
    deals.write_text(deals.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert await preview_shown(data, monkeypatch) is None


def test_a_different_period_or_config_is_a_different_first_screen(data: Path) -> None:
    key = preview_key(str(data), None, None, None)
    assert key is not None
    assert preview_key(str(data), None, "2026-01-01:2026-06-30", None) != key
    assert preview_key(str(data), None, None, str(data / "reps.csv")) != key
    assert preview_key("postgresql://db/crm", None, None, None) is None


def test_no_cache_keeps_no_first_screen(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COCKPIT_NO_CACHE", "1")
    assert preview_key(str(data), None, None, None) is None


def test_a_hand_made_preview_is_shown_as_plain_text(data: Path) -> None:
    key = preview_key(str(data), None, None, None)
    write_preview(key, ["Rep", "Won"], [["[bold]x[/] \x1b[31m", "1"]], [False, True])
    from cockpit.ui.preview import preview_text

    stored = read_preview(key)
    assert stored is not None
    text = preview_text(stored).plain
    assert "[bold]x[/] \\x1b[31m" in text and "\x1b" not in text
