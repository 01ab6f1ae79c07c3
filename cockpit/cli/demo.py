"""`cockpit demo`: deterministic synthetic team data at three scales."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from cockpit.cli.args import demo_parser


def run_demo(argv: Sequence[str]) -> int:
    """`cockpit demo`: write synthetic data and say what was written."""
    args = demo_parser().parse_args(argv)

    from cockpit.demo.generate import write_demo

    out = Path(args.out)
    hive = args.format == "parquet-hive"
    fmt = "parquet" if hive else args.format
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
