"""Runtime settings: the config file's `[runtime]` table, and the COCKPIT_* variables over it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cockpit.config import RuntimeSettings, read_runtime, read_settings
from cockpit.data.copies.validated_copy import cache_root
from cockpit.data.source import open_dataset
from cockpit.data.tables import StoredTables
from cockpit.errors import UsageError
from cockpit.paths import PACKAGE_DIR
from cockpit.runtime import VARIABLES, from_environ
from cockpit.ui.preview import preview_key, read_preview, write_preview
from tests.helpers.cli import run_cockpit
from tests.helpers.data import DEALS, REPS, write_folder


@pytest.fixture(autouse=True)
def no_runtime_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    """None of the five variables is set unless a test sets it."""
    for name in VARIABLES.values():
        monkeypatch.delenv(name, raising=False)


def config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def info(path: Path, **env: str) -> dict[str, str]:
    """`cockpit info --config PATH` as lines by label (cache, memory, …)."""
    done = run_cockpit("info", "--config", str(path), env={**os.environ, **env}, timeout=60)
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr
    return dict(line.split(None, 1) for line in done.stdout.splitlines() if line[:1] != " ")


def test_the_runtime_table_sets_the_cache_dir_and_the_memory_budget(tmp_path: Path) -> None:
    path = config(
        tmp_path,
        f'[runtime]\ncache_dir = "{tmp_path / "cache"}"\nmemory_budget_mb = 250\n'
        'storage_options = {aws_region = "eu-west-1"}\ndebug = true\n',
    )
    runtime = read_settings(path).runtime
    assert runtime.cache_dir == tmp_path / "cache"
    assert runtime.memory_budget_mb == 250 and runtime.debug and not runtime.no_cache
    assert runtime.storage_options == {"aws_region": "eu-west-1"}
    assert read_runtime(path) == runtime
    lines = info(path)
    assert lines["cache"] == f"{tmp_path / 'cache'}  (private)"
    assert lines["memory"].startswith("a first open checks up to 250 MB of tables in memory")


def test_the_defaults_without_a_table_or_a_variable() -> None:
    runtime = read_settings(None).runtime
    assert runtime == RuntimeSettings()
    assert (runtime.cache_dir, runtime.no_cache, runtime.memory_budget_mb) == (None, False, 1000)
    assert (runtime.storage_options, runtime.debug) == ({}, False)


def test_the_variables_win_over_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = config(
        tmp_path,
        f'[runtime]\ncache_dir = "{tmp_path / "file"}"\nmemory_budget_mb = 250\n'
        'storage_options = {aws_region = "eu-west-1", a = "1"}\n',
    )
    monkeypatch.setenv("COCKPIT_CACHE_DIR", str(tmp_path / "env"))
    monkeypatch.setenv("COCKPIT_MEMORY_BUDGET_MB", "0")
    monkeypatch.setenv("COCKPIT_NO_CACHE", "yes")
    monkeypatch.setenv("COCKPIT_STORAGE_OPTIONS", '{"aws_region": "us-east-1"}')
    monkeypatch.setenv("COCKPIT_DEBUG", "1")
    runtime = read_settings(path).runtime
    assert runtime.cache_dir == tmp_path / "env"
    assert runtime.memory_budget_mb == 0 and runtime.no_cache and runtime.debug
    assert runtime.storage_options == {"aws_region": "us-east-1"}  # the whole value
    assert read_runtime(path) == runtime
    lines = info(path, COCKPIT_MEMORY_BUDGET_MB="300")
    assert lines["cache"].startswith(f"{tmp_path / 'env'}  (off: COCKPIT_NO_CACHE")
    assert "up to 300 MB" in lines["memory"]


def test_an_empty_variable_leaves_the_file_s_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = config(tmp_path, "[runtime]\nmemory_budget_mb = 250\nno_cache = true\n")
    monkeypatch.setenv("COCKPIT_MEMORY_BUDGET_MB", "")
    monkeypatch.setenv("COCKPIT_NO_CACHE", " ")
    runtime = read_settings(path).runtime
    assert runtime.memory_budget_mb == 250 and runtime.no_cache


def test_other_settings_keep_the_file_first_and_no_runtime_section_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = config(tmp_path, "[tiers]\ntop = 1.1\n")
    monkeypatch.setenv("COCKPIT_TIERS__TOP", "2")
    monkeypatch.setenv("COCKPIT_TIERS__CORE", "0.5")
    # The runtime section has its own variables; the generic spelling is not a second one.
    monkeypatch.setenv("COCKPIT_RUNTIME__MEMORY_BUDGET_MB", "5")
    settings = read_settings(path)
    assert (settings.tiers.top, settings.tiers.core) == (1.1, 0.5)
    assert settings.runtime.memory_budget_mb == 1000


@pytest.mark.parametrize(
    ("table", "named"),
    [
        ("memory_budget_mb = -1", "runtime.memory_budget_mb: Input should be greater than"),
        ('memory_budget_mb = "abc"', "runtime.memory_budget_mb: Input should be a valid number"),
        ("memory_budget_mb = inf", "runtime.memory_budget_mb: Input should be a finite number"),
        ("storage_options = {a = 1}", "runtime.storage_options.a: Input should be a valid str"),
        ('cache = "/tmp"', "runtime.cache: unknown key (a typo?)"),
    ],
)
def test_an_invalid_value_in_the_file_names_the_file_and_the_key(
    tmp_path: Path, table: str, named: str
) -> None:
    path = config(tmp_path, f"[tiers]\ntop = 1.0\n[runtime]\n{table}\n")
    for read in (read_settings, read_runtime):
        with pytest.raises(UsageError) as raised:
            read(path)
        assert f"config file {path} has errors:" in str(raised.value)
        assert named in str(raised.value)


def test_a_runtime_table_that_is_not_a_table_is_named_even_with_variables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COCKPIT_CACHE_DIR", str(tmp_path))
    with pytest.raises(UsageError, match="runtime: Input should be a valid dictionary"):
        read_settings(config(tmp_path, "runtime = 5\n"))


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("COCKPIT_MEMORY_BUDGET_MB", "abc", "COCKPIT_MEMORY_BUDGET_MB='abc' is not a number of"),
        ("COCKPIT_MEMORY_BUDGET_MB", "-5", "COCKPIT_MEMORY_BUDGET_MB='-5' is not a number of"),
        ("COCKPIT_MEMORY_BUDGET_MB", "nan", "COCKPIT_MEMORY_BUDGET_MB='nan' is not a number of"),
        ("COCKPIT_STORAGE_OPTIONS", "[1]", "COCKPIT_STORAGE_OPTIONS is not a JSON object"),
        ("COCKPIT_STORAGE_OPTIONS", "{secret", "COCKPIT_STORAGE_OPTIONS is not a JSON object"),
    ],
)
def test_an_invalid_variable_is_named_over_a_valid_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, value: str, message: str
) -> None:
    path = config(tmp_path, "[runtime]\nmemory_budget_mb = 250\n")
    monkeypatch.setenv(name, value)
    for read in (read_settings, read_runtime):
        with pytest.raises(UsageError) as raised:
            read(path)
        assert str(raised.value).startswith(message)
        assert "unset it" in str(raised.value)  # and what to do
        assert "secret" not in str(raised.value)  # the value may hold credentials


def test_the_environment_alone_reads_like_before() -> None:
    assert from_environ({}).given == frozenset()
    env = from_environ({"COCKPIT_NO_CACHE": "True", "COCKPIT_DEBUG": "0"})
    assert env.no_cache and env.debug  # any COCKPIT_DEBUG shows tracebacks, as it always did
    assert not from_environ({"COCKPIT_NO_CACHE": "0"}).no_cache
    env = from_environ({"COCKPIT_STORAGE_OPTIONS": '{"n": 1}', "COCKPIT_MEMORY_BUDGET_MB": " 5 "})
    assert env.storage_options == {"n": "1"} and env.memory_budget_mb == 5
    assert env.overrides() == {"memory_budget_mb": 5, "storage_options": {"n": "1"}}


def test_the_loader_takes_the_cache_and_the_budget_it_is_given(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "d", {"reps.csv": REPS, "deals.csv": DEALS})
    runtime = RuntimeSettings(cache_dir=tmp_path / "given", memory_budget_mb=0)
    dataset = open_dataset(str(folder), runtime=runtime)
    assert isinstance(dataset.tables, StoredTables)  # a zero budget streams through disk
    assert {p.parent.parent for p in dataset.tables.paths.values()} == {tmp_path / "given/data"}
    assert open_dataset(str(folder), runtime=runtime).from_cache
    assert not cache_root().exists()  # nothing in the environment's cache
    off = RuntimeSettings(cache_dir=tmp_path / "off", no_cache=True)
    assert not open_dataset(str(folder), runtime=off).from_cache
    assert not (tmp_path / "off").exists()


def test_report_keeps_its_copy_where_the_config_file_says(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "d", {"reps.csv": REPS, "deals.csv": DEALS})
    path = config(tmp_path, f'[runtime]\ncache_dir = "{tmp_path / "cache"}"\n')
    done = run_cockpit("report", str(folder), "--config", str(path), "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert [p.name for p in (tmp_path / "cache" / "data").iterdir()] != []
    assert not cache_root().exists()


def test_the_first_screen_is_kept_in_the_cache_it_is_given(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "d", {"reps.csv": REPS, "deals.csv": DEALS})
    runtime = RuntimeSettings(cache_dir=tmp_path / "given")
    key = preview_key(str(folder), None, None, None, runtime)
    write_preview(key, ["Rep"], [["Ann"]], [False], runtime)
    assert (tmp_path / "given" / "previews" / f"{key}.json").is_file()
    assert read_preview(key, runtime) is not None
    assert read_preview(key) is None  # not in the environment's cache
    off = RuntimeSettings(cache_dir=tmp_path / "given", no_cache=True)
    assert preview_key(str(folder), None, None, None, off) is None
    assert read_preview(key, off) is None


def test_debug_in_the_file_or_the_variable_shows_the_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cockpit.cli import _debugging

    assert not _debugging(["report"])
    path = config(tmp_path, "[runtime]\ndebug = true\n")
    assert _debugging(["report", "--config", str(path)])
    assert _debugging([f"--config={path}"])
    assert not _debugging(["report", "--config", str(tmp_path / "missing.toml")])
    monkeypatch.setenv("COCKPIT_MEMORY_BUDGET_MB", "lots")  # unreadable settings: no
    assert not _debugging(["report", "--config", str(path)])
    monkeypatch.setenv("COCKPIT_DEBUG", "1")
    assert _debugging(["report"])


def test_the_first_screen_and_the_runtime_need_no_pydantic_or_polars() -> None:
    code = (
        "import sys, cockpit.ui.preview, cockpit.runtime\n"
        "cockpit.ui.preview.preview_key(None, None, None, None)\n"
        "heavy = [m for m in ('polars', 'pydantic') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_only_cockpit_runtime_reads_the_runtime_variables() -> None:
    names = "|".join(VARIABLES.values())
    reading = re.compile(rf"(?:environ|getenv)\b[^\n]*[\"'](?:{names})[\"']")
    readers = [
        str(path.relative_to(PACKAGE_DIR))
        for path in PACKAGE_DIR.rglob("*.py")
        if reading.search(path.read_text(encoding="utf-8"))
    ]
    assert readers == []  # cockpit/runtime.py reads them through its constants
