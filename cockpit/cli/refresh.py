"""`cockpit refresh SOURCE --into ROOT`: a validated weekly snapshot."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from cockpit.cli.args import refresh_parser
from cockpit.cli.common import progress_on_stderr, runtime_settings, storage_options, time_zone
from cockpit.interrupt import run_interruptibly
from cockpit.text import safe_text


def run_refresh(argv: Sequence[str]) -> int:
    """`cockpit refresh SOURCE --into ROOT`: a validated snapshot, or exit 1 and current as is."""
    args = refresh_parser().parse_args(argv)
    from datetime import UTC, datetime

    from cockpit.data.copies.refresh import refuse_reason, write_snapshot
    from cockpit.data.source import open_dataset
    from cockpit.report.check import render_check

    runtime = runtime_settings(None)
    zone = time_zone(None)
    # Refresh reads the source itself (no validated copy): the snapshot is the copy.
    dataset = run_interruptibly(
        lambda: open_dataset(
            args.source,
            args.mapping,
            whole=True,
            progress=progress_on_stderr(),
            cached=False,
            storage_options=storage_options(args, runtime),
            runtime=runtime,
            timezone=zone,
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
