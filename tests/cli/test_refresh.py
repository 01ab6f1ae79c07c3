"""`cockpit refresh` and snapshot roots, run as a user runs them: files, manifest, refusals."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import tomllib
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from cockpit import __version__
from cockpit.data.copies.refresh import redact_source
from cockpit.data.schema import TABLES
from cockpit.paths import SAMPLE_DATA
from tests.helpers.cli import run_cockpit
from tests.helpers.data import DEALS, KEVIN_WINS, REPS, current_name, sample_copy, write_folder


def cockpit(*args: str, umask: int = -1) -> subprocess.CompletedProcess[str]:
    """Run `python -m cockpit ARGS` and capture what a user would see."""
    return run_cockpit(*args, umask=umask)


def refresh(data: Path, root: Path, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    result = cockpit("refresh", str(data), "--into", str(root), **kwargs)
    assert "Traceback" not in result.stderr
    return result


@pytest.mark.usefixtures("each_store")
def test_refresh_writes_parquet_tables_and_manifest(tmp_path: Path) -> None:
    data, root = sample_copy(tmp_path / "crm"), tmp_path / "cockpit"
    before = datetime.now(UTC).replace(microsecond=0)
    result = refresh(data, root)
    assert result.returncode == 0, result.stderr
    name = date.today().isoformat()
    assert str((root / "current").readlink()) == f"snapshots/{name}"
    snap = root / "snapshots" / name
    tables = ["reps", "deals", "leads", "activities", "accounts", "growth"]
    assert sorted(p.name for p in snap.iterdir()) == sorted(
        [f"{t}.parquet" for t in tables] + ["manifest.toml"]
    )
    manifest = tomllib.loads((snap / "manifest.toml").read_text())
    for table in tables:
        frame = pl.read_parquet(snap / f"{table}.parquet")
        csv_rows = len((data / f"{table}.csv").read_text().splitlines()) - 1
        assert manifest["tables"][table]["rows"] == frame.height == csv_rows
        assert frame.columns == TABLES[table].column_names  # canonical columns only
    assert manifest["source"] == str(data.resolve())
    assert manifest["cockpit_version"] == __version__
    assert manifest["as_of"] == date(2026, 9, 30)
    assert (manifest["warnings"], manifest["rows_set_aside"]) == (0, 0)
    assert "mapping" not in manifest
    created = datetime.fromisoformat(manifest["created"])
    assert before <= created <= datetime.now(UTC)
    assert f"current -> snapshots/{name}" in result.stdout


def test_snapshot_files_are_never_world_writable_even_with_umask_0(tmp_path: Path) -> None:
    root = tmp_path / "cockpit"
    assert refresh(sample_copy(tmp_path / "crm"), root, umask=0).returncode == 0
    snap = root / "snapshots" / current_name(root)
    for path in snap.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) & 0o222 == 0, path  # read-only, immutable
    for folder in (root, root / "snapshots", snap):
        assert stat.S_IMODE(folder.stat().st_mode) & 0o777 == 0o775, folder


def test_directories_follow_the_umask(tmp_path: Path) -> None:
    root = tmp_path / "cockpit"
    assert refresh(sample_copy(tmp_path / "crm"), root, umask=0o027).returncode == 0
    snap = root / "snapshots" / current_name(root)
    assert stat.S_IMODE(snap.stat().st_mode) & 0o777 == 0o750
    assert stat.S_IMODE((snap / "reps.parquet").stat().st_mode) == 0o440


def test_a_second_refresh_the_same_day_never_overwrites(tmp_path: Path) -> None:
    data, root = sample_copy(tmp_path / "crm"), tmp_path / "cockpit"
    assert refresh(data, root).returncode == 0
    first = root / "snapshots" / date.today().isoformat()
    manifest = (first / "manifest.toml").read_bytes()
    assert refresh(data, root).returncode == 0
    names = sorted(p.name for p in (root / "snapshots").iterdir())
    assert names[0] == first.name and len(names) == 2
    assert names[1].startswith(f"{first.name}T") and len(names[1]) == len("2026-12-01T061500")
    assert current_name(root) == names[1]
    assert (first / "manifest.toml").read_bytes() == manifest


def bad_folder(tmp_path: Path) -> Path:
    """Valid reps; one deal with a negative amount (an error: the row is set aside)."""
    deals = DEALS + "D3,R1,won,-10,2026-01-05,2026-02-01\n"
    return write_folder(tmp_path / "bad", {"reps.csv": REPS, "deals.csv": deals})


def test_refresh_refuses_data_with_errors_and_keeps_current(tmp_path: Path) -> None:
    root = tmp_path / "cockpit"
    assert refresh(sample_copy(tmp_path / "crm"), root).returncode == 0
    kept = current_name(root)
    result = refresh(bad_folder(tmp_path), root)
    assert result.returncode == 1
    assert "1 errors" in result.stdout and "negative" in result.stdout  # the problems summary
    assert "refusing to write a snapshot: 1 validation errors" in result.stderr
    assert current_name(root) == kept
    assert [p.name for p in (root / "snapshots").iterdir()] == [kept]  # no partial snapshot


def test_a_refused_first_refresh_leaves_no_current(tmp_path: Path) -> None:
    root = tmp_path / "cockpit"
    assert refresh(bad_folder(tmp_path), root).returncode == 1
    assert not os.path.lexists(root / "current")
    assert not (root / "snapshots").exists() or not list((root / "snapshots").iterdir())


def test_a_uri_source_loses_its_password() -> None:
    uri = redact_source("postgresql://crm:s3cret@db.example:5432/sales?sslmode=require")
    assert uri == "postgresql://crm@db.example/sales?sslmode=require"
    assert redact_source("sqlite:///srv/crm.db") == "sqlite:///srv/crm.db"


@pytest.fixture(scope="module")
def two_weeks(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A snapshot root: the sample, then the sample with Kevin's extra won deal (read only)."""
    tmp_path = tmp_path_factory.mktemp("weeks")
    root = tmp_path / "cockpit"
    assert refresh(sample_copy(tmp_path / "week1"), root).returncode == 0
    second = refresh(sample_copy(tmp_path / "week2", KEVIN_WINS), root)
    assert second.returncode == 0, second.stderr
    return root, current_name(root)


