"""See the math: each metric of a row as a one-line formula with its numerator and denominator."""

from __future__ import annotations

import math
from typing import Any

Row = dict[str, Any]


def num(value: float | int | None, digits: int = 0) -> str:
    """A number with thousands separators, or 'n/a'."""
    return "n/a" if value is None else f"{value:,.{digits}f}"


def pct(value: float | None) -> str:
    """A ratio as a percentage with no decimals, or 'n/a'."""
    return "n/a" if value is None else f"{value:.0%}"


def small_pct(value: float | None) -> str:
    """A share that may be tiny (one rep of 2,000): 0.05%, not a misleading 0%."""
    if value is None or value == 0 or abs(value) >= 0.1:
        return pct(value)
    return f"{value * 100:.2g}%"


def tiers_math(row: Row) -> dict[str, str]:
    """Attainment, pace, win rate, activity and tier of one rep, as formulas."""
    won, lost = row["won_deals"], row["lost_deals"]
    said = {
        "attainment": _quota_ratio(row, "", "attainment", "quota"),
        "win_rate": f"{won} won / ({won} won + {lost} lost) = {pct(row['win_rate'])}",
        "tier": _tier_reason(row),
    }
    if row.get("score_name") == "pace":
        said["pace"] = _quota_ratio(row, "_to_date", "pace", "quota to date")
    if row.get("activity_per_week") is not None:
        days = row["days_covered"]
        said["activity_per_week"] = (
            f"{num(row['activities'])} calls+emails+meetings / ({days} days / 7) "
            f"= {row['activity_per_week']:.1f} per week"
        )
        said["activity_index"] = _index_formula(row)
    return said


def quota_basis(row: Row, suffix: str = "") -> str:
    """Where a quota came from, in words that add up to it: `annual 403,000 × 92/365 days`,
    `302,000 from the quotas table (92 days)`, or both."""
    table_days = row.get(f"table_days{suffix}") or 0
    annual_days = row.get(f"annual_days{suffix}") or 0
    parts = []
    if table_days:
        parts.append(f"{num(row[f'quota_from_table{suffix}'])} from the quotas table")
    year_days = row.get(f"year_days{suffix}")
    if annual_days and row.get("annual_quota") is not None and year_days:
        parts.append(f"annual {num(row['annual_quota'])} × {annual_days}/{year_days} days")
    elif annual_days and row.get("annual_quota") is not None:
        parts.append(f"annual {num(row['annual_quota'])} prorated over {annual_days} days")
    elif annual_days:
        parts.append(f"no quota for {annual_days} of the days")
    return " + ".join(parts)


def _quota_ratio(row: Row, suffix: str, ratio: str, what: str) -> str:
    quota = row.get(f"quota{suffix}")
    if row.get(ratio) is None:
        why = f"no {what}" if quota is None else f"a {what} of 0"
        basis = quota_basis(row, suffix)
        return f"won {num(row['won_amount'])}; {why} ({basis}), so no {ratio}"
    return (
        f"won {num(row['won_amount'])} / {what} {num(quota)} ({quota_basis(row, suffix)}) "
        f"= {share(row[ratio])}"
    )


def share(value: float | None, decimals: int = 1) -> str:
    """An attainment-like ratio as a percentage cut (not rounded) to `decimals`, so 39.96% is
    never shown as the 40% a tier threshold starts at."""
    if value is None:
        return "n/a"
    scale = 10**decimals
    return f"{math.floor(round(value * 100, 6) * scale) / scale:.{decimals}f}%"


def _index_formula(row: Row) -> str:
    """Activity per week / team median, with each operand at the precision that makes the
    printed division give the printed result."""
    rate, median, index = row["activity_per_week"], row["activity_median"], row["activity_index"]
    if index is None:
        return f"{rate:.1f} / team median {num(median, 1)}: no index (the median is 0)"
    digits = next(
        (d for d in range(1, 7) if round(round(rate, d) / round(median, d), 2) == round(index, 2)),
        6,
    )
    return f"{rate:.{digits}f} / team median {median:.{digits}f} = {index:.2f}"


