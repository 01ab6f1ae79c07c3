"""A time zone's offsets from UTC as SQL, for SQLite: it has no time zone database of its own.

PostgreSQL converts with `AT TIME ZONE`; SQLite only knows UTC, so the date of an instant in
another zone is found by shifting the UTC time by the zone's offset at that instant, looked up
in the list of the zone's changes (daylight saving time and its rule changes) from 1900 to 2100.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

FIRST, LAST = datetime(1900, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC)
"""The changes looked up; an instant outside takes the offset at the nearer end."""
STEP = timedelta(days=1)
"""Offsets are compared a day apart (no zone changes twice within a day), then bisected."""
SQLITE_TIME = "%Y-%m-%d %H:%M:%S"
"""How SQLite's DATETIME() writes a UTC time: text that sorts in time order."""

Bind = Callable[[object], str]


@cache
def offset_changes(zone: str) -> tuple[tuple[str, int], ...]:
    """(UTC time from which it holds, offset in seconds) for `zone`, oldest first.

    The first entry holds from the beginning (its time is empty: nothing sorts before it).
    """
    tz = ZoneInfo(zone)
    changes = [("", _offset(FIRST, tz))]
    before = FIRST
    while before < LAST:
        after = before + STEP
        if _offset(after, tz) != _offset(before, tz):
            start = _first_instant(before, after, tz)
            changes.append((start.strftime(SQLITE_TIME), _offset(start, tz)))
        before = after
    return tuple(changes)


def _offset(instant: datetime, tz: ZoneInfo) -> int:
    delta = instant.astimezone(tz).utcoffset()
    return int(delta.total_seconds()) if delta is not None else 0


def _first_instant(before: datetime, after: datetime, tz: ZoneInfo) -> datetime:
    """The first whole second of (before, after] with `after`'s offset."""
    low, high = 0, int((after - before).total_seconds())
    wanted = _offset(after, tz)
    while high - low > 1:
        middle = (low + high) // 2
        if _offset(before + timedelta(seconds=middle), tz) == wanted:
            high = middle
        else:
            low = middle
    return before + timedelta(seconds=high)


def sqlite_local_date(utc: str, zone: str, bind: Bind) -> str:
    """SQL for the date in `zone` of `utc`, an SQLite expression of a UTC time as DATETIME()
    writes it (NULL stays NULL)."""
    return f"DATE({utc}, {_shift(utc, offset_changes(zone), bind)})"


def _shift(utc: str, changes: tuple[tuple[str, int], ...], bind: Bind) -> str:
    """The DATE() modifier of the offset holding at `utc`: a binary search over `changes`,
    so a row takes about ten comparisons, not hundreds."""
    if len(changes) == 1:
        return bind(f"{changes[0][1]:+d} seconds")
    middle = len(changes) // 2
    earlier, later = changes[:middle], changes[middle:]
    return (
        f"CASE WHEN {utc} < {bind(later[0][0])} THEN {_shift(utc, earlier, bind)} "
        f"ELSE {_shift(utc, later, bind)} END"
    )
