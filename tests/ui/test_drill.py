"""The rep drill-down: one screen built ahead and shown for each rep, records gathered while
the cursor rests, never another rep's rows under a rep's name."""

from __future__ import annotations

import csv
import threading
from concurrent.futures import Future
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from cockpit.data.dataset import Dataset
from cockpit.data.files.load import load_dataset
from cockpit.data.tables import StoredTables
from cockpit.notes.store import NoteStore
from cockpit.period import Period
from cockpit.ui import records as records_module
from cockpit.ui.app import CockpitApp, Source
from cockpit.ui.messages import NoteSaved
from cockpit.ui.records import KEEP, RecordsAhead, Shown
from cockpit.ui.screens.detail import RepScreen
from cockpit.ui.widgets import pane_view as pane_view_module
from cockpit.ui.widgets.frame_table import FrameTable
from cockpit.ui.widgets.pane_view import REST
from tests.helpers.paths import REPO
from tests.helpers.pilot import drilled, pane, ready

SAMPLE = REPO / "sample_data"
YEAR = Period(date(2026, 1, 1), date(2026, 12, 31), date(2026, 9, 30))


def shown_deal_ids(rep_id: str) -> list[str]:
    """The rep's deals closed in 2026 or open, read from the sample CSV without Polars."""
    with (SAMPLE / "deals.csv").open(newline="") as handle:
        return sorted(
            row["deal_id"]
            for row in csv.DictReader(handle)
            if row["rep_id"] == rep_id
            and (row["stage"] == "open" or row["close_date"].startswith("2026-"))
        )


@pytest.fixture(scope="module")
def sample_dataset() -> Dataset:
    """The bundled sample, loaded as the app loads it."""
    return load_dataset(SAMPLE)


def listed(screen: RepScreen, table_id: str) -> list[str]:
    """The first column of a record table, as shown."""
    table = screen.query_one(f"#{table_id}", FrameTable)
    return sorted(table.cells(row)[0] for row in range(table.row_count))


async def open_rep(pilot: Pilot[int], *keys: str) -> RepScreen:
    """Press `keys` (then enter) and wait for the rep screen with its records painted."""
    await pilot.press(*keys, "enter")
    await drilled(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, RepScreen)
    return screen


def sections(screen: RepScreen) -> str:
    return str(screen.query_one("#rep-sections", Static).render())


async def test_the_rep_screen_is_built_before_the_first_drill() -> None:
    app = CockpitApp(Source())
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        await pilot.pause()
        built = app._reused_rep_screen
        assert built is not None and built.is_mounted and not built.is_active
        assert await open_rep(pilot) is built


async def test_a_second_rep_shows_only_their_own_rows_and_notes(
    tmp_path: Path, each_store: str
) -> None:
    NoteStore(tmp_path / "ws").add("rep:R00001", "Elena: ask about the renewal")
    app = CockpitApp(Source(notes=str(tmp_path / "ws")))
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        assert app.dataset is not None
        assert isinstance(app.dataset.tables, StoredTables) == (each_store == "0")
        tiers = pane(app, "tiers").table
        first, third = tiers.key_at(0), tiers.key_at(2)
        assert first and third and first != third
        screen = await open_rep(pilot)
        assert screen.rep_id == first
        assert "Elena: ask about the renewal" in sections(screen)
        assert listed(screen, "rep-deals") == shown_deal_ids(first)
        assert await open_rep(pilot, "escape", "j", "j") is screen and screen.rep_id == third
        assert listed(screen, "rep-deals") == shown_deal_ids(third)
        assert (
            third == "R00018"
            and "won 43,500 / quota 37,000 (annual 37,000 × 365/365 days) = 117.5%"
            in sections(screen)
        )
        assert "won 669,700" not in sections(screen)  # Elena's, shown just before
        assert "Elena: ask about the renewal" not in sections(screen)
        await pilot.press("escape")
        assert tiers.cursor_row == 2


async def test_slow_records_never_show_the_last_reps_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    app = CockpitApp(Source())
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        await open_rep(pilot)
        await pilot.press("escape")
        gather, release = records_module.gather_records, threading.Event()

        def held(*args: object) -> records_module.Records:
            release.wait(10)
            return gather(*args)  # type: ignore[arg-type]

        monkeypatch.setattr(records_module, "gather_records", held)
        await pilot.press("j", "enter")
        screen = app.screen
        assert isinstance(screen, RepScreen) and not screen.records_painted
        assert screen.query_one("#rep-deals", FrameTable).row_count == 0
        release.set()
        await drilled(pilot)
        assert listed(screen, "rep-deals") == shown_deal_ids(screen.rep_id)


