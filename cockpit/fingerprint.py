"""What a result depends on, stamped cheaply: which files, their size and modification time.

Standard library only, so the first screen can use it before Polars is imported.
"""

from __future__ import annotations

import os
from pathlib import Path


def data_files(folder: Path) -> list[Path]:
    """Every file under `folder` that data could come from, following `current` links.

    Hidden entries are left out: the notes workspace (`.cockpit`) changes with every note, and a
    half-written snapshot (`.incoming-…`) is not data yet.
    """
    found = []
    for root, dirs, names in os.walk(folder, followlinks=True):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [Path(root, n) for n in names if not n.startswith(".")]
    return sorted(found)


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
