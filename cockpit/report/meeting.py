"""The minutes and the 1:1 brief gathered from a review: the command line prints them, the TUI
writes them to a file (`M` on the main screen, `B` on a rep's screen)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from cockpit.errors import UsageError

if TYPE_CHECKING:
    import polars as pl

    from cockpit.analytics.panes import Panes
    from cockpit.notes.models import Note
    from cockpit.notes.store import NoteStore
    from cockpit.report.brief import RepRecord
    from cockpit.report.minutes import MeetingRecord
    from cockpit.session import Comparison, Review

DEFAULT_DAYS = 7
"""The minutes cover the last week unless told a day."""
CHANGED_PANES = ("tiers", "growth", "leads", "churn")


def notes_store(review: Review) -> NoteStore:
    """The review's notes workspace (its unreadable files are in `problems` after reading)."""
    from cockpit.notes.store import NoteStore

    return NoteStore(review.workspace)


def meeting_record(
    review: Review, comparison: Comparison, store: NoteStore, today: date, since: date | None
) -> MeetingRecord:
    """What the minutes say: the workspace's records since `since` (default: a week ago),
    the queue as it stands and what changed since the previous snapshot."""
    from cockpit.analytics.subjects import known_subjects
    from cockpit.report.minutes import MeetingRecord

    records = store.scan() if review.workspace.is_dir() else None
    notes = [note for _, note in records.notes()] if records else []
    decisions = [d for _, f in records.files for d in f.decision] if records else []
    if review.request.team:  # the team's minutes: other teams' reps are not on its agenda
        reps = set(review.panes.growth["rep_id"].to_list())
        notes = [n for n in notes if in_team(n.subject, reps)]
        decisions = [d for d in decisions if in_team(f"review:{d.item_id}", reps)]
    pinned = review.request.pinned
    return MeetingRecord(
        since=since or today - timedelta(days=DEFAULT_DAYS),
        today=today,
        scope=review.panes.scope,
        notes=notes,
        decisions=decisions,
        queue=comparison.panes.review.to_dicts(),
        names=known_subjects(review.dataset.lazy_tables(), review.panes.review),
        changes=changes_by_subject(comparison.panes),
        snapshot=pinned.name if pinned else None,
        previous=comparison.previous,
    )


def rep_record(review: Review, subject: str, store: NoteStore, today: date) -> RepRecord:
    """What the brief says about the rep `subject` (`rep:ID`); a UsageError with the closest
    reps when the data has no such rep."""
    from cockpit.analytics.subjects import known_subjects, unknown_subject
    from cockpit.report.brief import RepRecord
    from cockpit.report.history import rep_history

    rep_id = subject.partition(":")[2]
    tables, panes = review.dataset.lazy_tables(), review.panes
    names = known_subjects(tables, panes.review)
    problem = unknown_subject(subject, names)
    if problem:
        raise UsageError(problem)
    notes = store.notes() if review.workspace.is_dir() else []
    return RepRecord(
        rep=tables["reps"].filter(rep_id_is(rep_id)).collect().to_dicts()[0],
        tiers=_row(panes.tiers, rep_id),
        growth=_row(panes.growth, rep_id),
        leads=_row(panes.leads, rep_id),
        items=panes.review.filter(panes.review["subject"] == subject).to_dicts(),
        notes=[n for n in notes if about_rep(n, rep_id)],
        history=rep_history(review, rep_id),
        scope=panes.scope,
        today=today,
        names=names,
    )


def in_team(subject: str, reps: set[str]) -> bool:
    """False for a note about a rep outside `reps` (or a review item on one); segments and
    accounts are every team's."""
    kind, _, ident = subject.partition(":")
    if kind == "review":
        kind, _, ident = ident.partition(":")[2].partition(":")
    return kind != "rep" or ident in reps


def changes_by_subject(panes: Panes) -> list[tuple[str, list[str]]]:
    """What changed per subject since the previous snapshot, every pane's notes merged (a tier
    move shows on Tiers and Growth: said once)."""
    from cockpit.analytics.pane_specs import SPECS

    merged: dict[str, list[str]] = {}
    for pane in CHANGED_PANES:
        frame = SPECS[pane].frame(panes)
        if frame is None or "changes" not in frame.columns:
            continue
        for row in frame.iter_rows(named=True):
            notes = merged.setdefault(SPECS[pane].subject(row).key, [])
            notes += [note for note in row["changes"] or [] if note not in notes]
    return [(subject, notes) for subject, notes in merged.items() if notes]


def rep_id_is(rep_id: str) -> pl.Expr:
    """reps.rep_id equals `rep_id` (ids are compared as text)."""
    import polars as pl

    return pl.col("rep_id").cast(pl.String) == rep_id


def _row(frame: pl.DataFrame | None, rep_id: str) -> dict[str, Any] | None:
    if frame is None:
        return None
    found = frame.filter(rep_id_is(rep_id)).to_dicts()
    return found[0] if found else None


def about_rep(note: Note, rep_id: str) -> bool:
    """The note is about the rep, or about a review item on the rep (`flag:rep:ID`)."""
    kind, _, ident = note.subject.partition(":")
    if kind == "rep":
        return ident == rep_id
    return kind == "review" and ident.partition(":")[2] == f"rep:{rep_id}"
