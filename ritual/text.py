"""User text is data: strip what could steer a terminal, measure width as a terminal does."""

from __future__ import annotations

import re
import unicodedata

# C0 and C1 controls (ESC, BEL, CSI ...) except tab and newline; DEL too.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """Text safe to show: control characters removed, tabs and newlines kept."""
    return _CONTROL.sub("", text)


def one_line(text: str) -> str:
    """Text safe for one cell or row: no control characters and no line breaks."""
    return _CONTROL_ONE_LINE.sub(" ", text).strip()


def cell_width(text: str) -> int:
    """Columns a terminal gives ``text``: East Asian wide characters take two."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def pad(text: str, width: int) -> str:
    """Cut or pad ``text`` to exactly ``width`` terminal columns."""
    out, used = [], 0
    for ch in text:
        w = 0 if unicodedata.combining(ch) else cell_width(ch)
        if used + w > width:
            break
        out.append(ch)
        used += w
    return "".join(out) + " " * (width - used)


def required_title(text: str, what: str, limit: int = 200) -> str:
    """A one-line title for ``what`` ("a card"): refused when empty or longer than ``limit``."""
    from ritual.errors import RitualError

    title = one_line(text)
    if not title:
        raise RitualError(f"{what} needs a title: give a non-empty title.")
    if len(title) > limit:
        raise RitualError(f"{what}'s title is at most {limit} characters.")
    return title
