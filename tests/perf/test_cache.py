"""The validated copy: a second open of unchanged data skips the checks, same numbers.

Every test runs on both first opens: tables checked in memory with the copy written once the
panes show (`finish`), and tables streamed through disk into the copy (a zero memory budget).
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from polars.testing import assert_frame_equal

from cockpit.data.copies.validated_copy import cache_root
from cockpit.data.dataset import Dataset
from cockpit.data.source import open_dataset
from cockpit.demo.generate import write_demo
from tests.helpers.data import rounded, write_folder

REPS = "rep_id,name,quota\nR1,Ann Lee,100000\nR2,Bo Chen,80000\n"
DEALS = (
    "deal_id,rep_id,stage,amount,created_date,close_date\n"
    "D1,R1,won,50000,2026-01-05,2026-02-01\n"
    "D2,R2,won,20000,2026-01-10,2026-03-01\n"
    "D3,R2,oops,1,2026-01-10,2026-03-01\n"
)


def report(folder: Path, *extra: str, env: dict[str, str] | None = None) -> dict[str, object]:
    """`cockpit report --pane all --format json` as a user runs it."""
    result = subprocess.run(
        [sys.executable, "-m", "cockpit", "report", str(folder), "--pane", "all", "--format",
         "json", *extra],
        capture_output=True, text=True, timeout=120, env={**os.environ, **(env or {})},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    parsed: dict[str, object] = json.loads(result.stdout)
    return parsed


@pytest.fixture(autouse=True, params=["in memory", "streamed"])
def first_open(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """How a first open keeps the checked tables (also for `cockpit` run as a subprocess)."""
    if request.param == "streamed":
        monkeypatch.setenv("COCKPIT_MEMORY_BUDGET_MB", "0")
    return str(request.param)


def opened(folder: Path) -> Dataset:
    """`folder` opened as the TUI does: the panes shown, then what was deferred is done."""
    dataset = open_dataset(str(folder))
    dataset.finish()
    return dataset


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """Demo data at scale S as Parquet."""
    write_demo(tmp_path / "demo", scale="S", fmt="parquet")
    return tmp_path / "demo"


def test_second_open_comes_from_the_copy_with_the_same_numbers(demo: Path) -> None:
    fresh = open_dataset(str(demo), cached=False)
    first = opened(demo)
    second = open_dataset(str(demo))
    assert not first.from_cache and second.from_cache
    assert set(second.tables) == set(fresh.tables)
    for name, frame in fresh.tables.items():
        # Stored sorted by rep for drill-downs: the same rows, maybe in another order.
        assert_frame_equal(second.tables[name], frame, check_row_order=False)
    assert second.problems.equals(fresh.problems)
    assert second.summaries == fresh.summaries


def test_report_is_identical_from_files_and_from_the_copy(demo: Path) -> None:
    without = report(demo, env={"COCKPIT_NO_CACHE": "1"})
    assert not cache_root().exists()
    first, second = report(demo), report(demo)
    assert [p.name for p in cache_root().iterdir()] != []
    assert rounded(first) == rounded(without) == rounded(second)


def test_a_drill_down_reads_one_rep_from_the_copy(demo: Path) -> None:
    fresh = open_dataset(str(demo), cached=False)
    opened(demo)
    cached = open_dataset(str(demo))
    expected = fresh.tables["deals"].filter(rep_id="R00003")
    got = cached.rows_of("deals", "rep_id", "R00003")
    assert got is not None and got.height == expected.height > 0
    assert_frame_equal(got, expected, check_row_order=False)
    assert not cached.tables.is_read("deals")  # type: ignore[attr-defined]


def test_a_note_written_beside_the_data_keeps_the_copy(tmp_path: Path) -> None:
    from cockpit.ui.preview import preview_key

    folder = write_folder(tmp_path / "d", {"reps.csv": REPS, "deals.csv": DEALS})
    opened(folder)
    first_screen = preview_key(str(folder), None, None, None)
    done = subprocess.run(
        [sys.executable, "-m", "cockpit", "notes", "add", "--subject", "rep:R1", "--text", "hi",
         "--notes", str(folder / ".cockpit"), "--data", str(folder)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert any((folder / ".cockpit").rglob("*.toml"))
    assert open_dataset(str(folder)).from_cache
    assert preview_key(str(folder), None, None, None) == first_screen


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "d", {"reps.csv": REPS, "deals.csv": DEALS})
    assert open_dataset(str(folder)).tables["deals"]["amount"].sum() == 70000
    (folder / "deals.csv").write_text(DEALS.replace("20000", "25000"), encoding="utf-8")
    again = open_dataset(str(folder))
    assert not again.from_cache
    assert again.tables["deals"]["amount"].sum() == 75000


def test_rows_set_aside_are_still_reported_from_the_copy(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "d", {"reps.csv": REPS, "deals.csv": DEALS})
    opened(folder)
    cached = open_dataset(str(folder))
    assert cached.from_cache
    assert cached.summaries["deals"].rows_set_aside == 1
    bad = cached.problems.filter(table="deals", column="stage")
    assert bad["row"].to_list() == [4] and bad["value"].to_list() == ["oops"]


def test_a_damaged_copy_is_ignored(demo: Path) -> None:
    expected = opened(demo).tables["deals"]["amount"].sum()
    (entry,) = cache_root().iterdir()
    (entry / "deals.parquet").write_bytes(b"not parquet")
    again = open_dataset(str(demo))
    assert not again.from_cache
    assert again.tables["deals"]["amount"].sum() == expected
    again.finish()
    assert open_dataset(str(demo)).from_cache  # the damaged copy was replaced


def test_the_copy_is_private_to_the_user(demo: Path) -> None:
    opened(demo)
    mode = stat.S_IMODE(cache_root().stat().st_mode)
    assert mode & 0o077 == 0, oct(mode)


def test_no_cache_env_writes_nothing(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COCKPIT_NO_CACHE", "1")
    assert not open_dataset(str(demo)).from_cache
    assert not open_dataset(str(demo)).from_cache
    assert not cache_root().exists()


def test_check_always_reads_the_files(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "d", {"reps.csv": REPS, "deals.csv": DEALS})
    open_dataset(str(folder))
    result = subprocess.run(
        [sys.executable, "-m", "cockpit", "check", str(folder)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1
    assert "oops" in result.stdout


def test_a_rep_s_records_from_several_tables_come_in_one_parallel_read(demo: Path) -> None:
    opened(demo)
    cached = open_dataset(str(demo))
    names = ["deals", "leads", "accounts", "growth"]
    got = cached.rows_of_each(names, "rep_id", "R00003")
    assert set(got) == set(names)
    for name in names:
        one = cached.rows_of(name, "rep_id", "R00003")
        assert one is not None and one.height > 0
        assert_frame_equal(got[name], one, check_row_order=False)
    assert not any(cached.tables.is_read(n) for n in names)  # type: ignore[attr-defined]


def test_an_interrupted_first_open_leaves_no_half_written_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_folder(tmp_path / "d", {"reps.csv": REPS, "deals.csv": DEALS})

    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patched, pytest.raises(KeyboardInterrupt):
        patched.setattr("cockpit.data.files.load.store_table", interrupted)
        open_dataset(str(folder))
    assert not cache_root().exists() or list(cache_root().iterdir()) == []
    assert open_dataset(str(folder)).tables["deals"].height == 2
