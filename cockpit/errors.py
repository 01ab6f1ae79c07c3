"""Errors that reach the user in words, each with the exit code the CLI returns for it."""

from __future__ import annotations


class CockpitError(Exception):
    """An error a user can act on; the message names the file, key or value and what to do."""

    exit_code = 1


class DataError(CockpitError):
    """The data cannot be used (a required table is missing, unreadable or empty)."""

    exit_code = 1


class UsageError(CockpitError):
    """The command line, a mapping file or a config file is wrong."""

    exit_code = 2
