"""One requirement review as an aggregate: the meeting, its agenda and its action items, and
every rule that changes them.

An operation goes in (a method call with the instant it happens at), a new state comes out;
nothing here reads a clock or a file. ``storage.review_repo.ReviewRepo.act`` loads the
aggregate inside one unit of work, applies the operation and writes back what changed, so two
processes never interleave half a change and the rules live here only.

Items and actions made here have id 0 until the repository stores them.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ritual.errors import RitualError
from ritual.i18n import _
from ritual.iteration import parse_points
from ritual.review import (
    ITEM_TEXT_FIELDS,
    ActionItem,
    DecisionInput,
    Review,
    ReviewItem,
    Status,
    carry_candidates,
    check_item_text,
    check_item_title,
    item_key,
    parse_rating,
    parse_timebox_minutes,
)
from ritual.review_history import TRACKED_FIELDS, freeze_baseline, record_revision
from ritual.review_poker import PokerRound, start_round
from ritual.review_time import is_open
from ritual.text_merge import merge3

# Multi-line texts are merged line by line; the one-line ones (title, link, presenter) keep a
# conflict copy of the other person's text instead.
MERGEABLE_FIELDS = (
    "notes",
    "rationale",
    "background",
    "description",
    "scenarios",
    "acceptance",
    "ui_notes",
    "performance",
)
REQUIREMENT_FIELDS = (
    "presenter",
    "link",
    "background",
    "description",
    "scenarios",
    "acceptance",
    "ui_notes",
    "performance",
)
ONE_LINE_TEXT_FIELDS = ("title", "presenter", "link")
# What ctrl+z puts back on an item: its decision (with its rationale, owner and ratings, and
# the baseline an approval froze) and an estimate or rating agreed by a vote.
UNDOABLE_FIELDS = (
    "decision",
    "rationale",
    "estimate",
    "difficulty",
    "feasibility",
    "owner",
    "baseline",
    "baseline_at",
    "baseline_by",
)


def check_item_fields(values: dict[str, Any]) -> dict[str, Any]:
    """A requirement's fields as typed (form or CLI) -> as stored; refuses unknown ones."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key == "title":
            out[key] = check_item_title(str(value))
        elif key == "timebox_minutes":
            out["timebox_seconds"] = parse_timebox_minutes(value)
        elif key == "timebox_seconds":
            out[key] = int(value)
        elif key in ("presenter", "link"):
            out[key] = check_item_text(key, str(value))
        elif key in REQUIREMENT_FIELDS:
            out[key] = check_item_text(key, str(value)).strip()
        else:
            raise RitualError(_("{key!r} is not a part of a requirement.").format(key=key))
    return out


@dataclass
class Conflict:
    """Another person's text where an edit could not keep both: shown until cleared.

    ``text`` is their side; ``mine`` the saved side of the same lines ("" when the whole
    one-line field is the conflict)."""

    field: str
    text: str
    by: str
    at: str
    mine: str = ""

    def as_dict(self) -> dict[str, str]:
        out = {"field": self.field, "text": self.text, "by": self.by, "at": self.at}
        if self.mine:
            out["mine"] = self.mine
        return out


