"""A first open of data that fits in memory: checked there, panes shown from it, and the
validated copy written afterwards; past the memory budget, tables stream through disk."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from textual.widgets import Static

from cockpit.config import Settings
from cockpit.data.copies import validated_copy as cache_module
from cockpit.data.copies.validated_copy import cache_root
from cockpit.data.files import check_pass, one_read
from cockpit.data.files.budget import (
    BYTES_PER_CELL,
    table_bytes,
    tables_in_memory,
)
from cockpit.data.files.check_pass import sink_stored
from cockpit.data.files.load import load_dataset, work_prefix
from cockpit.data.source import open_dataset
from cockpit.data.tables import StoredTables
from cockpit.demo.generate import write_demo
from cockpit.period import resolve_period
from cockpit.report.panes import render
from cockpit.session import panes_of
from cockpit.ui.app import CockpitApp, Source
from tests.helpers.cli import run_cockpit
from tests.helpers.data import DEALS, MESSY, REPS, write_folder
from tests.helpers.paths import REPO
from tests.helpers.pilot import ready


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Demo data at scale S as Parquet (read only by these tests)."""
    folder = tmp_path_factory.mktemp("first-open") / "demo"
    write_demo(folder, scale="S", fmt="parquet")
    return folder


def copies() -> list[Path]:
    """The validated copies in the cache (none when it was never written)."""
    return sorted(cache_root().iterdir()) if cache_root().exists() else []


def test_the_copy_is_written_once_the_panes_show_not_before(demo: Path) -> None:
    dataset = open_dataset(str(demo))
    assert not isinstance(dataset.tables, StoredTables)  # checked in memory
    assert copies() == []
    dataset.finish()
    (entry,) = copies()
    again = open_dataset(str(demo))
    assert again.from_cache
    for name, frame in dataset.tables.items():
        assert_frame_equal(again.tables[name], frame, check_row_order=False)
    # Stored sorted by rep, so a drill-down reads one rep's row groups.
    stored = pl.read_parquet(entry / "deals.parquet")["rep_id"]
    assert stored.is_sorted()
    assert again.problems.equals(dataset.problems)
    dataset.finish()  # a second finish writes nothing more
    assert copies() == [entry]


@pytest.mark.usefixtures("each_store")
def test_the_copy_keeps_each_reps_rows_together_and_unknown_reps_last(tmp_path: Path) -> None:
    reps = "rep_id,name\nR2,Bo Chen\nR10,Cy Diaz\nR1,Ann Lee\n"
    rows = [("D1", "R2"), ("D2", "R9"), ("D3", "R1"), ("D4", "R2"), ("D5", "R10"), ("D6", "R0")]
    deals = "deal_id,rep_id,stage,amount,created_date\n" + "".join(
        f"{deal},{rep},open,100,2026-01-05\n" for deal, rep in rows
    )
    folder = write_folder(tmp_path / "d", {"reps.csv": reps, "deals.csv": deals})
    dataset = open_dataset(str(folder))
    dataset.finish()
    (entry,) = copies()
    stored = pl.read_parquet(entry / "deals.parquet").select("deal_id", "rep_id").rows()
    # Known reps in rep_id order, each in file order; R9 and R0 point nowhere: last, as read.
    expected = [("D3", "R1"), ("D5", "R10"), ("D1", "R2"), ("D4", "R2"), ("D2", "R9"), ("D6", "R0")]
    assert stored == expected
    again = open_dataset(str(folder))
    assert again.from_cache
    assert again.rows_of("deals", "rep_id", "R2")["deal_id"].to_list() == ["D1", "D4"]
    assert again.rows_of("deals", "rep_id", "R9")["deal_id"].to_list() == ["D2"]


def test_a_table_sorted_a_part_at_a_time_keeps_the_same_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COCKPIT_MEMORY_BUDGET_MB", "0")  # through disk, where parts are sorted
    monkeypatch.setattr(check_pass, "SORT_ROWS", 2)  # 7 deals: 4 ranges of reps, then unknowns
    reps = "rep_id,name\nR2,Bo Chen\nR10,Cy Diaz\nR1,Ann Lee\nR3,Di Eng\nR4,Ed Fox\n"
    rows = [("D1", "R2"), ("D2", "R9"), ("D3", "R4"), ("D4", "R2"), ("D5", "R1"), ("D6", "R0")]
    deals = "deal_id,rep_id,stage,amount,created_date\n" + "".join(
        f"{deal},{rep},open,100,2026-01-05\n" for deal, rep in [*rows, ("D7", "R3")]
    )
    folder = write_folder(tmp_path / "d", {"reps.csv": reps, "deals.csv": deals})
    dataset = open_dataset(str(folder))
    assert not dataset.from_cache
    stored = dataset.tables["deals"].select("deal_id", "rep_id").rows()
    expected = [("D5", "R1"), ("D1", "R2"), ("D4", "R2"), ("D7", "R3"), ("D3", "R4")]
    assert stored == [*expected, ("D2", "R9"), ("D6", "R0")]  # unknown reps last, as read
    assert open_dataset(str(folder)).rows_of("deals", "rep_id", "R2")["deal_id"].to_list() == [
        "D1",
        "D4",
    ]


