"""Where cockpit finds its bundled files (inside the installed package, so wheels work too)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

PACKAGE_DIR = Path(__file__).resolve().parent
SAMPLE_DATA = PACKAGE_DIR / "sample_data"
MAPPINGS_DIR = SAMPLE_DATA / "mappings"


def cache_dir() -> Path:
    """Where cockpit keeps what it can recompute (COCKPIT_CACHE_DIR, else the user's cache)."""
    configured = os.environ.get("COCKPIT_CACHE_DIR")
    return Path(configured) if configured else platformdirs.user_cache_path("cockpit")


def cache_enabled() -> bool:
    """False when the user turned the cache off with COCKPIT_NO_CACHE=1."""
    return os.environ.get("COCKPIT_NO_CACHE", "").strip().lower() not in ("1", "true", "yes")


def default_config_path() -> Path:
    """The settings file read when --config is not given (the user's config directory)."""
    return platformdirs.user_config_path("cockpit") / "config.toml"
