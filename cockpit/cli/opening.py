"""Opening the data for a command that takes report's source and review options (minutes, brief,
and the subject check of `notes add`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from cockpit.cli.common import progress_on_stderr, storage_options
from cockpit.interrupt import run_interruptibly
from cockpit.text import safe_text

if TYPE_CHECKING:
    from cockpit.config import Settings
    from cockpit.session import Request, Review


def request_of(args: argparse.Namespace, settings: Settings) -> Request:
    """The session request the options describe (absent options: the defaults)."""
    from cockpit import session

    data, mapping = args.data, getattr(args, "mapping", None)
    return session.Request(
        data=data,
        mapping=mapping,
        period=getattr(args, "period", None),
        notes=getattr(args, "notes", None),
        pinned=session.pin(data, mapping),
        storage_options=storage_options(args, settings.runtime),
        runtime=settings.runtime,
        as_of=getattr(args, "as_of", None),
        team=getattr(args, "team", None),
    )


def settings_of(args: argparse.Namespace) -> Settings:
    """The thresholds of --config (else the default config file)."""
    from cockpit.config import read_settings

    config = getattr(args, "config", None)
    return read_settings(Path(config) if config else None)


def open_review_of(args: argparse.Namespace) -> Review:
    """Load the data and compute the panes, saying which notes files could not be read."""
    from cockpit import session

    settings = settings_of(args)
    request = request_of(args, settings)
    review = run_interruptibly(lambda: session.open_review(request, settings, progress_on_stderr()))
    for problem in review.unreadable:
        print(f"cockpit: notes file skipped: {safe_text(problem)}", file=sys.stderr)
    return review


def data_named(args: argparse.Namespace) -> str:
    """What DATA is, in words: the folder or URI as given, or the bundled sample."""
    from cockpit.data.uri import mask_passwords

    return mask_passwords(args.data) if args.data else "the bundled sample"
