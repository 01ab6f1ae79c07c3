"""One streamed pass over every row of a chosen file: value maps must list every stage, and
allow_empty must know of empty cells, that the first rows do not show."""

from __future__ import annotations

import polars as pl

from cockpit.data.draft.profile import MAX_LABELS, forget
from cockpit.data.draft.sample import Sample, Whole
from cockpit.data.files.parse import clean_text


def count_whole_file(sample: Sample, empties: list[str], labelled: list[str]) -> None:
    """Count the empty cells of `empties` and the values of `labelled` over every row (a file
    the sample holds whole, or cannot decode lazily, keeps its sample's counts)."""
    if sample.complete or not sample.utf8 or sample.whole is not None:
        return
    try:
        frame = _before_blank_row(_scan(sample)) if sample.footer_at_end else _scan(sample)
        counts = frame.select(
            pl.len().alias("\x00rows"),
            *(clean_text(pl.col(h)).is_null().sum().alias(h) for h in empties),
        ).collect(engine="streaming")
        labels = {h: _labels(frame, h) for h in labelled}
    except (OSError, pl.exceptions.PolarsError):
        return  # the sample's counts stand; the loader will name what is wrong with the file
    empty = {h: int(counts[h][0]) for h in empties}
    sample.whole = Whole(int(counts["\x00rows"][0]), empty, labels)
    forget(sample)


def _before_blank_row(frame: pl.LazyFrame) -> pl.LazyFrame:
    """The rows before the first blank one (a report's totals and footer follow it)."""
    names = frame.collect_schema().names()
    indexed = frame.with_row_index("\x00i")
    blank = pl.all_horizontal(clean_text(pl.col(n)).is_null() for n in names)
    first = indexed.filter(blank).select(pl.col("\x00i").min()).collect(engine="streaming")
    if first.item() is None:
        return frame
    return indexed.filter(pl.col("\x00i") < first.item()).drop("\x00i")


def _scan(sample: Sample) -> pl.LazyFrame:
    if sample.path.suffix.lower() == ".parquet":
        scan = pl.scan_parquet(sample.path)
        return scan.select(pl.col(c).cast(pl.String) for c in sample.headers)
    scan = pl.scan_csv(
        sample.path,
        infer_schema=False,
        separator=sample.separator,
        encoding="utf8-lossy",
        truncate_ragged_lines=True,
    )
    names = scan.collect_schema().names()
    return scan.rename({n: n.strip() for n in names if n != n.strip()})


def _labels(frame: pl.LazyFrame, header: str) -> list[str] | None:
    """The column's distinct values, most frequent first; None when too many to list."""
    counts = (
        frame.select(clean_text(pl.col(header)).alias("v"))
        .drop_nulls()
        .group_by("v")
        .len()
        .sort(["len", "v"], descending=[True, False])
        .head(MAX_LABELS + 1)
        .collect(engine="streaming")
    )
    return None if counts.height > MAX_LABELS else [str(v) for v in counts["v"]]
