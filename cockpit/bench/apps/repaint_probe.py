"""A headless app that times how long the Tiers pane takes to repaint (for the benchmark)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import polars as pl
from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from cockpit.ui.panes import LOOKS
from cockpit.ui.tableview import ViewState, apply_view, display_cell, header, row_key
from cockpit.ui.widgets.pane_view import PaneView

TIMEOUT = 120.0


class DataTablePane(Vertical):
    """The Tiers pane as it was before FrameTable: a DataTable rebuilt on every change."""

    def __init__(self) -> None:
        super().__init__(classes="pane")
        self.pane, self.frame = "tiers", pl.DataFrame()
        self.view, self.state = pl.DataFrame(), ViewState()

    def compose(self) -> ComposeResult:
        """The table only."""
        yield DataTable(cursor_type="row", zebra_stripes=True)

    @property
    def table(self) -> DataTable[Text]:
        """The pane's DataTable."""
        return self.query_one(DataTable)

    def show(self, frame: pl.DataFrame, insight: str, missing: list[str]) -> None:
        """Paint a frame (the insight and notes are not part of this measurement)."""
        self.frame = frame
        self.refresh_table()

    def set_filter(self, text: str) -> None:
        """Show only rows matching `text`."""
        self.state = ViewState(text, self.state.sort_column, self.state.descending)
        self.refresh_table()

    def sort_by_cursor(self) -> None:
        """Sort by the column under the cursor (descending first)."""
        column = LOOKS[self.pane].columns[self.table.cursor_column][0]
        descending = not self.state.descending if self.state.sort_column == column else True
        self.state = ViewState(self.state.filter_text, column, descending)
        self.refresh_table()

    def refresh_table(self) -> None:
        """Clear the DataTable and add every row again, as the pane used to."""
        table = self.table
        table.clear(columns=True)
        for key, label in LOOKS[self.pane].columns:
            table.add_column(header(label, key, self.state), key=key)
        self.view = apply_view(self.frame, self.pane, self.state)
        keys = [k for k, _ in LOOKS[self.pane].columns]
        for row in self.view.iter_rows(named=True):
            table.add_row(*(display_cell(k, row[k]) for k in keys), key=str(row[row_key("tiers")]))


class PaneBench(App[None]):
    """The Tiers pane and a filter box; `steps` times first paint, filter, sort and page down."""

    # The cockpit's own stylesheet, so the old pane is timed as it looked in the app.
    CSS_PATH = Path(__file__).parents[2] / "ui" / "app.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("s", "sort", "Sort")]

    def __init__(self, datatable: bool = False) -> None:
        super().__init__()
        self.pane: Any = DataTablePane() if datatable else PaneView("tiers")
        self._waiting: Callable[[], bool] | None = None
        self._painted_at = 0.0

    def compose(self) -> ComposeResult:
        """Pane and filter box."""
        yield self.pane
        yield Input(id="filter")

    @on(Input.Changed, "#filter")
    def _filter(self, event: Input.Changed) -> None:
        self.pane.set_filter(event.value)

    def action_sort(self) -> None:
        """s: sort by the column under the cursor."""
        self.pane.sort_by_cursor()

    def _display(self, screen: Any, renderable: Any) -> None:
        """Note when the first screen update after the awaited change is composed."""
        super()._display(screen, renderable)
        if renderable is not None and self._waiting is not None and self._waiting():
            self._painted_at = time.perf_counter()
            self._waiting = None

    async def timed(
        self, pilot: Pilot[None], act: Callable[[], Any], done: Callable[[], bool]
    ) -> float:
        """Seconds from `act()` until a screen update is composed after `done()` holds."""
        self._waiting = done
        start = time.perf_counter()
        result = act()
        if result is not None:
            await result
        while self._waiting is not None:
            if time.perf_counter() - start > TIMEOUT:
                raise TimeoutError("the table did not repaint")
            await pilot.pause(0.002)
        return self._painted_at - start

    def _settled(self) -> bool:
        """The table has its rows (DataTable lays them out on idle, so wait for that too)."""
        table = self.pane.table
        return not getattr(table, "_require_update_dimensions", False)

    async def focus_settled(self, pilot: Pilot[None], widget: Any) -> None:
        """Focus `widget` and let the footer and styles catch up, outside the timing."""
        widget.focus()
        await pilot.pause(0.05)

    async def steps(self, pilot: Pilot[None], frame: pl.DataFrame, char: str) -> dict[str, float]:
        """Time each step once, in order."""
        pane, figures = self.pane, {}
        await pilot.pause()
        figures["first_paint"] = await self.timed(
            pilot,
            lambda: pane.show(frame, "", []),
            lambda: pane.view.height > 0 and self._settled(),
        )
        await self.focus_settled(pilot, self.query_one("#filter", Input))
        before = pane.view
        figures["filter_keystroke"] = await self.timed(
            pilot, lambda: pilot.press(char), lambda: pane.view is not before and self._settled()
        )
        await self.focus_settled(pilot, pane.table)
        before = pane.view
        figures["sort"] = await self.timed(
            pilot, lambda: pilot.press("s"), lambda: pane.view is not before and self._settled()
        )
        row = pane.table.cursor_row
        figures["page_down"] = await self.timed(
            pilot, lambda: pilot.press("pagedown"), lambda: pane.table.cursor_row != row
        )
        return figures
