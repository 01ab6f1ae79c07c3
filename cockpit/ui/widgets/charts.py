"""The chart beside a pane's table: a textual-plotext plot redrawn when the panes change."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual_plotext import PlotextPlot

from cockpit.analytics.panes import Panes


class PaneChart(PlotextPlot):
    """The chart of one pane; redrawn from the panes whenever they change."""

    def __init__(self, chart: Callable[[Any, Panes], None]) -> None:
        super().__init__(classes="chart")
        self.chart = chart

    def draw(self, panes: Panes) -> None:
        """Clear and draw this pane's chart."""
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        self.chart(plt, panes)
        self.refresh()
