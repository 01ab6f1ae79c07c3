"""The `cockpit` command line's parsers: every command's options, and usage errors as exceptions."""

from __future__ import annotations

import argparse
from datetime import date

from cockpit import __version__
from cockpit.errors import UsageError
from cockpit.period_spec import parse_period

COMMANDS = (
    "check", "report", "minutes", "brief", "map", "refresh", "notes", "info", "demo", "bench",
    "serve",
)  # fmt: skip


class _Parser(argparse.ArgumentParser):
    """argparse that raises UsageError instead of exiting, so main() owns every exit code."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message}\n{self.format_usage().strip()}")


def open_parser() -> argparse.ArgumentParser:
    """`cockpit [DATA]`: open the TUI."""
    parser = _Parser(
        prog="cockpit",
        description="Terminal team-review cockpit for sales managers. "
        f"Commands: {', '.join(COMMANDS)} (cockpit COMMAND --help).",
    )
    parser.add_argument("--version", action="version", version=f"cockpit {__version__}")
    _add_source(parser)
    _add_review_options(parser)
    _add_ui_options(parser)
    return parser


def _add_ui_options(parser: argparse.ArgumentParser) -> None:
    """Comfort flags; each switches on what the config's [ui] table could also set."""
    parser.add_argument(
        "--confirm-quit", action="store_true", help="ask y/n before q or ctrl+c quits"
    )
    parser.add_argument(
        "--no-mouse", action="store_true", help="leave the mouse to the terminal (text selection)"
    )


def serve_parser() -> argparse.ArgumentParser:
    """`cockpit serve`: the TUI in a browser, on localhost unless --public."""
    parser = _Parser(
        prog="cockpit serve",
        description="Serve the cockpit to a web browser (textual-serve). No authentication: "
        "it listens on localhost; reach it through an SSH tunnel.",
    )
    _add_source(parser)
    _add_review_options(parser)
    _add_ui_options(parser)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    parser.add_argument("--port", type=_port, default=8000, help="port to listen on (8000)")
    parser.add_argument(
        "--public",
        action="store_true",
        help="allow a --host other than loopback: anyone who reaches it uses cockpit as you",
    )
    parser.add_argument(
        "--max-tabs",
        type=_tabs,
        default=8,
        metavar="N",
        help="browser tabs served at once, each a cockpit process (8); more are refused",
    )
    parser.add_argument(
        "--allow-host",
        type=_host_name,
        action="append",
        default=[],
        metavar="NAME",
        help="a host name browsers may use besides localhost and IP addresses, e.g. the "
        "server's name with --public (repeatable); others are refused (DNS rebinding)",
    )
    return parser


def _port(value: str) -> int:
    if value.isdigit() and 1 <= int(value) <= 65535:
        return int(value)
    raise argparse.ArgumentTypeError(f"{value!r} is not a port number (1-65535)")


MAX_TABS = 64


def _tabs(value: str) -> int:
    if value.isascii() and value.isdigit() and 1 <= int(value) <= MAX_TABS:
        return int(value)
    raise argparse.ArgumentTypeError(
        f"{value!r} is not a number of tabs (1-{MAX_TABS}; each tab is a cockpit process)"
    )


def _host_name(value: str) -> str:
    name = value.strip().rstrip(".").lower()
    if name and all(c.isalnum() or c in ".-" for c in name) and name.isascii():
        return name
    raise argparse.ArgumentTypeError(
        f"{value!r} is not a host name: give the name alone, e.g. review.example.com "
        "(no http://, no port)"
    )


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


def check_parser() -> argparse.ArgumentParser:
    """`cockpit check`: validate a source and list every problem."""
    parser = _Parser(
        prog="cockpit check", description="Validate a data folder; list every problem."
    )
    _add_source(parser)
    parser.add_argument("--all", action="store_true", help="list every row of every problem")
    parser.add_argument("--format", choices=("text", "csv", "json"), default="text")
    return parser


