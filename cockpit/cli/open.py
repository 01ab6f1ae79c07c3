"""`cockpit [DATA]` and `cockpit serve`: the TUI in a terminal or in a browser."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cockpit.cli.args import open_parser, serve_parser
from cockpit.cli.common import storage_options
from cockpit.errors import DataError, UsageError
from cockpit.runtime import STORAGE_OPTIONS_ENV, Runtime, from_environ

if TYPE_CHECKING:
    from cockpit.config import Settings
    from cockpit.ui.options import UiOptions


SERVED_DATA_ENV = "COCKPIT_SERVED_DATA"
"""How `cockpit serve` hands a tab a DATA that holds a credential: a process's environment is
readable by its own user only, its command line by everyone (`ps`)."""


def run_open(argv: Sequence[str]) -> int:
    """`cockpit [DATA]`: open the TUI on DATA."""
    args = open_parser().parse_args(argv)
    if args.data is None:
        args.data = os.environ.pop(SERVED_DATA_ENV, None)
    _check_data_exists(args.data)
    settings, options = prepare_tui(args)
    check_keys(settings, args.config)
    storage = storage_options(args, _runtime(settings))
    check_cache(_runtime(settings))
    _check_terminal()  # after the checks a config or data mistake gets, which say more
    from cockpit.data.copies.snapshot import open_root
    from cockpit.ui.app import run_app
    from cockpit.ui.source import Source

    # Pinned here, once: a refresh during the session does not change what is shown.
    pinned = open_root(args.data, args.mapping)
    source = Source(
        args.data,
        args.mapping,
        args.period,
        settings,
        args.notes,
        pinned,
        args.config,
        storage,
        args.as_of,
        args.team,
    )
    return run_app(source, options)


def prepare_tui(args: argparse.Namespace) -> tuple[Settings | None, UiOptions]:
    """Settings (None: defaults, built later) and comfort options; sets the animation level.

    Call before Textual is imported: Textual reads TEXTUAL_ANIMATIONS once, at import.
    """
    settings = _settings_if_configured(args.config)
    ui = settings.ui if settings else None
    from cockpit.ui.options import apply_animations, resolve_options

    apply_animations(ui.animations if ui else "auto", os.environ)
    return settings, resolve_options(ui, args.confirm_quit, args.no_mouse)


def check_keys(settings: Settings | None, config: str | None) -> None:
    """A `[keys]` entry naming no binding, or a key another binding of a screen uses, is a
    config error (exit 2) said before the screen takes the terminal. Only a `[keys]` table is
    checked: the check imports every screen, and with it Polars."""
    if settings is None or not settings.keys:
        return
    from cockpit.paths import default_config_path
    from cockpit.ui.keys import check_keymap

    path = Path(config) if config else default_config_path()
    where = f"config file {path}" if path.is_file() else "settings from COCKPIT_* variables"
    check_keymap(settings.keys, where)


def _runtime(settings: Settings | None) -> Runtime:
    """The runtime settings read with the config file, else the environment's alone (without a
    config file, pydantic is not imported before the first frame)."""
    return settings.runtime if settings else from_environ()


def check_cache(runtime: Runtime) -> None:
    """Check the cache folders before the screen takes the terminal: one that is another user's or
    a link is refused and one open to others is closed, and stderr says so now (once the TUI
    runs, what it writes to stderr is not seen). Nothing is created here."""
    if runtime.no_cache:
        return
    from cockpit.paths import cache_dir
    from cockpit.private_files import cache_folder

    for name in ("data", "previews"):
        cache_folder(cache_dir(runtime.cache_dir), name, create=False)


def _check_terminal() -> None:
    """The screen needs keys from a terminal: input from a file or /dev/null would leave it
    drawing forever with nobody able to quit it."""
    if os.environ.get("TEXTUAL_DRIVER"):  # `cockpit serve` drives the app through pipes
        return
    stdin = sys.stdin
    if stdin is None or stdin.closed or not stdin.isatty():
        raise UsageError(
            "the cockpit screen needs a terminal, and its input is not one (a pipe, a file or "
            "/dev/null); for figures without a screen use `cockpit report DATA`"
        )


def _check_data_exists(data: str | None) -> None:
    from cockpit.data.uri import is_remote
    from cockpit.fingerprint import check_readable

    if data and not is_remote(data):
        check_readable(Path(data).expanduser())  # said here, before the screen takes over
        if not Path(data).expanduser().exists():
            raise DataError(f"{data}: no such file or folder")


def _settings_if_configured(config: str | None) -> Settings | None:
    """Settings when a config file is given or exists (errors exit 2 here), else None."""
    from cockpit.paths import default_config_path

    if not (config or default_config_path().is_file()):
        # Without a config file the settings are the defaults, built in the app's worker so
        # pydantic loads after the frame paints.
        return None
    from cockpit.config import read_settings

    return read_settings(Path(config) if config else None)


def run_serve(argv: Sequence[str]) -> int:
    """`cockpit serve`: the same cockpit in a browser, on localhost unless --public."""
    args = serve_parser().parse_args(argv)
    from cockpit.ui.serve import is_loopback, serve

    if not (args.public or is_loopback(args.host)):
        raise UsageError(
            f"--host {args.host} is reachable from other machines and cockpit serve has no "
            "authentication: add --public if that is really meant, or keep the default "
            "127.0.0.1 and use an SSH tunnel"
        )
    _check_data_exists(args.data)
    # A config error is reported here, not in the browser.
    settings = _settings_if_configured(args.config)
    check_keys(settings, args.config)
    storage = storage_options(args, _runtime(settings))
    check_cache(_runtime(settings))
    if storage:
        # Each tab is a child process: its object-storage options (secrets, often) travel in
        # its environment, never in its command line, which every user sees in `ps`.
        os.environ[STORAGE_OPTIONS_ENV] = json.dumps(storage)
    return serve(_served_options(args), args.host, args.port, args.max_tabs, args.allow_host)


def _served_options(args: argparse.Namespace) -> list[str]:
    """The `cockpit` options each browser tab's process is started with (the same as ours);
    DATA travels in the environment instead when it holds a credential."""
    from cockpit.data.uri import public_uri

    options = []
    if args.data and public_uri(args.data) != args.data:
        os.environ[SERVED_DATA_ENV] = args.data
    elif args.data:
        options.append(args.data)
    for flag in ("mapping", "period", "as_of", "config", "notes"):
        value = getattr(args, flag)
        if value is not None:
            options += [f"--{flag.replace('_', '-')}", str(value)]
    flags = {"--confirm-quit": args.confirm_quit, "--no-mouse": args.no_mouse}
    return options + [flag for flag, on in flags.items() if on]
