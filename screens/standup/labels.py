"""What the stand-up's stored ids are called on screen: a speaker's status, the meeting's state,
a note's field, a board column. The ids stay English in the file; only these labels translate."""

from __future__ import annotations

from ritual.i18n import N_, _
from ritual.iteration import Column
from ritual.standup import (
    ABSENT,
    ASYNC,
    DONE,
    ENDED,
    NOT_STARTED,
    PAUSED,
    RUNNING,
    SKIPPED,
    SPEAKING,
    WAITING,
)

# What a speaker's stored status (an id) and the meeting's state are called on screen.
STATUS_LABELS = {
    WAITING: N_("waiting"),
    SPEAKING: N_("speaking"),
    DONE: N_("done"),
    ABSENT: N_("absent"),
    ASYNC: N_("async"),
    SKIPPED: N_("skipped"),
}
STATE_LABELS = {
    NOT_STARTED: N_("not started"),
    RUNNING: N_("running"),
    PAUSED: N_("paused"),
    ENDED: N_("ended"),
}
NOTE_LABELS = {"yesterday": N_("Yesterday"), "today": N_("Today"), "blockers": N_("Blockers")}


def status_label(status: str) -> str:
    """A speaker's status as shown (the stored id itself when it is one this version lacks)."""
    return _(STATUS_LABELS.get(status, status))


def state_label(state: str) -> str:
    """The meeting's state as shown."""
    return _(STATE_LABELS.get(state, state))


def note_label(key: str) -> str:
    """A note field's name as shown (``key`` is its stored name)."""
    return _(NOTE_LABELS.get(key, key))


def column_label(column: str) -> str:
    """A board column's name as shown, from its stored id."""
    try:
        return _(Column(column).label)
    except ValueError:
        return column
