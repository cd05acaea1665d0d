"""Planning the next iteration: its default name and dates, the capacity it can take on
(members' availability with a focus factor, or the recent velocity), and the load per person.

Plain domain code: the plan screen, the board's new-iteration form and the CLI share it."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from pendulum import Date

from ritual.i18n import N_, _
from ritual.iteration import Card, Column, Iteration
from ritual.names import name_key
from ritual.numbers import Bounds, parse_bounded_int
from ritual.team import Member

DEFAULT_LENGTH_DAYS = 14
DEFAULT_FOCUS = 0.7  # of a member's working days spent on iteration work
VELOCITY_WINDOW = 3


def next_name(name: str) -> str:
    """ "Sprint 14" -> "Sprint 15"; anything else gets " (next)"."""
    match = re.search(r"(\d+)\s*$", name)
    if not match:
        return _("{name} (next)").format(name=name) if name else _("Iteration 1")
    return name[: match.start(1)] + str(int(match.group(1)) + 1)


def next_defaults(latest: Iteration | None, today: Date) -> dict[str, str]:
    """A name and dates following the latest iteration (or starting today)."""
    start = today
    if latest is not None and latest.end:
        start = max(today, latest.end_date.add(days=1))
    end = start.add(days=DEFAULT_LENGTH_DAYS - 1)
    name = next_name(latest.name) if latest else _("Iteration 1")
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


def focus_of(iteration: Iteration) -> float:
    """The iteration's focus factor (0.7 unless set)."""
    pct = iteration.focus_pct
    return pct / 100 if pct is not None else DEFAULT_FOCUS


def _legacy_days_off(iteration: Iteration, member: Member) -> int | None:
    """Days off an older version stored under the member's name, if any."""
    key = name_key(member.name)
    for name, days in iteration.away.items():
        if name_key(name) == key:
            return days
    return None


def member_days_off(iteration: Iteration, member: Member) -> int:
    """A member's whole days off in an iteration: by their id, else (a file written by an
    older version) by their name."""
    days = iteration.days_off.get(str(member.id))
    if days is None:
        days = _legacy_days_off(iteration, member)
    return days or 0


def settle_days_off(
    iteration: Iteration, members: Iterable[Member]
) -> tuple[dict[str, int], dict[str, int]]:
    """(days off by member id, days off by name left unresolved): the names stored by an
    older version that match one of ``members`` (active ones first) move to their id, unless
    the id already has days off. A name no member has any more stays as it is."""
    by_id, by_name = dict(iteration.days_off), {}
    ordered = sorted(members, key=lambda m: not m.active)
    for name, days in iteration.away.items():
        key = name_key(name)
        member = next((m for m in ordered if name_key(m.name) == key), None)
        if member is None:
            by_name[name] = days
        else:
            by_id.setdefault(str(member.id), days)
    return by_id, by_name


def days_off_shown(iteration: Iteration, members: Iterable[Member]) -> list[tuple[str, int]]:
    """(the member's name today, days off) for everyone with days off, by name; ``members``
    should include inactive ones, so nobody shows as a bare id."""
    known = list(members)
    names = {str(m.id): m.name for m in known}
    by_id, by_name = settle_days_off(iteration, known)
    shown = [(names.get(k, f"#{k}"), d) for k, d in by_id.items()]
    return sorted([*shown, *by_name.items()], key=lambda row: (name_key(row[0]), row[0]))


def available_days(iteration: Iteration, members: Iterable[Member]) -> int:
    """Member-days of work in an iteration: each member's working days less their days off."""
    if not iteration.start or not iteration.end:
        return 0
    days = working_days(iteration.start_date, iteration.end_date)
    return sum(max(0, days - member_days_off(iteration, m)) for m in members)


