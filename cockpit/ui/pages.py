"""The meeting's pages from the TUI: `M` writes the minutes, `B` (on a rep) the 1:1 brief, as
Markdown into the user's private exports folder, and says where (as `cockpit minutes` and
`cockpit brief` print them)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from cockpit.errors import CockpitError
from cockpit.text import safe_text

if TYPE_CHECKING:
    from cockpit.analytics.panes import Panes
    from cockpit.config import Settings
    from cockpit.data.dataset import Dataset
    from cockpit.session import Request, Review


def review_now(request: Request, settings: Settings, dataset: Dataset, panes: Panes) -> Review:
    """The review on screen, with what managers have recorded up to now."""
    from cockpit import session

    workspace = session.notes_workspace(request)
    recorded, unreadable = session.read_recorded(workspace, datetime.now(UTC).date())
    return session.Review(request, settings, dataset, panes, recorded, workspace, unreadable)


def minutes_page(review: Review) -> tuple[str, str]:
    """The minutes as Markdown, and the file name to keep them under."""
    from cockpit import session
    from cockpit.report.meeting import meeting_record, notes_store
    from cockpit.report.minutes import render_minutes

    today = datetime.now(UTC).date()
    record = meeting_record(review, session.compare(review), notes_store(review), today, None)
    return render_minutes(record, "markdown"), f"cockpit-minutes-{today}.md"


def brief_page(review: Review, rep_id: str) -> tuple[str, str]:
    """The rep's 1:1 brief as Markdown, and the file name to keep it under."""
    from cockpit.report.brief import render_brief
    from cockpit.report.meeting import notes_store, rep_record

    today = datetime.now(UTC).date()
    record = rep_record(review, f"rep:{rep_id}", notes_store(review), today)
    return render_brief(record, "markdown"), f"cockpit-brief-{safe_name(rep_id)}-{today}.md"


def keep_page(text: str, name: str) -> str:
    """Write the page as a new private file; the sentence to show (where, or why not)."""
    from cockpit.paths import exports_dir
    from cockpit.private_files import private_folder, write_new_file

    try:
        folder = exports_dir()
        private_folder(folder.parent)  # the user's cockpit data dir holds notes too
        path = write_new_file(private_folder(folder), name, text.encode("utf-8"))
    except (OSError, CockpitError) as exc:
        return f"Not written: {safe_text(exc, 300)}"
    return f"Written to {safe_text(path)}"


def safe_name(ident: str) -> str:
    """An id as a file-name part: letters, digits, - and _ only (ids come from data)."""
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in ident)[:60] or "rep"
