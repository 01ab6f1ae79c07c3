"""`cockpit bench`: the benchmark against DuckDB and pandas."""

from __future__ import annotations

from collections.abc import Sequence


def run_bench(argv: Sequence[str]) -> int:
    """`cockpit bench …`: the benchmark against DuckDB and pandas."""
    from cockpit.bench.run import main as bench

    return bench(list(argv))
