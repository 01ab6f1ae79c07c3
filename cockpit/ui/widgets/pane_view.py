"""One pane: its insight sentence, what data it lacks, and its table (filtered and sorted)."""

from __future__ import annotations

import polars as pl
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Static

from cockpit.analytics.panes import Panes
from cockpit.text import safe_text
from cockpit.ui.messages import Drill
from cockpit.ui.tableview import (
    ViewState,
    apply_view,
    display_cell,
    header,
    row_key,
    shown_columns,
)
from cockpit.ui.widgets.charts import DRAW, PaneChart


class PaneView(Vertical):
    """A pane's table, driven by methods (`show`, `set_filter`, `sort_by_cursor`)."""

    def __init__(self, pane: str) -> None:
        super().__init__(id=f"pane-{pane}", classes="pane")
        self.pane = pane
        self.frame: pl.DataFrame | None = None
        self.view = pl.DataFrame()
        self.state = ViewState()

    def compose(self) -> ComposeResult:
        """Insight line, notes line, table."""
        yield Static("", classes="insight", markup=False)
        yield Static("", classes="missing", markup=False)
        with Horizontal(classes="body"):
            yield DataTable(cursor_type="row", zebra_stripes=True)
            if self.pane in DRAW:
                yield PaneChart(self.pane)

    def draw_chart(self, panes: Panes) -> None:
        """Redraw the pane's chart, if it has one."""
        for chart in self.query(PaneChart):
            chart.draw(panes)

    @property
    def table(self) -> DataTable[Text]:
        """The pane's DataTable."""
        return self.query_one(DataTable)

    def show(self, frame: pl.DataFrame | None, insight: str, missing: list[str]) -> None:
        """Paint a freshly computed table, keeping the user's filter and sort."""
        self.frame = frame
        self.query_one(".insight", Static).update(Text(safe_text(insight)))
        notes = " ".join(missing)
        note = self.query_one(".missing", Static)
        note.update(Text(safe_text(notes)))
        note.display = bool(notes)
        self.refresh_table()

    def set_filter(self, text: str) -> None:
        """Show only rows matching `text` (empty: all rows)."""
        self.state = ViewState(text, self.state.sort_column, self.state.descending)
        self.refresh_table()

    def sort_by_cursor(self) -> None:
        """Sort by the column under the cursor; again to reverse it."""
        columns = shown_columns(self.pane, self.frame)
        column = columns[min(self.table.cursor_column, len(columns) - 1)][0]
        same = self.state.sort_column == column
        descending = not self.state.descending if same else True
        self.state = ViewState(self.state.filter_text, column, descending)
        self.refresh_table()

    def refresh_table(self) -> None:
        """Rebuild the rows from the frame and the view state; the cursor stays on its row."""
        table = self.table
        selected, column = self.selected_key(), table.cursor_column
        table.clear(columns=True)
        columns = shown_columns(self.pane, self.frame)
        for key, label in columns:
            table.add_column(header(label, key, self.state), key=key)
        if self.frame is None:
            return
        self.view = apply_view(self.frame, self.pane, self.state)
        keys = [k for k, _ in columns]
        id_column = row_key(self.pane)
        for row in self.view.iter_rows(named=True):
            table.add_row(*(display_cell(k, row[k]) for k in keys), key=str(row[id_column]))
        cursor = 0
        if selected is not None and selected in self.view[id_column].cast(pl.String).to_list():
            cursor = table.get_row_index(selected)
        table.move_cursor(row=cursor, column=column)

    def selected_key(self) -> str | None:
        """The id of the row under the cursor (rep_id, segment or review item)."""
        table = self.table
        if table.row_count == 0:
            return None
        row_key_value = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return str(row_key_value) if row_key_value is not None else None

    def selected_row(self) -> dict[str, object] | None:
        """The full row under the cursor."""
        key = self.selected_key()
        if key is None:
            return None
        match = self.view.filter(pl.col(row_key(self.pane)).cast(pl.String) == key)
        return match.row(0, named=True) if match.height else None

    @on(DataTable.RowSelected)
    def _drill(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(Drill(self.pane, str(event.row_key.value)))

    def as_tsv(self, whole_table: bool) -> str:
        """The current row (or every shown row) as tab-separated text."""
        columns = shown_columns(self.pane, self.frame)
        keys = [k for k, _ in columns]
        rows = self.view.iter_rows(named=True) if whole_table else [self.selected_row() or {}]
        lines = ["\t".join(label for _, label in columns)] if whole_table else []
        for row in rows:
            lines.append("\t".join(display_cell(k, row.get(k)).plain for k in keys))
        return "\n".join(lines)
