"""What the TUI opens: the data, its mapping, the period and the settings the CLI read."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cockpit.config import Settings
    from cockpit.data.copies.snapshot import Snapshot


@dataclass(frozen=True)
class Source:
    """What to open: data folder (None: the sample), mapping, period and settings."""

    data: str | None = None
    mapping: str | None = None
    period: str | None = None
    settings: Settings | None = None
    """Settings already read (the CLI reads a config file itself, to exit 2 on errors); None:
    the defaults, built in the worker so pydantic loads after the frame paints."""
    notes: str | None = None
    snapshot: Snapshot | None = None
    """The snapshot pinned by the CLI when DATA is a snapshot root; None: the app pins it."""
    config: str | None = None
    """The --config file given, so the help screen can name the exact report command."""
    storage_options: Mapping[str, str] = field(default_factory=dict, repr=False)
    """Object-storage options (`--storage-option`): may hold secrets, never shown."""
    as_of: date | None = None
    """The review day (--as-of); None: the config's, else the data's."""
    team: str | None = None
    """One team to review (--team); None: everyone."""
