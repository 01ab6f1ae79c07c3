"""What loading leaves behind: a summary per table, and checked tables kept as Parquet files."""

from __future__ import annotations

import shutil
import weakref
from collections import abc
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl


@dataclass
class TableSummary:
    """What happened to one table: its files, rows read, loaded and set aside."""

    name: str
    files: list[str] = field(default_factory=list)
    rows_read: int = 0
    rows_loaded: int = 0
    status: str = "missing"
    """`loaded`, `missing` (no file) or `unusable` (a file could not be used)."""

    @property
    def rows_set_aside(self) -> int:
        """Rows read but not loaded (bad values, duplicates, blank or footer rows)."""
        return self.rows_read - self.rows_loaded


class StoredTables(abc.Mapping[str, pl.DataFrame]):
    """Validated tables kept as Parquet files: scanned lazily, read whole only when asked for.

    With `owned`, that folder is this process's own and is removed once the tables are
    no longer used (or at exit). `frames` are tables held in memory beside the files (a first
    open past its memory budget keeps the tables that fit); `order` lists every name.
    `unsorted` names files in the order their rows were checked, not sorted by rep (see
    `moved`).
    """

    def __init__(
        self,
        paths: dict[str, Path],
        owned: Path | None = None,
        frames: dict[str, pl.DataFrame] | None = None,
        order: list[str] | None = None,
        unsorted: frozenset[str] = frozenset(),
    ) -> None:
        self.paths = paths
        self.unsorted = unsorted
        self._frames: dict[str, pl.DataFrame] = dict(frames or {})
        self._names = order or [*paths, *(n for n in self._frames if n not in paths)]
        if owned is not None:
            weakref.finalize(self, shutil.rmtree, owned, ignore_errors=True)

    def __getitem__(self, name: str) -> pl.DataFrame:
        if name not in self._frames:
            self._frames[name] = pl.read_parquet(self.paths[name])
        return self._frames[name]

    def __contains__(self, name: object) -> bool:
        # Mapping's default would read the table to answer.
        return name in self.paths or name in self._frames

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def scan(self, name: str) -> pl.LazyFrame:
        """The table as a lazy scan (or the frame already read), for pushdown into the file."""
        frame = self._frames.get(name)
        return frame.lazy() if frame is not None else pl.scan_parquet(self.paths[name], glob=False)

    def is_read(self, name: str) -> bool:
        """True once the table has been read into memory."""
        return name in self._frames

    def moved(self, name: str, path: Path) -> None:
        """Table `name` is now read from `path`, the same rows sorted by rep (a validated copy
        just written), so a drill-down reads only that rep's row groups."""
        self.paths[name] = path
        self.unsorted = self.unsorted - {name}
