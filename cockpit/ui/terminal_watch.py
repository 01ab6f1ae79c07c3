"""Quit when the terminal is gone, even when no SIGHUP says so.

A dropped SSH session, a killed tmux server or a closed terminal window hangs the terminal up,
and a process that ignores SIGHUP (`nohup`, some session managers) or never gets it (it is not
the session leader) keeps running. Textual's input thread then reads end-of-file in a loop and
holds most of a core forever (textual 8.2.8, `LinuxDriver.run_input_thread`; upstream
Textualize/textual#6690 stops the loop but leaves the app running). So a thread of ours waits
for the hang-up and ends the app.
"""

from __future__ import annotations

import contextlib
import os
import select
import sys
import threading
from typing import IO, Any

from textual.app import App

EXIT_TERMINAL_GONE = 129
"""The code a shell gives a process ended by SIGHUP (128 + 1): the same event, said the same."""
HANGUP = select.POLLHUP | select.POLLERR | select.POLLNVAL
CHECK_MS = 500
"""How often the watch also looks whether the app has ended on its own (then it stops)."""
GRACE_SECONDS = 1.5
"""How long Textual may take to shut down before the process ends without it. Its output
thread dies on the first write to a hung-up terminal, and its shutdown then waits forever for
room in that thread's queue. Ending the process is safe: notes are written atomically, and
nothing else cockpit writes is left half-done by a process that stops."""


def watch(app: App[Any], terminal: IO[str] | None = None) -> threading.Thread | None:
    """End `app` with code 129 once `terminal` (default: the real stdin) hangs up. Returns the
    watching thread, or None when there is no terminal to watch (Pilot tests, a browser tab)."""
    fd = _terminal_fd(sys.__stdin__ if terminal is None else terminal)
    if fd is None or app.is_headless:
        return None
    thread = threading.Thread(
        target=_until_hangup, args=(app, fd), name="cockpit-terminal-watch", daemon=True
    )
    thread.start()
    return thread


def _terminal_fd(stream: IO[str] | None) -> int | None:
    """The file descriptor of `stream` when it is a terminal, else None."""
    try:
        fd = stream.fileno() if stream is not None else -1
    except (OSError, ValueError):  # closed, or a stand-in without a descriptor
        return None
    return fd if fd >= 0 and os.isatty(fd) else None


def _until_hangup(app: App[Any], fd: int) -> None:
    """Wait (blocked, not polling) until the terminal hangs up, then end the app."""
    poller = select.poll()
    # No events asked for: hang-ups and errors are always reported, and the keys stay Textual's.
    poller.register(fd, 0)
    while app.is_running:
        try:
            events = poller.poll(CHECK_MS)
        except InterruptedError:
            continue
        if any(mask & HANGUP for _, mask in events):
            _end(app)
            return


def _end(app: App[Any]) -> None:
    """Ask the app to exit with 129; end the process after GRACE_SECONDS if it cannot."""
    last_resort = threading.Timer(GRACE_SECONDS, os._exit, args=(EXIT_TERMINAL_GONE,))
    last_resort.daemon = True
    last_resort.start()
    with contextlib.suppress(RuntimeError):  # the app finished meanwhile: nothing to end
        app.call_from_thread(app.exit, None, EXIT_TERMINAL_GONE)
