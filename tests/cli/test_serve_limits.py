"""`cockpit serve` limits, against a real server process: how many tabs, how big a terminal, and
which Host names (DNS rebinding), with plain HTTP and websocket requests from Python."""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import aiohttp
import pytest

from tests.helpers.serve import free_port, wait_for_port

SERVE = [sys.executable, "-m", "cockpit", "serve"]
REPS = "rep_id,name,quota\nR1,Ann Lee,100000\nR2,Bo Chen,80000\n"
DEALS = (
    "deal_id,rep_id,stage,amount,created_date,close_date\n"
    "D1,R1,won,50000,2026-01-05,2026-02-01\n"
    "D2,R2,lost,20000,2026-01-10,2026-03-01\n"
)
MOVE = re.compile(rb"\x1b\[(\d+);(\d+)H")
"""A cursor move to row;column: a full repaint moves to every row of the terminal."""


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "reps.csv").write_text(REPS, encoding="utf-8")
    (folder / "deals.csv").write_text(DEALS, encoding="utf-8")
    return folder


Start = Callable[..., tuple[int, subprocess.Popen[str]]]


@pytest.fixture
def start_server(tmp_path: Path, data: Path) -> Iterator[Start]:
    """Start `cockpit serve DATA --port P OPTIONS…` (its own process group); killed at the end."""
    started: list[subprocess.Popen[str]] = []

    def start(*options: str) -> tuple[int, subprocess.Popen[str]]:
        port = free_port()
        process = subprocess.Popen(
            [*SERVE, str(data), "--port", str(port), "--notes", str(tmp_path / "notes"), *options],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
            start_new_session=True,
        )
        started.append(process)
        wait_for_port(port, process)
        return port, process

    yield start
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def status(port: int, path: str, host: str, headers: dict[str, str] | None = None) -> int:
    """The HTTP status of GET `path` sent to 127.0.0.1:`port` with `host` in its Host header."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        connection.request("GET", path, headers={"Host": host, **(headers or {})})
        return connection.getresponse().status
    finally:
        connection.close()


UPGRADE = {
    "Connection": "Upgrade",
    "Upgrade": "websocket",
    "Sec-WebSocket-Version": "13",
    "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
}


async def screen(ws: aiohttp.ClientWebSocketResponse, quiet: float = 3, most: float = 45) -> bytes:
    """What the tab's cockpit paints until it is quiet for `quiet` seconds (after a first byte)."""
    painted = b""
    deadline = time.monotonic() + most
    while time.monotonic() < deadline:
        try:
            message = await ws.receive(timeout=quiet)
        except TimeoutError:
            if painted:
                break
            continue
        if message.type == aiohttp.WSMsgType.BINARY:
            painted += message.data
        elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
            break
    return painted


def last_row(painted: bytes) -> int:
    """The lowest row the cockpit drew on: the height of its terminal after a full repaint."""
    return max((int(m.group(1)) for m in MOVE.finditer(painted)), default=0)


