"""The help screen: every key, and the screen-reader path."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS = (
    ("1 … 5", "Tiers, Growth, Leads, Churn, Review"),
    ("↑ ↓ ← → / h j k l", "move"),
    ("g / G", "first / last row"),
    ("enter", "drill in (rep, segment, account, review item)"),
    ("esc", "back (cursor, sort and filter kept); clears an active filter"),
    ("/", "filter the table (esc clears)"),
    ("s", "sort by the column under the cursor (again: reverse)"),
    ("y / Y", "copy the row / the table as TSV (OSC 52: works over SSH)"),
    ("e", "export the table to CSV (the path is shown)"),
    ("ctrl+p", "command palette: jump to any rep or segment by name"),
    ("?", "this help"),
    ("q", "back, or quit on the main screen"),
)


class HelpScreen(ModalScreen[None]):
    """Every key with what it does."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "app.pop_screen", "Close", id="close_help"),
    ]

    def compose(self) -> ComposeResult:
        """The key list and the headless alternative."""
        text = Text("Keys\n\n", style="bold")
        for key, what in KEYS:
            text.append(f"  {key:<22}", style="bold")
            text.append(f"{what}\n")
        text.append(
            "\nScreen readers and scripts: `cockpit report --format markdown` prints every pane "
            "with its formulas; `cockpit check` lists every data problem.\n"
            'Keys can be rebound in the config file\'s [keys] table (binding id = "key").\n'
        )
        with VerticalScroll(id="help"):
            yield Static(text)
