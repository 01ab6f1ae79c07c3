"""Crash-safe file replacement that keeps a shared file's mode and group.

The recipe: write a temp file in the same directory, fsync it, `os.replace` it over the target,
fsync the directory. A reader (or a crash at any instant) sees the old file or the new one, never
half of one. Two things the textbook recipe gets wrong for a workspace several managers share:

- the temp file is created 0600 (mkstemp) or umask-filtered (0644), so a 0660 file in a setgid
  folder would lose its group write bit and lock the other managers out. We copy the old file's
  mode and group onto the temp file before it replaces the target;
- a new file or folder in a setgid (group-shared) folder gets the folder's group read/write bits
  too, so the first manager's umask does not decide for the team; and never "other" bits, so a
  `umask 002` (0664 files, 0775 folders) does not open the team's notes to every user of the
  machine. Only new ones: an existing file keeps its mode.

A new file in a private folder (no group or other access, e.g. the per-user workspace) is private
too (0600), whatever the umask.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from pathlib import Path


class ChangedDuringSaveError(Exception):
    """The target changed between our read and our replace (someone edited it by hand)."""


class UnsafeFileError(OSError):
    """A workspace path that is a link or not a regular file: never read or written through."""

    def __init__(self, path: Path, why: str) -> None:
        super().__init__(errno.EPERM, why, str(path))


LINK_REFUSED = (
    "is a symbolic link; cockpit never follows links inside the notes workspace (on a shared "
    "server one can point at another user's private file): remove the link"
)


def refuse_link(path: Path) -> None:
    """UnsafeFileError when `path` exists as a symbolic link (checked without following it)."""
    with contextlib.suppress(FileNotFoundError):
        if stat.S_ISLNK(os.lstat(path).st_mode):
            raise UnsafeFileError(path, LINK_REFUSED)


def shared_bits(directory: Path) -> int:
    """Group read/write bits to add to new files in `directory` when it is setgid, else 0."""
    mode = directory.stat().st_mode
    return mode & 0o060 if mode & stat.S_ISGID else 0


def closed_bits(directory: Path) -> int:
    """Permission bits a new file in `directory` must not have: "other" in a setgid (group-shared)
    folder, group and other in a private one (no group or other access), else none."""
    mode = directory.stat().st_mode
    if mode & stat.S_ISGID:
        return 0o007
    return 0o077 if not mode & 0o077 else 0


def new_file_mode(current: int, directory: Path) -> int:
    """The permission bits of a file just created in `directory` with `current` (the umask's)."""
    return (stat.S_IMODE(current) | shared_bits(directory)) & ~closed_bits(directory)


def make_dirs(path: Path, within: Path | None = None) -> None:
    """Create `path` and missing parents.

    A new folder in a setgid (group-shared) folder gets its group bits and setgid, never "other"
    bits. A new folder below `within` (the workspace) is also closed to those its parent is closed
    to, so a private workspace stays private; above it, the umask decides, as for `mkdir -p`.
    """
    if path.is_dir():
        return
    refuse_link(path)  # a dangling link: mkdir would fail with a message that says nothing
    make_dirs(path.parent, within)
    try:
        path.mkdir()
    except FileExistsError:
        return
    parent_mode = path.parent.stat().st_mode
    mode = stat.S_IMODE(path.stat().st_mode)
    if parent_mode & stat.S_ISGID:
        wanted = (mode | (parent_mode & 0o070) | stat.S_ISGID) & ~0o007
    elif within is not None and within in path.parents:
        wanted = mode & ~closed_bits(path.parent)
    else:
        wanted = mode
    if wanted != mode:
        with contextlib.suppress(PermissionError):
            path.chmod(wanted)
    fsync_dir(path.parent)


def create_shared_file(path: Path) -> None:
    """Create an empty file (e.g. a lock file) that the team can open when the folder is shared,
    and only the team (or only this user, in a private folder)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
    except FileExistsError:
        return
    try:
        _set_new_mode(fd, path.parent)
    finally:
        os.close(fd)


def _set_new_mode(fd: int, directory: Path) -> None:
    """Give the file just created as `fd` in `directory` its mode (see `new_file_mode`)."""
    current = stat.S_IMODE(os.fstat(fd).st_mode)
    wanted = new_file_mode(current, directory)
    if wanted != current:
        os.fchmod(fd, wanted)


def fsync_dir(directory: Path) -> None:
    """Make a rename or create in `directory` durable."""
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read_bytes(path: Path) -> bytes | None:
    """The file's bytes, or None when it does not exist; links, FIFOs and devices are refused.

    O_NOFOLLOW: a planted link would copy its target into a file others can read.
    O_NONBLOCK: opening a planted FIFO must not wait for a writer forever.
    """
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UnsafeFileError(path, LINK_REFUSED) from None
        raise
    with os.fdopen(fd, "rb") as stream:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UnsafeFileError(path, "is not a regular file (a FIFO or device?): remove it")
        return stream.read()


def temp_name(path: Path) -> Path:
    """A hidden temp file beside `path` (same directory, so os.replace is atomic)."""
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")


def remove_stale_temps(path: Path) -> None:
    """Delete temp files of `path` left by killed writers. Call only while holding the lock:
    every live writer holds it while its temp file exists, so any found now is stale."""
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        with contextlib.suppress(FileNotFoundError):
            stale.unlink()


def _match_metadata(fd: int, old: os.stat_result | None, directory: Path) -> None:
    if old is None:
        _set_new_mode(fd, directory)
        return
    if os.fstat(fd).st_gid != old.st_gid:
        # Not a member of the file's group: the new file keeps ours (nothing better is possible).
        with contextlib.suppress(PermissionError):
            os.fchown(fd, -1, old.st_gid)
    os.fchmod(fd, stat.S_IMODE(old.st_mode))


def replace_atomically(path: Path, data: bytes, expected: bytes | None) -> None:
    """Replace `path` with `data`, crash-safe, keeping its mode and group.

    `expected` is what the caller read before deciding what to write (None: no file); if the
    file no longer holds it, ChangedDuringSaveError is raised and nothing is written.
    """
    try:
        old: os.stat_result | None = os.lstat(path)
    except FileNotFoundError:
        old = None
    if old is not None and not stat.S_ISREG(old.st_mode):
        raise UnsafeFileError(path, "is not a regular file: remove it")
    tmp = temp_name(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
    try:
        try:
            _match_metadata(fd, old, path.parent)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        if read_bytes(path) != expected:
            raise ChangedDuringSaveError(str(path))
        tmp.replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    fsync_dir(path.parent)
