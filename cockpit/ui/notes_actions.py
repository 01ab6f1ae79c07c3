"""Keys that write to the notes workspace: n note, a action item, d discussed, z snooze."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import App

from cockpit.analytics.pane_specs import SPECS
from cockpit.errors import CockpitError
from cockpit.text import safe_text
from cockpit.ui.messages import NoteSaved, SaveFailed
from cockpit.ui.screens.note import NoteDraft, NoteScreen

# The notes store and the drill-down screens import pydantic and Polars: loaded on first use.
if TYPE_CHECKING:
    from cockpit.analytics.panes import Panes
    from cockpit.notes.store import NoteStore
    from cockpit.ui.widgets.pane_view import PaneView

SNOOZE_DAYS = 7


class NotesActions(App[int]):
    """Base of CockpitApp: find the subject under the cursor, ask for text, save in a worker."""

    workspace: Path | None
    panes: Panes | None

    def _current(self) -> PaneView:
        raise NotImplementedError

    def _repaint(self, pane: str) -> None:
        raise NotImplementedError

    def _subject(self) -> tuple[str, str] | None:
        """(subject, label) of what the user is looking at."""
        from cockpit.ui.screens.detail import RepScreen, SegmentScreen

        screen = self.screen
        if isinstance(screen, RepScreen):
            return f"rep:{screen.rep_id}", str(screen.name_)
        if isinstance(screen, SegmentScreen):
            return f"segment:{screen.segment}", screen.segment
        view = self._current()
        row = view.selected_row()
        if row is None:
            return None
        spec = SPECS[view.pane]
        return spec.item(row).key, str(row[spec.label_column])

    def action_note(self, kind: str) -> None:
        """n / a: write a note (a growth conversation on the Growth pane) or an action item."""
        found = self._subject()
        if found is None or self.workspace is None:
            self.notify("Nothing selected to write about.", severity="warning")
            return
        from cockpit.notes.store import current_user

        subject, label = found
        if kind == "note" and self._pane_name() == "growth" and subject.startswith("rep:"):
            kind = "growth"
        self.push_screen(NoteScreen(subject, label, kind, current_user(), date.today()), self._save)

    def _pane_name(self) -> str:
        return self._current().pane if len(self.screen_stack) == 1 else ""

    def _save(self, draft: NoteDraft | None) -> None:
        if draft is not None:
            self.write_note(draft)

    def action_decide(self, status: str) -> None:
        """d / z on the Review pane: mark the item discussed, or snooze it for a week."""
        found = self._subject()
        if found is None or not found[0].startswith("review:"):
            self.notify("Select a review item first (pane 5).", severity="warning")
            return
        self.write_decision(found[0].removeprefix("review:"), status)

    @work(thread=True, group="notes")
    def write_note(self, draft: NoteDraft) -> None:
        """Save a note or action item off the UI thread (the workspace is locked while saving)."""
        try:
            store = self._store()
            if draft.kind == "action" and draft.subject.startswith("review:"):
                item = draft.subject.removeprefix("review:")
                store.decide(item, "action", owner=draft.owner, due=draft.due, comment=draft.text)
                self.post_message(NoteSaved(draft.subject, "Action item saved", (item, "action")))
                return
            store.add(draft.subject, draft.text, kind=draft.kind, due=draft.due, owner=draft.owner)  # type: ignore[arg-type]
            self.post_message(NoteSaved(draft.subject, f"{draft.kind.capitalize()} saved"))
        except (CockpitError, OSError) as exc:
            self.post_message(SaveFailed(str(exc)))

    @work(thread=True, group="notes")
    def write_decision(self, item_id: str, status: str) -> None:
        """Save a review decision off the UI thread."""
        until = date.today() + timedelta(days=SNOOZE_DAYS) if status == "snoozed" else None
        try:
            self._store().decide(item_id, status, until=until)  # type: ignore[arg-type]
            when = f" until {until}" if until else ""
            self.post_message(
                NoteSaved(f"review:{item_id}", f"Marked {status}{when}", (item_id, status))
            )
        except (CockpitError, OSError) as exc:
            self.post_message(SaveFailed(str(exc)))

    def _store(self) -> NoteStore:
        from cockpit.notes.store import NoteStore

        if self.workspace is None:
            raise CockpitError("no notes workspace (the data has not loaded)")
        return NoteStore(self.workspace)

    @on(NoteSaved)
    def _saved(self, message: NoteSaved) -> None:
        from cockpit.analytics.review import apply_decisions
        from cockpit.ui.screens.detail import RepScreen

        self.notify(f"{message.summary} in {safe_text(self.workspace)}.")
        if message.decision and self.panes is not None:
            item, status = message.decision
            self.panes.review = apply_decisions(self.panes.review, {item: status})
            self._repaint("review")
        screen = self.screen
        if isinstance(screen, RepScreen) and message.subject == f"rep:{screen.rep_id}":
            screen.show_notes(self._notes_of(message.subject))

    @on(SaveFailed)
    def _failed_save(self, message: SaveFailed) -> None:
        self.notify(f"Not saved: {safe_text(message.message, 300)}", severity="error", timeout=10)

    def _notes_of(self, subject: str) -> list[Any]:
        """Notes about `subject` (a small file read; unreadable files are reported, not fatal)."""
        if self.workspace is None or not self.workspace.is_dir():
            return []
        from cockpit.notes.store import NoteStore

        store = NoteStore(self.workspace)
        notes = store.notes(subject)
        for problem in store.problems:
            self.notify(f"Notes file skipped: {safe_text(problem, 200)}", severity="warning")
        return notes
