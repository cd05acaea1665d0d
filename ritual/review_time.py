"""Time on agenda items: segments of [start, end] instants, summed against a timebox.

Nothing is written while the clock runs; the screen asks :func:`timer_state` each second.
"""

from __future__ import annotations

from dataclasses import dataclass

import pendulum
from pendulum import DateTime

from ritual.review import ReviewItem

WARNING_FRACTION = 5  # a fifth of the timebox left: the timer turns to the warning colour


def seconds_spent(segments: list[list[str]], now: DateTime) -> float:
    """Total time of the segments; an open one (no end) counts up to ``now``."""
    total = 0.0
    for seg in segments:
        start = pendulum.parse(seg[0])
        end = pendulum.parse(seg[1]) if len(seg) > 1 and seg[1] else now
        total += max(0.0, (end - start).total_seconds())
    return total


def is_open(segments: list[list[str]]) -> bool:
    return bool(segments) and not (len(segments[-1]) > 1 and segments[-1][1])


@dataclass(frozen=True)
class TimerState:
    spent: int  # seconds
    remaining: int  # seconds; negative once over
    warning: bool  # a fifth of the timebox or less is left
    overtime: bool

    @property
    def label(self) -> str:
        """'07:30' counting down, '+01:05' counting up past zero."""
        if self.overtime:
            return "+" + clock_label(-self.remaining)
        return clock_label(self.remaining)


def timer_state(item: ReviewItem, now: DateTime) -> TimerState:
    spent = int(seconds_spent(item.segments, now))
    remaining = item.timebox_seconds - spent
    overtime = remaining < 0
    warning = not overtime and remaining * WARNING_FRACTION <= item.timebox_seconds
    return TimerState(spent, remaining, warning, overtime)


def clock_label(seconds: int) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"
