"""Requirement reviews: the meeting, its agenda of requirements, decisions and action items.

Plain data and the rules about it; the repository (storage/review_repo.py) stores it and the
screens show it. Time spent on an item is a list of segments [start, end] (UTC ISO strings, end
"" while it runs), so nothing is written while the clock ticks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import pendulum
from pendulum import DateTime

from ritual.clock import parse_instant, parse_iso
from ritual.errors import RitualError
from ritual.i18n import N_, _, pendulum_locale
from ritual.iteration import parse_points
from ritual.limits import check_text
from ritual.numbers import RATING, TIMEBOX_MINUTES, Bounds, parse_bounded_int, parse_optional_int
from ritual.record import Record
from ritual.text import one_line

DEFAULT_TIMEBOX_SECONDS = 10 * 60
RATINGS = (1, 2, 3, 4, 5)


class Status(StrEnum):
    PLANNED = "planned"
    RUNNING = "running"
    DONE = "done"


class Decision(StrEnum):
    APPROVED = "approved"
    APPROVED_WITH_CHANGES = "approved_with_changes"
    NEEDS_CLARIFICATION = "needs_clarification"
    DEFERRED = "deferred"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        """The decision's name in the language in use."""
        return _(DECISION_LABELS[self])

    @property
    def needs_rationale(self) -> bool:
        return self in (Decision.DEFERRED, Decision.REJECTED)

    @property
    def approved(self) -> bool:
        return self in (Decision.APPROVED, Decision.APPROVED_WITH_CHANGES)

    @classmethod
    def parse(cls, text: str) -> Decision:
        key = text.strip().casefold().replace("-", " ").replace("_", " ")
        for d in cls:
            english = DECISION_LABELS[d].casefold()
            if key in (d.value.replace("_", " "), english, d.label.casefold()):
                return d
        names = ", ".join(d.label for d in cls)
        raise RitualError(
            _("{text!r} is not a decision: use one of {names}.").format(text=text, names=names)
        )


# English, marked for the catalog: Decision.label translates; exports' JSON keeps these.
DECISION_LABELS = {
    Decision.APPROVED: N_("Approved"),
    Decision.APPROVED_WITH_CHANGES: N_("Approved with changes"),
    Decision.NEEDS_CLARIFICATION: N_("Needs clarification"),
    Decision.DEFERRED: N_("Deferred"),
    Decision.REJECTED: N_("Rejected"),
}

_DECISIONS = {d.value: d for d in Decision}

# The parts of a good requirement document, in the order a presenter walks through them
# (labels in English, marked for the catalog: shown through _()).
REQUIREMENT_PARTS = (
    ("background", N_("Background (why)")),
    ("description", N_("Description (what)")),
    ("scenarios", N_("User scenarios")),
    ("acceptance", N_("Acceptance criteria")),
    ("ui_notes", N_("UI notes")),
    ("performance", N_("Performance requirements")),
)
ITEM_TEXT_FIELDS = ("title", "notes", "rationale", "link", *(k for k, _ in REQUIREMENT_PARTS))


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


@dataclass
class Review(Record):
    id: int
    title: str
    when: str = ""  # UTC ISO instant of the start
    facilitator: str = ""
    note_taker: str = ""
    attendees: list[str] = field(default_factory=list)
    status: str = Status.PLANNED.value
    current_item_id: int | None = None
    started_at: str = ""
    ended_at: str = ""
    poker: dict[str, Any] = field(default_factory=dict)  # the open planning-poker round

    def __post_init__(self) -> None:
        if not isinstance(self.poker, dict):  # a hand edit: no round rather than a crash
            self.poker = {}

    def local_when(self, timezone: str) -> DateTime | None:
        return parse_iso(self.when).in_timezone(timezone) if self.when else None

    def when_label(self, timezone: str, fmt: str = "") -> str:
        """The start in the team's zone, in the language in use ("Thu 26 Nov 14:00" by
        default; ``fmt`` is a pendulum format, weekday and month names translated)."""
        local = self.local_when(timezone)
        if local is None:
            return _("no date")
        return local.format(fmt or _("ddd D MMM HH:mm"), locale=pendulum_locale())

    def date_label(self, timezone: str) -> str:
        local = self.local_when(timezone)
        return local.date().isoformat() if local else _("no date")


