"""Files planted in a shared data folder cannot hang or crash a review: loops, FIFOs, depth."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from cockpit.paths import SAMPLE_DATA
from tests.helpers.cli import run_cockpit
from tests.helpers.data import sample_copy


def cockpit(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """`python -m cockpit ARGS`; a hang fails the test at `timeout`, not CI's."""
    return run_cockpit(*args, timeout=timeout)


def test_links_back_to_the_folder_are_walked_once(tmp_path: Path) -> None:
    data = sample_copy(tmp_path / "review")
    (data / "a").symlink_to(".")
    (data / "b").symlink_to(".")
    done = cockpit("report", str(data), "--pane", "tiers", "--format", "csv", timeout=30)
    assert done.returncode == 0, done.stderr
    assert "R00001,Elena Marsh" in done.stdout


def test_a_fifo_named_like_a_table_is_named_not_opened(tmp_path: Path) -> None:
    data = sample_copy(tmp_path / "review")
    (data / "deals.csv").unlink()
    os.mkfifo(data / "deals.csv")
    done = cockpit("check", str(data), timeout=30)
    assert done.returncode == 1
    assert "deals.csv in" in done.stdout and "is not a regular file (a FIFO" in done.stdout


def test_a_folder_nested_too_deep_is_refused_with_what_to_give(tmp_path: Path) -> None:
    data = sample_copy(tmp_path / "review")
    deep = data
    for _ in range(1500):  # os.makedirs recurses, and would fail here first
        deep = deep / "d"
        deep.mkdir()
    try:
        done = cockpit("report", str(data), "--pane", "tiers", timeout=30)
    finally:
        while deep != data:  # bottom up: shutil.rmtree (and pytest's cleanup) would recurse
            deep.rmdir()
            deep = deep.parent
    assert done.returncode == 1
    assert "folders nested more than 16 deep" in done.stderr
    assert "give the folder that holds reps.csv" in done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr


def test_a_nested_parquet_column_is_named_and_an_extra_one_ignored(tmp_path: Path) -> None:
    import polars as pl

    data = tmp_path / "review"
    data.mkdir()
    reps = pl.read_csv(SAMPLE_DATA / "reps.csv").with_columns(tags=pl.lit(["a", "b"]))
    reps.write_parquet(data / "reps.parquet")
    deals = pl.read_csv(SAMPLE_DATA / "deals.csv")
    deals.with_columns(pl.concat_list("amount")).write_parquet(data / "deals.parquet")
    done = cockpit("check", str(data))
    assert done.returncode == 1 and "internal error" not in done.stderr
    assert "deals.parquet, column amount: Column amount holds lists or records" in done.stdout
    assert "tags" not in done.stdout  # an extra nested column is ignored, as extra columns are


def test_a_period_in_year_one_is_a_usage_error() -> None:
    done = cockpit("report", "--period", "0001-01-01:0001-12-31", "--pane", "tiers")
    assert done.returncode == 2
    assert "give dates from 1900 to 9998" in done.stderr and "internal error" not in done.stderr


def test_a_file_wider_than_2000_columns_is_refused_by_name(tmp_path: Path) -> None:
    data = sample_copy(tmp_path / "review")
    wide = ",".join(f"c{i}" for i in range(2_500))
    (data / "activities.csv").write_text(
        f"rep_id,date,calls,{wide}\nR00001,2026-01-05,3,{','.join('x' * 2_500)}\n",
        encoding="utf-8",
    )
    done = cockpit("check", str(data))
    assert "activities.csv: 2,503 columns, more than the 2,000 cockpit reads" in done.stdout
    assert "internal error" not in done.stderr
