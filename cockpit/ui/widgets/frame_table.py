"""FrameTable: a table over a Polars DataFrame that formats only the rows on screen."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

import polars as pl
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from cockpit.text import safe_text
from cockpit.ui.tableview import display_cell
from cockpit.ui.widgets.frame_layout import (
    Column,
    Formatter,
    column_at,
    column_span,
    fit,
    format_rows,
    measure_columns,
)

CHUNK = 32  # rows formatted at once when a line is first needed
CACHE_LIMIT = 4096  # formatted rows kept; a long scroll through 20,000 rows drops the oldest
MARKER = "▸"  # the cursor row is marked by a glyph too, never by colour alone
GUTTER = 1


class FrameTable(ScrollView, can_focus=True):
    """A read-only, virtualised row-cursor table over a Polars DataFrame (Line API)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Open", show=False,
                tooltip="drill in: the rep, segment or review item under the cursor"),
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home,ctrl+home", "edge(False)", "First row", show=False),
        Binding("end,ctrl+end", "edge(True)", "Last row", show=False),
        Binding("left", "column(-1)", "Left", show=False),
        Binding("right", "column(1)", "Right", show=False),
        # vim keys, with the ids the config's [keys] table rebinds them by
        Binding("j", "move(1)", "Down", show=False, id="down"),
        Binding("k", "move(-1)", "Up", show=False, id="up"),
        Binding("h", "column(-1)", "Left", show=False, id="left"),
        Binding("l", "column(1)", "Right", show=False, id="right"),
        Binding("g", "edge(False)", "First row", show=False, id="first"),
        Binding("G", "edge(True)", "Last row", show=False, id="last"),
    ]  # fmt: skip
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "frame-table--header",
        "frame-table--header-cursor",
        "frame-table--cursor",
        "frame-table--even-row",
    }

    @dataclass
    class RowHighlighted(Message):
        """The cursor moved to a row (`row_key` is the value of the key column, as text)."""

        table: FrameTable
        cursor_row: int
        row_key: str | None

        @property
        def control(self) -> FrameTable:
            """The table the message is about."""
            return self.table

    class RowSelected(RowHighlighted):
        """The user pressed enter on a row (or clicked the highlighted row)."""

    def __init__(
        self,
        *,
        zebra_stripes: bool = False,
        column_cursor: bool = True,
        formatter: Formatter = display_cell,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.zebra_stripes = zebra_stripes
        self.column_cursor = column_cursor
        self.formatter = formatter
        self.frame = pl.DataFrame()
        self.columns: list[Column] = []
        self.key_column: str | None = None
        self.cursor_row = 0
        self.cursor_column = 0
        self._lines: dict[int, str] = {}
        self._announced: tuple[int, str | None] | None = None
        self._styles: dict[str, Style] = {}
        self.pinned = 0
        """Leading columns kept in view while scrolling right (the rep's name)."""

    # -- driving the table ------------------------------------------------------------------

    def configure(
        self, width_source: pl.DataFrame, labels: Sequence[tuple[str, str]], key_column: str
    ) -> None:
        """Set the columns (key, header) and measure their widths on `width_source`."""
        self.set_columns(measure_columns(width_source, labels, self.formatter), key_column)

    def set_columns(self, columns: Sequence[Column], key_column: str) -> None:
        """Set columns measured elsewhere (`measure_columns`, e.g. off the UI thread)."""
        self.columns = list(columns)
        self.key_column = key_column
        self.cursor_column = min(self.cursor_column, max(len(self.columns) - 1, 0))
        self._lines.clear()
        self.refresh()

    def swap(self, frame: pl.DataFrame) -> None:
        """Show `frame`'s rows; the cursor stays on its key when that row is still there."""
        key = self.cursor_key
        self.frame = frame
        self._lines.clear()
        width = GUTTER + sum(c.outer for c in self.columns)
        self.virtual_size = Size(width, frame.height + 1)
        found = self.index_of(key) if key is not None else None
        self.move_cursor(row=found or 0)
        self.refresh()

    def load(self, frame: pl.DataFrame, labels: Sequence[tuple[str, str]], key_column: str) -> None:
        """Columns measured on `frame`, then its rows shown."""
        self.configure(frame, labels, key_column)
        self.swap(frame)

    def set_labels(self, labels: Sequence[str]) -> None:
        """New header texts (e.g. a sort marker); widths keep the room measured for them."""
        self.columns = [
            Column(c.key, safe_text(label), c.width, c.numeric)
            for c, label in zip(self.columns, labels, strict=True)
        ]
        self.refresh_line(0)

    def move_cursor(self, row: int | None = None, column: int | None = None) -> None:
        """Move the cursor (clamped to the table) and scroll it into view."""
        if row is not None:
            self.cursor_row = max(0, min(row, self.row_count - 1))
        if column is not None:
            self.cursor_column = max(0, min(column, len(self.columns) - 1))
        self._scroll_to_cursor()
        self.refresh()
        self._announce()

    # -- what is shown ----------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        """Rows shown (after the caller's filter)."""
        return self.frame.height

    @property
    def labels(self) -> list[str]:
        """The header texts, as shown."""
        return [c.label for c in self.columns]

    @property
    def cursor_key(self) -> str | None:
        """The key of the row under the cursor, or None for an empty table."""
        return self.key_at(self.cursor_row)

    def key_at(self, row: int) -> str | None:
        """The key of row `row`, as text."""
        if self.key_column not in self.frame.columns or not 0 <= row < self.row_count:
            return None
        value = self.frame[self.key_column][row]
        return None if value is None else str(value)

    def index_of(self, key: str) -> int | None:
        """The row index of `key` in the shown frame (one vectorised comparison)."""
        if self.key_column not in self.frame.columns:
            return None
        hits = (self.frame[self.key_column].cast(pl.String) == key).arg_true()
        return int(hits[0]) if len(hits) else None

    def cells(self, row: int) -> list[str]:
        """Row `row`'s cells as the user reads them."""
        values = self.frame.select(c.key for c in self.columns).row(row)
        return [
            safe_text(self.formatter(c.key, v).plain)
            for c, v in zip(self.columns, values, strict=True)
        ]

    # -- keys and mouse ---------------------------------------------------------------------

    @property
    def _data_height(self) -> int:
        return max(self.scrollable_content_region.height - 1, 1)

    def action_move(self, step: int) -> None:
        """One row up or down."""
        self.move_cursor(row=self.cursor_row + step)

    def action_page(self, direction: int) -> None:
        """One screenful up or down."""
        self.move_cursor(row=self.cursor_row + direction * self._data_height)

    def action_edge(self, last: bool) -> None:
        """First or last row."""
        self.move_cursor(row=self.row_count - 1 if last else 0)

    def action_column(self, step: int) -> None:
        """The column cursor (what `s` sorts by) one column left or right."""
        self.move_cursor(column=self.cursor_column + step)

    def action_select_cursor(self) -> None:
        """Tell the parent the row under the cursor was chosen."""
        if self.row_count:
            self.post_message(self.RowSelected(self, self.cursor_row, self.cursor_key))

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:
            return
        row = offset.y - 1 + round(self.scroll_y)
        if row >= self.row_count:
            return
        event.stop()
        again = row == self.cursor_row
        x, pinned = offset.x - GUTTER, self._pinned_width()
        self.move_cursor(
            row=row, column=column_at(self.columns, x if x < pinned else x + round(self.scroll_x))
        )
        if again:
            self.action_select_cursor()

    def _on_resize(self, event: events.Resize) -> None:
        self._scroll_to_cursor()

    def _scroll_to_cursor(self) -> None:
        """Scroll so the cursor row and the cursor column are on screen."""
        height = self._data_height
        top = min(round(self.scroll_y), max(self.row_count - height, 0))
        top = min(max(top, self.cursor_row - height + 1), self.cursor_row)
        left = round(self.scroll_x)
        pinned = self._pinned_width()
        if self.columns and (not pinned or self.cursor_column >= self.pinned):
            start, end = column_span(self.columns, self.cursor_column)
            start, end = start - pinned, end - pinned  # offsets into the scrolled part
            view = max(self.scrollable_content_region.width - GUTTER - pinned, 1)
            left = min(max(left, end - view), start)
        self.scroll_to(x=left, y=max(top, 0), animate=False, force=True)

    def _announce(self) -> None:
        now = (self.cursor_row, self.cursor_key)
        if now != self._announced and self.row_count:
            self._announced = now
            self.post_message(self.RowHighlighted(self, *now))

    # -- painting (Line API) ----------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        """Look the styles up once per paint, not once per line."""
        base = self.rich_style
        self._styles = {
            name: base + self.get_component_rich_style(f"frame-table--{name}")
            for name in ("header", "header-cursor", "even-row", "cursor")
        }
        self._styles["base"] = base
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        """Line `y` of the widget: the fixed header, or a data row under the scroll offset."""
        width, styles = self.size.width, self._styles
        if y == 0:
            return self._header(width)
        row = y - 1 + round(self.scroll_y)
        if row >= self.row_count:
            return Strip.blank(width, styles["base"])
        style = styles["base"]
        if self.zebra_stripes and row % 2 == 0:
            style = styles["even-row"]
        if row == self.cursor_row:
            style = style + styles["cursor"]
        # The glyph marks the cursor of the focused table only: one visible focus at a time.
        marker = MARKER if row == self.cursor_row and self.has_focus else " "
        body = self._scrolled(Strip([Segment(self._line(row), style)]), width)
        gutter = Strip([Segment(marker, style)], GUTTER)
        return Strip.join([gutter, body]).adjust_cell_length(width, style)

    def _scrolled(self, line: Strip, width: int) -> Strip:
        """A row or the header as shown: the pinned columns, then the rest from the scroll."""
        pinned = self._pinned_width()
        left, view = round(self.scroll_x), max(width - GUTTER - pinned, 0)
        rest = line.crop(pinned + left, pinned + left + view)
        return Strip.join([line.crop(0, pinned), rest]) if pinned else rest

    def _pinned_width(self) -> int:
        """Cells the pinned columns take (none when they would leave no room for the rest)."""
        width = sum(c.outer for c in self.columns[: self.pinned])
        return width if width < (self.size.width - GUTTER) // 2 else 0

    def _on_focus(self, event: events.Focus) -> None:
        self.refresh()

    def _on_blur(self, event: events.Blur) -> None:
        self.refresh()

    def _header(self, width: int) -> Strip:
        style, current = self._styles["header"], self._styles["header-cursor"]
        cursor = self.cursor_column if self.column_cursor else -1
        segments = [
            Segment(f" {fit(c.label, c.width, c.numeric)} ", current if i == cursor else style)
            for i, c in enumerate(self.columns)
        ]
        body = self._scrolled(Strip(segments), width)
        return Strip.join([Strip([Segment(" ", style)], GUTTER), body]).adjust_cell_length(
            width, style
        )

    def _line(self, row: int) -> str:
        """Row `row` as padded text, formatted with its neighbours on first use."""
        line = self._lines.get(row)
        if line is None:
            if len(self._lines) > CACHE_LIMIT:
                self._lines.clear()
            start = row - row % CHUNK
            lines = format_rows(self.frame, self.columns, start, CHUNK, self.formatter)
            self._lines.update(enumerate(lines, start))
            line = self._lines[row]
        return line
