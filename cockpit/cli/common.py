"""What several commands share: storage options, progress lines, the snapshot banner."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

from cockpit.text import safe_text


def keep_storage_options(args: argparse.Namespace) -> None:
    """Hand --storage-option to the loader (and the TUI's worker) through the environment."""
    if args.storage_option:
        import json

        from cockpit.data.source import STORAGE_OPTIONS_ENV

        os.environ[STORAGE_OPTIONS_ENV] = json.dumps(dict(args.storage_option))


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
