"""What the store can refuse, each with one sentence a person can act on."""

from __future__ import annotations

from dataclasses import dataclass


class StoreError(Exception):
    """The team file cannot be used as it is; the message says what to do. Nothing was written."""


class StoreBusy(StoreError):
    """Another process held the lock for longer than we were willing to wait."""


class NotFound(StoreError):
    """A record that was asked for by id does not exist (any more)."""


@dataclass(frozen=True)
class ConflictNote:
    """Another person's text that a change replaced; kept on the record, shown by the UI."""

    field: str
    text: str
    by: str
    at: str
