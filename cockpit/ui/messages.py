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
