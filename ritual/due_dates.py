"""Due dates as people type them: "2026-12-01", "today", "tomorrow", "fri", "+3d", "+2w".

Relative forms count from the team's day (the injected clock, in the team's time zone), so a
note-taker in Shanghai and one in Berlin get the same date for "fri".
"""

from __future__ import annotations

import re

import pendulum
from pendulum import Date, DateTime

from ritual.clock import Clock, team_today
from ritual.errors import RitualError
from ritual.i18n import _

WEEKDAYS = {
    "mon": 0,
    "monday": 0,
    "tue": 1,
    "tues": 1,
    "tuesday": 1,
    "wed": 2,
    "wednesday": 2,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "thursday": 3,
    "fri": 4,
    "friday": 4,
    "sat": 5,
    "saturday": 5,
    "sun": 6,
    "sunday": 6,
}
_RELATIVE = re.compile(r"^\+?\s*(\d{1,3})\s*(d|day|days|w|wk|week|weeks)$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

HELP = 'use a date such as 2026-12-01, "today", "tomorrow", "fri" or "+3d"'


def parse_due(text: str, clock: Clock, timezone: str) -> Date | None:
    """The date ``text`` names (None for an empty text). A weekday means the next one on or
    after today, so "fri" typed on a Friday is today; "next fri" is a week later."""
    raw = text
    text = " ".join(text.strip().casefold().split())
    if not text:
        return None
    today = team_today(clock, timezone)
    if text in ("today", "tod"):
        return today
    if text in ("tomorrow", "tmr", "tmrw"):
        return today.add(days=1)
    later = text.startswith("next ")
    day_name = text[5:] if later else text
    if day_name in WEEKDAYS:
        ahead = (WEEKDAYS[day_name] - today.weekday()) % 7
        if later:
            ahead += 7
        return today.add(days=ahead)
    m = _RELATIVE.match(text)
    if m:
        n = int(m.group(1))
        return today.add(weeks=n) if m.group(2).startswith("w") else today.add(days=n)
    if _ISO_DATE.match(text):
        try:
            return pendulum.parse(text, exact=True)  # type: ignore[return-value]
        except ValueError:
            pass
    raise RitualError(_("{raw!r} is not a due date: {HELP}.").format(raw=raw.strip(), HELP=HELP))


_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
WHEN_HELP = 'use e.g. "2026-12-01 14:00", "fri 14:00", "tomorrow 10:30" or "14:00"'


def parse_when(text: str, clock: Clock, timezone: str, default_time: str = "10:00") -> DateTime:
    """A meeting's start as typed, in the team's time zone -> a UTC instant."""
    words = text.strip().split()
    hhmm = default_time
    if words and _TIME.match(words[-1]):
        hhmm = words.pop()
    hour, minute = (int(x) for x in _TIME.match(hhmm).groups())  # type: ignore[union-attr]
    if hour > 23 or minute > 59:
        raise RitualError(
            _("{text!r} is not a time of day: {WHEN_HELP}.").format(
                text=text.strip(), WHEN_HELP=WHEN_HELP
            )
        )
    try:
        day = parse_due(" ".join(words), clock, timezone) or team_today(clock, timezone)
    except RitualError:
        raise RitualError(
            _("{text!r} is not a date and time: {WHEN_HELP}.").format(
                text=text.strip(), WHEN_HELP=WHEN_HELP
            )
        ) from None
    local = pendulum.datetime(day.year, day.month, day.day, hour, minute, tz=timezone)
    return local.in_timezone("UTC")
