"""The mapping keys real exports need: flags in any spelling, row filters, SQL columns, joins."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from cockpit.data.source import open_dataset
from tests.helpers.data import write_folder

REPS = "rep_id,name\nU1,Ann\nU2,Bo\n"
OPPS = (
    "Id,OwnerId,IsClosed,IsWon,IsDeleted,Amount,Expected,CreatedDate,CloseDate\n"
    "O1,U1,1,1,0,100,,2026-01-01,2026-02-01\n"
    "O2,U1,1,,,50,,2026-01-01,2026-02-02\n"
    "O3,U2,TRUE,FALSE,FALSE,,70,2026-01-01,2026-03-01\n"
    "O4,U2,,,1,999,,2026-01-01,2026-03-01\n"
    "O5,U2,no,N,no,10,,2026-01-01,\n"
    ",,,,,,,,\n"
)
MAPPING = """
name = "test"
[tables.reps]
source = "reps.csv"
[tables.deals]
source = "opps.csv"
booleans = ["IsClosed", "IsWon", "IsDeleted"]
where = "NOT IsDeleted"
[tables.deals.columns]
deal_id = "Id"
rep_id = "OwnerId"
created_date = "CreatedDate"
close_date = "CloseDate"
# Actual amount when there is one, else the expected one (a per-row fallback).
amount = { sql = "COALESCE(Amount, Expected)" }
stage = { sql = \"""
  CASE WHEN IsClosed AND IsWon THEN 'won' WHEN IsClosed THEN 'lost' ELSE 'open' END\""" }
"""


def load(tmp_path: Path, mapping: str = MAPPING, opps: str = OPPS) -> tuple[pl.DataFrame, str]:
    folder = write_folder(tmp_path / "crm", {"reps.csv": REPS, "opps.csv": opps})
    (tmp_path / "m.toml").write_text(mapping, encoding="utf-8")
    dataset = open_dataset(str(folder), str(tmp_path / "m.toml"), cached=False)
    reasons = "\n".join(str(r) for r in dataset.problems["reason"].to_list())
    deals = dataset.tables["deals"] if "deals" in dataset.tables else pl.DataFrame()
    return deals, reasons


def test_flags_in_every_spelling_where_and_sql_columns(tmp_path: Path) -> None:
    deals, reasons = load(tmp_path)
    got = {r["deal_id"]: (r["stage"], r["amount"]) for r in deals.iter_rows(named=True)}
    # O1 1/1 won; O2 1/empty lost; O3 TRUE/FALSE lost, no Amount so Expected 70; O4 deleted;
    # O5 no/N open; the blank last row is skipped as blank, not as deleted.
    assert got == {
        "O1": ("won", 100.0),
        "O2": ("lost", 50.0),
        "O3": ("lost", 70.0),
        "O5": ("open", 10.0),
    }
    assert "1 rows left out by the mapping's where (NOT IsDeleted); 1 blank rows skipped" in reasons


def test_where_naming_a_column_the_file_lacks_is_an_error(tmp_path: Path) -> None:
    _, reasons = load(tmp_path, MAPPING.replace("NOT IsDeleted", "NOT IsRemoved"))
    assert "the mapping's where cannot apply: 'NOT IsRemoved' names IsRemoved" in reasons


def test_where_comparing_a_flag_as_text_is_an_error_not_a_crash(tmp_path: Path) -> None:
    # IsDeleted is listed in booleans: the condition sees true/false, not text to lower-case.
    wrong = MAPPING.replace('where = "NOT IsDeleted"', "where = \"LOWER(IsDeleted) = 'no'\"")
    deals, reasons = load(tmp_path, wrong)
    assert deals.is_empty()
    assert "the mapping's where (\"LOWER(IsDeleted) = 'no'\") cannot be evaluated" in reasons
    assert "Columns listed in booleans are true/false in it" in reasons


def test_where_alternatives_fit_export_variants(tmp_path: Path) -> None:
    variants = MAPPING.replace('where = "NOT IsDeleted"', 'where = ["NOT IsRemoved", "TRUE"]')
    deals, reasons = load(tmp_path, variants)
    assert "O4" in deals["deal_id"].to_list()  # no variant column: every row kept
    assert "left out" not in reasons


def test_sql_that_is_not_sql_is_an_error_naming_the_column(tmp_path: Path) -> None:
    broken = MAPPING.replace("COALESCE(Amount, Expected)", "COALESCE(Amount,")
    _, reasons = load(tmp_path, broken)
    assert "the mapping's amount = { sql = 'COALESCE(Amount,' } is not SQL" in reasons


def test_a_join_brings_columns_from_another_file(tmp_path: Path) -> None:
    mapping = MAPPING.replace(
        "[tables.deals.columns]",
        '[[tables.deals.joins]]\nfile = "owners.csv"\non = { OwnerId = "uid" }\n'
        'columns = ["region"]\n[tables.deals.columns]\nsegment = "region"',
    )
    folder = tmp_path / "crm"
    _, reasons = load(tmp_path, mapping)
    assert "owners.csv, which cannot be read" in reasons
    write_folder(folder, {"owners.csv": "uid,region\nU1,East\nU1,West\nU2,South\n"})
    dataset = open_dataset(str(folder), str(tmp_path / "m.toml"), cached=False)
    segments = dict(dataset.tables["deals"].select("deal_id", "segment").iter_rows())
    # The first row per key wins (U1 → East).
    assert segments == {"O1": "East", "O2": "East", "O3": "South", "O5": "South"}


@pytest.mark.parametrize("spelling", ["y", "Yes", "T", "true", "1"])
def test_any_true_spelling_reads_as_true(tmp_path: Path, spelling: str) -> None:
    opps = OPPS.replace("O1,U1,1,1,0", f"O1,U1,{spelling},{spelling},0")
    deals, _ = load(tmp_path, opps=opps)
    assert deals.filter(pl.col("deal_id") == "O1")["stage"].item() == "won"


@pytest.mark.parametrize("name", ["../secrets.csv", "/etc/passwd", "sub/owners.csv", ".."])
def test_a_join_never_reads_outside_the_data_folder(tmp_path: Path, name: str) -> None:
    from cockpit.errors import UsageError

    mapping = MAPPING.replace(
        "[tables.deals.columns]",
        f'[[tables.deals.joins]]\nfile = "{name}"\non = {{ OwnerId = "uid" }}\n'
        'columns = ["region"]\n[tables.deals.columns]',
    )
    with pytest.raises(UsageError, match="give a file name of the data folder, no directories"):
        load(tmp_path, mapping)


def test_decimal_comma_numbers_are_read_and_odd_ones_reported(tmp_path: Path) -> None:
    # A European Excel save: `;` between fields, `,` before decimals, `.` or a space between
    # thousands. `1.5` there is not guessed at.
    folder = write_folder(
        tmp_path / "xl",
        {
            "reps.csv": "rep_id;name;quota\nR1;Ann;100.000,00\n",
            "deals.csv": (
                "deal_id;rep_id;stage;amount;created_date;close_date\n"
                "D1;R1;won;235400,00;2026-01-05;2026-02-01\n"
                "D2;R1;won;1 234,50;2026-01-05;2026-02-01\n"
                "D3;R1;won;€ 2.000,10;2026-01-05;2026-02-01\n"
                "D4;R1;won;1.5;2026-01-05;2026-02-01\n"
            ),
        },
    )
    tables = '[tables.{0}]\nsource = "{0}.csv"\nseparator = ";"\ndecimal = ","\n'
    (tmp_path / "m.toml").write_text(
        'name = "xl"\n' + tables.format("reps") + tables.format("deals"), encoding="utf-8"
    )
    dataset = open_dataset(str(folder), str(tmp_path / "m.toml"), cached=False)
    amounts = dict(dataset.tables["deals"].select("deal_id", "amount").iter_rows())
    assert amounts == {"D1": 235_400.0, "D2": 1_234.5, "D3": 2_000.1}
    assert dataset.tables["reps"]["quota"].to_list() == [100_000.0]
    bad = dataset.problems.filter(pl.col("column") == "amount").row(0, named=True)
    assert (bad["row"], bad["value"], bad["reason"]) == (5, "1.5", "not a number")


def test_a_mapping_of_one_table_leaves_the_canonical_files_of_the_others(tmp_path: Path) -> None:
    # Setting reps' encoding must not hide deals.csv.
    folder = write_folder(
        tmp_path / "enc",
        {
            "reps.csv": "rep_id,name\nR1,Jos\xe9\n".encode("cp1252"),
            "deals.csv": REPS_DEALS,
        },
    )
    (tmp_path / "m.toml").write_text(
        'name = "enc"\n[tables.reps]\nsource = "reps.csv"\nencoding = "cp1252"\n', "utf-8"
    )
    dataset = open_dataset(str(folder), str(tmp_path / "m.toml"), cached=False)
    assert dataset.tables["reps"]["name"].to_list() == ["José"]
    assert dataset.tables["deals"]["deal_id"].to_list() == ["D1"]


REPS_DEALS = (
    "deal_id,rep_id,stage,amount,created_date,close_date\nD1,R1,won,50,2026-01-05,2026-02-01\n"
)


def test_a_joined_column_no_canonical_column_reads_is_kept_as_an_extra(tmp_path: Path) -> None:
    mapping = MAPPING.replace(
        "[tables.deals.columns]",
        '[[tables.deals.joins]]\nfile = "owners.csv"\non = { OwnerId = "uid" }\n'
        'columns = ["region"]\n[tables.deals.columns]',
    )
    folder = write_folder(tmp_path / "crm", {"owners.csv": "uid,region\nU1,East\nU2,South\n"})
    deals, reasons = load(tmp_path, mapping)
    assert "error" not in reasons.lower()
    assert dict(deals.select("deal_id", "region").iter_rows())["O3"] == "South"
    assert folder.is_dir()


def test_files_read_together_and_a_file_mixing_encodings_is_read_line_by_line(
    tmp_path: Path,
) -> None:
    # calls.csv and visits.csv are one activities table; visits.csv's line 2 is UTF-8
    # ("Zoë"), line 3 cp1252 ("Jürgen"): each is read in its own encoding, and said.
    mixed = b"rep_id,date,meetings,note\n" + "U1,2026-03-02,1,Zoë\n".encode()
    mixed += "U2,2026-03-03,2,Jürgen\n".encode("cp1252")
    folder = write_folder(
        tmp_path / "d",
        {
            "reps.csv": REPS,
            "deals.csv": "deal_id,rep_id,stage,amount,created_date\nD1,U1,won,5,2026-01-02\n",
            "calls.csv": "rep_id,date,calls\nU1,2026-03-02,3\n",
            "visits.csv": mixed,
            "mapping.toml": (
                'name = "t"\n[tables.activities]\n'
                'source = [["calls.csv", "visits.csv", "none*.csv"]]\nencoding = "auto"\n'
            ),
        },
    )
    from cockpit.data.files.load import load_dataset
    from cockpit.data.mapping import read_mapping

    ds = load_dataset(folder, read_mapping(folder / "mapping.toml"))
    activities = ds.lazy("activities")
    assert activities is not None
    rows = activities.sort("date").collect()
    # calls.csv's 3 calls and visits.csv's 1 + 2 meetings: both files, one table.
    assert (rows["calls"].sum(), rows["meetings"].sum()) == (3, 3)
    assert sorted(rows["note"].drop_nulls().to_list()) == ["Jürgen", "Zoë"]
    [warning] = ds.problems.filter(pl.col("reason").str.contains("mixes encodings"))["reason"]
    assert warning.startswith("visits.csv mixes encodings: 1 lines are UTF-8 (first: line 2)")
    assert "1 cp1252 (first: line 3)" in warning
