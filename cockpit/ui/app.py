"""The cockpit Textual app (first screen: the loaded team and the data's health)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Header, Static

from cockpit.data.load import Dataset
from cockpit.text import safe_text

NAME_WIDTH = 40


def cell(value: object, limit: int = NAME_WIDTH) -> Text:
    """A table cell from untrusted data: plain Text, never parsed as markup."""
    return Text(safe_text(value, limit), no_wrap=True)


class CockpitApp(App[int]):
    """cockpit: the team under review, drawn from one loaded dataset."""

    CSS_PATH = "app.tcss"
    TITLE = "cockpit"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "quit", "Quit", id="quit")]

    def __init__(self, dataset: Dataset) -> None:
        super().__init__()
        self.dataset = dataset

    def compose(self) -> ComposeResult:
        """Header, data health line, the reps table, footer."""
        yield Header()
        yield Static(self._health(), id="health", markup=False)
        yield DataTable(id="reps", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        """Fill the reps table."""
        self.sub_title = safe_text(self.dataset.source, 60)
        table = self.query_one("#reps", DataTable)
        reps = self.dataset.tables.get("reps")
        columns = ["rep_id", "name", "team", "role", "segment"]
        table.add_columns(*columns)
        if reps is not None:
            for row in reps.select(columns).iter_rows():
                table.add_row(*(cell(v) for v in row))

    def _health(self) -> str:
        ds = self.dataset
        loaded = ", ".join(f"{n} {f.height:,}" for n, f in ds.tables.items())
        return f"Loaded: {loaded}. {ds.error_count} errors (cockpit check lists them)."


def run_app(dataset: Dataset) -> int:
    """Run the TUI until the user quits; the exit code is 0."""
    CockpitApp(dataset).run()
    return 0
