"""Settings: every threshold of PRODUCT.md, read from TOML and validated (typos are errors)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from cockpit.errors import UsageError
from cockpit.paths import default_config_path
from cockpit.tomlfile import format_validation_error, read_toml


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TierSettings(_Section):
    """Performance tiers: outcome first, ramping reps kept out of comparisons."""

    ramp_months: int = Field(5, ge=0)
    """Reps hired fewer than this many months before as_of are `ramping`."""
    top: float = Field(1.0, ge=0)
    """Attainment at or above which a rep is `top`."""
    core: float = Field(0.7, ge=0)
    """Attainment at or above which a rep is `core`."""
    developing: float = Field(0.4, ge=0)
    """Attainment at or above which a rep is `developing` (below: `at_risk`)."""
    percentile_top: float = Field(0.8, ge=0, le=1)
    """Without quotas: percentile rank of won amount at or above which a rep is `top`."""
    percentile_core: float = Field(0.5, ge=0, le=1)
    """Without quotas: percentile rank for `core`."""
    percentile_developing: float = Field(0.2, ge=0, le=1)
    """Without quotas: percentile rank for `developing` (below: `at_risk`)."""


class FlagSettings(_Section):
    """Activity vs outcome flags."""

    outcome_min_attainment: float = 1.0
    """`outcome_over_activity` needs attainment at least this…"""
    outcome_max_activity_index: float = 0.7
    """…and an activity index at most this (do not PIP: study and share their approach)."""
    activity_min_index: float = 1.2
    """`activity_without_outcome` needs an activity index at least this…"""
    activity_max_attainment: float = 0.7
    """…and attainment below this (coach the strategy, not the volume)."""


class GrowthSettings(_Section):
    """Growth tracks and flight risk of top performers."""

    stale_days: int = Field(45, ge=0)
    """A growth conversation older than this makes the plan `stale`."""
    flight_risk_days: int = Field(60, ge=0)
    """A top rep whose growth conversation is older than this (or never) is a flight risk."""
    flight_risk_months_at_level: int = Field(18, ge=0)
    """A top rep longer than this at the same level is a flight risk."""
    lead_share_drop: float = Field(0.2, ge=0, le=1)
    """A top rep whose company-lead share fell by at least this fraction of last period's share
    is a flight risk (small drops from a growing team are noise, not a signal)."""


class LeadSettings(_Section):
    """Lead allocation and the what-if."""

    prior_strength: float = Field(20.0, ge=0)
    """Beta-binomial prior, in leads: how strongly small samples are pulled to the team rate."""
    cap_multiple: float = Field(1.5, ge=1)
    """What-if: no rep gets more than this multiple of their current company leads."""
    protect_ramping: bool = True
    """What-if: ramping reps keep at least their current company leads."""
    underused_ratio: float = Field(1.25, ge=1)
    """`underused_converter`: shrunk conversion at least this multiple of the team rate while
    the what-if would give the rep more leads."""


class ChurnSettings(_Section):
    """Segment churn alerts and the cost of replacing churned revenue."""

    logo_churn_alert: float = Field(0.25, ge=0, le=1)
    """`churn_alert` when logo churn is at least this…"""
    grr_alert: float = Field(0.80, ge=0)
    """…or GRR is below this…"""
    adoption_alert: float = Field(0.40, ge=0, le=1)
    """…or adoption is below this."""
    replacement_cost_multiple: float = Field(3.0, ge=0)
    """New-business cost to replace one unit of churned ARR."""


class UiSettings(_Section):
    """Comfort and accessibility of the TUI."""

    confirm_quit: bool = False
    """Ask y/n before `q` or ctrl+c quits from the main screen (also: --confirm-quit)."""
    mouse: bool = True
    """Let the terminal send mouse events to cockpit; false keeps the terminal's own text
    selection and scrolling (also: --no-mouse)."""
    animations: Literal["auto", "on", "off"] = "auto"
    """`auto` turns animations off over SSH (SSH_CONNECTION or SSH_TTY set), where every frame
    costs bandwidth; a TEXTUAL_ANIMATIONS variable set by the user always wins."""


class Settings(BaseSettings):
    """All settings; the TOML file has one table per section, e.g. `[tiers]`.

    Environment variables override single values: COCKPIT_CHURN__GRR_ALERT=0.85.
    """

    model_config = SettingsConfigDict(
        extra="forbid", frozen=True, env_prefix="COCKPIT_", env_nested_delimiter="__"
    )

    tiers: TierSettings = TierSettings()
    """Performance tier thresholds."""
    flags: FlagSettings = FlagSettings()
    """Activity vs outcome flag thresholds."""
    growth: GrowthSettings = GrowthSettings()
    """Growth-track and flight-risk thresholds."""
    leads: LeadSettings = LeadSettings()
    """Lead shrinkage and what-if parameters."""
    churn: ChurnSettings = ChurnSettings()
    """Segment churn alert thresholds."""
    ui: UiSettings = UiSettings()
    """Quit confirmation, mouse and animations."""
    keys: dict[str, str] = {}
    """Binding id → keys (e.g. `quit = "q,ctrl+q"`), passed to Textual's keymap."""


def read_settings(path: Path | None) -> Settings:
    """Settings from `path`, else from the default config file if it exists, else defaults.

    Errors name the file and the key.
    """
    if path is None:
        default = default_config_path()
        if not default.is_file():
            return _build({}, None)
        path = default
    return _build(read_toml(path, "config file"), path)


def _build(data: dict[str, object], path: Path | None) -> Settings:
    """Validate settings (TOML values first, COCKPIT_* variables fill the rest)."""
    try:
        return Settings(**data)  # type: ignore[arg-type]
    except ValidationError as exc:
        where = f"config file {path}" if path else "settings from COCKPIT_* variables"
        raise UsageError(f"{where} has errors:\n{format_validation_error(exc)}") from None
