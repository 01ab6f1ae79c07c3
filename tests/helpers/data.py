"""Data for the tests: tiny folders written from text, copies of the bundled sample, and the
report's numbers made comparable."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from cockpit.paths import SAMPLE_DATA

REPS = "rep_id,name,quota\nR1,Ann Lee,100000\nR2,Bo Chen,80000\n"
DEALS = (
    "deal_id,rep_id,stage,amount,created_date,close_date\n"
    "D1,R1,won,50000,2026-01-05,2026-02-01\n"
    "D2,R2,lost,20000,2026-01-10,2026-03-01\n"
)
MESSY = {
    "reps.csv": "rep_id,name,quota\nR1,Ann Lee,100000\nR2,Bo Chen,80000\nR1,Ann Again,5\n",
    "deals.csv": (
        "deal_id,rep_id,stage,amount,created_date,close_date\n"
        "D1,R1,won,50000,2026-01-05,2026-02-01\n"
        "D2,R2,lost,-3,2026-01-10,2026-03-01\n"
        ",,,,,\n"
        "D1,R2,won,10,2026-01-05,2026-02-01\n"
        "D4,R9,maybe,12x,2026-13-01,\n"
        "D5,R2,open,700,2026-02-01,2026-02-02\n"
    ),
}

# Kevin Brandt (R00007) is `developing` on the sample: 81,000 won of a 176,000 quota (46%), with
# activity index 1.63 so `activity_without_outcome`. One more won deal of 100,000 makes it
# 181,000 / 176,000 = 103%: tier top, the flag cleared, and as a top rep without a growth plan
# he becomes a flight risk. The deal has no account or segment: a warning, not an error.
KEVIN_WINS = "D_WEEK2,R00007,,,self,2026-09-01,2026-09-30,won,100000\n"


def write_folder(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write `files` (name → text or bytes) into `root` and return it."""
    root.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = root / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def sample_copy(dest: Path, extra_deal: str = "") -> Path:
    """The bundled sample's tables in `dest`, optionally with one more deal row."""
    dest.mkdir(parents=True)
    for path in SAMPLE_DATA.glob("*.csv"):
        shutil.copy(path, dest / path.name)
    if extra_deal:
        with (dest / "deals.csv").open("a", encoding="utf-8") as handle:
            handle.write(extra_deal)
    return dest


def current_name(root: Path) -> str:
    """The name of the snapshot a snapshot root's `current` link points to."""
    return (root / "current").readlink().name


def rounded(value: Any) -> Any:
    """Floats to 9 significant digits: parallel sums may differ in the last bits."""
    if isinstance(value, dict):
        return {k: rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [rounded(v) for v in value]
    if isinstance(value, float):
        return float(f"{value:.9g}")
    return value
