"""`cockpit info`: where the config, the data, the notes workspace and the cache are."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from cockpit.cli.args import info_parser
from cockpit.notes.workspace import workspace_for
from cockpit.text import safe_text


def run_info(argv: Sequence[str]) -> int:
    """`cockpit info`: print where the config, the data and the notes workspace are."""
    args = info_parser().parse_args(argv)
    from cockpit.data.uri import is_remote, public_uri
    from cockpit.notes.store import NoteStore
    from cockpit.paths import SAMPLE_DATA, default_config_path

    config = Path(args.config).expanduser() if args.config else default_config_path()
    config_state = "exists" if config.is_file() else "not found: built-in defaults are used"
    print(f"config     {safe_text(config)}  ({config_state})")
    if is_remote(args.data):
        # A URI is shown without its credentials; it is not looked up on disk.
        print(f"data       {safe_text(public_uri(args.data))}  (database or object storage)")
        workspace, why = workspace_for(args.notes, args.data)
        print(f"workspace  {safe_text(workspace)}  ({why})")
        return 0
    data = Path(args.data).expanduser() if args.data else SAMPLE_DATA
    data_state = "bundled sample" if not args.data else "exists" if data.exists() else "not found"
    print(f"data       {safe_text(data.resolve())}  ({data_state})")
    if not (args.notes or data.exists()):
        print("workspace  unknown  (the data folder does not exist; give --notes DIR)")
        return 1
    workspace, why = workspace_for(args.notes, args.data)
    print(f"workspace  {safe_text(workspace)}  ({why})")
    store = NoteStore(workspace)
    notes = store.notes() if workspace.is_dir() else []
    print(f"notes      {len(notes)} readable, {len(store.problems)} unreadable file(s)")
    for problem in store.problems:
        print(f"           {safe_text(problem)}")
    settings_ok = _print_cache()
    return 0 if data.exists() and not store.problems and settings_ok else 1


def _print_cache() -> bool:
    """Where validated copies and first screens are kept (they hold CRM data: mode 0700), and
    how much a first open may hold in memory; False when that setting is invalid."""
    from cockpit.paths import cache_dir, cache_enabled

    state = "private" if cache_enabled() else "off: COCKPIT_NO_CACHE is set"
    print(f"cache      {safe_text(cache_dir())}  ({state})")
    from cockpit.errors import UsageError
    from cockpit.paths import BUDGET_ENV, memory_budget_bytes

    try:
        budget = f"up to {memory_budget_bytes() / 1_000_000:,.0f} MB of tables"
    except UsageError as exc:
        print(f"memory     invalid: {safe_text(exc)}")
        return False
    print(f"memory     a first open checks {budget} in memory ({BUDGET_ENV})")
    return True
