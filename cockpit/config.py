"""Settings: every threshold of PRODUCT.md, read from TOML and validated (typos are errors)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any, Literal, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from cockpit.errors import UsageError
from cockpit.paths import default_config_path
from cockpit.runtime import DEFAULT_BUDGET_MB, from_environ
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
    floor_share: float = Field(0.5, ge=0, le=1)
    """What-if: every rep keeps at least this share of their current company leads (rounded
    up; 0.5: half), so one period's conversion never cuts a rep off."""
    route_by: Literal["revenue", "conversion"] = "revenue"
    """What-if: move leads toward the best expected revenue per lead, shrunk conversion × the
    rep's average won deal (`revenue`: what the projection and the tiers judge), or toward the
    best shrunk conversion alone (`conversion`: more conversions, in smaller deals)."""
    underused_ratio: float = Field(1.25, ge=1)
    """`underused_converter`: shrunk conversion at least this multiple of the team rate while
    the what-if would give the rep more leads."""
    underused_min_leads: int = Field(10, ge=1)
    """`underused_converter` needs at least this many company leads in the period: fewer are too
    small a sample to call anyone an underused converter (and a team converting 0% has none)."""


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
    rep_churn_min_accounts: int = Field(4, ge=1)
    """`bookings_do_not_stay` needs at least this many of the rep's accounts at period start:
    one churned account of one is not a finding."""
    rep_churn_min_churned: int = Field(2, ge=1)
    """…and at least this many of them churned in the period (one lost account is an anecdote)…"""
    rep_churn_ratio: float = Field(1.25, ge=1)
    """…and the rep's logo churn above this multiple of the expected rate: the logo churn of each
    account's segment, averaged over the rep's accounts (only `top`-tier reps are flagged)…"""
    rep_churn_max_chance: float = Field(0.1, gt=0, le=1)
    """…and that many churned accounts at most this likely by chance at the expected rate
    (binomial): 2 of 12 where 9% is expected happens 30% of the time, so it is not a finding."""


class DataSettings(_Section):
    """How the data is read: the review day, the fiscal calendar, the time zone, the currency."""

    as_of: date | None = None
    """The review day; none: the latest date on which something happened in the data
    (--as-of wins over it)."""
    fiscal_year_start: int = Field(1, ge=1, le=12)
    """Month the fiscal year starts in (2: February); `2026`, `2026Q3`, `ytd` follow it."""
    fiscal_year_named_by: Literal["start", "end"] = "end"
    """Whether fiscal year 2026 is the one that starts or the one that ends in 2026 (only
    matters when fiscal_year_start is not 1)."""
    timezone: str = "UTC"
    """IANA time zone that timestamps with an offset are converted to before their date is
    taken (e.g. `Europe/Berlin`)."""
    currency: str | None = None
    """ISO 4217 code every amount is converted to before it is summed (e.g. `USD`); none: the
    base of the data's currency_rates (the currency whose rate is 1), else the data's only
    currency."""

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"{value!r} is not an IANA time zone, e.g. UTC or Europe/Berlin"
            ) from None
        return value

    @field_validator("currency")
    @classmethod
    def _currency_code(cls, value: str | None) -> str | None:
        if value is None:
            return None
        code = value.strip().upper()
        if not re.fullmatch(r"[A-Z]{3}", code):
            raise ValueError(f"{value!r} is not an ISO 4217 currency code, e.g. USD or EUR")
        return code


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


class RuntimeSettings(_Section):
    """How cockpit runs on this machine: its cache, its memory, object storage, tracebacks.

    Each value also has its own variable, which wins over the file (`cockpit.runtime` reads them,
    and why there): COCKPIT_CACHE_DIR, COCKPIT_NO_CACHE, COCKPIT_MEMORY_BUDGET_MB,
    COCKPIT_STORAGE_OPTIONS, COCKPIT_DEBUG.
    """

    cache_dir: Path | None = None
    """Where validated copies and first screens are kept (private: they hold CRM data); none: the
    user's cache directory."""
    no_cache: bool = False
    """Keep no validated copy or first screen: every open reads and checks the files again."""
    memory_budget_mb: float = Field(DEFAULT_BUDGET_MB, ge=0, allow_inf_nan=False)
    """Megabytes of checked tables a first open may hold in memory; beyond, tables stream through
    disk (0: always)."""
    storage_options: dict[str, str] = Field(default_factory=dict, repr=False)
    """Options for s3:// and other object-storage data (e.g. `aws_region`); --storage-option
    adds to them. Secrets are better kept in COCKPIT_STORAGE_OPTIONS than in a file."""
    debug: bool = False
    """An internal error shows its traceback instead of a one-line message."""


