"""Reviews, their agenda items and action items, as the review screens and the CLI need them.

Every method is one transaction. Edits carry the item as the caller last saw it, so a text field
(notes, rationale, the requirement's parts) that someone else changed meanwhile keeps their text
as a conflict copy on the item, and the caller is told.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ritual.due_dates import parse_due, parse_when
from ritual.errors import RitualError
from ritual.iteration import Card
from ritual.review import (
    ITEM_TEXT_FIELDS,
    ActionItem,
    Review,
    ReviewItem,
    Status,
    approved_items,
    carry_candidates,
    check_action_text,
    check_decision,
    check_item_text,
    check_item_title,
    check_review_title,
    item_key,
    parse_timebox_minutes,
)
from ritual.review_time import is_open
from ritual.team import find_member
from ritual.text import one_line
from storage.board_repo import BoardRepo
from storage.errors import ConflictNote
from storage.mapping import as_id, to_doc, to_obj
from storage.store import Store, Transaction
from storage.team_repo import TeamRepo
from storage.unit_of_work import Repository, UnitOfWork

REVIEWS, ITEMS, ACTIONS = "reviews", "review_items", "review_actions"
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


@dataclass
class ItemEdit:
    item: ReviewItem
    conflicts: list[ConflictNote]


def _close_segment(tx: Transaction, item_id: int | None) -> None:
    if item_id is None:
        return
    doc = tx.get(ITEMS, item_id)
    if doc is None:
        return
    segments = [list(s) for s in doc.get("segments", [])]
    if is_open(segments):
        segments[-1] = [segments[-1][0], tx.now]
        tx.patch(ITEMS, item_id, {"segments": segments})


def _open_segment(tx: Transaction, item_id: int) -> None:
    doc = tx.get(ITEMS, item_id)
    if doc is None:
        raise RitualError(f"there is no agenda item {item_id}.")
    segments = [list(s) for s in doc.get("segments", [])]
    if not is_open(segments):
        segments.append([tx.now, ""])
        tx.patch(ITEMS, item_id, {"segments": segments})


def _position(doc: dict[str, Any]) -> int:
    """An agenda item's place; one that is not a number (a hand edit) sorts first."""
    position = doc.get("position", 0)
    return position if type(position) is int else 0


