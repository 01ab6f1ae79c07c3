"""Money cells as CRM screens write them (`$1,234.00 `, `1.234,50 €`, `USD 1,234.50`,
`(1,234.00)`), read into plain numbers with the currency mark they carried, in Polars expressions.

Only the shapes below are read; anything else is reported, never guessed.
"""

from __future__ import annotations

from typing import Literal

import polars as pl

DecimalMark = Literal[".", ","]

NOT_MONEY = "not money"
"""What a cell in no known shape becomes: text the number parser reports as unreadable."""

# An ISO 4217 code (USD) or a currency sign with an optional country prefix ($, €, US$, R$).
_MARK = r"(?:[A-Z]{3}|[A-Z]{0,3}\p{Sc})"
# Digits, grouped by threes with the separators a locale uses beside its decimal mark.
_NUMBER = {
    ".": r"^\d{1,3}(?:[,'\s]\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$",
    ",": r"^\d{1,3}(?:[.'\s]\d{3})+(?:,\d+)?$|^\d+(?:,\d+)?$",
}
_SEPARATORS = {".": r"[,'\s]", ",": r"[.'\s]"}
_EXAMPLES = {
    ".": "1,234.50, $1,234.50, 1,234.50 USD or (1,234.50)",
    ",": "1.234,50, € 1.234,50, 1 234,50 EUR or (1.234,50)",
}


def money_mark(text: pl.Expr) -> pl.Expr:
    """The currency code or sign a money cell carries before or after its number (`$`, `EUR`),
    upper-cased; null when it carries none."""
    bare = _without_parentheses(text.str.strip_chars())
    before = bare.str.extract(rf"^-?\s*({_MARK})", 1)
    after = bare.str.extract(rf"({_MARK})$", 1)
    return pl.coalesce(before, after).str.replace_all(r"\s", "").str.to_uppercase()


def money_number(text: pl.Expr, decimal: DecimalMark) -> pl.Expr:
    """A money cell as a number in point notation (`-1234.5`), its currency mark and thousands
    separators dropped; `(…)` is a negative amount and a lone `-` after a currency mark is
    zero (Excel's accounting format). A cell in another shape becomes `NOT_MONEY`."""
    stripped = text.str.strip_chars()
    bare = _without_parentheses(stripped)
    in_parentheses = bare != stripped
    marked_before = bare.str.contains(rf"^-?\s*{_MARK}")
    marked_after = bare.str.contains(rf"\d\s*{_MARK}$")
    rest = bare.str.replace(rf"^(-?)\s*{_MARK}", "$1").str.replace(rf"{_MARK}$", "")
    rest = rest.str.strip_chars()
    negative = rest.str.starts_with("-")
    digits = rest.str.strip_prefix("-").str.strip_chars()
    plain = digits.str.replace_all(_SEPARATORS[decimal], "").str.replace(",", ".", literal=True)
    signed = pl.when(negative | in_parentheses).then(pl.concat_str(pl.lit("-"), plain))
    shaped = (
        digits.str.contains(_NUMBER[decimal])
        & ~(negative & in_parentheses)
        & ~(marked_before & marked_after)
    )
    accounting_zero = (rest == "-") & (marked_before | marked_after) & ~in_parentheses
    return (
        pl.when(stripped.is_null() | (stripped == ""))
        .then(text)
        .when(accounting_zero)
        .then(pl.lit("0"))
        .when(shaped)
        .then(signed.otherwise(plain))
        .otherwise(pl.lit(NOT_MONEY))
    )


def money_expected(decimal: DecimalMark) -> str:
    """What a money cell may look like, for the message about one that does not."""
    return (
        f"not an amount (expected e.g. {_EXAMPLES[decimal]}; the mapping's decimal is '{decimal}')"
    )


def _without_parentheses(text: pl.Expr) -> pl.Expr:
    """`(1,234.00)` as `1,234.00`: how accounting formats write a negative amount."""
    return text.str.replace(r"^\((.*)\)$", "$1").str.strip_chars()
