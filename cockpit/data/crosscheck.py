"""Rules across tables: dangling references, deal segments from accounts, mapping lookups."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from cockpit.data import problems as prob
from cockpit.data.mapping import Lookup, Mapping
from cockpit.data.read import FILE
from cockpit.data.schema import TABLES


def cross_check(
    tables: dict[str, pl.DataFrame],
    mapping: Mapping | None,
    folder: Path,
    found: list[pl.DataFrame],
) -> dict[str, pl.DataFrame]:
    """Report references that point nowhere (kept, not fatal) and fill derived values."""
    for table in TABLES.values():
        frame = tables.get(table.name)
        if frame is None:
            continue
        for column in table.columns:
            target = tables.get(column.references or "")
            if target is not None and column.references:
                key = TABLES[column.references].key
                assert key is not None
                _dangling(frame, table.name, column.name, target[key], column.references, found)
    if "deals" in tables:
        tables["deals"] = _deal_segments(tables["deals"], tables.get("accounts"), found)
        tables["deals"] = _clear_open_close_dates(tables["deals"], found)
    if mapping is not None:
        for name, table_mapping in mapping.tables.items():
            if name in tables:
                for lookup in table_mapping.lookups:
                    found.extend(_lookup(tables[name], name, lookup, folder))
    return tables


def _dangling(
    frame: pl.DataFrame,
    table: str,
    column: str,
    keys: pl.Series,
    target: str,
    found: list[pl.DataFrame],
) -> None:
    value = pl.col(column)
    hits = frame.filter(value.is_not_null() & ~value.is_in(keys.implode()))
    if hits.height:
        reason = f"points to no row of {target}: kept, but it joins to nothing there"
        found.append(prob.row_problems(hits, table, column, value, reason, "warning", prob.KEPT))


def _deal_segments(
    deals: pl.DataFrame, accounts: pl.DataFrame | None, found: list[pl.DataFrame]
) -> pl.DataFrame:
    """A deal without a segment takes its account's; deals left without one are reported."""
    if accounts is not None:
        segments = accounts.select(
            pl.col("account_id"), pl.col("segment").alias("_account_segment")
        )
        deals = (
            deals.join(segments, on="account_id", how="left", maintain_order="left")
            .with_columns(pl.col("segment").fill_null(pl.col("_account_segment")))
            .drop("_account_segment")
        )
    if deals.select(
        pl.col("segment").is_null().all() & pl.col("account_id").is_null().all()
    ).item():
        reason = "no segment or account_id values: bookings by segment are not available"
        found.append(prob.table_problem("deals", _first_file(deals), reason, "info", "segment"))
        return deals
    missing = deals.filter(pl.col("segment").is_null() & pl.col("account_id").is_null())
    if missing.height:
        reason = "no account and no segment: the deal counts in no segment's bookings"
        found.append(
            prob.row_problems(
                missing, "deals", "account_id", pl.lit(None), reason, "warning", prob.KEPT
            )
        )
    return deals


def _clear_open_close_dates(deals: pl.DataFrame, found: list[pl.DataFrame]) -> pl.DataFrame:
    """Open deals have no close date yet; a CRM's *expected* close date is not an outcome."""
    expected = (pl.col("stage") == "open") & pl.col("close_date").is_not_null()
    count = deals.select(expected.sum()).item()
    if count:
        reason = (
            f"{count} open deals carry a close date (an expected date): ignored until they close"
        )
        found.append(prob.table_problem("deals", _first_file(deals), reason, "info", "close_date"))
    return deals.with_columns(
        pl.when(expected).then(None).otherwise(pl.col("close_date")).alias("close_date")
    )


def _first_file(frame: pl.DataFrame) -> str | None:
    return str(frame[FILE][0]) if frame.height else None


def _lookup(frame: pl.DataFrame, table: str, lookup: Lookup, folder: Path) -> list[pl.DataFrame]:
    """Values of a column that the export's own reference file does not know."""
    path = folder / lookup.file
    try:
        valid = pl.read_csv(path, infer_schema=False)[lookup.key].str.strip_chars()
    except (OSError, pl.exceptions.PolarsError) as exc:
        reason = f"lookup file {lookup.file} (column {lookup.key}) cannot be read: {exc}"
        return [prob.table_problem(table, lookup.file, reason, "warning", lookup.column)]
    if lookup.column not in frame.columns:
        reason = f"lookup column {lookup.column} is not in the data"
        return [prob.table_problem(table, None, reason, "warning", lookup.column)]
    value = pl.col(lookup.column).cast(pl.String).str.strip_chars()
    hits = frame.filter(value.is_not_null() & ~value.is_in(valid.implode()))
    why = pl.format(f"{{}} is not in {lookup.file} (column {lookup.key})", value)
    return [prob.row_problems(hits, table, lookup.column, value, why, "warning", prob.KEPT)]
