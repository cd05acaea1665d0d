"""The app drawn in ASCII when the terminal is not UTF-8 (see ritual/symbols.py).

A line filter, like the display-safety one: Textual applies it to every line of every widget,
borders and scroll bars included, so no screen has to know. Widths are kept cell for cell.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from ritual.symbols import to_ascii


class AsciiFilter(LineFilter):
    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        out = segments
        for i, seg in enumerate(segments):
            text, style, control = seg
            if control is not None or text.isascii():
                continue
            if out is segments:
                out = list(segments)
            out[i] = Segment(to_ascii(text), style)
        return out


ASCII = AsciiFilter()
