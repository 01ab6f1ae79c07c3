"""Every loader rule: what is set aside, what is kept, and the message a manager reads."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from cockpit.data.dataset import Dataset
from cockpit.data.files.load import load_dataset
from tests.helpers.data import DEALS, REPS, write_folder


def load(tmp_path: Path, files: dict[str, str | bytes]) -> Dataset:
    """Load a folder made of `files`, with the required tables defaulted."""
    return load_dataset(
        write_folder(tmp_path / "d", {"reps.csv": REPS, "deals.csv": DEALS, **files})
    )


def deal(ds: Dataset, deal_id: str) -> dict[str, object]:
    """One loaded deal by id (tables are stored sorted by rep, not in file order)."""
    return ds.tables["deals"].filter(pl.col("deal_id") == deal_id).row(0, named=True)


def problems(ds: Dataset, **where: object) -> list[dict[str, object]]:
    """Problems whose fields equal `where`."""
    frame = ds.problems
    for key, value in where.items():
        frame = frame.filter(pl.col(key) == value)
    return frame.to_dicts()


def test_valid_minimal_folder_loads_with_no_errors(minimal: Path) -> None:
    ds = load_dataset(minimal)
    assert ds.usable and ds.error_count == 0
    assert ds.tables["reps"]["name"].to_list() == ["Ann Lee", "Bo Chen"]
    assert ds.tables["deals"].schema["amount"] == pl.Float64
    assert ds.tables["deals"]["close_date"].to_list() == [date(2026, 2, 1), date(2026, 3, 1)]
    assert ds.summaries["deals"].rows_read == 2 and ds.summaries["deals"].rows_loaded == 2


def test_duplicate_id_sets_later_row_aside_and_names_the_first(tmp_path: Path) -> None:
    ds = load(tmp_path, {"reps.csv": REPS + "R1,Ann Again,5\n"})
    [p] = problems(ds, column="rep_id", severity="error")
    assert p["row"] == 4 and p["value"] == "R1"
    assert p["reason"] == "duplicate rep_id: first seen on row 2 of reps.csv"
    assert p["action"] == "row set aside"
    assert ds.tables["reps"]["name"].to_list() == ["Ann Lee", "Bo Chen"]
    assert ds.summaries["reps"].rows_set_aside == 1


def test_negative_amount_sets_the_deal_aside(tmp_path: Path) -> None:
    deals = DEALS + "D3,R1,won,-10,2026-01-01,2026-01-02\n"
    ds = load(tmp_path, {"deals.csv": deals})
    [p] = problems(ds, column="amount")
    assert (p["row"], p["value"], p["reason"], p["severity"]) == (4, "-10", "negative", "error")
    assert "D3" not in ds.tables["deals"]["deal_id"].to_list()


def test_negative_optional_quota_is_cleared_not_dropped(tmp_path: Path) -> None:
    ds = load(tmp_path, {"reps.csv": REPS + "R3,Cy,-1\n"})
    [p] = problems(ds, column="quota")
    assert (p["severity"], p["action"]) == ("warning", "value cleared")
    reps = ds.tables["reps"]
    assert reps.filter(pl.col("rep_id") == "R3")["quota"].to_list() == [None]


def test_unknown_stage_says_how_to_map_it(tmp_path: Path) -> None:
    ds = load(tmp_path, {"deals.csv": DEALS + "D3,R1,Negotiation,5,2026-01-01,\n"})
    [p] = problems(ds, column="stage")
    assert p["value"] == "Negotiation"
    assert "expected open, won, lost" in str(p["reason"])
    assert "[tables.deals.values.stage]" in str(p["reason"])


def test_stage_case_is_forgiven(tmp_path: Path) -> None:
    ds = load(tmp_path, {"deals.csv": DEALS + "D3,R1,WON,5,2026-01-01,2026-01-02\n"})
    assert ds.error_count == 0
    assert deal(ds, "D3")["stage"] == "won"


def test_unparseable_required_date_sets_row_aside_with_expected_format(tmp_path: Path) -> None:
    ds = load(tmp_path, {"deals.csv": DEALS + "D3,R1,won,5,03/04/2026,2026-04-05\n"})
    [p] = problems(ds, column="created_date")
    assert p["reason"] == "not a date (expected YYYY-MM-DD)"
    assert (p["row"], p["value"], p["severity"]) == (4, "03/04/2026", "error")


def test_unparseable_optional_date_is_cleared_and_reported(tmp_path: Path) -> None:
    ds = load(tmp_path, {"reps.csv": "rep_id,name,hire_date\nR1,Ann,soon\nR2,Bo,2025-02-30\n"})
    found = problems(ds, column="hire_date")
    assert [(p["row"], p["value"], p["action"]) for p in found] == [
        (2, "soon", "value cleared"),
        (3, "2025-02-30", "value cleared"),
    ]
    assert ds.tables["reps"]["hire_date"].to_list() == [None, None]


def test_iso_datetime_is_read_as_its_day(tmp_path: Path) -> None:
    deals = DEALS + "D3,R1,won,5,2026-01-01T09:30:00Z,2026-01-02 17:00:00\n"
    ds = load(tmp_path, {"deals.csv": deals})
    assert ds.error_count == 0
    assert deal(ds, "D3")["close_date"] == date(2026, 1, 2)


def test_unparseable_boolean_in_leads(tmp_path: Path) -> None:
    leads = (
        "lead_id,rep_id,assigned_date,origin,converted\n"
        "L1,R1,2026-01-01,company,Yes\n"
        "L2,R1,2026-01-01,Self,0\n"
        "L3,R2,2026-01-01,company,maybe\n"
    )
    ds = load(tmp_path, {"leads.csv": leads})
    [p] = problems(ds, column="converted")
    assert p["row"] == 4 and p["value"] == "maybe"
    assert str(p["reason"]).startswith("not true/false")
    assert ds.tables["leads"]["converted"].to_list() == [True, False]
    assert ds.tables["leads"]["origin"].to_list() == ["company", "self"]


def test_missing_required_column_names_the_columns_present(tmp_path: Path) -> None:
    ds = load(tmp_path, {"deals.csv": "deal_id,rep_id,stage,created_date\nD1,R1,won,2026-01-01\n"})
    [p] = problems(ds, column="amount", severity="error")
    assert "required column amount is missing" in str(p["reason"])
    assert "deal_id, rep_id, stage, created_date" in str(p["reason"])
    assert not ds.usable


def test_without_deals_or_accounts_the_data_is_unusable(tmp_path: Path) -> None:
    ds = load_dataset(write_folder(tmp_path / "d", {"reps.csv": REPS}))
    [p] = problems(ds, table="deals", severity="warning")
    assert str(p["reason"]).startswith("table missing (no deals.csv or deals.parquet")
    assert "the Tiers, Growth and Leads panes have nothing to show" in str(p["reason"])
    assert not ds.usable


def test_missing_optional_table_says_what_is_lost(minimal: Path) -> None:
    ds = load_dataset(minimal)
    [p] = problems(ds, table="leads")
    assert p["severity"] == "info"
    assert "the Leads pane" in str(p["reason"])
    assert "leads.csv" in ds.missing_message("leads")


def test_empty_file_is_named(tmp_path: Path) -> None:
    ds = load(tmp_path, {"deals.csv": ""})
    [p] = problems(ds, table="deals", severity="error")
    assert p["file"] == "deals.csv"
    assert "empty" in str(p["reason"])
    assert not ds.usable


def test_header_only_deals_file_is_said_and_leaves_nothing_to_review(tmp_path: Path) -> None:
    ds = load(tmp_path, {"deals.csv": "deal_id,rep_id,stage,amount,created_date\n"})
    [p] = problems(ds, table="deals", severity="warning")
    assert p["reason"] == "the file has a header but no rows"
    assert not ds.usable


def test_non_utf8_file_names_the_byte_and_the_fix(tmp_path: Path) -> None:
    ds = load(tmp_path, {"reps.csv": "rep_id,name\nR1,M\xfcller\n".encode("cp1252")})
    [p] = problems(ds, table="reps", severity="error")
    assert "is not UTF-8 text (byte 0xfc on line 2)" in str(p["reason"])
    assert 'encoding = "cp1252"' in str(p["reason"])


def test_ragged_row_is_named(tmp_path: Path) -> None:
    ds = load(tmp_path, {"reps.csv": REPS + "R3,Cy,1,extra\n"})
    [p] = problems(ds, table="reps", severity="error")
    assert "row 4 has more fields than the header row" in str(p["reason"])


def test_dangling_foreign_key_is_a_warning_and_kept(tmp_path: Path) -> None:
    ds = load(tmp_path, {"deals.csv": DEALS + "D3,R9,won,5,2026-01-01,2026-01-02\n"})
    [p] = problems(ds, column="rep_id", table="deals")
    assert (p["severity"], p["row"], p["value"]) == ("warning", 4, "R9")
    assert "points to no row of reps" in str(p["reason"])
    assert "D3" in ds.tables["deals"]["deal_id"].to_list()
    assert ds.error_count == 0


def test_blank_rows_are_skipped_and_counted(tmp_path: Path) -> None:
    ds = load(tmp_path, {"reps.csv": REPS + ",,\n\n"})
    [p] = problems(ds, table="reps")
    assert (p["severity"], p["reason"]) == ("info", "2 blank rows skipped")
    assert ds.tables["reps"].height == 2


@pytest.mark.usefixtures("each_store")
def test_deal_segment_comes_from_its_account(tmp_path: Path) -> None:
    accounts = "account_id,segment,arr_start,arr_now\nA1,Retail,100,100\n"
    deals = (
        "deal_id,rep_id,account_id,segment,stage,amount,created_date\n"
        "D1,R1,A1,,open,5,2026-01-01\n"
        "D2,R2,A1,Public,open,5,2026-01-01\n"
        "D3,R1,,Health,open,5,2026-01-01\n"
        "D4,R1,A9,,open,5,2026-01-01\n"
    )
    ds = load(tmp_path, {"accounts.csv": accounts, "deals.csv": deals})
    segments = {d: deal(ds, d)["segment"] for d in ("D1", "D2", "D3", "D4")}
    # Its own segment wins; an unknown account gives none.
    assert segments == {"D1": "Retail", "D2": "Public", "D3": "Health", "D4": None}


def test_deals_with_their_own_segments_keep_them(tmp_path: Path) -> None:
    """No deal needs its account's segment here, so none is looked up (a join saved)."""
    accounts = "account_id,segment,arr_start,arr_now\nA1,Retail,100,100\n"
    deals = (
        "deal_id,rep_id,account_id,segment,stage,amount,created_date\n"
        "D1,R1,A1,Public,open,5,2026-01-01\n"
    )
    ds = load(tmp_path, {"accounts.csv": accounts, "deals.csv": deals})
    assert ds.tables["deals"]["segment"].to_list() == ["Public"]


