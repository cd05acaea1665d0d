"""Messages the app sends down to its screens."""

from __future__ import annotations

from textual.message import Message


class StoreChanged(Message):
    """Another process (or a worker of ours) changed the team file; screens re-read it."""

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, StoreChanged)