def points_per_day(
    iterations: Iterable[Iteration], done: dict[int, int], members: list[Member]
) -> float | None:
    """Points done per focused member-day over the last three closed iterations (today's
    members stand for the past ones': the file keeps no past membership). None before the
    first closed iteration with someone available."""
    closed = sorted((i for i in iterations if i.state == "closed"), key=lambda i: (i.start, i.id))
    recent = closed[-VELOCITY_WINDOW:]
    focused = sum(available_days(i, members) * focus_of(i) for i in recent)
    if not recent or focused <= 0:
        return None
    return sum(done.get(i.id, 0) for i in recent) / focused


@dataclass(frozen=True)
class Capacity:
    """How much an iteration can take on, where the number comes from and how."""

    points: int | None
    source: str  # "availability", "set", "velocity" or "none"
    days: int = 0  # for "availability": member-days, focus and points per focused day
    focus: float = DEFAULT_FOCUS
    per_day: float = 0.0

    def describe(self) -> str:
        """One line: the points and where they come from."""
        if self.points is None:
            return _("no capacity yet: set one, or close an iteration to learn the velocity")
        return _("{points} pts ({how})").format(points=self.points, how=" ".join(self.how()))

    def how(self) -> list[str]:
        """Where the number comes from, in short lines (the plan's side panel is narrow)."""
        if self.source == "availability":
            return [
                _("from availability:"),
                _("{days} member-days × focus {focus:g}").format(days=self.days, focus=self.focus),
                _("× {per_day:.2f} pts/day (velocity)").format(per_day=self.per_day),
            ]
        if self.source == "velocity":
            return [
                _("average velocity of the"),
                _("last {n} iterations").format(n=VELOCITY_WINDOW),
            ]
        if self.source == "set":
            return [_("set for the iteration")]
        return [_("set one, or close an iteration"), _("to learn the velocity")]


def has_availability(iteration: Iteration) -> bool:
    """Whether someone recorded days off or a focus factor for the iteration."""
    return bool(iteration.days_off or iteration.away) or iteration.focus_pct is not None


def capacity_of(
    iteration: Iteration | None,
    history: list[tuple[str, int]],
    members: list[Member] | None = None,
    per_day: float | None = None,
) -> Capacity:
    """Members' availability once recorded for the iteration (days off or a focus factor)
    and the team's points per focused day known from past iterations; else the iteration's
    own capacity; else the recent average velocity."""
    if iteration is not None and members and per_day is not None and has_availability(iteration):
        days, focus = available_days(iteration, members), focus_of(iteration)
        return Capacity(round(days * focus * per_day), "availability", days, focus, per_day)
    if iteration is not None and iteration.capacity is not None:
        return Capacity(iteration.capacity, "set")
    avg = average_velocity(history)
    return Capacity(avg, "velocity" if avg is not None else "none")


FOCUS_LOW = 10  # percent: below it, surely a typo ("2" for 2%?)
DAYS_OFF = Bounds(N_("days off"), 0, 366)


def parse_days_off(text: str | int) -> int:
    return parse_bounded_int(text, DAYS_OFF)


def parse_focus(text: str) -> int | None:
    """ "0.7", "70%" or "70" as a percentage; "" or "default" for the default."""
    from ritual.errors import RitualError

    raw = text.strip().rstrip("%").strip()
    if raw in ("", "default"):
        return None
    try:
        value = float(raw)
        if not math.isfinite(value):
            raise ValueError(raw)
    except ValueError:
        raise RitualError(
            _("{text!r}: a focus factor is like 0.7 or 70%.").format(text=text)
        ) from None
    pct = round(value * 100) if value <= 1 and "%" not in text else round(value)
    if not FOCUS_LOW <= pct <= 100:
        raise RitualError(
            _("{text!r}: a focus factor is between 0.1 and 1 (10% and 100%).").format(text=text)
        )
    return pct


def load_per_person(cards: Iterable[Card]) -> list[tuple[str, int, int]]:
    """(assignee or "unassigned" in the language in use, cards, points) for an iteration's
    cards, heaviest first."""
    load: dict[str, list[int]] = {}
    nobody = _("unassigned")
    for c in cards:
        row = load.setdefault(c.assignee or nobody, [0, 0])
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
