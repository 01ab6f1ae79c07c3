"""One chart panel drawn with plotext: a scatter, or rows of bars with their names beside.

Bars are lines of glyphs on whole rows (plotext's own bar rectangles bleed into the next row at
terminal resolution), each row's value written at its end in the table's units. Bar names are
laid out here, by display width, so a wide (CJK) name keeps its row aligned; any plot line a
wide character pushes past the width gives back a blank cell.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from rich.text import Text
from textual_plotext.plot import Plot

from cockpit.analytics.explain import num
from cockpit.ui.chart_model import Panel, Unit

Rgb = tuple[int, int, int]
Tone = Callable[[str], Rgb]
"""A theme variable's name (`primary`, `error`…) → the colour it has in the current theme."""

FRAME = 3
"""Rows plotext adds around the plotting area: two borders and the tick labels."""
MUTED = "foreground-muted"
GAP = 2
"""Cells between a point or a bar's end and its words (plotext rounds: one or two blanks)."""
LABEL_CELLS = 16
"""Display cells of a bar's name at most."""


def overhead(panel: Panel) -> int:
    """Rows around the plotting area: plotext's frame, the axis label, the panel's title."""
    return FRAME + (1 if panel.x_label else 0) + (1 if panel.title else 0)


def per_category(panel: Panel) -> int:
    """Rows each category takes: one per series when grouped, else one."""
    return len(panel.series) if panel.kind == "grouped" else 1


def cut(text: str, width: int) -> str:
    """`text` within `width` display cells, an ellipsis where it was cut."""
    line = Text(text)
    line.truncate(max(width, 0), overflow="ellipsis")
    return line.plain


def draw_panel(panel: Panel, width: int, height: int, tone: Tone, theme: str) -> list[Text]:
    """The panel's lines within width × height: its title (written here: plotext drops a title
    wider than the plotting area), then the plot, bar names before it."""
    plot = Plot()
    plot.theme(theme)
    labels: list[Text] = []
    named: list[int] = []
    column = 0
    if panel.kind == "scatter":
        _scatter(plot, panel, width, height - overhead(panel), tone)
    else:
        panel, rows = _fit_rows(panel, height - overhead(panel), width)
        labels = _labels(panel)
        column = max((label.cell_len for label in labels), default=0)
        height = rows + overhead(panel)
        named = _bars(plot, panel, width - column, rows, tone)
    title = [Text(cut(panel.title, width), style="bold")] if panel.title else []
    size = (width - column, height - len(title))
    plot.plotsize(*size)
    plot._set_size(*size)  # as textual-plotext does: plotsize alone is capped
    lines = Text.from_ansi(plot.build().rstrip("\n")).split("\n")[: size[1]]
    lines = [_fit_line(line, size[0]) for line in lines]
    return [*title, *(_labelled(lines, labels, named, column) if labels else lines)]


def _labels(panel: Panel) -> list[Text]:
    """Each category's name, cut to its cells; the selected one stands out (and has ▶)."""
    out = []
    for i, name in enumerate(panel.categories):
        label = Text(cut(name, LABEL_CELLS))
        if i == panel.selected:
            label.stylize("bold reverse")
        out.append(label)
    return out


def _labelled(lines: list[Text], labels: list[Text], rows: list[int], column: int) -> list[Text]:
    """Plot lines with the name column before them, each name right-aligned on its row."""
    at = {row + 1: label for row, label in zip(rows, labels, strict=True)}  # +1: top border
    return [
        Text(" " * (column - at[i].cell_len)) + at[i] + line
        if i in at
        else Text(" " * column) + line
        for i, line in enumerate(lines)
    ]


def _fit_line(line: Text, width: int) -> Text:
    """A plot line back within `width` cells: a wide character plotext counted as one cell
    takes the place of the blanks after it."""
    while line.cell_len > width:
        plain = line.plain
        blank = plain.rfind(" ", 0, len(plain) - 1)
        if blank < 0:
            line.truncate(width)
            break
        line = line[:blank] + line[blank + 1 :]
    return line


