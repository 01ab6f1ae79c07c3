"""A data folder the user may not read is one line naming it (exit 1), from every command
that reads DATA, never an internal error about a path under it that does not exist."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.data import DEALS, REPS, write_folder

# Root reads every folder whatever its mode: under setpriv without the two capabilities that
# allow that, a chmod 000 folder is as closed to root as it is to any other user.
WITHOUT_ROOT_READ = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]


def as_a_user_without_read_rights() -> list[str]:
    """The prefix that runs a command as someone a chmod 000 folder keeps out."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv"):
        return WITHOUT_ROOT_READ
    reason = "as root, setpriv (util-linux) is needed to drop the capability to read any folder"
    if os.environ.get("COCKPIT_TEST_STRICT") == "1":
        pytest.fail(f"{reason} (COCKPIT_TEST_STRICT=1: nothing may be skipped)")
    pytest.skip(reason)


@pytest.mark.parametrize(
    "command",
    [["check"], ["report", "--pane", "tiers"], ["minutes"], []],
    ids=["check", "report", "minutes", "the TUI"],
)
def test_an_unreadable_data_folder_is_one_line_naming_it(
    tmp_path: Path, command: list[str]
) -> None:
    prefix = as_a_user_without_read_rights()
    folder = write_folder(tmp_path / "team data", {"reps.csv": REPS, "deals.csv": DEALS})
    folder.chmod(0)
    try:
        result = subprocess.run(
            [*prefix, sys.executable, "-m", "cockpit", *command[:1], str(folder), *command[1:]],
            capture_output=True,
            text=True,
            timeout=60,  # unchecked, the TUI starts and never ends on a closed stdin
            stdin=subprocess.DEVNULL,
        )
    finally:
        folder.chmod(0o755)
    assert result.returncode == 1
    assert result.stderr == (
        f"cockpit: {folder}: this folder cannot be read (permission denied); ask its owner for "
        "read access, or copy the data to a folder you can read\n"
    )
    assert result.stdout == ""
