"""The synthetic data generator: deterministic, counted, within the contract, chunked at scale."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from cockpit.data.files.load import load_dataset
from cockpit.data.schema import TABLES
from cockpit.demo.generate import (
    SAMPLE_SEED,
    SCALES,
    ScaleSpec,
    scale_counts,
    write_demo,
)
from cockpit.paths import SAMPLE_DATA

TABLE_NAMES = ("reps", "deals", "leads", "activities", "accounts", "growth")
NOT_WRITTEN = {"modified_date", "active", "is_seller", "currency"}
"""Optional columns the demo has no story for: left out, as real exports leave them out."""


def written_columns(table: str) -> list[str]:
    """The contract's columns of `table` the demo writes, in contract order."""
    return [c for c in TABLES[table].column_names if c not in NOT_WRITTEN]


def files(folder: Path) -> dict[str, bytes]:
    """Every file in `folder`, name → bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def demo_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Scale S written as CSV with the default seed."""
    out = tmp_path_factory.mktemp("demo_csv")
    write_demo(out, scale="S", fmt="csv", seed=7)
    return out


def test_same_seed_writes_identical_bytes(demo_csv: Path, tmp_path: Path) -> None:
    write_demo(tmp_path, scale="S", fmt="csv", seed=7)
    assert files(tmp_path) == files(demo_csv)


def test_same_seed_writes_identical_parquet(tmp_path: Path) -> None:
    write_demo(tmp_path / "a", scale="S", fmt="parquet", seed=3)
    write_demo(tmp_path / "b", scale="S", fmt="parquet", seed=3)
    assert files(tmp_path / "a") == files(tmp_path / "b")


def test_another_seed_writes_other_data(demo_csv: Path, tmp_path: Path) -> None:
    write_demo(tmp_path, scale="S", fmt="csv", seed=8)
    other, first = files(tmp_path), files(demo_csv)
    assert other.keys() == first.keys()
    for name in ("deals.csv", "leads.csv", "activities.csv", "accounts.csv"):
        assert other[name] != first[name], name


def test_writes_one_file_per_table_with_the_counted_rows(demo_csv: Path) -> None:
    counts = scale_counts("S")
    assert sorted(counts) == sorted(TABLE_NAMES)
    assert sorted(p.name for p in demo_csv.iterdir()) == sorted(f"{t}.csv" for t in TABLE_NAMES)
    for table, rows in counts.items():
        assert pl.read_csv(demo_csv / f"{table}.csv").height == rows, table


def test_write_demo_returns_the_rows_written(tmp_path: Path) -> None:
    written = write_demo(tmp_path, scale="S", fmt="parquet")
    assert written == scale_counts("S")
    for table, rows in written.items():
        assert pl.read_parquet(tmp_path / f"{table}.parquet").height == rows, table


def test_s_is_a_small_team() -> None:
    counts = scale_counts("S")
    assert 20 <= counts["reps"] <= 30
    assert 200 <= counts["deals"] <= 1_000
    assert 1_000 <= counts["leads"] <= 2_000
    assert 150 <= counts["accounts"] <= 300
    assert counts["activities"] == counts["reps"] * 91  # one row per rep and week
    assert 0.8 * counts["reps"] <= counts["growth"] < counts["reps"]


@pytest.mark.parametrize(
    ("scale", "reps", "deals", "leads", "activities", "accounts"),
    [
        ("M", 2_000, 1_000_000, 2_000_000, 5_000_000, 100_000),
        ("L", 20_000, 10_000_000, 20_000_000, 50_000_000, 1_000_000),
    ],
)
def test_big_scales_have_the_specified_counts(
    scale: str, reps: int, deals: int, leads: int, activities: int, accounts: int
) -> None:
    counts = scale_counts(scale)
    expected = {
        "reps": reps,
        "deals": deals,
        "leads": leads,
        "activities": activities,
        "accounts": accounts,
    }
    assert {k: counts[k] for k in expected} == expected
    assert 0 < counts["growth"] <= reps


def test_columns_follow_the_contract_in_order(demo_csv: Path) -> None:
    for table in TABLE_NAMES:
        header = (demo_csv / f"{table}.csv").read_text(encoding="utf-8").splitlines()[0]
        assert header.split(",") == written_columns(table), table


def test_parquet_columns_have_the_contract_dtypes(tmp_path: Path) -> None:
    write_demo(tmp_path, scale="S", fmt="parquet")
    for table in TABLE_NAMES:
        schema = pl.read_parquet_schema(tmp_path / f"{table}.parquet")
        expected = TABLES[table].polars_schema
        assert dict(schema) == {c: expected[c] for c in written_columns(table)}, table


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_loads_without_errors(fmt: str, tmp_path: Path) -> None:
    write_demo(tmp_path, scale="S", fmt=fmt, seed=11)
    dataset = load_dataset(tmp_path)
    assert dataset.error_count == 0
    assert dataset.problems.filter(pl.col("severity") == "warning").height == 0
    for table, rows in scale_counts("S").items():
        assert dataset.tables[table].height == rows, table


