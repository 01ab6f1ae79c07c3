"""What several commands share: storage options, progress lines, the snapshot banner."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable

from cockpit.errors import UsageError
from cockpit.text import safe_text

STORAGE_OPTIONS_ENV = "COCKPIT_STORAGE_OPTIONS"


def storage_options(args: argparse.Namespace) -> dict[str, str]:
    """Object-storage options: COCKPIT_STORAGE_OPTIONS (a JSON object, kept out of argv and
    `ps`), then each `--storage-option KEY=VALUE` over it."""
    text = os.environ.get(STORAGE_OPTIONS_ENV, "")
    try:
        options = json.loads(text) if text else {}
    except json.JSONDecodeError:
        options = None
    if not isinstance(options, dict):
        raise UsageError(f"{STORAGE_OPTIONS_ENV} is not a JSON object of strings")
    given = dict(getattr(args, "storage_option", None) or [])
    return {str(k): str(v) for k, v in options.items()} | given


def progress_on_stderr() -> Callable[[str], None] | None:
    """Progress lines for a person watching a terminal; nothing when stderr is redirected."""
    if not sys.stderr.isatty():
        return None

    def say(step: str) -> None:
        print(f"cockpit: {safe_text(step, 200)}", file=sys.stderr, flush=True)

    return say


def banner(line: str, to_stdout: bool) -> None:
    """`data as of … · snapshot …`: a header line, or on stderr where it would break the rows."""
    if to_stdout:
        print(safe_text(line))
    else:
        print(f"cockpit: {safe_text(line)}", file=sys.stderr)
