"""`cockpit notes` and `cockpit info` as a user runs them: exit codes, words, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cockpit.paths import PACKAGE_DIR, SAMPLE_DATA
from tests.helpers.cli import run_cockpit
from tests.helpers.data import DEALS, REPS, write_folder


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """An environment whose user config and data dirs are inside the test's folder."""
    return {
        **os.environ,
        "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
        "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"),
    }


def cockpit(
    *args: str | bytes, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    result = run_cockpit(*args, timeout=60, env=env, input=stdin)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def listed(workspace: Path, *extra: str) -> list[dict[str, object]]:
    result = cockpit("notes", "list", "--notes", str(workspace), "--format", "json", *extra)
    assert result.returncode == 0, result.stderr
    notes: list[dict[str, object]] = json.loads(result.stdout)
    return notes


def test_add_then_list_as_json_round_trips_the_text(tmp_path: Path) -> None:
    text = "Promoted? [bold]not yet[/]\r\nNext: coaching\x1b[2J \u202eevil"
    added = cockpit(
        "notes", "add", "--notes", str(tmp_path), "--subject", "rep:R00001", "--text", text
    )
    assert added.returncode == 0, added.stderr
    assert added.stdout.startswith("Saved note ")

    (note,) = listed(tmp_path)
    assert {"id", "subject", "kind", "author", "created", "text", "hash"} <= set(note)
    assert (note["subject"], note["kind"], note["text"]) == ("rep:R00001", "note", text)
    assert str(note["created"]).endswith("Z")


def test_list_filters_by_subject_and_table_is_terminal_safe(tmp_path: Path) -> None:
    ws = str(tmp_path)
    cockpit(
        "notes", "add", "--notes", ws, "--subject", "rep:R00001", "--text", "a\x1b[31mred\nline"
    )
    cockpit("notes", "add", "--notes", ws, "--subject", "segment:SMB", "--text", "other")
    assert [n["text"] for n in listed(tmp_path, "--subject", "segment:SMB")] == ["other"]

    table = cockpit("notes", "list", "--notes", ws)
    assert table.returncode == 0
    assert "\x1b" not in table.stdout
    assert "a\\x1b[31mred\\x0aline" in table.stdout
    assert table.stdout.splitlines()[0].split()[:3] == ["ID", "CREATED", "(UTC)"]


def test_action_with_due_and_owner_then_done(tmp_path: Path) -> None:
    ws = str(tmp_path)
    add = (
        "notes",
        "add",
        "--notes",
        ws,
        "--subject",
        "review:stale:rep:R00004",
        "--text",
        "Book 1:1",
    )
    assert cockpit(*add, "--due", "2026-04-01", "--owner", "bo").returncode == 0
    (note,) = listed(tmp_path)
    assert (note["kind"], note["due"], note["owner"], note["done"]) == (
        "action",
        "2026-04-01",
        "bo",
        False,
    )

    done = cockpit("notes", "done", str(note["id"]), "--notes", ws)
    assert done.returncode == 0, done.stderr
    assert "Done:" in done.stdout
    assert listed(tmp_path)[0]["done"] is True
    again = cockpit("notes", "done", str(note["id"]), "--notes", ws)
    assert again.returncode == 0
    assert "already done" in again.stdout


def test_text_from_stdin(tmp_path: Path) -> None:
    text = "Long note\nwith lines\n"
    args = (
        "notes",
        "add",
        "--notes",
        str(tmp_path),
        "--subject",
        "account:A0000001",
        "--text",
        "-",
    )
    assert cockpit(*args, stdin=text).returncode == 0
    assert listed(tmp_path)[0]["text"] == text


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--subject", "team:X", "--text", "x"), "must be one of rep:ID"),
        (("--subject", "rep:R1", "--text", "x", "--due", "next week"), "not a date"),
        (("--subject", "rep:R1", "--text", "x", "--kind", "memo"), "invalid choice"),
        (
            ("--subject", "rep:R00001", "--text", "x", "--kind", "note", "--due", "2026-01-01"),
            "only",
        ),
        (("--subject", "rep:R1", "--text", "  "), "text is empty"),
        (("--text", "x"), "--subject"),
    ],
)
def test_bad_input_is_a_usage_error(tmp_path: Path, args: tuple[str, ...], words: str) -> None:
    result = cockpit("notes", "add", "--notes", str(tmp_path), *args)
    assert result.returncode == 2
    assert words in result.stderr
    assert not list(tmp_path.glob("*/*.toml"))


