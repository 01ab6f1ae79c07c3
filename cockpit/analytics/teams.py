"""One team's review: its reps, and the deals, leads, activities and accounts they own."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl


def teams(reps: pl.LazyFrame) -> list[str]:
    """The teams named in `reps.team`, sorted (none when the column is absent or empty)."""
    if "team" not in reps.collect_schema().names():
        return []
    found = reps.select(pl.col("team").drop_nulls().unique()).collect()["team"]
    return sorted(str(t) for t in found if str(t).strip())


def team_tables(tables: Mapping[str, pl.LazyFrame], team: str) -> dict[str, pl.LazyFrame]:
    """The tables cut to `team`: its reps, and every row owned by one of them (a segment's
    churn then counts the accounts the team sold, its bookings the team's deals)."""
    reps = tables["reps"].filter(pl.col("team") == team)
    members = reps.select("rep_id")
    cut = {"reps": reps}
    for name, frame in tables.items():
        if name != "reps":
            owned = "rep_id" in frame.collect_schema().names()
            cut[name] = frame.join(members, on="rep_id", how="semi") if owned else frame
    return cut
