"""The real program on a pseudo-terminal: every byte it writes, as a terminal receives them."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import struct
import sys
import termios
import time

COCKPIT = [sys.executable, "-m", "cockpit"]


def wait_for(predicate: object, timeout: float = 20.0) -> bool:
    """Poll `predicate()` until it is true or `timeout` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(0.2)
    return False


def run_on_pty(args: list[str], env: dict[str, str], until: bytes) -> bytes:
    """Run cockpit on a pseudo-terminal until `until` is painted, press q, return every byte."""
    pid, fd = pty.fork()
    if pid == 0:  # child: the real program on a pty
        os.environ.update(TERM="xterm-256color", COLUMNS="120", LINES="40", **env)
        os.execv(sys.executable, [*COCKPIT, *args])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    output = bytearray()

    def read_some(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            ready, _, _ = select.select([fd], [], [], 0.1)
            if ready:
                try:
                    output.extend(os.read(fd, 65536))
                except OSError:
                    return

    try:
        assert wait_for(lambda: (read_some(0.3), until in output)[1], timeout=30), output[-500:]
        read_some(1.0)
        os.write(fd, b"q")
        read_some(2.0)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(fd)
    return bytes(output)
