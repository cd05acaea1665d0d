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

from ritual.review import ReviewItem

AUTOSAVE_SECONDS = 0.8


def clamp_location(text: str, location: tuple[int, int]) -> tuple[int, int]:
    """A cursor position that still exists in ``text``."""
    lines = text.split("\n")
    row = min(location[0], len(lines) - 1)
    return row, min(location[1], len(lines[row]))


class NotesArea(TextArea):
    @dataclasses.dataclass
    class SaveRequested(Message):
        """Typing stopped: the screen saves ``text`` over ``base`` (the item as it was)."""

        notes: NotesArea
        base: ReviewItem
        text: str

    def __init__(self, **kwargs) -> None:
        super().__init__(soft_wrap=True, placeholder="Discussion notes", **kwargs)
        self.base: ReviewItem | None = None
        self._timer: Timer | None = None
        self._in_flight = 0  # saves not yet on disk: this area is ahead of the store

    @property
    def item_id(self) -> int | None:
        return self.base.id if self.base else None

    @property
    def dirty(self) -> bool:
        return self.base is not None and self.text.rstrip() != self.base.notes

    def show(self, item: ReviewItem | None) -> None:
        """Show ``item``'s notes; the same item's unsaved (or saving) text is kept as it is."""
        if item is None or item.id != self.item_id:
            self.base = item
            self.load_text(item.notes if item else "")
            return
        if self.dirty or self._in_flight:
            return
        self.base = item
        if self.text.rstrip() != item.notes:
            cursor = self.cursor_location
            self.load_text(item.notes)
            self.cursor_location = clamp_location(item.notes, cursor)

    @on(TextArea.Changed)
    def _typed(self) -> None:
        self._stop_timer()
        if self.dirty:
            self._timer = self.set_timer(AUTOSAVE_SECONDS, self._autosave)

    def _autosave(self) -> None:
        request = self.take_unsaved()
        if request is not None:
            self.post_message(self.SaveRequested(self, *request))

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def take_unsaved(self) -> tuple[ReviewItem, str] | None:
        """(base, text) to save now, or None. The next save starts from this text, so our own
        saves never conflict with each other; :meth:`save_finished` when it is on disk."""
        self._stop_timer()
        if self.base is None or not self.dirty or self.read_only:
            return None
        base, text = self.base, self.text
        self.base = dataclasses.replace(base, notes=text.rstrip())
        self._in_flight += 1
        return base, text

    def save_finished(self) -> None:
        self._in_flight = max(0, self._in_flight - 1)
