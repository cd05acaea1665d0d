"""Iterations and their cards: columns, priorities, WIP limits, days left, burndown."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import Any

import pendulum
from pendulum import Date, DateTime

from ritual.clock import Clock, parse_instant
from ritual.errors import RitualError
from ritual.i18n import N_, _
from ritual.limits import check_text
from ritual.numbers import CAPACITY, POINTS, WIP_LIMIT, parse_optional_int, shown
from ritual.record import NOT_STORED, Record
from ritual.text import one_line


class Column(StrEnum):
    BACKLOG = "backlog"
    TODO = "todo"
    DOING = "doing"
    REVIEW = "review"
    DONE = "done"
    # A column this version does not know (another version, a script or a hand edit wrote
    # it): such cards are shown in a place of their own, never dropped. Nothing moves there.
    OTHER = "other"

    @property
    def label(self) -> str:
        """The column's name in the language in use ("In progress", "进行中")."""
        return _(COLUMN_LABELS[self])

    @classmethod
    def parse(cls, text: str) -> Column:
        key = text.strip().casefold()
        for col in BOARD_COLUMNS:
            if key in (col.value, COLUMN_LABELS[col].casefold(), col.label.casefold()):
                return col
        names = " ".join(c.value for c in BOARD_COLUMNS)
        raise RitualError(
            _("{text!r} is not a column: use one of {names}.").format(text=text, names=names)
        )

    def next(self, step: int) -> Column:
        """The board column ``step`` places to the right; from Other, left leads to Done."""
        cols = list(BOARD_COLUMNS)
        here = cols.index(self) if self in cols else len(cols)
        i = max(0, min(len(cols) - 1, here + step))
        return cols[i] if self in cols or step < 0 else self


# English, marked for the catalog; Column.label translates.
COLUMN_LABELS = {
    Column.BACKLOG: N_("Backlog"),
    Column.TODO: N_("To do"),
    Column.DOING: N_("In progress"),
    Column.REVIEW: N_("In review"),
    Column.DONE: N_("Done"),
    Column.OTHER: N_("Other"),
}
BOARD_COLUMNS = tuple(c for c in Column if c is not Column.OTHER)

PRIORITIES = ("P0", "P1", "P2", "P3")
DEFAULT_PRIORITY = "P2"


def parse_priority(text: str) -> str:
    p = text.strip().upper()
    if p not in PRIORITIES:
        raise RitualError(_("{text!r} is not a priority: use P0, P1, P2 or P3.").format(text=text))
    return p


def parse_points(text: str | int | None) -> int | None:
    """Story points, 0 to 999; nothing typed is None (not estimated)."""
    return parse_optional_int(text, POINTS)


def parse_capacity(text: str | int | None) -> int | None:
    """The points an iteration can take on, 0 to 9999; nothing typed is None."""
    return parse_optional_int(text, CAPACITY)


def check_title(title: str) -> str:
    return check_text(title, "card.title", _("a card needs a title: give a non-empty title."))


def check_description(text: str) -> str:
    return check_text(text, "card.description")


def check_blocked_reason(text: str) -> str:
    return check_text(text, "card.blocked_reason")


def check_card_text(fields: Mapping[str, Any]) -> dict[str, Any]:
    """``fields`` with a card's free-text fields checked against their limits (labels as a
    list or as typed); other fields pass through for their own checks."""
    out = dict(fields)
    if "description" in out:
        out["description"] = check_description(str(out["description"]))
    if "blocked_reason" in out:
        out["blocked_reason"] = check_blocked_reason(str(out["blocked_reason"]))
    if "labels" in out:
        labels = out["labels"]
        out["labels"] = parse_labels(labels if isinstance(labels, str) else " ".join(labels))
    return out


def check_link(url: str) -> str:
    """A link as stored: one line, a scheme (https://, file://, ...), within its limit."""
    text = check_text(url, "card.link", _("give a link, e.g. https://github.com/org/repo/pull/7."))
    scheme, sep, rest = text.partition("://")
    if not sep or not rest or not scheme.isascii() or not scheme.isalpha() or " " in text:
        raise RitualError(
            _(
                "{url} is not a link: give one with its scheme, e.g. https://example.com/doc."
            ).format(url=shown(url))
        )
    return text


def check_iteration_name(name: str) -> str:
    return check_text(name, "iteration.name", _("an iteration needs a name."))


def check_iteration_goal(goal: str) -> str:
    return check_text(goal, "iteration.goal")


