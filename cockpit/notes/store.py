"""The notes workspace: a folder of TOML files several managers may write at the same time.

Layout — one file per subject, everything about that subject in time order:

    WORKSPACE/
      .lock                     the lock (never holds data)
      rep/R00007.toml           [[note]] ..., [[growth]] edits of that rep's plan
      segment/Mid-Market.toml   [[note]] ...
      account/A0042.toml        [[note]] ...
      review/flight_risk%3Arep%3AR00007.toml   [[note]] ..., [[decision]] ...

Why this layout and a lock, rather than lock-free one-file-per-note:
- people read and diff these files: one file per rep reads like a journal, and a workspace
  stays a few hundred files, not tens of thousands;
- edits, ticks and "turn this item into an action" change existing records (and sometimes two
  records at once), which needs a read-modify-write anyway; one-file-per-note only makes *adds*
  lock-free.

Every write is: take the workspace lock (filelock on the separate `.lock` file: a kernel flock,
released by the kernel when a holder dies, even by SIGKILL), read the file, change the model,
dump and prove it reads back, write a temp file beside it, fsync, `os.replace`, fsync the folder
(see atomic.py; the old file's mode and group are kept). A crash at any instant leaves the old
file or the new one. Readers take no lock: they always see a whole file.

A file that does not parse or validate is reported with its name and line, skipped by readers
and refused by writers: it is never overwritten. Edits are checked against the note's content
hash (not mtime); on a mismatch both versions are kept and a Conflict is returned.

A note's subject file is a shard, not an identity: ids are percent-encoded into file names and
very long ones are shortened with a hash, and each record stores its own subject, so two ids
that share a file (e.g. on a case-insensitive disk) are still told apart.
"""

from __future__ import annotations

import getpass
import os
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from cockpit.errors import DataError, UsageError
from cockpit.notes.folder import NotesFolder, Snapshot, subject_path
from cockpit.notes.models import (
    GROWTH_FIELDS,
    Decision,
    DecisionStatus,
    GrowthEdit,
    Note,
    NoteKind,
    SubjectFile,
    check_encodable,
    parse_subject,
    utc_now,
)
from cockpit.notes.tomlio import FileProblem

T = TypeVar("T")


def current_user() -> str:
    """The login user; `uid-N` when the system cannot name it or the name is unusable."""
    try:
        name = getpass.getuser().strip()
    except Exception:  # OSError or KeyError, depending on the platform
        name = ""
    if _usable_name(name):
        return name
    return f"uid-{os.getuid()}" if hasattr(os, "getuid") else "unknown"


def _usable_name(name: str) -> bool:
    try:
        check_encodable(name)
    except ValueError:
        return False
    return bool(name) and name.isprintable() and len(name) <= 200


LOCK_TIMEOUT = 60.0
"""Seconds a save waits for another writer. A note added to a subject with 2,000 notes holds the
lock for about 0.5 s (the file is parsed once to check it, then the note appended): four managers
saving at once wait a few seconds at most, so a minute leaves room for a slow shared disk."""


@dataclass(frozen=True)
class Conflict:
    """Someone else changed a note after you opened it: both versions are kept."""

    theirs: Note
    """The note as it is now (their edit), unchanged."""
    yours: Note
    """Your version, saved as a new note beside it (`conflict_of` = their id)."""

    @property
    def message(self) -> str:
        """What to tell the user."""
        who = self.theirs.edited_by or self.theirs.author
        when = self.theirs.edited_at or self.theirs.created
        return (
            f"Note {self.theirs.id} changed after you opened it (last saved by {who}, "
            f"{when:%Y-%m-%d %H:%M} UTC, or edited by hand). Nothing was overwritten: your "
            f"version is saved as note {self.yours.id} beside it; merge the two and tick one done."
        )


@dataclass(frozen=True)
class EditResult:
    """The saved note, and the conflict when your edit met someone else's."""

    note: Note
    conflict: Conflict | None = None


