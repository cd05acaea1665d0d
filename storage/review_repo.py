"""Reviews, their agenda items and action items, as the review screens and the CLI need them.

The rules live in the aggregate (ritual.review_meeting.ReviewMeeting); this module only loads
it, applies one operation inside one unit of work (:meth:`ReviewRepo.act`) and writes back what
the operation changed. Edits carry the item as the caller last saw it, so the aggregate can
merge a multi-line text someone else changed meanwhile and report the real conflicts.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ritual.due_dates import parse_due, parse_when
from ritual.errors import RitualError
from ritual.i18n import _
from ritual.iteration import Card
from ritual.record import RECORD_FIELDS
from ritual.review import (
    ActionItem,
    Review,
    ReviewItem,
    Status,
    approved_items,
    check_action_text,
    check_decision,
    check_item_text,
    check_review_title,
    item_key,
    parse_item_key,
)
from ritual.review_history import changed_since_approved, offers_rereview
from ritual.review_meeting import UNDOABLE_FIELDS, Conflict, ReviewMeeting, check_item_fields
from ritual.review_poker import DEFAULT_SCALE, PokerRound, new_salt, seal
from ritual.team import find_member
from ritual.text import one_line
from storage.board_repo import BoardRepo
from storage.errors import ConflictNote
from storage.mapping import as_id, to_doc, to_obj
from storage.patching import copy_value
from storage.private_votes import PrivateVotes
from storage.store import Store, Transaction
from storage.team_repo import TeamRepo
from storage.unit_of_work import Repository, UnitOfWork

REVIEWS, ITEMS, ACTIONS = "reviews", "review_items", "review_actions"
T = TypeVar("T")


@dataclass
class ItemEdit:
    item: ReviewItem
    conflicts: list[ConflictNote]

    @property
    def offers_rereview(self) -> bool:
        """Acceptance criteria changed after approval: offer ReviewRepo.rereview."""
        return offers_rereview(self.item)


@dataclass
class ReviewUndo:
    """What puts a decision or an agreed estimate back: per item, the fields it changed before
    and after it, and the item's revision after it (a later one by someone else, or another
    value in one of those fields, means someone changed the item since)."""

    user: str
    review_id: int
    items: dict[int, tuple[dict[str, Any], dict[str, Any], Any]] = field(default_factory=dict)


def _undo_of(user: str, m: ReviewMeeting, before: dict) -> ReviewUndo:
    undo = ReviewUndo(user, m.review.id)
    for item in m.items:
        if (ITEMS, item.id) not in before:
            continue
        old, new = before[(ITEMS, item.id)][0], to_doc(item)
        keys = [k for k in UNDOABLE_FIELDS if old.get(k) != new.get(k)]
        if keys:
            undo.items[item.id] = (
                {k: old.get(k) for k in keys},
                copy.deepcopy({k: new.get(k) for k in keys}),
                item.rev,
            )
    return undo


@dataclass
class _Context:
    """What an operation may know about the unit of work it runs in."""

    now: str
    user: str


def _notes(conflicts: list[Conflict]) -> list[ConflictNote]:
    return [ConflictNote(c.field, c.text, c.by, c.at) for c in conflicts]


def _of(doc: Mapping[str, Any], review_id: int) -> bool:
    """The record belongs to the review (a review id written as text counts too)."""
    return as_id(doc.get("review_id")) == review_id


def _load(tx: Transaction, review_id: int) -> ReviewMeeting:
    doc = tx.get(REVIEWS, review_id)
    if doc is None:
        raise RitualError(
            _("there is no review {review_id}: see 'ritual review list'.").format(
                review_id=review_id
            )
        )
    items = [to_obj(ReviewItem, d) for d in tx.find(ITEMS, lambda d: _of(d, review_id))]
    actions = [to_obj(ActionItem, d) for d in tx.find(ACTIONS, lambda d: _of(d, review_id))]
    return ReviewMeeting(to_obj(Review, doc), items, actions)


def _snapshot(m: ReviewMeeting) -> dict[tuple[str, int], tuple[dict[str, Any], list[dict]]]:
    """Deep copies: an operation may change nested lists and dicts in place."""
    out = {(REVIEWS, m.review.id): (to_doc(m.review), m.review.conflicts)}
    for table, objs in ((ITEMS, m.items), (ACTIONS, m.actions)):
        for o in objs:
            out[(table, o.id)] = (to_doc(o), o.conflicts)
    return copy.deepcopy(out)


def _save(tx: Transaction, m: ReviewMeeting, before: dict) -> None:
    """Write what the operation changed: new records, changed fields, removed items."""
    for item_id in m.deleted_items:
        tx.delete(ITEMS, item_id)
    pairs: list[tuple[str, Review | ReviewItem | ActionItem]] = [
        (REVIEWS, m.review),
        *((ITEMS, i) for i in m.items),
        *((ACTIONS, a) for a in m.actions),
    ]
    for table, obj in pairs:
        doc = to_doc(obj)
        if obj.id == 0:
            obj.id = tx.insert(table, doc)["id"]
        else:
            old_doc, old_conflicts = before[(table, obj.id)]
            changes = {k: v for k, v in doc.items() if old_doc.get(k) != v}
            if changes:
                tx.patch(table, obj.id, changes)
            if obj.conflicts != old_conflicts:
                tx.set_conflicts(table, obj.id, obj.conflicts)
        stored = tx.get(table, obj.id) or {}
        for k in RECORD_FIELDS:
            if k in stored:
                setattr(obj, k, stored[k])


_serials = itertools.count(1)  # of review listings, across stores: never handed out twice
_KEPT_CHANGES = 16  # a listing tells what changed over its last 16 versions


@dataclass(frozen=True, eq=False)
class ReviewListing:
    """What the review list shows, made once per version of the records (Store.derived; in
    the app, by the thread that re-read the file or wrote it): the reviews in their order,
    each one's agenda counts (decided items, items), and which reviews changed lately, so a
    list that showed an earlier listing redoes only those rows (issue 17). Read-only: shared
    by every caller; a review whose stored fields did not change is the same object as in the
    listing before, and a version that changed nothing the list shows keeps the listing."""

    reviews: tuple[Review, ...]
    counts: Mapping[int, tuple[int, int]]
    serial: int  # unique in the process, larger for a later listing
    # (serial, ids of the reviews whose fields or counts changed in that listing), oldest first
    changes: tuple[tuple[int, frozenset[int]], ...]
    order: tuple[int, ...]  # the reviews' ids in the list's order
    by_id: Mapping[int, tuple[dict[str, Any], Review]] = field(repr=False)  # fields read, Review
    since: int = 0  # the serial of the listing the first of ``changes`` was made from

    def review(self, review_id: int) -> Review | None:
        known = self.by_id.get(review_id)
        return known[1] if known is not None else None

    def changed_since(self, shown: ReviewListing) -> frozenset[int] | None:
        """The ids of the reviews whose fields or counts changed since ``shown`` (a listing
        made before this one): empty for the same listing; None when the list's order
        changed (a review added, removed or moved) or ``shown`` is too old to tell."""
        if shown is self:
            return frozenset()
        if self.order != shown.order:
            return None
        changed: set[int] = set()
        found = shown.serial == self.since
        for serial, ids in self.changes:
            if found:
                changed |= ids
            found = found or serial == shown.serial
        # not found: made from other data (a re-read while it was made), or forgotten
        return frozenset(changed) if found else None


def _count_items(store: Store) -> dict[int, tuple[int, int]]:
    """Per review, (decided items, items), in one pass over the stored items."""

    def read(_: int, doc: Any) -> tuple[int | None, bool]:
        decision = doc.get("decision")
        return as_id(doc.get("review_id")), bool(isinstance(decision, str) and decision)

    counts: dict[int, tuple[int, int]] = {}
    for review_id, decided in store.scan(ITEMS, read):  # nothing copied
        if review_id is not None:
            done, total = counts.get(review_id, (0, 0))
            counts[review_id] = (done + decided, total + 1)
    return counts


def _review_listing(store: Store, previous: ReviewListing | None) -> ReviewListing:
    """Store.derived's build of :meth:`ReviewRepo.review_listing`."""
    seen = previous.by_id if previous is not None else {}
    fresh: dict[int, tuple[dict[str, Any], Review]] = {}
    changed: set[int] = set()

    def read(doc_id: int, doc: Mapping[str, Any]) -> None:
        known = seen.get(doc_id)
        if known is not None and known[0] == doc:
            fresh[doc_id] = known
        else:
            fields = copy_value(dict(doc))  # nothing shared with the records or the Review
            fresh[doc_id] = (fields, to_obj(Review, {**copy_value(fields), "id": doc_id}))
            changed.add(doc_id)

    store.scan(REVIEWS, read)
    counts = _count_items(store)
    reviews = tuple(sorted((r for _, r in fresh.values()), key=lambda r: (r.when, r.id)))
    order = tuple(r.id for r in reviews)
    if previous is None:
        serial = next(_serials)
        return ReviewListing(reviews, counts, serial, (), order, fresh, serial)
    changed.update(k for k in fresh if counts.get(k) != previous.counts.get(k))
    if not changed and order == previous.order:
        return previous  # nothing the list shows changed
    serial, since = next(_serials), previous.since
    changes = (*previous.changes, (serial, frozenset(changed)))
    if len(changes) > _KEPT_CHANGES:
        since, changes = changes[0][0], changes[1:]
    return ReviewListing(reviews, counts, serial, changes, order, fresh, since)