def report_json(root: Path, pane: str, *extra: str) -> tuple[list[dict[str, Any]], str]:
    result = cockpit("report", str(root), "--pane", pane, "--format", "json", *extra)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout), result.stderr


def by_rep(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["rep_id"]: row for row in rows}


def test_week_over_week_shows_the_tier_move_and_flag_change(two_weeks: tuple[Path, str]) -> None:
    root, name = two_weeks
    manifest = tomllib.loads((root / "snapshots" / name / "manifest.toml").read_text())
    assert manifest["warnings"] == 1  # the deal with no account: allowed, and counted
    rows, stderr = report_json(root, "tiers", "--changes")
    assert f"data as of 2026-09-30 · snapshot {name}" in stderr
    kevin = by_rep(rows)["R00007"]
    assert kevin["attainment"] == pytest.approx(181_000 / 176_000)
    assert kevin["changes"] == ["▲ developing→top", "-flag activity_without_outcome"]
    assert all(row["changes"] == [] for row in rows if row["rep_id"] != "R00007")
    growth, _ = report_json(root, "growth", "--changes")
    assert by_rep(growth)["R00007"]["changes"] == ["▲ developing→top", "+flag flight_risk"]


def test_review_marks_items_new_since_the_last_snapshot(two_weeks: tuple[Path, str]) -> None:
    rows, _ = report_json(two_weeks[0], "review")
    new = {row["item_id"]: row["new"] for row in rows}
    assert new["flight_risk:rep:R00007"] is True
    assert new["no_plan:rep:R00007"] is False  # raised last week too
    assert "activity_without_outcome:rep:R00007" not in new  # cleared
    assert [item for item, is_new in new.items() if is_new] == ["flight_risk:rep:R00007"]
    assert "changes" not in rows[0]  # only with --changes


