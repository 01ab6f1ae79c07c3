"""Folders and files cockpit keeps for one user: private, owned, and never reached through a link.

On a shared server another user may plant a symlink where cockpit is about to write (an export
name in a shared folder, a cache entry), or loosen a folder's permissions. These helpers refuse
links, fix or refuse loose folders, and create files that did not exist before.

The cache (validated copies and first screens: CRM data) goes through `cache_folder`: a cache
folder that is a link or another user's is never read or written, and the run goes on without a
cache (it only costs speed), saying once on stderr why and what to do.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

from cockpit.errors import CockpitError
from cockpit.text import safe_text

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
MAX_NUMBERED = 1000


class UnsafePathError(CockpitError):
    """A path cockpit would write through is a link, a non-folder or another user's."""


def private_folder(path: Path) -> Path:
    """`path` as a folder only this user can enter: created 0700, or checked and tightened."""
    with contextlib.suppress(FileExistsError):  # a file or a dangling link: said below
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
    if not stat.S_ISDIR(info.st_mode):
        return "not a folder: refused"
    if info.st_uid != os.geteuid():
        return f"owned by another user (uid {info.st_uid}): refused"
    mode = stat.S_IMODE(info.st_mode)
    if mode & 0o077:
        return f"open to others ({mode:04o}): cockpit makes it 0700 on next use"
    return "private (0700)"


def is_private(path: Path) -> bool:
    """True when `path` (not followed if a link) is this user's and closed to everyone else: what
    cockpit itself creates in a private folder. Anything else there was put by someone else."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return (
        not stat.S_ISLNK(info.st_mode)
        and info.st_uid == os.geteuid()
        and not stat.S_IMODE(info.st_mode) & 0o077
    )


def restrict_files(folder: Path) -> None:
    """Make the files directly in `folder` (written by Polars: umask modes) 0600; links are left
    alone (never followed) and no file is created."""
    for entry in os.scandir(folder):
        if entry.is_file(follow_symlinks=False):
            Path(entry.path).chmod(PRIVATE_FILE_MODE)


_said: set[str] = set()
"""Warnings already written to stderr by this process (each is said once)."""


def warn_once(message: str) -> None:
    """`message` on stderr, once per process (the cache is asked for many times a run)."""
    if message not in _said:
        _said.add(message)
        print(f"cockpit: {safe_text(message)}", file=sys.stderr, flush=True)


CACHE_ADVICE = "set COCKPIT_CACHE_DIR (or cache_dir in [runtime]) to a folder of your own"


def cache_folder(root: Path, name: str, *, create: bool = True) -> Path | None:
    """`root/name`, a folder of the cache only this user can reach, or None: no cache this run.

    `root` and `root/name` are created 0700, or tightened to 0700 when ours and open to others
    (said once on stderr). One that is a link, not a folder or another user's is refused: its
    copies could be forged, so nothing is read from or written to it, and stderr says once which
    path and what to do. With `create` False, a cache not made yet is None (nothing is created).
    A cache that cannot be created (read-only disk) is None too: it only costs speed.
    """
    folder = root / name
    for path in (root, folder):
        if not create and not os.path.lexists(path):
            return None
        before = _mode(path)
        try:
            private_folder(path)
        except UnsafePathError:
            warn_once(
                f"not using the cache this run: {path} {_refused(path)}, so what it holds could "
                f"have been put there by someone else; remove it, or {CACHE_ADVICE}"
            )
            return None
        except OSError:
            return None
        if before is not None and before & 0o077:
            warn_once(
                f"{path} was open to other users ({before:04o}): it is private (0700) now; "
                "check who else can change files there"
            )
    return folder


def _refused(path: Path) -> str:
    """Why `private_folder` refused `path`, in words."""
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        return "is a symbolic link"
    if not stat.S_ISDIR(info.st_mode):
        return "is not a folder"
    return f"belongs to another user (uid {info.st_uid})"


def _mode(path: Path) -> int | None:
    """The permission bits of the folder `path` when it is a folder (a link is not followed)."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return stat.S_IMODE(info.st_mode) if stat.S_ISDIR(info.st_mode) else None


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
