"""FrameTable driven with Pilot: cursor, paging at 20,000 rows, sort marker, filter swap,
selection messages, safe cells, and the Tiers pane on top of it."""

from __future__ import annotations

import polars as pl
import pytest
from textual import on
from textual.app import App, ComposeResult
from textual.pilot import Pilot

from cockpit.bench.table_repaint import measure, tiers_frame
from cockpit.ui.widgets.frame_table import MARKER, FrameTable
from cockpit.ui.widgets.pane_view import PaneView
from tests.helpers.paths import REPO

APP_CSS = REPO / "cockpit" / "ui" / "app.tcss"
LABELS = [("id", "Id"), ("n", "Number"), ("word", "Word")]


def numbered(rows: int) -> pl.DataFrame:
    """Rows K00000… with n = row number and a word."""
    return pl.DataFrame({"n": pl.int_range(rows, eager=True)}).select(
        pl.format("K{}", pl.col("n").cast(pl.String).str.zfill(5)).alias("id"),
        "n",
        pl.format("w{}", pl.col("n") % 7).alias("word"),
    )


class TableApp(App[None]):
    """One FrameTable over `frame`, recording the messages it sends."""

    CSS_PATH = APP_CSS

    def __init__(self, frame: pl.DataFrame, labels: list[tuple[str, str]] = LABELS) -> None:
        super().__init__()
        self.frame, self.labels = frame, labels
        self.selected: list[str | None] = []
        self.highlighted: list[str | None] = []

    def compose(self) -> ComposeResult:
        yield FrameTable(zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(FrameTable)
        table.load(self.frame, self.labels, self.labels[0][0])
        table.focus()

    @on(FrameTable.RowSelected)
    def _selected(self, event: FrameTable.RowSelected) -> None:
        self.selected.append(event.row_key)

    @on(FrameTable.RowHighlighted)
    def _highlighted(self, event: FrameTable.RowHighlighted) -> None:
        self.highlighted.append(event.row_key)


def screen_lines(table: FrameTable) -> list[str]:
    """The text the table paints, line by line."""
    return [table.render_line(y).text for y in range(table.size.height)]


async def test_arrow_keys_move_the_cursor_and_announce_the_row() -> None:
    app = TableApp(numbered(50))
    async with app.run_test(size=(60, 12)) as pilot:
        table = app.query_one(FrameTable)
        await pilot.press("down", "down", "up")
        assert table.cursor_row == 1 and table.cursor_key == "K00001"
        await pilot.press("end")
        assert table.cursor_row == 49
        await pilot.press("down")  # stays on the last row
        assert table.cursor_row == 49
        await pilot.press("home")
        await pilot.pause()
        assert table.cursor_row == 0
        assert app.highlighted[-4:] == ["K00002", "K00001", "K00049", "K00000"]


async def test_page_down_through_20000_rows_paints_the_right_rows() -> None:
    app = TableApp(numbered(20_000))
    async with app.run_test(size=(60, 12)) as pilot:
        table = app.query_one(FrameTable)
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()
        page = table.size.height - 1  # one line is the header
        assert table.cursor_row == 2 * page
        lines = screen_lines(table)
        assert lines[0].split() == ["Id", "Number", "Word"]
        marked = [line for line in lines if line.startswith(MARKER)]
        assert marked == [lines[-1]] and f"K{2 * page:05d}" in marked[0]
        numbers = [int(line.split()[-2]) for line in lines[1:]]
        assert numbers == list(range(page + 1, 2 * page + 1))
        await pilot.press("end")
        await pilot.pause()
        lines = screen_lines(table)
        assert lines[-1].startswith(MARKER) and "K19999" in lines[-1]
        assert len(table._lines) < 200  # only rows near the screen were formatted


async def test_click_moves_the_cursor_and_a_second_click_selects() -> None:
    app = TableApp(numbered(30))
    async with app.run_test(size=(60, 12)) as pilot:
        table = app.query_one(FrameTable)
        await pilot.click(FrameTable, offset=(4, 3))  # line 3 = row 2 (under the header)
        assert table.cursor_row == 2 and app.selected == []
        await pilot.click(FrameTable, offset=(4, 3))
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.selected == ["K00002", "K00003"]


async def test_markup_and_escapes_in_cells_show_literally() -> None:
    hostile = pl.DataFrame(
        {"id": ["a", "b"], "name": ["[bold]Bo[/]", "[@click=app.quit]x[/] \x1b[31mRed\u202e"]}
    )
    app = TableApp(hostile, [("id", "Id"), ("name", "Name")])
    async with app.run_test(size=(60, 8)) as pilot:
        await pilot.pause()
        lines = screen_lines(app.query_one(FrameTable))
        assert "[bold]Bo[/]" in lines[1]
        assert "[@click=app.quit]x[/] \\x1b[31mRed\\u202e" in lines[2]
        assert not any("\x1b" in line or "\u202e" in line for line in lines)
        await pilot.click(FrameTable, offset=(8, 2))
        await pilot.click(FrameTable, offset=(8, 2))
        assert app.is_running


async def test_columns_fit_the_longest_value_anywhere_and_scroll_sideways() -> None:
    frame = numbered(20_000).with_columns(
        pl.when(pl.col("n") == 15_000)
        .then(pl.lit("a long word far down"))
        .otherwise(pl.lit("word"))
        .alias("word")
    )
    app = TableApp(frame)
    async with app.run_test(size=(24, 8)) as pilot:
        table = app.query_one(FrameTable)
        assert table.columns[2].width == len("a long word far down")
        assert table.columns[0].width == len("K00000")
        await pilot.press("right", "right")
        await pilot.pause()
        assert table.cursor_column == 2 and table.scroll_x > 0
        assert "Word" in screen_lines(table)[0]


async def pane_with(pilot: Pilot[None], rows: int) -> PaneView:
    view = pilot.app.query_one(PaneView)
    view.show(tiers_frame(rows), "insight", [])
    await pilot.pause()
    return view


class PaneApp(App[None]):
    """The Tiers pane alone."""

    CSS_PATH = APP_CSS

    def compose(self) -> ComposeResult:
        yield PaneView("tiers")


async def test_sort_shows_the_marker_and_orders_the_rows() -> None:
    async with PaneApp().run_test(size=(100, 20)) as pilot:
        view = await pane_with(pilot, 2_000)
        won = [k for k, _ in view.shown].index("won_amount")
        view.table.move_cursor(column=won)
        view.sort_by_cursor()
        await pilot.pause()
        assert view.table.labels[won] == "Won▼"
        assert "Won▼" in screen_lines(view.table)[0]
        shown = view.table.cells(0)[won]
        assert shown == f"{view.frame['won_amount'].max():,.0f}"  # type: ignore[index]
        view.sort_by_cursor()
        assert view.table.labels[won] == "Won▲"


async def test_filter_keeps_the_cursor_on_its_row_when_it_survives() -> None:
    async with PaneApp().run_test(size=(100, 20)) as pilot:
        view = await pane_with(pilot, 20_000)
        view.table.move_cursor(row=12_345)
        kept = view.selected_key()
        name = view.table.cells(12_345)[0]
        view.set_filter(name)
        await pilot.pause()
        assert view.selected_key() == kept and view.table.row_count == 1
        assert view.table.cells(view.table.cursor_row)[0] == name
        assert view.frame is not None
        names = view.frame.filter(pl.col("name").str.contains("Ann Lee 1", literal=True))
        assert 12_345 not in names["rep_id"].str.slice(1).cast(pl.Int64).to_list()
        view.set_filter("Ann Lee 1")  # the cursor's row is filtered out: back to the top
        top = names["rep_id"][0]
        assert view.table.cursor_row == 0 and view.selected_key() == top
        view.set_filter("")
        assert view.table.row_count == 20_000 and view.selected_key() == top
        assert view.table.cursor_row == int(top[1:])


async def test_enter_on_a_pane_row_drills_with_its_key() -> None:
    from cockpit.ui.messages import Drill

    drilled: list[tuple[str, str]] = []

    class Recording(PaneApp):
        @on(Drill)
        def _drill(self, message: Drill) -> None:
            drilled.append((message.pane, message.key))

    async with Recording().run_test(size=(100, 20)) as pilot:
        view = await pane_with(pilot, 2_000)
        view.table.focus()
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert drilled == [("tiers", "R000002")]


@pytest.mark.slow
def test_benchmark_measures_every_step() -> None:
    figures = measure(2_000, runs=1)
    assert set(figures) == {"first_paint", "filter_keystroke", "sort", "page_down"}
    assert all(0 < seconds < 30 for seconds in figures.values())