def test_table_and_csv_output_of_a_snapshot_root(two_weeks: tuple[Path, str]) -> None:
    root, name = two_weeks
    table = cockpit("report", str(root), "--pane", "tiers", "--changes")
    assert table.stdout.splitlines()[0] == f"data as of 2026-09-30 · snapshot {name}"
    assert "▲ developing→top, -flag activity without outcome" in table.stdout
    csv = cockpit("report", str(root), "--pane", "tiers", "--format", "csv", "--changes")
    assert csv.stdout.splitlines()[0].startswith("rep_id,name,tier,")
    assert csv.stdout.splitlines()[0].endswith(",changes")
    assert "▲ developing→top;-flag activity_without_outcome" in csv.stdout


def test_changes_without_a_previous_snapshot_are_empty_with_a_note(tmp_path: Path) -> None:
    root = tmp_path / "cockpit"
    assert refresh(sample_copy(tmp_path / "crm"), root).returncode == 0
    rows, stderr = report_json(root, "tiers", "--changes")
    assert rows and all(row["changes"] == [] for row in rows)
    assert "no previous snapshot to compare with" in stderr


def test_check_and_report_read_the_pinned_snapshot(two_weeks: tuple[Path, str]) -> None:
    root, name = two_weeks
    result = cockpit("check", str(root))
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[0] == f"data as of 2026-09-30 · snapshot {name}"
    assert f"snapshots/{name}" in result.stdout


def test_snapshot_root_errors_are_clear(tmp_path: Path) -> None:
    root = tmp_path / "cockpit"
    assert refresh(sample_copy(tmp_path / "crm"), root).returncode == 0
    mapped = cockpit("report", str(root), "--mapping", "hubspot")
    assert mapped.returncode == 2 and "snapshot root" in mapped.stderr
    (root / "current").unlink()
    (root / "current").symlink_to("snapshots/gone")
    broken = cockpit("report", str(root))
    assert broken.returncode == 1 and "not a folder" in broken.stderr
    assert "Traceback" not in broken.stderr


def test_a_folder_that_is_neither_data_nor_snapshot_root(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = cockpit("report", str(empty))
    assert result.returncode == 1
    said = result.stderr
    assert f"{empty} has no deals.csv or accounts.csv (or .parquet)" in said
    assert "it holds no CSV or Parquet file, so it matches none of the export presets (" in said
    assert "cockpit map" in said
    assert "give --mapping PRESET" in said


def test_a_snapshot_opens_as_written_without_checking_it_again(tmp_path: Path) -> None:
    from cockpit.data.copies.snapshot import open_root
    from cockpit.data.copies.stored import open_snapshot

    root = tmp_path / "root"
    assert refresh(SAMPLE_DATA, root).returncode == 0
    pinned = open_root(str(root), None)
    assert pinned is not None
    dataset = open_snapshot(pinned)
    assert dataset is not None and dataset.usable and dataset.from_cache
    assert dataset.summaries["deals"].rows_loaded == 750
    folder = cockpit("report", str(SAMPLE_DATA), "--pane", "all", "--format", "json")
    snapshot = cockpit("report", str(root), "--pane", "all", "--format", "json")
    assert json.loads(snapshot.stdout) == json.loads(folder.stdout)


def test_a_tampered_snapshot_is_read_with_every_check(tmp_path: Path) -> None:
    from cockpit.data.copies.snapshot import open_root
    from cockpit.data.copies.stored import open_snapshot

    root = tmp_path / "root"
    assert refresh(SAMPLE_DATA, root).returncode == 0
    deals = root / "current" / "deals.parquet"
    frame = pl.read_parquet(deals).with_columns(pl.col("amount").cast(pl.String))
    deals.chmod(0o644)
    frame.with_columns(pl.lit("-5").alias("amount")).head(3).write_parquet(deals)
    pinned = open_root(str(root), None)
    assert pinned is not None and open_snapshot(pinned) is None  # types and rows differ
    checked = cockpit("check", str(root))
    assert checked.returncode == 1 and "negative" in checked.stdout
