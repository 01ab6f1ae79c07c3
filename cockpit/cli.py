"""The `cockpit` command: open the TUI, check data, write demo data."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from cockpit import __version__
from cockpit.data.sources.uri import mask_passwords
from cockpit.errors import CockpitError, DataError, UsageError
from cockpit.text import safe_lines, safe_text

COMMANDS = ("check", "report", "notes", "info", "demo")
EXIT_INTERRUPTED = 130


class _Parser(argparse.ArgumentParser):
    """argparse that raises UsageError instead of exiting, so main() owns every exit code."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message}\n{self.format_usage().strip()}")


def _open_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="cockpit",
        description="Terminal team-review cockpit for sales managers. "
        f"Commands: {', '.join(COMMANDS)} (cockpit COMMAND --help).",
    )
    parser.add_argument("--version", action="version", version=f"cockpit {__version__}")
    _add_source(parser)
    _add_review_options(parser)
    return parser


def _add_source(parser: argparse.ArgumentParser) -> None:
    """DATA and --mapping: where the team's data is and how to read it."""
    parser.add_argument("data", nargs="?", help="data folder (default: the bundled sample data)")
    parser.add_argument(
        "--mapping",
        metavar="NAME|FILE",
        help="CRM mapping: a preset (maven_crm, salesforce, hubspot) or a TOML file",
    )
    parser.add_argument(
        "--storage-option",
        metavar="KEY=VALUE",
        action="append",
        type=_storage_option,
        help="object storage option for s3:// data, e.g. aws_region=eu-west-1 (repeatable)",
    )


def _storage_option(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text.split('=')[0]!r}")
    return key.strip(), value


def _keep_storage_options(args: argparse.Namespace) -> None:
    """Hand --storage-option to the loader (and the TUI's worker) through the environment."""
    if args.storage_option:
        import json

        from cockpit.data.source import STORAGE_OPTIONS_ENV

        os.environ[STORAGE_OPTIONS_ENV] = json.dumps(dict(args.storage_option))


def _check_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="cockpit check", description="Validate a data folder; list every problem."
    )
    _add_source(parser)
    parser.add_argument("--all", action="store_true", help="list every row of every problem")
    parser.add_argument("--format", choices=("text", "csv", "json"), default="text")
    return parser


def _report_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="cockpit report", description="Print a pane's numbers, headless.")
    _add_source(parser)
    parser.add_argument(
        "--pane", choices=("tiers", "growth", "leads", "churn", "review", "all"), default="all"
    )
    parser.add_argument("--format", choices=("table", "csv", "json", "markdown"), default="table")
    _add_review_options(parser)
    return parser


def _add_review_options(parser: argparse.ArgumentParser) -> None:
    """--period, --config and --notes: what is reviewed, with which thresholds and notes."""
    parser.add_argument("--period", metavar="START:END", help="review period, ISO dates")
    parser.add_argument("--config", metavar="FILE", help="settings TOML (thresholds, keys)")
    parser.add_argument(
        "--notes", metavar="DIR", help="notes workspace (default: beside the data; cockpit info)"
    )


def _demo_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="cockpit demo", description="Write deterministic synthetic team data.")
    parser.add_argument("--out", required=True, help="folder to write the tables into")
    parser.add_argument("--scale", choices=("S", "M", "L"), default="S")
    parser.add_argument(
        "--format",
        choices=("csv", "parquet", "parquet-hive"),
        default="csv",
        help="parquet-hive: deals, leads and activities as team=…/period=…/ partitions",
    )
    parser.add_argument("--seed", type=int, default=7)
    return parser


def run_check(argv: Sequence[str]) -> int:
    """`cockpit check`: exit 0 when usable without errors, 1 otherwise."""
    args = _check_parser().parse_args(argv)
    _keep_storage_options(args)
    from cockpit.data.check import render_check
    from cockpit.data.source import open_dataset

    dataset = open_dataset(args.data, args.mapping, every_partition=True)
    limit = None if args.all or args.format != "text" else 20
    sys.stdout.write(render_check(dataset, args.format, limit))
    return 0 if dataset.usable and dataset.error_count == 0 else 1


