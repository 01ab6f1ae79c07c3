"""Table repaint on the Tiers pane: first paint, a filter keystroke, sort and page down.

    python -m cockpit.bench.table_repaint [--runs N] [--rows 2000,20000] [--datatable] [DATA]

Mounts the Tiers pane headless (Textual's run_test) with a synthetic tiers frame of each size
(or the tiers pane of DATA, e.g. `cockpit demo --scale M` output) and prints the median seconds
from the action until the screen is painted with its result. `--datatable` adds the figures of
the Textual DataTable the pane used before (rebuilt on every filter keystroke and sort).
`measure(rows)` returns the same figures for `cockpit bench`.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from pathlib import Path
from typing import Any

import polars as pl

FIRST = ("Ann", "Bo", "Elena", "Tomás", "Yuki", "Kevin", "Priya", "Mei", "Owen", "Sofia",
         "Jamal", "Chloe", "Ryan", "Laura", "Daniel", "Fatima", "Isabel", "Nathan", "Aisha",
         "Grace")  # fmt: skip
LAST = ("Lee", "Chen", "Marsh", "Rivera", "Sato", "Brandt", "Raman", "Tanaka", "Gallagher",
        "Lindqvist", "Carter", "Dubois", "Fitzgerald", "Benedetti", "Novak", "Haddad", "Moreno",
        "Brooks", "Bello", "Whitaker")  # fmt: skip
FILTER_CHAR = "a"
STEPS = ("first_paint", "filter_keystroke", "sort", "page_down")


def _unit(seed: int) -> pl.Expr:
    """A deterministic pseudo-random number in [0, 1) per row, computed in Polars."""
    return (pl.int_range(pl.len(), dtype=pl.UInt64).hash(seed) % 10_000) / 10_000


def tiers_frame(rows: int) -> pl.DataFrame:
    """A tiers pane of `rows` reps with the real pane's columns, built without a Python loop."""
    index = pl.col("i")
    first = pl.lit(pl.Series(FIRST)).gather(index % len(FIRST))
    last = pl.lit(pl.Series(LAST)).gather((index // len(FIRST)) % len(LAST))
    attainment, activity = pl.col("attainment"), pl.col("activity_index")
    quiet_star = (attainment >= 1.0) & (activity <= 0.7)
    busy = (activity >= 1.2) & (attainment < 0.7)
    frame = pl.DataFrame({"i": pl.int_range(rows, eager=True)})
    return frame.select(
        pl.format("R{}", pl.col("i").cast(pl.String).str.zfill(6)).alias("rep_id"),
        pl.format("{} {} {}", first, last, pl.col("i")).alias("name"),
        (_unit(1) * 1.8).alias("attainment"),
        (_unit(2) * 0.6 + 0.1).alias("win_rate"),
        (_unit(3) * 1.6 + 0.3).alias("activity_index"),
    ).with_columns(
        ((attainment * 4_000).round() * 100).alias("won_amount"),
        pl.when(attainment >= 1.0).then(pl.lit("top"))
        .when(attainment >= 0.7).then(pl.lit("core"))
        .when(attainment >= 0.4).then(pl.lit("developing"))
        .otherwise(pl.lit("at_risk")).alias("tier"),
        pl.concat_list(
            pl.when(quiet_star).then(pl.lit("outcome_over_activity")),
            pl.when(busy).then(pl.lit("activity_without_outcome")),
        ).list.drop_nulls().alias("flags"),
    )  # fmt: skip


def tiers_of(folder: str) -> pl.DataFrame:
    """The real tiers pane of a data folder (e.g. `cockpit demo --scale M --out DIR`)."""
    from cockpit.config import read_settings
    from cockpit.data.source import open_dataset
    from cockpit.period import resolve_period
    from cockpit.session import panes_of

    dataset = open_dataset(folder)
    period = resolve_period(dataset.tables)
    return panes_of(dataset, period, read_settings(None)).tiers


async def _measure(frame: pl.DataFrame, runs: int, legacy: bool) -> dict[str, float]:
    """Median seconds per step over `runs` runs, each in a fresh headless app."""
    from cockpit.bench.apps.repaint_probe import PaneBench

    samples: dict[str, list[float]] = {step: [] for step in STEPS}
    for _ in range(runs):
        app = PaneBench(legacy)
        async with app.run_test(size=(120, 40)) as pilot:
            for step, seconds in (await app.steps(pilot, frame, FILTER_CHAR)).items():
                samples[step].append(seconds)
    return {step: statistics.median(values) for step, values in samples.items()}


def measure(
    rows: int, runs: int = 5, frame: pl.DataFrame | None = None, datatable: bool = False
) -> dict[str, float]:
    """Seconds (median of `runs`) for each step on a `rows`-row Tiers pane (FrameTable).

    With `datatable`, the same steps on the DataTable the pane used before, keys prefixed
    `datatable_`."""
    shown = frame if frame is not None else tiers_frame(rows)
    figures = asyncio.run(_measure(shown, runs, legacy=False))
    if datatable:
        old = asyncio.run(_measure(shown, runs, legacy=True))
        figures |= {f"datatable_{step}": seconds for step, seconds in old.items()}
    return figures


def _print(label: str, figures: dict[str, float]) -> None:
    print(f"  {label}")
    for step in STEPS:
        line = f"    {step:<18} {figures[step] * 1000:8.1f} ms"
        if f"datatable_{step}" in figures:
            old = figures[f"datatable_{step}"]
            line += f"   DataTable {old * 1000:8.1f} ms  ({old / figures[step]:.0f}× slower)"
        print(line)


def main(argv: list[str] | None = None) -> int:
    """Measure and print the figures."""
    parser = argparse.ArgumentParser(prog="python -m cockpit.bench.table_repaint")
    parser.add_argument("data", nargs="?", help="a data folder: measure its tiers pane too")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rows", default="2000,20000", help="synthetic sizes, comma-separated")
    parser.add_argument("--datatable", action="store_true", help="compare with DataTable")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    frames: list[tuple[str, Any]] = [
        (f"synthetic {int(n):,} rows", tiers_frame(int(n))) for n in args.rows.split(",") if n
    ]
    if args.data:
        real = tiers_of(args.data)
        frames.append((f"{Path(args.data).name}: tiers pane, {real.height:,} rows", real))
    print(f"Tiers pane repaint (headless, 120x40), median of {args.runs} runs")
    for label, frame in frames:
        _print(label, measure(frame.height, args.runs, frame, args.datatable))
    print(f"  (whole benchmark {time.perf_counter() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
