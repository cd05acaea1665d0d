"""Injected time: domain code asks a clock, tests move a manual one instead of sleeping."""

from __future__ import annotations

from typing import Protocol

import pendulum
from pendulum import DateTime


class Clock(Protocol):
    def now(self) -> DateTime:
        """The current instant, in UTC."""
        ...


class SystemClock:
    """The wall clock."""

    def now(self) -> DateTime:
        return pendulum.now("UTC")


class ManualClock:
    """A clock that only moves when told to: for tests and demos."""

    def __init__(self, start: DateTime | str = "2026-11-26T09:00:00Z") -> None:
        if isinstance(start, str):
            start = pendulum.parse(start)
        self._now = start.in_timezone("UTC")

    def now(self) -> DateTime:
        return self._now

    def advance(self, seconds: float = 0, **kwargs: float) -> DateTime:
        """Move forward by seconds (and/or minutes=, hours=, days=)."""
        self._now = self._now.add(seconds=seconds, **kwargs)
        return self._now

    def set(self, instant: DateTime | str) -> None:
        if isinstance(instant, str):
            instant = pendulum.parse(instant)
        self._now = instant.in_timezone("UTC")


def iso(instant: DateTime) -> str:
    """How instants are stored: UTC, ISO-8601."""
    return instant.in_timezone("UTC").isoformat()


def parse_iso(text: str) -> DateTime:
    return pendulum.parse(text).in_timezone("UTC")


def team_today(clock: Clock, timezone: str) -> pendulum.Date:
    """The team's calendar date now: a stand-up at 00:30 local time belongs to that day."""
    return clock.now().in_timezone(timezone).date()
