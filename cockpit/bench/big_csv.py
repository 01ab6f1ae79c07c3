"""A data folder with one very large activities CSV and one bad row in its middle.

    python -m cockpit.bench.big_csv OUT --gigabytes 10

Then `cockpit check OUT` shows whether a file of that size is read in bounded memory, with
progress, the bad row named by its line number, and Ctrl-C heard.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import polars as pl

CHUNK_ROWS = 5_000_000
BYTES_PER_ROW = 24
"""About what one line takes: `R0123,2026-03-14,12,34,5`."""
BAD_DATE = "2026-13-45"


def write_big_folder(folder: Path, gigabytes: float) -> tuple[int, int]:
    """Write reps.csv, deals.csv and a large activities.csv; (rows, line of the bad row)."""
    folder.mkdir(parents=True, exist_ok=True)
    reps = pl.select(i=pl.int_range(2_000)).select(
        rep_id=pl.format("R{}", pl.col("i").cast(pl.String).str.zfill(4)),
        name=pl.format("Rep {}", "i"),
    )
    reps.write_csv(folder / "reps.csv")
    deals = (
        "deal_id,rep_id,stage,amount,created_date,close_date\n"
        "D1,R0001,won,5000,2026-01-05,2026-02-01\n"
    )
    (folder / "deals.csv").write_text(deals, encoding="utf-8")
    rows = int(gigabytes * 1e9 / BYTES_PER_ROW)
    bad = rows // 2
    with (folder / "activities.csv").open("wb") as out:
        for start in range(0, rows, CHUNK_ROWS):
            _chunk(start, min(CHUNK_ROWS, rows - start), bad).write_csv(
                out, include_header=start == 0
            )
    return rows, bad + 2  # line 1 is the header


def _chunk(start: int, rows: int, bad: int) -> pl.DataFrame:
    """Rows `start`…`start + rows` of the activities; row `bad` carries an impossible date."""
    i = pl.int_range(start, start + rows, dtype=pl.Int64)
    day = pl.date(2026, 1, 1) + pl.duration(days=i % 330)
    return pl.select(i=i).select(
        rep_id=pl.format("R{}", (pl.col("i") % 2_000).cast(pl.String).str.zfill(4)),
        date=pl.when(pl.col("i") == bad).then(pl.lit(BAD_DATE)).otherwise(day.cast(pl.String)),
        calls=pl.col("i") % 13,
        emails=pl.col("i") % 29,
        meetings=pl.col("i") % 5,
    )


def main() -> None:
    """Write the folder and say where the bad row is."""
    p = argparse.ArgumentParser(prog="python -m cockpit.bench.big_csv", description=__doc__)
    p.add_argument("out", type=Path)
    p.add_argument("--gigabytes", type=float, default=10.0)
    args = p.parse_args()
    rows, line = write_big_folder(args.out, args.gigabytes)
    size = (args.out / "activities.csv").stat().st_size / 1e9
    print(f"{args.out / 'activities.csv'}: {rows:,} rows, {size:.1f} GB; bad date on line {line:,}")


if __name__ == "__main__":
    main()
