"""The board's rules as one aggregate: where a card may be, what a move, a close or a new
iteration changes, and what is recorded when the scope of a started iteration changes.

Plain Python over domain objects (no storage): ``storage/board_repo.py`` loads a ``Board``
inside one unit of work, applies one operation and writes back exactly the fields the
operation changed (``card_changes``, ``changed_iterations``). Every card is in exactly one
place: the product backlog (no iteration, column ``backlog``) or an iteration, in one of the
sprint columns (todo, doing, review, done).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pendulum import Date

from ritual.errors import RitualError
from ritual.i18n import N_, _
from ritual.iteration import (
    Card,
    Column,
    Iteration,
    card_order,
    check_blocked_reason,
    check_iteration_goal,
    check_iteration_name,
    parse_capacity,
    parse_iso_date,
)
from ritual.limits import check_text
from ritual.planning import FOCUS_LOW, parse_days_off, settle_days_off
from ritual.team import Member

SPRINT_COLUMNS = (Column.TODO, Column.DOING, Column.REVIEW, Column.DONE)
ADDED, REMOVED = "added", "removed"


def check_scope_reason(text: str) -> str:
    return check_text(text, "card.blocked_reason")


class Board:
    """Iterations (all of them: few) and the cards one operation needs."""

    def __init__(
        self, iterations: Iterable[Iteration], cards: Iterable[Card], user: str, now: str
    ) -> None:
        self.iterations = {it.id: it for it in iterations}
        self.cards = {c.id: c for c in cards}
        self.user, self.now = user, now
        self.card_changes: dict[int, dict[str, Any]] = {}
        self.changed_iterations: set[int] = set()
        self.removed_cards: set[int] = set()
        self.card_before: dict[int, dict[str, Any]] = {}  # what an undo puts back

    # -- reading -----------------------------------------------------------------------------

    @property
    def current(self) -> Iteration | None:
        return next((it for it in self.iterations.values() if it.state == "current"), None)

    @property
    def following(self) -> Iteration | None:
        """The earliest planned iteration: the one that becomes current on the next close."""
        planned = [it for it in self.iterations.values() if it.state == "planned"]
        return min(planned, key=lambda it: (it.start, it.id), default=None)

    def iteration(self, iteration_id: int) -> Iteration:
        it = self.iterations.get(iteration_id)
        if it is None:
            raise RitualError(
                _("there is no iteration {iteration_id}.").format(iteration_id=iteration_id)
            )
        return it

    def card(self, card_id: int) -> Card:
        card = self.cards.get(card_id)
        if card is None:
            raise RitualError(_("there is no card {card_id}.").format(card_id=card_id))
        return card

    # -- writing (every change goes through _set / _touch) -------------------------------------

    def _set(self, card: Card, **changes: Any) -> None:
        if "column" in changes and changes["column"] is not card.column:
            changes["column_since"] = self.now
            if changes["column"] is Column.DONE:
                changes["done_at"] = self.now
            elif card.column is Column.DONE:
                changes["done_at"] = ""
        before = self.card_before.setdefault(card.id, {})
        for key, value in changes.items():
            stored = getattr(card, key)
            before.setdefault(key, stored.value if isinstance(stored, Column) else stored)
            setattr(card, key, value)
        stored = {k: (v.value if isinstance(v, Column) else v) for k, v in changes.items()}
        self.card_changes.setdefault(card.id, {}).update(stored)

    def _touch(self, it: Iteration) -> None:
        self.changed_iterations.add(it.id)

    def _scope(self, it: Iteration | None, card: Card, change: str, reason: str = "") -> None:
        """A card joined or left an iteration already under way: kept in its scope log."""
        if it is None or it.state != "current":
            return
        it.scope = [
            *it.scope,
            {
                "card": card.id,
                "title": card.title,
                "points": card.points,
                "change": change,
                "by": self.user,
                "at": self.now,
                "reason": check_scope_reason(reason),
            },
        ]
        self._touch(it)

    # -- placing cards ------------------------------------------------------------------------

    def place(self, column: Column | None, iteration_id: int | None | str) -> tuple[Column, Any]:
        """Where a new card goes: (column, iteration id). The product backlog has no iteration;
        a sprint column needs one ("current" by default), refused when there is none. With no
        column asked, a card goes to the current iteration's To do, or the backlog."""
        if column is Column.BACKLOG:
            return Column.BACKLOG, None  # the backlog is a place of its own, in no iteration
        if iteration_id == "current":
            if column is None:  # no column asked: the current iteration's To do, if any
                iteration_id = self.current.id if self.current else None
            else:
                iteration_id = None if column is Column.BACKLOG else self._current_id()
        if iteration_id is None:
            if column not in (None, Column.BACKLOG):
                self._current_id()  # refuses with the reason
            return Column.BACKLOG, None
        it = self.iteration(int(iteration_id))
        if it.state == "closed":
            raise RitualError(
                _("iteration {name!r} is closed: pick a current or planned one.").format(
                    name=it.name
                )
            )
        col = Column.TODO if column in (None, Column.BACKLOG) else column
        return col, it.id

    def _current_id(self) -> int:
        it = self.current
        if it is None:
            raise RitualError(
                _(
                    "there is no current iteration: start one first (i on the board, "
                    "'ritual iteration start'), or put the card in the backlog."
                )
            )
        return it.id

    def added(self, card: Card, reason: str = "") -> None:
        """A new card was stored in ``card.iteration_id``: a scope change if it is under way."""
        self.cards[card.id] = card
        if card.iteration_id is not None:
            self._scope(self.iterations.get(card.iteration_id), card, ADDED, reason)

    def move(self, card_id: int, column: Column, reason: str = "") -> Card:
        """To another column. Out of the backlog a card joins the current iteration; into the
        backlog it leaves its iteration. Two moves at once: the later one wins, whole."""
        card = self.card(card_id)
        if column is Column.OTHER:
            raise RitualError(_("no card moves to Other: pick one of the board's columns."))
        if column is Column.BACKLOG:
            return self.to_backlog(card_id, reason)
        if card.iteration_id is None:
            return self.plan(card_id, self._current_id(), column, reason)
        self._set(card, column=column)
        return card

    def plan(
        self, card_id: int, iteration_id: int, column: Column = Column.TODO, reason: str = ""
    ) -> Card:
        """Put a card into an iteration (planning, or pulling work in after the start)."""
        card, it = self.card(card_id), self.iteration(iteration_id)
        if it.state == "closed":
            raise RitualError(
                _("iteration {name!r} is closed: pick a current or planned one.").format(
                    name=it.name
                )
            )
        if card.iteration_id == it.id:
            return card
        self._scope(self.iterations.get(card.iteration_id or 0), card, REMOVED, reason)
        self._set(card, iteration_id=it.id, column=column)
        if card.rank is not None:  # the rank is the product backlog's order only
            self._set(card, rank=None)
        self._scope(it, card, ADDED, reason)
        return card

    def to_backlog(self, card_id: int, reason: str = "") -> Card:
        card = self.card(card_id)
        if card.iteration_id is None and card.column is Column.BACKLOG:
            return card
        self._scope(self.iterations.get(card.iteration_id or 0), card, REMOVED, reason)
        self._set(card, iteration_id=None, column=Column.BACKLOG)
        return card

    def delete(self, card_id: int, reason: str = "") -> None:
        card = self.card(card_id)
        self._scope(self.iterations.get(card.iteration_id or 0), card, REMOVED, reason)
        self.removed_cards.add(card_id)

    def restore(self, card_id: int, fields: dict[str, Any]) -> Card:
        """Undo: put back a card's fields as they were, as a new change (a card going back
        into or out of an iteration under way is a scope change like any other)."""
        card = self.card(card_id)
        values = dict(fields)
        if "column" in values:
            values["column"] = Column(values["column"])
        old_it = card.iteration_id
        new_it = values.get("iteration_id", old_it)
        if new_it != old_it:
            self._scope(self.iterations.get(old_it or 0), card, REMOVED, "undo")
        self._set(card, **values)
        if new_it != old_it:
            self._scope(self.iterations.get(new_it or 0), card, ADDED, "undo")
        return card

    def rank(self, card_id: int, by: int) -> Card:
        """Move a product-backlog card ``by`` places (negative: up). The whole backlog is
        numbered 1..n in its shown order (unranked cards, last by priority, get a rank the
        first time), so every screen and ``card list`` agree; the board must hold every
        backlog card (BoardRepo.rank_card loads them)."""
        card = self.card(card_id)
        if card.iteration_id is not None:
            raise RitualError(
                _(
                    "card {card_id} is in an iteration: only the product backlog is ranked by hand."
                ).format(card_id=card_id)
            )
        backlog = sorted(
            (c for c in self.cards.values() if c.iteration_id is None),
            key=card_order,
        )
        i = backlog.index(card)
        j = max(0, min(len(backlog) - 1, i + by))
        backlog.insert(j, backlog.pop(i))
        for pos, c in enumerate(backlog, 1):
            if c.rank != pos:
                self._set(c, rank=pos)
        return card

    def set_away(
        self, iteration_id: int, member: Member, days: int, team: Iterable[Member] = ()
    ) -> Iteration:
        """A member's whole days off in an iteration (0 clears them), kept by the member's id
        so a rename keeps them; days off an older version kept by name for the members of
        ``team`` move to their ids on the way."""
        it = self.iteration(iteration_id)
        days = parse_days_off(days)
        by_id, it.away = settle_days_off(it, [member, *team])
        if days:
            by_id[str(member.id)] = days
        else:
            by_id.pop(str(member.id), None)
        it.days_off = by_id
        self._touch(it)
        return it

    def member_renamed(self, member: Member) -> None:
        """``member`` (with the name they had) is being renamed: days off an older version
        kept under that name move to their id in every iteration, before the name changes."""
        for it in self.iterations.values():
            by_id, by_name = settle_days_off(it, [member])
            if by_name != it.away:
                it.days_off, it.away = by_id, by_name
                self._touch(it)

    def set_focus(self, iteration_id: int, percent: int | None) -> Iteration:
        """The share of working days spent on iteration work, in percent (None: the default)."""
        it = self.iteration(iteration_id)
        if percent is not None and not FOCUS_LOW <= percent <= 100:
            raise RitualError(_("the focus factor is between 0.1 and 1 (10% and 100%)."))
        it.focus_pct = percent
        self._touch(it)
        return it

    def set_blocked(self, card_id: int, blocked: bool, reason: str = "") -> Card:
        reason = check_blocked_reason(reason)
        if blocked and not reason:
            raise RitualError(_("say why the card is blocked: give a reason."))
        card = self.card(card_id)
        since = (card.blocked_since if card.blocked else self.now) if blocked else ""
        self._set(card, blocked=blocked, blocked_reason=reason if blocked else "")
        self._set(card, blocked_since=since)
        return card

    # -- iterations ---------------------------------------------------------------------------

    def add_iteration(
        self,
        name: str,
        start: str,
        end: str,
        goal: str = "",
        capacity: int | str | None = None,
        wip_limits: dict[str, int] | None = None,
        state: str | None = None,
    ) -> Iteration:
        """A new iteration: current when none is (or ``state="current"``, refused while
        another one is), else planned. It starts with the WIP limits of the latest one."""
        name = check_iteration_name(name)
        s, e = parse_iso_date(start, N_("start")), parse_iso_date(end, N_("end"))
        goal, capacity = check_iteration_goal(goal), parse_capacity(capacity)
        if e < s:
            raise RitualError(_("an iteration cannot end before it starts."))
        current = self.current
        if state is None:
            state = "planned" if current else "current"
        if state == "current" and current is not None:
            raise RitualError(
                _("iteration {name!r} is still current: close it first.").format(name=current.name)
            )
        if wip_limits is None:
            latest = max(self.iterations.values(), key=lambda i: (i.start, i.id), default=None)
            wip_limits = dict(latest.wip_limits) if latest else {}
        it = Iteration(
            0,
            name,
            goal,
            s.isoformat(),
            e.isoformat(),
            capacity,
            state,
            dict(wip_limits),
        )
        return it

    def close(self, iteration_id: int, today: Date, unfinished_to: str = "backlog") -> int:
        """Close an iteration. Unfinished cards go to the product backlog or, with "next", to
        the earliest planned iteration keeping their column. That one becomes current, keeps
        the closed one's WIP limits if it has none, and, when the close is early, starts
        today with its planned length (no "21 days left"). Returns the cards moved."""
        if unfinished_to not in ("backlog", "next"):
            raise RitualError(
                _("{unfinished_to!r}: unfinished cards go to 'next' or 'backlog'.").format(
                    unfinished_to=unfinished_to
                )
            )
        it = self.iteration(iteration_id)
        if it.state == "closed":
            raise RitualError(_("iteration {name!r} is already closed.").format(name=it.name))
        following = self.following
        if unfinished_to == "next" and following is None:
            raise RitualError(_("there is no planned next iteration: create one first."))
        was_current = it.state == "current"
        it.state = "closed"
        if it.end and today.isoformat() < it.end and today.isoformat() >= it.start:
            it.end = today.isoformat()  # closed early: it ended today
        self._touch(it)
        moved = 0
        for card in list(self.cards.values()):
            if card.iteration_id != it.id or card.column in (Column.DONE, Column.OTHER):
                continue  # a card of a column this version does not know stays as it is
            if unfinished_to == "next" and following is not None:
                self._set(card, iteration_id=following.id)
            else:
                self._set(card, iteration_id=None, column=Column.BACKLOG)
            moved += 1
        if following is not None and was_current:
            following.state = "current"
            if not following.wip_limits:
                following.wip_limits = dict(it.wip_limits)
            if following.start and following.start > today.isoformat():
                length = following.end_date - following.start_date
                following.start = today.isoformat()
                following.end = today.add(days=length.days).isoformat()
            self._touch(following)
        return moved

    def set_wip_limit(self, iteration_id: int, column: Column, limit: int | None) -> Iteration:
        it = self.iteration(iteration_id)
        limits = dict(it.wip_limits)
        if limit:
            limits[column.value] = limit
        else:
            limits.pop(column.value, None)
        it.wip_limits = limits
        self._touch(it)
        return it


def becomes_current_when(board_iterations: Iterable[Iteration]) -> str:
    """What the new-iteration form says about when the one being planned starts."""
    its = list(board_iterations)
    current = next((i for i in its if i.state == "current"), None)
    planned = sorted((i for i in its if i.state == "planned"), key=lambda i: (i.start, i.id))
    if current is None:
        return _("It starts now.")
    if planned:
        return _("It starts after {planned} (planned), not when {current} closes.").format(
            planned=planned[-1].name, current=current.name
        )
    return _("It becomes current when you close {current}.").format(current=current.name)
