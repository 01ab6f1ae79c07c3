"""Printed formulas add up: a reader redoing the arithmetic with the printed operands gets the
printed result, at the precision it is printed with (leads and churn formulas)."""

from __future__ import annotations

import ast
import operator
import re
from datetime import date
from fractions import Fraction

import polars as pl
import pytest

from cockpit.analytics.churn import segment_table
from cockpit.analytics.explain import churn_math, leads_math
from cockpit.analytics.leads import allocation_table
from cockpit.config import ChurnSettings, LeadSettings
from cockpit.period import Period
from tests.unit.test_analytics_churn_growth import accounts, deals
from tests.unit.test_analytics_leads import deal_frame, lead_frame, rep_frame

PERIOD = Period(date(2026, 1, 1), date(2026, 12, 31), date(2026, 9, 30))
OPERATORS = {ast.Add: operator.add, ast.Mult: operator.mul, ast.Div: operator.truediv}


def _value(node: ast.expr) -> Fraction:
    if isinstance(node, ast.BinOp) and type(node.op) in OPERATORS:
        return OPERATORS[type(node.op)](_value(node.left), _value(node.right))  # type: ignore[no-any-return]
    if isinstance(node, ast.Constant):
        return Fraction(str(node.value))
    raise ValueError(f"not arithmetic: {ast.dump(node)}")


def arithmetic(printed: str) -> str:
    """The operands and operators of a printed left-hand side, the words dropped: `Σ min(ARR now,
    ARR start) 190 / ARR start 400` → `190 / 400`; `(3 + 20 × team 7/57)` → `(3 + 20 * 7/57)`."""
    text = re.sub(r"\([^()\d]*\)", " ", printed)  # a parenthesis of words: (the leads name …)
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text).replace("×", "*")
    return re.sub(r"[^\d.+*/() ]", " ", text).strip()  # no formula subtracts: self-sourced


def check(formula: str) -> None:
    """The printed left side, evaluated exactly, is within half a unit of the printed result's
    last digit."""
    left, _, right = formula.rpartition(" = ")
    match = re.fullmatch(r"([\d,]+(?:\.(\d+))?)(%?)", right)
    assert match, f"no printed result in {formula!r}"
    digits = len(match[2] or "")
    scale = Fraction(1, 100) if match[3] else Fraction(1)
    result = Fraction(match[1].replace(",", "")) * scale
    got = _value(ast.parse(arithmetic(left), mode="eval").body)
    half_unit = Fraction(1, 2) / 10**digits * scale
    assert abs(got - result) <= half_unit, f"{formula!r}: the operands give {float(got)}"


def equations(math: dict[str, str]) -> list[str]:
    """The formulas that print a result (`= n/a` and the what-if's description are not: its
    sentences are checked word for word in test_whatif.py)."""
    return [
        f for k, f in math.items() if " = " in f and not f.endswith("n/a") and k != "whatif_leads"
    ]


def test_the_checker_catches_a_rounded_operand() -> None:
    # The team rate 124/993 rounded to 0.12 (as "12%" used to print): 3.4 / 21 is 16%, not 17%.
    with pytest.raises(AssertionError):
        check("(1 + 20 × team 0.12) / (1 + 20) = 17%")
    check("(1 + 20 × team 124/993) / (1 + 20) = 17%")
    check("Σ min(ARR now, ARR start) 812,000 / ARR start 1,000,000 = 81%")


def test_shrunk_conversion_prints_the_team_rate_as_its_counts() -> None:
    # Team 124 / 993 = 12.49%: as a whole 12% the sum would give 16%, not the 17% printed.
    spec = {"R0": (1, 1), "R1": (992, 123)}
    t = allocation_table(rep_frame([False, False]), lead_frame(spec).lazy(),
                         deal_frame().lazy(), PERIOD, LeadSettings())  # fmt: skip
    math = leads_math(t.row(0, named=True))
    assert math["shrunk_conversion"] == "(1 + 20 × team 124/993) / (1 + 20) = 17%"
    for formula in equations(math):
        check(formula)


@pytest.mark.parametrize("prior", [20.0, 12.5, 7.125])
def test_every_leads_formula_adds_up(prior: float) -> None:
    spec = {"R0": (20, 8), "R1": (21, 2), "R2": (7, 1), "R3": (0, 0)}
    leads = lead_frame(spec, {"R0": (3, 1)}).lazy()
    t = allocation_table(rep_frame([False, False, True, False]), leads, deal_frame().lazy(),
                         PERIOD, LeadSettings(prior_strength=prior))  # fmt: skip
    checked = 0
    for row in t.iter_rows(named=True):
        for formula in equations(leads_math(row)):
            check(formula)
            checked += 1
    # 4 formulas for R0–R2, self conversion for R0; R3 (no leads): lead share and shrunk only.
    assert checked == 4 * 3 + 1 + 2


def test_revenue_per_lead_says_its_numerator() -> None:
    spec = {"R0": (20, 8), "R1": (20, 2), "R3": (0, 0)}
    t = allocation_table(rep_frame([False, False, False, False]), lead_frame(spec).lazy(),
                         deal_frame().lazy(), PERIOD, LeadSettings())  # fmt: skip
    said = [leads_math(row)["revenue_per_lead"] for row in t.iter_rows(named=True)]
    assert said[:2] == [
        "all won (the leads name no deals) 400 / 20 company leads = 20",
        "all won (the leads name no deals) 50 / 20 company leads = 2",  # 2.5 printed whole
    ]
    assert said[3].endswith(" 0; no company leads, so no revenue per lead")


def test_grr_prints_its_numerator() -> None:
    t = segment_table(accounts().lazy(), deals().lazy(), PERIOD, ChurnSettings())
    retail = churn_math(t.filter(pl.col("segment") == "Retail").row(0, named=True))
    # At start a1..a4: min(ARR now, ARR start) = 0 + 0 + 100 + 90 = 190 of 400.
    assert retail["grr"] == "Σ min(ARR now, ARR start) 190 / ARR start 400 = 48%"
    assert retail["nrr"] == "ARR now 210 / ARR start 400 = 52%"


def test_every_churn_formula_adds_up_with_cents_and_odd_multiples() -> None:
    cents = accounts().with_columns(
        (pl.col("arr_start") + 0.25).alias("arr_start"),
        (pl.col("arr_now") * 1.005).alias("arr_now"),
    )
    settings = ChurnSettings(replacement_cost_multiple=2.875)
    t = segment_table(cents.lazy(), deals().lazy(), PERIOD, settings)
    checked = 0
    for row in t.iter_rows(named=True):
        for formula in equations(churn_math(row)):
            check(formula)
            checked += 1
    assert checked == 12
    retail = churn_math(t.filter(pl.col("segment") == "Retail").row(0, named=True))
    # Churned a1, a2 at 100.25 each: 200.5 × 2.875 = 576.4375, printed whole.
    assert retail["replacement_cost"] == "churned ARR 200.5 × 2.875 = 576"
