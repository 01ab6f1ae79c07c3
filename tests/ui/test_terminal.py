"""The real program in a real terminal: tmux for what a user sees, a pty for the raw bytes."""

from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path

from tests.helpers.needs import need_tmux
from tests.helpers.paths import HOSTILE
from tests.helpers.terminal import COCKPIT, run_on_pty, wait_for


def test_tmux_smoke_open_switch_panes_quit(tmp_path: Path) -> None:
    need_tmux()
    session = f"cockpit-test-{os.getpid()}"
    socket = str(tmp_path / "tmux.sock")
    tmux = ["tmux", "-S", socket]
    command = " ".join([*COCKPIT, ";", "sleep", "5"])
    subprocess.run([*tmux, "new-session", "-d", "-s", session, "-x", "100", "-y", "30", command],
                   check=True)  # fmt: skip

    def screen() -> str:
        out = subprocess.run([*tmux, "capture-pane", "-p", "-t", session], capture_output=True)
        return out.stdout.decode("utf-8", "replace")

    def keys(*k: str) -> None:
        for key in k:
            subprocess.run([*tmux, "send-keys", "-t", session, key], check=True)
            time.sleep(0.3)

    try:
        assert wait_for(lambda: "Elena Marsh" in screen()), screen()
        keys("4")
        assert wait_for(lambda: "Healthcare" in screen() and "Bookings" in screen()), screen()
        keys("5")
        assert wait_for(lambda: "items to review" in screen()), screen()
        keys("q")
        assert wait_for(lambda: "Elena Marsh" not in screen() and "Sev" not in screen()), screen()
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)


def test_raw_terminal_bytes_carry_no_escape_sequence_from_data() -> None:
    output = run_on_pty([str(HOSTILE)], {}, b"Bold")
    assert b"[@click=app.quit]x[/]" in output  # markup shown literally
    for payload in (b"\x1b[31mRed", b"\x1b]52;c;cHduZWQ=", b"\x1b[0m Rita", "\u202e".encode()):
        assert payload not in output


def test_no_color_paints_in_greys_only() -> None:
    output = run_on_pty([], {"NO_COLOR": "1"}, b"Elena Marsh")
    colours = {int(n) for n in re.findall(rb"\x1b\[[0-9;]*?[34]8;5;(\d+)", output)}
    colours |= {int(n) for n in re.findall(rb";[34]8;5;(\d+)", output)}
    greys = {0, 7, 8, 15, 16, 231, *range(232, 256)}
    assert colours and colours <= greys, sorted(colours - greys)