def test_values_keep_the_contract_rules(demo_csv: Path) -> None:
    data = {t: pl.read_csv(demo_csv / f"{t}.csv", try_parse_dates=True) for t in TABLE_NAMES}
    deals, accounts = data["deals"], data["accounts"]
    assert set(deals["stage"]) <= {"open", "won", "lost"}
    assert (deals["amount"] >= 0).all()
    assert deals.filter((pl.col("stage") == "open") != pl.col("close_date").is_null()).is_empty()
    assert (
        deals["close_date"].drop_nulls() >= deals.drop_nulls("close_date")["created_date"]
    ).all()
    churned = accounts.filter(pl.col("churn_date").is_not_null())
    assert (churned["arr_now"] == 0).all()
    assert (accounts.filter(pl.col("churn_date").is_null())["arr_now"] > 0).all()
    assert (accounts["active_seats"] <= accounts["seats"]).all()
    assert (churned["churn_date"] >= churned["start_date"]).all()
    assert set(data["leads"]["origin"]) <= {"company", "self"}
    for table in TABLE_NAMES:
        key = TABLES[table].key
        if key:
            assert data[table][key].is_unique().all(), table


def test_foreign_keys_point_to_rows(demo_csv: Path) -> None:
    data = {t: pl.read_csv(demo_csv / f"{t}.csv", infer_schema=False) for t in TABLE_NAMES}
    for table in TABLE_NAMES:
        for column in TABLES[table].columns:
            if column.references:
                target = TABLES[column.references].key
                assert target is not None
                values = data[table][column.name].drop_nulls()
                assert values.is_in(data[column.references][target].implode()).all(), column


def test_nobody_works_before_being_hired(demo_csv: Path) -> None:
    hires = pl.read_csv(demo_csv / "reps.csv", try_parse_dates=True).select("rep_id", "hire_date")
    for table, column in (("deals", "created_date"), ("leads", "assigned_date")):
        rows = pl.read_csv(demo_csv / f"{table}.csv", try_parse_dates=True).join(hires, on="rep_id")
        assert (rows[column] >= rows["hire_date"]).all(), table
    active = (
        pl.read_csv(demo_csv / "activities.csv", try_parse_dates=True)
        .join(hires, on="rep_id")
        .filter(pl.col("date") < pl.col("hire_date"))
    )
    assert (active.select(pl.sum_horizontal("calls", "emails", "meetings")) == 0).to_series().all()


def test_committed_sample_is_what_the_generator_writes(tmp_path: Path) -> None:
    write_demo(tmp_path, scale="S", fmt="csv", seed=SAMPLE_SEED)
    committed = {name: data for name, data in files(SAMPLE_DATA).items() if name.endswith(".csv")}
    assert committed == files(tmp_path)
    assert sum(len(data) for data in committed.values()) < 2_000_000


def test_unknown_scale_or_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="scale"):
        scale_counts("XL")
    with pytest.raises(ValueError, match="format"):
        write_demo(tmp_path, fmt="xlsx")


def test_every_scale_is_specified() -> None:
    assert set(SCALES) == {"S", "M", "L"}


@pytest.mark.slow
def test_m_writes_in_chunks_with_the_counted_rows(tmp_path: Path) -> None:
    written = write_demo(tmp_path, scale="M", fmt="parquet")
    assert written == scale_counts("M")
    for table, rows in written.items():
        scanned = pl.scan_parquet(tmp_path / f"{table}.parquet").select(pl.len()).collect().item()
        assert scanned == rows, table
    dataset = load_dataset(tmp_path)
    assert dataset.error_count == 0


def test_several_activity_rows_a_day_are_records_not_copies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # More rows per rep than weeks in the window, as at M and L: several rows a rep's day,
    # whose counts often match. Each carries its own id, so none is an exact copy.
    spec = ScaleSpec(10, 200, 200, 15_000, 50)  # 1,500 rows a rep in 633 days
    monkeypatch.setitem(SCALES, "M", spec)
    write_demo(tmp_path, scale="M", fmt="parquet")
    activities = pl.read_parquet(tmp_path / "activities.parquet")
    assert activities.columns[-1] == "activity_id" and activities["activity_id"].is_unique().all()
    assert activities.drop("activity_id").is_duplicated().any()  # equal counts on one day
    dataset = load_dataset(tmp_path)
    assert dataset.summaries["activities"].rows_loaded == activities.height
    assert dataset.problems.filter(pl.col("table") == "activities").height == 0