def _fit_rows(panel: Panel, canvas: int, width: int) -> tuple[Panel, int]:
    """The categories that fit `canvas` rows (the selected one always kept), and the rows
    they take: a blank row between categories when there is room. The title says how many
    were shown, within `width`."""
    per, count = per_category(panel), len(panel.categories)
    if canvas >= count * (per + 1) - 1:
        return panel, count * (per + 1) - 1
    if canvas >= count * per:
        return panel, count * per
    if not panel.title:
        canvas -= 1  # the "n of m shown" note takes a title row the panel did not have
    shown = max(canvas // per, 1)
    keep = list(range(shown))
    note = f"{' · ' if panel.title else ''}{shown} of {count} shown"
    if panel.selected is not None and panel.selected >= shown:
        keep = [*keep[:-1], panel.selected]
    trimmed = replace(
        panel,
        title=cut(panel.title, width - len(note)) + note,
        categories=tuple(panel.categories[i] for i in keep),
        series=tuple(
            replace(
                s,
                values=tuple(s.values[i] for i in keep),
                texts=tuple(s.texts[i] for i in keep) if s.texts else (),
            )
            for s in panel.series
        ),
        selected=len(keep) - 1 if panel.selected is not None and panel.selected in keep else None,
    )
    return trimmed, shown * per


@dataclass(frozen=True)
class _Row:
    """One drawn row of a bar panel: what is on it and the words at its end."""

    y: int
    spans: tuple[tuple[float, float, str, str], ...]
    """(from, to, glyph, tone) pieces: a bar, a stack segment, or a dumbbell's ends."""
    text: str
    joined: bool = False
    """A dumbbell: a thin line between the two ends."""

    @property
    def end(self) -> float:
        return max((to for _, to, _, _ in self.spans), default=0.0)


def _rows(panel: Panel, total: int) -> tuple[list[_Row], list[int]]:
    """The rows of a bar panel from the top (a blank row between categories if `total` leaves
    room for one), and the row each category's label goes on."""
    per, count = per_category(panel), len(panel.categories)
    gap = 1 if total >= count * (per + 1) - 1 and count > 1 else 0
    firsts = [total - i * (per + gap) for i in range(count)]
    rows = [row for i, top in enumerate(firsts) for row in _category_rows(panel, i, top)]
    return rows, firsts


def _category_rows(panel: Panel, i: int, top: int) -> list[_Row]:
    series = panel.series
    texts = [s.texts[i] if s.texts else "" for s in series]
    if panel.kind == "grouped":
        return [
            _Row(top - j, _span(0.0, s.values[i], s.glyph, s.tone), texts[j])
            for j, s in enumerate(series)
        ]
    if panel.kind == "stacked":
        spans: list[tuple[float, float, str, str]] = []
        start = 0.0
        for s in series:
            value = s.values[i] or 0.0
            spans += _span(start, start + value, s.glyph, s.tone) if value else ()
            start += value
        return [_Row(top, tuple(spans), " · ".join(t for t in texts if t))]
    if panel.kind == "dumbbell":
        ends = tuple((v, v, s.glyph, s.tone) for s in series if (v := s.values[i]) is not None)
        return [_Row(top, ends, " → ".join(t for t in texts if t), joined=True)]
    drawn = next((s for s in series if s.values[i] is not None), None)
    text = next((t for t in texts if t), "")
    if drawn is None:
        return [_Row(top, (), text)]
    return [_Row(top, _span(0.0, drawn.values[i], drawn.glyph, drawn.tone), text)]


def _span(start: float, end: float | None, glyph: str, tone: str) -> tuple[Any, ...]:
    """A bar piece from `start` to `end`; none for a missing, zero or negative length."""
    return ((start, end, glyph, tone),) if end is not None and end > start else ()


def _bars(plot: Plot, panel: Panel, width: int, total: int, tone: Tone) -> list[int]:
    """Each category's row(s): bars as lines of glyphs, the value in words at the end; the
    row (from the top of the plotting area) of each category's name."""
    rows, firsts = _rows(panel, total)
    canvas = max(width - 2, 1)
    top = _room_for_text(rows, canvas, [r.at for r in panel.rules if r.axis == "x"])
    cell = top / canvas
    for rule in panel.rules:
        plot.vline(rule.at, color=tone(MUTED))
    for row in rows:
        if row.joined and len(row.spans) > 1:
            ends = sorted(s[0] for s in row.spans)
            plot.plot([ends[0], ends[-1]], [row.y, row.y], marker="·", color=tone(MUTED))
        for start, end, glyph, name in row.spans:
            plot.plot([start, end], [row.y, row.y], marker=glyph, color=tone(name))
        if row.text:
            plot.text(row.text, row.end + GAP * cell, row.y, alignment="left")
    plot.yticks([float(f) for f in firsts], [""] * len(firsts))  # names: see `_labelled`
    plot.ylim(0.5, total + 0.5)
    plot.xlim(0, top)
    ticks = _spaced(
        [0.0, *(r.at for r in panel.rules), max((r.end for r in rows), default=0.0)],
        top,
        canvas,
        panel.x_unit,
    )
    plot.xticks(ticks, [tick_label(t, panel.x_unit) for t in ticks])
    if panel.x_label:
        plot.xlabel(panel.x_label)
    return [total - first for first in firsts]


def _room_for_text(rows: list[_Row], canvas: int, rules: list[float]) -> float:
    """The x-axis maximum that leaves room for each row's words after its bar."""
    top = max([*rules, *(r.end for r in rows), 0.0]) * 1.05 or 1.0
    for row in rows:
        free = canvas - len(row.text) - 2
        if row.end and free > 0:
            top = max(top, row.end * canvas / free)
    return top


def _spaced(ticks: list[float], top: float, canvas: int, unit: Unit) -> list[float]:
    """Ticks far enough apart for their labels not to run into each other."""
    kept: list[float] = []
    for tick in sorted(set(ticks)):
        column = tick / top * canvas
        if all(abs(column - k / top * canvas) > len(tick_label(k, unit)) + 1 for k in kept):
            kept.append(tick)
    return kept


def tick_label(value: float, unit: Unit) -> str:
    """A tick in the table's units: 25%, 0.75, 45, 1,196,200."""
    if unit == "%":
        return f"{value:.0f}%"
    if unit == "index":
        return f"{value:.2f}"
    return num(value)


def _scatter(plot: Plot, panel: Panel, width: int, canvas_rows: int, tone: Tone) -> None:
    """Points by series (rules first, so points stay visible), named outliers beside them."""
    xs = [x for s in panel.series for x in s.x] + [r.at for r in panel.rules if r.axis == "x"]
    ys = [y for s in panel.series for y in s.values if y is not None]
    ys += [r.at for r in panel.rules if r.axis == "y"]
    (xlo, xhi), (ylo, yhi) = _padded(xs), _padded(ys)
    yticks = _nice(ylo, yhi, max(canvas_rows // 3, 2))
    ylabels = [tick_label(t, panel.y_unit) for t in yticks]
    canvas = max(width - max(len(t) for t in ylabels) - 2, 1)
    xticks = _nice(xlo, xhi, max(canvas // 10, 2))
    for rule in panel.rules:
        line = plot.vline if rule.axis == "x" else plot.hline
        line(rule.at, color=tone(MUTED))
    for s in panel.series:
        plot.scatter(list(s.x), list(s.values), marker=s.glyph, color=tone(s.tone))
    cell = (xhi - xlo) / canvas
    for mark in panel.marks:
        if mark.x + cell * (len(mark.text) + GAP) <= xhi:
            plot.text(mark.text, mark.x + GAP * cell, mark.y, alignment="left")
        else:
            plot.text(mark.text, mark.x - GAP * cell, mark.y, alignment="right")
    plot.xlim(xlo, xhi)
    plot.ylim(ylo, yhi)
    plot.xticks(xticks, [tick_label(t, panel.x_unit) for t in xticks])
    plot.yticks(yticks, ylabels)
    plot.xlabel(panel.x_label)
    plot.ylabel(panel.y_label)


def _padded(values: list[float]) -> tuple[float, float]:
    lo, hi = min(values, default=0.0), max(values, default=1.0)
    pad = (hi - lo) * 0.08 or 1.0
    return lo - pad, hi + pad


def _nice(lo: float, hi: float, count: int) -> list[float]:
    """About `count` round ticks between lo and hi (steps of 1, 2, 2.5 or 5 × 10ⁿ)."""
    raw = (hi - lo) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(power * m for m in (1, 2, 2.5, 5, 10) if power * m >= raw)
    first = math.ceil(lo / step) * step
    return [first + i * step for i in range(int((hi - first) / step) + 1)]
