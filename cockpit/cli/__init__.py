"""The `cockpit` command: one module per subcommand; `main` turns failures into messages."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from itertools import pairwise

from cockpit.cli.bench import run_bench
from cockpit.cli.brief import run_brief
from cockpit.cli.check import run_check
from cockpit.cli.demo import run_demo
from cockpit.cli.info import run_info
from cockpit.cli.map import run_map
from cockpit.cli.minutes import run_minutes
from cockpit.cli.notes import run_notes
from cockpit.cli.open import run_open, run_serve
from cockpit.cli.refresh import run_refresh
from cockpit.cli.report import run_report
from cockpit.data.uri import mask_passwords
from cockpit.errors import CockpitError
from cockpit.text import safe_lines, safe_text

EXIT_INTERRUPTED = 130

RUNNERS: dict[str, Callable[[Sequence[str]], int]] = {
    "bench": run_bench,
    "check": run_check,
    "map": run_map,
    "report": run_report,
    "minutes": run_minutes,
    "brief": run_brief,
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
        if _debugging(args):
            raise
        print(
            f"cockpit: internal error ({type(exc).__name__}: "
            f"{mask_passwords(safe_text(exc, 300))}). "
            "Please report it; run with COCKPIT_DEBUG=1 to see the traceback.",
            file=sys.stderr,
        )
        return 1


def _debugging(args: Sequence[str]) -> bool:
    """COCKPIT_DEBUG, else `debug = true` in the `[runtime]` table of the config file (--config,
    else the default one). Asked only after an internal error, so that reading the file (and
    importing pydantic) costs the start nothing; a file that cannot be read means no."""
    from cockpit.runtime import debug_requested

    if debug_requested():
        return True
    given = [a.removeprefix("--config=") for a in args if a.startswith("--config=")]
    given += [value for flag, value in pairwise(args) if flag == "--config"]
    try:
        from cockpit.cli.common import runtime_settings

        return runtime_settings(given[-1] if given else None).debug
    except Exception:
        return False
