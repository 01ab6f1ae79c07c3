"""The first screen, driven with Textual's Pilot: the team shows, hostile names stay literal."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from cockpit.data.load import load_dataset
from cockpit.ui.app import CockpitApp

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"


async def test_reps_are_listed_and_markup_is_not_interpreted() -> None:
    app = CockpitApp(load_dataset(HOSTILE))
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.query_one("#reps", DataTable)
        assert table.row_count == 11
        names = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert "[/bold]" in names
        assert "[@click=app.quit]x[/]" in names
        assert "\\x1b[31mRed\\x1b[0m Rita" in names
        assert all("\x1b" not in n and "\u202e" not in n for n in names)
        await pilot.click(DataTable, offset=(8, 3))  # the H03 name cell
        await pilot.pause()
        assert app.is_running  # clicking a "[@click=app.quit]" name runs nothing
        await pilot.press("q")
    assert not app.is_running
