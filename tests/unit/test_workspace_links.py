"""A shared notes workspace never reads or writes through a link, a FIFO or a planted lock."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cockpit.errors import DataError
from cockpit.notes.store import NoteStore
from tests.helpers.cli import run_cockpit

SECRET = "PRIVATE: will be let go in Q1"


def private_notes(tmp_path: Path) -> Path:
    """A manager's own notes file (a real one, so a read through a link would parse)."""
    home = tmp_path / "home"
    NoteStore(home, author="maria").add("rep:R00003", SECRET)
    home.chmod(0o700)
    return home / "rep" / "R00003.toml"


def every_text(folder: Path) -> str:
    """The text of every regular file under `folder` (links not followed)."""
    return "".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in folder.rglob("*")
        if p.is_file() and not p.is_symlink()
    )


def test_a_linked_subject_file_is_refused_and_its_target_never_copied(tmp_path: Path) -> None:
    target = private_notes(tmp_path)
    before = target.read_bytes()
    shared = tmp_path / "review" / ".cockpit"
    (shared / "rep").mkdir(parents=True)
    (shared / "rep" / "R00003.toml").symlink_to(target)
    store = NoteStore(shared, author="maria")
    with pytest.raises(DataError, match=r"R00003\.toml.*symbolic link.*remove the link"):
        store.add("rep:R00003", "Good quarter")
    assert store.notes("rep:R00003") == []  # the linked notes are not shown as this workspace's
    assert any("symbolic link" in p.message for p in store.problems)
    assert target.read_bytes() == before
    assert SECRET not in every_text(shared)


def test_a_linked_subject_folder_is_refused_and_nothing_is_created_there(tmp_path: Path) -> None:
    config = tmp_path / "home" / ".config" / "cockpit"
    config.mkdir(parents=True)
    shared = tmp_path / "review" / ".cockpit"
    shared.mkdir(parents=True)
    (shared / "account").symlink_to(config)
    store = NoteStore(shared, author="maria")
    with pytest.raises(DataError, match=r"account.*symbolic link"):
        store.add("account:config", "Renewal call")
    assert list(config.iterdir()) == []
    store.add("rep:R1", "Still works for other subjects")
    assert [n.text for n in store.notes()] == ["Still works for other subjects"]


def test_a_linked_lock_is_named_with_what_to_do(tmp_path: Path) -> None:
    shared = tmp_path / ".cockpit"
    shared.mkdir()
    elsewhere = tmp_path / "victim.txt"
    elsewhere.write_text("keep", encoding="utf-8")
    (shared / ".lock").symlink_to(elsewhere)
    with pytest.raises(DataError, match=r"\.lock is a symbolic link.*remove the link"):
        NoteStore(shared).add("rep:R1", "x")
    assert elsewhere.read_text(encoding="utf-8") == "keep"


def test_a_fifo_in_the_workspace_is_skipped_not_waited_on(tmp_path: Path) -> None:
    shared = tmp_path / ".cockpit"
    NoteStore(shared).add("rep:R1", "Real note")
    os.mkfifo(shared / "rep" / "R2.toml")
    result = run_cockpit("notes", "list", "--notes", str(shared), timeout=30)
    assert result.returncode == 1  # listed, with the file it skipped
    assert "Real note" in result.stdout
    assert "R2.toml" in result.stderr and "not a regular file" in result.stderr
