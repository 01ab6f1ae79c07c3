"""Large files: checked in one streamed pass in bounded memory, bad rows named, Ctrl-C heard."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from cockpit.data import problems as prob
from cockpit.data.files.check_pass import note_missing
from cockpit.data.files.crosscheck import cross_check
from cockpit.data.files.load import load_dataset
from cockpit.data.files.read import find_table_files, scan_raw
from cockpit.data.files.shape import shape_file, skipped_problems
from cockpit.data.files.validate import finish_table, plan_checks
from cockpit.data.mapping import Mapping, resolve_mapping
from cockpit.data.schema import FILE, ROW, TABLES
from tests.helpers.data import MESSY, write_folder
from tests.helpers.paths import FIXTURES


@pytest.mark.parametrize(
    ("folder", "preset"),
    [
        ("messy", None),
        ("hostile", None),
        ("salesforce_report", "salesforce"),
        ("hubspot", "hubspot"),
    ],
)
@pytest.mark.parametrize("in_memory", [True, False], ids=["kept in memory", "through disk"])
def test_the_streamed_check_agrees_with_the_in_memory_one(
    tmp_path: Path, folder: str, preset: str | None, in_memory: bool
) -> None:
    """Files are checked in one streamed pass (their checked rows kept in memory or written to
    disk); database sources check in memory. Same answers."""
    path = write_folder(tmp_path / "messy", MESSY) if folder == "messy" else FIXTURES / folder
    mapping = resolve_mapping(preset) if preset else None
    streamed = load_dataset(path, mapping, in_memory=in_memory)
    found: list[pl.DataFrame] = []
    in_memory = cross_check(checked_in_memory(path, mapping, found), mapping, path, found)
    assert streamed.problems.equals(prob.combine(found))
    assert set(streamed.tables) == set(in_memory)
    for name, frame in in_memory.items():
        expected = frame.drop(FILE, ROW)
        assert_frame_equal(streamed.tables[name], expected, check_row_order=False)


def checked_in_memory(
    folder: Path, mapping: Mapping | None, found: list[pl.DataFrame]
) -> dict[str, pl.DataFrame]:
    """Every table of `folder` checked the way a database source checks its rows."""
    tables = {}
    for table in TABLES.values():
        table_mapping = mapping.tables.get(table.name) if mapping else None
        if mapping is not None and table_mapping is None:
            note_missing(table, folder, found, mapped=True)
            continue
        paths = find_table_files(folder, table.name, table_mapping)
        if not paths:
            note_missing(table, folder, found, mapped=mapping is not None, mapping=table_mapping)
            continue
        wides, checks = [], []
        for path in paths:
            raw, schema = scan_raw(path, table_mapping)
            shaped = shape_file(raw, schema, table, table_mapping, path)
            found.extend(shaped.problems)
            assert shaped.frame is not None
            wide, file_checks = plan_checks(shaped.frame, table, table_mapping, shaped.absent)
            wides.append(wide.collect().lazy())
            checks.extend(file_checks)
        wide = pl.concat(wides, how="diagonal_relaxed")
        found.extend(skipped_problems(wide, table, table_mapping))
        tables[table.name], problems = finish_table(wide, table, checks)
        found.extend(problems)
    return tables


def test_the_messy_folder_reports_what_a_person_would(tmp_path: Path) -> None:
    ds = load_dataset(write_folder(tmp_path / "messy", MESSY))
    reasons = {(r["table"], r["row"], r["column"]): r["reason"] for r in ds.problems.to_dicts()}
    assert reasons[("reps", 4, "rep_id")] == "duplicate rep_id: first seen on row 2 of reps.csv"
    assert reasons[("deals", 5, "deal_id")] == "duplicate deal_id: first seen on row 2 of deals.csv"
    assert reasons[("deals", 3, "amount")] == "negative"
    assert ds.tables["deals"]["deal_id"].to_list() == ["D1", "D5"]


def big_deals(folder: Path, rows: int, bad_at: int) -> int:
    """A deals CSV of `rows` rows whose row `bad_at` (file line) has amount `12,3x4`."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "reps.csv").write_text("rep_id,name\nR1,Ann Lee\nR2,Bo Chen\n", encoding="utf-8")
    frame = pl.select(i=pl.int_range(rows)).select(
        deal_id=pl.format("D{}", "i"),
        rep_id=pl.when(pl.col("i") % 2 == 0).then(pl.lit("R1")).otherwise(pl.lit("R2")),
        stage=pl.lit("won"),
        amount=pl.when(pl.col("i") == bad_at - 2)
        .then(pl.lit("12,3x4"))
        .otherwise((pl.col("i") % 900 + 100).cast(pl.String)),
        created_date=pl.lit("2026-01-05"),
        close_date=pl.lit("2026-03-01"),
    )
    frame.write_csv(folder / "deals.csv")
    return (folder / "deals.csv").stat().st_size