@dataclass
class ReviewMeeting:
    review: Review
    items: list[ReviewItem] = field(default_factory=list)  # in agenda order
    actions: list[ActionItem] = field(default_factory=list)
    deleted_items: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.items.sort(key=lambda i: (i.position, i.id))

    # -- reading ----------------------------------------------------------------------------

    def item(self, item_id: int | None) -> ReviewItem:
        for i in self.items:
            if i.id == item_id:
                return i
        raise RitualError(
            _("there is no agenda item {item_id} (it may have been removed).").format(
                item_id=item_id
            )
        )

    def _running(self) -> None:
        if self.review.status != Status.RUNNING.value:
            raise RitualError(_("the review is not running: start it first (s)."))

    # -- the clock on items -----------------------------------------------------------------

    def _close(self, item_id: int | None, now: str) -> None:
        item = next((i for i in self.items if i.id == item_id), None)
        if item is not None and is_open(item.segments):
            item.segments = [list(s) for s in item.segments]
            item.segments[-1] = [item.segments[-1][0], now]

    def _open(self, item_id: int, now: str) -> None:
        item = self.item(item_id)
        if not is_open(item.segments):
            item.segments = [*(list(s) for s in item.segments), [now, ""]]

    # -- running the meeting ----------------------------------------------------------------

    def start(self, now: str, item_id: int | None = None) -> None:
        """Running; the clock starts on ``item_id`` (default: the first undecided)."""
        if item_id is None:
            pending = [i for i in self.items if not i.decision] or self.items
            item_id = pending[0].id if pending else None
        if item_id is not None:
            self._open(item_id, now)
        self.review.status = Status.RUNNING.value
        self.review.current_item_id = item_id
        self.review.started_at = self.review.started_at or now
        self.review.ended_at = ""

    def go_to(self, now: str, item_id: int) -> None:
        """``item_id`` becomes current: the clock stops on the old one and starts on it."""
        self._running()
        current = self.review.current_item_id
        if current == item_id:
            return
        self.item(item_id)
        self._close(current, now)
        self._open(item_id, now)
        self.review.current_item_id = item_id

    def step(self, now: str, delta: int) -> None:
        """The next (+1) or previous (-1) item becomes current."""
        ids = [i.id for i in self.items]
        if not ids:
            raise RitualError(_("the agenda is empty: add an item first (a)."))
        current = self.review.current_item_id
        here = ids.index(current) if current in ids else -delta
        self.go_to(now, ids[max(0, min(len(ids) - 1, here + delta))])

    def end(self, now: str) -> None:
        self._close(self.review.current_item_id, now)
        self.review.status = Status.DONE.value
        self.review.current_item_id = None
        self.review.ended_at = now

    # -- agenda -----------------------------------------------------------------------------

    def add_item(self, values: dict[str, Any]) -> ReviewItem:
        """A new item at the end of the agenda (``values`` as checked by check_item_fields)."""
        values = dict(values)
        position = max((i.position for i in self.items), default=0) + 1
        item = ReviewItem(0, self.review.id, values.pop("title"), position=position, **values)
        self.items.append(item)
        return item

    def move_item(self, item_id: int, step: int) -> None:
        """Swap the item with its neighbour above (-1) or below (+1)."""
        ids = [i.id for i in self.items]
        i = ids.index(self.item(item_id).id)
        j = i + step
        if not 0 <= j < len(ids):
            return
        self.items[i], self.items[j] = self.items[j], self.items[i]
        for position, item in enumerate(self.items, 1):
            item.position = position

    def delete_item(self, item_id: int) -> None:
        item = self.item(item_id)
        if self.review.current_item_id == item_id:
            self.review.current_item_id = None
        for a in self.actions:
            if a.item_id == item_id:
                a.item_id = None
        self.items.remove(item)
        self.deleted_items.append(item.id)

    def edit_item(
        self, before: ReviewItem, changes: dict[str, Any], by: str, at: str
    ) -> list[Conflict]:
        """Change an item as its editor last saw it (``before``).

        A multi-line text someone else changed meanwhile is merged three-way against
        ``before``; where both changed the same lines this edit's lines stay and theirs are
        kept as a conflict. A one-line text they changed keeps theirs as a conflict copy."""
        item = next((i for i in self.items if i.id == before.id), None)
        if item is None:
            raise RitualError(
                _("agenda item {title!r} was removed meanwhile.").format(title=before.title)
            )
        found: list[Conflict] = []
        who, when = item.updated_by, item.updated_at
        old = {k: getattr(item, k) for k in TRACKED_FIELDS}
        for name, new in changes.items():
            now_value = getattr(item, name)
            base = getattr(before, name)
            if name not in ITEM_TEXT_FIELDS or now_value in (base, new):
                setattr(item, name, new)
                continue
            if name in MERGEABLE_FIELDS:
                merged = merge3(str(base), new, str(now_value))
                setattr(item, name, merged.text)
                found += [Conflict(name, c.theirs, who, when, c.mine) for c in merged.clashes]
            else:
                setattr(item, name, new)
                if str(now_value).strip():
                    found.append(Conflict(name, str(now_value), who, when))
        for c in found:
            if not any(
                k.get("field") == c.field and k.get("text") == c.text for k in item.conflicts
            ):
                item.conflicts = [*item.conflicts, c.as_dict()]
        record_revision(item, old, by, at)
        decision = item.decision_enum
        newly_approved = "decision" in changes and decision is not None and decision.approved
        if newly_approved and (changes["decision"] != before.decision or not item.baseline):
            freeze_baseline(item, by, at)
        return found

    def decide(
        self, before: ReviewItem, d: DecisionInput, owner: str, by: str, at: str
    ) -> list[Conflict]:
        """Record a checked decision (``owner`` already a member's name or "")."""
        changes = {
            "decision": d.decision.value if d.decision else "",
            "rationale": d.rationale,
            "estimate": d.estimate,
            "difficulty": d.difficulty,
            "feasibility": d.feasibility,
            "owner": owner,
        }
        return self.edit_item(before, changes, by, at)

    def restore_item(self, item_id: int, fields: dict[str, Any]) -> ReviewItem:
        """Undo: put back an item's decision fields as they were (``UNDOABLE_FIELDS``)."""
        item = self.item(item_id)
        for name, value in fields.items():
            if name not in UNDOABLE_FIELDS:
                raise RitualError(f"{name!r} is not undone here.")  # i18n: literal
            setattr(item, name, copy.deepcopy(value))
        return item

    def resolve_conflicts(self, item_id: int, merge: bool) -> None:
        """Put the other people's lines beside ours (multi-line fields; a one-line field's copy
        is only dismissed) or dismiss them, and forget the conflicts."""
        item = self.item(item_id)
        for c in item.conflicts if merge else []:
            name, theirs = c.get("field", ""), str(c.get("text", "")).rstrip()
            if name not in MERGEABLE_FIELDS or not theirs.strip():
                continue
            text = str(getattr(item, name)).rstrip()
            if theirs in text:
                continue
            mine = str(c.get("mine", ""))
            if mine and mine in text:
                text = text.replace(mine, f"{mine}\n{theirs}", 1)
            else:
                text = "\n\n".join(p for p in (text, f"[{c.get('by', '')}]\n{theirs}") if p)
            setattr(item, name, text)
        item.conflicts = []

    # -- action items -----------------------------------------------------------------------

    def add_action(self, action: ActionItem) -> ActionItem:
        action.review_id = self.review.id
        self.actions.append(action)
        return action

    def set_action_done(self, action_id: int, done: bool, now: str) -> ActionItem:
        for a in self.actions:
            if a.id == action_id:
                a.done, a.done_at = done, now if done else ""
                return a
        raise RitualError(_("there is no action item {action_id}.").format(action_id=action_id))

    # -- carrying items on ------------------------------------------------------------------

    def ran_on(self, timezone: str) -> str:
        """The day the meeting ran (its start), or its planned day if it never started."""
        if self.review.started_at:
            started = Review(0, "", when=self.review.started_at)
            return started.date_label(timezone)
        return self.review.date_label(timezone)

    def carry_into(
        self, target: ReviewMeeting, timezone: str, only: list[int] | None = None
    ) -> int:
        """Copy Deferred, Needs clarification and undecided items, with their requirement,
        rationale, decision so far and notes, to the end of ``target``'s agenda, marked
        "carried from <the day this meeting ran>". An item already there is not added again.
        ``only``: these items instead (an approved one whose acceptance criteria changed, put
        on the next review again). Returns how many were added."""
        if target.review.id == self.review.id:
            raise RitualError(_("there is no later planned review to carry items into: plan one."))
        date = self.ran_on(timezone)
        keys = {i.carried_key for i in target.items}
        added = 0
        chosen = [self.item(i) for i in only] if only is not None else carry_candidates(self.items)
        for item in chosen:
            key = item.carried_key or item_key(self.review.id, item.id)
            if key in keys:
                continue
            copy = ReviewItem(
                0,
                target.review.id,
                item.title,
                **{k: getattr(item, k) for k in REQUIREMENT_FIELDS},
                timebox_seconds=item.timebox_seconds,
                notes=item.notes,
                rationale=item.rationale,
                carried_from=date,
                carried_key=key,
                carried_decision=item.decision or item.carried_decision,
                revisions=list(item.revisions),
                baseline=dict(item.baseline),
                baseline_at=item.baseline_at,
                baseline_by=item.baseline_by,
                votes=list(item.votes),
            )
            copy.position = max((i.position for i in target.items), default=0) + 1
            target.items.append(copy)
            keys.add(key)
            added += 1
        return added

    # -- planning poker ---------------------------------------------------------------------

    @property
    def poker(self) -> PokerRound | None:
        return PokerRound.from_dict(self.review.poker) if self.review.poker else None

    def _poker(self) -> PokerRound:
        round_ = self.poker
        if round_ is None:
            raise RitualError(_("no vote is open: start one on the current item first (P)."))
        return round_

    def _keep(self, round_: PokerRound | None) -> None:
        self.review.poker = round_.as_dict() if round_ is not None else {}

    def poker_start(
        self, user: str, field_name: str, scale: str, item_id: int | None
    ) -> PokerRound:
        """A vote on ``item_id`` (default: the current item); its starter facilitates it."""
        self._running()
        item = self.item(item_id if item_id is not None else self.review.current_item_id)
        old = self.poker
        if old is not None and old.facilitator != user:
            raise RitualError(
                _("{facilitator} runs a vote already: wait until it is settled.").format(
                    facilitator=old.facilitator
                )
            )
        round_ = start_round(item.id, field_name, scale, user)
        self._keep(round_)
        return round_

    def _on_poker(self, change: Callable[[PokerRound], object]) -> PokerRound:
        """Apply ``change`` to the open vote and keep the result on the review."""
        round_ = self._poker()
        change(round_)
        self._keep(round_)
        return round_

    def poker_cast(self, user: str, sealed_vote: str) -> PokerRound:
        return self._on_poker(lambda r: r.cast(user, sealed_vote))

    def poker_reveal(self, user: str) -> PokerRound:
        return self._on_poker(lambda r: r.reveal(user))

    def poker_open(self, user: str, value: str, salt: str) -> PokerRound:
        return self._on_poker(lambda r: r.open(user, value, salt))

    def poker_revote(self, user: str) -> PokerRound:
        return self._on_poker(lambda r: r.revote(user))

    def poker_stop(self, user: str) -> None:
        round_ = self._poker()
        round_._drive(user)
        self._keep(None)

    def poker_agree(self, user: str, value: str) -> ReviewItem:
        """The agreed value goes to the item's field; every round's votes stay on the item."""
        round_ = self._poker()
        round_._drive(user)
        if not round_.revealed:
            raise RitualError(_("reveal the votes before settling on a value."))
        if round_.field == "estimate":
            number = parse_points(value)
        else:
            number = parse_rating(value, round_.field)
        item = self.item(round_.item_id)
        setattr(item, round_.field, number)
        agreed = {"field": round_.field, "agreed": number, "by": user}
        item.votes = [*item.votes, *round_.record(), agreed]
        self._keep(None)
        return item
