"""What several commands share: runtime and storage options, progress lines, the banner."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from cockpit.runtime import Runtime, from_environ, or_environment
from cockpit.text import safe_text


def runtime_settings(config: str | None) -> Runtime:
    """The runtime settings of a command that reads no thresholds: the `[runtime]` table of the
    config file (--config, else the default one when it exists) under the COCKPIT_* variables.

    Without a config file they are the environment's alone, read without importing pydantic.
    """
    from cockpit.paths import default_config_path

    if not (config or default_config_path().is_file()):
        return from_environ()
    from cockpit.config import read_runtime

    return read_runtime(Path(config) if config else None)


def time_zone(config: str | None) -> str:
    """The `[data] timezone` dates with an offset are converted to (`check`, `refresh`)."""
    from cockpit.config import read_data_settings

    return read_data_settings(Path(config) if config else None).timezone


def storage_options(args: argparse.Namespace, runtime: Runtime | None = None) -> dict[str, str]:
    """Object-storage options: those of the runtime settings (COCKPIT_STORAGE_OPTIONS, a JSON
    object kept out of argv and `ps`, or the config file's; None: the environment's), then each
    `--storage-option KEY=VALUE` over them."""
    given = dict(getattr(args, "storage_option", None) or [])
    return dict(or_environment(runtime).storage_options) | given


def progress_on_stderr() -> Callable[[str], None] | None:
    """Progress lines for a person watching a terminal; nothing when stderr is redirected."""
    if not sys.stderr.isatty():
        return None

    def say(step: str) -> None:
        print(f"cockpit: {safe_text(step, 200)}", file=sys.stderr, flush=True)

    return say


def banner(line: str, to_stdout: bool) -> None:
    """`data as of … · snapshot …`: a header line, or on stderr where it would break the rows."""
    if to_stdout:
        print(safe_text(line))
    else:
        print(f"cockpit: {safe_text(line)}", file=sys.stderr)
