"""Deterministic synthetic team data in the canonical contract, from a 25-rep demo to 20,000 reps.

Every value is a pure function of (seed, table, row index), computed in Polars expressions, so
the big scales stream to disk in chunks and the same seed always writes the same bytes. The demo
scale (S) also carries named reps whose numbers tell the stories the four panes exist for.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl

from cockpit.data.schema import TABLES

# Timeline: data from 2025 to AS_OF, so the default review period is calendar 2026 (39 weeks).
DATA_START = date(2025, 1, 1)
PERIOD_START = date(2026, 1, 1)
AS_OF = date(2026, 9, 30)
ACTIVITY_START = date(2025, 1, 6)  # a Monday: weekly rows are week starts
ACCOUNT_START = date(2021, 1, 1)
HIRE_START = date(2017, 1, 2)
WEEKS_OF_ACTIVITY = 91  # 2025-01-06 … 2026-09-28

SAMPLE_SEED = 7
"""The seed of the bundled sample (`sample_data/`), the default of `cockpit demo`."""

CHUNK_ROWS = 1_000_000
"""Rows generated per chunk: memory stays flat whatever the scale."""

SEGMENTS = ("Enterprise", "Mid-Market", "SMB", "Healthcare", "Public Sector")
CHURNING_SEGMENT = 3  # Healthcare: strong bookings, half the logos churn, low adoption
SEGMENT_DEAL_SIZE = (80_000.0, 25_000.0, 8_000.0, 55_000.0, 35_000.0)
SEGMENT_DEAL_SLOTS = (2, 3, 6, 3, 2)  # smaller deals, more of them: SMB reps run six at a time
SEGMENT_ARR = (120_000.0, 40_000.0, 8_000.0, 36_000.0, 60_000.0)
SEAT_PRICE = 1_200.0
REGIONS = ("East", "West", "Central", "South")
LEVELS = ("AE I", "AE II", "Senior AE", "Principal AE")
TRACKS = (
    "AE I → AE II",
    "AE II → Senior AE",
    "Senior AE → Strategic AE",
    "Principal AE → Sales Manager",
)
SKILLS = (
    "Multi-threading deals",
    "Negotiation",
    "Forecast accuracy",
    "Executive presence",
    "Discovery",
    "Territory planning",
    "Coaching others",
)
STRETCHES = (
    "Lead the pipeline review",
    "Mentor a new hire",
    "Own the segment playbook",
    "Run a pricing pilot",
    "Co-lead the QBR",
)
READINESS = ("not yet", "6-12 months", "ready")
FIRST_NAMES = (
    "Alex", "Maya", "Jonah", "Leila", "Victor", "Nora", "Caleb", "Ines", "Mateo", "Zara",
    "Felix", "Hana", "Rohan", "Clara", "Diego", "Amara", "Liam", "Yara", "Noah", "Elif",
    "Oscar", "Ada", "Kofi", "Lena", "Arjun", "Iris", "Hugo", "Mila", "Tariq", "Vera",
)  # fmt: skip
LAST_NAMES = (
    "Morgan", "Nakamura", "Osei", "Petrov", "Quinn", "Rahman", "Silva", "Thompson", "Ueda",
    "Varga", "Walsh", "Xu", "Young", "Zimmer", "Alvarez", "Becker", "Chowdhury", "Dunn",
    "Eriksen", "Flores", "Garcia", "Hughes", "Ivanova", "Jensen", "Kim", "Lopez", "Mensah",
    "Nguyen", "O'Brien", "Patel",
)  # fmt: skip
ACCOUNT_WORDS = (
    "Blue", "North", "Summit", "Cedar", "Harbor", "Apex", "Silver", "Granite", "Pioneer",
    "Maple", "River", "Orion", "Vertex", "Beacon", "Lumen", "Atlas", "Juniper", "Meridian",
    "Crescent", "Willow",
)  # fmt: skip
ACCOUNT_KINDS = (
    "Labs", "Systems", "Health", "Logistics", "Partners", "Foods", "Analytics", "Energy",
    "Retail", "Clinics", "Works", "Capital", "Media", "Robotics", "Insurance", "Foundry",
)  # fmt: skip


@dataclass(frozen=True)
class ScaleSpec:
    """Rows per table at one scale; `stories` adds the named demo reps."""

    reps: int
    deals: int
    leads: int
    activities: int
    accounts: int
    stories: bool = False

    @property
    def growth(self) -> int:
        """Reps with a growth row: all but every tenth (index ending in 7)."""
        return self.reps - (self.reps + 2) // 10


SCALES: dict[str, ScaleSpec] = {
    "S": ScaleSpec(25, 750, 2_000, 25 * WEEKS_OF_ACTIVITY, 200, stories=True),
    "M": ScaleSpec(2_000, 1_000_000, 2_000_000, 5_000_000, 100_000),
    "L": ScaleSpec(20_000, 10_000_000, 20_000_000, 50_000_000, 1_000_000),
}

# The demo's story reps, by row index (segment = index % 5, hire order = index order).
STRATEGIC_SELLER, HIGH_CONVERTER, FLIGHT_RISK, BUSY_REP, LOW_CONVERTER, RAMPING = 0, 3, 5, 6, 12, 24
STORY_REPS: dict[str, str] = {
    story: f"R{index + 1:05d}"
    for story, index in (
        ("outcome_over_activity", STRATEGIC_SELLER),
        ("high_converter", HIGH_CONVERTER),
        ("flight_risk", FLIGHT_RISK),
        ("activity_without_outcome", BUSY_REP),
        ("low_converter", LOW_CONVERTER),
        ("ramping", RAMPING),
    )
}
"""Story → rep_id of the demo rep who tells it (scale S)."""
DEMO_NAMES = (
    "Elena Marsh", "David Okafor", "Sofia Lindqvist", "Priya Raman", "Marcus Bell",
    "Tomás Rivera", "Kevin Brandt", "Hannah Cole", "Jamal Carter", "Mei Tanaka",
    "Olivia Grant", "Samuel Adeyemi", "Laura Benedetti", "Ryan Fitzgerald", "Chloe Dubois",
    "Nathan Brooks", "Isabel Moreno", "Ethan Park", "Grace Whitaker", "Lucas Schmidt",
    "Fatima Haddad", "Owen Gallagher", "Yuki Sato", "Daniel Novak", "Aisha Bello",
)  # fmt: skip


def _days(day: date) -> int:
    return (day - date(1970, 1, 1)).days


# Story values, set on top of the procedural profile: (rep index, column, value).
STORY_OVERRIDES: tuple[tuple[int, str, object], ...] = (
    (STRATEGIC_SELLER, "target", 1.66),
    (STRATEGIC_SELLER, "activity", 27.0),
    (STRATEGIC_SELLER, "win_rate", 0.5),
    (STRATEGIC_SELLER, "level_since", _days(date(2025, 6, 1))),
    (STRATEGIC_SELLER, "next_skill", "Coaching others"),
    (STRATEGIC_SELLER, "stretch_assignment", "Mentor two new AEs on enterprise deals"),
    (STRATEGIC_SELLER, "last_conversation", _days(date(2026, 9, 10))),
    (FLIGHT_RISK, "target", 1.32),
    (FLIGHT_RISK, "win_rate", 0.4),
    (FLIGHT_RISK, "level_since", _days(date(2023, 4, 1))),
    (FLIGHT_RISK, "next_skill", "Executive presence"),
    (FLIGHT_RISK, "stretch_assignment", None),
    (FLIGHT_RISK, "promotion_readiness", "ready"),
    (FLIGHT_RISK, "last_conversation", _days(date(2026, 4, 28))),
    (BUSY_REP, "target", 0.46),
    (BUSY_REP, "activity", 90.0),
    (BUSY_REP, "next_skill", None),
    (HIGH_CONVERTER, "company_conv", 0.36),
    (LOW_CONVERTER, "company_conv", 0.07),
    (RAMPING, "hire", _days(date(2026, 7, 13))),
    (RAMPING, "level_since", _days(date(2026, 7, 13))),
    (RAMPING, "target", 0.3),
)


def scale_counts(scale: str) -> dict[str, int]:
    """Rows per table that `write_demo` writes at `scale`, without writing anything."""
    spec = _spec(scale)
    return {
        "reps": spec.reps,
        "deals": spec.deals,
        "leads": spec.leads,
        "activities": spec.activities,
        "accounts": spec.accounts,
        "growth": spec.growth,
    }


def write_demo(
    out: Path, scale: str = "S", fmt: str = "csv", seed: int = SAMPLE_SEED
) -> dict[str, int]:
    """Write every table as `<table>.csv` or `<table>.parquet` into `out`; return rows per table."""
    spec = _spec(scale)
    if fmt not in ("csv", "parquet"):
        raise ValueError(f"unknown format {fmt!r}: expected csv or parquet")
    out.mkdir(parents=True, exist_ok=True)
    profiles = _rep_profiles(spec, seed)
    staff = _staff_by_day(profiles)
    deals = _deals(spec, seed, profiles, staff)
    tables = {
        "reps": _reps(profiles, deals),
        "deals": deals,
        "leads": _leads(spec, seed, profiles, staff),
        "activities": _activities(spec, seed, profiles),
        "accounts": _accounts(spec, seed, staff),
        "growth": _growth(profiles),
    }
    for name, frame in tables.items():
        _sink(_canonical(frame, name), out / f"{name}.{fmt}", fmt)
    return scale_counts(scale)


def _spec(scale: str) -> ScaleSpec:
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}: expected one of {', '.join(SCALES)}")
    return SCALES[scale]


# Randomness: a 32-bit integer hash (Chris Wellons' lowbias32) in plain Polars arithmetic, so the
# values do not depend on Polars' own hash, which may change between versions.
_M32 = 1 << 32
_GOLDEN = 0.6180339887498949


def _mix32(x: pl.Expr) -> pl.Expr:
    x = x ^ (x // 65536)
    x = (x * 0x7FEB352D) % _M32
    x = x ^ (x // 32768)
    x = (x * 0x846CA68B) % _M32
    return x ^ (x // 65536)


def _key(seed: int, stream: str) -> int:
    return zlib.crc32(f"{seed}/{stream}".encode())


def _uniform(index: pl.Expr, seed: int, stream: str) -> pl.Expr:
    """A uniform value in [0, 1) for each row index, independent per (seed, stream)."""
    first = _mix32((index.cast(pl.UInt64) + _key(seed, stream)) % _M32)
    second = _mix32(first ^ _key(seed, stream + "#"))
    return second.cast(pl.Float64) / _M32


def _even(step: pl.Expr, phase: pl.Expr) -> pl.Expr:
    """A low-discrepancy sequence in [0, 1): rates over any run of steps come out close to p."""
    return (step.cast(pl.Float64) * _GOLDEN + phase) % 1.0


def _pick(index: pl.Expr, values: Sequence[str] | Sequence[float] | Sequence[int]) -> pl.Expr:
    """values[index] for each row (a gather from a literal list streams in flat memory)."""
    return pl.lit(pl.Series(values)).gather(index.cast(pl.Int64))


def _choice(u: pl.Expr, values: Sequence[str]) -> pl.Expr:
    return _pick((u * len(values)).floor(), values)


def _ident(prefix: str, index: pl.Expr, width: int) -> pl.Expr:
    return pl.format(prefix + "{}", (index + 1).cast(pl.String).str.zfill(width))


def _as_date(day: pl.Expr) -> pl.Expr:
    return day.cast(pl.Int32).cast(pl.Date)


def _rows(n: int, build: Callable[[pl.LazyFrame], pl.LazyFrame]) -> pl.LazyFrame:
    """Rows 0..n-1 as `build` makes them, in chunks of CHUNK_ROWS so no chunk is held twice."""
    starts = range(0, max(n, 1), CHUNK_ROWS)
    chunks = [
        build(
            pl.LazyFrame().select(
                pl.int_range(a, min(a + CHUNK_ROWS, n), dtype=pl.Int64).alias("i")
            )
        )
        for a in starts
    ]
    return pl.concat(chunks)


def _spread(n: int, first: date, last: date, seed: int, stream: str) -> pl.Expr:
    """A day (epoch days) per row, rising with the row index from `first`; the last row: `last`."""
    span = (last - first).days + 1
    i = pl.col("i")
    offset = ((i.cast(pl.Float64) + _uniform(i, seed, stream)) * span / n).floor()
    offset = pl.when(i == n - 1).then(span - 1).otherwise(offset.clip(0, span - 1))
    return offset.cast(pl.Int64) + _days(first)


# Reps: one profile row per rep, the hidden parameters every other table is drawn from.


def _rep_profiles(spec: ScaleSpec, seed: int) -> pl.DataFrame:
    """Reps in hire order (rep i was hired no later than rep i + 1) with their parameters."""
    n = spec.reps
    r = pl.col("idx")

    def u(stream: str) -> pl.Expr:
        return _uniform(r, seed, "reps." + stream)

    frame = (
        pl.select(pl.int_range(0, n, dtype=pl.Int64).alias("idx"))
        .with_columns(
            _ident("R", r, 5).alias("rep_id"),
            _person_name(r).alias("name"),
            (r % len(SEGMENTS)).alias("seg"),
            _hire_day(r, n, u("hire")).alias("hire"),
            (r * _team_count(n) // n).alias("team_idx"),
            (0.3 + 0.9 * u("target").pow(1.3)).alias("target"),
            (55.0 * (0.8 + 0.4 * u("activity"))).alias("activity"),
            _pick(r % len(SEGMENTS), SEGMENT_DEAL_SLOTS).alias("deal_slots"),
            (0.25 + 0.15 * u("win")).alias("win_rate"),
            (45.0 + 75.0 * u("cycle")).alias("cycle"),
            (0.06 + 0.30 * u("company_conv")).alias("company_conv"),
            (0.25 + 0.25 * u("self_conv")).alias("self_conv"),
            u("phase").alias("phase"),
        )
        .with_columns(_level_index(pl.col("hire")).alias("level_idx"))
        .with_columns(_profile_labels(n, u))
    )
    if spec.stories:
        frame = _with_stories(frame)
    # Reps who hit their number sell bigger deals, so quotas derived from wins stay comparable.
    size = pl.col("target") / 0.7 * (0.85 + 0.3 * u("size"))
    frame = frame.with_columns(size.alias("size_mult"))
    hires = frame["hire"]
    if not hires.is_sorted():
        raise ValueError("rep profiles must be in hire order")
    return frame


def _profile_labels(n: int, u: Callable[[str], pl.Expr]) -> list[pl.Expr]:
    """Team, manager, role, level and growth-track columns of a rep profile."""
    team = pl.col("team_idx")
    level = pl.col("level_idx")
    time_at_level = pl.min_horizontal(_days(AS_OF) - pl.col("hire"), pl.lit(4 * 365))
    promoted = _days(AS_OF) - (u("level_since") * time_at_level).floor().cast(pl.Int64)
    # Evenly spread, so about a third of the team is overdue a talk at any scale.
    spread = _even(pl.col("idx"), u("conversation"))
    stale_days = 5 + (spread.pow(3) * 140).floor().cast(pl.Int64)
    return [
        _team_name(team, _team_count(n)).alias("team"),
        _person_name(team * 7 + 450).alias("manager"),
        _pick(pl.col("seg"), SEGMENTS).alias("segment"),
        pl.when((pl.col("seg") == 0) & (level >= 2))
        .then(pl.lit("Strategic AE"))
        .otherwise(pl.lit("AE"))
        .alias("role"),
        _pick(level, LEVELS).alias("level"),
        pl.when(level == 0).then(pl.col("hire")).otherwise(promoted).alias("level_since"),
        (pl.col("idx") % 10 != 7).alias("has_growth"),
        _pick(level, TRACKS).alias("track"),
        pl.when(u("plan") < 0.15)
        .then(None)
        .otherwise(_choice(u("skill"), SKILLS))
        .alias("next_skill"),
        pl.when(u("stretch?") < 0.3)
        .then(None)
        .otherwise(_choice(u("stretch"), STRETCHES))
        .alias("stretch_assignment"),
        _choice(u("readiness"), READINESS).alias("promotion_readiness"),
        (_days(AS_OF) - stale_days).alias("last_conversation"),
    ]


def _hire_day(r: pl.Expr, n: int, u: pl.Expr) -> pl.Expr:
    """Hire dates rising with the index: 88% before the data starts, the rest hired since."""
    place = (r.cast(pl.Float64) + u) / n
    veteran_span = _days(date(2024, 12, 31)) - _days(HIRE_START)
    recent_span = _days(date(2026, 8, 31)) - _days(DATA_START)
    veteran = _days(HIRE_START) + place / 0.88 * veteran_span
    recent = _days(DATA_START) + (place - 0.88) / 0.12 * recent_span
    return pl.when(place < 0.88).then(veteran).otherwise(recent).floor().cast(pl.Int64)


def _level_index(hire: pl.Expr) -> pl.Expr:
    years = (_days(AS_OF) - hire) / 365.25
    return (
        pl.when(years < 2).then(0).when(years < 4.5).then(1).when(years < 8).then(2).otherwise(3)
    ).cast(pl.Int64)


def _team_count(n: int) -> int:
    return max(3, n // 8)


def _team_name(team: pl.Expr, teams: int) -> pl.Expr:
    region = _pick(team % len(REGIONS), REGIONS)
    if teams <= len(REGIONS):
        return region
    return pl.format("{} {}", region, team // len(REGIONS) + 1)


def _person_name(index: pl.Expr) -> pl.Expr:
    """Distinct first/last pairs for the first 900 indexes, then a middle initial."""
    first = _pick(index % len(FIRST_NAMES), FIRST_NAMES)
    last = _pick((index // len(FIRST_NAMES) + index) % len(LAST_NAMES), LAST_NAMES)
    pairs = len(FIRST_NAMES) * len(LAST_NAMES)
    initial = _pick((index // pairs) % 26, [chr(65 + k) for k in range(26)])
    return (
        pl.when(index < pairs)
        .then(pl.format("{} {}", first, last))
        .otherwise(pl.format("{} {}. {}", first, initial, last))
    )


def _with_stories(frame: pl.DataFrame) -> pl.DataFrame:
    """The demo's named reps and the story values set on top of their profiles."""
    if frame.height != len(DEMO_NAMES):
        raise ValueError(f"the demo stories need {len(DEMO_NAMES)} reps, not {frame.height}")
    frame = frame.with_columns(pl.Series("name", DEMO_NAMES))
    for index, column, value in STORY_OVERRIDES:
        literal = pl.lit(value, dtype=frame.schema[column])
        frame = frame.with_columns(
            pl.when(pl.col("idx") == index).then(literal).otherwise(pl.col(column)).alias(column)
        )
    return frame


