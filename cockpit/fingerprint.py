"""What a result depends on, stamped cheaply: which files, their size and modification time.

Standard library only, so the first screen can use it before Polars is imported.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from cockpit.errors import DataError

MAX_DEPTH = 16
"""Folders below a data folder that are looked into: a hive layout needs 3 or 4."""


class TooDeepError(DataError):
    """A data folder nested deeper than MAX_DEPTH (it is not a folder of tables)."""


def check_readable(folder: Path) -> None:
    """Refuse a data folder this user may not list or enter, naming it: unchecked, the first
    look inside fails on a path under it that does not exist (`reps/`, a hive table's folder).

    A path that is missing or not a folder passes: that is for the caller to say.
    """
    try:
        if not stat.S_ISDIR(folder.stat().st_mode):
            return
        with os.scandir(folder) as entries:  # listing it needs read permission
            first = next(entries, None)
        if first is not None:
            first.stat(follow_symlinks=False)  # looking at what is in it needs execute
    except PermissionError:
        raise DataError(
            f"{folder}: this folder cannot be read (permission denied); ask its owner for "
            "read access, or copy the data to a folder you can read"
        ) from None
    except OSError:
        return  # missing, or not a folder


def data_files(folder: Path) -> list[Path]:
    """Every regular file under `folder` that data could come from, following `current` links.

    Hidden entries are left out: the notes workspace (`.cockpit`) changes with every note, and a
    half-written snapshot (`.incoming-…`) is not data yet. A folder reached twice (a link back to
    a parent) is walked once; FIFOs and devices are not files; deeper than MAX_DEPTH is an error.
    """
    found: list[Path] = []
    seen: set[tuple[int, int]] = set()
    pending = [(folder, 0)]
    while pending:
        current, depth = pending.pop()
        try:
            info = current.stat()
            entries = list(os.scandir(current))
        except OSError:
            continue
        if (info.st_dev, info.st_ino) in seen:
            continue
        seen.add((info.st_dev, info.st_ino))
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if _is_dir(entry):
                if depth + 1 > MAX_DEPTH:
                    raise TooDeepError(
                        f"{folder}: folders nested more than {MAX_DEPTH} deep ({entry.path}); "
                        "give the folder that holds reps.csv and deals.csv (or a snapshot root)"
                    )
                pending.append((Path(entry.path), depth + 1))
            elif _is_regular(entry):
                found.append(Path(entry.path))
    return sorted(found)


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()  # follows links: `current` points at a snapshot
    except OSError:
        return False


def _is_regular(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()  # a FIFO, socket or device is not
    except OSError:
        return False


def code_files() -> list[Path]:
    """Every Python file of the installed cockpit package, sorted.

    Results kept across runs (the validated copy, the first screen) are keyed by all of the
    code, not by a list of folders: a module moved to another room must still change the key.
    """
    package = Path(__file__).resolve().parent
    return sorted(package.rglob("*.py"))


def stamp(path: Path, relative_to: Path | None = None) -> bytes:
    """`path` with its size and modification time (a missing file stamps as missing)."""
    name = path.relative_to(relative_to) if relative_to else os.path.realpath(path)
    try:
        info = path.stat()
    except OSError:
        return f"{name}\0-\0".encode()
    return f"{name}\0{info.st_size}\0{info.st_mtime_ns}\0".encode()
