"""Snooze a review item until a date: typed as 2026-10-15, or +14d / +2w from today."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

RELATIVE = re.compile(r"\+(\d{1,3})([dw])")


def snooze_date(text: str, today: date) -> date | None:
    """`2026-10-15`, `+14d` or `+2w` as a date after `today`; None for anything else."""
    text = text.strip().lower()
    if match := RELATIVE.fullmatch(text):
        days = int(match[1]) * (7 if match[2] == "w" else 1)
        return today + timedelta(days=days) if days else None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if day > today else None


class SnoozeScreen(ModalScreen[date | None]):
    """Type when the item comes back; enter snoozes, esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="cancel_snooze"),
    ]

    def __init__(self, today: date) -> None:
        super().__init__()
        self.today = today

    def compose(self) -> ComposeResult:
        """Title, date box, error line."""
        with Vertical(id="note-box"):
            yield Static(Text("Snooze until", style="bold"))
            yield Input(str(self.today + timedelta(days=14)), id="snooze-date")
            yield Static(Text("A date (YYYY-MM-DD) or +14d, +2w. Enter snoozes, esc cancels."))
            yield Static("", id="snooze-error")

    @on(Input.Submitted)
    def _done(self, event: Input.Submitted) -> None:
        day = snooze_date(event.value, self.today)
        if day is None:
            message = f"Give a date after {self.today} (YYYY-MM-DD), or +14d, +2w."
            self.query_one("#snooze-error", Static).update(Text(message))
            return
        self.dismiss(day)

    def action_cancel(self) -> None:
        """Close without snoozing."""
        self.dismiss(None)
