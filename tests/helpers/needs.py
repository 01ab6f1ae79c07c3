"""Parts of the machine some tests need (tmux, chromium, PostgreSQL): skip with how to get them.

`.ci/run` installs every part and sets COCKPIT_TEST_STRICT=1, so in CI a missing part fails the
test instead of skipping it.
"""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
POSTGRES_ADDRESS = ("127.0.0.1", 5432)


def _missing(what: str, how: str) -> None:
    """Skip (or, under COCKPIT_TEST_STRICT=1, fail) naming what is missing and how to get it."""
    reason = f"{what} is missing: {how}"
    if os.environ.get("COCKPIT_TEST_STRICT") == "1":
        pytest.fail(f"{reason} (COCKPIT_TEST_STRICT=1: nothing may be skipped)")
    pytest.skip(reason)


def need_tmux() -> None:
    """The real terminal tests drive tmux."""
    if not shutil.which("tmux"):
        _missing("tmux", "apt-get install tmux")


def need_chromium() -> None:
    """The browser test drives the Debian chromium (playwright's own downloads are never used)."""
    if not CHROMIUM.exists():
        _missing(str(CHROMIUM), "apt-get install chromium chromium-driver")


def need_postgres() -> None:
    """The database tests use PostgreSQL at 127.0.0.1:5432 (trust auth, database `test`)."""
    try:
        socket.create_connection(POSTGRES_ADDRESS, timeout=2).close()
    except OSError:
        _missing(
            "PostgreSQL at 127.0.0.1:5432",
            "start it (pg_ctlcluster <version> main start) with trust auth and a database `test`",
        )
