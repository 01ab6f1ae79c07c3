"""`cockpit demo`: deterministic synthetic team data at three scales."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from cockpit.cli.args import demo_parser
from cockpit.errors import UsageError
from cockpit.text import safe_text

SHOWN = 8
"""Entries of a folder named in the refusal; the rest are counted."""


def run_demo(argv: Sequence[str]) -> int:
    """`cockpit demo`: write synthetic data and say what was written."""
    args = demo_parser().parse_args(argv)

    from cockpit.demo.generate import scale_counts, write_demo

    out = Path(args.out)
    hive = args.format == "parquet-hive"
    fmt = "parquet" if hive else args.format
    if not args.force:
        refuse_used_folder(out, scale_counts(args.scale), fmt)
    counts = write_demo(out, scale=args.scale, fmt=fmt, seed=args.seed)
    partitions: dict[str, int] = {}
    if hive:
        import polars as pl

        from cockpit.data.hive.partitions import partition_folder

        teams = pl.read_parquet(out / "reps.parquet", columns=["rep_id", "team"])
        partitions = partition_folder(out, teams)
    for table, rows in counts.items():
        where = out / f"{table}.{fmt}"
        if table in partitions:
            where = Path(f"{out / table}/ ({partitions[table]} team/period partitions)")
        print(f"{table:<11} {rows:>12,} rows  {where}")
    return 0


def refuse_used_folder(out: Path, tables: Iterable[str], fmt: str) -> None:
    """Refuse `out` unless it is new or empty, naming what would be overwritten.

    A demo written over real data replaces it; written beside it, the folder becomes a mix that
    cockpit reads as one team (a real quotas.csv with synthetic reps).
    """
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {safe_text(out)} is a file: give a new or empty folder")
    entries = sorted(p.name for p in out.iterdir()) if out.is_dir() else []
    if not entries:
        return
    # parquet-hive writes a folder per heavy table as well as <table>.parquet
    written = {name for table in tables for name in (f"{table}.{fmt}", table)}
    overwritten = [name for name in entries if name in written]
    if overwritten:
        what = f"{_names(overwritten)} would be overwritten"
    else:
        what = f"it holds {_names(entries)}, and the demo's tables would be mixed with them"
    raise UsageError(
        f"--out {safe_text(out)} is not empty: {what}. Choose a new or empty folder, "
        "or add --force to write there anyway"
    )


def _names(names: list[str]) -> str:
    """The first few names, then how many more."""
    shown = ", ".join(safe_text(name, 60) for name in names[:SHOWN])
    more = len(names) - SHOWN
    return shown + (f" and {more} more" if more > 0 else "")
