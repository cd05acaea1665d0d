"""Stand-up durations: the countdown's m:ss, time spoken, and timeboxes typed as m:ss."""

from __future__ import annotations

import math

from ritual.errors import RitualError


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
    try:
        if ":" in s:
            minutes, _, seconds = s.partition(":")
            value = int(minutes or 0) * 60 + int(seconds)
        elif s.endswith("m"):
            value = int(s[:-1]) * 60
        else:
            value = int(s)
    except ValueError:
        raise RitualError(f"{text!r} is not a {what}: write minutes:seconds, e.g. 2:00.") from None
    if not 5 <= value <= 7200:
        raise RitualError(f"{what} must be between 0:05 and 120:00, not {text!r}.")
    return value
