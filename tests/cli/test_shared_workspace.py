"""A group workspace under `umask 002`, as the README's shared-server set-up describes it."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def notes_add(workspace: Path, text: str, umask: str) -> None:
    """`cockpit notes add` as a separate process with its own umask, as a second manager."""
    code = f"import os, sys; os.umask({umask}); from cockpit.cli import main; sys.exit(main())"
    # rep:R1 is no rep of the bundled sample: --force, as these tests are about the files.
    args = ["notes", "add", "--notes", str(workspace), "--subject", "rep:R1", "--text", text,
            "--force"]  # fmt: skip
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_umask_002_keeps_notes_group_writable(tmp_path: Path) -> None:
    workspace = tmp_path / "review" / ".cockpit"
    notes_add(workspace, "first", "0o002")
    note = workspace / "rep" / "R1.toml"
    assert (mode(workspace), mode(workspace / "rep"), mode(note)) == (0o775, 0o775, 0o664)
    notes_add(workspace, "second, by someone with a strict umask", "0o077")
    assert mode(note) == 0o664
    assert "second" in note.read_text(encoding="utf-8")


def test_setgid_folder_gives_the_group_write_whatever_the_umask(tmp_path: Path) -> None:
    shared = tmp_path / "review"
    shared.mkdir()
    shared.chmod(0o2775)
    notes_add(shared / ".cockpit", "first", "0o022")
    for path in (shared / ".cockpit", shared / ".cockpit" / "rep"):
        assert mode(path) & (stat.S_ISGID | 0o070) == stat.S_ISGID | 0o070, oct(mode(path))
    assert mode(shared / ".cockpit" / "rep" / "R1.toml") & 0o060 == 0o060
    assert mode(shared / ".cockpit" / ".lock") & 0o060 == 0o060
    assert (shared / ".cockpit" / "rep" / "R1.toml").stat().st_gid == shared.stat().st_gid
