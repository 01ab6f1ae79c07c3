"""`cockpit map`: draft a mapping file for an export cockpit does not know."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from cockpit.cli.args import map_parser
from cockpit.errors import DataError, UsageError
from cockpit.text import safe_text


def run_map(argv: Sequence[str]) -> int:
    """`cockpit map DIR [--preset NAME]`: the draft on stdout, what it found on stderr."""
    args = map_parser().parse_args(argv)
    from cockpit.data.mapping import preset_names

    if args.preset is not None and args.preset not in preset_names():
        raise UsageError(
            f"unknown preset {args.preset!r}: choose one of {', '.join(preset_names())}"
        )
    folder = Path(args.folder).expanduser()
    if not folder.exists():
        raise DataError(f"{folder}: no such folder")
    if not folder.is_dir():
        raise DataError(f"{folder}: not a folder; give the folder the export unzipped into")
    from cockpit.fingerprint import check_readable

    check_readable(folder)
    if args.preset is not None:
        from cockpit.data.draft.preset import preset_draft

        drafted = preset_draft(folder, args.preset)
    else:
        from cockpit.data.draft import draft_mapping

        drafted = draft_mapping(folder)
    sys.stdout.write(drafted.text)
    for line in drafted.summary:
        print(f"cockpit: {safe_text(line)}", file=sys.stderr)
    print("cockpit: check every guess, then: cockpit check DIR --mapping my.toml", file=sys.stderr)
    return 0
