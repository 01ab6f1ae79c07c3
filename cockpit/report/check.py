"""The `cockpit check` report: per-table summary and every problem, as text, CSV or JSON."""

from __future__ import annotations

import io

import polars as pl

from cockpit.data.dataset import Dataset
from cockpit.text import safe_json, safe_text

GROUP_KEYS = ["severity", "table", "file", "column", "reason", "action"]
VALUE_WIDTH = 60
LABELS = {"error": "ERROR", "warning": "WARNING", "info": "NOTE"}


def render_check(dataset: Dataset, fmt: str = "text", rows_per_problem: int | None = 20) -> str:
    """The check report in `fmt` (text, csv or json); text lists up to `rows_per_problem` rows."""
    if fmt == "csv":
        buffer = io.StringIO()
        _safe_problems(dataset).write_csv(buffer)
        return buffer.getvalue()
    if fmt == "json":
        return safe_json(_as_json(dataset)) + "\n"
    return "\n".join(_text_lines(dataset, rows_per_problem)) + "\n"


def _safe_problems(dataset: Dataset) -> pl.DataFrame:
    """Problems with every data-borne string made safe for a terminal or spreadsheet."""
    return dataset.problems.with_columns(
        pl.col(c).map_elements(safe_text, return_dtype=pl.String)
        for c in ("file", "value", "reason")
    )


def _as_json(dataset: Dataset) -> dict[str, object]:
    return {
        "source": dataset.source,
        "mapping": dataset.mapping_name,
        "usable": dataset.usable,
        "tables": [
            {
                "table": s.name,
                "files": s.files,
                "status": s.status,
                "rows_read": s.rows_read,
                "rows_loaded": s.rows_loaded,
                "rows_set_aside": s.rows_set_aside,
            }
            for s in dataset.summaries.values()
        ],
        "problems": _safe_problems(dataset).to_dicts(),
    }


def _text_lines(dataset: Dataset, rows_per_problem: int | None) -> list[str]:
    mapping = f" (mapping {dataset.mapping_name})" if dataset.mapping_name else ""
    lines = [f"cockpit check: {safe_text(dataset.source)}{mapping}", ""]
    lines += _summary_table(dataset)
    lines += _set_aside_reasons(dataset)
    problems = dataset.problems
    counts = {s: problems.filter(pl.col("severity") == s).height for s in LABELS}
    lines += [
        "",
        f"{counts['error']:,} errors, {counts['warning']:,} warnings, {counts['info']:,} notes",
    ]
    lines += _problem_lines(problems, rows_per_problem)
    lines += ["", _verdict(dataset)]
    return lines


def _summary_table(dataset: Dataset) -> list[str]:
    header = ["table", "file", "rows read", "loaded", "set aside", "status"]
    rows = [header]
    for s in dataset.summaries.values():
        files = safe_text(", ".join(s.files) or "—", 40)
        counts = [f"{n:,}" for n in (s.rows_read, s.rows_loaded, s.rows_set_aside)]
        rows.append([s.name, files, *counts, s.status])
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    numeric = {2, 3, 4}
    return [
        "  ".join(
            _cell(c, w, i in numeric) for i, (c, w) in enumerate(zip(r, widths, strict=True))
        ).rstrip()
        for r in rows
    ]


def _cell(text: str, width: int, right: bool) -> str:
    return text.rjust(width) if right else text.ljust(width)


def _set_aside_reasons(dataset: Dataset) -> list[str]:
    """Per table with rows set aside: why, counted by column and reason."""
    aside = dataset.problems.filter(pl.col("action") == "row set aside")
    lines = []
    for name, summary in dataset.summaries.items():
        if not summary.rows_set_aside:
            continue
        mine = aside.filter(pl.col("table") == name)
        counts = mine.group_by("column", _short_reason(), maintain_order=True).agg(
            _identity().n_unique().alias("rows")
        )
        why = [
            f"{_column_prefix(r['column'])}{r['why']} ({r['rows']:,})" for r in counts.to_dicts()
        ]
        skipped = summary.rows_set_aside - mine.select(_identity().n_unique()).item()
        # Database rows carry no row number (nor blank rows): the rest are listed per rule.
        if skipped > 0 and mine["row"].is_not_null().all():
            why.append(f"skipped: blank, a footer or left out by the mapping's where ({skipped:,})")
        lines.append(f"  {name}: {summary.rows_set_aside:,} set aside — {'; '.join(why)}")
    return ["", "Why rows were set aside:", *lines] if lines else []


