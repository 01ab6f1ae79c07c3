"""Where a data source's notes workspace lives when --notes is not given.

1. `<data folder>/.cockpit/` when it already exists (the team's shared workspace: used even if
   this user cannot write it, so notes are never silently split; saving then says why it failed);
2. else `<data folder>/.cockpit/` when the data folder is writable (notes travel with the data);
3. else the user's data dir (platformdirs), one folder per data source:
   `<user data>/cockpit/workspaces/<folder name>-<hash of its absolute path>/`. Those are one
   user's notes about people: `<user data>/cockpit`, `workspaces` and the workspace are private
   (0700, tightened when open to others, refused when a link or another user's) and the files in
   it 0600 (`make_workspace`).

The bundled sample (inside an installed wheel, or a checkout's `sample_data/`) must never be
written, so its workspace is always the user's data dir. For a data *file*, its folder is the
data folder.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import platformdirs

from cockpit.data.uri import is_remote, mask_passwords, public_uri
from cockpit.errors import UsageError
from cockpit.notes.atomic import make_dirs
from cockpit.paths import is_bundled
from cockpit.private_files import private_folder

WORKSPACE_NAME = ".cockpit"


def _data_folder(data: Path) -> Path:
    folder = data.expanduser().resolve()
    return folder.parent if folder.is_file() else folder


def user_workspaces() -> Path:
    """The folder of this user's per-source workspaces, in the user data dir."""
    return platformdirs.user_data_path("cockpit") / "workspaces"


def make_workspace(path: Path) -> None:
    """Create the workspace `path` when missing, before a save.

    A per-user workspace (in `user_workspaces()`, or --notes pointing there) is private with its
    parents `<user data>/cockpit` and `workspaces`: created 0700, tightened to 0700 when open to
    others, refused (UnsafePathError) when a link or another user's; what is created in it is
    then private too (see `cockpit.notes.atomic`). Any other workspace is made as `mkdir -p`
    would, a shared one keeping the group's bits (its parents are the team's, not ours to change).
    """
    workspaces = user_workspaces()
    if path.parent == workspaces:
        private_folder(workspaces.parent)
        private_folder(workspaces)
        private_folder(path)
    else:
        make_dirs(path)


def user_workspace(data: Path) -> Path:
    """The per-user workspace for one data source (when beside the data is not possible)."""
    folder = _data_folder(data)
    digest = hashlib.sha256(str(folder).encode("utf-8", "surrogateescape")).hexdigest()[:12]
    name = re.sub(r"[^A-Za-z0-9_-]+", "_", folder.name).strip("_")[:40] or "data"
    return user_workspaces() / f"{name}-{digest}"


def database_workspace(uri: str) -> Path:
    """The per-user workspace for a database or object-storage source, named from its URI without
    credentials, so the same database spelled with or without a password shares one workspace."""
    folder = _named_workspace(public_uri(uri))
    # Before 2026-12-03 the name came from the URI with its password masked: keep using such a
    # workspace when it exists, so no one's notes disappear.
    earlier = _named_workspace(mask_passwords(uri))
    return earlier if not folder.exists() and earlier.is_dir() else folder


def _named_workspace(shown: str) -> Path:
    """`<user data>/cockpit/workspaces/<last part of the URI>-<hash of the whole URI>`."""
    digest = hashlib.sha256(shown.encode("utf-8", "surrogateescape")).hexdigest()[:12]
    name = (
        re.sub(r"[^A-Za-z0-9_-]+", "_", shown.split("?")[0].rsplit("/", 1)[-1]).strip("_")[:40]
        or "db"
    )
    return user_workspaces() / f"{name}-{digest}"


def describe_workspace(data: Path) -> tuple[Path, str]:
    """The default workspace for `data` and, in words, why it is there."""
    folder = _data_folder(data)
    beside = folder / WORKSPACE_NAME
    if is_bundled(folder):
        return user_workspace(folder), "user data dir: the bundled sample is read-only"
    if beside.is_dir():
        return beside, "beside the data"
    if os.access(folder, os.W_OK | os.X_OK):
        return beside, "beside the data"
    return user_workspace(folder), "user data dir: the data folder is not writable"


def default_workspace(data_folder: Path) -> Path:
    """The workspace used for `data_folder` when --notes is not given (see module docstring)."""
    return describe_workspace(data_folder)[0]


def check_workspace(path: Path) -> Path:
    """`path` as a workspace, refusing the package and its sample (they must stay unmodified)."""
    if is_bundled(path):
        raise UsageError(
            f"{path} is inside cockpit's own files (the package or its bundled sample); "
            "choose another folder"
        )
    if path.exists() and not path.is_dir():
        raise UsageError(f"--notes {path} is a file; give a folder for the notes workspace")
    return path


def workspace_for(notes: str | None, data: str | None) -> tuple[Path, str]:
    """The workspace from --notes, else the default for DATA (the sample when None), and why."""
    from cockpit.errors import DataError
    from cockpit.paths import SAMPLE_DATA

    if notes:
        return check_workspace(Path(notes).expanduser()), "from --notes"
    if is_remote(data):
        return database_workspace(str(data)), "user data dir: the data is not in a local folder"
    folder = Path(data).expanduser() if data else SAMPLE_DATA
    if data and not folder.exists():
        raise DataError(f"{data}: no such file or folder")
    return describe_workspace(folder)
