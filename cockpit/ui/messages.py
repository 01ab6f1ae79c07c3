"""Messages from workers to the app: workers compute, handlers paint."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from textual.message import Message

from cockpit.analytics.leads import Projection
from cockpit.analytics.panes import Panes
from cockpit.config import LeadSettings
from cockpit.data.load import Dataset


@dataclass
class DataReady(Message):
    """The dataset loaded and every pane was computed."""

    dataset: Dataset
    panes: Panes
    unreadable: list[str]
    """Notes files that could not be read (named with line and reason)."""


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


@dataclass
class SaveFailed(Message):
    """Saving failed; nothing was lost from the file, and the message says why."""

    message: str


@dataclass
class LoadProgress(Message):
    """A step of loading has started (shown in the status line)."""

    step: str
