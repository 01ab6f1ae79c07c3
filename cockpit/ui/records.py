"""A rep's deals, leads and accounts for the rep screen, gathered off the UI thread: ahead of
the drill-down while the cursor rests on the rep, or on enter."""

from __future__ import annotations

import threading
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import polars as pl

from cockpit.data.dataset import Dataset
from cockpit.period import Period
from cockpit.ui.tableview import display_cell
from cockpit.ui.widgets.frame_layout import Column, measure_columns

# Records show amounts as the data holds them, with their currency when it has one (the panes
# convert them; a drill-down shows what the CRM says).
DEAL_COLUMNS = ("deal_id", "stage", "amount", "currency", "close_date", "segment", "account_id")
LEAD_COLUMNS = ("lead_id", "assigned_date", "origin", "converted", "segment", "deal_id")
ACCOUNT_COLUMNS = ("account_id", "name", "segment", "arr_start", "arr_now", "currency",
                   "churn_date", "seats", "active_seats")  # fmt: skip
RECORD_TABLES = {"rep-deals": "deals", "rep-leads": "leads", "rep-accounts": "accounts"}
"""The rep screen's table ids and the table each shows."""
RECORD_COLUMNS = {"rep-deals": DEAL_COLUMNS, "rep-leads": LEAD_COLUMNS,
                  "rep-accounts": ACCOUNT_COLUMNS}  # fmt: skip
REOPEN = "Quit and open the data again: cockpit reads it afresh."
"""What to do when a rep's stored rows cannot be read (e.g. the copy was removed meanwhile)."""
KEEP = 8
"""Reps whose records stay gathered: the cursor going back and forth costs nothing."""

_GATHER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cockpit-records")
"""One thread gathers records: Polars runs the scans on its own threads."""


@dataclass(frozen=True)
class Shown:
    """One record table's rows as shown, its columns already measured (off the UI thread)."""

    frame: pl.DataFrame
    columns: list[Column]
    key: str


Records = dict[str, Shown | str]
"""Table id → its rows to show, or why the rep's records could not be read."""


def gather_records(dataset: Dataset, period: Period, rep_id: str) -> Records:
    """The rep's records as the rep screen shows them, or why they cannot be read."""
    try:
        # A rep's rows come from an index, or from a copy sorted by rep: no full scan.
        rows = dataset.rows_of_each(list(RECORD_TABLES.values()), "rep_id", rep_id)
        return {
            table_id: measured(shown_records(table, rows[table], period), RECORD_COLUMNS[table_id])
            for table_id, table in RECORD_TABLES.items()
            if table in rows
        }
    except (OSError, pl.exceptions.PolarsError) as exc:
        return {"rep-deals": f"the rep's records could not be read: {exc}. {REOPEN}"}
    except Exception as exc:  # a bug, on a thread: said on the rep screen, not a crash
        return {"rep-deals": f"the rep's records could not be read ({type(exc).__name__}: {exc})"}


def shown_records(table: str, rows: pl.DataFrame, period: Period) -> pl.DataFrame:
    """Deals closed in the period (and open ones), leads assigned in it, every account."""
    if table == "deals":
        closed = pl.col("close_date").is_between(period.start, period.end)
        return rows.filter(closed | (pl.col("stage") == "open")).sort("close_date")
    if table == "leads":
        assigned = pl.col("assigned_date").is_between(period.start, period.end)
        return rows.filter(assigned).sort("assigned_date")
    return rows


def measured(frame: pl.DataFrame, columns: tuple[str, ...]) -> Shown:
    """`frame` with its `columns` (those present) measured, keyed by the first of them."""
    present = [c for c in columns if c in frame.columns]
    return Shown(frame, measure_columns(frame, [(c, c) for c in present], display_cell), present[0])


class RecordsAhead:
    """The records of the last reps asked for, each gathered once, on one thread."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self._futures: OrderedDict[tuple[Period, str], Future[Records]] = OrderedDict()
        self._lock = threading.Lock()

    def records_of(self, period: Period, rep_id: str) -> Future[Records]:
        """The rep's records for `period`: gathered already, under way, or started now."""
        key = (period, rep_id)
        with self._lock:
            future = self._futures.get(key)
            if future is None or (future.done() and _failed(future.result())):
                future = _GATHER.submit(gather_records, self.dataset, period, rep_id)
            self._futures[key] = future
            self._futures.move_to_end(key)
            while len(self._futures) > KEEP:
                _, dropped = self._futures.popitem(last=False)
                dropped.cancel()  # a rep only passed over is not gathered after all
        return future


def _failed(records: Records) -> bool:
    """Whether the records say they could not be read (asked again, the read is retried)."""
    return any(isinstance(shown, str) for shown in records.values())
