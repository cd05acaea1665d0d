"""What the store can refuse, each with one sentence a person can act on."""

from __future__ import annotations

from dataclasses import dataclass

from ritual.i18n import _


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


def missing_file_message(path: object) -> str:
    """The one sentence for a team file that is not there (CLI and store alike)."""
    return _(
        "No team file at {path}: create a new team there with 'ritual init --db {path}' "
        "(or 'ritual demo' for a demo team), or check --db / $RITUAL_DB."
    ).format(path=path)


class MissingFile(StoreError):
    """There is no team file at the path, and this store was not asked to create one."""

    def __init__(self, path: object) -> None:
        super().__init__(missing_file_message(path))


class FileUnavailable(StoreError):
    """The team file this store had read went missing, empty or unreadable. Reads keep the last
    good data, writes are refused, the file is never recreated; the message says why."""
