"""Keeping the board's repaints cheap at 2,000 cards."""

from __future__ import annotations

import gc
import weakref

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static

_frozen_stores: weakref.WeakSet = weakref.WeakSet()


def freeze_loaded_objects(store: object) -> None:
    """Once per opened team file, before the board builds its widgets: move what exists into
    the garbage collector's permanent generation. The parsed file (10,000 documents, no
    reference cycles, freed by reference counting when replaced) then no longer makes every
    full collection during start-up rescan it, which cost a third of the start-up at that
    size."""
    if store not in _frozen_stores:
        _frozen_stores.add(store)
        gc.freeze()


def _height(text: Text, width: int) -> int:
    if text.no_wrap or width <= 0:
        return len(text.plain.split("\n"))
    return sum(max(1, -(-cell_len(line) // width)) for line in text.plain.split("\n"))


def update_if_changed(widget: Static, content: Text) -> None:
    """Repaint a Static only when its text changed, and re-lay out the screen (slow with
    2,000 cards) only when its height may change."""
    old = widget.content
    if old == content:
        return
    width = widget.content_size.width
    same_height = isinstance(old, Text) and _height(old, width) == _height(content, width)
    widget.update(content, layout=not same_height)