def _tier_reason(row: Row) -> str:
    match row["tier_basis"]:
        case "ramping":
            return f"ramping: hired {row['hire_date']}, under the ramp period at as_of"
        case "attainment" | "pace":
            return f"{row['tier']} by {row['tier_basis']} {share(row['score'])}"
        case _:
            return (
                f"{row['tier']} by percentile rank {pct(row['won_percentile'])} of won amount "
                "among non-ramping reps: no quota in the data"
            )


def leads_math(row: Row) -> dict[str, str]:
    """Lead share, raw and shrunk conversion, revenue per lead and what-if leads of one rep.

    Every operand is printed whole (counts, the team rate as converted/leads), so the printed
    arithmetic gives the printed result at its precision.
    """
    leads, converted = row["company_leads"], row["company_converted"]
    prior = operand(row["prior_strength"], 6)
    return {
        "lead_share": f"{leads} company leads / {num(row['team_company_leads'])} = "
        f"{small_pct(row['lead_share'])}",
        "conversion": f"{converted} converted / {leads} company leads = {pct(row['conversion'])}",
        "shrunk_conversion": (
            f"({converted} + {prior} × team {_team_rate(row)}) / ({leads} + {prior}) = "
            f"{pct(row['shrunk_conversion'])}"
        ),
        "self_conversion": f"{row['self_converted']} converted / {row['self_leads']} self-sourced "
        f"= {pct(row['self_conversion'])}",
        "revenue_per_lead": _revenue_per_lead(row),
        "whatif_leads": whatif_reason(row),
    }


def whatif_reason(row: Row) -> str:
    """The rep's what-if leads and the rule that set them: the cap, the floor, the ramping
    floor or the rank (the leads left once the reps ranked above reached their caps)."""
    got, today, floor = row["whatif_leads"], row["company_leads"], row["whatif_floor"]
    head = f"{got} (today {today})"
    cap = _bound(f"{row['cap_multiple']:g}× today", today * row["cap_multiple"], row["whatif_cap"])
    kept = _bound(f"{row['floor_share']:.0%} of today", today * row["floor_share"], floor)
    passed = "so the spare leads went to the reps ranked above"
    match row["whatif_rule"]:
        case "none":
            return f"{head}: no company leads today, so none to keep or move"
        case "cap" if got == floor:
            return f"{head}: set by the cap, {cap}, which is also the floor ({kept})"
        case "cap":
            return f"{head}: set by the cap, {cap}; {whatif_rank(row)}, so filled up to it"
        case "ramping_floor":
            return (
                f"{head}: set by the ramping floor (a ramping rep keeps today's leads); "
                f"{whatif_rank(row)}, {passed}"
            )
        case "floor":
            return f"{head}: set by the floor, {kept}; {whatif_rank(row)}, {passed}"
        case _:
            return (
                f"{head}: set by the rank, the floor of {floor} + the {got - floor} leads left "
                f"once the reps ranked above reached their caps; {whatif_rank(row)}"
            )


def _bound(what: str, exact: float, whole: int) -> str:
    """`1.5× today = 42`, or `1.5× today = 43.5, rounded down to 43` when it is not whole."""
    if math.isclose(exact, whole, abs_tol=1e-9):
        return f"{what} = {whole}"
    way = "down" if whole < exact else "up"
    return f"{what} = {operand(exact, 6)}, rounded {way} to {whole}"


def whatif_rank(row: Row) -> str:
    """`ranked 3 of 25 by shrunk conversion (25%; team 20%)`, or by expected revenue per lead
    (shrunk conversion × average won deal, the rate at the precision that makes the printed
    product give the printed result)."""
    rate = row["shrunk_conversion"]
    by = f"shrunk conversion ({pct(rate)}; team {pct(row['team_conversion'])})"
    if row["route_by"] == "revenue":
        value = row["value_per_conversion"]
        worth = None if rate is None else rate * value
        why = "; ".join(filter(None, (_rate_times(rate, value), expected_won_deal(row))))
        by = f"expected revenue per lead {num(worth)} ({why})"
    return f"ranked {row['whatif_rank']} of {row['whatif_ranked']} by {by}"


