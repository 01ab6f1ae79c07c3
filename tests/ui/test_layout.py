"""The screen at any size: the tab bar marks the open pane, the name stays pinned while
scrolling right, one focused cursor, keys typed while loading are kept, drill-downs move with
j/k from the start, and side charts only when the whole table still fits (on every resize)."""

from __future__ import annotations

from textual.widgets import Static

from cockpit.ui.app import CockpitApp
from cockpit.ui.source import Source
from tests.helpers.pilot import drilled, ready


async def test_a_pane_key_typed_while_loading_opens_that_pane(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import time

    from cockpit import session

    opened = session.open_source

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        time.sleep(1.0)  # bigger data: the panes are a second away when the key is typed
        return opened(*args, **kwargs)

    monkeypatch.setattr(session, "open_source", slow)
    app = CockpitApp(Source())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2")  # at first paint: the data is not in yet
        assert app.panes is None
        await ready(pilot)
        await pilot.pause(0.2)
        assert app.main.current().pane == "growth"


async def test_the_tab_bar_marks_the_open_pane_and_the_footer_its_keys() -> None:
    app = CockpitApp(Source())
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        tabs = app.main.query_one("#tabs", Static)
        assert "[1 Tiers]" in str(tabs.render()) and "[5 Review]" not in str(tabs.render())
        await pilot.press("5")
        await pilot.pause()
        assert "[5 Review]" in str(tabs.render())
        shown = {b.binding.action for b in app.main.active_bindings.values() if b.enabled}
        assert {"decide('discussed')", "undo"} <= shown
        await pilot.press("3")
        await pilot.pause()
        shown = {b.binding.action for b in app.main.active_bindings.values() if b.enabled}
        assert "whatif('cap', 0.1)" in shown and "decide('discussed')" not in shown


async def test_the_name_stays_in_view_while_scrolling_right() -> None:
    app = CockpitApp(Source())
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        for _ in range(9):
            await pilot.press("l")
        await pilot.pause()
        table = app.main.current().table
        assert table.scroll_x > 0  # scrolled right to the last columns
        line = "".join(s.text for s in table.render_line(1))
        assert "Elena Marsh" in line and "▸" in line


async def test_only_the_focused_table_shows_the_cursor_glyph() -> None:
    app = CockpitApp(Source())
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        table = app.main.current().table
        assert "▸" in "".join(s.text for s in table.render_line(1))
        await pilot.press("slash")  # the filter box takes the focus
        await pilot.pause()
        assert "▸" not in "".join(s.text for s in table.render_line(1))


async def test_a_drill_down_moves_with_j_at_once() -> None:
    app = CockpitApp(Source())
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        await drilled(pilot)
        await pilot.pause(0.2)
        focused = app.screen.focused
        assert focused is not None and focused.id == "rep-deals"
        await pilot.press("j", "j")
        assert focused.cursor_row == 2  # type: ignore[attr-defined]


async def test_the_side_chart_follows_every_resize() -> None:
    app = CockpitApp(Source())
    async with app.run_test(size=(200, 45)) as pilot:
        await ready(pilot)
        await pilot.pause(0.2)
        view = app.main.current()
        assert view.has_class("roomy") and app.has_class("wide")
        await pilot.resize_terminal(80, 24)
        await pilot.pause(0.3)
        assert not app.has_class("wide")
        await pilot.resize_terminal(150, 40)  # wide, but the whole table does not fit a chart
        await pilot.pause(0.3)
        assert app.has_class("wide") and not view.has_class("roomy")
