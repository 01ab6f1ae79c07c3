"""The `cockpit` command: one module per subcommand; `main` turns failures into messages."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Sequence
from itertools import pairwise

from cockpit.data.uri import mask_passwords
from cockpit.errors import CockpitError
from cockpit.text import safe_lines, safe_text

EXIT_INTERRUPTED = 130

RUNNERS: dict[str, str] = {
    "bench": "bench:run_bench",
    "check": "check:run_check",
    "map": "map:run_map",
    "report": "report:run_report",
    "minutes": "minutes:run_minutes",
    "brief": "brief:run_brief",
    "refresh": "refresh:run_refresh",
    "demo": "demo:run_demo",
    "notes": "notes:run_notes",
    "info": "info:run_info",
    "serve": "open:run_serve",
}
"""Each subcommand's runner, as `module:function` in cockpit.cli: only the one run is imported
(importing all of them cost every command 50–80 ms)."""


def runner(command: str) -> Callable[[Sequence[str]], int]:
    """The function that runs `command` (a key of RUNNERS, or `open` for the screen)."""
    module, function = RUNNERS.get(command, "open:run_open").split(":")
    found: Callable[[Sequence[str]], int] = getattr(
        importlib.import_module(f"cockpit.cli.{module}"), function
    )
    return found


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; every failure becomes a message and an exit code, not a traceback."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] in RUNNERS:
            return runner(args[0])(args[1:])
        return runner("open")(args)
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
