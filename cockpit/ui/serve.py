"""`cockpit serve`: the same cockpit in a browser, through textual-serve.

textual-serve starts one cockpit process per browser tab (a shell command, hence shlex) and
relays the terminal over a websocket. It has no authentication: whoever reaches the port uses
cockpit as the user who started it. So it listens on loopback unless told otherwise, and the
websocket only accepts pages served by this server under a loopback name (a web page on
another site cannot drive it, not even through DNS rebinding).
"""

from __future__ import annotations

import errno
import getpass
import ipaddress
import shlex
import signal
import socket
import sys
from collections.abc import Sequence

from aiohttp import web
from textual_serve.server import Server
from yarl import URL

from cockpit.errors import CockpitError
from cockpit.text import safe_text

LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}


def is_loopback(host: str) -> bool:
    """True for names and addresses that only this machine can reach."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def served_command(options: Sequence[str]) -> str:
    """The shell command textual-serve runs per tab: this Python, `-m cockpit`, the options."""
    return shlex.join([sys.executable, "-m", "cockpit", *options])


def warning_lines(host: str, port: int) -> list[str]:
    """What the user must know before anyone connects: no authentication, and how to tunnel."""
    lines = [
        "No authentication: anyone who can reach this port uses cockpit as you (reads the data, "
        "writes notes in your name). On a shared server that includes every user of this machine.",
        f"From your own computer: ssh -L {port}:localhost:{port} {_user()}@{socket.gethostname()}"
        f", then open http://localhost:{port}",
    ]
    if not is_loopback(host):
        lines.insert(0, f"WARNING: listening on {host}, reachable from the network.")
    return lines


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (containers): the placeholder still shows the shape
        return "user"


def check_port_free(host: str, port: int) -> None:
    """Fail with a clear message now, rather than after the banner, when the port is taken."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise CockpitError(f"cannot listen on {host}: {exc.strerror}") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise _bind_error(host, port, exc) from None


def _bind_error(host: str, port: int, exc: OSError) -> CockpitError:
    if exc.errno == errno.EADDRINUSE:
        return CockpitError(
            f"port {port} on {host} is already in use (another cockpit serve?); "
            "choose another with --port"
        )
    return CockpitError(f"cannot listen on {host}:{port}: {exc.strerror}")


class CockpitServer(Server):
    """textual-serve's server with cockpit's banner, origin checks and a Ctrl-C exit code."""

    def __init__(self, command: str, host: str, port: int) -> None:
        super().__init__(command, host=host, port=port, title="cockpit")
        self.interrupted = False

    async def on_startup(self, app: web.Application) -> None:
        """Say where to connect (the warnings were printed before binding)."""
        import asyncio

        # Ctrl-C is told apart from SIGTERM so the command exits 130, as every cockpit command.
        asyncio.get_running_loop().add_signal_handler(signal.SIGINT, self._interrupt)
        print(f"cockpit serve: http://{_url_host(self.host)}:{self.port}  (Ctrl+C stops it)")
        if not is_loopback(self.host):
            print(warning_lines(self.host, self.port)[0], "No authentication.")
        sys.stdout.flush()

    def _interrupt(self) -> None:
        self.interrupted = True
        self.request_exit()

    def _allowed_host(self, request: web.Request) -> bool:
        """On loopback, only loopback names in the Host header (blocks DNS rebinding)."""
        return not is_loopback(self.host) or is_loopback(request.url.host or "")

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        """The page, with its websocket URL built from the address the browser used."""
        if not self._allowed_host(request):
            raise web.HTTPForbidden(text="cockpit serve: open it as http://localhost:PORT")
        # The browser may come through a tunnel on another local port: point it back there.
        self.public_url = f"{request.scheme}://{request.host}"
        return await super().handle_index(request)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """Start a cockpit for this tab, unless the page came from another site."""
        origin = request.headers.get("Origin")
        same_origin = origin is None or _host_port(URL(origin)) == _host_port(request.url)
        if not (same_origin and self._allowed_host(request)):
            raise web.HTTPForbidden(text="cockpit serve: cross-site connection refused")
        return await super().handle_websocket(request)


def _host_port(url: URL) -> tuple[str | None, int | None]:
    return url.host, url.port


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _quiet_closed_loop(unraisable: sys.UnraisableHookArgs) -> None:
    """Drop only "Event loop is closed" from a tab process's transport collected after Ctrl-C.

    A browser tab's cockpit process can outlive textual-serve's event loop by a moment; its
    transport then complains while being garbage-collected. Nothing is lost, and a traceback at
    exit would only alarm the user. Everything else goes to Python's default hook.
    """
    error = unraisable.exc_value
    if isinstance(error, RuntimeError) and "Event loop is closed" in str(error):
        return
    sys.__unraisablehook__(unraisable)


def serve(options: Sequence[str], host: str, port: int) -> int:
    """Serve cockpit with `options` until Ctrl-C (exit 130); a taken port is exit 1."""
    check_port_free(host, port)
    sys.unraisablehook = _quiet_closed_loop
    for line in warning_lines(host, port):
        print(safe_text(line))
    server = CockpitServer(served_command(options), host, port)
    try:
        server.serve()
    except OSError as exc:  # the port was taken between the check and the bind
        raise _bind_error(host, port, exc) from None
    return 130 if server.interrupted else 0
