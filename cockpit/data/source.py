"""Choosing the data source and mapping from what the user typed, then loading it."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Mapping as StrMapping
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import polars as pl

from cockpit.data.copies.validated_copy import load_cached
from cockpit.data.dataset import Dataset
from cockpit.data.files.load import load_dataset
from cockpit.data.hive.dataset import has_partitioned_tables, load_partitioned
from cockpit.data.mapping import Mapping, canonical_present, detect_preset, resolve_mapping
from cockpit.data.uri import is_database_uri, is_object_store, parse_database_uri
from cockpit.errors import DataError, UsageError
from cockpit.fingerprint import check_readable
from cockpit.paths import SAMPLE_DATA
from cockpit.period_spec import PeriodChoice
from cockpit.runtime import Runtime


def choose_mapping(folder: Path, mapping: str | None) -> Mapping | None:
    """The mapping named by the user, else a preset recognised from the headers, else none."""
    if mapping:
        return resolve_mapping(mapping)
    if folder.is_dir() and not canonical_present(folder):
        return detect_preset(folder)
    return None


def known_zone(timezone: str) -> None:
    """Refuse a time zone that is not an IANA name Python and Polars both know, before any
    file is read in it (`localtime` is a file on some machines, not a zone Polars knows)."""
    try:
        ZoneInfo(timezone)
        pl.select(pl.lit(datetime(2000, 1, 1, tzinfo=UTC)).dt.convert_time_zone(timezone))
    except (ZoneInfoNotFoundError, ValueError, pl.exceptions.PolarsError):
        raise UsageError(
            f"time zone {timezone!r} is not an IANA time zone, e.g. UTC or Europe/Berlin"
        ) from None


def open_dataset(
    data: str | None,
    mapping: str | None = None,
    period: PeriodChoice | str | None = None,
    every_partition: bool = False,
    whole: bool = False,
    progress: Callable[[str], None] | None = None,
    cached: bool = True,
    storage_options: StrMapping[str, str] | None = None,
    runtime: Runtime | None = None,
    timezone: str = "UTC",
) -> Dataset:
    """Load DATA (the bundled sample when omitted) with the chosen mapping.

    A database URI is read there: `period` (START:END, default the year of the latest date)
    says which rows its heavy tables are reduced to before they leave the database, and which
    partitions of partitioned Parquet are read (`every_partition`: all, as `cockpit check` does).
    `whole` reads every kept row of every table, reduced nowhere: what a snapshot copies.
    With `cached`, an unchanged folder is served from its validated copy (see `cache`);
    `progress` hears which file is being read; `storage_options` reach object storage (without
    them Polars reads the usual environment: AWS_ACCESS_KEY_ID, AWS_REGION, …). `runtime` gives
    the cache directory, whether to use it, and a first open's memory budget (None: the
    environment's; see `cockpit.runtime`). A date-time with a UTC offset (or a timestamptz
    column) gives its date in `timezone`, an IANA zone (`Settings.data.timezone`).
    """
    known_zone(timezone)
    if data and is_database_uri(data):
        from cockpit.data.database.dataset import load_database

        chosen = resolve_mapping(mapping) if mapping else None
        return load_database(parse_database_uri(data), chosen, period, whole, timezone)
    if data and not is_object_store(data):
        check_readable(Path(data).expanduser())
    if data and (is_object_store(data) or has_partitioned_tables(str(Path(data).expanduser()))):
        root = data if is_object_store(data) else str(Path(data).expanduser())
        chosen = resolve_mapping(mapping) if mapping else None
        every = every_partition or whole
        options = dict(storage_options or {})
        return load_partitioned(root, chosen, period, options, every, timezone)
    folder = Path(data).expanduser() if data else SAMPLE_DATA
    if data and not folder.exists():
        raise DataError(f"{data}: no such file or folder")
    chosen = choose_mapping(folder, mapping)
    if cached:
        return load_cached(folder, chosen, progress, runtime, timezone)
    return load_dataset(folder, chosen, progress, runtime=runtime, timezone=timezone)