class NoteStore:
    """Notes, growth edits and review decisions in one workspace folder (see module docstring)."""

    def __init__(
        self,
        workspace: Path,
        *,
        author: str | None = None,
        lock_timeout: float = LOCK_TIMEOUT,
        on_wait: Callable[[float], None] | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.workspace = workspace
        self.folder = NotesFolder(workspace, lock_timeout, on_wait)
        self.author = author or current_user()
        self.clock = clock
        self.problems: list[FileProblem] = []
        """Files the last read could not use (named with line and reason)."""

    # reading -------------------------------------------------------------------------------

    def scan(self) -> Snapshot:
        """Read every subject file; unreadable ones are listed in `problems`, never changed."""
        snapshot = self.folder.scan()
        self.problems = snapshot.problems
        return snapshot

    def notes(self, subject: str | None = None) -> list[Note]:
        """Notes (all, or about one subject), oldest first (same second: order written)."""
        if subject is not None:
            _validated_subject(subject)
        found = [n for _, n in self.scan().notes() if subject is None or n.subject == subject]
        return sorted(found, key=lambda n: n.created)

    def get(self, note_id: str) -> Note:
        """One note by id or by a unique prefix of it."""
        return self._find(self.scan(), note_id)[1]

    def growth_overrides(self) -> dict[str, dict[str, object]]:
        """rep_id → growth fields set in cockpit, to take precedence over the imported table.

        Edits and growth notes are replayed in time order; a growth note sets
        last_growth_conversation to its local date. A cleared field maps to None.
        """
        events: list[tuple[datetime, str, dict[str, object]]] = []
        for _, content in self.scan().files:
            events.extend((e.at, e.rep_id, e.changes()) for e in content.growth)
            for note in content.note:
                kind, ident = parse_subject(note.subject)
                if note.kind == "growth" and kind == "rep":
                    day = note.created.astimezone().date()
                    events.append((note.created, ident, {"last_growth_conversation": day}))
        overrides: dict[str, dict[str, object]] = {}
        for _, rep_id, changes in sorted(events, key=lambda e: e[0]):
            overrides.setdefault(rep_id, {}).update(changes)
        return overrides

    def decisions(self) -> dict[str, Decision]:
        """item_id → the latest decision about it (the full history stays in the files)."""
        latest: dict[str, Decision] = {}
        for _, content in self.scan().files:
            for decision in content.decision:
                held = latest.get(decision.item_id)
                if held is None or decision.at >= held.at:
                    latest[decision.item_id] = decision
        return latest

    # writing -------------------------------------------------------------------------------

    def add(
        self,
        subject: str,
        text: str,
        *,
        kind: NoteKind = "note",
        due: date | None = None,
        owner: str | None = None,
    ) -> Note:
        """Save a new note about `subject` and return it."""
        if kind == "action" and owner is None:
            owner = self.author
        note = self._new_note(subject=subject, kind=kind, text=text, due=due, owner=owner)
        path = subject_path(self.workspace, note.subject)
        self.folder.append(path, SubjectFile, "note", note)
        return note

    def done(self, note_id: str) -> Note:
        """Tick a note off (idempotent: a note already done is returned unchanged)."""
        with self.folder.locked():
            path, note = self._find(self.scan(), note_id)
            if note.done:
                return note
            ticked = _revise(note, done=True, done_by=self.author, done_at=self.clock())
            self.folder.update_locked(path, SubjectFile, lambda c: _swap(c, note.id, ticked))
            return ticked

    def edit(
        self,
        note_id: str,
        base_hash: str,
        *,
        text: str | None = None,
        owner: str | None = None,
        due: date | None = None,
    ) -> EditResult:
        """Change a note's text, owner or due; `base_hash` is `content_hash()` of the note as
        the editor saw it. If it changed since, both versions are kept and a Conflict returned."""
        changes = {
            k: v for k, v in {"text": text, "owner": owner, "due": due}.items() if v is not None
        }
        with self.folder.locked():
            path, current = self._find(self.scan(), note_id)
            edited = _revise(current, edited_by=self.author, edited_at=self.clock(), **changes)
            if edited.content_hash() == current.content_hash():
                return EditResult(current)
            if current.content_hash() == base_hash:
                self.folder.update_locked(path, SubjectFile, lambda c: _swap(c, current.id, edited))
                return EditResult(edited)
            yours = self._new_note(
                subject=current.subject,
                kind=current.kind,
                text=edited.text,
                due=edited.due,
                owner=edited.owner,
                conflict_of=current.id,
            )
            self.folder.update_locked(path, SubjectFile, lambda c: c.note.append(yours))
            return EditResult(yours, Conflict(theirs=current, yours=yours))

    def edit_growth(self, rep_id: str, changes: Mapping[str, str | date | None]) -> GrowthEdit:
        """Change a rep's growth plan: field → new value, or None to clear it."""
        fields = (*GROWTH_FIELDS, "last_growth_conversation")
        unknown = sorted(set(changes) - set(fields))
        if unknown:
            raise UsageError(f"unknown growth field(s) {unknown}; choose from {list(fields)}")
        values: dict[str, Any] = {k: v for k, v in changes.items() if v is not None}
        cleared = [k for k, v in changes.items() if v is None]
        edit = _build(
            GrowthEdit,
            "growth edit",
            rep_id=rep_id,
            author=self.author,
            at=self.clock(),
            clear=cleared,
            **values,
        )
        path = subject_path(self.workspace, f"rep:{edit.rep_id}")
        self.folder.update(path, SubjectFile, lambda content: content.growth.append(edit))
        return edit

    def decide(
        self,
        item_id: str,
        status: DecisionStatus,
        *,
        until: date | None = None,
        owner: str | None = None,
        due: date | None = None,
        comment: str | None = None,
    ) -> Decision:
        """Record a review decision; `action` also creates an action note (owner, due)."""
        subject = f"review:{item_id}"
        action = None
        if status == "action" and owner is not None and due is not None:
            text = comment or f"Follow up on review item {item_id}"
            action = self._new_note(subject=subject, kind="action", text=text, due=due, owner=owner)
        decision = _build(
            Decision,
            "review decision",
            item_id=item_id,
            status=status,
            author=self.author,
            at=self.clock(),
            until=until,
            owner=owner,
            due=due,
            action_id=action.id if action else None,
            comment=comment,
        )

        def record(content: SubjectFile) -> None:
            if action is not None:
                content.note.append(action)
            content.decision.append(decision)

        self.folder.update(
            subject_path(self.workspace, _validated_subject(subject)), SubjectFile, record
        )
        return decision

    def undo(self, item_id: str) -> Decision:
        """Record that the latest decision on `item_id` is taken back: the one before it holds
        again (a copy, by this author, now), else the item is open. History is never cut."""
        subject = f"review:{item_id}"
        restored: list[Decision] = []

        def record(content: SubjectFile) -> None:
            mine = sorted((d for d in content.decision if d.item_id == item_id), key=_at)
            if not mine:
                raise UsageError(f"review item {item_id} has no decision to undo")
            before = _undone(mine)
            values: dict[str, object] = (
                before.model_dump() if before else {"item_id": item_id, "status": "open"}
            )
            values.update(
                author=self.author, at=self.clock(), comment=f"{UNDO_MARK}{mine[-1].status})"
            )
            decision = _build(Decision, "review decision", **values)
            content.decision.append(decision)
            restored.append(decision)

        self.folder.update(
            subject_path(self.workspace, _validated_subject(subject)), SubjectFile, record
        )
        return restored[0]

    # internals -----------------------------------------------------------------------------

    def _new_note(self, **values: Any) -> Note:
        return _build(
            Note,
            "note",
            id=secrets.token_hex(6),
            author=self.author,
            created=self.clock(),
            **values,
        )

    def _find(self, snapshot: Snapshot, note_id: str) -> tuple[Path, Note]:
        exact = [(p, n) for p, n in snapshot.notes() if n.id == note_id]
        matches = exact or [(p, n) for p, n in snapshot.notes() if n.id.startswith(note_id)]
        if len(matches) == 1 and (exact or len(note_id) >= 4):
            return matches[0]
        if len(matches) > 1:
            raise UsageError(f"note id {note_id!r} matches {len(matches)} notes; give more of it")
        unreadable = "".join(f"\n  (not searched: {p})" for p in snapshot.problems)
        raise DataError(f"no note with id {note_id!r} in {self.workspace}{unreadable}")


UNDO_MARK = "undo ("
"""How an undo record's comment starts (`undo (discussed)`): replays skip what it undid."""


def _at(decision: Decision) -> datetime:
    return decision.at


def _undone(history: list[Decision]) -> Decision | None:
    """The decision that holds once the latest is undone (None: back to open). Replayed as a
    stack: a decision is pushed, an undo pops one, so undo after undo walks further back."""
    stack: list[Decision] = []
    for decision in history:
        if (decision.comment or "").startswith(UNDO_MARK):
            if stack:
                stack.pop()
        else:
            stack.append(decision)
    if stack:
        stack.pop()
    return stack[-1] if stack else None


def _validated_subject(subject: str) -> str:
    try:
        parse_subject(subject)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    return subject


def _build(model: type[T], what: str, **values: Any) -> T:
    """Construct a record, turning validation errors into a UsageError in words."""
    try:
        return model(**values)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err["loc"])
            message = str(err["msg"]).removeprefix("Value error, ")
            lines.append(f"{where}: {message}" if where else message)
        raise UsageError(f"invalid {what}: " + "; ".join(lines)) from None


def _revise(note: Note, **changes: Any) -> Note:
    values = {**note.model_dump(), **changes, "revision": note.revision + 1}
    return _build(Note, "note", **values)


def _swap(content: SubjectFile, note_id: str, replacement: Note) -> None:
    """Put `replacement` where the note with `note_id` is (keeps the file's order)."""
    for index, note in enumerate(content.note):
        if note.id == note_id:
            content.note[index] = replacement
            return
    raise DataError(f"note {note_id} vanished while saving; try again")


__all__ = [
    "Conflict",
    "EditResult",
    "NoteStore",
    "Snapshot",
    "current_user",
    "subject_path",
]
