"""Planning the next iteration: its default name and dates, the capacity it can take on
(members' availability with a focus factor, or the recent velocity), and the load per person.

Plain domain code: the plan screen, the board's new-iteration form and the CLI share it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from pendulum import Date

from ritual.iteration import Card, Column, Iteration

DEFAULT_LENGTH_DAYS = 14
DEFAULT_FOCUS = 0.7  # of a member's working days spent on iteration work
VELOCITY_WINDOW = 3


def next_name(name: str) -> str:
    """ "Sprint 14" -> "Sprint 15"; anything else gets " (next)"."""
    match = re.search(r"(\d+)\s*$", name)
    if not match:
        return f"{name} (next)" if name else "Iteration 1"
    return name[: match.start(1)] + str(int(match.group(1)) + 1)


def next_defaults(latest: Iteration | None, today: Date) -> dict[str, str]:
    """A name and dates following the latest iteration (or starting today)."""
    start = today
    if latest is not None and latest.end:
        start = max(today, latest.end_date.add(days=1))
    end = start.add(days=DEFAULT_LENGTH_DAYS - 1)
    name = next_name(latest.name) if latest else "Iteration 1"
    return {"name": name, "start": start.isoformat(), "end": end.isoformat()}


def latest_iteration(iterations: Iterable[Iteration]) -> Iteration | None:
    return max(iterations, key=lambda i: (i.end, i.id), default=None)


def working_days(start: Date, end: Date) -> int:
    """Monday to Friday between two dates, both counted."""
    days, day = 0, start
    while day <= end:
        days += day.isoweekday() <= 5
        day = day.add(days=1)
    return days


def velocities(iterations: Iterable[Iteration], done: dict[int, int]) -> list[tuple[str, int]]:
    """(name, points done) of every closed iteration, oldest first; ``done`` maps an
    iteration's id to its points done."""
    closed = sorted((i for i in iterations if i.state == "closed"), key=lambda i: (i.start, i.id))
    return [(i.name, done.get(i.id, 0)) for i in closed]


def average_velocity(history: list[tuple[str, int]]) -> int | None:
    """The mean points done over the last three closed iterations; None before the first."""
    recent = history[-VELOCITY_WINDOW:]
    if not recent:
        return None
    return round(sum(p for _, p in recent) / len(recent))


@dataclass(frozen=True)
class Capacity:
    """How much an iteration can take on, and where the number comes from."""

    points: int | None
    source: str  # "set", "velocity" or "none"

    def describe(self) -> str:
        if self.points is None:
            return "no capacity yet: set one, or close an iteration to learn the velocity"
        if self.source == "velocity":
            return f"{self.points} pts (average of the last {VELOCITY_WINDOW} iterations)"
        return f"{self.points} pts"


def capacity_of(iteration: Iteration | None, history: list[tuple[str, int]]) -> Capacity:
    """The iteration's own capacity if set, else the recent average velocity."""
    if iteration is not None and iteration.capacity is not None:
        return Capacity(iteration.capacity, "set")
    avg = average_velocity(history)
    return Capacity(avg, "velocity" if avg is not None else "none")


def load_per_person(cards: Iterable[Card]) -> list[tuple[str, int, int]]:
    """(assignee or "unassigned", cards, points) for an iteration's cards, heaviest first."""
    load: dict[str, list[int]] = {}
    for c in cards:
        row = load.setdefault(c.assignee or "unassigned", [0, 0])
        row[0] += 1
        row[1] += c.points or 0
    return sorted(((k, n, p) for k, (n, p) in load.items()), key=lambda r: (-r[2], r[0]))


def gauge(committed: int, capacity: int | None, width: int = 20) -> str:
    """A bar of committed points against capacity: '█' within, '▓' over, '░' room left."""
    if not capacity:
        return "░" * width
    filled = min(width, round(committed / capacity * width))
    bar = "█" * filled + "░" * (width - filled)
    return bar if committed <= capacity else "▓" * width


def burnup(
    iteration: Iteration, cards: Iterable[Card], today: Date, timezone: str
) -> list[tuple[Date, int | None, int]]:
    """Per day of the iteration: (date, points done by its end or None in the future, the
    scope that day). The scope line rises and falls with the scope log (cards added or
    removed after the start), so a flat "done" under a rising scope shows as such."""
    from ritual.iteration import local_date

    if not iteration.start or not iteration.end or iteration.end < iteration.start:
        return []
    mine = [c for c in cards if c.iteration_id == iteration.id]
    scope_now = sum(c.points or 0 for c in mine)
    changes = []
    for s in iteration.scope:
        sign = 1 if s.get("change") == "added" else -1
        raw = s.get("points")
        points = raw if isinstance(raw, int) else 0
        changes.append((local_date(str(s.get("at", "")), timezone), sign * points))
    start, end = iteration.start_date, iteration.end_date
    out: list[tuple[Date, int | None, int]] = []
    for i in range((end - start).days + 1):
        day = start.add(days=i)
        later = sum(p for d, p in changes if d > day)
        scope = scope_now - later if day <= today else scope_now
        done = sum(
            c.points or 0
            for c in mine
            if c.column is Column.DONE
            and (local_date(c.done_at, timezone) if c.done_at else start) <= day
        )
        out.append((day, done if day <= today else None, scope))
    return out


def bars(values: list[tuple[str, int]], width: int = 20) -> list[str]:
    """A text bar per (name, value), scaled to the largest value: the velocity view."""
    top = max((v for _, v in values), default=0)
    return [
        f"{'█' * (round(v / top * width) if top else 0):<{width}} {v:>4}  {name}"
        for name, v in values
    ]