def _staff_by_day(profiles: pl.DataFrame) -> pl.LazyFrame:
    """Reps hired by each day (a prefix of the hire order) and their deal slots, 2021 to AS_OF."""
    days = pl.int_range(_days(ACCOUNT_START), _days(AS_OF) + 1, dtype=pl.Int64, eager=True)
    employed = profiles["hire"].search_sorted(days, side="right").cast(pl.Int64)
    slots = pl.concat([pl.Series([0], dtype=pl.Int64), profiles["deal_slots"].cum_sum()])
    return pl.DataFrame({"day": days, "employed": employed, "slots": slots.gather(employed)}).lazy()


def _deal_slots(profiles: pl.DataFrame) -> pl.LazyFrame:
    """One row per deal slot, numbered in hire order: slot → (rep, which of the rep's slots)."""
    return (
        profiles.lazy()
        .select(
            pl.col("idx").alias("rep"), pl.int_ranges(0, pl.col("deal_slots")).alias("slot_of_rep")
        )
        .explode("slot_of_rep")
        .with_columns(
            pl.int_range(pl.len(), dtype=pl.Int64).alias("slot"),
            pl.col("slot_of_rep").cast(pl.Int64),
        )
    )


def _reps(profiles: pl.DataFrame, deals: pl.LazyFrame) -> pl.LazyFrame:
    """Reps with a quota that puts each rep's 2026 attainment at their profile's target."""
    won = (
        deals.filter(
            (pl.col("stage") == "won")
            & pl.col("close_date").is_between(pl.lit(PERIOD_START), pl.lit(AS_OF))
        )
        .group_by("rep")
        .agg(pl.col("amount").sum().alias("won"))
        .collect(engine="streaming")
    )
    fallback = _pick(pl.col("seg"), SEGMENT_DEAL_SIZE) * pl.col("size_mult") * 8
    quota = pl.when(pl.col("won") > 0).then(pl.col("won") / pl.col("target")).otherwise(fallback)
    return (
        profiles.lazy()
        .join(won.lazy(), left_on="idx", right_on="rep", how="left", maintain_order="left")
        .with_columns(
            ((quota / 1000).round().clip(1, None) * 1000).alias("quota"),
            _as_date(pl.col("hire")).alias("hire_date"),
            _as_date(pl.col("level_since")).alias("level_since"),
        )
    )


