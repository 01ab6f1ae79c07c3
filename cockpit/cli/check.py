"""`cockpit check`: validate a data folder or database and list every problem."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from cockpit.cli.args import check_parser
from cockpit.cli.common import (
    banner,
    progress_on_stderr,
    runtime_settings,
    storage_options,
    time_zone,
)
from cockpit.interrupt import run_interruptibly


def run_check(argv: Sequence[str]) -> int:
    """`cockpit check`: exit 0 when usable without errors, 1 otherwise."""
    args = check_parser().parse_args(argv)
    from cockpit.data.copies.snapshot import open_root
    from cockpit.data.source import open_dataset
    from cockpit.report.check import render_check

    runtime = runtime_settings(None)
    zone = time_zone(None)
    options = storage_options(args, runtime)
    pinned = open_root(args.data, args.mapping)
    if pinned is not None:
        banner(pinned.banner(), to_stdout=args.format == "text")
    data, mapping = (str(pinned.path), None) if pinned else (args.data, args.mapping)
    # `check` always reads the files themselves: it is how a user verifies them.
    dataset = run_interruptibly(
        lambda: open_dataset(
            data,
            mapping,
            every_partition=True,
            progress=progress_on_stderr(),
            cached=False,
            storage_options=options,
            runtime=runtime,
            timezone=zone,
        )
    )
    limit = None if args.all or args.format != "text" else 20
    sys.stdout.write(render_check(dataset, args.format, limit))
    return 0 if dataset.usable and dataset.error_count == 0 else 1