def test_open_deal_expected_close_date_is_ignored(tmp_path: Path) -> None:
    ds = load(tmp_path, {"deals.csv": DEALS + "D3,R1,open,5,2026-01-01,2026-12-31\n"})
    assert deal(ds, "D3")["close_date"] is None
    [p] = problems(ds, column="close_date")
    assert p["severity"] == "info" and "1 open deals" in str(p["reason"])


def test_activity_counts_default_to_zero(tmp_path: Path) -> None:
    ds = load(tmp_path, {"activities.csv": "rep_id,date,calls\nR1,2026-01-05,3\nR2,2026-01-05,\n"})
    acts = ds.tables["activities"]
    assert acts["calls"].to_list() == [3, 0]
    assert acts["emails"].to_list() == [0, 0]


def test_extra_columns_are_kept(tmp_path: Path) -> None:
    ds = load(tmp_path, {"reps.csv": "rep_id,name,desk\nR1,Ann,4B\nR2,Bo,5C\n"})
    assert ds.tables["reps"]["desk"].to_list() == ["4B", "5C"]


def test_every_problem_is_reported_not_only_the_first(tmp_path: Path) -> None:
    bad = "".join(f"X{i},R1,won,-1,2026-01-01,2026-01-02\n" for i in range(50))
    ds = load(tmp_path, {"deals.csv": DEALS + bad})
    assert len(problems(ds, column="amount", reason="negative")) == 50
    assert ds.summaries["deals"].rows_set_aside == 50