def _rate_times(rate: float | None, value: float) -> str:
    """`shrunk conversion 18.92% × average won deal 133,940`, printed so the product is right."""
    if rate is None:
        return "no shrunk conversion: no leads and no prior"
    digits = next(
        (d for d in range(5) if round(round(rate * 100, d) / 100 * value) == round(rate * value)),
        6,
    )
    return f"shrunk conversion {rate * 100:.{digits}f}% × expected won deal {operand(value)}"


def expected_won_deal(row: Row) -> str:
    """`average 133,940 over 2 won deals, shrunk toward the team's 90,000 by 4.0 prior wins`:
    why the value a conversion is credited with is not the rep's own average."""
    if "avg_won_deal" not in row:  # a what-if of given values (a test, a what-if of a what-if)
        return ""
    wins = row.get("won_deals") or 0
    prior = row["prior_strength"] * row["team_conversion"]
    team = f"the team's {num(row['team_avg_won_deal'])}"
    if not wins:
        return f"no won deal in the period: {team}"
    own = f"average {num(row['avg_won_deal'])} over {wins} won deal{'s' if wins != 1 else ''}"
    return f"{own}, shrunk toward {team} by {prior:.1f} prior wins" if prior else own


def _team_rate(row: Row) -> str:
    """The team's company-lead conversion as the counts it is, `36/150` (0 without leads)."""
    if not row["team_company_leads"]:
        return "0"
    return f"{num(row['team_company_converted'])}/{num(row['team_company_leads'])}"


def _revenue_per_lead(row: Row) -> str:
    """Won amount credited to the rep's company leads / those leads, saying what was credited."""
    source = (
        "won from these leads' deals"
        if row["revenue_basis"] == "lead_deals"
        else "all won (the leads name no deals)"
    )
    won = f"{source} {operand(row['lead_revenue'])}"
    if row["revenue_per_lead"] is None:
        return f"{won}; no company leads, so no revenue per lead"
    return f"{won} / {row['company_leads']} company leads = {num(row['revenue_per_lead'])}"


def operand(value: float | int | None, most: int = 2) -> str:
    """A number a reader redoes the arithmetic with: separators, and the decimals it needs
    (up to `most`), so 812,000 prints as `812,000` and 1,234.5 as `1,234.5`, never rounded."""
    if value is None:
        return "n/a"
    scale = max(1.0, abs(value))
    digits = next((d for d in range(most) if abs(round(value, d) - value) <= 1e-9 * scale), most)
    return num(value, digits)


def churn_math(row: Row) -> dict[str, str]:
    """Logo churn, GRR, NRR, adoption and replacement cost of one segment (what the data has),
    each operand printed whole so the printed arithmetic gives the printed result."""
    bookings = {
        "win_rate": f"{num(row['won_deals'])} won / {num(row['closed_deals'])} closed = "
        f"{pct(row['win_rate'])}",
    }
    if row.get("accounts") is None:
        return bookings
    arr_start = operand(row["arr_start"])
    return bookings | {
        "logo_churn": f"{num(row['churned'])} churned / {num(row['accounts'])} accounts at start "
        f"= {pct(row['logo_churn'])}",
        "grr": f"Σ min(ARR now, ARR start) {operand(row['arr_kept'])} / ARR start {arr_start} = "
        f"{pct(row['grr'])}",
        "nrr": f"ARR now {operand(row['arr_now'])} / ARR start {arr_start} = {pct(row['nrr'])}",
        "adoption": f"{operand(row['active_seats'])} active seats / {operand(row['seats'])} seats "
        f"= {pct(row['adoption'])}",
        "replacement_cost": f"churned ARR {operand(row['churned_arr'])} × "
        f"{operand(row['cost_multiple'], 6)} = {num(row['replacement_cost'])}",
    }
