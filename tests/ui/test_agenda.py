"""The Review pane as the meeting's agenda: decisions show at once and the cursor moves on, `u`
undoes, `o` reopens, `Z` snoozes to a typed date, a growth conversation recomputes Growth, and
`p` / `t` switch the period and the team."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from textual.widgets import Static

from cockpit.errors import CockpitError
from cockpit.notes.store import NoteStore
from cockpit.ui.app import CockpitApp
from cockpit.ui.source import Source
from tests.helpers.pilot import ready

HEALTHCARE = "churn_alert:segment:Healthcare"


async def settle(app: CockpitApp, pilot: object, rounds: int = 20) -> None:
    """Let saving and recomputing workers finish and their messages paint."""
    for _ in range(rounds):
        await app.workers.wait_for_complete()
        await pilot.pause(0.05)  # type: ignore[attr-defined]


def insight(app: CockpitApp) -> str:
    return str(app.main.current().query_one(".insight", Static).render())


async def test_discussed_moves_on_counts_change_and_undo_restores(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    app = CockpitApp(Source(notes=str(workspace)))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("5")
        view = app.main.current()
        second = view.view["item_id"][1]
        assert view.selected_row()["item_id"] == HEALTHCARE  # type: ignore[index]
        # 8 high, 9 medium (3 top reps the what-if cuts and 1 underused converter), 16 low.
        assert insight(app).startswith("33 items to review: 8 high, 9 medium, 16 low")
        await pilot.press("d")
        await settle(app, pilot)
        # The cursor is on the next open item, not on the one just decided.
        assert view.selected_row()["item_id"] == second  # type: ignore[index]
        assert insight(app).startswith("32 items to review: 7 high")
        assert "Done: 1 (1 discussed)" in insight(app)
        assert NoteStore(workspace).decisions()[HEALTHCARE].status == "discussed"
        await pilot.press("u")
        await settle(app, pilot)
        assert app.agenda.status_of(HEALTHCARE) == "open"
        assert insight(app).startswith("33 items to review")
        # The history keeps both: the decision and its undo (an open item again).
        decision = NoteStore(workspace).decisions()[HEALTHCARE]
        assert (decision.status, decision.comment) == ("open", "undo (discussed)")


async def test_reopen_and_snooze_to_a_typed_date(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    app = CockpitApp(Source(notes=str(workspace)))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("5", "Z")
        await pilot.pause()
        box = app.screen.query_one("#snooze-date")
        box.value = "+3w"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(app, pilot)
        saved = NoteStore(workspace).decisions()[HEALTHCARE]
        assert (saved.status, saved.until) == ("snoozed", date.today() + timedelta(weeks=3))
        # The snoozed item sank below the open ones: find it and reopen it.
        view = app.main.current()
        index = view.table.index_of(HEALTHCARE)
        assert index is not None and index > 0
        view.table.move_cursor(row=index)
        await pilot.press("o")
        await settle(app, pilot)
        assert app.agenda.status_of(HEALTHCARE) == "open"
        assert NoteStore(workspace).decisions()[HEALTHCARE].status == "open"


async def test_a_failed_save_paints_the_item_back(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def refuse(*args: object, **kwargs: object) -> None:
        raise CockpitError("the notes folder is read-only")

    monkeypatch.setattr(NoteStore, "decide", refuse)
    app = CockpitApp(Source(notes=str(tmp_path / "ws")))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("5", "d")
        await settle(app, pilot)
        assert app.agenda.status_of(HEALTHCARE) == "open"
        assert insight(app).startswith("33 items to review")


async def test_a_growth_conversation_clears_staleness_at_once(tmp_path: Path) -> None:
    app = CockpitApp(Source(notes=str(tmp_path / "ws")))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert app.panes is not None
        before = app.panes.growth.filter(app.panes.growth["rep_id"] == "R00006").row(0, named=True)
        assert before["status"] == "stale" and "stale" in before["flags"]
        await pilot.press("2", "slash", *"Tomás", "enter")
        await pilot.press("n", *"Team lead track: first step is mentoring Ana", "enter")
        await settle(app, pilot, 40)
        growth = app.panes.growth
        after = growth.filter(growth["rep_id"] == "R00006").row(0, named=True)
        assert after["status"] == "on_track"
        assert not any("growth conversation" in r for r in after["flight_risk_reasons"])
        review = app.panes.review
        assert review.filter(review["item_id"] == "stale:rep:R00006").is_empty()


async def test_period_and_team_switch_every_pane() -> None:
    app = CockpitApp(Source())
    async with app.run_test(size=(140, 40)) as pilot:
        await ready(pilot)
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("down", "enter")  # Last quarter
        await settle(app, pilot)
        assert app.panes is not None
        assert (str(app.panes.period.start), str(app.panes.period.end)) == (
            "2026-04-01",
            "2026-06-30",
        )
        assert "last-quarter" in app.sub_title
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # Everyone, Central, East
        await settle(app, pilot)
        assert app.panes.team == "East" and app.sub_title.endswith("team East")
        # Nine East reps in the sample are reviewed; no other rep is on any pane.
        east = set(app.panes.tiers["rep_id"])
        assert len(east) == 9
        assert set(app.panes.growth["rep_id"]) <= east
        subjects = {
            s.removeprefix("rep:") for s in app.panes.review["subject"] if s.startswith("rep:")
        }
        assert subjects <= east


async def test_actions_view_lists_overdue_first_ticks_off_and_opens_the_subject(
    tmp_path: Path,
) -> None:
    workspace = tmp_path / "ws"
    store = NoteStore(workspace)
    today = date.today()
    later = store.add("rep:R00001", "Share the discovery deck", kind="action",
                      due=today + timedelta(days=30), owner="ben")  # fmt: skip
    late = store.add("rep:R00006", "Book the shadow day", kind="action",
                     due=today - timedelta(days=3), owner="ana")  # fmt: skip
    app = CockpitApp(Source(notes=str(workspace)))
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        await pilot.press("A")
        await settle(app, pilot)
        table = app.screen.query_one("#actions-table")
        assert [table.key_at(i) for i in range(table.row_count)] == [late.id, later.id]  # type: ignore[attr-defined]
        assert table.cells(0)[1:3] == ["ana", "Tomás Rivera"]  # type: ignore[attr-defined]
        title = str(app.screen.query_one("#actions-title", Static).render())
        assert title.startswith("Open actions: 2 (1 overdue)")
        await pilot.press("x")
        await settle(app, pilot)
        assert [table.key_at(i) for i in range(table.row_count)] == [later.id]  # type: ignore[attr-defined]
        assert NoteStore(workspace).get(late.id).done
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert type(app.screen).__name__ == "RepScreen"
        assert app.screen.rep_id == "R00001"  # type: ignore[attr-defined]


async def test_growth_plan_form_saves_changed_fields_and_growth_recomputes(
    tmp_path: Path,
) -> None:
    workspace = tmp_path / "ws"
    app = CockpitApp(Source(notes=str(workspace)))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("2", "slash", *"Ethan Park", "enter", "enter")  # no plan on record
        await pilot.pause(0.3)
        await pilot.press("P")
        await pilot.pause()
        app.screen.query_one("#plan-track").value = "AE → Strategic AE"  # type: ignore[attr-defined]
        app.screen.query_one("#plan-next_skill").value = "Multi-threading"  # type: ignore[attr-defined]
        app.screen.query_one("#plan-next_skill").focus()
        await pilot.press("enter")
        await settle(app, pilot, 40)
        assert NoteStore(workspace).growth_overrides()["R00018"] == {
            "track": "AE → Strategic AE",
            "next_skill": "Multi-threading",
        }
        assert app.panes is not None
        growth = app.panes.growth.filter(app.panes.growth["rep_id"] == "R00018").row(0, named=True)
        assert growth["status"] != "no_plan" and "no_plan" not in growth["flags"]


async def test_minutes_and_brief_keys_write_the_pages_and_say_where(tmp_path: Path) -> None:
    from cockpit.paths import exports_dir

    app = CockpitApp(Source(notes=str(tmp_path / "ws")))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("5", "d", "M")
        await settle(app, pilot)
        [minutes] = exports_dir().glob("cockpit-minutes-*.md")
        page = minutes.read_text()
        # The item just marked discussed is in the minutes, by its subject.
        assert "Healthcare" in page and "discussed" in page
        await pilot.press("1", "enter")  # Elena Marsh's screen
        await pilot.pause(0.3)
        await pilot.press("B")
        await settle(app, pilot)
        [brief] = exports_dir().glob("cockpit-brief-R00001-*.md")
        assert "Elena Marsh" in brief.read_text()
        shown = [n.message for n in app._notifications]
        assert any(m.startswith("Brief: Written to ") for m in shown)


async def test_a_note_on_a_stale_item_is_the_growth_conversation_and_the_item_goes(
    tmp_path: Path,
) -> None:
    workspace = tmp_path / "ws"
    app = CockpitApp(Source(notes=str(workspace)))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("5")
        view = app.main.current()
        index = view.table.index_of("stale:rep:R00006")
        assert index is not None
        view.table.move_cursor(row=index)
        assert view.selected_row()["item_id"] == "stale:rep:R00006"  # type: ignore[index]
        await pilot.press("n", *"Talked about the lead track", "enter")
        await settle(app, pilot, 40)
        [note] = NoteStore(workspace).notes("rep:R00006")
        assert note.kind == "growth"
        assert app.agenda.status_of("stale:rep:R00006") is None  # no longer stale: gone