def _growth(profiles: pl.DataFrame) -> pl.LazyFrame:
    """Growth-track rows for the reps that have one."""
    return (
        profiles.lazy()
        .filter(pl.col("has_growth"))
        .with_columns(_as_date(pl.col("last_conversation")).alias("last_growth_conversation"))
    )


# Deals, leads, activities, accounts: one row per index, chunked.


def _deals(spec: ScaleSpec, seed: int, profiles: pl.DataFrame, staff: pl.LazyFrame) -> pl.LazyFrame:
    """Deals opened over the data window by the reps employed that day."""
    n, accounts = spec.deals, spec.accounts
    reps = profiles.lazy().select(
        "idx", "seg", "size_mult", "win_rate", "cycle", "deal_slots", "phase"
    )
    slots = _deal_slots(profiles)
    i = pl.col("i")

    def u(stream: str) -> pl.Expr:
        return _uniform(i, seed, "deals." + stream)

    def build(rows: pl.LazyFrame) -> pl.LazyFrame:
        # Deals go round the slots of the reps employed that day; a rep's n-th deal is `counter`.
        round_ = i // pl.col("slots")
        counter = round_ * pl.col("deal_slots") + pl.col("slot_of_rep")
        return (
            rows.with_columns(_spread(n, DATA_START, AS_OF, seed, "deals.day").alias("day"))
            .join(staff, on="day", how="left", maintain_order="left")
            .with_columns((i % pl.col("slots")).alias("slot"))
            .join(slots, on="slot", how="left", maintain_order="left")
            .join(reps, left_on="rep", right_on="idx", how="left", maintain_order="left")
            .with_columns(counter.alias("counter"))
            .with_columns(_deal_segment(u).alias("deal_seg"))
            .with_columns(_deal_columns(accounts, u))
        )

    return _rows(n, build)


