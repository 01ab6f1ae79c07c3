"""The stored first screen drawn as plain text: no Polars needed, nothing read as markup."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.text import Text

from cockpit.text import safe_text

NOTE = "Loading… (the table as last computed for this same data and settings)"


def preview_text(stored: dict[str, Any]) -> Text:
    """The stored header and rows as aligned text (the file is data: every cell made safe)."""
    labels = [safe_text(str(label), 40) for label in stored["labels"]]
    rows = [[safe_text(str(cell), 60) for cell in row] for row in stored["rows"]]
    right = [bool(flag) for flag in stored["right"]]
    if not all(len(row) == len(labels) == len(right) for row in rows):
        return Text(NOTE)
    widths = [max(cell_len(c) for c in column) for column in zip(labels, *rows, strict=True)]
    text = Text(NOTE + "\n", style="dim")
    text.append(_line(labels, widths, right) + "\n", style="bold")
    for row in rows:
        text.append(_line(row, widths, right) + "\n")
    return text


def _line(cells: list[str], widths: list[int], right: list[bool]) -> str:
    padded = (
        " " * (w - cell_len(c)) + c if r else c + " " * (w - cell_len(c))
        for c, w, r in zip(cells, widths, right, strict=True)
    )
    return "  " + "  ".join(padded)
