"""The `cockpit` command: open the TUI, check data, write demo data."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cockpit.cliargs import (
    check_parser,
    demo_parser,
    open_parser,
    refresh_parser,
    report_parser,
    serve_parser,
)
from cockpit.data.sources.uri import mask_passwords
from cockpit.errors import CockpitError, DataError, UsageError
from cockpit.interrupt import run_interruptibly
from cockpit.text import safe_lines, safe_text

if TYPE_CHECKING:
    from cockpit.config import Settings
    from cockpit.ui.options import UiOptions

EXIT_INTERRUPTED = 130


def _keep_storage_options(args: argparse.Namespace) -> None:
    """Hand --storage-option to the loader (and the TUI's worker) through the environment."""
    if args.storage_option:
        import json

        from cockpit.data.source import STORAGE_OPTIONS_ENV

        os.environ[STORAGE_OPTIONS_ENV] = json.dumps(dict(args.storage_option))


def run_check(argv: Sequence[str]) -> int:
    """`cockpit check`: exit 0 when usable without errors, 1 otherwise."""
    args = check_parser().parse_args(argv)
    _keep_storage_options(args)
    from cockpit.data.check import render_check
    from cockpit.data.snapshot import open_root
    from cockpit.data.source import open_dataset

    pinned = open_root(args.data, args.mapping)
    if pinned is not None:
        _banner(pinned.banner(), to_stdout=args.format == "text")
    data, mapping = (str(pinned.path), None) if pinned else (args.data, args.mapping)
    # `check` always reads the files themselves: it is how a user verifies them.
    dataset = run_interruptibly(
        lambda: open_dataset(
            data, mapping, every_partition=True, progress=_progress_on_stderr(), cached=False
        )
    )
    limit = None if args.all or args.format != "text" else 20
    sys.stdout.write(render_check(dataset, args.format, limit))
    return 0 if dataset.usable and dataset.error_count == 0 else 1


def run_report(argv: Sequence[str]) -> int:
    """`cockpit report`: the panes' numbers as table, CSV, JSON or Markdown."""
    args = report_parser().parse_args(argv)
    _keep_storage_options(args)

    from cockpit.config import read_settings
    from cockpit.data.snapshot import open_root
    from cockpit.report import render
    from cockpit.weekly import compute_review, load_source, notes_workspace, previous_panes

    settings = read_settings(Path(args.config) if args.config else None)
    pinned = open_root(args.data, args.mapping)
    if pinned is not None:
        _banner(pinned.banner(), to_stdout=args.format in ("table", "markdown"))
    dataset = run_interruptibly(
        lambda: load_source(args.data, args.mapping, pinned, _progress_on_stderr(), args.period)
    )
    workspace = notes_workspace(args.data, args.notes, pinned)
    review = run_interruptibly(lambda: compute_review(dataset, settings, args.period, workspace))
    for problem in review.unreadable:
        print(f"cockpit: notes file skipped: {safe_text(problem)}", file=sys.stderr)
    panes = review.panes
    if args.changes or args.pane in ("review", "all"):
        # Review items are marked new against last week's queue; other panes need --changes.
        before = previous_panes(pinned, settings, review.recorded)
        if args.changes and before is None:
            print("cockpit: no previous snapshot to compare with, so no changes", file=sys.stderr)
        from cockpit.analytics.changes import with_changes

        panes = with_changes(panes, before)
    sys.stdout.write(render(panes, args.pane, args.format, changes=args.changes))
    sys.stdout.flush()  # the numbers first; then the validated copy of a first open is written
    run_interruptibly(dataset.finish)
    return 0


def _banner(line: str, to_stdout: bool) -> None:
    """`data as of … · snapshot …`: a header line, or on stderr where it would break the rows."""
    if to_stdout:
        print(safe_text(line))
    else:
        print(f"cockpit: {safe_text(line)}", file=sys.stderr)


def run_refresh(argv: Sequence[str]) -> int:
    """`cockpit refresh SOURCE --into ROOT`: a validated snapshot, or exit 1 and current as is."""
    args = refresh_parser().parse_args(argv)
    from datetime import UTC, datetime

    from cockpit.data.check import render_check
    from cockpit.data.refresh import refuse_reason, write_snapshot
    from cockpit.data.source import open_dataset

    # Refresh reads the source itself (no validated copy): the snapshot is the copy.
    dataset = run_interruptibly(
        lambda: open_dataset(
            args.source, args.mapping, whole=True, progress=_progress_on_stderr(), cached=False
        )
    )
    root = Path(args.into).expanduser()
    if refuse_reason(dataset) is not None:
        sys.stdout.write(render_check(dataset, "text", 20))
    written = write_snapshot(dataset, args.source, root, datetime.now(UTC))
    sys.stdout.write(_refresh_summary(written.path, written.manifest))
    return 0


def _refresh_summary(path: Path, manifest: dict[str, object]) -> str:
    tables: dict[str, dict[str, int]] = manifest["tables"]  # type: ignore[assignment]
    lines = [f"snapshot {safe_text(path)} (data as of {manifest.get('as_of', 'unknown')})"]
    lines += [f"  {name:<11} {t['rows']:>12,} rows" for name, t in tables.items()]
    lines.append(
        f"  {manifest['rows_set_aside']:,} rows set aside, {manifest['warnings']:,} warnings "
        "(cockpit check SOURCE lists them)"
    )
    lines.append(f"current -> snapshots/{safe_text(path.name)}")
    return "\n".join(lines) + "\n"


def _progress_on_stderr() -> Callable[[str], None] | None:
    """Progress lines for a person watching a terminal; nothing when stderr is redirected."""
    if not sys.stderr.isatty():
        return None

    def say(step: str) -> None:
        print(f"cockpit: {safe_text(step, 200)}", file=sys.stderr, flush=True)

    return say


def run_demo(argv: Sequence[str]) -> int:
    """`cockpit demo`: write synthetic data and say what was written."""
    args = demo_parser().parse_args(argv)

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
    args = open_parser().parse_args(argv)
    _keep_storage_options(args)
    _check_data_exists(args.data)
    settings, options = prepare_tui(args)
    from cockpit.data.snapshot import open_root
    from cockpit.ui.app import Source, run_app

    # Pinned here, once: a refresh during the session does not change what is shown.
    pinned = open_root(args.data, args.mapping)
    source = Source(args.data, args.mapping, args.period, settings, args.notes, pinned, args.config)
    return run_app(source, options)


def prepare_tui(args: argparse.Namespace) -> tuple[Settings | None, UiOptions]:
    """Settings (None: defaults, built later) and comfort options; sets the animation level.

    Call before Textual is imported: Textual reads TEXTUAL_ANIMATIONS once, at import.
    """
    settings = _settings_if_configured(args.config)
    ui = settings.ui if settings else None
    from cockpit.ui.options import apply_animations, resolve_options

    apply_animations(ui.animations if ui else "auto", os.environ)
    return settings, resolve_options(ui, args.confirm_quit, args.no_mouse)


def _check_data_exists(data: str | None) -> None:
    from cockpit.data.sources.uri import is_remote

    if data and not is_remote(data) and not Path(data).expanduser().exists():
        raise DataError(f"{data}: no such file or folder")


def _settings_if_configured(config: str | None) -> Settings | None:
    """Settings when a config file is given or exists (errors exit 2 here), else None."""
    from cockpit.paths import default_config_path

    if not (config or default_config_path().is_file()):
        # Without a config file the settings are the defaults, built in the app's worker so
        # pydantic loads after the frame paints.
        return None
    from cockpit.config import read_settings

    return read_settings(Path(config) if config else None)


def run_serve(argv: Sequence[str]) -> int:
    """`cockpit serve`: the same cockpit in a browser, on localhost unless --public."""
    args = serve_parser().parse_args(argv)
    from cockpit.ui.serve import is_loopback, serve

    if not (args.public or is_loopback(args.host)):
        raise UsageError(
            f"--host {args.host} is reachable from other machines and cockpit serve has no "
            "authentication: add --public if that is really meant, or keep the default "
            "127.0.0.1 and use an SSH tunnel"
        )
    _check_data_exists(args.data)
    _settings_if_configured(args.config)  # a config error is reported here, not in the browser
    return serve(_served_options(args), args.host, args.port)


def _served_options(args: argparse.Namespace) -> list[str]:
    """The `cockpit` options each browser tab's process is started with (the same as ours)."""
    options = [args.data] if args.data else []
    for flag in ("mapping", "period", "config", "notes"):
        value = getattr(args, flag)
        if value is not None:
            options += [f"--{flag}", value]
    flags = {"--confirm-quit": args.confirm_quit, "--no-mouse": args.no_mouse}
    return options + [flag for flag, on in flags.items() if on]


def run_notes(argv: Sequence[str]) -> int:
    """`cockpit notes …` (imported on use: other commands start faster)."""
    from cockpit.notes.cli import run_notes as notes

    return notes(argv)


def run_info(argv: Sequence[str]) -> int:
    """`cockpit info …`."""
    from cockpit.notes.cli import run_info as info

    return info(argv)


def run_bench(argv: Sequence[str]) -> int:
    """`cockpit bench …`: the benchmark against DuckDB and pandas."""
    from cockpit.bench.run import main as bench

    return bench(list(argv))


RUNNERS: dict[str, Callable[[Sequence[str]], int]] = {
    "bench": run_bench,
    "check": run_check,
    "report": run_report,
    "refresh": run_refresh,
    "demo": run_demo,
    "notes": run_notes,
    "info": run_info,
    "serve": run_serve,
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
