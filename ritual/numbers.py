"""Whole numbers people type: ASCII digits within stated bounds, refused in one sentence.

``str.isdigit()`` is true for "²" and "٣", and ``int()`` takes "１２", "1_000" and 5,000-digit
strings (or fails on them with a bare ValueError); a number that big then crashes the JSON
writer. Every number typed on the command line or into a form goes through
:func:`parse_bounded_int` instead, so every refusal reads the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ritual.errors import RitualError
from ritual.i18n import N_, _

_ASCII_DIGITS = re.compile(r"[0-9]+")
_SHOWN_CHARS = 20  # how much of a refused value the message repeats


@dataclass(frozen=True)
class Bounds:
    """What a number is called in a sentence ("points", marked for the catalog and translated
    where a sentence uses it) and the values it may take."""

    what: str
    low: int
    high: int


POINTS = Bounds(N_("points"), 0, 999)
WIP_LIMIT = Bounds(N_("a WIP limit"), 0, 999)
CAPACITY = Bounds(N_("capacity"), 0, 9999)
TIMEBOX_MINUTES = Bounds(N_("a timebox (minutes)"), 1, 240)
RATING = Bounds(N_("a rating"), 1, 5)
STALE_DAYS = Bounds(N_("stale after (working days)"), 1, 60)
MAX_ID = 999_999_999
CARD_ID = Bounds(N_("a card id"), 1, MAX_ID)
REVIEW_ID = Bounds(N_("a review id"), 1, MAX_ID)


def shown(value: object) -> str:
    """A refused value as a message repeats it: quoted, escaped, and cut short."""
    text = str(value)
    if len(text) > _SHOWN_CHARS:
        return repr(text[:_SHOWN_CHARS]) + _("… ({n} characters)").format(n=len(text))
    return repr(text)


def number_refusal(bounds: Bounds, got: object) -> RitualError:
    """The one message for a number out of bounds or not a number at all."""
    return RitualError(
        _("{what} must be a whole number from {low} to {high} (got {got}).").format(
            what=_(bounds.what), low=bounds.low, high=bounds.high, got=shown(got)
        )
    )


def parse_bounded_int(value: str | int, bounds: Bounds) -> int:
    """``value`` as an int within ``bounds``: ASCII digits only (spaces around are fine)."""
    if isinstance(value, bool):
        raise number_refusal(bounds, value)
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip()
        # Digits beyond the bound's own length (leading zeros aside) cannot be in range:
        # refuse them before int() is asked to read thousands of digits.
        if not _ASCII_DIGITS.fullmatch(text) or len(text.lstrip("0")) > len(str(bounds.high)):
            raise number_refusal(bounds, value)
        number = int(text)
    if not bounds.low <= number <= bounds.high:
        raise number_refusal(bounds, value)
    return number


def parse_optional_int(value: str | int | None, bounds: Bounds) -> int | None:
    """As :func:`parse_bounded_int`, but nothing typed (None or blank) is None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_bounded_int(value, bounds)


def parse_id(text: str, bounds: Bounds) -> int:
    """A record's id as typed, "42" or "#42"; whether that record exists is the caller's
    question (it answers "there is no card 42")."""
    return parse_bounded_int(text.strip().removeprefix("#"), bounds)
