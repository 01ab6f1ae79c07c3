"""Where cockpit finds its bundled files (inside the installed package, so wheels work too)."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
SAMPLE_DATA = PACKAGE_DIR / "sample_data"
MAPPINGS_DIR = SAMPLE_DATA / "mappings"
