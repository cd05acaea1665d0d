"""Injected time: domain code asks a clock, tests move a manual one instead of sleeping."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol

import pendulum
from pendulum import DateTime

from ritual.i18n import _


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
        self._now = parse_iso(start) if isinstance(start, str) else start.in_timezone("UTC")

    def now(self) -> DateTime:
        return self._now

    def advance(self, seconds: float = 0, **kwargs: float) -> DateTime:
        """Move forward by seconds (and/or minutes=, hours=, days=)."""
        # pendulum's annotations say int for every unit but it takes floats (advance(0.5)).
        self._now = self._now.add(seconds=seconds, **kwargs)  # type: ignore[arg-type]
        return self._now

    def set(self, instant: DateTime | str) -> None:
        self._now = parse_iso(instant) if isinstance(instant, str) else instant.in_timezone("UTC")


def iso(instant: DateTime) -> str:
    """How instants are stored: UTC, ISO-8601."""
    return instant.in_timezone("UTC").isoformat()


def parse_instant(text: str) -> DateTime:
    """An ISO-8601 instant as a DateTime. ``pendulum.parse`` may return a date, a time or a
    duration too; what ritual stores as an instant is always a date and time, and anything
    else is refused here rather than failing later on a missing method."""
    value = pendulum.parse(text)
    if not isinstance(value, DateTime):
        raise ValueError(_("{text!r} is not a date and time").format(text=text))
    return value


def parse_iso(text: str) -> DateTime:
    """A stored instant, in UTC. Stored instants are what :func:`iso` wrote, which the
    standard library parses ten times faster than ``pendulum.parse`` (opening the stand-up
    history at 300 stand-ups parses 8,000 of them); anything else (a hand-edited file, an older
    writer's form) still goes through pendulum. A time without an offset is UTC, as pendulum
    reads it."""
    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return parse_instant(text).in_timezone("UTC")
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return DateTime(
        moment.year,
        moment.month,
        moment.day,
        moment.hour,
        moment.minute,
        moment.second,
        moment.microsecond,
        tzinfo=pendulum.UTC,
        fold=moment.fold,
    )


def team_today(clock: Clock, timezone: str) -> pendulum.Date:
    """The team's calendar date now: a stand-up at 00:30 local time belongs to that day."""
    return clock.now().in_timezone(timezone).date()


def local_time(instant: str, timezone: str) -> str:
    """A stored instant as a person reads it: "2026-12-02 19:23" in the team's time zone ("" for
    none; text that is not an instant is shown as it is, made safe)."""
    if not instant:
        return ""
    from ritual.i18n import pendulum_locale
    from ritual.text import one_line

    try:
        moment = parse_instant(instant).in_timezone(timezone)
        return moment.format("YYYY-MM-DD HH:mm", locale=pendulum_locale())
    except Exception:
        return one_line(instant)