def descendants(pid: int) -> list[int]:
    """The processes started, directly or not, by `pid` (from /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
    found, frontier = [], [pid]
    while frontier:
        children = [child for child, parent in parents.items() if parent in frontier]
        found += children
        frontier = children
    return found


def tab_sizes(server_pid: int) -> set[tuple[str, str]]:
    """COLUMNS and ROWS in the environment of each cockpit process a tab started."""
    sizes = set()
    for pid in descendants(server_pid):
        try:
            raw = Path(f"/proc/{pid}/environ").read_bytes()
        except OSError:
            continue
        env = dict(item.split(b"=", 1) for item in raw.split(b"\0") if b"=" in item)
        if b"TEXTUAL_DRIVER" in env:
            sizes.add((env[b"COLUMNS"].decode(), env[b"ROWS"].decode()))
    return sizes


def test_a_huge_terminal_asked_for_on_opening_is_clamped(start_server: Start) -> None:
    port, process = start_server()

    async def open_huge() -> tuple[bytes, set[tuple[str, str]]]:
        url = f"http://127.0.0.1:{port}/ws?width=600&height=300"
        async with aiohttp.ClientSession() as session, session.ws_connect(url) as ws:
            painted = await screen(ws)
            return painted, tab_sizes(process.pid)

    painted, sizes = asyncio.run(open_huge())
    assert sizes == {("500", "200")}
    assert last_row(painted) == 200


def test_a_huge_resize_is_clamped(start_server: Start) -> None:
    port, _ = start_server()

    async def resize_huge() -> tuple[int, int, bool]:
        url = f"http://127.0.0.1:{port}/ws?width=80&height=24"
        async with aiohttp.ClientSession() as session, session.ws_connect(url) as ws:
            before = last_row(await screen(ws))
            await ws.send_json(["resize", {"width": 600, "height": 300}])
            after = last_row(await screen(ws))
            # Not what the page sends: ignored, and the tab goes on.
            await ws.send_str("not json")
            await ws.send_json(["resize", {"width": "lots", "height": None}])
            await ws.send_json(["resize", {"width": 100, "height": 30}])
            alive = bool(await screen(ws)) and not ws.closed
            return before, after, alive

    before, after, alive = asyncio.run(resize_huge())
    assert (before, after, alive) == (24, 200, True)


def test_tabs_beyond_max_tabs_are_refused_in_words_until_one_closes(start_server: Start) -> None:
    port, process = start_server("--max-tabs", "1")
    url = f"http://127.0.0.1:{port}/ws?width=80&height=24"

    async def two_tabs() -> tuple[str, int | None]:
        async with aiohttp.ClientSession() as session:
            async with session.ws_connect(url) as first:
                assert await screen(first)  # the first tab's cockpit runs
                async with session.ws_connect(url) as second:
                    told = b""
                    async for message in second:
                        if message.type == aiohttp.WSMsgType.BINARY:
                            told += message.data
                    code = second.close_code
            # The first tab closed: its place is free again (its cockpit may take a moment).
            deadline = time.monotonic() + 30
            while True:
                async with session.ws_connect(url) as third:
                    painted = await screen(third, quiet=3, most=20)
                if painted and b"--max-tabs" not in painted:
                    break
                assert time.monotonic() < deadline, "the freed tab was never given back"
                await asyncio.sleep(0.5)
            return told.decode(), code

    told, code = asyncio.run(two_tabs())
    assert code == 1013  # try again later
    assert "--max-tabs 1" in told and "Close one, then reload this page" in told
    os.killpg(process.pid, signal.SIGINT)
    process.wait(timeout=30)
    out = process.stdout.read() if process.stdout else ""
    assert "refused a tab: 1 running (--max-tabs 1)" in out
    assert "Traceback" not in (process.stderr.read() if process.stderr else "")


def test_max_tabs_must_be_a_small_whole_number(tmp_path: Path) -> None:
    for value in ("0", "-1", "many", "1000"):
        done = subprocess.run(
            [*SERVE, "--max-tabs", value, "--port", str(free_port())],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=tmp_path,
        )
        assert done.returncode == 2, value
        assert "--max-tabs" in done.stderr and "not a number of tabs" in done.stderr
        assert "Traceback" not in done.stderr


def test_public_still_refuses_a_rebound_host_name(start_server: Start) -> None:
    port, _ = start_server("--host", "0.0.0.0", "--public")
    assert status(port, "/", f"localhost:{port}") == 200
    assert status(port, "/", f"127.0.0.1:{port}") == 200
    assert status(port, "/", f"10.11.12.13:{port}") == 200  # an address: cannot be rebound
    assert status(port, "/", f"rebound.example:{port}") == 403
    assert status(port, "/static/js/textual.js", f"rebound.example:{port}") == 403
    assert status(port, "/download/x", f"rebound.example:{port}") == 403
    assert status(port, "/ws", f"rebound.example:{port}", UPGRADE) == 403


def test_allow_host_adds_a_name_and_only_that_one(start_server: Start) -> None:
    port, process = start_server(
        "--host", "0.0.0.0", "--public", "--allow-host", "Review.Example", "--allow-host", "b.ex"
    )
    assert status(port, "/", f"review.example:{port}") == 200
    assert status(port, "/", f"b.ex:{port}") == 200
    assert status(port, "/", f"rebound.example:{port}") == 403
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    connection.request("GET", "/", headers={"Host": f"evil.example:{port}"})
    refusal = connection.getresponse().read().decode()
    assert "--allow-host evil.example" in refusal and f"http://localhost:{port}" in refusal
    os.killpg(process.pid, signal.SIGINT)
    process.wait(timeout=30)
    out = process.stdout.read() if process.stdout else ""
    assert "Host names accepted: localhost, IP addresses, b.ex, review.example" in out


def test_loopback_serve_refuses_other_names_too(start_server: Start) -> None:
    port, _ = start_server("--allow-host", "tunnel.example")
    assert status(port, "/", f"localhost:{port}") == 200
    assert status(port, "/", f"tunnel.example:{port}") == 200
    assert status(port, "/", f"rebound.example:{port}") == 403


def test_allow_host_takes_a_name_not_a_url(tmp_path: Path) -> None:
    done = subprocess.run(
        [*SERVE, "--allow-host", "http://review.example:8000", "--port", str(free_port())],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert done.returncode == 2
    assert "not a host name" in done.stderr and "no port" in done.stderr


def test_a_tab_gets_a_database_password_by_environment_not_command_line(tmp_path: Path) -> None:
    from cockpit.paths import SAMPLE_DATA
    from tests.helpers.db import canonical_tables, sqlite_copy

    planted = "pl4nted-S3cret"
    uri = sqlite_copy(canonical_tables(SAMPLE_DATA), tmp_path / "crm.db") + f"?password={planted}"
    port = free_port()
    process = subprocess.Popen(
        [*SERVE, uri, "--port", str(port), "--notes", str(tmp_path / "notes")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
        start_new_session=True,
    )  # fmt: skip
    try:
        wait_for_port(port, process)

        async def open_tab() -> tuple[bytes, list[bytes]]:
            url = f"http://127.0.0.1:{port}/ws?width=100&height=30"
            async with aiohttp.ClientSession() as session, session.ws_connect(url) as ws:
                painted = await screen(ws)
                lines = []
                for pid in descendants(process.pid):
                    with contextlib.suppress(OSError):
                        lines.append(Path(f"/proc/{pid}/cmdline").read_bytes())
                return painted, lines

        painted, command_lines = asyncio.run(open_tab())
        assert b"Elena Marsh" in painted  # the tab opened the database
        assert command_lines and not any(planted.encode() in line for line in command_lines)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
