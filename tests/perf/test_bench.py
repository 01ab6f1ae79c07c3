"""The benchmark's references: cockpit, DuckDB and pandas agree, and a disagreement is caught."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from cockpit.bench.agree import check_agreement, cockpit_aggregates, disagreements
from cockpit.bench.floor import check_floor
from cockpit.bench.reference import REP_KEYS
from cockpit.config import Settings
from cockpit.data.source import open_dataset
from cockpit.demo.generate import write_demo
from cockpit.paths import SAMPLE_DATA
from cockpit.period import resolve_period
from cockpit.session import panes_of
from tests.helpers.data import REPS, write_folder


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_cockpit_duckdb_and_pandas_agree_on_demo_data(tmp_path: Path, fmt: str) -> None:
    write_demo(tmp_path, scale="S", fmt=fmt)
    dataset = open_dataset(str(tmp_path))
    panes = panes_of(dataset, resolve_period(dataset.tables), Settings())
    assert check_agreement(tmp_path, panes) == []


def test_the_references_count_what_the_sample_shows() -> None:
    dataset = open_dataset(None)
    panes = panes_of(dataset, resolve_period(dataset.tables), Settings())
    reps, _ = cockpit_aggregates(panes)
    elena = reps.filter(rep_id="R00001").row(0, named=True)
    deals = dataset.tables["deals"].filter(
        pl.col("rep_id") == "R00001",
        pl.col("stage") == "won",
        pl.col("close_date").is_between(panes.period.start, panes.period.end),
    )
    assert elena["won_amount"] == pytest.approx(deals["amount"].sum())
    assert elena["won_deals"] == deals.height
    assert check_agreement(SAMPLE_DATA, panes) == []


def test_a_wrong_number_is_reported_with_rep_and_column() -> None:
    ours = pl.DataFrame({"rep_id": ["R1", "R2"], **{k: [1.0, 2.0] for k in REP_KEYS}})
    theirs = ours.with_columns(
        pl.when(pl.col("rep_id") == "R2").then(2.5).otherwise("won_amount").alias("won_amount")
    )
    found = disagreements(ours, theirs, "rep_id", REP_KEYS, "DuckDB")
    assert found == ["rep_id=R2 won_amount: cockpit 2, DuckDB 2.5"]


def test_a_rep_missing_on_one_side_is_a_disagreement() -> None:
    ours = pl.DataFrame({"rep_id": ["R1", "R2"], **{k: [1.0, 2.0] for k in REP_KEYS}})
    found = disagreements(ours, ours.head(1), "rep_id", REP_KEYS, "pandas")
    assert "rep_id=R2 won_amount: cockpit 2, pandas 0" in found


@pytest.mark.slow
def test_bench_command_prints_agreement_and_the_table(tmp_path: Path) -> None:
    data, scratch = tmp_path / "data", tmp_path / "tmp"
    write_demo(data, scale="S", fmt="parquet")
    scratch.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "cockpit", "bench", "--data", str(data), "--runs", "1",
         "--no-paint"],
        capture_output=True, text=True, timeout=600, env={**os.environ, "TMPDIR": str(scratch)},
    )  # fmt: skip
    assert list(scratch.iterdir()) == []  # its copies of the data are removed
    assert result.returncode == 0, result.stderr
    assert "agreement: cockpit = DuckDB = pandas" in result.stdout
    for figure in (
        "first open",
        "validated copy",
        "least a checked first open does",
        "DuckDB: a first open's checks",
        "DuckDB:",
        "pandas:",
        "drill into one rep: deals",
        "enter until its screen shows (pty)",
        "cursor not rested: j+enter",
        "table, 2,000 reps: filter keystroke",
        "table, 20,000 reps: sort",
        "whole process: cockpit report --format json",
        "whole process: cockpit report --format csv",
        "whole process: DuckDB script",
    ):
        assert figure in result.stdout


def test_bench_on_a_folder_without_every_table_says_what_is_missing(tmp_path: Path) -> None:
    write_demo(tmp_path, scale="S", fmt="csv")
    (tmp_path / "leads.csv").unlink()
    result = subprocess.run(
        [sys.executable, "-m", "cockpit", "bench", "--data", str(tmp_path), "--no-paint"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2
    assert f"{tmp_path} has no leads (.parquet or .csv)" in result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr


def test_the_floor_reads_every_cell_and_counts_distinct_ids(tmp_path: Path) -> None:
    deals = (
        "deal_id,rep_id,stage,amount,created_date\n"
        "D1, R1 ,won,10,2026-01-05\n"
        "D1,R2,lost,,2026-01-06\n"
        "D2,,open,5,2026-01-07\n"
    )
    folder = write_folder(tmp_path, {"reps.csv": REPS, "deals.csv": deals})
    reps, found = check_floor(folder)
    assert reps.select("rows", "ids").row(0) == (2, 2)
    # Three rows, two distinct ids; the empty cells were read (every column, not only ids).
    assert found.select("rows", "ids", "rep_id_nulls", "amount_nulls").row(0) == (3, 2, 1, 1)
