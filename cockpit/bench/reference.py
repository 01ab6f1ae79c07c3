"""The panes' heavy aggregates written plainly in DuckDB and in pandas, to check and time cockpit.

Both read the canonical files of a demo folder and return two Polars frames: one row per rep
(deal outcomes, activity, leads) and one row per segment (accounts, churn, ARR, seats, bookings).
They follow PRODUCT.md's definitions the way an analyst would write them, without validation.
DuckDB and pandas are benchmark and test dependencies only, never needed to run cockpit.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from cockpit.bench.reference_sql import DUCKDB_REPS, DUCKDB_SEGMENTS
from cockpit.period import Period

REP_KEYS = (
    "won_amount",
    "won_deals",
    "lost_deals",
    "activities",
    "company_leads",
    "company_converted",
    "self_leads",
    "self_converted",
)
SEGMENT_KEYS = (
    "accounts",
    "churned",
    "arr_start",
    "arr_now",
    "churned_arr",
    "seats",
    "active_seats",
    "bookings",
    "won_deals",
    "closed_deals",
)


def table_path(folder: Path, name: str) -> Path:
    """The file holding canonical table `name` (Parquet preferred)."""
    for suffix in (".parquet", ".csv"):
        if (folder / f"{name}{suffix}").is_file():
            return folder / f"{name}{suffix}"
    raise FileNotFoundError(f"{folder}: no {name}.parquet or {name}.csv")


def duckdb_aggregates(folder: Path, period: Period) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Per rep and per segment aggregates, computed by DuckDB straight from the files."""
    import duckdb

    reader = {
        n: _duckdb_reader(table_path(folder, n))
        for n in ("reps", "deals", "activities", "leads", "accounts")
    }
    params = _params(period)
    rep_params = {k: v for k, v in params.items() if k != "as_of"}
    with duckdb.connect() as con:
        reps = con.sql(DUCKDB_REPS.format(**reader), params=rep_params).pl()
        segments_params = {k: v for k, v in params.items() if k != "elapsed_end"}
        segments = con.sql(DUCKDB_SEGMENTS.format(**reader), params=segments_params).pl()
    return reps, segments


def _duckdb_reader(path: Path) -> str:
    function = "read_parquet" if path.suffix == ".parquet" else "read_csv_auto"
    return f"{function}('{path.as_posix()}')"


def _params(period: Period) -> dict[str, Any]:
    return {
        "start": period.start,
        "end": period.end,
        "as_of": period.as_of,
        "elapsed_end": period.elapsed_end,
    }


def pandas_aggregates(folder: Path, period: Period) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Per rep and per segment aggregates, computed by pandas straight from the files."""
    import pandas as pd

    start, end = pd.Timestamp(period.start), pd.Timestamp(period.end)
    reps = _pandas_read(folder, "reps", ["rep_id"], [])
    deals = _pandas_read(
        folder, "deals", ["rep_id", "segment", "stage", "amount", "close_date"], ["close_date"]
    )
    closed = deals[deals["close_date"].between(start, end)]
    won = closed["stage"] == "won"
    # Indexed by every rep, so a rep with activity but no closed deal keeps their counts.
    by_rep = pd.DataFrame(index=pd.Index(reps["rep_id"].unique(), name="rep_id"))
    by_rep["won_amount"] = closed["amount"].where(won, 0.0).groupby(closed["rep_id"]).sum()
    by_rep["won_deals"] = won.groupby(closed["rep_id"]).sum()
    by_rep["lost_deals"] = (closed["stage"] == "lost").groupby(closed["rep_id"]).sum()
    acts = _pandas_read(
        folder, "activities", ["rep_id", "date", "calls", "emails", "meetings"], ["date"]
    )
    acts = acts[acts["date"].between(start, pd.Timestamp(period.elapsed_end))]
    total = acts[["calls", "emails", "meetings"]].fillna(0).sum(axis=1)
    by_rep["activities"] = total.groupby(acts["rep_id"]).sum()
    leads = _pandas_read(
        folder, "leads", ["rep_id", "assigned_date", "origin", "converted"], ["assigned_date"]
    )
    leads = leads[leads["assigned_date"].between(start, end)]
    company, converted = leads["origin"] == "company", leads["converted"].astype(bool)
    for name, mask in (
        ("company_leads", company),
        ("company_converted", company & converted),
        ("self_leads", ~company),
        ("self_converted", ~company & converted),
    ):
        by_rep[name] = mask.groupby(leads["rep_id"]).sum()
    per_rep = reps.merge(by_rep, left_on="rep_id", right_index=True, how="left").fillna(0)
    return pl.from_pandas(per_rep), pl.from_pandas(_pandas_segments(folder, deals, period))


def _pandas_segments(folder: Path, deals: Any, period: Period) -> Any:
    """Per segment: account metrics joined with bookings of deals closed in the period."""
    import pandas as pd

    start, end = pd.Timestamp(period.start), pd.Timestamp(period.end)
    acc = _pandas_read(
        folder,
        "accounts",
        ["segment", "start_date", "churn_date", "arr_start", "arr_now", "seats", "active_seats"],
        ["start_date", "churn_date"],
    )
    churn = acc["churn_date"]
    at_start = ~(acc["start_date"] >= start) & ~(churn < start)
    churned = at_start & churn.between(start, end)
    live = ~(churn <= pd.Timestamp(period.as_of))
    acc = acc.assign(
        accounts=at_start,
        churned=churned,
        arr_start=acc["arr_start"].where(at_start, 0.0),
        arr_now=acc["arr_now"].where(at_start, 0.0),
        kept=acc[["arr_now", "arr_start"]].min(axis=1).where(at_start, 0.0),
        churned_arr=acc["arr_start"].where(churned, 0.0),
        seats=acc["seats"].where(live, 0),
        active_seats=acc["active_seats"].where(live, 0),
    )
    columns = [
        "accounts",
        "churned",
        "arr_start",
        "arr_now",
        "kept",
        "churned_arr",
        "seats",
        "active_seats",
    ]
    metrics = acc.groupby("segment")[columns].sum()
    closed = deals[deals["close_date"].between(start, end) & deals["segment"].notna()]
    won = closed["stage"] == "won"
    bookings = pd.DataFrame(
        {
            "bookings": closed["amount"].where(won, 0.0).groupby(closed["segment"]).sum(),
            "won_deals": won.groupby(closed["segment"]).sum(),
            "closed_deals": closed["stage"].isin(["won", "lost"]).groupby(closed["segment"]).sum(),
        }
    )
    return metrics.join(bookings, how="outer").reset_index(names="segment")


def _pandas_read(folder: Path, name: str, columns: list[str], dates: list[str]) -> Any:
    import pandas as pd

    path = table_path(folder, name)
    if path.suffix == ".parquet":
        frame = pd.read_parquet(path, columns=columns)
    else:
        frame = pd.read_csv(path, usecols=columns)
    for column in dates:
        frame[column] = pd.to_datetime(frame[column])
    return frame
