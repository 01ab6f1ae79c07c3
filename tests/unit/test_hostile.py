"""Hostile text in data loads as plain data and is made safe before it reaches a terminal."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from cockpit.data.files.load import load_dataset
from cockpit.report.check import render_check
from cockpit.text import safe_text
from tests.helpers.paths import HOSTILE


def test_hostile_names_load_verbatim() -> None:
    ds = load_dataset(HOSTILE)
    assert ds.usable and ds.error_count == 0
    names = dict(ds.tables["reps"].select("rep_id", "name").iter_rows())
    assert names["H02"] == "[/bold]"
    assert names["H03"] == "[@click=app.quit]x[/]"
    assert names["H04"] == "\x1b[31mRed\x1b[0m Rita"
    assert len(names["H07"]) == 5000
    assert names["H08"] == "山田太郎 🚀"
    assert names["H09"] == "H09"  # blank name falls back to the id, with a warning


def test_safe_text_escapes_control_and_bidi_characters() -> None:
    assert safe_text("\x1b[31mRed") == "\\x1b[31mRed"
    assert safe_text("\x1b]52;c;AAAA\x07") == "\\x1b]52;c;AAAA\\x07"
    assert safe_text("\u202eevil") == "\\u202eevil"
    assert safe_text("a\tb\nc") == "a\\x09b\\x0ac"
    assert safe_text("\x9b31m") == "\\x9b31m"  # C1 CSI


def test_safe_text_keeps_markup_and_wide_text_literally() -> None:
    assert safe_text("[bold]x[/bold]") == "[bold]x[/bold]"
    assert safe_text("山田太郎 🚀") == "山田太郎 🚀"


def test_safe_text_truncates_with_ellipsis() -> None:
    assert safe_text("L" * 5000, 10) == "L" * 9 + "…"
    assert safe_text(None) == ""


def test_check_report_has_no_raw_escape_characters(tmp_path: Path) -> None:
    reps = "rep_id,name,quota\nR1,Ann,\x1b[2J\u202ewipe\nR2,Bo,\x1b]0;title\x07\n"
    (tmp_path / "reps.csv").write_text(reps, encoding="utf-8")
    (tmp_path / "deals.csv").write_text(
        "deal_id,rep_id,stage,amount,created_date\nD1,R1,won,5,2026-01-01\n", encoding="utf-8"
    )
    ds = load_dataset(tmp_path)
    assert ds.problems.filter(pl.col("column") == "quota").height == 2
    for fmt in ("text", "csv", "json"):
        out = render_check(ds, fmt)
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
        assert "\\x1b[2J" in out or "\\\\x1b[2J" in out  # shown, escaped
