"""`cockpit serve` as a real process, loaded in the Debian chromium (headless) via playwright."""

from __future__ import annotations

import csv
import http.client
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, sync_playwright

from cockpit.paths import SAMPLE_DATA
from cockpit.ui.serve import is_loopback, served_command
from tests.helpers.cli import run_cockpit
from tests.helpers.needs import CHROMIUM, need_chromium
from tests.helpers.serve import free_port, wait_for_port

SERVE = [sys.executable, "-m", "cockpit", "serve"]
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
# Set to keep the browser's screenshot somewhere to look at.
SCREENSHOT = os.environ.get("COCKPIT_SERVE_SCREENSHOT")


def cockpit(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m cockpit ARGS` (from `cwd`) and capture what a user would see."""
    return run_cockpit(*args, timeout=60, cwd=cwd)


@pytest.fixture
def awkward_data(tmp_path: Path) -> Path:
    """The sample data in a folder whose name a shell would misread if it were not quoted."""
    folder = tmp_path / "team data's $(touch pwned); x"
    shutil.copytree(SAMPLE_DATA, folder, ignore=shutil.ignore_patterns("mappings"))
    return folder


@pytest.fixture
def server(tmp_path: Path, awkward_data: Path) -> Iterator[tuple[int, subprocess.Popen[str]]]:
    """`cockpit serve DATA --period … --notes …` on a free port, in its own process group."""
    port = free_port()
    notes = tmp_path / "notes"
    period = ["--period", "2026-01-01:2026-12-31"]
    process = subprocess.Popen(
        [*SERVE, str(awkward_data), "--port", str(port), *period, "--notes", str(notes)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        start_new_session=True,  # Ctrl-C in a terminal reaches the whole process group
    )
    try:
        wait_for_port(port, process)
        yield port, process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def sample_rep_names() -> list[str]:
    with (SAMPLE_DATA / "reps.csv").open(encoding="utf-8") as handle:
        return [row["name"] for row in csv.DictReader(handle)]


def screen_text(page: Page) -> str:
    """The terminal's rows as xterm.js's screen-reader tree holds them."""
    return str(page.evaluate("document.querySelector('.xterm-accessibility-tree').innerText"))


def with_screen_reader_tree(route: Route) -> None:
    """xterm.js paints on a canvas; its screen-reader mode also keeps the rows as DOM text."""
    response = route.fetch()
    body = response.text()
    assert body.count("screenReaderMode:!1") == 1, "textual-serve's xterm.js options changed"
    route.fulfill(
        response=response, body=body.replace("screenReaderMode:!1", "screenReaderMode:!0")
    )


def wait_for_text(page: Page, text: str) -> None:
    page.wait_for_function(
        "t => (document.querySelector('.xterm-accessibility-tree') || {innerText: ''})"
        ".innerText.includes(t)",
        arg=text,
        timeout=45_000,
    )


def test_serve_shows_the_sample_in_chromium_and_ctrl_c_exits_130(
    tmp_path: Path, server: tuple[int, subprocess.Popen[str]]
) -> None:
    need_chromium()
    port, process = server
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            tmp_path / "profile",
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": 1400, "height": 900},
        )
        try:
            page = browser.new_page()
            page.route("**/static/js/textual.js", with_screen_reader_tree)
            page.route("https://fonts.googleapis.com/**", lambda route: route.abort())
            page.goto(f"http://localhost:{port}/", wait_until="domcontentloaded")
            # The period in the title comes with the computed panes (a first screen kept from an
            # earlier open may show the names a moment before).
            wait_for_text(page, "2026-01-01 – 2026-12-31")
            wait_for_text(page, "Elena Marsh")
            shown = screen_text(page)
            assert [n for n in sample_rep_names() if n not in shown] == []
            assert "2026-01-01 – 2026-12-31" in shown  # --period reached the served cockpit
            page.focus("textarea.xterm-helper-textarea")  # where xterm.js takes the keys
            page.keyboard.press("?")
            wait_for_text(page, "Screen readers and scripts")
        finally:
            page.screenshot(path=SCREENSHOT or str(tmp_path / "serve.png"))
            browser.close()
    assert not (tmp_path / "pwned").exists()
    os.killpg(process.pid, signal.SIGINT)
    assert process.wait(timeout=20) == 130
    out = process.stdout.read() if process.stdout else ""
    assert "No authentication" in out
    assert f"ssh -L {port}:localhost:{port}" in out and f"http://localhost:{port}" in out
    assert "Traceback" not in (process.stderr.read() if process.stderr else "")


def test_serve_refuses_other_sites_and_other_host_names(
    server: tuple[int, subprocess.Popen[str]],
) -> None:
    port, _ = server

    def status(path: str, headers: dict[str, str]) -> int:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", path, headers=headers)
        return connection.getresponse().status

    assert status("/", {"Host": f"localhost:{port}"}) == 200
    assert status("/", {"Host": f"rebound.example:{port}"}) == 403
    upgrade = {"Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13"}
    upgrade["Sec-WebSocket-Key"] = "dGhlIHNhbXBsZSBub25jZQ=="
    evil = {"Host": f"localhost:{port}", "Origin": "http://evil.example"}
    assert status("/ws", upgrade | evil) == 403


def test_port_in_use_is_a_clear_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = cockpit("serve", "--port", str(port))
    assert result.returncode == 1
    assert f"port {port} on 127.0.0.1 is already in use" in result.stderr
    assert "Traceback" not in result.stderr


def test_non_loopback_host_needs_public() -> None:
    result = cockpit("serve", "--host", "0.0.0.0")
    assert result.returncode == 2
    assert "no authentication" in result.stderr and "--public" in result.stderr


def test_public_host_repeats_the_warning() -> None:
    port = free_port()
    process = subprocess.Popen(
        [*SERVE, "--host", "0.0.0.0", "--public", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for_port(port, process)
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 130
    out = process.stdout.read() if process.stdout else ""
    assert out.count("WARNING: listening on 0.0.0.0, reachable from the network.") == 2
    assert "No authentication" in out


def test_broken_config_stops_serve_before_listening(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text("[ui]\nmouse = 3\n")
    result = cockpit("serve", "--config", str(config), "--port", str(free_port()))
    assert result.returncode == 2
    assert "ui.mouse" in result.stderr


def test_served_command_quotes_every_option() -> None:
    options = ["team data's $(touch x); y", "--period", "2026-01-01:2026-06-30", "--no-mouse"]
    words = shlex.split(served_command(options))
    assert words == [sys.executable, "-m", "cockpit", *options]


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("localhost", True), ("::1", True), ("127.0.0.2", True),
     ("0.0.0.0", False), ("::", False), ("10.0.0.5", False), ("example.org", False)],
)  # fmt: skip
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback
