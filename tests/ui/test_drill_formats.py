"""Drill-downs print numbers as the tables do (separators, no stray `.0`) and tiers, flags and
statuses in words; the rep screen says which what-if rule set the rep's leads."""

from __future__ import annotations

from textual.widgets import Static

from cockpit.ui.app import CockpitApp, Source
from cockpit.ui.screens.detail import AccountScreen, RepScreen
from cockpit.ui.widgets.frame_table import FrameTable
from tests.helpers.pilot import drilled, ready


def column(screen: RepScreen, table_id: str, name: str) -> dict[str, str]:
    """A record table's column `name` as shown, by the row's first cell."""
    table = screen.query_one(f"#{table_id}", FrameTable)
    at = [c.key for c in table.columns].index(name)
    return {table.cells(r)[0]: table.cells(r)[at] for r in range(table.row_count)}


async def test_the_rep_screen_shows_numbers_and_words_as_the_tables_do() -> None:
    app = CockpitApp(Source())
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        app.open_subject("tiers", "R00001")
        await drilled(pilot)
        screen = app.screen
        assert isinstance(screen, RepScreen) and screen.rep_id == "R00001"
        text = str(screen.query_one("#rep-sections", Static).render())
        # deals.csv: Elena's five deals won in 2026 sum to 669,700 (as the Tiers table shows).
        assert "won 669,700 / quota 403,000" in text and "669700" not in text
        assert "flags: outcome over activity" in text and "outcome_over_activity" not in text
        assert "status: on track" in text
        # leads.csv: 28 company leads in 2026; the cap is 1.5 × 28 = 42, and she gets it.
        assert "whatif leads: 42 (today 28): set by the cap, 1.5× today = 42; ranked" in text
        # deals.csv row D00000626: open, 148700.0.
        assert column(screen, "rep-deals", "amount")["D00000626"] == "148,700"
        # accounts.csv row A0000001 (Blue Labs): arr_start 92500.0, seats 77.
        assert column(screen, "rep-accounts", "arr_start")["A0000001"] == "92,500"


async def test_the_account_screen_shows_money_with_separators() -> None:
    app = CockpitApp(Source())
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert app.dataset is not None
        accounts = app.dataset.rows_of("accounts", "account_id", "A0000134")
        assert accounts is not None
        await app.push_screen(AccountScreen(accounts.row(0, named=True), ["Churn"]))
        await pilot.pause()
        text = str(app.screen.query_one(".section", Static).render())
        # accounts.csv row A0000134 (Beacon Capital): arr_start 41400.0, arr_now 0.0, 34 seats.
        assert "arr start: 41,400\n" in text and "arr now: 0\n" in text
        assert "seats: 34\n" in text and "41400.0" not in text