def test_parquet_with_native_types_loads(tmp_path: Path) -> None:
    folder = tmp_path / "pq"
    folder.mkdir()
    pl.DataFrame({"rep_id": ["R1"], "name": ["Ann"], "quota": [10]}).write_parquet(
        folder / "reps.parquet"
    )
    pl.DataFrame(
        {
            "deal_id": [1, 2],
            "rep_id": ["R1", "R1"],
            "stage": ["won", "open"],
            "amount": [5, 6],
            "created_date": [date(2026, 1, 1), date(2026, 1, 2)],
            "close_date": [date(2026, 2, 1), None],
        }
    ).write_parquet(folder / "deals.parquet")
    ds = load_dataset(folder)
    assert ds.error_count == 0
    assert ds.tables["deals"]["deal_id"].to_list() == ["1", "2"]
    assert ds.tables["reps"]["quota"].to_list() == [10.0]


@pytest.mark.parametrize("amount", ["$1,234.50", "USD 1,234.50", "1234.5"])
def test_amounts_with_currency_and_thousands(tmp_path: Path, amount: str) -> None:
    deals = DEALS + f'D3,R1,won,"{amount}",2026-01-01,2026-01-02\n'
    ds = load(tmp_path, {"deals.csv": deals})
    assert ds.error_count == 0
    assert deal(ds, "D3")["amount"] == 1234.5


def test_parquet_counts_of_any_number_type(tmp_path: Path) -> None:
    """Whole numbers of any integer type load as they are; a count too large for a 64-bit
    integer, or with a fraction, is reported and cleared (counted as 0), never rounded."""
    folder = write_folder(tmp_path / "pq", {"reps.csv": REPS, "deals.csv": DEALS})
    pl.DataFrame(
        {
            "rep_id": ["R1", "R1", "R2"],
            "date": [date(2026, 1, 5)] * 3,
            "calls": pl.Series([3, 2**63, 4], dtype=pl.UInt64),
            "emails": pl.Series([1, 2, 3], dtype=pl.Int16),
            "meetings": [1.0, 1.0, 2.5],
        }
    ).write_parquet(folder / "activities.parquet")
    ds = load_dataset(folder)
    acts = ds.tables["activities"]
    assert acts["calls"].to_list() == [3, 0, 4]
    assert acts["emails"].to_list() == [1, 2, 3] and acts.schema["emails"] == pl.Int64
    assert acts["meetings"].to_list() == [1, 1, 0]
    bad = {(p["row"], p["column"]) for p in problems(ds, table="activities")}
    assert bad == {(2, "calls"), (3, "meetings")}  # a Parquet file's rows count from 1
