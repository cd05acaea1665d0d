"""The discussion notes of one agenda item: saved a moment after typing stops, never replaced by
someone else's text while there is unsaved typing.

Each save carries the item as this area last had it (``base``), so when another person saved
other notes meanwhile the store keeps both texts and reports the conflict.
"""

from __future__ import annotations

import dataclasses

from textual import on
from textual.message import Message
from textual.timer import Timer
from textual.widgets import TextArea

from ritual.i18n import _
from ritual.review import ReviewItem

AUTOSAVE_SECONDS = 0.8


def clamp_location(text: str, location: tuple[int, int]) -> tuple[int, int]:
    """A cursor position that still exists in ``text``."""
    lines = text.split("\n")
    row = min(location[0], len(lines) - 1)
    return row, min(location[1], len(lines[row]))


RETRY_SECONDS = 3.0


class NotesArea(TextArea):
    """Notes stay unsaved until the store confirms them: ``base`` is the item as last confirmed
    (or loaded), so a refused save leaves the text unsaved, shown as such and tried again, and
    a reload never replaces it."""

    @dataclasses.dataclass
    class SaveRequested(Message):
        """Typing stopped: the screen saves ``text`` over ``base`` (the item as it was)."""

        notes: NotesArea
        base: ReviewItem
        text: str

    def __init__(self, **kwargs) -> None:
        super().__init__(soft_wrap=True, placeholder=_("Discussion notes"), **kwargs)
        self.base: ReviewItem | None = None
        self._timer: Timer | None = None
        self._sending: str | None = None  # the text of the save on its way, not yet confirmed
        self.refusal = ""  # why the last save was refused ("" once one is stored)

    @property
    def item_id(self) -> int | None:
        return self.base.id if self.base else None

    @property
    def dirty(self) -> bool:
        """Typed text the store has not confirmed yet (being saved, refused, or just typed)."""
        return self.base is not None and self.text.rstrip() != self.base.notes

    @property
    def saving(self) -> bool:
        return self._sending is not None

    def show(self, item: ReviewItem | None) -> None:
        """Show ``item``'s notes; the same item's unsaved (or saving) text is kept as it is."""
        if item is None or item.id != self.item_id:
            self.base, self._sending, self.refusal = item, None, ""
            self.load_text(item.notes if item else "")
            self._show_state()
            return
        if self.dirty or self.saving:
            return
        self.base = item
        if self.text.rstrip() != item.notes:
            cursor = self.cursor_location
            self.load_text(item.notes)
            self.cursor_location = clamp_location(item.notes, cursor)

    @on(TextArea.Changed)
    def _typed(self) -> None:
        self._stop_timer()
        if self.dirty and not self.saving:
            self._timer = self.set_timer(AUTOSAVE_SECONDS, self._autosave)
        self._show_state()

    def _autosave(self) -> None:
        request = self.take_unsaved()
        if request is not None:
            self.post_message(self.SaveRequested(self, *request))

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def take_unsaved(self) -> tuple[ReviewItem, str] | None:
        """(base, text) to save now, or None (nothing unsaved, or a save is on its way: what
        is typed meanwhile is saved once it is confirmed). The text stays unsaved until
        :meth:`save_stored`."""
        self._stop_timer()
        if self.base is None or not self.dirty or self.read_only or self.saving:
            return None
        self._sending = self.text
        self._show_state()
        return self.base, self.text

    def save_stored(self, item: ReviewItem) -> None:
        """The save is on disk; ``item`` is what the store now holds. Text typed while it was
        on its way is saved next."""
        if item.id != self.item_id:
            return
        sent, self._sending, self.refusal = self._sending, None, ""
        self.base = dataclasses.replace(item, notes=item.notes)
        if sent is not None and self.text == sent and self.text.rstrip() != item.notes:
            # Merged with someone else's lines: show what is stored, or the next save would
            # take their lines out again.
            cursor = self.cursor_location
            self.load_text(item.notes)
            self.cursor_location = clamp_location(item.notes, cursor)
        if self.dirty:
            self._timer = self.set_timer(AUTOSAVE_SECONDS, self._autosave)
        self._show_state()

    def save_refused(self, reason: str) -> None:
        """Nothing was written: the text stays unsaved and is saved again in a moment."""
        self._sending, self.refusal = None, reason
        self._stop_timer()
        if self.dirty:
            self._timer = self.set_timer(RETRY_SECONDS, self._autosave)
        self._show_state()

    @property
    def retry_pending(self) -> bool:
        return self._timer is not None and bool(self.refusal)

    def _show_state(self) -> None:
        if self.refusal and self.dirty:
            state = _("NOT SAVED: {reason} Trying again…").format(reason=self.refusal)
        elif self.saving:
            state = _("saving…")
        elif self.dirty:
            state = _("unsaved")
        else:
            state = _("saved as you type")
        self.border_title = _("Notes ({state})").format(state=state)
