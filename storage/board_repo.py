"""Iterations and cards, as the board, the CLI and the other rituals need them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, TypeVar

from pendulum import Date

from ritual.board import Board
from ritual.clock import team_today
from ritual.errors import RitualError
from ritual.i18n import _, ngettext
from ritual.iteration import (
    DEFAULT_PRIORITY,
    Card,
    Column,
    Iteration,
    card_order,
    check_card_text,
    check_iteration_goal,
    check_link,
    check_title,
    parse_points,
    parse_priority,
)
from ritual.limits import check_text
from ritual.team import Member, find_member
from storage.mapping import as_id, coerce, quick_values, shown, to_doc, to_obj
from storage.store import PatchResult, Store
from storage.team_repo import TeamRepo
from storage.unit_of_work import Repository, UnitOfWork

if TYPE_CHECKING:
    from ritual.trackers import ImportRow  # only `ritual card import` makes them

CARDS, ITERATIONS = "cards", "iterations"
CARD_TEXT_FIELDS = ("title", "description", "blocked_reason")
T = TypeVar("T")


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


def coerced_card_values(doc: Mapping[str, Any]) -> dict[str, Any]:
    """A card's values from any stored document: what the card keeps copied, then every
    field coerced (the full pass, for a document the quick read turns away)."""
    values = {
        k: (_copied(v) if isinstance(v, (list, dict)) else v)
        for k, v in doc.items()
        if k in STORED_CARD_FIELDS
    }
    coerce(Card, values)
    return values


def _card_from_stored(doc_id: int, doc: Mapping[str, Any]) -> Card:
    """A card owning its values, from a stored document it must not keep: only lists and
    dicts (labels, conflicts) need copying; fields the card does not know are left out, and
    values of the wrong type are coerced (storage/mapping.py).

    The board builds 2,000 of these when it opens, so this fills the plain dataclass's
    fields directly instead of through ``Card(**values)`` (half the time; the same card,
    which tests/test_board_domain.py checks against the dataclass's own constructor)."""
    values = quick_values(Card, doc)
    if values is None:  # some value needs fixing
        values = coerced_card_values(doc)
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


def _settings_of(it: Iteration) -> dict[str, Any]:
    return {k: _copied(getattr(it, k)) for k in UNDOABLE_ITERATION_FIELDS}


def _hashable(value: Any) -> Any:
    return value if type(value) in (int, str) or value is None else repr(value)


@dataclass
class BoardUndo:
    """What puts a change back: per card, its fields before and its revision after (a later
    revision means someone changed it since); deleted cards as they were stored."""

    user: str
    cards: dict[int, tuple[dict[str, Any], Any]] = field(default_factory=dict)
    deleted: list[dict[str, Any]] = field(default_factory=list)
    # an iteration's settings (goal, WIP limits, days off, focus), as for a card
    iterations: dict[int, tuple[dict[str, Any], Any]] = field(default_factory=dict)


# An iteration's settings ctrl+z puts back (its dates, state and scope log are not undone).
UNDOABLE_ITERATION_FIELDS = ("goal", "capacity", "wip_limits", "away", "days_off", "focus_pct")


@dataclass
class CardEdit:
    card: Card
    conflicts: list[Any]


class BoardRepo(Repository):
    def __init__(self, store: Store, uow: UnitOfWork | None = None) -> None:
        super().__init__(store, uow)
        self.team = TeamRepo(store, uow)
        self._card_cache: dict[tuple, Card] = {}
        self.last_change: BoardUndo | None = None  # this process's, for ctrl+z

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

    # -- the aggregate: every rule of the board lives in ritual/board.py ---------------------

    def act(
        self,
        op: Callable[[Board], T],
        card_ids: Iterable[int] = (),
        cards_where: Callable[[Mapping[str, Any]], bool] | None = None,
    ) -> T:
        """Load the board (all iterations, the cards named or matching ``cards_where``) in
        one unit of work, apply ``op`` and write back exactly what it changed."""
        with self._tx() as tx:
            iterations = [to_obj(Iteration, d) for d in tx.all(ITERATIONS)]
            docs = tx.find(CARDS, cards_where) if cards_where else []
            for card_id in card_ids:
                doc = tx.get(CARDS, card_id)
                if doc is not None:
                    docs.append(doc)
            cards = [_card_from_stored(d["id"], d) for d in docs]
            settings = {it.id: _settings_of(it) for it in iterations}
            board = Board(iterations, cards, tx.user, tx.now)
            result = op(board)
            self._write(tx, board, settings)
        return result

    def _write(
        self, tx: Any, board: Board, settings: dict[int, dict[str, Any]] | None = None
    ) -> None:
        undo = BoardUndo(tx.user)
        for it_id in sorted(board.changed_iterations):
            doc = tx.patch(ITERATIONS, it_id, to_doc(board.iterations[it_id])).doc
            old = (settings or {}).get(it_id, {})
            new = _settings_of(board.iterations[it_id])
            edited = {k: v for k, v in old.items() if new[k] != v}
            if edited and not board.card_changes and not board.removed_cards:
                undo.iterations[it_id] = (edited, doc.get("rev"))
        for card_id, changes in board.card_changes.items():
            if card_id not in board.removed_cards:
                doc = tx.patch(CARDS, card_id, changes).doc
                undo.cards[card_id] = (board.card_before.get(card_id, {}), doc.get("rev"))
                card = board.cards.get(card_id)
                if card is not None:  # what the operation returns carries the new revision
                    card.rev, card.updated_by = doc.get("rev", card.rev), tx.user
                    card.updated_at = doc.get("updated_at", card.updated_at)
        for card_id in board.removed_cards:
            doc = tx.get(CARDS, card_id)
            if doc is not None:
                undo.deleted.append({k: v for k, v in doc.items() if k in STORED_CARD_FIELDS})
            tx.delete(CARDS, card_id)
        if undo.cards or undo.deleted or undo.iterations:
            self.last_change = undo

    def undo(self, change: BoardUndo | None = None) -> str:
        """Undo this process's last card change (a move, plan in/out, block, delete, an edit)
        or iteration setting as a new change; refused, with nothing written, when someone
        changed that card or iteration since."""
        change = change or self.last_change
        if change is None:
            raise RitualError(_("nothing to undo: you have changed nothing on the board yet."))
        ids = list(change.cards)
        with self._tx() as tx:
            for it_id, (_fields, rev) in change.iterations.items():
                doc = tx.get(ITERATIONS, it_id)
                if doc is None:
                    raise RitualError(_("that iteration was deleted since: nothing undone."))
                if doc.get("rev") != rev:
                    raise RitualError(
                        _(
                            "{who} changed iteration {name} since your change: nothing undone."
                        ).format(
                            who=doc.get("updated_by") or _("someone"), name=shown(doc.get("name"))
                        )
                    )
            for card_id, (_fields, rev) in change.cards.items():
                doc = tx.get(CARDS, card_id)
                if doc is None:
                    raise RitualError(
                        _("card {id} was deleted since: nothing undone.").format(id=card_id)
                    )
                if doc.get("rev") != rev:
                    who = doc.get("updated_by") or _("someone")
                    raise RitualError(
                        _("{who} changed card {id} since your change: nothing undone.").format(
                            who=who, id=card_id
                        )
                    )
            iterations = [to_obj(Iteration, d) for d in tx.all(ITERATIONS)]
            docs = [d for d in (tx.get(CARDS, i) for i in ids) if d is not None]
            board = Board(
                iterations, [_card_from_stored(d["id"], d) for d in docs], tx.user, tx.now
            )
            for card_id, (before, _rev) in change.cards.items():
                board.restore(card_id, before)
            for stored in change.deleted:  # a deleted card comes back (with a new id)
                board.added(to_obj(Card, tx.insert(CARDS, stored)), "undo")
            for it_id, (before, _rev) in change.iterations.items():
                it = board.iteration(it_id)
                for key, value in before.items():
                    setattr(it, key, _copied(value))
                board.changed_iterations.add(it_id)
            self._write(tx, board)
        self.last_change = None
        if change.iterations and not (change.cards or change.deleted):
            return _("undone: the iteration's settings are back as before your change.")
        n = len(change.cards) + len(change.deleted)
        return ngettext(
            "undone: {n} card change put back.", "undone: {n} card changes put back.", n
        ).format(n=n)

    def _today(self) -> Date:
        return team_today(self.store.clock, self.team.team().timezone)

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
        return self._add_iteration(name, start, end, goal, capacity, wip_limits, state)

    def _add_iteration(self, *args: Any, **kwargs: Any) -> Iteration:
        with self._tx() as tx:
            board = Board([to_obj(Iteration, d) for d in tx.all(ITERATIONS)], [], tx.user, tx.now)
            it = board.add_iteration(*args, **kwargs)
            doc = tx.insert(ITERATIONS, to_doc(it))
        return to_obj(Iteration, doc)

    def close_iteration(self, iteration_id: int, unfinished_to: str = "backlog") -> int:
        """Close an iteration (ritual.board.Board.close says what moves where). Returns the
        number of unfinished cards moved."""
        today = self._today()
        return self.act(
            lambda b: b.close(iteration_id, today, unfinished_to),
            cards_where=lambda d: _iteration_of(d) == iteration_id,
        )

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
        return self._add_iteration(name, start, end, goal, capacity, wip_limits, None)

    def next_iteration(self) -> Iteration | None:
        """The earliest planned iteration: where unfinished cards can move on closing."""
        planned = [i for i in self.iterations() if i.state == "planned"]
        return planned[0] if planned else None

    def update_iteration(self, iteration_id: int, **changes: Any) -> Iteration:
        with self._tx() as tx:
            doc = tx.patch(ITERATIONS, iteration_id, changes).doc
        return to_obj(Iteration, doc)

    def set_goal(self, iteration_id: int, goal: str) -> Iteration:
        goal = check_iteration_goal(goal)

        def op(board: Board) -> Iteration:
            it = board.iteration(iteration_id)
            it.goal = goal
            board.changed_iterations.add(it.id)
            return it

        return self.act(op)

    def set_wip_limit(self, iteration_id: int, column: Column, limit: int | None) -> Iteration:
        return self.act(lambda b: b.set_wip_limit(iteration_id, column, limit))

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
            raise RitualError(_("there is no card {card_id}.").format(card_id=card_id))
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
        reason = str(extra.pop("reason", ""))
        with self._tx() as tx:
            if source_key:
                for d in tx.find(CARDS, lambda d: d.get("source_key") == source_key):
                    return to_obj(Card, d)
            board = Board([to_obj(Iteration, d) for d in tx.all(ITERATIONS)], [], tx.user, tx.now)
            col, it_id = board.place(col, iteration_id)
            card = Card(0, title, col, it_id, assignee=assignee, points=pts, priority=prio)
            for k, v in extra.items():
                setattr(card, k, v)
            card.column_since = tx.now
            if card.blocked and not card.blocked_since:
                card.blocked_since = tx.now
            if col is Column.DONE and not card.done_at:
                card.done_at = tx.now
            doc = tx.insert(CARDS, to_doc(card))
            board.added(to_obj(Card, doc), reason)
            self._write(tx, board)
        return to_obj(Card, doc)

    def board_cards(self, iteration_id: int | None) -> list[Card]:
        """What the board shows: the iteration's cards and the product backlog.

        Called on every change of the file, so it stays cheap at 10,000 documents: a card
        whose revision this repository already built is reused without copying its document
        (the board treats cards as read-only)."""
        cache, fresh = self._card_cache, {}

        def pick(doc_id: int, doc: Mapping[str, Any]) -> Card | None:
            # _iteration_of(doc) not in (None, iteration_id), inlined: 8,000 of 10,000 cards
            # at scale belong to other iterations and are turned away here
            it = doc.get("iteration_id")
            if (
                it is not None
                and it != iteration_id
                and (type(it) is int or as_id(it) not in (None, iteration_id))
            ):
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

    def done_points_by_iteration(self) -> dict[int, int]:
        """Points done per iteration, without building a card per document (the plan screen
        asks for the velocity of every past iteration on each change of the file)."""

        def pick(_: int, doc: Mapping[str, Any]) -> tuple[int, int] | None:
            it, pts = doc.get("iteration_id"), doc.get("points")
            if type(it) is not int or doc.get("column") != "done" or type(pts) is not int:
                return None
            return it, pts

        out: dict[int, int] = {}
        for it, pts in self.store.scan(CARDS, pick):
            out[it] = out.get(it, 0) + pts
        return out

    def plan_cards(self, iteration_id: int | None) -> tuple[list[Card], list[Card]]:
        """(the product backlog, the iteration's cards), each in the board's order."""
        cards = self.board_cards(iteration_id)
        backlog = sorted((c for c in cards if c.iteration_id is None), key=card_order)
        sprint = sorted(
            (c for c in cards if iteration_id is not None and c.iteration_id == iteration_id),
            key=card_order,
        )
        return backlog, sprint

    def move_card(self, card_id: int, column: Column | str, reason: str = "") -> Card:
        """Move a card to a column; a product-backlog card leaving the backlog joins the
        current iteration, a card put in the backlog leaves its iteration. Two people moving
        one card at once: the later move wins, whole."""
        col = Column.parse(column) if isinstance(column, str) else column
        return self.act(lambda b: b.move(card_id, col, reason), card_ids=[card_id])

    def plan_card(self, card_id: int, iteration_id: int | None, reason: str = "") -> Card:
        """Into an iteration (its To do), or back to the product backlog with None."""
        if iteration_id is None:
            return self.act(lambda b: b.to_backlog(card_id, reason), card_ids=[card_id])
        return self.act(lambda b: b.plan(card_id, iteration_id, reason=reason), card_ids=[card_id])

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
        column = Column.parse(str(changes.pop("column"))) if "column" in changes else None
        base = to_doc(before)
        with self._tx() as tx:
            old = tx.get(CARDS, before.id) or {}
            result: PatchResult = tx.patch(
                CARDS, before.id, changes, base=base, text_fields=CARD_TEXT_FIELDS
            )
            user = tx.user
        # What ctrl+z puts back: the fields this edit changed, as they were stored before it.
        edited = {
            k: _copied(old.get(k))
            for k in changes
            if k in STORED_CARD_FIELDS and old.get(k) != result.doc.get(k)
        }
        if edited:
            self.last_change = BoardUndo(user, {before.id: (edited, result.doc.get("rev"))})
        if column is not None and column is not before.column:
            moved = self.move_card(before.id, column)
            change = self.last_change
            if edited and change is not None and before.id in change.cards:
                fields, rev = change.cards[before.id]  # the edit and its move: one undo
                change.cards[before.id] = ({**fields, **edited}, rev)
            return CardEdit(moved, result.conflicts)
        return CardEdit(to_obj(Card, result.doc), result.conflicts)

    def delete_card(self, card_id: int, reason: str = "") -> None:
        self.act(lambda b: b.delete(card_id, reason), card_ids=[card_id])

    def rank_card(self, card_id: int, by: int) -> Card:
        """Move a product-backlog card ``by`` places (negative: up), in one unit of work
        with the whole backlog loaded, so two people ranking at once both land."""
        return self.act(
            lambda b: b.rank(card_id, by), cards_where=lambda d: _iteration_of(d) is None
        )

    def set_away(self, iteration_id: int, member: str, days: int) -> Iteration:
        """A member's days off in an iteration (``member``: a name or login as typed), kept
        by the member's id: a rename keeps them."""
        who = find_member(self.team.members(), member)
        team = self.team.members(include_inactive=True)
        return self.act(lambda b: b.set_away(iteration_id, who, days, team))

    def member_renamed(self, member: Member) -> None:
        """Before ``member`` (as stored, with their old name) is renamed: their days off kept
        by name (an older version's) move to their id. TeamRepo.edit_member calls it in its
        unit of work."""
        self.act(lambda b: b.member_renamed(member))

    def set_focus(self, iteration_id: int, percent: int | None) -> Iteration:
        return self.act(lambda b: b.set_focus(iteration_id, percent))

    def set_blocked(self, card_id: int, blocked: bool, reason: str = "") -> Card:
        return self.act(lambda b: b.set_blocked(card_id, blocked, reason), card_ids=[card_id])

    def clear_conflicts(self, card_id: int) -> Card:
        """Forget a card's conflict copies once someone has read them."""
        with self._tx() as tx:
            tx.clear_conflicts(CARDS, card_id)
            doc = tx.get(CARDS, card_id)
        if doc is None:
            raise RitualError(_("there is no card {card_id}.").format(card_id=card_id))
        return to_obj(Card, doc)

    # -- import and links -------------------------------------------------------------------

    def import_cards(self, rows: list[ImportRow]) -> list[tuple[ImportRow, int, bool]]:
        """Cards from a tracker's export into the product backlog, in one unit of work: all
        or none. A row whose source key a card already holds is not added again. Returns
        (row, card id, whether it was new) per row."""
        out: list[tuple[ImportRow, int, bool]] = []
        with self.store.transaction() as tx:
            known = {
                d.get("source_key"): d["id"]
                for d in tx.find(CARDS, lambda d: bool(d.get("source_key")))
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
                raise RitualError(_("there is no card {card_id}.").format(card_id=card_id))
            links = [x for x in doc.get("links", []) if isinstance(x, str)]
            if url not in links:
                doc = tx.patch(CARDS, card_id, {"links": [*links, url]}).doc
        return to_obj(Card, doc)

    def add_comment(self, card_id: int, text: str) -> Card:
        """A line on a card's history (a commit that named it), by the store's user."""
        text = check_text(text, "card.comment", _("a comment needs text."))
        with self.store.transaction() as tx:
            doc = tx.get(CARDS, card_id)
            if doc is None:
                raise RitualError(_("there is no card {card_id}.").format(card_id=card_id))
            notes = [x for x in doc.get("comments", []) if isinstance(x, dict)]
            note = {"by": tx.user, "at": tx.now, "text": text}
            doc = tx.patch(CARDS, card_id, {"comments": [*notes, note]}).doc
        return to_obj(Card, doc)
