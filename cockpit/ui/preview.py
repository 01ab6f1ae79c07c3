"""The first screen as last computed for the same data and settings, shown while they load.

Opening the cockpit imports Polars and pydantic and computes five panes: about a second. The
Tiers table the manager will see first depends only on the data files, the mapping, the config,
the period and cockpit's own code, so it is kept (as text) under a digest of exactly those and
painted at once when they have not changed. Standard library and Rich only: it must cost
nothing to import (no Polars, no pydantic). Nothing in a stored screen is read as markup.

Where the cache is comes from the runtime settings: those the command line read from a config
file, else the environment's (`cockpit.runtime`, which reads them without pydantic). The stored
screens show CRM data: their folder is private (0700, files 0600), a cache folder that is a link
or another user's is not used (`cockpit.private_files.cache_folder`), and a stored screen that is
not this user's own private file is not shown.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from rich.cells import cell_len
from rich.text import Text

from cockpit import __version__
from cockpit.errors import UsageError
from cockpit.fingerprint import code_files, data_files, stamp
from cockpit.paths import SAMPLE_DATA, cache_dir, default_config_path
from cockpit.private_files import cache_folder
from cockpit.runtime import VARIABLES, Runtime, or_environment
from cockpit.text import safe_text

ROWS = 50


def preview_key(
    data: str | None,
    mapping: str | None,
    period: str | None,
    config: str | None,
    runtime: Runtime | None = None,
    as_of: date | None = None,
) -> str | None:
    """A digest of everything the first screen depends on (None: not a folder, or no cache).

    `runtime`: the settings' runtime values (None: the environment's); `as_of`: --as-of.
    """
    folder = Path(data).expanduser() if data else SAMPLE_DATA
    if not folder.is_dir() or _previews(runtime) is None:
        return None
    digest = hashlib.sha256(f"{__version__}\0{mapping}\0{period}\0{as_of}\0".encode())
    runtime_variables = set(VARIABLES.values())  # where the screen is kept, not what it shows
    for name in sorted(os.environ):
        if name.startswith("COCKPIT_") and name not in runtime_variables:
            digest.update(f"{name}={os.environ[name]}\0".encode())  # thresholds may be set there
    config_file = Path(config) if config else default_config_path()
    extra = [config_file, Path(mapping)] if mapping else [config_file]
    for path in [*data_files(folder), *extra, *code_files()]:
        digest.update(stamp(path))
    return digest.hexdigest()[:40]


def read_preview(key: str | None, runtime: Runtime | None = None) -> dict[str, Any] | None:
    """The stored first screen for `key`, or None (none stored, or unreadable)."""
    folder = _previews(runtime)
    if key is None or folder is None:
        return None
    folder = cache_folder(folder.parent, folder.name, create=False)
    if folder is None:
        return None
    try:
        stored = json.loads(_read_own(folder / f"{key}.json"))
    except (OSError, ValueError):
        return None
    if not isinstance(stored, dict) or not {"labels", "rows", "right"} <= stored.keys():
        return None
    return stored


def write_preview(
    key: str | None,
    labels: list[str],
    rows: list[list[str]],
    right: list[bool],
    runtime: Runtime | None = None,
) -> None:
    """Keep the first screen for next time (atomically; a failure only costs speed)."""
    folder = _previews(runtime)
    if key is None or folder is None:
        return
    folder = cache_folder(folder.parent, folder.name)
    if folder is None:
        return
    try:
        handle, temp = tempfile.mkstemp(dir=folder, suffix=".tmp")  # 0600
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump({"labels": labels, "rows": rows[:ROWS], "right": right}, out)
        Path(temp).replace(folder / f"{key}.json")
        _evict(folder)
    except OSError:
        return


def _read_own(path: Path) -> str:
    """The text of `path` when it is a regular file of this user's, closed to others (as
    `write_preview` leaves it); OSError for anything else, a link included (never followed)."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as stream:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid():
            raise OSError(f"{path} is not a first screen of this user's")
        if stat.S_IMODE(info.st_mode) & 0o077:
            raise OSError(f"{path} is open to others")
        return stream.read().decode("utf-8")


def _previews(runtime: Runtime | None) -> Path | None:
    """The folder of stored first screens, in the cache of `runtime` (None: the environment's);
    None when the cache is off, or the environment's settings are invalid (the load says so)."""
    try:
        resolved = or_environment(runtime)
    except UsageError:
        return None
    return None if resolved.no_cache else cache_dir(resolved.cache_dir) / "previews"


def _evict(folder: Path, keep: int = 20) -> None:
    """Only the most recent previews are kept."""
    stored = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in stored[keep:]:
        old.unlink(missing_ok=True)


NOTE = "Loading… (the table as last computed for this same data and settings)"


def preview_text(stored: dict[str, Any]) -> Text:
    """The stored header and rows as aligned text (the file is data: every cell made safe)."""
    labels = [safe_text(str(label), 40) for label in stored["labels"]]
    rows = [[safe_text(str(cell), 60) for cell in row] for row in stored["rows"]]
    right = [bool(flag) for flag in stored["right"]]
    if not all(len(row) == len(labels) == len(right) for row in rows):
        return Text(NOTE)
    widths = [max(cell_len(c) for c in column) for column in zip(labels, *rows, strict=True)]
    text = Text(NOTE + "\n", style="dim")
    text.append(_line(labels, widths, right) + "\n", style="bold")
    for row in rows:
        text.append(_line(row, widths, right) + "\n")
    return text


def _line(cells: list[str], widths: list[int], right: list[bool]) -> str:
    padded = (
        " " * (w - cell_len(c)) + c if r else c + " " * (w - cell_len(c))
        for c, w, r in zip(cells, widths, right, strict=True)
    )
    return "  " + "  ".join(padded)
