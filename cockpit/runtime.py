"""The runtime settings as the environment gives them: the only reader of their five variables.

COCKPIT_CACHE_DIR, COCKPIT_NO_CACHE, COCKPIT_MEMORY_BUDGET_MB, COCKPIT_STORAGE_OPTIONS and
COCKPIT_DEBUG set the `[runtime]` table of the settings and win over the config file. They are
read here, with the standard library only, because the command line and the first screen's
preview (`cockpit.ui.preview`) need them before pydantic and Polars are imported (about a
second: building `Settings` there would delay the first frame by that much). Without a config
file the environment is the whole answer and `from_environ` gives it; with one, `cockpit.config`
puts the same values over the file's `[runtime]` table and validates them as `RuntimeSettings`,
which the command line passes down. Code below the command line takes either as a `Runtime`
value; None there means "the environment's", for callers that have no settings (tests, scripts).
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from cockpit.errors import UsageError

CACHE_DIR_ENV = "COCKPIT_CACHE_DIR"
NO_CACHE_ENV = "COCKPIT_NO_CACHE"
BUDGET_ENV = "COCKPIT_MEMORY_BUDGET_MB"
STORAGE_OPTIONS_ENV = "COCKPIT_STORAGE_OPTIONS"
DEBUG_ENV = "COCKPIT_DEBUG"
VARIABLES = {
    "cache_dir": CACHE_DIR_ENV,
    "no_cache": NO_CACHE_ENV,
    "memory_budget_mb": BUDGET_ENV,
    "storage_options": STORAGE_OPTIONS_ENV,
    "debug": DEBUG_ENV,
}
"""Each runtime setting's variable."""

DEFAULT_BUDGET_MB = 1000.0
"""Megabytes of checked tables a first open keeps in memory (M scale: about 390 by the estimate)."""


class Runtime(Protocol):
    """The runtime settings: `RuntimeSettings` (validated, from the config file and the
    environment) or `EnvironmentRuntime` (the environment alone, without pydantic)."""

    @property
    def cache_dir(self) -> Path | None: ...
    @property
    def no_cache(self) -> bool: ...
    @property
    def memory_budget_mb(self) -> float: ...
    @property
    def storage_options(self) -> Mapping[str, str]: ...
    @property
    def debug(self) -> bool: ...


@dataclass(frozen=True)
class EnvironmentRuntime:
    """The runtime settings of the environment alone: its values over the defaults."""

    cache_dir: Path | None = None
    """COCKPIT_CACHE_DIR; None: the user's cache directory."""
    no_cache: bool = False
    """COCKPIT_NO_CACHE is 1, true or yes."""
    memory_budget_mb: float = DEFAULT_BUDGET_MB
    """COCKPIT_MEMORY_BUDGET_MB."""
    storage_options: dict[str, str] = field(default_factory=dict, repr=False)
    """COCKPIT_STORAGE_OPTIONS, a JSON object (may hold secrets, never shown)."""
    debug: bool = False
    """COCKPIT_DEBUG is set (to anything)."""
    given: frozenset[str] = frozenset()
    """The settings the environment set; the others are the defaults."""

    def overrides(self) -> dict[str, Any]:
        """The settings the environment set, by name: what wins over the config file."""
        return {name: getattr(self, name) for name in VARIABLES if name in self.given}


def from_environ(environ: Mapping[str, str] | None = None) -> EnvironmentRuntime:
    """The runtime settings `environ` (the process's environment when None) sets, checked.

    An empty variable is not set. A value that cannot be used is a UsageError naming it.
    """
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    if text := env.get(CACHE_DIR_ENV, ""):
        values["cache_dir"] = Path(text)
    if text := env.get(NO_CACHE_ENV, "").strip():
        values["no_cache"] = text.lower() in ("1", "true", "yes")
    if text := env.get(BUDGET_ENV, "").strip():
        values["memory_budget_mb"] = _megabytes(text)
    if text := env.get(STORAGE_OPTIONS_ENV, ""):
        values["storage_options"] = _storage_options(text)
    if debug_requested(env):
        values["debug"] = True
    return EnvironmentRuntime(**values, given=frozenset(values))


def debug_requested(environ: Mapping[str, str] | None = None) -> bool:
    """True when COCKPIT_DEBUG is set (asked apart: another variable may be invalid)."""
    return bool((os.environ if environ is None else environ).get(DEBUG_ENV))


def or_environment(runtime: Runtime | None) -> Runtime:
    """`runtime`, or the environment's when None (a caller that was given no settings)."""
    return from_environ() if runtime is None else runtime


def memory_budget_bytes(runtime: Runtime) -> int:
    """The memory budget of a first open in bytes; see `cockpit.data.files.budget`."""
    return int(runtime.memory_budget_mb * 1_000_000)


def _megabytes(text: str) -> float:
    try:
        megabytes = float(text)
    except ValueError:
        megabytes = -1.0
    if not (megabytes >= 0 and math.isfinite(megabytes)):
        raise UsageError(
            f"{BUDGET_ENV}={text!r} is not a number of megabytes: give one like 500 "
            f"(0 streams every table through disk), or unset it for {DEFAULT_BUDGET_MB:,.0f}"
        )
    return megabytes


def _storage_options(text: str) -> dict[str, str]:
    # The value is not repeated in the message: it holds credentials, often.
    try:
        options = json.loads(text)
    except json.JSONDecodeError:
        options = None
    if not isinstance(options, dict):
        raise UsageError(
            f"{STORAGE_OPTIONS_ENV} is not a JSON object of strings: give one like "
            '\'{"aws_region": "eu-west-1"}\', or unset it'
        )
    return {str(k): str(v) for k, v in options.items()}