@dataclass
class Card(Record):
    id: int
    title: str
    column: Column = Column.BACKLOG
    iteration_id: int | None = None
    description: str = ""
    assignee: str = ""
    points: int | None = None
    priority: str = DEFAULT_PRIORITY
    labels: list[str] = field(default_factory=list)
    due: str = ""
    blocked: bool = False
    blocked_reason: str = ""
    source: str = ""  # where it came from, e.g. "review 3 item 7" or "standup 2026-11-26"
    source_key: str = ""  # identity of the source, so converting twice makes no duplicate
    done_at: str = ""
    links: list[str] = field(default_factory=list)  # pull requests, documents ('card link')
    comments: list[dict] = field(default_factory=list)  # {"by", "at", "text"}: commits ...
    # When the card entered its column and when it was blocked (UTC ISO): the stand-up's
    # "work in view" and the board's ageing read them.
    column_since: str = ""
    blocked_since: str = ""
    # The product backlog's order set by hand (1 first; None: not ranked yet, after the
    # ranked ones by priority). Board.rank writes it.
    rank: int | None = None
    # The stored column when this version does not know it (``column`` is then OTHER).
    unknown_column: str = field(default="", metadata=NOT_STORED, repr=False, compare=False)

    @property
    def column_name(self) -> str:
        """The column as the file names it: "archived" for a card of an unknown column."""
        return self.unknown_column or self.column.value

    @property
    def column_label(self) -> str:
        if self.column is Column.OTHER:
            if self.unknown_column:
                return _("Other ({column})").format(column=one_line(self.unknown_column))
            return _("Other")
        return self.column.label

    def matches(self, needle: str) -> bool:
        n = needle.casefold()
        return (
            n in self.title.casefold()
            or n in self.description.casefold()
            or any(n in label.casefold() for label in self.labels)
        )


@dataclass
class Iteration:
    id: int
    name: str
    goal: str = ""
    start: str = ""  # ISO date, team time zone
    end: str = ""  # ISO date, inclusive
    capacity: int | None = None
    state: str = "planned"  # planned | current | closed
    wip_limits: dict[str, int] = field(default_factory=dict)
    # Cards that joined or left after the start: {"card", "title", "change", "by", "at",
    # "reason"}; the burn-up draws its scope line from it (ritual/board.py writes it).
    scope: list[dict] = field(default_factory=list)
    # Availability for the capacity gauge (ritual/planning.py): whole days off per member
    # (by the member's id, as text: a rename keeps them), and the share of working days
    # spent on iteration work in percent (None: 70). ``away`` holds days off by member name
    # as older versions stored them: read by name until the next change folds them into
    # ``days_off`` (ritual/planning.py settle_days_off).
    away: dict[str, int] = field(default_factory=dict)
    focus_pct: int | None = None
    days_off: dict[str, int] = field(default_factory=dict)

    @property
    def start_date(self) -> Date:
        return parse_instant(self.start).date()

    @property
    def end_date(self) -> Date:
        return parse_instant(self.end).date()

    def days_left(self, today: Date) -> int:
        """Calendar days from today to the last day, counting today; 0 once it is over."""
        if not self.end:
            return 0
        return max(0, (self.end_date - today).days + 1)


def wip_over(iteration: Iteration | None, column: Column, count: int) -> bool:
    if iteration is None:
        return False
    limit = iteration.wip_limits.get(column.value)
    if not limit:
        return False
    return count > limit


def committed_points(cards: list[Card]) -> int:
    """Points the team took on: every card of the iteration that left the backlog."""
    return sum(c.points or 0 for c in cards if c.column is not Column.BACKLOG)


def done_points(cards: list[Card]) -> int:
    return sum(c.points or 0 for c in cards if c.column is Column.DONE)


@lru_cache(maxsize=8192)
def local_date(instant: str, timezone: str) -> Date:
    """The team's date of a stored instant (cached: the board asks for hundreds per reload)."""
    return parse_instant(instant).in_timezone(timezone).date()


def burndown(
    iteration: Iteration, cards: list[Card], today: Date, timezone: str
) -> list[tuple[Date, int | None, float]]:
    """Per day of the iteration: (date, points remaining at its end or None if in the future,
    the ideal remaining). A card counts as burnt on the day it reached Done."""
    if not iteration.start or not iteration.end or iteration.end < iteration.start:
        return []  # no dates to draw against (the file held none this version can read)
    cards = [c for c in cards if c.column is not Column.BACKLOG]
    total = committed_points(cards)
    start, end = iteration.start_date, iteration.end_date
    days = (end - start).days + 1
    done_on: list[tuple[Date, int]] = []
    for c in cards:
        if c.column is Column.DONE and c.points:
            when = local_date(c.done_at, timezone) if c.done_at else start
            done_on.append((when, c.points))
    out: list[tuple[Date, int | None, float]] = []
    for i in range(days):
        day = start.add(days=i)
        ideal = total * (1 - (i + 1) / days) if days else 0.0
        if day > today:
            out.append((day, None, ideal))
            continue
        burnt = sum(p for d, p in done_on if d <= day)
        out.append((day, total - burnt, ideal))
    return out


