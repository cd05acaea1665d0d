"""Timeboxes, shared by the stand-up's speakers and the review's agenda items.

One rule for everyone: a timer turns to the warning colour when a fifth of its time is left and
counts the overtime up past zero. Time spent is stored as [start, end] segments of UTC instants,
never written every second.
"""

from __future__ import annotations

from enum import StrEnum

from pendulum import DateTime

from ritual.clock import parse_iso

WARNING_SHARE = 0.2  # a fifth of the timebox left


class Phase(StrEnum):
    NORMAL = "normal"
    WARNING = "warning"
    OVERTIME = "overtime"


def phase(remaining: float, timebox: float) -> Phase:
    """Where a timer stands with ``remaining`` seconds left of ``timebox``."""
    if remaining < 0:
        return Phase.OVERTIME
    if remaining <= timebox * WARNING_SHARE:
        return Phase.WARNING
    return Phase.NORMAL


def seconds_between(start: str, end: DateTime) -> float:
    return max(0.0, (end - parse_iso(start)).total_seconds())


def seconds_spent(segments: list[list[str]], now: DateTime) -> float:
    """Total time of the segments; an open one (no end) counts up to ``now``."""
    total = 0.0
    for seg in segments:
        end = parse_iso(seg[1]) if len(seg) > 1 and seg[1] else now
        total += seconds_between(seg[0], end)
    return total
