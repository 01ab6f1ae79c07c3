"""`cockpit serve`: the same cockpit in a browser, through textual-serve.

textual-serve starts one cockpit process per browser tab (a shell command, hence shlex) and
relays the terminal over a websocket. It has no authentication: whoever reaches the port uses
cockpit as the user who started it. So it listens on loopback unless told otherwise, and:

- every request must name this server in its Host header: a loopback name, the --host address,
  an IP address, or a name given with --allow-host, even with --public. A web page on another
  site that rebinds its own name to this machine (DNS rebinding) sends its name: refused. An IP
  address cannot be rebound: it only comes from a browser told to open it;
- the websocket only accepts pages served by this server (its Origin is this host and port);
- at most --max-tabs tabs run at once (one cockpit process each); one more is told so and closed
  with code 1013 (try again later);
- a tab's terminal is at most MAX_COLUMNS x MAX_ROWS cells: a larger size, when the tab opens or
  later, is clamped (a huge terminal costs the server a huge screen buffer).
"""

from __future__ import annotations

import errno
import getpass
import ipaddress
import shlex
import signal
import socket
import sys
from collections.abc import Collection, Sequence

from aiohttp import WSCloseCode, WSMsgType, web
from aiohttp.typedefs import Handler
from textual_serve.app_service import AppService
from textual_serve.server import Server
from yarl import URL

from cockpit.errors import CockpitError
from cockpit.text import safe_text

LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}
DEFAULT_MAX_TABS = 8
MAX_COLUMNS = 500
MAX_ROWS = 200
"""The largest terminal a tab gets (a 4K screen at a small font is about 480 x 135 cells)."""


