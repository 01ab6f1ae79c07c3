"""A small y/n question before quitting (`[ui] confirm_quit` or --confirm-quit)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Static

QUESTION = "Quit cockpit?  y yes · n or esc no"


class ConfirmQuitScreen(ModalScreen[bool]):
    """Ask whether to quit; dismisses with True for y, False for n or esc."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Quit", id="confirm_quit_yes"),
        Binding("n,escape", "answer(False)", "Stay", id="confirm_quit_no"),
    ]

    def compose(self) -> ComposeResult:
        """One line: the question and its keys."""
        yield Static(Text(QUESTION), id="confirm-quit")

    def action_answer(self, quit_app: bool) -> None:
        """Close the question with the answer."""
        self.dismiss(quit_app)