class ReviewRepo(Repository):
    def __init__(
        self,
        store: Store,
        uow: UnitOfWork | None = None,
        private_votes: PrivateVotes | None = None,
    ) -> None:
        super().__init__(store, uow)
        self.team = TeamRepo(store, uow)
        self._private_votes = private_votes
        self.last_change: ReviewUndo | None = None  # this process's, for ctrl+z

    @property
    def timezone(self) -> str:
        return self.team.team().timezone

    def _member(self, name: str) -> str:
        """The canonical name of a team member, "" for nobody."""
        name = one_line(name)
        return find_member(self.team.members(), name).name if name else ""

    # -- reviews ----------------------------------------------------------------------------

    def reviews(self) -> list[Review]:
        out = [to_obj(Review, d) for d in self.store.all(REVIEWS)]
        return sorted(out, key=lambda r: (r.when, r.id))

    def review_list(self) -> list[Review]:
        """The reviews in :meth:`reviews`' order, for a list that is read again after every
        change: made once per version of the records (in the app, by the thread that re-read
        the file or wrote it), and a review whose stored fields did not change is the same
        object as before (read-only: shared by every caller), so a screen rebuilds only the
        rows of the reviews that changed (issue 17: reading 300 reviews cost 22 ms)."""
        return list(self.review_listing().reviews)

    def review_listing(self) -> ReviewListing:
        """The reviews, their agenda counts and what changed lately (see ReviewListing)."""
        return self.store.derived(_review_listing)

    def review(self, review_id: int) -> Review:
        doc = self.store.get(REVIEWS, review_id)
        if doc is None:
            raise RitualError(
                _("there is no review {review_id}: see 'ritual review list'.").format(
                    review_id=review_id
                )
            )
        return to_obj(Review, doc)

    def running(self) -> Review | None:
        return next((r for r in self.reviews() if r.status == Status.RUNNING.value), None)

    def next_planned(self, after: Review | None = None) -> Review | None:
        """The first planned review (after ``after``'s date when given)."""
        for r in self.reviews():
            if r.status != Status.PLANNED.value or (after is not None and r.id == after.id):
                continue
            if after is None or (r.when, r.id) > (after.when, after.id):
                return r
        return None

    def create_review(
        self,
        title: str,
        when: str,
        facilitator: str = "",
        note_taker: str = "",
        attendees: list[str] | None = None,
    ) -> Review:
        """``when`` as typed ("fri 14:00"); attendees default to the whole team."""
        values = self._review_fields(title, when, facilitator, note_taker, attendees)
        with self._tx() as tx:
            doc = tx.insert(REVIEWS, to_doc(Review(0, **values)))
        return to_obj(Review, doc)

    def _review_fields(
        self,
        title: str,
        when: str,
        facilitator: str,
        note_taker: str,
        attendees: list[str] | None,
    ) -> dict[str, Any]:
        members = self.team.members()
        start = parse_when(when, self.store.clock, self.timezone)
        if attendees is None or not [a for a in attendees if a.strip()]:
            names = [m.name for m in members]
        else:
            names = []
            for a in attendees:
                if a.strip():
                    name = find_member(members, a).name
                    if name not in names:
                        names.append(name)
        return {
            "title": check_review_title(title),
            "when": start.isoformat(),
            "facilitator": self._member(facilitator),
            "note_taker": self._member(note_taker),
            "attendees": names,
        }

    def update_review(
        self,
        review_id: int,
        title: str,
        when: str,
        facilitator: str = "",
        note_taker: str = "",
        attendees: list[str] | None = None,
    ) -> Review:
        values = self._review_fields(title, when, facilitator, note_taker, attendees)

        def reschedule(m: ReviewMeeting, c: _Context) -> Review:
            for key, value in values.items():
                setattr(m.review, key, value)
            return m.review

        return self.act(review_id, reschedule)

    def delete_review(self, review_id: int) -> None:
        with self._tx() as tx:
            if not tx.delete(REVIEWS, review_id):
                raise RitualError(_("there is no review {review_id}.").format(review_id=review_id))
            for table in (ITEMS, ACTIONS):
                for d in tx.find(table, lambda d: _of(d, review_id)):
                    tx.delete(table, d["id"])

    # -- one unit of work ------------------------------------------------------------------

    def act(self, review_id: int, op: Callable[[ReviewMeeting, _Context], T]) -> T:
        """Apply ``op(meeting, context)`` to review ``review_id`` in one unit of work: the
        freshest meeting is loaded, the operation applied and what it changed written back."""
        with self._tx() as tx:
            meeting = _load(tx, review_id)
            before = _snapshot(meeting)
            result = op(meeting, _Context(tx.now, tx.user))
            _save(tx, meeting, before)
            undo = _undo_of(tx.user, meeting, before)
        if undo.items:
            self.last_change = undo
        return result

    def undo(self, change: ReviewUndo | None = None) -> str:
        """Undo this process's last decision or agreed estimate as a new change; refused, with
        nothing written, when someone changed that item since (or it was removed)."""
        change = change or self.last_change
        if change is None:
            raise RitualError(_("nothing to undo: you have decided nothing here yet."))
        titles: list[str] = []

        def put_back(m: ReviewMeeting, c: _Context) -> None:
            for item_id, (old, new, rev) in change.items.items():
                item = next((i for i in m.items if i.id == item_id), None)
                if item is None:
                    raise RitualError(_("that agenda item was removed since: nothing undone."))
                now = to_doc(item)
                by_other = item.rev != rev and item.updated_by != c.user
                if by_other or any(now.get(k) != v for k, v in new.items()):
                    raise RitualError(
                        _(
                            "{who} changed the item {title} since your change: nothing undone."
                        ).format(who=item.updated_by or _("someone"), title=one_line(item.title))
                    )
                m.restore_item(item_id, old)
                titles.append(one_line(item.title))

        self.act(change.review_id, put_back)
        self.last_change = None
        return _("undone: your last change to {titles}.").format(titles=", ".join(titles))

    def _review_of_item(self, item_id: int) -> int:
        doc = self.store.get(ITEMS, item_id)
        if doc is None:
            raise RitualError(
                _("there is no agenda item {item_id} (it may have been removed).").format(
                    item_id=item_id
                )
            )
        return int(doc["review_id"])

    def _edit(
        self, before: ReviewItem, op: Callable[[ReviewMeeting, _Context], list[Conflict]]
    ) -> ItemEdit:
        def run(m: ReviewMeeting, ctx: _Context) -> ItemEdit:
            if not any(i.id == before.id for i in m.items):
                raise RitualError(
                    _("agenda item {title!r} was removed meanwhile.").format(title=before.title)
                )
            conflicts = op(m, ctx)
            return ItemEdit(m.item(before.id), _notes(conflicts))

        if self.store.get(ITEMS, before.id) is None:
            raise RitualError(
                _("agenda item {title!r} was removed meanwhile.").format(title=before.title)
            )
        return self.act(before.review_id, run)

    # -- running the meeting ----------------------------------------------------------------

    def start(self, review_id: int, item_id: int | None = None) -> Review:
        """Status running; the clock starts on ``item_id`` (default: the first undecided)."""

        def run(m: ReviewMeeting, c: _Context) -> Review:
            m.start(c.now, item_id)
            return m.review

        return self.act(review_id, run)

    def go_to(self, review_id: int, item_id: int) -> Review:
        """Make ``item_id`` the current item: the clock stops on the old one, starts on it."""

        def run(m: ReviewMeeting, c: _Context) -> Review:
            m.go_to(c.now, item_id)
            return m.review

        return self.act(review_id, run)

    def step(self, review_id: int, delta: int) -> Review:
        """The next (+1) or previous (-1) item becomes current."""

        def run(m: ReviewMeeting, c: _Context) -> Review:
            m.step(c.now, delta)
            return m.review

        return self.act(review_id, run)

    def end(self, review_id: int) -> Review:

        def run(m: ReviewMeeting, c: _Context) -> Review:
            m.end(c.now)
            return m.review

        return self.act(review_id, run)

    # -- agenda items -----------------------------------------------------------------------

    def items(self, review_id: int) -> list[ReviewItem]:
        docs = self.store.find_by(ITEMS, "review_id", review_id, as_id)
        items = [to_obj(ReviewItem, d) for d in docs]
        return sorted(items, key=lambda i: (i.position, i.id))

    def agenda_counts(self) -> dict[int, tuple[int, int]]:
        """Per review, (decided items, items): the review list's column, counted in one pass
        over the stored items once per version of the records, not on every reload
        (issue 17). Read-only: shared by every caller."""
        return dict(self.review_listing().counts)

    def item(self, item_id: int) -> ReviewItem:
        doc = self.store.get(ITEMS, item_id)
        if doc is None:
            raise RitualError(
                _("there is no agenda item {item_id} (it may have been removed).").format(
                    item_id=item_id
                )
            )
        return to_obj(ReviewItem, doc)

    def add_item(self, review_id: int, title: str, **fields: Any) -> ReviewItem:
        values = check_item_fields({"title": title, **fields})
        return self.act(review_id, lambda m, c: m.add_item(values))

    def edit_item(self, before: ReviewItem, **changes: Any) -> ItemEdit:
        """Change the requirement's parts of an item as the caller last saw it (``before``)."""
        values = check_item_fields(changes)
        return self._edit(before, lambda m, c: m.edit_item(before, values, c.user, c.now))

    def save_notes(self, before: ReviewItem, notes: str) -> ItemEdit:
        """The discussion notes, merged line by line with anyone else's saved meanwhile."""
        text = check_item_text("notes", notes).rstrip()
        return self._edit(before, lambda m, c: m.edit_item(before, {"notes": text}, c.user, c.now))

    def decide(
        self,
        before: ReviewItem,
        decision: str,
        rationale: str = "",
        estimate: str | int | None = None,
        difficulty: str | int | None = None,
        feasibility: str | int | None = None,
        owner: str = "",
    ) -> ItemEdit:
        """Record the decision; Deferred and Rejected are refused without a rationale."""
        d = check_decision(decision, rationale, estimate, difficulty, feasibility, owner)
        owner_name = self._member(d.owner)
        return self._edit(before, lambda m, c: m.decide(before, d, owner_name, c.user, c.now))

    def resolve_conflicts(self, item_id: int, merge: bool) -> ReviewItem:
        """Merge the other people's texts beside ours (multi-line fields; a title or link is
        only dismissed) or dismiss them, and forget the conflict copies."""
        review_id = self._review_of_item(item_id)

        def run(m: ReviewMeeting, c: _Context) -> ReviewItem:
            m.resolve_conflicts(item_id, merge)
            return m.item(item_id)

        return self.act(review_id, run)

    def move_item(self, item_id: int, step: int) -> None:
        """Swap the item with its neighbour above (-1) or below (+1)."""
        self.act(self._review_of_item(item_id), lambda m, c: m.move_item(item_id, step))

    def delete_item(self, item_id: int) -> None:
        self.act(self._review_of_item(item_id), lambda m, c: m.delete_item(item_id))

    # -- action items -----------------------------------------------------------------------

    def actions(self, review_id: int | None = None, open_only: bool = False) -> list[ActionItem]:
        out = [
            to_obj(ActionItem, d)
            for d in self.store.all(ACTIONS)
            if review_id is None or _of(d, review_id)
        ]
        if open_only:
            out = [a for a in out if not a.done]
        return sorted(out, key=lambda a: (a.owner.casefold(), a.due or "9999", a.id))

    def add_action(
        self,
        review_id: int,
        text: str,
        owner: str = "",
        due: str = "",
        item_id: int | None = None,
    ) -> ActionItem:
        """``due`` as typed: "2026-12-01", "fri", "+3d" ... in the team's time zone."""
        text = check_action_text(text)
        day = parse_due(due, self.store.clock, self.timezone)
        action = ActionItem(
            0, review_id, text, item_id, self._member(owner), day.isoformat() if day else ""
        )
        return self.act(review_id, lambda m, c: m.add_action(action))

    def set_action_done(self, action_id: int, done: bool) -> ActionItem:
        doc = self.store.get(ACTIONS, action_id)
        if doc is None:
            raise RitualError(_("there is no action item {action_id}.").format(action_id=action_id))
        return self.act(doc["review_id"], lambda m, c: m.set_action_done(action_id, done, c.now))

    # -- after the meeting ------------------------------------------------------------------

    def cards_from_approved(self, review_id: int, board: BoardRepo | None = None) -> list[Card]:
        """A backlog card per approved item, all in one transaction; an item that already has
        its card keeps it. (``board`` is accepted for older callers and not needed.)"""
        with self._unit() as uow:
            active = {m.name for m in uow.team.members()}
            cards = []
            for item in approved_items(uow.review.items(review_id)):
                cards.append(
                    uow.board.add_card(
                        item.title,
                        column="backlog",
                        iteration_id=None,
                        points=item.estimate,
                        assignee=item.owner if item.owner in active else None,
                        source=f"review {review_id} item {item.id}",
                        source_key=item_key(review_id, item.id),
                    )
                )
        return cards

    def source_changed(self, source_key: str) -> ReviewItem | None:
        """The approved item a card was made from (its ``source_key``) when the requirement
        changed after its approval, else None: the card's flag is derived from the item, so
        it can never disagree with it (``ritual review diff`` shows what changed)."""
        ids = parse_item_key(source_key)
        if ids is None:
            return None
        doc = self.store.get(ITEMS, ids[1])
        if doc is None or as_id(doc.get("review_id")) != ids[0] or not doc.get("baseline"):
            return None
        item = to_obj(ReviewItem, doc)
        return item if changed_since_approved(item) else None

    def agenda_number(self, item: ReviewItem) -> int:
        """The item's number on its review's agenda (1, 2 ...), as 'ritual review diff' takes."""
        ids = [i.id for i in self.items(item.review_id)]
        return ids.index(item.id) + 1 if item.id in ids else 0

    def changed_source_keys(self) -> set[str]:
        """The ``source_key`` of every approved item changed since its approval: the board
        marks the cards made from them (one pass, only items with a baseline are read)."""

        def read(item_id: int, doc: Any) -> str | None:
            review_id = as_id(doc.get("review_id"))
            if not doc.get("baseline") or review_id is None:
                return None
            item = to_obj(ReviewItem, {**doc, "id": item_id})
            return item_key(review_id, item_id) if changed_since_approved(item) else None

        return set(self.store.scan(ITEMS, read))

    def carried_into(self, review_id: int) -> str:
        """The review this one's items were carried into, as "<title> (<date>)", or ""."""
        prefix = f"review:{review_id}:item:"
        for item in (to_obj(ReviewItem, d) for d in self.store.all(ITEMS)):
            if item.carried_key.startswith(prefix) and item.review_id != review_id:
                doc = self.store.get(REVIEWS, item.review_id)
                if doc is None:
                    continue  # carried into a review since deleted (or a hand edit)
                target = to_obj(Review, doc)
                return f"{target.title} ({target.date_label(self.timezone)})"
        return ""

    def rereview(self, item_id: int) -> tuple[Review, int]:
        """Put an (approved, since changed) item on the next planned review again."""
        return self.carry_over(self._review_of_item(item_id), only=[item_id])

    def carry_over(
        self, review_id: int, target_id: int | None = None, only: list[int] | None = None
    ) -> tuple[Review, int]:
        """Carry Deferred, Needs clarification and undecided items into the next review
        (``target_id`` or the next planned one); see ReviewMeeting.carry_into. Returns the
        target and how many were added; an item already carried is not added again."""
        review = self.review(review_id)
        target = self.review(target_id) if target_id else self.next_planned(after=review)
        if target is None:
            raise RitualError(_("there is no later planned review to carry items into: plan one."))
        timezone = self.timezone
        with self._tx() as tx:
            source, into = _load(tx, review_id), _load(tx, target.id)
            before = _snapshot(into)
            added = source.carry_into(into, timezone, only)
            _save(tx, into, before)
        return into.review, added

    # -- planning poker ---------------------------------------------------------------------

    @property
    def private_votes(self) -> PrivateVotes:
        if self._private_votes is None:
            self._private_votes = PrivateVotes(user=self.store.user)
        return self._private_votes

    def poker(self, review_id: int) -> PokerRound | None:
        """The open vote of a review, as anyone may read it: who voted, never what before
        the reveal."""
        review = self.review(review_id)
        return PokerRound.from_dict(review.poker) if review.poker else None

    def _vote_key(self, review_id: int, r: PokerRound) -> str:
        where = self.store.path.resolve()
        return f"{where}|{review_id}|{r.item_id}|{r.field}|{r.round}|{self.store.user}"

    def poker_start(
        self,
        review_id: int,
        field_name: str = "estimate",
        scale: str = "",
        item_id: int | None = None,
    ) -> PokerRound:
        """A vote on the current item (or ``item_id``) on the team's scale; the caller runs it."""
        scale = scale or self.team.team().poker_scale or DEFAULT_SCALE
        return self.act(review_id, lambda m, c: m.poker_start(c.user, field_name, scale, item_id))

    def vote(self, review_id: int, value: str) -> PokerRound:
        """Cast the caller's vote: the file gets its seal, the caller's private file the vote."""
        current = self.poker(review_id)
        if current is None:
            raise RitualError(_("no vote is open: start one on the current item first (P)."))
        value = value.strip()
        if value not in current.scale:
            raise RitualError(
                _("{value!r} is not on this vote's scale: {scale}.").format(
                    value=value, scale=", ".join(current.scale)
                )
            )
        salt = new_salt()
        self.private_votes.put(self._vote_key(review_id, current), value, salt)

        def cast(m: ReviewMeeting, c: _Context) -> PokerRound:
            now = m._poker()
            if (now.item_id, now.field, now.round) != (
                current.item_id,
                current.field,
                current.round,
            ):
                raise RitualError(
                    _("the vote moved on meanwhile (a re-vote or another item): vote again.")
                )
            return m.poker_cast(c.user, seal(value, salt))

        return self.act(review_id, cast)

    def my_vote(self, review_id: int) -> str:
        """What the caller voted in the open round ("" if they have not), from their own file."""
        current = self.poker(review_id)
        if current is None or self.store.user not in current.sealed:
            return ""
        kept = self.private_votes.get(self._vote_key(review_id, current))
        return kept[0] if kept and seal(*kept) == current.sealed[self.store.user] else ""

    def reveal(self, review_id: int) -> PokerRound:
        """The facilitator reveals; the caller's own vote is opened at once."""
        self.act(review_id, lambda m, c: m.poker_reveal(c.user))
        return self.open_my_vote(review_id) or self.poker(review_id)  # type: ignore[return-value]

    def open_my_vote(self, review_id: int) -> PokerRound | None:
        """After the reveal, write the caller's value beside its seal (each app does this for
        its own voter when it sees the reveal). None when there is nothing to open."""
        current = self.poker(review_id)
        user = self.store.user
        if current is None or not current.revealed or user not in current.unopened():
            return None
        kept = self.private_votes.get(self._vote_key(review_id, current))
        if kept is None or seal(*kept) != current.sealed[user]:
            return None
        value, salt = kept
        return self.act(review_id, lambda m, c: m.poker_open(c.user, value, salt))

    def revote(self, review_id: int) -> PokerRound:
        return self.act(review_id, lambda m, c: m.poker_revote(c.user))

    def agree(self, review_id: int, value: str) -> ReviewItem:
        """The agreed value goes to the item; the votes of every round stay on it."""
        return self.act(review_id, lambda m, c: m.poker_agree(c.user, value))

    def stop_poker(self, review_id: int) -> None:
        self.act(review_id, lambda m, c: m.poker_stop(c.user))
