"""The `cockpit` command run as a user runs it, in its own process."""

from __future__ import annotations

import subprocess
import sys
from typing import Any


def run_cockpit(
    *args: str | bytes, timeout: float = 120, **options: Any
) -> subprocess.CompletedProcess[str]:
    """Run `python -m cockpit ARGS` in its own process; what a user would see, captured.

    `options` go to `subprocess.run` (cwd, env, umask, input).
    """
    return subprocess.run(
        [sys.executable, "-m", "cockpit", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        **options,
    )


def cockpit(*args: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m cockpit ARGS` and capture what a user would see."""
    return run_cockpit(*args)


def assert_no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr + result.stdout