def is_loopback(host: str) -> bool:
    """True for names and addresses that only this machine can reach."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def is_address(host: str) -> bool:
    """True for an IP address (not a name: nothing a DNS server could rebind)."""
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def host_allowed(host: str, bound: str, allowed: Collection[str]) -> bool:
    """True when `host` (of a request's Host header, without the port) names this server:
    a loopback name, the address it was started on, an IP address, or one of `allowed`."""
    name = host.strip("[]").rstrip(".").lower()
    if not name:
        return False
    return (
        is_loopback(name)
        or name == bound.strip("[]").lower()
        or is_address(name)
        or name in {a.lower() for a in allowed}
    )


def clamp_size(width: object, height: object) -> tuple[int, int] | None:
    """A terminal size a tab may have: each side at least 1 and at most MAX_COLUMNS x MAX_ROWS;
    None when the browser did not send two whole numbers."""
    sides = []
    for value in (width, height):
        if isinstance(value, str):
            try:
                value = int(value)
            except ValueError:
                return None
        if not isinstance(value, int) or isinstance(value, bool):
            return None
        sides.append(value)
    return max(1, min(sides[0], MAX_COLUMNS)), max(1, min(sides[1], MAX_ROWS))


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
    """textual-serve's server with cockpit's banner, host and origin checks, a cap on tabs and on
    their size, and a Ctrl-C exit code."""

    def __init__(
        self,
        command: str,
        host: str,
        port: int,
        max_tabs: int = DEFAULT_MAX_TABS,
        allowed_hosts: Collection[str] = (),
    ) -> None:
        super().__init__(command, host=host, port=port, title="cockpit")
        self.interrupted = False
        self.max_tabs = max_tabs
        self.allowed_hosts = frozenset(allowed_hosts)
        self.tabs = 0
        """Tabs whose cockpit process is running."""

    async def _make_app(self) -> web.Application:
        """textual-serve's routes, each behind the Host check."""
        app = await super()._make_app()

        @web.middleware  # marks it as a (request, handler) middleware for aiohttp 3
        async def check_host(request: web.Request, handler: Handler) -> web.StreamResponse:
            return await self._check_host(request, handler)

        app.middlewares.append(check_host)
        return app

    async def _check_host(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Refuse a request whose Host header names another server (DNS rebinding)."""
        host = request.url.host or ""
        if not host_allowed(host, self.host, self.allowed_hosts):
            raise web.HTTPForbidden(
                text=f"cockpit serve: the host name {safe_text(host, 100)!r} is not this "
                f"server's (a web page may be rebinding its own name to it). Open "
                f"http://localhost:{self.port} through an SSH tunnel, or restart cockpit serve "
                f"with --allow-host {safe_text(host, 100)} if that name is really yours."
            )
        return await handler(request)

    async def on_startup(self, app: web.Application) -> None:
        """Say where to connect (the warnings were printed before binding)."""
        import asyncio

        # Ctrl-C is told apart from SIGTERM so the command exits 130, as every cockpit command.
        asyncio.get_running_loop().add_signal_handler(signal.SIGINT, self._interrupt)
        print(f"cockpit serve: http://{_url_host(self.host)}:{self.port}  (Ctrl+C stops it)")
        if not is_loopback(self.host):
            print(warning_lines(self.host, self.port)[0], "No authentication.")
            names = ", ".join(["localhost", "IP addresses", *sorted(self.allowed_hosts)])
            print(f"Host names accepted: {safe_text(names)} (add one with --allow-host NAME)")
        sys.stdout.flush()

    def _interrupt(self) -> None:
        self.interrupted = True
        self.request_exit()

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        """The page, with its websocket URL built from the address the browser used (the Host
        header was checked by `_check_host`)."""
        # The browser may come through a tunnel on another local port: point it back there.
        self.public_url = f"{request.scheme}://{request.host}"
        return await super().handle_index(request)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """Start a cockpit for this tab, unless the page came from another site or --max-tabs
        tabs are running; its terminal size clamped."""
        origin = request.headers.get("Origin")
        if not (origin is None or _host_port(URL(origin)) == _host_port(request.url)):
            raise web.HTTPForbidden(text="cockpit serve: cross-site connection refused")
        if self.tabs >= self.max_tabs:
            return await self._refuse_tab(request)
        size = clamp_size(request.query.get("width", "80"), request.query.get("height", "24"))
        width, height = size or (80, 24)
        clamped = request.clone(rel_url=request.rel_url.update_query(width=width, height=height))
        self.tabs += 1
        try:
            return await super().handle_websocket(clamped)
        finally:
            self.tabs -= 1

    async def _refuse_tab(self, request: web.Request) -> web.WebSocketResponse:
        """Tell the tab, in its terminal, that the server is full, and close it (code 1013)."""
        full = (
            f"cockpit serve already runs {self.tabs} tab(s), the most it runs at once "
            f"(--max-tabs {self.max_tabs}). Close one, then reload this page."
        )
        print(f"cockpit serve: refused a tab: {self.tabs} running (--max-tabs {self.max_tabs})")
        sys.stdout.flush()
        websocket = web.WebSocketResponse()
        await websocket.prepare(request)
        await websocket.send_bytes(f"\r\n{full}\r\n".encode())
        reason = f"too many tabs (--max-tabs {self.max_tabs}); close one and reload"
        await websocket.close(code=WSCloseCode.TRY_AGAIN_LATER, message=reason.encode())
        return websocket

    async def _process_messages(
        self, websocket: web.WebSocketResponse, app_service: AppService
    ) -> None:
        """textual-serve's relay of a tab's messages (1.1.3), with sizes clamped and messages
        that are not what its page sends ignored instead of ending the tab."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = message.json()
            except ValueError:
                continue
            if not isinstance(envelope, list) or not envelope:
                continue
            kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
            if kind == "stdin" and isinstance(data, str):
                await app_service.send_bytes(data.encode("utf-8", "replace"))
            elif kind == "resize" and isinstance(data, dict):
                size = clamp_size(data.get("width"), data.get("height"))
                if size is not None:
                    await app_service.set_terminal_size(*size)
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await app_service.blur()
            elif kind == "focus":
                await app_service.focus()


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


def serve(
    options: Sequence[str],
    host: str,
    port: int,
    max_tabs: int = DEFAULT_MAX_TABS,
    allowed_hosts: Collection[str] = (),
) -> int:
    """Serve cockpit with `options` until Ctrl-C (exit 130); a taken port is exit 1."""
    check_port_free(host, port)
    sys.unraisablehook = _quiet_closed_loop
    for line in warning_lines(host, port):
        print(safe_text(line))
    server = CockpitServer(served_command(options), host, port, max_tabs, allowed_hosts)
    try:
        server.serve()
    except OSError as exc:  # the port was taken between the check and the bind
        raise _bind_error(host, port, exc) from None
    return 130 if server.interrupted else 0