def run_on_pty(args: list[str], env: dict[str, str]) -> tuple[int, int]:
    """Spawn `python -m cockpit ARGS` on a pseudo-terminal; its pid and the pty's fd."""
    pid, fd = pty.fork()
    if pid == 0:
        os.environ.update(env)
        os.execv(sys.executable, [sys.executable, "-m", "cockpit", *args])
    return pid, fd


def read_until(fd: int, marker: bytes, timeout: float) -> bytes:
    """What the pty shows until `marker` appears (or the timeout, or the end)."""
    seen = bytearray()
    deadline = time.monotonic() + timeout
    while marker not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen.extend(chunk)
    return bytes(seen)


def test_a_bad_row_deep_in_a_large_file_is_named_by_its_row(tmp_path: Path) -> None:
    size = big_deals(tmp_path / "big", rows=1_500_000, bad_at=750_002)
    assert size > 50_000_000
    pid, fd = run_on_pty(["check", str(tmp_path / "big")], {})
    shown = read_until(fd, b"set aside: fix the errors", timeout=300).decode(errors="replace")
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    assert "Reading and checking deals.csv (" in shown  # progress, on the terminal
    assert "row 750002: '12,3x4'" in shown
    assert "Traceback" not in shown
    assert os.waitstatus_to_exitcode(status) == 1


def test_ctrl_c_during_a_long_read_exits_130_at_once(tmp_path: Path) -> None:
    big_deals(tmp_path / "big", rows=4_000_000, bad_at=2_000_002)
    pid, fd = run_on_pty(["check", str(tmp_path / "big")], {})
    shown = read_until(fd, b"Reading and checking deals.csv", timeout=60)
    assert b"Reading and checking deals.csv" in shown
    time.sleep(0.3)
    os.kill(pid, signal.SIGINT)
    start = time.monotonic()
    rest = read_until(fd, b"interrupted", timeout=10)
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 130
    assert time.monotonic() - start < 5
    assert b"cockpit: interrupted" in rest and b"Traceback" not in rest


def test_spill_folders_left_by_an_interrupted_read_are_cleared(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    stale = tmp_path / "tmp" / f"cockpit-spill-{gone}-abc"
    alive = tmp_path / "tmp" / f"cockpit-spill-{os.getpid()}-def"
    for folder in (stale, alive):
        folder.mkdir()
        (folder / "deals-0.parquet").write_bytes(b"x" * 1000)
    load_dataset(write_folder(tmp_path / "messy", MESSY))
    assert not stale.exists() and alive.exists()
    assert sorted(p.name for p in (tmp_path / "tmp").iterdir()) == [alive.name]


def test_an_interrupted_load_leaves_no_folder_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()

    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("cockpit.data.files.load.store_table", interrupted)
    with pytest.raises(KeyboardInterrupt):
        load_dataset(write_folder(tmp_path / "messy", MESSY))
    assert list((tmp_path / "tmp").iterdir()) == []
