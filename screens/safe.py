"""User text on screen: the one way a teammate's string becomes what a widget shows.

Two guards, one rule (``ritual.text.clean``):

- ``safe``/``safe_line`` turn a user string into a ``Content`` built from plain text, so Textual
  markup in it ("[b]", "[@click=app.quit]") is shown as typed, never interpreted, and control,
  bidirectional and invisible characters are already gone. Widgets, dialog titles, table cells,
  option prompts and toasts take it instead of a ``str`` (a ``str`` would be parsed as markup by
  ``Static``/``Label`` unless ``markup=False``).
- ``TerminalSafeFilter`` is the last line: ``RitualApp.get_line_filters`` adds it to the filters
  Textual applies to every line of every widget (screens, dialogs, toasts, inputs, text areas,
  the command palette, border titles) just before the line becomes terminal output. So a screen
  written tomorrow that forgets ``safe`` can still show a stray "[b]", but can never let ESC, BEL,
  a C1 control or a right-to-left override reach a teammate's terminal.
"""

from __future__ import annotations

import re

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.content import Content
from textual.filter import LineFilter

from ritual.text import UNSAFE_CHARS, clean, one_line

_UNSAFE = re.compile(f"[{UNSAFE_CHARS}]")


def safe(text: object) -> Content:
    """``text`` as plain content: never markup, no control characters; lines kept."""
    return Content(clean(str(text)))


def safe_line(text: object) -> Content:
    """``text`` as one plain line (a title, a cell, a toast): line breaks become spaces."""
    return Content(one_line(str(text)))


class TerminalSafeFilter(LineFilter):
    """Removes what the display rule forbids from every segment's text and hyperlink target.

    Those characters all have a cell width of zero, so removing them keeps the line's width
    and Textual's layout. Textual's own control segments (cursor moves) are left alone: they
    carry no user text."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        out = segments
        for i, seg in enumerate(segments):
            text, style, control = seg
            link = style.link if style is not None else None
            if control is not None:
                continue
            bad_text = _UNSAFE.search(text) is not None
            bad_link = link is not None and _UNSAFE.search(link) is not None
            if not (bad_text or bad_link):
                continue
            if out is segments:
                out = list(segments)
            if bad_link and style is not None:
                style = Style(  # the same look without the hyperlink (nor its click action)
                    color=style.color,
                    bgcolor=style.bgcolor,
                    bold=style.bold,
                    dim=style.dim,
                    italic=style.italic,
                    underline=style.underline,
                    reverse=style.reverse,
                    strike=style.strike,
                )
            out[i] = Segment(_UNSAFE.sub("", text), style)
        return out


TERMINAL_SAFE = TerminalSafeFilter()
"""The one instance the app installs (filters are cache keys: one instance keeps caches warm)."""