@dataclass
class ReviewItem(Record):
    id: int
    review_id: int
    title: str
    position: int = 0
    presenter: str = ""
    link: str = ""
    background: str = ""
    description: str = ""
    scenarios: str = ""
    acceptance: str = ""
    ui_notes: str = ""
    performance: str = ""
    timebox_seconds: int = DEFAULT_TIMEBOX_SECONDS
    segments: list[list[str]] = field(default_factory=list)
    notes: str = ""
    decision: str = ""
    rationale: str = ""
    estimate: int | None = None
    difficulty: int | None = None
    feasibility: int | None = None
    owner: str = ""
    carried_from: str = ""  # the date of the review it was carried from
    carried_key: str = ""  # "review:R:item:I" of the original, so carrying twice adds it once
    carried_decision: str = ""  # what the earlier meeting decided (Deferred ...), "" undecided
    votes: list[dict[str, Any]] = field(default_factory=list)  # poker rounds, once settled
    revisions: list[dict[str, Any]] = field(default_factory=list)  # review_history: changes
    baseline: dict[str, Any] = field(default_factory=dict)  # the requirement as approved
    baseline_at: str = ""
    baseline_by: str = ""

    @property
    def decision_enum(self) -> Decision | None:
        """The decision, or None when there is none or this version does not know it."""
        return _DECISIONS.get(self.decision)

    @property
    def decision_label(self) -> str:
        """Its label; a decision another version recorded shows as it was written."""
        d = self.decision_enum
        return d.label if d else one_line(self.decision)

    def __post_init__(self) -> None:
        # Nested history read from a shared file: anything but the expected shape (a hand
        # edit, another version) is left out rather than stopping a screen.
        self.votes = [v for v in _list(self.votes) if isinstance(v, dict)]
        self.revisions = [
            r
            for r in _list(self.revisions)
            if isinstance(r, dict) and isinstance(r.get("fields"), dict)
        ]
        if not isinstance(self.baseline, dict):
            self.baseline = {}

    @property
    def carried_label(self) -> str:
        """ "carried from 2026-11-26 (Deferred)": the day the earlier meeting ran, what it
        decided; "" for an item not carried."""
        if not self.carried_from:
            return ""
        decided = _DECISIONS.get(self.carried_decision)
        earlier = decided.label if decided else one_line(self.carried_decision) or _("undecided")
        return _("carried from {date} ({decision})").format(
            date=self.carried_from, decision=earlier
        )

    def conflicts_on(self, field_name: str) -> list[dict]:
        return [c for c in self.conflicts if c.get("field") == field_name]


@dataclass
class ActionItem(Record):
    id: int
    review_id: int
    text: str
    item_id: int | None = None
    owner: str = ""
    due: str = ""  # ISO date, team time zone
    done: bool = False
    done_at: str = ""

    def overdue(self, today: pendulum.Date) -> bool:
        return bool(self.due) and not self.done and parse_instant(self.due).date() < today


# -- checks ---------------------------------------------------------------------------------


def check_review_title(title: str) -> str:
    return check_text(title, "review.title", _("a review needs a title: give a non-empty title."))


def check_item_title(title: str) -> str:
    return check_text(
        title, "item.title", _("a requirement needs a title: give a non-empty title.")
    )


def check_item_text(key: str, value: str) -> str:
    """One of a requirement's text fields (link, presenter, background ...), within its limit."""
    if key in ("link", "presenter"):
        return check_text(value, f"item.{key}")
    if key == "notes":
        return check_text(value, "item.notes")
    return check_text(value, "item.part")


def check_action_text(text: str) -> str:
    return check_text(
        text, "action.text", _("an action item needs a text: say what is to be done.")
    )


def parse_timebox_minutes(text: str | int | None) -> int:
    """Minutes as typed (empty: the default 10) -> seconds."""
    if text is None or str(text).strip() == "":
        return DEFAULT_TIMEBOX_SECONDS
    return parse_bounded_int(text, TIMEBOX_MINUTES) * 60


def parse_rating(text: str | int | None, what: str) -> int | None:
    """A 1-5 rating (difficulty: 1 easy .. 5 very hard; feasibility: 1 doubtful .. 5 sure)."""
    what = _("a {what} rating").format(what=_(what))
    return parse_optional_int(text, Bounds(what, RATING.low, RATING.high))


@dataclass
class DecisionInput:
    """What the note-taker recorded for one item, checked by :func:`check_decision`."""

    decision: Decision | None
    rationale: str = ""
    estimate: int | None = None
    difficulty: int | None = None
    feasibility: int | None = None
    owner: str = ""


def check_decision(
    decision: str | Decision | None,
    rationale: str = "",
    estimate: str | int | None = None,
    difficulty: str | int | None = None,
    feasibility: str | int | None = None,
    owner: str = "",
) -> DecisionInput:
    """Deferred and Rejected need a rationale; estimates are story points; ratings 1-5."""
    if isinstance(decision, str):
        decision = Decision.parse(decision) if decision.strip() else None
    rationale = check_text(rationale, "item.rationale").strip()
    if decision is not None and decision.needs_rationale and not rationale:
        raise RitualError(
            _("{label} needs a rationale: say why, so the author knows what to change.").format(
                label=decision.label
            )
        )
    return DecisionInput(
        decision,
        rationale,
        parse_points(estimate),
        parse_rating(difficulty, N_("difficulty")),
        parse_rating(feasibility, N_("feasibility")),
        one_line(owner),
    )


def item_state(review: Review, item: ReviewItem) -> str:
    """pending / current / decided, as the agenda shows it."""
    if item.decision:
        return "decided"
    if review.status == Status.RUNNING.value and review.current_item_id == item.id:
        return "current"
    return "pending"


CARRIED_DECISIONS = (Decision.DEFERRED.value, Decision.NEEDS_CLARIFICATION.value)


def carry_candidates(items: list[ReviewItem]) -> list[ReviewItem]:
    """Items to carry into the next review: Deferred, Needs clarification and undecided."""
    return [i for i in items if not i.decision or i.decision in CARRIED_DECISIONS]


def approved_items(items: list[ReviewItem]) -> list[ReviewItem]:
    return [i for i in items if i.decision_enum is not None and i.decision_enum.approved]


def item_key(review_id: int, item_id: int) -> str:
    return f"review:{review_id}:item:{item_id}"


def parse_item_key(key: str) -> tuple[int, int] | None:
    """(review id, item id) of an :func:`item_key` (a card's ``source_key``), else None."""
    parts = key.split(":")
    if len(parts) != 4 or parts[0] != "review" or parts[2] != "item":
        return None
    if not (
        parts[1].isascii() and parts[1].isdigit() and parts[3].isascii() and parts[3].isdigit()
    ):
        return None
    return int(parts[1]), int(parts[3])
