"""Iterations and cards, as the board, the CLI and the other rituals need them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

import pendulum

from ritual.errors import RitualError
from ritual.iteration import (
    DEFAULT_PRIORITY,
    Card,
    Column,
    Iteration,
    check_blocked_reason,
    check_card_text,
    check_iteration_goal,
    check_iteration_name,
    check_link,
    check_title,
    parse_capacity,
    parse_points,
    parse_priority,
)
from ritual.limits import check_text
from ritual.team import find_member
from ritual.trackers import ImportRow
from storage.mapping import as_id, coerce, shown, to_doc, to_obj
from storage.store import PatchResult, Store
from storage.team_repo import TeamRepo
from storage.unit_of_work import Repository, UnitOfWork

CARDS, ITERATIONS = "cards", "iterations"
CARD_TEXT_FIELDS = ("title", "description", "blocked_reason")


CARD_FIELDS = frozenset(f.name for f in fields(Card))
STORED_CARD_FIELDS = frozenset(
    f.name for f in fields(Card) if f.metadata.get("stored", True) and f.name != "id"
)


def _copied(value: Any) -> Any:
    """A stored value the card can own: lists and dicts copied (labels, conflicts)."""
    if isinstance(value, list):
        return [_copied(v) for v in value]
    if isinstance(value, dict):
        return {k: _copied(v) for k, v in value.items()}
    return value


def _card_from_stored(doc_id: int, doc: Mapping[str, Any]) -> Card:
    """A card owning its values, from a stored document it must not keep: only lists and
    dicts (labels, conflicts) need copying; fields the card does not know are left out, and
    values of the wrong type are coerced (storage/mapping.py).

    The board builds 2,000 of these when it opens, so this fills the plain dataclass's
    fields directly instead of through ``Card(**values)`` (half the time; the same card,
    which tests/test_board_domain.py checks against the dataclass's own constructor)."""
    values = {
        k: (_copied(v) if isinstance(v, (list, dict)) else v)
        for k, v in doc.items()
        if k in STORED_CARD_FIELDS
    }
    coerce(Card, values)
    card = Card.__new__(Card)
    state = vars(card)
    state.update(values)
    state["id"] = doc_id
    state["unknown_column"] = ""
    if card.column is Column.OTHER:
        stored = doc.get("column")
        state["unknown_column"] = stored if isinstance(stored, str) else shown(stored)
    return card


def _iteration_of(doc: Mapping[str, Any]) -> int | None:
    """A stored card's iteration as reading coerces it ("3" is 3; "x" is the backlog)."""
    value = doc.get("iteration_id")
    return value if value is None or type(value) is int else as_id(value)


def _hashable(value: Any) -> Any:
    return value if type(value) in (int, str) or value is None else repr(value)


@dataclass
class CardEdit:
    card: Card
    conflicts: list[Any]


class BoardRepo(Repository):
    def __init__(self, store: Store, uow: UnitOfWork | None = None) -> None:
        super().__init__(store, uow)
        self.team = TeamRepo(store, uow)
        self._card_cache: dict[tuple, Card] = {}

    # -- iterations -------------------------------------------------------------------------

    def iterations(self) -> list[Iteration]:
        its = [to_obj(Iteration, d) for d in self.store.all(ITERATIONS)]
        return sorted(its, key=lambda i: (i.start, i.id))

    def current_iteration(self) -> Iteration | None:
        for it in self.iterations():
            if it.state == "current":
                return it
        return None

    def iteration(self, iteration_id: int) -> Iteration | None:
        doc = self.store.get(ITERATIONS, iteration_id)
        return to_obj(Iteration, doc) if doc else None

    def start_iteration(
        self,
        name: str,
        start: str,
        end: str,
        goal: str = "",
        capacity: int | None = None,
        wip_limits: dict[str, int] | None = None,
        state: str = "current",
    ) -> Iteration:
        """Make a new current iteration (refused while another one is still current), or a
        planned one with ``state="planned"``."""
        name = check_iteration_name(name)
        try:
            s, e = pendulum.parse(start).date(), pendulum.parse(end).date()
        except Exception:
            raise RitualError(f"{start!r}..{end!r} are not dates: use YYYY-MM-DD.") from None
        goal = check_iteration_goal(goal)
        capacity = parse_capacity(capacity)
        if e < s:
            raise RitualError("an iteration cannot end before it starts.")
        with self._tx() as tx:
            for d in tx.all(ITERATIONS):
                if state == "current" and d.get("state") == "current":
                    raise RitualError(f"iteration {d['name']!r} is still current: close it first.")
            doc = tx.insert(
                ITERATIONS,
                to_doc(
                    Iteration(
                        0,
                        name,
                        goal,
                        s.isoformat(),
                        e.isoformat(),
                        capacity,
                        state,
                        dict(wip_limits or {}),
                    )
                ),
            )
        return to_obj(Iteration, doc)

    def close_iteration(self, iteration_id: int, unfinished_to: str = "backlog") -> int:
        """Close an iteration; its unfinished cards go to the product backlog, or, when
        ``unfinished_to`` is "next", to the next (earliest planned) iteration, keeping their
        column so work in progress stays in progress. That planned iteration, if any, becomes
        the current one either way. Returns the number of cards moved."""
        if unfinished_to not in ("backlog", "next"):
            raise RitualError(f"{unfinished_to!r}: unfinished cards go to 'next' or 'backlog'.")
        moved = 0
        with self._tx() as tx:
            it = tx.get(ITERATIONS, iteration_id)
            if it is None:
                raise RitualError(f"there is no iteration {iteration_id}.")
            if it.get("state") == "closed":
                raise RitualError(f"iteration {it['name']!r} is already closed.")
            planned = [d for d in tx.all(ITERATIONS) if d.get("state") == "planned"]
            following = min(planned, key=lambda d: (d.get("start", ""), d["id"]), default=None)
            if unfinished_to == "next" and following is None:
                raise RitualError("there is no planned next iteration: create one first.")
            target = following["id"] if unfinished_to == "next" and following else None
            for d in tx.find(CARDS, lambda d: d.get("iteration_id") == iteration_id):
                if d.get("column") == Column.DONE.value:
                    continue
                if target is None:
                    tx.patch(CARDS, d["id"], {"iteration_id": None, "column": "backlog"})
                else:
                    tx.patch(CARDS, d["id"], {"iteration_id": target})
                moved += 1
            tx.patch(ITERATIONS, iteration_id, {"state": "closed"})
            if following is not None and it.get("state") == "current":
                tx.patch(ITERATIONS, following["id"], {"state": "current"})
        return moved

    def plan_iteration(
        self,
        name: str,
        start: str,
        end: str,
        goal: str = "",
        capacity: int | None = None,
        wip_limits: dict[str, int] | None = None,
    ) -> Iteration:
        """Add the next iteration: current at once when none is, else planned (it becomes
        current when the current one closes)."""
        if self.current_iteration() is None:
            return self.start_iteration(name, start, end, goal, capacity, wip_limits)
        return self.start_iteration(name, start, end, goal, capacity, wip_limits, "planned")

    def next_iteration(self) -> Iteration | None:
        """The earliest planned iteration: where unfinished cards can move on closing."""
        planned = [i for i in self.iterations() if i.state == "planned"]
        return planned[0] if planned else None

    def update_iteration(self, iteration_id: int, **changes: Any) -> Iteration:
        with self._tx() as tx:
            doc = tx.patch(ITERATIONS, iteration_id, changes).doc
        return to_obj(Iteration, doc)

    def set_wip_limit(self, iteration_id: int, column: Column, limit: int | None) -> Iteration:
        with self._tx() as tx:
            doc = tx.get(ITERATIONS, iteration_id)
            if doc is None:
                raise RitualError(f"there is no iteration {iteration_id}.")
            limits = dict(doc.get("wip_limits", {}))
            if limit:
                limits[column.value] = limit
            else:
                limits.pop(column.value, None)
            doc = tx.patch(ITERATIONS, iteration_id, {"wip_limits": limits}).doc
        return to_obj(Iteration, doc)

    # -- cards ------------------------------------------------------------------------------

    def cards(
        self, iteration_id: int | None | str = "current", column: Column | None = None
    ) -> list[Card]:
        """Cards of an iteration ("current" by default; None: the product backlog; "all")."""
        if iteration_id == "current":
            current = self.current_iteration()
            iteration_id = current.id if current else None

        def pick(doc_id: int, doc: Mapping[str, Any]) -> Card | None:
            # Only the cards asked for are copied out of the file's 10,000 documents.
            if iteration_id != "all" and _iteration_of(doc) != iteration_id:
                return None
            if column is not None and column is not Column.OTHER:
                return _card_from_stored(doc_id, doc) if doc.get("column") == column else None
            card = _card_from_stored(doc_id, doc)
            return card if column is None or card.column is column else None

        out = self.store.scan(CARDS, pick)
        out.sort(key=lambda c: c.id)
        return out

    def card(self, card_id: int) -> Card:
        doc = self.store.get(CARDS, card_id)
        if doc is None:
            raise RitualError(f"there is no card {card_id}.")
        return to_obj(Card, doc)

    def _check_assignee(self, assignee: str | None) -> str:
        if not assignee:
            return ""
        return find_member(self.team.members(), assignee).name

    def add_card(
        self,
        title: str,
        column: Column | str | None = None,
        assignee: str | None = None,
        points: int | str | None = None,
        priority: str | None = None,
        iteration_id: int | None | str = "current",
        **extra: Any,
    ) -> Card:
        """Validate everything first; then one transaction adds the card."""
        title = check_title(title)
        col = Column.parse(column) if isinstance(column, str) else column
        assignee = self._check_assignee(assignee)
        pts = parse_points(points)
        prio = parse_priority(priority) if priority else DEFAULT_PRIORITY
        extra = check_card_text(extra)
        source_key = extra.get("source_key", "")
        with self._tx() as tx:
            if source_key:
                for d in tx.find(CARDS, lambda d: d.get("source_key") == source_key):
                    return to_obj(Card, d)
            it_id = iteration_id
            if it_id == "current":
                current = [d for d in tx.all(ITERATIONS) if d.get("state") == "current"]
                it_id = current[0]["id"] if current else None
            if col is None:
                col = Column.BACKLOG if it_id is None else Column.TODO
            card = Card(0, title, col, it_id, assignee=assignee, points=pts, priority=prio)
            for k, v in extra.items():
                setattr(card, k, v)
            if col is Column.DONE and not card.done_at:
                card.done_at = tx.now
            doc = tx.insert(CARDS, to_doc(card))
        return to_obj(Card, doc)

    def board_cards(self, iteration_id: int | None) -> list[Card]:
        """What the board shows: the iteration's cards and the product backlog.

        Called on every change of the file, so it stays cheap at 10,000 documents: a card
        whose revision this repository already built is reused without copying its document
        (the board treats cards as read-only)."""
        cache, fresh = self._card_cache, {}

        def pick(doc_id: int, doc: Mapping[str, Any]) -> Card | None:
            if _iteration_of(doc) not in (None, iteration_id):
                return None
            key = (doc_id, _hashable(doc.get("rev")), _hashable(doc.get("updated_at")))
            card = cache.get(key)
            if card is None:
                card = _card_from_stored(doc_id, doc)
            fresh[key] = card
            return card

        out = self.store.scan(CARDS, pick)
        self._card_cache = fresh
        return out

    def move_card(self, card_id: int, column: Column | str) -> Card:
        """Move a card to a column; a product-backlog card leaving the backlog joins the
        current iteration. Two people moving one card at once: the later move wins, whole."""
        col = Column.parse(column) if isinstance(column, str) else column
        with self._tx() as tx:
            doc = tx.get(CARDS, card_id)
            if doc is None:
                raise RitualError(f"there is no card {card_id}.")
            changes: dict[str, Any] = {"column": col.value}
            if doc.get("iteration_id") is None and col is not Column.BACKLOG:
                current = [d for d in tx.all(ITERATIONS) if d.get("state") == "current"]
                if current:
                    changes["iteration_id"] = current[0]["id"]
            if col is Column.DONE and doc.get("column") != "done":
                changes["done_at"] = tx.now
            elif col is not Column.DONE:
                changes["done_at"] = ""
            doc = tx.patch(CARDS, card_id, changes).doc
        return to_obj(Card, doc)

    def edit_card(self, before: Card, **changes: Any) -> CardEdit:
        """Change fields of a card as the caller last saw it (``before``). A text field someone
        else changed meanwhile keeps their text as a conflict copy, reported back."""
        changes = check_card_text(changes)
        if "title" in changes:
            changes["title"] = check_title(changes["title"])
        if "assignee" in changes:
            changes["assignee"] = self._check_assignee(changes["assignee"])
        if "points" in changes:
            changes["points"] = parse_points(changes["points"])
        if "priority" in changes:
            changes["priority"] = parse_priority(changes["priority"] or DEFAULT_PRIORITY)
        if "column" in changes:
            changes["column"] = Column.parse(str(changes["column"])).value
        base = to_doc(before)
        with self._tx() as tx:
            if "column" in changes:
                current = tx.get(CARDS, before.id)
                if current and changes["column"] == "done" and current.get("column") != "done":
                    changes["done_at"] = tx.now
            result: PatchResult = tx.patch(
                CARDS, before.id, changes, base=base, text_fields=CARD_TEXT_FIELDS
            )
        return CardEdit(to_obj(Card, result.doc), result.conflicts)

    def delete_card(self, card_id: int) -> None:
        with self._tx() as tx:
            if not tx.delete(CARDS, card_id):
                raise RitualError(f"there is no card {card_id}.")

    def set_blocked(self, card_id: int, blocked: bool, reason: str = "") -> Card:
        reason = check_blocked_reason(reason)
        if blocked and not reason:
            raise RitualError("say why the card is blocked: give a reason.")
        with self._tx() as tx:
            if tx.get(CARDS, card_id) is None:
                raise RitualError(f"there is no card {card_id}.")
            changes = {"blocked": blocked, "blocked_reason": reason if blocked else ""}
            doc = tx.patch(CARDS, card_id, changes).doc
        return to_obj(Card, doc)

    def clear_conflicts(self, card_id: int) -> Card:
        """Forget a card's conflict copies once someone has read them."""
        with self._tx() as tx:
            tx.clear_conflicts(CARDS, card_id)
            doc = tx.get(CARDS, card_id)
        if doc is None:
            raise RitualError(f"there is no card {card_id}.")
        return to_obj(Card, doc)

    # -- import and links -------------------------------------------------------------------

    def import_cards(self, rows: list[ImportRow]) -> list[tuple[ImportRow, int, bool]]:
        """Cards from a tracker's export into the product backlog, in one unit of work: all
        or none. A row whose source key a card already holds is not added again. Returns
        (row, card id, whether it was new) per row."""
        out: list[tuple[ImportRow, int, bool]] = []
        with self.store.transaction() as tx:
            known = {
                d.get("source_key"): d["id"] for d in tx.find(CARDS, lambda d: d.get("source_key"))
            }
            for row in rows:
                if row.source_key in known:
                    out.append((row, known[row.source_key], False))
                    continue
                card = Card(
                    0,
                    row.title,
                    Column.BACKLOG,
                    None,
                    description=row.description,
                    assignee=row.assignee,
                    points=row.points,
                    priority=row.priority,
                    labels=list(row.labels),
                    source=row.source,
                    source_key=row.source_key,
                )
                doc = tx.insert(CARDS, to_doc(card))
                known[row.source_key] = doc["id"]
                out.append((row, doc["id"], True))
        return out

    def add_link(self, card_id: int, url: str) -> Card:
        """Attach a link (a pull request, a document) to a card; the same link twice is
        kept once."""
        url = check_link(url)
        with self.store.transaction() as tx:
            doc = tx.get(CARDS, card_id)
            if doc is None:
                raise RitualError(f"there is no card {card_id}.")
            links = [x for x in doc.get("links", []) if isinstance(x, str)]
            if url not in links:
                doc = tx.patch(CARDS, card_id, {"links": [*links, url]}).doc
        return to_obj(Card, doc)

    def add_comment(self, card_id: int, text: str) -> Card:
        """A line on a card's history (a commit that named it), by the store's user."""
        text = check_text(text, "card.comment", "a comment needs text.")
        with self.store.transaction() as tx:
            doc = tx.get(CARDS, card_id)
            if doc is None:
                raise RitualError(f"there is no card {card_id}.")
            notes = [x for x in doc.get("comments", []) if isinstance(x, dict)]
            note = {"by": tx.user, "at": tx.now, "text": text}
            doc = tx.patch(CARDS, card_id, {"comments": [*notes, note]}).doc
        return to_obj(Card, doc)
