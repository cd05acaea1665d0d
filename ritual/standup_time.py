"""Stand-up durations: the countdown's m:ss, time spoken, and timeboxes typed as m:ss."""

from __future__ import annotations

import math
import re

from ritual.errors import RitualError
from ritual.i18n import _
from ritual.numbers import shown

# ASCII digits only ("٣:٠٠" and "²" are digits to int(), not to a person reading the screen),
# and few enough of them that int() never reads thousands.
_DURATION = re.compile(r"(?:(\d{0,5}):(\d{1,5})|(\d{1,5})(m?))", re.ASCII)


def clock_text(seconds: float) -> str:
    """m:ss for a countdown (whole seconds, rounded up so 0:00 means time is up)."""
    s = max(0, math.ceil(seconds - 1e-9))
    return f"{s // 60}:{s % 60:02d}"


def duration_text(seconds: float) -> str:
    """m:ss of time spent (whole seconds, rounded down)."""
    s = max(0, int(seconds + 1e-9))
    return f"{s // 60}:{s % 60:02d}"


def parse_duration(text: str, what: str = "a duration") -> int:
    """Seconds from "2:00", "90" or "15m"; refused unless between 5 seconds and 2 hours."""
    s = text.strip().casefold().removesuffix("s")
    match = _DURATION.fullmatch(s)
    if match is None:
        raise RitualError(
            _("{text} is not a {what}: write minutes:seconds, e.g. 2:00.").format(
                text=shown(text), what=what
            )
        )
    minutes, seconds, number, unit = match.groups()
    if number is None:
        value = int(minutes or 0) * 60 + int(seconds)
    else:
        value = int(number) * (60 if unit else 1)
    if not 5 <= value <= 7200:
        raise RitualError(
            _("{what} must be between 0:05 and 120:00, not {text}.").format(
                what=what, text=shown(text)
            )
        )
    return value
