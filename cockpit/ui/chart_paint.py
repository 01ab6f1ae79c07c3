"""A chart fitted to its widget: panels one above the other when they fit, else side by side,
else the chart's finding in words. A legend says every glyph in words under the plot.

Nothing here reads data: the chart arrives built and made safe (`cockpit.ui.charts`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.color import Color as RichColor
from rich.color_triplet import ColorTriplet
from rich.style import Style
from rich.text import Text

from cockpit.ui.chart_draw import Rgb, Tone, cut, draw_panel, overhead, per_category
from cockpit.ui.chart_model import Chart, Panel

MIN_WIDTH = 36
"""Columns under which no panel is readable (names, bars and their values side by side)."""
MIN_CANVAS = 6
"""Rows of a scatter's plotting area under which its points cannot be told apart."""
MIN_ROWS = 3
"""Bar categories a panel must show at least (more are left out, biggest first kept)."""


@dataclass(frozen=True)
class Slot:
    """Where one panel is drawn: its size in cells."""

    panel: Panel
    width: int
    height: int


def paint(chart: Chart, width: int, height: int, tone: Tone, theme: str) -> Text:
    """The chart fitted to width × height, with its legend; its words when it cannot fit."""
    legend = legend_lines(chart, width, tone)
    rows = _layout(chart.panels, width, height - 1 - len(legend))
    if rows is None:
        return fallback(chart, tone, width, height)
    lines: list[Text] = [Text(cut(chart.title, width), style="bold")]
    for row in rows:
        lines += _side_by_side([draw_panel(s.panel, s.width, s.height, tone, theme) for s in row])
    return Text("\n").join([*lines, *legend])


def fallback(chart: Chart, tone: Tone, width: int = 0, height: int = 0) -> Text:
    """The chart's finding in words: its title and summary lines, and the size a plot needs
    (its panels one above the other at the narrowest readable width)."""
    lines = [Text(chart.title, style="bold"), *(Text(line) for line in chart.summary)]
    if chart.panels:
        legend = len(legend_lines(chart, MIN_WIDTH, tone))
        rows = 1 + legend + sum(_least(p) for p in chart.panels)
        lines.append(
            Text(f"(A plot needs {MIN_WIDTH}×{rows} cells; here there are {width}×{height}.)")
        )
    return Text("\n").join(lines)


def legend_lines(chart: Chart, width: int, tone: Tone) -> list[Text]:
    """Every glyph with its label in words (in its colour too), wrapped to `width`."""
    lines: list[Text] = []
    line = Text()
    for glyph, label, name in chart.legend:
        item = Text.assemble((glyph, _style(tone(name))), f" {label}")
        if line.cell_len and line.cell_len + 2 + item.cell_len > width:
            lines.append(line)
            line = Text()
        line.append_text(Text("  ") + item if line.cell_len else item)
    return [*lines, line] if line.cell_len else lines


def _style(rgb: Rgb) -> Style:
    return Style(color=RichColor.from_triplet(ColorTriplet(*rgb)))


def _least(panel: Panel) -> int:
    """The fewest rows the panel is readable in."""
    if panel.kind == "scatter":
        return overhead(panel) + MIN_CANVAS
    return overhead(panel) + min(len(panel.categories), MIN_ROWS) * per_category(panel)


def _most(panel: Panel, room: int) -> int:
    """The rows the panel can use: all of them for a scatter, a row gap between categories."""
    if panel.kind == "scatter":
        return room
    per = per_category(panel) + 1
    return overhead(panel) + len(panel.categories) * per - 1


def _whole(panel: Panel) -> int:
    """The rows that show every category of a bar panel, without gaps."""
    if panel.kind == "scatter":
        return _least(panel)
    return overhead(panel) + len(panel.categories) * per_category(panel)


def _layout(panels: Sequence[Panel], width: int, room: int) -> list[list[Slot]] | None:
    """Panels one above the other when every row fits so, else side by side when that shows
    every row, else whichever fits with rows left out; None: not readable at this size."""
    if not panels or width < MIN_WIDTH:
        return None
    half = (width - len(panels) + 1) // len(panels)
    beside = len(panels) > 1 and half >= MIN_WIDTH
    whole = [_whole(p) for p in panels]
    if sum(whole) <= room or not (beside and max(whole) <= room):
        least = [_least(p) for p in panels]
        if sum(least) <= room:
            return _stacked(panels, least, width, room)
    if beside and max(_least(p) for p in panels) <= room:
        return [[Slot(p, half, min(room, _most(p, room))) for p in panels]]
    return None


def _stacked(panels: Sequence[Panel], least: list[int], width: int, room: int) -> list[list[Slot]]:
    """One panel a row: each given its fewest rows, then, in order, what shows all its rows,
    then the gaps between them."""
    heights = list(least)
    for enough in ([_whole(p) for p in panels], [_most(p, room) for p in panels]):
        for i, wanted in enumerate(enough):
            extra = min(room - sum(heights), max(wanted - heights[i], 0))
            heights[i] += extra
    return [[Slot(p, width, h)] for p, h in zip(panels, heights, strict=True)]


def _side_by_side(blocks: list[list[Text]]) -> list[Text]:
    """Blocks of lines next to each other, a space apart (each padded to its width)."""
    if len(blocks) == 1:
        return blocks[0]
    widths = [max((line.cell_len for line in b), default=0) for b in blocks]
    height = max(len(b) for b in blocks)
    out = []
    for i in range(height):
        parts = [b[i] if i < len(b) else Text() for b in blocks]
        line = Text(" ").join(
            p + " " * (w - p.cell_len) for p, w in zip(parts, widths, strict=True)
        )
        out.append(line)
    return out
