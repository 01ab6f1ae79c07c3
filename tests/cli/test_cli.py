"""The command line as a user runs it: exit codes, messages, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.cli import assert_no_traceback, cockpit
from tests.helpers.data import DEALS, write_folder
from tests.helpers.paths import MAVEN


def test_version() -> None:
    result = cockpit("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("cockpit ")


def test_check_valid_folder_exits_0(minimal: Path) -> None:
    result = cockpit("check", str(minimal))
    assert result.returncode == 0, result.stdout
    assert "Usable: no errors." in result.stdout
    assert "reps            reps.csv           2       2          0  loaded" in result.stdout


def test_check_with_errors_exits_1_and_lists_rows(tmp_path: Path) -> None:
    folder = write_folder(
        tmp_path, {"reps.csv": "rep_id,name\nR1,Ann\nR1,Dup\n", "deals.csv": DEALS}
    )
    result = cockpit("check", str(folder))
    assert result.returncode == 1
    assert "ERROR reps.csv, column rep_id: duplicate rep_id: first seen on row 2" in result.stdout
    assert "row 3: 'R1'" in result.stdout
    assert "reps: 1 set aside — rep_id: duplicate rep_id (1)" in result.stdout
    assert_no_traceback(result)


def test_check_unusable_folder_exits_1(tmp_path: Path) -> None:
    folder = write_folder(tmp_path, {"notes.txt": "hello"})
    result = cockpit("check", str(folder))
    assert result.returncode == 1
    assert "table missing (no deals.csv" in result.stdout
    assert "Not usable: neither deals" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("check", "/no/such/folder"), "/no/such/folder: no such file or folder"),
        (("check", "--mapping", "nope"), "unknown mapping 'nope'"),
        (("check", "--bogus"), "unrecognized arguments: --bogus"),
        (("demo",), "the following arguments are required: --out"),
        (("demo", "--out", "x", "--scale", "XL"), "invalid choice: 'XL'"),
    ],
)
def test_usage_and_missing_input_errors(args: tuple[str, ...], message: str) -> None:
    result = cockpit(*args)
    assert result.returncode in (1, 2)
    assert message in result.stderr
    assert_no_traceback(result)
    if args[0] == "check" and args[1] == "/no/such/folder":
        assert result.returncode == 1
    else:
        assert result.returncode == 2


def test_mapping_with_typo_is_a_usage_error(tmp_path: Path, minimal: Path) -> None:
    mapping = tmp_path / "m.toml"
    mapping.write_text('name = "x"\n[tables.reps]\nsource = "reps.csv"\ncolumn = {}\n')
    result = cockpit("check", str(minimal), "--mapping", str(mapping))
    assert result.returncode == 2
    assert "tables.reps.column: unknown key" in result.stderr
    assert_no_traceback(result)


def test_mapping_with_bad_toml_names_the_line(tmp_path: Path, minimal: Path) -> None:
    mapping = tmp_path / "m.toml"
    mapping.write_text('name = "x"\n[tables.reps\n')
    result = cockpit("check", str(minimal), "--mapping", str(mapping))
    assert result.returncode == 2
    assert "is not valid TOML" in result.stderr and "line 2" in result.stderr


def test_check_json_lists_tables_and_problems(minimal: Path) -> None:
    result = cockpit("check", str(minimal), "--format", "json")
    report = json.loads(result.stdout)
    assert report["usable"] is True
    assert [t["table"] for t in report["tables"]][:2] == ["reps", "deals"]
    assert {p["table"] for p in report["problems"]} >= {"leads", "accounts"}


def test_check_maven_export_through_shipped_mapping() -> None:
    result = cockpit("check", str(MAVEN), "--mapping", "maven_crm")
    assert result.returncode == 0, result.stdout
    out = result.stdout
    assert "'technolgy' corrected to 'technology'" in out
    assert "GTXPro is not in products.csv" in out
    assert "no account and no segment" in out and "1,425 rows" in out
    assert "deals           sales_pipeline.csv      8,800   8,800          0  loaded" in out


def test_check_maven_export_detected_without_mapping() -> None:
    result = cockpit("check", str(MAVEN))
    assert result.returncode == 0
    assert "(mapping maven_crm)" in result.stdout


def test_check_default_is_the_bundled_sample() -> None:
    result = cockpit("check")
    assert result.returncode == 0, result.stdout
    assert "Usable: no errors." in result.stdout


def test_tui_with_a_broken_config_exits_2_before_opening(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text("[tiers]\ntopp = 1\n")
    result = cockpit("--config", str(config))
    assert result.returncode == 2
    assert "tiers.topp: unknown key" in result.stderr
    assert_no_traceback(result)