def run_report(argv: Sequence[str]) -> int:
    """`cockpit report`: the panes' numbers as table, CSV, JSON or Markdown."""
    args = _report_parser().parse_args(argv)
    _keep_storage_options(args)
    from datetime import date
    from pathlib import Path

    from cockpit.analytics.panes import compute_panes
    from cockpit.analytics.period import resolve_period
    from cockpit.config import read_settings
    from cockpit.data.source import open_dataset
    from cockpit.errors import DataError
    from cockpit.notes.recorded import read_recorded
    from cockpit.notes.workspace import workspace_for
    from cockpit.report import render

    settings = read_settings(Path(args.config) if args.config else None)
    dataset = open_dataset(args.data, args.mapping, args.period)
    if not dataset.usable:
        raise DataError("the data is not usable (reps and deals must load): run cockpit check")
    period = resolve_period(dataset.tables, args.period)
    recorded, unreadable = read_recorded(workspace_for(args.notes, args.data)[0], date.today())
    for problem in unreadable:
        print(f"cockpit: notes file skipped: {safe_text(problem)}", file=sys.stderr)
    panes = compute_panes(dataset, period, settings, recorded)
    sys.stdout.write(render(panes, args.pane, args.format))
    return 0


def run_demo(argv: Sequence[str]) -> int:
    """`cockpit demo`: write synthetic data and say what was written."""
    args = _demo_parser().parse_args(argv)
    from pathlib import Path

    from cockpit.data.generate import write_demo

    out = Path(args.out)
    hive = args.format == "parquet-hive"
    fmt = "parquet" if hive else args.format
    counts = write_demo(out, scale=args.scale, fmt=fmt, seed=args.seed)
    partitions: dict[str, int] = {}
    if hive:
        import polars as pl

        from cockpit.data.sources.hive import partition_folder

        teams = pl.read_parquet(out / "reps.parquet", columns=["rep_id", "team"])
        partitions = partition_folder(out, teams)
    for table, rows in counts.items():
        where = out / f"{table}.{fmt}"
        if table in partitions:
            where = Path(f"{out / table}/ ({partitions[table]} team/period partitions)")
        print(f"{table:<11} {rows:>12,} rows  {where}")
    return 0


def run_open(argv: Sequence[str]) -> int:
    """`cockpit [DATA]`: open the TUI on DATA."""
    args = _open_parser().parse_args(argv)
    _keep_storage_options(args)
    from pathlib import Path

    from cockpit.data.sources.uri import is_remote
    from cockpit.ui.app import Source, run_app

    if args.data and not is_remote(args.data) and not Path(args.data).expanduser().exists():
        raise DataError(f"{args.data}: no such file or folder")
    from cockpit.paths import default_config_path

    settings = None
    if args.config or default_config_path().is_file():
        # A config error must stop here with exit 2; without a config file the settings are
        # the defaults, built in the app's worker so pydantic loads after the frame paints.
        from cockpit.config import read_settings

        settings = read_settings(Path(args.config) if args.config else None)
    return run_app(Source(args.data, args.mapping, args.period, settings, args.notes))


def run_notes(argv: Sequence[str]) -> int:
    """`cockpit notes …` (imported on use: other commands start faster)."""
    from cockpit.notes.cli import run_notes as notes

    return notes(argv)


def run_info(argv: Sequence[str]) -> int:
    """`cockpit info …`."""
    from cockpit.notes.cli import run_info as info

    return info(argv)


RUNNERS: dict[str, Callable[[Sequence[str]], int]] = {
    "check": run_check,
    "report": run_report,
    "demo": run_demo,
    "notes": run_notes,
    "info": run_info,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; every failure becomes a message and an exit code, not a traceback."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] in RUNNERS:
            return RUNNERS[args[0]](args[1:])
        return run_open(args)
    except SystemExit as exc:  # --help and --version exit through argparse
        return int(exc.code or 0)
    except CockpitError as exc:
        # Usage errors echo what was typed: a database URI there must not show its password.
        print(f"cockpit: {mask_passwords(safe_lines(exc))}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("cockpit: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:
        if os.environ.get("COCKPIT_DEBUG"):
            raise
        print(
            f"cockpit: internal error ({type(exc).__name__}: "
            f"{mask_passwords(safe_text(exc, 300))}). "
            "Please report it; run with COCKPIT_DEBUG=1 to see the traceback.",
            file=sys.stderr,
        )
        return 1