def _deal_segment(u: Callable[[str], pl.Expr]) -> pl.Expr:
    """Mostly the rep's own segment, sometimes another one."""
    segments = len(SEGMENTS)
    other = (pl.col("seg") + 1 + (u("seg") * (segments - 1)).floor().cast(pl.Int64)) % segments
    return pl.when(u("own") < 0.85).then(pl.col("seg")).otherwise(other)


def _deal_columns(accounts: int, u: Callable[[str], pl.Expr]) -> list[pl.Expr]:
    """Canonical deal columns; a deal whose close would fall after AS_OF is still open."""
    close = pl.col("day") + 7 + (u("cycle") * 2 * pl.col("cycle")).floor().cast(pl.Int64)
    closed = close <= _days(AS_OF)
    size = _pick(pl.col("deal_seg"), SEGMENT_DEAL_SIZE) * pl.col("size_mult")
    amount = (size * (0.35 + 1.3 * u("amount")) / 100).round() * 100
    source = (
        pl.when(u("source") < 0.5)
        .then(pl.lit("company"))
        .when(u("source") < 0.85)
        .then(pl.lit("self"))
        .otherwise(pl.lit("partner"))
    )
    stage = (
        pl.when(~closed)
        .then(pl.lit("open"))
        .when(_even(pl.col("counter"), pl.col("phase")) < pl.col("win_rate"))
        .then(pl.lit("won"))
        .otherwise(pl.lit("lost"))
    )
    return [
        _ident("D", pl.col("i"), 8).alias("deal_id"),
        _ident("R", pl.col("rep"), 5).alias("rep_id"),
        _ident("A", _deal_account(accounts, u), 7).alias("account_id"),
        _pick(pl.col("deal_seg"), SEGMENTS).alias("segment"),
        source.alias("source"),
        _as_date(pl.col("day")).alias("created_date"),
        pl.when(closed).then(_as_date(close)).alias("close_date"),
        stage.alias("stage"),
        amount.alias("amount"),
    ]


