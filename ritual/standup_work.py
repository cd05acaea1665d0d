"""The work in view while someone speaks: their cards, what moved since the last stand-up.

"Walk the work, not the people": beside a speaker's own update the stand-up shows the board's
cards assigned to them — finished, moved or blocked since the last stand-up, and what is in
progress with how long it has sat in its column — with cards nobody touched for a while
marked stale. Plain data in, lines out; the screen only draws them.
"""

from __future__ import annotations

from dataclasses import dataclass

from pendulum import DateTime

from ritual.clock import parse_iso
from ritual.iteration import Card, Column

DEFAULT_STALE_DAYS = 2  # working days without a change before a card in progress is stale
IN_PROGRESS = (Column.DOING, Column.REVIEW)
RIGHT_TO_LEFT = (Column.REVIEW, Column.DOING, Column.TODO)  # walking the board


@dataclass(frozen=True)
class WorkLine:
    card_id: int
    title: str
    kind: str  # "done", "moved", "blocked", "in progress"
    column: str
    days: int  # whole days in its column (in progress) or 0
    stale: bool = False


def working_days_between(start: DateTime, end: DateTime) -> int:
    """Weekdays from ``start``'s date (exclusive) to ``end``'s (inclusive)."""
    days, day = 0, start.date()
    last = end.date()
    while day < last:
        day = day.add(days=1)
        if day.isoweekday() <= 5:
            days += 1
    return days


def _at(text: str) -> DateTime | None:
    try:
        return parse_iso(text) if text else None
    except ValueError:
        return None


def work_in_view(
    cards: list[Card],
    member_name: str,
    since: str,
    now: DateTime,
    stale_days: int = DEFAULT_STALE_DAYS,
) -> list[WorkLine]:
    """``member_name``'s cards worth a word: done, moved or blocked since ``since`` (the last
    stand-up's start, "" for none), then those in progress, oldest in their column first."""
    last = _at(since)
    key = member_name.casefold()
    changed: list[WorkLine] = []
    ongoing: list[tuple[DateTime, WorkLine]] = []
    for card in cards:
        if not card.assignee or card.assignee.casefold() != key:
            continue
        entered = _at(card.column_since) or _at(card.updated_at)
        touched = _at(card.updated_at)
        blocked_at = _at(card.blocked_since)
        if card.column is Column.DONE:
            done = _at(card.done_at) or entered
            if last is None or (done is not None and done > last):
                changed.append(WorkLine(card.id, card.title, "done", card.column.value, 0))
            continue
        if card.blocked and (last is None or (blocked_at is not None and blocked_at > last)):
            changed.append(WorkLine(card.id, card.title, "blocked", card.column.value, 0))
        elif last is not None and entered is not None and entered > last:
            changed.append(WorkLine(card.id, card.title, "moved", card.column.value, 0))
        if card.column in IN_PROGRESS and not any(w.card_id == card.id for w in changed):
            days = max(0, (now - entered).days) if entered is not None else 0
            quiet = working_days_between(touched, now) if touched is not None else 0
            line = WorkLine(
                card.id, card.title, "in progress", card.column.value, days, quiet >= stale_days
            )
            ongoing.append((entered or now, line))
    # right to left: what is nearest done first, then the longest in its column
    ongoing.sort(key=lambda pair: (RIGHT_TO_LEFT.index(Column(pair[1].column)), pair[0]))
    return changed + [line for _, line in ongoing]


def board_order(people: list[tuple[int, str]], cards: list[Card]) -> list[int]:
    """Walk the board, not the people: member ids in the order of their cards from right to
    left (whoever holds a card in review first, then in progress, then to do; the longer a
    card has sat in its column, the earlier); people without such cards keep their order at
    the end. ``people`` is (member id, name) in today's order."""
    best: dict[str, tuple[int, str]] = {}
    for card in cards:
        if card.column not in RIGHT_TO_LEFT or not card.assignee:
            continue
        key = (RIGHT_TO_LEFT.index(card.column), card.column_since or card.updated_at or "~")
        who = card.assignee.casefold()
        if who not in best or key < best[who]:
            best[who] = key
    ranked = [
        (best.get(name.casefold(), (len(RIGHT_TO_LEFT), "")), n, mid)
        for n, (mid, name) in enumerate(people)
    ]
    return [mid for _, _, mid in sorted(ranked)]