class Settings(BaseSettings):
    """All settings; the TOML file has one table per section, e.g. `[tiers]`.

    Environment variables set single values the file does not: COCKPIT_CHURN__GRR_ALERT=0.85;
    the `[runtime]` table has variables of its own, which win over the file (see `_build`).
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
    data: DataSettings = DataSettings()
    """The review day, fiscal calendar and time zone of the data's dates."""
    ui: UiSettings = UiSettings()
    """Quit confirmation, mouse and animations."""
    keys: dict[str, str] = {}
    """Binding id → keys (e.g. `quit = "q,ctrl+q"`), passed to Textual's keymap."""
    runtime: RuntimeSettings = RuntimeSettings()
    """Cache, memory budget, object-storage options and tracebacks."""

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """The usual sources, the file (init) first, but no COCKPIT_RUNTIME__* variables: the
        runtime settings have their own, read by `cockpit.runtime` alone."""
        without = _WithoutRuntime(settings_cls, env_settings)
        return init_settings, without, dotenv_settings, file_secret_settings


class _WithoutRuntime(PydanticBaseSettingsSource):
    """An environment source that leaves the `runtime` section out."""

    def __init__(
        self, settings_cls: type[BaseSettings], source: PydanticBaseSettingsSource
    ) -> None:
        super().__init__(settings_cls)
        self.source = source

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False  # unused: __call__ asks the wrapped source

    def __call__(self) -> dict[str, Any]:
        values = self.source()
        values.pop("runtime", None)
        return values


class _RuntimeOnly(BaseModel):
    """The config file's `[runtime]` table alone (its other tables are not validated)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    runtime: RuntimeSettings = RuntimeSettings()
    """Cache, memory budget, object-storage options and tracebacks."""


class _DataOnly(BaseSettings):
    """The config file's `[data]` table alone, under COCKPIT_DATA__* variables."""

    model_config = SettingsConfigDict(
        extra="ignore", frozen=True, env_prefix="COCKPIT_", env_nested_delimiter="__"
    )

    data: DataSettings = DataSettings()
    """The review day, fiscal calendar and time zone."""


def read_data_settings(path: Path | None) -> DataSettings:
    """The `[data]` settings of `path` (else of the default config file if it exists), for
    commands that read no thresholds but do read dates (`check`, `refresh`)."""
    data, path = _config_file(path)
    table = {"data": data["data"]} if "data" in data else {}
    return _build(_DataOnly, table, path).data


def read_settings(path: Path | None) -> Settings:
    """Settings from `path`, else from the default config file if it exists, else defaults.

    Errors name the file and the key, or the variable.
    """
    data, path = _config_file(path)
    return _build(Settings, data, path)


def read_runtime(path: Path | None) -> RuntimeSettings:
    """The runtime settings of `path` (else of the default config file if it exists) with the
    environment's over them, for commands that read no thresholds (`check`, `refresh`, `info`):
    an error in another table of the file is not theirs to report."""
    data, path = _config_file(path)
    table = {"runtime": data["runtime"]} if "runtime" in data else {}
    return _build(_RuntimeOnly, table, path).runtime


def _config_file(path: Path | None) -> tuple[dict[str, Any], Path | None]:
    """The TOML of `path`, else of the default config file if it exists (else nothing)."""
    if path is None:
        default = default_config_path()
        if not default.is_file():
            return {}, None
        path = default
    return read_toml(path, "config file"), path


Model = TypeVar("Model", bound=BaseModel)


def _build(model: type[Model], data: dict[str, Any], path: Path | None) -> Model:
    """Validate settings: the runtime variables over the file's `[runtime]` table; for the other
    tables, the file's values first and COCKPIT_SECTION__KEY variables fill the rest.

    A runtime variable that cannot be used is a UsageError naming it (`cockpit.runtime`).
    """
    variables = from_environ().overrides()
    table = data.get("runtime", {})
    if variables and isinstance(table, dict):  # not a table: the error names the file's key
        data = {**data, "runtime": {**table, **variables}}
    try:
        return model(**data)
    except ValidationError as exc:
        where = f"config file {path}" if path else "settings from COCKPIT_* variables"
        raise UsageError(f"{where} has errors:\n{format_validation_error(exc)}") from None
