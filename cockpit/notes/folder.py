"""The workspace folder: where each subject's file is, locked read-modify-write, full scans.

See cockpit/notes/store.py for the layout and why it is locked one-file-per-subject.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote

import filelock
from pydantic import BaseModel

from cockpit.errors import DataError
from cockpit.notes.atomic import (
    ChangedDuringSaveError,
    create_shared_file,
    make_dirs,
    read_bytes,
    refuse_link,
    remove_stale_temps,
    replace_atomically,
)
from cockpit.notes.models import SUBJECT_KINDS, Note, SubjectFile, parse_subject
from cockpit.notes.tomlio import BrokenFileError, FileProblem, dump_table, dump_toml, load_toml
from cockpit.notes.workspace import make_workspace
from cockpit.private_files import UnsafePathError

LOCK_NAME = ".lock"
WAIT_STEP = 1.0
"""Seconds between two reports of a save still waiting for the lock."""
MAX_STEM = 120
T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)


def subject_path(workspace: Path, subject: str) -> Path:
    """The file that holds `subject` (ids percent-encoded; long ones shortened with a hash)."""
    kind, ident = parse_subject(subject)
    stem = quote(ident, safe="-_.")
    if stem.startswith("."):
        stem = "%2E" + stem[1:]
    if len(stem) > MAX_STEM:
        digest = hashlib.sha256(ident.encode("utf-8")).hexdigest()[:16]
        stem = f"{stem[:80]}~{digest}"
    return workspace / kind / f"{stem}.toml"


def _lock_refused(lock_path: Path) -> str:
    """Why the workspace lock cannot be opened, with whose file it is and what to do."""
    try:
        info = lock_path.lstat()
    except OSError:
        return f"cannot create the lock {lock_path}: ask the folder's owner for write access"
    owner = _user_name(info.st_uid)
    return (
        f"cannot open the lock {lock_path}: it belongs to {owner} and is not writable for you; "
        f"ask them to run `chmod g+w {lock_path}` (a group-shared workspace needs it) "
        "or to remove it when no cockpit is running"
    )


def _user_name(uid: int) -> str:
    """The login name of `uid`, or the number when it has none."""
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (KeyError, ImportError):
        return f"uid {uid}"


@dataclass
class Snapshot:
    """Everything readable in the workspace, plus the files that were not."""

    files: list[tuple[Path, SubjectFile]] = field(default_factory=list)
    problems: list[FileProblem] = field(default_factory=list)

    def notes(self) -> Iterator[tuple[Path, Note]]:
        """Every note with the file holding it."""
        for path, content in self.files:
            for note in content.note:
                yield path, note


class NotesFolder:
    """One workspace folder: a lock for writers, whole-file reads for everyone."""

    def __init__(
        self,
        workspace: Path,
        lock_timeout: float,
        on_wait: Callable[[float], None] | None = None,
    ) -> None:
        self.workspace = workspace
        self.lock_timeout = lock_timeout
        self.on_wait = on_wait
        """Told, once a second while it lasts, how long a save has waited for the lock."""

    def scan(self) -> Snapshot:
        """Read every subject file; unreadable ones are listed in `problems`, never changed."""
        snapshot = Snapshot()
        for kind in SUBJECT_KINDS:
            folder = self.workspace / kind
            try:
                refuse_link(folder)
            except OSError as exc:
                snapshot.problems.append(FileProblem(folder, None, str(exc.strerror)))
                continue
            if not folder.is_dir():
                continue
            for path in sorted(folder.glob("*.toml")):
                if path.name.startswith("."):
                    continue
                try:
                    snapshot.files.append((path, self.read(path)))
                except BrokenFileError as exc:
                    snapshot.problems.append(exc.problem)
        return snapshot

    def read(self, path: Path) -> SubjectFile:
        """One subject file (empty when missing); BrokenFileError when unreadable."""
        try:
            refuse_link(path.parent)
            raw = read_bytes(path)
        except OSError as exc:
            raise BrokenFileError(FileProblem(path, None, f"cannot read: {exc.strerror}")) from None
        return SubjectFile() if raw is None else load_toml(path, raw, SubjectFile)

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the workspace lock (a kernel flock on .lock, freed even if we are killed)."""
        lock_path = self.workspace / LOCK_NAME
        try:
            make_workspace(self.workspace)
            refuse_link(lock_path)
            create_shared_file(lock_path)
            lock = filelock.FileLock(lock_path, timeout=self.lock_timeout)
            self._acquire(lock)
        except UnsafePathError as exc:
            raise DataError(f"cannot use the notes workspace: {exc}") from None
        except filelock.Timeout:
            raise DataError(
                f"the notes workspace {self.workspace} is busy: another cockpit has held "
                f"{lock_path} for {self.lock_timeout:g} s; try again"
            ) from None
        except PermissionError:
            raise DataError(_lock_refused(lock_path)) from None
        except OSError as exc:
            raise DataError(
                f"cannot use the notes workspace {self.workspace}: "
                f"{lock_path if exc.filename is None else exc.filename} {exc.strerror}"
            ) from None
        try:
            yield
        finally:
            lock.release()

    def _acquire(self, lock: filelock.BaseFileLock) -> None:
        """Take the lock within `lock_timeout`, saying every second how long it has waited."""
        started = time.monotonic()
        while True:
            waited = time.monotonic() - started
            try:
                lock.acquire(timeout=min(WAIT_STEP, max(self.lock_timeout - waited, 0)))
                return
            except filelock.Timeout:
                waited = time.monotonic() - started
                if waited >= self.lock_timeout:
                    raise
                if self.on_wait is not None:
                    self.on_wait(waited)

    def update(self, path: Path, model: type[M], change: Callable[[M], T]) -> T:
        """Take the lock, apply `change` to the file's model, save it atomically."""
        with self.locked():
            return self.update_locked(path, model, change)

    def append(self, path: Path, model: type[M], key: str, item: BaseModel) -> None:
        """Add `item` to the `key` array of a file by appending its `[[key]]` table.

        The other entries are not written again: the file is read and checked (a broken file is
        never added to) and its bytes kept as they are, so a save costs one parse of the file,
        not a parse, a full rewrite and a second parse to verify it.
        """
        with self.locked():
            for _ in range(3):
                raw = self._read(path)
                if raw is None:
                    self.update_locked(path, model, lambda c: getattr(c, key).append(item))
                    return
                load_toml(path, raw, model)
                kept = raw if raw.endswith(b"\n") else raw + b"\n"
                try:
                    self._write(path, kept + b"\n" + dump_table(key, item, path), raw)
                except ChangedDuringSaveError:
                    continue  # edited by hand under us: start again from what is there now
                return
        raise DataError(f"{path} keeps changing while cockpit saves it (edited by hand?); retry")

    def _read(self, path: Path) -> bytes | None:
        """The file's bytes (None: no file yet); a link, FIFO or unreadable file is an error."""
        try:
            refuse_link(path.parent)
            return read_bytes(path)
        except OSError as exc:
            raise DataError(f"cannot read {path}: {exc.strerror}") from None

    def _write(self, path: Path, data: bytes, expected: bytes | None) -> None:
        """Replace the file with `data` if it still holds `expected` (ChangedDuringSaveError)."""
        try:
            make_dirs(path.parent, within=self.workspace)
            remove_stale_temps(path)
            replace_atomically(path, data, expected=expected)
        except OSError as exc:
            raise DataError(f"cannot save {path}: {exc}") from None

    def update_locked(self, path: Path, model: type[M], change: Callable[[M], T]) -> T:
        """Read-modify-write of one file; the caller holds the lock."""
        for _ in range(3):
            raw = self._read(path)
            content = model() if raw is None else load_toml(path, raw, model)
            result = change(content)
            try:
                self._write(path, dump_toml(content, path), raw)
            except ChangedDuringSaveError:
                continue  # edited by hand under us: start again from what is there now
            return result
        raise DataError(f"{path} keeps changing while cockpit saves it (edited by hand?); retry")
