"""The help screen: every key, and the screen-reader path."""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from cockpit.data.uri import public_uri
from cockpit.text import safe_text
from cockpit.ui.clipboard import max_text_bytes

if TYPE_CHECKING:
    from cockpit.ui.source import Source

COPY_KB = round(max_text_bytes() / 1000)
KEYS = (
    ("1 … 5", "Tiers, Growth, Leads, Churn, Review"),
    ("↑ ↓ ← → / h j k l", "move"),
    ("g / G", "first / last row"),
    ("enter", "drill in (rep, segment, account, review item)"),
    ("esc", "back (cursor, sort and filter kept); clears an active filter"),
    ("/", "filter the table (esc clears)"),
    ("s", "sort by the column under the cursor (again: reverse)"),
    ("y / Y", f"copy the row / the table as TSV (OSC 52, works over SSH; ≤ {COPY_KB} KB)"),
    ("e", "export the table to CSV (the path is shown)"),
    ("ctrl+p", "command palette: jump to any rep or segment by name"),
    ("?", "this help"),
    ("q", "back, or quit on the main screen"),
)


def report_command(source: Source) -> str:
    """The exact `cockpit report` command that prints what this session shows, as Markdown."""
    words = ["cockpit", "report"]
    if source.data:
        words.append(public_uri(source.data))  # a password on screen is a password on a projector
    options = {"--mapping": source.mapping, "--period": source.period}
    options |= {"--config": source.config, "--notes": source.notes}
    for flag, value in options.items():
        if value:
            words += [flag, value]
    return shlex.join([*words, "--format", "markdown"])


class HelpScreen(ModalScreen[None]):
    """Every key with what it does."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "app.pop_screen", "Close", id="close_help"),
    ]

    def __init__(self, report: str = "cockpit report --format markdown") -> None:
        super().__init__()
        self.report = report

    def compose(self) -> ComposeResult:
        """The key list and the headless alternative."""
        text = Text("Keys\n\n", style="bold")
        for key, what in KEYS:
            text.append(f"  {key:<22}", style="bold")
            text.append(f"{what}\n")
        text.append("\nScreen readers and scripts", style="bold")
        text.append(
            ": the same numbers as plain Markdown tables, every pane with its formulas:\n  "
        )
        text.append(safe_text(self.report), style="bold")
        text.append(
            "\n(add --pane tiers|growth|leads|churn|review for one pane; `cockpit check` lists "
            "every data problem).\n"
            'Keys can be rebound in the config file\'s [keys] table (binding id = "key"); '
            "[ui] sets confirm_quit, mouse and animations.\n"
        )
        with VerticalScroll(id="help"):
            yield Static(text)
