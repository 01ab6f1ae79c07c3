"""Hive-partitioned Parquet: partitions pruned and columns projected in the scan, same numbers."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from cockpit.data.hive import partitions as hive
from cockpit.data.source import open_dataset
from tests.helpers.db import assert_same, cockpit, report

PERIOD = ("--period", "2026-04-01:2026-06-30")


@pytest.fixture(scope="module")
def hive_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`cockpit demo --scale S --format parquet-hive`."""
    out = tmp_path_factory.mktemp("hive") / "S"
    done = cockpit("demo", "--out", str(out), "--scale", "S", "--format", "parquet-hive")
    assert done.returncode == 0, done.stderr
    assert "team/period partitions" in done.stdout
    return out


@pytest.fixture(scope="module")
def csv_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("csv") / "S"
    assert cockpit("demo", "--out", str(out), "--scale", "S").returncode == 0
    return out


def scan_node(plan: str) -> str:
    """The Parquet SCAN node of an explained plan: its line and the attribute lines under it."""
    lines = plan.splitlines()
    start = next(i for i, line in enumerate(lines) if "Parquet SCAN" in line)
    node = [lines[start]]
    for line in lines[start + 1 :]:
        if not line.strip().startswith(("PROJECT", "SELECTION", "ESTIMATED", "ROW_INDEX")):
            break
        node.append(line)
    return "\n".join(node)


def test_team_and_period_filters_and_projection_reach_the_scan(tmp_path: Path) -> None:
    deals = pl.DataFrame(
        {
            "deal_id": ["D1", "D2", "D3", "D4", "D5"],
            "rep_id": ["R1", "R2", "R1", "R1", "R3"],
            "stage": ["won", "won", "lost", "open", "won"],
            "amount": [10.0, 20.0, 30.0, 40.0, 50.0],
            "segment": ["A", "B", "A", "A", "B"],
            "team": ["East", "West", "East", "East", "East"],
            "period": ["2026-Q2", "2026-Q2", "2025-Q1", "open", "2026-Q1"],
        }
    )
    deals.write_parquet(tmp_path / "deals", partition_by=["team", "period"])
    scan = hive.review_scan(
        str(tmp_path / "deals"),
        ["deal_id", "amount"],
        (date(2026, 4, 1), date(2026, 6, 30)),
        teams=["East"],
        with_open=True,
    )
    node = scan_node(scan.explain())
    files = re.findall(r"team=(\w+)/period=([\w-]+)", node)
    assert sorted(files) == [("East", "2026-Q2"), ("East", "open")]  # the rest never opened
    assert re.search(r"PROJECT \d/7 COLUMNS", node)  # not all 7 columns are read
    assert 'SELECTION: (col("period").is_in(' in node and 'col("team").is_in(' in node
    assert sorted(scan.collect()["deal_id"]) == ["D1", "D4"]


def test_the_loader_opens_only_the_partitions_of_the_review_window(hive_demo: Path) -> None:
    dataset = open_dataset(str(hive_demo), period="2026-04-01:2026-06-30")
    opened = set(dataset.tables["deals"]["_file"].unique().to_list())
    periods = {re.search(r"period=([\w-]+)", f)[1] for f in opened}  # type: ignore[index]
    # The previous quarter (2026-01-01 to 2026-03-31) is read too: flight risk compares lead
    # share with it.
    assert periods == {"2026-Q1", "2026-Q2", "open"}
    on_disk = {p.parent.name for p in (hive_demo / "deals").rglob("*.parquet")}
    assert on_disk > {f"period={p}" for p in periods}


def test_a_pruned_partition_is_never_read(hive_demo: Path, tmp_path: Path) -> None:
    copy = tmp_path / "data"
    for path in hive_demo.rglob("*.parquet"):
        target = copy / path.relative_to(hive_demo)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    # Not the first file: Polars takes the table's schema from that one.
    broken = copy / "activities" / "team=East" / "period=2025-Q2" / "00000000.parquet"
    assert broken.is_file()
    broken.write_bytes(b"not parquet at all")
    # 2026-Q3's window starts at 2026-04-01: the broken 2025 file is outside it.
    tiers = report(str(copy), "--period", "2026-07-01:2026-09-30")["tiers"]
    assert all(row["activity_per_week"] is not None for row in tiers)
    done = cockpit("check", str(copy))  # check reads every partition, so it finds the file
    assert done.returncode == 1
    assert "ERROR activities/: cannot be read: parquet: File out of specification" in done.stdout


@pytest.mark.parametrize("period", [(), PERIOD])
def test_partitioned_parquet_gives_the_numbers_of_the_csv_folder(
    hive_demo: Path, csv_demo: Path, period: tuple[str, ...]
) -> None:
    assert_same(report(str(csv_demo), *period), report(str(hive_demo), *period))


def test_check_reads_every_partition(hive_demo: Path) -> None:
    done = cockpit("check", str(hive_demo))
    assert done.returncode == 0, done.stdout
    deals = next(line for line in done.stdout.splitlines() if line.startswith("deals "))
    assert deals.split()[1:4] == ["deals/", "750", "750"]


def test_unreachable_object_storage_is_one_line_without_the_secret() -> None:
    done = cockpit(
        "report",
        "s3://ck-bucket/crm",
        "--storage-option",
        "aws_secret_access_key=TOP-SECRET-1",
        "--storage-option",
        "aws_access_key_id=AKIDEXAMPLE",
        "--storage-option",
        "aws_endpoint_url=http://127.0.0.1:1",
        "--storage-option",
        "aws_region=us-east-1",
        "--storage-option",
        "aws_allow_http=true",
    )
    assert done.returncode == 1
    assert done.stderr.startswith("cockpit: s3://ck-bucket/crm/reps: cannot be read")
    assert done.stderr.count("\n") == 1 and "TOP-SECRET-1" not in done.stdout + done.stderr


def test_a_table_may_be_a_directory_of_parquet(
    csv_demo: Path, hive_demo: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "data"
    for path in hive_demo.rglob("*.parquet"):
        target = copy / path.relative_to(hive_demo)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    reps = pl.read_parquet(copy / "reps.parquet")
    (copy / "reps.parquet").unlink()
    reps.write_parquet(copy / "reps", partition_by=["team"])
    got = report(str(copy))
    want = report(str(csv_demo))
    assert_same(want, got)


def test_storage_options_come_from_the_environment_and_the_flags_without_changing_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import os

    from cockpit.cli.args import report_parser
    from cockpit.cli.common import storage_options
    from cockpit.errors import UsageError

    monkeypatch.setenv("COCKPIT_STORAGE_OPTIONS", '{"aws_region": "eu-west-1", "a": "1"}')
    args = report_parser().parse_args(["s3://b/p", "--storage-option", "aws_region=us-east-1"])
    assert storage_options(args) == {"aws_region": "us-east-1", "a": "1"}
    assert os.environ["COCKPIT_STORAGE_OPTIONS"] == '{"aws_region": "eu-west-1", "a": "1"}'
    monkeypatch.setenv("COCKPIT_STORAGE_OPTIONS", "[1]")
    with pytest.raises(UsageError, match="COCKPIT_STORAGE_OPTIONS is not a JSON object"):
        storage_options(args)
