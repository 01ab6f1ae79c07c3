"""Where cockpit finds its bundled files and keeps its own: sample data, presets, cache, exports."""

from __future__ import annotations

from pathlib import Path

import platformdirs

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


def cache_dir(configured: Path | None = None) -> Path:
    """Where cockpit keeps what it can recompute: `configured` (the `cache_dir` runtime setting,
    see `cockpit.runtime`), else the user's cache directory."""
    return configured.expanduser() if configured else platformdirs.user_cache_path("cockpit")


def exports_dir() -> Path:
    """Where `e` writes CSV exports: a private folder of this user's, never the working directory
    (on a shared server a predictable name there can be a planted link)."""
    return platformdirs.user_data_path("cockpit") / "exports"


def default_config_path() -> Path:
    """The settings file read when --config is not given (the user's config directory)."""
    return platformdirs.user_config_path("cockpit") / "config.toml"
