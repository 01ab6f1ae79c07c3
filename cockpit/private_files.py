"""Folders and files cockpit keeps for one user: private, owned, and never reached through a link.

On a shared server another user may plant a symlink where cockpit is about to write (an export
name in a shared folder, a cache entry), or loosen a folder's permissions. These helpers refuse
links, fix or refuse loose folders, and create files that did not exist before.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from cockpit.errors import CockpitError

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
MAX_NUMBERED = 1000


class UnsafePathError(CockpitError):
    """A path cockpit would write through is a link, a non-folder or another user's."""


def private_folder(path: Path) -> Path:
    """`path` as a folder only this user can enter: created 0700, or checked and tightened."""
    path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        raise UnsafePathError(f"{path} is a symbolic link; remove it and try again")
    if not stat.S_ISDIR(info.st_mode):
        raise UnsafePathError(f"{path} is not a folder; move it away and try again")
    if info.st_uid != os.geteuid():
        raise UnsafePathError(
            f"{path} belongs to another user (uid {info.st_uid}); "
            "remove it or point cockpit at a folder of your own"
        )
    if stat.S_IMODE(info.st_mode) & 0o077:
        path.chmod(PRIVATE_DIR_MODE)  # ours, but open to others: close it
    return path


def folder_access(path: Path) -> str:
    """In words, whether `path` is private to this user (for `cockpit info`)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return "not created yet; will be private (0700)"
    if stat.S_ISLNK(info.st_mode):
        return "a symbolic link: refused"
    if info.st_uid != os.geteuid():
        return f"owned by another user (uid {info.st_uid}): refused"
    mode = stat.S_IMODE(info.st_mode)
    if mode & 0o077:
        return f"open to others ({mode:04o}): cockpit makes it 0700 on next use"
    return "private (0700)"


def _numbered(name: str) -> Iterator[str]:
    """`name`, then `name` with -2, -3, … before its suffix."""
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    yield name
    for number in range(2, MAX_NUMBERED):
        yield f"{stem}-{number}{dot}{suffix}"


def write_new_file(folder: Path, name: str, content: bytes) -> Path:
    """Write `content` to a file under `folder` that did not exist, never through a link.

    When `name` is taken, the next free `name-2`, `name-3`… is used: nothing is overwritten.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    for candidate in _numbered(name):
        path = folder / candidate
        try:
            handle = os.open(path, flags, PRIVATE_FILE_MODE)
        except FileExistsError:
            continue
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return path
    raise UnsafePathError(f"{folder} already holds {MAX_NUMBERED} files named like {name}")
