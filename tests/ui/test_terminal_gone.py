"""The terminal goes away without SIGHUP (a dropped SSH session, a killed tmux server under
`nohup`): cockpit ends within seconds instead of spinning on end-of-file for ever."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time
from dataclasses import dataclass
from pathlib import Path

from tests.helpers.paths import TESTS
from tests.helpers.terminal import COCKPIT, wait_for

WATCHED = [sys.executable, str(TESTS / "helpers" / "watched_cockpit.py")]
TICK = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Ending:
    """How a process ended after its terminal was hung up."""

    seconds: float | None
    """From the hang-up to the exit (None: still running after the wait; then killed)."""
    code: int | None
    """Its exit code (None: killed by a signal, or by the test)."""
    cpu: float
    """Seconds of CPU it used from the hang-up on."""


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a running process, from /proc/PID/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def idle(pid: int, drain: object) -> bool:
    """True when `pid` used under 0.05 s of CPU in the last half second (reading its output)."""
    start, end = cpu_seconds(pid), time.monotonic() + 0.5
    while time.monotonic() < end:
        drain()  # type: ignore[operator]
    return cpu_seconds(pid) - start < 0.05


def hang_up_when_idle(command: list[str], painted: bytes, wait: float = 5.0) -> Ending:
    """Run `command` on a pty with SIGHUP ignored (as under nohup); once `painted` is on the
    terminal and the process is idle (data loaded), close the terminal's master side: the
    terminal is gone, and no SIGHUP arrives."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: SIG_IGN survives exec, as `nohup` relies on
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
        os.environ.update(TERM="xterm-256color")
        os.execv(command[0], command)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    output = bytearray()

    def drain() -> bool:
        if select.select([fd], [], [], 0.1)[0]:
            with contextlib.suppress(OSError):
                output.extend(os.read(fd, 65536))
        return painted in output

    try:
        assert wait_for(drain, timeout=60), bytes(output[-400:])
        assert wait_for(lambda: idle(pid, drain), timeout=60), "never idle after the first paint"
        before = cpu_seconds(pid)
        os.close(fd)
        hung_up = time.monotonic()
        while time.monotonic() - hung_up < wait:
            done, status, usage = os.wait4(pid, os.WNOHANG)
            if done:
                cpu = usage.ru_utime + usage.ru_stime - before
                code = os.waitstatus_to_exitcode(status)
                return Ending(time.monotonic() - hung_up, code if code >= 0 else None, cpu)
            time.sleep(0.05)
        cpu = cpu_seconds(pid) - before
        return Ending(None, None, cpu)
    finally:
        with contextlib.suppress(ProcessLookupError, ChildProcessError):
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        with contextlib.suppress(OSError):
            os.close(fd)


def test_cockpit_ends_within_seconds_when_its_terminal_is_gone() -> None:
    ending = hang_up_when_idle(WATCHED, b"cockpit")
    assert ending.seconds is not None, f"running 5 s after the hang-up ({ending.cpu:.1f} s CPU)"
    assert ending.code == 129  # 128 + SIGHUP, as a shell reports a hung-up process
    # Spinning on end-of-file costs 0.5-1 s of CPU every second: the watch blocks in poll(),
    # and the shutdown (at most 1.5 s before the process ends itself) is mostly waiting.
    assert ending.cpu < 0.5 * max(ending.seconds, 1.0), ending


def test_the_cockpit_command_ends_when_its_terminal_is_gone() -> None:
    ending = hang_up_when_idle(COCKPIT, b"cockpit")
    assert ending.seconds is not None and ending.code == 129, ending
