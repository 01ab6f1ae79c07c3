"""A disk that fills up during `cockpit refresh` is said in words; the current snapshot stays."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from cockpit.paths import SAMPLE_DATA
from tests.helpers.cli import run_cockpit


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """An 8 KiB tmpfs (mounting needs root, as CI runs; skipped elsewhere unless strict)."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount"):
        if os.environ.get("COCKPIT_TEST_STRICT") == "1":
            pytest.fail("mounting a tmpfs needs root (COCKPIT_TEST_STRICT=1: no skips)")
        pytest.skip("mounting a tmpfs needs root: run as root (CI does)")
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8k", "tmpfs", str(mount)], check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_a_full_disk_during_refresh_is_one_line_and_current_is_unchanged(tiny_disk: Path) -> None:
    root = tiny_disk / "root"
    done = run_cockpit("refresh", str(SAMPLE_DATA), "--into", str(root))
    assert done.returncode == 1
    assert "No space left on device" in done.stderr and "internal error" not in done.stderr
    assert "current is unchanged" in done.stderr
    assert not os.path.lexists(root / "current")
    assert list((root / "snapshots").iterdir()) == []  # the half-written snapshot is gone