def _sorted_items(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(docs, key=lambda d: (_position(d), d["id"]))


class ReviewRepo(Repository):
    def __init__(self, store: Store, uow: UnitOfWork | None = None) -> None:
        super().__init__(store, uow)
        self.team = TeamRepo(store, uow)

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

    def review(self, review_id: int) -> Review:
        doc = self.store.get(REVIEWS, review_id)
        if doc is None:
            raise RitualError(f"there is no review {review_id}: see 'ritual review list'.")
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
        with self._tx() as tx:
            doc = tx.patch(REVIEWS, review_id, values).doc
        return to_obj(Review, doc)

    def delete_review(self, review_id: int) -> None:
        with self._tx() as tx:
            if not tx.delete(REVIEWS, review_id):
                raise RitualError(f"there is no review {review_id}.")
            for table in (ITEMS, ACTIONS):
                for d in tx.find(table, lambda d: d.get("review_id") == review_id):
                    tx.delete(table, d["id"])

    # -- running the meeting ----------------------------------------------------------------

    def start(self, review_id: int, item_id: int | None = None) -> Review:
        """Status running; the clock starts on ``item_id`` (default: the first undecided)."""
        with self._tx() as tx:
            doc = tx.get(REVIEWS, review_id)
            if doc is None:
                raise RitualError(f"there is no review {review_id}.")
            items = _sorted_items(tx.find(ITEMS, lambda d: d.get("review_id") == review_id))
            if item_id is None:
                pending = [d for d in items if not d.get("decision")] or items
                item_id = pending[0]["id"] if pending else None
            changes: dict[str, Any] = {"status": Status.RUNNING.value, "current_item_id": item_id}
            if not doc.get("started_at"):
                changes["started_at"] = tx.now
            changes["ended_at"] = ""
            if item_id is not None:
                _open_segment(tx, item_id)
            doc = tx.patch(REVIEWS, review_id, changes).doc
        return to_obj(Review, doc)

    def go_to(self, review_id: int, item_id: int) -> Review:
        """Make ``item_id`` the current item: the clock stops on the old one, starts on it."""
        with self._tx() as tx:
            doc = tx.get(REVIEWS, review_id)
            if doc is None:
                raise RitualError(f"there is no review {review_id}.")
            if doc.get("status") != Status.RUNNING.value:
                raise RitualError("the review is not running: start it first (s).")
            current = doc.get("current_item_id")
            if current == item_id:
                return to_obj(Review, doc)
            _close_segment(tx, current)
            _open_segment(tx, item_id)
            doc = tx.patch(REVIEWS, review_id, {"current_item_id": item_id}).doc
        return to_obj(Review, doc)

    def step(self, review_id: int, delta: int) -> Review:
        """The next (+1) or previous (-1) item becomes current."""
        review = self.review(review_id)
        ids = [i.id for i in self.items(review_id)]
        if not ids:
            raise RitualError("the agenda is empty: add an item first (a).")
        here = ids.index(review.current_item_id) if review.current_item_id in ids else -delta
        index = max(0, min(len(ids) - 1, here + delta))
        return self.go_to(review_id, ids[index])

    def end(self, review_id: int) -> Review:
        with self._tx() as tx:
            doc = tx.get(REVIEWS, review_id)
            if doc is None:
                raise RitualError(f"there is no review {review_id}.")
            _close_segment(tx, doc.get("current_item_id"))
            changes = {"status": Status.DONE.value, "current_item_id": None, "ended_at": tx.now}
            doc = tx.patch(REVIEWS, review_id, changes).doc
        return to_obj(Review, doc)

    # -- agenda items -----------------------------------------------------------------------

    def items(self, review_id: int) -> list[ReviewItem]:
        docs = self.store.find_by(ITEMS, "review_id", review_id, as_id)
        items = [to_obj(ReviewItem, d) for d in docs]
        return sorted(items, key=lambda i: (i.position, i.id))

    def item(self, item_id: int) -> ReviewItem:
        doc = self.store.get(ITEMS, item_id)
        if doc is None:
            raise RitualError(f"there is no agenda item {item_id} (it may have been removed).")
        return to_obj(ReviewItem, doc)

    def _item_fields(self, fields: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in fields.items():
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
                raise RitualError(f"{key!r} is not a part of a requirement.")
        return out

    def add_item(self, review_id: int, title: str, **fields: Any) -> ReviewItem:
        values = self._item_fields({"title": title, **fields})
        with self._tx() as tx:
            if tx.get(REVIEWS, review_id) is None:
                raise RitualError(f"there is no review {review_id}.")
            siblings = tx.find(ITEMS, lambda d: d.get("review_id") == review_id)
            position = max((_position(d) for d in siblings), default=0) + 1
            item = ReviewItem(0, review_id, values.pop("title"), position=position, **values)
            doc = tx.insert(ITEMS, to_doc(item))
        return to_obj(ReviewItem, doc)

    def edit_item(self, before: ReviewItem, **changes: Any) -> ItemEdit:
        """Change the requirement's parts of an item as the caller last saw it (``before``)."""
        return self._patch_item(before, self._item_fields(changes))

    def save_notes(self, before: ReviewItem, notes: str) -> ItemEdit:
        """The discussion notes; if someone else saved other notes meanwhile both are kept."""
        return self._patch_item(before, {"notes": check_item_text("notes", notes).rstrip()})

    def _patch_item(self, before: ReviewItem, changes: dict[str, Any]) -> ItemEdit:
        base = to_doc(before)
        with self._tx() as tx:
            if tx.get(ITEMS, before.id) is None:
                raise RitualError(f"agenda item {before.title!r} was removed meanwhile.")
            result = tx.patch(ITEMS, before.id, changes, base=base, text_fields=ITEM_TEXT_FIELDS)
        return ItemEdit(to_obj(ReviewItem, result.doc), result.conflicts)

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
        changes = {
            "decision": d.decision.value if d.decision else "",
            "rationale": d.rationale,
            "estimate": d.estimate,
            "difficulty": d.difficulty,
            "feasibility": d.feasibility,
            "owner": self._member(d.owner),
        }
        return self._patch_item(before, changes)

    def resolve_conflicts(self, item_id: int, merge: bool) -> ReviewItem:
        """Merge the other people's texts below ours (multi-line fields; a title or link is
        only dismissed) or dismiss them, and forget the conflict copies."""
        with self._tx() as tx:
            doc = tx.get(ITEMS, item_id)
            if doc is None:
                raise RitualError(f"there is no agenda item {item_id}.")
            merged: dict[str, str] = {}
            for c in doc.get("conflicts", []):
                name = c.get("field", "")
                if not merge or name not in MERGEABLE_FIELDS or not c["text"].strip():
                    continue
                mine = merged.get(name, str(doc.get(name, "")).rstrip())
                if c["text"].strip() not in mine:
                    mine = "\n\n".join(p for p in (mine, f"[{c['by']}]\n{c['text'].rstrip()}") if p)
                merged[name] = mine
            if merged:
                tx.patch(ITEMS, item_id, merged)
            tx.clear_conflicts(ITEMS, item_id)
            doc = tx.get(ITEMS, item_id) or doc
        return to_obj(ReviewItem, doc)

    def move_item(self, item_id: int, step: int) -> None:
        """Swap the item with its neighbour above (-1) or below (+1)."""
        with self._tx() as tx:
            doc = tx.get(ITEMS, item_id)
            if doc is None:
                raise RitualError(f"there is no agenda item {item_id}.")
            rid = doc["review_id"]
            items = _sorted_items(tx.find(ITEMS, lambda d: d.get("review_id") == rid))
            ids = [d["id"] for d in items]
            i = ids.index(item_id)
            j = i + step
            if not 0 <= j < len(ids):
                return
            ids[i], ids[j] = ids[j], ids[i]
            for position, iid in enumerate(ids, 1):
                tx.patch(ITEMS, iid, {"position": position})

    def delete_item(self, item_id: int) -> None:
        with self._tx() as tx:
            doc = tx.get(ITEMS, item_id)
            if doc is None:
                raise RitualError(f"there is no agenda item {item_id}.")
            review = tx.get(REVIEWS, doc["review_id"])
            if review and review.get("current_item_id") == item_id:
                tx.patch(REVIEWS, review["id"], {"current_item_id": None})
            for a in tx.find(ACTIONS, lambda d: d.get("item_id") == item_id):
                tx.patch(ACTIONS, a["id"], {"item_id": None})
            tx.delete(ITEMS, item_id)

    # -- action items -----------------------------------------------------------------------

    def actions(self, review_id: int | None = None, open_only: bool = False) -> list[ActionItem]:
        out = [
            to_obj(ActionItem, d)
            for d in self.store.all(ACTIONS)
            if review_id is None or as_id(d.get("review_id")) == review_id
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
        with self._tx() as tx:
            if tx.get(REVIEWS, review_id) is None:
                raise RitualError(f"there is no review {review_id}.")
            doc = tx.insert(ACTIONS, to_doc(action))
        return to_obj(ActionItem, doc)

    def set_action_done(self, action_id: int, done: bool) -> ActionItem:
        with self._tx() as tx:
            if tx.get(ACTIONS, action_id) is None:
                raise RitualError(f"there is no action item {action_id}.")
            changes = {"done": done, "done_at": tx.now if done else ""}
            doc = tx.patch(ACTIONS, action_id, changes).doc
        return to_obj(ActionItem, doc)

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

    def carry_over(self, review_id: int, target_id: int | None = None) -> tuple[Review, int]:
        """Copy Deferred and undecided items into the next review (``target_id`` or the next
        planned one), marked "carried from <date>". Returns the target and how many were added;
        an item already carried is not added again."""
        review = self.review(review_id)
        target = self.review(target_id) if target_id else self.next_planned(after=review)
        if target is None or target.id == review.id:
            raise RitualError("there is no later planned review to carry items into: plan one.")
        date = review.date_label(self.timezone)
        added = 0
        with self._tx() as tx:
            docs = _sorted_items(tx.find(ITEMS, lambda d: d.get("review_id") == review_id))
            there = tx.find(ITEMS, lambda d: d.get("review_id") == target.id)
            keys = {d.get("carried_key") for d in there}
            position = max((_position(d) for d in there), default=0)
            for item in carry_candidates([to_obj(ReviewItem, d) for d in docs]):
                key = item.carried_key or item_key(review_id, item.id)
                if key in keys:
                    continue
                copy = ReviewItem(
                    0,
                    target.id,
                    item.title,
                    **{k: getattr(item, k) for k in REQUIREMENT_FIELDS},
                    timebox_seconds=item.timebox_seconds,
                    notes=item.notes,
                    position=position + added + 1,
                    carried_from=date,
                    carried_key=key,
                )
                tx.insert(ITEMS, to_doc(copy))
                keys.add(key)
                added += 1
        return target, added