def _deal_account(accounts: int, u: Callable[[str], pl.Expr]) -> pl.Expr:
    """An account of the deal's segment that was already a customer when the deal opened."""
    span = _days(AS_OF) - _days(ACCOUNT_START) + 1
    started = (accounts * (pl.col("day") - _days(ACCOUNT_START)) // span).cast(pl.Int64)
    segments = len(SEGMENTS)
    in_segment = (started - pl.col("deal_seg") + segments - 1) // segments
    pick = (u("account") * in_segment).floor().cast(pl.Int64)
    return pl.when(in_segment > 0).then(pl.col("deal_seg") + segments * pick)


def _leads(spec: ScaleSpec, seed: int, profiles: pl.DataFrame, staff: pl.LazyFrame) -> pl.LazyFrame:
    """Leads dealt round-robin to the reps employed that day; every fifth round is self-sourced."""
    n = spec.leads
    reps = profiles.lazy().select("idx", "seg", "company_conv", "self_conv", "phase")
    i = pl.col("i")

    def build(rows: pl.LazyFrame) -> pl.LazyFrame:
        round_ = i // pl.col("employed")
        company = round_ % 5 != 4
        # An even split, but conversion follows each rep's own rate: the Leads pane's story.
        rate = pl.when(company).then(pl.col("company_conv")).otherwise(pl.col("self_conv"))
        return (
            rows.with_columns(_spread(n, DATA_START, AS_OF, seed, "leads.day").alias("day"))
            .join(staff, on="day", how="left", maintain_order="left")
            .with_columns((i % pl.col("employed")).alias("rep"), round_.alias("round"))
            .join(reps, left_on="rep", right_on="idx", how="left", maintain_order="left")
            .with_columns(
                _ident("L", i, 8).alias("lead_id"),
                _ident("R", pl.col("rep"), 5).alias("rep_id"),
                _as_date(pl.col("day")).alias("assigned_date"),
                pl.when(company).then(pl.lit("company")).otherwise(pl.lit("self")).alias("origin"),
                _pick(pl.col("seg"), SEGMENTS).alias("segment"),
                (_even(pl.col("round"), pl.col("phase")) < rate).alias("converted"),
                pl.lit(None, dtype=pl.String).alias("deal_id"),
            )
        )

    return _rows(n, build)


def _activities(spec: ScaleSpec, seed: int, profiles: pl.DataFrame) -> pl.LazyFrame:
    """Activity counts per rep: weekly rows when they fit in the window, else several a day."""
    n, reps_count = spec.activities, spec.reps
    per_rep = -(-n // reps_count)
    span = _days(AS_OF) - _days(ACTIVITY_START) + 1
    weekly = per_rep <= WEEKS_OF_ACTIVITY
    days_covered = 7.0 if weekly else span / per_rep
    reps = profiles.lazy().select("idx", "hire", "activity")
    i = pl.col("i")

    def u(stream: str) -> pl.Expr:
        return _uniform(i, seed, "activities." + stream)

    def count(share: float, stream: str) -> pl.Expr:
        # Stochastic rounding keeps small per-row expectations unbiased at the big scales.
        expected = pl.col("level") * share
        value = (expected + u(stream)).floor().cast(pl.Int64)
        return pl.when(pl.col("day") >= pl.col("hire")).then(value).otherwise(0).alias(stream)

    def build(rows: pl.LazyFrame) -> pl.LazyFrame:
        step = i // reps_count
        offset = step * 7 if weekly else (step * span // per_rep)
        level = pl.col("activity") * days_covered / 7 * (0.75 + 0.5 * u("noise"))
        # Several rows a rep's day are separate records, as a CRM's tasks are: each carries its
        # id, else equal counts on one day would be exact copies, which cockpit counts once.
        ids = [] if weekly else [_ident("A", i, 9).alias("activity_id")]
        return (
            rows.with_columns(
                *ids, (i % reps_count).alias("rep"), (offset + _days(ACTIVITY_START)).alias("day")
            )
            .join(reps, left_on="rep", right_on="idx", how="left", maintain_order="left")
            .with_columns(level.alias("level"))
            .with_columns(
                _ident("R", pl.col("rep"), 5).alias("rep_id"),
                _as_date(pl.col("day")).alias("date"),
                count(0.55, "calls"),
                count(0.33, "emails"),
                count(0.12, "meetings"),
            )
        )

    return _rows(n, build)


def _accounts(spec: ScaleSpec, seed: int, staff: pl.LazyFrame) -> pl.LazyFrame:
    """Customers since 2021, sold by a rep of their segment who was employed at the time."""
    n = spec.accounts
    i = pl.col("i")
    segments = len(SEGMENTS)

    def u(stream: str) -> pl.Expr:
        return _uniform(i, seed, "accounts." + stream)

    def build(rows: pl.LazyFrame) -> pl.LazyFrame:
        sellers = (pl.col("employed") - pl.col("seg") + segments - 1) // segments
        seller = pl.col("seg") + segments * (u("rep") * sellers).floor().cast(pl.Int64)
        return (
            rows.with_columns(
                _spread(n, ACCOUNT_START, AS_OF, seed, "accounts.day").alias("day"),
                (i % segments).alias("seg"),
            )
            .join(staff, on="day", how="left", maintain_order="left")
            .with_columns(
                pl.when(sellers > 0).then(_ident("R", seller, 5)).alias("rep_id"),
                _churn_kind(seed).alias("churn"),
                ((_pick(pl.col("seg"), SEGMENT_ARR) * (0.5 + u("arr")) / 100).round() * 100).alias(
                    "base_arr"
                ),
            )
            .with_columns(_account_columns(u))
        )

    return _rows(n, build)


def _churn_kind(seed: int) -> pl.Expr:
    """`before` (churned before 2026), `during` (in 2026), `new` (a 2026 customer who left) or null.

    Low-discrepancy draws per segment keep each segment's churn rate close to its target.
    """
    segment = pl.col("seg")
    step = pl.col("i") // len(SEGMENTS)
    draw = _even(step, _uniform(segment, seed, "accounts.phase"))
    existing = pl.col("day") < _days(PERIOD_START)
    during = pl.when(segment == CHURNING_SEGMENT).then(0.06 + 0.47).otherwise(0.06 + 0.09)
    return (
        pl.when(existing & (draw < 0.06))
        .then(pl.lit("before"))
        .when(existing & (draw < during))
        .then(pl.lit("during"))
        .when(~existing & (draw < 0.03))
        .then(pl.lit("new"))
    )


def _account_columns(u: Callable[[str], pl.Expr]) -> list[pl.Expr]:
    """Canonical account columns: churned accounts have no ARR now and barely use their seats."""
    start, kind = pl.col("day"), pl.col("churn")
    churning = pl.col("seg") == CHURNING_SEGMENT
    when = u("churn_date")
    churn_day = (
        pl.when(kind == "before")
        .then(start + (when * (_days(PERIOD_START) - start)).floor())
        .when(kind == "during")
        .then(_days(PERIOD_START) + (when * (_days(AS_OF) - _days(PERIOD_START) + 1)).floor())
        .when(kind == "new")
        .then(start + (when * (_days(AS_OF) - start + 1)).floor())
    )
    change = pl.when(churning).then(0.85 + 0.2 * u("change")).otherwise(0.95 + 0.3 * u("change"))
    adoption = (
        pl.when(kind.is_not_null())
        .then(0.25 * u("adoption"))
        .when(churning)
        .then(0.12 + 0.36 * u("adoption"))
        .otherwise(0.6 + 0.3 * u("adoption"))
    )
    seats = (pl.col("base_arr") / SEAT_PRICE).round().clip(1, None).cast(pl.Int64)
    return [
        _ident("A", pl.col("i"), 7).alias("account_id"),
        _account_name(pl.col("i")).alias("name"),
        _pick(pl.col("seg"), SEGMENTS).alias("segment"),
        _as_date(start).alias("start_date"),
        pl.when(kind == "before").then(0.0).otherwise(pl.col("base_arr")).alias("arr_start"),
        pl.when(kind.is_not_null())
        .then(0.0)
        .otherwise((pl.col("base_arr") * change / 100).round() * 100)
        .alias("arr_now"),
        _as_date(churn_day).alias("churn_date"),
        seats.alias("seats"),
        (seats * adoption).round().cast(pl.Int64).alias("active_seats"),
    ]


def _account_name(index: pl.Expr) -> pl.Expr:
    """Distinct two-word names for the first 320 accounts, then numbered."""
    words, kinds = len(ACCOUNT_WORDS), len(ACCOUNT_KINDS)
    word = _pick(index % words, ACCOUNT_WORDS)
    kind = _pick((index // words + index) % kinds, ACCOUNT_KINDS)
    pairs = words * kinds
    return (
        pl.when(index < pairs)
        .then(pl.format("{} {}", word, kind))
        .otherwise(pl.format("{} {} {}", word, kind, index // pairs + 1))
    )


# Output: the contract's columns, in the contract's order and dtypes.

EXPORT_IDS = {"activities": ("activity_id",)}
"""Columns beyond the contract an export carries (kept and ignored by cockpit), last."""


def _canonical(frame: pl.LazyFrame, table: str) -> pl.LazyFrame:
    """The canonical columns of `table` the generator makes (every required one), in contract
    order, with contract dtypes; optional ones it has no story for (a deal's last change) are
    left out, as a real export leaves them out."""
    made = set(frame.collect_schema().names())
    canonical = [
        pl.col(c.name).cast(c.dtype) for c in TABLES[table].columns if c.required or c.name in made
    ]
    return frame.select(*canonical, *(c for c in EXPORT_IDS.get(table, ()) if c in made))


def _sink(frame: pl.LazyFrame, path: Path, fmt: str) -> None:
    """Stream `frame` into one file; rows keep their order so the bytes are reproducible."""
    if fmt == "parquet":
        frame.sink_parquet(path, maintain_order=True)
    else:
        frame.sink_csv(path, maintain_order=True)