def map_parser() -> argparse.ArgumentParser:
    """`cockpit map`: draft a mapping file for an unknown export."""
    parser = _Parser(
        prog="cockpit map",
        description="Draft a mapping file for an export cockpit does not know: which file "
        "feeds each table and which column each field takes, every guess commented. "
        "Save it (cockpit map DIR > my.toml), check it, then: cockpit check DIR --mapping my.toml",
    )
    parser.add_argument("folder", metavar="DIR", help="the folder the export unzipped into")
    parser.add_argument(
        "--preset",
        metavar="NAME",
        help="start from a shipped preset (salesforce, hubspot, …) and say what the folder has",
    )
    return parser


def report_parser() -> argparse.ArgumentParser:
    """`cockpit report`: the panes' numbers, headless."""
    parser = _Parser(prog="cockpit report", description="Print a pane's numbers, headless.")
    _add_source(parser)
    parser.add_argument(
        "--pane", choices=("tiers", "growth", "leads", "churn", "review", "all"), default="all"
    )
    parser.add_argument("--format", choices=("table", "csv", "json", "markdown"), default="table")
    parser.add_argument(
        "--changes",
        action="store_true",
        help="add what changed since the previous snapshot (DATA must be a snapshot root)",
    )
    _add_review_options(parser)
    return parser


def minutes_parser() -> argparse.ArgumentParser:
    """`cockpit minutes`: the meeting's decisions, notes and actions, as a page."""
    parser = _Parser(
        prog="cockpit minutes",
        description="The review meeting's record from the notes workspace: items decided, notes "
        "written and actions assigned since a day, what changed since the previous snapshot, "
        "and the open actions carried over (overdue first).",
    )
    _add_source(parser)
    parser.add_argument(
        "--since",
        metavar="YYYY-MM-DD",
        type=_iso_date,
        help="records from this day on, UTC (default: the last 7 days)",
    )
    _add_page_options(parser)
    _add_review_options(parser)
    return parser


def brief_parser() -> argparse.ArgumentParser:
    """`cockpit brief rep:ID`: one page for a 1:1 development conversation."""
    parser = _Parser(
        prog="cockpit brief",
        description="One page for a 1:1 development conversation with a rep: outcomes with "
        "their formulas, the trend over the snapshots, growth track, open actions, recent "
        "notes and talking points.",
    )
    parser.add_argument("subject", metavar="rep:ID", help="the rep, e.g. rep:R00007")
    _add_source(parser)
    _add_page_options(parser)
    _add_review_options(parser)
    return parser


def _add_page_options(parser: argparse.ArgumentParser) -> None:
    """--format and --out of a page (minutes, brief)."""
    parser.add_argument(
        "--format",
        choices=("markdown", "html"),
        default="markdown",
        help="markdown (to paste into an e-mail or a wiki) or one self-contained HTML page",
    )
    parser.add_argument(
        "--out", metavar="FILE", help="write the page to FILE (replaced whole) instead of stdout"
    )


def refresh_parser() -> argparse.ArgumentParser:
    """`cockpit refresh`: a validated snapshot of a source."""
    parser = _Parser(
        prog="cockpit refresh",
        description="Validate SOURCE and write it as an immutable snapshot under ROOT/snapshots, "
        "then point ROOT/current at it. Refuses (exit 1) when the data has errors.",
    )
    parser.add_argument("source", help="data folder to load and validate")
    parser.add_argument("--into", required=True, metavar="ROOT", help="snapshot root folder")
    parser.add_argument(
        "--mapping",
        metavar="NAME|FILE",
        help="CRM mapping: a preset (maven_crm, salesforce, hubspot) or a TOML file",
    )
    return parser


def _add_review_options(parser: argparse.ArgumentParser) -> None:
    """--period, --config and --notes: what is reviewed, with which thresholds and notes."""
    parser.add_argument(
        "--period",
        metavar="PERIOD",
        type=_period,
        help="review period: 2026Q3, 2026-09, 2026 (fiscal year), qtd, ytd, last-quarter, "
        "START:END… (default: the fiscal year of the as-of day)",
    )
    parser.add_argument(
        "--as-of",
        metavar="YYYY-MM-DD",
        type=_iso_date,
        help="the review day (default: the latest day something happened in the data)",
    )
    parser.add_argument(
        "--team",
        metavar="TEAM",
        help="review one team (reps.team): its reps and the deals, leads and accounts they own",
    )
    parser.add_argument("--config", metavar="FILE", help="settings TOML (thresholds, keys)")
    parser.add_argument(
        "--notes", metavar="DIR", help="notes workspace (default: beside the data; cockpit info)"
    )


