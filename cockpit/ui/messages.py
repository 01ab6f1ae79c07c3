"""Messages from workers to the app: workers compute, handlers paint."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

# Type names only: this module is imported before the frame paints, the data stack after.
if TYPE_CHECKING:
    import polars as pl

    from cockpit.analytics.leads import Projection
    from cockpit.analytics.panes import Panes
    from cockpit.config import LeadSettings, Settings
    from cockpit.data.dataset import Dataset
    from cockpit.session import Request


@dataclass
class StackLoaded(Message):
    """Polars and the analytics are imported: the panes can be built while the data loads."""


@dataclass
class DataReady(Message):
    """The dataset loaded and every pane was computed."""

    dataset: Dataset
    panes: Panes
    unreadable: list[str]
    """Notes files that could not be read (named with line and reason)."""
    settings: Settings
    """The settings the panes were computed with (keymap and what-if start from them)."""
    banner: str | None = None
    """`data as of … · snapshot …` when a snapshot root was opened."""


@dataclass
class PanesRecomputed(Message):
    """The panes computed again (a growth conversation saved, another period or team)."""

    panes: Panes
    request: Request
    """What was computed: the period and team the header now says."""


@dataclass
class ChangesReady(Message):
    """The panes compared with the previous snapshot (`changes` columns, review `new`)."""

    panes: Panes
    since: str
    """The previous snapshot's name."""


@dataclass
class LoadFailed(Message):
    """Loading failed: the message in words, and the check report when there is one."""

    message: str
    report: str = ""


@dataclass
class Drill(Message):
    """The user pressed enter on a row: open what it stands for."""

    pane: str
    key: str


@dataclass
class RowRested(Message):
    """The cursor has rested on a pane's row: what enter would open can be gathered now."""

    pane: str
    key: str


@dataclass
class WhatIfReady(Message):
    """The lead what-if was recomputed with new cap, floor or prior strength."""

    leads: pl.DataFrame
    projection: Projection
    settings: LeadSettings


@dataclass
class NoteSaved(Message):
    """A note, action item or review decision was written to the workspace."""

    subject: str
    summary: str
    decision: tuple[str, str] | None = None
    """(item_id, status) when a review decision was recorded."""
    recompute: bool = False
    """The panes depend on what was saved (a growth conversation): compute them again."""


@dataclass
class SaveFailed(Message):
    """Saving failed; nothing was lost from the file, and the message says why."""

    message: str
    revert: tuple[str, str] | None = None
    """(item_id, status) to paint back when a review decision, shown at once, was not saved."""


@dataclass
class LoadProgress(Message):
    """A step of loading has started (shown in the status line)."""

    step: str
