"""Where cockpit finds its bundled files (inside the installed package, so wheels work too)."""

from __future__ import annotations

import math
import os
from pathlib import Path

import platformdirs

from cockpit.errors import UsageError

PACKAGE_DIR = Path(__file__).resolve().parent
SAMPLE_DATA = PACKAGE_DIR / "sample_data"
MAPPINGS_DIR = SAMPLE_DATA / "mappings"
BUDGET_ENV = "COCKPIT_MEMORY_BUDGET_MB"
DEFAULT_BUDGET_MB = 1000
"""Megabytes of checked tables a first open keeps in memory (M scale: about 390 by the estimate)."""


def cache_dir() -> Path:
    """Where cockpit keeps what it can recompute (COCKPIT_CACHE_DIR, else the user's cache)."""
    configured = os.environ.get("COCKPIT_CACHE_DIR")
    return Path(configured) if configured else platformdirs.user_cache_path("cockpit")


def cache_enabled() -> bool:
    """False when the user turned the cache off with COCKPIT_NO_CACHE=1."""
    return os.environ.get("COCKPIT_NO_CACHE", "").strip().lower() not in ("1", "true", "yes")


def memory_budget_bytes() -> int:
    """The memory budget of a first open: COCKPIT_MEMORY_BUDGET_MB (0 streams every table
    through disk), else 1,000 MB; see `cockpit.data.budget`."""
    text = os.environ.get(BUDGET_ENV, "").strip()
    if not text:
        return DEFAULT_BUDGET_MB * 1_000_000
    try:
        megabytes = float(text)
    except ValueError:
        megabytes = -1.0
    if not (megabytes >= 0 and math.isfinite(megabytes)):
        raise UsageError(f"{BUDGET_ENV}={text!r} is not a number of megabytes (like 500, or 0)")
    return int(megabytes * 1_000_000)


def exports_dir() -> Path:
    """Where `e` writes CSV exports: a private folder of this user's, never the working directory
    (on a shared server a predictable name there can be a planted link)."""
    return platformdirs.user_data_path("cockpit") / "exports"


def default_config_path() -> Path:
    """The settings file read when --config is not given (the user's config directory)."""
    return platformdirs.user_config_path("cockpit") / "config.toml"
