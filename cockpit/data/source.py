"""Choosing the data source and mapping from what the user typed, then loading it."""

from __future__ import annotations

from pathlib import Path

from cockpit.data.load import Dataset, load_dataset
from cockpit.data.mapping import Mapping, canonical_present, detect_preset, resolve_mapping
from cockpit.data.sources.uri import is_database_uri, parse_database_uri
from cockpit.errors import DataError
from cockpit.paths import SAMPLE_DATA


def choose_mapping(folder: Path, mapping: str | None) -> Mapping | None:
    """The mapping named by the user, else a preset recognised from the headers, else none."""
    if mapping:
        return resolve_mapping(mapping)
    if folder.is_dir() and not canonical_present(folder):
        return detect_preset(folder)
    return None


def open_dataset(
    data: str | None, mapping: str | None = None, period: str | None = None
) -> Dataset:
    """Load DATA (the bundled sample when omitted) with the chosen mapping.

    A database URI is read there: `period` (START:END, default the year of the latest date)
    says which rows its heavy tables are reduced to before they leave the database.
    """
    if data and is_database_uri(data):
        from cockpit.data.sources.dataset import load_database

        return load_database(
            parse_database_uri(data), resolve_mapping(mapping) if mapping else None, period
        )
    folder = Path(data).expanduser() if data else SAMPLE_DATA
    if data and not folder.exists():
        raise DataError(f"{data}: no such file or folder")
    return load_dataset(folder, choose_mapping(folder, mapping))
