"""The facts a retro starts from, computed from the team file, each with how it was computed.

A team remembers an iteration by its feelings; the file remembers what happened. Every figure
here carries a sentence saying what it counted, and what the file cannot tell (so a figure the
data does not support is shown as unknown with the reason, never guessed).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from pendulum import Date, DateTime

from ritual.clock import parse_iso
from ritual.i18n import _, ngettext
from ritual.iteration import Card, Column, Iteration, committed_points, done_points, local_date
from ritual.review import Review, ReviewItem
from ritual.standup import ABSENT, Standup
from ritual.standup_summary import summarize


def _cards_points(cards: list[Card]) -> str:
    return _count_and_points(len(cards), sum(c.points or 0 for c in cards))


def _count_and_points(n: int, points: int) -> str:
    return _("{cards}, {points}").format(
        cards=ngettext("{n} card", "{n} cards", n).format(n=n),
        points=ngettext("{n} point", "{n} points", points).format(n=points),
    )


@dataclass(frozen=True)
class Fact:
    """One figure: ``key`` names it for the JSON export; label, value and how are shown (in
    the language in use)."""

    key: str
    label: str
    value: str
    how: str


def _in_iteration(day: Date, iteration: Iteration) -> bool:
    return iteration.start_date <= day <= iteration.end_date


def _last_day(iteration: Iteration, today: Date) -> Date:
    return min(iteration.end_date, today)


def blocked_days(card: Card, iteration: Iteration, today: Date, timezone: str) -> int:
    """Whole days a blocked card has been blocked within the iteration: from the day it was
    blocked (``blocked_since`` when the board records it, else the card's last change) to the
    iteration's last day, or today while it runs."""
    if not card.blocked:
        return 0
    since = getattr(card, "blocked_since", "") or card.updated_at
    if not since:
        return 0
    start = max(local_date(since, timezone), iteration.start_date)
    return max(0, (_last_day(iteration, today) - start).days)


def _scope_after_day_one(iteration: Iteration, timezone: str) -> dict[int, dict]:
    """Per card, its last entry in the iteration's scope log made after the first day (moves
    in from the backlog and out to it, new cards, deletions; the first day is planning)."""
    last: dict[int, dict] = {}
    for entry in iteration.scope:
        try:
            card, at = int(entry["card"]), str(entry["at"])
            after = local_date(at, timezone) > iteration.start_date
        except (KeyError, TypeError, ValueError):
            continue  # a damaged entry is not counted
        if after:
            last[card] = entry
    return last


def _scope_facts(iteration: Iteration, cards: list[Card], timezone: str) -> list[Fact]:
    if not iteration.scope:  # a file from before the scope log: what the cards tell
        added = [
            c
            for c in cards
            if c.created_at and local_date(c.created_at, timezone) > iteration.start_date
        ]
        return [
            Fact(
                "added",
                _("Added after the start"),
                _cards_points(added),
                _(
                    "Cards of the iteration created after its first day ({start}). A card "
                    "pulled in from the backlog later, or removed, is not seen: the board keeps "
                    "no history of moves."
                ).format(start=iteration.start),
            )
        ]

    logged = _scope_after_day_one(iteration, timezone)

    def total(change: str) -> tuple[int, str]:
        entries = [e for e in logged.values() if e.get("change") == change]
        points = sum(e["points"] for e in entries if type(e.get("points")) is int)
        return len(entries), _count_and_points(len(entries), points)

    value = total("added")[1]
    removed, removed_text = total("removed")
    if removed:
        value += "; " + _("{cards_and_points} removed").format(cards_and_points=removed_text)
    return [
        Fact(
            "added",
            _("Added after the start"),
            value,
            _(
                "From the iteration's scope log: cards that joined it after its first day "
                "({start}), new or from the backlog, and those that left it (to the backlog or "
                "deleted), with their points then; a card added and removed again is counted "
                "where it ended."
            ).format(start=iteration.start),
        )
    ]


def compute_facts(
    iteration: Iteration,
    cards: list[Card],
    standups: list[Standup],
    reviews: list[tuple[Review, list[ReviewItem]]],
    now: DateTime,
    timezone: str,
) -> list[Fact]:
    """The facts panel for ``iteration``: ``cards`` are the cards that belong to it now."""
    today = now.in_timezone(timezone).date()
    facts = [
        Fact(
            "goal",
            _("Goal"),
            iteration.goal or _("(no goal was set)"),
            _("The iteration's goal as written on the board."),
        )
    ]
    committed, done = committed_points(cards), done_points(cards)
    share = f" ({round(100 * done / committed)}%)" if committed else ""
    facts.append(
        Fact(
            "points",
            _("Points done / committed"),
            f"{done} / {committed}{share}",
            _(
                "Committed: points of the iteration's cards outside the backlog; done: those in "
                "Done. Unfinished cards moved away when the iteration closed are not in it any "
                "more."
            ),
        )
    )
    facts += _scope_facts(iteration, cards, timezone)
    unfinished = [c for c in cards if c.column not in (Column.DONE, Column.BACKLOG)]
    facts.append(
        Fact(
            "carried",
            _("Not finished"),
            _cards_points(unfinished),
            _(
                "Cards of the iteration outside Done and the backlog: what carries over when it "
                "closes (after closing, cards moved to the next iteration are counted there)."
            ),
        )
    )
    per_card = {c.id: blocked_days(c, iteration, today, timezone) for c in cards}
    blocked = {k: v for k, v in per_card.items() if v}
    facts.append(
        Fact(
            "blocked",
            _("Blocked card-days"),
            "{days} ({cards})".format(
                days=sum(blocked.values()),
                cards=ngettext("{n} card", "{n} cards", len(blocked)).format(n=len(blocked)),
            ),
            _(
                "For each card blocked now: days from the day it was blocked (its blocked_since, "
                "else its last change) to the iteration's last day or today. Cards unblocked "
                "before now are not counted."
            ),
        )
    )
    overtime_turns = overtime_seconds = absences = meetings = 0
    for s in standups:
        if not s.date or not _in_iteration(Date.fromisoformat(s.date), iteration):
            continue
        if not s.started:
            continue
        meetings += 1
        end = parse_iso(s.ended_at) if s.ended_at else now
        summary = summarize(s, end)
        overtime_turns += summary.overtime_count
        overtime_seconds += sum(line.overtime for line in summary.speakers)
        absences += sum(1 for sp in s.speakers if sp.status == ABSENT)
    facts.append(
        Fact(
            "standups",
            _("Stand-ups"),
            _("{held}, {turns} ({time}), {absences}").format(
                held=ngettext("{n} held", "{n} held", meetings).format(n=meetings),
                turns=ngettext("{n} turn over time", "{n} turns over time", overtime_turns).format(
                    n=overtime_turns
                ),
                time=f"{overtime_seconds // 60}:{overtime_seconds % 60:02d}",
                absences=ngettext("{n} absence", "{n} absences", absences).format(n=absences),
            ),
            _(
                "Stand-ups started on a day of the iteration: speakers past their timebox, the "
                "time past it added up, and people marked absent."
            ),
        )
    )
    decisions: Counter[str] = Counter()
    for review, items in reviews:
        if not review.when or not _in_iteration(local_date(review.when, timezone), iteration):
            continue
        for item in items:
            if item.decision:
                decisions[item.decision_label] += 1
    listed = _(", ").join(
        _("{n} {decision}").format(n=n, decision=label.lower())
        for label, n in sorted(decisions.items())
    )
    facts.append(
        Fact(
            "decisions",
            _("Review decisions"),
            f"{sum(decisions.values())}" + (f" ({listed})" if listed else ""),
            _("Requirements decided in reviews held during the iteration, by decision."),
        )
    )
    return facts
