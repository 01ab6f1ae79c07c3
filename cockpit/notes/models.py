"""What the notes workspace holds: notes, growth-plan edits and review decisions (pydantic).

Every model forbids unknown keys, so a typo in a hand-edited file is reported, not ignored.
Files are dumped with `model_dump(exclude_none=True)` because TOML has no null; a growth field
that is *cleared* is therefore listed in `clear` rather than set to nothing.

Times are timezone-aware UTC, cut to whole seconds, and written as TOML offset date-times
(`created = 2026-03-14 10:02:03+00:00`): tomllib reads them back as aware UTC, so they compare
exactly, and a person reading the file sees the zone. A naive time typed by hand is taken as UTC.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, date, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from cockpit.data.schema import GROWTH_PLAN_FIELDS

SUBJECT_KINDS = ("rep", "segment", "account", "review")
SUBJECT_FORMS = "rep:ID, segment:NAME, account:ID, review:ITEM_ID"
GROWTH_FIELDS = GROWTH_PLAN_FIELDS
MAX_TEXT = 1_000_000
MAX_NAME = 200
# Subject ids come from data (segment names, review item ids built from them): longer than a
# typed name, and control characters allowed, since TOML escapes them and screens show them escaped.
MAX_SUBJECT_ID = 2000

NoteKind = Literal["note", "growth", "action"]
DecisionStatus = Literal["open", "discussed", "snoozed", "action"]
"""`open`: reopened (an earlier decision undone or taken back)."""
GrowthField = Literal["track", "next_skill", "stretch_assignment", "promotion_readiness"]

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_NOTE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


def check_encodable(value: str) -> str:
    """`value` unchanged, or ValueError when it holds a lone surrogate (not storable as UTF-8)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        code = ord(value[exc.start])
        raise ValueError(
            f"contains an invalid character (lone surrogate U+{code:04X}) at character "
            f"{exc.start + 1}, which cannot be saved as UTF-8; remove it"
        ) from None
    return value


def _encodable_input(value: object) -> object:
    """Before pydantic's own str check, whose message for a surrogate says nothing useful."""
    return check_encodable(value) if isinstance(value, str) else value


def _check_name(value: str) -> str:
    """A one-line name: no control characters, no surrounding spaces, not empty."""
    if not value.strip():
        raise ValueError("must not be empty")
    if value != value.strip():
        raise ValueError("must not start or end with spaces")
    if _CONTROL.search(value):
        raise ValueError("must not contain control characters (tabs, newlines, escapes)")
    return value


def parse_subject(subject: str) -> tuple[str, str]:
    """Split `rep:R01` into ("rep", "R01"); ValueError naming the valid forms otherwise."""
    check_encodable(subject)
    kind, sep, ident = subject.partition(":")
    if not sep or kind not in SUBJECT_KINDS:
        raise ValueError(f"subject {subject!r} must be one of {SUBJECT_FORMS} (e.g. rep:R00007)")
    try:
        _check_subject_id(ident)
    except ValueError as exc:
        raise ValueError(f"subject {subject!r}: the id after '{kind}:' {exc}") from None
    return kind, ident


def _check_subject_id(value: str) -> str:
    """An id as the data spells it: not empty, no surrounding spaces, not over MAX_SUBJECT_ID."""
    if not value.strip():
        raise ValueError("must not be empty")
    if value != value.strip():
        raise ValueError("must not start or end with spaces")
    if len(value) > MAX_SUBJECT_ID:
        raise ValueError(f"must be at most {MAX_SUBJECT_ID:,} characters")
    return value


def _check_subject(value: str) -> str:
    parse_subject(value)
    return value


def _check_note_id(value: str) -> str:
    if not _NOTE_ID.fullmatch(value):
        raise ValueError("a note id is 1-64 letters, digits, '-' or '_'")
    return value