def demo_parser() -> argparse.ArgumentParser:
    """`cockpit demo`: deterministic synthetic team data."""
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
    parser.add_argument(
        "--force",
        action="store_true",
        help="write into a folder that is not empty (its table files are overwritten)",
    )
    return parser


def _period(value: str) -> str:
    """A period spelled as the period language has it (checked here, resolved with the data)."""
    try:
        parse_period(value, date(2000, 1, 1))
    except UsageError as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix("--period ")) from None
    return value


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _add_workspace_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--notes", metavar="DIR", help="notes workspace folder")
    parser.add_argument(
        "--data",
        metavar="DIR",
        help="the data the notes are about (default: the bundled sample): its default "
        "workspace when --notes is not given; `add` checks the subject is in it",
    )


def _add_subject_source(parser: argparse.ArgumentParser) -> None:
    """How `notes add` reads --data to check that the subject is in it (report's options)."""
    parser.add_argument(
        "--mapping",
        metavar="NAME|FILE",
        help="CRM mapping of --data: a preset (maven_crm, salesforce, hubspot) or a TOML file",
    )
    parser.add_argument(
        "--storage-option",
        metavar="KEY=VALUE",
        action="append",
        type=_storage_option,
        help="object storage option for s3:// data (repeatable)",
    )
    parser.add_argument("--config", metavar="FILE", help="settings TOML (thresholds)")
    parser.add_argument(
        "--period", metavar="PERIOD", type=_period, help="review:ITEM: the period of its queue"
    )
    parser.add_argument(
        "--as-of", metavar="YYYY-MM-DD", type=_iso_date, help="review:ITEM: the review day"
    )


def notes_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="cockpit notes", description="Add, list and tick off notes; edit growth plans."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="add|list|done|growth")
    add = commands.add_parser("add", help="save a note", description="Save a note.")
    add.add_argument("--subject", required=True, help="rep:ID, segment:NAME, account:ID, review:ID")
    add.add_argument("--text", required=True, help="the note ('-' reads it from stdin)")
    add.add_argument("--kind", choices=("note", "growth", "action"), help="default: note")
    add.add_argument("--due", type=_iso_date, metavar="YYYY-MM-DD", help="action: due date")
    add.add_argument("--owner", metavar="NAME", help="action: who does it (default: you)")
    add.add_argument(
        "--force",
        action="store_true",
        help="save it even when the subject is not in the data (--data, default: the sample)",
    )
    _add_subject_source(add)
    _add_workspace_option(add)
    show = commands.add_parser("list", help="list notes", description="List notes, oldest first.")
    show.add_argument("--subject", help="only notes about this subject")
    show.add_argument("--format", choices=("table", "json"), default="table")
    _add_workspace_option(show)
    done = commands.add_parser("done", help="tick a note off", description="Tick a note off.")
    done.add_argument("id", help="note id (or a unique prefix of at least 4 characters)")
    _add_workspace_option(done)
    growth = commands.add_parser(
        "growth",
        help="edit a rep's growth plan",
        description="Edit a rep's growth plan; it takes precedence over the imported growth table.",
    )
    growth.add_argument("rep_id", help="the rep's id")
    for field in GROWTH_OPTIONS:
        growth.add_argument(f"--{field.replace('_', '-')}", metavar="TEXT")
    growth.add_argument(
        "--clear", action="append", default=[], choices=GROWTH_OPTIONS, help="empty a field"
    )
    _add_workspace_option(growth)
    return parser


# The growth table's plan fields (cockpit.data.schema.GROWTH_PLAN_FIELDS, which a test compares),
# written out: importing the schema loads Polars before the TUI's first frame.
GROWTH_OPTIONS = ("track", "next_skill", "stretch_assignment", "promotion_readiness")


def info_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="cockpit info", description="Where config, workspace and data are.")
    parser.add_argument("data", nargs="?", help="data folder (default: the bundled sample data)")
    parser.add_argument("--notes", metavar="DIR", help="notes workspace folder")
    parser.add_argument("--config", metavar="FILE", help="settings TOML")
    return parser