async def test_resting_on_a_rep_gathers_their_records_before_enter(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[str] = []
    gather = records_module.gather_records

    def counted(dataset: Dataset, period: Period, rep_id: str) -> records_module.Records:
        asked.append(rep_id)
        return gather(dataset, period, rep_id)

    monkeypatch.setattr(records_module, "gather_records", counted)
    # A longer rest than the app's: on a loaded machine three key presses can take longer than
    # 80 ms, and the test is about the rows passed by, not about how fast keys arrive.
    rest = 0.5
    monkeypatch.setattr(pane_view_module, "REST", rest)
    app = CockpitApp(Source())
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        await pilot.press("j", "j", "j")  # moving on: nothing gathered for the reps passed by
        await pilot.pause(rest * 3)
        rep = pane(app, "tiers").table.key_at(3)
        assert rep in asked and pane(app, "tiers").table.key_at(1) not in asked
        gathered = len(asked)
        assert (await open_rep(pilot)).rep_id == rep
        assert len(asked) == gathered  # enter gathered nothing again


async def test_a_rep_opened_from_the_rep_screen_gets_its_own_screen() -> None:
    app = CockpitApp(Source())
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        first = await open_rep(pilot)
        app.open_subject("tiers", "R00007")
        await drilled(pilot)
        assert isinstance(app.screen, RepScreen) and app.screen is not first
        assert app.screen.rep_id == "R00007"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is first and first.rep_id != "R00007"


def test_records_are_gathered_once_per_rep_and_period(sample_dataset: Dataset) -> None:
    ahead = RecordsAhead(sample_dataset)
    first = ahead.records_of(YEAR, "R00001")
    assert ahead.records_of(YEAR, "R00001") is first
    deals = first.result()["rep-deals"]
    assert isinstance(deals, Shown) and sorted(deals.frame["deal_id"]) == shown_deal_ids("R00001")
    assert [c.key for c in deals.columns][:3] == ["deal_id", "stage", "amount"]
    other_year = Period(date(2025, 1, 1), date(2025, 12, 31), YEAR.as_of)
    assert ahead.records_of(other_year, "R00001") is not first
    for n in range(KEEP):
        ahead.records_of(YEAR, f"R{n + 2:05d}")
    assert ahead.records_of(YEAR, "R00001") is not first  # the oldest was let go


def test_records_that_could_not_be_read_are_read_again(
    sample_dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    ahead = RecordsAhead(sample_dataset)
    failed: Future[records_module.Records] = Future()
    failed.set_result({"rep-deals": "the rep's records could not be read: gone"})
    ahead._futures[(YEAR, "R00001")] = failed
    again = ahead.records_of(YEAR, "R00001")
    assert again is not failed and isinstance(again.result()["rep-deals"], Shown)


async def test_unreadable_records_are_said_when_the_rep_is_opened_not_before(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def unreadable(*_: object) -> records_module.Records:
        return {"rep-deals": "the rep's records could not be read: deals.parquet: gone"}

    monkeypatch.setattr(records_module, "gather_records", unreadable)
    app = CockpitApp(Source())
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        await pilot.pause(REST * 3)
        assert app._reused_rep_screen is not None and app._reused_rep_screen.records_painted
        said = [n.message for n in app._notifications]  # Textual is pinned exactly
        assert not any("could not be read" in m for m in said)
        screen = await open_rep(pilot)
        said = [n.message for n in app._notifications]
        assert "the rep's records could not be read: deals.parquet: gone" in said
        assert not screen.query_one("#rep-deals", FrameTable).display


def test_a_failing_gather_is_said_in_words(
    sample_dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object) -> None:
        raise ValueError("unexpected shape")

    monkeypatch.setattr(sample_dataset, "rows_of_each", broken)
    records = RecordsAhead(sample_dataset).records_of(YEAR, "R00001").result()
    assert records == {
        "rep-deals": "the rep's records could not be read (ValueError: unexpected shape)"
    }


async def test_a_screen_still_being_built_is_not_refilled() -> None:
    app = CockpitApp(Source())
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        assert app._records is not None and app.panes is not None
        building = RepScreen(app._records, app.panes, "R00001", ["Tiers"])
        app._reused_rep_screen = building  # as between its build and its mount
        opened = await open_rep(pilot, "j", "j")
        assert opened is not building
        assert "Ethan Park" in str(opened.query_one("#crumbs", Static).render())
        assert building.rep_id == "R00001"


async def test_the_next_rep_starts_at_the_first_column_and_table() -> None:
    app = CockpitApp(Source())
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        screen = await open_rep(pilot)
        accounts = screen.query_one("#rep-accounts", FrameTable)
        accounts.focus()
        await pilot.press("right", "right", "right")
        assert accounts.cursor_column == 3
        assert await open_rep(pilot, "escape", "j") is screen and accounts.cursor_column == 0
        assert screen.focused is not accounts


async def test_a_note_saved_about_another_rep_does_not_show_on_this_one(tmp_path: Path) -> None:
    store = NoteStore(tmp_path / "ws")
    app = CockpitApp(Source(notes=str(tmp_path / "ws")))
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        screen = await open_rep(pilot, "j", "j")  # Ethan Park; a save about Elena ends meanwhile
        store.add("rep:R00001", "Elena: renewal")
        app.post_message(NoteSaved("rep:R00001", "Note saved"))
        await pilot.pause()
        assert app.screen is screen and screen.rep_id == "R00018"
        assert "Elena: renewal" not in sections(screen)
        store.add("rep:R00018", "Ethan: coach discovery")
        app.post_message(NoteSaved("rep:R00018", "Note saved"))
        await pilot.pause()
        assert "Ethan: coach discovery" in sections(screen)
