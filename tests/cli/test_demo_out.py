"""`cockpit demo --out DIR` never writes over data it did not make unless told to (--force)."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.cli import assert_no_traceback, cockpit
from tests.helpers.data import DEALS, write_folder


def test_demo_refuses_a_folder_holding_data_and_names_what_it_would_overwrite(
    tmp_path: Path,
) -> None:
    team = write_folder(tmp_path / "team", {"deals.csv": DEALS, "notes.txt": "keep me"})
    result = cockpit("demo", "--out", str(team))
    assert result.returncode == 2
    assert f"--out {team} is not empty: deals.csv would be overwritten." in result.stderr
    assert "add --force" in result.stderr
    assert_no_traceback(result)
    # Nothing was written: the real deals are intact and no demo table joined them.
    assert (team / "deals.csv").read_text() == DEALS
    assert sorted(p.name for p in team.iterdir()) == ["deals.csv", "notes.txt"]


def test_demo_refuses_a_folder_of_other_files_it_would_mix_with(tmp_path: Path) -> None:
    # A real quotas.csv beside synthetic reps would be read as one team.
    folder = write_folder(tmp_path / "mixed", {"quotas.csv": "rep_id\n", "README": "x"})
    result = cockpit("demo", "--out", str(folder), "--format", "parquet")
    assert result.returncode == 2
    assert "it holds README, quotas.csv, and the demo's tables would be mixed" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["README", "quotas.csv"]


def test_demo_with_force_overwrites_the_tables(tmp_path: Path) -> None:
    team = write_folder(tmp_path / "team", {"deals.csv": DEALS})
    result = cockpit("demo", "--out", str(team), "--force")
    assert result.returncode == 0, result.stderr
    # Scale S has 750 deals (the `deals` line cockpit prints): the header and 750 rows, none
    # of the 2 rows of the file it replaced (their ids D1, D2 are not demo ids).
    lines = (team / "deals.csv").read_text().splitlines()
    assert "deals                750 rows" in result.stdout
    assert len(lines) == 1 + 750
    assert not any(line.startswith(("D1,", "D2,")) for line in lines)


def test_demo_writes_into_a_new_or_empty_folder_without_force(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    for out in (tmp_path / "empty", tmp_path / "new" / "folder"):
        result = cockpit("demo", "--out", str(out))
        assert result.returncode == 0, result.stderr
        assert (out / "reps.csv").is_file()


def test_demo_out_that_is_a_file_is_a_usage_error(tmp_path: Path) -> None:
    target = tmp_path / "reps.csv"
    target.write_text("rep_id\n")
    result = cockpit("demo", "--out", str(target))
    assert result.returncode == 2
    assert f"--out {target} is a file: give a new or empty folder" in result.stderr
    assert_no_traceback(result)