def test_undecodable_argument_is_rejected_in_words(tmp_path: Path) -> None:
    # A non-UTF-8 byte on the command line arrives as a lone surrogate (surrogateescape).
    argv = [sys.executable.encode(), b"-m", b"cockpit", b"notes", b"add", b"--notes"]
    argv += [str(tmp_path).encode(), b"--subject", b"rep:R00001", b"--text", b"caf\xe9"]
    raw = subprocess.run(argv, capture_output=True, timeout=60)
    assert raw.returncode == 2
    assert b"lone surrogate U+DCE9" in raw.stderr
    assert b"Traceback" not in raw.stderr


def test_no_subcommand_and_unknown_id(tmp_path: Path) -> None:
    assert cockpit("notes").returncode == 2
    missing = cockpit("notes", "done", "abcdef", "--notes", str(tmp_path))
    assert missing.returncode == 1
    assert "no note with id 'abcdef'" in missing.stderr


def test_broken_file_is_reported_and_the_rest_listed(tmp_path: Path) -> None:
    cockpit("notes", "add", "--notes", str(tmp_path), "--subject", "rep:R00001", "--text", "kept")
    broken = tmp_path / "rep" / "R00002.toml"
    broken.write_text("version = 1\n[[note]\n", encoding="utf-8")
    result = cockpit("notes", "list", "--notes", str(tmp_path), "--format", "json")
    assert result.returncode == 1
    assert [n["text"] for n in json.loads(result.stdout)] == ["kept"]
    assert f"{broken}, line 2: not valid TOML" in result.stderr
    refused = cockpit(
        "notes", "add", "--notes", str(tmp_path), "--subject", "rep:R00002", "--text", "x"
    )
    assert refused.returncode == 1
    assert "never overwrites" in refused.stderr
    assert broken.read_text(encoding="utf-8") == "version = 1\n[[note]\n"


def test_workspace_inside_the_package_or_its_sample_is_refused(tmp_path: Path) -> None:
    for inside in (SAMPLE_DATA / ".cockpit", PACKAGE_DIR / "mappings" / ".cockpit"):
        result = cockpit("notes", "list", "--notes", str(inside))
        assert result.returncode == 2
        assert "inside cockpit's own files" in result.stderr


def test_data_option_uses_the_default_workspace_beside_the_data(tmp_path: Path) -> None:
    data = write_folder(tmp_path / "data", {"reps.csv": REPS, "deals.csv": DEALS})
    args = ("notes", "add", "--data", str(data), "--subject", "rep:R1", "--text", "x")
    assert cockpit(*args).returncode == 0
    assert (data / ".cockpit" / "rep" / "R1.toml").is_file()


# The subject rule: a note about something the data does not hold would show on no screen.


def test_a_subject_not_in_the_data_is_refused_with_the_closest_and_force_saves_it(
    tmp_path: Path,
) -> None:
    ws = str(tmp_path)
    refused = cockpit("notes", "add", "--notes", ws, "--subject", "rep:R99999", "--text", "x")
    assert refused.returncode == 2
    # sample_data/reps.csv has rep_ids R00001…R00025: R99999 is none of them.
    assert "rep:R99999 is not in the data; did you mean rep:R000" in refused.stderr
    assert "the bundled sample" in refused.stderr and "--force" in refused.stderr
    assert not list(tmp_path.glob("*/*.toml"))

    forced = ("notes", "add", "--notes", ws, "--subject", "rep:R99999", "--text", "x", "--force")
    assert cockpit(*forced).returncode == 0
    assert [n["subject"] for n in listed(tmp_path)] == ["rep:R99999"]


