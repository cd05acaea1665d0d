"""User text is data: strip what could steer a terminal, measure width as a terminal does."""

from __future__ import annotations

import re
import unicodedata

from ritual.i18n import _

# The display-safety rule, the one place it is written down. A teammate's text must never steer
# another teammate's terminal nor disguise itself, so these never reach a terminal:
# - C0 controls (ESC, BEL, NUL, CR ...) except tab and newline, and DEL;
# - C1 controls U+0080-U+009F (U+009B is a one-byte CSI on some terminals);
# - bidirectional controls: the embeddings and overrides U+202A-U+202E, the isolates
#   U+2066-U+2069, the marks U+200E, U+200F and U+061C (they reorder what follows, so
#   "evil.exe" can show as "exe.live");
# - invisible characters that make one name look like another: zero-width space U+200B, word
#   joiner U+2060 and the byte-order mark U+FEFF (ZWJ/ZWNJ stay: emoji and scripts need them).
UNSAFE_CHARS = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff"
)
_CONTROL = re.compile(f"[{UNSAFE_CHARS}]")
_CONTROL_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f]")  # all C0 and C1, tab and newline too


def unsafe_chars(text: str) -> list[str]:
    """The characters of ``text`` the display rule removes (empty when it is safe as it is)."""
    return _CONTROL.findall(text)


def clean(text: str) -> str:
    """Text safe to show: controls, bidirectional controls and invisibles removed; tabs and
    newlines kept. Every screen's output passes through it (screens/safe.py)."""
    return _CONTROL.sub("", text)


def one_line(text: str) -> str:
    """Text safe for one cell or row: as ``clean``, and every C0/C1 control (line breaks and
    tabs too) becomes a space."""
    return _CONTROL.sub("", _CONTROL_ONE_LINE.sub(" ", text)).strip()


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


def fit(text: str, width: int) -> str:
    """``text`` in exactly ``width`` terminal columns: padded, or cut with an ellipsis as its
    last character when it is longer ("Saved cards f" was "Saved cards for…" cut short)."""
    if cell_width(text) <= width:
        return pad(text, width)
    if width <= 0:
        return ""
    return pad(pad(text, width - 1).rstrip() + "…", width)


def required_title(text: str, what: str, limit: int = 200) -> str:
    """A one-line title for ``what`` ("a card"): refused when empty or longer than ``limit``."""
    from ritual.errors import RitualError

    title = one_line(text)
    if not title:
        raise RitualError(_("{what} needs a title: give a non-empty title.").format(what=what))
    if len(title) > limit:
        raise RitualError(
            _("{what}'s title is at most {limit} characters.").format(what=what, limit=limit)
        )
    return title


def file_name_part(text: str, fallback: str) -> str:
    """A piece of a file name made from user text (an iteration's name): letters, digits
    (any script), ``-``, ``_`` and ``.`` kept, everything else one ``-``; never a path."""
    import re

    part = re.sub(r"[^\w.-]+", "-", clean(text)).strip("-.")
    return part[:60] or fallback
