"""Problems a user can cause or fix: each carries a message fit to print as it is."""

from __future__ import annotations

from collections.abc import Sequence

from bargaining.inputs import InputError


class StorageError(Exception):
    """A refused or failed storage operation; ``str()`` is the message for the user."""


class CaseRefused(StorageError):
    """A case folder (or an event to add) that does not validate; carries every located error."""

    def __init__(self, message: str, errors: Sequence[InputError]) -> None:
        super().__init__(message)
        self.errors = tuple(errors)