def test_a_folder_changed_before_the_copy_is_written_gets_no_copy(tmp_path: Path) -> None:
    deals = (
        "deal_id,rep_id,stage,amount,created_date,close_date\n"
        "D1,R1,won,50000,2026-01-05,2026-02-01\n"
    )
    folder = write_folder(tmp_path / "d", {"reps.csv": REPS, "deals.csv": deals})
    dataset = open_dataset(str(folder))
    (folder / "deals.csv").write_text(deals.replace("50000", "70000"), encoding="utf-8")
    dataset.finish()
    assert copies() == []
    assert open_dataset(str(folder)).tables["deals"]["amount"].to_list() == [70000]


def test_an_interrupted_copy_leaves_nothing_half_written(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dataset = open_dataset(str(demo))
    real = sink_stored

    def interrupted(
        frame: pl.LazyFrame, name: str, target: Path, reps: pl.LazyFrame | None
    ) -> pl.LazyFrame:
        if name == "leads":
            raise KeyboardInterrupt
        return real(frame, name, target, reps)

    monkeypatch.setattr(cache_module, "sink_stored", interrupted)
    with pytest.raises(KeyboardInterrupt):
        dataset.finish()
    assert copies() == []


def test_a_full_disk_while_writing_the_copy_only_costs_speed(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dataset = open_dataset(str(demo))

    def full(*_: object) -> pl.LazyFrame:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache_module, "sink_stored", full)
    dataset.finish()
    assert copies() == []
    assert dataset.usable and dataset.tables["deals"].height > 0


def panes_json(folder: Path) -> str:
    """All five panes of `folder` as `cockpit report --format json` renders them."""
    dataset = load_dataset(folder)
    period = resolve_period(dataset.lazy_tables())
    return render(panes_of(dataset, period, Settings()), "all", "json")


@pytest.mark.parametrize("kind", ["demo", "messy"])
def test_in_memory_and_streamed_first_opens_agree(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    folder = demo if kind == "demo" else write_folder(tmp_path / "messy", MESSY)
    in_memory = load_dataset(folder)
    shown = panes_json(folder)
    monkeypatch.setenv("COCKPIT_MEMORY_BUDGET_MB", "0")
    streamed = load_dataset(folder)
    assert not isinstance(in_memory.tables, StoredTables)
    assert isinstance(streamed.tables, StoredTables)
    assert streamed.problems.equals(in_memory.problems)
    assert streamed.summaries == in_memory.summaries
    assert panes_json(folder) == shown
    assert json.loads(shown)  # numbers, not an empty answer


ACTIVITIES = (
    "rep_id,date,calls,emails,meetings\n"
    "R1,2026-01-05,3,1,0\n"
    "R2,2026-13-05,2,0,1\n"  # no such month: set aside
    ",,,,\n"  # blank: skipped
    "R9,2026-01-06,1,1,1\n"  # no such rep: kept, reported
    "R1,2026-01-07,-4,0,0\n"
    "R2,2026-01-08,5,2,2\n"
    "R1,2026-01-09,x,0,0\n"
    ",,,,\n"
    "R2,2026-02-30,1,1,1\n"
)
LEADS = (
    "lead_id,rep_id,assigned_date,origin,converted,deal_id\n"
    "L1,R1,2026-01-05,company,true,D1\n"
    "L2,R2,2026-01-06,self,false,\n"
    "L1,R2,2026-01-07,company,false,\n"  # a repeated id
    "L3,R9,2026-01-08,company,true,D7\n"  # no such rep, no such deal
    "L4,R1,2026-02-31,company,false,\n"
    "L5,R2,2026-01-09,company,maybe,\n"
)


@pytest.mark.parametrize("copies_in", [False, True])
def test_streamed_a_few_rows_at_a_time_it_reports_and_shows_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, copies_in: bool
) -> None:
    # Through disk, a file is read once and split a batch at a time: every count, flagged row,
    # skipped row and dangling reference must come out as when the whole file is checked.
    activities = ACTIVITIES + ("R2,2026-01-08,5,2,2\n" if copies_in else "")
    files = {**MESSY, "activities.csv": activities, "leads.csv": LEADS}
    folder = write_folder(tmp_path / "d", files)
    in_memory = load_dataset(folder)
    shown = panes_json(folder)
    monkeypatch.setenv("COCKPIT_MEMORY_BUDGET_MB", "0")
    monkeypatch.setattr(one_read, "BATCH_ROWS", 2)
    monkeypatch.setattr(check_pass, "SORT_ROWS", 2)
    streamed = load_dataset(folder)
    assert isinstance(streamed.tables, StoredTables)
    assert streamed.problems.equals(in_memory.problems)
    assert streamed.summaries == in_memory.summaries
    assert panes_json(folder) == shown
    reasons = streamed.problems.filter(pl.col("table") == "activities")["reason"].to_list()
    assert any("points to no row of reps" in r for r in reasons)
    assert any("blank rows skipped" in r for r in reasons)
    assert any("exact duplicate of row 7" in r for r in reasons) == copies_in
    # 9 rows, 2 blank, 2 with no such date; a copy is counted once.
    assert streamed.summaries["activities"].rows_loaded == 5
    for name in ("deals", "leads"):
        for rep in ("R1", "R2", "R9"):
            drilled = streamed.rows_of(name, "rep_id", rep)
            assert drilled is not None
            assert_frame_equal(
                drilled, in_memory.rows_of(name, "rep_id", rep), check_row_order=False
            )


def test_through_disk_a_drilled_table_with_every_row_set_aside_is_empty_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Fivetran's Salesforce sample: all 10 opportunities set aside. With no rows there are
    # no parts to sort by rep; the table is stored empty, as in memory.
    leads = LEADS.splitlines()[0] + "\nL1,R1,2026-13-01,company,true,\nL2,R2,no,self,false,\n"
    folder = write_folder(tmp_path / "d", {**MESSY, "leads.csv": leads})
    in_memory = load_dataset(folder)
    monkeypatch.setenv("COCKPIT_MEMORY_BUDGET_MB", "0")
    streamed = load_dataset(folder)
    assert streamed.summaries["leads"].rows_loaded == 0
    assert streamed.summaries == in_memory.summaries
    assert streamed.problems.equals(in_memory.problems)
    assert streamed.tables["leads"].is_empty()


def test_through_disk_a_users_part_column_and_a_rows_two_problems_read_as_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A column named like the sort's own (`_part`) is the user's, kept; an activity row with
    # both an unknown rep and a bad count lists its problems in the same order either way.
    deals = MESSY["deals.csv"].replace("close_date\n", "close_date,_part\n", 1)
    deals = "\n".join(f"{line},x{i}" if i else line for i, line in enumerate(deals.splitlines()))
    activities = "rep_id,date,calls,emails\nR9,2026-01-01,1,abc\nR1,2026-01-02,2,3\n"
    files = {**MESSY, "deals.csv": deals + "\n", "activities.csv": activities}
    folder = write_folder(tmp_path / "d", files)
    in_memory = load_dataset(folder)
    monkeypatch.setenv("COCKPIT_MEMORY_BUDGET_MB", "0")
    streamed = load_dataset(folder)
    assert streamed.problems.equals(in_memory.problems)
    assert_frame_equal(streamed.tables["deals"], in_memory.tables["deals"], check_row_order=False)
    assert "_part" in streamed.tables["deals"].columns


def test_past_the_budget_the_tables_that_fit_stay_in_memory(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sizes = table_bytes(demo, None)
    # Room for reps, accounts and deals (checked first), not for leads: those and the tables
    # after them that do not fit either stream through disk.
    room = sizes["reps"] + sizes["accounts"] + sizes["deals"]
    assert sizes["leads"] > 1_000 and sizes["activities"] > 1_000
    monkeypatch.setenv("COCKPIT_MEMORY_BUDGET_MB", str((room + 1_000) / 1_000_000))
    assert tables_in_memory(sizes, room + 1_000) >= {"reps", "accounts", "deals"}
    shown = panes_json(demo)
    dataset = open_dataset(str(demo))
    assert isinstance(dataset.tables, StoredTables)
    assert dataset.tables.is_read("deals") and "deals" not in dataset.tables.paths
    assert {"leads", "activities"} <= dataset.tables.paths.keys()
    # Leads are written as checked: the copy sorts them by rep once the panes are shown.
    assert dataset.tables.unsorted == {"leads"}
    assert not pl.read_parquet(dataset.tables.paths["leads"])["rep_id"].is_sorted()
    assert panes_json(demo) == shown
    rep = dataset.tables["deals"]["rep_id"][0]
    drilled = dataset.rows_of_each(["deals", "leads"], "rep_id", rep)
    monkeypatch.setattr(check_pass, "SORT_ROWS", 100)  # deals held in memory: sorted in parts
    (writing,) = copies()  # the tables on disk, in a folder the copy is not made from yet
    assert writing.name.startswith(".writing-")
    dataset.finish()
    entry = next(p for p in copies() if p != writing)
    assert pl.read_parquet(entry / "deals.parquet")["rep_id"].is_sorted()  # written from memory
    assert pl.read_parquet(entry / "leads.parquet")["rep_id"].is_sorted()  # sorted after
    # From now on this session's drill-downs read the sorted leads of the copy.
    assert dataset.tables.paths["leads"] == entry / "leads.parquet"
    assert not dataset.tables.unsorted
    assert_frame_equal(dataset.rows_of("leads", "rep_id", rep), drilled["leads"])
    again = open_dataset(str(demo))
    assert again.from_cache and again.problems.equals(dataset.problems)
    assert list(again.tables) == list(dataset.tables)
    for name in ("deals", "leads"):
        assert_frame_equal(again.rows_of(name, "rep_id", rep), drilled[name])
    for name in dataset.tables:
        assert_frame_equal(again.tables[name], dataset.tables[name], check_row_order=False)


def test_the_estimate_reads_csv_sizes_and_parquet_footers(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "d", {"reps.csv": REPS})
    pl.DataFrame(
        {"deal_id": ["D1", "D2", "D3"], "rep_id": ["R1"] * 3, "amount": [1, 2, 3]}
    ).write_parquet(folder / "deals.parquet")
    expected = {"reps": (folder / "reps.csv").stat().st_size, "deals": 3 * 3 * BYTES_PER_CELL}
    assert table_bytes(folder, None) == expected


def test_a_budget_that_is_not_a_number_is_named(tmp_path: Path) -> None:
    done = run_cockpit(
        "report", str(REPO / "sample_data"),
        env={**os.environ, "COCKPIT_MEMORY_BUDGET_MB": "lots"},
    )  # fmt: skip
    assert done.returncode == 2
    assert "COCKPIT_MEMORY_BUDGET_MB='lots' is not a number of megabytes" in done.stderr
    assert "Traceback" not in done.stderr


async def test_the_tui_writes_the_copy_after_showing_the_panes(demo: Path) -> None:
    app = CockpitApp(Source(data=str(demo)))
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        assert app.dataset is not None and not app.dataset.from_cache
        (entry,) = copies()
        assert (entry / "deals.parquet").is_file()
    assert open_dataset(str(demo)).from_cache


def test_copies_cut_short_by_a_process_that_is_gone_are_removed(demo: Path) -> None:
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    cache_root().mkdir(parents=True)
    abandoned = cache_root() / f".writing-{gone.stdout.strip()}-cut-short"
    in_use = cache_root() / f".writing-{os.getpid()}-still-writing"
    for folder in (abandoned, in_use):
        folder.mkdir()
        (folder / "deals.parquet").write_bytes(b"half a file")
    open_dataset(str(demo)).finish()
    assert not abandoned.exists()  # a quit or Ctrl-C mid-copy leaves nothing behind for long
    assert in_use.exists()  # this process's own: still being written
    assert len([p for p in cache_root().iterdir() if not p.name.startswith(".")]) == 1


def test_a_copy_kept_but_not_opened_again_still_serves(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COCKPIT_MEMORY_BUDGET_MB", "0")
    monkeypatch.setattr(cache_module, "read_entry", lambda entry: None)
    dataset = open_dataset(str(demo))
    (entry,) = copies()
    assert isinstance(dataset.tables, StoredTables)
    assert {p.parent for p in dataset.tables.paths.values()} == {entry}
    assert dataset.tables["deals"].height > 0


async def test_a_copy_that_fails_is_a_notice_not_a_lost_screen(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(cache_module, "_write_copy", broken)
    app = CockpitApp(Source(data=str(demo)))
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        await pilot.pause()
        assert app.panes is not None and app.sub_title != "no data"
        assert str(app.query_one("#status", Static).render()).startswith("Data as of")
        notices = [n.message for n in app._notifications]
        assert "No copy kept for the next open (RuntimeError: disk on fire)." in notices
    assert copies() == []


def test_a_table_meant_for_disk_that_cannot_be_used_leaves_no_folder_behind(
    tmp_path: Path,
) -> None:
    leads = "lead_id,assigned_date\nL1,2026-01-05\n"  # no rep_id: the file cannot be used
    folder = write_folder(
        tmp_path / "d", {"reps.csv": REPS, "deals.csv": DEALS, "leads.csv": leads}
    )
    dataset = load_dataset(folder, in_memory=frozenset({"reps", "deals"}))
    assert dataset.summaries["leads"].status == "unusable"
    assert not isinstance(dataset.tables, StoredTables)  # nothing was written to disk
    assert list(Path(tempfile.gettempdir()).glob(f"{work_prefix()}*")) == []
