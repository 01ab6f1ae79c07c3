"""First paint on a real pseudo-terminal: cockpit against a bare Textual app.

    python -m cockpit.bench.first_paint [--runs N] [DATA]

Prints the median seconds from process start until the bare app shows READY, until cockpit's
frame shows, and until the first rep name is visible, and the ratios (goal ≤ 1.5×).
"""

from __future__ import annotations

import argparse
import os
import pty
import select
import signal
import statistics
import sys
import time

SIZE = (40, 120)
SETTLE = 1.5
"""Seconds left after the data shows before a drill is timed (the index warms up meanwhile)."""


def time_until(
    args: list[str], marker: bytes, timeout: float = 60.0, env: dict[str, str] | None = None
) -> float:
    """Seconds from spawning `args` on a pty, with `env` added to its environment, until
    `marker` appears in its output."""
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ.update(TERM="xterm-256color", LINES=str(SIZE[0]), COLUMNS=str(SIZE[1]))
        os.environ.update(env or {})
        os.execv(sys.executable, [sys.executable, *args])
    seen = bytearray()
    try:
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    seen.extend(os.read(fd, 65536))
                except OSError:
                    break
                if marker in seen:
                    return time.perf_counter() - start
        raise RuntimeError(f"{marker!r} did not appear within {timeout} s")
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


def time_to_drill(
    args: list[str], ready: bytes, marker: bytes, keys: bytes = b"\r", timeout: float = 120.0
) -> float:
    """Seconds from typing `keys` (once `ready` showed and the app settled) until `marker`."""
    pid, fd = pty.fork()
    if pid == 0:
        os.environ.update(TERM="xterm-256color", LINES=str(SIZE[0]), COLUMNS=str(SIZE[1]))
        os.execv(sys.executable, [sys.executable, *args])
    try:
        _read_until(fd, ready, timeout)
        _read_until(fd, b"\x00never", SETTLE)  # let the first paint and the index warm-up end
        start = time.perf_counter()
        os.write(fd, keys)
        _read_until(fd, marker, timeout)
        return time.perf_counter() - start
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


def _read_until(fd: int, marker: bytes, timeout: float) -> bool:
    """Read the pty until `marker` shows (True) or `timeout` passes (False)."""
    seen = bytearray()
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.005)
        if ready:
            seen.extend(os.read(fd, 65536))
            if marker in seen:
                return True
    if marker != b"\x00never":
        raise RuntimeError(f"{marker!r} did not appear within {timeout} s")
    return False


def main(argv: list[str] | None = None) -> int:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(prog="python -m cockpit.bench.first_paint")
    parser.add_argument("data", nargs="?", help="data folder (default: the bundled sample)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rep", default="Elena Marsh", help="a rep name to wait for")
    args = parser.parse_args(argv)
    data = [args.data] if args.data else []
    cockpit = ["-m", "cockpit", *data]
    rows = {
        "bare Textual app: READY": (["-m", "cockpit.bench.apps.bare_app"], b"READY"),
        "cockpit: frame painted": (cockpit, b"Loading"),  # the status line of the frame
        f"cockpit: {args.rep} visible": (cockpit, args.rep.encode()),
    }
    medians = {
        label: statistics.median(time_until(cmd, marker) for _ in range(args.runs))
        for label, (cmd, marker) in rows.items()
    }
    bare = medians["bare Textual app: READY"]
    print(f"first paint, median of {args.runs} runs on a {SIZE[1]}x{SIZE[0]} pty")
    for label, seconds in medians.items():
        print(f"  {label:<34} {seconds:6.3f} s   {seconds / bare:4.2f}× bare")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