def _as_utc(value: datetime) -> datetime:
    """Aware UTC at whole seconds (naive values are taken as UTC)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).replace(microsecond=0)


def utc_now() -> datetime:
    """Now, as stored: aware UTC, whole seconds."""
    return _as_utc(datetime.now(UTC))


_Encodable = BeforeValidator(_encodable_input)
Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT), _Encodable]
Name = Annotated[str, Field(max_length=MAX_NAME), _Encodable, AfterValidator(_check_name)]
Subject = Annotated[
    str, Field(max_length=MAX_SUBJECT_ID + 10), _Encodable, AfterValidator(_check_subject)
]
NoteId = Annotated[str, AfterValidator(_check_note_id)]
UtcTime = Annotated[datetime, AfterValidator(_as_utc)]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Note(_Record):
    """One note, growth conversation or action item about one subject."""

    id: NoteId
    """Short random id, unique in the workspace (`cockpit notes done ID`)."""
    subject: Subject
    """What the note is about: rep:ID, segment:NAME, account:ID or review:ITEM_ID."""
    kind: NoteKind = "note"
    """`growth` records a development conversation; `action` is a to-do with owner and due."""
    author: Name
    """Login user who wrote the note."""
    created: UtcTime
    """When the note was written (UTC)."""
    due: date | None = None
    """Action items: when it should be done."""
    owner: Name | None = None
    """Action items: who does it."""
    done: bool = False
    """Action items: ticked off."""
    done_by: Name | None = None
    """Who ticked it off."""
    done_at: UtcTime | None = None
    """When it was ticked off (UTC)."""
    revision: int = Field(1, ge=1)
    """1 when written, +1 on every edit or tick."""
    edited_by: Name | None = None
    """Who edited the text, owner or due last."""
    edited_at: UtcTime | None = None
    """When it was last edited (UTC)."""
    conflict_of: NoteId | None = None
    """Set on a version kept after a conflicting edit: the id of the note both people edited."""
    text: Text
    """The note itself, exactly as typed (kept last so the file reads like a journal)."""

    @model_validator(mode="after")
    def _action_fields(self) -> Note:
        if self.kind != "action" and (self.due is not None or self.owner is not None):
            raise ValueError("due and owner are only for action items (kind = action)")
        return self

    def content_hash(self) -> str:
        """Hash of what an edit can change (text, owner, due): two people's edits conflict when
        the note no longer has the hash the editor started from. Not mtime: copies, clock skew
        and hand edits that keep the mtime would fool it."""
        content = {"text": self.text, "owner": self.owner, "due": str(self.due)}
        raw = json.dumps(content, sort_keys=True, ensure_ascii=True).encode("ascii")
        return hashlib.sha256(raw).hexdigest()[:16]

    def public(self) -> dict[str, object]:
        """The note as plain JSON-ready values, with its content hash."""
        return {**self.model_dump(mode="json", exclude_none=True), "hash": self.content_hash()}


class GrowthEdit(_Record):
    """A manager's change to one rep's growth plan; fields left out stay as they were."""

    rep_id: Name
    """The rep whose plan changed."""
    author: Name
    """Login user who made the change."""
    at: UtcTime
    """When the change was made (UTC)."""
    track: Name | None = None
    """Career track, e.g. `Principal AE → Sales Manager`."""
    next_skill: Name | None = None
    """The skill being built next."""
    stretch_assignment: Name | None = None
    """The assignment that builds it."""
    promotion_readiness: Name | None = None
    """e.g. ready, 6-12 months, not yet."""
    last_growth_conversation: date | None = None
    """A development conversation that happened without a growth note."""
    clear: list[GrowthField] = []
    """Fields emptied by this change (TOML has no null)."""

    def changes(self) -> dict[str, object]:
        """Field → new value set by this edit (None for a cleared field)."""
        changed: dict[str, object] = dict.fromkeys(self.clear)
        for name in (*GROWTH_FIELDS, "last_growth_conversation"):
            value = getattr(self, name)
            if value is not None:
                changed[name] = value
        return changed


class Decision(_Record):
    """What the team decided about one review-queue item."""

    item_id: Name
    """The queue item (e.g. flight_risk:rep:R00007)."""
    status: DecisionStatus
    """discussed, snoozed (until a date), action (an action item was created), or open
    (reopened: the earlier decision no longer holds)."""
    author: Name
    """Login user who decided."""
    at: UtcTime
    """When it was decided (UTC)."""
    until: date | None = None
    """Snoozed items come back on this date."""
    owner: Name | None = None
    """Action: who does it."""
    due: date | None = None
    """Action: by when."""
    action_id: NoteId | None = None
    """Action: the id of the action note created for it."""
    comment: Text | None = None
    """Optional words on why."""

    @model_validator(mode="after")
    def _fields_match_status(self) -> Decision:
        if self.status == "snoozed" and self.until is None:
            raise ValueError("a snoozed item needs `until` (the date it comes back)")
        if self.status != "snoozed" and self.until is not None:
            raise ValueError("`until` is only for snoozed items")
        if self.status == "action" and (self.owner is None or self.due is None):
            raise ValueError("an action needs an owner and a due date")
        if self.status != "action" and (self.owner is not None or self.due is not None):
            raise ValueError("owner and due are only for actions")
        return self

    def status_on(self, day: date) -> str:
        """The item's status on `day`: a snooze ends on its `until` date ("open" again)."""
        if self.status == "snoozed" and self.until is not None and day >= self.until:
            return "open"
        return self.status


class SubjectFile(BaseModel):
    """One TOML file: everything recorded about one subject (one rep, segment, account, item).

    Records are appended in time order and never removed; the lists are mutated in place by the
    store inside its locked read-modify-write.
    """

    model_config = ConfigDict(extra="forbid")

    version: Literal[1] = 1
    """File format version."""
    note: list[Note] = []
    growth: list[GrowthEdit] = []
    decision: list[Decision] = []
