"""The TUI driven with Textual's Pilot: panes, keys, drill-downs, safe text, failures."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest
from textual.widgets import Static

from cockpit.ui.app import CockpitApp, Source
from cockpit.ui.screens.detail import RepScreen, SegmentScreen
from cockpit.ui.screens.help import HelpScreen
from cockpit.ui.widgets.frame_table import FrameTable
from tests.helpers.data import DEALS, REPS, write_folder
from tests.helpers.paths import HOSTILE, REPO
from tests.helpers.pilot import drilled, names, pane, ready


async def test_sample_opens_on_tiers_best_first() -> None:
    app = CockpitApp(Source())
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        tiers = pane(app, "tiers")
        assert names(tiers)[0] == "Elena Marsh"
        assert tiers.table.row_count == 25
        insight = str(tiers.query_one(".insight", Static).render())
        assert "Spearman ρ = -0.42, n = 24" in insight
        assert "as of 2026-09-30" in app.sub_title


async def test_number_keys_switch_panes() -> None:
    app = CockpitApp(Source())
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        for key, name in zip("23451", ("growth", "leads", "churn", "review", "tiers"), strict=True):
            await pilot.press(key)
            assert app.query_one("#panes").current == f"pane-{name}"  # type: ignore[attr-defined]
        await pilot.press("4")
        assert names(pane(app, "churn"))[0] == "Healthcare"


async def test_filter_narrows_and_esc_restores() -> None:
    app = CockpitApp(Source())
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("slash", "k", "e", "v")
        assert names(pane(app, "tiers")) == ["Kevin Brandt"]
        await pilot.press("enter", "escape")
        assert pane(app, "tiers").table.row_count == 25


async def test_sort_by_cursor_column_with_arrow_in_header() -> None:
    app = CockpitApp(Source())
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        tiers = pane(app, "tiers")
        await pilot.press("l", "l", "l", "l", "s")  # the Won column, descending
        assert tiers.table.labels[4] == "Won▼"
        won = tiers.view["won_amount"].to_list()
        assert won == sorted(won, reverse=True)
        await pilot.press("s")
        assert tiers.table.labels[4] == "Won▲"


async def test_a_rep_whose_records_cannot_be_read_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    app = CockpitApp(Source())
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)

        def vanished(*_: object) -> None:
            raise pl.exceptions.ComputeError("deals.parquet: no such file")

        monkeypatch.setattr(app.dataset, "rows_of_each", vanished)
        await pilot.press("j", "enter")  # a rep whose records were not gathered ahead
        await drilled(pilot)
        assert isinstance(app.screen, RepScreen)
        assert not app.screen.query_one("#rep-deals", FrameTable).display
        shown = [n.message for n in app._notifications]  # Textual is pinned exactly
        assert (
            "the rep's records could not be read: deals.parquet: no such file. Quit and open the "
            "data again: cockpit reads it afresh." in shown
        )
        await pilot.press("escape")
        assert not isinstance(app.screen, RepScreen)


async def test_enter_drills_into_rep_and_esc_keeps_cursor() -> None:
    app = CockpitApp(Source())
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        await pilot.press("j", "j", "enter")
        await drilled(pilot)
        assert isinstance(app.screen, RepScreen)
        assert app.screen.rep_id == "R00018"
        text = " ".join(str(s.render()) for s in app.screen.query(Static))
        assert "won 43,500 / quota 37,000 (annual 37,000 × 365/365 days) = 117.5%" in text
        assert app.screen.query_one("#rep-deals", FrameTable).row_count > 0
        await pilot.press("escape")
        assert pane(app, "tiers").table.cursor_row == 2


async def test_review_item_opens_its_subject() -> None:
    app = CockpitApp(Source())
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        await pilot.press("5", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SegmentScreen)
        assert app.screen.segment == "Healthcare"
        accounts = app.screen.query_one("#segment-accounts", FrameTable)
        csv_rows = (REPO / "sample_data/accounts.csv").read_text()
        assert accounts.row_count == csv_rows.count(",Healthcare,") == 40


async def test_help_lists_every_active_key_as_rebound() -> None:
    from cockpit.config import Settings

    keys = {"pane_growth": "w", "down": "ctrl+n", "note": "N"}
    app = CockpitApp(Source(settings=Settings(keys=keys)))
    async with app.run_test(size=(100, 60)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one(Static).render())
        lines = {line.split()[0]: line for line in text.splitlines() if line.startswith("  ")}
        # Keys active on the Tiers pane; the Review and Leads panes' own keys are listed there.
        for key in ("c", "N", "a", "e", "y", "s", "/", "^p"):
            assert key in lines, key
        assert "Growth pane" in lines["w"] and "Down" in text.split("↓ / ^n")[1].splitlines()[0]
        assert "n" not in lines  # rebound to N: the old key is not shown
        assert "cockpit report --format markdown" in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_copy_row_as_tsv() -> None:
    app = CockpitApp(Source())
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("y")
        assert app.clipboard.startswith("Elena Marsh\ttop\t166%")


async def test_export_writes_the_shown_rows_into_a_private_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import stat

    from cockpit.paths import exports_dir

    monkeypatch.chdir(tmp_path)
    app = CockpitApp(Source())
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("slash", "e", "l", "e", "n", "enter", "e", "e")
        await app.workers.wait_for_complete()
    assert list(tmp_path.iterdir()) == []  # never the working directory
    first = exports_dir() / "cockpit-tiers-2026-09-30.csv"
    second = exports_dir() / "cockpit-tiers-2026-09-30-2.csv"
    lines = first.read_text().splitlines()
    assert lines[0].startswith("rep_id,name,tier")
    assert len(lines) == 2 and lines[1].startswith("R00001,Elena Marsh,top")
    assert second.read_text() == first.read_text()  # a second export does not overwrite the first
    assert stat.S_IMODE(exports_dir().stat().st_mode) == 0o700
    assert stat.S_IMODE(first.stat().st_mode) == 0o600


async def test_hostile_names_show_literally_and_clicks_run_nothing() -> None:
    app = CockpitApp(Source(str(HOSTILE)))
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        shown = names(pane(app, "tiers"))
        assert "[/bold]" in shown and "[@click=app.quit]x[/]" in shown
        assert "\\x1b[31mRed\\x1b[0m Rita" in shown
        assert all("\x1b" not in n and "\u202e" not in n for n in shown)
        row = shown.index("[@click=app.quit]x[/]")
        await pilot.click(FrameTable, offset=(3, row + 1))
        await pilot.pause()
        assert app.is_running


async def test_unusable_data_shows_the_check_report(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "d", {"reps.csv": "rep_id,name\nR1,Ann\n"})
    app = CockpitApp(Source(str(folder)))
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        status = str(app.query_one("#status", Static).render())
        # The reason in words first (no deals file, no preset fits), then the check report.
        assert f"The data is not usable: {folder} has no deals.csv" in status
        assert "give --mapping PRESET" in status
        assert "table missing (no deals.csv" in status
        await pilot.pause(1.3)  # past the loading clock's next tick: the reason stays
        assert str(app.query_one("#status", Static).render()) == status


async def test_keys_rebind_from_settings() -> None:
    from cockpit.config import Settings

    app = CockpitApp(Source(settings=Settings(keys={"pane_growth": "w"})))
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("w")
        assert app.query_one("#panes").current == "pane-growth"  # type: ignore[attr-defined]


def test_ui_code_has_no_hard_coded_colours() -> None:
    """Colours come from theme variables in .tcss, so themes, light terminals and NO_COLOR work."""
    source = REPO / "cockpit" / "ui"
    code = "".join(p.read_text() for p in source.rglob("*.py"))
    tcss = "".join(p.read_text() for p in source.rglob("*.tcss"))
    hex_colour = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b|rgb\(")
    assert not hex_colour.search(code) and not hex_colour.search(tcss)


async def test_whatif_keys_recompute_and_conserve_leads() -> None:
    app = CockpitApp(Source())
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        await pilot.press("3")
        before = pane(app, "leads").frame
        assert before is not None
        total = before["company_leads"].sum()
        assert before["whatif_leads"].max() == 43  # 1.5 × 29 leads, floored
        await pilot.press("left_square_bracket", "left_square_bracket")
        await app.workers.wait_for_complete()
        await pilot.pause()
        after = pane(app, "leads").frame
        assert after is not None and app.main.lead_settings.cap_multiple == 1.3
        assert after["whatif_leads"].sum() == total
        assert after["whatif_leads"].max() == 37  # 1.3 × 29 = 37.7, floored
        notes = str(pane(app, "leads").query_one(".missing", Static).render())
        assert "cap 1.3×" in notes


async def test_floor_share_and_ranking_are_knobs_shown_before_any_key() -> None:
    app = CockpitApp(Source())
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        await pilot.press("3")
        view = pane(app, "leads")
        notes = str(view.query_one(".missing", Static).render())
        # The settings and their keys are on the pane from the start, not after a first press.
        assert "keep 50%" in notes and "by revenue per lead" in notes
        assert "( ) floor share" in notes and "r ranking" in notes
        await pilot.press("right_parenthesis")
        await app.workers.wait_for_complete()
        await pilot.pause()
        frame = view.frame
        assert frame is not None and app.main.lead_settings.floor_share == 0.6
        kept = frame.filter(~frame["ramping"])
        # Every rep keeps at least 60% of today's leads, rounded up: 17 of 28, 18 of 29.
        assert (kept["whatif_leads"] >= (kept["company_leads"] * 0.6).ceil()).all()
        assert frame["whatif_leads"].sum() == frame["company_leads"].sum()
        assert "keep 60%" in str(view.query_one(".missing", Static).render())
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        frame = view.frame
        assert frame is not None and app.main.lead_settings.route_by == "conversion"
        first = frame.filter(frame["whatif_rank"] == 1)
        assert first["shrunk_conversion"].item() == frame["shrunk_conversion"].max()
        assert "by conversion" in str(view.query_one(".missing", Static).render())


async def test_wide_terminal_shows_charts_beside_tables() -> None:
    from cockpit.ui.widgets.charts import PaneChart

    app = CockpitApp(Source())
    # Wide enough for the whole Tiers table and a readable chart beside it.
    async with app.run_test(size=(220, 40)) as pilot:
        await ready(pilot)
        chart = pane(app, "tiers").query_one(PaneChart)
        assert chart.display and chart.size.width > 40
        rendered = str(chart.render())
        assert "Spearman ρ -0.42, n = 24" in rendered and "●" in rendered
        await pilot.press("3")
        # The what-if keeps half of each rep's leads and ranks by expected revenue per lead:
        # +11.9 conversions on the sample (`cockpit report --pane leads` says the same).
        assert "conversions 140 → 152" in str(pane(app, "leads").query_one(PaneChart).render())


async def test_narrow_terminal_toggles_chart_with_c() -> None:
    from cockpit.ui.widgets.charts import PaneChart

    app = CockpitApp(Source())
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        chart = pane(app, "tiers").query_one(PaneChart)
        assert not chart.display
        await pilot.press("c")
        await pilot.pause()
        assert chart.display and not pane(app, "tiers").table.display


async def test_note_typed_in_the_tui_is_saved_and_shown(tmp_path: Path) -> None:
    from cockpit.notes.store import NoteStore

    app = CockpitApp(Source(notes=str(tmp_path / "ws")))
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        await pilot.press("n")
        await pilot.press(*"Ask about [bold] pipeline")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        [note] = NoteStore(tmp_path / "ws").notes("rep:R00001")
        assert note.text == "Ask about [bold] pipeline" and note.kind == "note"
        await pilot.press("enter")  # drill into Elena: her note is listed
        await pilot.pause()
        shown = str(app.screen.query_one("#rep-sections", Static).render())
        assert "Ask about [bold] pipeline" in shown


async def test_review_decision_is_saved_and_remembered(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    app = CockpitApp(Source(notes=str(workspace)))
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        await pilot.press("5", "d")
        await app.workers.wait_for_complete()
        await pilot.pause()
        review = app.panes.review if app.panes else None
        assert review is not None
        decided = review.filter(review["item_id"] == "churn_alert:segment:Healthcare")
        assert decided["status"].to_list() == ["discussed"]
        assert review["status"].to_list()[0] == "open"  # decided items sink below open ones
    again = CockpitApp(Source(notes=str(workspace)))
    async with again.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        assert again.panes is not None
        statuses = dict(again.panes.review.select("item_id", "status").iter_rows())
        assert statuses["churn_alert:segment:Healthcare"] == "discussed"


async def test_action_item_needs_a_valid_due_date(tmp_path: Path) -> None:
    from cockpit.notes.store import NoteStore

    app = CockpitApp(Source(notes=str(tmp_path / "ws")))
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        await pilot.press("a", *"Call the CFO")
        due = app.screen.query_one("#note-due")
        due.value = "soon"  # type: ignore[attr-defined]
        await pilot.press("enter")
        assert "Due must be a date" in str(app.screen.query_one("#note-error", Static).render())
        due.value = "2026-10-07"  # type: ignore[attr-defined]
        app.screen.query_one("#note-text").focus()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
    [note] = NoteStore(tmp_path / "ws").notes("rep:R00001")
    assert (note.kind, str(note.due), note.text) == ("action", "2026-10-07", "Call the CFO")


async def test_palette_jumps_to_a_rep_by_name() -> None:
    app = CockpitApp(Source())
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"Kevin Br")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await drilled(pilot)
        assert isinstance(app.screen, RepScreen) and app.screen.rep_id == "R00007"
        leads = app.screen.query_one("#rep-leads", FrameTable)
        assert (
            leads.row_count
            == app.dataset.tables["leads"]
            .filter(  # type: ignore[union-attr]
                (pl.col("rep_id") == "R00007") & (pl.col("assigned_date").dt.year() == 2026)
            )
            .height
        )


async def test_keys_pressed_while_loading_do_nothing_harmful() -> None:
    app = CockpitApp(Source())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "s", "y", "j", "4")  # typed at once: some land before the data
        await ready(pilot)
        assert app.is_running
        await pilot.press("1", "escape")
        assert pane(app, "tiers").table.row_count == 25


async def test_the_status_line_counts_rows_set_aside(tmp_path: Path) -> None:
    bad = DEALS + "D3,R2,won,12x,2026-01-10,2026-03-01\n"
    folder = write_folder(tmp_path / "d", {"reps.csv": REPS, "deals.csv": bad})
    app = CockpitApp(Source(data=str(folder)))
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert "· 1 row set aside (cockpit check lists them)" in app.status_line
