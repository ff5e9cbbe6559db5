"""Errors that end a command with exit code 2: archdsl could not do its job."""


class UsageError(Exception):
    """A bad option, an unreadable path or a broken configuration; one line for stderr."""
