"""`cockpit bench --engines`: PostgreSQL, a DuckDB file and a local Spark beside the folder."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import adbc_driver_postgresql.dbapi as postgresql
import pytest

from cockpit.bench.engines import differences, engine_figure, postgres_copy
from cockpit.demo.generate import write_demo
from tests.helpers.db import POSTGRES
from tests.helpers.needs import need_postgres
from tests.helpers.spark import need_spark

ROW = re.compile(
    r"cockpit report --pane all: (?P<source>.+?) +(?P<time>[\d.]+ m?s) +(?P<rss>[\d,]+ MB)  "
    r".*reached cockpit: deals (?P<deals>[\d,]+) of (?P<deals_held>[\d,]+) · "
    r"leads (?P<leads>[\d,]+) of [\d,]+ · activities (?P<activities>[\d,]+) of (?P<held>[\d,]+)"
)


def test_a_sum_within_tolerance_agrees_and_a_wrong_number_is_named() -> None:
    folder = {"tiers": [{"rep": "R1", "won": 0.1 + 0.2, "deals": 3}]}
    assert differences(folder, {"tiers": [{"rep": "R1", "won": 0.3, "deals": 3}]}) == []
    wrong = {"tiers": [{"rep": "R1", "won": 0.31, "deals": 3}]}
    assert differences(folder, wrong) == ["tiers[0].won: 0.30000000000000004 ≠ 0.31"]
    missing = {"tiers": [], "extra": 1}
    (line,) = differences(folder, missing)  # other keys: the whole, cut short
    assert line.startswith("report: {'tiers': [{'rep'") and line.endswith(f"… ≠ {missing!r}")
    assert differences(folder, {"tiers": []}) == [f"tiers: {folder['tiers']!r} ≠ []"]


def test_an_unreachable_server_is_skipped_in_words_without_its_password(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("COCKPIT_BENCH_POSTGRES", "postgresql://bench:hunter2@127.0.0.1:1/test")
    figure, ok = engine_figure("PostgreSQL", postgres_copy, {}, ({}, 1.0, {}), runs=1)
    assert ok and figure.seconds is None
    assert figure.note.startswith("skipped: postgresql://bench:***@127.0.0.1:1/test unreachable")
    assert "hunter2" not in figure.note


@pytest.mark.slow
def test_every_engine_agrees_with_the_folder_and_reduces_before_cockpit(tmp_path: Path) -> None:
    need_postgres()
    need_spark()
    data, scratch = tmp_path / "data", tmp_path / "tmp"
    write_demo(data, scale="S", fmt="parquet")
    scratch.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "cockpit", "bench", "--engines", "--data", str(data)],
        capture_output=True, text=True, timeout=900, env={**os.environ, "TMPDIR": str(scratch)},
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "agreement: every engine's report = the folder's" in result.stdout
    rows = {m["source"]: m for m in map(ROW.search, result.stdout.splitlines()) if m}
    assert len(rows) == 4, result.stdout
    folder = rows.pop("the data folder (read and checked in full, no validated copy)")
    assert folder["activities"] == folder["held"] == "2,275"  # the folder's rows all reach it
    assert {name.split(" (")[0] for name in rows} == {"PostgreSQL", "DuckDB file", "Spark local[2]"}
    for row in rows.values():
        # The engine sent the period's deals and activities grouped per rep, not every row.
        assert int(row["activities"].replace(",", "")) < 2_275
        assert int(row["deals"].replace(",", "")) < int(row["deals_held"].replace(",", ""))
        assert "loaded in" in row.string and "not counted" in row.string
    assert list(scratch.iterdir()) == []  # the DuckDB file and Spark's tables are removed
    assert _bench_schemas() == []  # and PostgreSQL's schema dropped


def _bench_schemas() -> list[str]:
    with postgresql.connect(POSTGRES) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'ck_bench_%'")
        return [row[0] for row in cursor.fetchall()]
