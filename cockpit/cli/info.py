"""`cockpit info`: where the config, the data, the notes workspace and the cache are."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from cockpit.cli.args import info_parser
from cockpit.notes.workspace import workspace_for
from cockpit.text import safe_lines, safe_text


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
    if data.is_dir():
        from cockpit.fingerprint import check_readable

        check_readable(data)
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
    settings_ok = _print_cache(config)
    return 0 if data.exists() and not store.problems and settings_ok else 1


def _print_cache(config: Path) -> bool:
    """Where validated copies and first screens are kept (they hold CRM data: mode 0700), and
    how much a first open may hold in memory; False when the runtime settings are invalid."""
    from cockpit.errors import UsageError
    from cockpit.paths import cache_dir
    from cockpit.runtime import BUDGET_ENV, NO_CACHE_ENV, Runtime, from_environ
    from cockpit.runtime import memory_budget_bytes as budget_of

    runtime: Runtime
    try:
        if config.is_file():
            from cockpit.config import read_runtime

            runtime = read_runtime(config)
        else:
            runtime = from_environ()
    except UsageError as exc:
        print("cache      unknown  (the runtime settings are invalid: see memory)")
        print(f"memory     invalid: {safe_lines(exc)}")
        return False
    root = cache_dir(runtime.cache_dir)
    state = f"off: {NO_CACHE_ENV} or no_cache in [runtime]" if runtime.no_cache else _access(root)
    print(f"cache      {safe_text(root)}  ({state})")
    budget = f"up to {budget_of(runtime) / 1_000_000:,.0f} MB of tables"
    print(f"memory     a first open checks {budget} in memory ({BUDGET_ENV} or [runtime])")
    return True


def _access(root: Path) -> str:
    """Whether the cache at `root` (and its `data` and `previews` folders) is private, in words:
    as it is now, not as it was meant to be (see `cockpit.private_files.cache_folder`)."""
    import os

    from cockpit.private_files import CACHE_ADVICE, folder_access

    for path in (root, root / "data", root / "previews"):
        if not os.path.lexists(path):
            continue  # made private (0700) when first written
        access = folder_access(path)
        if access.startswith("private"):
            continue
        if access.endswith("refused"):
            access += f"; cockpit runs without a cache: remove it, or {CACHE_ADVICE}"
        return access if path == root else f"{path.name}/ in it is {access}"
    return "private"
