"""See the math: each metric of a row as a one-line formula with its numerator and denominator."""

from __future__ import annotations

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
    """Attainment, win rate, activity and tier of one rep, as formulas."""
    won, lost = row["won_deals"], row["lost_deals"]
    math = {
        "attainment": (
            f"won {num(row['won_amount'])} / quota {num(row['quota'])} = {pct(row['attainment'])}"
            if row["attainment"] is not None
            else f"won {num(row['won_amount'])}; no quota, so no attainment"
        ),
        "win_rate": f"{won} won / ({won} won + {lost} lost) = {pct(row['win_rate'])}",
        "tier": _tier_reason(row),
    }
    if row.get("activity_per_week") is not None:
        math["activity_per_week"] = (
            f"{num(row['activities'])} calls+emails+meetings / {row['weeks_elapsed']:.1f} weeks "
            f"= {row['activity_per_week']:.1f} per week"
        )
        math["activity_index"] = (
            f"{row['activity_per_week']:.1f} / team median {num(row['activity_median'], 1)} "
            f"= {num(row['activity_index'], 2)}"
        )
    return math


def _tier_reason(row: Row) -> str:
    match row["tier_basis"]:
        case "ramping":
            return f"ramping: hired {row['hire_date']}, under the ramp period at as_of"
        case "attainment":
            return f"{row['tier']} by attainment {pct(row['attainment'])}"
        case _:
            return (
                f"{row['tier']} by percentile rank {pct(row['won_percentile'])} of won amount "
                "among non-ramping reps: no quota in the data"
            )


def leads_math(row: Row) -> dict[str, str]:
    """Lead share, raw and shrunk conversion and what-if leads of one rep."""
    leads, converted = row["company_leads"], row["company_converted"]
    prior, team = row["prior_strength"], row["team_conversion"]
    return {
        "lead_share": f"{leads} company leads / {num(row['team_company_leads'])} = "
        f"{small_pct(row['lead_share'])}",
        "conversion": f"{converted} converted / {leads} company leads = {pct(row['conversion'])}",
        "shrunk_conversion": (
            f"({converted} + {prior:g} × team {pct(team)}) / ({leads} + {prior:g}) = "
            f"{pct(row['shrunk_conversion'])}"
        ),
        "self_conversion": f"{row['self_converted']} converted / {row['self_leads']} self-sourced "
        f"= {pct(row['self_conversion'])}",
        "whatif_leads": (
            f"{row['whatif_leads']} (today {leads}; cap {row['cap_multiple']:g}× today)"
        ),
    }


def churn_math(row: Row) -> dict[str, str]:
    """Logo churn, GRR, NRR, adoption and replacement cost of one segment (what the data has)."""
    bookings = {
        "win_rate": f"{num(row['won_deals'])} won / {num(row['closed_deals'])} closed = "
        f"{pct(row['win_rate'])}",
    }
    if row.get("accounts") is None:
        return bookings
    return bookings | {
        "logo_churn": f"{num(row['churned'])} churned / {num(row['accounts'])} accounts at start "
        f"= {pct(row['logo_churn'])}",
        "grr": f"Σ min(ARR now, ARR start) / ARR start {num(row['arr_start'])} = {pct(row['grr'])}",
        "nrr": f"ARR now {num(row['arr_now'])} / ARR start {num(row['arr_start'])} = "
        f"{pct(row['nrr'])}",
        "adoption": f"{num(row['active_seats'])} active seats / {num(row['seats'])} seats = "
        f"{pct(row['adoption'])}",
        "replacement_cost": f"churned ARR {num(row['churned_arr'])} × {row['cost_multiple']:g} = "
        f"{num(row['replacement_cost'])}",
    }
