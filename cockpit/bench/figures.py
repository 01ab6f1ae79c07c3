"""The benchmark's result table: one figure a line, times and peak memory aligned."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Figure:
    """One line of the result table."""

    label: str
    seconds: float | None
    peak_rss_mb: float | None = None
    compared: str = ""
    note: str = ""


def render(figures: list[Figure]) -> str:
    """The figures as one aligned text table."""
    width = max([6, *(len(f.label) for f in figures)])
    lines = [f"{'figure':<{width}} {'time':>10} {'peak RSS':>10}  compared"]
    for f in figures:
        time_text = "—" if f.seconds is None else _seconds(f.seconds)
        rss = "" if f.peak_rss_mb is None else f"{f.peak_rss_mb:,.0f} MB"
        extra = "; ".join(x for x in (f.compared, f.note) if x)
        lines.append(f"{f.label:<{width}} {time_text:>10} {rss:>10}  {extra}")
    return "\n".join(lines) + "\n"


def _seconds(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 0.1 else f"{seconds:.2f} s"
