"""Choosing the data folder and mapping from what the user typed, then loading it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cockpit.data.cache import load_cached
from cockpit.data.load import Dataset, load_dataset
from cockpit.data.mapping import Mapping, canonical_present, detect_preset, resolve_mapping
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
    data: str | None,
    mapping: str | None = None,
    progress: Callable[[str], None] | None = None,
    cached: bool = True,
) -> Dataset:
    """Load DATA (the bundled sample when omitted) with the chosen mapping.

    With `cached`, an unchanged folder is served from its validated copy (see `cache`).
    """
    folder = Path(data).expanduser() if data else SAMPLE_DATA
    if data and not folder.exists():
        raise DataError(f"{data}: no such file or folder")
    chosen = choose_mapping(folder, mapping)
    if cached:
        return load_cached(folder, chosen, progress)
    return load_dataset(folder, chosen, progress)
