"""Long reads that Ctrl-C can still stop.

Polars reads a file inside native code, where Python only notices Ctrl-C when the read returns —
minutes later for a 10 GB file. Running the read in a daemon thread keeps the main thread free to
hear Ctrl-C at once and exit with code 130, leaving the abandoned read to end with the process.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
POLL_SECONDS = 0.1


class AbandonedError(Exception):
    """The caller stopped waiting for the work (it goes on, and ends with the process)."""


def run_interruptibly(work: Callable[[], T], stop: Callable[[], bool] | None = None) -> T:
    """`work()`, run in a daemon thread; KeyboardInterrupt reaches the caller at once, and so
    does AbandonedError as soon as `stop()` says to stop waiting (a TUI that quits mid-read)."""
    values: list[T] = []
    errors: list[BaseException] = []

    def target() -> None:
        try:
            values.append(work())
        except BaseException as exc:  # handed to the caller, who reports it
            errors.append(exc)

    thread = threading.Thread(target=target, name="cockpit-read", daemon=True)
    thread.start()
    while thread.is_alive():
        thread.join(POLL_SECONDS)
        if stop is not None and stop():
            raise AbandonedError
    if errors:
        raise errors[0]
    return values[0]
