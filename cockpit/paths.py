"""Where cockpit finds its bundled files and keeps its own: sample data, presets, cache, exports."""

from __future__ import annotations

import math
import os
from pathlib import Path

import platformdirs

from cockpit.errors import UsageError

PACKAGE_DIR = Path(__file__).resolve().parent
MAPPINGS_DIR = PACKAGE_DIR / "mappings"
"""The shipped CRM presets (`--mapping salesforce`): configuration, so part of the package."""


def _sample_data() -> Path:
    """The bundled sample: `sample_data/` at the top of a checkout (an editable install), which a
    wheel carries inside the package (hatch force-include in pyproject.toml)."""
    in_wheel = PACKAGE_DIR / "sample_data"
    return in_wheel if in_wheel.is_dir() else PACKAGE_DIR.parent / "sample_data"


SAMPLE_DATA = _sample_data()


def is_bundled(path: Path) -> bool:
    """True when `path` is the installed package, the bundled sample, or inside either: cockpit
    never writes there (a read-only install, or the repository's own files)."""
    resolved = path.expanduser().resolve()
    return resolved.is_relative_to(PACKAGE_DIR) or resolved.is_relative_to(SAMPLE_DATA)


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
    through disk), else 1,000 MB; see `cockpit.data.files.budget`."""
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