def _short_reason() -> pl.Expr:
    """A reason up to its colon, without the row it names: `exact duplicate of row 4: …` and
    `… of row 9: …` are both `exact duplicate`."""
    head = pl.col("reason").str.split(":").list.first()
    return head.str.replace(r" of row \d+.*$", "").alias("why")


def _column_prefix(column: str | None) -> str:
    """`deal_id: ` before a column's reason; nothing for a reason about the whole row."""
    return f"{column}: " if column else ""


def _identity() -> pl.Expr:
    """What tells bad rows apart: the row number in a file, the key and value in a database."""
    return (
        pl.when(pl.col("row").is_not_null())
        .then(pl.col("row").cast(pl.String))
        .otherwise(pl.col("value"))
    )


def _problem_lines(problems: pl.DataFrame, rows_per_problem: int | None) -> list[str]:
    """One heading per kind of problem, then its rows with their values."""
    if problems.is_empty():
        return []
    ranked = problems.with_columns(
        pl.col("severity").replace_strict({"error": 0, "warning": 1, "info": 2}).alias("_rank")
    )
    groups = (
        ranked.group_by(GROUP_KEYS, maintain_order=True)
        .agg(pl.col("row"), pl.col("value"), pl.col("_rank").first())
        .sort("_rank", "table", maintain_order=True)
    )
    lines: list[str] = []
    for group in groups.iter_rows(named=True):
        lines += ["", _heading(group)]
        lines += _row_lines(group["row"], group["value"], rows_per_problem)
    return lines


def _heading(group: dict[str, object]) -> str:
    place = safe_text(group["file"]) if group["file"] else str(group["table"])
    column = f", column {group['column']}" if group["column"] else ""
    rows = [r for r in group["row"] if r is not None]  # type: ignore[attr-defined]
    if not rows:  # database rows: named by key in their value
        rows = [v for v in group["value"] if v is not None]  # type: ignore[attr-defined]
    count = f" — {len(rows):,} {'row' if len(rows) == 1 else 'rows'}" if rows else ""
    quiet = group["action"] in ("kept", "table not loaded") or not rows
    action = "" if quiet else f" ({group['action']})"
    label = LABELS[str(group["severity"])]
    return f"{label} {place}{column}: {safe_text(group['reason'])}{count}{action}"


def _row_lines(rows: list[int | None], values: list[str | None], limit: int | None) -> list[str]:
    if all(r is None for r in rows):
        return _keyed_lines([v for v in values if v is not None], limit)
    pairs = [(r, v) for r, v in zip(rows, values, strict=True) if r is not None]
    shown = pairs if limit is None else pairs[:limit]
    hidden = len(pairs) - len(shown)
    more = f", … and {hidden:,} more (cockpit check --all lists every one)" if hidden else ""
    if len({v for _, v in pairs}) == 1 and len(pairs) > 1:
        numbers = ", ".join(str(r) for r, _ in shown)
        return [f"    rows {numbers}{more}; value {_value(pairs[0][1])}"]
    lines = [f"    row {r}: {_value(v)}" for r, v in shown]
    if hidden:
        lines.append(f"    … and {hidden:,} more rows (cockpit check --all lists every one)")
    return lines


def _keyed_lines(values: list[str], limit: int | None) -> list[str]:
    """Database rows: `deal_id=D3: -5`, one a line."""
    shown = values if limit is None else values[:limit]
    lines = [f"    {safe_text(v, VALUE_WIDTH + 40)}" for v in shown]
    if len(values) > len(shown):
        more = len(values) - len(shown)
        lines.append(f"    … and {more:,} more rows (cockpit check --all lists every one)")
    return lines


def _value(value: str | None) -> str:
    return "(empty)" if value is None else f"'{safe_text(value, VALUE_WIDTH)}'"


def _verdict(dataset: Dataset) -> str:
    if not dataset.usable:
        return (
            "Not usable: neither deals (for tiers, growth and leads) nor accounts (for churn) "
            "loaded with at least one row."
        )
    aside = sum(s.rows_set_aside for s in dataset.summaries.values())
    if dataset.error_count:
        rows = "row was" if aside == 1 else "rows were"
        return f"Usable, but {aside:,} {rows} set aside: fix the errors above to include them."
    return "Usable: no errors."