def sparkline(values: Sequence[int | None], top: int) -> str:
    """A one-line chart of remaining points, in block characters (future days blank)."""
    blocks = " ▁▂▃▄▅▆▇█"
    out = []
    for v in values:
        if v is None:
            out.append("·")
        elif top <= 0:
            out.append(blocks[0])
        else:
            out.append(blocks[max(1, round(v / top * 8))] if v > 0 else "_")
    return "".join(out)


def ideal_line(days: list[tuple[Date, int | None, float]]) -> list[int]:
    return [round(ideal) for _, _, ideal in days]


def card_order(card: Card) -> tuple[bool, int, str, int]:
    """How a column lists its cards: in the rank set by hand (the product backlog's), then
    the unranked ones most urgent first, then oldest first."""
    rank = card.rank
    return (rank is None, rank or 0, card.priority, card.id)


def parse_labels(text: str) -> list[str]:
    """Labels typed as "api, security" (commas or spaces), without duplicates."""
    out: list[str] = []
    for part in text.replace(",", " ").split():
        label = check_text(part, "card.label")
        if label and label not in out:
            out.append(label)
    return out


def parse_due(text: str, clock: Clock | None = None, timezone: str = "UTC") -> str:
    """A card's due date as YYYY-MM-DD, or "" for none. Given the clock (and the team's zone),
    the forms of ritual.due_dates are read too: "fri", "+3d", "明天", "周五", "3天后"."""
    s = text.strip()
    if not s:
        return ""
    if clock is not None:
        try:
            from ritual.due_dates import parse_due as parse_relative_due  # typed dates only

            day = parse_relative_due(s, clock, timezone)
        except RitualError:
            pass
        else:
            return day.isoformat() if day else ""
    try:
        value = pendulum.parse(s, strict=False)
        if not isinstance(value, DateTime):
            raise ValueError(f"{s!r} is not a date")  # i18n: literal
        return value.date().isoformat()
    except Exception:
        raise RitualError(
            _("{text} is not a date: use YYYY-MM-DD.").format(text=shown(text))
        ) from None


def parse_iso_date(text: str, what: str = "") -> Date:
    """A typed YYYY-MM-DD date; refused in one sentence naming the field."""
    try:
        return parse_instant(text.strip()).date()
    except Exception:
        if not what:
            raise RitualError(
                _("{text} is not a date: use YYYY-MM-DD.").format(text=shown(text))
            ) from None
        raise RitualError(
            _("{text} is not a {what} date: use YYYY-MM-DD.").format(text=shown(text), what=_(what))
        ) from None


def parse_wip_limit(text: str | int | None) -> int | None:
    """A WIP limit: 1 to 999, or empty / 0 for no limit."""
    return parse_optional_int(text, WIP_LIMIT) or None


@dataclass(frozen=True)
class CardFilter:
    """What the board shows: all cards, or those matching every criterion given."""

    search: str = ""
    assignee: str = ""
    label: str = ""
    priority: str = ""
    mine: bool = False

    @property
    def active(self) -> bool:
        return bool(self.search or self.assignee or self.label or self.priority or self.mine)

    def matches(self, card: Card, my_names: frozenset[str] = frozenset()) -> bool:
        if self.mine and card.assignee not in my_names:
            return False
        if self.assignee and card.assignee != self.assignee:
            return False
        if self.priority and card.priority != self.priority:
            return False
        if self.label and self.label.casefold() not in (x.casefold() for x in card.labels):
            return False
        return not self.search or card.matches(self.search)

    def describe(self) -> str:
        parts = []
        if self.mine:
            parts.append(_("my cards"))
        if self.search:
            parts.append(_("search {text!r}").format(text=one_line(self.search)))
        if self.assignee:
            parts.append(_("assignee {name}").format(name=one_line(self.assignee)))
        if self.label:
            parts.append(_("label {label}").format(label=one_line(self.label)))
        if self.priority:
            parts.append(self.priority)
        return " · ".join(parts)
