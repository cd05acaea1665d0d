"""The symbols screens and commands draw, and their ASCII forms for terminals without UTF-8.

A teammate on a host whose locale is C or POSIX (``LANG=C``, a bare ssh session, cron) sees
box drawing and "⛔" as mojibake or question marks. ritual then draws with ASCII: the app
passes every line through :func:`to_ascii` (a Textual line filter, screens/ascii.py), so
borders, scroll bars and every screen's symbols change in one place, and the command line's
few symbols come from :func:`symbol`.

Python itself hides a C locale: it switches to UTF-8 and sets ``LC_CTYPE=C.UTF-8`` in its own
environment (PEP 538), so the locale is judged from the variables as the user set them.
``RITUAL_ASCII=1`` forces ASCII, ``RITUAL_ASCII=0`` never.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Mapping
from functools import lru_cache

ENV_ASCII = "RITUAL_ASCII"

# name -> (UTF-8 form, ASCII form of the same width in terminal cells)
SYMBOLS: dict[str, tuple[str, str]] = {
    "blocked": ("⛔", "X!"),
    "warning": ("⚠", "!"),
    "done": ("✓", "v"),
    "bullet": ("•", "*"),
    "dot": ("·", "."),
    "arrow": ("→", ">"),
    "left": ("←", "<"),
    "ellipsis": ("…", "."),
}
_EXTRA = {"↑": "^", "↓": "v", "–": "-", "—": "-", "×": "x", "≥": ">", "≤": "<", "°": "o"}
_CHAR_MAP = {u: a for u, a in SYMBOLS.values()} | _EXTRA


def ascii_only(environ: Mapping[str, str] | None = None) -> bool:
    """True when the terminal's encoding, as the locale names it, is not UTF-8."""
    env = os.environ if environ is None else environ
    forced = env.get(ENV_ASCII, "").strip()
    if forced in ("0", "1"):
        return forced == "1"
    lc_all, lc_ctype, lang = env.get("LC_ALL", ""), env.get("LC_CTYPE", ""), env.get("LANG", "")
    if not lc_all and lc_ctype == "C.UTF-8" and lang in ("", "C", "POSIX"):
        lc_ctype = ""  # most likely Python's own coercion of a C locale (PEP 538)
    locale = lc_all or lc_ctype or lang
    if not locale:
        return True  # no locale at all is the C locale
    charset = locale.split(".", 1)[1].split("@", 1)[0] if "." in locale else ""
    return charset.replace("-", "").casefold() != "utf8"


def symbol(name: str, ascii_mode: bool | None = None) -> str:
    utf8, plain = SYMBOLS[name]
    return plain if (ascii_only() if ascii_mode is None else ascii_mode) else utf8


@lru_cache(maxsize=4096)
def ascii_char(ch: str) -> str:
    """One character as ASCII of the same cell width: box drawing becomes - | +, blocks #."""
    if ch.isascii():
        return ch
    if ch in _CHAR_MAP:
        return _CHAR_MAP[ch]
    code = ord(ch)
    wide = unicodedata.east_asian_width(ch) in ("W", "F")
    if 0x2500 <= code <= 0x257F:  # box drawing
        name = unicodedata.name(ch, "")
        if "HORIZONTAL" in name and "VERTICAL" not in name:
            return "-"
        if "VERTICAL" in name and "HORIZONTAL" not in name:
            return "|"
        return "+"
    if 0x2580 <= code <= 0x259F:  # block elements: scroll bars, bars, tall borders
        if code in (0x2581, 0x2582, 0x2583):
            return "_"
        if code in (0x2594, 0x2580):
            return "-"
        if code in (0x258F, 0x258E, 0x258D, 0x258C, 0x2595, 0x2590):
            return "|"
        return "#"
    if 0x2190 <= code <= 0x21FF or 0x2600 <= code <= 0x27BF or 0x25A0 <= code <= 0x25FF:
        return "*" if not wide else "* "  # arrows, symbols, dingbats, geometric shapes
    return ch  # letters (a teammate's name in Chinese) stay: there is no ASCII for them


def to_ascii(text: str) -> str:
    """``text`` with every symbol and line drawn in ASCII, each cell where it was."""
    if text.isascii():
        return text
    return "".join(ascii_char(ch) for ch in text)
