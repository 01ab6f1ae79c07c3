"""Fixtures every test folder uses; the helpers they share are in tests/helpers/."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.cli import run_cockpit
from tests.helpers.data import DEALS, REPS, write_folder


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


@pytest.fixture(scope="session")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`cockpit demo --scale S` as CSV, made once for the run (the database sources compare
    their figures with it)."""
    out = tmp_path_factory.mktemp("demo") / "S"
    done = run_cockpit("demo", "--out", str(out), "--scale", "S", timeout=300)
    assert done.returncode == 0, done.stderr
    return out