def test_a_rep_given_by_name_is_pointed_to_its_id(tmp_path: Path) -> None:
    # sample_data/reps.csv: "R00009,Jamal Carter,…"
    args = ("notes", "add", "--notes", str(tmp_path), "--text", "x")
    by_name = cockpit(*args, "--subject", "rep:Jamal Carter")
    assert by_name.returncode == 2
    assert (
        "rep:Jamal Carter is not in the data; did you mean rep:R00009 (Jamal Carter)?"
        in by_name.stderr
    )
    # sample_data segments are Enterprise, Mid-Market, SMB, Healthcare…: case counts.
    segment = cockpit(*args, "--subject", "segment:healthcare")
    assert segment.returncode == 2
    assert "did you mean segment:Healthcare?" in segment.stderr


def test_review_items_are_checked_against_the_queue_and_other_data_by_data(
    tmp_path: Path,
) -> None:
    ws = str(tmp_path / "ws")
    args = ("notes", "add", "--notes", ws, "--text", "x", "--subject")
    # Elena Marsh (R00001) has a growth conversation on 2026-09-10 in sample_data/growth.csv,
    # 20 days before the as-of day 2026-09-30: not stale, so no such item in the queue.
    stale = cockpit(*args, "review:stale:rep:R00001")
    assert stale.returncode == 2
    assert "review:stale:rep:R00001 is not in the review queue; did you mean" in stale.stderr
    # Priya Raman (R00004): last one on 2026-08-03, 58 days before it (over 45): in the queue.
    assert cockpit(*args, "review:stale:rep:R00004").returncode == 0
    data = write_folder(tmp_path / "data", {"reps.csv": REPS, "deals.csv": DEALS})
    other = cockpit(*args, "rep:R00004", "--data", str(data))
    assert other.returncode == 2  # REPS holds R1 and R2 only
    assert f"searched {data}" in other.stderr


def test_info_for_the_sample_points_to_the_user_data_dir(
    tmp_path: Path, env: dict[str, str]
) -> None:
    result = cockpit("info", env=env)
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(None, 1) for line in result.stdout.splitlines())
    assert lines["config"].startswith(str(tmp_path / "xdg-config" / "cockpit" / "config.toml"))
    assert "not found" in lines["config"]
    assert lines["data"].startswith(str(SAMPLE_DATA))
    assert lines["workspace"].startswith(str(tmp_path / "xdg-data" / "cockpit" / "workspaces"))
    assert not (SAMPLE_DATA / ".cockpit").exists()
    assert lines["memory"].startswith("a first open checks up to 1,000 MB of tables in memory")
    smaller = cockpit("info", env={**env, "COCKPIT_MEMORY_BUDGET_MB": "250"})
    assert "up to 250 MB" in smaller.stdout
    invalid = cockpit("info", env={**env, "COCKPIT_MEMORY_BUDGET_MB": "lots"})
    assert invalid.returncode == 1 and "Traceback" not in invalid.stderr
    assert "memory     invalid: COCKPIT_MEMORY_BUDGET_MB='lots' is not a number" in invalid.stdout


def test_info_for_a_data_folder_and_explicit_notes(tmp_path: Path, env: dict[str, str]) -> None:
    data = tmp_path / "data"
    data.mkdir()
    beside = cockpit("info", str(data), env=env)
    assert f"workspace  {data.resolve() / '.cockpit'}  (beside the data)" in beside.stdout
    chosen = cockpit("info", str(data), "--notes", str(tmp_path / "ws"), env=env)
    assert f"workspace  {tmp_path / 'ws'}  (from --notes)" in chosen.stdout
    missing = cockpit("info", str(tmp_path / "nope"), env=env)
    assert missing.returncode == 1
    assert "not found" in missing.stdout
