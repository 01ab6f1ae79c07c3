"""The note editor: a note, a growth conversation or an action item about one subject."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from cockpit.text import safe_text


@dataclass(frozen=True)
class NoteDraft:
    """What the user typed: text, and for action items the owner and due date."""

    subject: str
    kind: str
    text: str
    owner: str | None = None
    due: date | None = None


class NoteScreen(ModalScreen[NoteDraft | None]):
    """Type the text (and owner and due for an action); enter saves, esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="cancel_note"),
    ]

    def __init__(self, subject: str, label: str, kind: str, owner: str, today: date) -> None:
        super().__init__()
        self.subject, self.label, self.kind, self.owner, self.today = (
            subject, label, kind, owner, today,
        )  # fmt: skip

    def compose(self) -> ComposeResult:
        """Title, text box, and owner and due boxes for action items."""
        title = {"action": "Action item", "growth": "Growth conversation"}.get(self.kind, "Note")
        with Vertical(id="note-box"):
            yield Static(Text(f"{title} — {safe_text(self.label, 60)}", style="bold"))
            yield Input(placeholder="text (enter saves, esc cancels)", id="note-text")
            if self.kind == "action":
                yield Label("Owner")
                yield Input(self.owner, id="note-owner")
                yield Label("Due (YYYY-MM-DD)")
                yield Input(str(self.today + timedelta(days=7)), id="note-due")
            yield Static("", id="note-error")

    @on(Input.Submitted)
    def _save(self) -> None:
        text = self.query_one("#note-text", Input).value.strip()
        if not text:
            self._error("Type some text first (esc cancels).")
            return
        owner, due = None, None
        if self.kind == "action":
            owner = self.query_one("#note-owner", Input).value.strip() or self.owner
            try:
                due = date.fromisoformat(self.query_one("#note-due", Input).value.strip())
            except ValueError:
                self._error("Due must be a date like 2026-10-07.")
                return
        self.dismiss(NoteDraft(self.subject, self.kind, text, owner, due))

    def _error(self, message: str) -> None:
        self.query_one("#note-error", Static).update(Text(message))

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)
