"""Writing to the notes workspace from any screen: ask for the text, save off the UI thread.

The screens' keys (`n` note, `a` action item on every screen; `d` discussed and `z` snooze on
the Review pane) say what they are about; the desk asks for the text and saves it in a worker,
which posts `NoteSaved` or `SaveFailed` to the app. The app owns one desk.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding

from cockpit.errors import CockpitError
from cockpit.text import safe_text
from cockpit.ui.messages import NoteSaved, SaveFailed
from cockpit.ui.screens.note import NoteDraft, NoteScreen

# The notes store imports pydantic: loaded on first use.
if TYPE_CHECKING:
    from cockpit.notes.models import Note
    from cockpit.notes.store import NoteStore
    from cockpit.ui.screens.growth_plan import PlanEdit

SNOOZE_DAYS = 7
NOTE_BINDINGS = [
    Binding("n", "note('note')", "Note", show=False, id="note",
            tooltip="write a note about what is selected (a growth conversation on Growth)"),
    Binding("a", "note('action')", "Action item", show=False, id="action_item",
            tooltip="an action item about what is selected, with an owner and a due date"),
]  # fmt: skip
"""`n` and `a`, bound by every screen that has something to write about."""


class NotesDesk:
    """The notes workspace as the screens' keys use it."""

    def __init__(self, app: App[int]) -> None:
        self.app = app
        self.workspace: Path | None = None
        """Where notes are saved; None until the data has loaded."""

    def write_about(self, subject: str | None, label: str, kind: str) -> None:
        """Ask for a note, action item or growth conversation about `subject` (`rep:R1`…)."""
        if subject is None or self.workspace is None:
            self.app.notify("Nothing selected to write about.", severity="warning")
            return
        from cockpit.notes.store import current_user

        screen = NoteScreen(subject, label, kind, current_user(), date.today())
        self.app.push_screen(screen, self._save)

    def _save(self, draft: NoteDraft | None) -> None:
        if draft is not None:
            self.app.run_worker(partial(self._write_note, draft), thread=True, group="notes")

    def decide(self, item_id: str, status: str, before: str, until: date | None = None) -> None:
        """Record a review decision (discussed, snoozed until `until` or for a week, open)
        off the UI thread; a failed save paints the item back to `before`."""
        work = partial(self._write_decision, item_id, status, before, until)
        self.app.run_worker(work, thread=True, group="notes")

    def undo(self, item_id: str, shown: str) -> None:
        """Take back the latest decision on `item_id` off the UI thread (it showed `shown`)."""
        self.app.run_worker(partial(self._write_undo, item_id, shown), thread=True, group="notes")

    def _write_note(self, draft: NoteDraft) -> None:
        """Save a note or action item (in a worker: the workspace is locked while saving)."""
        try:
            store = self._store()
            if draft.kind == "action" and draft.subject.startswith("review:"):
                item = draft.subject.removeprefix("review:")
                store.decide(item, "action", owner=draft.owner, due=draft.due, comment=draft.text)
                self._post(NoteSaved(draft.subject, "Action item saved", (item, "action")))
                return
            store.add(draft.subject, draft.text, kind=draft.kind, due=draft.due, owner=draft.owner)  # type: ignore[arg-type]
            # A growth conversation changes staleness and flight risk: the panes recompute.
            said = f"{draft.kind.capitalize()} saved"
            self._post(NoteSaved(draft.subject, said, recompute=draft.kind == "growth"))
        except (CockpitError, OSError) as exc:
            self._post(SaveFailed(str(exc)))

    def _write_decision(self, item_id: str, status: str, before: str, until: date | None) -> None:
        """Save a review decision (in a worker)."""
        if status == "snoozed" and until is None:
            until = date.today() + timedelta(days=SNOOZE_DAYS)
        try:
            self._store().decide(item_id, status, until=until)  # type: ignore[arg-type]
            when = f" until {until}" if until else ""
            said = "Reopened" if status == "open" else f"Marked {status}{when}"
            self._post(NoteSaved(f"review:{item_id}", said, (item_id, status)))
        except (CockpitError, OSError) as exc:
            self._post(SaveFailed(str(exc), (item_id, before)))

    def _write_undo(self, item_id: str, shown: str) -> None:
        """Save an undo (in a worker): the decision before the latest holds again."""
        try:
            restored = self._store().undo(item_id)
            said = f"Undone: back to {restored.status}"
            self._post(NoteSaved(f"review:{item_id}", said, (item_id, restored.status)))
        except (CockpitError, OSError) as exc:
            self._post(SaveFailed(str(exc), (item_id, shown)))

    def save_plan(self, edit: PlanEdit | None) -> None:
        """Save a growth-plan edit from the form off the UI thread (None: cancelled)."""
        if edit is not None:
            self.app.run_worker(partial(self._write_plan, edit), thread=True, group="notes")

    def _write_plan(self, edit: PlanEdit) -> None:
        """Save the plan's changed fields (in a worker); the panes then recompute."""
        try:
            self._store().edit_growth(edit.rep_id, edit.changes)
            fields = ", ".join(f.replace("_", " ") for f in edit.changes)
            said = f"Growth plan saved ({fields})"
            self._post(NoteSaved(f"rep:{edit.rep_id}", said, recompute=True))
        except (CockpitError, OSError) as exc:
            self._post(SaveFailed(str(exc)))

    def _post(self, message: NoteSaved | SaveFailed) -> None:
        self.app.post_message(message)

    def _store(self) -> NoteStore:
        from cockpit.notes.store import NoteStore

        if self.workspace is None:
            raise CockpitError("no notes workspace (the data has not loaded)")
        return NoteStore(self.workspace, on_wait=self._waiting)

    def _waiting(self, seconds: float) -> None:
        """Say that a save waits for another manager's (from the saving worker)."""
        if int(seconds) in (1, 5, 15, 30, 45):
            self.app.notify(
                f"Waiting for the notes workspace: another cockpit is saving ({seconds:.0f} s)…",
                timeout=3,
            )

    def notes_of(self, subject: str) -> list[Note]:
        """Notes about `subject` (one small file read; unreadable files are said, not fatal)."""
        if self.workspace is None or not self.workspace.is_dir():
            return []
        from cockpit.notes.store import NoteStore

        store = NoteStore(self.workspace)
        notes = store.notes(subject)
        for problem in store.problems:
            self.app.notify(f"Notes file skipped: {safe_text(problem, 200)}", severity="warning")
        return notes
