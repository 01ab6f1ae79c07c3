"""One pane: its insight sentence, what data it lacks, and its table (filtered and sorted)."""

from __future__ import annotations

import polars as pl
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Static

from cockpit.analytics.pane_specs import SPECS
from cockpit.analytics.panes import Panes
from cockpit.report.panes import format_cell
from cockpit.text import safe_lines, safe_text
from cockpit.ui.messages import Drill, RowRested
from cockpit.ui.panes import LOOKS
from cockpit.ui.tableview import (
    ViewState,
    apply_view,
    header,
    row_key,
    shown_columns,
)
from cockpit.ui.widgets.charts import PaneChart
from cockpit.ui.widgets.frame_table import FrameTable

MIN_CHART_WIDTH = 48
"""Columns a side chart needs to be read; narrower, the table keeps the width."""
REST = 0.08
"""Seconds the cursor stays on a row before its drill-down records are gathered: held-down
arrows move every ~30 ms and gather nothing."""


class PaneView(Vertical):
    """A pane's table, driven by methods (`show`, `set_filter`, `sort_by_cursor`)."""

    def __init__(self, pane: str) -> None:
        super().__init__(id=f"pane-{pane}", classes="pane")
        self.pane = pane
        self.frame: pl.DataFrame | None = None
        self.view = pl.DataFrame()
        self.state = ViewState()
        self._rest: Timer | None = None

    def compose(self) -> ComposeResult:
        """Insight line, notes line, table."""
        yield Static("", classes="insight", markup=False)
        yield Static("", classes="missing", markup=False)
        with Horizontal(classes="body"):
            yield FrameTable(zebra_stripes=True)
            if (chart := LOOKS[self.pane].chart) is not None:
                yield PaneChart(chart)
        if LOOKS[self.pane].detail is not None:
            yield Static("", classes="detail-line", markup=False)

    def on_resize(self, event: events.Resize) -> None:
        """The side chart only when the whole table still fits beside it."""
        self._fit_chart(event.size.width)

    def _fit_chart(self, width: int) -> None:
        table = sum(c.outer for c in self.table.columns) + 4  # gutter, border, scrollbar
        roomy = width - table >= MIN_CHART_WIDTH
        self.set_class(roomy, "roomy")
        for chart in self.query(PaneChart):  # the chart takes what the table leaves
            chart.styles.width = width - table if roomy else None

    def draw_chart(self, panes: Panes) -> None:
        """Redraw the pane's chart, if it has one."""
        for chart in self.query(PaneChart):
            chart.draw(panes)

    @property
    def table(self) -> FrameTable:
        """The pane's table."""
        return self.query_one(FrameTable)

    def show(self, frame: pl.DataFrame | None, insight: str, missing: list[str]) -> None:
        """Paint a freshly computed table, keeping the user's filter, sort and cursor."""
        self.frame = frame
        self.query_one(".insight", Static).update(Text(safe_text(insight)))
        notes = " ".join(missing)
        note = self.query_one(".missing", Static)
        note.update(Text(safe_text(notes)))
        note.display = bool(notes)
        if frame is not None:
            # Widths come from the whole frame, so filtering never makes the columns jump.
            self.table.configure(frame, self.shown, row_key(self.pane))
            # The name stays in view while scrolling right (`l`) to the later columns.
            label = SPECS[self.pane].label_column
            self.table.pinned = 1 if self.shown and self.shown[0][0] == label else 0
        self.refresh_table()
        self._fit_chart(self.size.width)

    def set_filter(self, text: str) -> None:
        """Show only rows matching `text` (empty: all rows)."""
        self.state = ViewState(text, self.state.sort_column, self.state.descending)
        self.refresh_table()

    def sort_by_cursor(self) -> None:
        """Sort by the column under the cursor; again to reverse it."""
        columns = self.shown
        if not columns:
            return
        column = columns[min(self.table.cursor_column, len(columns) - 1)][0]
        same = self.state.sort_column == column
        descending = not self.state.descending if same else True
        self.state = ViewState(self.state.filter_text, column, descending)
        self.refresh_table()

    def refresh_table(self) -> None:
        """Swap in the filtered, sorted frame (all in Polars); the cursor stays on its row."""
        if self.frame is None:
            return
        table = self.table
        table.set_labels([header(label, key, self.state).plain for key, label in self.shown])
        self.view = apply_view(self.frame, self.pane, self.state)
        table.swap(self.view)
        self.show_detail()

    @property
    def shown(self) -> list[tuple[str, str]]:
        """The pane's (column, header) pairs present in its frame."""
        columns = self.frame.columns if self.frame is not None else []
        shown = shown_columns(self.pane, self.frame)
        return [(key, label) for key, label in shown if key in columns]

    def selected_key(self) -> str | None:
        """The id of the row under the cursor (rep_id, segment or review item)."""
        return self.table.cursor_key

    def selected_row(self) -> dict[str, object] | None:
        """The full row under the cursor."""
        table = self.table
        if not 0 <= table.cursor_row < self.view.height:
            return None
        return self.view.row(table.cursor_row, named=True)

    def show_detail(self, extra: str = "") -> None:
        """The selected row's long text in full under the table, and `extra` (its notes)."""
        detail = LOOKS[self.pane].detail
        if detail is None:
            return
        row = self.selected_row()
        text = detail(row) if row is not None else ""
        if extra:
            text = f"{text}\n{extra}" if text else extra
        line = self.query_one(".detail-line", Static)
        line.update(Text(safe_lines(text)))
        line.display = bool(text)

    @on(FrameTable.RowHighlighted)
    def _rested(self, event: FrameTable.RowHighlighted) -> None:
        """Say the cursor rested on a row once it has stayed there `REST` seconds."""
        if type(event) is not FrameTable.RowHighlighted or event.row_key is None:
            return  # RowSelected is a RowHighlighted too
        self.show_detail()
        if self._rest is not None:
            self._rest.stop()
        rested = RowRested(self.pane, event.row_key)
        self._rest = self.set_timer(REST, lambda: self._rested_on(rested))

    def _rested_on(self, rested: RowRested) -> None:
        """The cursor stayed: the chart marks the row, and the app gathers its drill-down."""
        for chart in self.query(PaneChart):
            chart.highlight(self.selected_key())
        self.post_message(rested)

    @on(FrameTable.RowSelected)
    def _drill(self, event: FrameTable.RowSelected) -> None:
        event.stop()
        if event.row_key is not None:
            self.post_message(Drill(self.pane, event.row_key))

    def as_tsv(self, whole_table: bool) -> str:
        """The current row (or every shown row) as tab-separated text: each value whole, as
        formatted on screen but never cut to the column's width, and without status glyphs."""
        columns = shown_columns(self.pane, self.frame)
        keys = [k for k, _ in columns]
        rows = self.view.iter_rows(named=True) if whole_table else [self.selected_row() or {}]
        lines = ["\t".join(label for _, label in columns)] if whole_table else []
        for row in rows:
            lines.append("\t".join(format_cell(k, row.get(k), limit=None) for k in keys))
        return "\n".join(lines)
