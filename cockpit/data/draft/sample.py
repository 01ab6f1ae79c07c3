"""The first rows of each table file of an export, read as text (a large file is never read
whole): what the draft's guesses are made from."""

from __future__ import annotations

import codecs
import io
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from cockpit.text import safe_text

SAMPLE_ROWS = 5_000
HEAD_BYTES = 1 << 20
"""Bytes read to decide the encoding and separator (and, for a non-UTF-8 file, the rows)."""
TAIL_BYTES = 4_096
"""Bytes read at the end of a large file to find a report's footer."""
SUFFIXES = (".csv", ".parquet")
SEPARATORS = (",", ";", "\t", "|")


@dataclass(eq=False)
class Sample:
    """The first rows of one file, every cell as text, headers trimmed as the loader trims."""

    path: Path
    frame: pl.DataFrame
    utf8: bool
    separator: str
    complete: bool
    """True when every row of the file is in `frame`."""
    footer: int | None = None
    """Spreadsheet row of the blank row a report's totals and footer follow (None: none, or
    beyond the rows read)."""
    footer_at_end: bool = False
    """A blank row near the end of a file larger than the rows read is followed by text."""
    whole: Whole | None = None
    """What a pass over every row found (see `count_whole_file`), once made."""

    @property
    def name(self) -> str:
        """The file's name in the folder."""
        return self.path.name

    @property
    def headers(self) -> list[str]:
        """The file's column names."""
        return self.frame.columns

    @property
    def rows_said(self) -> str:
        """Which rows the guesses saw, in words."""
        if self.whole is not None:
            return f"all {self.whole.rows:,} rows"
        if self.complete:
            return f"all {self.frame.height:,} rows"
        return f"the first {self.frame.height:,} rows"


@dataclass(frozen=True)
class Whole:
    """Counts over every row of a file: its rows, and for some columns their empty cells and
    their distinct values (None: too many to list)."""

    rows: int
    empty: dict[str, int]
    labels: dict[str, list[str] | None]


def table_files(folder: Path) -> list[Path]:
    """The folder's CSV and Parquet files (regular files only: a FIFO would block a read)."""
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file())


def read_samples(folder: Path) -> tuple[list[Sample], list[str]]:
    """A sample of each table file of `folder`, and a line per file that could not be read."""
    samples: list[Sample] = []
    unreadable: list[str] = []
    for path in table_files(folder):
        try:
            samples.append(read_sample(path))
        except (OSError, pl.exceptions.PolarsError, ValueError) as exc:
            reason = safe_text(str(exc).strip().splitlines()[0] if str(exc).strip() else exc, 120)
            unreadable.append(f"{path.name}: cannot be read ({reason})")
    return samples, unreadable


def read_sample(path: Path) -> Sample:
    """The first SAMPLE_ROWS rows of one file, as text."""
    if path.suffix.lower() == ".parquet":
        return _parquet_sample(path)
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
    utf8 = _is_utf8(head)
    text = head.decode("utf-8-sig" if utf8 else "cp1252", errors="replace")
    separator = _separator(text.split("\n", 1)[0])
    whole = utf8 or len(head) < HEAD_BYTES
    # As the loader's "auto" reads a non-UTF-8 file: cp1252. Only the head is decoded then,
    # cut at a line end.
    source: Path | io.BytesIO = path
    if not utf8:
        source = io.BytesIO((text if whole else text[: text.rfind("\n") + 1]).encode("utf-8"))
    frame = pl.read_csv(
        source,
        infer_schema=False,
        separator=separator,
        n_rows=SAMPLE_ROWS + 1,
        encoding="utf8-lossy",
        truncate_ragged_lines=True,
    )
    complete = whole and frame.height <= SAMPLE_ROWS
    frame, footer = _before_footer(_trimmed(frame.head(SAMPLE_ROWS)))
    at_end = not complete and footer is None and _footer_at_end(path, separator)
    return Sample(path, frame, utf8, separator, complete, footer, at_end)


def _parquet_sample(path: Path) -> Sample:
    frame = pl.scan_parquet(path).head(SAMPLE_ROWS + 1).collect()
    flat = [
        c
        for c, dtype in frame.schema.items()
        if not isinstance(dtype, pl.List | pl.Array | pl.Struct | pl.Object)
    ]
    text = frame.select(pl.col(c).cast(pl.String) for c in flat)
    rows = pl.scan_parquet(path).select(pl.len()).collect().item()
    return Sample(path, _trimmed(text.head(SAMPLE_ROWS)), True, ",", rows <= SAMPLE_ROWS)


def _is_utf8(head: bytes) -> bool:
    """True when the bytes are UTF-8 (a character cut at the end of the head is allowed)."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _separator(header_line: str) -> str:
    """The separator the header row uses most, outside quotes (`,` when none)."""
    counts = dict.fromkeys(SEPARATORS, 0)
    quoted = False
    for char in header_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(SEPARATORS, key=lambda s: counts[s])
    return best if counts[best] else ","


def _footer_at_end(path: Path, separator: str) -> bool:
    """True when the file's last lines hold a blank row followed by text: a large report's
    totals and footer (the loader stops at the blank row with stop_at_blank_row)."""
    with path.open("rb") as handle:
        handle.seek(max(path.stat().st_size - TAIL_BYTES, 0))
        tail = handle.read().decode("utf-8", errors="replace").splitlines()[1:]
    blank = [i for i, line in enumerate(tail) if not line.strip(f' "{separator}')]
    return bool(blank) and any(line.strip() for line in tail[blank[0] :])


def _before_footer(frame: pl.DataFrame) -> tuple[pl.DataFrame, int | None]:
    """The rows before the first blank row when text follows it (a report's totals and
    footer), and that blank row's spreadsheet row number."""
    if frame.width == 0:
        return frame, None
    blank = frame.select(
        pl.all_horizontal(pl.all().str.strip_chars().fill_null("") == "").alias("b")
    )["b"]
    first = blank.arg_true()
    if first.len() == 0 or bool(blank.slice(int(first[0])).all()):
        return frame, None
    index = int(first[0])
    return frame.head(index), index + 2  # the header is row 1


def _trimmed(frame: pl.DataFrame) -> pl.DataFrame:
    """Headers trimmed as the loader trims them (unless two would then clash)."""
    names = [c.strip() for c in frame.columns]
    if len(set(names)) < len(names):
        return frame
    return frame.rename(dict(zip(frame.columns, names, strict=True)))
