"""Time on agenda items: segments of [start, end] instants, summed against a timebox.

Nothing is written while the clock runs; the screen asks :func:`timer_state` each second.
"""

from __future__ import annotations

from dataclasses import dataclass

from pendulum import DateTime

from ritual.review import ReviewItem
from ritual.timebox import Phase, phase, seconds_spent

__all__ = ["TimerState", "clock_label", "is_open", "seconds_spent", "timer_state"]


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
    where = phase(remaining, item.timebox_seconds)
    return TimerState(spent, remaining, where is Phase.WARNING, where is Phase.OVERTIME)


def clock_label(seconds: int) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"
