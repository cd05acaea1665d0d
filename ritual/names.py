"""People's names and logins as the team tells them apart.

"Zoë" typed on a Mac (decomposed) and on Linux (composed) is one person, so names are stored
NFC. Zero-width and bidirectional control characters make two names look alike, or a name look
like another, while being different strings: they are refused. Two names that only differ by
case or compatibility form ("ＡＮＮ" and "ann") count as the same person (:func:`name_key`).
"""

from __future__ import annotations

import unicodedata

from ritual.errors import RitualError
from ritual.i18n import _

# Zero-width space, non-joiner, joiner, word joiner, byte-order mark.
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
# Embeddings and overrides, isolates, left/right-to-left marks, the Arabic letter mark.
BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)
INVISIBLE = ZERO_WIDTH | BIDI_CONTROLS


def refuse_invisible(text: str, what: str) -> None:
    """Refuse ``text`` holding a zero-width or bidirectional control character, naming it."""
    for ch in text:
        if ch in INVISIBLE:
            kind = _("zero-width") if ch in ZERO_WIDTH else _("bidirectional control")
            raise RitualError(
                _(
                    "{what} holds an invisible {kind} character (U+{code:04X}): retype it "
                    "without that character."
                ).format(what=_(what), kind=kind, code=ord(ch))
            )


def nfc(text: str) -> str:
    """The composed form, as names are stored."""
    return unicodedata.normalize("NFC", text)


def name_key(text: str) -> str:
    """What two names must share to be the same person: NFKC, case-folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())
