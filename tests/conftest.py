"""Shared test helpers: tiny data folders written from text."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest


def run_cockpit(
    *args: str | bytes, timeout: float = 120, **options: Any
) -> subprocess.CompletedProcess[str]:
    """Run `python -m cockpit ARGS` in its own process; what a user would see, captured.

    `options` go to `subprocess.run` (cwd, env, umask, input).
    """
    return subprocess.run(
        [sys.executable, "-m", "cockpit", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        **options,
    )


REPS = "rep_id,name,quota\nR1,Ann Lee,100000\nR2,Bo Chen,80000\n"
DEALS = (
    "deal_id,rep_id,stage,amount,created_date,close_date\n"
    "D1,R1,won,50000,2026-01-05,2026-02-01\n"
    "D2,R2,lost,20000,2026-01-10,2026-03-01\n"
)


def write_folder(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write `files` (name → text or bytes) into `root` and return it."""
    root.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = root / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@pytest.fixture(params=["", "0"], ids=["in memory", "through disk"])
def each_store(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test twice: tables checked in memory (the default budget), then through disk
    (the budget, "" or "0")."""
    budget: str = request.param
    monkeypatch.setenv("COCKPIT_MEMORY_BUDGET_MB", budget)
    return budget


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    """A valid folder with only the required tables."""
    return write_folder(tmp_path / "data", {"reps.csv": REPS, "deals.csv": DEALS})


@pytest.fixture(autouse=True)
def isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every test gets empty per-user config and data dirs (no developer's notes leak in)."""
    home = tmp_path_factory.mktemp("xdg")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("COCKPIT_CACHE_DIR", raising=False)
    monkeypatch.delenv("COCKPIT_NO_CACHE", raising=False)
    monkeypatch.delenv("COCKPIT_MEMORY_BUDGET_MB", raising=False)
